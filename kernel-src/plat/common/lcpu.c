/* Logical CPUs, the portable half: the table of CPUs, their states, and the
 * calls that start, wait for, run functions on and wake up other CPUs
 * (Unikraft API uk/plat/lcpu.h). The hardware part is the architecture's,
 * behind the lcpu_arch_* hooks (uk/plat/common/lcpu.h). */
#include <errno.h>
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/arch/atomic.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>
#include <uk/plat/common/lcpu.h>
#include <ukrepl/host.h>
#ifdef CONFIG_PAGING
#include <uk/plat/paging.h>
#endif
#include <lcpu.h>		/* this architecture's struct lcpu */
#include <ukrepl/host.h>

/* lcpus[0] is the boot CPU, which exists before anything is discovered. */
struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];
static unsigned int lcpu_count = 1;
#ifdef CONFIG_HAVE_SMP
UKREPL_CONTRACT(lcpu_run_flags, enum ukplat_lcpu_run_flags) =
	UKPLAT_LCPU_RFLG_IDLEONLY;
#endif

struct lcpu *lcpu_alloc(__lcpuid id)
{
	struct lcpu *l;

	if (lcpu_count == CONFIG_UKPLAT_LCPU_MAXCOUNT)
		return NULL;
	l = &lcpus[lcpu_count];
	l->idx = lcpu_count;
	l->id = id;
	l->state = LCPU_STATE_OFFLINE;
	lcpu_count++;
	return l;
}

struct lcpu *lcpu_get(__lcpuidx idx)
{
	return idx < lcpu_count ? &lcpus[idx] : NULL;
}

#ifdef CONFIG_HAVE_SMP

__lcpuidx ukplat_lcpu_idx(void)
{
	return lcpu_current()->idx;
}

__u32 ukplat_lcpu_count(void)
{
	return lcpu_count;
}

/* ------------------------------------------------ lists of CPUs */

/* How many entries a list has: *num of them, or all CPUs. */
static unsigned int list_length(const __lcpuidx lcpuidx[], unsigned int *num)
{
	UK_ASSERT((lcpuidx == NULL) == (num == NULL));
	return num ? *num : lcpu_count;
}

/* Entry i of a list: the CPU, or NULL for an index that does not exist. */
static struct lcpu *list_entry(const __lcpuidx lcpuidx[], unsigned int i)
{
	return lcpu_get(lcpuidx ? lcpuidx[i] : i);
}

/* ------------------------------------------------ start */

/* The argument slot of list entry i: with a NULL list the caller takes
 * none, so CPUs after it use slot i - 1. */
static unsigned int arg_slot(const __lcpuidx lcpuidx[], unsigned int i)
{
	if (!lcpuidx && i > lcpu_current()->idx)
		return i - 1;
	return i;
}

int ukplat_lcpu_start(const __lcpuidx lcpuidx[], unsigned int *num,
		      void *sp[], const ukplat_lcpu_entry_t entry[],
		      unsigned long flags __unused)
{
	struct lcpu *self = lcpu_current(), *l;
	struct lcpu *start[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int at[CONFIG_UKPLAT_LCPU_MAXCOUNT];	/* list positions */
	unsigned int len = list_length(lcpuidx, num), i, a, n = 0, done;
	int rc = 0;

	UK_ASSERT(sp);
	/* Claim each CPU (OFFLINE -> INIT) and give it its arguments. */
	for (i = 0; i < len; i++) {
		l = list_entry(lcpuidx, i);
		if (!l) {
			rc = -EINVAL;
			break;
		}
		if (l == self)
			continue;
		a = arg_slot(lcpuidx, i);
		if (!sp[a]) {
			rc = -EINVAL;
			break;
		}
		if (ukarch_compare_exchange_sync(&l->state, LCPU_STATE_OFFLINE,
						 LCPU_STATE_INIT) !=
		    LCPU_STATE_INIT) {
			uk_pr_warn("lcpu %u is not offline (state %d): "
				   "not started\n", l->idx, l->state);
			continue;
		}
		l->s_args.entry = entry ? entry[a] : NULL;
		l->s_args.stackp = sp[a];
		start[n] = l;
		at[n++] = i;
	}
	done = i;

	/* Start them together; list entries up to a failed CPU count. */
	if (n) {
		int arch_rc = lcpu_arch_start(start, n);

		if (arch_rc) {
			rc = arch_rc;
			for (i = 0; i < n; i++) {
				if (start[i]->state == LCPU_STATE_HALTED) {
					done = at[i];
					break;
				}
			}
		}
	}
	if (num)
		*num = done;
	return rc;
}

/* ------------------------------------------------ wait */

static int is_done(int state)
{
	return state == LCPU_STATE_IDLE || state == LCPU_STATE_OFFLINE ||
	       state == LCPU_STATE_HALTED;
}

/* Busy-waits for one CPU; deadline 0 means none. */
static int wait_done(const struct lcpu *l, __nsec deadline)
{
	while (!is_done(l->state)) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		ukarch_spinwait();
	}
	return 0;
}

