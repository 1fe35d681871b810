"""UDP datagram routing shared by every backend: ids, pending requests, deadlines.

A datagram is handed to the request whose id (request-id, or msgID for v3)
and peer address match; everything else is dropped and counted. What differs
per backend (how a request waits for its datagram, and the clock) lives in the
backend's module; this one holds the rest, including the one request loop of
the async backends (`AsyncUdpEndpoint.exchange`), and the serving side of an
agent's UDP sockets (`UdpServer`: every datagram to a handler, its reply back).
"""

from __future__ import annotations

import math
import os
import socket
import sys
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

from .._codec import core
from .._errors import DecodeError, UsageError, network_error
from .._transport import (
    RECV_BUFFER_SIZE,
    Address,
    Request,
    ServerStats,
    SockAddr,
    address_of,
    connect,
    udp_text,
)

if TYPE_CHECKING:
    import anyio.abc

    from .._closed import ClosedError

__all__ = (
    "CLOSED",
    "AsyncUdpEndpoint",
    "Pending",
    "UdpEndpoint",
    "UdpServer",
    "Watchdog",
    "closed_error",
    "decode_reply",
    "foreign_error",
    "log_malformed",
    "random_ids",
)

T = TypeVar("T")


class _Logger:
    """Stands for the ``anysnmp`` logger until its first use, which imports `logging`
    (not at a command's start) and puts the logger in its place."""

    def __getattr__(self, name: str) -> Any:
        import logging

        global logger
        logger = logging.getLogger("anysnmp")
        return getattr(logger, name)


logger = _Logger()

#: Why a request ends when its endpoint closes under it.
CLOSED = "the socket was closed while the request waited (its session or Manager ended)"


def closed_error() -> ClosedError:
    """The `ClosedError` of a request whose endpoint closed under it.

    Imported here, when raised: its base class is anyio's, which the blocking
    session otherwise never imports.
    """
    from .._closed import ClosedError

    return ClosedError(CLOSED)


def foreign_error() -> UsageError:
    """The error of a request made from another thread than its endpoint's event loop's.

    The endpoint's readers, futures and timers are that loop's: another loop
    waiting on them would fail in its own way, or never wake (trio).
    """
    return UsageError(
        "this session (or Manager) was opened in another thread's event loop, and serves "
        "that loop only: open a session in each event loop that uses it, or share an "
        "anysnmp.sync.SnmpSession between threads"
    )


#: 31-bit request ids from the OS CSPRNG, read 4 KiB at a time (one syscall per 1024 ids).
random_ids = core.RandomIds()
os.register_at_fork(after_in_child=random_ids.reset)


class Pending:
    """One request's receiving slot: datagrams routed to it, and who waits for them.

    A request keeps its slot over all its attempts; each attempt's request id
    routes to it until the request ends.
    """

    __slots__ = ("addr", "due", "expired", "queue", "waiter")

    def __init__(self, addr: SockAddr) -> None:
        self.addr = addr
        self.queue: deque[tuple[bytes, int]] = deque()
        #: asyncio: the future the request awaits; trio: the parked task;
        #: blocking: the lock its thread waits on.
        self.waiter: Any = None
        self.due = 0.0
        self.expired = False


class Watchdog:
    """Expires an endpoint's waiting requests at their deadlines.

    It keeps one wake-up, at the earliest deadline it knows of. Requests with
    the same timeout start in deadline order, so a new wait rarely moves that
    time earlier: most requests cost a set insertion instead of a timer of
    their own (a timer per request costs more than the rest of a request's
    bookkeeping together). `AsyncUdpEndpoint.exchange` adds to `waiting`
    itself and calls `watch` only when a deadline comes before `check_at`.
    Backends arm the wake-up (`_arm`) their own way.
    """

    def __init__(self, expire: Callable[[Pending], None]) -> None:
        self.waiting: set[Pending] = set()
        self.check_at = math.inf
        self._expire = expire

    def watch(self, pending: Pending) -> None:
        """Wakes up at `pending`'s deadline, which comes before `check_at`."""
        self.check_at = pending.due
        self._arm(pending.due)

    def _expire_due(self, now: float) -> None:
        next_check = math.inf
        for pending in list(self.waiting):
            if pending.due <= now:
                self.waiting.discard(pending)
                pending.expired = True
                self._expire(pending)
            else:
                next_check = min(next_check, pending.due)
        self.check_at = next_check

    def _arm(self, when: float) -> None:
        raise NotImplementedError


