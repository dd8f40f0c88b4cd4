/* A few things worth calling from a notebook cell (see notebooks/00-tour). */
#ifndef __TOUR_H__
#define __TOUR_H__

extern int tour_counter;
extern const char *tour_greeting;

int tour_fib(int n);
long tour_sum(long n);
/* Prints "tour_spin: spinning" and loops for ever: for interrupting a call. */
void tour_spin(void);
/* Reads through a NULL pointer: for a crash report. */
int tour_null_deref(void);

#endif /* __TOUR_H__ */
