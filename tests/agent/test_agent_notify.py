"""Traps and informs: Net-SNMP's snmptrap/snmpinform into our receiver, ours into snmptrapd."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import anyio
import pytest
from agent_helpers import ENV, next_notification, quick_get, receiving, run
from malformed_values import BASE, PRINTED, REJECTED, v1_trap, v2c_notification
from peers import Trapd, snmptrapd
from scripted import Request as ScriptedRequest
from scripted import ScriptedAgent, scripted_agent

from anysnmp._agent import Agent, Request
from anysnmp._codec import core
from anysnmp._errors import ArgumentTypeError, ConfigurationError, ErrorStatus
from anysnmp._errors import TimeoutError as SnmpTimeoutError
from anysnmp._mibview import MibView
from anysnmp._notify import NotificationReceiver, send_inform, send_trap
from anysnmp._responder import CommandResponder
from anysnmp._sync_notify import send_trap as sync_send_trap
from anysnmp._types import (
    Counter64,
    Integer,
    IpAddress,
    ObjectIdentifier,
    OctetString,
    SnmpVersion,
    Tag,
    TimeTicks,
)
from anysnmp.lowlevel import PduType, ReceivedValue

pytestmark = pytest.mark.anyio

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
SYS_NAME = "1.3.6.1.2.1.1.5.0"


@pytest.fixture
def trapd(tmp_path: Path) -> Iterator[Trapd]:
    """Net-SNMP's snmptrapd accepting community public."""
    config = (
        "authCommunity log,net public\nformat1 V1 %N|%w|%q|%A|%T|%V~%v\\n\nformat2 V2 %V~%v\\n\n"
    )
    with snmptrapd(tmp_path, config) as running:
        yield running


# --- Net-SNMP's tools into our receiver ---------------------------------------


async def test_snmptrap_v2c_into_receiver() -> None:
    async with receiving() as (target, receiver):
        await run(
            "snmptrap",
            "-v2c",
            "-c",
            "public",
            target,
            "4242",
            LINK_DOWN,
            "1.3.6.1.2.1.2.2.1.1.3",
            "i",
            "3",
            "1.3.6.1.2.1.2.2.1.2.3",
            "s",
            "eth 0",
            "1.3.6.1.2.1.31.1.1.1.6.3",
            "C",
            "18446744073709551615",
        )
        n = await next_notification(receiver)
    assert (n.version, n.community, n.user, n.trap_oid, n.uptime, n.inform) == (
        SnmpVersion.v2c,
        "public",
        None,
        LINK_DOWN,
        4242,
        False,
    )
    assert n.varbinds == (
        ("1.3.6.1.2.1.2.2.1.1.3", Integer(3)),
        ("1.3.6.1.2.1.2.2.1.2.3", OctetString("eth 0")),
        ("1.3.6.1.2.1.31.1.1.1.6.3", Counter64(2**64 - 1)),
    )
    assert n.source[0] == "127.0.0.1" and n.local[1] == int(target.rsplit(":", 1)[1])


@pytest.mark.parametrize(
    ("generic", "specific", "trap_oid"),
    [
        ("6", "17", "1.3.6.1.4.1.8072.4.0.17"),
        ("0", "0", "1.3.6.1.6.3.1.1.5.1"),
        ("2", "0", LINK_DOWN),
    ],
)
async def test_snmptrap_v1_is_converted_per_rfc3584(
    generic: str, specific: str, trap_oid: str
) -> None:
    async with receiving(communities=["traps"]) as (target, receiver):
        await run(
            "snmptrap",
            "-v1",
            "-c",
            "traps",
            target,
            "1.3.6.1.4.1.8072.4",
            "192.0.2.7",
            generic,
            specific,
            "777",
            "1.3.6.1.2.1.1.5.0",
            "s",
            "sw1",
        )
        n = await next_notification(receiver)
    assert (n.version, n.community, n.trap_oid, n.uptime) == (
        SnmpVersion.v1,
        "traps",
        trap_oid,
        777,
    )
    assert (n.enterprise, n.agent_addr, n.generic_trap, n.specific_trap) == (
        "1.3.6.1.4.1.8072.4",
        "192.0.2.7",
        int(generic),
        int(specific),
    )
    assert n.varbinds == (
        ("1.3.6.1.2.1.1.5.0", OctetString("sw1")),
        ("1.3.6.1.6.3.18.1.3.0", IpAddress("192.0.2.7")),
        ("1.3.6.1.6.3.18.1.4.0", OctetString("traps")),
        ("1.3.6.1.6.3.1.1.4.3.0", ObjectIdentifier("1.3.6.1.4.1.8072.4")),
    )


