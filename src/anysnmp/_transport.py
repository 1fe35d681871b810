"""UDP endpoint: one socket, datagrams routed to pending requests.

A datagram is handed to the request whose id (request-id, or msgID for v3)
and peer address match; everything else is dropped and counted. Under asyncio
the socket's reader stays registered with the loop for the socket's whole life
(no per-request registration) and resumes the waiting task itself; under trio
the waiting requests take turns reading the socket, so no receiver task sits
between a reply and the request waiting for it. Deadlines are kept by one watchdog per endpoint, not by a
timer or cancel scope per request.
"""

from __future__ import annotations

import array
import asyncio
import logging
import math
import os
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from types import TracebackType
from typing import Any, Literal, TypeVar

import anyio
import anyio.abc

from . import _timerfd
from ._codec import core
from ._errors import ClosedError, DecodeError, ResolutionError, network_error

__all__ = ("Endpoint", "Manager", "Pending", "address_of", "connect", "open_socket", "resolve")

T = TypeVar("T")

logger = logging.getLogger("anysnmp")

#: Why a request ends when its endpoint closes under it.
CLOSED = "the socket was closed while the request waited (its session or Manager ended)"

#: Larger than any UDP payload, so a datagram is never truncated.
RECV_BUFFER_SIZE = 65536

#: A (host, port) pair as the API shows it; an IPv6 host carries its scope (``fe80::1%eth0``).
Address = tuple[str, int]
#: A socket address as getaddrinfo and recvfrom give it: (host, port), or for IPv6
#: (host, port, flowinfo, scope_id), the scope id naming a link-local address's interface.
SockAddr = tuple[Any, ...]


def address_of(sockaddr: SockAddr) -> Address:
    """`sockaddr` as (host, port), an IPv6 scope id written into the host (``fe80::1%eth0``)."""
    if len(sockaddr) < 4 or not sockaddr[3] or "%" in sockaddr[0]:
        return str(sockaddr[0]), int(sockaddr[1])
    host, _ = socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    return host, int(sockaddr[1])


class _RandomIds:
    """31-bit ids from the OS CSPRNG, read 4 KiB at a time (one syscall per 1024 ids)."""

    def __init__(self) -> None:
        self._ids: list[int] = []
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self._ids = []

    def next(self) -> int:
        try:
            return self._ids.pop() & 0x7FFFFFFF
        except IndexError:
            self._ids = array.array("I", os.urandom(4096)).tolist()
            return self._ids.pop() & 0x7FFFFFFF


random_ids = _RandomIds()


def _running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if asyncio.current_task() is not None else None


class Pending:
    """One request's receiving slot: datagrams routed to it, and who waits for them.

    A request keeps its slot over all its attempts; each attempt's request id
    routes to it until the request ends.
    """

    __slots__ = ("addr", "due", "expired", "queue", "waiter")

    def __init__(self, addr: SockAddr) -> None:
        self.addr = addr
        self.queue: deque[tuple[bytes, int]] = deque()
        #: asyncio: the future the request awaits; trio: the parked task.
        self.waiter: Any = None
        self.due = 0.0
        self.expired = False


class _Watchdog:
    """Expires an endpoint's waiting requests at their deadlines.

    It keeps one wake-up, at the earliest deadline it knows of. Requests with
    the same timeout start in deadline order, so a new wait rarely moves that
    time earlier: most requests cost a set insertion instead of a timer of
    their own (a timer per request costs more than the rest of a request's
    bookkeeping together). `Endpoint.exchange` adds to `waiting` itself and
    calls `watch` only when a deadline comes before `check_at`.
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


class _AsyncioWatchdog(_Watchdog):
    """asyncio: a Linux timerfd the loop polls beside the socket, else one loop timer.

    A pending loop timer costs every turn of the loop a clock reading and a
    timed poll (about 4 µs per request here); a timerfd is one more file
    descriptor in the poll, read only when it fires.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, expire: Callable[[Pending], None]) -> None:
        super().__init__(expire)
        self._loop = loop
        self._timer: asyncio.TimerHandle | None = None
        self._timer_fd = _timerfd.create()
        if self._timer_fd is not None:
            loop.add_reader(self._timer_fd, self._fire)

    def _arm(self, when: float) -> None:
        if self._timer_fd is not None:
            # Relative to the loop's clock (uvloop's is cached per turn); never 0, which disarms.
            _timerfd.arm(self._timer_fd, max(when - self._loop.time(), 1e-6))
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_at(when, self._fire)

    def _fire(self) -> None:
        if self._timer_fd is not None:
            try:
                os.read(self._timer_fd, 8)
            except BlockingIOError:  # re-armed since it became readable
                return
        self._timer = None
        self._expire_due(self._loop.time())
        if self.check_at != math.inf:
            self._arm(self.check_at)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._timer_fd is not None:
            self._loop.remove_reader(self._timer_fd)
            os.close(self._timer_fd)
            self._timer_fd = None


