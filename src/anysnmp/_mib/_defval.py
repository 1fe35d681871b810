"""An object's DEFVAL (RFC 2578 7.9) as the value an agent's new conceptual row takes (a
number, an enumeration's label, a string, a hex or binary string, an OBJECT IDENTIFIER's
label, a BITS object's labels in braces, ``{ }`` none set), and what a table's columns give
and need of a new row (`row_columns`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._errors import MibError
from ._bits import BadBit, bits_octets
from ._setrule import RowColumns, row_index, set_rule
from ._typed import MIB_TYPES

if TYPE_CHECKING:
    from ._mib import Mib
    from ._node import MibNode

__all__ = ("default_value", "row_columns")

#: Net-SNMP's text of a string's DEFVAL: its text within ``\"``.
_STRING = re.compile(r'\\"(.*)\\"', re.DOTALL)
#: A hex or binary string's DEFVAL, as the compiled record keeps it (``'00ff'H``).
_WRITTEN = re.compile(r"'([0-9A-Fa-f]*)'[Hh]|'([01]*)'[Bb]")
_NUMBER = re.compile(r"-?[0-9]+")
#: The base types of numbers.
_NUMBERS = frozenset({"INTEGER", "Counter32", "Gauge32", "Unsigned32", "TimeTicks", "Counter64"})
#: The MAX-ACCESS of the columns a new row takes a DEFVAL of.
_WRITTEN_COLUMNS = frozenset({"read-create", "read-write"})


def default_value(mib: Mib, node: MibNode) -> tuple[int, object] | None:
    """The tag and value of `node`'s DEFVAL, or None: it has none, or one it does not read
    as a value of its type (a label the MIBs do not know, hex for a number too long...)."""
    item = mib.tree.definition(node)
    text = item[12] if item is not None else None
    make = MIB_TYPES.get(node.base_type or "")
    if not isinstance(text, str) or make is None:
        return None
    value = _plain(mib, node, text)
    if value is None:
        return None
    try:
        typed = make(value)
    except (TypeError, ValueError):  # out of the type's range
        return None
    return int(typed.tag), typed.value


def _plain(mib: Mib, node: MibNode, text: str) -> int | bytes | str | None:
    """The DEFVAL `text` as an int, octets or a numeric OID for `node`'s type, or None."""
    base = node.base_type
    written = _WRITTEN.fullmatch(text)
    if written is not None:
        hexa, binary = written.groups()
        digits, radix = (hexa, 16) if hexa is not None else (binary, 2)
        if base in _NUMBERS:
            return int(digits or "0", radix)
        per_octet = 2 if radix == 16 else 8
        if len(digits) % per_octet:
            return None
        return int(digits or "0", radix).to_bytes(len(digits) // per_octet, "big")
    if base in _NUMBERS:
        if _NUMBER.fullmatch(text):
            return int(text)
        return (node.enums or {}).get(text)
    string = _STRING.fullmatch(text)
    if string is not None:
        return string.group(1).encode("utf-8", "surrogateescape") if base != "BITS" else None
    if base == "BITS" and text.startswith("{") and text.endswith("}"):
        try:
            return bits_octets(text[1:-1], node.enums or {})
        except BadBit:
            return None
    if base == "OBJECT IDENTIFIER" and re.fullmatch(r"[A-Za-z][-A-Za-z0-9_]*", text):
        try:
            return mib.oid(text)
        except MibError:
            return None
    return None


def row_columns(mib: Mib, entry: MibNode, status: int) -> RowColumns:
    """What the columns of the row `entry` (its RowStatus column of arc `status`) give, and
    need of, a row a SET creates: the DEFVALs of those a SET may write, the read-create
    ones without one, and the indexes its INDEX can name."""
    defaults: list[tuple[int, int, object]] = []
    needed: list[int] = []
    for arc, column in sorted(entry.children.items()):
        if column.kind != "column" or arc == status or column.access not in _WRITTEN_COLUMNS:
            continue
        default = default_value(mib, column)
        if default is not None and not set_rule(mib.tree, column).refusal(*default):
            defaults.append((arc, *default))
        elif column.access == "read-create":
            needed.append(arc)
    return RowColumns(tuple(defaults), tuple(needed), row_index(mib.tree, entry))
