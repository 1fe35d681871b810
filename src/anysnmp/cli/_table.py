"""The table command: every column walked in parallel, printed row by row."""

from __future__ import annotations

from typing import Any

import anyio

from .._session import SnmpSession
from .._table import Index, discover_columns, suffix
from ._output import Output

__all__ = ("print_table",)


async def print_table(
    session: SnmpSession,
    table: str,
    out: Output,
    *,
    concurrency: int = 4,
    max_repetitions: int | None = None,
) -> int:
    """Prints the table under `table` (``ifTable``, its entry is ``table.1``); the rows printed.

    Each row's cells print in column order as Net-SNMP varbind lines (or
    JSON objects); rows print in index order once every column is walked.
    """
    columns = await discover_columns(session, f"{table}.1")
    rows: dict[Index, dict[int, tuple[str, int, Any]]] = {}
    limiter = anyio.CapacityLimiter(concurrency)

    async def walk(number: int, column: str) -> None:
        async with limiter:
            async for batch in session.walk_batches(
                column, typed=True, max_repetitions=max_repetitions
            ):
                for item in batch:
                    rows.setdefault(suffix(item[0], column), {})[number] = item

    async with anyio.create_task_group() as tg:
        for number, column in enumerate(columns):
            tg.start_soon(walk, number, column)
    for index in sorted(rows):
        row = rows[index]
        out.varbinds(row[number] for number in sorted(row))
    return len(rows)
