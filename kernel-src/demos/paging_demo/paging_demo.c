/* The paging demo library: the paging API and W^X seen from a notebook cell
 * or a host test (see include/paging_demo.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <paging_demo.h>

#ifdef CONFIG_PAGING
#include <uk/plat/paging.h>

#define WINDOW_PAGES	(PAGE_LARGE_SIZE / PAGE_SIZE)	/* 512 */

__u64 paging_demo_last_ns;

static struct uk_pagetable *pt(void)
{
	return ukplat_pt_get_active();
}

int paging_demo_map(unsigned long vaddr, unsigned long pages)
{
	return ukplat_page_map(pt(), vaddr, __PADDR_ANY, pages,
			       PAGE_ATTR_PROT_RW, 0);
}

int paging_demo_unmap(unsigned long vaddr, unsigned long pages)
{
	return ukplat_page_unmap(pt(), vaddr, pages, 0);
}

long paging_demo_touch(unsigned long vaddr, unsigned long pages)
{
	unsigned long i;
	long good = 0;

	for (i = 0; i < pages; i++)
		*(volatile unsigned long *)(vaddr + i * PAGE_SIZE) = i;
	for (i = 0; i < pages; i++)
		good += *(volatile unsigned long *)(vaddr + i * PAGE_SIZE) == i;
	return good;
}

/* ------------------------------------------------ 4 KiB bench */

static __paddr_t window;	/* 2 MiB of frames, shared by every chunk */

int paging_demo_map_4k(unsigned long vaddr, unsigned long pages)
{
	const unsigned long flags = PAGE_FLAG_FORCE_SIZE | PAGE_FLAG_SIZE(0);
	unsigned long done = 0, n, slot;
	__nsec start;
	int rc = 0;

	if (!PAGE_LARGE_ALIGNED(vaddr))
		return -EINVAL;
	if (!window) {
		void *w = uk_palloc(uk_alloc_get_default(), WINDOW_PAGES);

		if (!w)
			return -ENOMEM;
		memset(w, 0, PAGE_LARGE_SIZE);
		window = (__paddr_t)(__uptr)w;
	}
	start = ukplat_monotonic_clock();
	while (done < pages) {
		/* up to the next 2 MiB boundary, onto the same offsets of
		 * the window */
		slot = done % WINDOW_PAGES;
		n = MIN(WINDOW_PAGES - slot, pages - done);
		rc = ukplat_page_map(pt(), vaddr + done * PAGE_SIZE,
				     window + slot * PAGE_SIZE, n,
				     PAGE_ATTR_PROT_RW, flags);
		if (rc)
			break;
		done += n;
	}
	paging_demo_last_ns = ukplat_monotonic_clock() - start;
	if (rc && done)
		ukplat_page_unmap(pt(), vaddr, done, PAGE_FLAG_KEEP_FRAMES);
	return rc;
}

int paging_demo_unmap_4k(unsigned long vaddr, unsigned long pages)
{
	__nsec start = ukplat_monotonic_clock();
	int rc;

	rc = ukplat_page_unmap(pt(), vaddr, pages, PAGE_FLAG_KEEP_FRAMES);
	paging_demo_last_ns = ukplat_monotonic_clock() - start;
	return rc;
}

/* ------------------------------------------------ W^X */

/* `movl $1, %eax; ret` (b8 01 00 00 00 c3): the immediate starts at byte 1.
 * Naked, so that GCC adds nothing, and in C, so that GDB knows its type. */
__attribute__((naked, noinline)) int paging_demo_text_target(void)
{
	__asm__ __volatile__("movl $1, %eax\n\tret");
}

int paging_demo_write_text(void)
{
	volatile __u32 *imm =
		(volatile __u32 *)((__uptr)paging_demo_text_target + 1);

	*imm = *imm + 1;
	return paging_demo_text_target();
}

int paging_demo_text_writable(int writable)
{
	__vaddr_t page = PAGE_ALIGN_DOWN((__vaddr_t)paging_demo_text_target);

	return ukplat_page_set_attr(pt(), page, 1,
				    writable ? PAGE_ATTR_PROT_RWX
					     : PAGE_ATTR_PROT_READ |
					       PAGE_ATTR_PROT_EXEC, 0);
}

