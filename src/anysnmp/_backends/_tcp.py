"""SNMP over TCP (RFC 3430): one connection per session, messages framed by their BER length.

The async transport runs on asyncio and trio on its socket itself (`TcpSocket`,
with no stream object: a request is sent by the system call when the socket's
buffer has room): a reader task frames the replies and routes each to the request
whose id it carries, so any number of requests may be in flight on the
connection. The blocking one runs on a plain socket, one request at a time.
The agent's side is `_tcp_server.TcpServer`.

Both open the connection on entering and re-open it once per request when the
peer closed or reset it, then send the request again. A retry after a timeout
sends the request again, with a fresh id, on the same connection (RFC 3430
needs no retransmission, but an agent may drop a request it cannot serve).
"""

from __future__ import annotations

import errno
import logging
import os
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from typing import Any, TypeVar

import anyio

from .._address import TransportAddress
from .._closed import ClosedError
from .._codec import core
from .._errors import FramingError, NetworkError, network_error
from .._errors import TimeoutError as SnmpTimeoutError
from .._protocol._framing import MessageFramer
from .._transport import MAX_TCP_MESSAGE_SIZE, Address, SockAddr, address_of
from ._tcp_socket import TcpSocket
from ._udp import CLOSED, decode_reply, foreign_error, random_ids

__all__ = ("AsyncTcpTransport", "BlockingTcpTransport")

T = TypeVar("T")

logger = logging.getLogger("anysnmp")

#: What a broken connection raises while receiving.
_BROKEN = (anyio.EndOfStream, OSError)


def _answer(
    queue: deque[tuple[bytes, int]], decode: Callable[[bytes, int], T | None], addr: SockAddr
) -> T | None:
    """The first queued reply that `decode` accepts (the others are dropped), or None."""
    while queue:
        result = decode_reply(decode, queue.popleft(), addr)
        if result is not None:
            return result
    return None


class _Ids:
    """A request's ids, each routed to its reply queue (`queue`) until the request ends."""

    __slots__ = ("_keys", "_pending", "queue")

    def __init__(self, pending: dict[int, deque[tuple[bytes, int]]]) -> None:
        self._pending = pending
        self.queue: deque[tuple[bytes, int]] = deque()
        self._keys: list[int] = []

    def __enter__(self) -> _Ids:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for key in self._keys:
            del self._pending[key]

    def new(self) -> int:
        """A fresh id, routed to `queue`."""
        pending = self._pending
        while True:
            key = random_ids.next()
            if key and key not in pending:
                pending[key] = self.queue
                self._keys.append(key)
                return key


class _Routing:
    """Request ids and the replies routed to them, shared by both transports."""

    def __init__(self, peer: SockAddr, family: int, connect_timeout: float) -> None:
        self._peer = peer
        self.family = family
        #: The largest reply accepted; a larger one closes the connection.
        self._max_size = MAX_TCP_MESSAGE_SIZE
        #: Seconds a connection may take to open: a host that drops the SYNs would hold a
        #: connect for the kernel's retries (over two minutes on Linux).
        self._connect_timeout = connect_timeout
        self.closed = False
        self.dropped = 0
        self._pending: dict[int, deque[tuple[bytes, int]]] = {}
        #: Why the current connection ended when its stream could not be read, else None.
        self._unreadable: FramingError | None = None

    def _where(self) -> str:
        """The agent's address in Net-SNMP's syntax, as the command line takes it."""
        return str(TransportAddress("tcp", *address_of(self._peer)))

    def _connect_error(self, exc: OSError) -> NetworkError:
        """A connection that could not be made, naming the agent and the system's reason
        (anyio's 'All connection attempts failed' has it as its cause, whose text under
        asyncio is 'Connect call failed')."""
        cause = exc.__cause__
        if exc.errno is None and isinstance(cause, OSError) and cause.errno is not None:
            exc = cause
        what = f"cannot connect to {self._where()}"
        if exc.errno is None:
            return network_error(exc, what)
        hint = ": is the agent listening on TCP at that port?"
        reason = os.strerror(exc.errno) + (hint if exc.errno == errno.ECONNREFUSED else "")
        return NetworkError(exc.errno, f"{what}: {reason}")

    def _connect_timeout_error(self) -> SnmpTimeoutError:
        """A connection not opened within its time: the host may drop its packets."""
        return SnmpTimeoutError(
            f"no TCP connection to {self._where()} within {self._connect_timeout:g}s: check the "
            "host and port, and that the agent listens on TCP there (a firewall may drop "
            "connections without a word)"
        )

    def _send_timeout_error(self) -> SnmpTimeoutError:
        """A message that takes no answer not taken whole within the connection's time."""
        return SnmpTimeoutError(
            f"the message to {self._where()} was not all sent within {self._connect_timeout:g}s "
            "(does the receiver read?): connection closed"
        )

    def _unsent_error(self, timeout: float, attempts: int) -> SnmpTimeoutError:
        """A request no attempt of which went out whole in its time: the agent reads nothing."""
        return SnmpTimeoutError(
            f"the request to {self._where()} was not all sent in any of its {attempts} "
            f"attempt(s) of {timeout:g}s: the agent took no more of it (does it read?)"
        )

    def _reset_error(self) -> NetworkError | FramingError:
        """The error of a request whose connection ended twice: what the agent sent, if that."""
        closed = f"the TCP connection to {self._where()} was closed twice in a request"
        if self._unreadable is not None:
            return FramingError(f"{closed}, after the agent sent {self._unreadable}")
        return NetworkError(closed)

    def _ended(self, exc: BaseException) -> None:
        """Notes why the connection ended (`_reset_error` names a stream it could not read)."""
        logger.debug("TCP connection to %s ended: %r", self._peer, exc)
        if isinstance(exc, FramingError):
            self._unreadable = exc

    def in_flight(self) -> int:
        """How many request ids are waiting for an answer."""
        return len(self._pending)

    def _request(self) -> _Ids:
        """A request's ids, routed to its reply queue until it ends (``with``)."""
        return _Ids(self._pending)

    def _route(self, message: bytes) -> None:
        key = core.peek_request_id(message)
        queue = self._pending.get(key)  # type: ignore[arg-type]
        if queue is None:
            self.dropped += 1
            logger.debug("dropped a message from %s (id %s)", self._peer, key)
        else:
            queue.append((message, key))  # type: ignore[arg-type]


