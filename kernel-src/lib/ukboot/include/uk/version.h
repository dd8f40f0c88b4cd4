/* The kernel's version (Unikraft API uk/version.h). */
#ifndef _UK_VERSION_H
#define _UK_VERSION_H

/* The Unikraft release whose API the kernel follows. */
#define UK_CODENAME	"Phoebe"
#define UK_FULLVERSION	"0.10.0"

/* Prints the version line of the boot banner. */
void uk_version(void);

#endif /* _UK_VERSION_H */
