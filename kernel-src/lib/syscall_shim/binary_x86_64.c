/* The `syscall` instruction's side of the shim: Linux's x86_64 registers
 * (number in rax, saved as orig_rax; arguments rdi, rsi, rdx, r10, r8,
 * r9; result in rax), see arch/x86_64/syscall.c for the entry. */
#include <uk/syscall.h>
#include <uk/plat/syscall.h>

void ukplat_syscall_handler(struct __regs *r)
{
	r->rax = (unsigned long)uk_syscall6_r((long)r->orig_rax, (long)r->rdi,
					      (long)r->rsi, (long)r->rdx,
					      (long)r->r10, (long)r->r8,
					      (long)r->r9);
}
