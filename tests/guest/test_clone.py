"""Issue 12, clone from a cell: a thread made by a raw system-call instruction with the flags musl's
pthread_create uses runs on its own stack with its own TLS pointer (%fs base on x86_64, TPIDR_EL0 on
arm64, whose clone takes tls before child_tid), its tid in the parent's word, and CHILD_CLEARTID
wakes the parent's futex wait when it exits; on both architectures."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

smp_guest = guest_fixture(smp=2, online=True, arches=BOTH_ARCHES)

COMMON = r"""
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <linux/futex.h>
#include <uk/syscall.h>
volatile long child_ran, child_fs, child_tid_seen;
int tid_word = -1;
void futex_wait_on(int *w, int v) { uk_syscall_r(SYS_futex, w, FUTEX_WAIT, v, 0, 0, 0); }
"""

# The child returns from the instruction with 0 on the new stack, runs, and exits.
CLONE = {
    "x86_64": COMMON
    + r"""
#include <asm/prctl.h>
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
""",
    "arm64": COMMON
    + r"""
/* arm64's clone takes tls before child_tid: x3 and x4 change places */
long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls);
__asm__(".text\n"
        ".globl raw_clone\n"
        ".type raw_clone, %function\n"
        "raw_clone:\n"
        "mov x9, x3\n"
        "mov x3, x4\n"
        "mov x4, x9\n"
        "mov x8, #220\n"                   /* clone */
        "svc #0\n"
        "cbnz x0, 1f\n"
        "adrp x9, child_ran\n"
        "mov x10, #1\n"
        "str x10, [x9, :lo12:child_ran]\n"
        "mrs x10, tpidr_el0\n"            /* the TLS pointer CLONE_SETTLS gave */
        "adrp x9, child_fs\n"
        "str x10, [x9, :lo12:child_fs]\n"
        "mov x8, #178\n"                   /* gettid */
        "svc #0\n"
        "adrp x9, child_tid_seen\n"
        "str x0, [x9, :lo12:child_tid_seen]\n"
        "mov x8, #93\n"                    /* exit(0) */
        "mov x0, #0\n"
        "svc #0\n"
        "brk #0\n"
        "1: ret\n"
        ".size raw_clone, . - raw_clone\n");
""",
}

FLAGS = (
    "CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS"
    " | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED"
)


def test_clone_with_musls_thread_flags_runs_a_thread_that_clears_its_tid(smp_guest):
    run = smp_guest.run_cell
    run(CLONE[smp_guest.arch])
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
    run(CLONE[smp_guest.arch])
    assert run("raw_clone(17 /* SIGCHLD: fork */, 0, 0, 0, 0)").value.text == "-38"
    assert (
        run(
            "uk_syscall_r(SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD, 0)"
        ).value.text
        == "-22"
    )
