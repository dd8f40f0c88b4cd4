/* Names of the address ranges, for the dump and for crash reports: the
 * image's sections, the direct map, and the guard pages. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <stdio.h>
#include <uk/print.h>
#include "paging.h"

#define REGIONS_MAX	16
#define GUARDS_MAX	(CONFIG_UKPLAT_LCPU_MAXCOUNT + 8)

struct named { const char *name; __vaddr_t start, end; };

static struct named regions[REGIONS_MAX];
static unsigned int nr_regions;
static struct named guards[GUARDS_MAX];
static unsigned int nr_guards;
static char guard_names[GUARDS_MAX][40];

void region_note(const char *name, __vaddr_t start, __vaddr_t end)
{
	if (nr_regions < REGIONS_MAX)
		regions[nr_regions++] = (struct named){ name, start, end };
}

/* Later notes are the more specific ones (the image's sections lie in
 * "ram"): the last that holds va names it */
const char *region_of(__vaddr_t va)
{
	unsigned int i;

	for (i = nr_regions; i-- > 0;)
		if (va >= regions[i].start && va < regions[i].end)
			return regions[i].name;
	return NULL;
}

const char *guard_of(__vaddr_t va)
{
	unsigned int i;

	for (i = 0; i < nr_guards; i++)
		if (va >= guards[i].start && va < guards[i].end)
			return guards[i].name;
	return NULL;
}

int ukplat_page_guard(__vaddr_t vaddr, const char *what)
{
	int rc = ukplat_page_unmap(&kernel_pt, vaddr, 1,
				   PAGE_FLAG_KEEP_FRAMES);

	if (rc)
		return rc;
	if (nr_guards < GUARDS_MAX) {
		snprintf(guard_names[nr_guards], sizeof(guard_names[0]), "%s",
			 what);
		guards[nr_guards] = (struct named){ guard_names[nr_guards],
						    vaddr, vaddr + PAGE_SIZE };
		nr_guards++;
	}
	return 0;
}

#endif /* CONFIG_PAGING */
