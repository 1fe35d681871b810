"""trio UDP: waiting requests take turns reading the socket; one watchdog task."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.abc
import trio

from .._closed import ClosedError
from ._udp import CLOSED, AsyncUdpEndpoint, Pending, Watchdog

__all__ = ("TrioUdpEndpoint",)


class _TrioWatchdog(Watchdog):
    """One task sleeping until the earliest deadline."""

    def __init__(self, expire: Any) -> None:
        super().__init__(expire)
        self._scope: trio.CancelScope | None = None

    def _arm(self, when: float) -> None:
        if self._scope is not None:
            self._scope.deadline = when

    async def run(self) -> None:
        while True:
            with trio.CancelScope(deadline=self.check_at) as self._scope:
                await trio.sleep_forever()
            self._expire_due(trio.current_time())


class TrioUdpEndpoint(AsyncUdpEndpoint):
    """trio: one waiting request reads the socket, the others are parked.

    The reader waits for the socket to become readable and routes what
    arrived; the others are parked until the reader wakes them. That saves a
    task switch per reply compared with a receiver task. No cancel scope is
    entered per wait (trio's costliest part of it): the watchdog ends the
    reader's wait with `notify_closing`, and reschedules parked requests itself.
    """

    _watchdog: _TrioWatchdog

    async def __aenter__(self) -> TrioUdpEndpoint:
        # The request currently reading the socket, and those parked meanwhile.
        self._reader: Pending | None = None
        self._followers: set[Pending] = set()
        watchdog = self._watchdog = _TrioWatchdog(self._expire)
        self._task_group: anyio.abc.TaskGroup = anyio.create_task_group()
        await self._task_group.__aenter__()
        self._task_group.start_soon(watchdog.run)
        # The run's clock method itself: trio.current_time is two more frames per call.
        self._wait, self._clock = self._wait_turn, trio.lowlevel.current_clock().current_time
        self._fd = self.sock.fileno()  # an int: wait_readable skips its fileno() lookup
        self._open_requests(self._wait_turn)
        return self

    async def _close(self) -> None:
        trio.lowlevel.notify_closing(self.sock)
        for pending in list(self._followers):
            self._wake(pending)
        self._task_group.cancel_scope.cancel()
        await self._task_group.__aexit__(None, None, None)

    async def _wait_turn(self, pending: Pending) -> None:
        """Waits until a datagram for `pending` arrived or it expired."""
        if self._reader is None:
            self._reader = pending
            try:
                await trio.lowlevel.wait_readable(self._fd)
            except trio.ClosedResourceError:
                if self.closed:
                    raise ClosedError(CLOSED) from None
                return  # the watchdog ended the wait: `pending` expired
            finally:
                self._reader = None
                if self._followers:
                    self._hand_over_reading()
            self._drain(pending)
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

    def _done_waiting(self) -> None:
        if self._reader is None and self._followers:
            self._hand_over_reading()  # the poll may not wait again soon: pass reading on

    def _drain(self, until: Pending) -> None:
        """Routes every datagram waiting and wakes their requests (`until` reads on)."""
        for pending in self._receive_all():
            if pending is not until:
                self._wake(pending)

    def _wake(self, pending: Pending) -> None:
        task = pending.waiter
        if task is not None:
            pending.waiter = None
            self._followers.discard(pending)
            trio.lowlevel.reschedule(task)

    def _hand_over_reading(self) -> None:
        """Lets one parked request take over reading the socket."""
        for pending in self._followers:
            self._wake(pending)
            return

    def _expire(self, pending: Pending) -> None:
        if pending is self._reader:
            trio.lowlevel.notify_closing(self.sock)
        else:
            self._wake(pending)
