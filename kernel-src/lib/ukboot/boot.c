/* The portable half of booting: heap, banner, init table, constructors,
 * main(), then "ukrepl: ready" (Unikraft API uk/plat/bootstrap.h). */
#include <uk/version.h>
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/assert.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#ifdef CONFIG_PAGING
#include <uk/plat/paging.h>
#endif
#include <ukrepl/host.h>

#define MIB		(1024UL * 1024UL)
#define HEAP_LIMIT	((__sz)CONFIG_LIBUKBOOT_HEAP_LIMIT_MB * MIB)

int main(int argc, char *argv[]);

typedef void (*ctor_func_t)(void);
extern const ctor_func_t __init_array_start[], __init_array_end[];

static __sz heap_bytes;

/* Gives every allocatable region to one buddy allocator (up to the limit). */
static struct uk_alloc *heap_init(void)
{
	struct ukplat_memregion_desc r;
	struct uk_alloc *a = NULL;
	int i;

	for (i = 0; ukplat_memregion_get(i, &r) == 0; i++) {
		if (!(r.flags & UKPLAT_MEMRF_ALLOCATABLE))
			continue;
		if (HEAP_LIMIT)
			r.len = MIN(r.len, HEAP_LIMIT - heap_bytes);
		if (!r.len)
			continue;
		if (!a)
			a = uk_allocbuddy_init(r.base, r.len);
		else if (uk_alloc_addmem(a, r.base, r.len) < 0)
			continue;
		if (a)
			heap_bytes += r.len;
		uk_pr_info("heap: %s 0x%lx-0x%lx\n", r.name,
			   (__uptr)r.base, (__uptr)r.base + r.len);
	}
	if (!a)
		UK_CRASH("no memory for the heap");
	ukplat_memallocator_set(a);
	return a;
}

static __sz ram_total(void)
{
	struct ukplat_memregion_desc r;
	__sz total = 0;
	int i;

	for (i = 0; ukplat_memregion_get(i, &r) == 0; i++)
		total += r.len;
	return total;
}

/* ukdebug's compile-time level, by name */
static const char *log_level(void)
{
	static const char *const names[] = {
		[KLVL_CRIT] = "crit", [KLVL_ERR] = "err",
		[KLVL_WARN] = "warn", [KLVL_INFO] = "info",
	};

	return names[KLVL_MAX];
}

void uk_version(void)
{
	printf("ukrepl %s (x86_64, multiboot, gcc %s), Unikraft %s (%s) API\n",
	       CONFIG_KERNEL_VERSION, __VERSION__, UK_FULLVERSION, UK_CODENAME);
}

static void print_banner(void)
{
	unsigned long arena = ukrepl_cell_arena_end - ukrepl_cell_arena_start;
	unsigned long free = uk_alloc_availmem_total();

#ifdef CONFIG_ARCH_ARM_64
	printf("ukrepl %s (arm64, virt/fdt, gcc %s)\n",
	       CONFIG_KERNEL_VERSION, __VERSION__);
#else
	printf("ukrepl %s (x86_64, multiboot, gcc %s)\n",
	       CONFIG_KERNEL_VERSION, __VERSION__);
#endif
	printf("  config: max CPUs %d, log level %s, asserts %s, "
	       "stack %lu KiB\n", CONFIG_UKPLAT_LCPU_MAXCOUNT, log_level(),
	       UK_ASSERT_ENABLED ? "on" : "off",
	       (unsigned long)__STACK_SIZE / 1024);
	printf("  heap: %lu MiB (buddy), cell arena: %lu KiB at %p\n",
	       heap_bytes / MIB, arena / 1024, ukrepl_cell_arena_start);
	printf("  memory: %lu MiB total, %lu MiB free\n",
	       ram_total() / MIB, free / MIB);
#ifdef CONFIG_PAGING
	ukplat_paging_banner();
#else
	printf("  W^X: off (no paging)\n");
#endif
}

/* The banner as the last entry of the early class: after a libc's
 * start-up (lib/musl, whose printf needs its TLS) and the console fds, before
 * the platform's and the libraries' entries print. */
static int banner_entry(void)
{
	print_banner();
	return 0;
}
uk_early_initcall(banner_entry);

static void run_inittab(void)
{
	const uk_init_func_t *fn;
	int rc;

	uk_inittab_foreach(fn, uk_inittab_start, uk_inittab_end) {
		rc = (*fn)();
		if (rc < 0)
			UK_CRASH("init function %p failed: %d", *fn, rc);
	}
}

static void run_constructors(void)
{
	const ctor_func_t *fn;

	for (fn = __init_array_start; fn < __init_array_end; fn++)
		(*fn)();
}

/*
 * Called by the platform (arch/x86_64/setup.c) once the console, exceptions,
 * the boot CPU's descriptors and the memory map are ready. Never returns:
 * CPU 0 ends up parked in ukrepl_idle() for the host.
 */
void ukplat_entry(int argc, char *argv[])
{
	int rc;

	heap_init();
#ifdef CONFIG_PAGING
	/* the kernel's own page tables, from the heap: from here on W^X,
	 * guard pages, and the paging API */
	rc = ukplat_paging_init();
	if (rc < 0)
		UK_CRASH("paging: %d", rc);
#endif
	run_inittab();	/* prints the banner (banner_entry, below) */
	run_constructors();
	rc = main(argc, argv);
	printf("main() returned %d\n", rc);
	/* the host's calls must find IF=0 (see park.c), whatever main() did */
	ukplat_lcpu_disable_irq();
	printf("ukrepl: ready\n");
	ukrepl_idle();
}
