/* Open files and the fd table (after Unikraft's vfscore/file.h, without
 * vnodes: a file is an object with operations). */
#ifndef __VFSCORE_FILE_H__
#define __VFSCORE_FILE_H__

#include <sys/types.h>
#include <sys/uio.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/mutex.h>
#include <uk/spinlock.h>

#define FDTABLE_MAX_FILES	CONFIG_LIBVFSCORE_MAX_FILES

struct vfscore_file;
struct eventpoll_cb;

/*
 * What a kind of file does. Results are 0 / bytes, or a negative errno.
 * Blocking calls block in the operation itself, unless the file has
 * O_NONBLOCK in f_flags. NULL operations: read/write -> EINVAL,
 * ioctl -> ENOTTY, poll -> the file counts as always readable and
 * writable, and epoll refuses it (EPERM).
 */
struct vfscore_file_ops {
	const char *name;	/* the kind, for people: "eventfd", "socket" */
	ssize_t (*read)(struct vfscore_file *fp, const struct iovec *iov,
			int iovcnt);
	ssize_t (*write)(struct vfscore_file *fp, const struct iovec *iov,
			 int iovcnt);
	/* the last reference is gone; free f_data */
	int (*close)(struct vfscore_file *fp);
	int (*ioctl)(struct vfscore_file *fp, unsigned long request,
		     void *argp);
	/* sets *revents (EPOLL* bits) and, given an ecb not yet registered,
	 * registers it: see vfscore/eventpoll.h */
	int (*poll)(struct vfscore_file *fp, unsigned int *revents,
		    struct eventpoll_cb *ecb);
};

/* An open file description: what fds and dup()s of them share. */
struct vfscore_file {
	const struct vfscore_file_ops *f_op;
	void *f_data;			/* the kind's own object */
	volatile int f_flags;		/* O_ACCMODE and O_NONBLOCK */
	volatile int f_count;		/* fds and calls in progress */
	unsigned long f_id;		/* serial number, 1, 2, ... */
	struct uk_list_head f_ep;	/* eventpoll_fd.f_link watching it */
	/* 0.10's members */
	int fd;				/* the fd it was installed at first, or -1 */
	off_t f_offset;			/* for file systems' read/write */
	int f_vfs_flags;		/* UK_VFSCORE_NOPOS ... */
	struct dentry *f_dentry;	/* NULL: not a file system's file */
	struct uk_mutex f_lock;		/* FD_LOCK */
};

#define UK_VFSCORE_NOPOS	0x1	/* f_vfs_flags: no file position */
#define FOF_OFFSET		0x0800	/* use the offset given, not f_offset */
#define FD_LOCK(fp)		uk_mutex_lock(&(fp)->f_lock)
#define FD_UNLOCK(fp)		uk_mutex_unlock(&(fp)->f_lock)

/* One slot of the fd table. */
struct vfscore_fd {
	struct vfscore_file *file;	/* NULL: free */
	int flags;			/* FD_CLOEXEC */
	int reserved;			/* vfscore_alloc_fd()/_reserve_fd() */
};

/* The fd table of the guest (one process). */
struct vfscore_fdtable {
	__spinlock lock;
	int max_fd;			/* highest fd ever used + 1 */
	int nr_open;
	struct vfscore_fd fds[FDTABLE_MAX_FILES];
};

extern struct vfscore_fdtable vfscore_fdtable;

/* A new file with one reference (the caller's); NULL when out of memory. */
struct vfscore_file *vfscore_file_alloc(const struct vfscore_file_ops *ops,
					void *data, int flags);
/* Puts fp into the lowest free slot >= min_fd, taking over the caller's
 * reference. The fd, or -EMFILE (the reference stays the caller's). */
int vfscore_install_file(struct vfscore_file *fp, int min_fd, int fd_flags);
/* The file of fd with one more reference, or NULL (EBADF). */
struct vfscore_file *vfscore_get_file(int fd);
void vfscore_file_ref(struct vfscore_file *fp);
/* Drops a reference; the last one closes the file. */
void vfscore_put_file(struct vfscore_file *fp);

/* 0.10's fd API (fd_api.c): reserve a slot (the lowest free one, or fd),
 * install a file there (with a new reference), release it. Return the fd
 * or 0, or -EMFILE/-EBADF/-EBUSY/-EINVAL. */
int vfscore_alloc_fd(void);
int vfscore_reserve_fd(int fd);
int vfscore_install_fd(int fd, struct vfscore_file *file);
/* Empties fd's slot (reserved or in use; a file loses the slot's
 * reference). */
int vfscore_put_fd(int fd);
/* A reference more; one less: 1 if that was the last (fp is gone). */
void fhold(struct vfscore_file *fp);
int fdrop(struct vfscore_file *fp);

/* Sets errno from a negative result and returns -1; passes others. */
long vfscore_result(long rc);

/* The bytes an iovec array describes (SSIZE_MAX at most). */
size_t vfscore_iov_total(const struct iovec *iov, int iovcnt);
/* Copy n bytes at most from src into the buffers of iov, or from the
 * buffers of iov into dst; return how many were copied. */
size_t vfscore_iov_copy_out(const struct iovec *iov, int iovcnt,
			    const void *src, size_t n);
size_t vfscore_iov_copy_in(void *dst, size_t n, const struct iovec *iov,
			   int iovcnt);

#endif /* __VFSCORE_FILE_H__ */
