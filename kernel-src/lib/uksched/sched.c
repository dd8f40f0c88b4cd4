/* The per-CPU cooperative scheduler: run queues, switching, blocking,
 * waking, yielding and sleeping (see include/uk/sched.h for the design). */
#include <errno.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/sched.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>
#include "sched_impl.h"

struct uk_sched uk_sched_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];
/* The FPU state of each CPU's native context while a thread runs there. */
static struct uk_thread_fpu native_fpu[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* The run-queue lock is taken and released in different contexts when a
 * switch happens in between, so it is a plain lock; interrupts are off
 * around it. The notes let ukrepl_call_abandoned() release it. */
void sched_lock(struct uk_sched *s)
{
	uk_spin_lock_noted(&s->lock);
}

void sched_unlock(struct uk_sched *s)
{
	uk_spin_unlock_noted(&s->lock);
}

struct uk_sched *uk_sched_this(void)
{
	return &uk_sched_cpus[ukplat_lcpu_idx()];
}

int uk_sched_can_switch(void)
{
	struct uk_thread *t = uk_sched_this()->current;

	return t && !(t->flags & UK_THREAD_NATIVE) &&
	       !ukplat_lcpu_irqs_disabled();
}

int uk_sched_is_host(const struct uk_thread *t)
{
	return t == &uk_sched_cpus[0].native;
}

struct uk_thread *uk_sched_waiter(void)
{
	struct uk_sched *s = uk_sched_this();

	if (!ukplat_lcpu_irqs_disabled() && s->current)
		return s->current;
	if (s->cpu == 0 && s->current == &s->native)
		return &s->native;
	return &s->irq;
}

/* ------------------------------------------------ queue */

/* Lock held. A runnable thread waits on the queue unless it is running. */
static void make_runnable(struct uk_sched *s, struct uk_thread *t)
{
	uk_list_del_init(&t->runq_link);	/* from the sleepers */
	t->wakeup_time = 0;
	t->state = UK_THREAD_RUNNABLE;
	if (t != s->current)
		uk_list_add_tail(&t->runq_link, &s->runq);
}

static void wake_expired(struct uk_sched *s)
{
	struct uk_thread *t, *n;
	__nsec now;

	if (uk_list_empty(&s->sleepers))
		return;
	now = ukplat_monotonic_clock();
	uk_list_for_each_entry_safe(t, n, &s->sleepers, runq_link) {
		if (t->wakeup_time <= now)
			make_runnable(s, t);
	}
}

/* The earliest deadline of a sleeper, 0 if none. */
static __maybe_unused __nsec next_deadline(struct uk_sched *s)
{
	struct uk_thread *t;
	__nsec next = 0;

	uk_list_for_each_entry(t, &s->sleepers, runq_link) {
		if (!next || t->wakeup_time < next)
			next = t->wakeup_time;
	}
	return next;
}

/* The head of the queue, or the native context when the queue is empty. */
static struct uk_thread *pick_next(struct uk_sched *s)
{
	struct uk_thread *t;

	if (uk_list_empty(&s->runq))
		return &s->native;
	t = uk_list_first_entry(&s->runq, struct uk_thread, runq_link);
	uk_list_del_init(&t->runq_link);
	return t;
}

/* ------------------------------------------------ switching */

/* A thread's whole FP state: x86_64's x87/SSE, arm64's V registers, FPSR
 * and FPCR (<uk/arch/lcpu.h>). */
#ifdef __aarch64__
UK_CTASSERT(sizeof(struct uk_thread_fpu) == sizeof(struct ukarch_fpsimd_state));
#endif

static inline void fpu_save(struct uk_thread *t)
{
#ifdef __aarch64__
	ukarch_fpsimd_save((struct ukarch_fpsimd_state *)t->fpu);
#else
	__asm__ __volatile__("fxsave64 %0" : "=m"(*t->fpu));
#endif
}

static inline void fpu_restore(struct uk_thread *t)
{
#ifdef __aarch64__
	ukarch_fpsimd_restore((const struct ukarch_fpsimd_state *)t->fpu);
#else
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*t->fpu));
#endif
}

