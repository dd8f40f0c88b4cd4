/* The local APIC of each CPU: its ID, end of interrupt, inter-processor
 * interrupts and its timer, the same calls whether the APIC is driven
 * through MMIO (xAPIC) or MSRs (x2APIC). Intel SDM Vol. 3A chapter 11. */
#ifndef __X86_APIC_H__
#define __X86_APIC_H__

#include <uk/arch/types.h>

/* How the local APICs are driven; chosen once at boot, the same on every CPU.
 * The host reads it through GDB. */
enum lapic_mode {
	LAPIC_MODE_NONE,	/* no APIC: one CPU, no IPIs */
	LAPIC_MODE_XAPIC,	/* registers in a 4 KiB MMIO page */
	LAPIC_MODE_X2APIC,	/* registers are MSRs 0x800-0x8ff */
};

extern enum lapic_mode lapic_mode;

/* On the boot CPU: choose the mode and enable this CPU's APIC. Returns 0,
 * or -ENODEV without an APIC. */
int apic_init(void);
/* On every other CPU, before it takes interrupts. */
void apic_cpu_init(void);
/* "xAPIC", "x2APIC" or "no APIC" */
const char *apic_mode_name(void);
/* xAPIC: the address of the register page (0 in other modes) */
__uptr apic_base(void);

__u32 apic_id(void);
void apic_eoi(void);

/* Inter-processor interrupts to one CPU, by APIC ID (physical destination) */
void apic_send_fixed(__u32 dest, __u8 vector);
void apic_send_nmi(__u32 dest);
void apic_send_init(__u32 dest);
void apic_send_startup(__u32 dest, __u8 page);

/* The timer counts down from `count` once (at the rate apic_timer_hz()
 * reports) and then raises `vector`. */
void apic_timer_oneshot(__u8 vector, __u32 count);
void apic_timer_stop(void);
__u64 apic_timer_hz(void);

#endif /* __X86_APIC_H__ */
