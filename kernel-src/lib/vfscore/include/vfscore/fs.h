/* File flags between open(2)'s O_* and the file layer's (after Unikraft's
 * vfscore/fs.h). */
#ifndef _VFSCORE_FS_H_
#define _VFSCORE_FS_H_

#include <fcntl.h>

#define UK_FREAD	0x0001
#define UK_FWRITE	0x0002
#define UK_ALLPERMS	07777	/* every permission and mode bit */

/* O_RDONLY/O_WRONLY/O_RDWR and the rest -> UK_FREAD|UK_FWRITE and the
 * rest, and back. */
int vfscore_fflags(int oflags);
int vfscore_oflags(int fflags);

#endif /* _VFSCORE_FS_H_ */
