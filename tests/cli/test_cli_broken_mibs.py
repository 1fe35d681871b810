"""The commands with broken MIB modules in ``-m ALL``: names for what loads, and on stderr
what Net-SNMP's tools print of the modules, line for line (``-Pe`` too)."""

from __future__ import annotations

from pathlib import Path

import forked_cli
import pytest
from broken_mibs import (
    ADOPTIVE_MIB,
    COMPLY_MIB,
    LOST_IMPORT_MIB,
    ORPHAN_MIB,
    PARTS_MIB,
    TYPO_MIB,
    broken_mib_dirs,
    netsnmp_stderr,
)
from cli_helpers import ANYSNMP, ENV, run_anysnmp, run_netsnmp_tool, running
from mib_helpers import MIB_TOOL_ENV, require_test_mibs

#: What our agent serves: objects of the broken modules' good parts, an object of a type
#: the module cannot find, an adopted orphan, and the slip module's (dropped) subtree.
RECORDS = """\
1.3.6.1.4.1.99980.1.0|2|42
1.3.6.1.4.1.99980.2.0|2|7
1.3.6.1.4.1.99980.5.0|4|widget
1.3.6.1.4.1.99982.1.0|2|3
1.3.6.1.4.1.99983.1.0|2|9
1.3.6.1.4.1.99983.1.2.0|4|below
1.3.6.1.6.3.1.1.6.1.0|2|1
"""

TEXTS = {"parts.mib": PARTS_MIB, "typo": TYPO_MIB, "orphan.mib": ORPHAN_MIB, "adopt": ADOPTIVE_MIB}


def test_walk_prints_names_of_what_broken_modules_load(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    (tmp_path / "broken.snmprec").write_text(RECORDS)
    listen = ["--listen", "127.0.0.1:0", str(tmp_path / "broken.snmprec")]
    walk = ("walk",)
    with running("agent", *listen) as addr:
        args = ["-v2c", "-c", "public", "-M", dirs, "-m", "ALL", addr]
        ours = run_anysnmp(*walk, *args, ".1.3.6.1.4.1")
        part = run_anysnmp(*walk, *args, "BROKEN-PARTS-MIB::parts")
        theirs = run_netsnmp_tool("snmpwalk", *args, ".1.3.6.1.4.1")
        their_part = run_netsnmp_tool("snmpwalk", *args, "BROKEN-PARTS-MIB::parts")
    assert (ours.rc, part.rc, theirs.rc) == (0, 0, 0), ours.err
    assert ours.out == theirs.out
    assert part.out.splitlines() == theirs.out.splitlines()[:3] == their_part.out.splitlines()
    # What the modules' slips print, in Net-SNMP's words, files, lines and order.
    assert ours.err.splitlines() == theirs.err.splitlines()
    assert part.err.splitlines() == their_part.err.splitlines() == theirs.err.splitlines()
    assert theirs.out.splitlines() == [
        "BROKEN-PARTS-MIB::partGood.0 = INTEGER: 42",
        "BROKEN-PARTS-MIB::partGhostTyped.0 = INTEGER: 7",
        "BROKEN-PARTS-MIB::partLast.0 = STRING: widget",
        "SNMPv2-SMI::enterprises.99982.1.0 = INTEGER: 3",
        "BROKEN-ORPHAN-MIB::orphanLeaf.0 = INTEGER: 9",
        'BROKEN-ORPHAN-MIB::orphanBelow.0 = STRING: "below"',
    ]
    assert f"Bad parse of OBJECT-TYPE: At line 15 in {tmp_path}/mibs/typo" in ours.err
    assert "Unlinked OID in BROKEN-ORPHAN-MIB: orphanLeaf ::= { adoptiveRoot 1 }" in ours.err


@pytest.mark.parametrize("flags", [(), ("-Pe",), ("-Pe", "-Pe"), ("-Pw",), ("-Pwe",)])
def test_get_prints_the_mib_lines_snmpget_prints(tmp_path: Path, flags: tuple[str, ...]) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS, **{"comply.mib": COMPLY_MIB})
    (tmp_path / "broken.snmprec").write_text(RECORDS)
    listen = ["--listen", "127.0.0.1:0", str(tmp_path / "broken.snmprec")]
    get = ("get",)
    with running("agent", *listen) as addr:
        for modules in ("ALL", "BROKEN-COMPLY-MIB:BROKEN-PARTS-MIB:NO-SUCH-MIB"):
            args = ["-v2c", "-c", "public", *flags, "-M", dirs, "-m", modules, addr]
            names = ["BROKEN-PARTS-MIB::partGood.0", "BROKEN-COMPLY-MIB::complyValue.0"]
            ours = run_anysnmp(*get, *args, *names)
            theirs = run_netsnmp_tool("snmpget", *args, *names)
            assert (ours.rc, ours.out) == (theirs.rc, theirs.out)
            assert ours.err.splitlines() == theirs.err.splitlines()
            errors = "".join(flags).count("e") % 2 == 0
            assert ("Cannot find module (BROKEN-NOWHERE-MIB)" in ours.err) == errors
            assert "Unlinked OID in BROKEN-PARTS-MIB: partOrphan" in ours.err
            warned = "".join(flags).count("w") > 0
            assert ("OBJECT-TYPE MACRO (lines " in ours.err) == warned