class _TrioWatchdog(_Watchdog):
    """trio: one task sleeping until the earliest deadline."""

    def __init__(self, expire: Callable[[Pending], None]) -> None:
        super().__init__(expire)
        self._scope: Any = None

    def _arm(self, when: float) -> None:
        if self._scope is not None:
            self._scope.deadline = when

    async def run(self) -> None:
        import trio

        while True:
            with trio.CancelScope(deadline=self.check_at) as self._scope:
                await trio.sleep_forever()
            self._expire_due(trio.current_time())


def open_socket(
    family: int,
    local_addr: SockAddr | None = None,
    *,
    tos: int = 0,
    send_buffer: int = 0,
    recv_buffer: int = 0,
) -> socket.socket:
    """A non-blocking UDP socket with the requested ToS and buffer sizes.

    Raises:
        NetworkError: the socket could not be made, set up or bound.
    """
    try:
        sock = socket.socket(family, socket.SOCK_DGRAM)
    except OSError as exc:
        raise network_error(exc, "cannot open a UDP socket") from None
    try:
        sock.setblocking(False)
        if tos:
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tos)
            else:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
        if send_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
        if recv_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recv_buffer)
        if local_addr is not None:
            sock.bind(local_addr)
    except OSError as exc:
        sock.close()
        where = f"bind to {address_of(local_addr)}" if local_addr is not None else "set up"
        raise network_error(exc, f"cannot {where} a UDP socket") from None
    except BaseException:
        sock.close()
        raise
    return sock


def connect(sock: socket.socket, peer: SockAddr) -> None:
    """Connects `sock` to `peer`; on failure closes it and raises `NetworkError`."""
    try:
        sock.connect(peer)
    except OSError as exc:
        sock.close()
        raise network_error(exc, f"cannot connect to {address_of(peer)}") from None


async def resolve(host: str, port: int, family: int = 0) -> tuple[int, SockAddr]:
    """Resolves a host name or address literal to (family, socket address).

    The socket address is whole, as getaddrinfo gives it: an IPv6 one keeps
    its scope id (``fe80::1%eth0``) and flowinfo.

    Raises:
        ResolutionError: `host` does not resolve (for `family`), or `port` is not 0-65535.
    """
    # getaddrinfo takes port 70000 as 4464, and a host up to its first NUL character.
    if not isinstance(port, int) or not 0 <= port <= 65535:
        raise ResolutionError(socket.EAI_SERVICE, f"port {port!r} is not 0-65535")
    if "\0" in host:
        raise ResolutionError(socket.EAI_NONAME, f"cannot resolve {host!r}: a NUL character")
    try:
        infos = await anyio.getaddrinfo(host, port, family=family, type=socket.SOCK_DGRAM)
    except OSError as exc:
        raise network_error(exc, f"cannot resolve {host!r}") from None
    if not infos:
        raise ResolutionError(f"cannot resolve {host!r}")
    fam, _, _, _, sockaddr = infos[0]
    if fam != socket.AF_INET6:
        return int(fam), sockaddr
    # anyio writes the scope id into the host ("fe80::1%3", port): the whole
    # sockaddr again, from the numeric text (no name lookup).
    whole = socket.getaddrinfo(
        sockaddr[0], sockaddr[1], fam, socket.SOCK_DGRAM, 0, socket.AI_NUMERICHOST
    )[0][4]
    return int(fam), whole


