"""What SETs of SNMPv2-TC's TestAndIncr and RowStatus objects do in a `MibView` given MIBs
(RFC 2579): a TestAndIncr instance takes only its current value, then counts on; a RowStatus
column creates its row's instances, takes the row out of service, activates it and destroys
it, refusing what RFC 2579's state table refuses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import ErrorStatus

if TYPE_CHECKING:
    from ._mib._setrule import SetRule

__all__ = ("CREATING", "Row", "row_of", "status_change", "status_key", "test_and_incr")

ACTIVE, NOT_IN_SERVICE, NOT_READY, CREATE_AND_GO, CREATE_AND_WAIT, DESTROY = range(1, 7)
#: The RowStatus values that create a row, and the status each gives it (the view knows no
#: column a row needs: every row it creates is ready).
CREATING = {CREATE_AND_GO: ACTIVE, CREATE_AND_WAIT: NOT_IN_SERVICE}

INCONSISTENT_VALUE = int(ErrorStatus.INCONSISTENT_VALUE)
WRONG_VALUE = int(ErrorStatus.WRONG_VALUE)

#: A conceptual row: its entry's key and its index's (`MibView` keys: 4 octets an arc).
Row = tuple[bytes, bytes]


def row_of(rule: SetRule, key: bytes) -> Row:
    """The row the instance `key` of a column (`rule`'s) is in."""
    cut = (rule.arcs - 1) * 4
    return key[:cut], key[cut + 4 :]


def status_key(row: Row, column: int) -> bytes:
    """The key of `row`'s instance of the column of arc `column`."""
    return row[0] + column.to_bytes(4, "big") + row[1]


def test_and_incr(current: object, value: object) -> tuple[int, object]:
    """A SET of `value` to a TestAndIncr instance holding `current`: (inconsistentValue,
    `current`) unless they are equal, else (0, the value it then holds: one more, 2^31-1
    wrapping to 0)."""
    if not isinstance(current, int) or value != current:
        return INCONSISTENT_VALUE, current
    return 0, (current + 1) % 2**31


def status_change(current: int | None, value: object) -> tuple[int, int | None]:
    """A SET of `value` to a RowStatus instance holding `current` (None: the row does not
    exist): (its error-status, 0 when none; the status the row then has, None when it has
    none: destroyed, or not created). RFC 2579's state table: notReady is not for a manager
    to set (wrongValue); createAndGo and createAndWait only create (inconsistentValue on a
    row that exists); active and notInService need a row that exists and is not notReady."""
    if not isinstance(value, int) or value == NOT_READY:
        return WRONG_VALUE, current
    if value == DESTROY:
        return 0, None
    if value in CREATING:
        return (INCONSISTENT_VALUE, current) if current is not None else (0, CREATING[value])
    if current is None or current == NOT_READY:
        return INCONSISTENT_VALUE, current
    return 0, value
