/* System register values the boot code sets, shared by boot.S (both
 * CPUs' paths) and the decoders' tests. Arm ARM (DDI 0487) D19.2. */
#ifndef __ARM64_SYSREGS_H__
#define __ARM64_SYSREGS_H__

/*
 * MAIR_EL1: slot n is memory type n of PAGE_ATTR_TYPE_* (uk/arch/paging.h),
 * so a type goes into a descriptor's AttrIndx unchanged.
 *   0 normal write-back (0xff), 1 normal write-through (0xbb),
 *   2 normal non-cacheable (0x44), 3 device nGnRnE (0x00),
 *   4 device nGnRE (0x04), 5 device GRE (0x0c)
 */
#define MAIR_EL1_INIT		0x00000c040044bbff

/*
 * TCR_EL1: T0SZ 16 (48-bit VA), 4 KiB granule (TG0 0), table walks
 * inner-shareable write-back (SH0 3, IRGN0/ORGN0 1); TTBR1 off (EPD1, TG1
 * 4 KiB so the field is valid); IPS is filled in from PARange at boot.
 */
#define TCR_T0SZ		16
#define TCR_IRGN0_WBWA		(1 << 8)
#define TCR_ORGN0_WBWA		(1 << 10)
#define TCR_SH0_IS		(3 << 12)
#define TCR_TG0_4K		(0 << 14)
#define TCR_T1SZ		(16 << 16)
#define TCR_EPD1		(1 << 23)
#define TCR_TG1_4K		(2 << 30)
#define TCR_IPS_SHIFT		32
#define TCR_EL1_INIT		(TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | \
				 TCR_SH0_IS | TCR_TG0_4K | TCR_T1SZ |	\
				 TCR_EPD1 | TCR_TG1_4K)

/* SCTLR_EL1: MMU, caches and stack alignment on; alignment checks, WXN
 * (the cell arena is rwx) and big-endian data off. */
#define SCTLR_M			(1 << 0)
#define SCTLR_A			(1 << 1)
#define SCTLR_C			(1 << 2)
#define SCTLR_SA		(1 << 3)
#define SCTLR_I			(1 << 12)
#define SCTLR_WXN		(1 << 19)
#define SCTLR_EE		(1 << 25)
#define SCTLR_SET		(SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)
#define SCTLR_CLEAR		(SCTLR_A | SCTLR_WXN | SCTLR_EE)

/* CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap at EL1 (nor EL0) */
#define CPACR_FPEN		(3 << 20)

#endif /* __ARM64_SYSREGS_H__ */
