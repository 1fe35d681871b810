"""Builds the libFuzzer harnesses (ASan + UBSan) and runs them for a bounded time.

scripts/build-fuzz builds them in build/fuzz-pyXY (fuzz/CMakeLists.txt, clang); scripts/setup
test installs clang and its sanitizer runtimes. Each harness first replays its
regression inputs (crashes found earlier) and seed corpus, then fuzzes for
ANYSNMP_FUZZ_SECONDS (default 10) with a per-input time budget.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
HARNESSES = ("community", "agent", "usm", "usm_agent")
SECONDS = int(os.environ.get("ANYSNMP_FUZZ_SECONDS", "10"))
#: Seconds one input may take: any super-linear path on inputs of a few kB trips it.
PER_INPUT_TIMEOUT = 2


def _run(
    args: list[str], env: dict[str, str], timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, check=False, env=env, timeout=timeout
    )


@pytest.fixture(scope="module")
def build() -> Path:
    """fuzz/ built for this Python (one build per Python: the harnesses link the interpreter
    that configured them), once: scripts/build-fuzz's lock serializes xdist's workers and
    waits for the build .ci/run starts beside the suite."""
    for tool in ("clang", "clang++", "cmake"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} is not installed: run `scripts/setup test` (installs clang, cmake)"
            )
    script = str(ROOT / "scripts" / "build-fuzz")
    result = _run([script, sys.executable], env=dict(os.environ))
    if result.returncode != 0:
        pytest.fail(f"{script} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return Path(result.stdout.splitlines()[-1])


def _sanitizer_env() -> dict[str, str]:
    return dict(
        os.environ,
        ASAN_OPTIONS="abort_on_error=1:detect_stack_use_after_return=1",
        UBSAN_OPTIONS="print_stacktrace=1",
        LSAN_OPTIONS=f"suppressions={FUZZ / 'lsan.supp'}",
    )


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stderr[-6000:]}")


def test_codec_under_sanitizers(build: Path) -> None:
    result = _run([str(build / "codec_test")], env=_sanitizer_env(), timeout=120)
    _check(result, "codec_test")
    assert "codec_test: ok" in result.stdout


@pytest.mark.parametrize("harness", HARNESSES)
def test_replay_regressions_and_seeds(build: Path, harness: str) -> None:
    inputs = [FUZZ / "corpus" / harness]
    regressions = FUZZ / "regressions" / harness
    if regressions.exists():
        inputs.append(regressions)
    assert any(inputs[0].iterdir()), "no seeds: run fuzz/capture_seeds.py"
    result = _run(
        [
            str(build / f"fuzz_{harness}"),
            f"-timeout={PER_INPUT_TIMEOUT}",
            "-runs=0",
            *map(str, inputs),
        ],
        env=_sanitizer_env(),
        timeout=300,
    )
    _check(result, f"replaying fuzz_{harness}'s inputs")


@pytest.mark.parametrize("harness", HARNESSES)
def test_fuzz(build: Path, harness: str, tmp_path: Path) -> None:
    new_units = tmp_path / "new"
    new_units.mkdir()
    result = _run(
        [
            str(build / f"fuzz_{harness}"),
            str(new_units),
            str(FUZZ / "corpus" / harness),
            f"-max_total_time={SECONDS}",
            f"-timeout={PER_INPUT_TIMEOUT}",
            "-rss_limit_mb=2048",
            "-max_len=4096",
            "-print_final_stats=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        env=_sanitizer_env(),
        timeout=SECONDS + 240,
    )
    artifacts = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    _check(
        result, f"fuzz_{harness} (artifacts {artifacts}; add them to fuzz/regressions/{harness})"
    )
    assert "stat::number_of_executed_units" in result.stderr