class UdpEndpoint:
    """A UDP socket shared by any number of concurrent requests: the routing part.

    Attributes:
        sock: the socket (owned: closed with the endpoint).
        family: its address family.
        dropped: datagrams that answered no request (unknown id, wrong peer).
        closed: set once the endpoint closes.
    """

    def __init__(self, sock: socket.socket, peer: SockAddr | None = None) -> None:
        """Takes ownership of `sock`; with `peer`, connects it to talk to that address only.

        Raises:
            NetworkError: `sock` cannot be connected to `peer` (it is closed then).
        """
        if peer is not None:
            connect(sock, peer)
        self._peer = peer
        self.sock = sock
        self.family: int = sock.family
        self.dropped = 0
        self.closed = False
        self._pending: dict[int, Pending] = {}

    @property
    def local_address(self) -> Address:
        """The bound (host, port)."""
        return address_of(self.sock.getsockname())

    def in_flight(self) -> int:
        """How many request ids are waiting for an answer (a request has one per attempt)."""
        return len(self._pending)

    def new_request_id(self, pending: Pending) -> int:
        """A fresh random request id (CSPRNG), routed to `pending` until its request ends."""
        ids = self._pending
        while True:
            key = random_ids.next()
            # setdefault: atomic, so threads drawing ids at once never share one.
            if key and key not in ids and ids.setdefault(key, pending) is pending:
                return key

    def _receive(self) -> Pending | Literal[False] | None:
        """Reads a datagram and queues it on the request it answers, which it returns.

        None when the datagram answers no request (it is dropped); False when
        no datagram was queued (none waiting, a receive timeout, or a failed read).
        """
        try:
            if self._peer is not None:  # the kernel only delivers the peer's datagrams
                data, source = self.sock.recv(RECV_BUFFER_SIZE), self._peer
            else:
                data, source = self.sock.recvfrom(RECV_BUFFER_SIZE)
        except (BlockingIOError, InterruptedError):
            return False
        except ConnectionError as exc:  # an ICMP error queued on the socket
            logger.debug("receive error: %s", exc)
            return False
        except OSError as exc:
            if not self.closed:
                logger.warning("receive failed: %s", exc)
            return False
        return self.route(data, source)

    def route(self, data: bytes, source: SockAddr) -> Pending | None:
        """Queues a datagram from `source` on the request it answers, which it returns.

        None when it answers no request (it is dropped and counted).
        """
        key = core.peek_request_id(data)
        pending = self._pending.get(key)  # type: ignore[arg-type]
        if pending is None or (
            source is not self._peer
            and (
                pending.addr[0] != source[0]
                or pending.addr[1] != source[1]
                or pending.addr[3:] != source[3:]  # an IPv6 address's scope id
            )
        ):
            self._drop(source, key)
            return None
        pending.queue.append((data, key))  # type: ignore[arg-type]
        return pending

    def _drop(self, source: SockAddr, key: int | None) -> None:
        """Counts (and logs) a datagram that answered no request."""
        self.dropped += 1
        logger.debug("dropped a datagram from %s (id %s)", source, key)

    def try_send(self, data: bytes, addr: SockAddr) -> bool:
        """Sends without waiting; False when the socket's send buffer is full.

        Raises:
            NetworkError: the datagram cannot be sent (no route, too long...).
        """
        try:
            if self._peer is not None:
                self.sock.send(data)
            else:
                self.sock.sendto(data, addr)
        except BlockingIOError:
            return False
        except OSError as exc:
            self._send_failed(exc, addr)
        return True

    def _send_failed(self, exc: OSError, addr: SockAddr) -> None:
        """A send's error: logged for an ICMP error, else raised as NetworkError.

        An ICMP error from an earlier datagram (ConnectionError), reported on
        this send: the request goes unanswered and times out like any lost one.
        """
        if isinstance(exc, ConnectionError):
            logger.debug("send to %s: %s", addr, exc)
            return
        raise network_error(exc, f"cannot send to {udp_text(addr)}") from None


