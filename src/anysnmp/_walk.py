"""Walks item by item (`walk_items`), and streamed: a producer task feeds batches to a stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn

import anyio

from ._codec import core
from ._errors import ArgumentTypeError, UsageError, check_setting
from ._protocol._walk import WalkPlan
from ._usage import EnteredFirst

if TYPE_CHECKING:
    from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

__all__ = ("WalkResults", "is_cancellation", "send_batches", "stream_results", "walk_items")


#: ``send(encode, decode)``: a session's request (`SnmpSession._send`), its answer or None.
Send = Callable[[Callable[[int], bytes], Callable[[bytes, int], Any]], Awaitable[Any]]


def walk_items(send: Send, plan: WalkPlan) -> core.Items:
    """The items of `plan`'s walk one by one, served from C++: no Python frame per item.

    Equivalent to ``async for batch in session.run_walk(plan): for item in batch:
    yield item``, at a fraction of an async generator's cost per item; and with
    no async generator of batches either: when an answer's items run out, one
    coroutine sends the plan's next requests through `send` until an answer
    has items (an ``asend`` and a generator frame per request less). Errors and
    cancellation reach the consumer unchanged, after the items before them.
    Nothing is in flight between two refills, so a consumer leaving early
    leaves nothing to close; ``aclose()`` ends the iteration.
    """
    return core.Items(partial(_next_items, send, plan))


async def _next_items(send: Send, plan: WalkPlan, items: core.Items) -> Any:
    """Runs `plan` until an answer has items, loads them into `items`, returns the first.

    Raises StopAsyncIteration at the walk's end; `UsageError` when another task is
    refilling the same iterator (both would send the same request, and the second
    answer would look like the agent going back).
    """
    if plan.refilling:
        raise UsageError(
            "this walk is being iterated by another task: give each task its own "
            "session.fetch(oid) (or share one 'async with session.walk(oid)' stream)"
        )
    plan.refilling = True
    try:
        while plan.more():
            if batch := plan.on_response(await send(plan.encode, plan.decode)):
                return items.load(batch)
        raise StopAsyncIteration
    finally:
        plan.refilling = False


class WalkResults(core.Items):
    """The receiving end of a walk: iterate items, or whole batches.

    ``async for oid, value in results`` yields varbinds one by one (served by
    `anysnmp._core.Items`, with no Python frame per item);
    ``async for batch in results.batches()`` yields one list per response.
    An error of the walk (timeout, non-increasing OIDs, ...) is raised here,
    in the consumer's task, after the items that preceded it.
    """

    def __init__(self, receive: MemoryObjectReceiveStream[list[Any]]) -> None:
        # The class's function, not a bound method: no reference cycle through self.
        super().__init__(WalkResults._refill)
        self._receive = receive
        self.error: BaseException | None = None
        self.count = 0

    if TYPE_CHECKING:  # the C++ slots, which the generated stub leaves untyped

        def __aiter__(self) -> WalkResults: ...

        def __anext__(self) -> Awaitable[Any]: ...

    async def _refill(self) -> Any:
        while not (batch := await self._next_batch()):
            pass
        return self.load(batch)

    async def batches(self) -> AsyncIterator[list[Any]]:
        """Yields the rest of the walk one response at a time."""
        rest = self.rest()
        if rest:
            yield rest
        while True:
            try:
                yield await self._next_batch()
            except StopAsyncIteration:
                return

    async def _next_batch(self) -> list[Any]:
        try:
            batch = await self._receive.receive()
        except anyio.EndOfStream:
            if self.error is not None:
                raise self.error from None
            raise StopAsyncIteration from None
        self.count += len(batch)
        return batch


Producer = Callable[["MemoryObjectSendStream[list[Any]]"], Awaitable[None]]


def is_cancellation(exc: BaseException) -> bool:
    """Whether `exc` is the running backend's cancellation, which task groups must see."""
    return isinstance(exc, anyio.get_cancelled_exc_class())


class Streamed(EnteredFirst["WalkResults"]):
    """A streamed walk (`stream_results`): entered once with ``async with``, not iterated itself."""

    __slots__ = ("_entered",)

    #: What streams, the call that makes it, how it is entered and iterated, the call instead.
    _what = "walk"
    _call = "session.walk(oid)"
    _usage = "async with session.walk(oid) as results"
    _iterate = "async for oid, value in results"
    _instead = "async for oid, value in session.fetch(oid):"

    def __init__(self, context: AbstractAsyncContextManager[WalkResults]) -> None:
        super().__init__(context)
        self._entered = False

    async def __aenter__(self) -> WalkResults:
        if self._entered:
            raise UsageError(
                f"a streamed {self._what} runs once: call {self._call} again for another "
                "'async with'"
            )
        self._entered = True
        return await super().__aenter__()

    def __aiter__(self) -> NoReturn:
        raise ArgumentTypeError(
            f"a streamed {self._what} is entered first: '{self._usage}:' then "
            f"'{self._iterate}:' (or '{self._instead}')"
        )

    __iter__ = __aiter__


class StreamedRows(Streamed):
    """A table's rows streamed (`SnmpSession.table_rows`)."""

    __slots__ = ()

    _what = "table"
    _call = "session.table_rows(entry)"
    _usage = "async with session.table_rows(entry) as rows"
    _iterate = "async for index, row in rows"
    _instead = "rows = await session.table(entry)"


def stream_results(produce: Producer, buffer: int, *, rows: bool = False) -> Streamed:
    """`_stream_results`, as a `Streamed` (`StreamedRows` for `rows`) that says how to use it
    when iterated.

    Raises:
        ConfigurationError: `buffer` is not an int >= 0.
    """
    check_setting("buffer", buffer, 0)
    return (StreamedRows if rows else Streamed)(_stream_results(produce, buffer))


@asynccontextmanager
async def _stream_results(produce: Producer, buffer: int) -> AsyncIterator[WalkResults]:
    """Runs `produce` in a task group, streaming what it sends to the caller.

    The stream holds `buffer` batches, so a slow consumer pauses the producer.
    An error of the producer, or of the consumer's own block, is raised as
    itself, not wrapped in an exception group: KeyboardInterrupt and SystemExit
    too (a producer's stops the consumer's block at once; a producer's other
    errors are raised where the consumer reaches them, after the items before).
    """
    send, receive = anyio.create_memory_object_stream[list[Any]](buffer)
    results = WalkResults(receive)
    failures: list[BaseException] = []
    async with anyio.create_task_group() as tg:
        tg.start_soon(_run_producer, produce, send, results, failures, tg.cancel_scope)
        try:
            yield results
        except BaseException as exc:
            if is_cancellation(exc):
                raise
            failures.append(exc)
        finally:
            tg.cancel_scope.cancel()
            receive.close()
    if failures:
        raise failures[0]


async def _run_producer(
    produce: Producer,
    send: MemoryObjectSendStream[list[Any]],
    results: WalkResults,
    failures: list[BaseException],
    scope: anyio.CancelScope,
) -> None:
    async with send:
        try:
            await produce(send)
        except anyio.BrokenResourceError:
            pass  # the consumer left early
        except Exception as exc:
            results.error = exc
        except BaseException as exc:  # KeyboardInterrupt, SystemExit: the consumer stops now
            if is_cancellation(exc):
                raise
            failures.append(exc)
            scope.cancel()


async def send_batches(
    batches: AsyncIterator[list[Any]], send: MemoryObjectSendStream[list[Any]]
) -> None:
    async for batch in batches:
        await send.send(batch)
