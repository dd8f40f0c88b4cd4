/* Execution contexts the platform switches between (Unikraft API
 * uk/plat/thread.h). lib/uksched switches its threads itself (switch.S,
 * with the FPU state); these are for code that keeps contexts of its own. */
#ifndef __UK_PLAT_THREAD_H__
#define __UK_PLAT_THREAD_H__

#include <uk/essentials.h>

enum ukplat_ctx_type {
	ukplat_ctx_none,
	ukplat_ctx_hw,		/* not offered here: -EINVAL */
	ukplat_ctx_sw,		/* callee-saved registers and the stack */
};

typedef __sz (*ukplat_ctx_size_func_t)(void);
typedef void (*ukplat_ctx_init_func_t)(void *ctx, unsigned long sp,
				       unsigned long tlsp);
typedef void (*ukplat_ctx_start_func_t)(void *ctx);
typedef void (*ukplat_ctx_switch_func_t)(void *prevctx, void *nextctx);

struct ukplat_ctx_callbacks {
	ukplat_ctx_size_func_t size_cb;		/* bytes of a context */
	ukplat_ctx_init_func_t init_cb;		/* sp: where to start; it
						 * holds the entry address */
	ukplat_ctx_start_func_t start_cb __noreturn;
	ukplat_ctx_switch_func_t switch_cb;
};

/* 0, or -EINVAL for a type not offered. */
int ukplat_ctx_callbacks_init(struct ukplat_ctx_callbacks *ctx_cbs,
			      enum ukplat_ctx_type ctx_type);

static inline __sz ukplat_thread_ctx_size(struct ukplat_ctx_callbacks *cbs)
{
	return cbs->size_cb();
}

static inline void ukplat_thread_ctx_init(struct ukplat_ctx_callbacks *cbs,
					  void *ctx, unsigned long sp,
					  unsigned long tlsp)
{
	cbs->init_cb(ctx, sp, tlsp);
}

static inline void ukplat_thread_ctx_start(struct ukplat_ctx_callbacks *cbs,
					   void *ctx)
{
	cbs->start_cb(ctx);
}

static inline void ukplat_thread_ctx_switch(struct ukplat_ctx_callbacks *cbs,
					    void *prevctx, void *nextctx)
{
	cbs->switch_cb(prevctx, nextctx);
}

#endif /* __UK_PLAT_THREAD_H__ */
