/*
 * musl's start-up inside the kernel. A program's _start would call
 * __libc_start_main; here boot calls musl's own initialisation with an
 * environment and auxiliary vector of our making: it sets up the main
 * thread's TLS (arch_prctl(ARCH_SET_FS) through the shim) and the stack
 * protector's canary at %fs:0x28, which Debian's libc.a reads in almost
 * every function. So this runs before anything prints.
 */
#include <elf.h>
#include <stdio.h>
#include <uk/init.h>
#include <uk/plat/tls.h>

/* musl's (src/env/__libc_start_main.c): environment, then program name */
void __init_libc(char **envp, char *pn);

static unsigned char at_random[16];

/* envp (empty) and right after its NULL the auxv, as on a process stack */
static size_t start_vector[] = {
	0,
	AT_PAGESZ, 4096,
	AT_RANDOM, 0,		/* at_random, below */
	AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,
	AT_SECURE, 0,
	AT_NULL, 0,
};

static int musl_init(void)
{
	start_vector[4] = (size_t)at_random;
	__init_libc((char **)start_vector, "ukrepl");
	/* musl's main thread block serves every thread and CPU that has no
	 * TLS of its own (kernel threads, other CPUs) */
	ukplat_tlsp_default = ukplat_tlsp_get();
	/* the console shows output as it comes, as nolibc's printf does */
	setvbuf(stdout, NULL, _IONBF, 0);
	return 0;
}
uk_early_initcall_prio(musl_init, 1);
