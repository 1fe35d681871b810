"""Smoke test of bench/run.py: a quick run completes and the libraries agree on the OIDs.

No timing is asserted: the benchmark records timings, tests never judge them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def quick_run(tmp_path: Path, scenarios: str, libraries: str) -> dict[str, Any]:
    """The scenarios' results of a --quick run (which must succeed)."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--quick",
            "--scenarios",
            scenarios,
            "--libraries",
            libraries,
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [results] = tmp_path.glob("*.json")
    return dict(json.loads(results.read_text())["scenarios"])


def test_quick_run_completes_and_oids_agree(tmp_path: Path) -> None:
    scenarios = quick_run(tmp_path, "b,e,t-agent", "anysnmp-asyncio,anysnmp-trio,netsnmp-cli")
    assert set(scenarios) == {"b", "e", "t-agent"}
    walk = scenarios["b"]
    assert walk["oid_check"]["compared_runs"] == 2
    assert walk["mismatches"] == [] and walk["errors"] == {}
    assert set(walk["summary"]) == {"anysnmp-asyncio", "anysnmp-trio", "netsnmp-cli"}
    assert scenarios["e"]["summary"]["anysnmp-trio"]["varbinds"] == 100
    # Over TCP to our agent in its own process (its CPU measured beside).
    tcp = scenarios["t-agent"]["summary"]
    assert set(tcp) == {"anysnmp-asyncio", "anysnmp-trio"} and scenarios["t-agent"]["errors"] == {}
    assert tcp["anysnmp-asyncio"]["varbinds"] == 100 and tcp["anysnmp-trio"]["agent_cpu_median"] > 0
    assert (tmp_path / "results.md").read_text().startswith("# Benchmark results")


def test_quick_polling_scenarios_count_every_varbind(tmp_path: Path) -> None:
    libraries = (
        "anysnmp-asyncio,anysnmp-trio,anysnmp-tasks,anysnmp-gather,floor-asyncio,floor-trio,"
        "floor-tasks,floor-pattern"
    )
    scenarios = quick_run(tmp_path, "e,t,p,p-walk,p-c1000", libraries + ",floor-blocking")
    assert set(scenarios["e"]["summary"]) >= {"floor-asyncio", "floor-trio", "floor-blocking"}
    # Over TCP to snmpd: our clients and the blocking floor, paired against it.
    assert set(scenarios["t"]["summary"]) == {"anysnmp-asyncio", "anysnmp-trio", "floor-blocking"}
    assert scenarios["t"]["summary"]["anysnmp-trio"]["vs_floor-blocking"] > 0

    for key in ("p", "p-walk", "p-c1000"):
        summary = scenarios[key]["summary"]
        assert set(summary) == set(libraries.split(","))
        # 20 devices, 10 OIDs each (and ifTable's varbinds in p-walk): none lost.
        assert all(s["lost_total"] == 0 for s in summary.values())
        assert summary["floor-asyncio"]["varbinds"] == summary["anysnmp-trio"]["varbinds"]
        assert summary["floor-tasks"]["varbinds"] == summary["anysnmp-tasks"]["varbinds"]
        assert summary["floor-pattern"]["varbinds"] == summary["floor-tasks"]["varbinds"]
        assert summary["anysnmp-gather"]["varbinds"] == summary["anysnmp-tasks"]["varbinds"]
    assert scenarios["p"]["summary"]["anysnmp-asyncio"]["varbinds"] == 200
    assert scenarios["p-walk"]["oid_check"]["compared_runs"] == 3  # anysnmp's four agree


def test_quick_mib_scenarios_compare_with_net_snmp(tmp_path: Path) -> None:
    scenarios = quick_run(tmp_path, "m-load,m-walk,m-cli,m-start", "anysnmp-mib")
    for key, entries in {
        "m-load": {"anysnmp-mib-load", "netsnmp-snmptranslate"},
        "m-walk": {"anysnmp-names", "anysnmp-names-warm", "anysnmp-numeric", "pysnmp-names"},
        "m-cli": {"anysnmp-bulkwalk", "floor-click-walk", "netsnmp-snmpbulkwalk"},
        "m-start": {"anysnmp-get", "netsnmp-snmpget"},
    }.items():
        assert scenarios[key]["errors"] == {} and set(scenarios[key]["summary"]) == entries, key
    assert scenarios["m-walk"]["oid_check"]["compared_runs"] == 3  # pysnmp's too
    assert scenarios["m-walk"]["mismatches"] == []
    cli = scenarios["m-cli"]["summary"]
    # Both print the same subtree with names: as many lines.
    assert cli["anysnmp-bulkwalk"]["varbinds"] == cli["netsnmp-snmpbulkwalk"]["varbinds"] > 10
    # The floor sends the walk's GETBULKs: one per max-repetitions varbinds, and the last.
    floor = scenarios["m-cli"]["runs"]["floor-click-walk"][0]
    assert floor["requests"] == cli["netsnmp-snmpbulkwalk"]["varbinds"] // 25 + 1
    assert scenarios["m-load"]["runs"]["anysnmp-mib-load"][0]["modules"] > 30
