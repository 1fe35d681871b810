"""``anysnmp translate`` against snmptranslate on the same MIB files."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import forked_cli
import pytest
from mib_helpers import MIB_TOOL_ENV, all_nodes, netsnmp, netsnmp_command, require_test_mibs

from anysnmp import Mib, MibWarning
from anysnmp.lowlevel import Tag


def translate(*args: str, modules: str = "ALL") -> subprocess.CompletedProcess[str]:
    """``python -m anysnmp translate`` with the test MIB set."""
    command = [sys.executable, "-m", "anysnmp", "translate", "-M", require_test_mibs()]
    return forked_cli.run([*command, "-m", modules, *args], capture_output=True, text=True)


NAMES = [
    "IF-MIB::ifDescr.1",
    "SNMPv2-MIB::sysName.0",
    'vacmGroupName.3."comm1"',
    "enterprises.8072",
]
NUMBERS = [
    ".1.3.6.1.2.1.2.2.1.8.4",
    ".1.3.6.1.6.3.16.1.2.1.3.1.5.99.111.109.109.49",
    ".1.3.6.1.4.1",
    ".1.3.6.1.2.1.25.2.3.1.2.1",
]
#: InetAddress indexes after their InetAddressType (IP-MIB, TCP-MIB, IP-FORWARD-MIB): an
#: address of each type, zoned too, and of the wrong length, DNS, empty (as strings).
INET_ADDRESSES = [
    ".1.3.6.1.2.1.4.34.1.3.1.4.192.0.2.1",
    ".1.3.6.1.2.1.4.34.1.3.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1",
    ".1.3.6.1.2.1.4.34.1.3.3.8.10.0.0.1.0.0.1.0",
    ".1.3.6.1.2.1.4.34.1.3.4.20.254.128.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.3",
    ".1.3.6.1.2.1.4.34.1.3.1.3.192.0.2",
    ".1.3.6.1.2.1.4.34.1.3.16.4.104.111.115.116",
    ".1.3.6.1.2.1.4.34.1.3.1.0",
    ".1.3.6.1.2.1.6.19.1.7.1.4.192.0.2.2.50516.1.4.203.0.113.80.443",
    ".1.3.6.1.2.1.4.24.7.1.7.1.4.0.0.0.0.0.2.0.0.1.4.192.0.2.1",
]


@pytest.mark.parametrize("flags", ["-On", "-Of", "-Os", "-OS", None])
@pytest.mark.parametrize("oids", [NAMES, NUMBERS, NAMES[:1], INET_ADDRESSES])
def test_translate_prints_what_snmptranslate_prints(flags: str | None, oids: list[str]) -> None:
    # snmptranslate -IR takes names only (it rejects a numeric OID): ours takes both.
    numeric = oids is NUMBERS or oids is INET_ADDRESSES
    args = [*([flags] if flags else []), *([] if numeric else ["-IR"]), *oids]
    ours = translate(*args)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == "\n".join(netsnmp("snmptranslate", *args)) + "\n"


#: -OX edge cases: a trailing arc, a string cut short, an OID index (an instance, a node
#: with arcs past it, unknown arcs), an empty string, an unknown column, a binary engine id,
#: NetworkAddress indexes whole, with an arc past and cut short.
EXTENDED = [
    ".1.3.6.1.2.1.2.2.1.2.1.5",
    ".1.3.6.1.6.3.16.1.2.1.3.1.4.99.111.109",
    ".1.3.6.1.6.3.16.1.5.2.1.2.3.97.108.108.11.1.3.6.1.2.1.2.2.1.2.1",
    ".1.3.6.1.6.3.16.1.5.2.1.2.3.97.108.108.11.1.3.6.1.6.3.16.1.2.1.3.1.1.97",
    ".1.3.6.1.6.3.16.1.5.2.1.2.3.97.108.108.3.1.3.99",
    ".1.3.6.1.6.3.16.1.2.1.3.1.0",
    ".1.3.6.1.2.1.2.2.1.99.4",
    ".1.3.6.1.6.3.15.1.2.2.1.3.5.97.98.34.92.101.4.117.115.101.114",
    ".1.3.6.1.6.3.16.1.4.1.4.7.118.51.103.114.111.117.112.0.3.1",
    ".1.3.6.1.2.1.4.20.1.1.127",
    ".1.3.6.1.2.1.3.1.1.1.4.1.192.0.2.1",
    ".1.3.6.1.2.1.3.1.1.1.4.1.192.0.2.1.7",
    ".1.3.6.1.2.1.3.1.1.1.4.1",
    *INET_ADDRESSES,
]


@pytest.mark.parametrize("flags", ["-OX", "-OXs", "-OXf", "-OXb"])
def test_extended_indexes_print_as_snmptranslate_prints_them(flags: str) -> None:
    ours = translate(flags, *EXTENDED)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.splitlines() == netsnmp("snmptranslate", flags, *EXTENDED)
    assert "[" in ours.stdout or flags == "-OXb"


#: Net-SNMP lists every label matching at its start, and of the others only the one that
#: matches earliest in it (AdminStatus: ifAdminStatus alone; ifAdmin: ipv6IfAdminStatus
#: too), case-insensitive (ADMIN), in the order of its tree (^ip).
@pytest.mark.parametrize(
    "pattern", ["AdminStatus", "ifAdmin", "ADMIN", "sysOR", "^snmpTarget.*Status$", "^ip"]
)
def test_tb_lists_what_snmptranslate_lists(pattern: str) -> None:
    ours = translate("-TB", pattern)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-TB", pattern)
    assert ours.stdout.splitlines() == theirs and theirs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["noSuchThing.0"], "Unknown Object Identifier"),
        (["-Tq", "sysName.0"], "Invalid -T<lostpad> character: q"),
        (["-Op", "sysName.0"], "-Op needs a precision (-OpPRECISION)"),
        (["-D", "mib", "sysName.0"], "debugging output is not available"),
        (["-Td"], "USAGE: anysnmp translate [OPTIONS] "),  # no OID: the usage screen alone
        (["-TB", "("], 'Unable to find a matching object identifier for "("'),
        (["-Iz", "sysName.0"], "Unknown OID option to -I: z."),
    ],
)
def test_translate_errors(args: list[str], message: str) -> None:
    """snmptranslate's exit status: 2 for an OID it cannot translate, 1 for a usage error."""
    ours = translate(*args)
    status = 2 if message == "Unknown Object Identifier" else 1
    assert ours.returncode == status and message in ours.stderr and ours.stdout == ""


