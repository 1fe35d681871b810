"""Varbinds as Net-SNMP's tools print them, with or without MIBs, honouring ``-O`` flags.

The node that types a value is the deepest MIB node on its OID's path (as in
Net-SNMP): its base type picks the printer, its enums, DISPLAY-HINT and
UNITS shape the text, and a value of another type than the MIB's prints as
``Wrong Type (should be X): ...``. Output flags (snmpcmd(1)): ``0`` two hex digits per
octet of a DISPLAY-HINT (``0:1b:...`` -> ``00:1b:...``), ``n`` numeric
OIDs, ``f`` full OIDs, ``s`` labels only, ``S`` module::label (default), ``u``
full OIDs less a standard prefix (``system.sysDescr.0``),
``b`` no index decoding, ``E`` string index quotes escaped, ``q`` quick (no type,
a space for ``=``), ``Q`` quick with ``=``, ``v`` values only, ``e`` numeric
enums, ``x`` hex strings, ``a`` ascii strings, ``T`` hex strings with their text,
``t`` numeric timeticks, ``U`` no units, ``X`` extended indexes (``ifDescr[1]``, ``vacmGroupName[3][STRING: comm1]``);
``-Op PRECISION``, the printf format of floats and doubles, is `MibFormatter`'s `precision`.

Walks print many varbinds under few nodes, so what a node's MIB says is
worked out once per formatter settings and kept in the tree (emptied when
modules are added): a node's name text and value printer, the deepest node
below each parent OID text (and the last column, for a walk's run of cells),
and the instance texts of each row INDEX (the columns of a row share them).
OIDs are dotted text as decoders give them (no leading dot, no leading zeros).
"""

from __future__ import annotations

import functools
import re
import struct
from collections.abc import Callable
from typing import Any

from .._errors import ArgumentTypeError, ConfigurationError, SnmpError
from .._types import Tag
from ._cnumbers import strtol_int
from ._names import (
    CUT_MARK,
    CutName,
    extended_text,
    indexes_above,
    instance_decoder,
    plain_indexes,
    render_head,
)
from ._node import MibNode, anonymous
from ._printf import float_printer, plain_float
from ._tree import MibTree

__all__ = ("CUT_MARK", "FLAGS", "MibFormatter", "hex_string", "uptime")

#: The -O letters the formatter honours.
FLAGS = frozenset("0nfsSubqQvEextTaUX")

_PRINTABLE = frozenset(range(0x20, 0x7F)) | frozenset(b"\t\n\v\f\r")
_PRINTABLE_OCTETS = bytes(sorted(_PRINTABLE))
#: Octets -> Net-SNMP's ASCII text: a printable octet as itself, any other as ".".
_ASCII_TABLE = bytes(octet if octet in _PRINTABLE else 0x2E for octet in range(256))

_EXCEPTIONS: dict[int, str] = {
    Tag.NO_SUCH_OBJECT: "No Such Object available on this agent at this OID",
    Tag.NO_SUCH_INSTANCE: "No Such Instance currently exists at this OID",
    Tag.END_OF_MIB_VIEW: (
        "No more variables left in this MIB View (It is past the end of the MIB tree)"
    ),
}

#: The tags the printers compare, as ints: an IntEnum's member is looked up through
#: EnumType.__getattr__ on Python 3.10 and 3.11 (~100 ns), and each value is compared with one.
_BIT_STRING = int(Tag.BIT_STRING)
_COUNTER32 = int(Tag.COUNTER32)
_COUNTER64 = int(Tag.COUNTER64)
_GAUGE32 = int(Tag.GAUGE32)
_INTEGER = int(Tag.INTEGER)
_IP_ADDRESS = int(Tag.IP_ADDRESS)
_OBJECT_IDENTIFIER = int(Tag.OBJECT_IDENTIFIER)
_OCTET_STRING = int(Tag.OCTET_STRING)
_OPAQUE = int(Tag.OPAQUE)
_TIMETICKS = int(Tag.TIMETICKS)

# Net-SNMP's Opaque-wrapped types (tag 9f xx): float, double, counter64, int64, uint64.
_OPAQUE_FLOATS = {0x78: ">f", 0x79: ">d"}
_OPAQUE_INTEGERS = {0x76: "Opaque: Counter64", 0x7A: "Opaque: Int64", 0x7B: "Opaque: UInt64"}
#: A C long's (and a 64-bit integer's) bits.
_MASK64 = (1 << 64) - 1
#: The furthest a ``d-N`` hint's point goes: Net-SNMP prints the digits in a buffer of 256
#: characters (an N past it overflows the buffer).
_POINT_ROOM = 256


