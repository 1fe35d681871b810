"""UDP endpoint: one socket, datagrams routed to pending requests.

Datagrams are read into a reused buffer and handed to the request whose id
(request-id, or msgID for v3) and peer address match; everything else is
dropped and counted. Under asyncio the socket's reader stays registered with
the loop for the socket's whole life (no per-request registration); under trio
the waiting requests take turns reading the socket, so no receiver task sits
between a reply and the request waiting for it.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import socket
from collections import deque
from types import TracebackType
from typing import Any

import anyio
import anyio.abc

from ._codec import core

__all__ = ("Endpoint", "Manager", "Pending", "open_socket", "resolve")

logger = logging.getLogger("anysnmp")

#: Larger than any UDP payload, so a datagram is never truncated.
RECV_BUFFER_SIZE = 65536

Address = tuple[str, int]


class _RandomIds:
    """31-bit ids from the OS CSPRNG, read 4 KiB at a time (one syscall per 1024 ids)."""

    def __init__(self) -> None:
        self._block = b""
        self._offset = 0
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self._block, self._offset = b"", 0

    def next(self) -> int:
        if self._offset >= len(self._block):
            self._block, self._offset = os.urandom(4096), 0
        offset = self._offset
        self._offset = offset + 4
        return int.from_bytes(self._block[offset : offset + 4], "big") & 0x7FFFFFFF


random_ids = _RandomIds()


def _running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if asyncio.current_task() is not None else None


class Pending:
    """Datagrams that arrived for one request, waiting to be decoded."""

    __slots__ = ("_waiter", "addr", "due", "endpoint", "expired", "queue")

    def __init__(self, endpoint: Endpoint, addr: Address) -> None:
        self.endpoint = endpoint
        self.addr = addr
        self.queue: deque[tuple[bytes, int]] = deque()
        self._waiter: Any = None
        self.due = 0.0
        self.expired = False

    def put(self, data: bytes, key: int) -> None:
        self.queue.append((data, key))
        self._wake()

    def expire(self) -> None:
        """Ends the current wait: the endpoint's watchdog calls this at `due`."""
        self.expired = True
        self._wake()

    def _wake(self) -> None:
        raise NotImplementedError

    def deadline(self, timeout: float) -> float:
        """The time `timeout` seconds from now, on the event loop's clock."""
        raise NotImplementedError

    async def get(self, deadline: float) -> tuple[bytes, int] | None:
        """The next datagram and the request id it was routed by; None at `deadline`."""
        raise NotImplementedError


class _AsyncioPending(Pending):
    """asyncio: the loop's reader callback fills the queue; the watchdog ends the wait.

    The caller's own cancel scopes still cancel the await.
    """

    __slots__ = ()

    def _wake(self) -> None:
        future = self._waiter
        if future is not None and not future.done():
            future.set_result(None)

    def deadline(self, timeout: float) -> float:
        return self.endpoint.asyncio_loop.time() + timeout  # type: ignore[union-attr]

    async def get(self, deadline: float) -> tuple[bytes, int] | None:
        if not self.queue:
            endpoint = self.endpoint
            assert endpoint.asyncio_loop is not None and endpoint.watchdog is not None
            self.due, self.expired = deadline, False
            future = self._waiter = endpoint.asyncio_loop.create_future()
            endpoint.watchdog.watch(self)
            try:
                await future
            finally:
                self._waiter = None
                endpoint.watchdog.unwatch(self)
            if not self.queue:
                return None
        return self.queue.popleft()


