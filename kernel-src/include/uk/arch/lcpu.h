/* The CPU as C code sees it, on both architectures: the barriers and the
 * spin-wait hint (Unikraft 0.10's uk/arch/lcpu.h), over the instructions
 * the architecture's <uk/asm/lcpu.h> names, which also has the trap frame
 * (struct __regs). */
#ifndef __UK_ARCH_LCPU_H__
#define __UK_ARCH_LCPU_H__

#include <uk/essentials.h>

#define CACHE_LINE_SIZE		64

#include <uk/asm/lcpu.h>

#ifndef __ASSEMBLY__

#define mb()	__asm__ __volatile__(UKARCH_MB_INSN ::: "memory")
#define rmb()	__asm__ __volatile__(UKARCH_RMB_INSN ::: "memory")
#define wmb()	__asm__ __volatile__(UKARCH_WMB_INSN ::: "memory")
#define nop()	__asm__ __volatile__("nop")

/* Tells the CPU we are spinning */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__(UKARCH_SPINWAIT_INSN ::: "memory");
}

static inline unsigned long ukarch_read_sp(void)
{
	unsigned long sp;

	__asm__ __volatile__(UKARCH_READ_SP_INSN : "=r"(sp));
	return sp;
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ARCH_LCPU_H__ */
