/* The table of registered address families. */
#include <errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/socket.h>
#include <uk/spinlock.h>
#include <uk/arch/atomic.h>
#include <ukrepl/host.h>

struct posix_socket_driver
	posix_socket_drivers[CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES];
unsigned int posix_socket_driver_count;
static __spinlock drivers_lock = UK_SPINLOCK_INITIALIZER();

/* So that an image without any family still has the section. */
static const struct posix_socket_family __used
	__section("uk_posix_socket_families") __align(8) no_family[0];

struct posix_socket_driver *posix_socket_driver_get(int family)
{
	unsigned int i;

	for (i = 0; i < UK_READ_ONCE(posix_socket_driver_count); i++) {
		if (posix_socket_drivers[i].family == family)
			return &posix_socket_drivers[i];
	}
	return NULL;
}

unsigned int posix_socket_family_count(void)
{
	return posix_socket_driver_count;
}

/* Takes the next slot (lock held); NULL with *rc set if it cannot. */
static struct posix_socket_driver *slot_take(int family, int *rc)
{
	if (posix_socket_driver_get(family)) {
		*rc = -EEXIST;
		return NULL;
	}
	if (posix_socket_driver_count == CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES) {
		*rc = -ENOSPC;
		return NULL;
	}
	return &posix_socket_drivers[posix_socket_driver_count];
}

/*
 * The slot counts as registered (count goes up) only after init ran, so
 * dispatch never sees a half-made driver. init runs with the lock held:
 * it must not register families itself.
 */
int posix_socket_family_register(const struct posix_socket_family *f)
{
	struct posix_socket_driver *d;
	unsigned long irqf;
	int rc = 0;

	if (!f || !f->ops || f->family < 0)
		return -EINVAL;
	uk_spin_lock_irqsave(&drivers_lock, irqf);
	d = slot_take(f->family, &rc);
	if (d) {
		d->family = f->family;
		d->libname = f->libname;
		d->ops = f->ops;
		d->allocator = NULL;
		d->private = NULL;
		rc = f->ops->init ? f->ops->init(d) : 0;
		if (!d->allocator)
			d->allocator = uk_alloc_get_default();
		if (!rc)
			__atomic_store_n(&posix_socket_driver_count,
					 posix_socket_driver_count + 1,
					 __ATOMIC_RELEASE);
	}
	uk_spin_unlock_irqrestore(&drivers_lock, irqf);
	return rc;
}

int posix_socket_family_register_all(const struct posix_socket_family *start,
				     const struct posix_socket_family *end)
{
	const struct posix_socket_family *f;
	int rc;

	for (f = start; f < end; f++) {
		rc = posix_socket_family_register(f);
		if (rc) {
			uk_pr_err("socket family %d (%s): %d\n", f->family,
				  f->libname, rc);
			return rc;
		}
	}
	return 0;
}

static int families_init(void)
{
	return posix_socket_family_register_all(
		__start_uk_posix_socket_families,
		__stop_uk_posix_socket_families);
}
uk_lib_initcall(families_init);

/* POSIX_SOCKET_FAMILY_REGISTER() in a notebook cell: the cell's section of
 * that name holds the same array, and the family becomes usable at once. */
static int cell_families(const void *start, const void *end)
{
	return posix_socket_family_register_all(start, end);
}
UKREPL_CELL_SECTION_KIND("uk_posix_socket_families", cell_families,
			 UKREPL_CELL_ORDER_TABLES);