def test_td_prints_every_node_as_snmptranslate_does(mib: Mib) -> None:
    # Every node of the test set, in one run each: FROM lists, textual conventions, SYNTAX
    # with ranges and enums, DISPLAY-HINT, UNITS, INDEX/AUGMENTS, OBJECTS, DESCRIPTION, DEFVAL.
    oids = ["." + node.oid for node in all_nodes(mib)]
    assert len(oids) > 1000
    ours = translate("-Td", *oids)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-Td", *oids)
    assert ours.stdout.splitlines() == theirs
    for clause in (
        "-- TEXTUAL CONVENTION",
        "DISPLAY-HINT",
        "UNITS",
        "AUGMENTS",
        "OBJECTS",
        "DEFVAL",
    ):
        assert f"  {clause}" in ours.stdout


@pytest.mark.parametrize(
    "args", [["-Td", "-Of", "IF-MIB::ifDescr.1"], ["-Td", "-On", "-IR", "sysName"]]
)
def test_td_of_an_instance_and_other_forms(args: list[str]) -> None:
    ours = translate(*args)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.splitlines() == netsnmp("snmptranslate", *args)


@pytest.mark.parametrize(
    "oids",
    [
        ["IF-MIB::ifTable"],
        ["SNMPv2-MIB::system", "SNMPv2-MIB::sysDescr"],
        ["SNMP-FRAMEWORK-MIB::snmpFrameworkMIB"],
        ["UCD-SNMP-MIB::ucdavis"],
        ["NET-SNMP-AGENT-MIB::nsModuleTable", "STANDARD-MIB::snmp"],
    ],
)
def test_tp_draws_subtrees_as_snmptranslate_does(oids: list[str]) -> None:
    ours = translate("-Tp", *oids)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-Tp", *oids)
    assert ours.stdout.splitlines() == theirs and len(theirs) > 2


