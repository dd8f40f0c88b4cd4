/* ioctl() and the generic requests every file takes (Linux values). */
#ifndef __SYS_IOCTL_H__
#define __SYS_IOCTL_H__

#define FIONREAD	0x541B	/* int *: bytes ready to read */
#define FIONBIO		0x5421	/* const int *: non-zero sets O_NONBLOCK */
#define TIOCGWINSZ	0x5413	/* struct winsize *: a terminal's size */

struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

int ioctl(int fd, unsigned long request, ...);

#endif /* __SYS_IOCTL_H__ */
