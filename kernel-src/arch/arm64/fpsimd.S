/* The whole FP/SIMD state of one context: v0-v31 (128 bits each), then
 * FPSR and FPCR, 528 bytes (struct ukarch_fpsimd_state, <uk/arch/lcpu.h>).
 * Kept per thread by lib/uksched and around code of cells that interrupts
 * run (lcpu.c): the kernel's own code never uses these registers
 * (-mgeneral-regs-only), code of cells does. Arm ARM (DDI 0487) C7.2
 * (STP/LDP of Q registers), C5.2 (FPCR, FPSR). */

	.text

/* void ukarch_fpsimd_save(struct ukarch_fpsimd_state *s) */
	.globl	ukarch_fpsimd_save
	.type	ukarch_fpsimd_save, %function
ukarch_fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x9, fpsr
	mrs	x10, fpcr
	add	x11, x0, #512		/* past STP's reach of 504 */
	stp	x9, x10, [x11]
	ret
	.size	ukarch_fpsimd_save, . - ukarch_fpsimd_save

/* void ukarch_fpsimd_restore(const struct ukarch_fpsimd_state *s) */
	.globl	ukarch_fpsimd_restore
	.type	ukarch_fpsimd_restore, %function
ukarch_fpsimd_restore:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x11, x0, #512
	ldp	x9, x10, [x11]
	msr	fpsr, x9
	msr	fpcr, x10
	ret
	.size	ukarch_fpsimd_restore, . - ukarch_fpsimd_restore