static const int demo_rodata = 1;

int paging_demo_write_rodata(void)
{
	*(volatile int *)&demo_rodata = 2;
	return demo_rodata;
}

/* `ret`, in .data */
static __u8 demo_data_code[16] = { 0xc3 };

int paging_demo_exec_data(void)
{
	void (*fn)(void) = (void (*)(void))(__uptr)demo_data_code;

	barrier();
	fn();
	return 0;
}

int paging_demo_stack_overflow(int depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth < 0)		/* never: keeps the recursion a real one */
		return 0;
	return paging_demo_stack_overflow(depth + 1) + pad[0];
}

#ifdef CONFIG_HAVE_SMP
/* ------------------------------------------------ other CPUs */

#define TLB_CHECK_VA	0x10000000000UL		/* 1 TiB */
#define WAIT_NS		(2000 * 1000 * 1000ULL)

static volatile unsigned long remote_value;

static void remote_read(struct __regs *regs __unused, void *arg)
{
	remote_value = *(volatile unsigned long *)arg;
}

static int run_on(__lcpuidx cpu, void (*fn)(struct __regs *, void *),
		  void *arg)
{
	struct ukplat_lcpu_func f = { .fn = fn, .user = arg };
	unsigned int num = 1;
	int rc;

	rc = ukplat_lcpu_run(&cpu, &num, &f, 0);
	if (!rc)
		rc = ukplat_lcpu_wait(&cpu, &num, WAIT_NS);
	return rc;
}

int paging_demo_tlb_check(__lcpuidx cpu)
{
	volatile unsigned long *p = (volatile unsigned long *)TLB_CHECK_VA;
	int rc;

	if (cpu == ukplat_lcpu_idx() || cpu >= ukplat_lcpu_count())
		return -EINVAL;
	rc = paging_demo_map(TLB_CHECK_VA, 1);
	if (rc)
		return rc;
	*p = 0x1111;
	rc = run_on(cpu, remote_read, (void *)p);
	if (!rc && remote_value != 0x1111)
		rc = -EIO;
	/* the same address, another frame: the other CPU's TLB still holds
	 * the old one unless the unmap reached it */
	if (!rc)
		rc = paging_demo_unmap(TLB_CHECK_VA, 1);
	if (!rc)
		rc = paging_demo_map(TLB_CHECK_VA, 1);
	if (rc)
		return rc;
	*p = 0x2222;
	rc = run_on(cpu, remote_read, (void *)p);
	paging_demo_unmap(TLB_CHECK_VA, 1);
	if (rc)
		return rc;
	return remote_value == 0x2222 ? 0 : 1;
}

struct remote_unmap {
	unsigned long vaddr, pages;
	volatile int rc;
};

static void remote_unmap(struct __regs *regs __unused, void *arg)
{
	struct remote_unmap *u = arg;

	u->rc = paging_demo_unmap(u->vaddr, u->pages);
}

int paging_demo_unmap_on(__lcpuidx cpu, unsigned long vaddr,
			 unsigned long pages)
{
	struct remote_unmap u = { .vaddr = vaddr, .pages = pages, .rc = 1 };
	int rc;

	if (cpu == ukplat_lcpu_idx() || cpu >= ukplat_lcpu_count())
		return -EINVAL;
	rc = run_on(cpu, remote_unmap, &u);
	return rc ? rc : u.rc;
}
#else
int paging_demo_tlb_check(__lcpuidx cpu __unused)
{
	return -ENODEV;
}

int paging_demo_unmap_on(__lcpuidx cpu __unused,
			 unsigned long vaddr __unused,
			 unsigned long pages __unused)
{
	return -ENODEV;
}
#endif /* CONFIG_HAVE_SMP */

/* ------------------------------------------------ self test */

#define T_VA		0x10000000000UL		/* 1 TiB: nothing there */
#define T_PAGES_2M	(PAGE_LARGE_SIZE / PAGE_SIZE)

static int failed;

