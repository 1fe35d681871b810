"""Our Agent over TCP (RFC 3430): Net-SNMP's tools against it, and peers that misbehave."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from typing import Any

import anyio
import anyio.abc
import pytest
from agent_helpers import (
    OUTPUT,
    closed_by_agent,
    expected_walk,
    normalize,
    parse,
    receive_message,
    receive_messages,
    run,
    serve,
    truncations_are_closed,
)
from peers import V3_USERS

from anysnmp._address import TransportAddress
from anysnmp._agent import Agent
from anysnmp._backends import _tcp_server
from anysnmp._backends._tcp_server import TcpServer, source_of
from anysnmp._codec import PduType, core
from anysnmp._errors import AddressError
from anysnmp._mibview import MibView, parse_snmprec_line
from anysnmp._responder import CommandResponder
from anysnmp._session import SnmpSession
from anysnmp._transport import Request

pytestmark = pytest.mark.anyio

SYS_NAME = "1.3.6.1.2.1.1.5.0"
CODEC = core.Codec(1, b"public")
SHAAES = next(u for u in V3_USERS if u.name == "shaaes")
BROKEN = (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError)


def walked(output: str) -> list[tuple[str, str]]:
    return [(oid, normalize(text)) for oid, text in parse(output) if not text.startswith("No more")]


def get(request_id: int) -> bytes:
    return bytes(CODEC.encode_request(PduType.GET, request_id, [SYS_NAME]))


@asynccontextmanager
async def tcp_agent(view: MibView, **options: Any) -> AsyncIterator[tuple[Agent, int]]:
    """Our agent serving `view` on a free loopback TCP port: (agent, port)."""
    async with Agent(["tcp:127.0.0.1:0"], CommandResponder(view), **options) as agent:
        yield agent, agent.endpoints[0].port


async def answers(port: int, request_id: int = 7) -> bool:
    async with await anyio.connect_tcp("127.0.0.1", port) as stream:
        await stream.send(get(request_id))
        response = CODEC.decode_response(await receive_message(stream), request_id)
        return response is not None and response[3][0][0] == SYS_NAME


# --- Net-SNMP's tools ----------------------------------------------------------------


@pytest.mark.parametrize("max_repetitions", ["10", "200"])
async def test_netsnmp_v2c_over_tcp(demo_view: MibView, max_repetitions: str) -> None:
    async with serve(demo_view, transport="tcp") as (target, _):
        assert target.startswith("tcp:127.0.0.1:")
        _, out, _ = await run(
            "snmpbulkwalk", "-v2c", "-c", "public", *OUTPUT, f"-Cr{max_repetitions}", target, "1.3"
        )
        assert walked(out) == expected_walk(demo_view)
        _, out, _ = await run("snmpget", "-v2c", "-c", "public", *OUTPUT, target, SYS_NAME)
        assert [oid for oid, _ in parse(out)] == [SYS_NAME]


async def test_netsnmp_v3_over_tcp(demo_view: MibView) -> None:
    async with serve(demo_view, transport="tcp", users=[SHAAES.user()]) as (target, _):
        args = SHAAES.netsnmp_args()
        _, out, _ = await run("snmpbulkwalk", *args, *OUTPUT, "-Cr200", target, "1.3")
        assert walked(out) == expected_walk(demo_view)
        _, out, _ = await run("snmpget", *args, *OUTPUT, target, SYS_NAME)
        assert [oid for oid, _ in parse(out)] == [SYS_NAME]


async def test_netsnmp_over_tcp6(demo_view: MibView) -> None:
    async with serve(demo_view, host="::1", transport="tcp") as (target, _):
        assert target.startswith("tcp6:[::1]:")
        _, out, _ = await run("snmpget", "-v2c", "-c", "public", *OUTPUT, target, SYS_NAME)
        assert [oid for oid, _ in parse(out)] == [SYS_NAME]


# --- sizes ---------------------------------------------------------------------------


async def test_responses_are_not_bound_by_a_datagram(demo_view: MibView) -> None:
    request = CODEC.encode_request(PduType.GETBULK, 9, ["1.3.6"], 0, 300)
    async with tcp_agent(demo_view) as (_, port), await anyio.connect_tcp("127.0.0.1", port) as s:
        await s.send(bytes(request))
        data = await receive_message(s)
    assert len(data) > 1472 * 4
    response = CODEC.decode_response(data, 9)
    assert response is not None
    _, status, _, varbinds = response
    assert (status, len(varbinds)) == (0, 300)


async def test_responses_are_kept_within_the_message_limit(demo_view: MibView) -> None:
    request = CODEC.encode_request(PduType.GETBULK, 9, ["1.3.6"], 0, 300)
    async with (
        tcp_agent(demo_view, max_message_size=2000) as (_, port),
        await anyio.connect_tcp("127.0.0.1", port) as s,
    ):
        await s.send(bytes(request))
        data = await receive_message(s)
    assert 1472 < len(data) <= 2000


async def test_several_messages_in_one_write_are_answered_in_order(demo_view: MibView) -> None:
    async with tcp_agent(demo_view) as (_, port), await anyio.connect_tcp("127.0.0.1", port) as s:
        await s.send(get(1) + get(2) + get(3)[:10])
        first, second = await receive_messages(s, 2)
        assert CODEC.decode_response(first, 1) is not None
        assert CODEC.decode_response(second, 2) is not None
        await s.send(get(3)[10:])
        assert CODEC.decode_response(await receive_message(s), 3) is not None


# --- peers that misbehave ------------------------------------------------------------


async def test_truncated_at_every_offset(demo_view: MibView) -> None:
    message = get(5)
    async with tcp_agent(demo_view) as (agent, port):
        await truncations_are_closed(port, message)
        assert await answers(port)
    assert agent.stats.received == 1


@pytest.mark.parametrize(
    ("garbage", "options"),
    [
        (b"\x30\x84\x80\x00\x00\x00", {}),  # a 2 GB message announced
        (b"\x30\x82\x01\xf0", {"max_message_size": 484}),  # over the lowest limit
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", {}),
        (b"\x30\x80\x02\x01\x00\x00\x00", {}),  # an indefinite length
    ],
)
async def test_garbage_closes_the_connection_at_once(
    demo_view: MibView, garbage: bytes, options: dict[str, Any]
) -> None:
    async with tcp_agent(demo_view, **options) as (agent, port):
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            await s.send(garbage)
            assert await closed_by_agent(s, within=2)  # not after the 30 s idle timeout
        assert await answers(port)
    assert agent.stats.bad_streams == 1


async def test_garbage_after_a_request_in_one_segment_closes_after_its_answer(
    demo_view: MibView,
) -> None:
    """The request is answered, then the connection closed (the request was dropped
    unanswered when the garbage came in the same segment)."""
    async with tcp_agent(demo_view) as (agent, port):
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            await s.send(get(1) + b"GET / HTTP/1.1\r\n")
            with anyio.fail_after(2):
                assert CODEC.decode_response(await receive_message(s), 1) is not None
            assert await closed_by_agent(s, within=2)
    assert (agent.stats.received, agent.stats.bad_streams) == (1, 1)


async def test_a_stalled_client_does_not_block_others(demo_view: MibView) -> None:
    async with tcp_agent(demo_view, idle_timeout=3.0) as (agent, port):
        async with await anyio.connect_tcp("127.0.0.1", port) as stalled:
            await stalled.send(get(1)[:7])  # mid-message, then nothing
            for request_id in range(10, 15):
                assert await answers(port, request_id)
            assert agent.stats.idle_timeouts == 0
            assert await closed_by_agent(stalled, within=10)
        assert agent.stats.idle_timeouts == 1
        assert await answers(port)


async def connect(port: int, source: str) -> anyio.abc.SocketStream:
    """A connection to our agent from loopback address `source`."""
    return await anyio.connect_tcp("127.0.0.1", port, local_host=source)


async def answered(stream: anyio.abc.SocketStream, request_id: int) -> bool:
    """True when a GET on `stream` is answered."""
    await stream.send(get(request_id))
    with anyio.fail_after(5):
        return CODEC.decode_response(await receive_message(stream), request_id) is not None


async def test_a_connection_beyond_the_limit_closes_the_idle_longest(demo_view: MibView) -> None:
    async with tcp_agent(demo_view, max_connections=2) as (agent, port), AsyncExitStack() as stack:
        first, second = [stack.push_async_exit(await connect(port, "127.0.0.1")) for _ in "12"]
        assert await answered(first, 1)
        assert await answered(second, 2)
        third = stack.push_async_exit(await connect(port, "127.0.0.1"))
        assert await answered(third, 3)
        assert await answered(second, 4)
        assert await closed_by_agent(first)
        assert (agent.stats.connections, agent.stats.evicted_connections) == (3, 1)
        (server,) = agent._servers
        assert isinstance(server, TcpServer) and server.connections == 2


async def test_a_connection_beyond_the_limit_spares_one_serving_a_request(
    demo_view: MibView,
) -> None:
    """Peers behind one address (a NAT) at the limit: a new connection closed the
    idle-longest, though its request was being served (cancelled, its reply lost). It now
    closes one serving none."""
    responder = CommandResponder(demo_view)
    serving, release = anyio.Event(), anyio.Event()

    async def handler(request: Request) -> None:
        if core.peek_request_id(request.data) == 1:
            serving.set()
            await release.wait()
        reply = responder.answer(request)
        assert reply is not None
        await request.reply(reply)

    async with (
        Agent(["tcp:127.0.0.1:0"], handler, max_connections=2) as agent,
        AsyncExitStack() as stack,
    ):
        port = agent.endpoints[0].port
        busy, idle = [stack.push_async_exit(await connect(port, "127.0.0.1")) for _ in "12"]
        await busy.send(get(1))
        with anyio.fail_after(5):
            await serving.wait()
        assert await answered(idle, 2)  # its last message completed after `busy`'s arrived
        third = stack.push_async_exit(await connect(port, "127.0.0.1"))
        assert await answered(third, 3)
        assert await closed_by_agent(idle)
        release.set()
        assert CODEC.decode_response(await receive_message(busy), 1) is not None
        assert await answered(busy, 4)
        assert agent.stats.evicted_connections == 1


async def test_a_source_holding_every_connection_cannot_keep_others_out(
    demo_view: MibView,
) -> None:
    """A peer holding every slot (reconnecting as they closed, or sending a message now and
    then) kept every other peer out: a connection beyond the limit was closed at once. It
    now closes the idle-longest of the source holding the most: the flooder's own, though
    the other peer's connection is the idle-longest of all."""
    async with tcp_agent(demo_view, max_connections=4) as (agent, port), AsyncExitStack() as stack:
        flooder = [stack.push_async_exit(await connect(port, "127.0.0.2")) for _ in range(4)]
        for request_id, stream in enumerate(flooder):
            assert await answered(stream, request_id)
        other = stack.push_async_exit(await connect(port, "127.0.0.1"))
        assert await answered(other, 10)
        assert await closed_by_agent(flooder[0])
        for request_id, stream in enumerate(flooder[1:]):  # busier than `other`
            assert await answered(stream, 20 + request_id)
        again: list[anyio.abc.SocketStream] = []
        for request_id in range(4):  # the flooder reconnecting: it holds 3 at most now
            again.append(stack.push_async_exit(await connect(port, "127.0.0.2")))
            assert await answered(again[-1], 30 + request_id)
        for stream in [*flooder[1:], again[0]]:
            assert await closed_by_agent(stream)
        assert await answered(other, 11)
        assert (agent.stats.connections, agent.stats.evicted_connections) == (9, 5)


