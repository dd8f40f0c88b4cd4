"""Boot options and --config items are checked before anything is built or stopped; each refusal says
what to do."""

from __future__ import annotations

import pytest

from ukrepl import options
from ukrepl.guest.boot_checks import boot_failure
from ukrepl.kconfig import ConfigError, check
from ukrepl.options import BootOptions, OptionError, checked, parse_size


@pytest.mark.parametrize(
    ("text", "size"),
    [("128M", 128 << 20), ("128", 128 << 20), ("1G", 1 << 30), ("1.5g", 3 << 29), ("512k", 512 << 10)],
)
def test_sizes_read_like_qemu_m(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("mem", ["abc", "128M,share=off", "1;touch x", "$(touch x)", "-1M", ""])
def test_a_bad_size_is_refused_with_an_example(mem):
    with pytest.raises(OptionError) as err:
        checked(BootOptions(mem=mem))
    assert "--mem 128M" in err.value.hint


@pytest.mark.parametrize("mem", ["0", "1K", "4097B"])
def test_a_size_qemu_cannot_take_is_refused(mem):
    with pytest.raises(OptionError) as err:
        checked(BootOptions(mem=mem))
    assert "multiple of 4 KiB" in err.value.message and "--mem 128M" in err.value.hint


@pytest.mark.parametrize(("smp", "hint"), [(0, "--smp 4"), (-1, "--smp 4"), (999, "--smp 64 or fewer")])
def test_cpu_counts_out_of_range_are_refused(smp, hint):
    with pytest.raises(OptionError) as err:
        checked(BootOptions(smp=smp))
    assert hint in err.value.hint


def test_more_cpus_than_the_default_maximum_raise_it():
    assert BootOptions(smp=12).build_config == ("UKPLAT_LCPU_MAXCOUNT=12",)
    assert BootOptions(smp=4).build_config == ("UKPLAT_LCPU_MAXCOUNT=8",)  # one build for small --smp
    with pytest.raises(OptionError) as err:
        checked(BootOptions(smp=4, config=("UKPLAT_LCPU_MAXCOUNT=2",)))
    assert "--smp sets it" in err.value.hint


def test_unknown_config_names_get_did_you_mean():
    with pytest.raises(ConfigError) as err:
        check(["UKREPL_CEL_ARENA_SIZE=128"])
    assert "did you mean CONFIG_UKREPL_CELL_ARENA_SIZE?" in err.value.message
    assert "running guest is untouched" in err.value.hint


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("ENFORCE_W_XOR_X=maybe", "is a bool: y/n"),
        ("UKREPL_CELL_ARENA_SIZE=1;touch x", "is an int"),
        ("UKREPL_CELL_ARENA_SIZE=`touch x`", "is an int"),
        ("UKPLAT_LCPU_MAXCOUNT=999", "out of its range 1..64"),
        ("KERNEL_VERSION=a\ntouch x", "without line breaks"),
        ("A=$(shell touch x)", "not an option"),
        ("$(touch x)=1", "expected NAME=VALUE"),
        ("NOEQUALS", "expected NAME=VALUE"),
    ],
)
def test_config_values_are_checked_against_their_type(item, says):
    with pytest.raises(ConfigError) as err:
        check([item])
    assert says in err.value.message
    assert "fix the --config item" in err.value.hint


def test_good_config_items_are_normalized():
    assert check(["ENFORCE_W_XOR_X=n", "CONFIG_UKREPL_CELL_ARENA_SIZE=128", 'KERNEL_VERSION="x y"']) == (
        "CONFIG_ENFORCE_W_XOR_X=n",
        "CONFIG_UKREPL_CELL_ARENA_SIZE=128",
        "CONFIG_KERNEL_VERSION=x y",
    )


def test_a_failed_boot_shows_qemu_first():
    err = boot_failure(
        ConnectionRefusedError("gdb.sock: Connection refused"),
        "qemu-system-x86_64: -m 1: Parameter 'size' expects a size value\n",
    )
    assert err.message == "QEMU did not start: -m 1: Parameter 'size' expects a size value"
    assert "%reboot" in err.hint and "last good boot" in err.hint
    assert boot_failure(RuntimeError("gdb gone"), "").message == "boot failed: gdb gone"


def test_libc_option_picks_the_kconfig_choice():
    assert BootOptions(libc="musl").build_config == ("LIBC_MUSL=y",)
    assert BootOptions(libc="musl", smp=2).build_config == ("LIBC_MUSL=y", "UKPLAT_LCPU_MAXCOUNT=8")
    assert BootOptions().build_config == ()
    with pytest.raises(OptionError) as e:
        checked(BootOptions(libc="glibc"))
    assert "--libc glibc: not one of nolibc, musl" in str(e.value)


def test_libc_musl_without_musl_dev_names_the_package(monkeypatch):
    monkeypatch.setattr(options, "MUSL_LIBC_A", "/nonexistent/libc.a")
    with pytest.raises(OptionError) as e:
        checked(BootOptions(libc="musl"))
    assert "--libc musl: /nonexistent/libc.a is missing" in str(e.value)
    assert e.value.hint == "install Debian's musl: apt-get install musl-dev musl-tools"


def test_arm64_is_an_architecture_and_runs_under_tcg_only():
    assert checked(BootOptions(arch="arm64", accel="tcg")).arch == "arm64"
    with pytest.raises(OptionError) as err:
        checked(BootOptions(arch="arm64", accel="kvm"))
    assert "TCG only" in err.value.message and "--accel tcg" in err.value.hint
    with pytest.raises(OptionError) as err:
        checked(BootOptions(arch="riscv64"))
    assert "not one of x86_64, arm64" in err.value.message and "%help" in err.value.hint


def test_the_boot_parser_takes_arch():
    from ukrepl.options import boot_options, boot_parser

    assert boot_options(boot_parser().parse_args(["--arch", "arm64", "--smp", "2"])).arch == "arm64"
    with pytest.raises(OptionError) as err:
        boot_parser().parse_args(["--arch", "mips"])
    assert "invalid choice: 'mips'" in err.value.message


def test_musl_is_refused_on_arm64_with_the_way_out(monkeypatch):
    monkeypatch.setattr(options, "MUSL_LIBC_A", __file__)
    with pytest.raises(OptionError) as err:
        checked(BootOptions(libc="musl", arch="arm64", accel="tcg"))
    assert "Debian's musl here is for x86_64" in err.value.message
    assert err.value.hint == "leave out --libc (nolibc) on arm64"
