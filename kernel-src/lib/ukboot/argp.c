/* ukplat_entry_argp() (<uk/plat/bootstrap.h>): boot from a command line
 * still in one string. Arguments are separated by blanks; the string is
 * cut in place. */
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>

#define ARGP_MAX	32

static char *argp_argv[ARGP_MAX + 2];

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

void __noreturn ukplat_entry_argp(char *arg0, char *argb, __sz argb_len)
{
	int argc = 0;
	__sz i = 0;

	if (arg0)
		argp_argv[argc++] = arg0;
	while (argb && i < argb_len && argb[i] && argc < ARGP_MAX + 1) {
		while (i < argb_len && is_blank(argb[i]))
			argb[i++] = '\0';
		if (i >= argb_len || !argb[i])
			break;
		argp_argv[argc++] = &argb[i];
		while (i < argb_len && argb[i] && !is_blank(argb[i]))
			i++;
	}
	if (argb && i < argb_len)
		argb[i] = '\0';
	argp_argv[argc] = NULL;
	ukplat_entry(argc, argp_argv);
}