def decode_reply(
    decode: Callable[[bytes, int], T | None], reply: tuple[bytes, int], addr: SockAddr
) -> T | None:
    """``decode(data, request_id)`` of a queued reply; None for a malformed one (logged)."""
    try:
        return decode(*reply)
    except DecodeError as exc:
        log_malformed(addr, exc)
        return None


def log_malformed(addr: SockAddr, exc: Exception) -> None:
    """Logs a reply from `addr` that its request's decode rejected (it is dropped)."""
    logger.debug("dropped a malformed reply from %s: %s", addr, exc)


class AsyncUdpEndpoint(UdpEndpoint):
    """An endpoint for the async backends: one request loop, backend-specific waits.

    `exchange` runs one request to its end: it sends, waits, re-sends after a
    timeout, and returns the first reply its `decode` accepts (the loop is a
    C awaitable, `core.UdpRequests.exchange`). A backend subclass supplies
    `_clock`, the watchdog, how a request waits for its datagram (`_open_requests`;
    `_wait` for `wait_poller`), and what entering and closing do; a request
    costs a dict entry, a set entry and one wait per datagram.
    """

    _watchdog: Watchdog

    def __init__(self, sock: socket.socket, peer: SockAddr | None = None) -> None:
        super().__init__(sock, peer)
        self._wait: Callable[[Pending], Awaitable[None]] = _not_open
        self._clock: Callable[[], float] = _not_open
        #: ``exchange(addr, encode, decode, timeout, attempts, policer=None)``: sends
        #: ``encode(request_id)`` until ``decode(reply, request_id)`` accepts a reply.
        #: Each attempt has a fresh request id and waits `timeout` seconds; replies to
        #: earlier attempts still count. `decode` returns None for a datagram that is not
        #: the answer, or raises DecodeError (logged and dropped). The awaitable returns
        #: None once every attempt timed out. Once open, the C++ function itself
        #: (`core.UdpRequests.exchange`: a C awaitable, no Python frame per request).
        self.exchange: Callable[..., Awaitable[Any]] = _not_open
        self._receiver = core.UdpReceiver(self._pending, peer, self._drop, RECV_BUFFER_SIZE)

    def _receive_all(self) -> list[Pending]:
        """Reads the datagrams waiting (recvmmsg batches) and queues each on its request.

        No more than one per request id in flight (at least one): the rest
        keeps the socket readable, for the next wake-up. Returns the requests routed to, in arrival order (one can appear twice).
        """
        try:
            return self._receiver.receive(self.sock.fileno())
        except OSError as exc:
            self._receive_failed(exc)
        return []

    def _receive_failed(self, exc: OSError) -> None:
        """Logs a failed read of the socket (`_receive_all`'s)."""
        if isinstance(exc, ConnectionError):  # an ICMP error queued on the socket
            logger.debug("receive error: %s", exc)
        elif not self.closed:
            logger.warning("receive failed: %s", exc)

    async def __aenter__(self) -> AsyncUdpEndpoint:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closed = True
        try:
            await self._close()
        finally:
            self.sock.close()

    async def _close(self) -> None:
        """Ends the requests of other tasks and stops the backend's machinery."""

    def _open_requests(
        self,
        wait: Callable[[Pending], Awaitable[None]] | None,
        new_future: Callable[..., Any] | None = None,
        loop: Any = None,
    ) -> None:
        """Makes `exchange` work, once the backend has set its clock and watchdog.

        A request waits with ``wait(pending)``, or, when `wait` is None, on a
        future ``new_future(loop=loop)`` (``new_future()`` without a loop) that
        it sets as ``pending.waiter``.
        """
        self._thread = threading.get_ident()
        self.exchange = core.UdpRequests(
            self,
            self._pending,
            random_ids,
            Pending,
            self._watchdog,
            self._clock,
            wait,
            new_future,
            loop,
            closed_error,
            log_malformed,
            -1 if self._peer is None else self.sock.fileno(),
            foreign_error,
        ).exchange

    def get_poller(
        self, devices: list[tuple[SockAddr, Any, float, int]], concurrency: int, deadline: float
    ) -> Any:
        """A `core.GetPoller` of `devices` on this socket, or None when it is connected.

        `devices` are ``(addr, GetRequest, timeout, attempts)``; its results
        wait in a list of `concurrency` at most. Its requests' ids route to it
        (in C++, during `_receive_all`); `wait_poller` waits for it.
        """
        if self._peer is not None or self.closed:
            return None
        if threading.get_ident() != self._thread:
            raise foreign_error()
        return core.GetPoller(
            self._pending,
            random_ids,
            self.sock.fileno(),
            Pending(("", 0)),
            devices,
            concurrency,
            concurrency,
            deadline,
            log_malformed,
        )

    async def wait_poller(self, poller: Any) -> None:
        """Waits until datagrams reached `poller` or its next expiry is due (then expires it)."""
        if self.closed:
            raise closed_error()
        pending, watchdog = poller.pending, self._watchdog
        due_in = poller.due_in()
        if due_in >= 0:
            pending.due, pending.expired = self._clock() + due_in, False
            watchdog.waiting.add(pending)
            if pending.due < watchdog.check_at:
                watchdog.watch(pending)
        try:
            await self._wait(pending)
        finally:
            watchdog.waiting.discard(pending)
            self._done_waiting()
        if self.closed:
            raise closed_error()
        if pending.expired:
            pending.expired = False
            poller.expire()

    def _done_waiting(self) -> None:
        """A waiter that leaves (`wait_poller`'s) hands its backend's duties on."""

    async def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends, waiting for room in the socket's send buffer when needed."""
        import anyio

        while not self.try_send(data, addr):
            try:
                await anyio.wait_writable(self.sock)
            except anyio.ClosedResourceError:
                if self.closed:
                    raise closed_error() from None
                # trio: the watchdog's notify_closing for a reader woke this wait too


