"""Varbinds as Net-SNMP's tools print them, with or without MIBs, honouring ``-O`` flags.

The node that types a value is the deepest MIB node on its OID's path (as in
Net-SNMP): its base type picks the printer, its enums, DISPLAY-HINT and
UNITS shape the text, and a value of another type than the MIB's prints as
``Wrong Type (should be X): ...``. Output flags (snmpcmd(1)): ``n`` numeric
OIDs, ``f`` full OIDs, ``s`` labels only, ``S`` module::label (default),
``b`` no index decoding, ``q`` quick (no type,
a space for ``=``), ``Q`` quick with ``=``, ``v`` values only, ``e`` numeric
enums, ``x`` hex strings, ``a`` ascii strings, ``t`` numeric timeticks, ``U``
no units.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from .._errors import ConfigurationError
from .._types import Tag
from ._names import render, render_found
from ._node import MibNode
from ._tree import MibTree

__all__ = ("FLAGS", "MibFormatter", "hex_string", "uptime")

#: The -O letters the formatter honours.
FLAGS = frozenset("nfsSbqQvextaU")

_PRINTABLE = frozenset(range(0x20, 0x7F)) | frozenset(b"\t\n\v\f\r")

_EXCEPTIONS: dict[int, str] = {
    Tag.NO_SUCH_OBJECT: "No Such Object available on this agent at this OID",
    Tag.NO_SUCH_INSTANCE: "No Such Instance currently exists at this OID",
    Tag.END_OF_MIB_VIEW: (
        "No more variables left in this MIB View (It is past the end of the MIB tree)"
    ),
}

# Net-SNMP's Opaque-wrapped types (tag 9f xx): float, double, counter64, int64, uint64.
_OPAQUE_FLOAT, _OPAQUE_DOUBLE = 0x78, 0x79
_OPAQUE_INTEGERS = {0x76: "Counter64", 0x7A: "Int64", 0x7B: "UInt64"}


def hex_string(data: bytes) -> str:
    """Net-SNMP's hex dump: ``XX `` per octet, a line break after every 16."""
    return "\n".join(
        "".join(f"{octet:02X} " for octet in data[i : i + 16]) for i in range(0, len(data), 16)
    )


def uptime(ticks: int, quick: bool = False) -> str:
    """``D days, H:MM:SS.cc`` as Net-SNMP prints TimeTicks (``D:H:MM:SS.cc`` when quick)."""
    seconds, centis = divmod(ticks, 100)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    clock = f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"
    if quick:
        return f"{days}:{clock}"
    if days == 0:
        return clock
    return f"{days} day{'s' if days != 1 else ''}, {clock}"


def _ascii(data: bytes) -> str:
    text = "".join(chr(octet) if octet in _PRINTABLE else "." for octet in data)
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _hinted_octets(data: bytes, hint: str) -> str | None:
    """An OCTET STRING through a DISPLAY-HINT (RFC 2579 3.1), Net-SNMP's way; None: a bad hint."""
    if hint == "255a" and 0 not in data:  # DisplayString, SnmpAdminString: the common cases
        return data.decode("utf-8", "replace")
    if hint == "1x:":  # PhysAddress, MacAddress
        return ":".join(f"{octet:x}" for octet in data)
    out: list[str] = []
    pos, h = 0, 0
    width, code, separ, term = 1, "d", "", ""
    while pos < len(data):
        repeat = 1
        if h < len(hint):
            if hint[h] == "*":
                repeat = data[pos]
                pos += 1
                h += 1
            start = h
            while h < len(hint) and hint[h].isdigit():
                h += 1
            width = int(hint[start:h] or 0)
            if h >= len(hint):
                return None
            code = hint[h]
            h += 1
            separ = term = ""
            if _is_delimiter(hint, h, width):
                separ = hint[h]
                h += 1
            if _is_delimiter(hint, h, width):
                term = hint[h]
                h += 1
        if width == 0:
            return None
        while repeat and pos < len(data):
            if code in "at":
                chunk = data[pos : pos + width]
                pos += len(chunk)
                out.append(chunk.decode("utf-8", "replace") if 0 not in chunk else _ascii(chunk))
            elif code in "xdo":
                value = int.from_bytes(data[pos : pos + width], "big")
                pos += width
                if code == "x":
                    pad = value < 16 and width == 1 and not separ and h >= len(hint)
                    out.append(f"0{value:x}" if pad else f"{value:x}")
                else:
                    out.append(str(value) if code == "d" else f"{value:o}")
            else:
                return None
            if pos < len(data) and separ:
                out.append(separ)
            repeat -= 1
        if term and pos < len(data):
            out.append(term)
    return "".join(out)


def _is_delimiter(hint: str, h: int, width: int) -> bool:
    if h >= len(hint):
        return False
    char = hint[h]
    return char != "*" and not char.isdigit() and (width != 0 or char not in "xdo")


