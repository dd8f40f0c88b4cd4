/* How fast this guest can copy memory, the floor of the AF_UNIX and memcpy
 * benchmarks: `mib` MiB moved from a source block into a destination block
 * of `block` bytes (a ring's size), block after block, by one of three
 * methods. Under TCG the speed depends on the working set (the emulated TLB),
 * so the floor copies through a buffer of the size the ring has. */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>

#define MIB		(1024UL * 1024UL)
#define MAX_BLOCK	(256 * 1024)

enum copy_method {
	COPY_MEMCPY,		/* the kernel's own memcpy */
	COPY_REP_MOVSQ,		/* the string instruction, 8 bytes a step */
	COPY_UNROLLED,		/* a loop of 8-byte loads and stores, 4 a turn */
};

static __u64 source[MAX_BLOCK / 8];
static __u64 target[MAX_BLOCK / 8];

static void rep_movsq(void *dst, const void *src, unsigned long words)
{
	__asm__ volatile("rep movsq"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 :
			 : "memory");
}

static void unrolled(__u64 *dst, const __u64 *src, unsigned long words)
{
	unsigned long i;

	for (i = 0; i + 4 <= words; i += 4) {
		dst[i] = src[i];
		dst[i + 1] = src[i + 1];
		dst[i + 2] = src[i + 2];
		dst[i + 3] = src[i + 3];
	}
	for (; i < words; i++)
		dst[i] = src[i];
}

static void copy_block(enum copy_method method, unsigned int block)
{
	switch (method) {
	case COPY_MEMCPY:
		memcpy(target, source, block);
		break;
	case COPY_REP_MOVSQ:
		rep_movsq(target, source, block / 8);
		break;
	case COPY_UNROLLED:
		unrolled(target, source, block / 8);
		break;
	}
}

/* Bytes per second of one method, or -EINVAL. */
long io_bench_copy_bps(unsigned int method, unsigned int mib, unsigned int block)
{
	unsigned long total = mib * MIB, done;
	__nsec start, took;

	if (method > COPY_UNROLLED || !mib || !block || block > MAX_BLOCK || block % 8)
		return -EINVAL;
	copy_block(method, block);	/* the first touch of both blocks is not the copy */
	start = ukplat_monotonic_clock();
	for (done = 0; done < total; done += block)
		copy_block(method, block);
	took = ukplat_monotonic_clock() - start;
	return (long)(done * 1000000000ULL / MAX(took, 1UL));
}
