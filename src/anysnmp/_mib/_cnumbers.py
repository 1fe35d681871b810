"""Numbers of a MIB's text as Net-SNMP's parser keeps them: read by C's strtoul or strtol
(past their range, the largest they return) into a C int."""

from __future__ import annotations

__all__ = ("strtol_int", "strtoul_int")

_ULONG_MAX = 2**64 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _int(number: int) -> int:
    number &= 0xFFFFFFFF
    return number - 2**32 if number >= 2**31 else number


def strtoul_int(number: int) -> int:
    """`number` as strtoul reads it into an int (its ranges' bounds, an OID value's arcs):
    past ±(2^64-1) ULONG_MAX, so -1."""
    return _int(_ULONG_MAX if abs(number) > _ULONG_MAX else number)


def strtol_int(number: int) -> int:
    """`number` as strtol reads it into an int (an enumeration's numbers): LONG_MAX (-1)
    past it, LONG_MIN (0) below it."""
    return _int(min(max(number, _LONG_MIN), _LONG_MAX))