def _opaque_wrapped(
    data: bytes, print_float: Callable[[float], str] = plain_float
) -> tuple[str, str] | None:
    """A float, double or 64-bit integer Net-SNMP wraps in an Opaque (``9f 78 04 ...``): its
    type text and value text as Net-SNMP prints them; None: not one (it prints in hex).

    Integers are read as Net-SNMP reads them: any length to 9 octets (the 9th a leading
    zero), a long-form length too, kept to 64 bits (Int64: signed); floats and doubles
    print through `print_float` (-Op's format: `_printf.float_printer`).
    """
    if len(data) < 3 or data[0] != 0x9F:
        return None
    kind, start, size = data[1], 3, data[2]
    if kind in _OPAQUE_FLOATS:
        fmt = _OPAQUE_FLOATS[kind]
        if size != len(data) - 3 or size != struct.calcsize(fmt):
            return None
        return "Opaque: Float", print_float(struct.unpack(fmt, data[3:])[0])
    if kind not in _OPAQUE_INTEGERS:
        return None
    if size & 0x80:  # a long-form length
        start += size & 0x7F
        size = int.from_bytes(data[3:start], "big")
    content = data[start:]
    if len(content) != size or size > 9 or (size == 9 and content[0]):
        return None
    number = int.from_bytes(content, "big", signed=kind == 0x7A) & _MASK64
    if kind == 0x7A and number >> 63:
        number -= 1 << 64
    return _OPAQUE_INTEGERS[kind], str(number)


#: What ``-Ou`` leaves out of a full OID that starts with it (Net-SNMP's mib_prefixes).
_UCD_PREFIXES = (
    ".1.3.6.1.2.1",
    ".iso.org.dod.internet.mgmt.mib-2",
    ".iso.org.dod.internet.experimental",
    ".iso.org.dod.internet.private",
    ".iso.org.dod.internet.snmpParties",
    ".iso.org.dod.internet.snmpSecrets",
)


def _without_ucd_prefix(name: str) -> str:
    """A full OID text less the first of `_UCD_PREFIXES` it is longer than and starts with
    (and the character after it), as ``-Ou`` prints it."""
    for prefix in _UCD_PREFIXES:
        if len(name) > len(prefix) and name.startswith(prefix):
            return name[len(prefix) + 1 :]
    return name


def hex_string(data: bytes, text: bool = False, width: int = 16) -> str:
    """Net-SNMP's hex dump: ``XX `` per octet, a line break after every `width` (none when
    not above 0: snmp.conf's ``hexOutputLength``); with `text` (``-OT``), each line's octets
    as text after it (``  [...]``, ``.`` if unprintable)."""
    width = width if width > 0 else max(len(data), 1)
    lines = [data[i : i + width] for i in range(0, len(data), width)]
    if text:
        if not data:
            return "  []"  # Net-SNMP's one line, empty
        return "\n".join(
            f"{line.hex(' ').upper()}   [{line.translate(_ASCII_TABLE).decode('ascii')}]"
            for line in lines
        )
    return "\n".join(line.hex(" ").upper() + " " for line in lines)


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
    text = data.translate(_ASCII_TABLE).decode("ascii")
    return text.replace("\\", "\\\\").replace('"', '\\"')


#: SNMPv2-TC's DateAndTime hint (hrSystemDate, hrSWInstalledDate: a walk prints many).
_DATE_AND_TIME = "2d-1d-1d,1d:1d:1d.1d,1a1d:1d"