def _hinted_integer(value: int, hint: str) -> str | None:
    """An integer through a DISPLAY-HINT (``d-2``, ``x``, ``o``, ``b``); None: not such a hint."""
    kind = hint[:1]
    if kind == "d":
        shift = max(int(hint[2:]), 0) if hint[1:2] == "-" and hint[2:].isdigit() else 0
        digits = str(abs(value))
        if shift:
            digits = digits.rjust(shift, "0")
            digits = f"{digits[:-shift]}.{digits[-shift:]}"
        return f"-{digits}" if value < 0 else digits
    if kind in ("x", "o"):
        return format(value, kind)
    if kind == "b":
        return format(value & 0xFFFFFFFF, "032b")
    return None


class MibFormatter:
    """Prints varbinds as Net-SNMP's tools do, given MIBs (or none) and ``-O`` flags.

    Args:
        tree: the loaded MIBs' tree (``mib.tree``), or None for numeric output.
        flags: ``-O`` letters, such as ``"qs"``.

    Raises:
        ConfigurationError: a letter the formatter does not know.
    """

    def __init__(self, tree: MibTree | None = None, flags: str = "") -> None:
        unknown = set(flags) - FLAGS
        if unknown:
            raise ConfigurationError(f"unknown -O flags: {''.join(sorted(unknown))}")
        self.tree = tree
        self.flags = frozenset(flags)
        self.quick = bool(self.flags & {"q", "Q"})
        self.quick_equals = "Q" in self.flags
        last = next((letter for letter in reversed(flags) if letter in "nfsS"), "S")
        self.form = (
            "numeric"
            if tree is None
            else {"n": "numeric", "f": "full", "s": "suffix"}.get(last, "module")
        )
        self.breakdown = "b" not in self.flags
        self.values_only = "v" in self.flags
        self.separator = " " if self.quick and not self.quick_equals else " = "
        self._printers: dict[str | None, Callable[[int, Any, MibNode | None], str]] = {
            "OBJECT IDENTIFIER": self._oid_value,
            "OCTET STRING": self._octets,
            "INTEGER": self._integer,
            "IpAddress": self._ip,
            "NetworkAddress": self._network_address,
            "Counter32": self._counter32,
            "Gauge32": self._gauge32,
            "Unsigned32": self._gauge32,
            "TimeTicks": self._timeticks,
            "Opaque": self._opaque,
            "Counter64": self._counter64,
            "BITS": self._bits,
        }
        self._tag_printers: dict[int, Callable[[int, Any, MibNode | None], str]] = {
            Tag.INTEGER: self._integer,
            Tag.OCTET_STRING: self._octets,
            Tag.OBJECT_IDENTIFIER: self._oid_value,
            Tag.TIMETICKS: self._timeticks,
            Tag.GAUGE32: self._gauge32,
            Tag.COUNTER32: self._counter32,
            Tag.IP_ADDRESS: self._ip,
            Tag.NULL: self._null,
            Tag.COUNTER64: self._counter64,
            Tag.OPAQUE: self._opaque,
        }

    def oid(self, oid: str) -> str:
        """An OID (dotted, no leading dot) in the chosen form."""
        if self.tree is None:
            return "." + oid
        return render(self.tree, oid, self.form, breakdown=self.breakdown)

    def _node(self, oid: str) -> MibNode | None:
        if self.tree is None:
            return None
        return self.tree.find([int(arc) for arc in oid.split(".")])[0]

    def value(self, oid: str, tag: int, value: Any) -> str:
        """The text right of ``=`` (what ``-Ov`` prints alone)."""
        return self._value(self._node(oid), tag, value)

    def _value(self, node: MibNode | None, tag: int, value: Any) -> str:
        if tag in _EXCEPTIONS:
            return _EXCEPTIONS[tag]
        printer = self._printers.get(node.base_type if node is not None else None)
        if printer is None:
            return self._by_tag(tag, value, node)
        return printer(tag, value, node)

    def varbind(self, oid: str, tag: int, value: Any) -> str:
        """One varbind as Net-SNMP prints it (no trailing newline)."""
        tree = self.tree
        if tree is None:
            name, node = "." + oid, None
        else:
            arcs = [int(arc) for arc in oid.split(".")]
            node, depth = tree.find(arcs)
            if self.form == "numeric":
                name = "." + oid
            else:
                name = render_found(tree, node, arcs[depth:], self.form, breakdown=self.breakdown)
        text = self._value(node, tag, value)
        if self.values_only:
            return text
        return f"{name}{self.separator}{text}"

    def _by_tag(self, tag: int, value: Any, node: MibNode | None) -> str:
        """What a value prints as by its own tag (no MIB type, or after "Wrong Type")."""
        printer = self._tag_printers.get(tag)
        if printer is None:
            raise ValueError(f"unknown SMI tag {tag:#x}")
        return printer(tag, value, node)

    def _wrong(self, tag: int, value: Any, should: str) -> str:
        text = self._by_tag(tag, value, None)
        return text if self.quick_equals else f"Wrong Type (should be {should}): {text}"

    def _prefix(self, name: str) -> str:
        return "" if self.quick else f"{name}: "

    def _units(self, node: MibNode | None) -> str:
        if node is None or node.units is None or "U" in self.flags:
            return ""
        return " " + node.units

    def _hint(self, node: MibNode | None) -> str | None:
        return node.display_hint if node is not None else None

    def _integer(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.INTEGER:
            return self._wrong(tag, value, "INTEGER")
        label = node.enum_label(value) if node is not None else None
        if label is None or "e" in self.flags:
            hint = self._hint(node)
            text = (_hinted_integer(value, hint) if hint else None) or str(value)
        else:
            text = label if self.quick else f"{label}({value})"
        return self._prefix("INTEGER") + text + self._units(node)

    def _unsigned(self, tag: int, value: Any, node: MibNode | None, name: str) -> str:
        hint = self._hint(node)
        text = (_hinted_integer(value, hint) if hint else None) or str(value)
        return self._prefix(name) + text + self._units(node)

    def _gauge32(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.GAUGE32:
            return self._wrong(tag, value, "Gauge32 or Unsigned32")
        return self._unsigned(tag, value, node, "Gauge32")

    def _counter32(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.COUNTER32:
            return self._wrong(tag, value, "Counter32")
        return self._prefix("Counter32") + str(value) + self._units(node)

    def _counter64(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.COUNTER64:
            return self._wrong(tag, value, "Counter64")
        return self._prefix("Counter64") + str(value) + self._units(node)

    def _timeticks(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.TIMETICKS:
            return self._wrong(tag, value, "Timeticks")
        if "t" in self.flags:
            return str(value)
        prefix = "" if self.quick else f"Timeticks: ({value}) "
        return prefix + uptime(value, self.quick) + self._units(node)

    def _ip(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.IP_ADDRESS:
            return self._wrong(tag, value, "IpAddress")
        return self._prefix("IpAddress") + str(value)

    def _network_address(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.IP_ADDRESS:
            return self._wrong(tag, value, "NetworkAddress")
        octets = ":".join(f"{int(octet):02X}" for octet in str(value).split("."))
        return self._prefix("Network Address") + octets

    def _null(self, tag: int, value: Any, node: MibNode | None) -> str:
        return "NULL"

    def _oid_value(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.OBJECT_IDENTIFIER:
            return self._wrong(tag, value, "OBJECT IDENTIFIER")
        return self._prefix("OID") + self.oid(value) + self._units(node)

    def _octets(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.OCTET_STRING:
            return self._wrong(tag, value, "OCTET STRING")
        hint = self._hint(node)
        if hint:
            hinted = _hinted_octets(value, hint)
            if hinted is not None:
                return self._prefix("STRING") + hinted + self._units(node)
            return f"(Bad hint ignored: {hint}) " + self._plain_octets(value, None)
        return self._plain_octets(value, node)

    def _plain_octets(self, value: bytes, node: MibNode | None) -> str:
        if "x" in self.flags:
            as_hex = True
        elif "a" in self.flags:
            as_hex = False
        else:
            as_hex = not all(octet in _PRINTABLE for octet in value)
        if not value:
            return '""'
        if as_hex:
            text = f'"{hex_string(value)}"' if self.quick else "Hex-STRING: " + hex_string(value)
        else:
            text = self._prefix("STRING") + f'"{_ascii(value)}"'
        return text + self._units(node)

    def _bits(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.OCTET_STRING:
            return self._wrong(tag, value, "BITS")
        if self.quick:
            return f'"{hex_string(value)}"'
        names = {number: label for label, number in (node.enums or {}).items()} if node else {}
        bits = [
            i * 8 + bit
            for i, octet in enumerate(value)
            for bit in range(8)
            if octet & (0x80 >> bit)
        ]
        labels = "".join(
            f"{names[bit]}({bit}) " if bit in names and "e" not in self.flags else f"{bit} "
            for bit in bits
        )
        return "BITS: " + hex_string(value) + labels

    def _opaque(self, tag: int, value: Any, node: MibNode | None) -> str:
        if tag != Tag.OPAQUE:
            return self._wrong(tag, value, "Opaque")
        data: bytes = value
        if len(data) >= 3 and data[0] == 0x9F and data[2] == len(data) - 3:
            kind, content = data[1], data[3:]
            if kind == _OPAQUE_FLOAT and len(content) == 4:
                return self._prefix("Opaque: Float") + f"{struct.unpack('>f', content)[0]:f}"
            if kind == _OPAQUE_DOUBLE and len(content) == 8:  # "Float" (sic: Net-SNMP 5.9)
                return self._prefix("Opaque: Float") + f"{struct.unpack('>d', content)[0]:f}"
            if kind in _OPAQUE_INTEGERS and 1 <= len(content) <= 9:
                number = int.from_bytes(content, "big", signed=kind == 0x7A)
                return self._prefix(f"Opaque: {_OPAQUE_INTEGERS[kind]}") + str(number)
        return self._prefix("OPAQUE") + hex_string(data)
