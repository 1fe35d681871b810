"""OIDs -> names: Net-SNMP's OID output forms, and INDEX values of instances.

Output (`render`): ``IF-MIB::ifDescr.1`` (module form, ``-OS``), ``ifDescr.1``
(``-Os``), ``.iso.org...ifDescr.1`` (``-Of``), ``.1.3.6...`` (``-On``). Past
the deepest known node the rest is an instance: a row's INDEX decodes it as
Net-SNMP does (integers and enum labels, ``"string"``, ``'implied'``, IP
addresses, length-prefixed OIDs) unless ``-Ob``.

Names are read (input) by `OidReader` (_objid.py), as Net-SNMP's tools read them.
"""

from __future__ import annotations

from collections.abc import Callable

from .._codec import core
from .._errors import UnknownNameError
from ._node import MibNode, anonymous
from ._tree import MibTree

__all__ = (
    "CUT_MARK",
    "CutName",
    "decode_index",
    "extended_text",
    "index_values",
    "indexes_above",
    "instance_decoder",
    "instance_text",
    "plain_indexes",
    "render",
    "render_head",
    "take_index",
)

#: What ends a name Net-SNMP gives up printing (an -OX OID index of no known root).
CUT_MARK = " [TRUNCATED]"
_INTEGER_INDEX = frozenset({"INTEGER", "Unsigned32", "Gauge32", "TimeTicks"})


#: An index value: (value, arcs it took, whether a string is implied or fixed-length).
_Taken = tuple["int | bytes | str", int, bool]


def take_index(
    index: MibNode, implied: bool, arcs: list[int], *, wrap: bool = False
) -> _Taken | None:
    """One INDEX value from the start of `arcs`, Net-SNMP's way; None: it does not decode.

    Integers -> int, OCTET STRING -> bytes, IpAddress, NetworkAddress (its address) and
    OID -> dotted str. A string's
    or an IpAddress's arc past 255 does not decode, or with `wrap` is taken as ``-OX``
    prints it (a string's modulo 256, an address's as it is).
    """
    base = index.base_type
    if base == "OCTET STRING":
        fixed = index.fixed_size()
        if implied or fixed is not None:
            count = len(arcs) if implied else int(fixed or 0)
            start = 0
        elif arcs:
            count, start = arcs[0], 1
        else:
            return None
        octets = arcs[start : start + count]
        if start + count > len(arcs) or (not wrap and max(octets, default=0) > 255):
            return None
        return bytes(arc & 0xFF for arc in octets), start + count, start == 0
    if not arcs:
        return None
    if base in _INTEGER_INDEX:
        return arcs[0], 1, False
    if base == "OBJECT IDENTIFIER":
        count, start = (len(arcs), 0) if implied else (arcs[0], 1)
        if start + count > len(arcs):
            return None
        return ".".join(map(str, arcs[start : start + count])), start + count, False
    if base == "IpAddress" and len(arcs) >= 4 and (wrap or max(arcs[:4]) <= 255):
        return ".".join(map(str, arcs[:4])), 4, False
    if base == "NetworkAddress" and arcs[0] == 1 and len(arcs) >= 5 and max(arcs[1:5]) <= 255:
        return ".".join(map(str, arcs[1:5])), 5, False  # SMIv1: CHOICE internet(1), IPv4
    return None


def typed_address(index: MibNode) -> bool:
    """Whether an index is an InetAddress that follows its InetAddressType: the column
    Net-SNMP keeps next to it (the one defined before it) is an InetAddressType."""
    parent = index.parent
    if index.textual_convention != "InetAddress" or parent is None:
        return False
    lower = [subid for subid in parent.children if subid < index.subid]
    return bool(lower) and parent.children[max(lower)].textual_convention == "InetAddressType"


def _signed32(arc: int) -> int:
    """An arc as Net-SNMP looks an INTEGER index's label up: a C int (4294967295: -1)."""
    return arc - (1 << 32) if arc >> 31 == 1 else arc