class _TrioPending(Pending):
    """trio: waiting requests take turns reading the socket themselves.

    One waiting task at a time (the reader) waits for the socket to become
    readable and routes what arrived; the others wait on an event. This saves
    a task switch per reply compared with a dedicated receiver task. Deadlines
    are enforced by the endpoint's watchdog (`_TrioWatchdog`), which spares
    every wait a cancel scope with a deadline, trio's costliest part of it.
    """

    __slots__ = ("_scope",)

    def __init__(self, endpoint: Endpoint, addr: Address) -> None:
        super().__init__(endpoint, addr)
        self._scope: Any = None

    def _wake(self) -> None:
        event = self._waiter
        if event is not None:
            event.set()

    def expire(self) -> None:
        if self._scope is not None:  # the reader, waiting for the socket
            self._scope.cancel()
        super().expire()

    def deadline(self, timeout: float) -> float:
        import trio

        return trio.current_time() + timeout

    async def get(self, deadline: float) -> tuple[bytes, int] | None:
        import trio

        endpoint = self.endpoint
        watchdog = endpoint.watchdog
        assert isinstance(watchdog, _TrioWatchdog)
        self.due, self.expired = deadline, False
        watchdog.watch(self)
        try:
            while not self.queue and not self.expired:
                if endpoint.reader is None:
                    endpoint.reader = self
                    try:
                        with trio.CancelScope() as self._scope:
                            await trio.lowlevel.wait_readable(endpoint.sock)
                        endpoint.drain(1 << 30, until=self)
                    finally:
                        self._scope = None
                        endpoint.reader = None
                        endpoint.hand_over_reading()
                else:
                    event = self._waiter = trio.Event()
                    endpoint.followers.add(self)
                    try:
                        await event.wait()
                    finally:
                        self._waiter = None
                        endpoint.followers.discard(self)
                        if endpoint.reader is None:  # woken to read but leaving: pass it on
                            endpoint.hand_over_reading()
        finally:
            watchdog.unwatch(self)
        return self.queue.popleft() if self.queue else None


class _Watchdog:
    """Expires an endpoint's waiting requests at their deadlines.

    It keeps one wake-up, at the earliest deadline it knows of. Requests with
    the same timeout start in deadline order, so a new wait rarely moves that
    time earlier: most requests cost a set insertion instead of a timer of
    their own (under asyncio a timer per request costs more than the rest of
    the request's bookkeeping together).
    """

    def __init__(self) -> None:
        self._waiting: set[Pending] = set()
        self._check_at = math.inf

    def watch(self, pending: Pending) -> None:
        self._waiting.add(pending)
        if pending.due < self._check_at:
            self._check_at = pending.due
            self._arm(pending.due)

    def unwatch(self, pending: Pending) -> None:
        self._waiting.discard(pending)

    def _expire_due(self, now: float) -> None:
        next_check = math.inf
        for pending in list(self._waiting):
            if pending.due <= now:
                self._waiting.discard(pending)
                pending.expire()
            else:
                next_check = min(next_check, pending.due)
        self._check_at = next_check

    def _arm(self, when: float) -> None:
        raise NotImplementedError


