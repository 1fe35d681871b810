"""OID TYPE VALUE on the command line, read as Net-SNMP's tools read it (``snmp_add_var``).

With MIBs, the object's type (the SYNTAX of its deepest known node) is checked against
the letter, and INTEGER values and string lengths against its ranges (``-Ir``: neither);
INTEGER and BITS take its labels, ``s`` its DISPLAY-HINT (``-Ih``: not), ``=`` its type.
A value that does not fit gets Net-SNMP's words (``Bad variable type (Type of attribute is
OCTET STRING, not INTEGER)``), which the commands print after ``NAME: ``. What Net-SNMP
would send changed (an INTEGER past 32 bits, an OID that BER reads back as another) is
refused in our words.
"""

from __future__ import annotations

import math
import os
import re
import socket
import struct
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .._mib._bits import BIT_LIMIT, BadBit, bits_octets
from .._mib._hint import parse_octet_hint, strtol
from .._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    Null,
    ObjectIdentifier,
    OctetString,
    Opaque,
    TimeTicks,
    TypedValue,
)
from ._target import UnknownOidError

if TYPE_CHECKING:
    from .._mib._describe import NodeView

__all__ = ("SET_LETTERS", "Unbuildable", "ValueLineError", "build_check", "read_value")

#: The type letters snmpset takes (snmptrap hands any letter on: c, C too).
SET_LETTERS = frozenset("=iu3taosxdbnIUFD")

#: letter -> the MIB types it fits (as Net-SNMP keeps them) and its name in the message.
_FITS = {
    "i": (("INTEGER", "Integer32"), "INTEGER"),
    "u": (("Gauge32", "Unsigned32"), "Unsigned32"),
    "3": (("UInteger32",), "UInteger32"),
    "c": (("Counter32",), "Counter32"),
    "C": (("Counter64",), "Counter64"),
    "t": (("TimeTicks",), "Timeticks"),
    "a": (("IpAddress",), "IpAddress"),
    "o": (("OBJECT IDENTIFIER",), "OBJECT IDENTIFIER"),
    "s": (("OCTET STRING", "BITS"), "OCTET STRING"),
    "x": (("OCTET STRING", "BITS"), "OCTET STRING"),
    "d": (("OCTET STRING", "BITS"), "OCTET STRING"),
    "b": (("BITS",), "BITS"),
}
#: A MIB type's name in "Type of attribute is ...", where it is not the type's own.
_ATTRIBUTE = {"TimeTicks": "Timeticks", "NULL": "Null", "UInteger32": "UInteger"}
#: The letter ``=`` stands for, by MIB type (others keep ``=``, which no reader takes).
_MIB_LETTERS = {
    "INTEGER": "i",
    "Integer32": "i",
    "Gauge32": "u",
    "Unsigned32": "u",
    "UInteger32": "3",
    "Counter32": "c",
    "Counter64": "C",
    "TimeTicks": "t",
    "OCTET STRING": "s",
    "BITS": "b",
    "IpAddress": "a",
    "OBJECT IDENTIFIER": "o",
}
#: letter -> the `_Reader` method reading its values.
_METHODS = {
    "i": "integer",
    "u": "gauge",
    "3": "uinteger",
    "c": "counter",
    "C": "counter64",
    "t": "timeticks",
    "a": "address",
    "o": "oid_value",
    "s": "string",
    "x": "hex",
    "d": "decimal",
    "b": "bits",
    "n": "null",
    "U": "uint64",
    "I": "int64",
    "F": "float",
    "D": "double",
}
_U64 = 2**64
_FLOAT_MAX = struct.unpack(">f", b"\x7f\x7f\xff\xff")[0]


class ValueLineError(UnknownOidError):
    """A value Net-SNMP's tools refuse: their words (after ``NAME: `` where they print it),
    which they log."""

    def __init__(self, message: str) -> None:
        super().__init__(message, logged=True)


def _bad_notation(text: str) -> ValueLineError:
    return ValueLineError(f"Bad value notation ({text})")


def _out_of_range(detail: str) -> ValueLineError:
    return ValueLineError(f"Value out of range ({detail})")


def _number(text: str, base: int = 10) -> tuple[int | None, bool]:
    """C's strtol at the start of `text`: the number (None: no digits), and whether more
    follows."""
    data = os.fsencode(text)
    read = strtol(data, 0, base)
    return (None, True) if read is None else (read[0], read[1] < len(data))


def _read64(text: str) -> int | None:
    """Net-SNMP's read64: an optional ``-`` and the digits that follow, modulo 2**64."""
    found = re.match(r"(-?)([0-9]+)", text)
    if found is None:
        return None
    number = int(found.group(2))
    return (-number if found.group(1) else number) % _U64


#: C's sscanf %f: a hexadecimal, then a decimal number (after C's white space).
_HEX_FLOAT = re.compile(
    r"[ \t\n\v\f\r]*([+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)"
)
_FLOAT = re.compile(
    r"[ \t\n\v\f\r]*([+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan))",
    re.IGNORECASE,
)


