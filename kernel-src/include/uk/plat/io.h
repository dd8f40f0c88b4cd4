/* Addresses for devices (Unikraft API uk/plat/io.h). */
#ifndef __UK_PLAT_IO_H__
#define __UK_PLAT_IO_H__

#include <uk/arch/types.h>

/* The kernel maps memory one to one, so a virtual address is physical. */
static inline __paddr_t ukplat_virt_to_phys(const volatile void *address)
{
	return (__paddr_t)(__uptr)address;
}

#endif /* __UK_PLAT_IO_H__ */
