"""bench/run.py's checks: a run that fetched other OIDs is left out; a worker's answer is read whole."""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
# By name, so that mypy does not follow bench/'s imports of the peers (bench extra only).
run = importlib.import_module("run")


def test_a_truncated_walk_does_not_count_in_the_timings() -> None:
    scenario = run.Scenario("c", "walk", "varbind")
    full = [f"1.3.6.1.2.1.1.{i}.0" for i in range(1, 8)]
    scenario.record("anysnmp-asyncio", {"cpu": 1.0, "oids": list(full)}, 0)
    scenario.record("gufo-sync", {"cpu": 0.2, "oids": full[:3]}, 0)
    scenario.record("gufo-sync", {"cpu": 0.9, "oids": list(full)}, 1)
    assert [r["round"] for r in scenario.runs["gufo-sync"]] == [1]
    assert (
        len(scenario.mismatches) == 1 and "gufo-sync round 0: 3 OIDs vs 7" in scenario.mismatches[0]
    )


def child(code: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)


def test_a_line_written_in_pieces_is_read_whole() -> None:
    proc = child(
        "import os, time\n"
        "os.write(1, b'{\"a\": ' + b'1' * 100000)\n"
        "time.sleep(0.2)\n"
        "os.write(1, b'}\\n')"
    )
    line, timed_out = run.read_line(proc.stdout, 30)
    proc.wait()
    assert not timed_out and line == b'{"a": ' + b"1" * 100000 + b"}\n"


def test_a_line_never_ended_times_out_instead_of_blocking() -> None:
    proc = child("import os, time\nos.write(1, b'{\"partial\": 1')\ntime.sleep(60)")
    started = time.monotonic()
    line, timed_out = run.read_line(proc.stdout, 0.5)
    proc.kill()
    proc.wait()
    assert (line, timed_out) == (b"", True) and time.monotonic() - started < 30


def test_a_child_that_exits_mid_line_is_its_end() -> None:
    proc = child("import os\nos.write(1, b'{\"partial\": 1')")
    assert run.read_line(proc.stdout, 30) == (b"", False)
    proc.wait()
