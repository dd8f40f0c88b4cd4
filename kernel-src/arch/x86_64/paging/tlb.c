/* TLB shootdowns: after a change, every other online CPU flushes what it
 * may have cached before the change is reported done. Intel SDM Vol. 3A
 * §4.10 (TLBs and their invalidation), §11.6 (IPIs). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

/*
 * The CPU that changed the tables (holding pt_lock) flushes its own TLB,
 * publishes the range (tlb_req_*) under a new generation number, sends the
 * TLB IPI to every other online CPU and busy-waits until each one has
 * acknowledged that generation (tlb_ack[]). That works with interrupts off
 * on the sender, as host calls on CPU 0 are.
 *
 * A receiver with interrupts off (CPU 0 busy-waiting in a host call while
 * another CPU unmaps, a CPU running a long function sent by
 * ukplat_lcpu_run) would keep the sender waiting; after TLB_NMI_AFTER_NS
 * it gets an NMI, which is taken in any case and does the same (trap.c).
 * CPUs waiting for pt_lock answer while they wait. A CPU that stops being
 * online (a crash stops them all) is waited for no longer.
 *
 * Few pages: invlpg each 4 KiB page; more, freed tables, split pages: the
 * whole TLB (a CR3 reload; there are no global pages).
 */
#define TLB_INVLPG_MAX		32
#define TLB_NMI_AFTER_NS	(20 * 1000 * 1000ULL)
#define TLB_WARN_AFTER_NS	(1000 * 1000 * 1000ULL)

/* For the curious host: shootdowns sent, and NMIs they needed */
unsigned long paging_tlb_shootdowns;
unsigned long paging_tlb_shootdown_nmis;

static void tlb_flush_local(__vaddr_t start, unsigned long pages)
{
	unsigned long i;

	if (!pages || pages > TLB_INVLPG_MAX) {
		write_cr3(read_cr3());
		return;
	}
	for (i = 0; i < pages; i++)
		invlpg(start + i * PAGE_SIZE);
}

#ifdef CONFIG_HAVE_SMP
static __u64 tlb_gen;
static __vaddr_t tlb_req_start;
static unsigned long tlb_req_pages;		/* 0: everything */
static __u64 tlb_ack[CONFIG_UKPLAT_LCPU_MAXCOUNT];
static int tlb_nmi_expected[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* On a receiver: flush what the newest generation asks, acknowledge it. A
 * CPU that missed a generation (it was not online) flushes everything. */
void tlb_service(void)
{
	unsigned int idx = lcpu_current()->idx;
	__u64 gen = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);
	__u64 done = __atomic_load_n(&tlb_ack[idx], __ATOMIC_RELAXED);
	__vaddr_t start = UK_READ_ONCE(tlb_req_start);
	unsigned long pages = UK_READ_ONCE(tlb_req_pages);

	if (done == gen)
		return;
	if (done + 1 != gen ||
	    __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE) != gen)
		pages = 0;
	tlb_flush_local(start, pages);
	__atomic_store_n(&tlb_ack[idx], gen, __ATOMIC_RELEASE);
}

static void tlb_wait_ack(struct lcpu *l, __u64 gen, __nsec start)
{
	int nmi_sent = 0, warned = 0;
	__nsec waited;

	while (__atomic_load_n(&tlb_ack[l->idx], __ATOMIC_ACQUIRE) != gen) {
		if (!lcpu_state_is_online(UK_READ_ONCE(l->state)) ||
		    crash_in_progress())
			return;
		waited = ukplat_monotonic_clock() - start;
		if (!nmi_sent && waited > TLB_NMI_AFTER_NS) {
			__atomic_store_n(&tlb_nmi_expected[l->idx], 1,
					 __ATOMIC_SEQ_CST);
			apic_send_nmi((__u32)l->id);
			paging_tlb_shootdown_nmis++;
			nmi_sent = 1;
		}
		if (!warned && waited > TLB_WARN_AFTER_NS) {
			uk_pr_warn("paging: CPU %u has not flushed its TLB "
				   "for 1 s\n", l->idx);
			warned = 1;
		}
		ukarch_spinwait();
	}
}
#endif /* CONFIG_HAVE_SMP */

void tlb_shootdown(__vaddr_t start, unsigned long pages)
{
#ifdef CONFIG_HAVE_SMP
	struct lcpu *self = lcpu_current(), *l;
	struct lcpu *targets[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int n = 0, i;
	__nsec sent;
	__u64 gen;
#endif

	tlb_flush_local(start, pages);
#ifdef CONFIG_HAVE_SMP
	if (lapic_mode == LAPIC_MODE_NONE)
		return;
	UK_WRITE_ONCE(tlb_req_start, start);
	UK_WRITE_ONCE(tlb_req_pages, pages);
	gen = __atomic_add_fetch(&tlb_gen, 1, __ATOMIC_SEQ_CST);
	/* after the new generation: a CPU that comes online later flushes
	 * everything itself (mmu_cpu_online) */
	for (i = 0; (l = lcpu_get(i)) != NULL; i++)
		if (l != self &&
		    lcpu_state_is_online(__atomic_load_n(&l->state,
							 __ATOMIC_SEQ_CST)))
			targets[n++] = l;
	if (!n)
		return;
	paging_tlb_shootdowns++;
	for (i = 0; i < n; i++)
		apic_send_fixed((__u32)targets[i]->id,
				IRQ_VECTOR(CONFIG_UKPLAT_LCPU_TLB_IRQ));
	sent = ukplat_monotonic_clock();
	for (i = 0; i < n; i++)
		tlb_wait_ack(targets[i], gen, sent);
#endif
}

void mmu_cpu_online(void)
{
#ifdef CONFIG_HAVE_SMP
	unsigned int idx = lcpu_current()->idx;
	__u64 gen = __atomic_load_n(&tlb_gen, __ATOMIC_SEQ_CST);

	write_cr3(read_cr3());
	__atomic_store_n(&tlb_ack[idx], gen, __ATOMIC_RELEASE);
#endif
}

void mmu_tlb_shootdown_irq(void)
{
#ifdef CONFIG_HAVE_SMP
	tlb_service();
#endif
}

int mmu_tlb_shootdown_nmi(void)
{
#ifdef CONFIG_HAVE_SMP
	unsigned int idx = lcpu_current()->idx;

	if (!__atomic_exchange_n(&tlb_nmi_expected[idx], 0, __ATOMIC_SEQ_CST))
		return 0;
	tlb_service();
	return 1;
#else
	return 0;
#endif
}

#endif /* CONFIG_PAGING */
