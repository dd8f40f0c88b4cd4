/* Software contexts for <uk/plat/thread.h>: see ctx_switch.S. A new context
 * starts at the address stored at the top of its stack (sp), with six
 * zero registers under it, so the first switch "returns" there. */
#include <errno.h>
#include <string.h>
#include <uk/plat/thread.h>

struct ctx_sw {
	unsigned long sp;
};

void ctx_sw_switch(unsigned long *prev_sp, unsigned long *next_sp);

static __sz ctx_sw_size(void)
{
	return sizeof(struct ctx_sw);
}

static void ctx_sw_init(void *ctx, unsigned long sp,
			unsigned long tlsp __unused)
{
	unsigned long *stack = (unsigned long *)sp;

	stack -= 6;		/* r15 r14 r13 r12 rbx rbp, then the entry */
	memset(stack, 0, 6 * sizeof(*stack));
	((struct ctx_sw *)ctx)->sp = (unsigned long)stack;
}

static void ctx_sw_switch_cb(void *prevctx, void *nextctx)
{
	ctx_sw_switch(&((struct ctx_sw *)prevctx)->sp,
		      &((struct ctx_sw *)nextctx)->sp);
}

static void __noreturn ctx_sw_start(void *ctx)
{
	struct ctx_sw discard;

	ctx_sw_switch(&discard.sp, &((struct ctx_sw *)ctx)->sp);
	__builtin_unreachable();
}

int ukplat_ctx_callbacks_init(struct ukplat_ctx_callbacks *ctx_cbs,
			      enum ukplat_ctx_type ctx_type)
{
	if (!ctx_cbs || ctx_type != ukplat_ctx_sw)
		return -EINVAL;
	ctx_cbs->size_cb = ctx_sw_size;
	ctx_cbs->init_cb = ctx_sw_init;
	ctx_cbs->start_cb = ctx_sw_start;
	ctx_cbs->switch_cb = ctx_sw_switch_cb;
	return 0;
}