async def test_sources_each_holding_one_connection_are_all_served(demo_view: MibView) -> None:
    """Peers of distinct sources up to the limit are served together; one more closes the
    connection idle longest."""
    async with tcp_agent(demo_view, max_connections=4) as (agent, port), AsyncExitStack() as stack:
        peers = [stack.push_async_exit(await connect(port, f"127.0.0.{n}")) for n in range(1, 5)]
        for request_id, stream in enumerate(peers):
            assert await answered(stream, request_id)
        for request_id, stream in enumerate(peers):
            assert await answered(stream, 10 + request_id)
        assert agent.stats.evicted_connections == 0
        late = stack.push_async_exit(await connect(port, "127.0.0.5"))
        assert await answered(late, 20)
        assert await closed_by_agent(peers[0])
        for request_id, stream in enumerate(peers[1:]):
            assert await answered(stream, 30 + request_id)
        assert (agent.stats.connections, agent.stats.evicted_connections) == (5, 1)


def test_sources_share_the_slots_by_address_and_ipv6_prefix() -> None:
    assert source_of(("192.0.2.7", 40000)) == "192.0.2.7"
    assert source_of(("::ffff:192.0.2.7", 40000, 0, 0)) == "192.0.2.7"
    assert source_of(("2001:db8:1:2:a::1", 40000, 0, 0)) == "2001:db8:1:2::/64"
    assert source_of(("2001:db8:1:2:b::9", 40000, 0, 0)) == "2001:db8:1:2::/64"
    assert source_of(("fe80::1%eth0", 40000, 0, 2)) == "fe80::/64%eth0"


