"""Traps and informs over TCP (RFC 3430): Net-SNMP's tools into our receiver, ours into snmptrapd.

Every test runs under asyncio and trio (the ``anyio_backend`` fixture).
"""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from agent_helpers import (
    closed_by_agent,
    next_notification,
    receiving,
    run,
    truncations_are_closed,
)
from peers import V3_USERS, snmptrapd, trapd_config

from anysnmp import Integer, OctetString, SnmpVersion, send_inform, send_trap
from anysnmp._codec import PduType, core
from anysnmp._types import Tag

pytestmark = pytest.mark.anyio

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
COLD_START = "1.3.6.1.6.3.1.1.5.1"
SHAAES = next(u for u in V3_USERS if u.name == "shaaes")
SENDER_ENGINE = bytes.fromhex("8000000005") + b"tcp-trap-sender"


def tcp_port(target: str) -> int:
    assert target.startswith("tcp:127.0.0.1:")
    return int(target.rsplit(":", 1)[1])


def trap_v2c(uptime: int) -> bytes:
    varbinds = [
        ("1.3.6.1.2.1.1.3.0", int(Tag.TIMETICKS), uptime),
        ("1.3.6.1.6.3.1.1.4.1.0", int(Tag.OBJECT_IDENTIFIER), LINK_DOWN),
    ]
    return bytes(core.encode_message(1, b"public", PduType.TRAP_V2, 5, 0, 0, varbinds))


# --- Net-SNMP's tools into our receiver ----------------------------------------------


async def test_snmptrap_and_snmpinform_v2c_over_tcp_into_receiver() -> None:
    v2c = ["-v2c", "-c", "public"]
    async with receiving("tcp") as (target, receiver):
        varbind = ["1.3.6.1.2.1.2.2.1.1.3", "i", "3"]
        await run("snmptrap", *v2c, target, "11", LINK_DOWN, *varbind)
        await run("snmpinform", *v2c, "-t", "2", "-r", "0", target, "12", COLD_START)
        trap, inform = [await next_notification(receiver) for _ in range(2)]
    assert (trap.transport, trap.inform, trap.uptime, trap.trap_oid) == (
        "tcp",
        False,
        11,
        LINK_DOWN,
    )
    assert trap.varbinds == (("1.3.6.1.2.1.2.2.1.1.3", Integer(3)),)
    assert (inform.transport, inform.inform, inform.uptime) == ("tcp", True, 12)
    assert trap.local == ("127.0.0.1", tcp_port(target))


async def test_snmptrap_v1_over_tcp_into_receiver() -> None:
    async with receiving("tcp") as (target, receiver):
        args = ["1.3.6.1.4.1.8072.4", "192.0.2.7", "6", "17", "777"]
        await run("snmptrap", "-v1", "-c", "public", target, *args)
        n = await next_notification(receiver)
    assert (n.transport, n.version, n.trap_oid, n.uptime) == (
        "tcp",
        SnmpVersion.v1,
        "1.3.6.1.4.1.8072.4.0.17",
        777,
    )


async def test_snmptrap_and_snmpinform_v3_over_tcp_into_receiver() -> None:
    async with receiving("tcp", users=[SHAAES.user()]) as (target, receiver):
        v3 = SHAAES.netsnmp_args()
        await run("snmptrap", *v3, "-e", f"0x{SENDER_ENGINE.hex()}", target, "21", LINK_DOWN)
        await run("snmpinform", *v3, "-t", "2", "-r", "0", target, "22", COLD_START)
        trap, inform = [await next_notification(receiver) for _ in range(2)]
    assert (trap.transport, trap.user, trap.uptime, trap.engine_id) == (
        "tcp",
        "shaaes",
        21,
        SENDER_ENGINE,
    )
    assert (inform.transport, inform.inform, inform.uptime, inform.engine_id) == (
        "tcp",
        True,
        22,
        receiver.engine.engine_id,
    )


# --- our senders into Net-SNMP's snmptrapd and our receiver --------------------------


