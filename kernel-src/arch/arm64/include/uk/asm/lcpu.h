/* The AArch64 CPU as C code sees it: a trap's saved register frame, FP/SIMD
 * state, the instructions of the barriers and helpers of <uk/arch/lcpu.h>,
 * which includes this (Unikraft 0.10's arm64 uk/asm/lcpu.h names). Arm ARM
 * (DDI 0487) D1.10 (exception entry), B2.3 (barriers). */
#ifndef __UK_ASM_LCPU_H__
#define __UK_ASM_LCPU_H__

/*
 * Offsets into struct __regs, for vectors.S: x0-x29, lr (x30), then what
 * the exception entry keeps in system registers, and both stack pointers.
 * 36 words keep sp 16-byte aligned (AAPCS64 needs that at every call).
 */
#define __REGS_OFFSETOF_X0		0
#define __REGS_OFFSETOF_LR		240
#define __REGS_OFFSETOF_ELR_EL1		248
#define __REGS_OFFSETOF_SPSR_EL1	256
#define __REGS_OFFSETOF_ESR_EL1		264
#define __REGS_OFFSETOF_SP		272
#define __REGS_OFFSETOF_SP_EL0		280
#define __REGS_SIZEOF			288

#ifndef __ASSEMBLY__

struct __regs {
	unsigned long x[30];	/* x29 is the frame pointer */
	unsigned long lr;
	unsigned long elr_el1;	/* where the exception was taken */
	unsigned long spsr_el1;	/* PSTATE then (DAIF, EL, NZCV) */
	unsigned long esr_el1;	/* why (synchronous exceptions) */
	unsigned long sp;	/* sp of the interrupted code */
	unsigned long sp_el0;
};

UK_CTASSERT(sizeof(struct __regs) == __REGS_SIZEOF);
UK_CTASSERT(__offsetof(struct __regs, lr) == __REGS_OFFSETOF_LR);
UK_CTASSERT(__offsetof(struct __regs, sp) == __REGS_OFFSETOF_SP);

/* The FP/SIMD registers of one context (arch/arm64/fpsimd.S): saved per
 * thread, and around code of cells that an interrupt runs. */
struct ukarch_fpsimd_state {
	__u64 v[64];		/* v0-v31, 128 bits each */
	__u64 fpsr;
	__u64 fpcr;
} __align(16);

void ukarch_fpsimd_save(struct ukarch_fpsimd_state *s);
void ukarch_fpsimd_restore(const struct ukarch_fpsimd_state *s);

/* The crash record's pc and sp, which it calls rip and rsp (lib/ukreplhost) */
#define UKARCH_REGS_PC(r)	((r)->elr_el1)
#define UKARCH_REGS_SP(r)	((r)->sp)

/* The parking loop of <ukrepl/host.h>: every interrupt masked (DAIF), then
 * wait for one that never comes; a debugger stops the CPU there. */
#define UKARCH_PARK_ASM		"msr daifset, #0xf\n\twfi"
/* A host call's return (lib/ukreplhost/park.c): the value is in x0 already,
 * the argument's place; sp and lr are where the next call wants them. */
#define UKARCH_CALL_RETURN_ASM	"msr daifset, #0xf\n\tb ukrepl_call_returned"
/* CFI: the frame from here on has no caller to unwind to */
#define UKARCH_NO_CALLER_CFI	".cfi_undefined x30"

#define UKARCH_MB_INSN		"dsb sy"
#define UKARCH_RMB_INSN		"dsb ld"
#define UKARCH_WMB_INSN		"dsb st"
/* spinning: the hypervisor may run another vCPU */
#define UKARCH_SPINWAIT_INSN	"yield"

/* ukarch_read_sp(): the stack pointer into operand 0 */
#define UKARCH_READ_SP_INSN	"mov %0, sp"

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_LCPU_H__ */
