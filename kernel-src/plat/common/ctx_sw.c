/* Software contexts for <uk/plat/thread.h>: a context is its saved stack
 * pointer, and arch/<arch>/ctx_switch.S saves and restores the callee-saved
 * registers on the stack. A new context starts at the address stored at its
 * sp (the API's contract), under a first frame the architecture lays out
 * (ctx_frame.h) so that the first switch "returns" there. */
#include <errno.h>
#include <uk/plat/thread.h>
#include "ctx_frame.h"

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
	((struct ctx_sw *)ctx)->sp = ctx_sw_first_frame(sp);
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
