/* The fd table: slots that point at open files, the lowest free first. */
#include <errno.h>
#include <vfscore/file.h>

struct vfscore_fdtable vfscore_fdtable = {
	.lock = UK_SPINLOCK_INITIALIZER(),
};

static int lowest_free(int min_fd)
{
	int fd;

	for (fd = min_fd; fd < FDTABLE_MAX_FILES; fd++) {
		if (!vfscore_fdtable.fds[fd].file &&
		    !vfscore_fdtable.fds[fd].reserved)
			return fd;
	}
	return -EMFILE;
}

/* Table lock held. */
static void slot_set(int fd, struct vfscore_file *fp, int fd_flags)
{
	struct vfscore_fd *slot = &vfscore_fdtable.fds[fd];

	if (!slot->file && fp)
		vfscore_fdtable.nr_open++;
	else if (slot->file && !fp)
		vfscore_fdtable.nr_open--;
	slot->file = fp;
	slot->flags = fd_flags;
	if (fp && fd >= vfscore_fdtable.max_fd)
		vfscore_fdtable.max_fd = fd + 1;
}

int vfscore_install_file(struct vfscore_file *fp, int min_fd, int fd_flags)
{
	unsigned long irqf;
	int fd;

	if (min_fd < 0 || min_fd >= FDTABLE_MAX_FILES)
		return -EINVAL;
	uk_spin_lock_irqsave(&vfscore_fdtable.lock, irqf);
	fd = lowest_free(min_fd);
	if (fd >= 0) {
		slot_set(fd, fp, fd_flags);
		if (fp->fd < 0)
			fp->fd = fd;
	}
	uk_spin_unlock_irqrestore(&vfscore_fdtable.lock, irqf);
	return fd;
}

struct vfscore_file *vfscore_get_file(int fd)
{
	struct vfscore_file *fp = NULL;
	unsigned long irqf;

	if (fd < 0 || fd >= FDTABLE_MAX_FILES)
		return NULL;
	uk_spin_lock_irqsave(&vfscore_fdtable.lock, irqf);
	fp = vfscore_fdtable.fds[fd].file;
	if (fp)
		vfscore_file_ref(fp);
	uk_spin_unlock_irqrestore(&vfscore_fdtable.lock, irqf);
	return fp;
}

/*
 * Puts fp (with a new reference for the slot) at fd, replacing whatever was
 * there; returns the replaced file, whose reference the caller drops, or
 * NULL. fp NULL empties the slot. The caller has checked fd's range.
 */
struct vfscore_file *vfscore_fd_replace(int fd, struct vfscore_file *fp,
					int fd_flags)
{
	struct vfscore_file *old;
	unsigned long irqf;

	if (fp)
		vfscore_file_ref(fp);
	uk_spin_lock_irqsave(&vfscore_fdtable.lock, irqf);
	old = vfscore_fdtable.fds[fd].file;
	slot_set(fd, fp, fd_flags);
	uk_spin_unlock_irqrestore(&vfscore_fdtable.lock, irqf);
	return old;
}

int vfscore_fd_flags(int fd, int set, int flags)
{
	struct vfscore_fd *slot = &vfscore_fdtable.fds[fd];
	unsigned long irqf;
	int rc;

	uk_spin_lock_irqsave(&vfscore_fdtable.lock, irqf);
	if (!slot->file) {
		rc = -EBADF;
	} else {
		if (set)
			slot->flags = flags;
		rc = slot->flags;
	}
	uk_spin_unlock_irqrestore(&vfscore_fdtable.lock, irqf);
	return rc;
}
