"""The code stays ruff- and mypy-clean: style is part of the suite, not a separate ritual."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check() -> None:
    result = _run("ruff", "check", "crawler", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", "crawler", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_and_mypy_are_the_pinned_versions() -> None:
    """The checks above mean what they say only with the versions pyproject pins: a newer ruff
    or mypy may add rules. A stale environment says so here, in one line."""
    pins = {}
    for requirement in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["test"]:
        name, _, version = requirement.partition("==")
        if name in ("ruff", "mypy"):
            pins[name] = version
    assert set(pins) == {"ruff", "mypy"}, "pyproject's test extra pins ruff and mypy exactly"
    for name, version in pins.items():
        said = _run(name, "--version").stdout.split()
        assert said[:2] == [name, version], (
            f"{' '.join(said)} installed, pyproject pins {name}=={version}: "
            'pip install -e ".[test]"'
        )
