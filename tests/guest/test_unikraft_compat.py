"""Programs written for Unikraft 0.10, typed into cells unchanged: the scheduler, lock and mailbox
API across CPUs, constructors and error pointers, <uk/list.h> walks, and floating point in host
calls and in threads (issue 11). `#pragma GCC diagnostic error` makes a cell's warnings errors,
as -Werror would."""

from __future__ import annotations

import re

from conftest import BOTH_ARCHES, guest_fixture

WERROR = '#pragma GCC diagnostic error "-Wall"\n#pragma GCC diagnostic error "-Wextra"\n'

one_cpu = guest_fixture(scope="module", arches=BOTH_ARCHES)
three_cpus = guest_fixture(smp=3, scope="module", online=True, arches=BOTH_ARCHES)


def console_of(guest, source: str) -> str:
    guest.flush_console()
    before = len(guest.console_sink.text)
    guest.run_cell(source)
    guest.flush_console()
    return guest.console_sink.text[before:]


# ---------------------------------------------------------------- floating point


def test_a_double_function_called_by_the_host_returns_in_xmm0(one_cpu):
    one_cpu.run_cell("double half(double x) { return x / 2; }")
    assert str(one_cpu.evaluate("half(5.0)")) == "(double) 2.5"
    assert str(one_cpu.evaluate("half(5)")) == "(double) 2.5"  # the prototype makes 5 a double
    one_cpu.run_cell("float scale(int n, float f, double d) { return n * f + (float)d; }")
    assert str(one_cpu.evaluate("scale(3, 1.5, 0.25)")) == "(float) 4.75"
    assert str(one_cpu.evaluate("half(half(10.0)) + 1")) == "(double) 3.5"


def test_printf_formats_floating_point(one_cpu):
    out = console_of(
        one_cpu,
        WERROR + '#include <stdio.h>\nprintf("[%f] [%.2f] [%e] [%g] [%g] [%8.3f] [%-6.1f]\\n",'
        " 3.14159, -2.5, 12345.678, 0.0001, 1e20, 2.0, 0.75);",
    )
    assert "[3.141590] [-2.50] [1.234568e+04] [0.0001] [1e+20] [   2.000] [0.8   ]" in out


def test_uk_pr_and_variadic_host_calls_take_doubles(one_cpu):
    assert "[2.500]" in console_of(one_cpu, '#include <stdio.h>\nprintf("[%.3f]\\n", 2.5);')
    one_cpu.flush_console()
    before = len(one_cpu.console_sink.text)
    one_cpu.evaluate('printf("<%.1f>\\n", 7.25)')
    one_cpu.flush_console()
    assert "<7.2>" in one_cpu.console_sink.text[before:] or "<7.3>" in one_cpu.console_sink.text[before:]


