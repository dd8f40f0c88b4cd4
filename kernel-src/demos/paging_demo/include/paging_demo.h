/* Small things to call from a notebook cell or a host test to see the
 * paging API and W^X at work (lib/paging_demo). All return 0 or a negative
 * errno unless said otherwise; all run with interrupts off, as host calls
 * do. Addresses: anything not mapped yet, e.g. 1 TiB (0x10000000000). */
#ifndef __PAGING_DEMO_H__
#define __PAGING_DEMO_H__

#include <uk/essentials.h>
#include <uk/plat/lcpu.h>

/* What the last timed call (map_4k, unmap_4k) took, in ns */
extern __u64 paging_demo_last_ns;

/* Maps `pages` fresh zeroed frames rw- at vaddr (4 KiB units; the largest
 * pages that fit), with ukplat_page_map(..., __PADDR_ANY, ...). */
int paging_demo_map(unsigned long vaddr, unsigned long pages);
/* Unmaps them again; their frames go back to the allocator. */
int paging_demo_unmap(unsigned long vaddr, unsigned long pages);
/* Writes each page's number into it and reads all back: how many pages
 * read back right (a fault if some page is not mapped rw). */
long paging_demo_touch(unsigned long vaddr, unsigned long pages);

/*
 * A bench: maps `pages` 4 KiB pages at vaddr (2 MiB aligned) with
 * PAGE_FLAG_FORCE_SIZE, one leaf entry each. Every 2 MiB of the range maps
 * the same 2 MiB of physical memory (one block from the allocator, taken at
 * the first call and kept), so 1 GiB (262144 pages) costs its 513 page-table
 * pages and nothing else. The time goes to paging_demo_last_ns.
 */
int paging_demo_map_4k(unsigned long vaddr, unsigned long pages);
/* Unmaps such a range in one call (one shootdown); timed as well. */
int paging_demo_unmap_4k(unsigned long vaddr, unsigned long pages);

/* A function in kernel text: `movl $1, %eax; ret`; what it returns is
 * the immediate that paging_demo_write_text() changes. */
int paging_demo_text_target(void);
/* Adds one to that immediate, a write to kernel text, and returns what
 * the function returns now. Under W^X that write is a crash ("write to
 * kernel text (r-x): W^X forbids it"), unless the page was made writable
 * first. */
int paging_demo_write_text(void);
/* ukplat_page_set_attr() on the text page that holds the target:
 * writable != 0 makes it rwx, 0 r-x again. */
int paging_demo_text_writable(int writable);
/* A write to read-only data: a crash under W^X */
int paging_demo_write_rodata(void);
/* Calls a `ret` instruction in .data: a crash under W^X (no-execute) */
int paging_demo_exec_data(void);
/* Recursion without end on the calling stack: it runs into the stack's
 * guard page, and the report says so (a double fault: the page fault
 * finds no stack to push its frame on). */
int paging_demo_stack_overflow(int depth);

/* Maps a page, lets CPU `cpu` read it (so its TLB holds the page), maps
 * another frame at the same address and lets the CPU read again: 0 if it
 * saw the new frame, 1 if it saw a stale one. */
int paging_demo_tlb_check(__lcpuidx cpu);
/* ukplat_page_unmap(vaddr, pages) run on CPU `cpu` while this CPU waits
 * with interrupts off: the shootdown has to reach this CPU by NMI. Returns
 * what the unmap returned. */
int paging_demo_unmap_on(__lcpuidx cpu, unsigned long vaddr,
			 unsigned long pages);

/* The API's contract, checked in the guest: 0 if all is well, else the
 * number of the first check that failed (printed too). */
int paging_demo_selftest(void);

#endif /* __PAGING_DEMO_H__ */