def _hinted_octets(data: bytes, hint: str, two_digits: bool = False) -> str | None:
    """An OCTET STRING through a DISPLAY-HINT (RFC 2579 3.1), Net-SNMP's way; None: a bad hint.

    `two_digits` (``-O0``): an octet printed in hex always takes two digits.
    """
    if hint == "255a" and 0 not in data:  # DisplayString, SnmpAdminString: the common cases
        return data.decode("utf-8", "surrogateescape")
    if hint == "1x:":  # PhysAddress, MacAddress
        return ":".join(f"{octet:02x}" if two_digits else f"{octet:x}" for octet in data)
    if hint == _DATE_AND_TIME and len(data) in (8, 11):  # the hint below, spelled out
        text = (
            f"{data[0] << 8 | data[1]}-{data[2]}-{data[3]},{data[4]}:{data[5]}:{data[6]}.{data[7]}"
        )
        if len(data) == 8:
            return text
        direction = data[8:9]
        sign = direction.decode("utf-8", "surrogateescape") if data[8] else _ascii(direction)
        return f"{text},{sign}{data[9]}:{data[10]}"
    specs = _hint_specs(hint)
    out: list[str] = []
    pos, taken, size = 0, 0, len(data)
    width, code, separ, term, last = 1, "d", "", "", True  # an empty hint: 1d each
    while pos < size:
        repeat = 1
        if taken < len(specs):  # the hint's next specification; then the last one again
            spec = specs[taken]
            taken += 1
            if spec is None:
                return None
            star, width, code, separ, term, last = spec
            if star:
                repeat = data[pos]
                pos += 1
        while repeat and pos < size:
            if code in "at":
                chunk = data[pos : pos + width]
                pos += len(chunk)
                out.append(
                    chunk.decode("utf-8", "surrogateescape") if 0 not in chunk else _ascii(chunk)
                )
            elif code in "xdo":
                chunk = data[pos : pos + width]
                value = int.from_bytes(chunk, "big")
                if len(chunk) < width:  # Net-SNMP reads past the end: zeros, most often
                    missing = 8 * (width - len(chunk))  # past 64 bits, none left in a long
                    value = value << missing if missing < 64 else 0
                if width > 7:  # Net-SNMP's C long
                    value &= _MASK64
                    if code == "d" and value >> 63:
                        value -= 1 << 64
                pos += width
                if code == "x":
                    pad = value < 16 and width == 1 and (two_digits or (not separ and last))
                    out.append(f"0{value:x}" if pad else f"{value:x}")
                else:
                    out.append(str(value) if code == "d" else f"{value:o}")
            else:
                return None
            if pos < size and separ:
                out.append(separ)
            repeat -= 1
        if term and pos < size:
            out.append(term)
    return "".join(out)


#: A DISPLAY-HINT's specification: (``*``, width, code, separator, terminator, last).
_HintSpec = tuple[bool, int, str, str, str, bool]


@functools.lru_cache(maxsize=512)
def _hint_specs(hint: str) -> tuple[_HintSpec | None, ...]:
    """The specifications of an OCTET STRING's DISPLAY-HINT, read once per hint; a None
    where the hint goes bad (a value reaching it prints without the hint)."""
    specs: list[_HintSpec | None] = []
    h = 0
    while h < len(hint):
        star = hint[h] == "*"
        h += star
        start = h
        while h < len(hint) and hint[h].isdigit():
            h += 1
        width = _c_int(int(hint[start:h] or 0))  # Net-SNMP's int: 4294967297x is 1x
        if h >= len(hint) or width < 0:  # Net-SNMP reads none of it, forever
            specs.append(None)
            break
        code = hint[h]
        h += 1
        separ = term = ""
        if _is_delimiter(hint, h, width):
            separ = hint[h]
            h += 1
        if _is_delimiter(hint, h, width):
            term = hint[h]
            h += 1
        specs.append((star, width or 1, code, separ, term, h >= len(hint)))  # 0a: 1a
    return tuple(specs)


def _is_delimiter(hint: str, h: int, width: int) -> bool:
    if h >= len(hint):
        return False
    char = hint[h]
    return char != "*" and not char.isdigit() and (width != 0 or char not in "xdo")


def _c_int(number: int) -> int:
    """`number` in a C int, its high bits dropped."""
    number &= 0xFFFFFFFF
    return number - (1 << 32) if number >> 31 else number


def _atoi(text: str) -> int:
    """`text` as C's atoi reads it: blanks, a sign and digits, in an int (0: none)."""
    number = re.match(r"[ \t\n\v\f\r]*([+-]?[0-9]+)", text)
    return strtol_int(int(number.group(1))) if number else 0


def _hinted_integer(value: int, hint: str) -> str | None:
    """An integer through a DISPLAY-HINT (``d-2``, ``x``, ``o``, ``b``; ``u``, ``X`` and
    ``p``, whose letter Net-SNMP puts in a printf format of a C long: ``%lu``...); None:
    not such a hint, or a ``d-N`` whose point Net-SNMP's buffer has no room for (a negative
    N, or past `_POINT_ROOM`: it crashes). Net-SNMP's printf of another letter prints no
    number (``%t``), a floating-point register's contents (``a``, ``e``, ``f``, ``g``) or
    crashes (``s``, ``n``): the number is printed instead."""
    kind = hint[:1]
    if kind == "d":
        shift = _atoi(hint[2:]) if hint[1:2] == "-" else 0
        if not 0 <= shift <= _POINT_ROOM:
            return None
        digits = str(abs(value))
        if shift:
            digits = digits.rjust(shift, "0")
            digits = f"{digits[:-shift]}.{digits[-shift:]}"
        return f"-{digits}" if value < 0 else digits
    if kind in ("x", "o", "X"):  # a C long's digits: a negative number's two's complement
        return format(value & _MASK64, kind)
    if kind == "u":
        return str(value & _MASK64)
    if kind == "p":  # glibc's pointer: hexadecimal, 0 as "(nil)"
        return f"0x{value & _MASK64:x}" if value else "(nil)"
    if kind == "b":
        return format(value & 0xFFFFFFFF, "032b")
    return None


