"""Polling many devices: `poll` runs a fixed pool of workers over open sessions."""

from __future__ import annotations

import asyncio
import builtins
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

import anyio
import sniffio

from ._closed import ClosedError
from ._codec import core
from ._errors import (
    ArgumentTypeError,
    SnmpError,
    TimeoutError,
    UsageError,
    check_setting,
    network_error,
)
from ._session import SnmpSession
from ._transport import udp_text
from ._types import Value
from ._usage import EnteredFirst

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


class _Polling(EnteredFirst["PollResults"]):
    """`poll`'s block: iterating it without entering it says how."""

    __slots__ = ()

    _usage = "async with anysnmp.poll(sessions, ...) as results"
    _iterate = "async for r in results"


def poll(
    sessions: Iterable[SnmpSession],
    *,
    get: Sequence[str] = (),
    walk: Sequence[str] = (),
    concurrency: int = 100,
    timeout: float | None = None,
) -> AbstractAsyncContextManager[PollResults]:
    """Polls many devices, yielding a `PollResult` per device as each finishes.

    ``async with anysnmp.poll(sessions, get=OIDS, walk=[ROOT]) as results:``
    ``async for r in results: ...``

    Each device gets one GET of `get` (split on tooBig as `get_many` splits it)
    and then a walk of each root of `walk` (GETBULK where the session allows
    it). At most `concurrency` requests are in flight. A GET alone from v1/v2c
    sessions sharing one Manager, without a policer, runs in C++ (a
    `core.GetPoller`: no task at all); otherwise that many worker tasks take
    the devices in turn, so no task is started per device. Results wait in a
    queue of `concurrency`: a slow consumer pauses the polling. Leaving the
    block stops every request still running.

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
        ArgumentTypeError: `sessions`, `get` or `walk` that are no list (one session,
            one OID str), or an item of `sessions` that is no async `SnmpSession`.
        UnknownNameError: a name of `get` or `walk` that a session's Mib does not
            know; EncodeError: an OID that no device could be asked for (a name
            given to a session without a Mib). Both before any request, on entering.
    """
    return _Polling(_poll(sessions, get, walk, concurrency, timeout))


@asynccontextmanager
async def _poll(
    sessions: Iterable[SnmpSession],
    get: Sequence[str],
    walk: Sequence[str],
    concurrency: int,
    timeout: float | None,
) -> AsyncIterator[PollResults]:
    """`poll`'s block."""
    check_setting("concurrency", concurrency, 1)
    if timeout is not None:
        check_setting("timeout", timeout, 0, seconds=True)
    devices, get, walk = _check_arguments(sessions, get, walk)
    _check_oids(devices, get, walk)
    if not walk and (gets := _GetPollResults.open(devices, get, concurrency, timeout)):
        try:
            yield gets
        finally:
            gets.close()
        return
    workers = min(concurrency, len(devices))
    results = PollResults(workers, buffer=concurrency)
    job = _Job(get, walk, timeout, iter(devices), results)
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


def _check_arguments(
    sessions: object, get: object, walk: object
) -> tuple[list[Any], list[str], list[str]]:
    """The devices of `sessions`, and the OIDs of `get` and `walk`, as lists.

    Raises:
        ArgumentTypeError: one session, OIDs that are not a list (one str) where lists
            go, or devices that are not async sessions.
    """
    for name, oids in (("get", get), ("walk", walk)):
        if isinstance(oids, str):
            raise ArgumentTypeError(f"{name} is a list of OIDs, not one str: {name}=[{oids!r}]")
        if not isinstance(oids, Iterable):
            raise ArgumentTypeError(
                f"{name} is a list of OIDs, not {type(oids).__qualname__}: {name}=[oid, ...]"
            )
    if not isinstance(sessions, Iterable):
        raise ArgumentTypeError(
            f"poll() takes a list of sessions, not {type(sessions).__qualname__}: "
            "poll([session], ...)"
        )
    devices = list(sessions)
    for device in devices:
        if not isinstance(device, SnmpSession):
            raise ArgumentTypeError(
                "poll() takes anysnmp.SnmpSession objects, opened with 'async with', not "
                f"{type(device).__module__}.{type(device).__qualname__}"
            )
    return devices, list(get), list(walk)  # type: ignore[call-overload]


def _check_oids(sessions: list[SnmpSession], get: Sequence[str], walk: Sequence[str]) -> None:
    """Read the OIDs as each session will (names through its Mib, then the OID parser;
    a walk's root as its walk does: ``1`` too), once per Mib: what every device would
    fail on raises here, before any request."""
    read_by: set[int] = set()
    for session in sessions:
        if id(session.mib) not in read_by:
            read_by.add(id(session.mib))
            for oid in get:
                core.parse_oid(session._oid(oid))
            if session.mib is not None:
                session._instances(list(get), "poll(get=)")
            for root in walk:
                core.Walker(session._oid(root))


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

    def __iter__(self) -> NoReturn:
        raise UsageError(
            "poll results arrive as devices finish: 'async for r in results', not 'for'"
        )

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


