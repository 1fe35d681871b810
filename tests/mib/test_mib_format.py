"""Values printed as Net-SNMP prints them: the MibFormatter against snmpbulkwalk, line for line.

snmpd's whole tree is walked once; the snapshot is then served by our own
Agent, so that snmpbulkwalk (with the test MIB set and each -O flag) and the
MibFormatter print the very same values: nothing moves, nothing is masked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from mib_helpers import MIB_TOOL_ENV, require_test_mibs
from peers import Snmpd, require_tool

from anysnmp import Agent, CommandResponder, Mib, MibView, SnmpSession
from anysnmp._mib._format import MibFormatter
from anysnmp._types import TypedValue, typed_value
from anysnmp.lowlevel import Tag

Triple = tuple[str, int, Any]


async def _walk(snmpd: Snmpd) -> list[Triple]:
    async with SnmpSession(snmpd.host, snmpd.port, community=snmpd.community) as session:
        return [
            triple
            async for batch in session.walk_batches("1.3.6", bulk=True, typed=True)
            for triple in batch
            if triple[1] < Tag.NO_SUCH_OBJECT
        ]


@pytest.fixture(scope="module")
def snapshot(snmpd: Snmpd) -> list[Triple]:
    """snmpd's whole tree, as typed (oid, tag, value) triples."""
    triples: list[Triple] = anyio.run(_walk, snmpd)
    assert len(triples) > 1000
    return triples


#: Every -O flag the MibFormatter takes, alone and in the combinations tools use.
FLAG_SETS = ["", "n", "s", "S", "f", "q", "Q", "v", "e", "x", "a", "b", "t", "U"]
FLAG_SETS += ["qs", "Qs", "qv", "nq", "fb", "sx", "ea", "tq", "Uvq", "sbe"]
FLAG_SETS += ["u", "T", "E", "uTx", "EX", "Es", "0", "0q"]


async def _netsnmp_walks(triples: list[Triple]) -> dict[str, str]:
    """snmpbulkwalk's output for each flag set, from our agent serving `triples`."""
    values = {oid: typed_value(tag, value) for oid, tag, value in triples}
    view = MibView({oid: value for oid, value in values.items() if isinstance(value, TypedValue)})
    outputs = {}
    async with Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent:
        host, port = agent.addresses[0]
        for flags in FLAG_SETS:
            args = ["-v2c", "-c", "public", "-Cr50", "-M", require_test_mibs(), "-m", "ALL"]
            args += [f"-O{flags}"] if flags else []
            result = await anyio.run_process(
                [require_tool("snmpbulkwalk"), *args, f"{host}:{port}", ".1.3.6"],
                env=MIB_TOOL_ENV,
            )
            outputs[flags] = result.stdout.decode("utf-8", "replace")
    return outputs


@pytest.fixture(scope="module")
def netsnmp_walks(snapshot: list[Triple]) -> dict[str, str]:
    """snmpbulkwalk of the snapshot with each flag set (one agent serves them all)."""
    outputs: dict[str, str] = anyio.run(_netsnmp_walks, snapshot)
    return outputs


@pytest.mark.parametrize("flags", FLAG_SETS)
def test_snmpd_tree_prints_as_snmpbulkwalk_prints_it(
    mib: Mib, snapshot: list[Triple], netsnmp_walks: dict[str, str], flags: str
) -> None:
    formatter = MibFormatter(mib.tree, flags)
    ours = [formatter.varbind(oid, tag, value) for oid, tag, value in snapshot]
    theirs = netsnmp_walks[flags].split("\n")
    # snmpbulkwalk ends on the agent's endOfMibView, after the snapshot's last varbind.
    assert theirs[-2].endswith(
        "No more variables left in this MIB View (It is past the end of the MIB tree)"
    )
    assert "\n".join(ours).split("\n") == theirs[:-2]
    # What the formatter kept of each node and row (its next walks, any order) prints alike.
    assert [formatter.varbind(oid, tag, value) for oid, tag, value in snapshot] == ours
    backwards = [formatter.varbind(oid, tag, value) for oid, tag, value in reversed(snapshot)]
    assert backwards[::-1] == ours


def _formatted(mib: Mib, oid: str, tag: int, value: Any, flags: str = "") -> str:
    return MibFormatter(mib.tree, flags).varbind(mib.oid(oid), tag, value)


