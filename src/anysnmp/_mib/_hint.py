"""A string value read by its object's DISPLAY-HINT (RFC 2579), as Net-SNMP's tools read it
(``parse_octet_hint``): ``1x:`` takes ``00:1a:2b``, ``255a`` the text as it is."""

from __future__ import annotations

import re

__all__ = ("parse_octet_hint", "strtol")

_BASES = {ord("x"): 16, ord("d"): 10, ord("o"): 8}
_SPACE = b" \t\n\v\f\r"


#: The most octets an OCTET STRING holds (RFC 2578's SIZE (0..65535)): a hint's part longer
#: (``99999999999x``) fits no value.
_LARGEST_OCTETS = 65535


def _digit(octet: int) -> bool:
    return 48 <= octet <= 57


class _Part:
    """One part of the hint being read: its length, repeat, format, separator, terminator."""

    def __init__(self) -> None:
        self.length = 0
        self.repeat = False
        self.format = 0
        self.separator = 0
        self.terminator = 0


_NUMBERS = {
    0: rb"[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F])[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)",
    8: rb"[ \t\n\v\f\r]*([+-]?)([0-7]+)",
    10: rb"[ \t\n\v\f\r]*([+-]?)([0-9]+)",
    16: rb"[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)",
}


def strtol(data: bytes, at: int = 0, base: int = 10) -> tuple[int, int] | None:
    """C's strtol from `at` (`base` 0: ``0x`` hex, ``0`` octal, else decimal): the number,
    clamped to a 64-bit long, and where it ends; None: no digits there."""
    found = re.compile(_NUMBERS[base]).match(data, at)
    if found is None:
        return None
    digits = found.group(2)
    if digits[:2] in (b"0x", b"0X"):
        number = int(digits[2:], 16)
    elif base:
        number = int(digits, base)
    else:
        number = int(digits, 8) if digits[:1] == b"0" else int(digits)
    number = -number if found.group(1) == b"-" else number
    return max(-(2**63), min(number, 2**63 - 1)), found.end()


def _read(part: _Part, data: bytes, at: int, out: bytearray) -> int | None:
    """parse_hints_parse: one part's octets from `at` into `out`; where it stopped, None
    when the value does not fit."""
    count_at = len(out)
    if part.repeat:
        out.append(0)
    repeats = 0
    while True:
        base = _BASES.get(part.format)
        if base is not None:
            read = strtol(data, at, base)
            if read is None:
                return None
            number, at = read[0] % 2**64, read[1]  # as an unsigned long
            if len(out) + part.length > _LARGEST_OCTETS:  # Net-SNMP fills memory, for ever
                return None
            for i in range(part.length):
                out.append((number >> ((8 * (part.length - 1 - i)) % 64)) & 0xFF)
        elif part.format == ord("a"):
            taken = data[at : at + part.length]
            out += taken
            at += len(taken)
        repeats += 1
        if part.separator and at < len(data):
            if data[at] != part.separator:
                return None
            at += 1
        if part.terminator and at < len(data) and data[at] == part.terminator:
            at += 1
            break
        if not (part.repeat and at < len(data)):
            break
    if part.repeat:
        out[count_at] = repeats & 0xFF
    return at


def parse_octet_hint(hint: str, data: bytes) -> bytes | None:
    """The octets `data` stands for by `hint`; None when it does not fit the hint (Net-SNMP
    then takes the text as it is)."""
    spec = hint.encode()
    part, out = _Part(), bytearray()
    # states: 1 a length or *; 2 more digits or the format; 4 after it; 5 after a separator
    at, state = 0, 1
    for h in spec:
        if at >= len(data):
            break
        stopped: int | None = at
        if state == 1:
            if h == ord("*"):
                part.repeat, state = True, 2
            elif _digit(h):
                part.length, state = part.length * 10 + h - 48, 2
            else:
                return None
        elif state == 2:
            if _digit(h):
                part.length = part.length * 10 + h - 48
            elif h in b"xdoa":
                part.format, state = h, 4
            else:
                return None
        elif h == ord("*") or _digit(h):  # states 4 and 5: the next part starts
            stopped = _read(part, data, at, out)
            part = _Part()
            if h == ord("*"):
                part.repeat = True
            else:
                part.length = h - 48
            state = 2
        elif state == 4:
            part.separator, state = h, 5
        else:
            part.terminator = h
            stopped = _read(part, data, at, out)
            part, state = _Part(), 1
        if stopped is None:
            return None
        at = stopped
    while at < len(data):
        stopped = _read(part, data, at, out)
        if stopped is None or stopped == at:  # Net-SNMP would read on forever
            return None
        at = stopped
    return bytes(out)
