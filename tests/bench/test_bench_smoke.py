"""Smoke test of bench/run.py: a quick run completes and the libraries agree on the OIDs.

No timing is asserted: the benchmark records timings, tests never judge them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def test_quick_run_completes_and_oids_agree(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--quick",
            "--rounds",
            "1",
            "--scenarios",
            "b,e",
            "--libraries",
            "anysnmp-asyncio,anysnmp-trio,netsnmp-cli",
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [results] = tmp_path.glob("*.json")
    scenarios = json.loads(results.read_text())["scenarios"]
    assert set(scenarios) == {"b", "e"}
    walk = scenarios["b"]
    assert walk["oid_check"]["compared_runs"] == 2
    assert walk["mismatches"] == [] and walk["errors"] == {}
    assert set(walk["summary"]) == {"anysnmp-asyncio", "anysnmp-trio", "netsnmp-cli"}
    assert scenarios["e"]["summary"]["anysnmp-trio"]["varbinds"] == 100
    assert (tmp_path / "results.md").read_text().startswith("# Benchmark results")
