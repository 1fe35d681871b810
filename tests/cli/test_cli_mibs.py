"""The commands with MIBs (-m, -M, -O, -I R, MIBS/MIBDIRS): Net-SNMP's output, byte for byte.

The agent is ours serving the bundled demo device (static values), so that
anysnmp and Net-SNMP's tools print the very same data.
"""

from __future__ import annotations

import json
import sys
from contextlib import AbstractContextManager
from importlib.resources import files
from pathlib import Path

import forked_cli
import pytest
from cli_helpers import ANYSNMP, ENV, run_anysnmp, run_netsnmp_tool, running
from mib_helpers import require_test_mibs
from peers import Snmpd, require_tool

from anysnmp import Integer, ObjectIdentifier, OctetString
from anysnmp.cli._mibs import MibContext, output_flags
from anysnmp.cli._snmpconf import client_config
from anysnmp.cli._target import UsageError

DEMO = str(files("anysnmp") / "data" / "demo.snmprec")


def _mib_args(flags: str = "") -> list[str]:
    args = ["-M", require_test_mibs(), "-m", "ALL"]
    return [*args, f"-O{flags}"] if flags else args


def demo_agent() -> AbstractContextManager[str]:
    """Our agent serving the bundled demo device: its address."""
    return running("agent", "--listen", "127.0.0.1:0", DEMO)


@pytest.mark.parametrize("flags", ["", "n", "f", "qs", "Qv", "e", "xb", "X", "Xqs", "Xf", "Xb"])
def test_bulkwalk_of_the_demo_device_prints_as_snmpbulkwalk(flags: str) -> None:
    with demo_agent() as addr:
        args = ["-v2c", "-c", "public", *_mib_args(flags), addr, ".1.3.6"]
        ours = run_anysnmp("bulkwalk", *args)
        theirs = run_netsnmp_tool("snmpbulkwalk", *args)
    assert (ours.rc, theirs.rc) == (0, 0)
    assert len(ours.out.splitlines()) > 3000
    assert ours.out == theirs.out


@pytest.mark.parametrize("flags", ["", "s", "f"])
def test_json_with_mibs_adds_names_and_texts_as_snmpbulkwalk_prints_them(flags: str) -> None:
    with demo_agent() as addr:
        args = ["-v2c", "-c", "public", *_mib_args(flags), addr, "SNMPv2-MIB::system"]
        ours = run_anysnmp("bulkwalk", "--json", *args)
        numeric = run_anysnmp("bulkwalk", "--json", *args[:3], addr, ".1.3.6.1.2.1.1")
        theirs = run_netsnmp_tool("snmpbulkwalk", *args)
    items = [json.loads(line) for line in ours.out.splitlines()]
    assert [f"{item['name']} = {item['text']}" for item in items] == theirs.out.splitlines()
    # The numeric fields stay as they are without MIBs.
    plain = [json.loads(line) for line in numeric.out.splitlines()]
    assert len(items) == len(plain)
    assert [
        {key: item[key] for key in fields} for item, fields in zip(items, plain, strict=True)
    ] == plain
    assert "name" not in plain[0] and len(plain) > 5
    sys_object_id = next(item for item in items if item["type"] == "OBJECT IDENTIFIER")
    assert sys_object_id["value_name"] == sys_object_id["text"].removeprefix("OID: ")


def test_json_names_stay_utf8_where_lines_give_the_octets(tmp_path: Path) -> None:
    """-OX prints a hinted string index's arcs as octets (255 and 2^32-1 as 0xff, not UTF-8):
    the lines give them as they came, JSON's ``name`` and ``value_name`` U+FFFD, as ``text``."""
    recording = tmp_path / "index.snmprec"
    target_domain = "1.3.6.1.6.3.12.1.2.1.2"  # snmpTargetAddrTDomain, IMPLIED SnmpAdminString
    recording.write_text(
        f"1.3.6.1.2.1.1.2.0|6|{target_domain}.255\n"
        f"{target_domain}.97.98|6|1.3.6.1.6.1.1\n"
        f"{target_domain}.4294967295|6|1.3.6.1.6.1.1\n"
    )
    with running("agent", "--listen", "127.0.0.1:0", str(recording)) as addr:
        args = ["-v2c", "-c", "public", *_mib_args("X"), addr, ".1"]
        ours, theirs = [
            forked_cli.run(command, env=ENV, capture_output=True, check=False)
            for command in (
                [*ANYSNMP, "bulkwalk", "--json", *args],
                [require_tool("snmpbulkwalk"), *args],
            )
        ]
    assert b"\xff" in theirs.stdout
    items = [json.loads(line) for line in ours.stdout.decode("utf-8").splitlines()]
    lines = theirs.stdout.decode("utf-8", "replace").splitlines()
    assert [f"{item['name']} = {item['text']}" for item in items] == lines
    assert items[0]["value_name"] == "SNMP-TARGET-MIB::snmpTargetAddrTDomain[STRING: \ufffd]"


