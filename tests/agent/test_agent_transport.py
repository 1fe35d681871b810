"""Agent: binding, delivery to handlers, replies, failures, limits and shutdown."""

from __future__ import annotations

import logging
import socket

import anyio
import pytest
from anyio.abc import SocketAttribute

from anysnmp._agent import Agent, AgentStats, Request
from anysnmp._backends._udp import DRAIN_BATCH, UdpServer

pytestmark = pytest.mark.anyio


async def exchange(host: str, port: int, data: bytes) -> bytes:
    async with await anyio.create_connected_udp_socket(host, port) as client:
        await client.send(data)
        with anyio.fail_after(5):
            return await client.receive()


async def test_binds_ipv4_and_ipv6_and_replies_from_the_interface() -> None:
    seen: list[Request] = []

    async def echo(request: Request) -> None:
        seen.append(request)
        await request.reply(b"re:" + request.data)

    async with Agent([("127.0.0.1", 0), ("::1", 0)], echo) as agent:
        (host4, port4), (host6, port6) = agent.addresses
        assert (host4, host6) == ("127.0.0.1", "::1") and port4 and port6
        assert await exchange(host4, port4, b"four") == b"re:four"
        assert await exchange(host6, port6, b"six") == b"re:six"
    assert [r.data for r in seen] == [b"four", b"six"]
    assert [r.local for r in seen] == agent.addresses
    assert seen[0].source[0] == "127.0.0.1" and seen[1].source[0] == "::1"
    assert agent.stats.received == 2


async def test_inline_handler_answers_without_a_task() -> None:
    class Upper:
        async def __call__(self, request: Request) -> None:
            raise AssertionError("the agent calls answer() inline")

        def answer(self, request: Request) -> bytes | None:
            return None if request.data == b"drop" else request.data.upper()

    async with Agent([("127.0.0.1", 0)], Upper()) as agent:
        host, port = agent.addresses[0]
        async with await anyio.create_connected_udp_socket(host, port) as client:
            await client.send(b"drop")
            await client.send(b"abc")
            with anyio.fail_after(5):
                assert await client.receive() == b"ABC"
    assert agent.stats.received == 2 and agent.stats.handler_errors == 0


async def test_failing_handler_is_logged_and_the_agent_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def handler(request: Request) -> None:
        if request.data == b"boom":
            raise RuntimeError("handler bug")
        await request.reply(b"ok")

    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with Agent([("127.0.0.1", 0)], handler) as agent:
            host, port = agent.addresses[0]
            async with await anyio.create_connected_udp_socket(host, port) as client:
                await client.send(b"boom")
                await client.send(b"fine")
                with anyio.fail_after(5):
                    assert await client.receive() == b"ok"
    assert agent.stats.handler_errors == 1
    assert any("handler failed" in r.message and r.exc_info for r in caplog.records)


async def test_an_inline_answer_that_is_not_bytes_is_logged_and_the_agent_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sent, it raised Python's TypeError in the server: logged by asyncio's loop, and under
    trio out of the agent's task group, which ended the agent."""

    class Wrong(InlineEcho):
        def answer(self, request: Request) -> bytes:
            return "text" if request.data == b"str" else super().answer(request)  # type: ignore[return-value]

    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with (
            Agent([("127.0.0.1", 0)], Wrong()) as agent,
            await anyio.create_connected_udp_socket(*agent.addresses[0]) as client,
        ):
            source = client.extra(SocketAttribute.local_address)
            await client.send(b"str")
            await client.send(b"fine")
            with anyio.fail_after(5):
                assert await client.receive() == b"fine"
    assert agent.stats.handler_errors == 1
    assert [(r.message, r.exc_text) for r in caplog.records] == [
        (
            f"handler failed on a message from {source}",
            "TypeError: answer() returned str, not bytes or None",
        )
    ]


