/* ioctl() and the generic requests every file takes (Linux values). */
#ifndef __SYS_IOCTL_H__
#define __SYS_IOCTL_H__

#define FIONREAD	0x541B	/* int *: bytes ready to read */
#define FIONBIO		0x5421	/* const int *: non-zero sets O_NONBLOCK */

int ioctl(int fd, unsigned long request, ...);

#endif /* __SYS_IOCTL_H__ */
