/*
 * Entry of every CPU. QEMU's -kernel loads this ELF and starts the boot
 * CPU at _arm64_start at EL1 with the MMU off (x0 = the device tree with
 * the Linux boot protocol, 0 for an ELF: setup.c looks at the start of
 * RAM then); PSCI CPU_ON starts the others at lcpu_start_secondary with
 * x0 = their struct lcpu. Both set up the same processor state (cpu_setup)
 * and turn the MMU on with the tables of pagetable.S before any C code,
 * because with the MMU off all data accesses are Device memory, where the
 * compiler's unaligned accesses would fault.
 */
#include <uk/config.h>
#include <uk/arch/limits.h>
#include <uk/arch/paging.h>
#include "lcpu.h"
#include "sysregs.h"

/* SP_EL1 = the exception stack of struct lcpu \lcpu, then run on SP_EL0 */
.macro	stacks lcpu, sp0, tmp
	add	\tmp, \lcpu, #LCPU_EXC_STACK_OFFSET
	add	\tmp, \tmp, #LCPU_EXC_STACK_SIZE
	mov	sp, \tmp		/* SPSel is 1: this is SP_EL1 */
	msr	spsel, #0
	mov	sp, \sp0		/* from here on: SP_EL0 */
.endm

	.section .text.boot, "ax"
	.globl	_arm64_start
_arm64_start:
	msr	daifset, #0xf
	mov	x19, x0			/* the device tree: C needs it later */
	bl	cpu_setup

	/* zero .bss (the boot stack, lcpus[] ...) */
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:
	ldr	x0, =lcpus
	ldr	x1, =boot_stack_top
	stacks	x0, x1, x2
	mov	x29, xzr		/* the end of every backtrace */
	mov	x30, xzr
	msr	tpidr_el1, x0		/* lcpu_current() of CPU 0 */
	mov	x1, x19
	bl	_ukplat_entry
	b	.

#ifdef CONFIG_HAVE_SMP
/*
 * A CPU that PSCI started: x0 = its struct lcpu, whose s_args.stackp is
 * the stack it runs on.
 */
	.globl	lcpu_start_secondary
lcpu_start_secondary:
	msr	daifset, #0xf
	mov	x19, x0
	bl	cpu_setup
	msr	tpidr_el1, x19
	ldr	x1, [x19, #LCPU_STACKP_OFFSET]
	stacks	x19, x1, x2
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	bl	lcpu_entry_default
	b	.
#endif

/*
 * FP/SIMD on, exception vectors, MAIR/TCR/TTBR0 and the MMU. Uses x0-x2
 * only, no stack. The top table in TTBR0 is boot_l0 until paging/boot.c
 * has moved the kernel to its own (lcpu_ttbr0 then holds it).
 */
cpu_setup:
	mov	x0, #CPACR_FPEN
	msr	cpacr_el1, x0
	ldr	x0, =arm64_vectors
	msr	vbar_el1, x0

	ldr	x0, =MAIR_EL1_INIT
	msr	mair_el1, x0
	ldr	x0, =TCR_EL1_INIT
	mrs	x1, id_aa64mmfr0_el1	/* PARange -> IPS: as wide as the CPU */
	and	x1, x1, #0x7
	cmp	x1, #5			/* at most 48 bits (no 52-bit PAs) */
	mov	x2, #5
	csel	x1, x1, x2, ls
	orr	x0, x0, x1, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x0

	ldr	x0, =lcpu_ttbr0
	ldr	x0, [x0]
	cbnz	x0, 3f
	ldr	x0, =boot_l0
3:	msr	ttbr0_el1, x0
	msr	ttbr1_el1, xzr
	isb
	tlbi	vmalle1			/* nothing stale from before */
	dsb	nsh
	isb

	mrs	x0, sctlr_el1
	ldr	x1, =SCTLR_SET
	orr	x0, x0, x1
	ldr	x1, =SCTLR_CLEAR
	bic	x0, x0, x1
	msr	sctlr_el1, x0
	isb
	ret

	/* the boot CPU's stack (64 KiB by default), with a guard page
	 * below it (paging/boot.c unmaps it) */
	.section .bss.boot_stack, "aw", %nobits
	.balign	PAGE_SIZE
	.globl	boot_stack_guard
boot_stack_guard:
	.skip	PAGE_SIZE
	.globl	boot_stack
boot_stack:
	.skip	__STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:

	/* TTBR0 value for CPUs that start later (0: boot_l0) */
	.section .data.lcpu_ttbr0, "aw"
	.balign	8
	.globl	lcpu_ttbr0
lcpu_ttbr0:
	.quad	0

/*
 * void arm64_switch_ttbr0(__paddr_t root): moves this CPU to other tables
 * that map the running code at the same addresses. The old and the new
 * tables may differ in block sizes and rights, so their TLB entries must
 * never meet (a TLB conflict): with the MMU off for a moment (fetches go on
 * 1:1, as VA = PA here) the TLB is emptied and the MMU turned on again on
 * the new tables. Only registers in between: data accesses would be
 * Device, so no exception may come either (DAIF masked, then restored).
 */
	.text
	.globl	arm64_switch_ttbr0
arm64_switch_ttbr0:
	mrs	x4, daif
	msr	daifset, #0xf
	dsb	ish			/* the new tables are written out */
	mrs	x2, sctlr_el1
	bic	x3, x2, #SCTLR_M
	msr	sctlr_el1, x3
	isb
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	msr	sctlr_el1, x2
	isb
	msr	daif, x4
	ret