def test_names_in_get_getnext_and_walk(snmpd: Snmpd) -> None:
    target = ["-v2c", "-c", snmpd.community, *_mib_args(), f"{snmpd.host}:{snmpd.port}"]
    for command, tool, oids in (
        ("get", "snmpget", ["SNMPv2-MIB::sysName.0", "sysContact.0", "IF-MIB::ifDescr.1"]),
        ("getnext", "snmpgetnext", ["ifType.1", ".iso.org.dod.internet.mgmt.mib-2.system"]),
        ("walk", "snmpwalk", ["IF-MIB::ifType"]),
        ("bulkwalk", "snmpbulkwalk", ["system"]),
    ):
        ours = run_anysnmp(command, *target, *oids)
        theirs = run_netsnmp_tool(tool, *target, *oids)
        assert ours.rc == theirs.rc == 0, ours.err
        lines = [line for line in ours.out.splitlines() if "sysUpTime" not in line]
        assert lines == [line for line in theirs.out.splitlines() if "sysUpTime" not in line]
        assert "IF-MIB::" in ours.out or "SNMPv2-MIB::" in ours.out


@pytest.mark.parametrize("flags", ["", "s", "n"])
def test_an_error_status_names_its_failed_object_as_snmpget_does(snmpd: Snmpd, flags: str) -> None:
    """noSuchName's "Failed object:" prints as the varbinds do: a name with MIBs."""
    args = ["-v1", "-c", snmpd.community, *_mib_args(flags), snmpd.target]
    args += ["SNMPv2-MIB::sysDescr.1", "SNMPv2-MIB::sysName.0"]
    ours = run_anysnmp("get", *args)
    theirs = run_netsnmp_tool("snmpget", *args)
    # stderr also has each tool's own MIB warnings (worded differently) before the report.
    report = "Error in packet\n"
    assert "Failed object: " in theirs.err
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out)
    assert report + ours.err.split(report, 1)[1] == report + theirs.err.split(report, 1)[1]


def test_mibs_from_the_environment(snmpd: Snmpd) -> None:
    env = {**ENV, "MIBDIRS": require_test_mibs(), "MIBS": "IF-MIB"}
    args = ["-v2c", "-c", snmpd.community, f"{snmpd.host}:{snmpd.port}", "ifType.1"]
    done = forked_cli.run([*ANYSNMP, "get", *args], env=env, capture_output=True, check=True)
    assert done.stdout.decode() == "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)\n"


def test_without_mibs_output_stays_numeric(snmpd: Snmpd) -> None:
    args = ["-v2c", "-c", snmpd.community, f"{snmpd.host}:{snmpd.port}", "1.3.6.1.2.1.2.2.1.3.1"]
    ours = run_anysnmp("get", *args)
    assert ours.out == ".1.3.6.1.2.1.2.2.1.3.1 = INTEGER: 24\n"
    named = run_anysnmp("get", *args[:-1], "ifType.1")
    assert named.rc == 1 and "Unknown Object Identifier" in named.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-m", "ALL", "-M", "{mibs}", "noSuchObject.0"], "Unknown Object Identifier"),
        (
            ["-m", "ALL", "-M", "{mibs}", "-OZ", "sysName.0"],
            "Unknown output option passed to -O: Z.",
        ),
        (["-m", "ALL", "-M", "{mibs}", "-Iz", "sysName.0"], "Unknown input option passed to -I: z"),
    ],
)
def test_bad_names_and_flags_are_usage_errors(snmpd: Snmpd, args: list[str], message: str) -> None:
    args = [arg.replace("{mibs}", require_test_mibs()) for arg in args]
    target = ["-v2c", "-c", snmpd.community, f"{snmpd.host}:{snmpd.port}"]
    ours = run_anysnmp("get", *target, *args)
    assert ours.rc == 1 and message in ours.err and ours.out == ""


def test_set_takes_the_mib_type_and_names(snmpd: Snmpd) -> None:
    target = [
        "-v2c", "-c", snmpd.write_community, *_mib_args(), f"{snmpd.host}:{snmpd.port}"
    ]  # fmt: skip
    contact = "mib-cli@example.net"
    for assignment in (["sysContact.0", "=", contact], ["SNMPv2-MIB::sysLocation.0", "s", "lab"]):
        ours = run_anysnmp("set", *target, *assignment)
        theirs = run_netsnmp_tool("snmpset", *target, *assignment)
        assert ours.rc == theirs.rc == 0, ours.err
        assert ours.out == theirs.out
    assert ours.out == "SNMPv2-MIB::sysLocation.0 = STRING: lab\n"


