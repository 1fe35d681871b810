"""Streaming walks: a producer task feeds batches through a memory object stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from ._codec import core

__all__ = ("WalkResults", "is_cancellation", "iterate_items", "send_batches", "stream_results")


def iterate_items(batches: AsyncIterator[list[Any]]) -> core.Items:
    """The items of `batches` one by one, served from C++: no Python frame per item.

    Equivalent to ``async for batch in batches: for item in batch: yield item``
    (empty batches are skipped), at a fraction of an async generator's cost per
    item. Errors and cancellation of `batches` reach the consumer unchanged,
    after the items before them. ``aclose()`` closes `batches`; a consumer that
    just drops the iterator leaves `batches` to the event loop's async
    generator finalizer, as an async generator of items would.
    """
    return core.Items(partial(_load_next, batches.__anext__), getattr(batches, "aclose", None))


async def _load_next(next_batch: Callable[[], Awaitable[list[Any]]], items: core.Items) -> Any:
    """Loads the next non-empty batch into `items`, returning its first item.

    Raises StopAsyncIteration at the end of `next_batch`'s batches.
    """
    while not (batch := await next_batch()):
        pass
    return items.load(batch)


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


Producer = Callable[[MemoryObjectSendStream[list[Any]]], Awaitable[None]]


def is_cancellation(exc: BaseException) -> bool:
    """Whether `exc` is the running backend's cancellation, which task groups must see."""
    return isinstance(exc, anyio.get_cancelled_exc_class())


@asynccontextmanager
async def stream_results(produce: Producer, buffer: int) -> AsyncIterator[WalkResults]:
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
