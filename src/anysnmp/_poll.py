"""Polling many devices: `poll` runs a fixed pool of workers over open sessions."""

from __future__ import annotations

import asyncio
import builtins
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
import sniffio

from ._codec import core
from ._errors import ConfigurationError, SnmpError, TimeoutError
from ._session import SnmpSession
from ._types import Value

__all__ = ("PollResult", "PollResults", "poll")


@dataclass(slots=True)
class PollResult:
    """What polling one device gave.

    Attributes:
        session: the device's session.
        values: the GET's values (as `SnmpSession.get_many` returns them).
        walks: each walked subtree's ``(oid, value)`` list, keyed by its root OID
            as given; a walk cut short by an error holds what came before it.
        error: the exception that ended the device's work, or None.
    """

    session: SnmpSession
    values: dict[str, Value] = field(default_factory=dict)
    walks: dict[str, list[tuple[str, Value]]] = field(default_factory=dict)
    error: Exception | None = None


@asynccontextmanager
async def poll(
    sessions: Iterable[SnmpSession],
    *,
    get: Sequence[str] = (),
    walk: Sequence[str] = (),
    concurrency: int = 100,
    timeout: float | None = None,
) -> AsyncIterator[PollResults]:
    """Polls many devices, yielding a `PollResult` per device as each finishes.

    ``async with anysnmp.poll(sessions, get=OIDS, walk=[ROOT]) as results:``
    ``async for r in results: ...``

    Each device gets one GET of `get` (split on tooBig as `get_many` splits it)
    and then a walk of each root of `walk` (GETBULK where the session allows
    it). At most `concurrency` requests are in flight: that many worker tasks
    take the devices in turn, so no task is started per device. Results wait
    in a queue of `concurrency`: a slow consumer pauses the polling. Leaving
    the block stops every request still running.

    Args:
        sessions: open sessions, typically sharing one `Manager`.
        get: OIDs to GET from every device.
        walk: subtrees to walk on every device.
        concurrency: requests in flight at most (>= 1).
        timeout: seconds for a whole device's work (its GET and walks), on top
            of each request's own timeout and retries; None for no limit.

    A device's failure (`SnmpError`, `OSError`, or its `timeout`) ends that
    device's work only and comes back as the result's `error`.

    Raises:
        ConfigurationError: `concurrency` or `timeout` out of range.
        UnknownNameError: a name of `get` or `walk` that a session's Mib does not
            know; EncodeError: an OID that no device could be asked for (a name
            given to a session without a Mib). Both before any request.
    """
    if concurrency < 1:
        raise ConfigurationError("concurrency must be >= 1")
    if timeout is not None and timeout <= 0:
        raise ConfigurationError("timeout must be > 0 (or None)")
    devices = list(sessions)
    _check_oids(devices, [*get, *walk])
    workers = min(concurrency, len(devices))
    results = PollResults(workers, buffer=concurrency)
    job = _Job(list(get), list(walk), timeout, iter(devices), results)
    failure: Exception | None = None
    async with anyio.create_task_group() as tg:
        for _ in range(workers):
            tg.start_soon(job.work)
        try:
            yield results
        except Exception as exc:  # raised as itself, not in an exception group
            failure = exc
        finally:
            tg.cancel_scope.cancel()
    if failure is not None:
        raise failure


def _check_oids(sessions: list[SnmpSession], oids: list[str]) -> None:
    """Read `oids` as each session will (names through its Mib, then the OID parser),
    once per Mib: what every device would fail on raises here, before any request."""
    read_by: set[int] = set()
    for session in sessions:
        if id(session.mib) not in read_by:
            read_by.add(id(session.mib))
            for oid in oids:
                core.parse_oid(session._oid(oid))


