"""The test MIB set (fetched by scripts/fetch-test-mibs) and Net-SNMP run on the same files."""

from __future__ import annotations

import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

from hermetic import PERSISTENT_DIR
from peers import require_tool

from anysnmp import Integer, Mib, MibNode, MibView, OctetString
from anysnmp._mibview import read_snmprec
from anysnmp._types import TypedValue

#: Fetched from package registries by `scripts/setup test` (never committed).
TEST_MIBS = Path(__file__).resolve().parents[1] / "build" / "test-mibs"
#: The folders of the test MIB set, one a source (see scripts/fetch-test-mibs).
MIB_FOLDERS = ("netsnmp", "erlang", "npm", "ietf")
#: The search path of the test MIB set, in Net-SNMP's syntax.
MIB_DIRS = ":".join(str(TEST_MIBS / folder) for folder in MIB_FOLDERS)


def require_test_mibs() -> str:
    """The test MIB search path; fails (never skips) when the MIB texts are missing."""
    if not (TEST_MIBS / ".complete").exists():
        raise AssertionError(
            f"{TEST_MIBS} is missing: run scripts/setup test (or scripts/fetch-test-mibs)"
        )
    return MIB_DIRS


#: Net-SNMP's tools with no configuration of the host's (no snmp.conf, no ~/.snmp), and the
#: process's persistent folder.
MIB_TOOL_ENV = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent",
    "SNMPCONFPATH": "/nonexistent",
    "SNMP_PERSISTENT_DIR": str(PERSISTENT_DIR),
}


def netsnmp_command(tool: str, *args: str, modules: str = "ALL") -> list[str]:
    """A Net-SNMP tool's command line with the test MIB set only (run it with `MIB_TOOL_ENV`)."""
    return [require_tool(tool), "-M", require_test_mibs(), "-m", modules, *args]


def snmptranslate(dirs: str, modules: str, *args: str) -> str:
    """snmptranslate's output (stripped) with the MIB folders `dirs` and modules `modules`."""
    return subprocess.run(
        [require_tool("snmptranslate"), "-M", dirs, "-m", modules, *args],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    ).stdout.strip()


def netsnmp(tool: str, *args: str, modules: str = "ALL") -> list[str]:
    """The output lines of a Net-SNMP tool run with the test MIB set only."""
    result = subprocess.run(
        netsnmp_command(tool, *args, modules=modules),
        capture_output=True,
        text=True,
        check=False,
        env=MIB_TOOL_ENV,
    )
    return result.stdout.splitlines()


#: vacmSecurityToGroupTable rows (INDEX: an integer, then a string) for our Agent.
_VACM_GROUP_NAME = "1.3.6.1.6.3.16.1.2.1.3"
_VACM_ROWS: dict[str, TypedValue] = {
    f"{_VACM_GROUP_NAME}.{model}.{len(name)}.{'.'.join(map(str, name))}": OctetString(group)
    for model, name, group in [
        (1, b"comm1", b"grp1"),
        (2, b"comm1", b"grp1"),
        (3, b"alice", b"admins"),
        (3, b"a.b", b"dotted"),
    ]
}
_VACM_ROWS["1.3.6.1.6.3.16.1.2.1.5.3.5.97.108.105.99.101"] = Integer(1)  # a second column


def named_tables_view() -> MibView:
    """The demo device (system, ifTable, ipAddrTable...) and string-indexed VACM rows, writable."""
    demo = read_snmprec(str(files("anysnmp") / "data" / "demo.snmprec"))
    return MibView({**demo, **_VACM_ROWS}, writable=True)


def named_rows(
    mib: Mib, column_walks: dict[str, list[tuple[str, Any]]]
) -> dict[Any, dict[str, Any]]:
    """A table as ``table(..., names=True)`` gives it, made from numeric walks of its columns."""
    rows: dict[Any, dict[str, Any]] = {}
    for column, walk in column_walks.items():
        label = mib.node(column).name
        assert label is not None
        for oid, value in walk:
            rows.setdefault(mib.index(oid), {})[label] = value
    return rows