@pytest.mark.parametrize("version", ["v2c", "v3"])
async def test_send_trap_and_inform_over_tcp_into_snmptrapd(tmp_path: Path, version: str) -> None:
    user = SHAAES.user() if version == "v3" else None
    with snmptrapd(tmp_path, trapd_config(SHAAES, SENDER_ENGINE), transport="tcp") as trapd:
        to = ("127.0.0.1", trapd.port)
        await send_trap(
            *to,
            transport="tcp",
            trap_oid=LINK_DOWN,
            uptime=31337,
            varbinds=[("1.3.6.1.2.1.2.2.1.2.7", "ge-0/0/7")],
            engine_id=SENDER_ENGINE if user else None,  # v2c: refused (no engine)
            user=user,
        )
        # Fails with a TimeoutError unless snmptrapd acknowledges it over the connection.
        await send_inform(
            *to, transport="tcp", trap_oid=COLD_START, uptime=27182, timeout=5, user=user
        )
        (trap,) = await trapd.lines("(31337)")
        (inform,) = await trapd.lines("(27182)")
    assert trap.split("~") == [
        "V2 .1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        '.1.3.6.1.2.1.2.2.1.2.7 = STRING: "ge-0/0/7"',
    ]
    assert inform.split("~")[1] == f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{COLD_START}"


async def test_send_trap_and_inform_over_tcp_into_our_receiver() -> None:
    user = SHAAES.user()
    async with receiving("tcp", users=[user], communities=["public"]) as (target, receiver):
        to = ("127.0.0.1", tcp_port(target))
        await send_trap(
            *to, transport="tcp", trap_oid="1.3.6.1.4.1.9.0.5", version=SnmpVersion.v1, uptime=1
        )
        await send_trap(
            *to,
            transport="tcp",
            trap_oid=LINK_DOWN,
            uptime=2,
            varbinds=[("1.3.6.1.2.1.1.5.0", "sw")],
        )
        await send_inform(*to, transport="tcp", trap_oid=COLD_START, uptime=3, timeout=5)
        await send_trap(*to, transport="tcp", trap_oid=LINK_DOWN, user=user, uptime=4)
        await send_inform(*to, transport="tcp", trap_oid=COLD_START, user=user, uptime=5, timeout=5)
        received = [await next_notification(receiver) for _ in range(5)]
    assert [(n.transport, n.version, n.uptime, n.inform) for n in received] == [
        ("tcp", SnmpVersion.v1, 1, False),
        ("tcp", SnmpVersion.v2c, 2, False),
        ("tcp", SnmpVersion.v2c, 3, True),
        ("tcp", SnmpVersion.v3, 4, False),
        ("tcp", SnmpVersion.v3, 5, True),
    ]
    assert received[1].varbinds == (("1.3.6.1.2.1.1.5.0", OctetString("sw")),)


# --- senders that misbehave ----------------------------------------------------------


async def test_a_trap_truncated_at_every_offset_is_dropped() -> None:
    message = trap_v2c(99)
    async with receiving("tcp") as (target, receiver):
        port = tcp_port(target)
        await truncations_are_closed(port, message)
        await send_trap("127.0.0.1", port, transport="tcp", trap_oid=LINK_DOWN, uptime=100)
        n = await next_notification(receiver)
    assert n.uptime == 100 and receiver.stats.received == 1


@pytest.mark.parametrize(
    "garbage",
    [b"\x30\x84\x80\x00\x00\x00", b"GET / HTTP/1.1\r\n\r\n"],  # a 2 GB message announced; not SNMP
)
async def test_garbage_closes_the_connection_at_once(garbage: bytes) -> None:
    async with receiving("tcp") as (target, receiver):
        port = tcp_port(target)
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            await s.send(garbage)
            assert await closed_by_agent(s, within=2)  # not after the idle timeout
        await send_trap("127.0.0.1", port, transport="tcp", trap_oid=LINK_DOWN, uptime=7)
        n = await next_notification(receiver)
    assert n.uptime == 7 and receiver.stats.received == 1


async def test_a_stalled_sender_does_not_block_others() -> None:
    async with receiving("tcp", agent_options={"idle_timeout": 3.0}) as (target, receiver):
        port = tcp_port(target)
        async with await anyio.connect_tcp("127.0.0.1", port) as stalled:
            await stalled.send(trap_v2c(1)[:7])  # mid-message, then nothing
            for uptime in range(10, 15):
                await send_trap(
                    "127.0.0.1", port, transport="tcp", trap_oid=LINK_DOWN, uptime=uptime
                )
                assert (await next_notification(receiver)).uptime == uptime
            assert await closed_by_agent(stalled, within=10)
        await send_trap("127.0.0.1", port, transport="tcp", trap_oid=LINK_DOWN, uptime=15)
        assert (await next_notification(receiver)).uptime == 15
