"""Agent: UDP sockets and TCP listeners on several interfaces, each message handed to a handler.

The sockets are served by the transports' servers (`anysnmp._backends`:
`UdpServer`, `TcpServer`), which turn each message into a `Request`. A
handler that also has a synchronous ``answer(request)`` method
(CommandResponder, NotificationReceiver) is called inline and its reply sent
at once: no task per datagram (a reply it raises as `Later` is sent from a
task, after its delay). Otherwise each datagram runs
``await handler(request)`` in the agent's task group, at most
``max_concurrency`` at a time; datagrams beyond that are dropped and counted.
A TCP connection's messages are served in order, each within ``idle_timeout``.
"""

from __future__ import annotations

import logging
import reprlib
import socket
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from time import monotonic
from types import TracebackType
from typing import Protocol

import anyio
import anyio.abc
import attrs

from ._address import TransportAddress, parse_address
from ._backends import udp_server
from ._backends._tcp_server import TcpServer
from ._errors import AddressError, ArgumentTypeError, ConfigurationError, check_setting
from ._failures import FailureLog, raised_at
from ._transport import (
    Address,
    Later,
    Request,
    Server,
    address_of,
    is_port,
    listen_socket,
    open_socket,
    resolve,
)
from ._usage import never_exit, refuse_with

__all__ = ("Agent", "AgentStats", "Handler", "Request")

logger = logging.getLogger("anysnmp.agent")

#: A handler: ``await handler(request)`` for each datagram.
Handler = Callable[["Request"], Awaitable[None]]


class InlineHandler(Protocol):
    """A handler that can also answer synchronously, without a task."""

    def answer(self, request: Request) -> bytes | None: ...


