"""bench/report.py's paired ratio: the verdict statistic of the performance targets."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench_report", Path(__file__).resolve().parents[2] / "bench" / "report.py"
)
assert _spec is not None and _spec.loader is not None
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)
paired_ratio = report.paired_ratio


def runs(*cpus: float | None) -> list[dict[str, float]]:
    """One run per round, a None leaving its round out (a failed run)."""
    return [{"round": n, "cpu": cpu} for n, cpu in enumerate(cpus) if cpu is not None]


def test_ratios_pair_runs_of_the_same_round() -> None:
    # The machine is 3x slower in rounds 0-1, and in round 4 for the baseline's run only:
    # the ratio of the medians (1 / 6) would follow the drift, the paired one does not.
    assert paired_ratio(runs(3, 3, 1, 1, 1), runs(6, 6, 2, 2, 6)) == 0.5


def test_rounds_missing_on_either_side_are_left_out() -> None:
    assert paired_ratio(runs(1, None, 2, 3, 4), runs(2, 100, 4, None, 8)) == 0.5


def test_fewer_than_three_rounds_in_common_give_no_ratio() -> None:
    assert paired_ratio(runs(1, 1, None), runs(2, 2, 2)) is None


def test_wall_and_seconds_targets_are_reported() -> None:
    def entry(cpu: float, wall: float) -> list[dict[str, float]]:
        return [{"round": n, "cpu": cpu, "wall": wall} for n in range(3)]

    summary = {
        "anysnmp-bulkwalk": report.summarize(entry(0.2, 0.3)),
        "netsnmp-snmpbulkwalk": report.summarize(entry(0.05, 0.2)),
    }
    summary["anysnmp-bulkwalk"]["paired_wall_vs_netsnmp-snmpbulkwalk"] = report.paired_ratio(
        entry(0.2, 0.3), entry(0.05, 0.2), "wall"
    )
    summary["anysnmp-bulkwalk"]["paired_vs_netsnmp-snmpbulkwalk"] = 4.0
    start = {"anysnmp-get": report.summarize(entry(0.1, 0.12))}
    data = {"scenarios": {"m-cli": {"summary": summary}, "m-start": {"summary": start}}}
    rows = {row["scenario"]: row for row in report.targets(data)}
    assert rows["m-cli"]["value"] == "1.50 (CPU 4.00)" and not rows["m-cli"]["met"]
    assert rows["m-start"]["value"].startswith("0.120 s") and rows["m-start"]["met"]
