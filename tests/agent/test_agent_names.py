"""MIB names on the agent side: a MibView built and changed by name, served numerically."""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path
from typing import Any

import anyio
import attrs
import pytest
from agent_helpers import next_notification, receiving, serve
from mib_helpers import MIB_TOOL_ENV, netsnmp_command

from anysnmp import (
    ArgumentTypeError,
    ConfigurationError,
    Counter32,
    Counter64,
    EncodeError,
    Gauge32,
    Integer,
    Mib,
    MibFormatter,
    MibView,
    MibWarning,
    ObjectIdentifier,
    OctetString,
    SnmpError,
    SnmpVersion,
    TimeTicks,
    UnknownNameError,
    send_inform,
    send_trap,
    sync,
)
from anysnmp._codec import PduType, core
from anysnmp._types import TypedValue

#: A device described by name; plain values take their object's MIB type.
BY_NAME: dict[str, TypedValue | int | bytes | str] = {
    "SNMPv2-MIB::sysDescr.0": "anysnmp agent",
    "sysObjectID.0": "NET-SNMP-TC::linux",
    "SNMPv2-MIB::sysUpTime.0": 12345,
    "sysContact.0": "noc",
    "IF-MIB::ifIndex.1": 1,
    "ifDescr.1": "eth0",
    "ifType.1": "ethernetCsmacd",
    "ifSpeed.1": 10**9,
    "ifPhysAddress.1": bytes.fromhex("001b213a0002"),
    "ifAdminStatus.1": "up",
    "ifOperStatus.1": Integer(2),
    "ifInOctets.1": 5,
    "IF-MIB::ifHCInOctets.1": 2**40,
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1"': "ro-group",
    ".iso.org.dod.internet.private.enterprises.99999.1.0": 7,
}

#: The same device, numeric and typed: what the view must hold.
NUMERIC: dict[str, TypedValue] = {
    "1.3.6.1.2.1.1.1.0": OctetString("anysnmp agent"),
    "1.3.6.1.2.1.1.2.0": ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10"),
    "1.3.6.1.2.1.1.3.0": TimeTicks(12345),
    "1.3.6.1.2.1.1.4.0": OctetString("noc"),
    "1.3.6.1.2.1.2.2.1.1.1": Integer(1),
    "1.3.6.1.2.1.2.2.1.2.1": OctetString("eth0"),
    "1.3.6.1.2.1.2.2.1.3.1": Integer(6),
    "1.3.6.1.2.1.2.2.1.5.1": Gauge32(10**9),
    "1.3.6.1.2.1.2.2.1.6.1": OctetString(bytes.fromhex("001b213a0002")),
    "1.3.6.1.2.1.2.2.1.7.1": Integer(1),
    "1.3.6.1.2.1.2.2.1.8.1": Integer(2),
    "1.3.6.1.2.1.2.2.1.10.1": Counter32(5),
    "1.3.6.1.2.1.31.1.1.1.6.1": Counter64(2**40),
    "1.3.6.1.6.3.16.1.2.1.3.3.5.99.111.109.109.49": OctetString("ro-group"),
    "1.3.6.1.4.1.99999.1.0": Integer(7),
}

#: snmpwalk of the served view with the same MIBs: Net-SNMP sees the MIB types.
WALKED = [
    "SNMPv2-MIB::sysDescr.0 = STRING: anysnmp agent",
    "SNMPv2-MIB::sysObjectID.0 = OID: NET-SNMP-TC::linux",
    "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (12345) 0:02:03.45",
    "SNMPv2-MIB::sysContact.0 = STRING: noc",
    "IF-MIB::ifIndex.1 = INTEGER: 1",
    "IF-MIB::ifDescr.1 = STRING: eth0",
    "IF-MIB::ifType.1 = INTEGER: ethernetCsmacd(6)",
    "IF-MIB::ifSpeed.1 = Gauge32: 1000000000",
    "IF-MIB::ifPhysAddress.1 = STRING: 0:1b:21:3a:0:2",
    "IF-MIB::ifAdminStatus.1 = INTEGER: up(1)",
    "IF-MIB::ifOperStatus.1 = INTEGER: down(2)",
    "IF-MIB::ifInOctets.1 = Counter32: 5",
    "IF-MIB::ifHCInOctets.1 = Counter64: 1099511627776",
    "SNMPv2-SMI::enterprises.99999.1.0 = INTEGER: 7",
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1" = STRING: ro-group',
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1" = No more variables left in this MIB View '
    "(It is past the end of the MIB tree)",
]