#: What a formatter's own code raises only for arguments of other types than it takes.
_MISFITS = (AttributeError, TypeError, ValueError, KeyError, IndexError, OverflowError)


def _misfit(error: Exception, oid: object, *varbind: object) -> ArgumentTypeError:
    """The error of a formatter given what it does not print."""
    given = f"varbind {(oid, *varbind)!r}" if varbind else f"OID {oid!r}"
    if isinstance(oid, str) and (oid[:1].isalpha() or "::" in oid):  # a name
        error = ValueError(f"{error}: {oid!r} is no numeric OID (a name's: mib.oid({oid!r}))")
    return ArgumentTypeError(
        f"cannot print the {given}: {error} (give an OID as dotted text, an SMI tag of "
        "anysnmp.lowlevel.Tag and a value of that tag's type, as typed walks return them)"
    )


def _dotted(oid: object) -> bool:
    """Whether `oid` is Net-SNMP's numeric text, with its leading dot (``.1.3.6``)."""
    return isinstance(oid, str) and oid[:1] == "." and oid[1:2].isdigit()


class _TypePrefix(dict[str, str]):
    """What precedes a value of each type: ``INTEGER: `` for ``INTEGER``."""

    def __missing__(self, name: str) -> str:
        prefix = self[name] = f"{name}: "
        return prefix


class _NoPrefix(dict[str, str]):
    """Quick output (``-Oq``): no type before values."""

    def __missing__(self, name: str) -> str:
        return ""


#: Prints a value given its tag and its node's style.
_Printer = Callable[[int, Any, "_Style"], str]

#: The deepest node of an OID as the formatter prints names and values under it: its
#: name text before an instance (`render_head`'s `below`), where an instance starts in the OID text of a cell, the instance texts by
#: arcs text (None: no INDEX, the arcs print as they are), the node, its value printer
#: (None: a value prints by its own tag), style, and the OID text + "." that every cell
#: under it starts with when the node has no children (None when it has: a cell below
#: may be a child's).
_Entry = tuple[str, int, "_Instances | None", MibNode, "_Printer | None", "_Style", "str | None"]

#: Entries and instance texts kept per formatter settings before the cache starts again.
_CACHE_SIZE = 16384
_NO_MATCH = "-"  # no OID text starts with it
_UNSEEN: Any = object()


class _Style:
    """What a node's MIB says of how its values print, with the ``-O`` flags applied.

    Attributes:
        hint: the DISPLAY-HINT, or None.
        labels: enum labels by number (None with ``-Oe``: numbers only).
        units: `` UNITS`` to append ("" with ``-OU``).
        texts: BITS values' texts by value (a column's few values print again and again).
    """

    __slots__ = ("hint", "labels", "texts", "units")

    def __init__(self, hint: str | None, labels: dict[int, str] | None, units: str) -> None:
        self.hint, self.labels, self.units = hint, labels, units
        self.texts: dict[bytes, str] = {}


_PLAIN = _Style(None, None, "")


class _Instances(dict[str, str]):
    """Instance texts (with their leading separator) by arcs text, decoded on first use."""

    __slots__ = ("decode",)

    def __init__(self, decode: Callable[[str], str]) -> None:
        super().__init__()
        self.decode = decode

    def __missing__(self, rest: str) -> str:
        if len(self) >= _CACHE_SIZE:
            self.clear()
        text = self[rest] = self.decode(rest)
        return text


class _Lookups:
    """A tree's entries for one formatter setting (kept in `MibTree.caches`)."""

    __slots__ = ("instances", "last", "names", "nodes", "parents")

    def __init__(self) -> None:
        self.nodes: dict[MibNode, _Entry] = {}
        #: Entries by parent OID text (all but the last arc) of the OIDs under them.
        self.parents: dict[str, _Entry] = {}
        #: Instance texts per (row INDEX, whether the node has children); None: the
        #: instances print as their arcs.
        self.instances: dict[tuple[int, bool], _Instances | None] = {}
        #: OID texts by OID (OID values: the same few print again and again).
        self.names: dict[str, str] = {}
        #: The last column (or scalar) a varbind fell under: (its OID text + ".", that
        #: text's length, its entry); at first, a text no OID's first 0 characters are.
        self.last: tuple[str, int, _Entry] = (_NO_MATCH, 0, _UNSEEN)

    def clear(self) -> None:
        """Forget all (modules were added to the tree); the dicts stay the same objects."""
        for kept in (self.nodes, self.parents, self.instances, self.names):
            kept.clear()
        self.last = (_NO_MATCH, 0, _UNSEEN)


