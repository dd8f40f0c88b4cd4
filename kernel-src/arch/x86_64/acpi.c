/* Finding the processors through ACPI: the RSDP points at the RSDT or XSDT,
 * which lists the other tables; the MADT ("APIC") lists one entry per
 * processor. ACPI Specification 6.5 §5.2.5.1 (finding the RSDP), §5.2.12. */

/*
 * QEMU builds the tables and its firmware installs them: on microvm with
 * acpi=on, qboot puts them in the BIOS area below 1 MiB, which is not RAM in
 * the memory map (QEMU 7.2 with -smp 4: RSDP revision 2 at 0xf34d0, the
 * MADT just below 0xf0000). Everything is read in place, through the boot
 * identity map, before the heap exists.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include "acpi.h"
#include "platform.h"

#define EBDA_SEARCH_LEN		1024
#define BIOS_AREA_START		0xe0000
#define BIOS_SEGMENT_F		0xf0000
#define BIOS_AREA_END		0x100000
#define RSDP_ALIGN		16

static const struct acpi_madt *madt;

static int checksum_ok(const void *p, __sz len)
{
	const __u8 *b = p;
	__u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* A pointer found in a table may be garbage: only follow it into the
 * identity map, never into page 0. */
static int mapped(__u64 addr, __u64 len)
{
	return addr >= __PAGE_SIZE && addr < IDENTITY_MAP_END &&
	       len <= IDENTITY_MAP_END - addr;
}

static const struct acpi_rsdp *rsdp_valid(__uptr addr)
{
	const struct acpi_rsdp *r = (const void *)addr;

	if (memcmp(r->signature, ACPI_RSDP_SIGNATURE, 8) ||
	    !checksum_ok(r, ACPI_RSDP_V1_LENGTH))
		return NULL;
	if (r->revision >= 2 && !checksum_ok(r, r->length))
		return NULL;
	return r;
}

/*
 * The RSDP starts at a 16-byte boundary with the 8-byte signature. One
 * `repne scasq` finds the next copy of the signature in a single instruction:
 * under a hypervisor that emulates the guest instruction by instruction (this
 * host's nested KVM takes ~1 us each) that is ten times faster than a loop.
 * A hit that is not at a boundary, or not a valid RSDP, resumes the search.
 */
static const struct acpi_rsdp *rsdp_scan(__uptr start, __uptr end)
{
	__u64 sig;
	const __u64 *p = (const __u64 *)ALIGN_UP(start, RSDP_ALIGN);
	__sz words = (end - (__uptr)p) / sizeof(*p);
	const struct acpi_rsdp *r;

	memcpy(&sig, ACPI_RSDP_SIGNATURE, sizeof(sig));
	while (words) {
		__asm__ __volatile__("repne scasq"
				     : "+D"(p), "+c"(words)
				     : "a"(sig)
				     : "memory", "cc");
		if (p[-1] != sig)
			break;		/* ran out */
		r = (const void *)(p - 1);
		if (IS_ALIGNED((__uptr)r, RSDP_ALIGN) &&
		    (__uptr)r + sizeof(*r) <= end && rsdp_valid((__uptr)r))
			return r;
	}
	return NULL;
}

/*
 * The places the specification names, the BIOS area in two halves: the
 * upper one (the firmware's own segment, where SeaBIOS and qboot put the
 * RSDP) first, which makes the search six times shorter on QEMU.
 */
static const struct acpi_rsdp *rsdp_find(__uptr ebda)
{
	const struct acpi_rsdp *r = NULL;

	if (ebda && mapped(ebda, EBDA_SEARCH_LEN))
		r = rsdp_scan(ebda, ebda + EBDA_SEARCH_LEN);
	if (!r)
		r = rsdp_scan(BIOS_SEGMENT_F, BIOS_AREA_END);
	if (!r)
		r = rsdp_scan(BIOS_AREA_START, BIOS_SEGMENT_F);
	return r;
}

static const struct acpi_sdt_header *table_valid(__u64 addr, const char *sig)
{
	const struct acpi_sdt_header *h = (const void *)(__uptr)addr;

	if (!mapped(addr, sizeof(*h)) || memcmp(h->signature, sig, 4) ||
	    h->length < sizeof(*h) || !mapped(addr, h->length) ||
	    !checksum_ok(h, h->length))
		return NULL;
	return h;
}

/*
 * The RSDT holds 32-bit table addresses, the XSDT (ACPI 2.0+) 64-bit ones;
 * with both present the XSDT is the one to use.
 */
static const struct acpi_sdt_header *find_table(const struct acpi_rsdp *r,
						const char *sig)
{
	const struct acpi_sdt_header *root = NULL, *t;
	unsigned int entry_size = 4, i, n;
	const __u8 *entries;
	__u64 addr;

	if (r->revision >= 2 && r->xsdt_address) {
		root = table_valid(r->xsdt_address, ACPI_XSDT_SIGNATURE);
		entry_size = 8;
	}
	if (!root) {
		root = table_valid(r->rsdt_address, ACPI_RSDT_SIGNATURE);
		entry_size = 4;
	}
	if (!root)
		return NULL;

	entries = (const __u8 *)(root + 1);
	n = (root->length - sizeof(*root)) / entry_size;
	for (i = 0; i < n; i++) {
		addr = 0;
		memcpy(&addr, entries + i * entry_size, entry_size);
		t = table_valid(addr, sig);
		if (t)
			return t;
	}
	return NULL;
}

int acpi_init(__uptr ebda)
{
	const struct acpi_rsdp *r = rsdp_find(ebda);

	if (!r) {
		uk_pr_info("acpi: no RSDP\n");
		return -ENOENT;
	}
	madt = (const struct acpi_madt *)find_table(r, ACPI_MADT_SIGNATURE);
	uk_pr_info("acpi: RSDP rev %u at %p, MADT at %p\n",
		   r->revision, r, madt);
	return madt ? 0 : -ENOENT;
}

static int cpu_usable(__u32 flags)
{
	return flags & (ACPI_MADT_CPU_ENABLED | ACPI_MADT_CPU_ONLINE_CAPABLE);
}

int acpi_madt_foreach_cpu(int (*fn)(__u32 apic_id, void *arg), void *arg)
{
	const __u8 *p, *end;
	const struct acpi_madt_entry *e;
	const struct acpi_madt_lapic *lapic;
	const struct acpi_madt_x2apic *x2apic;
	int calls = 0;

	if (!madt)
		return 0;
	p = madt->entries;
	end = (const __u8 *)madt + madt->header.length;
	for (; p + sizeof(*e) <= end; p += e->length) {
		e = (const void *)p;
		if (e->length < sizeof(*e) || p + e->length > end)
			break;		/* a broken entry: trust nothing after */
		if (e->type == ACPI_MADT_LAPIC &&
		    e->length >= sizeof(*lapic)) {
			lapic = (const void *)e;
			if (!cpu_usable(lapic->flags))
				continue;
			calls++;
			if (fn(lapic->apic_id, arg))
				break;
		} else if (e->type == ACPI_MADT_X2APIC &&
			   e->length >= sizeof(*x2apic)) {
			x2apic = (const void *)e;
			if (!cpu_usable(x2apic->flags))
				continue;
			calls++;
			if (fn(x2apic->x2apic_id, arg))
				break;
		}
	}
	return calls;
}
