/* The thread-local storage pointer of the running CPU: the %fs base on
 * x86_64 (the kernel's per-CPU data uses %gs, so %fs is the threads'),
 * TPIDR_EL0 on arm64. The scheduler switches it with each thread. */
#ifndef __UK_PLAT_TLS_H__
#define __UK_PLAT_TLS_H__

unsigned long ukplat_tlsp_get(void);
void ukplat_tlsp_set(unsigned long tlsp);

/* The TLS pointer of code that has none of its own: CPUs start with it and
 * threads whose tls is NULL run with it. A libc whose code reads it (musl:
 * the stack protector's canary at %fs:0x28) sets it at its start-up; 0
 * otherwise. */
extern unsigned long ukplat_tlsp_default;

#endif /* __UK_PLAT_TLS_H__ */