def test_tp_draws_the_whole_tree_as_snmptranslate_does(mib: Mib) -> None:
    # Every module of the test set (NET-SNMP-PASS-MIB uses types it does not import,
    # erlang-snmp's RFC-1215 lacks its END: both load, as in Net-SNMP).
    assert {"NET-SNMP-PASS-MIB", "RFC-1215"} <= set(mib.modules)
    ours = translate("-Tp")
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-Tp")
    assert ours.stdout.splitlines() == theirs and len(theirs) > 1900
    assert "netSnmpPassCounter64(7)" in ours.stdout


@pytest.mark.parametrize("flag", ["-To", "-Ts", "-Tl", "-Tz", "-Tt"])
def test_reports_list_the_whole_tree_as_snmptranslate_does(flag: str) -> None:
    ours = translate(flag)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", flag)
    assert ours.stdout.splitlines() == theirs and len(theirs) > 1000
    with_oid = translate(flag, "IF-MIB::ifDescr.1")  # with OIDs: a translation, no report
    assert with_oid.stdout.splitlines() == netsnmp("snmptranslate", flag, "IF-MIB::ifDescr.1")


@pytest.mark.parametrize("flag", ["-To", "-Tt"])
def test_a_report_of_no_module_prints_nothing(flag: str) -> None:
    # Debian's "mibs :", or -m '': snmptranslate prints nothing; ours printed an empty line.
    ours = translate(flag, modules="")
    theirs = forked_cli.run(
        netsnmp_command("snmptranslate", flag, modules=""), capture_output=True, text=True,
        env=MIB_TOOL_ENV,
    )  # fmt: skip
    assert (ours.returncode, ours.stdout, ours.stderr) == (0, "", "") == (
        theirs.returncode, theirs.stdout, theirs.stderr,
    )  # fmt: skip


@pytest.mark.parametrize(
    "modules",
    ["ALL", "IF-MIB", "SNMPv2-MIB:STANDARD-MIB", "NET-SNMP-AGENT-MIB:IF-MIB", "UCD-SNMP-MIB"],
)
def test_ta_dumps_the_tree_as_snmptranslate_does(modules: str) -> None:
    # Net-SNMP's order of children: modules as it reads them, each module's backwards.
    ours = translate("-Ta", modules=modules)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-Ta", modules=modules)
    assert ours.stdout.splitlines() == theirs and len(theirs) > 100
    with_oid = translate("-Ta", "IF-MIB::ifDescr.1", modules=modules)  # a translation
    assert with_oid.stdout.splitlines() == netsnmp(
        "snmptranslate", "-Ta", "IF-MIB::ifDescr.1", modules=modules
    )


#: A module of our own for what the test set lacks: a TRAP-TYPE with VARIABLES, DEFVALs in
#: hex, binary and braces, a range on an Opaque, a refined SMIv1 type, an empty DESCRIPTION,
#: RFC1213-MIB's DisplayString (pysmi reads SNMPv2-TC's, Net-SNMP the module named).
OWN_MIB = """TRANSLATE-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, Opaque FROM RFC1155-SMI
        OBJECT-TYPE FROM RFC-1212
        TRAP-TYPE FROM RFC-1215
        DisplayString FROM RFC1213-MIB;
ShortName ::= OCTET STRING
tester OBJECT IDENTIFIER ::= { enterprises 99999 }
tstValue OBJECT-TYPE
    SYNTAX INTEGER (0..10 | 20 | -5..-1)
    ACCESS read-only
    STATUS mandatory
    DESCRIPTION "A value."
    DEFVAL { 'ff'H }
    ::= { tester 1 }
tstEnum OBJECT-TYPE
    SYNTAX INTEGER { a(1), b(2) }
    ACCESS read-write
    STATUS optional
    DESCRIPTION "Enums."
    DEFVAL { { a, b } }
    ::= { tester 2 }
tstName OBJECT-TYPE
    SYNTAX ShortName (SIZE (1..8))
    ACCESS write-only
    STATUS deprecated
    DEFVAL { '0101'B }
    ::= { tester 3 }
tstOpaque OBJECT-TYPE
    SYNTAX Opaque (SIZE (4 | 8))
    ACCESS read-only
    STATUS obsolete
    DESCRIPTION ""
    ::= { tester 4 }
tstText OBJECT-TYPE
    SYNTAX DisplayString (SIZE (1..8))
    ACCESS read-only
    STATUS mandatory
    DESCRIPTION "RFC1213-MIB's DisplayString: no DISPLAY-HINT (SNMPv2-TC's has one)."
    ::= { tester 5 }
tstTrap TRAP-TYPE
    ENTERPRISE tester
    VARIABLES { tstValue, tstEnum }
    DESCRIPTION "A trap."
    ::= 7
END
"""


