"""asyncio UDP: the socket's reader stays registered and resumes the waiting task itself."""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections.abc import Callable

import anyio.abc

from .. import _timerfd
from ._udp import AsyncUdpEndpoint, Pending, UdpServer, Watchdog

__all__ = ("AsyncioUdpEndpoint", "AsyncioUdpServer", "running_asyncio_loop")


def running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    """The running asyncio loop when called from one of its tasks, else None."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if asyncio.current_task() is not None else None


class _AsyncioWatchdog(Watchdog):
    """A Linux timerfd the loop polls beside the socket, else one loop timer.

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


class AsyncioUdpEndpoint(AsyncUdpEndpoint):
    """asyncio: a reader registered for the socket's whole life, a future per wait.

    The reader callback (`core.UdpReceiver.wake`, C++) routes each datagram and
    resumes the waiting task at once: asyncio resumes a task a loop turn after
    its future completes (the loop polls again and runs a callback handle
    first, ~2.5 µs per request), so the callback completes the future and runs
    the task's wake-up itself, in the task's context, when that is the
    future's only callback. Requests are C awaitables (`core.UdpRequests`)
    that make their futures themselves.
    """

    _watchdog: _AsyncioWatchdog

    async def __aenter__(self) -> AsyncioUdpEndpoint:
        loop = self._loop = asyncio.get_running_loop()
        # The reader routes every datagram waiting and resumes their tasks, in C++.
        fd = self.sock.fileno()
        loop.add_reader(fd, self._receiver.wake, fd, self._receive_failed)
        self._new_future: Callable[[], asyncio.Future[None]] = loop.create_future
        self._clock = loop.time
        if stock := type(loop).create_future is asyncio.BaseEventLoop.create_future:
            # The stock loop's method, its keyword passed directly (a partial with a
            # keyword builds a dict a call: ~0.13 µs more).
            def new_future() -> asyncio.Future[None]:
                return asyncio.Future(loop=loop)

            self._new_future = new_future
            if type(loop).time is asyncio.BaseEventLoop.time:
                self._clock = time.monotonic
        self._watchdog = _AsyncioWatchdog(loop, _wake)
        self._wait = self._wait_future
        # A request makes its future in C++ (`_wait_future` without a Python call).
        if stock:
            self._open_requests(None, asyncio.Future, loop)
        else:
            self._open_requests(None, loop.create_future)
        return self

    async def _close(self) -> None:
        self._watchdog.close()
        self._loop.remove_reader(self.sock.fileno())
        for waiting in self._pending.values():  # requests of other tasks end now
            # A GetPoller's ids (`anysnmp.poll`): its waiter's Pending.
            pending = waiting if isinstance(waiting, Pending) else waiting.pending
            pending.expired = True
            _wake(pending)

    def _wait_future(self, pending: Pending) -> asyncio.Future[None]:
        """A future the reader callback or the watchdog completes (awaited directly)."""
        pending.waiter = future = self._new_future()
        return future


class AsyncioUdpServer(UdpServer):
    """asyncio: `drain` is the socket's reader callback while it serves (no task)."""

    def start(self, task_group: anyio.abc.TaskGroup) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.sock.fileno(), self.drain)

    def stop(self) -> None:
        self._loop.remove_reader(self.sock.fileno())


def _wake(pending: Pending) -> None:
    future = pending.waiter
    if future is not None:
        pending.waiter = None
        if not future.done():  # not cancelled
            future.set_result(None)