#: Datagrams an agent's socket serves per wake-up: enough to amortize the wake-up,
#: few enough that a flood of them leaves the event loop a turn every few milliseconds.
DRAIN_BATCH = 64


class UdpServer:
    """A bound UDP socket serving datagrams (an agent's): datagrams in, replies out (a `Server`).

    `drain` reads the datagrams the socket holds (at most `DRAIN_BATCH` a call, so
    that a flood leaves the event loop its other work: the socket stays readable)
    into one reused buffer and hands each, as a `Request`, to ``serve(request)``;
    a reply it returns goes
    back at once from the same socket (a handler answering later uses
    `Request.reply`, which waits for room in the send buffer). Here a task
    waits for the socket to become readable (trio, and any anyio backend); the
    asyncio backend makes `drain` the socket's reader callback instead.

    Args:
        sock: the bound socket (its owner closes it after `stop`).
        serve: called for each datagram; returns the reply, or None.
        stats: counts what was received and the replies that could not be sent.
    """

    #: Serves the datagrams the socket holds, `DRAIN_BATCH` at most (`_drain`, or
    #: `_drain_to` when each datagram's destination is asked for).
    drain: Callable[[], None]

    def __init__(
        self,
        sock: socket.socket,
        serve: Callable[[Request], bytes | None],
        stats: ServerStats,
        destinations: bool = False,
    ) -> None:
        self.sock = sock
        self.local: Address = address_of(sock.getsockname())
        self._serve = serve
        self._stats = stats
        self._view = memoryview(bytearray(RECV_BUFFER_SIZE))
        self.drain = self._drain_to if destinations and _ask_destinations(sock) else self._drain

    def start(self, task_group: anyio.abc.TaskGroup) -> None:
        """Serves the socket from a task of `task_group` until it is cancelled."""
        task_group.start_soon(self._receive_forever)

    def stop(self) -> None:
        """Stops serving (before the task group ends and the socket closes)."""

    async def _receive_forever(self) -> None:
        import anyio

        while True:
            await anyio.wait_readable(self.sock)
            self.drain()

    def _drain(self) -> None:
        """`drain`: each request's `local` is the socket's bound address."""
        sock, view, local, serve, stats = (
            self.sock,
            self._view,
            self.local,
            self._serve,
            self._stats,
        )
        for _ in range(DRAIN_BATCH):
            try:
                size, source = sock.recvfrom_into(view)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                if not _goes_on(exc, local):
                    return
                continue
            stats.received += 1
            reply = serve(Request(bytes(view[:size]), source, local, self))
            if reply is not None:  # sent here: a call less per reply on the agent's path
                try:
                    sock.sendto(reply, source)
                except OSError as exc:
                    stats.send_errors += 1
                    logger.debug("reply to %s failed: %s", address_of(source), exc)

    def _drain_to(self) -> None:
        """`drain` on a socket bound to a wildcard address, each request's `local` the
        address its datagram was sent to (the kernel's IP_PKTINFO or IPV6_PKTINFO with it),
        as snmptrapd names it. Its own loop: `_drain`, the agent's, reads no ancillary data."""
        for _ in range(DRAIN_BATCH):
            datagram = self._datagram_to()
            if datagram is None:
                return
            size, source, local = datagram
            self._stats.received += 1
            reply = self._serve(Request(bytes(self._view[:size]), source, local, self))
            if reply is not None:
                self._send_reply(reply, source)

    def _datagram_to(self) -> tuple[int, SockAddr, Address] | None:
        """The next datagram's size, sender and destination; None: none waits, or the socket
        failed."""
        while True:
            try:
                size, ancillary, _, source = self.sock.recvmsg_into((self._view,), _PKTINFO_SPACE)
            except (BlockingIOError, InterruptedError):
                return None
            except OSError as exc:
                if not _goes_on(exc, self.local):
                    return None
                continue
            return size, source, _destination(ancillary, self.local)

    def _send_reply(self, reply: bytes, sockaddr: SockAddr) -> None:
        try:
            self.sock.sendto(reply, sockaddr)
        except OSError as exc:
            self._stats.send_errors += 1
            logger.debug("reply to %s failed: %s", address_of(sockaddr), exc)

    async def reply(self, data: bytes, sockaddr: SockAddr) -> None:
        """Sends `data` to `sockaddr`, waiting for room in the send buffer when needed.

        Raises:
            NetworkError: it cannot be sent.
        """
        while True:
            try:
                self.sock.sendto(data, sockaddr)
                return
            except BlockingIOError:
                import anyio

                await anyio.wait_writable(self.sock)
            except OSError as exc:
                raise network_error(exc, f"cannot reply to {udp_text(sockaddr)}") from None


