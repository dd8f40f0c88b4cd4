/* Small in-guest measurements of the lcpu API, for the host to call on CPU 0
 * (with interrupts off, as host calls are): the round trip of
 * ukplat_lcpu_run() + ukplat_lcpu_wait(), and helpers for tests: a CPU kept
 * busy (for the timeout of ukplat_lcpu_wait()), all CPUs printing at once
 * (for the console), a crash on another CPU. */
#include <errno.h>
#include <stdio.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#ifdef CONFIG_HAVE_SMP

#define BENCH_MAX_ROUNDS	4096U

/* Per round, filled by the last lcpu_bench_run_roundtrip_*() call */
static __u64 round_ns[BENCH_MAX_ROUNDS];
static __u64 round_cycles[BENCH_MAX_ROUNDS];
/* How long the last lcpu_bench_wait() took, in ns */
__u64 lcpu_bench_last_wait_ns;

static void nothing(struct __regs *regs __unused, void *arg __unused)
{
}

static void swap(__u64 *a, __u64 *b)
{
	__u64 t = *a;

	*a = *b;
	*b = t;
}

/* The median by quickselect (Hoare's FIND): partition around a pivot and
 * go on in the part that holds the middle; about 2n steps, where sorting
 * would cost n log n (nested KVM here runs ~1 us per instruction). */
static __u64 median(__u64 *v, unsigned int n)
{
	unsigned int lo = 0, hi = n - 1, k = n / 2, i, store;

	while (lo < hi) {
		swap(&v[(lo + hi) / 2], &v[hi]);	/* pivot to the end */
		for (i = store = lo; i < hi; i++)
			if (v[i] < v[hi])
				swap(&v[i], &v[store++]);
		swap(&v[store], &v[hi]);		/* pivot in place */
		if (store == k)
			break;
		if (store < k)
			lo = store + 1;
		else
			hi = store - 1;
	}
	return v[k];
}

/*
 * Each round: run an empty function on every other CPU, then wait until all
 * of them are idle again, timed with the TSC and with the monotonic clock.
 * Returns the number of rounds done (0 if a call failed).
 */
static unsigned int measure(unsigned int rounds)
{
	const struct ukplat_lcpu_func fn = { nothing, NULL };
	unsigned int i;
	__u64 c0, t0;

	rounds = MIN(rounds, BENCH_MAX_ROUNDS);
	for (i = 0; i < rounds; i++) {
		t0 = ukplat_monotonic_clock();
		c0 = __builtin_ia32_rdtsc();
		if (ukplat_lcpu_run(NULL, NULL, &fn, 0) ||
		    ukplat_lcpu_wait(NULL, NULL, 0))
			return 0;
		round_cycles[i] = __builtin_ia32_rdtsc() - c0;
		round_ns[i] = ukplat_monotonic_clock() - t0;
	}
	return rounds;
}

/* Median round trip in ns (0 for no rounds or on failure). */
__u64 lcpu_bench_run_roundtrip_ns(unsigned int rounds)
{
	unsigned int n = measure(rounds);

	return n ? median(round_ns, n) : 0;
}

/* The same in TSC cycles. */
__u64 lcpu_bench_run_roundtrip_cycles(unsigned int rounds)
{
	unsigned int n = measure(rounds);

	return n ? median(round_cycles, n) : 0;
}

/*
 * The floor for the round trip above: the same fan-out and back through shared
 * memory alone. Every other CPU runs `echo` once (started by ukplat_lcpu_run)
 * and copies each round number CPU 0 posts into its own slot; no interrupts,
 * no function slots, just cache lines moving between CPUs.
 */
