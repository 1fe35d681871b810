"""Random and hostile values for every scalar and column of loaded MIBs, as an snmprec recording.

Devices send what they send: enum numbers no MIB lists, strings of any octets for a
DISPLAY-HINT, values of another type than the MIB's, instances that do not decode by
their row's INDEX. `records` makes such a recording from a seed: for each object, values
of its type (random ones and the edges: empty, longest, negative, past the last enum...),
one of another type, at instances valid and invalid for its INDEX.
"""

from __future__ import annotations

import random
import re
import struct
from collections.abc import Iterable

from anysnmp import MibNode

#: snmprec tags.
INTEGER, OCTETS, NULL, OID, IPADDRESS, COUNTER32, GAUGE32, TIMETICKS, OPAQUE, COUNTER64 = (
    "2", "4", "5", "6", "64", "65", "66", "67", "68", "70",
)  # fmt: skip

_BASE_TAGS = {
    "INTEGER": INTEGER,
    "OCTET STRING": OCTETS,
    "BITS": OCTETS,
    "OBJECT IDENTIFIER": OID,
    "IpAddress": IPADDRESS,
    "NetworkAddress": IPADDRESS,
    "Counter32": COUNTER32,
    "Gauge32": GAUGE32,
    "Unsigned32": GAUGE32,
    "TimeTicks": TIMETICKS,
    "Opaque": OPAQUE,
    "Counter64": COUNTER64,
}

#: A DISPLAY-HINT number of more than one octet.
_MULTI_OCTET = re.compile(r"(?<![0-9])(?:[2-9]|[1-9][0-9]+)[xdo]")

#: A record's tag and value text (an ``x`` tag: hex).
Record = tuple[str, str]


def _hex(tag: str, data: bytes) -> Record:
    return f"{tag}x", data.hex()


