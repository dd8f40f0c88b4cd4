/* The file-system ids (Linux <sys/fsuid.h>): the previous id back. */
#ifndef __NOLIBC_SYS_FSUID_H__
#define __NOLIBC_SYS_FSUID_H__

#include <sys/types.h>

int setfsuid(uid_t fsuid);
int setfsgid(gid_t fsgid);

#endif /* __NOLIBC_SYS_FSUID_H__ */
