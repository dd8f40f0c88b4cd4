/*
 * The interrupt controller: GICv2 (QEMU virt's default) or GICv3
 * (-M virt,gic-version=3), whichever the device tree has. Arm GIC
 * Architecture Specification (IHI 0048B for v2, IHI 0069 for v3). Only
 * what the kernel uses: SGIs for the lcpu IPIs, the virtual timer's PPI,
 * one priority, no SPIs. With no security extensions (no EL3 on virt
 * without firmware), everything is in the group the kernel sees.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include "fdt.h"
#include "lcpu.h"
#include "platform.h"

#define REG32(base, off)	(*(volatile __u32 *)((base) + (off)))

/* Distributor (both versions) */
#define GICD_CTLR		0x000
#define GICD_ISENABLER(n)	(0x100 + 4 * (n))
#define GICD_ITARGETSR(n)	(0x800 + 4 * (n))
#define GICD_SGIR		0xf00
#define GICD_SGIR_OTHERS	(1 << 24)
/* v2 CPU interface */
#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010
/* v3 redistributor: RD frame, then the SGI frame 64 KiB up */
#define GICR_TYPER		0x008
#define GICR_WAKER		0x014
#define GICR_WAKER_SLEEP	(1 << 1)
#define GICR_WAKER_ASLEEP	(1 << 2)
#define GICR_TYPER_LAST		(1 << 4)
#define GICR_STRIDE		0x20000
#define GICR_SGI		0x10000
#define GICR_IGROUPR0		0x080
#define GICR_ISENABLER0		0x100
#define GICD_CTLR_ARE		(1 << 4)
#define GICD_CTLR_GRP1		(1 << 1)
#define GICD_CTLR_GRP0		(1 << 0)

static int version;
static __uptr dist, cpuif, redist_base;

/* this CPU's redistributor (v3), kept in a per-CPU table by index */
static __uptr redist[CONFIG_UKPLAT_LCPU_MAXCOUNT];

int gic_init(const void *fdt)
{
	int node;
	__u64 a, s;

	node = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	if (node >= 0) {
		version = 3;
		if (fdt_get_address(fdt, node, 0, &a, &s))
			return -ENODEV;
		dist = a;
		if (fdt_get_address(fdt, node, 1, &a, &s))
			return -ENODEV;
		redist_base = a;
		REG32(dist, GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_GRP1 |
					 GICD_CTLR_GRP0;
		return 0;
	}
	node = fdt_find_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (node < 0)
		node = fdt_find_compatible(fdt, -1, "arm,gic-400");
	if (node < 0)
		return -ENODEV;
	version = 2;
	if (fdt_get_address(fdt, node, 0, &a, &s))
		return -ENODEV;
	dist = a;
	if (fdt_get_address(fdt, node, 1, &a, &s))
		return -ENODEV;
	cpuif = a;
	REG32(dist, GICD_CTLR) = 1;
	return 0;
}

const char *gic_describe(void)
{
	return version == 3 ? "GICv3" : version == 2 ? "GICv2" : "no GIC";
}

static __u64 mpidr_aff(void)
{
	__u64 m;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(m));
	return (m & 0xffffff) | ((m >> 32) & 0xff) << 24;
}

static void v3_cpu_init(void)
{
	__u64 aff = mpidr_aff();
	__uptr rd = redist_base;
	__u64 typer;

	for (;; rd += GICR_STRIDE) {
		typer = REG32(rd, GICR_TYPER) |
			(__u64)REG32(rd, GICR_TYPER + 4) << 32;
		if ((typer >> 32) == aff)
			break;
		if (typer & GICR_TYPER_LAST)
			return;		/* not found: no interrupts here */
	}
	redist[lcpu_current()->idx] = rd;
	REG32(rd, GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	while (REG32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP)
		ukarch_spinwait();
	REG32(rd + GICR_SGI, GICR_IGROUPR0) = 0xffffffff;	/* group 1 */
	REG32(rd + GICR_SGI, GICR_ISENABLER0) = 0xffff;	/* the SGIs */
	/* system-register interface, all priorities, group 1 on */
	__asm__ __volatile__("mrs x0, S3_0_C12_C12_5\n\t"
			     "orr x0, x0, #1\n\t"
			     "msr S3_0_C12_C12_5, x0\n\tisb\n\t"
			     "mov x0, #0xff\n\t"
			     "msr S3_0_C4_C6_0, x0\n\t"
			     "mov x0, #1\n\t"
			     "msr S3_0_C12_C12_7, x0\n\tisb"
			     ::: "x0", "memory");
}

/* Per CPU, on the CPU: SGIs on, every priority let through */
void gic_cpu_init(void)
{
	if (version == 3) {
		v3_cpu_init();
		return;
	}
	if (version != 2)
		return;
	REG32(dist, GICD_ISENABLER(0)) = 0xffff;	/* banked: SGIs */
	REG32(cpuif, GICC_PMR) = 0xff;
	REG32(cpuif, GICC_CTLR) = 1;
	/* ITARGETSR0..7 read back this CPU's own interface bit */
	lcpu_current()->gic_target = REG32(dist, GICD_ITARGETSR(0)) & 0xff;
}

/* PPIs (16-31) are per CPU: enable on the calling CPU */
void gic_enable_irq(unsigned int irq)
{
	__uptr rd;

	if (version == 3) {
		rd = redist[lcpu_current()->idx];
		if (rd)
			REG32(rd + GICR_SGI, GICR_ISENABLER0) = 1U << irq;
	} else if (version == 2) {
		REG32(dist, GICD_ISENABLER(irq / 32)) = 1U << (irq % 32);
	}
}

/* ICC_SGI1R_EL1: affinity 3.2.1 of the target, a bit for its Aff0 */
static void v3_sgi(unsigned int sgi, __u64 id, int others)
{
	__u64 v = (__u64)sgi << 24;

	if (others)
		v |= 1ULL << 40;	/* IRM: everyone but me */
	else
		v |= (1ULL << (id & 0xf)) | ((id >> 8) & 0xff) << 16 |
		     ((id >> 16) & 0xff) << 32 | ((id >> 32) & 0xff) << 48;
	__asm__ __volatile__("dsb ishst\n\tmsr S3_0_C12_C11_5, %0\n\tisb"
			     :: "r"(v) : "memory");
}

void gic_send_sgi(unsigned int sgi, const struct lcpu *target)
{
	if (version == 3) {
		v3_sgi(sgi, target->id, 0);
	} else if (version == 2) {
		wmb();	/* what the target is to see, before the SGI */
		REG32(dist, GICD_SGIR) = target->gic_target << 16 | sgi;
	}
}

void gic_send_sgi_others(unsigned int sgi)
{
	if (version == 3) {
		v3_sgi(sgi, 0, 1);
	} else if (version == 2) {
		wmb();
		REG32(dist, GICD_SGIR) = GICD_SGIR_OTHERS | sgi;
	}
}

/* The acknowledged value goes back to gic_eoi() whole (v2 keeps the
 * source CPU of an SGI in it) */
unsigned int gic_ack(void)
{
	__u64 v;

	if (version == 3) {
		__asm__ __volatile__("mrs %0, S3_0_C12_C12_0" : "=r"(v));
		return (unsigned int)v;
	}
	if (version == 2)
		return REG32(cpuif, GICC_IAR);
	return 1023;
}

void gic_eoi(unsigned int iar)
{
	if (version == 3)
		__asm__ __volatile__("msr S3_0_C12_C12_1, %0\n\tisb"
				     :: "r"((__u64)iar));
	else if (version == 2)
		REG32(cpuif, GICC_EOIR) = iar;
}
