"""The workshop deployment files are documentation: check that they parse and keep to a few rules."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

SHARE = Path(__file__).resolve().parents[2] / "share"
DOCKER_INSTRUCTIONS = {"FROM", "RUN", "COPY", "USER", "WORKDIR", "ENV", "EXPOSE", "CMD", "ARG", "LABEL"}


def test_chart_values_parse_and_set_the_image_limits_and_culling():
    values = yaml.safe_load((SHARE / "kubernetes" / "values.yaml").read_text())
    assert values["singleuser"]["image"]["name"] and values["cull"]["enabled"] is True
    assert values["singleuser"]["memory"]["limit"] and values["singleuser"]["extraEnv"]["UKREPL_MAX_MEM"]


def test_dockerfile_is_lint_clean():
    """A simple lint: known instructions, continuation lines, apt lists removed, no root at the end."""
    lines = (SHARE / "kubernetes" / "Dockerfile").read_text().splitlines()
    logical, current = [], ""
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        current += line.rstrip("\\").strip() + " "
        if not line.rstrip().endswith("\\"):
            logical.append(current.strip())
            current = ""
    assert not current, "a continuation line ends the file"
    words = [entry.split()[0] for entry in logical]
    assert set(words) <= DOCKER_INSTRUCTIONS and words[0] == "FROM" and words[-1] == "CMD"
    for entry in logical:
        if "apt-get install" in entry:
            assert "--no-install-recommends" in entry and "rm -rf /var/lib/apt/lists" in entry
    assert [e for e in logical if e.startswith("USER")][-1] != "USER root"


def test_hub_config_is_python():
    ast.parse((SHARE / "jupyterhub" / "jupyterhub_config.py").read_text())