def test_translate_with_broken_modules_prints_what_snmptranslate_prints(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    names = ["partGood", "partGhostTyped", "partUnimportedType", "orphanBelow", "ifDescr"]
    for args in (["-Tp", "-IR", "parts"], ["-Tp", "-IR", "adoptiveRoot"], ["-On", "-IR", *names]):
        command = ["-M", dirs, "-m", "ALL", *args]
        ours = forked_cli.run([*ANYSNMP, "translate", *command], capture_output=True, text=True)
        theirs = forked_cli.run(
            ["snmptranslate", *command], capture_output=True, text=True, env=MIB_TOOL_ENV
        )
        assert ours.returncode == theirs.returncode == 0, ours.stderr
        assert ours.stdout == theirs.stdout and len(theirs.stdout.splitlines()) >= 5
        assert ours.stderr.splitlines() == theirs.stderr.splitlines()
        assert theirs.stderr.splitlines() == netsnmp_stderr("snmptranslate", dirs, "ALL", ".1")
    assert "Unlinked OID in BROKEN-PARTS-MIB: partOrphan ::= { nowhereParent 1 }" in ours.stderr


def test_ta_lists_children_and_adopted_orphans_in_snmptranslates_order(tmp_path: Path) -> None:
    """A module's children in the reverse of their order in its file (pysmi gives those
    of types it did not know last); adopted orphans after the load's modules, the last
    module's first (lostLeaf, BROKEN-LOST-MIB's, before BROKEN-ORPHAN-MIB's orphanLeaf)."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS, lost=LOST_IMPORT_MIB)
    command = ["-M", dirs, "-m", "ALL", "-Ta"]
    ours = forked_cli.run([*ANYSNMP, "translate", *command], capture_output=True, text=True)
    theirs = forked_cli.run(
        ["snmptranslate", *command], capture_output=True, text=True, env=MIB_TOOL_ENV
    )
    assert (ours.returncode, ours.stdout, ours.stderr) == (0, theirs.stdout, theirs.stderr)
    labels = [line.split()[0] for line in theirs.stdout.splitlines()]
    assert labels.index("partLast") < labels.index("partUnimportedType")
    assert labels.index("lostLeaf") < labels.index("orphanLeaf")


@pytest.mark.parametrize(
    ("setting", "flags"), [("no", ()), ("yes", ("-Pe",)), ("no", ("-Pe",)), (None, ("-Pe",))]
)
def test_show_mib_errors_of_snmp_conf_wins_over_pe(
    tmp_path: Path, setting: str | None, flags: tuple[str, ...]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"comply.mib": COMPLY_MIB})
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "snmp.conf").write_text(f"showMibErrors {setting}\n" if setting else "")
    env = {**ENV, "SNMPCONFPATH": str(conf)}
    command = [
        *flags,
        "-M",
        dirs,
        "-m",
        "BROKEN-COMPLY-MIB",
        "-On",
        "BROKEN-COMPLY-MIB::complyValue",
    ]
    ours = forked_cli.run(
        [*ANYSNMP, "translate", *command], capture_output=True, text=True, env=env
    )
    theirs = forked_cli.run(["snmptranslate", *command], capture_output=True, text=True, env=env)
    assert (ours.returncode, ours.stdout) == (theirs.returncode, theirs.stdout)
    assert ours.stderr.splitlines() == theirs.stderr.splitlines()
    shown = "Cannot find module (BROKEN-NOWHERE-MIB)" in theirs.stderr
    assert shown == (setting == "yes")


def test_a_module_name_of_no_file_is_said_missing_as_snmptranslate_says() -> None:
    command = ["-M", require_test_mibs(), "-m", "IF-MIB", "-On", "NO-SUCH-MIB::x", "ifIndex"]
    ours = forked_cli.run(
        [*ANYSNMP, "translate", *command], capture_output=True, text=True, env=ENV
    )
    theirs = forked_cli.run(["snmptranslate", *command], capture_output=True, text=True, env=ENV)
    assert ours.returncode == theirs.returncode != 0
    # The load's lines are Net-SNMP's; the error for the name is ours (it says more).
    assert (
        ours.stderr.splitlines()[:2]
        == theirs.stderr.splitlines()[:2]
        == [
            f"MIB search path: {require_test_mibs()}",
            "Cannot find module (NO-SUCH-MIB): At line 1 in (none)",
        ]
    )
