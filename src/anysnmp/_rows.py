"""What SETs of SNMPv2-TC's TestAndIncr and RowStatus objects do in a `MibView` given MIBs
(RFC 2579): a TestAndIncr instance takes only its current value, then counts on; a RowStatus
column creates its row's instances (those the SET gives, its columns' DEFVALs), takes the row
out of service, activates it and destroys it, refusing what RFC 2579's state table refuses;
a row lacking a read-create column of no DEFVAL is notReady; a row whose index its table's
INDEX cannot take is never made (noCreation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import ErrorStatus
from ._types import Tag

if TYPE_CHECKING:
    from ._mib._setrule import SetRule
    from ._mibview import MibView

__all__ = ("RowChanges", "test_and_incr")

ACTIVE, NOT_IN_SERVICE, NOT_READY, CREATE_AND_GO, CREATE_AND_WAIT, DESTROY = range(1, 7)
CREATING = (CREATE_AND_GO, CREATE_AND_WAIT)

INCONSISTENT_VALUE = int(ErrorStatus.INCONSISTENT_VALUE)
WRONG_VALUE = int(ErrorStatus.WRONG_VALUE)
NO_CREATION = int(ErrorStatus.NO_CREATION)
RESOURCE_UNAVAILABLE = int(ErrorStatus.RESOURCE_UNAVAILABLE)
_INTEGER = int(Tag.INTEGER)

#: A conceptual row: its entry's key and its index's (`MibView` keys: 4 octets an arc).
Row = tuple[bytes, bytes]


def _row_of(rule: SetRule, key: bytes) -> tuple[Row, int]:
    """The row the instance `key` of a column (`rule`'s) is in, and the column's arc."""
    cut = (rule.arcs - 1) * 4
    return (key[:cut], key[cut + 4 :]), int.from_bytes(key[cut : cut + 4], "big")


def _key(row: Row, column: int) -> bytes:
    """The key of `row`'s instance of the column of arc `column`."""
    return row[0] + column.to_bytes(4, "big") + row[1]


def _named(rule: SetRule, index: bytes) -> bool:
    """Whether the INDEX of a RowStatus's (`rule`'s) table can take the index `index`."""
    checked = rule.row.index if rule.row is not None else None
    return checked is None or checked.names(
        [int.from_bytes(index[i : i + 4], "big") for i in range(0, len(index), 4)]
    )


def test_and_incr(current: object, value: object) -> tuple[int, object]:
    """A SET of `value` to a TestAndIncr instance holding `current`: (inconsistentValue,
    `current`) unless they are equal, else (0, the value it then holds: one more, 2^31-1
    wrapping to 0)."""
    if not isinstance(current, int) or value != current:
        return INCONSISTENT_VALUE, current
    return 0, (current + 1) % 2**31


def _refusal(current: int | None, value: object, named: bool) -> int:
    """What RFC 2579's state table answers a SET of `value` to a RowStatus holding `current`
    (None: no row) before the SET's other varbinds count: notReady is not for a manager to
    set (wrongValue, as any number not 1 to 6); no row whose index its INDEX cannot take
    (`named` false) is ever made (noCreation, whatever the status); createAndGo and
    createAndWait only create (inconsistentValue on a row that exists); active and
    notInService need a row."""
    if not isinstance(value, int) or not ACTIVE <= value <= DESTROY or value == NOT_READY:
        return WRONG_VALUE
    if not named:
        return NO_CREATION
    if value in CREATING:
        return INCONSISTENT_VALUE if current is not None else 0
    return INCONSISTENT_VALUE if current is None and value != DESTROY else 0


class _Change:
    """What one SET does to one row."""

    __slots__ = ("asked", "at", "columns", "current", "status", "written")

    def __init__(self, status: int) -> None:
        #: The arc of the row's RowStatus column.
        self.status = status
        #: The varbind of its RowStatus (0: none), the value it asks, the status before.
        self.at = 0
        self.asked: int | None = None
        self.current: int | None = None
        #: The instances the SET creates: arc -> (tag, value).
        self.columns: dict[int, tuple[int, object]] = {}
        #: The first varbind writing one of its other columns (0: none).
        self.written = 0


class RowChanges:
    """The rows one SET changes, its varbinds checked in turn (`status`, `column`), then as a
    whole (`settle`: ready or not, the view's bound on rows), then written (`apply`).

    A SET names a row's RowStatus once (a second time: inconsistentValue), and does not
    destroy a row it writes another column of (inconsistentValue at the later varbind).
    """

    def __init__(self, view: MibView, varbinds: list[tuple[bytes, int, object]]) -> None:
        self.view = view
        self.rows: dict[Row, _Change] = {}
        #: The rows its createAndGo and createAndWait varbinds create: their other columns'
        #: instances are created with them, whichever varbind comes first.
        self.creating: set[Row] = set()
        for key, tag, value in varbinds:
            rule = view.set_rule(key)
            if (
                rule is not None
                and rule.convention == "RowStatus"
                and tag == _INTEGER
                and value in CREATING
                and view.index_of(key) < 0
            ):
                self.creating.add(_row_of(rule, key)[0])
        #: What `settle` decided: each row's status after the SET (None: destroyed), those
        #: whose status does not change left out.
        self._after: dict[Row, int | None] = {}

    def _change(self, row: Row, status: int) -> _Change:
        change = self.rows.get(row)
        if change is None:
            change = self.rows[row] = _Change(status)
        return change

    def status(
        self, index: int, rule: SetRule, key: bytes, current: int | None, value: object
    ) -> int:
        """Varbind `index` sets the RowStatus instance `key` (holding `current`, None: none)
        to `value`: its error-status, 0 when none yet."""
        row, arc = _row_of(rule, key)
        change = self._change(row, arc)
        if change.at or (value == DESTROY and change.written):
            return INCONSISTENT_VALUE
        refused = _refusal(current, value, current is not None or _named(rule, row[1]))
        if refused or not isinstance(value, int):
            return refused or WRONG_VALUE
        change.at, change.asked, change.current = index, value, current
        return 0

    def column(self, index: int, rule: SetRule, key: bytes, tag: int, value: object) -> int:
        """Varbind `index` writes `value` to the instance `key` of a column of a table with
        a RowStatus (`rule`'s), creating it when the view lacks it: its error-status, 0 when
        none yet (noCreation: a new instance of a row that neither exists nor is created)."""
        assert rule.status is not None
        row, arc = _row_of(rule, key)
        exists = self.view.index_of(_key(row, rule.status)) >= 0
        new = self.view.index_of(key) < 0
        if new and not exists and row not in self.creating:
            return NO_CREATION
        if not exists and not new:
            return 0  # an instance of a row the view holds no status of: a plain write
        change = self._change(row, rule.status)
        if change.asked == DESTROY:
            return INCONSISTENT_VALUE
        change.written = change.written or index
        if new:
            change.columns[arc] = (tag, value)
        return 0

    def settle(self) -> tuple[int, int] | None:
        """Each row's status after the SET, or what refuses it: (error-status, index)."""
        counted: dict[bytes, int] = {}
        for row, change in self.rows.items():
            status_key = _key(row, change.status)
            if change.asked is None:
                i = self.view.index_of(status_key)
                current = self.view.static_value(i) if i >= 0 else None
                change.current = current if isinstance(current, int) else None
            rule = self.view.set_rule(status_key)
            needed = rule.row.needed if rule is not None and rule.row is not None else ()
            ready = all(self._has(row, change, arc) for arc in needed)
            asked = change.asked
            if asked == DESTROY:
                self._after[row] = None
            elif asked in CREATING:
                if asked == CREATE_AND_GO and not ready:
                    return INCONSISTENT_VALUE, change.at
                table = status_key[: len(row[0]) + 4]
                counted[table] = counted.get(table, self.view.rows_under(table)) + 1
                bound = self.view.max_rows
                if bound is not None and counted[table] > bound:
                    return RESOURCE_UNAVAILABLE, change.at
                self._after[row] = (
                    ACTIVE if asked == CREATE_AND_GO else (NOT_IN_SERVICE if ready else NOT_READY)
                )
            elif asked is not None:  # active, notInService
                if not ready and (asked == ACTIVE or change.current == NOT_READY):
                    return INCONSISTENT_VALUE, change.at
                self._after[row] = asked
            elif change.current == NOT_READY and ready:
                self._after[row] = NOT_IN_SERVICE  # its last needed column given
        return None

    def _has(self, row: Row, change: _Change, arc: int) -> bool:
        """Whether `row` holds an instance of column `arc` after the SET."""
        return arc in change.columns or self.view.index_of(_key(row, arc)) >= 0

    def apply(self) -> None:
        """Writes what `settle` decided: new instances (a created row's DEFVALs where the
        SET gives none), statuses, destroyed rows."""
        view = self.view
        for row, change in self.rows.items():
            if row in self._after and self._after[row] is None:
                view.remove_row(row[0], row[1])
                continue
            columns = dict(change.columns)
            if change.asked in CREATING:
                rule = view.set_rule(_key(row, change.status))
                for arc, tag, value in rule.row.defaults if rule and rule.row else ():
                    if arc not in columns and view.index_of(_key(row, arc)) < 0:
                        columns[arc] = (tag, value)
            if row in self._after:
                columns[change.status] = (_INTEGER, self._after[row])
            for arc, (tag, value) in columns.items():
                view.insert(_key(row, arc), tag, value)
