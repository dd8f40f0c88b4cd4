"""The up-to-date check keeps the newest source time per process and walks kernel-src again only
when kconfig.SourceWatch saw a change there: an edit in place (its directory's time unchanged), a
touch, a new file in a new directory, a Kconfig fragment each count, and a tree it cannot vouch for
(a symbolic link in it) is walked at every question."""

from __future__ import annotations

import os
import time

import pytest

from ukrepl import kconfig, kernel_build

PAST = time.time() - 3600


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A small kernel-src/ of old files, with a build/ output beside them; kernel_build looks at it."""
    root = tmp_path / "kernel-src"
    for name in ("lib/a/a.c", "lib/a/Config.uk", "arch/x.S", "build/default/obj.o"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* old */\n")
        os.utime(path, (PAST, PAST))
    monkeypatch.setattr(kernel_build, "KERNEL_SRC", root)
    monkeypatch.setattr(kernel_build, "_BUILD_DIR", str(root / kconfig.OUTPUT_DIR))
    return root


def changed() -> bool:
    return kernel_build._changed_since(PAST + 60)


def test_an_edit_in_place_counts_though_its_directory_keeps_its_time(tree):
    assert not changed()
    directory_time = (tree / "lib/a").stat().st_mtime_ns
    with open(tree / "lib/a/a.c", "r+") as source:
        source.write("/* new */")
    assert (tree / "lib/a").stat().st_mtime_ns == directory_time
    assert changed()


def test_a_touch_and_a_new_directory_count(tree):
    assert not changed()
    os.utime(tree / "arch/x.S")
    assert changed()
    os.utime(tree / "arch/x.S", (PAST, PAST))
    assert not changed()
    (tree / "lib/b").mkdir()
    (tree / "lib/b/b.h").write_text("int b;\n")
    assert changed()


def test_nothing_changed_means_no_walk(tree, monkeypatch):
    assert not changed()
    monkeypatch.setattr(kernel_build, "_newest_source", lambda: pytest.fail("walked an unchanged tree"))
    assert not changed()
    (tree / kconfig.OUTPUT_DIR / "default/obj.o").write_text("built\n")  # the build's output: no source
    assert not changed()


def test_a_tree_with_a_symbolic_link_is_walked_at_every_question(tree, tmp_path):
    outside = tmp_path / "outside.h"
    outside.write_text("int x;\n")
    os.utime(outside, (PAST, PAST))
    (tree / "lib/a/link.h").symlink_to(outside)
    assert not changed()
    with open(outside, "r+") as header:  # outside every watched directory
        header.write("int y;")
    assert changed()


def test_the_kconfig_tree_is_loaded_again_after_its_fragment_changed(tmp_path):
    root = tmp_path / "src"
    (root / "lib").mkdir(parents=True)
    (root / "Kconfig").write_text('mainmenu "t"\nsource "lib/Config.uk"\n')
    (root / "lib/Config.uk").write_text('config ALPHA\n\tbool "alpha"\n\tdefault y\n')
    (root / "defconfig").write_text("")
    assert kconfig.default("ALPHA", root) == "y"
    with open(root / "lib/Config.uk", "r+") as fragment:  # same length, same directory time
        fragment.write('config ALPHA\n\tbool "alpha"\n\tdefault n\n')
    assert kconfig.default("ALPHA", root) == "n"
