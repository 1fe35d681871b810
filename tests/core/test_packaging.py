"""The installed package: committed stubs are current, typing marker and data ship."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import anysnmp

REPO = Path(__file__).resolve().parents[2]


def test_committed_core_stub_is_current(tmp_path: Path) -> None:
    generated = tmp_path / "_core.pyi"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nanobind.stubgen",
            "-q",
            "-m",
            "anysnmp._core",
            "-o",
            str(generated),
        ],
        check=True,
    )
    committed = REPO / "src" / "anysnmp" / "_core.pyi"
    assert committed.read_text() == generated.read_text(), (
        "src/anysnmp/_core.pyi is stale: regenerate it with "
        "'python -m nanobind.stubgen -m anysnmp._core -o src/anysnmp/_core.pyi'"
    )


def test_package_ships_typing_marker_and_stub() -> None:
    package = files("anysnmp")
    assert (package / "py.typed").is_file()
    assert (package / "_core.pyi").is_file()


def test_public_names_are_exported() -> None:
    for name in anysnmp.__all__:
        assert getattr(anysnmp, name) is not None
    assert issubclass(anysnmp.TimeoutError, anysnmp.SnmpError)


def test_version_is_the_distributions() -> None:
    declared = re.search(r'^version = "([^"]+)"$', (REPO / "pyproject.toml").read_text(), re.M)
    assert declared is not None
    assert anysnmp.__version__ == declared[1] == version("anysnmp")
