/* ukplat_syscall_handler (<uk/plat/syscall.h>): without a syscall shim
 * there is nothing to dispatch to, so every number gets -ENOSYS. */
#include <errno.h>
#include <uk/plat/syscall.h>

void ukplat_syscall_handler(struct __regs *r)
{
	r->rax = (unsigned long)-ENOSYS;
}
