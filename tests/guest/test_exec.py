"""Issue 12, %exec: static Linux x86_64 binaries built on the host with musl-gcc -static run in the
guest in an address space of their own (ukplat_pt_clone), with the System V start-up stack, until
exit_group: their output streams, their exit status is the value, the calls the kernel lacks are
listed. A small real program uses files, time and threads."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.guest.conftest import guest_fixture

exec_guest = guest_fixture(scope="module")

HELLO = r"""
#include <stdio.h>
int main(int argc, char **argv)
{
    printf("hello, %s! (%d args)\n", argc > 1 ? argv[1] : "nobody", argc);
    return 3;
}
"""

REAL = r"""
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long sums[4];

static void *work(void *arg)
{
    long i, n = (long)arg, s = 0;

    for (i = 0; i <= n * 1000; i++)
        s += i;
    sums[n] = s;
    return NULL;
}

int main(void)
{
    struct timespec t0, t1;
    pthread_t th[4];
    char line[64];
    FILE *f;
    long i;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < 4; i++)
        if (pthread_create(&th[i], NULL, work, (void *)i)) return 10;
    for (i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    f = fopen("/tmp-report.txt", "w");
    if (!f) return 11;
    for (i = 0; i < 4; i++)
        fprintf(f, "%ld %ld\n", i, sums[i]);
    fclose(f);
    f = fopen("/tmp-report.txt", "r");
    while (fgets(line, sizeof line, f))
        printf("report: %s", line);
    fclose(f);
    char *p = malloc(1 << 20);
    memset(p, 1, 1 << 20);
    free(p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("elapsed ok: %d\n", t1.tv_sec > t0.tv_sec || t1.tv_nsec >= t0.tv_nsec);
    return unlink("/tmp-report.txt") == 0 ? 0 : 12;
}
"""

needs_musl_gcc = pytest.mark.skipif(shutil.which("musl-gcc") is None, reason="musl-tools not installed")


def build(tmp_path, name: str, source: str, *flags: str) -> str:
    (tmp_path / f"{name}.c").write_text(source)
    out = tmp_path / name
    subprocess.run(
        ["musl-gcc", "-static", "-O2", *flags, "-o", str(out), str(tmp_path / f"{name}.c")], check=True
    )
    return str(out)


@needs_musl_gcc
def test_exec_hello_world_prints_and_returns_its_status(exec_guest, tmp_path):
    hello = build(tmp_path, "hello", HELLO)
    run = exec_guest.exec_program(hello, ["world"])
    assert run.status == 3
    assert "hello, world! (2 args)" in exec_guest.console_log
    # the kernel is back on its own tables, and cells still run in the arena the program covered
    assert exec_guest.run_cell("int after_exec(void) { return 7; }\nafter_exec()").value.text == "7"


@needs_musl_gcc
def test_exec_a_program_with_files_time_and_threads(exec_guest, tmp_path):
    real = build(tmp_path, "real", REAL, "-pthread")
    run = exec_guest.exec_program(real, [])
    log = exec_guest.console_log
    assert run.status == 0, log[-2000:]
    assert "report: 3 4501500" in log
    assert "elapsed ok: 1" in log


@needs_musl_gcc
def test_exec_lists_the_calls_the_kernel_lacks(exec_guest, tmp_path):
    source = "#include <unistd.h>\n#include <sys/syscall.h>\nint main(void) { syscall(400); return 0; }\n"
    run = exec_guest.exec_program(build(tmp_path, "unknown", source), [])
    assert run.status == 0
    assert run.unknown == {"400": 1} or list(run.unknown.values()) == [1]
