"""Things defined once: the magic table, the boot options, and how an error reads."""

from __future__ import annotations

import pytest

from ukrepl.errors import UkreplError
from ukrepl.frontend.debug_magics import DebugMagics
from ukrepl.frontend.magic_table import MAGICS, help_text, magic_names
from ukrepl.frontend.magics import UkreplMagics
from ukrepl.options import BootOptions, OptionError, boot_options, boot_parser


def test_every_magic_in_the_table_has_a_method_help_and_a_name():
    names = magic_names()
    assert len(names) == len(set(names)) == len(MAGICS)
    text = help_text()
    for spec in MAGICS:
        owner = DebugMagics if spec.group == "debug" else UkreplMagics
        assert callable(getattr(owner, spec.method)), spec.name
        assert spec.typed in text
    assert "%boot [--smp N]" in text and "%%python" in text


def test_boot_options_parse_with_the_shared_defaults():
    assert boot_options(boot_parser().parse_args([])) == BootOptions()
    options = boot_options(boot_parser().parse_args(["--smp", "4", "--config", "A=1", "B=y"]))
    assert (options.smp, options.config) == (4, ("A=1", "B=y"))


def test_the_cpu_maximum_is_0_10s_default_without_smp_and_at_least_n_with_it():
    assert BootOptions().build_config == () and BootOptions().cpus == 1  # Kconfig's default: 1
    assert BootOptions(smp=1).build_config == ("UKPLAT_LCPU_MAXCOUNT=8",)
    assert BootOptions(smp=12, config=("A=1",)).build_config == ("UKPLAT_LCPU_MAXCOUNT=12", "A=1")
    mine = BootOptions(smp=2, config=("CONFIG_UKPLAT_LCPU_MAXCOUNT=4",))
    assert mine.build_config == ("CONFIG_UKPLAT_LCPU_MAXCOUNT=4",)  # the user's own choice stays


def test_lcpu_takes_run_and_start():
    from ukrepl.frontend.magics import _lcpu_parser

    args = _lcpu_parser().parse_args(["start", "--cpus", "1,2"])
    assert (args.action, args.function, args.cpus) == ("start", None, [1, 2])
    assert _lcpu_parser().parse_args(["run", "myfunc"]).function == "myfunc"


def test_bad_options_are_one_error_with_the_usage():
    with pytest.raises(OptionError, match=r"%boot: argument --smp: invalid int value: 'x'") as err:
        boot_parser().parse_args(["--smp", "x"])
    assert "usage: %boot" in str(err.value) and "see %help" in str(err.value)


def test_an_error_shows_its_hint_after_the_message():
    assert str(UkreplError("the guest is not running", "use %boot first")) == (
        "the guest is not running (use %boot first)"
    )
    assert str(UkreplError("two\nlines", "do this")) == "two\nlines\n(do this)"
    assert str(UkreplError("no hint here")) == "no hint here"


def test_the_hosts_caps_bound_guest_memory_and_cpus(monkeypatch):
    from ukrepl.options import parse_size as size_bytes

    assert size_bytes("128M") == 128 << 20 and size_bytes("1G") == 1 << 30 and size_bytes("512") == 512 << 20
    parser = boot_parser()
    monkeypatch.setenv("UKREPL_MAX_MEM", "256M")
    monkeypatch.setenv("UKREPL_MAX_SMP", "2")
    assert boot_options(parser.parse_args(["--mem", "256M", "--smp", "2"])).mem == "256M"
    with pytest.raises(OptionError, match="more than this host allows per guest \\(256M\\)"):
        boot_options(parser.parse_args(["--mem", "1G"]))
    with pytest.raises(OptionError, match="--smp 4"):
        boot_options(parser.parse_args(["--smp", "4"]))
    with pytest.raises(OptionError, match="is not a size"):
        boot_options(parser.parse_args(["--mem", "lots"]))
