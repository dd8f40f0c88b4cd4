/* The kernel console (COM1), shared by all CPUs. Output between lock and unlock
 * comes out in one piece; the lock nests on the CPU that holds it. */
#ifndef __UK_PLAT_CONSOLE_H__
#define __UK_PLAT_CONSOLE_H__

#include <uk/essentials.h>

/* Kernel and debug output, both to COM1. Return the bytes written. */
int ukplat_coutk(const char *buf, unsigned int len);
int ukplat_coutd(const char *buf, unsigned int len);

/* Up to maxlen bytes that arrived on COM1, without waiting: how many. */
int ukplat_cink(char *buf, unsigned int maxlen);

/* ANSI escape sequences (ECMA-48) for coloured console output */
#define UK_ANSI_CLEARLINE	"\033[K"
#define UK_ANSI_CLEARSCREEN	"\033[2J"
#define UK_ANSI_HOME		"\033[H"
#define UK_ANSI_UP(n)		"\033[" STRINGIFY(n) "A"
#define UK_ANSI_DOWN(n)		"\033[" STRINGIFY(n) "B"
#define UK_ANSI_RIGHT(n)	"\033[" STRINGIFY(n) "C"
#define UK_ANSI_LEFT(n)		"\033[" STRINGIFY(n) "D"
#define UK_ANSI_POS(l, c)	"\033[" STRINGIFY(l) ";" STRINGIFY(c) "H"
#define UK_ANSI_MOD_RESET	"\033[0m"
#define UK_ANSI_MOD_BOLD	"\033[1m"
#define UK_ANSI_MOD_UNDERSCORE	"\033[4m"
#define UK_ANSI_MOD_BLINK	"\033[5m"
#define UK_ANSI_MOD_INVERT	"\033[7m"
#define UK_ANSI_MOD_HIDE	"\033[8m"
#define UK_ANSI_MOD_COLOR(fg, bg)					\
	"\033[" STRINGIFY(UK_CONCAT(3, fg)) ";" STRINGIFY(UK_CONCAT(4, bg)) "m"
#define UK_ANSI_MOD_COLORFG(fg)	"\033[" STRINGIFY(UK_CONCAT(3, fg)) "m"
#define UK_ANSI_MOD_COLORBG(bg)	"\033[" STRINGIFY(UK_CONCAT(4, bg)) "m"
#define UK_ANSI_COLOR_BLACK	0
#define UK_ANSI_COLOR_RED	1
#define UK_ANSI_COLOR_GREEN	2
#define UK_ANSI_COLOR_YELLOW	3
#define UK_ANSI_COLOR_BLUE	4
#define UK_ANSI_COLOR_MAGENTA	5
#define UK_ANSI_COLOR_CYAN	6
#define UK_ANSI_COLOR_WHITE	7

/* Returns the interrupt flags to hand back to ukplat_console_unlock(). */
unsigned long ukplat_console_lock(void);
void ukplat_console_unlock(unsigned long irqf);

/* For crash paths: never waits for long. The holder CPU re-enters; a lock
 * that another CPU does not let go of is taken over. */
unsigned long ukplat_console_lock_crash(void);

#endif /* __UK_PLAT_CONSOLE_H__ */
