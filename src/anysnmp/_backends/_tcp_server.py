"""An agent's side of SNMP over TCP (RFC 3430): listening sockets, a task per connection.

A connection's task reads its socket itself (`TcpSocket`, no stream object): it
waits until the socket is readable, takes what arrived, splits it into messages
(`MessageFramer`) and serves them in order. A handler that answers in line
(`CommandResponder`) is called with no await, and its reply sent at once when the
socket's buffer has room: a message costs one wait and no cancel scope. The idle
timeout is one cancel scope per connection, whose deadline is moved only when it
passes (to `_Connection.last`, when a message last completed, plus the timeout), and
set exactly before a wait that serves or sends (an async handler, a reply the
socket's buffer has no room for).

The connections share `max_connections` slots by their source (`source_of`: the
peer's address, an IPv6 peer's /64): with every slot taken, a new connection
closes the one idle longest of the source holding the most (the new one counted),
sparing those serving a message or writing a reply while it has others, so a peer
holding every slot loses its own connections, not the others'.
"""

from __future__ import annotations

import logging
import math
import socket
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from contextvars import ContextVar

import anyio
import anyio.abc

from .._errors import FramingError, NetworkError
from .._protocol._framing import MessageFramer
from .._transport import Address, Later, Request, ServerStats, SockAddr, address_of
from ._tcp_socket import TcpSocket

__all__ = ("LATER_PER_CONNECTION", "TcpServer", "source_of")

logger = logging.getLogger("anysnmp")

#: True in a connection's task while an async handler serves a message: a reply sent then
#: (in line) is bounded by the message's time to be served; one sent otherwise (late) gets
#: a time of its own.
_SERVING: ContextVar[bool] = ContextVar("anysnmp_tcp_serving", default=False)

#: A connection's replies waiting to be sent late (a handler's `Later`); while it has
#: that many, the agent reads no more of its messages.
LATER_PER_CONNECTION = 32


#: An IPv4 address mapped into IPv6 (a dual-stack socket's IPv4 peer) begins so.
_V4_MAPPED = bytes(10) + b"\xff\xff"


def source_of(peer: SockAddr) -> str:
    """Whose connection it is, as the slots are shared: the peer's IPv4 address, or its
    IPv6 /64 (a host has a /64 of addresses to connect from), with a link-local one's zone.
    """
    host: str = peer[0]
    if ":" not in host:
        return host
    address, percent, zone = host.partition("%")
    packed = socket.inet_pton(socket.AF_INET6, address)
    if packed.startswith(_V4_MAPPED):
        return socket.inet_ntop(socket.AF_INET, packed[12:])
    prefix = socket.inet_ntop(socket.AF_INET6, packed[:8] + bytes(8))
    return f"{prefix}/64{percent}{zone}"


def _clock() -> Callable[[], float]:
    """The running backend's clock: that of its cancel scopes' deadlines."""
    from ._asyncio import running_asyncio_loop

    loop = running_asyncio_loop()
    if loop is not None:
        return loop.time
    import trio

    return trio.lowlevel.current_clock().current_time


class _Connection(TcpSocket):
    """A connection being served: its socket, its source (`source_of`), its replies (one
    at a time, each within a time), the slots of its late replies, and since when it has
    been idle.

    A reply not taken in `timeout` (a peer that does not read) closes the connection;
    `scope.cancel()` ends its task (evicted).
    """

    def __init__(
        self,
        sock: socket.socket,
        source: str,
        timeout: float,
        stats: ServerStats,
        clock: Callable[[], float],
    ) -> None:
        super().__init__(sock)
        self.source = source
        self.scope = anyio.CancelScope()  # its task's, entered there
        self.timeout = timeout
        self.stats = stats
        self.clock = clock
        self.later = anyio.Semaphore(LATER_PER_CONNECTION)
        self.pending = 0  # late replies not sent yet
        self.closed = False  # timed out: closing
        self.last = clock()  # when a message last completed (or the connection opened)
        self.reading = True  # waiting for the socket to receive: serving no message

    async def reply(self, data: bytes, sockaddr: SockAddr) -> None:
        """`Request.reply`: a late reply (within `timeout`), or an async handler's."""
        try:
            if _SERVING.get():  # within its message's time to be served already
                await self.send(data)
            else:
                with anyio.fail_after(self.timeout):
                    await self.send(data)
        except TimeoutError:
            self.timed_out()
            raise NetworkError(
                f"cannot reply to {address_of(sockaddr)}: it took no reply in {self.timeout:g} s; "
                "connection closed"
            ) from None
        except OSError as exc:
            raise NetworkError(f"cannot reply to {address_of(sockaddr)}: {exc!r}") from None

    def timed_out(self) -> None:
        """Counts the connection's idle timeout, once, and ends its reads and sends (its
        task closes it; replies waiting fail with the first)."""
        if not self.closed:
            self.closed = True
            self.stats.idle_timeouts += 1
            with suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    async def hold(self) -> None:
        """Takes a slot for a late reply, waiting while the connection has them all."""
        await self.later.acquire()
        self.pending += 1

    async def send_later(
        self, send: Callable[[Request, Later], Awaitable[None]], request: Request, later: Later
    ) -> None:
        """``send(request, later)`` in a slot `hold` took, freed here; cancelled when
        the connection closes, counted as a send error."""
        try:
            await send(request, later)
        except anyio.get_cancelled_exc_class():
            self.stats.send_errors += 1
            raise
        finally:
            self.pending -= 1
            self.later.release()