class AsyncTcpTransport(_Routing):
    """One TCP connection to an agent for an async session (asyncio or trio).

    Args:
        peer: the agent's socket address.
        family: its address family.
        connect_timeout: seconds a connection may take to open (each time).
    """

    def __init__(self, peer: SockAddr, family: int, connect_timeout: float) -> None:
        super().__init__(peer, family, connect_timeout)
        self._stream: TcpSocket | None = None
        self._connect_lock = anyio.Lock()
        self._arrived = anyio.Event()  # set when replies arrive or the connection ends
        self._task_group: anyio.abc.TaskGroup | None = None

    @property
    def local_address(self) -> Address:
        if self._stream is None:
            raise ClosedError("the TCP connection is not open")
        return address_of(self._stream.sock.getsockname())

    async def __aenter__(self) -> AsyncTcpTransport:
        self._thread = threading.get_ident()
        self._task_group = anyio.create_task_group()
        await self._task_group.__aenter__()
        try:
            await self._connect()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.closed = True
        self._wake()
        task_group, self._task_group = self._task_group, None
        if self._stream is not None:  # its reader ends, and closes it
            with suppress(OSError):
                self._stream.sock.shutdown(socket.SHUT_RDWR)
        if task_group is not None:
            task_group.cancel_scope.cancel()
            await task_group.__aexit__(None, None, None)

    async def _connect(self) -> TcpSocket:
        sock = socket.socket(self.family, socket.SOCK_STREAM)
        connected = False
        try:
            sock.setblocking(False)
            with anyio.move_on_after(self._connect_timeout):
                await _open(sock, self._peer)
                connected = True
        except OSError as exc:
            sock.close()
            raise self._connect_error(exc) from None
        except BaseException:
            sock.close()
            raise
        if not connected:
            sock.close()
            raise self._connect_timeout_error()
        with suppress(OSError):  # requests leave at once, as anyio's streams sent them
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self._task_group is not None
        stream = self._stream = TcpSocket(sock)
        self._unreadable = None
        self._task_group.start_soon(self._read, stream)
        return stream

    async def _reopen(self, broken: TcpSocket | None) -> TcpSocket:
        """The connection after `broken`: another request's, or a new one."""
        async with self._connect_lock:
            if self.closed:
                raise ClosedError(CLOSED)
            if self._stream is not None and self._stream is not broken:
                return self._stream
            return await self._connect()

    async def _read(self, stream: TcpSocket) -> None:
        framer = MessageFramer(self._max_size)
        try:
            while framer.failed is None:
                chunk = await stream.receive()
                if not chunk:
                    raise anyio.EndOfStream
                for message in framer.feed(chunk):
                    self._route(message)
                self._wake()
            raise framer.failed
        except (*_BROKEN, FramingError) as exc:
            self._ended(exc)
        finally:
            if self._stream is stream:
                self._stream = None
            await _close(stream)
            self._wake()

    def _wake(self) -> None:
        self._arrived.set()
        self._arrived = anyio.Event()

    async def _send(self, data: bytes, stream: TcpSocket | None) -> bool:
        """Sends on `stream`; False when it is broken."""
        if stream is None:
            return False
        try:
            await stream.send(data)
        except OSError:
            return False
        return True

    async def _deliver(
        self, data: bytes, stream: TcpSocket | None, reopened: bool
    ) -> tuple[TcpSocket, bool]:
        """Sends `data` on `stream`, or on a new connection when it is broken (once a request).

        Returns the stream it went out on, and whether the request re-opened the connection.

        Raises:
            NetworkError: the connection cannot be re-opened, or was re-opened already.
        """
        while stream is None or not await self._send(data, stream):
            if reopened:
                raise self._reset_error()
            reopened = True
            stream = await self._reopen(stream)
        return stream, reopened

    async def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends a message that takes no answer; a broken connection is re-opened once.
        It goes out within `connect_timeout`, or the connection is closed: a peer that
        reads nothing would hold one larger than the sockets' buffers for ever.

        Raises:
            NetworkError: the connection cannot be re-opened, or closes again.
            TimeoutError: not all of it was taken within `connect_timeout`.
            ClosedError: the transport is closed.
            UsageError: called from another thread than its event loop's.
        """
        self._check_open()
        with anyio.move_on_after(self._connect_timeout):
            await self._deliver(data, self._stream, False)
            return
        if self._stream is not None:  # its reader ends, and closes it
            with suppress(OSError):
                self._stream.sock.shutdown(socket.SHUT_RDWR)
        raise self._send_timeout_error()

    def _check_open(self) -> None:
        """Raises unless the transport is open and called from its event loop's thread."""
        if self.closed:
            raise ClosedError(CLOSED)
        if threading.get_ident() != self._thread:
            raise foreign_error()

    async def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
    ) -> T | None:
        """As `AsyncTransport.exchange`; a connection closed under it is re-opened once.

        An attempt that ends before its request is all sent (an agent that reads nothing)
        closes its connection (`TcpSocket.send_rest`): that is not the agent closing it.

        Raises:
            NetworkError: the connection cannot be re-opened, or closes again.
            TimeoutError: no attempt's request was all sent in its time.
            ClosedError: the session closed while the request waited.
            UsageError: called from another thread than its event loop's.
        """
        self._check_open()
        reopened = False
        unsent = 0  # attempts that ended before their request was all sent
        with self._request() as ids:
            queue = ids.queue
            for _ in range(attempts):
                data = encode(ids.new())
                if policer is not None:
                    await policer.wait()
                sent = False
                with anyio.move_on_after(timeout):
                    stream, reopened = await self._deliver(data, self._stream, reopened)
                    sent = True
                    while True:
                        while stream is self._stream and not queue:
                            await self._arrived.wait()
                            if self.closed:
                                raise ClosedError(CLOSED)
                        result = _answer(queue, decode, addr)
                        if result is not None:
                            return result
                        if stream is not self._stream:  # broken while waiting: send again
                            sent = False
                            stream, reopened = await self._deliver(data, None, reopened)
                            sent = True
                if not sent:
                    unsent += 1
                    reopened = False
            if unsent == attempts:
                raise self._unsent_error(timeout, attempts)
            return None