/* CPU time: what prev ran since it was switched to goes to its account. */
static void account(struct uk_thread *prev, struct uk_thread *next)
{
	__nsec now = ukplat_monotonic_clock();

	prev->cpu_time += now - prev->on_cpu_since;
	next->on_cpu_since = now;
}

static unsigned long tls_of(const struct uk_thread *t)
{
	return t->tls ? (unsigned long)t->tls : ukplat_tlsp_default;
}

/* The TLS pointer goes with the thread. Code may set the register itself
 * (AArch64 code writes TPIDR_EL0 with a plain msr, as a libc's thread
 * start does), so the register, not the record, is what prev had. */
static void tls_switch(struct uk_thread *prev, struct uk_thread *next)
{
	unsigned long now = ukplat_tlsp_get();

	if (now != tls_of(prev))
		prev->tls = (void *)now;
	if (tls_of(next) != now)
		ukplat_tlsp_set(tls_of(next));
}

/* Lock held, interrupts off. Returns in the context of the thread that was
 * current, once something switches back to it (still locked). */
static void switch_to(struct uk_sched *s, struct uk_thread *next)
{
	struct uk_thread *prev = s->current;

	if (next == prev)
		return;
	s->current = next;
	s->switches++;
	next->switches++;
	if (prev->state == UK_THREAD_EXITED)
		s->prev_exited = prev;
	/* The whole x87/SSE state goes with the thread: a switch is a call,
	 * but MXCSR and the x87 control word are callee-saved (psABI
	 * §3.2.3), and cells' code may be mid-way in anything when killed. */
	fpu_save(prev);
	account(prev, next);
	tls_switch(prev, next);
	uk_sched_ctx_switch(&prev->sp, next->sp);
	/* back in prev, which is current again */
	fpu_restore(prev);
}

/*
 * Every context goes on from here after it was switched to: it releases
 * the lock the switching context took, and tells the joiners of a thread
 * that exited that its stack is free now (done on this side of the
 * switch, because the exited thread was still on that stack).
 */
void sched_after_switch(struct uk_sched *s)
{
	struct uk_thread *dead = s->prev_exited;

	s->prev_exited = NULL;
	sched_unlock(s);
	if (dead)
		sched_release_exited(dead);
}

void uk_sched_block_locked(struct uk_sched *s, __nsec deadline)
{
	struct uk_thread *t = s->current;

	t->state = UK_THREAD_BLOCKED;
	t->wakeup_time = deadline;
	if (deadline)
		uk_list_add_tail(&t->runq_link, &s->sleepers);
	switch_to(s, pick_next(s));
	sched_after_switch(s);
}

/* Ends the halt of another CPU, which may idle with nothing to run. The
 * boot CPU never halts while it runs code, so it needs no interrupt. */
static void kick(__lcpuidx cpu)
{
#ifdef CONFIG_HAVE_SMP
	unsigned int n = 1;

	if (cpu != 0 && cpu != ukplat_lcpu_idx())
		ukplat_lcpu_wakeup(&cpu, &n);
#else
	(void)cpu;
#endif
}

void uk_sched_wake(struct uk_thread *t)
{
	struct uk_sched *s = &uk_sched_cpus[t->cpu];
	unsigned long irqf;
	int woke = 0;

	/* A native context waits by polling, never BLOCKED: its woken flag
	 * is all a wake-up needs (and its CPU's lock is the one it polls). */
	if (t->flags & UK_THREAD_NATIVE)
		return;
	irqf = ukplat_lcpu_save_irqf();
	sched_lock(s);
	if (t->state == UK_THREAD_BLOCKED) {
		make_runnable(s, t);
		woke = 1;
	}
	sched_unlock(s);
	ukplat_lcpu_restore_irqf(irqf);
	if (woke)
		kick(s->cpu);
}