def _both_translate(dirs: str, *args: str) -> tuple[str, str]:
    """The output of ``anysnmp translate`` and of snmptranslate (-m ALL) on a search path."""
    command = [sys.executable, "-m", "anysnmp", "translate", "-M", dirs, "-m", "ALL", *args]
    ours = forked_cli.run(command, capture_output=True, text=True)
    assert ours.returncode == 0, ours.stderr
    theirs = forked_cli.run(
        ["snmptranslate", "-M", dirs, "-m", "ALL", *args],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    )
    return ours.stdout, theirs.stdout


def test_td_and_tp_of_a_module_of_our_own(tmp_path: Path) -> None:
    (tmp_path / "TRANSLATE-TEST-MIB.txt").write_text(OWN_MIB)
    dirs = f"{require_test_mibs()}:{tmp_path}"
    names = ["tester", "tstValue", "tstEnum", "tstName", "tstOpaque", "tstText", "tstTrap"]
    oids = [*(f"TRANSLATE-TEST-MIB::{name}" for name in names), ".1.3.6.1.4.1.99999.0"]
    # Net-SNMP reads this module (the last file found) first, and RFC1213-MIB with it:
    # sysDescr is then RFC1213-MIB's (no DISPLAY-HINT), whatever names it.
    shared = ["SNMPv2-MIB::sysDescr", "IF-MIB::ifIndex", "IF-MIB::ifPhysAddress"]
    for args in (["-Td", *oids, *shared], ["-Tp", oids[0]], ["-Ta"], ["-Tt"]):
        ours, theirs = _both_translate(dirs, *args)
        assert ours == theirs and len(theirs.splitlines()) > 12
    mib = Mib.load(["TRANSLATE-TEST-MIB"], dirs=dirs, cache_dir=tmp_path / "cache")
    assert mib.node("tstText").display_hint is None  # as Net-SNMP: the module named, not pysmi's
    text = mib.formatter().varbind("1.3.6.1.4.1.99999.5.0", Tag.OCTET_STRING, b"ab")
    assert text == 'TRANSLATE-TEST-MIB::tstText.0 = STRING: "ab"'


#: SMI base types used with no IMPORTS (Net-SNMP knows them as keywords; pysmi needs them
#: imported), in objects and a textual convention; BITS with no bit set by default.
LAX_MIB = """LAX-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC;
LaxCount ::= TEXTUAL-CONVENTION
    STATUS current
    DESCRIPTION "A count."
    SYNTAX Counter64
lax OBJECT IDENTIFIER ::= { enterprises 99993 }
laxBig OBJECT-TYPE
    SYNTAX Counter64
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "A big count."
    ::= { lax 1 }
laxOpaque OBJECT-TYPE
    SYNTAX Opaque
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "Opaque."
    ::= { lax 2 }
laxGauge OBJECT-TYPE
    SYNTAX Gauge32 (0..100)
    UNITS "percent"
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "A gauge."
    ::= { lax 3 }
laxCount OBJECT-TYPE
    SYNTAX LaxCount
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "A count of a TC."
    ::= { lax 4 }
laxBits OBJECT-TYPE
    SYNTAX BITS { low(0), high(1) }
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "No bit set by default."
    DEFVAL { {} }
    ::= { lax 5 }
END
"""


