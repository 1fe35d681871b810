"""Agent: UDP sockets and TCP listeners on several interfaces, each message handed to a handler.

One receiver per socket drains it into a reused buffer. Under asyncio the
socket's reader stays registered with the loop for the socket's whole life;
under trio (and any other anyio backend) one task per socket waits for
readability. A handler that also has a synchronous ``answer(request)`` method
(CommandResponder, NotificationReceiver) is called inline by the receiver and
its reply sent at once: no task per datagram. Otherwise each datagram runs
``await handler(request)`` in the agent's task group, at most
``max_concurrency`` at a time; datagrams beyond that are dropped and counted.

Over TCP (RFC 3430) each connection has a task reading its stream through a
`MessageFramer`, serving its messages in order. A connection is closed when
it sends what is not SNMP, announces a message over ``max_message_size``,
completes no message within ``idle_timeout`` (a peer stalled mid-message
included) or does not take a reply within it; so one peer holds at most one
message's octets and cannot slow the others. Connections beyond
``max_connections`` are closed at once.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Protocol

import anyio
import anyio.abc
import attrs

from ._address import TransportAddress, parse_address
from ._backends._asyncio import running_asyncio_loop
from ._errors import FramingError, NetworkError, network_error
from ._protocol._framing import MessageFramer
from ._transport import RECV_BUFFER_SIZE, Address, SockAddr, address_of, open_socket, resolve

__all__ = ("Agent", "AgentStats", "Handler", "Request")

logger = logging.getLogger("anysnmp.agent")

#: A handler: ``await handler(request)`` for each datagram.
Handler = Callable[["Request"], Awaitable[None]]


class InlineHandler(Protocol):
    """A handler that can also answer synchronously, without a task."""

    def answer(self, request: Request) -> bytes | None: ...


@attrs.define(eq=False)
class Request:
    """One message received by an `Agent`: a datagram, or a message of a TCP connection.

    Attributes:
        data: the message's octets.
        sockaddr: the sender's socket address as received: (host, port), or
            for IPv6 (host, port, flowinfo, scope_id).
        local: the bound (host, port) of the interface it came in on.
        transport: "udp" or "tcp".
        max_size: the largest reply the transport carries (over TCP, the
            agent's ``max_message_size``); None for a datagram, where the
            handler's own limit applies.
    """

    data: bytes
    sockaddr: SockAddr
    local: Address
    _sock: socket.socket | None = attrs.field(repr=False)
    transport: str = "udp"
    max_size: int | None = None
    _stream: anyio.abc.ByteSendStream | None = attrs.field(default=None, repr=False)

    @property
    def source(self) -> Address:
        """The sender's (host, port); a link-local IPv6 host names its interface (``%eth0``)."""
        return address_of(self.sockaddr)

    async def reply(self, data: bytes) -> None:
        """Sends ``data`` back to the source, from the socket the request came in on.

        Raises:
            NetworkError: the reply cannot be sent.
        """
        if self._stream is not None:
            try:
                await self._stream.send(data)
            except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError) as exc:
                raise NetworkError(f"cannot reply to {self.source}: {exc!r}") from None
            return
        assert self._sock is not None
        while True:
            try:
                self._sock.sendto(data, self.sockaddr)
                return
            except BlockingIOError:
                await anyio.wait_writable(self._sock)
            except OSError as exc:
                raise network_error(exc, f"cannot reply to {self.source}") from None


@attrs.define
class AgentStats:
    """Counters of an `Agent`."""

    received: int = 0
    dropped: int = 0
    handler_errors: int = 0
    send_errors: int = 0
    #: TCP connections accepted, and refused beyond ``max_connections``.
    connections: int = 0
    refused_connections: int = 0
    #: TCP connections closed for a stream that is not SNMP or a message over the limit.
    bad_streams: int = 0
    #: TCP connections closed for completing no message (or taking no reply) in ``idle_timeout``.
    idle_timeouts: int = 0


class _Receiver:
    """One bound socket and its receive loop."""

    def __init__(self, agent: Agent, sock: socket.socket) -> None:
        self.agent = agent
        self.sock = sock
        self.local: Address = address_of(sock.getsockname())
        self._view = memoryview(bytearray(RECV_BUFFER_SIZE))

    async def receive_forever(self) -> None:
        while True:
            await anyio.wait_readable(self.sock)
            self.drain()

    def drain(self) -> None:
        agent, sock, view, local = self.agent, self.sock, self._view, self.local
        stats, inline = agent.stats, agent._inline
        while True:
            try:
                size, source = sock.recvfrom_into(view)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionError as exc:  # an ICMP error queued on the socket
                logger.debug("receive error on %s: %s", local, exc)
                continue
            except OSError as exc:
                logger.warning("receive failed on %s: %s", local, exc)
                return
            stats.received += 1
            request = Request(bytes(view[:size]), source, local, sock)
            if inline is not None:
                reply = agent._answer(inline, request)
                if reply is not None:
                    try:
                        sock.sendto(reply, source)
                    except OSError as exc:
                        stats.send_errors += 1
                        logger.debug("reply to %s failed: %s", request.source, exc)
            elif agent._active >= agent.max_concurrency:
                stats.dropped += 1
            else:
                agent._active += 1
                agent._task_group.start_soon(agent._run, request)  # type: ignore[union-attr]


