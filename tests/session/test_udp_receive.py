"""`core.UdpReceiver`: every datagram waiting on a socket routed in one call, as the async
endpoints read them (recvmmsg batches)."""

from __future__ import annotations

import asyncio
import gc
import select
import socket
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from anysnmp import Manager
from anysnmp._backends._udp import Pending
from anysnmp._codec import core
from anysnmp.lowlevel import PduType

RESPONSE = int(PduType.RESPONSE)


def reply(request_id: int) -> bytes:
    return core.encode_message(1, b"public", RESPONSE, request_id, 0, 0, ["1.3.6.1.2.1.1.5.0"])


def bound(family: int, host: str) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    return sock


def wait_readable(sock: socket.socket) -> None:
    assert select.select([sock], [], [], 5)[0]


@pytest.fixture(params=[(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")])
def sockets(request: Any) -> Iterator[tuple[socket.socket, socket.socket, socket.socket]]:
    """A non-blocking receiving socket, the peer it talks to, and a spoofing one."""
    family, host = request.param
    receiving, peer, other = (bound(family, host) for _ in range(3))
    receiving.setblocking(False)
    receiving.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    with receiving, peer, other:
        yield receiving, peer, other


def test_one_call_routes_every_waiting_datagram_and_drops_the_rest(
    sockets: tuple[socket.socket, socket.socket, socket.socket],
) -> None:
    receiving, peer, other = sockets
    to = receiving.getsockname()
    # More than one recvmmsg batch (32), one request getting two replies.
    pendings = {key: Pending(peer.getsockname()) for key in range(1, 71)}
    dropped: list[tuple[Any, int | None]] = []
    receiver = core.UdpReceiver(pendings, None, lambda *a: dropped.append(a), 65536)
    order = [*range(1, 71), 5]
    for key in order[:40]:
        peer.sendto(reply(key), to)
    other.sendto(reply(7), to)  # the right id from another port: spoofed
    peer.sendto(b"\x30\x03\x02\x01\x00", to)  # not SNMP: no request id
    peer.sendto(reply(999), to)  # an id no request has
    for key in order[40:]:
        peer.sendto(reply(key), to)
    wait_readable(receiving)

    routed = receiver.receive(receiving.fileno())

    assert routed == [pendings[key] for key in order]
    assert [list(p.queue) for p in routed[:3]] == [[(reply(key), key)] for key in (1, 2, 3)]
    assert list(pendings[5].queue) == [(reply(5), 5)] * 2
    assert dropped == [
        (other.getsockname(), 7),
        (peer.getsockname(), None),
        (peer.getsockname(), 999),
    ]
    assert receiver.receive(receiving.fileno()) == []  # nothing left, and no wait


def test_a_connected_socket_leaves_the_source_check_to_the_kernel(
    sockets: tuple[socket.socket, socket.socket, socket.socket],
) -> None:
    receiving, peer, _ = sockets
    receiving.connect(peer.getsockname())
    pending = Pending(("not", "compared"))
    dropped: list[tuple[Any, int | None]] = []
    receiver = core.UdpReceiver(
        {1: pending}, peer.getsockname(), lambda *a: dropped.append(a), 65536
    )
    peer.sendto(reply(1), receiving.getsockname())
    peer.sendto(reply(2), receiving.getsockname())
    wait_readable(receiving)

    assert receiver.receive(receiving.fileno()) == [pending]
    assert list(pending.queue) == [(reply(1), 1)]
    # One request id in flight: one datagram read; the stray waits for the next call.
    assert dropped == []
    assert receiver.receive(receiving.fileno()) == []
    assert dropped == [(peer.getsockname(), 2)]


def test_a_call_reads_no_more_datagrams_than_requests_in_flight(
    sockets: tuple[socket.socket, socket.socket, socket.socket],
) -> None:
    """recvmmsg's last, empty read is spared; what is left keeps the socket readable."""
    receiving, peer, _ = sockets
    pendings = {key: Pending(peer.getsockname()) for key in (1, 2)}
    receiver = core.UdpReceiver(pendings, None, lambda *a: None, 65536)
    for key in (1, 2, 1, 2):  # each answered twice
        peer.sendto(reply(key), receiving.getsockname())
    wait_readable(receiving)

    assert receiver.receive(receiving.fileno()) == [pendings[1], pendings[2]]
    wait_readable(receiving)
    assert receiver.receive(receiving.fileno()) == [pendings[1], pendings[2]]
    assert receiver.receive(receiving.fileno()) == []


def test_strays_ahead_of_a_reply_are_read_past_in_one_call(
    sockets: tuple[socket.socket, socket.socket, socket.socket],
) -> None:
    """One request in flight, its reply behind strays (a flood: junk from the peer, or from
    anyone to a Manager's socket): one call reads past them, in full batches. It read one
    datagram a call: under a flood from a Python sender, every trio request timed out."""
    receiving, peer, other = sockets
    to = receiving.getsockname()
    pendings = {7: Pending(peer.getsockname())}
    dropped: list[tuple[Any, int | None]] = []
    receiver = core.UdpReceiver(pendings, None, lambda *a: dropped.append(a), 65536)
    for i in range(100):
        (peer, other)[i % 2].sendto(b"\x30\x03\x02\x01\x00" if i % 3 else reply(8), to)
    peer.sendto(reply(7), to)
    wait_readable(receiving)

    assert receiver.receive(receiving.fileno()) == [pendings[7]]
    assert list(pendings[7].queue) == [(reply(7), 7)]
    assert len(dropped) == 100


def test_a_stray_is_read_with_no_request_in_flight(
    sockets: tuple[socket.socket, socket.socket, socket.socket],
) -> None:
    receiving, peer, _ = sockets
    dropped: list[tuple[Any, int | None]] = []
    receiver = core.UdpReceiver({}, None, lambda *a: dropped.append(a), 65536)
    peer.sendto(reply(3), receiving.getsockname())
    wait_readable(receiving)

    assert receiver.receive(receiving.fileno()) == []
    assert dropped == [(peer.getsockname(), 3)]


def test_a_failed_read_raises_oserror() -> None:
    receiver = core.UdpReceiver({}, None, lambda *a: None, 65536)
    with pytest.raises(OSError):
        receiver.receive(-1)


async def test_one_wake_up_routes_every_reply_waiting(anyio_backend: str) -> None:
    """Replies that arrived together reach their requests through one receive call.

    Under asyncio the reader callback (`UdpReceiver.wake`) also resumes each
    request's task at once, inside the callback.
    """
    with bound(socket.AF_INET, "127.0.0.1") as agent:
        agent.settimeout(5)
        async with Manager(("127.0.0.1", 0)) as manager:
            endpoint = manager.endpoint
            batches: list[int] = []
            answers: list[bytes] = []
            if anyio_backend == "asyncio":
                loop, fd = asyncio.get_running_loop(), endpoint.sock.fileno()
                wake = endpoint._receiver.wake

                def counted_wake(fd: int, failed: Any) -> None:
                    before = len(answers)
                    wake(fd, failed)
                    batches.append(len(answers) - before)

                loop.remove_reader(fd)
                loop.add_reader(fd, counted_wake, fd, endpoint._receive_failed)
            else:
                receive_all = endpoint._receive_all

                def counted() -> list[Pending]:
                    routed = receive_all()
                    batches.append(len(routed))
                    return routed

                endpoint._receive_all = counted  # type: ignore[method-assign]

            async def request() -> None:
                answer = await endpoint.exchange(
                    agent.getsockname(), get_request, lambda data, _: data, 5.0, 1
                )
                assert answer is not None
                answers.append(answer)

            async with anyio.create_task_group() as tg:
                for _ in range(10):
                    tg.start_soon(request)
                while endpoint.in_flight() < 10:
                    await anyio.sleep(0)
                for _ in range(10):  # the loop is blocked meanwhile: the replies wait together
                    data, source = agent.recvfrom(65536)
                    key = core.peek_request_id(data)
                    assert key is not None
                    agent.sendto(reply(key), source)
    assert len(answers) == 10
    assert max(batches) == 10


def get_request(request_id: int) -> bytes:
    return core.encode_message(
        1, b"public", int(PduType.GET), request_id, 0, 0, ["1.3.6.1.2.1.1.5.0"]
    )


async def test_a_cancelled_request_stops_routing(anyio_backend: str) -> None:
    """A request cancelled while it waits unregisters its ids."""
    with bound(socket.AF_INET, "127.0.0.1") as agent:
        async with Manager(("127.0.0.1", 0)) as manager:
            endpoint = manager.endpoint
            with anyio.move_on_after(0.05):
                await endpoint.exchange(agent.getsockname(), get_request, lambda d, _: d, 5.0, 1)
            assert endpoint.in_flight() == 0


@pytest.mark.parametrize("end", ["close", "drop"])
def test_a_request_closed_or_dropped_mid_wait_stops_routing(end: str) -> None:
    """A request's awaitable closed, or dropped unfinished, unregisters its ids.

    Stepped by hand under asyncio (under trio, a wait stepped by hand would
    leave the test's own task registered with trio's I/O manager).
    """

    async def main() -> None:
        with bound(socket.AF_INET, "127.0.0.1") as agent:
            async with Manager(("127.0.0.1", 0)) as manager:
                endpoint = manager.endpoint
                request: Any = endpoint.exchange(
                    agent.getsockname(), get_request, lambda data, _: data, 5.0, 1
                )
                request.send(None)  # sent, now waiting
                assert endpoint.in_flight() == 1
                if end == "close":
                    request.close()
                else:
                    del request
                    gc.collect()
                assert endpoint.in_flight() == 0

    asyncio.run(main())
