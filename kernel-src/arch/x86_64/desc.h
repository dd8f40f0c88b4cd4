/* Segment descriptors, the 64-bit TSS and IDT gates, as the CPU reads them.
 * Intel SDM Vol. 3A §3.4.5 (segment descriptors), §7.2.3 (TSS descriptor in
 * 64-bit mode), §7.7 (64-bit TSS), §6.14.1 (64-bit IDT gates). */
#ifndef __X86_DESC_H__
#define __X86_DESC_H__

/* GDT layout, the same on every CPU; selector = byte offset in the GDT. */
#define GDT_SEL_NULL		0x00
#define GDT_SEL_CODE		0x08
#define GDT_SEL_DATA		0x10
#define GDT_SEL_TSS		0x18	/* a 16-byte system descriptor */
#define GDT_NUM_ENTRIES		5	/* in 8-byte slots */

/* Access byte of a segment descriptor */
#define SEG_ACCESS_PRESENT	0x80
#define SEG_ACCESS_CODEDATA	0x10	/* S bit: code/data, not system */
#define SEG_ACCESS_CODE		0x08	/* executable */
#define SEG_ACCESS_RW		0x02	/* readable code, writable data */
#define SEG_ACCESS_ACCESSED	0x01
#define SEG_TYPE_TSS64		0x09	/* system type: available 64-bit TSS */

/* Flags nibble (bits 52..55 of the descriptor) */
#define SEG_FLAG_GRAN		0x8	/* limit in 4 KiB units */
#define SEG_FLAG_DB		0x4	/* 32-bit default operand size */
#define SEG_FLAG_LONG		0x2	/* 64-bit code segment */

#define SEG_ACCESS_KCODE	(SEG_ACCESS_PRESENT | SEG_ACCESS_CODEDATA | \
				 SEG_ACCESS_CODE | SEG_ACCESS_RW)
#define SEG_ACCESS_KDATA	(SEG_ACCESS_PRESENT | SEG_ACCESS_CODEDATA | \
				 SEG_ACCESS_RW)

/* A flat 4 GiB descriptor as one 64-bit value, for the boot GDT in assembly. */
#define SEG_DESC_FLAT(access, flags)					\
	(((flags) << 52) | (0xf << 48) | ((access) << 40) | 0xffff)

/* IDT gate type/attribute: present, DPL 0, 64-bit interrupt gate (clears IF) */
#define IDT_GATE_INTR		0x8e
#define IDT_NUM_ENTRIES		256

/*
 * Interrupt stack table slots (1-based, as gates name them; 0 = no switch):
 * one stack for hardware interrupts (IPIs included), one for the critical
 * exceptions NMI, double fault and machine check. Other exceptions stay on
 * the current stack (see idt.c).
 */
#define IST_IRQ			1
#define IST_CRITICAL		2
#define IST_COUNT		2

#ifndef __ASSEMBLY__

#include <uk/essentials.h>

struct seg_desc {
	__u16 limit_lo;
	__u16 base_lo;
	__u8 base_mid;
	__u8 access;
	__u8 limit_hi_flags;	/* limit 19:16 in the low nibble, flags above */
	__u8 base_hi;
} __packed;

/* TSS and LDT descriptors are 16 bytes in 64-bit mode. */
struct sys_desc64 {
	struct seg_desc lo;
	__u32 base_upper;
	__u32 reserved;
} __packed;

struct gdt {
	struct seg_desc null;
	struct seg_desc code;
	struct seg_desc data;
	struct sys_desc64 tss;
} __packed;

struct tss64 {
	__u32 reserved0;
	__u64 rsp[3];		/* ring changes: unused, all is ring 0 */
	__u64 reserved1;
	__u64 ist[7];		/* ist[n - 1] is IST slot n */
	__u64 reserved2;
	__u16 reserved3;
	__u16 iomap_base;
} __packed;

struct idt_gate {
	__u16 offset_lo;
	__u16 selector;
	__u8 ist;
	__u8 type_attr;
	__u16 offset_mid;
	__u32 offset_hi;
	__u32 reserved;
} __packed;

/* Operand of lgdt/lidt */
struct desc_ptr {
	__u16 limit;
	__u64 base;
} __packed;

UK_CTASSERT(sizeof(struct seg_desc) == 8);
UK_CTASSERT(sizeof(struct sys_desc64) == 16);
UK_CTASSERT(sizeof(struct gdt) == GDT_NUM_ENTRIES * 8);
UK_CTASSERT(__offsetof(struct gdt, code) == GDT_SEL_CODE);
UK_CTASSERT(__offsetof(struct gdt, data) == GDT_SEL_DATA);
UK_CTASSERT(__offsetof(struct gdt, tss) == GDT_SEL_TSS);
UK_CTASSERT(sizeof(struct tss64) == 104);
UK_CTASSERT(sizeof(struct idt_gate) == 16);
UK_CTASSERT(sizeof(struct desc_ptr) == 10);

#endif /* !__ASSEMBLY__ */
#endif /* __X86_DESC_H__ */
