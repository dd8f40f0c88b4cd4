/* Vnodes: the in-memory objects of a file system's files, with the
 * operations the file system gives them (after Unikraft's vfscore/vnode.h).
 * No file system is mounted at boot here; a cell may build one (vfsops,
 * vnops) and use this layer: vnode cache, references, locks, stat. */
#ifndef _SYS_VNODE_H_
#define _SYS_VNODE_H_

#include <dirent.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <uk/list.h>
#include <uk/mutex.h>
#include <vfscore/file.h>
#include <vfscore/uio.h>

struct mount;
struct dentry;
struct eventpoll_cb;

enum vtype {
	VNON,	/* none */
	VREG,	/* regular file */
	VDIR,	/* directory */
	VBLK,	/* block device */
	VCHR,	/* character device */
	VLNK,	/* symbolic link */
	VSOCK,	/* socket */
	VFIFO,	/* pipe */
	VEPOLL,	/* epoll instance */
	VEVENT,	/* eventfd */
	VBAD
};

struct vnode {
	uint64_t v_ino;			/* its number in its file system */
	struct uk_list_head v_link;	/* the vnode cache's hash chain */
	struct mount *v_mount;
	struct vnops *v_op;
	int v_refcnt;
	int v_type;			/* enum vtype */
	int v_flags;			/* VROOT ... */
	mode_t v_mode;
	off_t v_size;
	struct uk_mutex v_lock;
	struct uk_list_head v_names;	/* dentries naming it */
	void *v_data;			/* the file system's */
};

/* v_flags */
#define VROOT		0x0001	/* the root of its file system */
#define VISTTY		0x0002	/* a terminal */
#define VPROTDEV	0x0004	/* a protected device */

/* Attributes (VOP_GETATTR/VOP_SETATTR); va_mask says which are valid. */
struct vattr {
	unsigned int va_mask;
	enum vtype va_type;
	mode_t va_mode;
	nlink_t va_nlink;
	uid_t va_uid;
	gid_t va_gid;
	dev_t va_fsid;
	ino_t va_nodeid;
	struct timespec va_atime;
	struct timespec va_mtime;
	struct timespec va_ctime;
	dev_t va_rdev;
	uint64_t va_nblocks;
	off_t va_size;
};

/* va_mask bits */
#define AT_TYPE		0x00001
#define AT_MODE		0x00002
#define AT_UID		0x00004
#define AT_GID		0x00008
#define AT_FSID		0x00010
#define AT_NODEID	0x00020
#define AT_NLINK	0x00040
#define AT_SIZE		0x00080
#define AT_ATIME	0x00100
#define AT_MTIME	0x00200
#define AT_CTIME	0x00400
#define AT_RDEV		0x00800
#define AT_BLKSIZE	0x01000
#define AT_NBLOCKS	0x02000
#define AT_SEQ		0x08000
#define AT_XVATTR	0x10000

/* vn_access() modes */
#define VAPPEND		0x0001
#define VREAD		0x0004
#define VWRITE		0x0002
#define VEXEC		0x0008

/* VOP_WRITE flags */
#define IO_APPEND	0x0001
#define IO_SYNC		0x0002

/* VOP_CACHE actions */
#define ARC_ACTION_QUERY	0
#define ARC_ACTION_HOLD		1
#define ARC_ACTION_RELEASE	2

typedef int (*vnop_open_t)(struct vfscore_file *);
typedef int (*vnop_close_t)(struct vnode *, struct vfscore_file *);
typedef int (*vnop_read_t)(struct vnode *, struct vfscore_file *,
			   struct uio *, int);
typedef int (*vnop_write_t)(struct vnode *, struct uio *, int);
typedef int (*vnop_seek_t)(struct vnode *, struct vfscore_file *, off_t,
			   off_t);
typedef int (*vnop_ioctl_t)(struct vnode *, struct vfscore_file *,
			    unsigned long, void *);