class PollResults:
    """The devices' results as they finish: ``async for r in results``.

    Results wait in a queue of `buffer`; a worker with a result and no room
    waits for the consumer. Waiting costs no object per device: each waiting
    side parks on its own reusable `_Signal`.
    """

    def __init__(self, workers: int, buffer: int) -> None:
        self._ready: deque[PollResult] = deque()
        self._buffer = buffer
        self._working = workers
        new_signal = _signal_factory()
        self._consumer = new_signal()
        self._consumer_waits = False
        self._new_signal = new_signal
        self._blocked: deque[_Signal] = deque()

    def __aiter__(self) -> PollResults:
        return self

    async def __anext__(self) -> PollResult:
        ready = self._ready
        while not ready:
            if not self._working:
                raise StopAsyncIteration
            self._consumer_waits = True
            try:
                await self._consumer.wait()
            finally:
                self._consumer_waits = False
        if self._blocked:
            self._blocked.popleft().set()
        return ready.popleft()

    async def put(self, result: PollResult, signal: _Signal) -> None:
        """Queues a worker's result, waiting (on the worker's `signal`) while the queue is full."""
        while len(self._ready) >= self._buffer:
            self._blocked.append(signal)
            try:
                await signal.wait()
            finally:
                if signal in self._blocked:
                    self._blocked.remove(signal)
        self._ready.append(result)
        if self._consumer_waits:
            self._consumer.set()

    def finished(self) -> None:
        """A worker is done: the consumer wakes up to see whether every worker is."""
        self._working -= 1
        if self._consumer_waits:
            self._consumer.set()


class _Job:
    """What every device gets (the GET, the walks, the deadline) and the devices left."""

    def __init__(
        self,
        get: list[str],
        walk: list[str],
        timeout: float | None,
        devices: Iterator[SnmpSession],
        results: PollResults,
    ) -> None:
        self.get = get
        self.walk = walk
        self.timeout = timeout
        self.devices = devices
        self.results = results

    async def work(self) -> None:
        """One worker: polls devices one after another until none is left."""
        put, signal = self.results.put, self.results._new_signal()
        try:
            for session in self.devices:
                result = PollResult(session)
                try:
                    if self.timeout is None:
                        await self._poll(result)
                    else:
                        with anyio.fail_after(self.timeout):
                            await self._poll(result)
                except TimeoutError as exc:
                    result.error = exc
                except builtins.TimeoutError as exc:  # fail_after: the device's deadline
                    result.error = TimeoutError(f"{session!r}: not done within {self.timeout:g}s")
                    result.error.__cause__ = exc
                except (SnmpError, OSError) as exc:
                    result.error = exc
                await put(result, signal)
        finally:
            self.results.finished()

    async def _poll(self, result: PollResult) -> None:
        session = result.session
        if self.get:
            result.values = await session.get_many(self.get)
        for root in self.walk:
            items: list[tuple[str, Any]] = []
            result.walks[root] = items
            async for batch in session.walk_batches(root):
                items += batch


class _Signal(Protocol):
    """Wakes the one task waiting on it; reused, so no object is made per wait."""

    async def wait(self) -> None: ...

    def set(self) -> None: ...


def _signal_factory() -> Callable[[], _Signal]:
    if sniffio.current_async_library() == "trio":
        return _TrioSignal
    loop = asyncio.get_running_loop()
    return lambda: _AsyncioSignal(loop)


class _AsyncioSignal:
    """asyncio: a future per wait (the cheapest thing a task can await)."""

    __slots__ = ("_future", "_new_future")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._new_future = loop.create_future
        self._future: asyncio.Future[None] | None = None

    async def wait(self) -> None:
        self._future = future = self._new_future()
        try:
            await future
        finally:
            self._future = None

    def set(self) -> None:
        future = self._future
        if future is not None and not future.done():
            future.set_result(None)


class _TrioSignal:
    """trio: the waiting task parked, and rescheduled by `set`."""

    __slots__ = ("_task",)

    def __init__(self) -> None:
        self._task: Any = None

    async def wait(self) -> None:
        import trio

        self._task = trio.lowlevel.current_task()

        def abort(_: Any) -> Any:
            self._task = None
            return trio.lowlevel.Abort.SUCCEEDED

        await trio.lowlevel.wait_task_rescheduled(abort)

    def set(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            import trio

            trio.lowlevel.reschedule(task)
