/* Multiboot v1: the header we give the loader and the information it gives us.
 * Multiboot Specification 0.6.96, §3.1 (header), §3.3 (boot information). */
#ifndef __X86_MULTIBOOT_H__
#define __X86_MULTIBOOT_H__

#define MULTIBOOT_HEADER_MAGIC		0x1badb002
#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002	/* in %eax at entry */

#define MULTIBOOT_PAGE_ALIGN		(1 << 0)
#define MULTIBOOT_MEMORY_INFO		(1 << 1)
/* Use the address fields of the header instead of parsing the file format:
 * QEMU refuses to load an ELF64 through multiboot otherwise. */
#define MULTIBOOT_AOUT_KLUDGE		(1 << 16)
#define MULTIBOOT_HEADER_FLAGS		(MULTIBOOT_PAGE_ALIGN | \
					 MULTIBOOT_MEMORY_INFO | \
					 MULTIBOOT_AOUT_KLUDGE)

/* Bits of multiboot_info.flags saying which fields are valid */
#define MULTIBOOT_INFO_MEMORY		(1 << 0)
#define MULTIBOOT_INFO_CMDLINE		(1 << 2)
#define MULTIBOOT_INFO_MEM_MAP		(1 << 6)

#define MULTIBOOT_MEMORY_AVAILABLE	1

#ifndef __ASSEMBLY__

#include <uk/essentials.h>

struct multiboot_info {
	__u32 flags;
	__u32 mem_lower;	/* KiB below 1 MiB */
	__u32 mem_upper;	/* KiB above 1 MiB, up to the first hole */
	__u32 boot_device;
	__u32 cmdline;		/* physical address of a C string */
	__u32 mods_count;
	__u32 mods_addr;
	__u32 syms[4];
	__u32 mmap_length;	/* bytes */
	__u32 mmap_addr;
	/* drives, config table, loader name, APM, VBE and framebuffer follow */
} __packed;

/* `size` does not count itself: the next entry is at (char *)e + size + 4. */
struct multiboot_mmap_entry {
	__u32 size;
	__u64 addr;
	__u64 len;
	__u32 type;
} __packed;

UK_CTASSERT(sizeof(struct multiboot_mmap_entry) == 24);
UK_CTASSERT(__offsetof(struct multiboot_info, mmap_addr) == 48);

/* Reads the memory map and command line; returns argc, fills argv. */
int multiboot_parse(const struct multiboot_info *mbi, char **argv, int maxargs);
/* Where the extended BIOS data area starts, or 0 */
__uptr multiboot_ebda(const struct multiboot_info *mbi);

#endif /* !__ASSEMBLY__ */
#endif /* __X86_MULTIBOOT_H__ */