def test_a_view_by_name_holds_what_the_numeric_view_holds(mib: Mib) -> None:
    """Names resolve when the view is built: its keys and encoded entries are the numeric ones."""
    by_name, numeric = MibView(BY_NAME, mib=mib), MibView(NUMERIC)
    assert by_name.keys == numeric.keys
    assert by_name.entries == numeric.entries
    assert by_name.tags == numeric.tags
    assert by_name["ifType.1"] == Integer(6)
    assert "IF-MIB::ifSpeed.1" in by_name and "ifSpeed.2" not in by_name


def test_updates_and_writable_subtrees_by_name(mib: Mib) -> None:
    view = MibView(NUMERIC, writable=["SNMPv2-MIB::system", "ifAdminStatus"], mib=mib)
    assert view.writable(view.keys[view.oids().index("1.3.6.1.2.1.1.4.0")])
    assert view.writable(view.keys[view.oids().index("1.3.6.1.2.1.2.2.1.7.1")])
    assert not view.writable(view.keys[view.oids().index("1.3.6.1.2.1.2.2.1.2.1")])
    view["ifAdminStatus.1"] = "testing"
    view["sysUpTime.0"] = 7
    view["IF-MIB::ifAlias.1"] = "uplink"
    assert view["1.3.6.1.2.1.2.2.1.7.1"] == Integer(3)
    assert view["1.3.6.1.2.1.1.3.0"] == TimeTicks(7)
    assert view["1.3.6.1.2.1.31.1.1.1.18.1"] == OctetString("uplink")
    assert len(view) == len(NUMERIC) + 1


def test_from_snmprec_takes_writable_names(mib: Mib, tmp_path: Path) -> None:
    path = tmp_path / "device.snmprec"
    path.write_text("1.3.6.1.2.1.1.4.0|4|noc\n1.3.6.1.2.1.1.5.0|4|sw1\n")
    view = MibView.from_snmprec(path, writable=["sysContact"], mib=mib)
    assert [view.writable(key) for key in view.keys] == [True, False]
    assert view["SNMPv2-MIB::sysName.0"] == OctetString("sw1")


@pytest.mark.parametrize(
    ("values", "writable", "error", "message"),
    [
        ({"IF-MIB::ifNoSuchColumn.1": 1}, (), UnknownNameError, "ifNoSuchColumn"),
        ({"NO-SUCH-MIB::sysName.0": 1}, (), UnknownNameError, "NO-SUCH-MIB"),
        ({"sysName.0": "x"}, ["noSuchSubtree"], UnknownNameError, "noSuchSubtree"),
        ({"ifAdminStatus.1": "sideways"}, (), ConfigurationError, "'sideways' is not a label"),
        ({"ifSpeed.1": -1}, (), ConfigurationError, "is no Gauge32"),
        ({"ifDescr.1": 5}, (), ConfigurationError, "is no OCTET STRING"),
        (  # the value cut short in the message
            {"ifDescr.1": "x" * 70000},
            (),
            ConfigurationError,
            r"^ifDescr.1: 'x{12}\.\.\.x{13}' is no OCTET STRING \(IF-MIB::ifDescr\): "
            "OctetString of 70000 octets: at most 65535$",
        ),
        ({"sysObjectID.0": "NET-SNMP-TC::noSuchThing"}, (), UnknownNameError, "noSuchThing"),
        # A lone surrogate: Python's UnicodeEncodeError (by the hint or not, no MIB).
        ({"sysContact.0": "\ud800"}, (), ConfigurationError, "is no OCTET STRING"),
        ({"ifPhysAddress.1": "0:\udcff"}, (), ConfigurationError, "surrogates not allowed"),
        (
            {"1.3.6.1.4.1.99999.1": "a\ud800"},
            (),
            EncodeError,
            r"^OctetString: 'a\\ud800' is no UTF",
        ),
        ({"sysUpTime.0": True}, (), TypeError, "bool is ambiguous"),
        (
            {"sysName.0": OctetString("a"), "SNMPv2-MIB::sysName.0": OctetString("b")},
            (),
            ConfigurationError,
            "duplicate OID 1.3.6.1.2.1.1.5.0",
        ),
    ],
)
def test_bad_names_and_values_fail_when_the_view_is_built(
    mib: Mib,
    values: dict[str, TypedValue | int | str],
    writable: list[str],
    error: type[Exception],
    message: str,
) -> None:
    with warnings.catch_warnings(), pytest.raises(error, match=message) as caught:
        warnings.simplefilter("ignore", MibWarning)  # NO-SUCH-MIB: as Net-SNMP, Cannot find...
        MibView(values, writable=writable, mib=mib)
    assert isinstance(caught.value, SnmpError) or error is TypeError


