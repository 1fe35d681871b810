"""A walk meeting an OID that does not increase yields every varbind before it, then raises.

The scripted agent serves its OIDs in its own order, which goes back once:
whatever max-repetitions cuts its answers into, the walk sees the same
varbinds, those before the step back, and then `OidNotIncreasingError`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from scripted import Request, ScriptedAgent, scripted_agent

from anysnmp import OidNotIncreasingError, SnmpSession
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

ROOT = "1.3.6.1.9"
#: The agent's order: .4 comes back after .5.
ORDER = [f"{ROOT}.{n}" for n in (1, 2, 3, 4, 5, 4, 6, 7)]
BEFORE = ORDER[:5]
REPETITIONS = [1, 2, 3, 4, 5, 6, 10, 25]

ENTRY = "1.3.6.1.9.1"
#: A one-column table (one column: rows complete in a fixed order) going back from row 3 to 2.
TABLE_ORDER = [f"{ENTRY}.1.{row}" for row in (1, 2, 3, 2, 4, 5)]


def in_order(order: Sequence[str]) -> Any:
    """A handler answering GETNEXT/GETBULK with the OIDs after the requested one in `order`."""

    def arcs(oid: str) -> tuple[int, ...]:
        return tuple(int(arc) for arc in oid.split("."))

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        oid = request.varbinds[0][0]
        if oid in order:  # where it was served (first): the next in the agent's order
            start = order.index(oid) + 1
        else:  # a root or a column: the first OID after it
            start = next((i for i, n in enumerate(order) if arcs(n) > arcs(oid)), len(order))
        reps = request.max_repetitions if request.pdu_type == PduType.GETBULK else 1
        chunk = order[start : start + reps]
        varbinds: list[tuple[str, int, Any]] = [(name, 0x02, i) for i, name in enumerate(chunk)]
        varbinds = varbinds or [(oid, 0x82, None)]
        await agent.reply(request, request.response(varbinds))

    return handler


@asynccontextmanager
async def session(order: Sequence[str], repetitions: int) -> AsyncIterator[SnmpSession]:
    async with scripted_agent(in_order(order)) as agent:
        async with SnmpSession(
            "127.0.0.1", agent.port, timeout=2, max_repetitions=repetitions
        ) as opened:
            yield opened


async def items_then_error(walk: AsyncIterator[tuple[str, Any]]) -> list[str]:
    seen = []
    with pytest.raises(OidNotIncreasingError, match=f"OID {ORDER[5]} after {ORDER[4]}"):
        async for oid, _ in walk:
            seen.append(oid)
    return seen


@pytest.mark.parametrize("repetitions", REPETITIONS)
@pytest.mark.parametrize("method", ["getbulk", "fetch", "getnext"])
async def test_iterators_yield_what_came_before(method: str, repetitions: int) -> None:
    async with session(ORDER, repetitions) as s:
        assert await items_then_error(getattr(s, method)(ROOT)) == BEFORE


@pytest.mark.parametrize("repetitions", REPETITIONS)
async def test_streamed_walk_yields_what_came_before(repetitions: int) -> None:
    async with session(ORDER, repetitions) as s:
        seen = []
        with pytest.raises(OidNotIncreasingError):
            async with s.walk(ROOT) as results:
                async for oid, _ in results:
                    seen.append(oid)
        assert seen == BEFORE


@pytest.mark.parametrize("repetitions", REPETITIONS)
async def test_walk_batches_end_with_the_varbinds_before(repetitions: int) -> None:
    async with session(ORDER, repetitions) as s:
        batches: list[list[Any]] = []
        with pytest.raises(OidNotIncreasingError):
            async for batch in s.walk_batches(ROOT):
                batches.append(batch)
        assert [oid for batch in batches for oid, _ in batch] == BEFORE


@pytest.mark.parametrize("repetitions", REPETITIONS)
async def test_table_rows_yield_the_rows_before(repetitions: int) -> None:
    async with session(TABLE_ORDER, repetitions) as s:
        rows = []
        with pytest.raises(OidNotIncreasingError, match=f"{ENTRY}.1.2 after {ENTRY}.1.3"):
            async with s.table_rows(ENTRY) as results:
                async for index, row in results:
                    rows.append((index, sorted(row)))
        # Rows 1 and 2 were complete when the column went back; row 3 was not yet.
        assert rows == [((1,), [f"{ENTRY}.1"]), ((2,), [f"{ENTRY}.1"])]
        with pytest.raises(OidNotIncreasingError):
            await s.table(ENTRY)
