"""core.resync_once, the awaitable every SNMPv3 request runs in: its protocol on its own.

It awaits ``exchange(*args)``, and once more after a ``core.UsmResync``; a second
UsmResync raises ``codec.report_error(usmStatsNotInTimeWindows.0)``. Sessions against
agents exercise it in test_usm_session.py; here the exchange is a plain coroutine
function, so that returns, errors, cancellation, closing and the traced interpreter
(which drives awaitables through ``__next__``/``send`` instead of the C slot) are each
checked in isolation.
"""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterator
from types import FrameType
from typing import Any

import anyio
import pytest

from anysnmp import NotInTimeWindowError, User
from anysnmp._codec import core
from anysnmp._usm import SessionCodec

pytestmark = pytest.mark.anyio

NOT_IN_TIME_WINDOW = "1.3.6.1.6.3.15.1.1.2.0"


class Exchange:
    """An exchange that raises UsmResync on its first `resyncs` runs, then returns its args."""

    def __init__(self, resyncs: int = 0) -> None:
        self.resyncs = resyncs
        self.runs: list[tuple[Any, ...]] = []
        self.finished = 0

    async def __call__(self, *args: Any) -> tuple[Any, ...]:
        self.runs.append(args)
        try:
            await anyio.sleep(0)
            if len(self.runs) <= self.resyncs:
                raise core.UsmResync
            await anyio.sleep(0)
            return args
        finally:
            self.finished += 1


def codec() -> SessionCodec:
    return SessionCodec(User("ops"), context_name=b"", context_engine_id=b"", max_size=1500)


@pytest.fixture(params=["direct", "traced"])
def tracing(request: pytest.FixtureRequest) -> Iterator[None]:
    """Untraced, `await` uses the C slot; traced, the interpreter calls __next__ and send."""
    if request.param == "direct":
        yield
        return

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


@pytest.mark.parametrize("resyncs", [0, 1])
async def test_returns_the_exchange_result(tracing: None, resyncs: int) -> None:
    exchange = Exchange(resyncs)
    result = await core.resync_once(codec(), exchange, "addr", (1, 2), None)
    assert result == ("addr", (1, 2), None)  # a tuple stays one value
    assert exchange.runs == [("addr", (1, 2), None)] * (resyncs + 1)  # the same arguments again
    assert exchange.finished == resyncs + 1


async def test_none_is_returned_as_none(tracing: None) -> None:
    async def nothing() -> object:
        await anyio.sleep(0)
        return None

    assert await core.resync_once(codec(), nothing) is None


async def test_second_resync_raises_not_in_time_window(tracing: None) -> None:
    session_codec = codec()
    exchange = Exchange(resyncs=2)
    with pytest.raises(NotInTimeWindowError) as info:
        await core.resync_once(session_codec, exchange, 1)
    assert len(exchange.runs) == 2  # one re-send, never a third
    assert str(info.value) == str(session_codec.report_error(NOT_IN_TIME_WINDOW))
    # As `raise ... from None` in an `except UsmResync` block.
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert isinstance(info.value.__context__, core.UsmResync)


async def test_other_errors_pass_through_unretried(tracing: None) -> None:
    runs = []

    async def failing() -> None:
        runs.append(1)
        await anyio.sleep(0)
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        await core.resync_once(codec(), failing)
    assert runs == [1]


async def test_cancellation_reaches_the_exchange(tracing: None) -> None:
    cancelled = []

    async def slow() -> None:
        try:
            await anyio.sleep(30)
        except anyio.get_cancelled_exc_class():
            cancelled.append(True)
            raise

    with anyio.move_on_after(0.05) as scope:
        await core.resync_once(codec(), slow)
    assert scope.cancelled_caught and cancelled == [True]


async def test_awaited_once_only() -> None:
    awaitable = core.resync_once(codec(), Exchange(), 1)
    assert await awaitable == (1,)
    with pytest.raises(RuntimeError, match="already awaited"):
        await awaitable


class Steps:
    """An awaitable (not a coroutine) that yields twice, then returns its tag."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __await__(self) -> Generator[str, None, str]:
        yield "first"
        yield "second"
        return self.tag


def test_generator_protocol_by_hand() -> None:
    # What a coroutine awaiting it calls: send, throw (a UsmResync thrown in re-sends) and close.
    made: list[str] = []

    def make(tag: str) -> Steps:
        made.append(tag)
        return Steps(tag)

    awaitable: Any = core.resync_once(codec(), make, "x").__await__()
    assert awaitable.send(None) == "first"
    assert awaitable.throw(core.UsmResync()) == "first"  # ends this run, starts the next
    assert made == ["x", "x"]
    assert next(awaitable) == "second"
    with pytest.raises(StopIteration) as stop:
        awaitable.send(None)
    assert stop.value.value == "x"

    awaitable = core.resync_once(codec(), make, "y").__await__()
    assert awaitable.send(None) == "first"
    with pytest.raises(ValueError, match="thrown"):
        awaitable.throw(ValueError("thrown"))
    with pytest.raises(RuntimeError, match="already awaited"):
        awaitable.send(None)

    awaitable = core.resync_once(codec(), make, "z").__await__()
    assert awaitable.send(None) == "first"
    awaitable.close()
    with pytest.raises(RuntimeError, match="already awaited"):
        next(awaitable)