static __u64 ping;
static __u64 pong[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static void echo(struct __regs *regs __unused, void *arg)
{
	__u64 rounds = (__uptr)arg, seen = 0;
	__lcpuidx me = ukplat_lcpu_idx();

	while (seen < rounds) {
		while (__atomic_load_n(&ping, __ATOMIC_ACQUIRE) == seen)
			ukarch_spinwait();
		seen = __atomic_load_n(&ping, __ATOMIC_ACQUIRE);
		__atomic_store_n(&pong[me], seen, __ATOMIC_RELEASE);
	}
}

static void await_echoes(__u64 round)
{
	__u32 cpu;

	for (cpu = 1; cpu < ukplat_lcpu_count(); cpu++)
		while (__atomic_load_n(&pong[cpu], __ATOMIC_ACQUIRE) != round)
			ukarch_spinwait();
}

/* Median shared-memory round trip to all other CPUs in ns (0 on failure). */
__u64 lcpu_bench_pingpong_ns(unsigned int rounds)
{
	struct ukplat_lcpu_func fn = { echo, NULL };
	unsigned int i;
	__u64 t0;

	rounds = MIN(rounds, BENCH_MAX_ROUNDS);
	fn.user = (void *)(__uptr)rounds;
	__atomic_store_n(&ping, 0, __ATOMIC_RELEASE);
	for (i = 0; i < ARRAY_SIZE(pong); i++)
		__atomic_store_n(&pong[i], 0, __ATOMIC_RELEASE);
	if (!rounds || ukplat_lcpu_run(NULL, NULL, &fn, 0))
		return 0;
	for (i = 0; i < rounds; i++) {
		t0 = ukplat_monotonic_clock();
		__atomic_store_n(&ping, i + 1, __ATOMIC_RELEASE);
		await_echoes(i + 1);
		round_ns[i] = ukplat_monotonic_clock() - t0;
	}
	if (ukplat_lcpu_wait(NULL, NULL, 0))
		return 0;
	return median(round_ns, rounds);
}

static void spin(struct __regs *regs __unused, void *arg)
{
	__nsec end = ukplat_monotonic_clock() +
		     ukarch_time_msec_to_nsec((__uptr)arg);

	while (ukplat_monotonic_clock() < end)
		ukarch_spinwait();
}

/* Keeps CPU idx busy for `ms` milliseconds (returns at once: the result of
 * ukplat_lcpu_run). */
int lcpu_bench_keep_busy(__lcpuidx idx, unsigned int ms)
{
	const struct ukplat_lcpu_func fn = { spin, (void *)(__uptr)ms };
	unsigned int num = 1;

	return ukplat_lcpu_run(&idx, &num, &fn, 0);
}

/* ukplat_lcpu_wait() for CPU idx with a timeout (ns, 0 = none); its time
 * goes to lcpu_bench_last_wait_ns. */
int lcpu_bench_wait(__lcpuidx idx, __nsec timeout)
{
	__nsec t0 = ukplat_monotonic_clock();
	unsigned int num = 1;
	int rc;

	rc = ukplat_lcpu_wait(&idx, &num, timeout);
	lcpu_bench_last_wait_ns = ukplat_monotonic_clock() - t0;
	return rc;
}

/* Prints `lines` lines "cpu <idx> line <n> of <lines>" in three pieces each;
 * 0 lines: for ever. */
static void print_lines(unsigned int lines)
{
	unsigned int n;

	for (n = 1; !lines || n <= lines; n++) {
		printf("cpu %u ", ukplat_lcpu_idx());
		printf("line %u of %u", n, lines);
		printf("\n");
	}
}

static void print_lines_fn(struct __regs *regs __unused, void *arg)
{
	print_lines((unsigned int)(__uptr)arg);
}

/*
 * Every CPU prints `lines` lines at the same time, each line in three
 * printf() calls; then waits for the others. With 0 the other CPUs print
 * for ever and it returns at once (to see what a crash does to them).
 */
int lcpu_bench_print_storm(unsigned int lines)
{
	const struct ukplat_lcpu_func fn = {
		print_lines_fn, (void *)(__uptr)lines
	};
	int rc = ukplat_lcpu_run(NULL, NULL, &fn, 0);

	if (rc || !lines)
		return rc;
	print_lines(lines);
	return ukplat_lcpu_wait(NULL, NULL, 0);
}

static void null_deref(struct __regs *regs __unused, void *arg __unused)
{
	*(volatile int *)arg = 1;
}

/*
 * Makes CPU idx write to address 0 and waits for it: a crash report from
 * that CPU. The wait keeps CPU 0 running until the crashing CPU stops it with
 * an NMI; without it, a host call would return at once and the host would
 * stop every CPU, the crashing one in the middle of its report.
 */
int lcpu_bench_crash(__lcpuidx idx)
{
	const struct ukplat_lcpu_func fn = { null_deref, NULL };
	unsigned int num = 1;
	int rc;

	rc = ukplat_lcpu_run(&idx, &num, &fn, 0);
	if (!rc)
		rc = ukplat_lcpu_wait(&idx, &num, 0);
	return rc;
}

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("lcpu selftest: line %d: %s failed\n",	\
			       __LINE__, #cond);			\
			return -__LINE__;				\
		}							\
	} while (0)

/*
 * The lcpu API's contract, checked on the running machine (with all CPUs
 * started): run + wait on each CPU, the timeout of wait, DONOTBLOCK,
 * wakeup, bad indexes, starting a CPU that is not offline. Prints and
 * returns -<line> at the first failure, 0 if all is well.
 */
int lcpu_bench_selftest(void)
{
	const struct ukplat_lcpu_func busy = { spin, (void *)(__uptr)100 };
	const struct ukplat_lcpu_func empty = { nothing, NULL };
	__lcpuidx idx, bad = ukplat_lcpu_count();
	unsigned int num, count = ukplat_lcpu_count();
	void *sp[1] = { (void *)1 };
	__nsec t0, took;

	for (idx = 1; idx < count; idx++) {
		num = 1;
		CHECK(ukplat_lcpu_run(&idx, &num, &empty, 0) == 0);
		CHECK(num == 1);
		CHECK(ukplat_lcpu_wait(&idx, &num, 0) == 0);

		/* a CPU busy for 100 ms: a 10 ms wait ends on time */
		CHECK(ukplat_lcpu_run(&idx, &num, &busy, 0) == 0);
		t0 = ukplat_monotonic_clock();
		CHECK(ukplat_lcpu_wait(&idx, &num, 10000000) == -ETIMEDOUT);
		took = ukplat_monotonic_clock() - t0;
		CHECK(num == 0);
		CHECK(took >= 10000000 && took < 20000000);

		/* the slot is free again once the CPU runs the function: one
		 * more fits, a third does not without blocking */
		num = 1;
		CHECK(ukplat_lcpu_run(&idx, &num, &empty, 0) == 0);
		CHECK(ukplat_lcpu_run(&idx, &num, &empty,
				      UKPLAT_LCPU_RFLG_DONOTBLOCK) == -EAGAIN);
		CHECK(num == 0);
		num = 1;
		CHECK(ukplat_lcpu_wait(&idx, &num, 0) == 0);
		CHECK(ukplat_lcpu_wakeup(&idx, &num) == 0);

		/* started already: skipped, no error, argument used up */
		CHECK(ukplat_lcpu_start(&idx, &num, sp, NULL, 0) == 0);
		CHECK(num == 1);
	}
	num = 1;
	CHECK(ukplat_lcpu_run(&bad, &num, &empty, 0) == -EINVAL);
	CHECK(num == 0);
	CHECK(ukplat_lcpu_wait(NULL, NULL, 0) == 0);
	printf("lcpu selftest: %u CPUs, all well\n", count);
	return 0;
}

#endif /* CONFIG_HAVE_SMP */
