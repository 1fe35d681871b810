"""A scripted agent for the tests: answers each request as a test function says."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
import attrs

from anysnmp._codec import core
from anysnmp._errors import FramingError
from anysnmp._mibview import MibView
from anysnmp._protocol._framing import MessageFramer
from anysnmp._responder import CommandResponder
from anysnmp.lowlevel import PduType


@attrs.define
class Request:
    """A decoded request as the scripted agent saw it."""

    data: bytes
    source: tuple[str, int]
    version: int
    community: bytes
    pdu_type: int
    request_id: int
    non_repeaters: int
    max_repetitions: int
    varbinds: list[Any]

    def response(
        self,
        varbinds: list[tuple[str, int, Any]],
        *,
        status: int = 0,
        index: int = 0,
        request_id: int | None = None,
        community: bytes | None = None,
    ) -> bytes:
        return core.encode_message(
            self.version,
            self.community if community is None else community,
            PduType.RESPONSE,
            self.request_id if request_id is None else request_id,
            status,
            index,
            varbinds,
        )


@attrs.define
class ScriptedAgent:
    socket: anyio.abc.UDPSocket
    other: anyio.abc.UDPSocket  # a second socket, to answer from the wrong port
    handler: Handler  # may be replaced while the agent runs
    requests: list[Request] = attrs.field(factory=list)

    @property
    def port(self) -> int:
        return int(self.socket.extra(anyio.abc.SocketAttribute.local_port))

    async def reply(self, request: Request, data: bytes) -> None:
        await self.socket.sendto(data, *request.source)

    async def reply_from_other_port(self, request: Request, data: bytes) -> None:
        await self.other.sendto(data, *request.source)


Handler = Callable[[ScriptedAgent, Request], Awaitable[None]]


@asynccontextmanager
async def scripted_agent(handler: Handler) -> AsyncIterator[ScriptedAgent]:
    """Runs `handler` for every request received on a fresh loopback port."""
    async with (
        await anyio.create_udp_socket(local_host="127.0.0.1") as sock,
        await anyio.create_udp_socket(local_host="127.0.0.1") as other,
    ):
        agent = ScriptedAgent(sock, other, handler)

        async def serve() -> None:
            async for data, source in sock:
                version, community, pdu_type, fields, varbinds = core.decode_message(data)
                request = Request(
                    data,
                    (source[0], source[1]),
                    version,
                    community,
                    pdu_type,
                    fields[0],
                    fields[1],
                    fields[2],
                    varbinds,
                )
                agent.requests.append(request)
                await agent.handler(agent, request)

        async with anyio.create_task_group() as tg:
            tg.start_soon(serve)
            yield agent
            tg.cancel_scope.cancel()


def static_view(view: dict[str, tuple[int, Any]]) -> Handler:
    """A handler answering GET/GETNEXT/GETBULK from a small static view (sorted by arcs)."""
    names = sorted(view, key=lambda o: tuple(int(a) for a in o.split(".")))

    def after(oid: str) -> str | None:
        key = tuple(int(a) for a in oid.split("."))
        return next((n for n in names if tuple(int(a) for a in n.split(".")) > key), None)

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        out: list[tuple[str, int, Any]] = []
        if request.pdu_type == PduType.GET:
            for oid, _ in request.varbinds:
                out.append((oid, *view[oid]) if oid in view else (oid, 0x81, None))
        else:
            reps = request.max_repetitions if request.pdu_type == PduType.GETBULK else 1
            for oid, _ in request.varbinds:
                current: str | None = oid
                for _ in range(reps):
                    current = after(current) if current else None
                    if current is None:
                        out.append((oid, 0x82, None))
                        break
                    out.append((current, *view[current]))
        await agent.reply(request, request.response(out))

    return handler


def answer_in_reverse(view: dict[str, tuple[int, Any]], batch: int = 4) -> Handler:
    """A handler holding GETs until `batch` arrived, then answering them last first from `view`.

    Only a client with the requests really in flight together sees them answered.
    """
    held: list[Request] = []

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        held.append(request)
        if len(held) == batch:
            for r in reversed(held):
                oid = r.varbinds[0][0]
                await agent.reply(r, r.response([(oid, *view[oid])]))
            held.clear()

    return handler


#: The OID the scripted TCP agent serves.
SYS_DESCR = "1.3.6.1.2.1.1.1.0"


#: What the scripted agent does with the n-th request it reads: answer, ignore, or reset;
#: or send what is not an SNMP stream (a key of `TCP_GARBAGE`), alone or after its reply
#: in the same segment ("answer+KEY"); or send the first half of its reply and then stall
#: ("half") or close ("half-close").
Script = Callable[[int], str]

#: Streams no SNMP reader can take, each of which makes a reader close its connection.
TCP_GARBAGE = {
    "garbage": b"\x00\xffnot snmp at all",
    "indefinite": b"\x30\x80\x02\x01\x01\x00\x00",
    "huge": b"\x30\x84\x7f\xff\xff\xff\x02\x01\x01",
}


@asynccontextmanager
async def scripted_tcp_agent(script: Script) -> AsyncIterator[tuple[int, list[int]]]:
    """A TCP agent serving the demo sysDescr as `script` says: (port, requests per connection)."""
    responder = CommandResponder(MibView({SYS_DESCR: b"scripted"}))
    connections: list[int] = []
    served = 0

    async def serve(stream: anyio.abc.SocketStream) -> None:
        nonlocal served
        connections.append(0)
        framer = MessageFramer(65535)
        async with stream:
            while True:
                try:
                    messages = framer.feed(await stream.receive())
                except (anyio.EndOfStream, anyio.BrokenResourceError):
                    return
                for data in messages:
                    connections[-1] += 1
                    action = script(served)
                    served += 1
                    if action == "reset":  # a RST, not a FIN
                        raw = stream.extra(anyio.abc.SocketAttribute.raw_socket)
                        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        return
                    reply = responder.respond(data)
                    assert reply is not None
                    if action in TCP_GARBAGE:
                        await stream.send(TCP_GARBAGE[action])
                    elif action.startswith("answer+"):
                        await stream.send(reply + TCP_GARBAGE[action[7:]])
                    elif action.startswith("half"):
                        await stream.send(reply[: len(reply) // 2])
                        if action == "half-close":
                            return
                    elif action == "answer":
                        await stream.send(reply)

    async with await anyio.create_tcp_listener(local_host="127.0.0.1") as listener:
        port = listener.extra(anyio.abc.SocketAttribute.local_port)
        async with anyio.create_task_group() as tg:
            tg.start_soon(listener.serve, serve)
            yield port, connections
            tg.cancel_scope.cancel()


def beyond_tcp_buffers() -> int:
    """More octets than a connection's send buffer can grow to (twice Linux's tcp_wmem
    maximum) plus a least receive buffer hold: a message that large waits, partly sent,
    on a peer that reads nothing."""
    return 2 * int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])


def values_beyond_tcp_buffers() -> dict[str, bytes]:
    """set_many's values of a request larger than `beyond_tcp_buffers` (60000 octets each)."""
    return {
        f"1.3.6.1.4.1.9.9.{i}.0": bytes(60000) for i in range(beyond_tcp_buffers() // 60000 + 1)
    }


@contextmanager
def late_reading_tcp_agent(reading: threading.Event) -> Iterator[tuple[int, list[int]]]:
    """A TCP agent answering the demo sysDescr, whose connections read nothing until
    `reading` is set, with receive buffers of the least size (a peer's message of a few
    KiB then waits, partly sent): (port, requests per connection). Threads of its own:
    asyncio's streams would read ahead of the agent."""
    responder = CommandResponder(MibView({SYS_DESCR: b"scripted"}))
    connections: list[int] = []

    def serve(conn: socket.socket) -> None:
        connections.append(0)
        framer = MessageFramer(65535)
        with conn, suppress(OSError, FramingError):  # a peer gone, or what is not SNMP
            reading.wait()
            while chunk := conn.recv(65536):
                for data in framer.feed(chunk):
                    connections[-1] += 1
                    reply = responder.respond(data)
                    assert reply is not None
                    conn.sendall(reply)

    def accept(listener: socket.socket) -> None:
        with suppress(OSError):  # closed
            while True:
                threading.Thread(target=serve, args=(listener.accept()[0],), daemon=True).start()

    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)  # its connections' too
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        threading.Thread(target=accept, args=(listener,), daemon=True).start()
        try:
            yield listener.getsockname()[1], connections
        finally:
            reading.set()
            listener.shutdown(socket.SHUT_RDWR)


@contextmanager
def syn_dropping_port() -> Iterator[int]:
    """A loopback TCP port whose listener's accept queue is full: a connection to it waits
    unanswered, as to a host whose firewall drops the SYNs (Linux drops them then)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        queued = [socket.socket() for _ in range(2)]
        try:
            for sock in queued:
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
            yield port
        finally:
            for sock in queued:
                sock.close()