class _GetPollResults(PollResults):
    """A GET of every device, its requests run in C++ (a `core.GetPoller`): no task at all.

    For sessions sharing one UDP `Manager`, v1/v2c, without a policer. The
    consumer's `__anext__` takes the devices the poller finished (it waits on
    the endpoint for their datagrams and deadlines); the poller sends, routes,
    decodes and re-sends meanwhile, from the endpoint's receive batches.
    Answers go through the status policy here: the common one (the OIDs asked,
    error-status 0) is the values dict itself; a tooBig or v1 noSuchName
    answer continues on the session's general path (`get_many`'s plan).
    """

    def __init__(
        self,
        devices: list[SnmpSession],
        get: list[str],
        timeout: float | None,
        endpoint: Any,
        poller: Any,
    ) -> None:
        self._ready: deque[PollResult] = deque()
        self._devices = devices
        self._get = get
        self._timeout = timeout
        self._endpoint = endpoint
        self._poller = poller

    @staticmethod
    def open(
        devices: list[SnmpSession], get: list[str], concurrency: int, timeout: float | None
    ) -> _GetPollResults | None:
        """The poll of a GET of `get` from `devices`, or None when they need the general path."""
        if not devices or not get:
            return None
        endpoint = devices[0]._endpoint
        if not hasattr(endpoint, "get_poller"):
            return None
        shared: dict[Any, Any] = {}
        polled = []
        for session in devices:
            if (
                session._endpoint is not endpoint
                or (device := session._polled_get(get, shared)) is None
            ):
                return None
            polled.append(device)
        poller = endpoint.get_poller(polled, concurrency, timeout or 0.0)  # type: ignore[union-attr]
        if poller is None:
            return None
        poller.pump()
        return _GetPollResults(devices, get, timeout, endpoint, poller)

    def _deadline_in(self, index: int) -> float:
        left: float = self._poller.deadline_in(index)
        return max(0.0, left)

    def close(self) -> None:
        """Stops the poll: the requests in flight give back their ids."""
        self._poller.close()

    async def __anext__(self) -> PollResult:
        ready, poller = self._ready, self._poller
        while not ready:
            if taken := poller.take():
                for index, outcome, answer in taken:
                    if outcome == _ANSWERED and type(answer[3]) is dict:
                        ready.append(PollResult(self._devices[index], answer[3]))
                    else:
                        ready.append(await self._general(index, outcome, answer))
            elif not poller.left():
                raise StopAsyncIteration
            else:
                try:
                    await self._endpoint.wait_poller(poller)
                except ClosedError as exc:  # the Manager closed: every device left ends
                    for index, _, _ in poller.take():
                        ready.append(PollResult(self._devices[index], error=exc))
                    for index in poller.close():
                        ready.append(PollResult(self._devices[index], error=exc))
        return ready.popleft()

    async def _general(self, index: int, outcome: int, answer: Any) -> PollResult:
        """A device whose answer is not the common one: its error, or the rest of its GET."""
        session = self._devices[index]
        result = PollResult(session)
        with _DeviceErrors(result, self._timeout):
            if outcome == _TIMED_OUT:
                raise session._timeout_error()
            if outcome == _DEADLINE:
                raise _deadline_error(session, self._timeout)
            if outcome == _FAILED:
                if isinstance(answer, OSError) and not isinstance(answer, SnmpError):
                    raise network_error(answer, f"cannot send to {udp_text(session._addr)}")
                raise answer
            plan = session._get_many_plan(self._get)
            plan.on_response(answer)
            # The rest of the GET (`get_many`'s loop), within what is left of the deadline.
            with anyio.fail_after(None if self._timeout is None else self._deadline_in(index)):
                while (asked := plan.next_request()) is not None:
                    plan.on_response(await session._get(asked))
            result.values = plan.result
        return result


#: `core.GetPoller`'s outcomes of a device.
_ANSWERED, _TIMED_OUT, _DEADLINE, _FAILED = range(4)


def _deadline_error(session: SnmpSession, timeout: float | None) -> TimeoutError:
    return TimeoutError(f"{session!r}: not done within {timeout:g}s")


class _DeviceErrors:
    """``with _DeviceErrors(result, timeout):`` what fails a device becomes its `result.error`.

    `SnmpError` and `OSError` end the device's work only; a `fail_after` of
    the device's `timeout` becomes a TimeoutError saying so.
    """

    __slots__ = ("_result", "_timeout")

    def __init__(self, result: PollResult, timeout: float | None) -> None:
        self._result = result
        self._timeout = timeout

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, TimeoutError) or (
            isinstance(exc, (SnmpError, OSError)) and not isinstance(exc, builtins.TimeoutError)
        ):
            self._result.error = exc
            return True
        if isinstance(exc, builtins.TimeoutError):  # fail_after: the device's deadline
            error = _deadline_error(self._result.session, self._timeout)
            error.__cause__ = exc
            self._result.error = error
            return True
        return False


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
                with _DeviceErrors(result, self.timeout):
                    if self.timeout is None:
                        await self._poll(result)
                    else:
                        with anyio.fail_after(self.timeout):
                            await self._poll(result)
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