typedef int (*vnop_fsync_t)(struct vnode *, struct vfscore_file *);
typedef int (*vnop_readdir_t)(struct vnode *, struct vfscore_file *,
			      struct dirent *);
typedef int (*vnop_lookup_t)(struct vnode *, char *, struct vnode **);
typedef int (*vnop_create_t)(struct vnode *, char *, mode_t);
typedef int (*vnop_remove_t)(struct vnode *, struct vnode *, char *);
typedef int (*vnop_rename_t)(struct vnode *, struct vnode *, char *,
			     struct vnode *, struct vnode *, char *);
typedef int (*vnop_mkdir_t)(struct vnode *, char *, mode_t);
typedef int (*vnop_rmdir_t)(struct vnode *, struct vnode *, char *);
typedef int (*vnop_getattr_t)(struct vnode *, struct vattr *);
typedef int (*vnop_setattr_t)(struct vnode *, struct vattr *);
typedef int (*vnop_inactive_t)(struct vnode *);
typedef int (*vnop_truncate_t)(struct vnode *, off_t);
typedef int (*vnop_link_t)(struct vnode *, struct vnode *, char *);
typedef int (*vnop_cache_t)(struct vnode *, struct vfscore_file *,
			    struct uio *);
typedef int (*vnop_fallocate_t)(struct vnode *, int, off_t, off_t);
typedef int (*vnop_readlink_t)(struct vnode *, struct uio *);
typedef int (*vnop_symlink_t)(struct vnode *, char *, char *);
typedef int (*vnop_poll_t)(struct vnode *, unsigned int *,
			   struct eventpoll_cb *);

struct vnops {
	vnop_open_t vop_open;
	vnop_close_t vop_close;
	vnop_read_t vop_read;
	vnop_write_t vop_write;
	vnop_seek_t vop_seek;
	vnop_ioctl_t vop_ioctl;
	vnop_fsync_t vop_fsync;
	vnop_readdir_t vop_readdir;
	vnop_lookup_t vop_lookup;
	vnop_create_t vop_create;
	vnop_remove_t vop_remove;
	vnop_rename_t vop_rename;
	vnop_mkdir_t vop_mkdir;
	vnop_rmdir_t vop_rmdir;
	vnop_getattr_t vop_getattr;
	vnop_setattr_t vop_setattr;
	vnop_inactive_t vop_inactive;
	vnop_truncate_t vop_truncate;
	vnop_link_t vop_link;
	vnop_cache_t vop_cache;
	vnop_fallocate_t vop_fallocate;
	vnop_readlink_t vop_readlink;
	vnop_symlink_t vop_symlink;
	vnop_poll_t vop_poll;
};

/* Calls of a vnode's operations (VP: the vnode; DVP: a directory's) */
#define VOP_OPEN(VP, FP)		((VP)->v_op->vop_open)(FP)
#define VOP_CLOSE(VP, FP)		((VP)->v_op->vop_close)(VP, FP)
#define VOP_READ(VP, FP, U, F)		((VP)->v_op->vop_read)(VP, FP, U, F)
#define VOP_CACHE(VP, FP, U)		((VP)->v_op->vop_cache)(VP, FP, U)
#define VOP_WRITE(VP, U, F)		((VP)->v_op->vop_write)(VP, U, F)
#define VOP_SEEK(VP, FP, OLD, NEW)	((VP)->v_op->vop_seek)(VP, FP, OLD, NEW)
#define VOP_IOCTL(VP, FP, C, A)		((VP)->v_op->vop_ioctl)(VP, FP, C, A)
#define VOP_FSYNC(VP, FP)		((VP)->v_op->vop_fsync)(VP, FP)
#define VOP_READDIR(VP, FP, DIR)	((VP)->v_op->vop_readdir)(VP, FP, DIR)
#define VOP_LOOKUP(DVP, N, VP)		((DVP)->v_op->vop_lookup)(DVP, N, VP)
#define VOP_CREATE(DVP, N, M)		((DVP)->v_op->vop_create)(DVP, N, M)
#define VOP_REMOVE(DVP, VP, N)		((DVP)->v_op->vop_remove)(DVP, VP, N)
#define VOP_RENAME(DVP1, VP1, N1, DVP2, VP2, N2)			\
	((DVP1)->v_op->vop_rename)(DVP1, VP1, N1, DVP2, VP2, N2)
