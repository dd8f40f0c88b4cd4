/* Software contexts for <uk/plat/thread.h> on arm64: see ctx_switch.S. A
 * new context starts at the address stored at its sp (the API's contract),
 * with a frame of zero callee-saved registers under it whose lr is that
 * address, so the first switch "returns" there with sp as given. */
#include <errno.h>
#include <string.h>
#include <uk/plat/thread.h>

/* x19..x28, fp, lr: what ctx_sw_switch keeps (ctx_switch.S) */
#define CTX_FRAME_WORDS 12

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
	unsigned long *frame = (unsigned long *)sp - CTX_FRAME_WORDS;

	memset(frame, 0, CTX_FRAME_WORDS * sizeof(*frame));
	frame[CTX_FRAME_WORDS - 1] = *(unsigned long *)sp;	/* lr */
	((struct ctx_sw *)ctx)->sp = (unsigned long)frame;
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
