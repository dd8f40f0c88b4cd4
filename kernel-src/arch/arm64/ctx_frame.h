/* The first frame of a software context on arm64 (plat/common/ctx_sw.c):
 * ctx_switch.S restores x19..x28, fp and lr, then returns through lr, which
 * holds no stack slot of its own: so twelve words, zero but for lr, which
 * is the entry address the API's caller stored at sp. */
#ifndef __ARM64_CTX_FRAME_H__
#define __ARM64_CTX_FRAME_H__

#include <string.h>

#define CTX_FRAME_WORDS 12	/* x19..x28, fp, lr */

static inline unsigned long ctx_sw_first_frame(unsigned long sp)
{
	unsigned long *frame = (unsigned long *)sp - CTX_FRAME_WORDS;

	memset(frame, 0, CTX_FRAME_WORDS * sizeof(*frame));
	frame[CTX_FRAME_WORDS - 1] = *(unsigned long *)sp;	/* lr */
	return (unsigned long)frame;
}

#endif /* __ARM64_CTX_FRAME_H__ */
