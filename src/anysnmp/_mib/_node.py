"""A node of the MIB tree and the SMI base types its syntax resolves to."""

from __future__ import annotations

import re

__all__ = ("ANONYMOUS", "BASE_TYPES", "MibNode", "anonymous", "named")

#: How Net-SNMP labels an arc an OID value passes without naming (``{ x 2 0 }``'s 2).
ANONYMOUS = "anonymous#"

#: MIB type names -> the base type Net-SNMP prints them as.
BASE_TYPES = {
    "INTEGER": "INTEGER",
    "Integer32": "INTEGER",
    "OCTET STRING": "OCTET STRING",
    "OBJECT IDENTIFIER": "OBJECT IDENTIFIER",
    "IpAddress": "IpAddress",
    "NetworkAddress": "NetworkAddress",
    "Counter32": "Counter32",
    "Counter": "Counter32",
    "Gauge32": "Gauge32",
    "Gauge": "Gauge32",
    "Unsigned32": "Unsigned32",
    "TimeTicks": "TimeTicks",
    "Opaque": "Opaque",
    "Counter64": "Counter64",
    "Bits": "BITS",
    "BITS": "BITS",
}


def anonymous(name: str | None) -> bool:
    """Whether `name` is an ``anonymous#N`` label (printed as its number in OIDs)."""
    return name is not None and name.startswith(ANONYMOUS)


def named(node: MibNode) -> bool:
    """Whether a module names `node` (a label, not None nor ``anonymous#N``)."""
    return node.name is not None and not anonymous(node.name)


#: A byte that is not UTF-8, as ``surrogateescape`` gives it.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


class MibNode:
    """One OID of the loaded MIBs, with what its module says of it.

    Attributes:
        name: the label (``ifDescr``); ``anonymous#N`` (Net-SNMP's label) for an arc a
            module's OID value passes without naming (``{ x 2 0 }``'s 2); None for an OID
            no module names.
        module: the module defining it (``IF-MIB``), or passing it unnamed; None for the
            roots.
        oid: the numeric OID, dotted (``1.3.6.1.2.1.2.2.1.2``).
        kind: ``scalar``, ``column``, ``row``, ``table``, ``node``,
            ``notification``, ``group`` or ``compliance``.
        syntax: the type named in the SYNTAX clause (``DisplayString``), or None.
        base_type: the SMI base type it resolves to (``OCTET STRING``), or None.
        textual_convention: the textual convention of the syntax, or None.
        enums: named numbers {label: number} of an INTEGER or BITS, or None.
        display_hint: the DISPLAY-HINT in force, or None.
        sizes: SIZE ranges [(min, max)], or None.
        units: the UNITS clause, or None.
        access: the MAX-ACCESS (or SMIv1 ACCESS) clause, or None.
        status: the STATUS clause, or None.
        description: the DESCRIPTION text, or None; bytes of the file that are not UTF-8
            read as Latin-1 (``"Température"``).
        raw_description: the DESCRIPTION as the file's bytes, as Net-SNMP prints them:
            UTF-8 with the other bytes as surrogate escapes (``"Temp\\udce9rature"``;
            ``.encode("utf-8", "surrogateescape")`` gives the bytes back), or None.
        indexes: a row's INDEX, as [(index node, implied)], or None.
        augments: the row a row AUGMENTS, or None.
        children: child nodes by sub-identifier.
    """

    __slots__ = (
        "access",
        "augments",
        "base_type",
        "children",
        "display_hint",
        "enums",
        "indexes",
        "kind",
        "module",
        "name",
        "oid",
        "parent",
        "raw_description",
        "sizes",
        "status",
        "subid",
        "syntax",
        "textual_convention",
        "units",
    )

    def __init__(self, subid: int, parent: MibNode | None) -> None:
        self.subid = subid
        self.parent = parent
        self.oid: str = f"{parent.oid}.{subid}" if parent and parent.oid else str(subid)
        self.name: str | None = None
        self.module: str | None = None
        self.kind = "node"
        self.syntax: str | None = None
        self.base_type: str | None = None
        self.textual_convention: str | None = None
        self.enums: dict[str, int] | None = None
        self.display_hint: str | None = None
        self.sizes: list[tuple[int, int]] | None = None
        self.units: str | None = None
        self.access: str | None = None
        self.status: str | None = None
        self.raw_description: str | None = None
        self.indexes: list[tuple[MibNode, bool]] | None = None
        self.augments: MibNode | None = None
        self.children: dict[int, MibNode] = {}

    def __repr__(self) -> str:
        return f"<MibNode {self.module or ''}::{self.name or self.subid} {self.oid}>"

    @property
    def description(self) -> str | None:
        """The DESCRIPTION text (see the class), or None."""
        text = self.raw_description
        if text is None or text.isascii():
            return text
        return _ESCAPED_BYTE.sub(lambda byte: chr(ord(byte[0]) - 0xDC00), text)

    @property
    def row_indexes(self) -> list[tuple[MibNode, bool]] | None:
        """The INDEX in force for a row (an AUGMENTS row's is its base row's)."""
        if self.indexes is not None:
            return self.indexes
        return self.augments.indexes if self.augments is not None else None

    def enum_label(self, number: int) -> str | None:
        """The label of a named number, or None."""
        if self.enums:
            for label, value in self.enums.items():
                if value == number:
                    return label
        return None

    def fixed_size(self) -> int | None:
        """The size of a fixed-length OCTET STRING (one SIZE range of one value), or None."""
        if self.sizes and len(self.sizes) == 1 and self.sizes[0][0] == self.sizes[0][1]:
            return self.sizes[0][0]
        return None