class MibFormatter:
    """Prints varbinds as Net-SNMP's tools do, given MIBs (or none) and ``-O`` flags.

    Octets Net-SNMP prints as they came that are not UTF-8 (a Latin-1 DisplayString,
    a ``-OX`` string index) are surrogate escapes in the text:
    ``text.encode("utf-8", "surrogateescape")`` gives Net-SNMP's bytes; write the text
    to a stream with ``errors="surrogateescape"`` (or ``"replace"``).

    Args:
        tree: the loaded MIBs' tree (``mib.tree``), or None for numeric output.
        flags: ``-O`` letters, such as ``"qs"``.
        hex_width: the octets of a line of hex (Net-SNMP's ``hexOutputLength``; not above
            0: one line).
        precision: how floats and doubles print (``-Op PRECISION``, Net-SNMP's
            ``outputPrecision``): C's printf format ``%PRECISION f`` (``".2"``: ``1.25``,
            ``"8.3e"``: ``1.250e+00f``); None: ``%f``.
        display_hints: False: values print as their base type, without their DISPLAY-HINT
            (Net-SNMP's ``-Ih``, snmp.conf's ``noDisplayHint``).

    Raises:
        ConfigurationError: a letter the formatter does not know; a `precision` whose
            output C leaves undefined (``"d"``: ``%df`` prints an integer it is not given).
        ArgumentTypeError: a `tree` that is no MIB tree (a `Mib`: give ``mib.tree``),
            `flags` or `precision` that are no str.
    """

    def __init__(
        self,
        tree: MibTree | None = None,
        flags: str = "",
        hex_width: int = 16,
        precision: str | None = None,
        display_hints: bool = True,
    ) -> None:
        if tree is not None and not isinstance(tree, MibTree):
            raise ArgumentTypeError(
                f"MibFormatter takes the MIBs' tree, MibFormatter(mib.tree, flags), or None, "
                f"not {type(tree).__name__} (or use mib.formatter(flags))"
            )
        if not isinstance(flags, str):
            raise ArgumentTypeError(f"flags= takes a str of -O letters, not {type(flags).__name__}")
        if precision is not None and not isinstance(precision, str):
            raise ArgumentTypeError(
                f"precision= takes a str, printf's after %: '.2', not {type(precision).__name__}"
            )
        unknown = set(flags) - FLAGS
        if unknown:
            raise ConfigurationError(f"unknown -O flags: {''.join(sorted(unknown))}")
        self.tree = tree
        self.flags = frozenset(flags)
        self.precision = precision
        self.display_hints = display_hints
        self._print_float = plain_float if precision is None else float_printer(precision)
        self.quick = bool(self.flags & {"q", "Q"})
        self.quick_equals = "Q" in self.flags
        last = next((letter for letter in reversed(flags) if letter in "nfsSu"), "S")
        self.form = (
            "numeric"
            if tree is None
            else {"n": "numeric", "f": "full", "s": "suffix", "u": "ucd"}.get(last, "module")
        )
        #: The form of a name's head (-Ou cuts the full form's prefix off).
        self._head_form = "full" if self.form == "ucd" else self.form
        self.breakdown = "b" not in self.flags
        self.extended = self.breakdown and "X" in self.flags
        self.values_only = "v" in self.flags
        self._hex_text = "T" in self.flags
        self._two_digits = "0" in self.flags
        self.hex_width = hex_width
        self.separator = " " if self.quick and not self.quick_equals else " = "
        self._lookups = (
            tree.caches.setdefault(
                ("formatter", self.form, self.flags, hex_width, precision, display_hints),
                _Lookups(),
            )
            if tree is not None
            else _Lookups()
        )
        self._parents = self._lookups.parents
        #: Whether a varbind prints with its name (not values only, not numeric OIDs).
        self._named = not self.values_only and self.form != "numeric"
        #: What precedes a value of each type ("INTEGER: "; nothing when quick).
        self._types: dict[str, str] = _NoPrefix() if self.quick else _TypePrefix()
        self._printers: dict[str | None, _Printer] = {
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
        self._tag_printers: dict[int, _Printer] = {
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
            Tag.BIT_STRING: self._bit_string,
            Tag.NSAP_ADDRESS: self._nsap_address,
            Tag.UINTEGER32: self._uinteger32,
        }

    def oid(self, oid: str) -> str:
        """An OID (dotted, no leading dot) in the chosen form."""
        try:
            if self.form == "numeric":
                return "." + oid.removeprefix(".")
            names = self._lookups.names
            text = names.get(oid)
            if text is None:
                if len(names) >= _CACHE_SIZE:
                    names.clear()
                text = names[oid] = self._name(oid, self._entry(oid))
            return text
        except SnmpError:
            raise
        except _MISFITS as error:
            if _dotted(oid):
                return self.oid(oid[1:])
            raise _misfit(error, oid) from error

    def _name(self, oid: str, entry: _Entry) -> str:
        head, start, instances, node, _, _, _ = entry
        rest = oid[start:]
        if not rest:
            name = self._exact(entry)
        elif instances is not None:
            try:
                name = head + instances[rest]
            except CutName as cut:
                return self._cut(node, cut)
        else:
            name = f"{head}.{rest}"
        return _without_ucd_prefix(name) if self.form == "ucd" else name

    def value(self, oid: str, tag: int, value: Any) -> str:
        """The text right of ``=`` (what ``-Ov`` prints alone)."""
        try:
            if tag in _EXCEPTIONS:
                return _EXCEPTIONS[tag]
            if self.tree is None:
                return self._by_tag(tag, value, _PLAIN)
            _, _, _, _, printer, style, _ = self._entry(oid)
            return (printer or self._by_tag)(tag, value, style)
        except SnmpError:
            raise
        except _MISFITS as error:
            if _dotted(oid):
                return self.value(oid[1:], tag, value)
            raise _misfit(error, oid, tag, value) from error

    def varbind(self, oid: str, tag: int, value: Any) -> str:
        """One varbind as Net-SNMP prints it (no trailing newline)."""
        try:
            if self.tree is None:
                text = _EXCEPTIONS[tag] if tag in _EXCEPTIONS else self._by_tag(tag, value, _PLAIN)
                return (
                    text if self.values_only else f".{oid.removeprefix('.')}{self.separator}{text}"
                )
            prefix, size, entry = self._lookups.last
            if oid[:size] != prefix:
                parent = oid.rpartition(".")[0]
                entry = self._parents.get(parent)
                if entry is None:
                    entry = self._found(oid, parent, True)
                elif entry[6] is not None:  # a column met before: its next cells start alike
                    self._lookups.last = (entry[6], entry[1], entry)
            head, start, instances, _, printer, style, _ = entry
            if tag in _EXCEPTIONS:
                text = _EXCEPTIONS[tag]
            else:  # no MIB type: the tag's printer at once (most of a walk of unknown subtrees)
                text = (printer or self._tag_printers.get(tag) or self._unknown)(tag, value, style)
            if not self._named:
                return text if self.values_only else f".{oid}{self.separator}{text}"
            if self.form == "ucd":
                name = self._name(oid, entry)
                return name if name.endswith(CUT_MARK) else f"{name}{self.separator}{text}"
            rest = oid[start:]
            if not rest:
                return f"{self._exact(entry)}{self.separator}{text}"
            if instances is not None:
                try:
                    return f"{head}{instances[rest]}{self.separator}{text}"
                except CutName as cut:
                    return self._cut(entry[3], cut)
            return f"{head}.{rest}{self.separator}{text}"
        except SnmpError:
            raise
        except _MISFITS as error:
            if _dotted(oid):
                return self.varbind(oid[1:], tag, value)
            raise _misfit(error, oid, tag, value) from error

    def _exact(self, entry: _Entry) -> str:
        """The name text of the node of `entry` itself (an unnamed one's from the last
        label, where its head is its number)."""
        node = entry[3]
        if node.name is not None and not anonymous(node.name):
            return entry[0]
        assert self.tree is not None
        return render_head(self.tree, node, self._head_form)

    def _cut(self, node: MibNode, cut: CutName) -> str:
        """A name Net-SNMP gives up printing (`CutName`): what it printed, and no more."""
        assert self.tree is not None
        return f"{render_head(self.tree, node, 'full')}{cut.text}{CUT_MARK}"

    def _entry(self, oid: str) -> _Entry:
        """The entry of the deepest node on `oid`'s path."""
        parent = oid.rpartition(".")[0]
        entry = self._lookups.parents.get(parent)
        return entry if entry is not None else self._found(oid, parent, False)

    def _found(self, oid: str, parent: str, column: bool) -> _Entry:
        """`_entry` from the tree; kept by `parent` (`oid` less its last arc) where that
        decides the node.

        `column`: also keep it as the last column (a walk's next cell is likely below it).
        """
        assert self.tree is not None
        lookups = self._lookups
        node = self.tree.deepest(oid)
        entry = lookups.nodes.get(node) or self._node_entry(node)
        if len(node.oid) == len(oid):
            return entry  # the node itself: its siblings share its parent
        # A node above the parent decides for every last arc; the parent itself only
        # when it has no children (else a last arc may be a child).
        if len(node.oid) < len(parent) or not node.children:
            if len(lookups.parents) >= _CACHE_SIZE:
                lookups.parents.clear()
            lookups.parents[parent] = entry
        if column and entry[6] is not None:
            lookups.last = (entry[6], entry[1], entry)
        elif column and len(node.oid) < len(parent):  # the OIDs sharing its first arc past it
            past = oid.find(".", len(node.oid) + 1)
            lookups.last = (oid[: past + 1], past + 1, entry)
        return entry

    def _node_entry(self, node: MibNode) -> _Entry:
        tree = self.tree
        assert tree is not None
        indexes = indexes_above(tree, node)
        instances = None
        if indexes is not None:  # the instance texts of its INDEX and kind, None if plain
            key = (id(indexes), bool(node.children))
            known = self._lookups.instances
            instances = known.get(key, _UNSEEN)
            if instances is _UNSEEN:
                decodes = self.extended or (self.breakdown and not plain_indexes(indexes))
                instances = known[key] = (
                    _Instances(self._decoder(node, indexes)) if decodes else None
                )
        entry: _Entry = (
            render_head(tree, node, self._head_form, below=True),
            len(node.oid) + 1 if node.oid else 0,
            instances,
            node,
            self._printers.get(node.base_type),
            _PLAIN
            if node.enums is None
            and node.units is None
            and (node.display_hint is None or not self.display_hints)
            and node.base_type != "BITS"
            else self._style(node),
            None if node.children else node.oid + ".",
        )
        self._lookups.nodes[node] = entry
        return entry

    def _style(self, node: MibNode) -> _Style:
        """How a node with enums, UNITS, a DISPLAY-HINT or BITS prints its values."""
        labels = None
        if node.enums and "e" not in self.flags:
            pairs = list(node.enums.items())
            if node.base_type != "BITS":  # an INTEGER's first label of a number wins
                pairs.reverse()
            labels = {number: label for label, number in pairs}
        units = f" {node.units}" if node.units is not None and "U" not in self.flags else ""
        return _Style(node.display_hint if self.display_hints else None, labels, units)

    def _decoder(self, node: MibNode, indexes: list[tuple[MibNode, bool]]) -> Callable[[str], str]:
        """The instance text (with its leading separator) of arcs text below `node`, whose
        row INDEX is `indexes` (the same for every node of that INDEX and kind)."""
        assert self.tree is not None
        tree = self.tree
        if self.extended:
            octets, oid = self._index_octets, self.oid
            escape = "E" in self.flags
            ticks = self._index_ticks
            return lambda rest: extended_text(
                tree, node, list(map(int, rest.split("."))), octets, oid, escape, ticks
            )
        return instance_decoder(tree, indexes, bool(node.children), "E" in self.flags, True)

    def _index_ticks(self, ticks: int) -> str:
        """-OX: a TimeTicks index as Net-SNMP prints it (``1 day, 0:00:00.00``; -Ot: 8640000)."""
        return str(ticks) if "t" in self.flags else uptime(ticks, self.quick)

    def _index_octets(self, index: MibNode, data: bytes) -> str | None:
        """-OX: a string index with a DISPLAY-HINT as its type's values print, else None."""
        if index.display_hint is None:  # -Ih or not (Net-SNMP's indexes keep theirs)
            return None
        return self._octets(Tag.OCTET_STRING, data, _Style(index.display_hint, None, ""))

    def _by_tag(self, tag: int, value: Any, style: _Style) -> str:
        """What a value prints as by its own tag (no MIB type, or after "Wrong Type")."""
        return (self._tag_printers.get(tag) or self._unknown)(tag, value, style)

    def _unknown(self, tag: int, value: Any, style: _Style) -> str:
        raise ArgumentTypeError(f"cannot print a value of tag {tag!r}: no SMI type has it")

    def _wrong(self, tag: int, value: Any, should: str) -> str:
        text = self._by_tag(tag, value, _PLAIN)
        return text if self.quick_equals else f"Wrong Type (should be {should}): {text}"

    def _integer(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _INTEGER:
            return self._wrong(tag, value, "INTEGER")
        label = style.labels.get(value) if style.labels else None
        if label is None:
            hint = style.hint
            text = (_hinted_integer(value, hint) if hint else None) or str(value)
        else:
            text = label if self.quick else f"{label}({value})"
        return self._types["INTEGER"] + text + style.units

    def _unsigned(self, value: Any, style: _Style, name: str) -> str:
        hint = style.hint
        text = (_hinted_integer(value, hint) if hint else None) or str(value)
        return self._types[name] + text + style.units

    def _gauge32(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _GAUGE32:
            return self._wrong(tag, value, "Gauge32 or Unsigned32")
        return self._unsigned(value, style, "Gauge32")

    def _counter32(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _COUNTER32:
            return self._wrong(tag, value, "Counter32")
        return self._types["Counter32"] + str(value) + style.units

    def _counter64(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _COUNTER64:
            # Net-SNMP's 64-bit integers in an Opaque print as the column's own type.
            wrapped = _opaque_wrapped(value, self._print_float) if tag == _OPAQUE else None
            if wrapped is None or wrapped[0] == "Opaque: Float":
                return self._wrong(tag, value, "Counter64")
            return self._types[wrapped[0]] + wrapped[1] + style.units
        return self._types["Counter64"] + str(value) + style.units

    def _timeticks(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _TIMETICKS:
            return self._wrong(tag, value, "Timeticks")
        if "t" in self.flags:
            return str(value)
        prefix = "" if self.quick else f"Timeticks: ({value}) "
        return prefix + uptime(value, self.quick) + style.units

    def _ip(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _IP_ADDRESS:
            return self._wrong(tag, value, "IpAddress")
        return self._types["IpAddress"] + str(value)

    def _network_address(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _IP_ADDRESS:
            return self._wrong(tag, value, "NetworkAddress")
        octets = ":".join(f"{int(octet):02X}" for octet in str(value).split("."))
        return self._types["Network Address"] + octets

    def _null(self, tag: int, value: Any, style: _Style) -> str:
        return "NULL"

    def _oid_value(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _OBJECT_IDENTIFIER:
            return self._wrong(tag, value, "OBJECT IDENTIFIER")
        return self._types["OID"] + self.oid(value) + style.units

    def _octets(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _OCTET_STRING:
            return self._wrong(tag, value, "OCTET STRING")
        hint = style.hint
        if hint:
            hinted = _hinted_octets(value, hint, self._two_digits)
            if hinted is not None:
                return self._types["STRING"] + hinted + style.units
            return f"(Bad hint ignored: {hint}) " + self._plain_octets(value, _PLAIN)
        return self._plain_octets(value, style)

    def _hex(self, data: bytes) -> str:
        return hex_string(data, self._hex_text, self.hex_width)

    def _plain_octets(self, value: bytes, style: _Style) -> str:
        if not value:
            return '""'
        if "x" in self.flags:
            as_hex = True
        elif "a" in self.flags:
            as_hex = False
        else:
            as_hex = bool(value.translate(None, _PRINTABLE_OCTETS))
        if as_hex:
            text = f'"{self._hex(value)}"' if self.quick else "Hex-STRING: " + self._hex(value)
        else:
            text = self._types["STRING"] + f'"{_ascii(value)}"'
        return text + style.units

    def _bits(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _OCTET_STRING and tag != _BIT_STRING:
            return self._wrong(tag, value, "BITS")
        text = style.texts.get(value)
        if text is None:
            if len(style.texts) >= _CACHE_SIZE:
                style.texts.clear()
            text = style.texts[value] = self._bits_text(value, style.labels or {})
        return text

    def _bit_string(self, tag: int, value: Any, style: _Style) -> str:
        """A BIT STRING (tag 3) of no BITS object: its octets and bits set, no labels."""
        return self._bits_text(value, {})

    def _nsap_address(self, tag: int, value: Any, style: _Style) -> str:
        return "Variable has bad type"  # Net-SNMP reads an NsapAddress, and prints no more

    def _uinteger32(self, tag: int, value: Any, style: _Style) -> str:
        return str(value)  # Net-SNMP prints RFC 1442's UInteger32 with no type, -Oq or not

    def _bits_text(self, value: bytes, names: dict[int, str]) -> str:
        if self.quick:
            return f'"{self._hex(value)}"'
        # Net-SNMP looks each bit set up in the list of labels from where the last one
        # was found, never going back: once a bit is missed, no more labels print.
        listed = list(names.items())
        at = 0
        texts = []
        for i, octet in enumerate(value):
            for bit in range(i * 8, i * 8 + 8):
                if octet & (0x80 >> (bit % 8)):
                    while at < len(listed) and listed[at][0] != bit:
                        at += 1
                    texts.append(f"{listed[at][1]}({bit}) " if at < len(listed) else f"{bit} ")
        return "BITS: " + self._hex(value) + "".join(texts)

    def _opaque(self, tag: int, value: Any, style: _Style) -> str:
        if tag != _OPAQUE:
            return self._wrong(tag, value, "Opaque")
        wrapped = _opaque_wrapped(value, self._print_float)
        if wrapped is not None:
            return self._types[wrapped[0]] + wrapped[1] + style.units
        return self._types["OPAQUE"] + self._hex(value) + style.units
