"""What a SET may write to a MIB object: its MAX-ACCESS and its syntax's tag, enums, ranges
and sizes, checked as RFC 3416 4.2.5 orders the errors (an agent's `MibView` given MIBs).

An object's own enums, ranges or SIZE win; where it has none, those of its textual
convention (and of the convention that one refines) hold. A BITS value may set only the bits
its object names (RFC 2578 7.1.4). A new row's index must be one its table's INDEX objects
can take (RFC 2578 7.7, `RowIndex`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .._errors import ErrorStatus
from .._types import Tag
from ._names import take_index
from ._node import BASE_TYPES

if TYPE_CHECKING:
    from ._node import MibNode
    from ._tree import MibTree

__all__ = ("RowColumns", "RowIndex", "SetRule", "row_index", "set_rule")

#: The MAX-ACCESS (SMIv1 ACCESS) a SET may write.
_WRITABLE = frozenset({"read-write", "read-create", "write-only"})
#: A base type -> the tag of the values it takes.
_TAGS: dict[str, int] = {
    "INTEGER": Tag.INTEGER,
    "OCTET STRING": Tag.OCTET_STRING,
    "BITS": Tag.OCTET_STRING,
    "OBJECT IDENTIFIER": Tag.OBJECT_IDENTIFIER,
    "IpAddress": Tag.IP_ADDRESS,
    "NetworkAddress": Tag.IP_ADDRESS,
    "Counter32": Tag.COUNTER32,
    "Gauge32": Tag.GAUGE32,
    "Unsigned32": Tag.GAUGE32,
    "TimeTicks": Tag.TIMETICKS,
    "Opaque": Tag.OPAQUE,
    "Counter64": Tag.COUNTER64,
}
#: The base types whose ranges are SIZEs (octets).
_SIZED = frozenset({"OCTET STRING", "Opaque"})
_MAX_TC_DEPTH = 16
#: The textual conventions (SNMPv2-TC) whose SETs do more than write the value.
_CONVENTIONS = frozenset({"TestAndIncr", "RowStatus"})

WRONG_TYPE = int(ErrorStatus.WRONG_TYPE)
WRONG_LENGTH = int(ErrorStatus.WRONG_LENGTH)
WRONG_VALUE = int(ErrorStatus.WRONG_VALUE)

Ranges = tuple[tuple[int, int], ...]

#: The base types whose values `take_index` reads from an instance's arcs.
_INDEX_TYPES = frozenset(
    {
        "INTEGER",
        "Unsigned32",
        "Gauge32",
        "TimeTicks",
        "OCTET STRING",
        "OBJECT IDENTIFIER",
        "IpAddress",
        "NetworkAddress",
    }
)
#: The largest arc of an INTEGER index (RFC 2578 7.7: a non-negative integer; an arc of the
#: unsigned types is any 32-bit number).
_MAX_INTEGER = 2**31 - 1


@dataclass(frozen=True, slots=True)
class RowIndex:
    """The instances a table's INDEX can name (RFC 2578 7.7): each INDEX object's value in
    turn, the arcs used up. An integer is one arc within its ranges (or enumeration), an
    INTEGER's no more than 2^31-1; a string's octets are arcs of 0 to 255, as many as its SIZE
    allows, after their count unless IMPLIED or of a fixed size; an IpAddress is four such
    arcs; an OID its arcs, after their count unless IMPLIED.

    Attributes:
        parts: each INDEX object, whether IMPLIED, and its values' SIZE or numbers (empty:
            any).
    """

    parts: tuple[tuple[MibNode, bool, Ranges], ...]

    def names(self, arcs: list[int]) -> bool:
        """Whether `arcs` (an instance's, past its column) are a value of each INDEX object."""
        for node, implied, bounds in self.parts:
            taken = take_index(node, implied, arcs)
            if taken is None:
                return False
            value, used = taken[0], taken[1]
            arcs = arcs[used:]
            if isinstance(value, bytes):
                value = len(value)
            elif not isinstance(value, int):
                continue  # an address or OID: any of its arcs
            elif node.base_type == "INTEGER" and value > _MAX_INTEGER:
                return False
            if bounds and not _within(value, bounds):
                return False
        return not arcs


def row_index(tree: MibTree, entry: MibNode) -> RowIndex | None:
    """What instances the row `entry`'s INDEX can name; None: any (no INDEX, or an object of
    a type an INDEX does not take, whose values cannot be told)."""
    parts = []
    for node, implied in entry.row_indexes or ():
        if node.base_type not in _INDEX_TYPES:
            return None
        rule = _syntax_rule(tree, node)
        parts.append((node, implied, rule.sizes or rule.values))
    return RowIndex(tuple(parts)) if parts else None


@dataclass(frozen=True, slots=True)
class RowColumns:
    """What the columns of a table with a RowStatus column give the rows a SET creates.

    Attributes:
        defaults: (arc, tag, value) of each column a SET may write whose DEFVAL it reads
            (`_defval`): a new row's instance of it, unless the SET gives one.
        needed: the arcs of its other read-create columns (no DEFVAL): a row lacking an
            instance of one is notReady (RFC 2579).
        index: the instances its INDEX can name (`row_index`; None: any): a SET naming
            another cannot create it (noCreation).
    """

    defaults: tuple[tuple[int, int, object], ...] = ()
    needed: tuple[int, ...] = ()
    index: RowIndex | None = None


@dataclass(frozen=True, slots=True)
class SetRule:
    """What a SET may write to one MIB object.

    Attributes:
        writable: whether its MAX-ACCESS lets a SET write it (else notWritable).
        tag: the tag of its values (else wrongType), or None: any.
        sizes: the octet counts its values may have (else wrongLength); empty: any.
        values: the numbers (ranges, or an INTEGER's enums) it may take (else wrongValue);
            empty: any.
        bits: a BITS object's named bits, as a value with each of them set; None: not BITS.
        convention: ``"TestAndIncr"`` or ``"RowStatus"`` (SNMPv2-TC) when its SYNTAX is
            one of them, whose SETs do more (`anysnmp._rows`); else None.
        arcs: how many arcs its OID has (where a column's instance's index starts).
        status: for a column of a table whose rows have a RowStatus column: that column's
            arc (the row's status instance is the entry's OID, it, then the index).
        row: for a RowStatus column, what its table's columns give a new row (a view given
            MIBs adds it: `anysnmp._mib._defval.row_columns`); else None.
    """

    writable: bool
    tag: int | None
    sizes: Ranges = ()
    values: Ranges = ()
    bits: bytes | None = None
    convention: str | None = None
    arcs: int = 0
    status: int | None = None
    row: RowColumns | None = None

    def refusal(self, tag: int, value: object) -> int:
        """The error-status of writing `value` of tag `tag` (wrongType, wrongLength,
        wrongValue, in RFC 3416's order), or 0 when it fits."""
        if self.tag is not None and tag != self.tag:
            return WRONG_TYPE
        if isinstance(value, bytes):
            if self.sizes and not _within(len(value), self.sizes):
                return WRONG_LENGTH
            if self.bits is not None and _unnamed_bit(value, self.bits):
                return WRONG_VALUE
        elif isinstance(value, int) and self.values and not _within(value, self.values):
            return WRONG_VALUE
        return 0


def _within(number: int, ranges: Ranges) -> bool:
    return any(low <= number <= high for low, high in ranges)


def _unnamed_bit(value: bytes, named: bytes) -> bool:
    """Whether `value` sets a bit that `named` does not."""
    return any(octet & ~(named[i] if i < len(named) else 0) for i, octet in enumerate(value))


def set_rule(tree: MibTree, node: MibNode) -> SetRule:
    """The rule of the OBJECT-TYPE `node` (a scalar or column)."""
    convention = node.textual_convention if node.textual_convention in _CONVENTIONS else None
    return replace(
        _syntax_rule(tree, node),
        convention=convention,
        arcs=node.oid.count(".") + 1,
        status=_status_column(node),
    )


def _syntax_rule(tree: MibTree, node: MibNode) -> SetRule:
    """What its MAX-ACCESS and syntax let a SET write to `node`."""
    writable = node.access is None or node.access in _WRITABLE
    base = node.base_type
    tag = _TAGS.get(base or "")
    if tag is None:  # a type the MIBs do not resolve: nothing known of its values
        return SetRule(writable, None)
    enums, bounds = _constraints(tree, node)
    if base == "BITS":
        return SetRule(writable, tag, bits=_named_bits(enums) if enums else None)
    if base in _SIZED:
        return SetRule(writable, tag, sizes=bounds)
    values = tuple((number, number) for number in enums.values()) if enums else bounds
    return SetRule(writable, tag, values=values)


def _status_column(node: MibNode) -> int | None:
    """The arc of the RowStatus column of the row `node` is a column of, or None."""
    entry = node.parent
    if node.kind != "column" or entry is None:
        return None
    return next(
        (arc for arc, column in entry.children.items() if column.textual_convention == "RowStatus"),
        None,
    )


def _named_bits(enums: dict[str, int]) -> bytes:
    """A value setting each bit a BITS object names."""
    bits = [bit for bit in enums.values() if bit >= 0]
    named = bytearray(max(bits) // 8 + 1 if bits else 0)
    for bit in bits:
        named[bit // 8] |= 0x80 >> (bit % 8)
    return bytes(named)


def _constraints(tree: MibTree, node: MibNode) -> tuple[dict[str, int], Ranges]:
    """An object's enums and ranges (or sizes): its own, else its conventions' in turn."""
    item = tree.definition(node)
    syntax: tuple[Any, ...] | None = item[3] if item is not None else None
    module = node.module or ""
    enums: dict[str, int] = {}
    bounds: Ranges = ()
    for _ in range(_MAX_TC_DEPTH):
        if syntax is None:
            break
        name, named, sizes, ranges = syntax[:4]
        enums = enums or dict(named or {})
        bounds = bounds or _ranges(sizes or ranges)
        if name in BASE_TYPES or (enums and bounds):
            break
        found = tree.module_type(module, name)
        if found is None:
            break
        module, syntax = found[0], found[1][0]
    return enums, bounds


def _ranges(ranges: object) -> Ranges:
    """Ranges as (low, high) pairs of ints; bounds of other kinds are dropped."""
    if not isinstance(ranges, (list, tuple)):
        return ()
    return tuple(
        (int(low), int(high))
        for low, high in ranges
        if isinstance(low, int) and isinstance(high, int)
    )
