/* mount() and umount2() (Linux <sys/mount.h>); vfscore mounts the file
 * system types libraries register (UK_FS_REGISTER) at absolute paths. */
#ifndef __SYS_MOUNT_H__
#define __SYS_MOUNT_H__

#define MS_RDONLY	1

int mount(const char *source, const char *target, const char *fstype,
	  unsigned long flags, const void *data);
int umount2(const char *target, int flags);

#endif /* __SYS_MOUNT_H__ */