void uk_sched_add(struct uk_thread *t)
{
	struct uk_sched *s = &uk_sched_cpus[t->cpu];
	unsigned long irqf = ukplat_lcpu_save_irqf();

	sched_lock(s);
	s->nr_threads++;
	make_runnable(s, t);
	sched_unlock(s);
	ukplat_lcpu_restore_irqf(irqf);
	kick(s->cpu);
}

/* ------------------------------------------------ yield, sleep, exit */

static int may_yield(void)
{
	return uk_sched_can_switch() || uk_sched_is_host(uk_sched_waiter());
}

/* Nothing to switch to, from a look without the lock: a thread queued
 * meanwhile runs at the next yield. Polling waits yield in a loop. */
static int nothing_to_do(struct uk_sched *s)
{
	return s->current->state != UK_THREAD_BLOCKED &&
	       uk_list_empty(&s->runq) && uk_list_empty(&s->sleepers);
}

void uk_sched_yield(void)
{
	struct uk_sched *s;
	unsigned long irqf;

	if (!may_yield())
		return;
	if (nothing_to_do(uk_sched_this())) {
		sched_exit_if_killed();
		return;
	}
	irqf = ukplat_lcpu_save_irqf();
	s = uk_sched_this();
	sched_lock(s);
	wake_expired(s);
	if (s->current->state == UK_THREAD_BLOCKED) {
		/* uk_thread_block() came first: sleep until woken */
		switch_to(s, pick_next(s));
	} else if (!uk_list_empty(&s->runq)) {
		uk_list_add_tail(&s->current->runq_link, &s->runq);
		switch_to(s, pick_next(s));
	}
	sched_after_switch(s);
	ukplat_lcpu_restore_irqf(irqf);
	sched_exit_if_killed();
}

/* Marks the running thread blocked until woken or until deadline (0:
 * none); its next uk_sched_yield() sleeps. Native contexts poll instead. */
void sched_block_current(__nsec deadline)
{
	struct uk_sched *s;
	unsigned long irqf;

	if (!uk_sched_can_switch())
		return;
	irqf = ukplat_lcpu_save_irqf();
	s = uk_sched_this();
	sched_lock(s);
	s->current->state = UK_THREAD_BLOCKED;
	s->current->wakeup_time = deadline;
	if (deadline)
		uk_list_add_tail(&s->current->runq_link, &s->sleepers);
	sched_unlock(s);
	ukplat_lcpu_restore_irqf(irqf);
}

void uk_sched_thread_sleep(__nsec nsec)
{
	__nsec deadline = ukplat_monotonic_clock() + nsec;
	struct uk_sched *s;
	unsigned long irqf;

	while (ukplat_monotonic_clock() < deadline) {
		sched_exit_if_killed();
		if (!uk_sched_can_switch()) {
			uk_sched_yield();
			ukarch_spinwait();
			continue;
		}
		irqf = ukplat_lcpu_save_irqf();
		s = uk_sched_this();
		sched_lock(s);
		uk_sched_block_locked(s, deadline);
		ukplat_lcpu_restore_irqf(irqf);
	}
}

void __noreturn sched_exit_current(void)
{
	struct uk_sched *s;

	ukplat_lcpu_disable_irq();
	s = uk_sched_this();
	UK_ASSERT(!(s->current->flags & UK_THREAD_NATIVE));
	sched_lock(s);
	uk_list_del_init(&s->current->runq_link);	/* from the sleepers */
	s->current->state = UK_THREAD_EXITED;
	s->nr_threads--;
	switch_to(s, pick_next(s));
	UK_CRASH("an exited thread was switched to");
}

/*
 * Takes t (not running) off its CPU for good: 1 if done; 0 if t is running
 * right now on another CPU (then it exits at its next yield or sleep:
 * UK_THREAD_KILLED). The caller unlinked its wait entry first.
 */