#: One INDEX object as the core's `InstanceDecoder` reads it: (kind: 0 integer, 1 string,
#: 2 arcs; implied; a fixed size or -1; quotes escaped; an InetAddress after its type;
#: enum labels by number).
_Part = tuple[int, bool, int, bool, bool, dict[int, str]]


def _index_part(index: MibNode, implied: bool, escape: bool) -> _Part | None:
    """How one INDEX object's values read (Net-SNMP's way, as `take_index`); None: never.

    A string is implied (the rest), fixed-length or length-prefixed, its quotes escaped
    when `escape` (``-OE``); an InetAddress after its InetAddressType (`typed_address`)
    prints as `core.inet_address` says, never escaped. An integer prints as its enum label
    (the first of a number; looked up as a C int), else its number; an OID (length and
    all unless implied) and an IpAddress as their arcs.
    """
    base = index.base_type
    if base == "OCTET STRING":
        fixed = index.fixed_size()
        address = not implied and fixed is None and typed_address(index)
        return 1, implied, -1 if fixed is None else fixed, escape, address, {}
    if base in _INTEGER_INDEX:
        labels: dict[int, str] = {}
        if base != "TimeTicks":
            for label, number in (index.enums or {}).items():
                if -(1 << 31) <= number < 1 << 31:  # what a C int can match
                    labels.setdefault(number, label)
        return 0, False, -1, False, False, labels
    if base == "OBJECT IDENTIFIER":
        return 2, implied, -1, False, False, {}
    if base == "IpAddress":
        return 2, False, 4, False, False, {}
    return None


def _index_parts(tree: MibTree, indexes: list[tuple[MibNode, bool]], escape: bool) -> list[_Part]:
    """The parts of a row INDEX up to the first that never decodes; built once per INDEX
    and quoting (cached in `tree`)."""
    cache: dict[tuple[int, bool], tuple[object, list[_Part]]] = tree.caches.setdefault(
        "index parts", {}
    )
    kept = cache.get((id(indexes), escape))
    if kept is None:
        parts: list[_Part] = []
        for index, implied in indexes:
            part = _index_part(index, implied, escape)
            if part is None:
                break
            parts.append(part)
        # The list kept: its id stays its own.
        kept = cache[id(indexes), escape] = (indexes, parts)
    return kept[1]


def instance_decoder(
    tree: MibTree,
    indexes: list[tuple[MibNode, bool]] | None,
    column: bool,
    escape: bool = False,
    dotted: bool = False,
) -> Callable[[str], str]:
    """How the arcs past the deepest known node print: decoded INDEX values, then numbers.

    Args:
        tree: the loaded MIBs.
        indexes: the row INDEX in force (None: nothing decodes).
        column: whether the first arc is a column the MIB does not define (the node is
            a row, or above one), to print as it is.
        escape: string quotes escaped with a backslash (``-OE``: ``\\"comm1\\"``).
        dotted: the text starts with a dot (as a formatter's names follow their node's).

    Returns:
        The text of dotted arcs (canonical decimal text, no leading dot): the core's
        decoder (ValueError: an arc it reads as a number is not one).
    """
    parts = _index_parts(tree, indexes, escape) if indexes else []
    return core.InstanceDecoder(parts, column, dotted).decode


def instance_text(tree: MibTree, node: MibNode, rest: list[str], breakdown: bool) -> str:
    """The arcs past the deepest known node: decoded row INDEX values, then numbers.

    Args:
        tree: the loaded MIBs.
        node: the deepest node on the OID's path.
        rest: the arcs past it, as canonical decimal text.
        breakdown: decode the INDEX (``-Ob`` turns it off).
    """
    indexes = indexes_above(tree, node)
    column = bool(indexes and node.children)
    return instance_decoder(tree, indexes if breakdown else None, column)(".".join(rest))