async def _open(sock: socket.socket, peer: SockAddr) -> None:
    """Connects the non-blocking `sock` to `peer`.

    Raises:
        OSError: the connection was refused, or could not be made.
    """
    error = sock.connect_ex(peer)
    if error == errno.EINPROGRESS:
        await anyio.wait_writable(sock.fileno())
        error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if error:
        raise OSError(error, os.strerror(error))


async def _close(stream: TcpSocket) -> None:
    """Closes a connection once a send waiting for room in it (ended by the shutdown) has
    left it: closed under that wait, its descriptor could be another socket's by then."""
    with suppress(OSError):
        stream.sock.shutdown(socket.SHUT_RDWR)
    stream.stop_reading()
    with anyio.CancelScope(shield=True):
        async with stream.sending:
            stream.sock.close()


class _Unsent(Exception):
    """A blocking send that ended, its time up, before its message was all sent."""


class _Turn:
    """The connection of a `BlockingTcpTransport` to one thread at a time (``with``); the
    last to use it after `close` closes it.

    Raises:
        ClosedError: the transport is closed.
    """

    __slots__ = ("_transport",)

    def __init__(self, transport: BlockingTcpTransport) -> None:
        self._transport = transport

    def __enter__(self) -> None:
        transport = self._transport
        transport.lock.acquire()
        if transport.closed:
            transport.lock.release()
            raise ClosedError(CLOSED)

    def __exit__(self, *exc_info: object) -> None:
        transport = self._transport
        try:
            if transport.closed:
                transport.drop()
        finally:
            transport.lock.release()