def test_names_without_mibs_are_malformed_oids(mib: Mib) -> None:
    with pytest.raises(EncodeError, match="is a MIB name, not a numeric OID: names need MIBs"):
        MibView({"sysName.0": "x"})
    view = MibView(NUMERIC, mib=mib)
    with pytest.raises(UnknownNameError):
        view["ifNoSuchColumn.1"] = 1
    with pytest.raises(UnknownNameError):
        _ = view["ifNoSuchColumn.1"]


@pytest.mark.anyio
async def test_a_view_by_name_walks_in_netsnmp_with_its_mib_types(mib: Mib) -> None:
    """Net-SNMP's snmpwalk, with the same MIBs, sees each value with its object's type."""
    view = MibView(
        {**BY_NAME, "ifLastChange.1": lambda: TimeTicks(100)}, writable=["system"], mib=mib
    )
    async with serve(view, communities={"public": "rw"}) as (target, _):
        walk = netsnmp_command("snmpwalk", "-v2c", "-c", "public", target, ".1.3.6")
        with anyio.fail_after(60):
            done = await anyio.run_process(walk, env=MIB_TOOL_ENV, check=False)
        assert done.returncode == 0, done.stderr.decode()
        change = netsnmp_command(
            "snmpset", "-v2c", "-c", "public", target, "sysContact.0", "=", "x"
        )
        with anyio.fail_after(60):
            changed = await anyio.run_process(change, env=MIB_TOOL_ENV, check=False)
    lines = done.stdout.decode().splitlines()
    assert lines == [
        *WALKED[:11],
        "IF-MIB::ifLastChange.1 = Timeticks: (100) 0:00:01.00",
        *WALKED[11:],
    ]
    assert changed.stdout.decode() == "SNMPv2-MIB::sysContact.0 = STRING: x\n"
    assert view["sysContact.0"] == OctetString("x")


#: Getters returning plain values: each is typed as the same static value would be, at
#: each GET; a typed value is served as it is (a wrong type included).
GETTERS: dict[str, Any] = {
    "sysDescr.0": lambda: b"edge router",  # DisplayString
    "sysObjectID.0": lambda: "NET-SNMP-TC::linux",  # an OID by name
    "sysUpTime.0": lambda: 12345,  # TimeTicks
    "sysContact.0": lambda: Integer(3),  # typed: as it is
    "ifSpeed.1": lambda: 10**9,  # Gauge32
    "ifAdminStatus.1": lambda: "down",  # a label: INTEGER 2
    "ifInOctets.1": lambda: Counter32(5),
}
GOT = [
    "SNMPv2-MIB::sysDescr.0 = STRING: edge router",
    "SNMPv2-MIB::sysObjectID.0 = OID: NET-SNMP-TC::linux",
    "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (12345) 0:02:03.45",
    "SNMPv2-MIB::sysContact.0 = Wrong Type (should be OCTET STRING): INTEGER: 3",
    "IF-MIB::ifSpeed.1 = Gauge32: 1000000000",
    "IF-MIB::ifAdminStatus.1 = INTEGER: down(2)",
    "IF-MIB::ifInOctets.1 = Counter32: 5",
]