class Endpoint:
    """A UDP socket shared by any number of concurrent requests.

    `exchange` runs one request to its end: it sends, waits, re-sends after a
    timeout, and returns the first reply its `decode` accepts. How it waits is
    chosen for the running backend on entering the endpoint; either way a
    request costs a dict entry, a set entry and one wait per datagram.
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
        self.family = sock.family
        self.dropped = 0
        self.closed = False
        self._pending: dict[int, Pending] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._new_future: Callable[[], asyncio.Future[None]] = _not_open
        # The running backend's way to wait for a request's datagram, and its clock.
        self._wait: Callable[[Pending], Awaitable[None]] = _not_open
        self._clock: Callable[[], float] = _not_open
        self._watchdog: Any = None
        # trio: the request currently reading the socket, and those parked meanwhile.
        self._reader: Pending | None = None
        self._followers: set[Pending] = set()
        self._task_group: anyio.abc.TaskGroup | None = None

    async def __aenter__(self) -> Endpoint:
        loop = self._loop = _running_asyncio_loop()
        if loop is not None:
            loop.add_reader(self.sock.fileno(), self._on_readable)
            self._new_future = loop.create_future
            self._clock = loop.time
            if type(loop).create_future is asyncio.BaseEventLoop.create_future:
                # The stock loop's methods, without their Python frames.
                self._new_future = partial(asyncio.Future, loop=loop)
                if type(loop).time is asyncio.BaseEventLoop.time:
                    self._clock = time.monotonic
            self._watchdog = _AsyncioWatchdog(loop, _wake_asyncio)
            self._wait = self._wait_asyncio
        else:
            watchdog = self._watchdog = _TrioWatchdog(self._expire_trio)
            self._task_group = anyio.create_task_group()
            await self._task_group.__aenter__()
            self._task_group.start_soon(watchdog.run)
            self._wait, self._clock = self._wait_trio, _trio_clock()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.closed = True
        try:
            if self._loop is not None:
                self._watchdog.close()
                self._loop.remove_reader(self.sock.fileno())
                for pending in self._pending.values():  # requests of other tasks end now
                    pending.expired = True
                    _wake_asyncio(pending)
            elif self._task_group is not None:
                import trio

                trio.lowlevel.notify_closing(self.sock)
                for pending in list(self._followers):
                    self._wake_trio(pending)
                self._task_group.cancel_scope.cancel()
                await self._task_group.__aexit__(None, None, None)
        finally:
            self.sock.close()

    @property
    def local_address(self) -> Address:
        return address_of(self.sock.getsockname())

    def new_request_id(self, pending: Pending) -> int:
        """A fresh random request id (CSPRNG), routed to `pending` until its request ends."""
        ids = self._pending
        while True:
            key = random_ids.next()
            if key and key not in ids:
                ids[key] = pending
                return key

    async def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
    ) -> T | None:
        """Sends ``encode(request_id)`` until ``decode(reply, request_id)`` accepts a reply.

        Each attempt has a fresh request id and waits `timeout` seconds;
        replies to earlier attempts still count. `decode` returns None for
        a datagram that is not the answer, or raises DecodeError (logged and
        dropped). Returns None once every attempt timed out.
        """
        if self.closed:
            raise ClosedError(CLOSED)
        wait, clock, watchdog, ids = self._wait, self._clock, self._watchdog, self._pending
        new_id = self.new_request_id
        waiting = watchdog.waiting
        pending = Pending(addr)
        queue = pending.queue
        keys = []
        try:
            for _ in range(attempts):
                key = new_id(pending)
                keys.append(key)
                data = encode(key)
                if policer is not None:
                    await policer.wait()
                if not self.try_send(data, addr):
                    await self.send(data, addr)
                pending.due, pending.expired = clock() + timeout, False
                waiting.add(pending)
                if pending.due < watchdog.check_at:
                    watchdog.watch(pending)
                try:
                    while True:
                        if not queue:
                            if pending.expired:
                                break
                            await wait(pending)
                            if self.closed:
                                raise ClosedError(CLOSED)
                            continue
                        reply, reply_key = queue.popleft()
                        try:
                            result = decode(reply, reply_key)
                        except DecodeError as exc:
                            logger.debug("dropped a malformed reply from %s: %s", addr, exc)
                            continue
                        if result is not None:
                            return result
                finally:
                    waiting.discard(pending)
            return None
        finally:
            for key in keys:
                del ids[key]

    def _wait_asyncio(self, pending: Pending) -> asyncio.Future[None]:
        """asyncio: a future the reader callback or the watchdog completes (awaited directly)."""
        pending.waiter = future = self._new_future()
        return future

    def _on_readable(self) -> None:
        """asyncio: the socket's reader callback, once per datagram."""
        if (pending := self._receive()) and (future := pending.waiter) is not None:
            pending.waiter = None
            _resume_now(future)

    def _receive(self) -> Pending | Literal[False] | None:
        """Reads a datagram and queues it on the request it answers, which it returns.

        None when the datagram answers no request (it is dropped); False when
        no datagram was queued, or the read failed.
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
            logger.warning("receive failed: %s", exc)
            return False
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
            self.dropped += 1
            logger.debug("dropped a datagram from %s (id %s)", source, key)
            return None
        pending.queue.append((data, key))  # type: ignore[arg-type]
        return pending

    async def _wait_trio(self, pending: Pending) -> None:
        """trio: waits until a datagram for `pending` arrived or it expired.

        Waiting requests take turns reading the socket: one (the reader) waits
        for the socket to become readable and routes what arrived; the others
        are parked until the reader wakes them. That saves a task switch per
        reply compared with a receiver task. No cancel scope is entered per
        wait (trio's costliest part of it): the watchdog ends the reader's wait
        with `notify_closing`, and reschedules parked requests itself.
        """
        import trio

        if self._reader is None:
            self._reader = pending
            try:
                await trio.lowlevel.wait_readable(self.sock)
            except trio.ClosedResourceError:
                if self.closed:
                    raise ClosedError(CLOSED) from None
                return  # the watchdog ended the wait: `pending` expired
            finally:
                self._reader = None
                self._hand_over_reading()
            self._drain_trio(pending)
            return
        pending.waiter = trio.lowlevel.current_task()
        self._followers.add(pending)

        def abort(_: Any) -> Any:
            pending.waiter = None
            self._followers.discard(pending)
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)
        if self.closed:
            raise ClosedError(CLOSED)
        if self._reader is None and (pending.queue or pending.expired):
            self._hand_over_reading()  # woken to read, but leaving: pass it on

    def _drain_trio(self, until: Pending) -> None:
        """trio: routes queued datagrams, stopping at one for `until` (the reader)."""
        while (pending := self._receive()) is not False:
            if pending is until:
                return
            if pending is not None:
                self._wake_trio(pending)

    def _wake_trio(self, pending: Pending) -> None:
        task = pending.waiter
        if task is not None:
            import trio

            pending.waiter = None
            self._followers.discard(pending)
            trio.lowlevel.reschedule(task)

    def _hand_over_reading(self) -> None:
        """trio: lets one parked request take over reading the socket."""
        for pending in self._followers:
            self._wake_trio(pending)
            return

    def _expire_trio(self, pending: Pending) -> None:
        if pending is self._reader:
            import trio

            trio.lowlevel.notify_closing(self.sock)
        else:
            self._wake_trio(pending)

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
        except ConnectionError as exc:
            # An ICMP error from an earlier datagram, reported on this send:
            # the request goes unanswered and times out like any lost one.
            logger.debug("send to %s: %s", addr, exc)
        except OSError as exc:
            raise network_error(exc, f"cannot send to {address_of(addr)}") from None
        return True

    async def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends, waiting for room in the socket's send buffer when needed."""
        while not self.try_send(data, addr):
            try:
                await anyio.wait_writable(self.sock)
            except anyio.ClosedResourceError:
                if self.closed:
                    raise ClosedError(CLOSED) from None
                # trio: the watchdog's notify_closing for a reader woke this wait too


def _not_open(*_: Any) -> Any:
    raise RuntimeError("use the endpoint as 'async with Endpoint(...)'")


def _trio_clock() -> Callable[[], float]:
    import trio

    return trio.current_time


def _resume_now(future: asyncio.Future[None]) -> None:
    """Completes `future` and runs its waiting task's wake-up at once, in the task's context.

    asyncio resumes a task a loop turn after its future completes: the loop
    polls again and runs a callback handle first, about 2.5 µs per request.
    The reader callback, which runs outside any task, resumes the task itself
    instead. A future with other callbacks completes as usual.
    """
    if future.done():  # cancelled
        return
    callbacks = future._callbacks
    if len(callbacks) != 1:
        future.set_result(None)
        return
    wakeup, context = callbacks[0]
    future.remove_done_callback(wakeup)
    future.set_result(None)
    context.run(wakeup, future)


def _wake_asyncio(pending: Pending) -> None:
    future = pending.waiter
    if future is not None:
        pending.waiter = None
        if not future.done():  # not cancelled
            future.set_result(None)


class Manager:
    """One UDP endpoint shared by many sessions (``SnmpSession(..., manager=mgr)``).

    Responses are routed to the waiting request by source address and
    request-id (msgID for v3), so thousands of sessions use one socket.

    Args:
        local_addr: address to bind; ``("::", 0)`` for IPv6, ``("fe80::1%eth0", 0)``
            for a link-local address of interface eth0.
        tos: IP ToS / IPv6 traffic class of outgoing requests.
        send_buffer: SO_SNDBUF size, 0 for the system default.
        recv_buffer: SO_RCVBUF size (the kernel caps it at net.core.rmem_max). The
            default, 4 MiB, holds the replies of thousands of requests in flight;
            0 keeps the system default (often 208 KiB, which overflows first).
    """

    def __init__(
        self,
        local_addr: Address = ("0.0.0.0", 0),
        *,
        tos: int = 0,
        send_buffer: int = 0,
        recv_buffer: int = 4 << 20,
    ) -> None:
        self._local_addr = local_addr
        self._options = {"tos": tos, "send_buffer": send_buffer, "recv_buffer": recv_buffer}
        self._endpoint: Endpoint | None = None

    @property
    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            raise RuntimeError("use the Manager as 'async with Manager(...) as manager:'")
        return self._endpoint

    @property
    def local_address(self) -> Address:
        """The bound (host, port)."""
        return self.endpoint.local_address

    async def __aenter__(self) -> Manager:
        family, addr = await resolve(*self._local_addr)
        sock = open_socket(family, addr, **self._options)
        self._endpoint = await Endpoint(sock).__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            await endpoint.__aexit__(*exc_info)
