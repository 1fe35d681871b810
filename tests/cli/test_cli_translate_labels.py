"""Labels at one OID and bare labels, as snmptranslate reads and prints them: Net-SNMP's
tree holds a node per label at an OID (`anysnmp._mib._links`), drawn, reported and
searched in its order, and a bare label stands for the node of that label made last.

The modules (tests/broken_mibs.py) are written for these tests; snmptranslate reads the
same files.
"""

from __future__ import annotations

import re
from pathlib import Path

import forked_cli
import pytest
from broken_mibs import (
    CLASH_MIB,
    REDEFINE_FIRST_MIB,
    REDEFINE_SECOND_MIB,
    RELABEL_MIBS,
    broken_mib_dirs,
    load_warned,
)
from cli_helpers import ANYSNMP
from mib_helpers import MIB_TOOL_ENV

TEXTS = {
    "first.mib": REDEFINE_FIRST_MIB,
    "second.mib": REDEFINE_SECOND_MIB,
    "clash.mib": CLASH_MIB,
    **RELABEL_MIBS,
}
#: sysUpTime (SNMPv2-MIB), clashSystemThree at its OID, then RFC1213-MIB's sysUpTime: a
#: node of its own, as the newest node there is labelled otherwise.
CLASHING = "SNMPv2-MIB:REDEFINE-CLASH-MIB:RFC1213-MIB"
#: OIDs of two labels (one with a child below the other's OID), three, none.
OIDS = [".1.3.6.1.2.1.1.3", ".1.3.6.1.2.1.1.5", ".1.3.6.1.2.1.1.5.1", ".1.3.6.1.4.1.2021.2.1"]


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The modules of these tests, then the test MIB set (compiled once)."""
    return broken_mib_dirs(tmp_path_factory.mktemp("labels"), **TEXTS)


def both(dirs: str, modules: str, *args: str) -> tuple[tuple[list[str], list[str], int], ...]:
    """What ``anysnmp translate`` and snmptranslate print (stdout, stderr, status)."""
    command = ["-M", dirs, "-m", modules, *args]
    ours = forked_cli.run([*ANYSNMP, "translate", *command], capture_output=True, text=True)
    theirs = forked_cli.run(
        ["snmptranslate", *command], capture_output=True, text=True, env=MIB_TOOL_ENV
    )
    return tuple(
        (done.stdout.splitlines(), done.stderr.splitlines(), done.returncode)
        for done in (ours, theirs)
    )


@pytest.mark.parametrize(
    ("modules", "args"),
    [
        ("REDEFINE-FIRST-MIB:REDEFINE-SECOND-MIB", ["-Tp", ".1.3.6.1.4.1.99972"]),
        (CLASHING, ["-Tp"]),
        (CLASHING, ["-Ta"]),
        (CLASHING, ["-Tt"]),
        (CLASHING, ["-TB", "^(clash|sysUp|sysName)"]),
        (CLASHING, ["-Td", "-Of", *OIDS]),
        (CLASHING, ["-Os", *OIDS]),
    ],
)
def test_labels_at_one_oid_print_as_snmptranslate_prints_them(
    dirs: str, modules: str, args: list[str]
) -> None:
    ours, theirs = both(dirs, modules, *args)
    assert ours == theirs
    if args[0] in ("-Tp", "-Ta", "-Tt"):  # every label drawn: both of sysUpTime's nodes
        labels = ("secondOther", "firstOnly") if "FIRST" in modules else ("clashSystemThree",)
        assert all(any(label in line for line in ours[0]) for label in labels)
        uptime = re.compile(r"\bsysUpTime(\(3\)| OBJECT)")
        assert len([line for line in ours[0] if uptime.search(line)]) == (
            0 if "FIRST" in modules else 2
        )


@pytest.mark.parametrize("third", [True, False])
def test_a_bare_label_is_the_node_net_snmp_made_last(
    dirs: str, tmp_path: Path, third: bool
) -> None:
    """RELABEL-4-MIB defines dupA again at the OID of RELABEL-1-MIB's dupA: with
    RELABEL-3-MIB's dupB read between them, that is a new node, and dupA stands for it."""
    modules = ":".join(f"RELABEL-{n}-MIB" for n in (1, 2, 3, 4) if third or n != 3)
    ours, theirs = both(dirs, modules, "-IR", "-On", "dupA", "dupB" if third else "dupA")
    assert ours == theirs
    assert ours[0][0] == (".1.3.6.1.4.1.99973.1" if third else ".1.3.6.1.4.1.99973.2")
    mib, _ = load_warned(dirs, modules, tmp_path / "cache")
    assert "." + mib.oid("dupA") == ours[0][0]


