"""anysnmp._core.Items, the C++ async iterator behind item-by-item walks, on its own.

A session-less stream of batches feeds it here; tests/session/test_walk_items.py
runs it against agents.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import weakref
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import pytest

from anysnmp._core import Items

pytestmark = pytest.mark.anyio

#: Batches as walks make them, with empty ones first, between and last, and items of every
#: kind a tracer-driven StopIteration could mangle: tuples, None, an exception instance.
BATCHES: list[list[Any]] = [
    [],
    [("1.3.6.1.1", 1), ("1.3.6.1.2", b"two")],
    [],
    [],
    [("1.3.6.1.3", None)],
    [("1.3.6.1.4", "1.3.6"), None, (7,), ValueError("an item, not an error")],
    [],
]
FLAT = [item for batch in BATCHES for item in batch]


def iterate_items(batches: AsyncIterator[list[Any]]) -> Items:
    """An Items over an async iterator of batches: ``for item in batch`` of each batch.

    Closing it closes `batches`; the refill takes the Items as its argument, so
    it holds no reference back to it.
    """

    async def refill(items: Items) -> Any:
        while not (batch := await anext(batches)):
            pass
        return items.load(batch)

    return Items(refill, getattr(batches, "aclose", None))


async def stream(
    batches: list[list[Any]], closed: list[str] | None = None
) -> AsyncIterator[list[Any]]:
    """Yields `batches` after a checkpoint each, as responses arrive; notes its closing."""
    try:
        for batch in batches:
            await anyio.sleep(0)
            yield batch
    finally:
        if closed is not None:
            closed.append("closed")


async def collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


@contextlib.contextmanager
def traced() -> Iterator[None]:
    """Runs the block under a tracer: SEND then completes awaitables with tp_iternext and
    StopIteration, as Python 3.12+ always does."""
    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: None)
    try:
        yield
    finally:
        sys.settrace(previous)


async def test_items_are_the_batches_concatenated_without_the_empty_ones() -> None:
    assert await collect(iterate_items(stream(BATCHES))) == FLAT
    with traced():
        assert await collect(iterate_items(stream(BATCHES))) == FLAT
    many = [[(f"1.3.6.1.{b}.{i}", i) for i in range(25)] for b in range(40)]
    assert await collect(iterate_items(stream(many))) == [i for b in many for i in b]
    assert await collect(iterate_items(stream([[], [], []]))) == []
    assert await collect(iterate_items(stream([]))) == []


async def test_python_subclasses_serve_items_alike() -> None:
    # WalkResults is one; Items.__init_subclass__ gives them the am_send slot.
    class Counted(Items):
        def __init__(self, batches: AsyncIterator[list[Any]]) -> None:
            super().__init__(Counted.refill)
            self.batches = batches
            self.loads = 0

        async def refill(self) -> Any:
            while not (batch := await anext(self.batches)):
                pass
            self.loads += 1
            return self.load(batch)

    for tracer in (contextlib.nullcontext(), traced()):
        counted = Counted(stream(BATCHES))
        with tracer:
            assert await collect(counted) == FLAT
        assert counted.loads == 3
    with pytest.raises(TypeError):

        class Keyword(Items, option=1):  # type: ignore[call-arg]
            pass


async def test_an_error_of_the_stream_follows_the_items_before_it() -> None:
    async def failing() -> AsyncIterator[list[Any]]:
        yield [1, 2]
        yield []
        await anyio.sleep(0)
        yield [3]
        raise KeyError("lost")

    for tracer in (contextlib.nullcontext(), traced()):
        items = iterate_items(failing())
        seen = []
        with tracer, pytest.raises(KeyError, match="lost"):
            async for item in items:
                seen.append(item)
        assert seen == [1, 2, 3]
        with pytest.raises(StopAsyncIteration):  # the stream is over, as for async generators
            await anext(items)


async def test_cancelled_while_waiting_for_a_batch() -> None:
    async def stalls() -> AsyncIterator[list[Any]]:
        try:
            yield [1, 2]
            await anyio.sleep_forever()
            yield [3]
        finally:
            closed.append("closed")

    closed: list[str] = []
    seen = []
    items = iterate_items(stalls())
    with anyio.move_on_after(0.05) as scope:
        async for item in items:
            seen.append(item)
    assert scope.cancelled_caught and seen == [1, 2]
    assert closed == ["closed"]  # the cancellation went through the stream and ended it
    with pytest.raises(StopAsyncIteration):
        await anext(items)

    async def cancel_soon(scope: anyio.CancelScope) -> None:
        await anyio.sleep(0.05)
        scope.cancel()

    closed.clear()
    seen.clear()
    async with anyio.create_task_group() as tg:
        with anyio.CancelScope() as scope:
            tg.start_soon(cancel_soon, scope)
            async for item in iterate_items(stalls()):
                seen.append(item)
    assert scope.cancelled_caught and seen == [1, 2] and closed == ["closed"]


async def test_aclose_closes_the_stream_and_ends_the_iteration() -> None:
    closed: list[str] = []
    items = iterate_items(stream(BATCHES, closed))
    assert await anext(items) == ("1.3.6.1.1", 1)
    await items.aclose()
    assert closed == ["closed"]
    with pytest.raises(StopAsyncIteration):
        await anext(items)
    assert await items.aclose() is None  # again: nothing left to close

    closed.clear()
    async with contextlib.aclosing(iterate_items(stream(BATCHES, closed))) as items:
        async for _ in items:
            break
    assert closed == ["closed"]

    async def never(items: Items) -> Any:
        raise AssertionError("no refill after aclose")

    items = Items(never)  # no close callable: aclose completes at once
    assert items.load([1, 2]) == 1
    assert await items.aclose() is None
    with pytest.raises(StopAsyncIteration):
        await anext(items)


async def test_the_awaitable_protocol_by_hand() -> None:
    async def refill(items: Items) -> Any:
        return items.load([("c", 3)])

    items = Items(refill)
    assert items.load([("a", 1), ("b", 2)]) == ("a", 1)
    awaitable: Any = anext(items)  # __anext__(), not awaited
    with pytest.raises(StopIteration) as stop:
        next(awaitable.__await__())
    assert stop.value.value == ("b", 2)  # the tuple whole, not StopIteration's args
    assert awaitable is items and aiter(items) is items
    refilling = anext(items)
    assert asyncio.iscoroutine(refilling)
    assert await refilling == ("c", 3)
    assert items.rest() == []


def test_asyncio_wraps_the_awaitables_in_tasks() -> None:
    # Python 3.10/3.11's asyncio.ensure_future runs `yield from awaitable.__await__()`.
    async def main() -> list[Any]:
        items = iterate_items(stream([[1, 2, 3, 4]]))
        return [
            await asyncio.ensure_future(anext(items)),  # the refill coroutine
            await asyncio.ensure_future(anext(items)),  # the Items itself
            await asyncio.wait_for(anext(items), 5),
            await asyncio.create_task(collect(items)),
        ]

    assert asyncio.run(main()) == [1, 2, 3, [4]]


async def test_load_and_rest() -> None:
    async def refill(items: Items) -> Any:
        return items.load([9])

    items = Items(refill)
    with pytest.raises(ValueError, match="non-empty"):
        items.load([])
    assert items.rest() == []
    assert items.load([1, 2, 3]) == 1
    assert items.rest() == [2, 3]
    assert items.rest() == []
    assert await anext(items) == 9  # the batch was dropped: a refill
    assert items.load([4, 5]) == 4
    assert await anext(items) == 5
    assert await anext(items) == 9


async def test_misuse_raises_clear_errors() -> None:
    async def refill(items: Items) -> Any:
        raise StopAsyncIteration

    with pytest.raises(TypeError, match="__init__"):
        await anext(Items.__new__(Items))
    items = Items(refill)
    assert items.load([0, 1]) == 0
    first, second = anext(items), anext(items)  # both before either is awaited
    assert await first == 1
    with pytest.raises(RuntimeError, match="async for"):
        await second
    with pytest.raises(RuntimeError, match="async for"):
        for _ in Items(refill):  # a fresh one has nothing to serve synchronously
            pass


async def test_serving_items_leaks_no_reference() -> None:
    item = ("1.3.6.1.2.1.1.1.0", object())
    # Python 3.10's tracer (`traced` below) snapshots this frame's locals, `item` with
    # them: the snapshot is taken before the baseline, so it is counted on both sides.
    assert sys._getframe().f_locals["item"] is item
    baseline = sys.getrefcount(item)

    async def count() -> int:
        batches = [[item] * 25 for _ in range(8)]
        n = 0
        async for _ in iterate_items(stream(batches)):
            n += 1
        with traced():
            async for _ in iterate_items(stream(batches)):
                n += 1
        items = iterate_items(stream(batches))
        async for _ in items:
            break
        assert len(items.rest()) == 24
        await items.aclose()
        return n

    assert await count() == 2 * 8 * 25
    assert sys.getrefcount(item) == baseline


def test_reference_cycles_through_items_are_collected() -> None:
    def cycles() -> list[weakref.ref[Items]]:
        box: list[Any] = []

        async def refill(items: Items) -> Any:  # holds `box`, which will hold the Items
            return items.load(box)

        through_refill = Items(refill)
        box.append(through_refill)
        through_batch = Items(refill)
        through_batch.load([0, through_batch])
        through_close = Items(refill, lambda: asyncio.sleep(0, through_close))
        return [weakref.ref(through_refill), weakref.ref(through_batch), weakref.ref(through_close)]

    refs = cycles()
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]
