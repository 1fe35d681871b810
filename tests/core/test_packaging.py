"""The installed package: committed stubs are current, typing marker and data ship."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from importlib.metadata import distribution, version
from importlib.resources import files
from pathlib import Path

import pytest

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


def test_import_reads_no_metadata_until_the_version_is_asked_for() -> None:
    # importlib.metadata costs ~20 ms of every command's start: only __version__ needs it.
    code = (
        "import sys, anysnmp; before = 'importlib.metadata' in sys.modules; "
        "anysnmp.__version__; print(before, 'importlib.metadata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        anysnmp.nothing  # type: ignore[attr-defined]  # noqa: B018


def test_license_and_project_urls_ship_in_the_metadata() -> None:
    dist = distribution("anysnmp")
    licenses = [path for path in dist.files or () if path.name == "LICENSE"]
    assert len(licenses) == 1, dist.files
    assert "MIT License" in licenses[0].read_text()
    assert dist.metadata["License-Expression"] == "MIT"
    urls = dict(url.split(", ", 1) for url in dist.metadata.get_all("Project-URL") or ())
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues"}


#: What the sdist leaves out: the fuzzers (their corpus is ~960 files) and benchmark results.
SDIST_LEFT_OUT = ("fuzz/", "tests/fuzz/", "bench/results/")


def test_sdist_carries_what_builds_and_tests_the_package(tmp_path: Path) -> None:
    build = (
        f"from scikit_build_core.build import build_sdist; print(build_sdist({str(tmp_path)!r}))"
    )
    name = subprocess.run(
        [sys.executable, "-c", build], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    with tarfile.open(tmp_path / name) as sdist:
        top = f"{name.removesuffix('.tar.gz')}/"
        members = {member.name.removeprefix(top) for member in sdist.getmembers()}
    left_out = [path for path in members if path.startswith(SDIST_LEFT_OUT)]
    assert not left_out
    tracked = subprocess.run(
        [
            "git",
            "ls-files",
            "LICENSE",
            "pyproject.toml",
            "CMakeLists.txt",
            "README.md",
            "cpp",
            "src",
            "tests",
            "bench/*.py",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    missing = [
        path for path in tracked if not path.startswith(SDIST_LEFT_OUT) and path not in members
    ]
    assert "LICENSE" in tracked
    assert not missing


def test_the_tests_import_the_installed_package_not_the_source_tree() -> None:
    """scripts/test-pythons tests a wheel: src/ must never be on the import path."""
    assert REPO / "src" not in Path(anysnmp.__file__).resolve().parents
