"""A sampled differential sweep of ``anysnmp translate`` against snmptranslate over the
test MIB set (-m ALL): one process per option over many OIDs or labels (the full sweep,
every node with each option, matched byte for byte when this was written)."""

from __future__ import annotations

import sys

import forked_cli
import pytest
from mib_helpers import MIB_TOOL_ENV, all_nodes, require_test_mibs

from anysnmp import Mib


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[str, str, int]:
    done = forked_cli.run(command, capture_output=True, text=True, env=env)
    return done.stdout, done.stderr, done.returncode


def assert_same(*args: str) -> str:
    """Both print the same (stdout, stderr, status) with `args`; the output."""
    common = ["-M", require_test_mibs(), "-m", "ALL", *args]
    ours = _run([sys.executable, "-m", "anysnmp", "translate", *common])
    theirs = _run(["snmptranslate", *common], MIB_TOOL_ENV)
    assert ours == theirs
    return ours[0]


@pytest.mark.parametrize("flag", ["-On", "-Of", "-Os", "-OS"])
def test_sampled_nodes_and_instances(mib: Mib, flag: str) -> None:
    nodes = all_nodes(mib)[::9]
    oids = [f".{node.oid}{suffix}" for node in nodes for suffix in ("", ".1")]
    assert len(assert_same(flag, *oids).split("\n\n")) == len(oids) > 600


def test_sampled_tables_drawn(mib: Mib) -> None:
    tables = [f".{node.oid}" for node in all_nodes(mib) if node.kind == "table"][::6]
    assert assert_same("-Tp", *tables).count("Index: ") >= len(tables) > 25


@pytest.mark.parametrize("flags", [["-IR", "-Os"], ["-IR", "-Td"], ["-Ib", "-On"]])
def test_sampled_bare_labels(mib: Mib, flags: list[str]) -> None:
    """-IR over labels; -Ib over their starts, its marks kept between names as
    snmptranslate keeps them (a later name finds only nodes not searched yet, or none)."""
    labels = sorted({link.label for link in mib.tree.links.newest.values()})[::11]
    names = [label[:5] for label in labels] if "-Ib" in flags else labels
    assert len(assert_same(*flags, *names).split()) >= (4 if "-Ib" in flags else len(names))


@pytest.mark.parametrize(
    "pattern", ["Status$", "^ip[A-Z]", "x.*z", "[0-9]{2}", "(", "^(cold|warm|aix|auth)"]
)
def test_tb_regexes(pattern: str) -> None:
    """-TB; labels at two OIDs (coldStart: SNMPv2-MIB's, STANDARD-MIB's; aix: UCD-SNMP-MIB's,
    NET-SNMP-TC's) list the OID the label reads as, the newest, each time."""
    assert_same("-TB", pattern)


@pytest.mark.parametrize(
    "args",
    [
        ["-Tos"],
        ["-Tlzt"],
        ["-TBd", "ifAdminStat"],
        ["-TdB", "-On", "^ifIn", "ignored"],
        ["-Tdp", ".1.3.6.1.2.1.2.2.1.2"],
        ["-Tpa", "-IR", "ifDescr"],
        ["-Tp", ".1.3.6.1.2.1.2.2", "nonsense", ".1.3"],
    ],
)
def test_combined_t_letters(args: list[str]) -> None:
    """-T letters together, as snmptranslate reads them: its mode is the last of p, a and
    the reports (each report named is on), d adds details, B lists matches of the first
    name; names print until one does not read."""
    assert assert_same(*args)