class TcpServer:
    """Listening TCP sockets (an agent's): a task per connection, its messages served in order.

    A `Server`, like `UdpServer`.

    Each connection's octets go through a `MessageFramer`; each message, as a
    `Request`, is answered by ``answer(request)`` when given (in line: its reply,
    or None, sent at once), else ``await serve(request)`` (which replies with
    `Request.reply`), before the next is read. A connection is closed when it
    sends what is not SNMP, announces a message over `max_message_size`,
    completes no message within `idle_timeout` while no late reply of its is
    waiting (a peer stalled mid-message included), is not served within it,
    or takes no reply within it (a peer that does not read); so one peer holds at most one message's octets and
    cannot slow the others. A connection beyond `max_connections`, over all the
    sockets, closes the connection idle longest (its last message completed longest
    ago) of the source holding the most (`source_of`; the new one counted), one serving
    no message and writing no reply if it has one: a peer cannot take the slots of
    others that hold fewer, and many behind one address (a NAT) lose an idle
    connection, not a request being served.

    A reply `answer` or `serve` raises as `Later` is sent by ``send_later(request,
    later)`` from a task of its connection: at most `LATER_PER_CONNECTION` at once (the
    connection is read no further meanwhile), cancelled when the connection
    closes (as Net-SNMP's snmpd, at the end of its peer's stream).

    Args:
        socks: the listening sockets, non-blocking (their owner closes them after `stop`).
        serve: awaited for each message, when there is no `answer`.
        send_later: awaited, in a task, for a reply raised as `Later`.
        stats: counts messages, connections and why connections were closed.
        answer: called for each message, in line: its reply, or None.
        max_connections: connections served at once (one more evicts one, as above).
        max_message_size: the largest message either way.
        idle_timeout: seconds to complete a message, to serve it, or to take a reply.
    """

    def __init__(
        self,
        socks: list[socket.socket],
        serve: Callable[[Request], Awaitable[None]],
        send_later: Callable[[Request, Later], Awaitable[None]],
        stats: ServerStats,
        *,
        answer: Callable[[Request], bytes | None] | None = None,
        max_connections: int,
        max_message_size: int,
        idle_timeout: float,
    ) -> None:
        self.socks = socks
        self._serve_message = serve
        self._send_later = send_later
        self._stats = stats
        self._answer = answer
        self.max_connections = max_connections
        self.max_message_size = max_message_size
        self.idle_timeout = idle_timeout
        self._open: set[_Connection] = set()
        #: How many of `_open` each source holds (the sources holding none are not kept).
        self._sources: dict[str, int] = {}

    @property
    def connections(self) -> int:
        """Connections being served."""
        return len(self._open)

    def start(self, task_group: anyio.abc.TaskGroup) -> None:
        """Accepts connections, and serves them, in tasks of `task_group` until it is cancelled."""
        for sock in self.socks:
            task_group.start_soon(self._accept_forever, sock, task_group)

    def stop(self) -> None:
        """Nothing to do: the tasks end with their task group."""

    async def _accept_forever(self, sock: socket.socket, task_group: anyio.abc.TaskGroup) -> None:
        stats, local, fd = self._stats, address_of(sock.getsockname()), sock.fileno()
        clock = _clock()
        while True:
            await anyio.wait_readable(fd)
            try:
                conn, peer = sock.accept()
            except BlockingIOError:  # taken back by its peer meanwhile
                continue
            except OSError as exc:  # out of descriptors, or a connection reset while queued
                logger.warning("accept failed on %s: %s", local, exc)
                await anyio.sleep(0.1)
                continue
            source = source_of(peer)
            if len(self._open) >= self.max_connections:
                self._evict_for(source)
            conn.setblocking(False)
            with suppress(OSError):  # replies leave at once, as asyncio's and trio's streams do
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            stats.connections += 1
            connection = _Connection(conn, source, self.idle_timeout, stats, clock)
            self._open.add(connection)
            self._sources[source] = self._sources.get(source, 0) + 1
            task_group.start_soon(self._serve_connection, connection, local)

    def _evict_for(self, source: str) -> None:
        """Makes room for a connection of `source`: closes a connection of the source
        holding the most, that one counted (a source holding every slot loses its own;
        of several holding as many, any): the idle-longest of those serving no message
        and writing no reply, else (all busy) the idle-longest."""
        sources = self._sources
        victim = max(
            self._open,
            key=lambda c: (
                sources[c.source] + (c.source == source),
                c.reading and not c.pending,
                -c.last,
            ),
        )
        self._forget(victim)
        victim.scope.cancel()  # its task closes it
        self._stats.evicted_connections += 1

    def _forget(self, connection: _Connection) -> None:
        """Frees the slot of `connection`, if it still has one."""
        if connection in self._open:
            self._open.remove(connection)
            held = self._sources.pop(connection.source) - 1
            if held:
                self._sources[connection.source] = held

    async def _serve_connection(self, connection: _Connection, local: Address) -> None:
        try:
            with connection.scope:
                try:
                    async with anyio.create_task_group() as replies:
                        await self._read(connection, local, replies)
                        replies.cancel_scope.cancel()  # closed: its replies waiting are not sent
                finally:
                    connection.stop_reading()
        finally:
            self._forget(connection)
            connection.sock.close()

    async def _read(
        self, connection: _Connection, local: Address, replies: anyio.abc.TaskGroup
    ) -> None:
        """Serves a connection's messages until it ends (or is to be closed)."""
        idle_timeout = self.idle_timeout
        try:
            sockaddr = connection.sock.getpeername()
            framer = MessageFramer(self.max_message_size)
            queue: deque[bytes] = deque()
            while True:
                with anyio.CancelScope(deadline=connection.last + idle_timeout) as scope:
                    await self._serve(connection, scope, framer, queue, sockaddr, local, replies)
                    return
                if connection.reading:  # the deadline passed while waiting for messages
                    now = connection.clock()
                    if now < connection.last + idle_timeout:  # one completed since: wait on
                        continue
                    if connection.pending:  # waiting for its late replies: not idle
                        connection.last = now
                        continue
                connection.timed_out()  # idle, or not served or not taking a reply in time
                return
        except FramingError as exc:
            self._stats.bad_streams += 1
            logger.debug("closing a connection on %s: %s", local, exc)
        except OSError:
            pass  # the peer closed or reset the connection, or a reply not taken closed it

    async def _serve(
        self,
        connection: _Connection,
        scope: anyio.CancelScope,
        framer: MessageFramer,
        queue: deque[bytes],
        sockaddr: SockAddr,
        local: Address,
        replies: anyio.abc.TaskGroup,
    ) -> None:
        """Reads and serves messages in `scope` (the connection's deadline) until the
        connection ends; `queue` holds those read and not yet served."""
        stats, answer, limit, idle_timeout = (
            self._stats,
            self._answer,
            self.max_message_size,
            self.idle_timeout,
        )
        receive, clock = connection.receive, connection.clock
        while True:
            while queue:
                if connection.closed:  # by a reply not taken
                    return
                stats.received += 1
                request = Request(queue.popleft(), sockaddr, local, connection, "tcp", limit)
                later = None
                if answer is not None:
                    try:
                        reply = answer(request)
                    except Later as exc:
                        later = exc
                    else:
                        rest = None if reply is None else connection.send_nowait(reply)
                        if rest is not None:  # a peer slow to read: within its time
                            scope.deadline = clock() + idle_timeout
                            await connection.send_rest(rest)
                            connection.last = clock()
                else:
                    scope.deadline = clock() + idle_timeout
                    serving = _SERVING.set(True)
                    try:
                        await self._serve_message(request)
                    except Later as exc:
                        later = exc
                    finally:
                        _SERVING.reset(serving)
                    connection.last = clock()
                if later is not None:  # read no further until a slot is free (not idle)
                    scope.deadline = math.inf
                    await connection.hold()
                    replies.start_soon(connection.send_later, self._send_later, request, later)
                    connection.last = clock()
                    scope.deadline = connection.last + idle_timeout
            if framer.failed is not None:
                raise framer.failed
            connection.reading = True
            chunk = await receive()
            connection.reading = False
            if not chunk or connection.closed:
                return
            messages = framer.feed(chunk)
            if messages:
                queue.extend(messages)
                connection.last = clock()