class _TcpListener:
    """One listening TCP socket: a task per connection, each serving its messages in order."""

    def __init__(self, agent: Agent, sock: socket.socket) -> None:
        self.agent = agent
        self.sock = sock
        self.local: Address = address_of(sock.getsockname())

    async def accept_forever(self, task_group: anyio.abc.TaskGroup) -> None:
        agent, stats = self.agent, self.agent.stats
        async with await anyio.abc.SocketListener.from_socket(self.sock) as listener:
            while True:
                try:
                    stream = await listener.accept()
                except OSError as exc:  # out of descriptors, or a connection reset while queued
                    logger.warning("accept failed on %s: %s", self.local, exc)
                    await anyio.sleep(0.1)
                    continue
                if agent._connections >= agent.max_connections:
                    stats.refused_connections += 1
                    await anyio.aclose_forcefully(stream)
                    continue
                stats.connections += 1
                agent._connections += 1
                task_group.start_soon(self._serve, stream)

    async def _serve(self, stream: anyio.abc.SocketStream) -> None:
        agent = self.agent
        try:
            sockaddr = stream.extra(anyio.abc.SocketAttribute.raw_socket).getpeername()
            framer = MessageFramer(agent.max_message_size)
            async with stream:
                while True:
                    messages = None
                    with anyio.move_on_after(agent.idle_timeout):
                        messages = await _receive_messages(stream, framer)
                    if messages is None:
                        agent.stats.idle_timeouts += 1
                        return
                    for data in messages:
                        request = Request(
                            data, sockaddr, self.local, None, "tcp", agent.max_message_size, stream
                        )
                        if not await agent._serve_message(request):
                            return
        except FramingError as exc:
            agent.stats.bad_streams += 1
            logger.debug("closing a connection on %s: %s", self.local, exc)
        except (anyio.EndOfStream, anyio.BrokenResourceError, OSError):
            pass  # the peer closed or reset the connection
        finally:
            agent._connections -= 1


async def _receive_messages(
    stream: anyio.abc.ByteReceiveStream, framer: MessageFramer
) -> list[bytes]:
    """The next whole messages of `stream` (at least one)."""
    while True:
        messages = framer.feed(await stream.receive())
        if messages:
            return messages


def _listen_socket(family: int, addr: SockAddr) -> socket.socket:
    """A non-blocking TCP socket listening on `addr`.

    Raises:
        NetworkError: it cannot be made, bound or put to listen.
    """
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise network_error(exc, "cannot open a TCP socket") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise network_error(exc, f"cannot listen on tcp {address_of(addr)}") from None
    return sock


