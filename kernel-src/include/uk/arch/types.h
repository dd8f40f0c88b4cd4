/* Base integer types of the x86_64 System V ABI (LP64), under Unikraft's names.
 * Governing document: System V AMD64 psABI, §3.1.2 "Data Representation". */
#ifndef __UK_ARCH_TYPES_H__
#define __UK_ARCH_TYPES_H__

#ifndef __ASSEMBLY__

typedef unsigned char		__u8;
typedef signed char		__s8;
typedef unsigned short		__u16;
typedef signed short		__s16;
typedef unsigned int		__u32;
typedef signed int		__s32;
typedef unsigned long		__u64;
typedef signed long		__s64;

/* Pointer-sized integers; __sz matches size_t so the two mix without casts. */
typedef unsigned long		__uptr;
typedef signed long		__sptr;
typedef __uptr			__sz;
typedef __sptr			__ssz;
typedef __s64			__off;

typedef __uptr			__vaddr_t;
typedef __u64			__paddr_t;	/* identity map: == __vaddr_t */

typedef __u64			__nsec;
typedef __s64			__snsec;

/* A counter for the atomic helpers (<uk/refcount.h>). */
typedef struct {
	__u32 counter;
} __atomic;

#define __NULL			((void *)0)

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ARCH_TYPES_H__ */
