/* Calls that only older architectures number (x86_64 does, arm64 does not):
 * LEGACY_SYS_<name> is the number where it exists. The shim ignores only
 * unnumbered legacy calls, as Unikraft 0.10 does; on x86_64 all have one. */
#ifndef __UK_LEGACY_SYSCALL_H__
#define __UK_LEGACY_SYSCALL_H__

#include <uk/bits/syscall_nrs.h>

#ifdef __x86_64__
#define LEGACY_SYS_fork __NR_fork
#define LEGACY_SYS_vfork __NR_vfork
#define LEGACY_SYS_getpgrp __NR_getpgrp
#define LEGACY_SYS_readlink __NR_readlink
#define LEGACY_SYS_symlink __NR_symlink
#define LEGACY_SYS_unlink __NR_unlink
#define LEGACY_SYS_link __NR_link
#define LEGACY_SYS_access __NR_access
#define LEGACY_SYS_open __NR_open
#define LEGACY_SYS_creat __NR_creat
#define LEGACY_SYS_mkdir __NR_mkdir
#define LEGACY_SYS_rmdir __NR_rmdir
#define LEGACY_SYS_mknod __NR_mknod
#define LEGACY_SYS_chmod __NR_chmod
#define LEGACY_SYS_lchown __NR_lchown
#define LEGACY_SYS_chown __NR_chown
#define LEGACY_SYS_rename __NR_rename
#define LEGACY_SYS_lstat __NR_lstat
#define LEGACY_SYS_stat __NR_stat
#define LEGACY_SYS_getdents __NR_getdents
#define LEGACY_SYS_time __NR_time
#define LEGACY_SYS_futimesat __NR_futimesat
#define LEGACY_SYS_utime __NR_utime
#define LEGACY_SYS_utimes __NR_utimes
#define LEGACY_SYS_dup2 __NR_dup2
#define LEGACY_SYS_pipe __NR_pipe
#define LEGACY_SYS_pause __NR_pause
#define LEGACY_SYS_alarm __NR_alarm
#endif

#endif /* __UK_LEGACY_SYSCALL_H__ */
