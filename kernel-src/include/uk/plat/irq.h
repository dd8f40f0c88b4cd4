/* Interrupt handlers (Unikraft API uk/plat/irq.h). */
#ifndef __UK_PLAT_IRQ_H__
#define __UK_PLAT_IRQ_H__

#include <uk/essentials.h>

struct uk_alloc;

/* A handler returns 1 when the interrupt was its device's, 0 otherwise. */
typedef int (*irq_handler_func_t)(void *);

/* Nothing to set up: the table is static. 0. */
int ukplat_irq_init(struct uk_alloc *a);
/*
 * Calls func(arg) on interrupt `irq` (vector 32 + irq) of any CPU, after
 * the handlers registered before it, in interrupt context (on the CPU's
 * interrupt stack, interrupts off). 0, -EINVAL for an irq the platform uses
 * itself or out of range, -ENOMEM when the table is full.
 */
int ukplat_irq_register(unsigned long irq, irq_handler_func_t func,
			void *arg);

#endif /* __UK_PLAT_IRQ_H__ */
