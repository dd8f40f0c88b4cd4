/* The SMP test program of the Unikraft 0.10 release post, built as it is
 * printed there (smp_hello.c), with its main() renamed so that the host can
 * call it on CPU 0: example_smp_hello_main(0, 0). Only with SMP: it uses the
 * multi-CPU calls. */
#include <uk/config.h>

#ifdef CONFIG_HAVE_SMP
int example_smp_hello_main(int argc, char *argv[]);

/* Renamed, so that the same program pasted into a C cell clashes with nothing */
#define main example_smp_hello_main
#define myfunc example_smp_myfunc
#define myfunc2 example_smp_myfunc2
#include "smp_hello.c"
#undef myfunc2
#undef myfunc
#undef main
#endif
