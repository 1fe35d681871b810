"""SnmpSession over TCP (RFC 3430): Net-SNMP's snmpd listening on TCP, and peers that reset."""

from __future__ import annotations

import socket
import threading
from typing import Any

import anyio
import anyio.abc
import pytest
from peers import Snmpd, V3User, in_volatile_subtree
from scripted import (
    SYS_DESCR,
    TCP_GARBAGE,
    beyond_tcp_buffers,
    late_reading_tcp_agent,
    scripted_tcp_agent,
    syn_dropping_port,
    values_beyond_tcp_buffers,
)

import anysnmp
from anysnmp import FramingError, NetworkError, SnmpSession, SnmpVersion, TimeoutError
from anysnmp._agent import Agent
from anysnmp._backends import open_transport
from anysnmp._backends._tcp import AsyncTcpTransport
from anysnmp._mibview import MibView
from anysnmp._responder import CommandResponder
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

MIB_2 = "1.3.6.1.2.1"
#: What the errors say of each stream of `TCP_GARBAGE`.
REASONS = {
    "garbage": "not an SNMP message: tag 0x00, expected 0x30",
    "indefinite": "indefinite BER length: not an SNMP message",
    "huge": "a message of 2147483653 octets exceeds the limit of 1048576",
}


def tcp_session(snmpd: Snmpd, **kw: Any) -> SnmpSession:
    kw.setdefault("community", snmpd.community)
    return SnmpSession(snmpd.host, snmpd.tcp_port, transport="tcp", timeout=5, **kw)


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_get_and_walk_over_tcp_as_over_udp(snmpd: Snmpd, version: SnmpVersion) -> None:
    udp = SnmpSession(snmpd.host, snmpd.port, community=snmpd.community, version=version)
    async with tcp_session(snmpd, version=version) as s, udp:
        assert await s.get(SYS_DESCR) == await udp.get(SYS_DESCR)
        assert [oid async for oid, _ in s.fetch("1.3.6.1.2.1.1")] == [
            oid async for oid, _ in udp.fetch("1.3.6.1.2.1.1")
        ]


async def test_a_big_walk_with_responses_larger_than_a_datagram(snmpd: Snmpd) -> None:
    """snmpd's responses of 100 repetitions (its cap) exceed 1472 octets."""
    udp = SnmpSession(snmpd.host, snmpd.port, community=snmpd.community, max_repetitions=100)
    async with tcp_session(snmpd, max_repetitions=100) as s, udp:
        first = await s.request(PduType.GETBULK, [MIB_2], max_repetitions=100)
        assert len(first) == 100
        ours = [oid async for oid, _ in s.fetch(MIB_2) if not in_volatile_subtree(oid)]
        theirs = [oid async for oid, _ in udp.fetch(MIB_2) if not in_volatile_subtree(oid)]
    assert ours == theirs
    assert len(ours) > 500


async def test_responses_beyond_the_datagram_limit_of_our_agent(demo_view: MibView) -> None:
    """Our Agent keeps UDP responses within 1472 octets, TCP ones within 64 KiB."""
    async with Agent(["tcp:127.0.0.1:0"], CommandResponder(demo_view)) as agent:
        port = agent.endpoints[0].port
        async with SnmpSession("127.0.0.1", port, transport="tcp") as s:
            varbinds = await s.request(PduType.GETBULK, ["1.3.6"], max_repetitions=300)
    assert len(varbinds) == 300


@pytest.mark.parametrize("name", ["shaaes", "sha256aes256"])
async def test_v3_over_tcp(snmpd: Snmpd, name: str) -> None:
    user: V3User = snmpd.user(name)
    async with tcp_session(snmpd, user=user.user()) as s:
        assert isinstance(await s.get(SYS_DESCR), bytes)
        varbinds = await s.request(PduType.GETBULK, [MIB_2], max_repetitions=100)
    assert len(varbinds) == 100  # within the 1 MiB msgMaxSize advertised over TCP


def test_tcp_sessions_have_no_manager() -> None:
    with pytest.raises(ValueError, match="no manager"):
        SnmpSession("127.0.0.1", transport="tcp", manager=object())
    with pytest.raises(ValueError, match="'udp' or 'tcp'"):
        SnmpSession("127.0.0.1", transport="sctp")


async def test_a_reset_connection_is_reopened_and_the_request_sent_again() -> None:
    async with scripted_tcp_agent(lambda n: "reset" if n == 1 else "answer") as (port, conns):
        async with SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s:
            assert await s.get(SYS_DESCR) == b"scripted"
            assert await s.get(SYS_DESCR) == b"scripted"  # the agent resets, then answers
            assert await s.get(SYS_DESCR) == b"scripted"
    assert conns == [2, 2]


async def test_a_connection_reset_twice_in_a_request_raises() -> None:
    async with (
        scripted_tcp_agent(lambda n: "answer" if n == 0 else "reset") as (port, conns),
        SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s,
    ):
        await s.get(SYS_DESCR)
        with anyio.fail_after(4), pytest.raises(NetworkError, match="closed twice"):
            await s.get(SYS_DESCR)
    assert conns[:2] == [2, 1]


async def test_a_retry_is_sent_on_the_same_connection() -> None:
    async with scripted_tcp_agent(lambda n: "ignore" if n == 0 else "answer") as (port, conns):
        async with SnmpSession("127.0.0.1", port, transport="tcp", timeout=1, retries=2) as s:
            assert await s.get(SYS_DESCR) == b"scripted"
    assert len(conns) == 1 and conns[0] >= 2  # one connection (a third try when slow)