#define VOP_MKDIR(DVP, N, M)		((DVP)->v_op->vop_mkdir)(DVP, N, M)
#define VOP_RMDIR(DVP, VP, N)		((DVP)->v_op->vop_rmdir)(DVP, VP, N)
#define VOP_GETATTR(VP, VAP)		((VP)->v_op->vop_getattr)(VP, VAP)
#define VOP_SETATTR(VP, VAP)		((VP)->v_op->vop_setattr)(VP, VAP)
#define VOP_INACTIVE(VP)		((VP)->v_op->vop_inactive)(VP)
#define VOP_TRUNCATE(VP, N)		((VP)->v_op->vop_truncate)(VP, N)
#define VOP_LINK(DVP, SVP, N)		((DVP)->v_op->vop_link)(DVP, SVP, N)
#define VOP_FALLOCATE(VP, M, OFF, LEN)					\
	((VP)->v_op->vop_fallocate)(VP, M, OFF, LEN)
#define VOP_READLINK(VP, U)		((VP)->v_op->vop_readlink)(VP, U)
#define VOP_SYMLINK(DVP, OP, NP)	((DVP)->v_op->vop_symlink)(DVP, OP, NP)
#define VOP_POLL(VP, EP, ECP)		((VP)->v_op->vop_poll)(VP, EP, ECP)

/* enum vtype <-> the S_IFMT bits of a mode */
#define IFTOVT(mode)		(vfscore_iftovt_tab[((mode) & S_IFMT) >> 12])
#define VTTOIF(indx)		(vfscore_vttoif_tab[(int)(indx)])
#define MAKEIMODE(indx, mode)	(int)(VTTOIF(indx) | (mode))
extern const enum vtype vfscore_iftovt_tab[16];
extern const int vfscore_vttoif_tab[10];
#define VATTR_NULL(vp)		memset((vp), 0, sizeof(struct vattr))

/* Operations that do nothing (0), fail with EINVAL, EPERM or EROFS: for a
 * file system's vnops it does not support. */
int vfscore_vop_nullop();
int vfscore_vop_einval();
int vfscore_vop_eperm();
int vfscore_vop_erofs();

/* The vnode cache: a vnode is found by (mount, ino). vfscore_vget gives it
 * with a new reference, locked; 1 if it was cached, 0 if new (then the
 * file system fills it in: VFS_VGET), or -ENOMEM. */
struct vnode *vn_lookup(struct mount *, uint64_t);
int vfscore_vget(struct mount *, uint64_t ino, struct vnode **vpp);
void vn_lock(struct vnode *);
void vn_unlock(struct vnode *);
/* Releases a locked vnode (vput) or an unlocked one (vrele); the last
 * reference makes the file system forget it (VOP_INACTIVE) and frees it. */
void vput(struct vnode *);
void vref(struct vnode *);
void vrele(struct vnode *);
/* Drops every unreferenced vnode of a mount from the cache. */
void vflush(struct mount *);
int vn_stat(struct vnode *, struct stat *);
int vn_settimes(struct vnode *, struct timespec[2]);
int vn_setmode(struct vnode *, mode_t mode);
/* 0 if the vnode's mode allows VREAD/VWRITE/VEXEC, else EACCES. */
int vn_access(struct vnode *, int);
void vn_add_name(struct vnode *, struct dentry *);
void vn_del_name(struct vnode *, struct dentry *);
void vnode_pager_setsize(struct vnode *vp, off_t size);

#endif /* _SYS_VNODE_H_ */
