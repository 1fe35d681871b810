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
from cli_helpers import ANYSNMP, run_anysnmp, run_netsnmp_tool, running
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
        # MODULE::anonymous#N: the label the arc has now (#0 became #3, #1 anonNamed)
        ["ANON-ARCS-MIB::anonymous#3", "ANON-ARCS-MIB::anonymous#3.1"],
        ["-On", "ANON-ARCS-MIB::anonymous#2.7", "ANON-ARCS-MIB::anonymous#0"],
        ["-Td", "ANON-ARCS-MIB::anonymous#2", "ANON-ARCS-MIB::anonymous#1"],
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


#: Two modules passing the same unnamed arcs (nothing but keywords imported from SNMPv2-SMI,
#: so that no label names 1.3 to 1.3.6.1.4.1): the second's keep the first's labels
#: (Net-SNMP merges its new anonymous nodes into them), its N counted on all the same.
UNNAMED_FIRST_MIB = """\
UNNAMED-FIRST-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;
unnamedFirst OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99953 }
unnamedDeep OBJECT IDENTIFIER ::= { unnamedFirst 1 2 3 }
unnamedValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value."
    ::= { unnamedDeep 4 }
END
"""

UNNAMED_SECOND_MIB = """\
UNNAMED-SECOND-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE FROM SNMPv2-SMI
        unnamedFirst FROM UNNAMED-FIRST-MIB;
unnamedSecond OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99952 }
unnamedAside OBJECT IDENTIFIER ::= { iso 3 6 1 4 2 1 }
unnamedBelow OBJECT IDENTIFIER ::= { unnamedFirst 1 2 5 }
END
"""


@pytest.fixture(scope="module")
def unnamed_dirs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two modules' folder, then the test MIB set."""
    texts = {"first.mib": UNNAMED_FIRST_MIB, "second.mib": UNNAMED_SECOND_MIB}
    return broken_mib_dirs(tmp_path_factory.mktemp("unnamed"), **texts)


@pytest.mark.parametrize(
    "args",
    [
        ["-Tz"],
        ["-Ta"],
        ["-IR", "-Td", "anonymous#3", "anonymous#16"],
        # the first module's label, not the second's, which merged into it
        ["UNNAMED-FIRST-MIB::anonymous#3", "UNNAMED-SECOND-MIB::anonymous#3"],
        ["-On", "UNNAMED-SECOND-MIB::anonymous#16", "UNNAMED-FIRST-MIB::anonymous#5.2.3"],
        # Past an unnamed node, the name starts at its number ("MOD::1.2" below anonymous#4);
        # at such a node, at the last label ("iso.3.6.1.4").
        [".1.3.6.1.4.1.2", ".1.3.6.1.4", ".1.3.6.1.4.1.99953.1.2.7.0", ".1.3.6.1.6.3.1"],
        ["-Os", ".1.3.6.1.4.1.2", ".1.3.6.1.4", ".1.3.6.1.4.1.99953.1.2.7.0"],
        ["-Of", ".1.3.6.1.4.1.2", ".1.3.6.1.4"],
    ],
)
def test_unnamed_arcs_of_two_modules_as_snmptranslate(unnamed_dirs: str, args: list[str]) -> None:
    ours, theirs = both(unnamed_dirs, "UNNAMED-SECOND-MIB", *args)
    assert ours == theirs
    assert theirs[2] == (2 if "UNNAMED-SECOND-MIB::anonymous#3" in args else 0)


def test_walk_names_oids_below_unnamed_nodes_as_snmpwalk(unnamed_dirs: str, tmp_path: Path) -> None:
    records = tmp_path / "unnamed.snmprec"
    records.write_text(
        "1.3.6.1.4.1.2.0|2|1\n"
        "1.3.6.1.4.1.99953.1.2.3.4.0|2|2\n"
        "1.3.6.1.4.1.99953.1.2.7.0|6|1.3.6.1.4\n"
        "1.3.6.1.6.3.1.1.4.1.0|6|1.3.6.1.4.1.99953.1.2\n"
        "1.3.7.1.0|2|3\n"
    )
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        for form in ([], ["-Os"], ["-Of"]):
            args = ["-v2c", "-c", "public", *form, "-M", unnamed_dirs, "-m", "UNNAMED-SECOND-MIB"]
            ours = run_anysnmp("walk", *args, addr, ".1.3.6.1")
            theirs = run_netsnmp_tool("snmpwalk", *args, addr, ".1.3.6.1")
            assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert theirs.out.count("= ") == 4
    assert ours.out.startswith(".iso.3.6.1.4.1.2.0 = INTEGER: 1")


#: OID values writing arcs as numbers or as labels: Net-SNMP counts each number (not a
#: value's first nor last arc) whatever names it, and no label, even one defined further
#: down nor a name(number) arc.
COUNTED_MIB = """\
UNNAMED-COUNTED-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI;
countedRoot OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99947 }
countedEarly OBJECT IDENTIFIER ::= { countedLater 1 2 }
countedLater OBJECT IDENTIFIER ::= { countedRoot 2 }
countedMixed OBJECT IDENTIFIER ::= { countedRoot named(7) 8 9 }
countedDeep OBJECT IDENTIFIER ::= { countedRoot 5 6 }
countedNamed OBJECT IDENTIFIER ::= { countedRoot 5 }
countedLast OBJECT IDENTIFIER ::= { enterprises 99946 3 }
END
"""


@pytest.mark.parametrize("args", [["-Tz"], ["-Ta"], ["-IR", "-Td", "anonymous#8"]])
def test_anonymous_numbers_count_the_arcs_written_as_numbers(
    tmp_path: Path, args: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"counted.mib": COUNTED_MIB})
    ours, theirs = both(dirs, "UNNAMED-COUNTED-MIB", *args)
    assert ours == theirs
    assert theirs[2] == 0 and any("anonymous#" in line for line in theirs[0])