def extended_text(
    tree: MibTree,
    node: MibNode,
    rest: list[int],
    octets: Callable[[MibNode, bytes], str | None],
    oid_text: Callable[[str], str],
    escape: bool = False,
    ticks: Callable[[int], str] = str,
) -> str:
    """The arcs past the deepest known node as ``-OX`` prints them: ``[1]["comm1"]``.

    Each INDEX value in brackets: integers (enum labels), IP addresses, strings as
    `octets` prints a value of the index's type (None: quoted), OIDs as `oid_text` prints
    them, TimeTicks as `ticks` does; a value that does not decode opens a bracket and its
    arcs follow as numbers.
    Unlike `instance_text`, the text starts with its own separator.

    Args:
        tree: the loaded MIBs.
        node: the deepest node on the OID's path.
        rest: the arcs past it.
        octets: a string index's text when its type has a DISPLAY-HINT, else None.
        oid_text: an OID (dotted) in the output form.
        escape: a quoted string's quotes escaped with a backslash (``-OE``).
        ticks: a TimeTicks index's text.
    """
    indexes = indexes_above(tree, node) or []
    parts: list[str] = []
    previous = None  # the last arc read
    if indexes and node.children and rest:
        parts.append(f".{rest[0]}")  # a column the MIB does not define
        previous, rest = rest[0], rest[1:]
    for index, implied in indexes:
        if not rest:
            break
        if index.base_type == "NetworkAddress":  # SMIv1: a CHOICE tag and an IPv4 address
            parts.append("[" + ".".join(map(str, rest[:5])) + ("]" if len(rest) >= 5 else ""))
            rest = rest[5:]
            continue
        taken = take_index(index, implied, rest, wrap=True)
        if taken is None:
            parts.append("[" + "".join(f".{arc}" for arc in rest))
            return "".join(parts)
        value, used, bare = taken
        if isinstance(value, bytes):
            text = octets(index, value)
            if text is None and previous is not None and not bare and typed_address(index):
                text = core.inet_address(previous, value) if value else None
            if text is None:  # quoted, an arc past 254 as "." (not taken modulo 256)
                mark = "\\" if escape else ""
                raw = bytes(min(arc, 255) for arc in rest[used - len(value) : used])
                text = core.index_string(raw, mark + ("'" if bare else '"')) or f'{mark}"{mark}"'
        elif index.base_type == "TimeTicks":
            text = ticks(int(value))
        elif isinstance(value, int):
            text = index.enum_label(_signed32(value)) or str(value)
        elif index.base_type == "OBJECT IDENTIFIER":
            # Net-SNMP looks its first arc up (an empty OID's: the next arc, which it
            # then prints as that root, or 0 if none); of no root, it gives up a
            # character short.
            first = value.partition(".")[0] if value else str((rest[used:] or [0])[0])
            if first not in ("0", "1", "2"):
                raise CutName(("".join(parts) + "[" + (f".{value}" if value else ""))[:-1])
            text = oid_text(value or first)
            if text.endswith(CUT_MARK):  # given up inside: so is the whole name, a
                # character short, and short of a dot too (its own or the one Net-SNMP
                # adds) when another INDEX value follows.
                cut = "".join(parts) + "[" + text.removesuffix(CUT_MARK)
                if rest[used:] and index is not indexes[-1][0]:
                    cut = (cut if cut.endswith(".") else cut + ".")[:-1]
                raise CutName(cut[:-1])
        else:
            text = value
        parts.append(f"[{text}]")
        previous, rest = rest[used - 1], rest[used:]
    parts.extend(f".{arc}" for arc in rest)
    return "".join(parts)


