/* Signal sets (<signal.h>): bit signum - 1 of the 64-bit set. */
#include <errno.h>
#include <signal.h>

static int bad_signal(int signum)
{
	if (signum >= 1 && signum < _NSIG)
		return 0;
	errno = EINVAL;
	return 1;
}

int sigemptyset(sigset_t *set)
{
	set->__bits[0] = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	set->__bits[0] = ~0UL;
	return 0;
}

int sigaddset(sigset_t *set, int signum)
{
	if (bad_signal(signum))
		return -1;
	set->__bits[0] |= 1UL << (signum - 1);
	return 0;
}

int sigdelset(sigset_t *set, int signum)
{
	if (bad_signal(signum))
		return -1;
	set->__bits[0] &= ~(1UL << (signum - 1));
	return 0;
}

int sigismember(const sigset_t *set, int signum)
{
	if (bad_signal(signum))
		return -1;
	return (set->__bits[0] >> (signum - 1)) & 1;
}
