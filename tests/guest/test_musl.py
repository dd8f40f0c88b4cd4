"""Issue 12, musl: `--libc musl` builds the kernel with Debian's musl-dev linked unmodified, runs
musl's start-up at boot (TLS, stack protector), and compiles cells against musl's headers: printf's
floating point, strtod, qsort and malloc (on brk/mmap through the shim) from cells."""

from __future__ import annotations

from tests.guest.conftest import guest_fixture

musl_guest = guest_fixture(scope="module", config=("LIBC_MUSL=y",))


def test_the_kernel_runs_on_musl(musl_guest):
    assert musl_guest.evaluate("(long)&__init_libc != 0").text == "1"
    assert "ukrepl: ready" in musl_guest.console_log
    # musl's main-thread block is every kernel thread's TLS: %fs:0x28 holds the canary
    assert musl_guest.evaluate("ukplat_tlsp_default != 0").text == "1"


def test_snprintf_of_strtod_gives_five(musl_guest):
    cell = """
#include <stdio.h>
#include <stdlib.h>
char buf[32];
snprintf(buf, sizeof buf, "%.2f", strtod("2.5", NULL) * 2);
buf
"""
    assert musl_guest.run_cell(cell).value.text.endswith('"5.00"')


def test_qsort_and_malloc_from_a_cell(musl_guest):
    cell = """
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int by_value(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}
int sorted_sum(void)
{
    int n = 1000, i, ok = 1;
    int *v = malloc(n * sizeof *v);
    char *big = malloc(1 << 20);          /* musl's malloc maps big blocks with mmap */

    if (!v || !big) return -1;
    memset(big, 1, 1 << 20);
    for (i = 0; i < n; i++) v[i] = (i * 7919) % n;
    qsort(v, n, sizeof *v, by_value);
    for (i = 0; i < n; i++) ok &= v[i] == i;
    free(big);
    free(v);
    printf("sorted %d numbers\\n", n);
    return ok;
}
"""
    musl_guest.run_cell(cell)
    assert musl_guest.call("sorted_sum").text == "1"
    assert "sorted 1000 numbers" in musl_guest.console_log
    assert int(musl_guest.evaluate("uk_syscall_stats[12].count").text) >= 1  # brk


def test_errno_and_files_through_musl(musl_guest):
    cell = """
#include <errno.h>
#include <stdio.h>
#include <string.h>
int musl_files(void)
{
    char line[32] = {0};
    FILE *f = fopen("/musl.txt", "w+");

    if (!f) return -1;
    fprintf(f, "pi is %.3f\\n", 3.14159);
    rewind(f);
    if (!fgets(line, sizeof line, f) || strcmp(line, "pi is 3.142\\n")) return -2;
    fclose(f);
    if (fopen("/no/such/file", "r") || errno != ENOENT) return -3;
    return 0;
}
"""
    musl_guest.run_cell(cell)
    assert musl_guest.call("musl_files").text == "0"
