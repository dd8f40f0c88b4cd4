/* The table of registered address families. */
#include <errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/socket.h>
#include <uk/spinlock.h>
#include <uk/arch/atomic.h>
#include <ukrepl/host.h>

struct posix_socket_driver
	*posix_socket_drivers[CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES];
unsigned int posix_socket_driver_count;
static __spinlock drivers_lock = UK_SPINLOCK_INITIALIZER();

extern struct posix_socket_driver __start_uk_posix_socket_families[];
extern struct posix_socket_driver __stop_uk_posix_socket_families[];

/* So that an image without any family still has the section. */
static struct posix_socket_driver __used
	__section("uk_posix_socket_families") __align(8) no_family[0];

/* The slot of family, or -1. */
static int slot_of(int family)
{
	unsigned int i;

	for (i = 0; i < UK_READ_ONCE(posix_socket_driver_count); i++) {
		if (UK_READ_ONCE(posix_socket_drivers[i])->family == family)
			return (int)i;
	}
	return -1;
}

struct posix_socket_driver *posix_socket_driver_get(int family)
{
	int i = slot_of(family);

	return i < 0 ? NULL : UK_READ_ONCE(posix_socket_drivers[i]);
}

unsigned int posix_socket_family_count(void)
{
	return UK_READ_ONCE(posix_socket_driver_count);
}

/* Registered by a notebook cell (its driver lives in the cell arena). */
static int from_a_cell(const struct posix_socket_driver *d)
{
	return (const __u8 *)d >= ukrepl_cell_arena_start &&
	       (const __u8 *)d < ukrepl_cell_arena_end;
}

/*
 * The slot d goes to (lock held), or -1 with *rc set. A family a cell
 * registered goes to the cell that registers it again: re-running a
 * notebook cell must work. The kernel's own families stay.
 */
static int slot_take(const struct posix_socket_driver *d, int *rc)
{
	int i = slot_of(d->family);

	if (i >= 0) {
		if (from_a_cell(posix_socket_drivers[i]) && from_a_cell(d))
			return i;
		*rc = -EEXIST;
		return -1;
	}
	if (posix_socket_driver_count == CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES) {
		*rc = -ENOSPC;
		return -1;
	}
	return (int)posix_socket_driver_count;
}

/*
 * The driver is published (slot and count) only after init ran, so
 * dispatch never sees a half-made one. init runs with the lock held: it
 * must not register families itself.
 */
int posix_socket_driver_register(struct posix_socket_driver *d)
{
	unsigned long irqf;
	int i, rc = 0;

	if (!d || !d->ops || d->family < 0)
		return -EINVAL;
	uk_spin_lock_irqsave(&drivers_lock, irqf);
	i = slot_take(d, &rc);
	if (i >= 0) {
		rc = d->ops->init ? d->ops->init(d) : 0;
		if (!d->allocator)
			d->allocator = uk_alloc_get_default();
		if (!rc) {
			__atomic_store_n(&posix_socket_drivers[i], d,
					 __ATOMIC_RELEASE);
			if ((unsigned int)i == posix_socket_driver_count)
				__atomic_store_n(&posix_socket_driver_count,
						 i + 1, __ATOMIC_RELEASE);
		}
	}
	uk_spin_unlock_irqrestore(&drivers_lock, irqf);
	return rc;
}

int posix_socket_driver_register_all(struct posix_socket_driver *start,
				     struct posix_socket_driver *end)
{
	struct posix_socket_driver *d;
	int rc;

	for (d = start; d < end; d++) {
		rc = posix_socket_driver_register(d);
		if (rc) {
			uk_pr_err("socket family %d (%s): %d\n", d->family,
				  d->libname, rc);
			return rc;
		}
	}
	return 0;
}

static int families_init(void)
{
	return posix_socket_driver_register_all(
		__start_uk_posix_socket_families,
		__stop_uk_posix_socket_families);
}
uk_lib_initcall(families_init);

/* POSIX_SOCKET_FAMILY_REGISTER() in a notebook cell: the cell's section of
 * that name holds its drivers, usable at once. */
static int cell_families(const void *start, const void *end)
{
	return posix_socket_driver_register_all((void *)start, (void *)end);
}
UKREPL_CELL_SECTION_KIND("uk_posix_socket_families", cell_families,
			 UKREPL_CELL_ORDER_TABLES);