class Agent:
    """UDP sockets and TCP listeners bound on interfaces, serving each message with a handler.

    Use as ``async with Agent([("127.0.0.1", 0)], handler) as agent:``; the
    agent serves until the block exits (or is cancelled), then closes its
    sockets and connections.

    Args:
        ifaces: where to listen: (host, port) pairs (UDP), or addresses in
            Net-SNMP's syntax (``"udp:127.0.0.1:161"``, ``"tcp:0.0.0.0:161"``,
            ``"tcp6:[::1]:1161"``; a bare ``"host:port"`` is UDP) or
            `TransportAddress` objects; IPv4 or IPv6 (a link-local address
            names its interface: ``("fe80::1%eth0", 161)``); port 0 picks a
            free port (see `addresses`).
        handler: ``await handler(request)`` for each message; a handler with
            a synchronous ``answer(request) -> bytes | None`` is called inline
            and its reply sent. Exceptions are logged, never stop the agent.
        max_concurrency: handler tasks running at once for UDP; datagrams
            beyond it are dropped and counted in ``stats.dropped``.
        send_buffer: SO_SNDBUF of the UDP sockets, 0 for the system default.
        recv_buffer: SO_RCVBUF of the UDP sockets, 0 for the system default.
        max_connections: TCP connections served at once; more are closed at once.
        max_message_size: the largest message a TCP connection carries, either
            way; a peer announcing a larger one is disconnected.
        idle_timeout: seconds a TCP connection may take to complete a message
            (or to take a reply) before it is closed.

    Raises:
        AddressError: an address that is not in Net-SNMP's syntax, or names
            another transport than udp and tcp.
    """

    def __init__(
        self,
        ifaces: Iterable[Address | str | TransportAddress] = (("127.0.0.1", 161),),
        handler: Handler | None = None,
        *,
        max_concurrency: int = 1000,
        send_buffer: int = 0,
        recv_buffer: int = 0,
        max_connections: int = 512,
        max_message_size: int = 65535,
        idle_timeout: float = 30.0,
    ) -> None:
        if handler is None:
            raise TypeError("Agent needs a handler")
        self.handler = handler
        answer = getattr(handler, "answer", None)
        self._inline: Callable[[Request], bytes | None] | None = (
            answer if callable(answer) else None
        )
        self.max_concurrency = max_concurrency
        self.max_connections = max_connections
        self.max_message_size = max_message_size
        self.idle_timeout = idle_timeout
        self.stats = AgentStats()
        self._ifaces = [_transport_address(iface) for iface in ifaces]
        self._buffers = {"send_buffer": send_buffer, "recv_buffer": recv_buffer}
        self._receivers: list[_Receiver] = []
        self._listeners: list[_TcpListener] = []
        self._bound: list[TransportAddress] = []
        self._active = 0
        self._connections = 0
        self._task_group: anyio.abc.TaskGroup | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def addresses(self) -> list[Address]:
        """The bound (host, port) of every interface, in ``ifaces`` order."""
        return [(a.host, a.port) for a in self._bound]

    @property
    def endpoints(self) -> list[TransportAddress]:
        """The bound address of every interface with its transport, in ``ifaces`` order.

        ``str()`` of one is Net-SNMP's syntax (``tcp:127.0.0.1:1161``).
        """
        return list(self._bound)

    async def __aenter__(self) -> Agent:
        try:
            for iface in self._ifaces:
                family, addr = await resolve(iface.host, iface.port, iface.family)
                if iface.transport == "tcp":
                    listener = _TcpListener(self, _listen_socket(family, addr))
                    self._listeners.append(listener)
                    local = listener.local
                else:
                    receiver = _Receiver(self, open_socket(family, addr, **self._buffers))
                    self._receivers.append(receiver)
                    local = receiver.local
                self._bound.append(TransportAddress(iface.transport, *local))
            self._task_group = anyio.create_task_group()
            await self._task_group.__aenter__()
        except BaseException:
            self._close()
            raise
        self._loop = running_asyncio_loop()
        for receiver in self._receivers:
            if self._loop is not None:
                self._loop.add_reader(receiver.sock.fileno(), receiver.drain)
            else:
                self._task_group.start_soon(receiver.receive_forever)
        for listener in self._listeners:
            self._task_group.start_soon(listener.accept_forever, self._task_group)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        task_group, self._task_group = self._task_group, None
        try:
            if self._loop is not None:
                for receiver in self._receivers:
                    self._loop.remove_reader(receiver.sock.fileno())
            if task_group is not None:
                # The body's own exception propagates as is, not in a group:
                # the agent's tasks never raise (handler errors are logged).
                task_group.cancel_scope.cancel()
                await task_group.__aexit__(None, None, None)
        finally:
            self._close()

    def _close(self) -> None:
        for sock in [r.sock for r in self._receivers] + [t.sock for t in self._listeners]:
            sock.close()

    def _answer(self, inline: Callable[[Request], bytes | None], request: Request) -> bytes | None:
        """``inline(request)``; None (counted and logged) when it raises."""
        try:
            return inline(request)
        except Exception:
            self.stats.handler_errors += 1
            logger.exception("handler failed on a message from %s", request.source)
            return None

    async def _handle(self, request: Request) -> None:
        try:
            await self.handler(request)
        except Exception:
            self.stats.handler_errors += 1
            logger.exception("handler failed on a message from %s", request.source)

    async def _run(self, request: Request) -> None:
        try:
            await self._handle(request)
        finally:
            self._active -= 1

    async def _serve_message(self, request: Request) -> bool:
        """Serves one message of a TCP connection; False when the connection must close."""
        self.stats.received += 1
        with anyio.move_on_after(self.idle_timeout) as scope:
            if self._inline is None:
                await self._handle(request)
            else:
                reply = self._answer(self._inline, request)
                if reply is not None:
                    await request.reply(reply)
        if scope.cancelled_caught:
            self.stats.idle_timeouts += 1
        return not scope.cancelled_caught


def _transport_address(iface: Address | str | TransportAddress) -> TransportAddress:
    if isinstance(iface, TransportAddress):
        return iface
    if isinstance(iface, str):
        return parse_address(iface)
    host, port = iface
    return TransportAddress("udp", host, port)
