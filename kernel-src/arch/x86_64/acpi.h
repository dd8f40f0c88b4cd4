/* The ACPI tables this kernel reads: the RSDP, the RSDT/XSDT and the MADT,
 * laid out as the firmware leaves them in memory. ACPI Specification 6.5,
 * §5.2.5 (RSDP), §5.2.6 (table header), §5.2.7/8 (RSDT/XSDT), §5.2.12 (MADT). */
#ifndef __X86_ACPI_H__
#define __X86_ACPI_H__

#include <uk/essentials.h>

#define ACPI_RSDP_SIGNATURE	"RSD PTR "
#define ACPI_MADT_SIGNATURE	"APIC"
#define ACPI_RSDT_SIGNATURE	"RSDT"
#define ACPI_XSDT_SIGNATURE	"XSDT"

struct acpi_rsdp {
	char signature[8];
	__u8 checksum;		/* bytes 0..19 sum to 0 */
	char oem_id[6];
	__u8 revision;		/* 0: ACPI 1.0; 2: ACPI 2.0+ (fields below) */
	__u32 rsdt_address;
	__u32 length;
	__u64 xsdt_address;
	__u8 extended_checksum;	/* all `length` bytes sum to 0 */
	__u8 reserved[3];
} __packed;

#define ACPI_RSDP_V1_LENGTH	20

struct acpi_sdt_header {
	char signature[4];
	__u32 length;		/* of the whole table, header included */
	__u8 revision;
	__u8 checksum;		/* the whole table sums to 0 */
	char oem_id[6];
	char oem_table_id[8];
	__u32 oem_revision;
	__u32 creator_id;
	__u32 creator_revision;
} __packed;

struct acpi_madt {
	struct acpi_sdt_header header;
	__u32 lapic_address;
	__u32 flags;
	__u8 entries[];		/* struct acpi_madt_entry, back to back */
} __packed;

#define ACPI_MADT_LAPIC		0	/* processor local APIC */
#define ACPI_MADT_X2APIC	9	/* processor local x2APIC */

struct acpi_madt_entry {
	__u8 type;
	__u8 length;
} __packed;

/* Flags of both processor entry types */
#define ACPI_MADT_CPU_ENABLED		(1 << 0)
#define ACPI_MADT_CPU_ONLINE_CAPABLE	(1 << 1)

struct acpi_madt_lapic {
	struct acpi_madt_entry h;
	__u8 processor_uid;
	__u8 apic_id;
	__u32 flags;
} __packed;

struct acpi_madt_x2apic {
	struct acpi_madt_entry h;
	__u16 reserved;
	__u32 x2apic_id;
	__u32 flags;
	__u32 processor_uid;
} __packed;

UK_CTASSERT(sizeof(struct acpi_rsdp) == 36);
UK_CTASSERT(sizeof(struct acpi_sdt_header) == 36);
UK_CTASSERT(sizeof(struct acpi_madt_lapic) == 8);
UK_CTASSERT(sizeof(struct acpi_madt_x2apic) == 16);

/*
 * Finds the RSDP (in the first KiB of the EBDA, which starts at `ebda`, or
 * 0 if unknown, then in the BIOS area) and from it the MADT. Returns 0, or
 * -ENOENT when there is no valid MADT.
 */
int acpi_init(__uptr ebda);

/* Calls fn(apic_id, arg) for every processor the MADT lists as enabled or
 * online-capable, in table order; stops early if fn returns non-zero.
 * Returns the number of calls made (0 without a MADT). */
int acpi_madt_foreach_cpu(int (*fn)(__u32 apic_id, void *arg), void *arg);

#endif /* __X86_ACPI_H__ */