class BlockingTcpTransport(_Routing):
    """One TCP connection to an agent for a blocking session; one request at a time.

    Args: as `AsyncTcpTransport`'s.
    """

    def __init__(self, peer: SockAddr, family: int, connect_timeout: float) -> None:
        super().__init__(peer, family, connect_timeout)
        self.lock = threading.Lock()
        self._turn = _Turn(self)
        self._sock: socket.socket | None = None
        self._framer = MessageFramer(self._max_size)
        self._connect()

    @property
    def local_address(self) -> Address:
        if self._sock is None:
            raise ClosedError("the TCP connection is not open")
        return address_of(self._sock.getsockname())

    def _connect(self) -> socket.socket:
        sock = socket.socket(self.family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self._connect_timeout)
            sock.connect(self._peer)
        except TimeoutError:
            sock.close()
            raise self._connect_timeout_error() from None
        except OSError as exc:
            sock.close()
            raise self._connect_error(exc) from None
        self._sock = sock
        self._framer = MessageFramer(self._max_size)
        self._unreadable = None
        return sock

    def drop(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def close(self) -> None:
        """Closes the connection; a request waiting on it (another thread's) ends at once
        with `ClosedError`: the shutdown wakes its read, and that request closes the socket
        as it leaves (closed under it, its descriptor could be another socket's by then)."""
        self.closed = True
        sock = self._sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self.lock.acquire(blocking=False):  # no request under way
            try:
                self.drop()
            finally:
                self.lock.release()

    def _receive(self, sock: socket.socket, deadline: float) -> bool:
        """Reads and routes what arrives before `deadline`; False when the connection ended."""
        # At most SIGNAL_POLL: a signal that came just before the read is seen after it.
        sock.settimeout(min(max(deadline - time.monotonic(), 1e-6), core.SIGNAL_POLL))
        try:
            chunk = sock.recv(65536)
            if not chunk:
                return False
            for message in self._framer.feed(chunk):
                self._route(message)
            if self._framer.failed is not None:
                raise self._framer.failed
        except TimeoutError:
            pass
        except (OSError, FramingError) as exc:
            self._ended(exc)
            return False
        return True

    def _deliver(self, data: bytes, timeout: float | None, reopened: bool) -> bool:
        """Sends `data`, on a new connection when the current one is broken (once a request).

        Returns whether the request re-opened the connection.

        Raises:
            NetworkError: the connection cannot be re-opened, or was re-opened already.
            _Unsent: not all of `data` went out within `timeout` (the connection is closed).
        """
        while True:
            if self.closed:  # not re-opened once the session closed it
                raise ClosedError(CLOSED)
            try:
                if self._sock is None:
                    raise ConnectionResetError
                self._sock.settimeout(timeout)
                self._sock.sendall(data)
                return reopened
            except TimeoutError:  # the socket's: part of it may have gone out
                self.drop()
                raise _Unsent from None
            except OSError:
                if reopened:
                    raise self._reset_error() from None
                reopened = True
                self.drop()
                self._connect()

    def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends a message that takes no answer; a broken connection is re-opened once.
        As `AsyncTcpTransport.send`, it goes out within `connect_timeout` (each send)."""
        with self._turn:
            try:
                self._deliver(data, self._connect_timeout, False)
            except _Unsent:
                raise self._send_timeout_error() from None

    def send_ahead(
        self, addr: SockAddr, encode: Callable[[int], bytes], policer: Any = None
    ) -> None:
        """Sends nothing ahead: a connection's requests take turns (`exchange` sends it)."""

    def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
        sent: None = None,
    ) -> T | None:
        """As `AsyncTcpTransport.exchange`, blocking; threads take turns on the connection.

        Nothing is sent ahead on TCP (`send_ahead`), so `sent` is None.
        """
        with self._turn, self._request() as ids:
            queue = ids.queue
            reopened = False
            unsent = 0  # attempts that ended before their request was all sent
            for _ in range(attempts):
                data = encode(ids.new())
                if policer is not None:
                    policer.wait_blocking()
                deadline = time.monotonic() + timeout
                try:
                    reopened = self._deliver(data, timeout, reopened)
                    while time.monotonic() < deadline:
                        sock = self._sock
                        alive = sock is not None and self._receive(sock, deadline)
                        if self.closed:
                            raise ClosedError(CLOSED)
                        if not alive:
                            self.drop()
                        result = _answer(queue, decode, addr)  # what came before a break too
                        if result is not None:
                            return result
                        if not alive:  # broken while waiting: send again
                            reopened = self._deliver(
                                data, max(deadline - time.monotonic(), 1e-6), reopened
                            )
                except _Unsent:  # its connection closed by this request, not the agent
                    unsent += 1
                    reopened = False
            if unsent == attempts:
                raise self._unsent_error(timeout, attempts)
            return None