async def test_snmpinform_is_acknowledged() -> None:
    async with receiving() as (target, receiver):
        await run(
            "snmpinform",
            "-v2c",
            "-c",
            "public",
            "-t",
            "2",
            "-r",
            "0",
            target,
            "99",
            "1.3.6.1.6.3.1.1.5.1",
            "1.3.6.1.2.1.1.5.0",
            "s",
            "up",
        )
        n = await next_notification(receiver)
    assert n.inform and n.trap_oid == "1.3.6.1.6.3.1.1.5.1" and n.uptime == 99
    assert n.varbinds == (("1.3.6.1.2.1.1.5.0", OctetString("up")),)


async def test_wrong_community_is_dropped_and_inform_not_acknowledged() -> None:
    async with receiving() as (target, receiver):
        await run("snmptrap", "-v2c", "-c", "nope", target, "1", LINK_DOWN)
        rc, _, err = await run(
            "snmpinform",
            "-v2c",
            "-c",
            "nope",
            "-t",
            "0.3",
            "-r",
            "0",
            target,
            "1",
            LINK_DOWN,
            check=False,
        )
        await run("snmptrap", "-v2c", "-c", "public", target, "2", LINK_DOWN)
        n = await next_notification(receiver)
    assert rc != 0 and "Timeout" in err
    assert n.uptime == 2 and receiver.stats.bad_community == 2


async def test_communities_none_accepts_any_community() -> None:
    """communities=None: snmptrapd's disableAuthorization (any community; informs acked)."""
    async with receiving(communities=None) as (target, receiver):
        await run("snmpinform", "-v2c", "-c", "anything", "-t", "0.3", target, "3", LINK_DOWN)
        n = await next_notification(receiver)
    assert (n.community, n.uptime, n.inform, receiver.stats.bad_community) == (
        "anything",
        3,
        True,
        0,
    )


@pytest.mark.parametrize(("bound", "sent_to"), [("0.0.0.0", "127.0.0.1"), ("::", "::1")])
async def test_a_receiver_on_a_wildcard_address_says_where_each_datagram_was_sent(
    bound: str, sent_to: str
) -> None:
    """Notification.local: the datagram's destination (IP_PKTINFO), as snmptrapd's %b; an
    agent's CommandResponder on the same kind of socket still answers."""
    receiver = NotificationReceiver(["public"])
    async with Agent([(bound, 0)], receiver) as agent:
        port = agent.endpoints[0].port
        await send_trap(sent_to, port, trap_oid=LINK_DOWN, uptime=5)
        n = await next_notification(receiver)
    assert n.local == (sent_to, port) and n.uptime == 5
    async with Agent([(bound, 0)], CommandResponder(MibView({SYS_NAME: "x"}))) as agent:
        port = agent.endpoints[0].port
        target = f"udp6:[{sent_to}]:{port}" if ":" in sent_to else f"udp:{sent_to}:{port}"
        _, out, _ = await run("snmpget", "-v2c", "-c", "public", "-On", target, SYS_NAME)
    assert out == '.1.3.6.1.2.1.1.5.0 = STRING: "x"\n'


async def test_full_buffer_drops_and_counts_and_close_ends_the_stream() -> None:
    async with receiving(buffer_size=1) as (target, receiver):
        await run("snmptrap", "-v2c", "-c", "public", target, "1", LINK_DOWN)
        await run("snmptrap", "-v2c", "-c", "public", target, "2", LINK_DOWN)
        rc, _, _ = await run(
            "snmpinform",
            "-v2c",
            "-c",
            "public",
            "-t",
            "0.3",
            "-r",
            "0",
            target,
            "3",
            LINK_DOWN,
            check=False,
        )
        receiver.close()
        received = [n.uptime async for n in receiver.notifications]
    assert received == [1] and rc != 0
    assert receiver.stats.dropped == 2


