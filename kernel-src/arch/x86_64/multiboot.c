/* What the multiboot loader hands over: the memory map and the command line.
 * Multiboot Specification 0.6.96 §3.3 (boot information format). */
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include "multiboot.h"
#include "platform.h"

/* The first MiB holds firmware data and the loader's tables: never heap. */
#define LOW_MEMORY_END		0x100000UL
#define CMDLINE_MAX		1024

#define RAM_FLAGS	(UKPLAT_MEMRF_READABLE | UKPLAT_MEMRF_WRITABLE)

extern char _text[], _end[];	/* the image, from the linker script */

/* Copies, because QEMU puts the information block right after the image, in
 * memory that the heap is about to take. */
static char cmdline[CMDLINE_MAX];

/* One range of RAM, cut into low memory, the image and free memory. */
static void add_ram(__u64 base, __u64 end)
{
	__uptr img_lo = (__uptr)_text, img_hi = (__uptr)_end;
	__uptr lo, hi;

	if (end > IDENTITY_MAP_END) {
		uk_pr_warn("RAM above 4 GiB is not mapped: ignored\n");
		end = IDENTITY_MAP_END;
	}
	if (base >= end)
		return;
	memregion_add(base, MIN(end, LOW_MEMORY_END),
		      RAM_FLAGS | UKPLAT_MEMRF_RESERVED, "low memory");
	lo = MAX(base, LOW_MEMORY_END);
	hi = end;
	memregion_add(lo, MIN(hi, img_lo),
		      RAM_FLAGS | UKPLAT_MEMRF_ALLOCATABLE, "free");
	memregion_add(MAX(lo, img_lo), MIN(hi, img_hi),
		      RAM_FLAGS | UKPLAT_MEMRF_RESERVED | UKPLAT_MEMRF_KERNEL,
		      "ukrepl image");
	memregion_add(MAX(lo, img_hi), hi,
		      RAM_FLAGS | UKPLAT_MEMRF_ALLOCATABLE, "free");
}

static void parse_mmap(const struct multiboot_info *mbi)
{
	__uptr p = mbi->mmap_addr;
	__uptr end = p + mbi->mmap_length;

	while (p < end) {
		const struct multiboot_mmap_entry *e = (const void *)p;

		if (e->type == MULTIBOOT_MEMORY_AVAILABLE)
			add_ram(e->addr, e->addr + e->len);
		p += e->size + sizeof(e->size);
	}
}

/* Splits the copied command line at spaces (no quoting) into argv. */
static int split_cmdline(char **argv, int maxargs)
{
	char *p = cmdline;
	int argc = 0;

	while (*p && argc < maxargs) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[argc] = NULL;
	return argc;
}

int multiboot_parse(const struct multiboot_info *mbi, char **argv,
		    int maxargs)
{
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		parse_mmap(mbi);
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		add_ram(0, (__u64)mbi->mem_lower << 10);
		add_ram(LOW_MEMORY_END,
			LOW_MEMORY_END + ((__u64)mbi->mem_upper << 10));
	}
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		strncpy(cmdline, (const char *)(__uptr)mbi->cmdline,
			sizeof(cmdline) - 1);
	return split_cmdline(argv, maxargs);
}

/* The EBDA, if there is one, begins where conventional memory ends, which is
 * what the loader reports as mem_lower (the BIOS's INT 12h value). The BDA
 * word at 0x40e says the same, but it lies in page 0, which stays unmapped.
 * Returns 0 if unknown. */
__uptr multiboot_ebda(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MULTIBOOT_INFO_MEMORY))
		return 0;
	return (__uptr)mbi->mem_lower << 10;
}