@pytest.mark.parametrize(
    ("oid", "tag", "value", "expected"),
    [
        ("ifType.1", Tag.INTEGER, 24, "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)"),
        ("ifDescr.1", Tag.OCTET_STRING, b"lo", "IF-MIB::ifDescr.1 = STRING: lo"),
        (
            "ifPhysAddress.2",
            Tag.OCTET_STRING,
            bytes.fromhex("001b213a0002"),
            "IF-MIB::ifPhysAddress.2 = STRING: 0:1b:21:3a:0:2",
        ),
        (
            "snmpEngineID.0",
            Tag.OCTET_STRING,
            bytes.fromhex("80001f8880"),
            "SNMP-FRAMEWORK-MIB::snmpEngineID.0 = Hex-STRING: 80 00 1F 88 80 ",
        ),
        (
            "sysUpTime.0",
            Tag.TIMETICKS,
            12345,
            # The issue's SNMPv2-MIB::sysUpTime.0, named as Net-SNMP names it with DISMAN MIBs.
            "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (12345) 0:02:03.45",
        ),
        (
            "sysObjectID.0",
            Tag.OBJECT_IDENTIFIER,
            "1.3.6.1.4.1.8072.3.2.10",
            "SNMPv2-MIB::sysObjectID.0 = OID: NET-SNMP-TC::linux",
        ),
        (
            "ifHCInOctets.1",
            Tag.COUNTER64,
            2**40,
            "IF-MIB::ifHCInOctets.1 = Counter64: 1099511627776",
        ),
        ("ifSpeed.1", Tag.GAUGE32, 10**7, "IF-MIB::ifSpeed.1 = Gauge32: 10000000"),
        (
            "ipAdEntAddr.127.0.0.1",
            Tag.IP_ADDRESS,
            "127.0.0.1",
            "RFC1213-MIB::ipAdEntAddr.127.0.0.1 = IpAddress: 127.0.0.1",
        ),
        (
            "memTotalReal.0",
            Tag.INTEGER,
            2048,
            "UCD-SNMP-MIB::memTotalReal.0 = INTEGER: 2048 kB",
        ),
        (
            "sysDescr.0",
            Tag.INTEGER,
            5,
            "SNMPv2-MIB::sysDescr.0 = Wrong Type (should be OCTET STRING): INTEGER: 5",
        ),
        (
            "ifDescr.1",
            Tag.NO_SUCH_INSTANCE,
            None,
            "IF-MIB::ifDescr.1 = No Such Instance currently exists at this OID",
        ),
    ],
)
def test_values_of_the_issue(mib: Mib, oid: str, tag: int, value: Any, expected: str) -> None:
    assert _formatted(mib, oid, tag, value) == expected


@pytest.mark.parametrize(
    ("oid", "tag", "value", "flags", "expected"),
    [
        (
            "snmpEngineID.0",
            Tag.OCTET_STRING,
            b"\x80\x00\x1f\x88\x80ab\ncd\x01" + bytes(range(65, 75)),
            "T",
            "SNMP-FRAMEWORK-MIB::snmpEngineID.0 = Hex-STRING: "
            "80 00 1F 88 80 61 62 0A 63 64 01 41 42 43 44 45   [.....ab\ncd.ABCDE]\n"
            "46 47 48 49 4A   [FGHIJ]",
        ),
        ("sysDescr.0", Tag.OCTET_STRING, b"x", "u", "system.sysDescr.0 = STRING: x"),
        (
            "ifPhysAddress.2",
            Tag.OCTET_STRING,
            bytes.fromhex("001b213a0002"),
            "0",
            "IF-MIB::ifPhysAddress.2 = STRING: 00:1b:21:3a:00:02",
        ),
        (
            "sysObjectID.0",
            Tag.OBJECT_IDENTIFIER,
            "1.3.6.1.4.1.8072.3.2.10",
            "u",
            "system.sysObjectID.0 = OID: enterprises.netSnmp.netSnmpEnumerations"
            ".netSnmpAgentOIDs.linux",
        ),
        (
            'vacmGroupName.2."comm1"',
            Tag.OCTET_STRING,
            b"g",
            "E",
            'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.2.\\"comm1\\" = STRING: g',
        ),
    ],
)
def test_flags_t_u_e_and_0_print_as_net_snmp(
    mib: Mib, oid: str, tag: int, value: Any, flags: str, expected: str
) -> None:
    assert _formatted(mib, oid, tag, value, flags) == expected


def test_unknown_flags_are_an_error(mib: Mib) -> None:
    with pytest.raises(ValueError, match="unknown -O flags: Z"):
        MibFormatter(mib.tree, "Z")


def test_without_mibs_output_is_numeric() -> None:
    formatter = MibFormatter(None, "")
    assert formatter.varbind("1.3.6.1.2.1.1.1.0", Tag.OCTET_STRING, b"x") == (
        '.1.3.6.1.2.1.1.1.0 = STRING: "x"'
    )
    assert formatter.varbind("1.3.6.1.2.1.1.2.0", Tag.OBJECT_IDENTIFIER, "1.3.6.1") == (
        ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1"
    )


def test_a_formatter_prints_the_modules_loaded_after_it(tmp_path: Path) -> None:
    """What a formatter keeps of names and types is dropped when a module loads on demand."""
    mib = Mib.load(["SNMPv2-MIB"], dirs=require_test_mibs(), cache_dir=tmp_path)
    formatter = mib.formatter()
    cells = [("1.3.6.1.2.1.2.2.1.3.1", Tag.INTEGER, 24), ("1.3.6.1.2.1.2.2.1.3.2", Tag.INTEGER, 6)]
    assert [formatter.varbind(*cell) for cell in cells] == [
        "SNMPv2-SMI::mib-2.2.2.1.3.1 = INTEGER: 24",
        "SNMPv2-SMI::mib-2.2.2.1.3.2 = INTEGER: 6",
    ]
    assert formatter.oid("1.3.6.1.2.1.2.2.1.3") == "SNMPv2-SMI::mib-2.2.2.1.3"
    mib.oid("IF-MIB::ifType")
    assert [formatter.varbind(*cell) for cell in cells] == [
        "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)",
        "IF-MIB::ifType.2 = INTEGER: ethernetCsmacd(6)",
    ]
    assert formatter.oid("1.3.6.1.2.1.2.2.1.3") == "IF-MIB::ifType"