def test_listen_addresses_in_netsnmp_syntax() -> None:
    view = MibView({})
    agent = Agent(["tcp:127.0.0.1:1161", "udp6:[::1]:161", "10.0.0.1:162"], CommandResponder(view))
    assert [str(a) for a in agent._ifaces] == [
        "tcp:127.0.0.1:1161",
        "udp6:[::1]:161",
        "udp:10.0.0.1:162",
    ]
    with pytest.raises(AddressError, match="only the udp and tcp"):
        Agent(["unix:/tmp/snmp"], CommandResponder(view))
    assert str(TransportAddress("tcp", "::1", 161)) == "tcp6:[::1]:161"


# --- replies sent late (snmpsim's delay) ------------------------------------------------

LATE, BIG = "1.3.6.1.4.1.9.1", "1.3.6.1.4.1.9.2"


def late_view() -> MibView:
    """A short value and a 60000-octet one, each sent 20 ms late."""
    return MibView(
        dict(
            [
                parse_snmprec_line(f"{LATE}|4:delay|value=late,wait=20"),
                parse_snmprec_line(f"{BIG}|4x:delay|hexvalue={'41' * 60000},wait=20"),
            ]
        )
    )


def get_of(oid: str, request_id: int) -> bytes:
    return bytes(CODEC.encode_request(PduType.GET, request_id, [oid]))