SSE_THREADS = (
    WERROR
    + r"""
#include <uk/sched.h>
#include <uk/thread.h>

/* Each thread keeps a value in a caller-saved vector register (xmm7, v7) and
 * its own rounding mode (MXCSR, FPCR) across every yield; the ABI lets a call
 * clobber both, so only a switch that saves the whole state keeps them.
 * Interrupts (RUN IPIs running clobber()) arrive meanwhile. */
#if defined(__x86_64__)
#define PUT(v, mode)	__asm__ __volatile__("movsd %0, %%xmm7; ldmxcsr %1" : : "m"(v), "m"(mode) : "xmm7")
#define GET(v, mode)	__asm__ __volatile__("movsd %%xmm7, %0; stmxcsr %1" : "=m"(v), "=m"(mode))
#define MODE_MASK	0xffc0
#define MODES		{ 0x1f80, 0x7f80, 0x3f80 }
#else
#define PUT(v, mode)	\
	__asm__ __volatile__("ldr d7, %0; msr fpcr, %1" : : "m"(v), "r"((unsigned long)(mode)) : "v7")
#define GET(v, mode)	do { unsigned long __m; \
		__asm__ __volatile__("str d7, %0; mrs %1, fpcr" : "=m"(v), "=r"(__m)); (mode) = __m; } while (0)
#define MODE_MASK	(3u << 22)	/* FPCR.RMode */
#define MODES		{ 0, 2u << 22, 3u << 22 }
#endif
static const unsigned int modes[3] = MODES;
struct sse_job { double seed; unsigned int mxcsr; int rounds; int errors; double sum; int done; };
struct sse_job jobs[2] = { { 1.25, 0, 4000, 0, 0, 0 }, { -7.5, 0, 4000, 0, 0, 0 } };

static void sse_worker(void *arg)
{
	struct sse_job *j = arg;
	int i;

	for (i = 0; i < j->rounds; i++) {
		double in = j->seed + i, out;
		unsigned int mx = j->mxcsr, mx_out;

		PUT(in, mx);
		uk_sched_yield();
		GET(out, mx_out);
		if (out != in || (mx_out & MODE_MASK) != (mx & MODE_MASK))
			j->errors++;
		j->sum += in * 0.5;
	}
	j->done = 1;
}

struct uk_thread *sse_threads[2];

static void clobber(struct __regs *regs __unused, void *arg __unused)
{
	unsigned int mx = modes[2];
	double junk = 123456.0;

	PUT(junk, mx);
}
struct ukplat_lcpu_func clobber_fn = { .fn = clobber };

int sse_start(void)
{
	struct uk_sched *s = &uk_sched_cpus[1];

	jobs[0].mxcsr = modes[0];
	jobs[1].mxcsr = modes[1];
	sse_threads[0] = uk_sched_thread_create(s, "sse0", NULL, sse_worker, &jobs[0]);
	sse_threads[1] = uk_sched_thread_create(s, "sse1", NULL, sse_worker, &jobs[1]);
	return sse_threads[0] && sse_threads[1];
}

int sse_poke(void)
{
	__lcpuidx cpu = 1;
	unsigned int n = 1;

	return ukplat_lcpu_run(&cpu, &n, &clobber_fn, 0);
}
"""
)


def expected_sum(seed: float, rounds: int) -> float:
    return sum((seed + i) * 0.5 for i in range(rounds))


def test_two_sse_threads_on_one_cpu_keep_their_state_across_yields_interrupts_and_host_calls(three_cpus):
    guest = three_cpus
    guest.run_cell(SSE_THREADS)
    guest.run_cell("double third(double x) { return x / 3; }")
    assert str(guest.evaluate("sse_start()")) == "(int) 1"
    for _ in range(20):  # interrupts and host calls while the threads run
        assert str(guest.evaluate("sse_poke()")) == "(int) 0"
        assert str(guest.evaluate("third(1.5)")) == "(double) 0.5"
    assert str(guest.evaluate("uk_thread_wait(sse_threads[0]) + uk_thread_wait(sse_threads[1])")) == "(int) 0"
    for i, (seed, rounds) in enumerate(((1.25, 4000), (-7.5, 4000))):
        assert str(guest.evaluate(f"jobs[{i}].errors")) == "(int) 0"
        assert str(guest.evaluate(f"jobs[{i}].sum == {expected_sum(seed, rounds)!r}")) == "(int) 1"


# ---------------------------------------------------------------- scheduler, locks, mailboxes