async def snmpget(target: str, *names: str) -> tuple[int, str, str]:
    """Net-SNMP's snmpget (v2c, the test MIB set) of `names`: (status, stdout, stderr: the
    set's MIB warnings first)."""
    command = netsnmp_command("snmpget", "-v2c", "-c", "public", target, *names)
    with anyio.fail_after(60):
        done = await anyio.run_process(command, env=MIB_TOOL_ENV, check=False)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.anyio
async def test_getters_plain_results_take_their_objects_mib_types(mib: Mib) -> None:
    view = MibView(GETTERS, mib=mib)
    async with serve(view) as (target, _):
        status, out, _ = await snmpget(target, *GETTERS)
    assert (status, out.splitlines()) == (0, GOT)
    assert view["sysUpTime.0"] == TimeTicks(12345)
    assert view["ifAdminStatus.1"] == Integer(2)
    view["sysUpTime.0"] = lambda: 7  # a getter given later: the same
    assert view["sysUpTime.0"] == TimeTicks(7)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("name", "result", "message"),
    [
        ("ifSpeed.1", -1, "the getter of ifSpeed.1: -1 is no Gauge32 (IF-MIB::ifSpeed)"),
        (
            "ifAdminStatus.1",
            "sideways",
            "the getter of ifAdminStatus.1: 'sideways' is not a label of IF-MIB::ifAdminStatus",
        ),
        ("sysUpTime.0", "soon", "the getter of sysUpTime.0: 'soon' is no TimeTicks"),
        ("sysDescr.0", 7, "the getter of sysDescr.0: 7 is no OCTET STRING"),
    ],
)
async def test_a_getters_result_its_type_cannot_take_is_gen_err(
    mib: Mib, caplog: pytest.LogCaptureFixture, name: str, result: Any, message: str
) -> None:
    """As a getter that raises: genErr for its varbind, one error logged naming its OID."""
    view = MibView({"sysName.0": "sw1", name: lambda: result}, mib=mib)
    oid = mib.oid(name)
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with serve(view) as (target, _):
            status, out, err = await snmpget(target, "sysName.0", name)
    # snmpget says the failed object, and gets the others again without it.
    assert (status, out) == (2, "SNMPv2-MIB::sysName.0 = STRING: sw1\n")
    assert err.endswith(
        "Error in packet\nReason: (genError) A general failure occured\n"
        f"Failed object: {GOT_NAMES[name]}\n\n"
    )
    assert [r.getMessage() for r in caplog.records] == [f"getter of {oid} failed"]
    assert message in caplog.text
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        _ = view[name]


#: How snmpget names the objects of `test_a_getters_result_its_type_cannot_take_is_gen_err`.
GOT_NAMES = {
    "ifSpeed.1": "IF-MIB::ifSpeed.1",
    "ifAdminStatus.1": "IF-MIB::ifAdminStatus.1",
    "sysUpTime.0": "DISMAN-EXPRESSION-MIB::sysUpTimeInstance",
    "sysDescr.0": "SNMPv2-MIB::sysDescr.0",
}


LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
#: A linkDown trap's varbinds: IF-MIB's, and one under enterprises that no module names.
TRAP_VARBINDS: list[tuple[str, TypedValue | int | bytes | str]] = [
    ("1.3.6.1.2.1.2.2.1.1.1", Integer(1)),
    ("1.3.6.1.2.1.2.2.1.7.1", Integer(2)),
    ("1.3.6.1.2.1.2.2.1.6.1", OctetString(bytes.fromhex("001b213a0002"))),
    ("1.3.6.1.2.1.1.2.0", ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")),
    ("1.3.6.1.6.3.16.1.2.1.3.3.5.99.111.109.109.49", OctetString("ro group")),
    ("1.3.6.1.4.1.99999.1.3", Integer(5)),
]
NAMED_LINES = [
    "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (31337) 0:05:13.37",
    "SNMPv2-MIB::snmpTrapOID.0 = OID: IF-MIB::linkDown",
    "IF-MIB::ifIndex.1 = INTEGER: 1",
    "IF-MIB::ifAdminStatus.1 = INTEGER: down(2)",
    "IF-MIB::ifPhysAddress.1 = STRING: 0:1b:21:3a:0:2",
    "SNMPv2-MIB::sysObjectID.0 = OID: NET-SNMP-TC::linux",
    'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1" = STRING: ro group',
    "SNMPv2-SMI::enterprises.99999.1.3 = INTEGER: 5",
]


@pytest.mark.anyio
async def test_notifications_print_with_the_receivers_mibs(mib: Mib) -> None:
    """NotificationReceiver(mib=): lines() has names; a formatter given wins; v1 converted."""
    async with receiving(mib=mib) as (target, receiver):
        host, port = target.split(":")
        for version in (SnmpVersion.v2c, SnmpVersion.v1):
            await send_trap(
                host,
                int(port),
                trap_oid=LINK_DOWN,
                varbinds=TRAP_VARBINDS,
                uptime=31337,
                version=version,
                agent_addr="10.0.0.1",
            )
        v2c, v1 = await next_notification(receiver), await next_notification(receiver)
    assert v2c.lines() == NAMED_LINES
    assert v1.lines() == [
        *NAMED_LINES,
        "SNMP-COMMUNITY-MIB::snmpTrapAddress.0 = IpAddress: 10.0.0.1",
        'SNMP-COMMUNITY-MIB::snmpTrapCommunity.0 = STRING: "public"',
        "SNMPv2-MIB::snmpTrapEnterprise.0 = OID: SNMPv2-MIB::snmpTraps",
    ]
    assert v2c.lines(mib.formatter("sq"))[1:4] == [
        "snmpTrapOID.0 linkDown",
        "ifIndex.1 1",
        "ifAdminStatus.1 down",
    ]
    assert v2c.lines(MibFormatter())[1] == ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.6.3.1.1.5.3"
    for wrong in (mib, "s"):  # Python's AttributeError ('varbind') before
        with pytest.raises(ArgumentTypeError, match=r"takes a MibFormatter: lines\(mib.formatter"):
            v2c.lines(wrong)  # type: ignore[arg-type]
    # The formatter is how it prints, not what it is.
    assert v2c == attrs.evolve(v2c, formatter=None)


@pytest.mark.anyio
async def test_notifications_without_mibs_print_numerically() -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        await send_trap(host, int(port), trap_oid=LINK_DOWN, varbinds=TRAP_VARBINDS, uptime=5)
        notification = await next_notification(receiver)
    assert notification.lines()[:3] == [
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (5) 0:00:00.05",
        ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.6.3.1.1.5.3",
        ".1.3.6.1.2.1.2.2.1.1.1 = INTEGER: 1",
    ]
    assert notification.varbind_triples()[:2] == [
        ("1.3.6.1.2.1.1.3.0", 0x43, 5),
        ("1.3.6.1.6.3.1.1.4.1.0", 0x06, LINK_DOWN),
    ]


@pytest.mark.anyio
async def test_exception_values_and_unknown_oids_print_as_netsnmp_prints_them(mib: Mib) -> None:
    """A trap carrying noSuchObject, an OID no module names, and an unknown trap OID."""
    message = core.encode_message(
        1,
        b"public",
        PduType.TRAP_V2,
        7,
        0,
        0,
        [
            ("1.3.6.1.2.1.1.3.0", 0x43, 9),
            ("1.3.6.1.6.3.1.1.4.1.0", 0x06, "1.3.6.1.4.1.99999.0.1"),
            ("1.3.6.1.2.1.2.2.1.2.1", 0x80, None),
            ("1.3.6.1.4.1.99999.7.1", 0x04, b"\x00\xff"),
            ("1.3.99.1", 0x41, 3),
        ],
    )
    async with receiving(mib=mib) as (target, receiver):
        host, port = target.split(":")
        async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
            await sock.sendto(message, host, int(port))
            notification = await next_notification(receiver)
    assert notification.lines() == [
        "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (9) 0:00:00.09",
        "SNMPv2-MIB::snmpTrapOID.0 = OID: SNMPv2-SMI::enterprises.99999.0.1",
        "IF-MIB::ifDescr.1 = No Such Object available on this agent at this OID",
        "SNMPv2-SMI::enterprises.99999.7.1 = Hex-STRING: 00 FF ",
        "SNMPv2-SMI::org.99.1 = Counter32: 3",
    ]


#: A linkDown by name: plain values take their objects' MIB types.
NAMED_VARBINDS: list[tuple[str, TypedValue | int | bytes | str]] = [
    ("IF-MIB::ifIndex.1", 1),
    ("ifAdminStatus.1", "down"),
    ("ifPhysAddress.1", bytes.fromhex("001b213a0002")),
    ("sysObjectID.0", "NET-SNMP-TC::linux"),
    ('SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1"', "ro group"),
    (".1.3.6.1.4.1.99999.1.3", Integer(5)),
]


@pytest.mark.anyio
async def test_send_trap_and_inform_take_names(mib: Mib) -> None:
    """send_trap/send_inform (async and blocking) with mib=: what the numeric ones send."""
    async with receiving(mib=mib) as (target, receiver):
        host, port = target.split(":")
        named: dict[str, Any] = {"trap_oid": "linkDown", "varbinds": NAMED_VARBINDS, "mib": mib}
        await send_trap(host, int(port), uptime=31337, **named)
        await send_trap(host, int(port), uptime=31337, version=SnmpVersion.v1, **named)
        await send_inform(host, int(port), uptime=31337, **named)
        await anyio.to_thread.run_sync(
            lambda: sync.send_trap(host, int(port), uptime=31337, **named)
        )
        await anyio.to_thread.run_sync(
            lambda: sync.send_inform(host, int(port), uptime=31337, **named)
        )
        received = [await next_notification(receiver) for _ in range(5)]
    v2c, v1, inform, sync_trap, sync_inform = received
    for notification in (v2c, inform, sync_trap, sync_inform):
        assert notification.lines() == NAMED_LINES
        assert notification.varbinds == v2c.varbinds
    assert inform.inform and sync_inform.inform
    assert v1.lines()[: len(NAMED_LINES)] == NAMED_LINES


@pytest.mark.anyio
async def test_send_trap_with_an_unknown_name_sends_nothing(mib: Mib) -> None:
    async with receiving(mib=mib) as (target, receiver):
        host, port = target.split(":")
        for trap_oid, varbinds in (
            ("IF-MIB::noSuchTrap", []),
            ("linkDown", [("ifNoSuchColumn.1", 1)]),
            ("linkDown", [("ifAdminStatus.1", "sideways")]),
        ):
            for sender in (send_trap, send_inform):
                with pytest.raises((UnknownNameError, ConfigurationError)):
                    await sender(host, int(port), trap_oid=trap_oid, varbinds=varbinds, mib=mib)
            with pytest.raises((UnknownNameError, ConfigurationError)):
                sync.send_trap(host, int(port), trap_oid=trap_oid, varbinds=varbinds, mib=mib)
        with pytest.raises(EncodeError):  # a name without mib= is no OID
            await send_trap(host, int(port), trap_oid="IF-MIB::linkDown")
        await send_trap(host, int(port), trap_oid=LINK_DOWN, uptime=1)
        assert (await next_notification(receiver)).uptime == 1  # the first to arrive
