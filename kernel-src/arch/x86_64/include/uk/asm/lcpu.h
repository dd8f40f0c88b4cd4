/* The x86_64 CPU as C code sees it: a trap's saved register frame, the
 * instructions of the barriers and helpers of <uk/arch/lcpu.h>, which
 * includes this (Unikraft 0.10's x86_64 uk/asm/lcpu.h names). Intel SDM Vol.
 * 3A §6.14.2 (64-bit interrupt stack frame). */
#ifndef __UK_ASM_LCPU_H__
#define __UK_ASM_LCPU_H__

/*
 * Offsets into struct __regs, for traps.S. The order is the reverse of the
 * push order: the CPU pushes ss..rip (and an error code, kept as orig_rax),
 * the entry stub pushes rdi..r15 and one pad word to keep 16-byte alignment.
 */
#define __REGS_OFFSETOF_PAD		0
#define __REGS_OFFSETOF_R15		8
#define __REGS_OFFSETOF_R14		16
#define __REGS_OFFSETOF_R13		24
#define __REGS_OFFSETOF_R12		32
#define __REGS_OFFSETOF_RBP		40
#define __REGS_OFFSETOF_RBX		48
#define __REGS_OFFSETOF_R11		56
#define __REGS_OFFSETOF_R10		64
#define __REGS_OFFSETOF_R9		72
#define __REGS_OFFSETOF_R8		80
#define __REGS_OFFSETOF_RAX		88
#define __REGS_OFFSETOF_RCX		96
#define __REGS_OFFSETOF_RDX		104
#define __REGS_OFFSETOF_RSI		112
#define __REGS_OFFSETOF_RDI		120
#define __REGS_OFFSETOF_ORIG_RAX	128
#define __REGS_OFFSETOF_RIP		136
#define __REGS_OFFSETOF_CS		144
#define __REGS_OFFSETOF_EFLAGS		152
#define __REGS_OFFSETOF_RSP		160
#define __REGS_OFFSETOF_SS		168
#define __REGS_SIZEOF			176
#define __REGS_PAD_SIZE			8

#ifndef __ASSEMBLY__

struct __regs {
	unsigned long pad;
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long rbp;
	unsigned long rbx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long rax;
	unsigned long rcx;
	unsigned long rdx;
	unsigned long rsi;
	unsigned long rdi;
	unsigned long orig_rax;	/* error code of the exception, or 0 */
	unsigned long rip;
	unsigned long cs;
	unsigned long eflags;
	unsigned long rsp;
	unsigned long ss;
};

UK_CTASSERT(sizeof(struct __regs) == __REGS_SIZEOF);
UK_CTASSERT(__offsetof(struct __regs, rip) == __REGS_OFFSETOF_RIP);
UK_CTASSERT(__offsetof(struct __regs, orig_rax) == __REGS_OFFSETOF_ORIG_RAX);

#define UKARCH_MB_INSN		"mfence"
#define UKARCH_RMB_INSN		"lfence"
#define UKARCH_WMB_INSN		"sfence"
/* spinning: a sibling thread or the host may run */
#define UKARCH_SPINWAIT_INSN	"pause"

/* The crash record's pc and sp (lib/ukreplhost) */
#define UKARCH_REGS_PC(r)	((r)->rip)
#define UKARCH_REGS_SP(r)	((r)->rsp)

/* The parking loop of <ukrepl/host.h>: interrupts off, then wait for one
 * that never comes; a debugger stops the CPU there. */
#define UKARCH_PARK_ASM		"cli; hlt"
/* CFI: the frame from here on has no caller to unwind to */
#define UKARCH_NO_CALLER_CFI	".cfi_undefined rip"

/* ukarch_read_sp(): the stack pointer into operand 0 */
#define UKARCH_READ_SP_INSN	"mov %%rsp, %0"

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_LCPU_H__ */