class ValueMaker:
    """Values and instances for MIB objects, from one random generator."""

    def __init__(self, rng: random.Random, oids: list[str]) -> None:
        self.rng = rng
        self.oids = [oid for oid in oids if "." in oid]  # known OIDs, for OID values
        #: Instances made of columns indexed by an OID: an OID index may name one, and the
        #: instance's own OID index then prints inside (-OX), or is given up inside.
        self.indexed: list[list[int]] = []

    # --- values -------------------------------------------------------------------------

    def values(self, node: MibNode, count: int) -> list[Record]:
        """`count` values for `node`: of its type first (edges and random), then one of
        another type."""
        base = node.base_type or "INTEGER"
        made = {
            "INTEGER": self._integers,
            "OCTET STRING": self._octets,
            "BITS": self._bits,
            "OBJECT IDENTIFIER": self._oids,
            "IpAddress": self._addresses,
            "NetworkAddress": self._addresses,
            "Counter32": self._unsigned,
            "Gauge32": self._unsigned,
            "Unsigned32": self._unsigned,
            "TimeTicks": self._unsigned,
            "Opaque": self._opaques,
            "Counter64": self._counter64,
        }[base](node)
        rng = self.rng
        picked = made[:2] + rng.sample(made[2:], min(len(made) - 2, max(count - 2, 0)))
        tag = _BASE_TAGS[base]
        others = [t for t in (INTEGER, OCTETS, OID, IPADDRESS, COUNTER32, GAUGE32, TIMETICKS,
                              OPAQUE, COUNTER64, NULL) if t != tag]  # fmt: skip
        return [*picked, self.any_value(rng.choice(others))]

    def any_value(self, tag: str) -> Record:
        """A random value of snmprec tag `tag`."""
        rng = self.rng
        if tag == INTEGER:
            return tag, str(rng.randint(-(2**31), 2**31 - 1))
        if tag in (COUNTER32, GAUGE32, TIMETICKS):
            return tag, str(rng.randint(0, 2**32 - 1))
        if tag == COUNTER64:
            return tag, str(rng.randint(0, 2**64 - 1))
        if tag == OID:
            return tag, rng.choice(self.oids)
        if tag == IPADDRESS:
            return _hex(tag, rng.randbytes(4))
        if tag == NULL:
            return tag, ""
        if tag == OPAQUE:
            return rng.choice(self._opaques(None))
        return _hex(tag, self._random_octets())

    def _integers(self, node: MibNode) -> list[Record]:
        rng = self.rng
        enums = sorted((node.enums or {}).values())
        numbers = [rng.randint(-(2**31), 2**31 - 1), rng.choice([-(2**31), 2**31 - 1])]
        if enums:
            numbers = [rng.choice(enums), max(enums) + 1, *numbers, min(enums) - 1, 0]
        numbers += [rng.randint(-1000, -1), rng.randint(0, 100), -1, rng.randint(-99, 99)]
        return [(INTEGER, str(n)) for n in numbers if -(2**31) <= n < 2**31]

    def _unsigned(self, node: MibNode) -> list[Record]:
        rng = self.rng
        tag = _BASE_TAGS[node.base_type or "Unsigned32"]
        numbers = [rng.randint(0, 2**32 - 1), rng.choice([0, 2**32 - 1, 2**31])]
        numbers += [rng.randint(0, 100), rng.randint(0, 10**7), 8640000, 99, 6000, 360000]
        return [(tag, str(n)) for n in numbers]

    def _counter64(self, node: MibNode) -> list[Record]:
        rng = self.rng
        numbers = [rng.randint(0, 2**64 - 1), rng.choice([0, 2**64 - 1, 2**63, 2**32])]
        numbers += [rng.randint(0, 2**40), rng.randint(0, 1000)]
        return [(COUNTER64, str(n)) for n in numbers]

    def _addresses(self, node: MibNode) -> list[Record]:
        rng = self.rng
        edges = [b"\0\0\0\0", b"\xff\xff\xff\xff", b"\x7f\0\0\x01"]
        return [_hex(IPADDRESS, rng.randbytes(4)), _hex(IPADDRESS, rng.choice(edges))]

    def _oids(self, node: MibNode) -> list[Record]:
        rng = self.rng
        odd = [
            "0.0",
            "1.3",
            "2.999.4294967295",
            "1.3.6.1.4.1.99999.1.2.3",
            ".".join(["1", "3", *(str(rng.randint(0, 2**32 - 1)) for _ in range(20))]),
            "1.3.6.1.2.1.2.2.1.2.1",
            "1.3.6.1.6.3.16.1.2.1.3.3.5.97.108.105.99.101",
            rng.choice(self.oids) + "." + str(rng.randint(0, 300)),
        ]
        return [(OID, rng.choice(self.oids)), (OID, rng.choice(odd)), *((OID, o) for o in odd)]

    def _random_octets(self, longest: int = 40) -> bytes:
        rng = self.rng
        kind = rng.randrange(6)
        size = rng.randint(0, longest)
        if kind == 0:  # printable ASCII
            return bytes(rng.randint(0x20, 0x7E) for _ in range(size))
        if kind == 1:  # text with white space and quotes
            return bytes(rng.choice(b'ab "\\\t\n\r\v\f.:') for _ in range(size))
        if kind == 2:  # UTF-8 text
            return "".join(rng.choice("aé€😀\u00a0ü") for _ in range(size // 2)).encode()
        if kind == 3:  # text and a trailing NUL (or several)
            return b"text" * (size // 8) + b"\0" * rng.randint(1, 3)
        if kind == 4:  # invalid UTF-8 in text
            return b"ab" + rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\x80", b"\xed\xa0\x80"])
        return rng.randbytes(size)  # binary

    def _octets(self, node: MibNode) -> list[Record]:
        rng = self.rng
        sizes = node.sizes or []
        lengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 16, 17, 20, 33}
        for low, high in sizes:
            lengths |= {low, high, max(low - 1, 0), high + 1} if high < 300 else {low, 255, 256}
        values = [self._random_octets(), b""]
        values += [rng.randbytes(n) for n in sorted(lengths)]
        values += [self._random_octets(70) for _ in range(6)]
        values += [b"x" * rng.choice([16, 32, 64, 255, 256, 300])]
        hint = node.display_hint or ""
        if "a" in hint or "t" in hint:
            values += [b"plain text", "ünïcödé".encode(), b"nul\0inside", b"ends in nul\0"]
            values += [b"\xff\xfe bad utf-8", b"", b"\0", "😀".encode()[:3]]
        if hint.startswith("2d-1d-1d"):  # DateAndTime: 8 or 11 octets, or not
            values += [bytes.fromhex("07e60c05 0a1e2d05 2b0500"),
                       bytes.fromhex("07e60c05 0a1e2d05 2d0a1e"),
                       bytes.fromhex("07e60c05 0a1e2d05 000000"),
                       bytes.fromhex("07e60c05 0a1e2d05"), bytes.fromhex("07e60c05 0a1e2d"),
                       bytes.fromhex("ffffffff ffffffff ffffff"),
                       bytes.fromhex("07e60c05 0a1e2d05 2b0500 00")]  # fmt: skip
        if _MULTI_OCTET.search(hint):
            # Net-SNMP reads a last number's missing octets past the value's end: zeros
            # while the value fits the 40 octets kept inside its varbind, else the heap's.
            values = [v[:39] for v in values]
        return [_hex(OCTETS, v) for v in values]

    def _bits(self, node: MibNode) -> list[Record]:
        rng = self.rng
        highest = max((node.enums or {"": 0}).values())
        size = highest // 8 + 1
        values = [rng.randbytes(size), b"", rng.randbytes(size + rng.randint(1, 4))]
        values += [b"\xff" * size, b"\x00" * size, rng.randbytes(max(size - 1, 1))]
        return [_hex(OCTETS, v) for v in values]

    def _opaques(self, node: MibNode | None) -> list[Record]:
        rng = self.rng
        float_value = rng.uniform(-1e6, 1e6)
        wrapped = [
            b"\x9f\x78\x04" + struct.pack(">f", float_value),
            b"\x9f\x79\x08" + struct.pack(">d", float_value),
            b"\x9f\x78\x04" + struct.pack(">f", rng.choice([0.0, -0.0, 1e-9, 3.0e38])),
            b"\x9f\x79\x08" + struct.pack(">d", rng.choice([1e300, -1e-300, 0.5])),
            b"\x9f\x76\x08" + rng.randbytes(8),
            b"\x9f\x7a\x08" + rng.randbytes(8),
            b"\x9f\x7b\x08" + rng.randbytes(8),
            b"\x9f\x7a\x01\x80",
            b"\x9f\x7b\x09\x00" + rng.randbytes(8),
            b"\x9f\x7a\x09\x00" + rng.randbytes(8),
            b"\x9f\x76\x09\x00" + rng.randbytes(8),
            bytes([0x9F, rng.choice(b"\x76\x7a\x7b"), 0]),  # no octets: 0
            b"\x9f\x7a\x81\x02\xff\x00",  # a long-form length
            b"\x9f\x76",  # no length
            b"\x9f\x77\x01\x00",  # not a type Net-SNMP wraps
            b"",
            rng.randbytes(rng.randint(1, 20)),
            b"\x04\x03abc",  # BER inside
        ]
        return [_hex(OPAQUE, v) for v in wrapped]

    # --- instances ----------------------------------------------------------------------

    def instances(self, node: MibNode, indexes: list[tuple[MibNode, bool]] | None) -> list[str]:
        """Instance suffixes for `node`: ``0`` for a scalar; for a column, valid INDEX
        values and ones that do not decode (too short, too long, a bad length)."""
        rng = self.rng
        if node.kind == "scalar" or not indexes:
            return ["0", rng.choice(["0", "0", "1", "0.0", "2.5"])]
        valid = [self._index(indexes) for _ in range(3)]
        bad = valid[0]
        broken = [
            bad[:-1] or [rng.randint(0, 9)],  # one arc short
            [*bad, rng.randint(0, 300)],  # one arc too many
            [rng.randint(0, 2**32 - 1)],
            [rng.choice([0, 1, 255, 256])],
            [*bad, *bad],
        ]
        if indexes[0][0].base_type in ("OCTET STRING", "OBJECT IDENTIFIER") and not indexes[0][1]:
            broken.append([len(bad) + 3, *bad[1:]])  # a length past the end
            broken.append([max(len(bad) - 3, 0), *bad[1:]])  # a length short of the end
            broken.append([3, 97, 300, 98])  # an arc past 255 in a string
        picked = valid + rng.sample(broken, 3)
        if any(index.base_type == "OBJECT IDENTIFIER" for index, _ in indexes):
            column = [int(arc) for arc in node.oid.split(".")]
            self.indexed += [column + arcs for arcs in picked if len(arcs) < 30]
        return [".".join(map(str, arcs)) for arcs in picked]

    def _index(self, indexes: list[tuple[MibNode, bool]]) -> list[int]:
        arcs: list[int] = []
        for index, implied in indexes:
            arcs += self._index_value(index, implied, arcs)
        return arcs

    def _index_value(self, index: MibNode, implied: bool, before: list[int]) -> list[int]:
        rng = self.rng
        base = index.base_type
        if base in ("INTEGER", "Unsigned32", "Gauge32", "TimeTicks", "Counter32"):
            if index.enums and rng.random() < 0.7:
                return [rng.choice(list(index.enums.values())) & 0xFFFFFFFF]
            return [rng.choice([rng.randint(0, 20), rng.randint(0, 2**32 - 1), 0])]
        if base in ("IpAddress",):
            return list(rng.randbytes(4))
        if base == "NetworkAddress":
            return [1, *rng.randbytes(4)]
        if base == "OBJECT IDENTIFIER":
            arcs = [int(a) for a in rng.choice(self.oids).split(".")]
            arcs = rng.choice([arcs, arcs[:2], [], [1, 3, 6, 1, 99999, 7], [5, 6]])
            if self.indexed and rng.random() < 0.3:
                arcs = rng.choice(self.indexed)
            return arcs if implied else [len(arcs), *arcs]
        # OCTET STRING
        fixed = index.fixed_size()
        if index.textual_convention == "InetAddress" and before:
            kind = before[-1]
            size = {1: 4, 2: 16, 3: 8, 4: 20}.get(kind, rng.randint(0, 6))
            size = rng.choice([size, size, rng.randint(0, 20)])
        else:
            size = fixed if fixed is not None else rng.randint(0, 12)
        if _MULTI_OCTET.search(index.display_hint or ""):
            size -= size % 2  # -OX: Net-SNMP reads past an odd one's end (its stack's octets)
        data = (
            bytes(rng.randint(0x20, 0x7E) for _ in range(size))
            if rng.random() < 0.6
            else rng.randbytes(size)
        )
        if rng.random() < 0.2:
            data = data.replace(b"a", b'"').replace(b"b", b"'")
        return list(data) if implied or fixed is not None else [len(data), *data]


def records(
    nodes: Iterable[tuple[MibNode, list[tuple[MibNode, bool]] | None]],
    seed: int,
    oids: list[str],
    count: int = 6,
) -> list[str]:
    """snmprec lines for `nodes` (each with its row INDEX, or None): `count` values of its
    type and one of another, at instances valid and invalid."""
    maker = ValueMaker(random.Random(seed), oids)
    lines: dict[str, str] = {}
    for node, indexes in nodes:
        suffixes = maker.instances(node, indexes)
        for n, (tag, text) in enumerate(maker.values(node, count)):
            suffix = suffixes[n % len(suffixes)]
            oid = f"{node.oid}.{suffix}" if suffix else node.oid
            if n >= len(suffixes):
                oid += f".{n}"  # another instance, that may not decode
            if oid.count(".") >= 128:  # the most arcs an OID has
                continue
            lines.setdefault(oid, f"{oid}|{tag}|{text}")
    return list(lines.values())


#: The module `sweep_mib` writes: the syntaxes and DISPLAY-HINTs the test MIB set lacks.
SWEEP_MODULE = "H16-SWEEP-MIB"

#: Its textual conventions: name, DISPLAY-HINT (or None), syntax.
_CONVENTIONS = (
    ("Hundredths", "d-2", "Integer32"),
    ("Thousandths", "d-3", "Unsigned32"),
    ("Tenths", "d-1", "Gauge32"),
    ("Hex", "x", "Integer32"),
    ("Octal", "o", "Integer32"),
    ("Binary", "b", "Integer32"),
    ("Ascii", "1a", "OCTET STRING (SIZE (0..32))"),
    ("Utf8", "255t", "OCTET STRING"),
    ("Ipv4", "1d.1d.1d.1d", "OCTET STRING (SIZE (4))"),
    ("Repeat", "*1x:/1x:", "OCTET STRING"),
    ("Mixed", "4x.1x:1x:1x:1x:1x:1x.2d", "OCTET STRING"),
    ("Zoned", "1d.1d.1d.1d%4d:2d", "OCTET STRING"),
    ("Bracketed", "0a[2x:2x:2x:2x:2x:2x:2x:2x]0a:2d", "OCTET STRING"),
    ("Octets", "1o,", "OCTET STRING"),
    ("Words", "2d", "OCTET STRING"),
    ("Long", "8d ", "OCTET STRING"),
    ("Wide", "3x-", "OCTET STRING"),
    ("Bad", "1q", "OCTET STRING"),
    ("TextThenHex", "4a:1x", "OCTET STRING"),
    ("Packed", "1x", "OCTET STRING"),
    ("Pairs", "1d-1d", "OCTET STRING"),
    ("OctalWords", "2o", "OCTET STRING"),
    ("Mac", "1x:", "OCTET STRING (SIZE (6))"),
    ("Count", "d-2", "Counter64"),
    ("Flags", None, "BITS { zero(0), one(1), three(3), seven(7), eight(8), twenty(20) }"),
)

#: Scalars of other syntaxes: name, syntax, UNITS (or None).
_SCALARS = (
    ("Signed", "INTEGER { minus(-1), zero(0), big(2147483647), low(-2147483648) }", None),
    ("Float", "Opaque", "degrees"),
    ("Octets64", "Counter64", "octets"),
    ("Ticks", "TimeTicks", "ticks"),
    ("Counter", "Counter32", "packets"),
    ("Address", "IpAddress", None),
    ("Oid", "OBJECT IDENTIFIER", "oids"),
    ("Text", "OCTET STRING", "chars"),
    ("Volts", "H16Hundredths", "volts"),
)

#: Tables: their INDEX objects (name, syntax; IMPLIED: the last), then a column.
_TABLES = (
    (
        [("Signed", "INTEGER { minus(-1), zero(0), one(1) }"), ("Ascii", "H16Ascii")],
        ("Rest", "OCTET STRING"),
        ("Value", "H16Hex"),
    ),
    (
        [("Address", "IpAddress"), ("Mac", "H16Mac"), ("Ipv4", "H16Ipv4"), ("Ticks", "TimeTicks")],
        None,
        ("Bits", "H16Flags"),
    ),
    ([("Unsigned", "Unsigned32")], ("Oid", "OBJECT IDENTIFIER"), ("Utf8", "H16Utf8")),
    ([("Hinted", "H16Octets")], ("Text", "H16Utf8"), ("Mixed", "H16Mixed")),
)


def sweep_mib() -> str:
    """The text of `SWEEP_MODULE` (under experimental.9916): a scalar of each textual
    convention and syntax above, and tables of the INDEX kinds above."""
    about = 'STATUS current DESCRIPTION "-"'
    lines = [
        f"{SWEEP_MODULE} DEFINITIONS ::= BEGIN",
        "IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, Unsigned32, Gauge32, Counter32,",
        "    Counter64, TimeTicks, IpAddress, Opaque, experimental FROM SNMPv2-SMI",
        "    TEXTUAL-CONVENTION FROM SNMPv2-TC;",
        'h16Sweep MODULE-IDENTITY LAST-UPDATED "202612050000Z" ORGANIZATION "-"',
        '    CONTACT-INFO "-" DESCRIPTION "-" ::= { experimental 9916 }',
        "h16Scalars OBJECT IDENTIFIER ::= { h16Sweep 1 }",
    ]
    scalars = [(name, f"H16{name}", None) for name, _, _ in _CONVENTIONS] + list(_SCALARS)
    for name, hint, syntax in _CONVENTIONS:
        shown = f'DISPLAY-HINT "{hint}" ' if hint else ""
        lines.append(f"H16{name} ::= TEXTUAL-CONVENTION {shown}{about} SYNTAX {syntax}")
    for n, (name, syntax, units) in enumerate(scalars, 1):
        shown = f'UNITS "{units}" ' if units else ""
        lines.append(
            f"h16{name} OBJECT-TYPE SYNTAX {syntax} {shown}MAX-ACCESS read-only {about}"
            f" ::= {{ h16Scalars {n} }}"
        )
    for t, (indexes, implied, column) in enumerate(_TABLES, 2):
        table, entry = f"h16Table{t}", f"h16Entry{t}"
        objects = [(f"h16T{t}{name}", syntax) for name, syntax in indexes]
        if implied is not None:
            objects.append((f"h16T{t}{implied[0]}", implied[1]))
        names = [name for name, _ in objects]
        index = ", ".join([*names[:-1], f"IMPLIED {names[-1]}" if implied else names[-1]])
        objects.append((f"h16T{t}{column[0]}", column[1]))
        lines += [
            f"{table} OBJECT-TYPE SYNTAX SEQUENCE OF H16Entry{t} MAX-ACCESS not-accessible"
            f" {about} ::= {{ h16Sweep {t} }}",
            f"{entry} OBJECT-TYPE SYNTAX H16Entry{t} MAX-ACCESS not-accessible {about}"
            f" INDEX {{ {index} }} ::= {{ {table} 1 }}",
            f"H16Entry{t} ::= SEQUENCE {{ {', '.join(f'{n} {s}' for n, s in objects)} }}",
        ]
        for n, (name, syntax) in enumerate(objects, 1):
            access = "read-only" if n == len(objects) else "not-accessible"
            lines.append(
                f"{name} OBJECT-TYPE SYNTAX {syntax} MAX-ACCESS {access} {about}"
                f" ::= {{ {entry} {n} }}"
            )
    return "\n".join([*lines, "END", ""])
