/* When the host abandons a call on CPU 0 (Jupyter's interrupt: it stops the
 * call and puts CPU 0's registers back), whatever the call had linked into
 * shared structures, and any lock it held, would stay. The host then calls
 * ukrepl_call_abandoned(), which runs the undo steps the libraries
 * registered (UKREPL_ABANDON_STEP): only they know what a call of theirs
 * leaves behind. */
#include <uk/essentials.h>
#include <ukrepl/host.h>

extern const struct ukrepl_abandon_step __start_ukrepl_abandon_steps[];
extern const struct ukrepl_abandon_step __stop_ukrepl_abandon_steps[];

/* Steps run by order, then by their place in the table: "a before b". */
static int step_before(const struct ukrepl_abandon_step *a,
		       const struct ukrepl_abandon_step *b)
{
	return a->order != b->order ? a->order < b->order : a < b;
}

/* The step that runs after `prev` (NULL: the first one), or NULL. A handful
 * of steps: a search per step is cheaper to read than a sort. */
static const struct ukrepl_abandon_step *
step_next(const struct ukrepl_abandon_step *prev)
{
	const struct ukrepl_abandon_step *s, *best = NULL;

	for (s = __start_ukrepl_abandon_steps;
	     s < __stop_ukrepl_abandon_steps; s++) {
		if (prev && !step_before(prev, s))
			continue;
		if (!best || step_before(s, best))
			best = s;
	}
	return best;
}

/* Nothing it undoes is on the stack, so it is safe although its own frames
 * reuse the abandoned call's stack. */
void ukrepl_call_abandoned(void)
{
	const struct ukrepl_abandon_step *s;

	for (s = step_next(NULL); s; s = step_next(s))
		s->fn();
}
