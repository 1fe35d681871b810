"""Summaries, target checks, the markdown table, the plot and the JSON of a benchmark run."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from run import Scenario

#: Client CPU ratios the issues ask for (7, 18, 16): (scenario, library, baseline, at most).
RATIO_TARGETS = (
    [
        (s, lib, base, limit)
        for s in ("b", "c")
        for lib, base, limit in (
            ("anysnmp-asyncio", "gufo-async", 0.5),
            ("anysnmp-asyncio", "gufo-sync", 1.0),
            ("anysnmp-trio", "gufo-async", 0.8),
        )
    ]
    + [
        ("e", "anysnmp-asyncio", "gufo-async", 0.5),
        ("e", "anysnmp-asyncio", "floor-asyncio", 1.3),
        ("e", "anysnmp-trio", "gufo-async", 0.8),
        ("e", "anysnmp-trio", "floor-trio", 1.3),
        ("f", "anysnmp-asyncio", "gufo-async", 0.6),
        ("p", "anysnmp-asyncio", "gufo-async", 0.5),
        ("p", "anysnmp-asyncio", "floor-asyncio", 2.5),
        ("p", "anysnmp-trio", "gufo-async", 0.7),
        ("p", "anysnmp-tasks", "gufo-async", 0.8),
        ("p-walk", "anysnmp-asyncio", "gufo-async", 0.6),
        ("p-walk", "anysnmp-asyncio", "floor-asyncio", 2.5),
    ]
    + [(s, "anysnmp-sync", "gufo-sync", 0.8) for s in ("b", "c", "e", "f")]
    # Issue 16: loading the compiled MIBs at most Net-SNMP's parse; names at most 1.5x
    # numeric, and 20x below pysnmp's lookupMib=True.
    + [
        ("m-load", "anysnmp-mib-load", "netsnmp-snmptranslate", 1.0),
        ("m-walk", "anysnmp-names", "anysnmp-numeric", 1.5),
        ("m-walk", "anysnmp-names-warm", "anysnmp-numeric", 1.5),
        ("m-walk", "anysnmp-names", "pysnmp-names", 0.05),
    ]
)
#: Wall-time ratios the issues ask for: (scenario, entry, baseline, at most).
WALL_TARGETS = (("m-cli", "anysnmp-bulkwalk", "netsnmp-snmpbulkwalk", 1.0),)
#: Wall times the issues ask for: (scenario, entry, at most seconds).
SECONDS_TARGETS = (("m-start", "anysnmp-get", 0.15),)
#: The baselines of paired ratios.
BASELINES = (
    "gufo-async",
    "gufo-sync",
    "floor-asyncio",
    "floor-trio",
    "floor-blocking",
    "floor-tasks",
    "anysnmp-numeric",
    "pysnmp-names",
    "netsnmp-snmptranslate",
    "netsnmp-snmpbulkwalk",
    "netsnmp-snmpget",
)
#: Scenarios whose every varbind of every device is counted: no anysnmp run may lose any.
POLL_SCENARIOS = ("p", "p-walk", "p-c1000")
PLOT_SCENARIOS = ("a", "b", "c", "d", "e", "f", "g", "p", "p-walk")
#: Target d: wall of 4 concurrent walks / 1 walk, measured in d-agent (our agent 1 ms away).
D_TARGET = 1.3
D_LIBRARIES = ("anysnmp-asyncio", "anysnmp-uvloop", "anysnmp-trio")
PLOT_NAME = "client_cpu.png"


def _quartile_spread(values: list[float]) -> float:
    """Interquartile range over median: how noisy the runs were."""
    if len(values) < 2 or not statistics.median(values):
        return 0.0
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (q3 - q1) / statistics.median(values)


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    walls = [r["wall"] for r in runs]
    cpus = [r["cpu"] for r in runs]
    per = [r["cpu"] / r["varbinds"] for r in runs if r.get("varbinds")]
    summary: dict[str, Any] = {
        "runs": len(runs),
        "wall_median": statistics.median(walls),
        "wall_min": min(walls),
        "cpu_median": statistics.median(cpus),
        "cpu_min": min(cpus),
        "cpu_per_item": statistics.median(per) if per else None,
        "cpu_spread": _quartile_spread(cpus),
        "varbinds": runs[0].get("varbinds"),
    }
    agent = [r["agent_cpu"] for r in runs if "agent_cpu" in r]
    if agent:
        summary["agent_cpu_median"] = statistics.median(agent)
        if runs[0].get("varbinds"):
            summary["agent_cpu_per_item"] = statistics.median(
                r["agent_cpu"] / r["varbinds"] for r in runs if r.get("varbinds")
            )
    if "lost" in runs[0]:
        summary["lost_total"] = sum(r["lost"] for r in runs)
    if "rss_growth" in runs[0]:
        summary["rss_growth_max"] = max(r["rss_growth"] for r in runs)
    return summary


def wall_ratios(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per library with entries "<library> x1" and "<library> xN": N and xN's wall / x1's.

    Medians over medians (d-agent's entries); {} for a scenario without such entries.
    """
    ratios: dict[str, dict[str, Any]] = {}
    for entry, s in summary.items():
        library, _, n = entry.rpartition(" x")
        one = summary.get(f"{library} x1")
        if library and n.isdigit() and int(n) > 1 and one and one["wall_median"]:
            ratios[library] = {"walks": int(n), "ratio": s["wall_median"] / one["wall_median"]}
    return dict(sorted(ratios.items()))


