/*
 * Programs the host loads (%exec): an address space cloned from the
 * kernel's, where the program's segments and stack are mapped on blocks of
 * the kernel's memory (the host fills them through the direct map), and a
 * thread that enters the program on the program's tables. The program's
 * system calls are `syscall` instructions into the shim; its threads
 * (clone) run on the same CPU, so on the same tables; exit_group ends them
 * and posix-process keeps the status for the waiter here.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/exec.h>
#include <uk/mmap.h>
#include <uk/print.h>
#include <uk/process.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <ukrepl/host.h>

/* ukmmap's slot of programs' address spaces (the kernel's is 0) */
#define EXEC_MMAP_SLOT	1

struct block {
	void *mem;
	unsigned long pages;
	struct uk_list_head link;
};

struct ukexec_program *ukexec_new(void)
{
	struct ukexec_program *p = uk_zalloc(uk_alloc_get_default(),
					     sizeof(*p));

	if (!p)
		return NULL;
	UK_INIT_LIST_HEAD(&p->blocks);
	if (ukplat_pt_clone(&p->pt, ukplat_pt_get_active(), 0)) {
		uk_free(uk_alloc_get_default(), p);
		return NULL;
	}
	if (ukmmap_space_add(&p->pt, EXEC_MMAP_SLOT)) {
		ukplat_pt_free(&p->pt, 0);
		uk_free(uk_alloc_get_default(), p);
		return NULL;
	}
	return p;
}

/* What the clone has at a page of the range may give way: nothing, or
 * the cell arena (no cell code runs while a program does). */
static int may_cover(struct ukexec_program *p, unsigned long va)
{
	unsigned long arena = (unsigned long)ukrepl_cell_arena_start;
	unsigned long arena_end = (unsigned long)ukrepl_cell_arena_end;

	if (va >= arena && va < arena_end)
		return 1;
	return ukplat_pt_walk(&p->pt, va, NULL, NULL, NULL) == -EFAULT;
}

static int map_block(struct ukexec_program *p, unsigned long vaddr,
		     unsigned long pages, int prot, struct block *b)
{
	int rc;

	b->mem = uk_palloc(uk_alloc_get_default(), pages);
	if (!b->mem)
		return -ENOMEM;
	b->pages = pages;
	memset(b->mem, 0, pages * PAGE_SIZE);
	ukplat_page_unmap(&p->pt, vaddr, pages, PAGE_FLAG_KEEP_FRAMES);
	rc = ukplat_page_map(&p->pt, vaddr, (__paddr_t)b->mem, pages,
			     prot & PAGE_ATTR_PROT_MASK, 0);
	if (rc)
		uk_pfree(uk_alloc_get_default(), b->mem, pages);
	return rc;
}

void *ukexec_map(struct ukexec_program *p, unsigned long vaddr,
		 unsigned long len, int prot)
{
	unsigned long pages = len / PAGE_SIZE, i;
	struct block *b;

	if (!p || !PAGE_ALIGNED(vaddr) || !PAGE_ALIGNED(len) || !len)
		return NULL;
	for (i = 0; i < pages; i++) {
		if (!may_cover(p, vaddr + i * PAGE_SIZE)) {
			uk_pr_err("ukexec: 0x%lx is the kernel's\n",
				  vaddr + i * PAGE_SIZE);
			return NULL;
		}
	}
	b = uk_malloc(uk_alloc_get_default(), sizeof(*b));
	if (!b)
		return NULL;
	if (map_block(p, vaddr, pages, prot, b)) {
		uk_free(uk_alloc_get_default(), b);
		return NULL;
	}
	uk_list_add(&b->link, &p->blocks);
	return b->mem;
}

void ukexec_free(struct ukexec_program *p)
{
	struct block *b, *n;

	ukmmap_space_remove(&p->pt);
	ukplat_pt_free(&p->pt, 0);
	uk_list_for_each_entry_safe(b, n, &p->blocks, link) {
		uk_pfree(uk_alloc_get_default(), b->mem, b->pages);
		uk_free(uk_alloc_get_default(), b);
	}
	uk_free(uk_alloc_get_default(), p);
}

/* The program's first instruction, with a process's start-up registers:
 * rsp at argc, rdx 0 (no exit handler of a dynamic linker), the rest 0. */
static void __noreturn enter(unsigned long entry, unsigned long sp)
{
	/* in registers the zeroing below leaves alone */
	register unsigned long e __asm__("r11") = entry;
	register unsigned long s __asm__("r10") = sp;

	__asm__ __volatile__(
		"mov %1, %%rsp\n\t"
		"xor %%eax, %%eax\n\t"
		"xor %%ebx, %%ebx\n\t"
		"xor %%ecx, %%ecx\n\t"
		"xor %%edx, %%edx\n\t"
		"xor %%esi, %%esi\n\t"
		"xor %%edi, %%edi\n\t"
		"xor %%ebp, %%ebp\n\t"
		"jmp *%0"
		: : "r"(e), "r"(s) : "memory");
	__builtin_unreachable();
}

static void program_main(void *arg)
{
	struct ukexec_program *p = arg;

	ukplat_pt_set_active(&p->pt);
	enter(p->entry, p->sp);
}

int ukexec_run(struct ukexec_program *p, unsigned long entry,
	       unsigned long sp)
{
	struct uk_pagetable *kernel_tables = ukplat_pt_get_active();
	struct uk_thread *t;
	int tid, status = -ECHILD;

	if (!p)
		return -EINVAL;
	p->entry = entry;
	p->sp = sp;
	t = uk_thread_create_on(ukplat_lcpu_idx(), "exec", program_main, p);
	if (!t) {
		ukexec_free(p);
		return -ENOMEM;
	}
	tid = t->tid;
	uk_thread_wait(t);
	/* this CPU ran the program's threads on their tables: back */
	ukplat_pt_set_active(kernel_tables);
	uk_process_group_status(tid, &status);
	ukexec_free(p);
	return status;
}
