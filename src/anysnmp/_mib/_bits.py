"""A BITS value read from its labels or bit numbers, as Net-SNMP's tools read a ``b``
value (``snmp_add_var``): ``"sunday monday"``, ``"0,6"`` or ``"friday 1"``."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ._hint import strtol

__all__ = ("BIT_LIMIT", "BadBit", "bits_octets")

#: Bit numbers taken: 0..524287 (64 KiB of octets).
BIT_LIMIT = 2**19


class BadBit(ValueError):
    """A word of a BITS value that is no label of the object, or a bit number out of
    0..524287 (`number`)."""

    def __init__(self, token: str, number: bool) -> None:
        super().__init__(token)
        self.token = token
        self.number = number


def bits_octets(text: str, labels: Mapping[str, int]) -> bytes:
    """The octets of the bits `text` names (labels and numbers, ``0x`` hex and ``0`` octal
    ones too, apart by spaces, tabs or commas): as many as the highest bit needs, and at
    least as many as the object's highest label needs (none named: all zero).

    Raises:
        BadBit: a word that is neither a label nor a number, or a number out of range.
    """
    size = max((number // 8 + 1 for number in labels.values()), default=0)
    bits = []
    for token in re.split(r"[ ,\t]+", text):
        if not token:
            continue
        data = token.encode(errors="surrogatepass")
        read = strtol(data, 0, 0)
        if read is None or read[1] < len(data):
            if token not in labels:
                raise BadBit(token, number=False)
            number = labels[token]
        else:
            number = read[0]
        if not 0 <= number < BIT_LIMIT:
            raise BadBit(token, number=True)
        bits.append(number)
        size = max(size, number // 8 + 1)
    octets = bytearray(size)
    for number in bits:
        octets[number // 8] |= 0x80 >> (number % 8)
    return bytes(octets)
