/* Control registers, MSRs and port I/O: names for the bits we use and inline
 * wrappers for the privileged instructions. Intel SDM Vol. 3A §2.5 (control
 * registers), §2.2.1 / Vol. 4 (MSRs), Vol. 2 (instruction reference). */
#ifndef __X86_CPU_H__
#define __X86_CPU_H__

#define X86_CR0_PE		(1 << 0)	/* protected mode */
#define X86_CR0_MP		(1 << 1)	/* WAIT obeys TS */
#define X86_CR0_EM		(1 << 2)	/* x87 emulated: #UD on SSE */
#define X86_CR0_TS		(1 << 3)	/* task switched: #NM on FPU use */
#define X86_CR0_NE		(1 << 5)	/* x87 errors as #MF */
#define X86_CR0_WP		(1 << 16)	/* ring 0 obeys read-only */
#define X86_CR0_NW		(1 << 29)	/* not write-through */
#define X86_CR0_CD		(1 << 30)	/* cache disable */
#define X86_CR0_PG		(1 << 31)	/* paging */

#define X86_CR4_PAE		(1 << 5)	/* 64-bit page table entries */
#define X86_CR4_PGE		(1 << 7)	/* global pages */
#define X86_CR4_OSFXSR		(1 << 9)	/* FXSAVE/FXRSTOR and SSE on */
#define X86_CR4_OSXMMEXCPT	(1 << 10)	/* SIMD FP exceptions as #XM */

#define X86_MSR_APIC_BASE	0x0000001b
#define X86_APIC_BASE_BSP	(1 << 8)	/* this is the boot CPU */
#define X86_APIC_BASE_EXTD	(1 << 10)	/* x2APIC mode */
#define X86_APIC_BASE_EN	(1 << 11)	/* APIC globally enabled */
#define X86_APIC_BASE_ADDR_MASK	0x000ffffffffff000ULL

#define X86_MSR_EFER		0xc0000080
#define X86_EFER_LME		(1 << 8)	/* long mode enable */
#define X86_EFER_NXE		(1 << 11)	/* execute-disable PTE bit */
#define X86_EFER_SCE		(1 << 0)	/* syscall/sysret enable */
#define X86_MSR_STAR		0xc0000081	/* syscall's CS/SS selectors */
#define X86_MSR_LSTAR		0xc0000082	/* syscall's 64-bit entry */
#define X86_MSR_SFMASK		0xc0000084	/* RFLAGS bits syscall clears */
#define X86_MSR_FS_BASE		0xc0000100
#define X86_MSR_GS_BASE		0xc0000101

#define X86_RFLAGS_IF		(1 << 9)

/* CPUID leaf 01H: version and feature information */
#define X86_CPUID_FEATURES	0x00000001
#define X86_CPUID1_EDX_APIC	(1 << 9)	/* on-chip local APIC */
#define X86_CPUID1_ECX_X2APIC	(1 << 21)
#define X86_CPUID1_ECX_HYPERVISOR (1U << 31)	/* running in a VM */
#define X86_CPUID1_EBX_APIC_ID_SHIFT 24	/* initial APIC ID, EBX[31:24] */

#define X86_CPUID_EXT_FEATURES	0x80000001
#define X86_CPUID_EXT_EDX_NX	(1 << 20)
#define X86_CPUID_EXT_EDX_PAGE1GB (1 << 26)	/* 1 GiB pages */

#ifndef __ASSEMBLY__

#include <uk/arch/types.h>

static inline void outb(__u16 port, __u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline __u8 inb(__u16 port)
{
	__u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(__u16 port, __u16 v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline __u64 rdmsr(__u32 msr)
{
	__u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((__u64)hi << 32) | lo;
}

static inline void wrmsr(__u32 msr, __u64 v)
{
	__u32 lo = (__u32)v, hi = (__u32)(v >> 32);

	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"(lo), "d"(hi));
}

#define X86_READ_CR(n)							\
	static inline unsigned long read_cr##n(void)			\
	{								\
		unsigned long v;					\
									\
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}
X86_READ_CR(0)
X86_READ_CR(2)
X86_READ_CR(3)
X86_READ_CR(4)
#undef X86_READ_CR

static inline void write_cr3(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(v) : "memory");
}

/* Forget the TLB entry (of any page size) and the paging-structure cache
 * entries for the page that holds `addr` (SDM Vol. 3A §4.10.4.1). */
static inline void invlpg(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline void cpuid(__u32 leaf, __u32 subleaf,
			 __u32 *a, __u32 *b, __u32 *c, __u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(subleaf));
}

static inline unsigned long read_rflags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f));
	return f;
}

static inline void cli(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void sti(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline __u64 rdtsc(void)
{
	__u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((__u64)hi << 32) | lo;
}

#endif /* !__ASSEMBLY__ */
#endif /* __X86_CPU_H__ */