def all_nodes(mib: Mib) -> list[MibNode]:
    """Every node of the loaded MIBs (the roots too), in OID order."""
    found: list[MibNode] = []
    pending = [mib.tree.root]
    while pending:
        node = pending.pop()
        found.extend(node.children.values())
        pending.extend(node.children.values())
    return sorted(found, key=lambda node: [int(arc) for arc in node.oid.split(".")])


#: A table of a column per kind of DEFVAL a new row takes (`MibView` rows), and two whose
#: DEFVAL it does not read (a label no module defines, a number out of range): needed.
ROWS_MIB = """ANYSNMP-ROWS-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, Integer32, IpAddress, enterprises, zeroDotZero
        FROM SNMPv2-SMI
    RowStatus, StorageType FROM SNMPv2-TC;
rowsTestMib MODULE-IDENTITY
    LAST-UPDATED "202612070000Z" ORGANIZATION "anysnmp" CONTACT-INFO "tests"
    DESCRIPTION "DEFVALs of new rows." ::= { enterprises 99991 }
kindTable OBJECT-TYPE SYNTAX SEQUENCE OF KindEntry MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Rows." ::= { rowsTestMib 1 }
kindEntry OBJECT-TYPE SYNTAX KindEntry MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "A row." INDEX { kindIndex } ::= { kindTable 1 }
KindEntry ::= SEQUENCE {
    kindIndex Integer32, kindNumber Integer32, kindStorage StorageType,
    kindText OCTET STRING, kindHex OCTET STRING, kindBinary OCTET STRING,
    kindAddress IpAddress, kindOid OBJECT IDENTIFIER, kindNoBits BITS, kindBits BITS,
    kindUnknown OBJECT IDENTIFIER, kindRange Integer32, kindStatus RowStatus }
kindIndex OBJECT-TYPE SYNTAX Integer32 (1..100) MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Its index." ::= { kindEntry 1 }
kindNumber OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-create
    STATUS current DESCRIPTION "A number." DEFVAL { -5 } ::= { kindEntry 2 }
kindStorage OBJECT-TYPE SYNTAX StorageType MAX-ACCESS read-create
    STATUS current DESCRIPTION "A label." DEFVAL { volatile } ::= { kindEntry 3 }
kindText OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS read-create
    STATUS current DESCRIPTION "A string." DEFVAL { "ab c" } ::= { kindEntry 4 }
kindHex OBJECT-TYPE SYNTAX OCTET STRING (SIZE (0..8)) MAX-ACCESS read-create
    STATUS current DESCRIPTION "Hex." DEFVAL { '00ff'H } ::= { kindEntry 5 }
kindBinary OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS read-create
    STATUS current DESCRIPTION "Binary." DEFVAL { '0000000110000000'B } ::= { kindEntry 6 }
kindAddress OBJECT-TYPE SYNTAX IpAddress MAX-ACCESS read-create
    STATUS current DESCRIPTION "An address." DEFVAL { '7f000001'H } ::= { kindEntry 7 }
kindOid OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-create
    STATUS current DESCRIPTION "An OID." DEFVAL { zeroDotZero } ::= { kindEntry 8 }
kindNoBits OBJECT-TYPE SYNTAX BITS { a(0), b(1), c(9) } MAX-ACCESS read-create
    STATUS current DESCRIPTION "No bits." DEFVAL { {} } ::= { kindEntry 9 }
kindBits OBJECT-TYPE SYNTAX BITS { a(0), b(1), c(9) } MAX-ACCESS read-create
    STATUS current DESCRIPTION "Bits." DEFVAL { { b, c } } ::= { kindEntry 10 }
kindUnknown OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-create
    STATUS current DESCRIPTION "Unread." DEFVAL { noSuchLabelAnywhere } ::= { kindEntry 11 }
kindRange OBJECT-TYPE SYNTAX Integer32 (1..10) MAX-ACCESS read-create
    STATUS current DESCRIPTION "Out of range." DEFVAL { 0 } ::= { kindEntry 12 }
kindStatus OBJECT-TYPE SYNTAX RowStatus MAX-ACCESS read-create
    STATUS current DESCRIPTION "Its status." ::= { kindEntry 13 }
END
"""