async def test_malformed_and_non_notification_pdus_are_counted() -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        await quick_get(target, "public")
        async with await anyio.create_connected_udp_socket(host, int(port)) as raw:
            await raw.send(b"\x30\x03\x02\x01")
        await run("snmptrap", "-v2c", "-c", "public", target, "5", LINK_DOWN)
        n = await next_notification(receiver)
    assert n.uptime == 5
    assert (receiver.stats.ignored, receiver.stats.malformed) == (1, 1)


def test_values_net_snmp_reads_are_received_those_it_drops_are_counted_malformed() -> None:
    """The values snmpget prints (tests/malformed_values.py) arrive; a notification of a
    value Net-SNMP drops a response for is malformed. RFC 1442's types, an INTEGER past
    Integer32 and the empty OID have no typed value: `ReceivedValue`. snmptrapd does the
    same: tests/cli/test_cli_malformed_values.py."""
    receiver = NotificationReceiver()

    def answer(message: bytes) -> bytes | None:
        return receiver.answer(
            Request(message, ("127.0.0.1", 9), ("127.0.0.1", 162), cast(Any, None))
        )

    for value in REJECTED:
        assert answer(v1_trap([value])) is None and answer(v2c_notification([value])) is None
    assert receiver.stats.malformed == 2 * len(REJECTED)
    inform = v2c_notification(PRINTED, inform=True)
    # The acknowledgement carries the varbinds as they came.
    assert answer(inform) == inform.replace(bytes([PduType.INFORM]), bytes([PduType.RESPONSE]), 1)
    n = receiver.notifications.receive_nowait()
    assert receiver.stats.malformed == 2 * len(REJECTED)
    values = [cast(ReceivedValue, value) for _, value in n.varbinds]  # all have a tag
    assert [(value.tag, value.value) for value in values] == list(PRINTED.values())
    assert [type(value) for _, value in n.varbinds][4:9] == [
        TimeTicks,
        *[ReceivedValue] * 2,
        Integer,
        ReceivedValue,
    ]
    assert n.varbinds[-3:] == tuple(
        (f"{BASE}.{i}.0", ReceivedValue(Tag.BIT_STRING, value))
        for i, (_, value) in enumerate(list(PRINTED.values())[-3:], len(PRINTED) - 2)
    )


# --- our senders into Net-SNMP's snmptrapd ------------------------------------------


async def test_send_trap_v2c_into_snmptrapd(trapd: Trapd) -> None:
    await send_trap(
        "127.0.0.1",
        trapd.port,
        trap_oid=LINK_DOWN,
        uptime=31337,
        varbinds=[
            ("1.3.6.1.2.1.2.2.1.1.7", Integer(7)),
            ("1.3.6.1.2.1.2.2.1.2.7", "ge-0/0/7"),
        ],
    )
    (line,) = await trapd.lines("(31337)")
    assert line.split("~") == [
        "V2 .1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        ".1.3.6.1.2.1.2.2.1.1.7 = INTEGER: 7",
        '.1.3.6.1.2.1.2.2.1.2.7 = STRING: "ge-0/0/7"',
    ]


@pytest.mark.parametrize(
    ("trap_oid", "uptime", "expected"),
    [
        ("1.3.6.1.4.1.8072.4.0.42", 5551, "V1 .1.3.6.1.4.1.8072.4|6|.42|192.0.2.9|5551|"),
        (LINK_DOWN, 5552, "V1 .1.3.6.1.6.3.1.1.5|2|0|192.0.2.9|5552|"),
    ],
)
async def test_send_trap_v1_into_snmptrapd(
    trapd: Trapd, trap_oid: str, uptime: int, expected: str
) -> None:
    await send_trap(
        "127.0.0.1",
        trapd.port,
        trap_oid=trap_oid,
        version=SnmpVersion.v1,
        uptime=uptime,
        agent_addr="192.0.2.9",
        community="public",
        varbinds=[("1.3.6.1.2.1.1.5.0", "sw9")],
    )
    (line,) = await trapd.lines(f"|{uptime}|")
    assert line == expected + '.1.3.6.1.2.1.1.5.0 = STRING: "sw9"'