int ukplat_lcpu_wait(const __lcpuidx lcpuidx[], unsigned int *num,
		     __nsec timeout)
{
	struct lcpu *self = lcpu_current(), *l;
	unsigned int len = list_length(lcpuidx, num), i;
	__nsec deadline = timeout ? ukplat_monotonic_clock() + timeout : 0;
	int rc = 0;

	for (i = 0; i < len; i++) {
		l = list_entry(lcpuidx, i);
		if (!l) {
			rc = -EINVAL;
			break;
		}
		if (l == self)
			continue;
		rc = wait_done(l, deadline);
		if (rc)
			break;
	}
	if (num)
		*num = i;
	return rc;
}

/* ------------------------------------------------ run */

/* One more busy level, if the CPU is online: returns 0, or 1 if it is not. */
static int claim_busy(struct lcpu *l)
{
	int s = l->state;

	do {
		if (!lcpu_state_is_online(s))
			return 1;
	} while (!__atomic_compare_exchange_n(&l->state, &s, s + 1, 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return 0;
}

/*
 * Posting a function rings the CPU's doorbell (a count, after `user` is
 * written); the RUN IPI only makes sure the CPU looks. Having run one, the
 * CPU keeps looking for a little while (RUN_SPIN_NS) before it goes back to
 * what it was doing: the next function often comes soon, and an IPI costs
 * far more than a ring (under emulation, a trip through the emulated APIC
 * and a host thread woken). While it looks, `polling` says so and the poster
 * does not send the IPI. Each side writes its own variable, then reads the
 * other's, both sequentially consistent: a CPU that stops looking either
 * sees the ring or was sent the IPI (when both, the IPI finds nothing).
 */
#define RUN_SPIN_NS	50000

static int polling[CONFIG_UKPLAT_LCPU_MAXCOUNT];
static unsigned long doorbell[CONFIG_UKPLAT_LCPU_MAXCOUNT];
static unsigned long served[CONFIG_UKPLAT_LCPU_MAXCOUNT];	/* rings answered */

/* IDLE -> BUSY0: returns 0, 1 if the CPU is not online, -EBUSY if it is
 * running or has functions queued. */
static int claim_idle(struct lcpu *l)
{
	int s = LCPU_STATE_IDLE;

	if (__atomic_compare_exchange_n(&l->state, &s, LCPU_STATE_BUSY0, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return 0;
	return lcpu_state_is_online(s) ? -EBUSY : 1;
}

/*
 * Puts fn into the CPU's one slot and sends the RUN IPI. The slot is free
 * when its fn is NULL; it is taken by a compare-and-swap, so two CPUs
 * queueing for the same target never both get it. The IPI goes out after
 * `user` is written, and the target reads both before it frees the slot.
 */
static int fn_enqueue(struct lcpu *l, const struct ukplat_lcpu_func *fn,
		      unsigned long flags)
{
	int rc = flags & UKPLAT_LCPU_RFLG_IDLEONLY ? claim_idle(l)
						   : claim_busy(l);

	if (rc)
		return rc < 0 ? rc : 0;	/* not online: skipped silently */
	while (ukarch_compare_exchange_sync(&l->fn.fn, NULL, fn->fn) !=
	       fn->fn) {
		if (flags & UKPLAT_LCPU_RFLG_DONOTBLOCK) {
			ukarch_dec(&l->state);
			return -EAGAIN;
		}
		ukarch_spinwait();
	}
	l->fn.user = fn->user;
	__atomic_add_fetch(&doorbell[l->idx], 1, __ATOMIC_SEQ_CST);
	rc = __atomic_load_n(&polling[l->idx], __ATOMIC_SEQ_CST) ? 0
								: lcpu_arch_run(l);
	if (rc) {
		ukarch_store_n(&l->fn.fn, NULL);
		ukarch_dec(&l->state);
	}
	return rc;
}

int ukplat_lcpu_run(const __lcpuidx lcpuidx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags)
{
	struct lcpu *self = lcpu_current(), *l;
	unsigned int len = list_length(lcpuidx, num), i;
	int rc = 0;

	if (!fn || !fn->fn)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		l = list_entry(lcpuidx, i);
		if (!l) {
			rc = -EINVAL;
			break;
		}
		if (l == self)
			continue;
		rc = fn_enqueue(l, fn, flags);
		if (rc)
			break;
	}
	if (num)
		*num = i;
	return rc;
}

/* If the doorbell rang: take the function, free the slot for the next one,
 * run it, drop the busy level it came with (the CPU polls from then on, so
 * that the poster's next ring needs no IPI). Returns whether it ran one. */
static int run_posted(struct lcpu *self)
{
	struct ukplat_lcpu_func fn;

	if (__atomic_load_n(&doorbell[self->idx], __ATOMIC_ACQUIRE) ==
	    served[self->idx])
		return 0;
	served[self->idx]++;
	fn.fn = self->fn.fn;
	fn.user = self->fn.user;
	ukarch_store_n(&self->fn.fn, NULL);
	fn.fn(NULL, fn.user);
	__atomic_store_n(&polling[self->idx], 1, __ATOMIC_SEQ_CST);
	ukarch_dec(&self->state);
	return 1;
}

static void await_ring(struct lcpu *self)
{
	__nsec end = ukplat_monotonic_clock() + RUN_SPIN_NS;

	while (__atomic_load_n(&doorbell[self->idx], __ATOMIC_ACQUIRE) ==
	       served[self->idx] && ukplat_monotonic_clock() < end)
		ukarch_spinwait();
}

/* The RUN IPI: run what was posted, and what is posted while it looks. */
void lcpu_ipi_run_handler(void)
{
	struct lcpu *self = lcpu_current();

	for (;;) {
		while (run_posted(self))
			await_ring(self);
		__atomic_store_n(&polling[self->idx], 0, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&doorbell[self->idx], __ATOMIC_SEQ_CST) ==
		    served[self->idx])
			return;
	}
}

/* ------------------------------------------------ wakeup */

int ukplat_lcpu_wakeup(const __lcpuidx lcpuidx[], unsigned int *num)
{
	struct lcpu *self = lcpu_current(), *l;
	unsigned int len = list_length(lcpuidx, num), i;
	int rc = 0;

	for (i = 0; i < len; i++) {
		l = list_entry(lcpuidx, i);
		if (!l) {
			rc = -EINVAL;
			break;
		}
		if (l == self || !lcpu_state_is_online(l->state))
			continue;
		rc = lcpu_arch_wakeup(l);
		if (rc)
			break;
	}
	if (num)
		*num = i;
	return rc;
}

/* The WAKEUP IPI only ends a halt; taking it is all there is to do. */
void lcpu_ipi_wakeup_handler(void)
{
}

/* ------------------------------------------------ a started CPU */

/* The scheduler (lib/uksched) replaces this with a loop that runs threads. */
void __weak __noreturn lcpu_idle(void)
{
	for (;;)
		ukplat_lcpu_halt_irq();
}

/*
 * Here a started CPU arrives from the architecture's entry code. After its
 * set-up it is BUSY0; with the default entry it then becomes IDLE (or one
 * level less busy: functions may have been queued meanwhile; their IPIs are
 * pending and come in as soon as interrupts are on).
 */
void __weak __noreturn lcpu_entry_default(struct lcpu *this_lcpu)
{
	struct lcpu_sargs args;

	lcpu_init(this_lcpu);
	ukplat_tlsp_set(ukplat_tlsp_default);
	args = this_lcpu->s_args;
	if (args.entry)
		lcpu_arch_jump_to(args.stackp, args.entry);
	ukarch_dec(&this_lcpu->state);
	lcpu_idle();
}

/* ------------------------------------------------ at boot */

static unsigned int online_count(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < lcpu_count; i++)
		n += lcpu_state_is_online(lcpus[i].state);
	return n;
}

/* ------------------------------------------------ idle CPUs for the host */

#define IDLE_STACK_PAGES	(1UL << CONFIG_STACK_SIZE_PAGE_ORDER)
#define IDLE_WAIT_NS		(1000 * 1000 * 1000ULL)

#ifdef CONFIG_PAGING
#define GUARD_PAGES		1
#else
#define GUARD_PAGES		0
#endif

/* A stack of the boot stack's size from the heap, for lcpus[idx], with an
 * unmapped guard page below it; NULL without memory. Never freed. */
static void *idle_stack(__lcpuidx idx)
{
	__u8 *stack = uk_palloc(uk_alloc_get_default(),
				IDLE_STACK_PAGES + GUARD_PAGES);

	if (!stack)
		return NULL;
#ifdef CONFIG_PAGING
	{
		char what[40];
		int rc;

		snprintf(what, sizeof(what), "the stack of lcpus[%u]", idx);
		rc = ukplat_page_guard((__vaddr_t)stack, what);
		if (rc)
			uk_pr_err("lcpu: no guard page: %d\n", rc);
	}
#else
	(void)idx;
#endif
	return stack + (IDLE_STACK_PAGES + GUARD_PAGES) * __PAGE_SIZE;
}

/*
 * Starts the CPUs of lcpuidx[0..num) (lcpuidx NULL: every other CPU) that
 * are OFFLINE, with the default entry (idle, serving ukplat_lcpu_run) and
 * a stack each, and waits until they are idle. Others are left as they
 * are. 0 or a negative errno (-EINVAL: no such CPU; -ENOMEM).
 */
int ukrepl_lcpu_start_idle(const __lcpuidx lcpuidx[], unsigned int num)
{
	__lcpuidx list[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	void *sp[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int i, n = 0;
	__lcpuidx idx;
	int rc;

	if (!lcpuidx)
		num = lcpu_count;
	for (i = 0; i < num; i++) {
		idx = lcpuidx ? lcpuidx[i] : i;
		if (idx >= lcpu_count)
			return -EINVAL;
		if (idx == ukplat_lcpu_idx() ||
		    lcpus[idx].state != LCPU_STATE_OFFLINE)
			continue;
		sp[n] = idle_stack(idx);
		if (!sp[n])
			return -ENOMEM;
		list[n++] = idx;
	}
	if (!n)
		return 0;
	i = n;
	rc = ukplat_lcpu_start(list, &i, sp, NULL, 0);
	if (!rc) {
		i = n;
		rc = ukplat_lcpu_wait(list, &i, IDLE_WAIT_NS);
	}
	return rc;
}

static int lcpu_boot(void)
{
	unsigned int online;

#ifdef CONFIG_UKREPL_LCPU_START_AT_BOOT
	int rc = ukrepl_lcpu_start_idle(NULL, 0);

	if (rc)
		uk_pr_err("lcpu: starting the other CPUs failed: %d\n", rc);
#endif
	online = online_count();
	if (online == lcpu_count)
		printf("lcpu: %u CPU%s online (%s)\n", online,
		       online == 1 ? "" : "s", lcpu_arch_describe());
	else
		printf("lcpu: %u CPUs found, %u online (%s)\n", lcpu_count,
		       online, lcpu_arch_describe());
	return 0;
}
uk_plat_initcall(lcpu_boot);

#endif /* CONFIG_HAVE_SMP */
