/* The platform's system-call entry (Unikraft API uk/plat/syscall.h). */
#ifndef __UK_PLAT_SYSCALL_H__
#define __UK_PLAT_SYSCALL_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

/* Handles the system call whose registers are *r (number in orig_rax,
 * result into rax): lib/syscall_shim, or -ENOSYS for every number without
 * it. arch/x86_64/syscall.c enters it from the `syscall` instruction. */
void ukplat_syscall_handler(struct __regs *r);
/* Goes on where the registers *r say, as the return from a `syscall`
 * instruction does (rcx = rip, r11 = rflags, rsp and the rest from *r). */
void __noreturn ukplat_syscall_return_to(const struct __regs *r);

#endif /* __UK_PLAT_SYSCALL_H__ */
