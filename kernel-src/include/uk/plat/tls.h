/* The thread-local storage pointer of the running CPU: the %fs base on
 * x86_64 (the kernel's per-CPU data uses %gs, so %fs is the threads'),
 * TPIDR_EL0 on arm64. The scheduler switches it with each thread. */
#ifndef __UK_PLAT_TLS_H__
#define __UK_PLAT_TLS_H__

unsigned long ukplat_tlsp_get(void);
void ukplat_tlsp_set(unsigned long tlsp);

#endif /* __UK_PLAT_TLS_H__ */