async def test_send_inform_into_snmptrapd_is_acknowledged(trapd: Trapd) -> None:
    await send_inform(
        "127.0.0.1", trapd.port, trap_oid="1.3.6.1.6.3.1.1.5.1", uptime=27182, timeout=5
    )
    (line,) = await trapd.lines("(27182)")
    assert line.startswith("V2 .1.3.6.1.2.1.1.3.0 = Timeticks: (27182)")


async def test_send_inform_times_out_after_retries() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.setblocking(False)
        with pytest.raises(SnmpTimeoutError):
            await send_inform(
                "127.0.0.1", silent.getsockname()[1], trap_oid=LINK_DOWN, timeout=0.1, retries=2
            )
        datagrams = 0
        while True:
            try:
                silent.recv(65536)
            except BlockingIOError:
                break
            datagrams += 1
    assert datagrams == 3


async def test_send_trap_v1_into_our_receiver_round_trips() -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        await send_trap(
            host,
            int(port),
            trap_oid="1.3.6.1.4.1.9.9.41.2.0.1",
            version=SnmpVersion.v1,
            uptime=12,
            agent_addr="10.1.2.3",
        )
        await send_trap(
            host,
            int(port),
            trap_oid="1.3.6.1.6.3.1.1.5.5",
            version=SnmpVersion.v1,
            uptime=13,
            varbinds=[("1.3.6.1.6.3.1.1.4.3.0", ObjectIdentifier("1.3.6.1.4.1.9"))],
        )
        specific, generic = await next_notification(receiver), await next_notification(receiver)
    assert (
        specific.trap_oid,
        specific.enterprise,
        specific.generic_trap,
        specific.specific_trap,
    ) == ("1.3.6.1.4.1.9.9.41.2.0.1", "1.3.6.1.4.1.9.9.41.2", 6, 1)
    assert (generic.trap_oid, generic.enterprise, generic.generic_trap) == (
        "1.3.6.1.6.3.1.1.5.5",
        "1.3.6.1.4.1.9",
        4,
    )


@pytest.mark.parametrize(("generic", "specific"), [(0, 17), (6, 17), (7, 2), (-1, -1)])
async def test_send_trap_v1_fields_go_as_snmptrap_sends_them(generic: int, specific: int) -> None:
    """enterprise, generic_trap and specific_trap in place of a trap OID: sent as given, as
    snmptrap -v1 sends its numbers (a generic trap with a specific one, any of 32 bits)."""
    enterprise, uptime, name = "1.3.6.1.4.1.9999", 55, "1.3.6.1.2.1.1.5.0"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        await send_trap(
            "127.0.0.1",
            port,
            enterprise=enterprise,
            generic_trap=generic,
            specific_trap=specific,
            uptime=uptime,
            agent_addr="10.0.0.1",
            varbinds=[(name, "sw1")],
        )  # version: v1, what these fields are
        sync_send_trap(
            "127.0.0.1",
            port,
            version=SnmpVersion.v1,
            enterprise=enterprise,
            generic_trap=generic,
            specific_trap=specific,
            uptime=uptime,
            agent_addr="10.0.0.1",
            varbinds=[(name, "sw1")],
        )
        args = [enterprise, "10.0.0.1", str(generic), str(specific), str(uptime), name, "s", "sw1"]
        await run("snmptrap", "-v1", "-c", "public", f"127.0.0.1:{port}", *args)
        ours, blocking, theirs = sock.recv(65536), sock.recv(65536), sock.recv(65536)
    assert ours == blocking == theirs


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "a trap needs trap_oid"),
        ({"trap_oid": LINK_DOWN, "generic_trap": 0}, "not both"),
        ({"enterprise": "1.3.6.1.4.1.9", "generic_trap": 6}, "all given"),
        (
            {
                "version": SnmpVersion.v2c,
                "enterprise": "1.3.6.1.4.1.9",
                "generic_trap": 6,
                "specific_trap": 1,
            },
            "an SNMPv1 Trap-PDU's",
        ),
        (
            {"enterprise": "1.3.6.1.4.1.9", "generic_trap": 2**31, "specific_trap": 1},
            "generic_trap must be at most 2147483647",
        ),
        (
            {"enterprise": "1.3.6.1.4.1.9", "generic_trap": 6, "specific_trap": "1"},
            "specific_trap must be an int",
        ),
        (
            {"enterprise": "IF-MIB::ifTable", "generic_trap": 6, "specific_trap": 1},
            "is a MIB name",
        ),
    ],
)
async def test_send_trap_v1_fields_are_checked(arguments: dict[str, Any], message: str) -> None:
    from anysnmp._errors import EncodeError

    with pytest.raises((ConfigurationError, EncodeError), match=message):
        await send_trap("127.0.0.1", 9, **arguments)


