/* /dev at boot: devfs mounted on a directory of the root file system, with
 * the libc's calls (a file of its own: libc's <sys/mount.h> and vfscore's
 * <vfscore/mount.h> name different flags MNT_FORCE). */
#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <uk/init.h>
#include <uk/print.h>

/* After the root file system: /dev is a directory there. */
static int devfs_automount(void)
{
	int rc;

	mkdir("/dev", 0755);
	rc = mount("devfs", "/dev", "devfs", 0, NULL);
	if (rc)
		uk_pr_err("devfs: cannot mount /dev: errno %d\n", errno);
	return rc;
}
uk_rootfs_initcall_prio(devfs_automount, 5);