SCHED_LOCKS = (
    WERROR
    + r"""
#include <uk/alloc.h>
#include <uk/mbox.h>
#include <uk/mutex.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/thread_attr.h>

#define ROUNDS 2000

static struct uk_mutex lock = UK_MUTEX_INITIALIZER(lock);
static struct uk_semaphore items;
static struct uk_mbox *box;
static long counter;
static long received;

static void producer(void *arg __unused)
{
	long i;

	for (i = 1; i <= ROUNDS; i++) {
		uk_mutex_lock(&lock);
		counter++;
		uk_mutex_unlock(&lock);
		uk_semaphore_up(&items);
		uk_mbox_post(box, (void *)i);
		if (i % 64 == 0)
			uk_sched_yield();
	}
}

static void consumer(void *arg __unused)
{
	void *msg;
	long i;

	for (i = 1; i <= ROUNDS; i++) {
		uk_semaphore_down(&items);
		uk_mbox_recv(box, &msg);
		received += (long)msg;
		uk_mutex_lock(&lock);
		counter++;
		uk_mutex_unlock(&lock);
	}
}

static void sleeper(void *arg __unused)
{
	static struct uk_semaphore never;

	uk_semaphore_init(&never, 0);
	uk_semaphore_down(&never);	/* until killed */
}

struct uk_thread *t_prod, *t_cons, *t_sleep;

int start_all(void)
{
	uk_thread_attr_t attr;
	prio_t prio = 0;

	uk_semaphore_init(&items, 0);
	box = uk_mbox_create(uk_alloc_get_default(), 8);
	if (!box)
		return -ENOMEM;
	uk_thread_attr_init(&attr);
	uk_thread_attr_set_prio(&attr, UK_THREAD_ATTR_PRIO_DEFAULT + 1);
	t_prod = uk_sched_thread_create(uk_sched_get_default(), "producer", &attr, producer, NULL);
	t_cons = uk_sched_thread_create(&uk_sched_cpus[2], "consumer", NULL, consumer, NULL);
	t_sleep = uk_thread_create_attr("sleeper", NULL, sleeper, NULL);
	uk_thread_get_prio(t_prod, &prio);
	uk_thread_attr_fini(&attr);
	if (!t_prod || !t_cons || !t_sleep)
		return -1;
	return (t_prod->cpu == 1 && t_cons->cpu == 2 && prio == UK_THREAD_ATTR_PRIO_DEFAULT + 1) ? 0 : -2;
}
"""
)


def test_threads_on_two_cpus_share_a_mutex_a_semaphore_and_a_mailbox(three_cpus):
    guest = three_cpus
    guest.run_cell(SCHED_LOCKS)
    assert str(guest.evaluate("start_all()")) == "(int) 0"
    assert str(guest.evaluate("uk_thread_wait(t_prod)")) == "(int) 0"
    assert str(guest.evaluate("uk_thread_wait(t_cons)")) == "(int) 0"
    assert str(guest.evaluate("counter")) == "(long) 4000"
    assert str(guest.evaluate("received")) == f"(long) {2000 * 2001 // 2}"
    assert str(guest.evaluate("uk_mutex_is_locked(&lock)")) == "(int) 0"
    # a thread blocked for ever is killed, and then joins
    guest.run_cell("uk_thread_kill(t_sleep);")
    assert str(guest.evaluate("uk_thread_wait(t_sleep)")) == "(int) 0"


def test_detached_threads_and_the_default_scheduler(three_cpus):
    guest = three_cpus
    guest.run_cell(
        WERROR
        + r"""
#include <uk/sched.h>
#include <uk/thread.h>
static volatile int ran;
static void quick(void *arg __unused) { ran++; }
int detached_run(void)
{
	uk_thread_attr_t attr;
	struct uk_thread *t;

	uk_thread_attr_init(&attr);
	uk_thread_attr_set_detachstate(&attr, UK_THREAD_ATTR_DETACHED);
	t = uk_thread_create_attr("quick", &attr, quick, NULL);
	return t && t->detached && uk_thread_wait(t) == -EINVAL;
}
"""
    )
    assert str(guest.evaluate("detached_run()")) == "(int) 1"
    assert str(guest.evaluate("uk_sched_get_default() == &uk_sched_cpus[1]")) == "(int) 1"
    assert str(guest.evaluate("uk_sched_started(uk_sched_get_default())")) == "(_Bool) true"


# ---------------------------------------------------------------- ctors, errptr, headers