async def test_send_trap_v1_refuses_counter64() -> None:
    from anysnmp._errors import EncodeError

    with pytest.raises(EncodeError):
        await send_trap(
            "127.0.0.1",
            9,
            trap_oid=LINK_DOWN,
            version=SnmpVersion.v1,
            varbinds=[("1.3.6.1.2.1.31.1.1.1.6.1", Counter64(1))],
        )


def test_environment_has_no_mibs() -> None:
    assert ENV["MIBS"] == "" and os.environ.get("MIBS") != "x"


@pytest.mark.parametrize("max_size", [None, 484])
def test_v2c_inform_acknowledgement_fits_what_the_transport_carries(max_size: int | None) -> None:
    """An acknowledgement over the transport's limit is tooBig with no varbinds, as for v3."""
    receiver = NotificationReceiver()
    varbinds = [
        ("1.3.6.1.2.1.1.3.0", int(Tag.TIMETICKS), 5),
        ("1.3.6.1.6.3.1.1.4.1.0", int(Tag.OBJECT_IDENTIFIER), "1.3.6.1.6.3.1.1.5.1"),
        ("1.3.6.1.4.1.8072.9999.1", int(Tag.OCTET_STRING), b"x" * 2000),
    ]
    inform = core.encode_message(1, b"public", PduType.INFORM, 7, 0, 0, varbinds)
    request = Request(
        inform, ("127.0.0.1", 9), ("127.0.0.1", 162), cast(Any, None), max_size=max_size
    )
    ack = receiver.answer(request)
    assert ack is not None
    _, _, pdu_type, fields, answered = core.decode_message(ack)
    assert pdu_type == PduType.RESPONSE and fields[0] == 7
    if max_size is None:
        assert (fields[1], [oid for oid, *_ in answered]) == (0, [oid for oid, *_ in varbinds])
    else:
        assert len(ack) <= max_size and (fields[1], answered) == (int(ErrorStatus.TOO_BIG), [])


async def test_an_snmpv1_inform_is_refused() -> None:
    """Informs are v2c or v3 (RFC 3416): a v1 one is a ConfigurationError, not a v2c message."""
    from anysnmp._errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="informs are SNMP v2c or v3"):
        await send_inform("127.0.0.1", 9, trap_oid=LINK_DOWN, version=SnmpVersion.v1)


@pytest.mark.parametrize("send", [send_trap, send_inform])
async def test_a_local_address_over_tcp_is_refused(send: Any) -> None:
    from anysnmp._errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="local_addr is for UDP"):
        await send("127.0.0.1", 9, trap_oid=LINK_DOWN, transport="tcp", local_addr=("127.0.0.1", 0))


async def test_send_inform_goes_out_from_its_local_address() -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            local = probe.getsockname()
        await send_inform(host, int(port), trap_oid=LINK_DOWN, uptime=3, local_addr=local)
        n = await next_notification(receiver)
    assert n.inform and n.source == local


