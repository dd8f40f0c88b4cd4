/* Helpers vfscore's file systems use (after Unikraft's vfscore/prex.h). */
#ifndef _UK_PREX_H
#define _UK_PREX_H

#include <stddef.h>
#include <uk/essentials.h>

#define BSIZE	512	/* a block of the block-device interface */
#define DO_RDWR	0x2	/* vn_access: read and write */

/* BSD strlcpy/strlcat: copy or append within siz bytes, always
 * terminated; return the length they tried to create. */
size_t strlcpy(char *dst, const char *src, size_t siz);
size_t strlcat(char *dst, const char *src, size_t siz);
/* Ends the guest with a crash report saying why. */
void __noreturn sys_panic(const char *);

#endif /* _UK_PREX_H */
