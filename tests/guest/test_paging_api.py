"""Issue 11: the rest of Unikraft 0.10's paging API from cells: clone, map into the clone, activate it
on one CPU, free it; unmapping over holes; the flag macros as 0.10 defines them."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

guest = guest_fixture(smp=2, scope="module", online=True, arches=BOTH_ARCHES)

CLONE_CELL = r"""#include <uk/plat/paging.h>

#define VA	0x100000000000UL	/* 16 TiB: nothing there in the kernel's tables */

struct uk_pagetable clone, *kernel_tables;
long seen;

/* Clones the tables CPU 0 runs on, maps a page into the clone only, and
 * switches CPU 0 to it. */
int clone_and_activate(void)
{
	int rc;

	kernel_tables = ukplat_pt_get_active();
	rc = ukplat_pt_clone(&clone, kernel_tables, 0);
	if (rc)
		return rc;
	rc = ukplat_page_map(&clone, VA, __PADDR_ANY, 1, PAGE_ATTR_PROT_RW, 0);
	if (rc)
		return 100 + rc;
	if (ukplat_pt_walk(kernel_tables, VA, NULL, NULL, NULL) != -EFAULT)
		return 200;		/* the kernel's tables must not see it */
	return ukplat_pt_set_active(&clone);
}

/* On the clone: the page is there. Then back, and free the clone. */
int use_and_free(void)
{
	int busy;

	*(volatile long *)VA = 42;
	seen = *(volatile long *)VA;
	if (ukplat_pt_get_active() != &clone)
		return 1;
	busy = ukplat_pt_free(&clone, 0);	/* in use: refused */
	if (busy != -EBUSY)
		return 2;
	if (ukplat_pt_set_active(kernel_tables))
		return 3;
	return ukplat_pt_free(&clone, 0);
}
"""


def test_clone_map_activate_on_one_cpu_and_free(guest):
    guest.run_cell(CLONE_CELL)
    free = int(guest.call("uk_alloc_pavailmem_total").text)  # after the load (W^X may split a page)
    assert guest.call("clone_and_activate").text == "0"
    # CPU 0 runs on the clone now; CPU 1 stays on the kernel's tables
    kernel_root = int(guest.evaluate("kernel_pt.pt_pbase").text, 0)
    assert guest.paging.root(0) == int(guest.evaluate("clone.pt_pbase").text, 0) != kernel_root
    assert guest.paging.root(1) == kernel_root
    assert guest.evaluate("clone.nr_pt_pages[3]").text == "1"
    assert guest.call("use_and_free").text == "0"
    assert guest.evaluate("seen").text == "42"
    assert guest.paging.root(0) == kernel_root
    assert guest.evaluate("clone.pt_pbase").text == "0"
    assert int(guest.call("uk_alloc_pavailmem_total").text) == free  # every table and frame came back


def test_the_kernel_tables_cannot_be_freed_and_clone_new_is_empty(guest):
    run = guest.run_cell
    assert run("ukplat_pt_free(ukplat_pt_get_active(), 0)").value.text == "-22"  # -EINVAL
    run("struct uk_pagetable empty;")
    assert run("ukplat_pt_clone(&empty, ukplat_pt_get_active(), PAGE_FLAG_CLONE_NEW)").value.text == "0"
    assert run("ukplat_pt_walk(&empty, (unsigned long)&empty, NULL, NULL, NULL)").value.text == "-14"
    assert run("ukplat_pt_free(&empty, 0)").value.text == "0"


def test_unmapping_a_range_with_holes_skips_them_as_0_10_does(guest):
    run = guest.run_cell
    run("#include <uk/plat/paging.h>\n#define HOLEY 0x100000400000UL")
    for page in (0, 2):
        at = f"HOLEY + {page} * PAGE_SIZE"
        mapped = run(f"ukplat_page_map(ukplat_pt_get_active(), {at}, __PADDR_ANY, 1, PAGE_ATTR_PROT_RW, 0)")
        assert mapped.value.text == "0"
    # set_attr over the hole still refuses (nothing changes)
    assert (
        run("ukplat_page_set_attr(ukplat_pt_get_active(), HOLEY, 3, PAGE_ATTR_PROT_READ, 0)").value.text
        == "-14"
    )
    assert run("ukplat_page_unmap(ukplat_pt_get_active(), HOLEY, 3, 0)").value.text == "0"
    for page in (0, 2):
        walk = f"ukplat_pt_walk(ukplat_pt_get_active(), HOLEY + {page} * PAGE_SIZE, NULL, NULL, NULL)"
        assert run(walk).value.text == "-14"


def test_flag_and_entry_macros_as_0_10_defines_them(guest):
    run = guest.run_cell
    run("#include <uk/plat/paging.h>")
    assert run("PAGE_FLAG_SIZE_MASK").value.text == "15"  # unshifted: (1 << PAGE_FLAG_SIZE_SHIFT) - 1
    assert run("PAGE_FLAG_SIZE(PAGE_LARGE_LEVEL)").value.text == "16"
    assert run("PAGE_FLAG_SIZE_TO_LEVEL(PAGE_FLAG_SIZE(2) | PAGE_FLAG_FORCE_SIZE)").value.text == "2"
    assert run("ukarch_pt_read_base() == ukplat_pt_get_active()->pt_pbase").value.text == "1"
    run("__pte_t top0; int read_rc = ukarch_pte_read(ukplat_pt_get_active()->pt_vbase, 3, 0, &top0);")
    assert run("read_rc").value.text == "0"
    assert run("PT_Lx_PTE_PRESENT(top0, 3) != 0 && !PAGE_Lx_IS(top0, 3)").value.text == "1"
    assert run("PT_Lx_PTE_PADDR(top0, 3) != 0 && PT_Lx_PTE_CLEAR_PRESENT(top0, 3) != top0").value.text == "1"
    assert run("PAGE_Lx_HAS(2) && !PAGE_Lx_HAS(3)").value.text == "1"
    assert run("ukarch_vaddr_range_isvalid(0, 1UL << 47)").value.text == "1"
    assert run(ARCH_MACROS[guest.arch]).value.text == "1"


ARCH_MACROS = {  # each architecture's own names in uk/asm/paging.h
    "x86_64": "X86_PTE_PAT(0) == 0x80 && X86_PTE_PAT(1) == 0x1000 && !ukarch_vaddr_isvalid(X86_INVALID_ADDR)",
    "arm64": "PTE_ATTR_AF == 0x400 && ARM64_VADDR_VALID(ARM64_VADDR_MAX)"
    " && !ukarch_vaddr_isvalid(ARM64_INVALID_ADDR)",
}
