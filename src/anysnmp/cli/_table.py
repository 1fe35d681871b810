"""The table command: every column walked in parallel, printed as snmptable prints it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from .._codec import PduType
from .._errors import ErrorStatus, ErrorStatusError, OidNotIncreasingError
from .._protocol._walk import WalkEnd
from .._table import Index, discover_columns, suffix
from .._types import SnmpVersion, Tag
from ._output import Output

if TYPE_CHECKING:
    from .._mib._format import MibFormatter
    from .._mib._node import MibNode
    from .._session import SnmpSession

__all__ = (
    "Layout",
    "NotATable",
    "RepeatedIndex",
    "grid_chunks",
    "print_grid_table",
    "print_json_table",
    "table_columns",
)

#: A row's cells by column number: the typed decode's ``(oid, tag, value)``.
Cells = dict[int, tuple[str, int, Any]]


#: The -O letter of each OID form (`MibFormatter.form`).
_FORM_LETTERS = {"numeric": "n", "full": "f", "suffix": "s", "ucd": "u", "module": "S"}


class NotATable(Exception):
    """The OID names no table in the loaded MIBs (snmptable's "Was that a table?")."""


@attrs.frozen
class Layout:
    """snmptable's ``-C`` output options.

    Attributes:
        separator: ``-Cf SEP``: cells joined by SEP, no padding.
        index: ``-Ci``: an ``index`` column first.
        brief: ``-Cb``: the column names' common prefix left out.
        headers: not ``-CH``: the title and the column names printed.
        headers_only: ``-Ch``: the column names alone (no title, no rows fetched).
        width: ``-Cw WIDTH``: the grid split into parts at most WIDTH wide (with
            `column_width`: each line wrapped).
        left: ``-Cl``: cells left-justified.
        column_width: ``-Cc WIDTH``: each cell in a field WIDTH wide, cut to WIDTH - 1
            octets; `separator` is ignored, the index prints as an ``index: ...``
            line before each row.
    """

    separator: str | None = None
    index: bool = False
    brief: bool = False
    headers: bool = True
    headers_only: bool = False
    width: int | None = None
    left: bool = False
    column_width: int | None = None


def grid_chunks(
    title: str,
    names: Sequence[str],
    rows: Sequence[Sequence[str]],
    layout: Layout,
    chunk: int | None = None,
) -> list[list[str]]:
    """The lines snmptable prints for `rows` (each its index first) under `names`, in the
    chunks it prints them.

    `chunk`: the rows print in chunks of that many, as snmptable prints a table it
    read with GETNEXT (v1, ``-CB``) and no ``-Cw`` (or with ``-Cc``): the title and the
    column names before the first, each chunk's columns as wide as their widest cell
    so far. Otherwise, one chunk.
    """
    widths: list[int] = []
    if not chunk or not rows:
        return [_grid_chunk(title, names, rows, layout, widths, True)]
    return [
        _grid_chunk(title, names, rows[start : start + chunk], layout, widths, not start)
        for start in range(0, len(rows), chunk)
    ]


def _grid_chunk(
    title: str,
    names: Sequence[str],
    rows: Sequence[Sequence[str]],
    layout: Layout,
    widths: list[int],
    first_chunk: bool,
) -> list[str]:
    """`grid_chunks`' lines of one chunk of rows; `widths` (the widths so far, or empty) grows to
    this chunk's."""
    if layout.brief and len(names) > 1:
        # The common prefix of all names is that of the first and last in sorted order.
        low, high = min(names), max(names)
        cut = next((n for n, (a, b) in enumerate(zip(low, high, strict=False)) if a != b), len(low))
        names = [name[cut:] for name in names]
    header = ["index", *names]
    headers = layout.headers and first_chunk
    lines = [f"SNMP table: {title}", ""] if headers and not layout.headers_only else []
    if layout.column_width:
        return lines + _fixed_lines(names if headers else None, rows, layout, layout.column_width)
    table = [header, *rows] if headers else list(rows)
    grown = [max(_octets(cells[n]) for cells in [header, *rows]) for n in range(len(header))]
    # snmptable's index column: at least 6 wide (sizeof "index"), no space of its own.
    grown[0] = max(6, max((_octets(row[0]) for row in rows), default=0))
    widths[:] = [max(pair) for pair in zip(grown, widths or grown, strict=True)]
    # snmptable counts the index column in a part's width only when headers print.
    indexed = layout.index and layout.headers
    for part, columns in enumerate(_parts(widths, indexed, layout.width)):
        if part and layout.headers:
            lines += ["", f"SNMP table {title}, part {part + 1}", ""]
        for cells in table:
            line = "".join(_cell(cells[n], n, widths, layout) for n in columns)
            lines.append(_cell(cells[0], 0, widths, layout) + line if layout.index else line)
    return lines


def _octets(text: str) -> int:
    """How wide snmptable counts `text`: its octets (UTF-8)."""
    return len(text.encode("utf-8", "surrogateescape"))


def _padded(text: str, width: int, left: bool, cut: int | None = None) -> str:
    """`text` cut to `cut` octets (a character cut in two prints as U+FFFD) and padded with
    spaces to `width` octets, on the right when `left`, as C's ``printf`` pads octets."""
    data = text.encode("utf-8", "surrogateescape")
    if cut is not None and len(data) > cut:
        data = data[:cut]
        text = data.decode("utf-8", "replace")
    fill = " " * (width - len(data))
    return text + fill if left else fill + text


def _cell(text: str, n: int, widths: Sequence[int], layout: Layout) -> str:
    """Cell `n` of a row (0: the index) as snmptable prints it: padded to `widths`
    with a space, or with ``-Cf SEP`` as it is, SEP before it (not before the first)."""
    if layout.separator is not None:
        return text if n == 0 or (n == 1 and not layout.index) else layout.separator + text
    if n == 0:  # the index has no space of its own
        return _padded(text, widths[0], layout.left)
    padded = _padded(text, widths[n], layout.left)
    return padded + " " if layout.left else " " + padded


def _fixed_lines(
    names: Sequence[str] | None, rows: Sequence[Sequence[str]], layout: Layout, width: int
) -> list[str]:
    """snmptable's ``-Cc`` lines: the column `names` (None: no headers), then each row (an
    ``index: ...`` line first with ``-Ci``), every cell `width` wide; lines wrap after as
    many cells as ``-Cw`` holds (at least one)."""
    per_line = max(1, layout.width // width) if layout.width else None

    def wrapped(cells: Sequence[str]) -> list[str]:
        fields = [_padded(cell, width, layout.left, width - 1) for cell in cells]
        step = per_line or len(fields)
        return ["".join(fields[n : n + step]) for n in range(0, len(fields), step)]

    lines = wrapped(names) if names is not None else []
    for row in rows:
        if layout.index:
            lines += ["", f"index: {row[0]}"]
        lines += wrapped(row[1:])
    return lines


def _parts(widths: Sequence[int], indexed: bool, limit: int | None) -> list[list[int]]:
    """The data columns (numbers into `widths`, the index's first) of each part of a grid
    at most `limit` wide (the index column counted when `indexed`)."""
    columns = list(range(1, len(widths)))
    if limit is None:
        return [columns]
    base = widths[0] if indexed else 0
    parts: list[list[int]] = []
    for n in columns:
        if parts and base + sum(widths[m] + 1 for m in parts[-1]) + widths[n] + 1 <= limit:
            parts[-1].append(n)
        else:
            parts.append([n])
    return parts


def table_columns(formatter: MibFormatter, table: str) -> list[MibNode]:
    """The columns snmptable prints of the table at `table` (numeric: all but the
    not-accessible ones), in the order the MIB defines them.

    Raises:
        NotATable: `table` is not a table of the loaded MIBs, or the OIDs print numeric
            (``-On``: snmptable then sees no column names).
    """
    tree = formatter.tree
    node = tree.find([int(arc) for arc in table.split(".")])[0] if tree else None
    if (
        node is None
        or node.oid != table
        or node.kind != "table"
        or 1 not in node.children
        or formatter.form == "numeric"
    ):
        raise NotATable(f"Was that a table? {formatter.oid(table)}")
    entry = node.children[1]
    # snmptable leaves out not-accessible columns only (accessible-for-notify ones print),
    # and keeps the order the MIB defines them in (MTA-MIB's column 34 follows 18).
    return [
        column
        for column in entry.children.values()
        if column.kind == "column" and column.access != "not-accessible"
    ]


async def _walk_columns(
    session: SnmpSession,
    columns: Sequence[str],
    concurrency: int,
    max_repetitions: int | None,
) -> tuple[dict[Index, Cells], set[WalkEnd | None], list[str]]:
    """Each column's values by row index, the columns walked `concurrency` at a time (with
    GETBULK when the session may); why the walks ended; and the OIDs past each column's
    end (the next column the agent has, or what follows the table)."""
    rows: dict[Index, Cells] = {}
    ends: set[WalkEnd | None] = set()
    after: list[str] = []
    limiter = anyio.CapacityLimiter(concurrency)
    failed: list[ErrorStatusError] = []  # the first error-status ends every walk

    async def walk(number: int, column: str, scope: anyio.CancelScope) -> None:
        async with limiter:
            plan = session.walk_plan(column, max_repetitions=max_repetitions, typed=True)
            try:
                async for batch in session.run_walk(plan):
                    for item in batch:
                        rows.setdefault(suffix(item[0], column), {})[number] = item
            except ErrorStatusError as exc:
                failed.append(exc)
                scope.cancel()
                return
            ends.add(plan.end)
            if plan.end is WalkEnd.END_OF_SUBTREE and plan.end_varbind is not None:
                after.append(plan.end_varbind[0])

    async with anyio.create_task_group() as tg:
        for number, column in enumerate(columns):
            tg.start_soon(walk, number, column, tg.cancel_scope)
    if failed:
        raise failed[0]
    return rows, ends, after


async def _unprinted_edges(
    session: SnmpSession,
    entry: str,
    columns: list[MibNode],
    edges: list[str],
    max_repetitions: int | None,
) -> list[str]:
    """`edges` (OIDs at the ends of the walks of the table's `columns`) and the OIDs past
    each column of `entry` the `columns` have not (not-accessible, not the MIB's) that
    they reach: such a column is walked through to its end, as snmptable's read of the
    whole entry goes through it (to a column's own OID there, `_column_edges`)."""
    known = {column.subid for column in columns}
    prefix = entry + "."
    edges = list(edges)
    while others := {
        number
        for oid in edges
        if oid.startswith(prefix) and (number := int(oid[len(prefix) :].split(".")[0])) not in known
    }:
        known |= others
        walks = [f"{prefix}{number}" for number in sorted(others)]
        edges += (await _walk_columns(session, walks, len(walks), max_repetitions))[2]
    return edges


def _column_edges(entry: str, columns: list[MibNode], edges: list[str]) -> tuple[int | None, bool]:
    """What snmptable's GETBULK read of the table's `entry` meets among the OIDs at the
    edges of its `columns` (each walk's first OID past its column, the entry's first OID).

    Returns:
        The number of the first column whose own OID (no index) is there, or None: the
        read stops at it, as its name has no index (docs/mibs.md); and whether a column
        `columns` (the MIB's) have not is there before that.
    """
    known = {column.subid for column in columns}
    prefix = entry + "."
    arcs = [oid[len(prefix) :].split(".") for oid in edges if oid.startswith(prefix)]
    stop = min((int(a[0]) for a in arcs if len(a) == 1 and int(a[0]) in known), default=None)
    more = any(int(a[0]) not in known and (stop is None or int(a[0]) < stop) for a in arcs)
    return stop, more


async def _getnext_rows(
    session: SnmpSession, columns: Sequence[str]
) -> tuple[list[tuple[Index, Cells]], bool]:
    """The rows as snmptable reads a table with GETNEXT, in the order it meets them, and
    whether the read ended at the end of the agent's MIB (v1 noSuchName).

    Each request is one GETNEXT of every column after the last row's index. The first
    answer still in its column names the next row; the other answers fill it only when
    their index starts with that row's (an answer past it is asked again with the next
    request, one before it is lost: a sparse table loses rows, as snmptable's does).
    The read ends when no answer is still in its column.

    Raises:
        OidNotIncreasingError: a row's index not past the last one (a looping agent).
    """
    rows: list[tuple[Index, Cells]] = []
    last: Index = ()
    while True:
        asked = [".".join([column, *map(str, last)]) for column in columns]
        try:
            answer = await session.request(PduType.GETNEXT, asked)
        except ErrorStatusError as exc:
            if exc.status != ErrorStatus.NO_SUCH_NAME:
                raise
            return rows, True
        cells: Cells = {}
        row: Index | None = None
        for number, (column, item) in enumerate(zip(columns, answer, strict=False)):
            if item[1] == Tag.END_OF_MIB_VIEW or not item[0].startswith(column + "."):
                continue
            arcs = suffix(item[0], column)
            if row is None:
                row = arcs
            elif arcs[: len(row)] != row:
                continue
            cells[number] = item
        if row is None:
            return rows, False
        if row <= last:
            raise OidNotIncreasingError(f"row {'.'.join(map(str, row))} after {asked[0]}")
        rows.append((row, cells))
        last = row


async def print_grid_table(
    session: SnmpSession,
    table: str,
    formatter: MibFormatter,
    layout: Layout,
    *,
    concurrency: int = 4,
    max_repetitions: int | None = None,
    getnext: bool = False,
) -> int:
    """Prints the table at `table` (numeric) as snmptable does; the rows printed.

    `formatter` prints the title and the cells (it has the MIBs and the -O
    flags); a cell no answer filled prints as ``?``, a newline in a cell as a
    space. Rows come in the order snmptable's walk of the entry meets them:
    those of the first column in index order, then those only later columns
    have; none of a column whose own OID (no index) the agent has, nor of the
    columns after it, as snmptable's read stops there (`_column_edges`). Read
    with GETNEXT (v1, or `getnext`: ``-CB``), the rows are those snmptable's
    row-by-row read finds (`_getnext_rows`), printed in chunks of
    `max_repetitions` (default 10) as snmptable's are (not with ``-Cw`` unless
    ``-Cc``: `grid_chunks`). A table without rows prints ``TABLE: No entries``
    (after the column names alone with ``-Ch``); a read that ran into the end of
    the agent's MIB (v1 noSuchName) prints ``End of MIB`` before the chunk it was
    reading.

    Raises:
        NotATable: `table` is not a table of the loaded MIBs.
        ErrorStatusError: an answer's error-status (not noSuchName).
    """
    from .._mib._format import CUT_MARK, MibFormatter

    columns = table_columns(formatter, table)
    title = formatter.oid(table)
    oids = [column.oid for column in columns]
    entries: list[tuple[Index, Cells]] = []
    end_of_mib = more = False
    by_getnext = getnext or session.version == SnmpVersion.v1
    if layout.headers_only:
        pass
    elif by_getnext:
        entries, end_of_mib = await _getnext_rows(session, oids)
    else:
        found, ends, after = await _walk_columns(session, oids, concurrency, max_repetitions)
        end_of_mib = WalkEnd.NO_SUCH_NAME in ends
        # snmptable's GETBULK walk of the whole entry sees columns the MIB has not, and
        # stops at a column's own OID: nothing of that column and the later ones.
        first = await session.next_oid(f"{table}.1")
        edges = await _unprinted_edges(
            session, f"{table}.1", columns, [*after, *filter(None, [first])], max_repetitions
        )
        stop, more = _column_edges(f"{table}.1", columns, edges)
        if stop is not None:
            kept = {n for n, column in enumerate(columns) if column.subid < stop}
            read = [{n: item for n, item in cells.items() if n in kept} for cells in found.values()]
            found = {index: cells for index, cells in zip(found, read, strict=True) if cells}
        # Rows in the order snmptable's walk of the entry meets them: by column number.
        subids = [column.subid for column in columns]
        entries = sorted(
            found.items(), key=lambda entry: (min(subids[n] for n in entry[1]), entry[0])
        )
    # snmptable prints quick, and -Oq (-OQ) toggles that off: the cells' types show; it
    # prints a value with its DISPLAY-HINT, -Ih or not (snmpget's -Ih is of a varbind's print).
    letters = set(formatter.flags) - {"q", "Q"}
    if "q" not in formatter.flags:
        letters.add("q")
    cell = MibFormatter(
        formatter.tree, "".join(letters) + "v", formatter.hex_width, formatter.precision
    )
    # The index as Net-SNMP prints it after the column's label (-Os form: ``1."comm1"``,
    # quick as snmptable's cells); -OX: from the ``[`` of the name as -O prints it
    # (``[IF-MIB::ifTable]``, with -Os ``[ifTable]``), all of a name Net-SNMP gives up on
    # (`CUT_MARK`); with no ``[`` (-OXb) snmptable reads no more rows. -OE escapes its quotes.
    extra = "".join(flag for flag in "bXE" if flag in formatter.flags)
    index = MibFormatter(formatter.tree, "sq" + extra)
    bracketed = MibFormatter(formatter.tree, _FORM_LETTERS[formatter.form] + "qX" + extra)

    def index_text(oid: str, column: MibNode) -> str | None:
        """The index of the row of `column`'s `oid`, or None (no ``[``)."""
        if "X" not in extra:
            return index.oid(oid)[len(column.name or "") :].removeprefix(".")
        name = bracketed.oid(oid)
        return name[name.index("[") :].removesuffix(CUT_MARK) if "[" in name else None

    if not by_getnext:
        # snmptable names the OID quick (-Oq, as -OX indexes show), all of a cut name.
        quick = MibFormatter(formatter.tree, "".join(formatter.flags) + "q", formatter.hex_width)
        _check_index_texts(
            entries, columns, index_text, lambda oid: quick.oid(oid).removesuffix(CUT_MARK)
        )
    rows: list[list[str]] = []
    # snmptable's GETBULK read keys its rows by index text: indexes of different columns
    # that print alike (-OX: `[STRING: .]` of different octets) fill one row, the first.
    by_text: dict[str, list[str]] = {}
    for _, cells in entries:
        number, (oid, _, _) = next(iter(cells.items()))
        if by_getnext and "X" in extra and bracketed.oid(oid).endswith(CUT_MARK):
            # snmptable's row-by-row read gives up on a row whose name it cannot print:
            # no cells, and an index it never set (glibc prints a null one "(null)"; one
            # of earlier garbage crashes snmptable there).
            rows.append(["(null)", *["?"] * len(columns)])
            continue
        text = index_text(oid, columns[number])
        if text is None:
            break
        row = None if by_getnext else by_text.get(text)
        if row is None:
            row = by_text[text] = [text, *["?"] * len(columns)]
            rows.append(row)
        for n, (cell_oid, tag, value) in cells.items():
            row[n + 1] = cell.value(cell_oid, tag, value).replace("\n", " ")
    names = [column.name or column.oid for column in columns]
    chunk = None
    if by_getnext and (layout.width is None or layout.column_width):
        chunk = max_repetitions or 10
    chunks = grid_chunks(title, names, rows, layout, chunk) if rows or layout.headers_only else []
    # snmptable prints "End of MIB" when its read meets it: before the chunk it was reading.
    end_at = len(rows) // chunk if chunk else 0
    for number, lines in enumerate(chunks):
        if end_of_mib and number == end_at:
            print("End of MIB")
        for line in lines:
            print(line)
    if end_of_mib and end_at >= len(chunks):
        print("End of MIB")
    if not rows:
        print(f"{title}: No entries")
    if more:
        print(f"{title}: WARNING: More columns on agent than in MIB")
    return len(rows)


class RepeatedIndex(Exception):  # not an error of the library's: snmptable's stop
    """Two rows of a column whose indexes print alike: what snmptable calls "OID not
    increasing" (the OID as the name's text)."""


def _check_index_texts(
    entries: list[tuple[Index, Cells]],
    columns: list[MibNode],
    index_text: Callable[[str, MibNode], str | None],
    name: Callable[[str], str],
) -> None:
    """snmptable's check of a GETBULK read: its rows are their index texts, and a column's
    value for a row it already has (two indexes that print alike, such as strings of
    unprintable octets) stops it, naming that value's OID as `name` prints it. An
    index `index_text` has none for (-OX: no ``[``) ends the read there.

    Raises:
        RepeatedIndex: two rows of a column print the same index.
    """
    for number, column in sorted(enumerate(columns), key=lambda pair: pair[1].subid):
        seen: set[str] = set()
        for _, cells in sorted(entries, key=lambda entry: entry[0]):
            if number in cells:
                oid = cells[number][0]
                text = index_text(oid, column)
                if text is None:
                    return
                if text in seen:
                    raise RepeatedIndex(name(oid))
                seen.add(text)


async def print_json_table(
    session: SnmpSession,
    table: str,
    out: Output,
    *,
    concurrency: int = 4,
    max_repetitions: int | None = None,
) -> int:
    """Prints the table under `table` (its entry is ``table.1``) as JSON varbinds; the rows.

    Each row's cells print in column order; rows print in index order.
    """
    columns = await discover_columns(session, f"{table}.1")
    rows, _, _ = await _walk_columns(session, columns, concurrency, max_repetitions)
    for index in sorted(rows):
        row = rows[index]
        out.varbinds(row[number] for number in sorted(row))
    return len(rows)
