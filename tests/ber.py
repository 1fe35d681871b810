"""BER written by hand, for messages our own encoder would never make."""

from __future__ import annotations


def tlv(tag: int, content: bytes) -> bytes:
    """A tag, a definite length (short or long form) and `content`."""
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def integer(value: int) -> bytes:
    """An INTEGER of any size and sign, in its fewest octets."""
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def oid(text: str) -> bytes:
    """An OBJECT IDENTIFIER (dotted text, at least two arcs) in its fewest octets."""
    arcs = [int(a) for a in text.split(".")]
    content = b""
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        octets = [arc & 0x7F]
        while arc := arc >> 7:
            octets.append(0x80 | (arc & 0x7F))
        content += bytes(reversed(octets))
    return tlv(0x06, content)