def test_base_types_need_no_imports(tmp_path: Path) -> None:
    (tmp_path / "LAX-TEST-MIB").write_text(LAX_MIB)
    dirs = f"{require_test_mibs()}:{tmp_path}"
    names = ["lax", "laxBig", "laxOpaque", "laxGauge", "laxCount", "laxBits"]
    ours, theirs = _both_translate(dirs, "-Td", *(f"LAX-TEST-MIB::{name}" for name in names))
    assert ours == theirs and "Counter64" in theirs and "Gauge32" in theirs
    assert "DEFVAL\t{ { } }" in theirs
    # Net-SNMP reads no module for TEXTUAL-CONVENTION alone: LaxCount comes before SNMPv2-TC.
    ours, theirs = _both_translate(dirs, "-Tt")
    assert ours == theirs and "laxCount(4) type=11 tc=2" in theirs
    with warnings.catch_warnings():
        warnings.simplefilter("error", MibWarning)
        mib = Mib.load(["LAX-TEST-MIB"], dirs=dirs, cache_dir=tmp_path / "cache")
    assert mib.node("laxCount").base_type == "Counter64"
    assert mib.node("laxOpaque").base_type == "Opaque"


#: A table indexed by an OID (as IP-FORWARD-MIB's inetCidrRoutePolicy), then a number.
CUT_MIB = """CUT-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;
cutTable OBJECT-TYPE
    SYNTAX SEQUENCE OF CutEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "Rows by an OID."
    ::= { enterprises 99992 }
cutEntry OBJECT-TYPE
    SYNTAX CutEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "A row."
    INDEX { cutPolicy, cutNumber }
    ::= { cutTable 1 }
CutEntry ::= SEQUENCE { cutPolicy OBJECT IDENTIFIER, cutNumber Integer32, cutValue Integer32 }
cutPolicy OBJECT-TYPE
    SYNTAX OBJECT IDENTIFIER
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "The OID."
    ::= { cutEntry 1 }
cutNumber OBJECT-TYPE
    SYNTAX Integer32
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "The number."
    ::= { cutEntry 2 }
cutValue OBJECT-TYPE
    SYNTAX Integer32
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "A value."
    ::= { cutEntry 3 }
END
"""


def test_an_oid_index_of_no_known_root_cuts_the_name_as_snmptranslate_does(
    tmp_path: Path,
) -> None:
    """-OX: Net-SNMP gives up on an OID index that no root starts (a recorded device's
    inetCidrRoutePolicy "5"): the full form up to there, a character short, [TRUNCATED]."""
    (tmp_path / "CUT-TEST-MIB").write_text(CUT_MIB)
    dirs = f"{require_test_mibs()}:{tmp_path}"
    column = ".1.3.6.1.4.1.99992.1.3"
    policies = ("1.5", "2.5.12", "3.42.7.123", "2.1.3", "0")  # "0": empty, then 7: no root
    oids = [*(f"{column}.{policy}.7" for policy in policies), f"{column}.0.1"]  # [iso][1]
    for flags in ("-OX", "-OXs", "-OXf", "-OXn", "-OXb"):
        ours, theirs = _both_translate(dirs, flags, *oids)
        assert ours == theirs
    cut = ".iso.org.dod.internet.private.enterprises.cutTable.cutEntry.cutValue[.5.1 [TRUNCATED]"
    assert _both_translate(dirs, "-OX", oids[1]) == (cut + "\n", cut + "\n")
    mib = Mib.load(["CUT-TEST-MIB"], dirs=dirs, cache_dir=tmp_path / "cache")
    assert mib.formatter("X").varbind(oids[1][1:], Tag.INTEGER, 1) == cut  # no value either


