"""Issue 12, posix-futex from cells: two CPUs meeting on a futex, each side waiting once (both
architectures)."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

smp_guest = guest_fixture(smp=2, online=True, arches=BOTH_ARCHES)

PING_PONG = """
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <linux/futex.h>
#include <uk/syscall.h>
#include <uk/thread.h>
uint32_t turn;               /* 0: CPU 1 waits for it to become 1; then CPU 0 waits for 2 */
volatile long cpu1_result = 99;
volatile unsigned int cpu1_ran_on = 99;
long futex(uint32_t *u, int op, uint32_t v) { return syscall(SYS_futex, u, op, v, 0, 0, 0); }
void cpu1_side(void *arg)
{
    (void)arg;
    cpu1_ran_on = ukplat_lcpu_idx();
    while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) == 0)
        cpu1_result = futex(&turn, FUTEX_WAIT_PRIVATE, 0);
    __atomic_store_n(&turn, 2, __ATOMIC_SEQ_CST);
    futex(&turn, FUTEX_WAKE_PRIVATE, 1);
}
"""


def test_a_futex_wait_and_wake_between_two_cpus(smp_guest):
    run = smp_guest.run_cell
    run(PING_PONG)
    run('struct uk_thread *t = uk_thread_create_on(1, "cpu1", cpu1_side, NULL);')
    # CPU 1 is waiting in the kernel now (its thread blocked): wake it from CPU 0
    run("while (t->state != UK_THREAD_BLOCKED) ;")
    run("__atomic_store_n(&turn, 1, __ATOMIC_SEQ_CST); long woke = futex(&turn, FUTEX_WAKE_PRIVATE, 1);")
    # and CPU 0 waits until CPU 1 has answered: asleep and woken (0), or CPU 1 answered between
    # the test of turn and the wait (syscall()'s -1 with errno EAGAIN)
    run("long mine = 0; int mine_errno = 0;")
    run("while (turn == 1) { mine = futex(&turn, FUTEX_WAIT, 1); mine_errno = errno; }")
    run("uk_thread_wait(t);")
    assert run("turn").value.text == "2"
    assert run("cpu1_ran_on").value.text == "1"
    assert run("cpu1_result").value.text == "0"  # woken, not -EAGAIN
    assert run("woke").value.text == "1"
    assert run("mine == 0 || (mine == -1 && mine_errno == EAGAIN)").value.text == "1"
