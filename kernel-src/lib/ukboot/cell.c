/* Registration entries of code the host loads from notebook cells: what boot
 * does for the kernel's own init table and constructors, done for one cell
 * (see include/ukrepl/host.h). */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <ukrepl/host.h>

typedef void (*ctor_func_t)(void);

/*
 * Each kind of registration section, in the order boot runs them. A new kind
 * (say, socket families) is one more row: a section-name prefix and a
 * function that takes the section's entries.
 */
struct section_kind {
	const char *prefix;
	int (*run)(const void *start, const void *end);
};

/* Init functions stop at the first failure, like boot (which crashes). */
static int run_init_functions(const void *start, const void *end)
{
	const uk_init_func_t *fn;
	int rc;

	uk_inittab_foreach(fn, (const uk_init_func_t *)start,
			   (const uk_init_func_t *)end) {
		rc = (*fn)();
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int run_constructors(const void *start, const void *end)
{
	const ctor_func_t *fn;

	for (fn = start; fn < (const ctor_func_t *)end; fn++)
		(*fn)();
	return 0;
}

#ifdef CONFIG_LIBPOSIX_SOCKET
#include <uk/socket.h>

/* POSIX_SOCKET_FAMILY_REGISTER() in a cell: the family becomes usable at once */
static int run_socket_families(const void *start, const void *end)
{
	return posix_socket_family_register_all(start, end);
}
#endif

static const struct section_kind kinds[] = {
	{ ".uk_inittab", run_init_functions },
	{ ".init_array", run_constructors },
#ifdef CONFIG_LIBPOSIX_SOCKET
	{ "uk_posix_socket_families", run_socket_families },
#endif
};

static const struct section_kind *kind_of(const char *section)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(kinds); k++)
		if (!strncmp(section, kinds[k].prefix, strlen(kinds[k].prefix)))
			return &kinds[k];
	return NULL;
}

int ukrepl_cell_register(const struct ukrepl_cell_section *sections,
			 unsigned int count)
{
	const struct section_kind *kind;
	unsigned int i;
	int rc;

	/* all or nothing: an unknown section stops the cell before any entry */
	for (i = 0; i < count; i++)
		if (!kind_of(sections[i].name))
			return -ENOENT;

	for (kind = kinds; kind < kinds + ARRAY_SIZE(kinds); kind++) {
		for (i = 0; i < count; i++) {
			if (kind_of(sections[i].name) != kind)
				continue;
			rc = kind->run(sections[i].start, sections[i].end);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}
