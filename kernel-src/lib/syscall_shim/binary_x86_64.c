/* The `syscall` instruction's side of the shim: Linux's x86_64 registers
 * (number in rax, saved as orig_rax; arguments rdi, rsi, rdx, r10, r8,
 * r9; result in rax), see arch/x86_64/syscall.c for the entry. */
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/syscall.h>

/* Per CPU: the frame of the instruction being served, and whose it is
 * (a call may block, and another thread make one meanwhile). */
static struct {
	struct __regs *regs;
	struct uk_thread *thread;
} syscall_frames[CONFIG_UKPLAT_LCPU_MAXCOUNT];

struct __regs *uk_syscall_frame(void)
{
	unsigned int cpu = ukplat_lcpu_idx();

	if (syscall_frames[cpu].thread != uk_thread_current())
		return NULL;
	return syscall_frames[cpu].regs;
}

void ukplat_syscall_handler(struct __regs *r)
{
	unsigned int cpu = ukplat_lcpu_idx();
	long ret;

	syscall_frames[cpu].regs = r;
	syscall_frames[cpu].thread = uk_thread_current();
	ret = uk_syscall6_r((long)r->orig_rax, (long)r->rdi, (long)r->rsi,
			    (long)r->rdx, (long)r->r10, (long)r->r8,
			    (long)r->r9);
	syscall_frames[cpu].thread = NULL;
	r->rax = (unsigned long)ret;
}