async def test_concurrency_limit_drops_and_counts() -> None:
    release = anyio.Event()
    started: list[bytes] = []

    async def slow(request: Request) -> None:
        started.append(request.data)
        await release.wait()
        await request.reply(request.data)

    async with Agent([("127.0.0.1", 0)], slow, max_concurrency=3) as agent:
        host, port = agent.addresses[0]
        async with await anyio.create_connected_udp_socket(host, port) as client:
            for i in range(10):
                await client.send(b"%d" % i)
            with anyio.fail_after(5):
                while agent.stats.received < 10:
                    await anyio.sleep(0.01)
            assert len(started) == 3 and agent.stats.dropped == 7
            release.set()
            with anyio.fail_after(5):
                replies = {await client.receive() for _ in range(3)}
    assert replies == set(started)


async def test_exit_closes_sockets_and_body_errors_propagate_unwrapped() -> None:
    async def handler(request: Request) -> None:
        await request.reply(request.data)

    with pytest.raises(KeyError):
        async with Agent([("127.0.0.1", 0)], handler) as agent:
            address = agent.addresses[0]
            raise KeyError("body")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as again:
        again.bind(address)  # the port is free again


async def test_cancelling_stops_the_agent() -> None:
    async def handler(request: Request) -> None:
        await anyio.sleep_forever()

    with anyio.move_on_after(0.2) as scope:
        async with Agent([("127.0.0.1", 0), ("::1", 0)], handler) as agent:
            for host, port in agent.addresses:
                async with await anyio.create_connected_udp_socket(host, port) as client:
                    await client.send(b"stuck")
            await anyio.sleep_forever()
    assert scope.cancelled_caught
    for host, port in agent.addresses:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as again:
            again.bind((host, port))


async def test_bind_failure_closes_what_was_bound() -> None:
    async def handler(request: Request) -> None:
        pass

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        first = Agent([("127.0.0.1", 0), taken.getsockname()], handler)
        with pytest.raises(OSError):
            async with first:
                pass
    assert first.addresses and all(sock.fileno() == -1 for _, sock in first._sockets)


def test_agent_needs_a_handler() -> None:
    with pytest.raises(TypeError):
        Agent([("127.0.0.1", 0)])


def test_a_drain_serves_a_batch_and_leaves_the_rest_readable() -> None:
    """A flood kept the drain reading for as long as datagrams came: one sender of GETs held
    the event loop up to 0.6 s at a time (trio, 0.18 s asyncio), a faster one for ever.
    A drain now serves DRAIN_BATCH at most; the socket stays readable for the next."""
    count = DRAIN_BATCH + 10
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender,
    ):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.bind(("127.0.0.1", 0))
        sock.setblocking(False)
        for i in range(count):  # loopback: each is in the receive buffer when sendto returns
            sender.sendto(b"%d" % i, sock.getsockname())
        served: list[bytes] = []
        server = UdpServer(sock, lambda request: served.append(request.data), AgentStats())
        server.drain()
        assert len(served) == DRAIN_BATCH
        server.drain()
        assert served == [b"%d" % i for i in range(count)]


class InlineEcho:
    """A handler answering inline (as CommandResponder does): each datagram echoed."""

    def __init__(self) -> None:
        self.seen: list[bytes] = []

    def answer(self, request: Request) -> bytes:
        self.seen.append(request.data)
        return request.data

    async def __call__(self, request: Request) -> None:
        await request.reply(self.answer(request))


async def test_an_agent_serves_every_datagram_of_a_burst_over_several_drains() -> None:
    handler = InlineEcho()
    count = 3 * DRAIN_BATCH
    replies: set[bytes] = set()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        client.setblocking(False)
        async with Agent([("127.0.0.1", 0)], handler) as agent:
            client.connect(agent.addresses[0])
            for i in range(count):  # all in the agent's buffer before it drains
                client.send(b"%d" % i)
            with anyio.fail_after(5):
                while len(replies) < count:
                    await anyio.wait_readable(client)
                    replies.add(client.recv(100))
    assert replies == {b"%d" % i for i in range(count)} and len(handler.seen) == count
