"""bench/run.py's OID check: a run that fetched other OIDs is listed and left out of the timings."""

from __future__ import annotations

import importlib
import sys
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
