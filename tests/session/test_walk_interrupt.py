"""Errors inside a walk's or a table's tasks reach the caller as themselves, never in a group.

KeyboardInterrupt (and any other exception) raised by the walk's producer
task (here: by the session's policer or the table's index decoder) or by the
consumer's own block comes out of ``walk()``, ``table_rows()`` and
``table()`` as itself, under asyncio and trio.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from anysnmp import Agent, BasePolicer, CommandResponder, MibView, SnmpSession

pytestmark = pytest.mark.anyio

IF_ENTRY = "1.3.6.1.2.1.2.2.1"
#: A 3-column, 30-row table: many requests with max-repetitions 2.
VIEW = {f"{IF_ENTRY}.{column}.{row}": row * column for column in (1, 2, 3) for row in range(1, 31)}


class InterruptingPolicer(BasePolicer):
    """Lets `allowed` requests go, then raises `error` from the next one's wait."""

    def __init__(self, allowed: int, error: BaseException) -> None:
        self.allowed = allowed
        self.error = error

    async def wait(self) -> None:
        self.allowed -= 1
        if self.allowed < 0:
            raise self.error


@asynccontextmanager
async def session(policer: BasePolicer | None = None) -> AsyncIterator[SnmpSession]:
    async with Agent([("127.0.0.1", 0)], CommandResponder(MibView(VIEW))) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, max_repetitions=2, policer=policer) as opened:
            yield opened


async def raised(action: Callable[[], Awaitable[Any]]) -> BaseException:
    """What `action` raised (it must raise)."""
    try:
        await action()
    except BaseException as exc:  # KeyboardInterrupt included: that is the point
        return exc
    raise AssertionError("nothing was raised")


#: Raised fresh in each test (an exception kept across tests keeps its last traceback's frames).
ERRORS = [KeyboardInterrupt, ValueError]


@pytest.mark.parametrize("kind", ERRORS)
async def test_walk_producer_error_is_raised_as_itself(kind: type[BaseException]) -> None:
    error = kind()
    seen: list[str] = []

    async def walk() -> None:
        async with session(InterruptingPolicer(3, error)) as s, s.walk(IF_ENTRY) as results:
            async for oid, _ in results:
                seen.append(oid)

    assert await raised(walk) is error
    assert len(seen) <= 6  # at most the three answers before the policer raised


@pytest.mark.parametrize("kind", ERRORS)
async def test_walk_consumer_error_is_raised_as_itself(kind: type[BaseException]) -> None:
    error = kind()

    async def walk() -> None:
        async with session() as s, s.walk(IF_ENTRY) as results:
            async for _ in results:
                raise error

    assert await raised(walk) is error


@pytest.mark.parametrize("kind", ERRORS)
@pytest.mark.parametrize("where", ["policer", "index", "consumer"])
async def test_table_rows_errors_are_raised_as_themselves(
    kind: type[BaseException], where: str
) -> None:
    error = kind()

    def index(arcs: tuple[int, ...]) -> int:
        if arcs[0] == 5:
            raise error
        return arcs[0]

    async def rows() -> None:
        policer = InterruptingPolicer(10, error) if where == "policer" else None
        async with (
            session(policer) as s,
            s.table_rows(IF_ENTRY, index=index if where == "index" else None) as results,
        ):
            async for _ in results:
                if where == "consumer":
                    raise error

    assert await raised(rows) is error


@pytest.mark.parametrize("kind", ERRORS)
async def test_table_errors_are_raised_as_themselves(kind: type[BaseException]) -> None:
    error = kind()

    async def table() -> None:
        async with session(InterruptingPolicer(10, error)) as s:
            await s.table(IF_ENTRY)

    assert await raised(table) is error


async def test_the_session_still_walks_after_an_interrupted_walk() -> None:
    async with session() as s:
        error = KeyboardInterrupt()

        async def walk() -> None:
            async with s.walk(IF_ENTRY) as results:
                async for _ in results:
                    raise error

        assert await raised(walk) is error
        assert len([item async for item in s.fetch(IF_ENTRY)]) == 90
