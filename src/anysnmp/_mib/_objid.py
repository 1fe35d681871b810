"""Names and OIDs read as Net-SNMP's tools read them (``snmp_parse_oid`` of its mib.c).

A tool tries `OidReader.read_objid` (from the root: ``.1.3.6``, ``iso.org``, ``1.3.x``),
then `OidReader.get_node` (a label of any module, or ``MODULE::label``, then the rest),
then `OidReader.get_wild_node` (the label a regular expression matches best); ``-IR``
does the second only, ``-Ib`` the third, a name with a ``:`` the second. Past a node
with no children, its row's INDEX reads the instance: integers (enum labels, the index's
ranges checked unless ``-Ir``), ``"quoted"`` and ``'fixed'`` strings, IP addresses, OIDs.

What went wrong is Net-SNMP's "detail" (``Sub-id not found: org -> x``,
``Index out of range: x (ifIndex)``...): kept between names as Net-SNMP keeps it, until
an error reports it (`OidReader.error`). Arcs are C ``strtoul``'s (octal, hex, up to
2^64-1); an OID holds at most 128.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .._errors import UnknownObjectError
from ._cnumbers import strtoul_int
from ._links import Link
from ._node import MibNode, anonymous
from ._tree import MibTree

__all__ = ("MAX_OID_LEN", "InputFlags", "OidReader", "module_name")

#: The most arcs Net-SNMP's tools read into an OID.
MAX_OID_LEN = 128
#: The detail's buffer (its last byte the string's end).
_DETAIL_SIZE = 192
#: Net-SNMP's standard prefix of ``-Iu`` (UCD-style) names.
_UCD_PREFIX = "1.3.6.1.2.1."
_ULONG = (1 << 64) - 1
_INTEGERS = frozenset({"INTEGER", "Integer32", "UInteger32", "Unsigned32", "TimeTicks"})
_SIGNED = frozenset({"INTEGER", "Integer32"})
_STRTOUL = re.compile(rb"[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_MODULE_CHARS = re.compile(rb"[0-9A-Za-z-]*")


class InputFlags(NamedTuple):
    """Net-SNMP's ``-I`` input options.

    Attributes:
        random_access: ``-IR``: labels only (`OidReader.get_node`).
        regex: ``-Ib``: the best regular expression match only.
        check_ranges: index values checked against their ranges (``-Ir`` turns it off).
        best_match: a text read no other way is a regular expression, read as the label it
            matches best (``snmp_parse_oid``'s last try; ``Mib.oid`` does not guess).
        ucd: ``-Iu``: a name without a leading dot is under mib-2 (``1.3.6.1.2.1``).
        display_hints: the CLI's string values read by their DISPLAY-HINT (``-Ih``: not).
        prefix: ``-IS PREFIX``: text before every name.
        suffix: ``-Is SUFFIX``: text after every name (after a dot).
    """

    random_access: bool = False
    regex: bool = False
    check_ranges: bool = True
    best_match: bool = True
    ucd: bool = False
    display_hints: bool = True
    prefix: str = ""
    suffix: str = ""


class _Buffer:
    """A C string being parsed in place: bytes ending in a NUL, read and cut at offsets."""

    def __init__(self, text: bytes) -> None:
        self.data = bytearray(text.split(b"\0", 1)[0] + b"\0")

    def at(self, pos: int) -> int:
        return self.data[pos]

    def text(self, pos: int) -> bytes:
        """The string from `pos` to its NUL."""
        return bytes(self.data[pos : self.data.index(0, pos)])

    def cut(self, pos: int) -> int | None:
        """C's ``cp2 = strchr(cp, '.'); if (cp2) *cp2++ = 0``: the next part, or None."""
        end = self.data.index(0, pos)
        dot = self.data.find(b".", pos, end)
        if dot < 0:
            return None
        self.data[dot] = 0
        return dot + 1

    def strtoul(self, pos: int) -> tuple[int, bool]:
        """C's ``strtoul(cp, &ecp, 0)``: the number, and whether text follows it."""
        end = self.data.index(0, pos)
        found = _STRTOUL.match(self.data, pos, end)
        if found is None:
            return 0, pos != end
        sign, digits = found.groups()
        base = 16 if digits[:2] in (b"0x", b"0X") else 8 if digits.startswith(b"0") else 10
        significant = digits[2 if base == 16 else 0 :].lstrip(b"0")
        # Past 22 digits any base overflows (C clamps): Python's int() refuses 4300 digits.
        value = min(int(significant or b"0", base), _ULONG) if len(significant) <= 22 else _ULONG
        if sign == b"-":
            value = -value & _ULONG
        return value, found.end() != end

    def unescape(self, pos: int, quote: int) -> int | None:
        """Net-SNMP's ``_apply_escapes``: ``\\x`` -> ``x`` up to the closing `quote`, in
        place; where that quote was (its place now the string's end), or None."""
        dst, backslash = pos, False
        while self.data[pos]:
            char = self.data[pos]
            if backslash:
                backslash = False
                self.data[dst] = char
                dst += 1
            elif char == quote:
                break
            elif char == 0x5C:
                backslash = True
            else:
                self.data[dst] = char
                dst += 1
            pos += 1
        if not self.data[pos]:
            return None
        self.data[dst] = 0
        return pos


class _BadId(Exception):
    """A part that does not parse: `_add_strings` sets the detail."""


class OidReader:
    """Net-SNMP's OID parser over the loaded MIBs (or none: the three roots).

    Args:
        tree: the MIBs.
        flags: the ``-I`` options.
        read_module: loads a module named in ``MODULE::name`` (saying why not as Net-SNMP
            does); whether it is loaded.
    """

    def __init__(
        self,
        tree: MibTree,
        flags: InputFlags | None = None,
        read_module: Callable[[str], bool] | None = None,
    ) -> None:
        self.tree = tree
        self.flags = flags or InputFlags()
        self._read_module = read_module or (lambda module: module in tree.modules)
        #: Net-SNMP's detail: what the last parse that failed said (an error clears it).
        self.detail: str | None = None
        #: Whether Net-SNMP's error number is set (by a parse from the root or of a
        #: label that failed; nothing clears it).
        self.failed = False
        #: The nodes Net-SNMP's regular expression searches marked: None, cleared before
        #: each (``snmp_parse_oid``); a set, kept between them (snmptranslate's ``-Ib``).
        self.marks: set[Link] | None = None

    def parse(self, text: str) -> list[int]:
        """``snmp_parse_oid``: the arcs of a name or OID, as the tools read it.

        Raises:
            UnknownObjectError: Net-SNMP's "Unknown Object Identifier", with its detail.
        """
        flags = self.flags
        full = text
        if flags.prefix or flags.suffix:
            dot = "" if flags.suffix[:1] in (".", "") else "."
            full = f"{flags.prefix}{text}{dot}{flags.suffix}"
        if flags.random_access or ":" in full:
            found = self.get_node(full)
        elif flags.regex:
            found = self.get_wild_node(full)
        else:
            found = self.read_objid(full)
            if found is None:
                found = self.get_node(full)
            if found is None and flags.best_match:
                found = self.get_wild_node(full)
        if found is None:
            raise self.error(text)
        return found

    def error(self, text: str) -> UnknownObjectError:
        """The error of `text` not parsing, with the detail (which it clears)."""
        reason, self.detail = self.detail, None
        return UnknownObjectError(text, reason, "Unknown Object Identifier" if self.failed else "")

    def read_objid(self, text: str) -> list[int] | None:
        """``read_objid``: from the root (``MODULE:`` names as `get_node`); None: no OID."""
        data = _encode(text)
        if _module_end(data) is not None:
            return self.get_node(text)
        if data.startswith(b"."):
            data = data[1:]
        elif self.flags.ucd:
            data = _UCD_PREFIX.encode() + data
        arcs: list[int] = []
        if self._add_strings(self.tree.root, _Buffer(data), 0, arcs):
            return arcs
        self.failed = True
        return None

    def get_node(self, text: str) -> list[int] | None:
        """``get_node``: ``label.rest`` (any module's label) or ``MODULE::label.rest``."""
        data = _encode(text)
        end = _module_end(data)
        if end is None:
            found = self._module_node(data[1:] if data.startswith(b".") else data, None)
        else:
            rest, module = data[end + 1 :], _decode(data[:end])
            found = self._module_node(
                rest[1:] if rest.startswith(b":") else rest, None if module == "ANY" else module
            )
        self.failed = self.failed or found is None
        return found

    def get_wild_node(self, text: str) -> list[int] | None:
        """``get_wild_node``: the label `text` (a regular expression) matches best."""
        from ._drawing import best_match  # only here: a name read no other way
        from ._regex import label_pattern

        pattern = label_pattern(text, self.tree.links.longest)
        label = best_match(self.tree, pattern, self.marks) if pattern is not None else None
        return self.get_node(label) if label is not None else None

    def _module_node(self, data: bytes, module: str | None) -> list[int] | None:
        """``get_module_node``: the first label looked up (in `module`), then the rest."""
        if module is not None and not self._read_module(module):
            return None
        buffer = _Buffer(data)
        rest = buffer.cut(0)
        label = _decode(buffer.text(0))
        if module is None:
            node = self.tree.random_access(label)
        else:
            node = self.tree.by_module.get(module, {}).get(label)
            if node is None and anonymous(label):
                node = self.tree.anonymous_node(module, label)
        if node is None or node.parent is None:
            return None
        arcs = [int(arc) for arc in node.oid.split(".")]
        if rest is not None and not self._add_strings(node, buffer, rest, arcs):
            return None
        return arcs

    def _add_strings(self, tp: MibNode | None, buffer: _Buffer, cp: int, arcs: list[int]) -> bool:
        """``_add_strings_to_oid``: the parts from `cp` below `tp` onto `arcs`; False:
        they do not parse (the detail says why)."""
        state = _Strings(self.tree, buffer, arcs, self.flags.check_ranges)
        try:
            return state.run(tp, cp)
        except _BadId:
            self.detail = _truncated(state.bad_detail())
            return False
        except _Refused as exc:
            self.detail = str(exc)
            return False


class _Refused(Exception):
    """A quote of the wrong kind for the index: Net-SNMP's own detail."""


class _Strings:
    """One run of ``_add_strings_to_oid``: its C variables, for the detail of a failure."""

    def __init__(self, tree: MibTree, buffer: _Buffer, arcs: list[int], check: bool) -> None:
        self.tree, self.buffer, self.arcs, self.check = tree, buffer, arcs, check
        self.fcp = 0
        self.tp: MibNode | None = None
        self.indexes: list[tuple[MibNode, bool]] = []  # in_dices: the INDEX left

    def bad_detail(self) -> str:
        """The detail of ``bad_id``."""
        part = _decode(self.buffer.text(self.fcp))
        if self.indexes:
            index = self.indexes[0][0]
            return f"Index out of range: {part} ({index.name or index.syntax})"
        if self.tp is not None:
            return f"Sub-id not found: {_label(self.tp)} -> {part}"
        return part

    def add(self, subid: int) -> None:
        if len(self.arcs) >= MAX_OID_LEN:
            raise _BadId
        self.arcs.append(subid)

    def run(self, tp: MibNode | None, cp: int | None) -> bool:
        buffer = self.buffer
        self.tp = tp
        while cp is not None and self.tp is not None and self.tp.children:
            self.fcp = cp
            cp2 = buffer.cut(cp)
            child: MibNode | None
            if _isdigit(buffer.at(cp)):
                subid, junk = buffer.strtoul(cp)
                if junk:
                    raise _BadId
                child = self.tp.children.get(subid)
            else:
                child = _child(self.tree, self.tp, _decode(buffer.text(cp)))
                if child is None:
                    raise _BadId
                subid = child.subid
            self.add(subid)
            cp = cp2
            if child is None:
                break
            self.tp = child
        if self.tp is not None and not self.tp.children:
            parent = self.tp.parent
            self.indexes = list(parent.row_indexes or []) if parent is not None else []
            self.tp = None
        cp = self._instance(cp)
        self._numbers(cp)
        return True

    def _instance(self, cp: int | None) -> int | None:
        """The INDEX values from `cp`; where the arcs past them start."""
        while cp is not None and self.indexes:
            self.fcp = cp
            index, implied = self.indexes[0]
            if index.name is None or index.parent is None:  # SMIv1's bare type: no node
                self.tp = None
                break
            self.tp = index
            from ._describe import syntax_view  # only for a name with an instance

            view = syntax_view(self.tree, index)
            base = view.base
            if base in _INTEGERS:
                cp = self._integer(index, base, view.ranges, cp)
            elif base == "IpAddress":
                cp = self._address(cp)
            elif base == "OCTET STRING":
                ranges = view.ranges
                fixed = ranges and len(ranges) == 1 and ranges[0][0] == ranges[0][1]
                length = ranges[0][0] if ranges and fixed else -1
                cp = self._string(implied, length, ranges, cp)
            elif base == "NetworkAddress":
                cp = self._network_address(cp)
            else:  # an OID, or what Net-SNMP does not expect: the arcs follow as they are
                self.indexes = []
            if self.indexes:
                del self.indexes[0]
        return cp

    def _integer(
        self, index: MibNode, base: str, ranges: list[tuple[int, int]] | None, cp: int
    ) -> int | None:
        buffer = self.buffer
        cp2 = buffer.cut(cp)
        if _isdigit(buffer.at(cp)):
            subid, junk = buffer.strtoul(cp)
            if junk:
                raise _BadId
        else:
            number = (index.enums or {}).get(_decode(buffer.text(cp)))
            if number is None:
                raise _BadId
            subid = number & _ULONG
        if self.check and ranges:
            if base in _SIGNED:
                value = _c_int(subid)
                ok = any(strtoul_int(low) <= value <= strtoul_int(high) for low, high in ranges)
            else:
                ok = any(
                    strtoul_int(low) & 0xFFFFFFFF <= subid <= strtoul_int(high) & 0xFFFFFFFF
                    for low, high in ranges
                )
            if not ok:
                raise _BadId
        self.add(subid)
        return cp2

    def _address(self, cp: int | None) -> int | None:
        if len(self.arcs) + 4 > MAX_OID_LEN:
            raise _BadId
        return self._octets(cp, 4)

    def _octets(self, cp: int | None, count: int, room: bool = False) -> int | None:
        """Up to `count` arcs (-1: all) of at most 255 (when checked), each with `room`
        for one more after it; where the next part starts."""
        while count and cp is not None:
            self.fcp = cp
            cp2 = self.buffer.cut(cp)
            octet, junk = self.buffer.strtoul(cp)
            full = room and len(self.arcs) + 1 >= MAX_OID_LEN
            if junk or full or (self.check and octet > 255):
                raise _BadId
            self.arcs.append(octet)
            count -= 1
            cp = cp2
        return cp

    def _string(
        self, implied: bool, length: int, ranges: list[tuple[int, int]] | None, cp: int
    ) -> int | None:
        buffer = self.buffer
        quote = buffer.at(cp)
        if quote in b"\"'" and quote:
            cp += 1
            length_at = -1
            if not implied and length == -1:
                if quote == ord("'"):
                    raise _Refused("'-quote is for fixed length strings")
                length_at = len(self.arcs)
                self.add(0)
            elif quote == ord('"'):
                raise _Refused('"-quote is for variable length strings')
            end = buffer.unescape(cp, quote)
            if end is None:
                raise _BadId
            content = buffer.text(cp)
            for octet in content:
                self.add(octet)
            cp2: int | None = end + 1
            if not buffer.at(end + 1):
                cp2 = None
            elif buffer.at(end + 1) != ord("."):
                raise _BadId
            else:
                cp2 = end + 2
            size = len(content)
            if self.check:
                if length == -1:
                    if not any(low <= size <= high for low, high in ranges or []):
                        raise _BadId
                    if length_at >= 0:
                        self.arcs[length_at] = size
                elif size != length:
                    raise _BadId
            elif length_at >= 0:
                self.arcs[length_at] = size
            return cp2
        rest: int | None = cp
        if not implied and length == -1:  # a length, then as many octets
            self.fcp = cp
            rest = buffer.cut(cp)
            number, junk = buffer.strtoul(cp)
            # Net-SNMP's length is a C int, checked in size_t: 2^32 is 0; a length from -1
            # down to minus the arcs so far passes, its arc sign-extended (2^64-1), and
            # the octets after it are read to the end.
            length = _c_int(number)
            if junk or (len(self.arcs) + length + 1) & _ULONG >= MAX_OID_LEN:
                raise _BadId
            self.arcs.append(length & _ULONG)
        return self._octets(rest, length)

    def _network_address(self, cp: int | None) -> int | None:
        """An SMIv1 NetworkAddress: its CHOICE tag, and for 1 (internet) an IPv4 address."""
        assert cp is not None
        cp2 = self.buffer.cut(cp)
        subid, junk = self.buffer.strtoul(cp)
        if junk or len(self.arcs) + 1 >= MAX_OID_LEN:
            raise _BadId
        self.arcs.append(subid)
        cp = cp2
        if subid != 1:
            self.indexes = []
            return cp
        return self._octets(cp, 4, room=True)

    def _numbers(self, cp: int | None) -> None:
        """The arcs past the INDEX: numbers, ``"quoted"`` (length first) or ``'quoted'``."""
        buffer = self.buffer
        while cp is not None:
            self.fcp = cp
            char = buffer.at(cp)
            if _isdigit(char):
                cp2 = buffer.cut(cp)
                subid, junk = buffer.strtoul(cp)
                if junk:
                    raise _BadId
                self.add(subid)
            elif char in b"\"'" and char:
                cp += 1
                if not buffer.at(cp):
                    raise _BadId
                text = buffer.text(cp)
                close = text.find(bytes([char]))
                if close < 0:  # Net-SNMP reads past the string's end: never an OID
                    raise _BadId
                if char == ord('"'):
                    self.add(close)
                for octet in text[:close]:
                    self.add(octet)
                after = cp + close + 1
                if not buffer.at(after):
                    cp2 = None
                elif buffer.at(after) == ord("."):
                    cp2 = after + 1
                else:
                    raise _BadId
            else:
                raise _BadId
            cp = cp2


def module_name(text: str) -> str | None:
    """The module of a ``MODULE::name`` (or ``MODULE:name``) as `OidReader` reads it
    (letters, digits and dashes before the colon); None: `text` names none."""
    data = _encode(text)
    end = _module_end(data)
    return None if end is None else _decode(data[:end])


def _module_end(data: bytes) -> int | None:
    """Where a ``MODULE:`` name's colon is (after letters, digits and dashes), or None."""
    end = _MODULE_CHARS.match(data).end()  # type: ignore[union-attr]
    return end if data[end : end + 1] == b":" else None


def _isdigit(char: int) -> bool:
    """C's ``isdigit`` (the C locale): an ASCII digit."""
    return 0x30 <= char <= 0x39


def _child(tree: MibTree, node: MibNode, label: str) -> MibNode | None:
    """The child of `node` labelled `label` (in any module that names it; the roots have
    no other labels)."""
    for child in node.children.values():
        if child.name == label:
            return child
    if node.parent is None:
        return None
    return next((other for other in tree.by_label.get(label, ()) if other.parent is node), None)


def _label(node: MibNode) -> str:
    """A node's label in Net-SNMP's tree (the root's ``(top)``)."""
    if node.parent is None:
        return "(top)"
    return node.name if node.name is not None else str(node.subid)


def _c_int(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >> 31 else value


def _encode(text: str) -> bytes:
    """The bytes of a name (a command line's undecodable bytes as they were; any other
    lone surrogate, which only a program can give, as UTF-8 would write it)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _truncated(detail: str) -> str:
    """The detail as Net-SNMP's buffer keeps it."""
    data = _encode(detail)
    return detail if len(data) < _DETAIL_SIZE else _decode(data[: _DETAIL_SIZE - 1])
