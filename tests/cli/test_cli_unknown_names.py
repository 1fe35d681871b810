"""Names and OIDs that do not parse: the lines and exit status of Net-SNMP's tools.

Each command runs with every case at once where the tool reports them all (snmpget,
snmpgetnext, snmpset: a line each, nothing sent), else one case a run; with the test MIB
set and with none. Net-SNMP's reason depends on what it tried before (a name that fails
from the root, then as a label), so the cases read in order are part of the test.
"""

from __future__ import annotations

import forked_cli
import pytest
from cli_helpers import ANYSNMP, ENV
from mib_helpers import require_test_mibs
from peers import require_tool

#: Names and OIDs that do not parse (or do, among them) with the test MIB set.
NAMED = [
    "IF-MIB::ifFoo.1",
    "ifFoo.1",
    "IF-MIB::ifDescr.x",
    ".1.3.x",
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."ab',
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."ab"x',
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.x."ab"',
    "SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3.'ab'",
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3.""',
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."a\\"b',
    "SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3.2.97.300",
    "SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3.2.97.98.5.x",
    "vacmAccessContextMatch.\"g\".'c'.3.1",
    'vacmAccessContextMatch."g"."c".3.1',
    "ifDescr.0",  # ifIndex's range: 1..2147483647
    ".1.3.6.1.2.1.2.2.1.2.0",
    ".1.3.6.1.2.1.2.2.1.2.x",
    "ifDescr.2147483648",
    "ifDescr.-1",
    "ifDescr.08",
    "ifDescr.0x10",  # hex: 16
    "ifDescr.1.",
    "ifDescr.",
    "ifDescr..1",
    "IF-MIB::.1.3",
    "IF-MIB::",
    "SNMPv2-MIB::ifDescr.1",  # another module's label
    "IF-MIB::sysDescr.0",
    "IF-MIB:ifDescr.1",
    "ANY::ifFoo",
    "NO-SUCH-MIB::ifDescr.1",
    "::ifDescr",
    "iso.org.foo",
    ".iso.org.dod.internet.mgmt.mib-2.system.sysFoo.0",
    "system.sysDescr.x",
    "sysDescr.0.x",
    'sysDescr.0."a.b".x',
    "sysDescr..0",
    "",
    "1.3.",
    ".1.3.6.1.2.1.1.1.0.",
    '1.3.."a"',
    "ipAdEntAddr.1.2.3.400",
    "ipAdEntAddr.1.2.x.4",
    "ifAdminStatus.up",
    "ifType.foo",
    "ipNetToPhysicalPhysAddress.1.foo.4.1.2.3.4",
    'tcpListenerProcess.ipv4."".80',
    "snmpCommunityName.'abc'",
    'snmpNotifyTag."n"',
    "usmUserSecurityName.'abc'",
    "nsExtendOutput1Line.'a'",
    "hrStorageDescr.0",
    "ccitt.x",
    "[",
    "sysDescr.0.1.2.3.4.5.6.7.8.9." + ".".join(map(str, range(10, 130))),  # past 128 arcs
    "ifDescr.1",  # good ones: nothing is sent while others fail
    "sysDesc",  # the best match of a regular expression
]

#: The same without MIBs: numbers and the three roots' labels only.
NUMERIC = [
    "ifDescr.0",
    ".1.3.x",
    "1.3.",
    ".1.3.6.1.2.1.1.1.0.",
    '1.3.."a"',
    "1.3.6.1.2.1.1.01.0",
    "1.3.6.1.0x10",
    "1.3.6.1.09",
    "1.3.6.²",
    " 1.3",
    "1..3",
    "..1.3",
    "iso.3.x",
    "",
    ".".join(["1"] * 129),
]


def _mibs(with_mibs: bool) -> list[str]:
    return ["-M", require_test_mibs(), "-m", "ALL"] if with_mibs else []


