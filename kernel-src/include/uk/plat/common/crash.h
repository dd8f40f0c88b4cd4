/* Crash reports, the part both architectures print alike
 * (plat/common/crash_print.c), and what each architecture provides for it.
 * A frame record is two words on both, [fp] the caller's frame pointer and
 * [fp + 8] the return address (System V AMD64 psABI §3.2.2, AAPCS64
 * §6.2.3). */
#ifndef __UK_PLAT_COMMON_CRASH_H__
#define __UK_PLAT_COMMON_CRASH_H__

/* An address with the symbol it lies in: 0x... <name+0xoff> */
void crash_print_addr(unsigned long addr);
/* A code address: where a fault hit, or (is_return) where a call returns */
void crash_print_code_addr(unsigned long addr, int is_return);
/* The words above sp, four to a line, if they can be read */
void crash_print_stack(unsigned long sp);
/* "Backtrace:" from pc along the chain of frame records from fp */
void crash_print_backtrace(unsigned long pc, unsigned long fp,
			   int pc_is_return);

/* The architecture's: reading [addr, addr + len) cannot fault (the page
 * tables map all of it) */
int crash_readable(unsigned long addr, unsigned long len);
/* The architecture's: a return address, by the call instruction before it */
void crash_print_return_addr(unsigned long addr);

#endif /* __UK_PLAT_COMMON_CRASH_H__ */