def paired_ratio(
    runs: list[dict[str, Any]], base_runs: list[dict[str, Any]], measure: str = "cpu"
) -> float | None:
    """Median over rounds of client CPU (or `measure`) / the baseline's in the same round.

    The machine's speed drifts (by 30-50% over seconds on a shared VM), and a
    round runs every library within a few seconds, so a ratio within a round
    cancels the drift that a ratio of medians over all rounds keeps. None with
    fewer than 3 rounds in common.
    """
    base = {r["round"]: r[measure] for r in base_runs if r.get(measure)}
    ratios = [r[measure] / base[r["round"]] for r in runs if r["round"] in base]
    return statistics.median(ratios) if len(ratios) >= 3 else None


def scenario_json(result: Scenario) -> dict[str, Any]:
    summary = {lib: summarize(runs) for lib, runs in result.runs.items() if runs}
    for base in BASELINES:
        reference = summary.get(base, {}).get("cpu_median")
        if reference:
            for lib, s in summary.items():
                s[f"vs_{base}"] = s["cpu_median"] / reference
                paired = paired_ratio(result.runs[lib], result.runs[base])
                if paired is not None:
                    s[f"paired_vs_{base}"] = paired
                paired = paired_ratio(result.runs[lib], result.runs[base], "wall")
                if paired is not None:
                    s[f"paired_wall_vs_{base}"] = paired
    extra = {"wall_ratios": ratios} if (ratios := wall_ratios(summary)) else {}
    return {
        "title": result.title,
        "unit": result.unit,
        "summary": summary,
        **extra,
        "runs": result.runs,
        "errors": result.errors,
        "mismatches": result.mismatches,
        "notes": result.notes,
        "oid_check": {
            "reference": result.reference_source,
            "reference_count": len(result.reference or []),
            "compared_runs": result.compared,
        },
    }


