/* What the files of lib/devfs share: the table of devices. */
#ifndef __DEVFS_IMPL_H__
#define __DEVFS_IMPL_H__

#include <sys/types.h>
#include <uk/essentials.h>

/* A character device: its name under /dev, its permission bits, and what
 * a write, a read and an ioctl do (bytes moved; ioctl: 0 or an errno). */
struct devfs_device {
	const char *name;
	mode_t mode;
	ssize_t (*write)(const void *buf, size_t n);
	ssize_t (*read)(void *buf, size_t n);
	int (*ioctl)(unsigned long request, void *argp);
};

extern const struct devfs_device devfs_devices[];
extern const unsigned int devfs_device_count;

#endif /* __DEVFS_IMPL_H__ */