async def test_pipelined_late_replies_all_arrive() -> None:
    # Their sends met on the connection's stream: all but one raised BusyResourceError,
    # and were lost (counted as send errors).
    async with tcp_agent(late_view()) as (agent, port):
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            await s.send(b"".join(get_of(LATE, i) for i in range(1, 11)))
            replies = [core.peek_request_id(m) for m in await receive_messages(s, 10)]
    assert sorted(i or 0 for i in replies) == list(range(1, 11))
    assert agent.stats.send_errors == 0


async def test_late_replies_beyond_a_connections_share_wait_their_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Waiting for a slot counted as idle: the connection was closed, its replies lost.
    monkeypatch.setattr(_tcp_server, "LATER_PER_CONNECTION", 2)
    view = MibView(dict([parse_snmprec_line(f"{LATE}|4:delay|value=late,wait=300")]))
    async with tcp_agent(view, idle_timeout=0.2) as (agent, port):
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            await s.send(b"".join(get_of(LATE, i) for i in range(1, 4)))
            replies = [core.peek_request_id(m) for m in await receive_messages(s, 3)]
    assert sorted(i or 0 for i in replies) == [1, 2, 3]
    assert agent.stats.idle_timeouts == 0


async def test_a_peer_that_never_reads_holds_up_no_one_else() -> None:
    # A peer that sends requests of late replies and reads none: its replies filled the
    # socket, the one being sent waited for ever (the connection kept alive by more
    # requests) and kept the agent's only slot of max_concurrency: the UDP one was dropped.
    # Now it holds LATER_PER_CONNECTION replies at most, and is closed after idle_timeout.
    ifaces = ["tcp:127.0.0.1:0", "udp:127.0.0.1:0"]
    responder = CommandResponder(late_view())
    async with Agent(ifaces, responder, max_concurrency=1, idle_timeout=1) as agent:
        tcp, udp = agent.endpoints
        stuck = await anyio.connect_tcp("127.0.0.1", tcp.port)

        async def flood() -> None:
            with suppress(*BROKEN):
                for request_id in range(1, 1000):  # 60 MB of replies asked, 3 s at most
                    await stuck.send(get_of(BIG, request_id))
                    await anyio.sleep(0.003)

        async with stuck, anyio.create_task_group() as group:
            group.start_soon(flood)
            with anyio.fail_after(5):
                while agent.stats.received < 100:  # ~6 MB: the socket's buffers are full
                    await anyio.sleep(0.01)
            for transport, port in (("udp", udp.port), ("tcp", tcp.port)):
                async with SnmpSession(
                    "127.0.0.1", port=port, transport=transport, timeout=2, retries=0
                ) as session:
                    assert await session.get(LATE) == b"late"
            with anyio.fail_after(5):  # closed: its replies waiting are dropped
                while agent.stats.idle_timeouts < 1:
                    await anyio.sleep(0.01)
            group.cancel_scope.cancel()
        assert agent.stats.idle_timeouts == 1
        assert agent.stats.dropped == 0
        assert await answers_late(tcp.port)


async def answers_late(port: int) -> bool:
    async with await anyio.connect_tcp("127.0.0.1", port) as stream:
        await stream.send(get_of(LATE, 3))
        response = CODEC.decode_response(await receive_message(stream), 3)
        return response is not None and response[3] == [(LATE, b"late")]