def _c_float(text: str) -> float | None:
    """C's sscanf ``%f``/``%lf``: the number at the start of `text` (None: none there)."""
    hexa = _HEX_FLOAT.match(text)
    if hexa:
        return float.fromhex(hexa.group(1))
    found = _FLOAT.match(text)
    return float(found.group(1)) if found else None


def _c_int(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - 2**32 if value >= 2**31 else value


def _check_range(ranges: Sequence[tuple[int, int]] | None, value: int, detail: str) -> None:
    """Net-SNMP's _check_range: `value` in one of `ranges`, else its line listing them."""
    if not ranges or any(_c_int(low) <= value <= _c_int(high) for low, high in ranges):
        return
    texts = [
        f"({_c_int(low)})" if low == high else f"({_c_int(low)}..{_c_int(high)})"
        for low, high in ranges
    ]
    raise _out_of_range(f"{detail} :: {{{', '.join(texts)}}}")


class _Reader:
    """One value of an object whose MIB node is `view` (None: no MIB type)."""

    def __init__(
        self, view: NodeView | None, ranges: bool, hints: bool, oid: Callable[[str], list[int]]
    ) -> None:
        self.enums = view.enums if view is not None else None
        self.ranges = view.ranges if view is not None and ranges else None
        self.hint = view.hint if view is not None and hints else None
        self.oid = oid

    def integer(self, text: str) -> TypedValue:
        if not text:
            raise _bad_notation(text)
        number, rest = _number(text)
        if rest:
            if not self.enums or text not in self.enums:
                raise _out_of_range(text)
            number = self.enums[text]
        assert number is not None
        _check_range(self.ranges, number, text)
        if not -(2**31) <= number < 2**31:
            raise ValueLineError(f"{text}: INTEGER is -2147483648..2147483647 (not sent)")
        return Integer(number)

    def _unsigned(self, text: str) -> int:
        number, rest = _number(text)
        if not text or rest or number is None:
            raise _bad_notation(text)
        if not 0 <= number < 2**32:
            raise ValueLineError(f"{text}: 0..4294967295 (not sent)")
        return number

    def gauge(self, text: str) -> TypedValue:
        return Gauge32(self._unsigned(text))

    def counter(self, text: str) -> TypedValue:
        return Counter32(self._unsigned(text))

    def timeticks(self, text: str) -> TypedValue:
        return TimeTicks(self._unsigned(text))

    def uinteger(self, text: str) -> TypedValue:
        self._unsigned(text)
        raise ValueLineError(f"{text}: UInteger32 (RFC 1442's) is read, never sent by anysnmp")

    def _64(self, text: str) -> int:
        number = _read64(text)
        if number is None:
            raise _bad_notation(text)
        return number

    def counter64(self, text: str) -> TypedValue:
        return Counter64(self._64(text))

    def uint64(self, text: str) -> TypedValue:
        return Opaque(_opaque_integer(self._64(text), signed=False))

    def int64(self, text: str) -> TypedValue:
        number = self._64(text)
        return Opaque(_opaque_integer(number - _U64 if number >= 2**63 else number, signed=True))

    def float(self, text: str) -> TypedValue:
        number = _c_float(text)
        if number is None:
            raise _bad_notation(text)
        if math.isfinite(number) and abs(number) > _FLOAT_MAX:
            number = math.copysign(math.inf, number)
        return Opaque(b"\x9f\x78\x04" + struct.pack(">f", number))

    def double(self, text: str) -> TypedValue:
        number = _c_float(text)
        if number is None:
            raise _bad_notation(text)
        return Opaque(b"\x9f\x79\x08" + struct.pack(">d", number))

    def address(self, text: str) -> TypedValue:
        try:  # inet_addr: inet_aton's forms, but all ones only as 255.255.255.255
            octets = socket.inet_aton(text)
        except (OSError, ValueError):
            raise _bad_notation(text) from None
        if octets == b"\xff" * 4 and text != "255.255.255.255":
            raise _bad_notation(text)
        return IpAddress(socket.inet_ntoa(octets))

    def oid_value(self, text: str) -> TypedValue:
        arcs = [arc & 0xFFFFFFFF for arc in self.oid(text)]
        if len(arcs) == 1 and arcs[0] <= 2:
            raise _reread(text, f"0.{arcs[0]}", "an OID has two arcs or more")
        if arcs[0] > 2 or (len(arcs) > 1 and arcs[0] < 2 and arcs[1] > 40):
            return Unbuildable("first" if arcs[0] > 2 else "second")  # type: ignore[return-value]
        if len(arcs) > 1 and arcs[0] < 2 and arcs[1] == 40:
            sent = ".".join(map(str, [arcs[0] + 1, 0, *arcs[2:]]))
            raise _reread(text, sent, "under 0 and 1 the second arc is 0..39")
        return ObjectIdentifier(".".join(map(str, arcs)))

    def string(self, text: str) -> TypedValue:
        data = os.fsencode(text)
        if self.hint:
            octets = parse_octet_hint(self.hint, data)
            if octets is not None:
                _check_range(self.ranges, len(octets), "Value does not match DISPLAY-HINT")
                return OctetString(octets)
        return self._string(data)

    def hex(self, text: str) -> TypedValue:
        octets = _hex_octets(os.fsencode(text))
        if octets is None:
            raise _bad_notation(text)
        return self._string(octets)

    def decimal(self, text: str) -> TypedValue:
        read = _decimal_octets(os.fsencode(text))
        if read is None:
            raise _bad_notation(text)
        octets, cut = read
        value = self._string(octets)  # the size Net-SNMP checks, of what it read
        if cut:  # Net-SNMP would send the octets atoi made of it
            raise ValueLineError(f"{text}: octets are 0..255 (not sent)")
        return value

    def _string(self, octets: bytes) -> TypedValue:
        _check_range(self.ranges, len(octets), "Bad string length")
        return OctetString(octets)

    def null(self, _text: str) -> TypedValue:
        return Null()

    def bits(self, text: str) -> TypedValue:
        try:
            return OctetString(bits_octets(text, self.enums or {}))
        except BadBit as bad:
            if bad.number:
                raise ValueLineError(
                    f"{bad.token}: bit numbers are 0..{BIT_LIMIT - 1} (not sent)"
                ) from None
            raise _out_of_range(bad.token) from None


def _reread(text: str, sent: str, rule: str) -> ValueLineError:
    return ValueLineError(f"OID value {text} is not sent: BER would carry it as {sent} ({rule})")


def _hex_octets(data: bytes) -> bytes | None:
    """snmp_hex_to_binary: pairs of hex digits (``0x`` first, spaces between pairs)."""
    if data[:2] in (b"0x", b"0X"):
        data = data[2:]
    found = re.fullmatch(rb"(?: |[0-9a-fA-F]{2})*", data)
    return bytes.fromhex(data.replace(b" ", b"").decode()) if found else None


def _decimal_octets(data: bytes) -> tuple[bytes, bool] | None:
    """snmp_decimal_to_binary: numbers apart by spaces or dots, each read by C's atoi
    (glibc's strtol, LONG_MAX past it, cut to an int: 4294967296 is 0, 2^63 is -1) and
    refused past 255, its octet the int's low 8 bits; and whether atoi cut one."""
    if re.fullmatch(rb"[\s.0-9]*", data) is None:
        return None
    numbers = [int(part) for part in re.findall(rb"[0-9]+", data)]
    read = [_c_int(min(number, 2**63 - 1)) for number in numbers]
    if any(number > 255 for number in read):
        return None
    return bytes(number & 0xFF for number in read), read != numbers


def _opaque_integer(number: int, signed: bool) -> bytes:
    """Net-SNMP's Opaque-wrapped Int64 (``I``, signed) or UInt64 (``U``)."""
    size = ((~number if number < 0 else number).bit_length() + 8) // 8
    return bytes((0x9F, 0x7A if signed else 0x7B, size)) + number.to_bytes(size, signed=True)


def read_value(
    view: NodeView | None,
    kind: str,
    text: str,
    *,
    check: bool = True,
    hints: bool = True,
    oid: Callable[[str], list[int]],
) -> TypedValue:
    """The value `text` of type letter `kind` for an object whose MIB node is `view`.

    `check`: the letter checked against the MIB type, and the ranges (not ``-Ir``);
    `hints`: ``s`` read by the DISPLAY-HINT (not ``-Ih``); `oid`: the reader of OIDs.

    Raises:
        ValueLineError: Net-SNMP's words (or ours, for what it would send changed).
        UnknownOidError: an ``o`` value that does not parse (the reader's).
    """
    base = view.base if view is not None else None
    if kind == "=" and base in _MIB_LETTERS:
        kind = _MIB_LETTERS[base]
    fits = _FITS.get(kind)
    if (
        check
        and view is not None
        and base is not None
        and fits is not None
        and (base not in fits[0] or (kind == "b" and not view.enums))
    ):
        what = _ATTRIBUTE.get(base, base)
        raise ValueLineError(f"Bad variable type (Type of attribute is {what}, not {fits[1]})")
    name = _METHODS.get(kind)
    if name is None:
        raise ValueLineError(f'Bad variable type ("{kind}")' if kind else 'Bad variable type (")')
    return getattr(_Reader(view, check, hints, oid), name)(text)  # type: ignore[no-any-return]


class Unbuildable:
    """An OID value Net-SNMP's encoder refuses (its first arc past 2, or its second past 40
    under 0 and 1): it reads it, then fails to build the message."""

    def __init__(self, which: str) -> None:
        self.which = which


def build_check(values: Sequence[object]) -> None:
    """Net-SNMP's encoder on the values about to be sent: it refuses an `Unbuildable` (the
    last varbind's first: it builds from the end).

    Raises:
        ValueLineError: its lines (``snmp_build: unknown failure``, then its reason).
    """
    for value in reversed(values):
        if isinstance(value, Unbuildable):
            raise ValueLineError(
                "snmp_build: unknown failure\nanysnmp: Error building ASN.1 representation "
                f"(build objid: bad {value.which} subidentifier)"
            )