@attrs.define
class AgentStats:
    """Counters of an `Agent`."""

    received: int = 0
    dropped: int = 0
    handler_errors: int = 0
    send_errors: int = 0
    #: TCP connections accepted, and closed to make room for one beyond ``max_connections``.
    connections: int = 0
    evicted_connections: int = 0
    #: TCP connections closed for a stream that is not SNMP or a message over the limit.
    bad_streams: int = 0
    #: TCP connections closed for completing no message (or taking no reply) in ``idle_timeout``.
    idle_timeouts: int = 0


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
            and its reply sent (or, raised as `Later`, sent after its delay
            from a task). Its exceptions never stop the agent: each is counted in
            ``stats.handler_errors``; the first of each kind (its type and the place
            it was raised) is logged with its traceback, the later ones in a line at
            most once a minute.
        max_concurrency: handler tasks running at once for UDP, and the
            datagrams' replies waiting to be sent later; datagrams beyond it
            are dropped and counted in ``stats.dropped`` (a TCP connection
            holds its own replies waiting, 32 at most, read no further meanwhile).
        send_buffer: SO_SNDBUF of the UDP sockets, 0 for the system default.
        recv_buffer: SO_RCVBUF of the UDP sockets, 0 for the system default.
        max_connections: TCP connections served at once; one more closes the
            connection idle longest of the source holding the most (a peer's
            address, an IPv6 peer's /64; the new one counted).
        max_message_size: the largest message a TCP connection carries, either
            way; a peer announcing a larger one is disconnected.
        idle_timeout: seconds a TCP connection may take to complete a message
            (or to take a reply: a peer that does not read) before it is closed.

    Raises:
        AddressError: an address that is not in Net-SNMP's syntax, names
            another transport than udp and tcp, or a port past 65535.
        ArgumentTypeError: an interface that is no address (a host not a str,
            a port not an int).
        ConfigurationError: no interface (``ifaces`` empty), or a limit out of range
            (`max_message_size` below 484, the SNMP minimum; a count below 1; a buffer
            size below 0).
    """

    _usage = "async with Agent(ifaces, handler) as agent"

    __enter__ = refuse_with
    __exit__ = never_exit

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
        if not callable(handler):
            raise ArgumentTypeError(
                "an Agent's handler is a CommandResponder, a NotificationReceiver or an async "
                f"function of a Request, not a {type(handler).__name__}: serve a MibView with "
                "Agent(ifaces, CommandResponder(view))"
            )
        if isinstance(ifaces, (str, TransportAddress)) or (
            isinstance(ifaces, tuple) and len(ifaces) == 2 and isinstance(ifaces[1], int)
        ):
            raise ArgumentTypeError(
                f"an Agent's ifaces are a list of addresses, not one: Agent([{ifaces!r}], handler)"
            )
        if isinstance(ifaces, bytes) or not isinstance(ifaces, Iterable):
            raise ArgumentTypeError(
                "an Agent's ifaces are a list of addresses ([('127.0.0.1', 1161)]), "
                f"not {type(ifaces).__name__}"
            )
        check_setting("max_concurrency", max_concurrency, 1)
        check_setting("max_connections", max_connections, 1)
        check_setting("max_message_size", max_message_size, 484)
        check_setting("idle_timeout", idle_timeout, 0, seconds=True)
        check_setting("send_buffer", send_buffer, 0)
        check_setting("recv_buffer", recv_buffer, 0)
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
        self._failures = FailureLog(logger)
        self._ifaces = [_transport_address(iface) for iface in ifaces]
        if not self._ifaces:
            raise ConfigurationError(
                "an Agent's ifaces name no address, so it would serve nothing: give one or "
                "more, Agent([('127.0.0.1', 1161)], handler)"
            )
        self._buffers = {"send_buffer": send_buffer, "recv_buffer": recv_buffer}
        #: The bound sockets, in ``ifaces`` order, until the servers own them.
        self._sockets: list[tuple[str, socket.socket]] = []
        self._servers: list[Server] = []
        self._bound: list[TransportAddress] = []
        self._active = 0
        self._task_group: anyio.abc.TaskGroup | None = None

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
                    sock = listen_socket(family, addr)
                else:
                    sock = open_socket(family, addr, **self._buffers)
                self._sockets.append((iface.transport, sock))
                local = address_of(sock.getsockname())
                self._bound.append(TransportAddress(iface.transport, *local))
            self._task_group = anyio.create_task_group()
            await self._task_group.__aenter__()
            for server in self._new_servers():
                server.start(self._task_group)
                self._servers.append(server)
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    def _new_servers(self) -> list[Server]:
        """A server for every UDP socket, and one for the TCP listeners."""
        inline = self._inline
        datagram = (
            partial(self._spawn, self._handle) if inline is None else partial(self._answer, inline)
        )
        servers: list[Server] = []
        listening = []
        destinations = getattr(self.handler, "wants_destinations", False)
        for transport, sock in self._sockets:
            if transport == "tcp":
                listening.append(sock)
            else:
                servers.append(udp_server(sock, datagram, self.stats, destinations))
        if listening:
            tcp = TcpServer(
                listening,
                self._handle,
                self._reply_later,
                self.stats,
                answer=None if inline is None else partial(self._checked, inline),
                max_connections=self.max_connections,
                max_message_size=self.max_message_size,
                idle_timeout=self.idle_timeout,
            )
            servers.append(tcp)
        return servers

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        task_group, self._task_group = self._task_group, None
        servers, self._servers = self._servers, []
        try:
            for server in servers:
                server.stop()
            if task_group is not None:
                # The body's own exception propagates as is, not in a group:
                # the agent's tasks never raise (handler errors are logged).
                task_group.cancel_scope.cancel()
                await task_group.__aexit__(None, None, None)
        finally:
            for _, sock in self._sockets:
                sock.close()

    def _answer(self, inline: Callable[[Request], bytes | None], request: Request) -> bytes | None:
        """`_checked` for a datagram: a reply answered `Later` is sent from a task."""
        try:
            return self._checked(inline, request)
        except Later as later:
            self._spawn(self._reply_later, request, later)
            return None

    def _checked(self, inline: Callable[[Request], bytes | None], request: Request) -> bytes | None:
        """``inline(request)``; None when it raises (`Later` passes) or returns what is not
        bytes (counted and logged)."""
        try:
            reply = inline(request)
        except Later:
            raise
        except Exception as error:
            self._failed(request, error)
            return None
        if reply is None or isinstance(reply, bytes):
            return reply
        # Sent, it would fail the server's task (trio: the agent).
        self._failed(
            request, TypeError(f"answer() returned {type(reply).__name__}, not bytes or None")
        )
        return None

    async def _handle(self, request: Request) -> None:
        try:
            await self.handler(request)
        except Exception as error:
            self._failed(request, error)

    def _failed(self, request: Request, error: Exception) -> None:
        """Counts a handler's failure and logs it: the first of each kind (its exception's
        type and where it was raised) with its traceback, then a line at most a minute."""
        self.stats.handler_errors += 1
        kind = type(error), raised_at(error)
        context = f" on a message from {request.source}"
        self._failures.failed(kind, monotonic(), error, "handler", context)

    def _spawn(self, job: Callable[..., Awaitable[None]], request: Request, *args: object) -> None:
        """Runs ``job(request, *args)`` in a task, unless `max_concurrency` are running."""
        if self._active >= self.max_concurrency:
            self.stats.dropped += 1
            return
        self._active += 1
        self._task_group.start_soon(self._run, job, request, *args)  # type: ignore[union-attr]

    async def _run(
        self, job: Callable[..., Awaitable[None]], request: Request, *args: object
    ) -> None:
        try:
            await job(request, *args)
        finally:
            self._active -= 1

    async def _reply_later(self, request: Request, later: Later) -> None:
        """Sends a reply the handler answered `Later`, after its delay."""
        await anyio.sleep(later.delay)
        try:
            await request.reply(later.reply)
        except Exception:
            self.stats.send_errors += 1
            logger.debug("delayed reply to %s failed", request.source, exc_info=True)


def _transport_address(iface: Address | str | TransportAddress) -> TransportAddress:
    """An interface as the agent binds it.

    Raises:
        ArgumentTypeError: neither a (host str, port int) pair, an address text nor a
            `TransportAddress` of a str and an int.
        AddressError: a port past 0-65535, or a transport other than udp and tcp.
    """
    if isinstance(iface, str):
        return parse_address(iface)
    shown = repr(iface) if isinstance(iface, TransportAddress) else reprlib.repr(iface)
    if isinstance(iface, TransportAddress):
        address = iface
    elif isinstance(iface, (tuple, list)) and len(iface) == 2:
        address = TransportAddress("udp", *iface)
    else:
        address = None
    if (
        address is None
        or not isinstance(address.host, str)
        or not isinstance(address.port, int)
        or isinstance(address.port, bool)
    ):
        raise ArgumentTypeError(
            "an Agent's ifaces are (host, port) pairs or 'udp:HOST:PORT' texts, "
            f"not {shown}: a host is a str, a port an int"
        )
    if not is_port(address.port):
        raise AddressError(f"{shown}: port must be an int from 0 to 65535, not {address.port}")
    if address.transport not in ("udp", "tcp"):
        raise AddressError(f"{shown}: only the udp and tcp transports are supported")
    return address
