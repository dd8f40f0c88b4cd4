"""Issue 12, clone from a cell: a thread made by a raw `syscall` instruction with the flags musl's
pthread_create uses runs on its own stack with its own %fs, its tid in the parent's word, and
CHILD_CLEARTID wakes the parent's futex wait when it exits."""

from __future__ import annotations

from conftest import guest_fixture

smp_guest = guest_fixture(smp=2, online=True)

CLONE = r"""
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <asm/prctl.h>
#include <uk/syscall.h>
volatile long child_ran, child_fs, child_tid_seen;
int tid_word = -1;
void futex_wait_on(int *w, int v) { uk_syscall_r(SYS_futex, w, FUTEX_WAIT, v, 0, 0, 0); }
/* The child: returns from `syscall` with rax 0 on the new stack, runs, and exits. */
long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls)
{
    long ret;
    register long r10 __asm__("r10") = (long)ctid;
    register long r8 __asm__("r8") = (long)tls;
    __asm__ __volatile__(
        "syscall\n"
        "test %%rax, %%rax\n"
        "jnz 1f\n"
        "movq $1, child_ran(%%rip)\n"
        "movq $158, %%rax\n"              /* arch_prctl(ARCH_GET_FS, &child_fs) */
        "movq $0x1003, %%rdi\n"
        "leaq child_fs(%%rip), %%rsi\n"
        "syscall\n"
        "movq $186, %%rax\n"              /* gettid */
        "syscall\n"
        "movq %%rax, child_tid_seen(%%rip)\n"
        "movq $60, %%rax\n"               /* exit(0) */
        "xorl %%edi, %%edi\n"
        "syscall\n"
        "ud2\n"
        "1:\n"
        : "=a"(ret)
        : "a"(56L), "D"(flags), "S"(stack), "d"(ptid), "r"(r10), "r"(r8)
        : "rcx", "r11", "memory");
    return ret;
}
"""

FLAGS = (
    "CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS"
    " | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED"
)


def test_clone_with_musls_thread_flags_runs_a_thread_that_clears_its_tid(smp_guest):
    run = smp_guest.run_cell
    run(CLONE)
    run("char *stack = malloc(65536);")
    run(f"long tid = raw_clone({FLAGS}, stack + 65536, &tid_word, &tid_word, 0x5000);")
    tid = int(run("tid").value.text)
    assert tid > 1
    assert run("tid_word == tid || tid_word == 0").value.text == "1"  # PARENT_SETTID, maybe cleared already
    # the parent waits on its tid word as pthread_join does; CHILD_CLEARTID's wake ends the wait
    run("int seen; while ((seen = tid_word) != 0)\n futex_wait_on(&tid_word, seen);")
    assert run("child_ran").value.text == "1"
    assert run("child_fs").value.text == str(0x5000)
    assert run("child_tid_seen").value.text == str(tid)


def test_clone_refuses_what_needs_a_process_of_its_own(smp_guest):
    run = smp_guest.run_cell
    run(CLONE)
    assert run("raw_clone(17 /* SIGCHLD: fork */, 0, 0, 0, 0)").value.text == "-38"
    assert (
        run(
            "uk_syscall_r(SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0)"
        ).value.text
        == "-22"
    )