def _both(command: str, *args: str) -> None:
    """Our command and Net-SNMP's tool, same arguments: the same stdout, stderr, status."""
    ours = forked_cli.run([*ANYSNMP, command, *args], env=ENV, capture_output=True, check=False)
    tool = require_tool(f"snmp{command}")
    ref = forked_cli.run([tool, *args], env=ENV, capture_output=True, check=False)
    mine = (ours.returncode, ours.stdout.decode(errors="replace"), ours.stderr.decode())
    theirs = (ref.returncode, ref.stdout.decode(errors="replace"), ref.stderr.decode())
    assert mine[1:] == theirs[1:] and mine[0] == theirs[0], (mine, theirs)
    assert mine[0] != 0


AGENT = ["-v2c", "-c", "public", "-t", "0.1", "-r", "0", "127.0.0.1:1"]


@pytest.mark.parametrize("with_mibs", [True, False], ids=["mibs", "no-mibs"])
@pytest.mark.parametrize("command", ["get", "getnext"])
def test_each_bad_name_a_line(command: str, with_mibs: bool) -> None:
    _both(command, *_mibs(with_mibs), *AGENT, *(NAMED if with_mibs else NUMERIC))


def test_set_reports_each_bad_name() -> None:
    # (Not the good vacmAccessContextMatch."g"."c".3.1: its type is not the value's.)
    assignments = [part for text in NAMED[:13] + NAMED[14:20] for part in (text, "s", "x")]
    _both("set", *_mibs(True), *AGENT, *assignments)


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("walk", "ifFoo"),
        ("walk", "IF-MIB::ifDescr.x"),
        ("walk", ".1.3.x"),
        ("walk", "1.3."),
        ("bulkwalk", "ifDescr.0"),
        ("bulkwalk", "IF-MIB::ifFoo"),
        ("bulkget", "ifFoo.1"),
        ("bulkget", "sysDescr ifFoo ifBar"),  # the first only
        ("bulkget", 'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."ab'),
        ("table", "ifFoo"),
        ("table", "IF-MIB::ifTable.x"),
    ],
)
def test_first_bad_name_ends_the_command(command: str, text: str) -> None:
    _both(command, *_mibs(True), *AGENT, *text.split(" "))


@pytest.mark.parametrize(
    "args",
    [
        ["-IR", "ifFoo"],  # "Unknown object identifier: ifFoo"
        ["-IR", "sysDescr", "ifFoo", "ifDescr"],
        ["-IR", "IF-MIB::ifFoo"],
        ["ifFoo"],
        ["1.3.6.1.2.1.1.1", "ifFoo"],  # the first translated, then the error
        ["ifDescr.x"],  # from the root only: not ifIndex's reason
        [".1.3.6.1.2.1.2.2.1.2.0"],
        ["-Td", "ifFoo"],
        ["-Tp", "ifFoo"],
        ["-On", "IF-MIB::ifFoo"],
        ["-Ib", "ifFoo"],
        ["-Ib", "sysDesc", "noSuchThingAtAll"],
        ["-Iu", "system.x"],
        # Without -IR a label is read from the root, as snmptranslate reads it: a bare
        # label of a module is unknown (snmpget's fallback to it is not snmptranslate's).
        ["sysDescr"],
        ["iso.3.6.1.2.1.1.1", "sysDescr.0", "ifDescr"],
        ["-On", "system"],
        ["-Td", "sysDescr"],
    ],
)
def test_translate(args: list[str]) -> None:
    _both("translate", *_mibs(True), *args)


@pytest.mark.parametrize(
    "args",
    [
        ["-Ir", "ifDescr.0", "ifFoo"],  # ranges not checked: ifDescr.0 parses
        ["-IR", "iso.3.x", "ifFoo.1"],  # labels only
        ["-Ib", "ifFoo.1"],
        ["-Iu", "system.sysFoo.0"],
        ["-Is.x", "sysDescr"],
        ["-ISIF-MIB::", "ifFoo.1"],
    ],
)
def test_input_options(args: list[str]) -> None:
    _both("get", *_mibs(True), *AGENT, *args)


def test_trap_varbinds() -> None:
    _both("trap", *_mibs(True), *AGENT, "", "IF-MIB::linkDown", "ifFoo.1", "i", "1")
