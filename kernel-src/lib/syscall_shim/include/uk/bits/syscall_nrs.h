/* The Linux system-call numbers of the architecture compiled for: one table
 * per architecture, the one place that chooses between them. */
#ifndef __UK_BITS_SYSCALL_NRS_H__
#define __UK_BITS_SYSCALL_NRS_H__

/* A call the architecture does not number (see the arm64 table) */
#define UK_SYSCALL_NR_NONE	(-1L)

#if defined(__aarch64__)
#include <uk/bits/syscall_nrs_arm64.h>
#elif defined(__x86_64__)
#include <uk/bits/syscall_nrs_x86_64.h>
#else
#error "no system-call numbers for this architecture"
#endif

#endif /* __UK_BITS_SYSCALL_NRS_H__ */
