/* The shim behind the architecture's system-call instruction (`syscall` on
 * x86_64, `svc #0` on arm64): the platform's entry saves the caller's
 * registers and calls ukplat_syscall_handler(); <uk/arch/syscall.h> says
 * where the number, the arguments and the result are. */
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/arch/syscall.h>
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
	long a[6], ret;

	syscall_frames[cpu].regs = r;
	syscall_frames[cpu].thread = uk_thread_current();
	ukarch_syscall_args(r, a);
	ret = uk_syscall6_r(ukarch_syscall_nr(r), a[0], a[1], a[2], a[3], a[4],
			    a[5]);
	syscall_frames[cpu].thread = NULL;
	ukarch_syscall_set_ret(r, ret);
}
