"""Issue 12, uksignal, posix-process and posix-user from cells: a handler run by kill, SA_SIGINFO, a
signal that ends a wait, the process's ids, the root user."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

guest = guest_fixture(arches=BOTH_ARCHES)
KILL_NR = {"x86_64": 62, "arm64": 129}
# where Linux's (and musl's) ucontext_t keeps the interrupted signal mask
UC_SIGMASK = {"x86_64": 296, "arm64": 40}

HANDLER = """
#include <signal.h>
#include <string.h>
#include <unistd.h>
volatile int handled, handled_code;
void on_usr1(int sig) { handled = sig; }
void on_info(int sig, siginfo_t *si, void *uc) { (void)uc; handled = sig; handled_code = si->si_code; }
"""


def test_sigaction_then_kill_getpid_sigusr1_runs_the_handler(guest):
    run = guest.run_cell
    run(HANDLER)
    run("struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_usr1;")
    assert run("sigaction(SIGUSR1, &sa, NULL)").value.text == "0"
    assert run("kill(getpid(), SIGUSR1)").value.text == "0"
    assert run("handled").value.text == "10"
    assert (
        guest.evaluate(f"uk_syscall_stats[{KILL_NR[guest.arch]}].count").text == "1"
    )  # kill went through the shim


def test_sa_siginfo_says_who_sent_it_and_a_blocked_signal_waits(guest):
    run = guest.run_cell
    run(HANDLER)
    run(
        "struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = on_info; sa.sa_flags = SA_SIGINFO;"
    )
    run("sigaction(SIGUSR2, &sa, NULL); sigset_t set; sigemptyset(&set); sigaddset(&set, SIGUSR2);")
    run("sigprocmask(SIG_BLOCK, &set, NULL); raise(SIGUSR2);")
    assert run("handled").value.text == "0"
    run("sigprocmask(SIG_UNBLOCK, &set, NULL);")
    assert (run("handled").value.text, run("handled_code").value.text) == ("12", "-6")  # SI_TKILL


def test_a_siginfo_handler_finds_the_interrupted_mask_in_its_ucontext(guest):
    run = guest.run_cell
    run(
        "#include <signal.h>\n#include <string.h>\nvolatile unsigned long uc_mask;\n"
        "void on_uc(int sig, siginfo_t *si, void *uc)\n"
        f"{{ (void)sig; (void)si; uc_mask = *(unsigned long *)((char *)uc + {UC_SIGMASK[guest.arch]}); }}"
    )
    run("struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = on_uc; sa.sa_flags = SA_SIGINFO;")
    run("sigaction(SIGUSR2, &sa, NULL); sigset_t set; sigemptyset(&set); sigaddset(&set, SIGUSR1);")
    run("sigprocmask(SIG_BLOCK, &set, NULL); raise(SIGUSR2); sigprocmask(SIG_UNBLOCK, &set, NULL);")
    assert run("uc_mask").value.text == str(1 << (10 - 1))  # SIGUSR1 blocked when SIGUSR2 came


def test_alarm_ends_pause(guest):
    run = guest.run_cell
    run(HANDLER)
    run("signal(SIGALRM, on_usr1); alarm(1);")
    assert run("pause()").value.text == "-1"
    assert run("handled").value.text == "14"


def test_the_process_ids_from_a_cell(guest):
    run = guest.run_cell
    run("#include <unistd.h>")
    assert [run(e).value.text for e in ("getpid()", "getppid()", "gettid()", "getpgid(0)")] == [
        "1",
        "0",
        "1",
        "1",
    ]


def test_getpwnam_r_root_returns_0_with_the_root_user(guest):
    run = guest.run_cell
    run("#include <pwd.h>\nstruct passwd pw, *res; char buf[256];")
    run('int rc = getpwnam_r("root", &pw, buf, sizeof buf, &res);')
    assert run("rc").value.text == "0"
    assert run("res == &pw && pw.pw_uid == 0 && pw.pw_gid == 0").value.text == "1"
    assert run("pw.pw_dir").value.text.endswith('"/"')
