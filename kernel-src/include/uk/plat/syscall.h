/* The platform's system-call entry (Unikraft API uk/plat/syscall.h). */
#ifndef __UK_PLAT_SYSCALL_H__
#define __UK_PLAT_SYSCALL_H__

#include <uk/arch/lcpu.h>

/* Handles the system call whose registers are *r (number in orig_rax,
 * result into rax): lib/syscall_shim, or -ENOSYS for every number without
 * it. arch/x86_64/syscall.c enters it from the `syscall` instruction. */
void ukplat_syscall_handler(struct __regs *r);

#endif /* __UK_PLAT_SYSCALL_H__ */