class _AsyncioWatchdog(_Watchdog):
    """asyncio: one loop timer at the earliest deadline."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._loop = loop
        self._timer: asyncio.TimerHandle | None = None

    def _arm(self, when: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_at(when, self._fire)

    def _fire(self) -> None:
        self._timer = None
        self._expire_due(self._loop.time())
        if self._check_at != math.inf:
            self._timer = self._loop.call_at(self._check_at, self._fire)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


class _TrioWatchdog(_Watchdog):
    """trio: one task sleeping until the earliest deadline."""

    def __init__(self) -> None:
        super().__init__()
        self._scope: Any = None

    def _arm(self, when: float) -> None:
        if self._scope is not None:
            self._scope.deadline = when

    async def run(self) -> None:
        import trio

        while True:
            with trio.CancelScope(deadline=self._check_at) as self._scope:
                await trio.sleep_forever()
            self._expire_due(trio.current_time())


def open_socket(
    family: int,
    local_addr: tuple[str, int] | None = None,
    *,
    tos: int = 0,
    send_buffer: int = 0,
    recv_buffer: int = 0,
) -> socket.socket:
    """A non-blocking UDP socket with the requested ToS and buffer sizes."""
    sock = socket.socket(family, socket.SOCK_DGRAM)
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
    except BaseException:
        sock.close()
        raise
    return sock


async def resolve(host: str, port: int, family: int = 0) -> tuple[int, Address]:
    """Resolves a host name or address literal to (family, (address, port))."""
    infos = await anyio.getaddrinfo(host, port, family=family, type=socket.SOCK_DGRAM)
    if not infos:
        raise OSError(f"cannot resolve {host!r}")
    fam, _, _, _, sockaddr = infos[0]
    return int(fam), (str(sockaddr[0]), int(sockaddr[1]))


class Endpoint:
    """A UDP socket shared by any number of concurrent requests."""

    def __init__(self, sock: socket.socket, peer: Address | None = None) -> None:
        """Takes ownership of `sock`; with `peer`, connects it to talk to that address only."""
        if peer is not None:
            sock.connect(peer)
        self._peer = peer
        self.sock = sock
        self.family = sock.family
        self.dropped = 0
        self._pending: dict[int, Pending] = {}
        self._buffer = bytearray(RECV_BUFFER_SIZE)
        self._view = memoryview(self._buffer)
        self.asyncio_loop: asyncio.AbstractEventLoop | None = None
        self._pending_class: type[Pending] = _TrioPending
        # trio: the request currently reading the socket, and those waiting.
        self.reader: Pending | None = None
        self.followers: set[Pending] = set()
        self.watchdog: _Watchdog | None = None
        self._task_group: anyio.abc.TaskGroup | None = None

    async def __aenter__(self) -> Endpoint:
        self.asyncio_loop = _running_asyncio_loop()
        if self.asyncio_loop is not None:
            self.asyncio_loop.add_reader(self.sock.fileno(), self.drain, 1)
            self._pending_class = _AsyncioPending
            self.watchdog = _AsyncioWatchdog(self.asyncio_loop)
        else:
            watchdog = self.watchdog = _TrioWatchdog()
            self._task_group = anyio.create_task_group()
            await self._task_group.__aenter__()
            self._task_group.start_soon(watchdog.run)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if isinstance(self.watchdog, _AsyncioWatchdog):
                self.watchdog.close()
            if self.asyncio_loop is not None:
                self.asyncio_loop.remove_reader(self.sock.fileno())
            elif self._task_group is not None:
                self._task_group.cancel_scope.cancel()
                await self._task_group.__aexit__(None, None, None)
        finally:
            self.sock.close()

    def hand_over_reading(self) -> None:
        """trio: lets one waiting request take over reading the socket."""
        for follower in self.followers:
            follower._wake()
            return

    @property
    def local_address(self) -> Address:
        host, port = self.sock.getsockname()[:2]
        return str(host), int(port)

    def open_request(self, addr: Address) -> Pending:
        """A receiving slot for replies from `addr`; register request ids on it."""
        return self._pending_class(self, addr)

    def new_request_id(self, pending: Pending) -> int:
        """A fresh random request id (CSPRNG), routed to `pending` until released."""
        while True:
            key = random_ids.next()
            if key and key not in self._pending:
                self._pending[key] = pending
                return key

    def release(self, key: int) -> None:
        self._pending.pop(key, None)

    def try_send(self, data: bytes, addr: Address) -> bool:
        """Sends without waiting; False when the socket's send buffer is full."""
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
        return True

    async def send(self, data: bytes, addr: Address) -> None:
        """Sends, waiting for room in the socket's send buffer when needed."""
        while not self.try_send(data, addr):
            await anyio.wait_writable(self.sock)

    def drain(self, limit: int, until: Pending | None = None) -> None:
        """Reads up to `limit` queued datagrams and routes them.

        asyncio calls this once per datagram for as long as the socket stays
        readable. Under trio the reading request drains the socket, stopping
        once a datagram for `until` (itself) arrived: in the common case of
        one request in flight that spares a second, failing read per reply.
        """
        sock, view, pending, peer = self.sock, self._view, self._pending, self._peer
        peek = core.peek_request_id
        for _ in range(limit):
            try:
                if peer is not None:  # the kernel only delivers the peer's datagrams
                    size = sock.recv_into(view)
                    source = peer
                else:
                    size, source = sock.recvfrom_into(view)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionError as exc:  # an ICMP error queued on the socket
                logger.debug("receive error: %s", exc)
                continue
            except OSError as exc:
                logger.warning("receive failed: %s", exc)
                return
            data = bytes(view[:size])
            key = peek(data)
            slot = pending.get(key) if key is not None else None
            if (
                slot is None
                or key is None
                or slot.addr[0] != source[0]
                or slot.addr[1] != source[1]
            ):
                self.dropped += 1
                logger.debug("dropped a datagram from %s (id %s)", source[:2], key)
                continue
            slot.put(data, key)
            if slot is until:
                return


class Manager:
    """One UDP endpoint shared by many sessions (``SnmpSession(..., manager=mgr)``).

    Responses are routed to the waiting request by source address and
    request-id (msgID for v3), so thousands of sessions use one socket.

    Args:
        local_addr: address to bind; ``("::", 0)`` for IPv6.
        tos: IP ToS / IPv6 traffic class of outgoing requests.
        send_buffer: SO_SNDBUF size, 0 for the system default.
        recv_buffer: SO_RCVBUF size (the kernel caps it at net.core.rmem_max). The
            default, 4 MiB, holds the replies of thousands of requests in flight;
            0 keeps the system default (often 208 KiB, which overflows first).
    """

    def __init__(
        self,
        local_addr: tuple[str, int] = ("0.0.0.0", 0),
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
