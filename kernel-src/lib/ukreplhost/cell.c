/* Registration entries of code the host loads from notebook cells: each
 * section of a cell goes to the kind that claims its name. The kinds come
 * from the libraries (UKREPL_CELL_SECTION_KIND), so this file knows none of
 * them and a library adds its own without touching it. */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/ksyms.h>
#include <ukrepl/host.h>

extern const struct ukrepl_cell_section_kind __start_ukrepl_cell_kinds[];
extern const struct ukrepl_cell_section_kind __stop_ukrepl_cell_kinds[];

#define KINDS_FOREACH(k)						\
	for ((k) = __start_ukrepl_cell_kinds;				\
	     (k) < __stop_ukrepl_cell_kinds; (k)++)

/* The kind of a section: the one with the longest prefix of its name. */
static const struct ukrepl_cell_section_kind *kind_of(const char *section)
{
	const struct ukrepl_cell_section_kind *k, *best = NULL;
	__sz len, best_len = 0;

	KINDS_FOREACH(k) {
		len = strlen(k->prefix);
		if (len > best_len && !strncmp(section, k->prefix, len)) {
			best = k;
			best_len = len;
		}
	}
	return best;
}

/* Kinds run by order, then by their place in the table: "a before b". */
static int kind_before(const struct ukrepl_cell_section_kind *a,
		       const struct ukrepl_cell_section_kind *b)
{
	return a->order != b->order ? a->order < b->order : a < b;
}

/* The kind that runs after `prev` (NULL: the first one), or NULL. */
static const struct ukrepl_cell_section_kind *
kind_next(const struct ukrepl_cell_section_kind *prev)
{
	const struct ukrepl_cell_section_kind *k, *best = NULL;

	KINDS_FOREACH(k) {
		if (prev && !kind_before(prev, k))
			continue;
		if (!best || kind_before(k, best))
			best = k;
	}
	return best;
}

int ukrepl_cell_register(const struct ukrepl_cell_section *sections,
			 unsigned int count)
{
	const struct ukrepl_cell_section_kind *kind;
	unsigned int i;
	int rc;

	/* all or nothing: an unknown section stops the cell before any entry */
	for (i = 0; i < count; i++)
		if (!kind_of(sections[i].name))
			return -ENOENT;

	for (kind = kind_next(NULL); kind; kind = kind_next(kind)) {
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

/* The host pushes a table per cell onto uk_ksym_loaded and clears the list
 * when it forgets its cells: the list is the set of cells loaded now. */
int ukrepl_cell_loaded(const void *start, const void *end)
{
	const struct uk_ksym_table *t;

	for (t = uk_ksym_loaded; t; t = t->next)
		if (t->start <= (__uptr)start && (__uptr)end <= t->end)
			return 1;
	return 0;
}
