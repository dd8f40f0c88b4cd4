/* W^X for notebook cells: the arena is data (rw-, not executable) until
 * the host, having written a cell through GDB (debug writes ignore page
 * protection), makes the cell's code r-x. */
#include <errno.h>
#include <uk/essentials.h>
#include <ukrepl/host.h>
#ifdef CONFIG_PAGING
#include <uk/plat/paging.h>

/* the kernel's tables, which every CPU shares (arch/x86_64/paging) */
extern struct uk_pagetable kernel_pt;
#endif

/* Whole pages of the arena below its scratch part. */
static int in_arena(__uptr start, unsigned long len)
{
	__uptr lo = (__uptr)ukrepl_cell_arena_start;
	__uptr hi = (__uptr)ukrepl_cell_arena_end - UKREPL_ARENA_SCRATCH_SIZE;

	return !(start & 4095) && !(len & 4095) && len && start >= lo &&
	       start <= hi && len <= hi - start;
}

int ukrepl_cell_protect(const void *start, unsigned long len,
			unsigned long prot)
{
	if (!in_arena((__uptr)start, len))
		return -EINVAL;
#ifdef CONFIG_PAGING
	/* code or data, never both */
	if (prot != PAGE_ATTR_PROT_RW &&
	    prot != (PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_EXEC))
		return -EINVAL;
#ifdef CONFIG_ENFORCE_W_XOR_X
	return ukplat_page_set_attr(&kernel_pt, (__vaddr_t)start, len >> 12,
				    prot, 0);
#else
	return 0;	/* all rwx anyway */
#endif
#else
	(void)prot;
	return 0;
#endif
}

/* Protect, then run: each host call costs a stop, and a new cell's first
 * two calls are always these. The pair comes back in two registers (a
 * struct of two longs: rax:rdx, x0:x1), both shown at the call's stop. */
struct ukrepl_cell_ran ukrepl_cell_run(const void *start, unsigned long len,
				       unsigned long prot,
				       long (*entry)(long, long),
				       long a0, long a1)
{
	struct ukrepl_cell_ran ran = { ukrepl_cell_protect(start, len, prot), 0 };

	if (ran.status == 0)
		ran.value = entry(a0, a1);
	return ran;
}
