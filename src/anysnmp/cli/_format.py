"""Varbinds as text: Net-SNMP's ``-On`` output, line for line, and JSON.

Values are the typed decode's ``(oid, tag, value)`` triples. Octet strings
print as ``STRING`` when every octet is printable or white space in the C
locale (Net-SNMP's test), else as ``Hex-STRING`` in lines of 16 octets; an
Opaque holding a Net-SNMP float, double or 64-bit integer prints decoded.
"""

from __future__ import annotations

import json
import struct
from typing import Any

from .._types import Tag

__all__ = ("format_json", "format_value", "format_varbind", "type_name")

_WHITE_SPACE = "\t\n\v\f\r"
_PRINTABLE = frozenset(range(0x20, 0x7F)) | frozenset(_WHITE_SPACE.encode())

_EXCEPTIONS: dict[int, str] = {
    Tag.NO_SUCH_OBJECT: "No Such Object available on this agent at this OID",
    Tag.NO_SUCH_INSTANCE: "No Such Instance currently exists at this OID",
    Tag.END_OF_MIB_VIEW: (
        "No more variables left in this MIB View (It is past the end of the MIB tree)"
    ),
}

_NUMBERS: dict[int, str] = {
    Tag.INTEGER: "INTEGER",
    Tag.COUNTER32: "Counter32",
    Tag.GAUGE32: "Gauge32",
    Tag.COUNTER64: "Counter64",
}

_TYPE_NAMES = {
    Tag.INTEGER: "INTEGER",
    Tag.OCTET_STRING: "OCTET STRING",
    Tag.NULL: "NULL",
    Tag.OBJECT_IDENTIFIER: "OBJECT IDENTIFIER",
    Tag.IP_ADDRESS: "IpAddress",
    Tag.COUNTER32: "Counter32",
    Tag.GAUGE32: "Gauge32",
    Tag.TIMETICKS: "TimeTicks",
    Tag.OPAQUE: "Opaque",
    Tag.COUNTER64: "Counter64",
    Tag.NO_SUCH_OBJECT: "noSuchObject",
    Tag.NO_SUCH_INSTANCE: "noSuchInstance",
    Tag.END_OF_MIB_VIEW: "endOfMibView",
}

# Net-SNMP's Opaque-wrapped types (tag 9f xx): float, double, counter64, int64, uint64.
_OPAQUE_FLOAT, _OPAQUE_DOUBLE = 0x78, 0x79
_OPAQUE_INTEGERS = {0x76: "Counter64", 0x7A: "Int64", 0x7B: "UInt64"}


def hex_string(data: bytes) -> str:
    """Net-SNMP's hex dump: ``XX `` per octet, a line break after every 16."""
    return "\n".join(
        "".join(f"{octet:02X} " for octet in data[i : i + 16]) for i in range(0, len(data), 16)
    )


def uptime(ticks: int) -> str:
    """``D days, H:MM:SS.cc`` as Net-SNMP prints TimeTicks."""
    seconds, centis = divmod(ticks, 100)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    clock = f"{hours}:{minutes:02d}:{seconds:02d}.{centis:02d}"
    if days == 0:
        return clock
    return f"{days} day{'s' if days != 1 else ''}, {clock}"


def _octets(data: bytes) -> str:
    if not data:
        return '""'
    if all(octet in _PRINTABLE for octet in data):
        text = data.decode("ascii").replace("\\", "\\\\").replace('"', '\\"')
        return f'STRING: "{text}"'
    return "Hex-STRING: " + hex_string(data)


def _opaque(data: bytes) -> str:
    if len(data) >= 3 and data[0] == 0x9F and data[2] == len(data) - 3:
        kind, content = data[1], data[3:]
        if kind == _OPAQUE_FLOAT and len(content) == 4:
            return f"Opaque: Float: {struct.unpack('>f', content)[0]:f}"
        if kind == _OPAQUE_DOUBLE and len(content) == 8:
            return f"Opaque: Float: {struct.unpack('>d', content)[0]:f}"  # sic: Net-SNMP 5.9
        if kind in _OPAQUE_INTEGERS and 1 <= len(content) <= 9:
            number = int.from_bytes(content, "big", signed=kind == 0x7A)
            return f"Opaque: {_OPAQUE_INTEGERS[kind]}: {number}"
    return "OPAQUE: " + hex_string(data)


def format_value(tag: int, value: Any) -> str:
    """The text right of ``=`` in Net-SNMP's output of a varbind."""
    if tag in _NUMBERS:
        return f"{_NUMBERS[tag]}: {value}"
    if tag == Tag.OCTET_STRING:
        return _octets(value)
    if tag == Tag.OBJECT_IDENTIFIER:
        return f"OID: .{value}"
    if tag == Tag.TIMETICKS:
        return f"Timeticks: ({value}) {uptime(value)}"
    if tag == Tag.IP_ADDRESS:
        return f"IpAddress: {value}"
    if tag == Tag.NULL:
        return "NULL"
    if tag == Tag.OPAQUE:
        return _opaque(value)
    if tag in _EXCEPTIONS:
        return _EXCEPTIONS[tag]
    raise ValueError(f"unknown SMI tag {tag:#x}")


def format_varbind(oid: str, tag: int, value: Any) -> str:
    """One varbind as ``snmpget -On`` prints it (no trailing newline)."""
    return f".{oid} = {format_value(tag, value)}"


def type_name(tag: int) -> str:
    """The SMI name of a tag (``Counter64``, ``noSuchInstance``...)."""
    return _TYPE_NAMES[Tag(tag)]


def _printable_text(data: bytes) -> str | None:
    """`data` as text when it is UTF-8 of printable characters and white space, else None.

    White space is Net-SNMP's (tab, newline, vertical tab, form feed, carriage
    return): ASCII octets are text exactly when Net-SNMP prints a ``STRING``.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if all(char.isprintable() or char in _WHITE_SPACE for char in text):
        return text
    return None


def format_json(oid: str, tag: int, value: Any) -> str:
    """One varbind as a JSON object on one line.

    ``{"oid": "1.3.6.1.2.1.1.5.0", "type": "OCTET STRING", "value": "sw1", "hex": "737731"}``:
    numbers are JSON numbers; octet strings and Opaque always give ``hex``,
    and ``value`` as text when they are printable UTF-8 text (else null, as
    for a MAC address); exception values have a null ``value``.
    """
    item: dict[str, Any] = {"oid": oid, "type": type_name(tag)}
    if isinstance(value, bytes):
        item["value"] = _printable_text(value)
        item["hex"] = value.hex()
    else:
        item["value"] = None if tag >= Tag.NO_SUCH_OBJECT else value
    return json.dumps(item, ensure_ascii=False)