async def test_requests_in_flight_together_on_one_connection() -> None:
    async with (
        scripted_tcp_agent(lambda n: "answer") as (port, conns),
        SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s,
    ):
        results: list[Any] = []

        async def one() -> None:
            results.append(await s.get(SYS_DESCR))

        async with anyio.create_task_group() as tg:
            for _ in range(20):
                tg.start_soon(one)
    assert results == [b"scripted"] * 20
    assert conns == [20]


@pytest.mark.parametrize("garbage", TCP_GARBAGE)
async def test_an_agent_sending_what_is_not_snmp_over_tcp_says_so(garbage: str) -> None:
    says = rf"closed twice in a request, after the agent sent {REASONS[garbage]}"
    async with (
        scripted_tcp_agent(lambda n: "answer" if n == 0 else garbage) as (port, conns),
        SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s,
    ):
        assert await s.get(SYS_DESCR) == b"scripted"
        with anyio.fail_after(4), pytest.raises(FramingError, match=says):
            await s.get(SYS_DESCR)
    assert conns[:2] == [2, 1]  # each connection closed at the first octets it could not read


async def test_a_reply_followed_by_what_is_not_snmp_over_tcp_is_taken() -> None:
    """The reply is taken and the connection closed (the reply was lost, and the request
    ended 'closed twice', when both came in one segment); the next request reconnects."""
    async with (
        scripted_tcp_agent(lambda n: "answer+garbage" if n == 0 else "answer") as (port, conns),
        SnmpSession("127.0.0.1", port, transport="tcp", timeout=5, retries=0) as s,
    ):
        with anyio.fail_after(4):
            assert await s.get(SYS_DESCR) == b"scripted"
            assert await s.get(SYS_DESCR) == b"scripted"
    assert conns == [1, 1]


async def test_an_agent_closing_or_stalling_mid_message_over_tcp() -> None:
    async with (
        scripted_tcp_agent(lambda n: "half-close" if n < 2 else "half") as (port, conns),
        SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.5, retries=1) as s,
    ):
        with anyio.fail_after(4), pytest.raises(NetworkError, match=r"closed twice in a request$"):
            await s.get(SYS_DESCR)
        with anyio.fail_after(4), pytest.raises(TimeoutError):  # half a reply, then nothing
            await s.get(SYS_DESCR)
    assert conns == [1, 1, 2]


async def test_a_request_cut_off_mid_send_closes_its_connection() -> None:
    """A request the agent did not take in time (it read nothing for a while) ended partly
    sent: the agent then read the next requests as its rest, and every one timed out on
    that connection. The connection is now closed, the next request sent on a new one."""
    reading = threading.Event()
    with late_reading_tcp_agent(reading) as (port, conns):
        async with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.5, retries=0) as s:
            endpoint = s._endpoint
            assert isinstance(endpoint, AsyncTcpTransport) and endpoint._stream is not None
            endpoint._stream.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1)
            with anyio.fail_after(4), pytest.raises(TimeoutError):  # ~40 KiB, not all sent
                await s.get_many([f"1.3.6.1.4.1.9.9.{i}.0" for i in range(2500)])
            reading.set()
            with anyio.fail_after(4):
                assert await s.get(SYS_DESCR) == b"scripted"
    assert conns == [0, 1]


async def test_a_message_the_receiver_does_not_read_ends_in_the_connections_time() -> None:
    """A trap larger than the sockets' buffers to a receiver that takes the connection and
    reads nothing waited for ever to be sent: it now ends within the connection's time
    (`send_trap`'s: 10 s) with TimeoutError."""
    with late_reading_tcp_agent(threading.Event()) as (port, conns):
        endpoint, addr = await open_transport("tcp", "127.0.0.1", port, connect_timeout=0.5)
        try:
            says = r"not all sent within 0\.5s \(does the receiver read\?\): connection closed"
            with anyio.fail_after(5), pytest.raises(TimeoutError, match=says):
                await endpoint.send(bytes(beyond_tcp_buffers()), addr)
        finally:
            await endpoint.__aexit__(None, None, None)
    assert conns == [0]


async def test_a_request_the_agent_does_not_read_times_out_saying_so() -> None:
    """A request larger than the sockets' buffers, to an agent that takes each connection and
    reads nothing, ended every attempt partly sent (each closing its connection) and raised
    the timeout of an agent that drops requests (check the community...); the blocking
    session's NetworkError 'closed twice in a request'. It now says what happened."""
    with late_reading_tcp_agent(threading.Event()) as (port, conns):
        async with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.3, retries=2) as s:
            says = (
                rf"^the request to tcp:127\.0\.0\.1:{port} was not all sent in any of its 3 "
                r"attempt\(s\) of 0\.3s: the agent took no more of it \(does it read\?\)$"
            )
            with anyio.fail_after(5), pytest.raises(TimeoutError, match=says):
                await s.set_many(values_beyond_tcp_buffers())
    assert conns == [0, 0, 0]


async def test_a_connection_that_is_never_answered_times_out_within_the_request_budget() -> None:
    """A host dropping the SYNs held the connect for the kernel's retries (over two minutes):
    it now ends within timeout x (retries + 1), for a session and an inform alike."""
    with syn_dropping_port() as port:
        says = rf"no TCP connection to tcp:127.0.0.1:{port} within 0.6s: check the host"
        with anyio.fail_after(3), pytest.raises(TimeoutError, match=says):
            async with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.3, retries=1):
                pass
        with anyio.fail_after(3), pytest.raises(TimeoutError, match=says):
            await anysnmp.send_inform(
                "127.0.0.1",
                port,
                trap_oid="1.3.6.1.6.3.1.1.5.1",
                transport="tcp",
                timeout=0.6,
                retries=0,
            )