async def test_a_response_with_an_error_status_acknowledges_an_inform() -> None:
    """Any Response acknowledges an inform (as for snmpinform): a receiver's genErr is no failure."""

    async def handler(agent: ScriptedAgent, request: ScriptedRequest) -> None:
        await agent.reply(request, request.response([], status=int(ErrorStatus.GEN_ERR), index=1))

    async with scripted_agent(handler) as agent:
        await send_inform("127.0.0.1", agent.port, trap_oid=LINK_DOWN, timeout=5, retries=0)
    assert [r.pdu_type for r in agent.requests] == [PduType.INFORM]


async def test_a_trap_takes_its_varbinds_as_a_dict_and_says_what_a_bad_one_is() -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        varbinds: dict[str, Integer | str] = {
            "1.3.6.1.2.1.2.2.1.1.3": Integer(3),
            "1.3.6.1.2.1.2.2.1.2.3": "eth0",
        }
        await send_trap(host, int(port), trap_oid=LINK_DOWN, varbinds=varbinds)
        n = await next_notification(receiver)
        assert n.varbinds == (
            ("1.3.6.1.2.1.2.2.1.1.3", Integer(3)),
            ("1.3.6.1.2.1.2.2.1.2.3", OctetString(b"eth0")),
        )
        says = r"varbinds are \(oid, value\) pairs, or a dict \{oid: value\}; not '1.3.6.1.2.1'"
        with pytest.raises(ConfigurationError, match=says):
            await send_trap(host, int(port), trap_oid=LINK_DOWN, varbinds=["1.3.6.1.2.1"])  # type: ignore[list-item]
        with pytest.raises(ConfigurationError, match=says):
            await send_inform(host, int(port), trap_oid=LINK_DOWN, varbinds=["1.3.6.1.2.1"])  # type: ignore[list-item]
        # One str was read as its characters ("not '1'"), None raised Python's TypeError.
        listed = r"varbinds are a list of \(oid, value\) pairs, or a dict \{oid: value\}; not "
        with pytest.raises(ArgumentTypeError, match=listed + "'1.3.6.1.2.1'"):
            await send_trap(host, int(port), trap_oid=LINK_DOWN, varbinds="1.3.6.1.2.1")  # type: ignore[arg-type]
        for send in (send_trap, send_inform):
            with pytest.raises(ArgumentTypeError, match=listed + "None"):
                await send(host, int(port), trap_oid=LINK_DOWN, varbinds=None)  # type: ignore[arg-type]


def test_notifications_out_of_order_arrive_as_snmptrapd_takes_them() -> None:
    """Varbinds in another order arrive as they came (`as_received`); no snmpTrapOID.0,
    or one no OID (unless every community is taken), is dropped and counted, as
    snmptrapd drops them (tests/cli/test_cli_listen_hostile.py compares with it)."""
    uptime, descr = ("1.3.6.1.2.1.1.3.0", 0x43, 7), ("1.3.6.1.2.1.1.1.0", 0x04, b"x")
    link_down = ("1.3.6.1.6.3.1.1.4.1.0", 0x06, "1.3.6.1.6.3.1.1.5.3")
    bad = ("1.3.6.1.6.3.1.1.4.1.0", 0x02, 5)
    messages = [[descr, link_down, uptime], [uptime], [uptime, bad]]
    for communities, printed in ((["public"], 1), (None, 2)):
        receiver = NotificationReceiver(communities)
        for varbinds in messages:
            message = core.encode_message(1, b"public", PduType.TRAP_V2, 1, 0, 0, varbinds)
            request = Request(message, ("127.0.0.1", 9), ("127.0.0.1", 162), cast(Any, None))
            assert receiver.answer(request) is None
        stats = receiver.stats
        assert (stats.no_trap_oid, stats.bad_trap_oid, stats.malformed) == (1, 2 - printed, 0)
        n = receiver.notifications.receive_nowait()
        assert (n.as_received, n.trap_oid, n.uptime) == (True, link_down[2], 7)
        assert n.varbind_triples() == [descr, link_down, uptime]
        if communities is None:
            n = receiver.notifications.receive_nowait()
            assert (n.trap_oid, n.varbind_triples()) == ("", [uptime, bad])
