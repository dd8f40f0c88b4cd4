/* The brk heap of the current space: pages mapped as the break grows,
 * unmapped as it shrinks. The system call only: a libc's brk()/sbrk()
 * wrap it (musl's malloc asks it first, then mmap). */
#include <errno.h>
#include <uk/mmap.h>
#include <uk/mutex.h>
#include <uk/syscall.h>

static struct uk_mutex brk_lock = UK_MUTEX_INITIALIZER(brk_lock);

static int move_break(struct ukmmap_space *s, __vaddr_t to)
{
	__vaddr_t old_top = PAGE_ALIGN_UP(s->brk), new_top = PAGE_ALIGN_UP(to);
	struct uk_pagetable *pt = ukplat_pt_get_active();

	if (new_top > old_top)
		return ukplat_page_map(pt, old_top, __PADDR_ANY,
				       (new_top - old_top) / PAGE_SIZE,
				       PAGE_ATTR_PROT_RW, 0);
	if (new_top < old_top)
		return ukplat_page_unmap(pt, new_top,
					 (old_top - new_top) / PAGE_SIZE, 0);
	return 0;
}

unsigned long ukmmap_brk(unsigned long addr)
{
	struct ukmmap_space *s = ukmmap_space_current();
	unsigned long brk;

	uk_mutex_lock(&brk_lock);
	if (addr >= s->brk_base && addr <= s->brk_end &&
	    !move_break(s, addr))
		s->brk = addr;
	brk = s->brk;
	uk_mutex_unlock(&brk_lock);
	return brk;
}

UK_LLSYSCALL_R_DEFINE(unsigned long, brk, unsigned long, addr)
{
	return ukmmap_brk(addr);
}