def test_constructors_run_and_error_pointers_round_trip(one_cpu):
    out = console_of(
        one_cpu,
        WERROR
        + r"""
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/ctors.h>
#include <uk/errptr.h>

static int built;
static void build(void) { built = 42; printf("ctor ran\n"); }
UK_CTOR(build);

static void *lookup(int ok) { return ok ? (void *)&built : ERR2PTR(-ENOMEM); }

int ctor_and_errptr(void)
{
	void *bad = lookup(0), *good = lookup(1);

	return built == 42 && PTRISERR(bad) && PTR2ERR(bad) == -ENOMEM && !PTRISERR(good);
}
""",
    )
    assert "ctor ran" in out
    assert str(one_cpu.evaluate("ctor_and_errptr()")) == "(int) 1"


def test_headers_bring_what_0_10s_bring(one_cpu):
    # ENOMEM from <uk/alloc.h>, uk_pr_* from <uk/thread.h>, as in 0.10
    one_cpu.run_cell(
        WERROR
        + "#include <uk/alloc.h>\nint enomem(void) { return ENOMEM; }\n"
        + '#include <uk/thread.h>\nvoid note(void) { uk_pr_info("x\\n"); }\n'
    )
    assert str(one_cpu.evaluate("enomem()")) == "(int) 12"


LIST_WALKS = (
    WERROR
    + r"""
#include <stdio.h>
#include <uk/list.h>

struct item {
	int v;
	struct uk_list_head link;
	struct uk_hlist_node hnode;
	UK_TAILQ_ENTRY(struct item) tq;
	UK_STAILQ_ENTRY(struct item) sq;
};
UK_TAILQ_HEAD(item_tq, struct item);
UK_STAILQ_HEAD(item_sq, struct item);

static struct item items[6];

int list_walks(char *out, int size)
{
	UK_LIST_HEAD(a);
	UK_LIST_HEAD(b);
	UK_HLIST_HEAD(h);
	struct item_tq tq = UK_TAILQ_HEAD_INITIALIZER(tq);
	struct item_sq sq = UK_STAILQ_HEAD_INITIALIZER(sq);
	struct item *it, *tmp;
	int n = 0, i;

	for (i = 0; i < 6; i++) {
		items[i].v = i;
		uk_list_add_tail(&items[i].link, i < 3 ? &a : &b);
		uk_hlist_add_head(&items[i].hnode, &h);
		UK_TAILQ_INSERT_TAIL(&tq, &items[i], tq);
		UK_STAILQ_INSERT_HEAD(&sq, &items[i], sq);
	}
	uk_list_splice_tail_init(&b, &a);		/* a: 0..5, b empty */
	uk_list_for_each_entry_reverse(it, &a, link)
		n += snprintf(out + n, size - n, "%d", it->v);
	n += snprintf(out + n, size - n, "|%d|", uk_list_empty(&b));
	uk_list_for_each_entry_safe(it, tmp, &a, link)
		if (it->v % 2)
			uk_list_del(&it->link);
	uk_list_for_each_entry(it, &a, link)
		n += snprintf(out + n, size - n, "%d", it->v);
	n += snprintf(out + n, size - n, "|%d", uk_list_last_entry(&a, struct item, link)->v);
	uk_hlist_for_each_entry(it, &h, hnode)
		n += snprintf(out + n, size - n, "%s%d", it == &items[5] ? "|" : "", it->v);
	UK_TAILQ_REMOVE(&tq, &items[2], tq);
	UK_TAILQ_FOREACH_REVERSE(it, &tq, item_tq, tq)
		n += snprintf(out + n, size - n, "%s%d", it == &items[5] ? "|" : "", it->v);
	n += snprintf(out + n, size - n, "|%d", UK_STAILQ_FIRST(&sq)->v);
	return n;
}
char walk_text[128];
"""
)


def test_list_walks(one_cpu):
    one_cpu.run_cell(LIST_WALKS)
    one_cpu.evaluate("list_walks(walk_text, sizeof(walk_text))")
    text = str(one_cpu.evaluate("walk_text"))
    assert re.search(r'"543210\|1\|024\|4\|543210\|54310\|5"', text), text