#: OID values passing unnamed arcs: Net-SNMP labels each ``anonymous#N``, N counted in the
#: order it reads them (2: #0, 5: #1, 6: #2, 2 again: #3, which it keeps), 5 named later.
ANONYMOUS_MIB = """\
ANON-ARCS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, NOTIFICATION-TYPE, Integer32, enterprises
        FROM SNMPv2-SMI;

anonArcs MODULE-IDENTITY
    LAST-UPDATED "202601010000Z"
    ORGANIZATION "none"
    CONTACT-INFO "none"
    DESCRIPTION "Unnamed arcs in OID values."
    ::= { enterprises 99966 }

anonNotifs OBJECT IDENTIFIER ::= { anonArcs 2 0 }

anonEvent NOTIFICATION-TYPE
    STATUS current
    DESCRIPTION "An event."
    ::= { anonNotifs 1 }

anonValue OBJECT-TYPE
    SYNTAX Integer32
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "A value."
    ::= { anonArcs 3 }

anonDeep OBJECT IDENTIFIER ::= { anonArcs 5 6 7 }
anonOther OBJECT IDENTIFIER ::= { anonArcs 2 9 }
anonNamed OBJECT IDENTIFIER ::= { anonArcs 5 }
END
"""


@pytest.fixture(scope="module")
def anon_dirs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """ANON-ARCS-MIB's folder, then the test MIB set."""
    return broken_mib_dirs(tmp_path_factory.mktemp("anon"), **{"anon.mib": ANONYMOUS_MIB})


@pytest.mark.parametrize(
    "args",
    [
        ["-Tz"],
        ["-Tp", "ANON-ARCS-MIB::anonArcs"],
        ["-Td", "ANON-ARCS-MIB::anonArcs.2", ".1.3.6.1.4.1.99966.5.6", "ANON-ARCS-MIB::anonEvent"],
        ["-IR", "-On", "anonymous#3", "anonymous#2"],
        ["-IR", "anonymous#0"],
        ["-IR", "-Td", "anonymous#3"],
        [".1.3.6.1.4.1.99966.2", ".1.3.6.1.4.1.99966.5.6.7"],
        ["-Of", ".1.3.6.1.4.1.99966.2.0"],
    ],
)
def test_unnamed_arcs_print_as_snmptranslate_prints_them(anon_dirs: str, args: list[str]) -> None:
    """An arc an OID value passes unnamed is Net-SNMP's ``anonymous#N`` of its module in
    what describes the tree (-Td, -Tp, -Tz, -IR), its number in OIDs; never None."""
    ours, theirs = both(anon_dirs, "ANON-ARCS-MIB", *args)
    assert ours == theirs
    assert not any("None" in line for line in ours[0] + ours[1])


def test_an_unnamed_arc_is_a_node_of_its_module(anon_dirs: str, tmp_path: Path) -> None:
    mib, _ = load_warned(anon_dirs, "ANON-ARCS-MIB", tmp_path / "cache")
    node = mib.node("1.3.6.1.4.1.99966.2")
    assert (node.name, node.module) == ("anonymous#3", "ANON-ARCS-MIB")
    assert mib.name("1.3.6.1.4.1.99966.2") == "ANON-ARCS-MIB::anonArcs.2"
    assert mib.node("ANON-ARCS-MIB::anonNamed").name == "anonNamed"
