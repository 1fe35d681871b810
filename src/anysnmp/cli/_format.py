"""Varbinds as text: Net-SNMP's ``-On`` output, line for line, and JSON.

Values are the typed decode's ``(oid, tag, value)`` triples. Octet strings
print as ``STRING`` when every octet is printable or white space in the C
locale (Net-SNMP's test), else as ``Hex-STRING`` in lines of 16 octets; an
Opaque holding a Net-SNMP float, double or 64-bit integer prints decoded.
"""

from __future__ import annotations

from typing import Any

from .._mib._format import MibFormatter
from .._types import Tag

__all__ = ("format_json", "format_value", "format_varbind", "type_name")

#: Net-SNMP's white space (with the printable ASCII octets, what prints as a STRING).
_WHITE_SPACE = "\t\n\v\f\r"

#: Net-SNMP's output with no MIB loaded (-On).
_NUMERIC = MibFormatter()


def format_value(tag: int, value: Any) -> str:
    """The text right of ``=`` in Net-SNMP's output of a varbind."""
    return _NUMERIC.value("", tag, value)


def format_varbind(oid: str, tag: int, value: Any) -> str:
    """One varbind as ``snmpget -On`` prints it (no trailing newline)."""
    return _NUMERIC.varbind(oid, tag, value)


def type_name(tag: int) -> str:
    """The SMI name of a tag (``Counter64``, ``noSuchInstance``...)."""
    return Tag(tag).smi_name


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


def format_json(oid: str, tag: int, value: Any, formatter: MibFormatter | None = None) -> str:
    """One varbind as a JSON object on one line.

    ``{"oid": "1.3.6.1.2.1.1.5.0", "type": "OCTET STRING", "value": "sw1", "hex": "737731"}``:
    numbers are JSON numbers; octet strings and Opaque always give ``hex``,
    and ``value`` as text when they are printable UTF-8 text (else null, as
    for a MAC address); exception values have a null ``value``.

    With a `formatter` of loaded MIBs the same fields and, as its lines print them,
    ``name`` (the OID), ``text`` (the value, right of `` = ``) and, for an OID value,
    ``value_name``.
    """
    import json  # here: the commands print text unless --json

    item: dict[str, Any] = {"oid": oid, "type": type_name(tag)}
    if isinstance(value, bytes):
        item["value"] = _printable_text(value)
        item["hex"] = value.hex()
    else:
        item["value"] = None if tag >= Tag.NO_SUCH_OBJECT else value
    if formatter is not None and formatter.tree is not None:
        item["name"] = _utf8(formatter.oid(oid))
        item["text"] = _utf8(formatter.value(oid, tag, value))
        if tag == Tag.OBJECT_IDENTIFIER and isinstance(value, str):
            item["value_name"] = _utf8(formatter.oid(value))
    return json.dumps(item, ensure_ascii=False)


def _utf8(text: str) -> str:
    """`text` as JSON takes it: octets that are not UTF-8 (a DISPLAY-HINT string value or
    -OX string index, which the lines print as they came) are U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
