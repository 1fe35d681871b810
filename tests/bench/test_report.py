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