#define CHECK(n, cond)							\
	do {								\
		if (!failed && !(cond)) {				\
			printf("paging_demo_selftest: check %d failed: "\
			       "%s\n", n, #cond);			\
			failed = n;					\
		}							\
	} while (0)

static int walk(__vaddr_t va, unsigned int *lvl, __pte_t *pte)
{
	*lvl = PAGE_LEVEL;
	return ukplat_pt_walk(pt(), va, lvl, NULL, pte);
}

int paging_demo_selftest(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long free0 = uk_alloc_pavailmem_total();
	unsigned long splits0 = pt()->nr_lx_splits[PAGE_LARGE_LEVEL];
	unsigned int lvl;
	__pte_t pte;
	int rc;

	failed = 0;

	/* one page of fresh memory */
	CHECK(1, paging_demo_map(T_VA, 1) == 0);
	CHECK(2, walk(T_VA, &lvl, &pte) == 0 && lvl == PAGE_LEVEL &&
		 (pte & X86_PTE_PRESENT) && (pte & X86_PTE_RW));
	CHECK(3, paging_demo_touch(T_VA, 1) == 1);
	CHECK(4, paging_demo_map(T_VA, 1) == -EEXIST);
	CHECK(5, ukplat_page_set_attr(pt(), T_VA, 1, PAGE_ATTR_PROT_READ, 0)
		 == 0);
	CHECK(6, walk(T_VA, &lvl, &pte) == 0 && !(pte & X86_PTE_RW));
	CHECK(7, paging_demo_unmap(T_VA, 1) == 0);
	CHECK(8, walk(T_VA, &lvl, &pte) == -EFAULT);

	/* what is refused */
	CHECK(10, paging_demo_map(T_VA + 8, 1) == -EINVAL);
	CHECK(11, ukplat_page_map(pt(), T_VA + PAGE_SIZE, __PADDR_ANY, 1,
				  PAGE_ATTR_PROT_RW,
				  PAGE_FLAG_SIZE(PAGE_LARGE_LEVEL)) == -EINVAL);
	CHECK(12, ukplat_page_map(pt(), T_VA, 0x1234, 1, PAGE_ATTR_PROT_RW,
				  0) == -EINVAL);
	CHECK(13, paging_demo_unmap(T_VA, 1) == 0);	/* a hole: skipped */
	CHECK(14, ukplat_page_set_attr(pt(), T_VA, 1, PAGE_ATTR_PROT_RW, 0)
		  == -EFAULT);
	CHECK(15, paging_demo_map(0x0000800000000000UL, 1) == -EINVAL);
	CHECK(16, paging_demo_map(0x00007ffffffff000UL, 2) == -EINVAL);
	CHECK(17, paging_demo_map(T_VA, 0) == 0);
	CHECK(18, ukplat_page_map(pt(), T_VA, __PADDR_ANY, 1, 0x100, 0)
		  == -EINVAL);
	/* the kernel's own pages are there already */
	CHECK(19, ukplat_page_map(pt(), (__vaddr_t)paging_demo_selftest &
				  PAGE_MASK, __PADDR_ANY, 1,
				  PAGE_ATTR_PROT_RW, 0) == -EEXIST);

	/* a 2 MiB page, then a hole punched into it: a split */
	CHECK(20, ukplat_page_map(pt(), T_VA, __PADDR_ANY, 1,
				  PAGE_ATTR_PROT_RW,
				  PAGE_FLAG_FORCE_SIZE |
				  PAGE_FLAG_SIZE(PAGE_LARGE_LEVEL)) == 0);
	CHECK(21, walk(T_VA + 5 * PAGE_SIZE, &lvl, &pte) == 0 &&
		  lvl == PAGE_LARGE_LEVEL && (pte & X86_PTE_PSE));
	CHECK(22, paging_demo_unmap(T_VA + 5 * PAGE_SIZE, 1) == 0);
	CHECK(23, pt()->nr_lx_splits[PAGE_LARGE_LEVEL] == splits0 + 1);
	CHECK(24, walk(T_VA + 5 * PAGE_SIZE, &lvl, &pte) == -EFAULT);
	CHECK(25, walk(T_VA + 6 * PAGE_SIZE, &lvl, &pte) == 0 &&
		  lvl == PAGE_LEVEL);
	CHECK(26, paging_demo_touch(T_VA, 5) == 5);
	/* unmapping over the hole takes the rest (0.10 skips holes) */
	CHECK(27, paging_demo_unmap(T_VA, T_PAGES_2M) == 0);
	CHECK(28, walk(T_VA, &lvl, &pte) == -EFAULT);
	CHECK(29, walk(T_VA + 6 * PAGE_SIZE, &lvl, &pte) == -EFAULT);

	/* without FORCE_SIZE, 2 MiB alignment gets 2 MiB pages */
	CHECK(30, paging_demo_map(T_VA, T_PAGES_2M + 3) == 0);
	CHECK(31, walk(T_VA, &lvl, &pte) == 0 && lvl == PAGE_LARGE_LEVEL);
	CHECK(32, walk(T_VA + PAGE_LARGE_SIZE, &lvl, &pte) == 0 &&
		  lvl == PAGE_LEVEL);
	CHECK(33, paging_demo_unmap(T_VA, T_PAGES_2M + 3) == 0);

	/* PROT_NONE: mapped, not accessible; set_attr brings it back */
	CHECK(40, ukplat_page_map(pt(), T_VA, __PADDR_ANY, 1,
				  PAGE_ATTR_PROT_NONE, 0) == 0);
	CHECK(41, walk(T_VA, &lvl, &pte) == 0 &&
		  !(pte & X86_PTE_PRESENT));
	CHECK(42, paging_demo_map(T_VA, 1) == -EEXIST);
	CHECK(43, ukplat_page_set_attr(pt(), T_VA, 1, PAGE_ATTR_PROT_RW, 0)
		  == 0);
	CHECK(44, paging_demo_touch(T_VA, 1) == 1);
	CHECK(45, paging_demo_unmap(T_VA, 1) == 0);

	/* a frame mapped by address is the caller's: unmap keeps it */
	{
		void *frame = uk_palloc(a, 1);

		CHECK(50, frame != NULL);
		*(volatile unsigned long *)frame = 0x5a5a;
		CHECK(51, ukplat_page_map(pt(), T_VA, (__paddr_t)(__uptr)frame,
					  1, PAGE_ATTR_PROT_READ, 0) == 0);
		CHECK(52, *(volatile unsigned long *)T_VA == 0x5a5a);
		CHECK(53, paging_demo_unmap(T_VA, 1) == 0);
		CHECK(54, *(volatile unsigned long *)frame == 0x5a5a);
		uk_pfree(a, frame, 1);
	}

	/* 1 GiB pages, by address (no 1 GiB of free frames here) */
	rc = ukplat_page_map(pt(), T_VA, 0, 1, PAGE_ATTR_PROT_READ,
			     PAGE_FLAG_FORCE_SIZE |
			     PAGE_FLAG_SIZE(PAGE_HUGE_LEVEL));
	CHECK(60, rc == 0 || rc == -ENOTSUP);
	if (rc == 0) {
		CHECK(61, walk(T_VA + 0x123000, &lvl, &pte) == 0 &&
			  lvl == PAGE_HUGE_LEVEL);
		CHECK(62, ukplat_page_unmap(pt(), T_VA, 1,
					    PAGE_FLAG_SIZE(PAGE_HUGE_LEVEL))
			  == 0);
	}

	/* KEEP_FRAMES: the frame stays allocated (freed by hand here) */
	CHECK(70, paging_demo_map(T_VA, 1) == 0);
	CHECK(71, walk(T_VA, &lvl, &pte) == 0);
	CHECK(72, ukplat_page_unmap(pt(), T_VA, 1, PAGE_FLAG_KEEP_FRAMES)
		  == 0);
	uk_pfree(a, (void *)(__uptr)(pte & X86_PTE_PADDR_MASK), 1);

	/* every frame and page table is back */
	CHECK(90, uk_alloc_pavailmem_total() == free0);
	if (!failed)
		printf("paging_demo_selftest: all checks passed\n");
	return failed;
}

#else /* !CONFIG_PAGING */
__u64 paging_demo_last_ns;
#endif /* CONFIG_PAGING */