def _goes_on(exc: OSError, local: Address) -> bool:
    """Whether a server reads on after `exc`: an ICMP error queued on the socket (logged at
    debug), not another failure (a warning)."""
    if isinstance(exc, ConnectionError):
        logger.debug("receive error on %s: %s", local, exc)
        return True
    logger.warning("receive failed on %s: %s", local, exc)
    return False


#: Linux's IP_PKTINFO (Python 3.11's socket module does not name it).
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)
#: Room for one in_pktinfo or in6_pktinfo.
_PKTINFO_SPACE = socket.CMSG_SPACE(20) if hasattr(socket, "CMSG_SPACE") else 0


def _ask_destinations(sock: socket.socket) -> bool:
    """Asks the kernel for each datagram's destination on `sock` when it is bound to a
    wildcard address (on Linux; elsewhere, or bound to one address: False)."""
    host = sock.getsockname()[0]
    if sys.platform != "linux" or host not in ("0.0.0.0", "::"):
        return False
    if sock.family == socket.AF_INET:
        sock.setsockopt(socket.IPPROTO_IP, _IP_PKTINFO, 1)
    else:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    return True


def _destination(ancillary: list[tuple[int, int, bytes]], bound: Address) -> Address:
    """The address a datagram was sent to, from its IP_PKTINFO or IPV6_PKTINFO (else
    `bound`), with the bound port."""
    for level, kind, data in ancillary:
        if level == socket.IPPROTO_IP and kind == _IP_PKTINFO:
            return socket.inet_ntop(socket.AF_INET, data[8:12]), bound[1]
        if level == socket.IPPROTO_IPV6 and kind == socket.IPV6_PKTINFO:
            return socket.inet_ntop(socket.AF_INET6, data[:16]), bound[1]
    return bound


def _not_open(*_: Any) -> NoReturn:
    raise UsageError("the endpoint is not open: use it inside 'async with open_udp_endpoint(...)'")