#: Lines for ``translate -``: names with text after a blank (a space, else a tab), short
#: ones before a blank (not read), text that does not read, an empty line, a line longer
#: than snmptranslate's buffer, bytes that are not UTF-8, a NUL, no final newline.
STDIN = (
    b".1.3.6.1.2.1.1.1.0 = STRING: x\n.1.3 a\n.1.3.6.1.2.1.2.2.1.2.1\tfoo bar\n"
    b"sysName.0\nIF-MIB::ifDescr.3 rest\ngarbage here\n\n.1.3.6.1.2.1.1.5.0 " + b"x" * 12000
    + b"\n\xff\xfe .1.3\n.1.3.6\x00junk rest\n.1.3.6.1.4.1.8072.3.2.10"
)  # fmt: skip


@pytest.mark.parametrize("args", [["-"], ["-Of", "-", ".1.3.6", "-"], ["-On", "-", "bogus"]])
def test_stdin_lines_translate_as_snmptranslate_translates_them(args: list[str]) -> None:
    """``-`` reads names from stdin, a line at a time, as snmptranslate's process_stdin."""
    command = ["-M", require_test_mibs(), "-m", "ALL", *args]
    ours = forked_cli.run(
        [sys.executable, "-m", "anysnmp", "translate", *command], input=STDIN, capture_output=True
    )
    theirs = forked_cli.run(
        ["snmptranslate", *command], input=STDIN, capture_output=True, env=MIB_TOOL_ENV
    )
    assert (ours.stdout, ours.stderr, ours.returncode) == (
        theirs.stdout,
        theirs.stderr,
        theirs.returncode,
    )
    assert b"\xff\xfe .1.3\n" in ours.stdout and b"x" * 10000 in ours.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("-Td", ".1.3.6.1.2.1.2.2.1.2.4294967297"),
        ("-On", ".1.3.6.1.4294967296", ".1.3.6.1." + "9" * 5000),  # past 64 bits: C's largest
        (
            "-OX",
            ".1.3.6.1.6.3.16.1.2.1.3.4294967297.97",
            ".1.3.6.1.2.1.2.2.1.2.18446744073709551615",
        ),
        ("ifDescr." + "7" * 5000,),  # Python's int() refused it (ValueError out of the reader)
        # A string index's length is a C int: 2^32 is 0, 2^32-1 is -1 (the octets after
        # it read to the end); ours refused them (Index out of range).
        ("-IR", "-On", "vacmGroupName.3.4294967297.97", "vacmGroupName.3.4294967295.1.2"),
        ("-IR", "-On", "vacmGroupName.3.4294967296", "vacmGroupName.3.4294967283.1"),
        ("-IR", "vacmGroupName.3.4294967282.1"),  # past minus the arcs so far: refused
        # A string index's length of 2^64-1 (as 2^32-1 reads here): its count of arcs, the
        # length + 1, wraps to 0: an empty text, nothing taken ("3..18446744073709551615");
        # an INTEGER index's label is that of the arc's low 32 bits, as a C int.
        (".1.3.6.1.6.3.16.1.2.1.3.3.4294967295.97", ".1.3.6.1.6.3.16.1.4.1.4.4294967295.9"),
        ("-Of", ".1.3.6.1.6.3.16.1.2.1.3.3.18446744073709551615"),
        (".1.3.6.1.6.3.16.1.4.1.4.1.97.0.3.4294967297", ".1.3.6.1.6.3.16.1.4.1.4.0.0.3.2"),
    ],
)
def test_arcs_past_32_bits_print_as_snmptranslate_keeps_them(args: tuple[str, ...]) -> None:
    # snmptranslate sends nothing: its arcs stay C unsigned longs. Ours printed them cut
    # to the 32 bits the other commands send (.1.3.6.1.0).
    modules = "IF-MIB:SNMP-VIEW-BASED-ACM-MIB"
    ours = translate(*args, modules=modules)
    theirs = forked_cli.run(
        netsnmp_command("snmptranslate", *args, modules=modules), capture_output=True,
        text=True, env=MIB_TOOL_ENV,
    )  # fmt: skip
    assert (ours.returncode, ours.stdout, ours.stderr) == (
        theirs.returncode, theirs.stdout, theirs.stderr,
    )  # fmt: skip
