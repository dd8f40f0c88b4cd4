"""A non-editable install works: the wheel carries the kernel's sources, and kernels are built in the
user's cache directory, not in site-packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Not copied for the install: version control, environments, build outputs (kernel-src/build too).
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache")


@pytest.mark.timeout(900)  # a venv, a wheel and a kernel built from nothing; a hang detector only
def test_a_pip_installed_ukrepl_builds_in_the_cache_and_evaluates(tmp_path):
    source, venv, cache = tmp_path / "src", tmp_path / "venv", tmp_path / "cache"
    shutil.copytree(ROOT, source, ignore=LEFT_OUT)  # pip builds in the tree: keep the checkout clean
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from the environment running the tests (a path, not its .pth files: an
    # editable ukrepl there is not seen).
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "UKREPL_BUILD_DIR")}
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", str(source)], check=True, env=env, cwd=tmp_path
    )
    installed = Path(site) / "ukrepl"
    assert (installed / "_kernel_src" / "Kconfig").is_file()
    assert (installed / "_share" / "kernelspec").is_dir()

    env.update(UKREPL_ACCEL="tcg", XDG_CACHE_HOME=str(cache))
    argv = [venv / "bin" / "ukrepl", "exec", "tour_fib(10)"]
    run = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == "(int) 55", run.stdout[-2000:]
    assert list(cache.glob("ukrepl/build-*/default/ukrepl.elf")), sorted(map(str, cache.rglob("*")))[:20]
    assert not (installed / "_kernel_src" / "build").exists()
    where = subprocess.run(
        [python, "-c", "import ukrepl; print(ukrepl.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(installed)), where.stdout  # not the checkout