class CutName(Exception):  # not an error: Net-SNMP prints what it has
    """-OX: an OID index value of no known root, where Net-SNMP stops printing the name.

    It prints the name's full form (``.iso.org...``) up to there and `text`, then
    `` [TRUNCATED]``, and nothing more of the line.

    Attributes:
        text: the instance text printed before it stopped.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def plain_indexes(indexes: list[tuple[MibNode, bool]]) -> bool:
    """Whether an INDEX prints as its arcs, so that nothing needs decoding.

    Integers with no labels, IP addresses and OIDs print as their arcs (as does what
    does not decode); strings print quoted and labelled integers as their labels.
    """
    return not any(
        index.base_type == "OCTET STRING"
        or (index.enums and index.base_type in _INTEGER_INDEX and index.base_type != "TimeTicks")
        for index, _implied in indexes
    )


def indexes_above(tree: MibTree, node: MibNode) -> list[tuple[MibNode, bool]] | None:
    """The INDEX of the nearest row at or above `node` (Net-SNMP's rule); cached in `tree`."""
    cache = tree.index_cache
    if node in cache:
        return cache[node]
    found = node.row_indexes
    parent = node.parent
    if found is None and parent is not None:  # the parent's, kept for its other children
        found = cache[parent] if parent in cache else indexes_above(tree, parent)
    cache[node] = found
    return found


def render_head(tree: MibTree, node: MibNode, form: str, *, below: bool = False) -> str:
    """The named part of a node's OID in `form` (``IF-MIB::ifDescr``); a path of labels
    and numbers is cached in `tree`. `below`: of an OID past the node, where Net-SNMP
    starts an unnamed node's from its own number (``MOD::1.6.3.1`` below
    ``anonymous#2``), not from the last label (``MOD::iso.3.6.1``)."""
    if form != "full" and node.name is not None and not anonymous(node.name):  # a label
        return (
            node.name if form != "module" or node.module is None else f"{node.module}::{node.name}"
        )
    key = (node, f"{form} below" if below else form)
    text = tree.text_cache.get(key)
    if text is None and below and form != "full" and node.parent is not None:
        text = str(node.subid)
        if form == "module" and node.module is not None:
            text = f"{node.module}::{text}"
        tree.text_cache[key] = text
    if text is None:
        labels: list[str] = []
        walker: MibNode | None = node
        while walker is not None and walker.parent is not None:
            name = walker.name
            labels.append(name if name is not None and not anonymous(name) else str(walker.subid))
            walker = walker.parent
        labels.reverse()
        if form == "full":
            text = "." + ".".join(labels)
        else:
            last = len(labels) - 1
            while last > 0 and labels[last].isdigit():  # an OID no module names
                last -= 1
            text = ".".join(labels[last:])
            if form == "module" and node.module is not None:
                text = f"{node.module}::{text}"
        tree.text_cache[key] = text
    return text


def render(tree: MibTree, oid: str, form: str = "module", *, breakdown: bool = True) -> str:
    """`oid` (dotted, no leading dot) as Net-SNMP prints it in `form`.

    Args:
        tree: the loaded MIBs.
        oid: a numeric OID.
        form: ``module`` (``-OS``), ``suffix`` (``-Os``), ``full`` (``-Of``)
            or ``numeric`` (``-On``).
        breakdown: decode instance indexes (``-Ob`` turns it off).
    """
    if form == "numeric":
        return "." + oid
    arcs = [int(arc) for arc in oid.split(".")] if oid else []
    node, depth = tree.find(arcs)
    if depth == len(arcs):
        return render_head(tree, node, form)
    head = render_head(tree, node, form, below=True)
    return f"{head}.{instance_text(tree, node, list(map(str, arcs[depth:])), breakdown)}"


def index_values(
    indexes: list[tuple[MibNode, bool]], arcs: list[int]
) -> tuple[int | bytes | str, ...] | None:
    """The values of a row's INDEX in the arcs of an instance; None: they do not decode
    to exactly that INDEX (integers as int, strings as bytes, IpAddress and OID as str)."""
    values = []
    for index, implied in indexes:
        taken = take_index(index, implied, arcs)
        if taken is None:
            return None
        values.append(taken[0])
        arcs = arcs[taken[1] :]
    return None if arcs else tuple(values)


def decode_index(tree: MibTree, oid: str) -> tuple[int | bytes | str, ...]:
    """The INDEX values of a table cell's OID (``ifDescr.1`` -> ``(1,)``).

    Raises:
        UnknownNameError: not the OID of a cell, or an instance that does not decode.
    """
    arcs = [int(arc) for arc in oid.split(".")]
    node, depth = tree.find(arcs)
    indexes = indexes_above(tree, node)
    if indexes is None or node.kind != "column":
        raise UnknownNameError(f"{oid}: not in a table column")
    values = index_values(indexes, arcs[depth:])
    if values is None:
        raise UnknownNameError(f"{oid}: the instance does not match the INDEX of {node.name}")
    return values