def targets(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured figure, where the run has it."""
    scenarios = data["scenarios"]
    rows: list[dict[str, Any]] = []
    for key, lib, base, limit in RATIO_TARGETS:
        s = scenarios.get(key, {}).get("summary", {}).get(lib, {})
        # The paired ratio decides (see paired_ratio); the ratio of medians is shown beside it.
        value = s.get(f"paired_vs_{base}", s.get(f"vs_{base}"))
        if value is not None:
            of_medians = s.get(f"vs_{base}")
            rows.append(
                {
                    "scenario": key,
                    "what": f"{lib} client CPU / {base}",
                    "target": f"<= {limit:g}",
                    "value": f"{value:.2f} (medians {of_medians:.2f})",
                    "met": value <= limit,
                }
            )
    for key, lib, base, limit in WALL_TARGETS:
        s = scenarios.get(key, {}).get("summary", {}).get(lib, {})
        value = s.get(f"paired_wall_vs_{base}")
        if value is not None:
            rows.append(
                {
                    "scenario": key,
                    "what": f"{lib} wall / {base}",
                    "target": f"<= {limit:g}",
                    "value": f"{value:.2f} (CPU {s.get(f'paired_vs_{base}', 0):.2f})",
                    "met": value <= limit,
                }
            )
    for key, lib, limit in SECONDS_TARGETS:
        s = scenarios.get(key, {}).get("summary", {}).get(lib, {})
        if s:
            rows.append(
                {
                    "scenario": key,
                    "what": f"{lib} wall median",
                    "target": f"<= {limit:g} s",
                    "value": f"{s['wall_median']:.3f} s (min {s['wall_min']:.3f} s)",
                    "met": s["wall_median"] <= limit,
                }
            )
    for key in POLL_SCENARIOS:
        for lib, s in scenarios.get(key, {}).get("summary", {}).items():
            if lib.startswith("anysnmp") and "lost_total" in s:
                rows.append(
                    {
                        "scenario": key,
                        "what": f"{lib}: varbinds lost over {s['runs']} runs",
                        "target": "0",
                        "value": str(s["lost_total"]),
                        "met": s["lost_total"] == 0,
                    }
                )
    d_agent = scenarios.get("d-agent", {})
    for lib in D_LIBRARIES:
        ratio = d_agent.get("wall_ratios", {}).get(lib)
        if ratio:
            rows.append(
                {
                    "scenario": "d",
                    "what": f"{lib}: wall of {ratio['walks']} concurrent walks / 1 walk, "
                    f"our agent with {data['meta'].get('d_latency_ms', 1):g} ms latency (d-agent)",
                    "target": f"<= {D_TARGET:g}",
                    "value": f"{ratio['ratio']:.2f}",
                    "met": ratio["ratio"] <= D_TARGET,
                }
            )
    for lib, s in scenarios.get("h", {}).get("summary", {}).items():
        mb = s["rss_growth_max"] / 1e6
        rows.append(
            {
                "scenario": "h",
                "what": f"{lib}: peak RSS growth",
                "target": "< 20 MB",
                "value": f"{mb:.1f} MB",
                "met": mb < 20,
            }
        )
    for lib, s in scenarios.get("i", {}).get("summary", {}).items():
        if lib.startswith("anysnmp"):
            us = s["agent_cpu_per_item"] * 1e6
            rows.append(
                {
                    "scenario": "i",
                    "what": f"{lib} agent CPU per varbind served",
                    "target": "<= 5 µs",
                    "value": f"{us:.2f} µs",
                    "met": us <= 5,
                }
            )
    return rows


def _time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def markdown(data: dict[str, Any], plot: str | None) -> str:
    meta = data["meta"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python bench/run.py` on {meta['date']} "
        f"(source {meta['commit']}, recorded at the start), "
        f"{meta['machine']} ({meta.get('pinning', 'not pinned')}), "
        f"Python {meta['python']}, {meta['netsnmp'] and 'Net-SNMP ' + meta['netsnmp']}; "
        f"{meta['rounds']} interleaved round(s){' (--quick)' if meta['quick'] else ''}, "
        f"load average {meta['load_before'][0]:.2f} before, {meta['load_after'][0]:.2f} after, "
        f"{meta['duration_s'] / 60:.1f} min.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".",
        "",
        "Client CPU is the client process's `time.process_time()` over the scenario's body "
        "(sessions already open, SNMPv3 engines discovered); for Net-SNMP's tools, their own CPU "
        "including process start. Agent CPU comes from `/proc/<pid>`. Spread is the interquartile "
        "range of client CPU over its median: the noise of the run. Lower is better everywhere.",
        "",
        "A target's ratio is paired: the median over rounds of the library's client CPU over the "
        "baseline's in the same round, which cancels the machine's drift from round to round. "
        "The ratio of the two medians over all rounds is given beside it.",
        "",
    ]
    if plot:
        lines += [f"![Client CPU relative to gufo_snmp async]({plot})", ""]
    rows = targets(data)
    if rows:
        lines += [
            "## Targets (issues 7, 16 and 18)",
            "",
            "| scenario | measure | target | measured | met |",
            "|---|---|---|---:|---|",
        ]
        for row in rows:
            met = "yes" if row["met"] else "**no**"
            lines.append(
                f"| {row['scenario']} | {row['what']} | {row['target']} | {row['value']} | {met} |"
            )
        lines.append("")
    for key, scenario in data["scenarios"].items():
        unit = scenario["unit"]
        lines += [f"## {key}: {scenario['title']}", ""]
        is_agent = key == "i"
        is_memory = key == "h"
        head = ["library", "runs", "wall median", "wall min"]
        if is_memory:
            head += ["client CPU", "peak RSS growth"]
        elif is_agent:
            head = [
                "agent",
                "runs",
                "wall median",
                "agent CPU median",
                f"agent CPU per {unit}",
                "varbinds",
            ]
        else:
            head += [
                "client CPU median",
                "client CPU min",
                f"CPU per {unit}",
                "spread",
                "vs gufo async",
                "vs gufo sync",
                "agent CPU median",
            ]
        lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
        for lib, s in sorted(scenario["summary"].items(), key=lambda kv: kv[1]["cpu_median"]):
            if is_memory:
                cells = [_time(s["cpu_median"]), f"{s['rss_growth_max'] / 1e6:.1f} MB"]
                cells = [str(s["runs"]), _time(s["wall_median"]), _time(s["wall_min"]), *cells]
            elif is_agent:
                cells = [
                    str(s["runs"]),
                    _time(s["wall_median"]),
                    _time(s["agent_cpu_median"]),
                    _time(s["agent_cpu_per_item"]),
                    str(s["varbinds"]),
                ]
            else:
                cells = [
                    str(s["runs"]),
                    _time(s["wall_median"]),
                    _time(s["wall_min"]),
                    _time(s["cpu_median"]),
                    _time(s["cpu_min"]),
                    _time(s["cpu_per_item"]),
                    f"{s['cpu_spread']:.0%}",
                    _ratio(s.get("vs_gufo-async")),
                    _ratio(s.get("vs_gufo-sync")),
                    _time(s.get("agent_cpu_median")),
                ]
            lines.append(f"| {lib} | " + " | ".join(cells) + " |")
        check = scenario["oid_check"]
        if check["compared_runs"]:
            verdict = (
                "all agree"
                if not scenario["mismatches"]
                else f"{len(scenario['mismatches'])} mismatch(es)"
            )
            lines += [
                "",
                f"OIDs (volatile subtrees excluded): {check['compared_runs']} runs compared with "
                f"{check['reference']}'s {check['reference_count']} OIDs: {verdict}.",
            ]
        if scenario.get("wall_ratios"):
            lines += ["", _ratios_line(scenario["wall_ratios"]) + "."]
        for text in scenario["mismatches"]:
            lines.append(f"- mismatch: {text}")
        for lib, errors in scenario["errors"].items():
            lines.append(f"- **{lib} failed {len(errors)}x**: {errors[0]}")
        for note in scenario["notes"]:
            lines.append(f"- {note}")
        lines.append("")
    return "\n".join(lines)


def _ratios_line(ratios: dict[str, dict[str, Any]]) -> str:
    walks = sorted({r["walks"] for r in ratios.values()})
    return f"Wall of {'/'.join(map(str, walks))} concurrent walks / 1 walk (medians): " + ", ".join(
        f"{lib} {r['ratio']:.2f}" for lib, r in ratios.items()
    )


def plot(data: dict[str, Any], path: Path) -> bool:
    """Client CPU per scenario relative to gufo_snmp async (log scale); False without data."""
    keys = [
        k
        for k in PLOT_SCENARIOS
        if any(
            "vs_gufo-async" in s for s in data["scenarios"].get(k, {}).get("summary", {}).values()
        )
    ]
    if not keys:
        return False
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    libraries = sorted({lib for k in keys for lib in data["scenarios"][k]["summary"]})
    width = 0.8 / len(libraries)
    fig, ax = plt.subplots(figsize=(10, 4.8))
    for n, lib in enumerate(libraries):
        xs, ys = [], []
        for i, k in enumerate(keys):
            value = data["scenarios"][k]["summary"].get(lib, {}).get("vs_gufo-async")
            if value:
                xs.append(i + (n - (len(libraries) - 1) / 2) * width)
                ys.append(value)
        ax.bar(xs, ys, width, label=lib)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(keys)), keys)
    ax.set_xlabel("scenario")
    ax.set_ylabel("client CPU / gufo_snmp async (log)")
    ax.set_title("Client CPU relative to gufo_snmp async (lower is better)")
    ax.legend(fontsize="small", ncols=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_all(data: dict[str, Any], results_dir: Path, docs_dir: Path) -> list[Path]:
    """Writes the raw JSON, the plot and the markdown table; returns their paths."""
    results_dir.mkdir(parents=True, exist_ok=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    stamp = data["meta"]["date"].replace(":", "").replace("+0000", "Z")
    json_path = results_dir / f"{stamp}{'-quick' if data['meta']['quick'] else ''}.json"
    json_path.write_text(json.dumps(data, indent=1) + "\n")
    paths = [json_path]
    plot_path = docs_dir / PLOT_NAME
    has_plot = plot(data, plot_path)
    if has_plot:
        paths.append(plot_path)
    md_path = docs_dir / "results.md"
    md_path.write_text(markdown(data, PLOT_NAME if has_plot else None) + "\n")
    paths.append(md_path)
    return paths


def console_summary(data: dict[str, Any]) -> str:
    lines = []
    for key, scenario in data["scenarios"].items():
        lines.append(f"{key}: {scenario['title']}")
        for lib, s in sorted(scenario["summary"].items(), key=lambda kv: kv[1]["cpu_median"]):
            extra = ""
            if "vs_gufo-async" in s:
                extra += f"  {s['vs_gufo-async']:.2f}x gufo-async"
            if "rss_growth_max" in s:
                extra += f"  RSS +{s['rss_growth_max'] / 1e6:.1f} MB"
            if "agent_cpu_per_item" in s:
                extra += f"  agent {_time(s['agent_cpu_per_item'])}/{scenario['unit']}"
            lines.append(
                f"  {lib:24} cpu {_time(s['cpu_median']):>9} (min {_time(s['cpu_min'])}, "
                f"±{s['cpu_spread']:.0%})  wall {_time(s['wall_median']):>9}{extra}"
            )
        if scenario.get("wall_ratios"):
            lines.append("  " + _ratios_line(scenario["wall_ratios"]))
        for lib, errors in scenario["errors"].items():
            lines.append(f"  {lib:24} FAILED: {errors[0]}")
        for text in scenario["mismatches"]:
            lines.append(f"  OID mismatch: {text}")
    for row in targets(data):
        met = "met" if row["met"] else "MISSED"
        lines.append(
            f"target {row['scenario']}: {row['what']} {row['target']}: {row['value']} {met}"
        )
    return "\n".join(lines)
