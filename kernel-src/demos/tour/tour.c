/* The tour library: small functions and globals for the tour notebook, and
 * an init-table entry that shows the init table runs. */
#include <stdio.h>
#include <stddef.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <tour.h>

int tour_counter;
const char *tour_greeting = "hello from the guest";

int tour_fib(int n)
{
	int a = 0, b = 1, t;

	while (n-- > 0) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}

long tour_sum(long n)
{
	long i, s = 0;

	for (i = 1; i <= n; i++) {
		s += i;
		/* keep a real loop: GCC would otherwise use n(n+1)/2 */
		__asm__ __volatile__("" : "+r"(s));
	}
	return s;
}

void tour_spin(void)
{
	printf("tour_spin: spinning until interrupted\n");
	for (;;)
		barrier();
}

int tour_null_deref(void)
{
	/* volatile pointer: GCC cannot prove it is NULL and emit ud2 instead */
	int *volatile p = NULL;

	return *p;
}

static int tour_init(void)
{
	printf("tour: init table entry ran\n");
	return 0;
}
uk_lib_initcall(tour_init);
