/* 0.10's fd API (<vfscore/file.h>): reserving a slot first and installing
 * a file into it later, as file systems and posix-socket do. A reserved
 * slot has no file yet: lookups find nothing there, allocation skips it. */
#include <errno.h>
#include <vfscore/file.h>

#define TABLE	vfscore_fdtable

static int in_range(int fd)
{
	return fd >= 0 && fd < FDTABLE_MAX_FILES;
}

int vfscore_alloc_fd(void)
{
	unsigned long irqf;
	int fd;

	uk_spin_lock_irqsave(&TABLE.lock, irqf);
	for (fd = 0; fd < FDTABLE_MAX_FILES; fd++) {
		if (!TABLE.fds[fd].file && !TABLE.fds[fd].reserved)
			break;
	}
	if (fd < FDTABLE_MAX_FILES)
		TABLE.fds[fd].reserved = 1;
	else
		fd = -ENFILE;
	uk_spin_unlock_irqrestore(&TABLE.lock, irqf);
	return fd;
}

int vfscore_reserve_fd(int fd)
{
	unsigned long irqf;
	int rc = 0;

	if (!in_range(fd))
		return -EBADF;
	uk_spin_lock_irqsave(&TABLE.lock, irqf);
	if (TABLE.fds[fd].file || TABLE.fds[fd].reserved)
		rc = -EBUSY;
	else
		TABLE.fds[fd].reserved = 1;
	uk_spin_unlock_irqrestore(&TABLE.lock, irqf);
	return rc;
}

int vfscore_install_fd(int fd, struct vfscore_file *file)
{
	unsigned long irqf;
	int rc = 0;

	if (!in_range(fd) || !file)
		return -EBADF;
	uk_spin_lock_irqsave(&TABLE.lock, irqf);
	if (!TABLE.fds[fd].reserved || TABLE.fds[fd].file) {
		rc = -EINVAL;
	} else {
		vfscore_file_ref(file);
		TABLE.fds[fd].file = file;
		TABLE.fds[fd].flags = 0;
		TABLE.fds[fd].reserved = 0;
		TABLE.nr_open++;
		if (fd >= TABLE.max_fd)
			TABLE.max_fd = fd + 1;
		if (file->fd < 0)
			file->fd = fd;
	}
	uk_spin_unlock_irqrestore(&TABLE.lock, irqf);
	return rc;
}

int vfscore_put_fd(int fd)
{
	struct vfscore_file *fp;
	unsigned long irqf;

	if (!in_range(fd))
		return -EBADF;
	uk_spin_lock_irqsave(&TABLE.lock, irqf);
	fp = TABLE.fds[fd].file;
	if (!fp && !TABLE.fds[fd].reserved) {
		uk_spin_unlock_irqrestore(&TABLE.lock, irqf);
		return -EBADF;
	}
	if (fp)
		TABLE.nr_open--;
	TABLE.fds[fd].file = NULL;
	TABLE.fds[fd].reserved = 0;
	uk_spin_unlock_irqrestore(&TABLE.lock, irqf);
	if (fp)
		vfscore_put_file(fp);
	return 0;
}

void fhold(struct vfscore_file *fp)
{
	vfscore_file_ref(fp);
}