def test_set_values_with_mibs() -> None:
    client_config.cache_clear()  # the session's: no snmp.conf, no MIBS (tests/hermetic.py)
    mibs = MibContext({"mib_modules": "ALL", "mib_dirs": require_test_mibs()})
    assert mibs.set_value(mibs.oid("ifAdminStatus.1"), "i", "down") == Integer(2)
    assert mibs.set_value(mibs.oid("ifAdminStatus.1"), "=", "testing") == Integer(3)
    assert mibs.set_value(mibs.oid("sysDescr.0"), "=", "x") == OctetString(b"x")
    assert mibs.set_value(mibs.oid("sysObjectID.0"), "o", "ifTable") == ObjectIdentifier(
        "1.3.6.1.2.1.2.2"
    )
    without = MibContext({})
    with pytest.raises(UsageError, match=r'Bad variable type \("="\)'):
        without.set_value("1.3.6.1.2.1.1.4.0", "=", "x")


def test_pysmi_is_imported_only_to_compile(snmpd: Snmpd, tmp_path: Path) -> None:
    """With the cache compiled, a command with MIBs loads them without importing pysmi."""
    env = {**ENV, "XDG_CACHE_HOME": str(tmp_path)}
    mibs = ["-M", require_test_mibs(), "-m", "IF-MIB"]  # a cold compile of a few modules
    args = ["get", "-v2c", "-c", snmpd.community, *mibs, f"{snmpd.host}:{snmpd.port}", "ifType.1"]
    runs = []
    for _ in range(2):
        done = forked_cli.run(
            [sys.executable, "-X", "importtime", *ANYSNMP[1:], *args],
            env=env,
            capture_output=True,
            check=True,
        )
        runs.append(done)
    assert all(b"softwareLoopback(24)" in run.stdout for run in runs)
    assert b" pysmi" in runs[0].stderr  # the first run compiles the MIBs
    assert b" pysmi" not in runs[1].stderr
    assert any((tmp_path / "anysnmp" / "mibs").iterdir())


def test_extended_index_names_of_snmpd_whole_tree(snmpd: Snmpd) -> None:
    # -OX names of every OID snmpd serves (string, IMPLIED, OID, enum and IP indexes) as
    # snmptranslate -OX prints them; names only, so the values that move do not matter.
    command = [require_tool("snmpbulkwalk"), "-v2c", "-c", snmpd.community, "-OnQ"]
    walk = forked_cli.run(
        [*command, snmpd.target, ".1.3"],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    oids = [line.split(" ", 1)[0] for line in walk.stdout.splitlines() if line.startswith(".1.")]
    assert len(oids) > 5000
    printed = ""
    for flags in ("-OX", "-OXs", "-OXf"):
        for start in range(0, len(oids), 2500):
            chunk = oids[start : start + 2500]
            args = [*_mib_args(), flags, *chunk]
            ours = forked_cli.run([*ANYSNMP, "translate", *args], capture_output=True, text=True)
            theirs = forked_cli.run(
                [require_tool("snmptranslate"), *args], capture_output=True, text=True, env=ENV
            )
            assert ours.returncode == 0, ours.stderr
            assert ours.stdout == theirs.stdout
            printed += ours.stdout
    assert "[STRING: " in printed and "][SNMPv2-SMI::" in printed and '["' in printed


@pytest.mark.parametrize("flags", ["", "X", "Xs", "e", "q", "Xqe", "Xb"])
def test_bits_and_extended_indexes_in_snmpd_tables(snmpd: Snmpd, flags: str) -> None:
    # nsModuleModes is a BITS column under an OID index; the VACM and USM tables have
    # string, IMPLIED, enum and binary (engine id) indexes.
    target = ["-v2c", "-c", snmpd.community, *_mib_args(flags), snmpd.target]
    for table in (
        "NET-SNMP-AGENT-MIB::nsModuleTable",
        "SNMP-VIEW-BASED-ACM-MIB::vacmMIBObjects",
        "SNMP-USER-BASED-SM-MIB::usmUserTable",
    ):
        ours = run_anysnmp("bulkwalk", *target, table)
        theirs = run_netsnmp_tool("snmpbulkwalk", *target, table)
        assert (ours.rc, theirs.rc) == (0, 0), ours.err
        assert ours.out == theirs.out and len(theirs.out.splitlines()) > 40
    ours = run_anysnmp("get", *target, "nsModuleModes.0.1.0.0")
    theirs = run_netsnmp_tool("snmpget", *target, "nsModuleModes.0.1.0.0")
    assert ours.out == theirs.out and ("BITS: A0 " in ours.out or "q" in flags)


@pytest.mark.parametrize(
    ("letters", "applied"),
    [
        ("qs", "qs"),
        ("qqs", "s"),  # a toggle given twice is off
        ("ebeb", ""),
        ("xa", "a"),  # the last string form wins
        ("ax", "x"),
        ("sfn", "n"),  # the last OID form wins
        ("Q", "qQ"),  # quick printing with "="
        ("qQ", ""),  # Q toggles q: off again
        ("0TtUvX", "0TtUvX"),
    ],
)
def test_o_letters_apply_in_order_as_net_snmp_applies_them(letters: str, applied: str) -> None:
    assert output_flags(letters) == applied
