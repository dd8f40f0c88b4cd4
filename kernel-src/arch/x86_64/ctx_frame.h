/* The first frame of a software context on x86_64 (plat/common/ctx_sw.c):
 * ctx_switch.S pops r15 r14 r13 r12 rbx rbp and returns, so six zero words
 * under the entry address that the API's caller stored at sp. */
#ifndef __X86_64_CTX_FRAME_H__
#define __X86_64_CTX_FRAME_H__

#include <string.h>

static inline unsigned long ctx_sw_first_frame(unsigned long sp)
{
	unsigned long *frame = (unsigned long *)sp - 6;

	memset(frame, 0, 6 * sizeof(*frame));
	return (unsigned long)frame;
}

#endif /* __X86_64_CTX_FRAME_H__ */
