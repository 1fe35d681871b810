"""Plain values (int, bytes, str) given for a MIB object, as that object's MIB type.

Where a Mib names the objects a caller gives values for (a `MibView`, a notification's
varbinds, a session's SET), ``("ifAdminStatus.1", "down")`` is INTEGER 2,
``("sysObjectID.0", "IF-MIB::ifTable")`` an OBJECT IDENTIFIER,
``("ifPhysAddress.1", "0:1b:21:3a:0:2")`` the 6 octets its DISPLAY-HINT reads and
``("schedWeekDay.1", "sunday friday")`` a BITS object's bits 0 and 5 (octet 0x84).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .. import _types as types
from .._errors import ConfigurationError
from .._types import TypedValue
from ._bits import BIT_LIMIT, BadBit, bits_octets
from ._hint import parse_octet_hint

if TYPE_CHECKING:
    from ._mib import Mib
    from ._node import MibNode
    from ._tree import MibTree

__all__ = ("MIB_TYPES", "mib_typed", "mib_typer", "named_value", "object_node")

#: A MIB base type -> the typed value a plain int, bytes or str becomes.
MIB_TYPES: dict[str, Callable[[Any], TypedValue]] = {
    "INTEGER": types.Integer,
    "OCTET STRING": types.OctetString,
    "BITS": types.OctetString,
    "OBJECT IDENTIFIER": types.ObjectIdentifier,
    "IpAddress": types.IpAddress,
    "NetworkAddress": types.IpAddress,
    "Counter32": types.Counter32,
    "Gauge32": types.Gauge32,
    "Unsigned32": types.Gauge32,
    "TimeTicks": types.TimeTicks,
    "Counter64": types.Counter64,
    "Opaque": types.Opaque,
}


V = TypeVar("V")


def named_value(mib: Mib, name: str, value: V) -> tuple[str, V | TypedValue]:
    """A name's numeric OID, with a plain value as its object's MIB type (`mib_typed`).

    Raises:
        UnknownNameError: a name (or, for an OBJECT IDENTIFIER, a value) the MIBs do not know.
        ConfigurationError: a plain value its object's type cannot take.
    """
    numeric = mib.oid(name)
    return numeric, mib_typed(mib, numeric, value, name)


def mib_typed(mib: Mib, numeric: str, value: V, name: str) -> V | TypedValue:
    """A plain value (int, bytes, str) for the OID `numeric` (`name` as given) as its
    object's MIB type; other values (typed ones, getters) and values of OIDs that are no
    instance of a MIB object are returned as they are.

    Raises:
        UnknownNameError: an OBJECT IDENTIFIER value the MIBs do not know.
        ConfigurationError: a plain value its object's type cannot take.
    """
    if _plain(value):
        typer = mib_typer(mib, numeric, name)
        if typer is not None:
            return typer(value)
    return value


def mib_typer(mib: Mib, numeric: str, name: str) -> Callable[[V], V | TypedValue] | None:
    """`mib_typed` for the OID `numeric` worked out once: the function giving a plain value
    its object's MIB type (other values as they are), or None where a plain value keeps
    its own (an OID that is no instance of a MIB object, or of a type without one).

    The function raises as `mib_typed` does.
    """
    try:
        arcs = [int(arc) for arc in numeric.removeprefix(".").split(".")]
    except ValueError:  # text that is no OID: the OID parser says why
        return None
    node = object_node(mib.tree, arcs)
    if node is None or node.base_type not in MIB_TYPES:
        return None

    def typed(value: V) -> V | TypedValue:
        if isinstance(value, _PLAIN) and not isinstance(value, bool):  # `_plain`, a call less
            return _typed(mib, node, value, name)
        return value

    return typed


#: The types of plain values (but bool).
_PLAIN = (int, bytes, str)


def _plain(value: object) -> bool:
    """Whether `value` is plain (int, bytes, str: no bool, no typed value)."""
    return isinstance(value, _PLAIN) and not isinstance(value, bool)


def object_node(tree: MibTree, arcs: list[int]) -> MibNode | None:
    """The OBJECT-TYPE (scalar or column) of which `arcs` is an instance, or None."""
    node, depth = tree.find(arcs)
    if depth == len(arcs) and node.kind == "node" and node.parent is not None:
        node, depth = node.parent, depth - 1  # an instance a module names (sysUpTimeInstance)
    return node if depth < len(arcs) and node.kind in ("scalar", "column") else None


def _typed(mib: Mib, node: MibNode, value: int | bytes | str, name: str) -> TypedValue:
    """A plain value as its object's MIB type (an enum label by its number, an OID by name).

    Raises:
        ConfigurationError: the value does not fit the type.
    """
    make = MIB_TYPES[cast("str", node.base_type)]  # `mib_typer`: a type it has
    given = value
    if isinstance(value, str) and node.base_type == "INTEGER":
        if not node.enums or value not in node.enums:
            raise ConfigurationError(
                f"{name}: {reprlib.repr(value)} is not a label of {node.module}::{node.name} "
                f"({', '.join(node.enums or ()) or 'it has none'})"
            )
        value = node.enums[value]
    elif isinstance(value, str) and node.base_type == "OBJECT IDENTIFIER":
        value = mib.oid(value)
    elif isinstance(value, str) and node.base_type == "BITS":
        value = _bits(node, value, name)
    try:
        if isinstance(value, str) and node.base_type == "OCTET STRING" and node.display_hint:
            # As Net-SNMP's snmpset reads a string: by the DISPLAY-HINT (PhysAddress's "1x:"
            # takes "0:1b:21:3a:0:2"), else, where the text does not fit it, as its octets
            # (text that is no UTF-8, a lone surrogate, is refused here too).
            value = parse_octet_hint(node.display_hint, value.encode()) or value
        return make(value)
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(
            f"{name}: {reprlib.repr(given)} is no {node.base_type} ({node.module}::{node.name}): "
            f"{exc}"
        ) from None


def _bits(node: MibNode, text: str, name: str) -> bytes:
    """A BITS object's labels or bit numbers (``"sunday monday"``, ``"0,6"``) as its octets,
    as snmpset reads its ``b`` (and ``=``) values.

    Raises:
        ConfigurationError: a word that is no label of the object, or a number out of range.
    """
    labels = node.enums or {}
    try:
        return bits_octets(text, labels)
    except BadBit as bad:
        if bad.number:
            detail = f"bit numbers are 0..{BIT_LIMIT - 1}"
        else:
            detail = f"not a label of it ({', '.join(labels) or 'it has none'}), nor a bit number"
        raise ConfigurationError(
            f"{name}: {reprlib.repr(bad.token)} in {reprlib.repr(text)}: {detail} "
            f"({node.module}::{node.name})"
        ) from None
