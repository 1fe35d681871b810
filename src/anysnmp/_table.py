"""Table retrieval: one walk per column, in parallel, assembled into rows by index."""

from __future__ import annotations

import heapq
from collections.abc import AsyncIterator, Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._codec import core
from ._errors import SnmpError
from ._types import Value

if TYPE_CHECKING:
    from anyio.streams.memory import MemoryObjectSendStream

__all__ = (
    "ColumnProbe",
    "Index",
    "IndexDecoder",
    "Row",
    "TableAssembler",
    "discover_columns",
    "normalize",
    "produce_rows",
    "sorted_rows",
)

Index = tuple[int, ...]
Row = dict[str, Value]
IndexDecoder = Callable[[Index], Hashable]


def normalize(oid: str) -> str:
    """A column or entry OID as the core's parser checks and writes it (no leading dot)."""
    text: str = core.parse_oid(oid)
    return text


def suffix(oid: str, prefix: str) -> Index:
    """The index arcs of `oid` below `prefix` (a column OID)."""
    return tuple(int(arc) for arc in oid[len(prefix) + 1 :].split("."))


class TableSession(Protocol):
    """What the async table functions need of a session."""

    max_walk_requests: int

    async def next_oid(self, oid: str) -> str | None: ...

    def walk_batches(self, oid: str) -> AsyncIterator[list[Any]]: ...


class ColumnProbe:
    """Finds the columns of a table entry that have rows, by GETNEXT hops over columns.

    ``while (oid := probe.next) is not None: probe.found(next_oid(oid))``;
    then `columns` lists them. At most `max_requests` hops, as a walk's requests: an
    agent answering a new column to each would keep it asking (2^32 columns).
    """

    def __init__(self, entry: str, max_requests: int) -> None:
        self._entry = entry
        self._max_requests = self._left = max_requests
        self.columns: list[str] = []
        #: The OID to GETNEXT next; None once every column is known.
        self.next: str | None = entry

    def found(self, oid: str | None) -> None:
        """Reads the OID that a GETNEXT of `next` answered (None: the MIB's end).

        Raises:
            SnmpError: a column still follows after `max_requests` GETNEXTs.
        """
        entry = self._entry
        if oid is None or not oid.startswith(entry + "."):
            self.next = None
            return
        number = int(oid[len(entry) + 1 :].split(".", 1)[0])
        self.columns.append(f"{entry}.{number}")
        self.next = None if number == 2**32 - 1 else f"{entry}.{number + 1}"
        self._left -= 1
        if self.next is not None and not self._left:
            raise SnmpError(
                f"columns of {entry} still found after {self._max_requests} requests: "
                "the agent may be generating OIDs without end"
            )


async def discover_columns(session: TableSession, entry: str) -> list[str]:
    """The columns of a table entry that have rows (`ColumnProbe` over `session`)."""
    probe = ColumnProbe(entry, session.max_walk_requests)
    while (oid := probe.next) is not None:
        probe.found(await session.next_oid(oid))
    return probe.columns


def sorted_rows(assembler: TableAssembler, index: IndexDecoder | None) -> dict[Any, Row]:
    """An assembled table as ``{index: row}`` in index order, keys through `index`."""
    row = assembler.row
    return {(index(key) if index else key): row(key) for key in sorted(assembler.rows)}


class TableAssembler:
    """Collects column values into rows; a row is final once every column passed it.

    Column walks return indexes in increasing order, so when every column
    still walking has reached an index beyond a row's, no more values can
    arrive for that row. A row's columns are in the order of `columns`, whichever
    walk answered first.

    Args:
        columns: the column OIDs.
        labels: the key of each column in the rows (a MIB's column names);
            the column OIDs by default.
    """

    def __init__(self, columns: Sequence[str], labels: Mapping[str, str] | None = None) -> None:
        self.columns = list(columns)
        self._keys = {column: column for column in self.columns} | dict(labels or {})
        self._order = [self._keys[column] for column in self.columns]
        self.rows: dict[Index, Row] = {}
        self._progress: dict[str, Index | None] = {column: () for column in columns}
        self._pending: list[Index] = []

    def add_batch(self, column: str, batch: list[Any]) -> None:
        """Adds a column walk's ``(oid, value)`` varbinds."""
        for oid, value in batch:
            self.add(column, suffix(oid, column), value)

    def add(self, column: str, index: Index, value: Value) -> None:
        row = self.rows.get(index)
        if row is None:
            row = self.rows[index] = {}
            heapq.heappush(self._pending, index)
        row[self._keys[column]] = value
        self._progress[column] = index

    def row(self, index: Index) -> Row:
        """The row of `index`, its columns in the order of `columns`."""
        row = self.rows[index]
        if list(row) != self._order:  # a hole, or columns that answered out of order
            row = self.rows[index] = {key: row[key] for key in self._order if key in row}
        return row

    def finish(self, column: str) -> None:
        self._progress[column] = None

    def ready(self) -> list[tuple[Index, Row]]:
        """Rows no column can still add to, in index order (removed from the pending set)."""
        walking = [p for p in self._progress.values() if p is not None]
        limit = min(walking) if walking else None
        out = []
        while self._pending and (limit is None or self._pending[0] < limit):
            index = heapq.heappop(self._pending)
            out.append((index, self.row(index)))
        return out


async def produce_rows(
    session: TableSession,
    assembler: TableAssembler,
    concurrency: int,
    send: MemoryObjectSendStream[list[tuple[Any, Row]]] | None = None,
    index: IndexDecoder | None = None,
) -> None:
    """Walks every column (at most `concurrency` at once), feeding `assembler`.

    With `send`, sends each batch of rows as soon as it is final. The first
    error of any column walk (KeyboardInterrupt included) stops the others and
    is raised as itself, not in an exception group.
    """
    import anyio  # here: the blocking session imports this module, and never anyio

    from ._walk import is_cancellation

    limiter = anyio.CapacityLimiter(concurrency)
    failures: list[BaseException] = []

    async def publish() -> None:
        rows = assembler.ready()
        if rows and send is not None:
            await send.send([((index(key) if index else key), row) for key, row in rows])

    async def walk(column: str) -> None:
        try:
            async with limiter:
                async for batch in session.walk_batches(column):
                    assembler.add_batch(column, batch)
                    await publish()
                assembler.finish(column)
                await publish()
        except BaseException as exc:
            if is_cancellation(exc):
                raise
            failures.append(exc)
            tg.cancel_scope.cancel()

    async with anyio.create_task_group() as tg:
        for column in assembler.columns:
            tg.start_soon(walk, column)
    if failures:
        raise failures[0]