int sched_kill(struct uk_thread *t)
{
	struct uk_sched *s = &uk_sched_cpus[t->cpu];
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int done = 0;

	sched_lock(s);
	if (t == s->current) {
		t->flags |= UK_THREAD_KILLED;
	} else if (t->state != UK_THREAD_EXITED) {
		uk_list_del_init(&t->runq_link);
		t->state = UK_THREAD_EXITED;
		s->nr_threads--;
		done = 1;
	}
	sched_unlock(s);
	ukplat_lcpu_restore_irqf(irqf);
	if (done)
		sched_release_exited(t);	/* its stack is idle */
	return done;
}

void sched_exit_if_killed(void)
{
	struct uk_thread *t = uk_sched_this()->current;

	if (t->flags & UK_THREAD_KILLED)
		sched_exit_current();
}

/* switch.S enters a new thread here, on its own stack. */
void __noreturn uk_sched_thread_start(struct uk_thread *t)
{
	sched_after_switch(&uk_sched_cpus[t->cpu]);
	/* its first run did not come through switch_to's restore */
	fpu_restore(t);
	ukplat_lcpu_enable_irq();
	t->entry(t->arg);
	sched_exit_current();
}

/* ------------------------------------------------ idle */

#ifdef CONFIG_HAVE_SMP
/*
 * The idle loop of every CPU but the boot CPU (it replaces the platform's,
 * plat/common/lcpu.c): run what is runnable, else halt until an interrupt
 * (a wake-up IPI, a ukplat_lcpu_run() function) or the next deadline.
 * Interrupts are off here except inside the halt.
 */
void __noreturn lcpu_idle(void)
{
	struct uk_sched *s = uk_sched_this();
	__nsec next;

	for (;;) {
		sched_lock(s);
		wake_expired(s);
		if (!uk_list_empty(&s->runq)) {
			switch_to(s, pick_next(s));
			sched_after_switch(s);
			continue;
		}
		next = next_deadline(s);
		sched_unlock(s);
		if (next)
			ukplat_lcpu_halt_to(next);
		else
			ukplat_lcpu_halt_irq();
	}
}
#endif

/* ------------------------------------------------ set-up */

void sched_thread_init(struct uk_thread *t, const char *name, __lcpuidx cpu)
{
	static int last_tid;

	t->name = name;
	t->tid = __atomic_add_fetch(&last_tid, 1, __ATOMIC_RELAXED);
	t->cpu = cpu;
	t->state = UK_THREAD_RUNNABLE;
	UK_INIT_LIST_HEAD(&t->runq_link);
	UK_INIT_LIST_HEAD(&t->thread_link);
	UK_INIT_LIST_HEAD(&t->cleanups);
	uk_waitq_entry_init(&t->wait, t);
	uk_waitq_init(&t->waiting_threads);
	t->ctx = &t->sp;
	t->sched = &uk_sched_cpus[cpu];
	t->prio = UK_THREAD_ATTR_PRIO_DEFAULT;
}

/* Before any other CPU starts (they go idle here), and before any thread. */
static int sched_init(void)
{
	struct uk_sched *s;
	__lcpuidx i;

	for (i = 0; i < CONFIG_UKPLAT_LCPU_MAXCOUNT; i++) {
		s = &uk_sched_cpus[i];
		s->cpu = i;
		UK_INIT_LIST_HEAD(&s->runq);
		UK_INIT_LIST_HEAD(&s->sleepers);
		sched_thread_init(&s->native, i ? "idle" : "host", i);
		s->native.flags = UK_THREAD_NATIVE;
		s->native.fpu = &native_fpu[i];
		sched_ops_init(s);
		sched_thread_init(&s->irq, "irq", i);
		s->irq.tid = 0;		/* interrupt context: nobody's id */
		s->irq.flags = UK_THREAD_NATIVE;
		s->current = &s->native;
	}
	return 0;
}
uk_early_initcall_prio(sched_init, 0);
