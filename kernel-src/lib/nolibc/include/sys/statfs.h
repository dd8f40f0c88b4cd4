/* File system status (Linux <sys/statfs.h>, x86_64 layout). */
#ifndef __NOLIBC_SYS_STATFS_H__
#define __NOLIBC_SYS_STATFS_H__

#include <sys/types.h>

typedef struct {
	int __val[2];
} fsid_t;

struct statfs {
	long f_type;
	long f_bsize;
	unsigned long f_blocks;
	unsigned long f_bfree;
	unsigned long f_bavail;
	unsigned long f_files;
	unsigned long f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

#endif /* __NOLIBC_SYS_STATFS_H__ */
