/* Directory entries (POSIX.1-2017 <dirent.h>, Linux's struct dirent). */
#ifndef __NOLIBC_DIRENT_H__
#define __NOLIBC_DIRENT_H__

#include <sys/types.h>

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

/* Linux's records (struct linux_dirent64) of directory fd into buf: the
 * bytes filled, 0 at the end, -1 and errno (lib/vfscore). */
long getdents64(int fd, void *buf, size_t count);

#endif /* __NOLIBC_DIRENT_H__ */
