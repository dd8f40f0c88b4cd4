/* The general registers AAPCS64 (§6.1.1) has a callee keep, x19-x28, fp
 * and lr, stored at and loaded from the 96 bytes at sp: the first part of
 * the frame of both context switches (arch/arm64/ctx_switch.S for software
 * contexts, lib/uksched/switch_arm64.S for threads, which adds the FP/SIMD
 * part). For assembly files. */
#ifndef __UK_ASM_CALLEE_SAVED_H__
#define __UK_ASM_CALLEE_SAVED_H__

#define CALLEE_SAVED_GPRS_SIZE	96

#ifdef __ASSEMBLY__
/* op: stp to store them, ldp to load them */
.macro callee_saved_gprs op
	\op	x19, x20, [sp, #0]
	\op	x21, x22, [sp, #16]
	\op	x23, x24, [sp, #32]
	\op	x25, x26, [sp, #48]
	\op	x27, x28, [sp, #64]
	\op	x29, x30, [sp, #80]
.endm
#endif /* __ASSEMBLY__ */
#endif /* __UK_ASM_CALLEE_SAVED_H__ */
