"""Issue 12, files for the libc: from cells, open/read/write/lseek/fstat/stat on the ramfs at /, the
device nodes under /dev, directories and the working directory, the calls reached by number through
the shim; anonymous mmap/munmap/mprotect and brk on the paging API."""

from __future__ import annotations

import pytest

from tests.guest.conftest import guest_fixture

files_guest = guest_fixture(scope="module")

FILES = r"""
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int files_check(void)
{
    char buf[64] = {0};
    struct stat st;
    int fd = open("/hello.txt", O_CREAT | O_RDWR | O_EXCL, 0644);

    if (fd < 0) return -1;
    if (write(fd, "hello ramfs", 11) != 11) return -2;
    if (lseek(fd, 6, SEEK_SET) != 6) return -3;
    if (read(fd, buf, sizeof buf) != 5 || strcmp(buf, "ramfs")) return -4;
    if (fstat(fd, &st) || st.st_size != 11 || !S_ISREG(st.st_mode)) return -5;
    if (lseek(fd, 0, SEEK_END) != 11) return -6;
    close(fd);
    if (open("/hello.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) != -1 || errno != EEXIST) return -7;
    if (mkdir("/work", 0755) || chdir("/work")) return -8;
    fd = open("../hello.txt", O_WRONLY | O_APPEND);
    if (fd < 0 || write(fd, "!", 1) != 1) return -9;
    close(fd);
    if (stat("/hello.txt", &st) || st.st_size != 12) return -10;
    if (!getcwd(buf, sizeof buf) || strcmp(buf, "/work")) return -11;
    if (chdir("/") || rmdir("/work")) return -12;
    if (unlink("/hello.txt")) return -13;
    if (stat("/hello.txt", &st) != -1 || errno != ENOENT) return -14;
    return 0;
}
"""

DEVICES = r"""
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int devices_check(void)
{
    unsigned char a[16], b[16];
    struct stat st;
    int fd;

    memset(a, 1, sizeof a);
    fd = open("/dev/zero", O_RDONLY);
    if (fd < 0 || read(fd, a, sizeof a) != sizeof a || a[0] || a[15]) return -1;
    close(fd);
    fd = open("/dev/null", O_RDWR);
    if (fd < 0 || write(fd, "x", 1) != 1 || read(fd, a, 1) != 0) return -2;
    close(fd);
    fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0 || read(fd, a, 16) != 16 || read(fd, b, 16) != 16 || !memcmp(a, b, 16)) return -3;
    close(fd);
    if (stat("/dev/console", &st) || !S_ISCHR(st.st_mode)) return -4;
    fd = open("/dev/console", O_WRONLY);
    if (fd < 0 || !isatty(fd) || write(fd, "via /dev/console\n", 17) != 17) return -5;
    close(fd);
    if (!isatty(1) || isatty(open("/dev/null", O_RDONLY))) return -6;
    return 0;
}
"""


def test_files_on_the_ramfs_at_the_root(files_guest):
    files_guest.run_cell(FILES)
    assert files_guest.call("files_check").text == "0"


def test_device_nodes_under_dev(files_guest):
    files_guest.run_cell(DEVICES)
    assert files_guest.call("devices_check").text == "0"
    assert "via /dev/console" in files_guest.console_log


def test_file_calls_through_the_syscall_instruction(files_guest):
    cell = r"""
static long raw3(long nr, long a, long b, long c)
{
    long ret;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c)
                         : "rcx", "r11", "memory");
    return ret;
}
char nr_buf[8];
long nr_fd, nr_written, nr_read, nr_missing;
nr_fd = raw3(2 /* open */, (long)"/by-number", 0102 /* O_CREAT|O_RDWR */, 0600);
nr_written = raw3(1 /* write */, nr_fd, (long)"12345", 5);
raw3(8 /* lseek */, nr_fd, 1, 0 /* SEEK_SET */);
nr_read = raw3(0 /* read */, nr_fd, (long)nr_buf, sizeof nr_buf);
nr_missing = raw3(2, (long)"/nowhere/x", 0, 0);
"""
    files_guest.run_cell(cell)
    assert files_guest.evaluate("nr_written").text == "5"
    assert files_guest.evaluate("nr_read").text == "4"
    assert files_guest.evaluate("nr_buf").text.startswith('"2345')
    assert files_guest.evaluate("nr_missing").text == "-2"  # -ENOENT, Linux's convention
    assert int(files_guest.evaluate("uk_syscall_stats[2].count").text) >= 2  # open


MEMORY = r"""
#include <string.h>
#include <sys/mman.h>
#include <uk/syscall.h>
int memory_check(void)
{
    char *p = mmap(NULL, 3 * 4096 + 5, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *q;
    long b0, b1;

    if (p == MAP_FAILED || p[100] != 0) return -1;
    memset(p, 7, 4 * 4096);
    if (munmap(p + 4096, 4096)) return -2;          /* a hole in the middle */
    q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (q != p + 4096 || q[0] != 0) return -3;      /* first fit reuses it, zeroed */
    if (mprotect(p, 4096, PROT_READ)) return -4;
    if (munmap(p, 4 * 4096)) return -5;
    if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 3, 0) != MAP_FAILED) return -6;
    b0 = uk_syscall_r(SYS_brk, 0);
    b1 = uk_syscall_r(SYS_brk, b0 + 10000);
    if (b1 != b0 + 10000) return -7;
    ((char *)b0)[9999] = 1;
    if (uk_syscall_r(SYS_brk, b0) != b0) return -8;
    if (uk_syscall_r(SYS_brk, 1) != b0) return -9;  /* out of the window: unchanged */
    return 0;
}
"""


def test_anonymous_mmap_and_brk(files_guest):
    files_guest.run_cell(MEMORY)
    assert files_guest.call("memory_check").text == "0"


@pytest.mark.parametrize("path", ["/", "/dev"])
def test_directories_list_through_getdents64(files_guest, path):
    cell = r"""
#include <fcntl.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
int count_entries(const char *path, const char *want)
{
    char buf[512];
    int fd = open(path, O_RDONLY | O_DIRECTORY), found = 0;
    long n, off;

    if (fd < 0) return -1;
    while ((n = getdents64(fd, buf, sizeof buf)) > 0)
        for (off = 0; off < n; off += *(unsigned short *)(buf + off + 16))
            found += !strcmp(buf + off + 19, want);
    close(fd);
    return found;
}
"""
    files_guest.run_cell(cell)
    want = "dev" if path == "/" else "urandom"
    assert files_guest.run_cell(f'count_entries("{path}", "{want}")').value.text == "1"
