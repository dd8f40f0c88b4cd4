/* The numbers from 424 on: since Linux 5.1 every architecture gives a new
 * call the same one (included by each architecture's table). */
#ifndef __UK_BITS_SYSCALL_NRS_COMMON_H__
#define __UK_BITS_SYSCALL_NRS_COMMON_H__

#define __NR_pidfd_send_signal 424
#define __NR_io_uring_setup 425
#define __NR_io_uring_enter 426
#define __NR_io_uring_register 427
#define __NR_open_tree 428
#define __NR_move_mount 429
#define __NR_fsopen 430
#define __NR_fsconfig 431
#define __NR_fsmount 432
#define __NR_fspick 433
#define __NR_pidfd_open 434
#define __NR_clone3 435
#define __NR_close_range 436
#define __NR_openat2 437
#define __NR_pidfd_getfd 438
#define __NR_faccessat2 439
#define __NR_process_madvise 440
#define __NR_epoll_pwait2 441
#define __NR_mount_setattr 442
#define __NR_quotactl_fd 443
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#define __NR_memfd_secret 447
#define __NR_process_mrelease 448
#define __NR_futex_waitv 449
#define __NR_set_mempolicy_home_node 450

#define SYS_pidfd_send_signal __NR_pidfd_send_signal
#define SYS_io_uring_setup __NR_io_uring_setup
#define SYS_io_uring_enter __NR_io_uring_enter
#define SYS_io_uring_register __NR_io_uring_register
#define SYS_open_tree __NR_open_tree
#define SYS_move_mount __NR_move_mount
#define SYS_fsopen __NR_fsopen
#define SYS_fsconfig __NR_fsconfig
#define SYS_fsmount __NR_fsmount
#define SYS_fspick __NR_fspick
#define SYS_pidfd_open __NR_pidfd_open
#define SYS_clone3 __NR_clone3
#define SYS_close_range __NR_close_range
#define SYS_openat2 __NR_openat2
#define SYS_pidfd_getfd __NR_pidfd_getfd
#define SYS_faccessat2 __NR_faccessat2
#define SYS_process_madvise __NR_process_madvise
#define SYS_epoll_pwait2 __NR_epoll_pwait2
#define SYS_mount_setattr __NR_mount_setattr
#define SYS_quotactl_fd __NR_quotactl_fd
#define SYS_landlock_create_ruleset __NR_landlock_create_ruleset
#define SYS_landlock_add_rule __NR_landlock_add_rule
#define SYS_landlock_restrict_self __NR_landlock_restrict_self
#define SYS_memfd_secret __NR_memfd_secret
#define SYS_process_mrelease __NR_process_mrelease
#define SYS_futex_waitv __NR_futex_waitv
#define SYS_set_mempolicy_home_node __NR_set_mempolicy_home_node

#endif /* __UK_BITS_SYSCALL_NRS_COMMON_H__ */
