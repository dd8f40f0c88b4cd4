/* The trace buffer behind <uk/trace.h>: records appended one after the
 * other until it is full (then later records are dropped and counted), for
 * the host or a cell to read and to empty (uk_trace_buffer_used = 0). */
#include <string.h>
#include <uk/spinlock.h>
#include <uk/trace.h>
#include <uk/plat/time.h>

#define TRACE_BUFFER_SIZE	(64 * 1024)
#define TRACE_STRING_MAX	32

char uk_trace_buffer[TRACE_BUFFER_SIZE] __align(8);
size_t uk_trace_buffer_used;
unsigned long uk_trace_dropped;

/*
 * A record is written under the lock from get_buff to finalize_buff, so
 * records from several CPUs do not interleave. The lock is held across the
 * tracepoint's few stores only; interrupts stay off meanwhile.
 */
static __spinlock trace_lock = UK_SPINLOCK_INITIALIZER();
static unsigned long trace_irqf;

char *__uk_trace_get_buff(size_t *free)
{
	unsigned long irqf;
	size_t room;

	uk_spin_lock_irqsave(&trace_lock, irqf);
	trace_irqf = irqf;
	room = TRACE_BUFFER_SIZE - uk_trace_buffer_used;
	if (room <= sizeof(struct uk_tracepoint_header)) {
		*free = 0;
		return uk_trace_buffer + uk_trace_buffer_used;
	}
	*free = room - sizeof(struct uk_tracepoint_header);
	return uk_trace_buffer + uk_trace_buffer_used +
	       sizeof(struct uk_tracepoint_header);
}

void __uk_trace_save_arg(char **pbuff, size_t *pfree,
			 enum __uk_trace_arg_type type, int size, long arg)
{
	size_t n = type == __UK_TRACE_ARG_STRING ? TRACE_STRING_MAX :
		   (size_t)size;

	if (*pfree < n) {
		*pfree = 0;
		return;
	}
	if (type == __UK_TRACE_ARG_STRING)
		strncpy(*pbuff, arg ? (const char *)arg : "(null)", n);
	else
		memcpy(*pbuff, &arg, n);	/* little endian: the low bytes */
	*pbuff += n;
	*pfree -= n;
}

/* cookie NULL: the record did not fit and is dropped. */
void __uk_trace_finalize_buff(char *new_buff_pos, void *cookie)
{
	struct uk_tracepoint_header *h =
		(void *)(uk_trace_buffer + uk_trace_buffer_used);
	unsigned long irqf = trace_irqf;

	if (cookie && (char *)(h + 1) <= new_buff_pos) {
		h->magic = UK_TP_HEADER_MAGIC;
		h->size = (uint32_t)(new_buff_pos - (char *)(h + 1));
		h->time = ukplat_monotonic_clock();
		h->cookie = cookie;
		uk_trace_buffer_used = ALIGN_UP((size_t)(new_buff_pos -
							 uk_trace_buffer), 8);
		if (uk_trace_buffer_used > TRACE_BUFFER_SIZE)
			uk_trace_buffer_used = TRACE_BUFFER_SIZE;
	} else {
		uk_trace_dropped++;
	}
	uk_spin_unlock_irqrestore(&trace_lock, irqf);
}
