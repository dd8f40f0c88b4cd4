/* Counting semaphores (<uk/semaphore.h>) on a wait queue. */
#include <uk/semaphore.h>
#include <uk/plat/time.h>

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->count = count;
	uk_waitq_init(&s->wait);
}

int uk_semaphore_down_try(struct uk_semaphore *s)
{
	unsigned long irqf;
	int got = 0;

	uk_spin_lock_irqsave(&s->wait.lock, irqf);
	if (s->count > 0) {
		s->count--;
		got = 1;
	}
	uk_spin_unlock_irqrestore(&s->wait.lock, irqf);
	return got;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_waitq_wait_event(&s->wait, uk_semaphore_down_try(s));
}

__nsec uk_semaphore_down_to(struct uk_semaphore *s, __nsec timeout)
{
	__nsec start = ukplat_monotonic_clock();
	__nsec deadline = timeout ? start + timeout : 0;

	if (uk_waitq_wait_event_deadline(&s->wait, uk_semaphore_down_try(s),
					 deadline))
		return __NSEC_MAX;
	return ukplat_monotonic_clock() - start;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&s->wait.lock, irqf);
	s->count++;
	uk_waitq_wake_up_one_locked(&s->wait);
	uk_spin_unlock_irqrestore(&s->wait.lock, irqf);
}
