"""A subtree drawn as ``snmptranslate -Tp`` draws it, and the tree as its ``-To``,
``-Ts``, ``-Tl``, ``-Tz``, ``-Tt`` and ``-Ta`` reports list it.

Nodes Net-SNMP types as leaves (an OBJECT-TYPE of a simple syntax) print as
``+-- ACCESS TYPE label(n)`` with their textual convention, enums and ranges
below; the others as ``+--label(n)`` (a row with its INDEX). Children come in
order of sub-identifier; a ``|`` line goes before a plain OID node and after
any node that is not a leaf, as Net-SNMP's drawing does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._describe import KEYWORDS, NodeView, node_view, range_text
from ._node import MibNode
from ._tree import MibTree

__all__ = ("ascii_dump", "best_match", "best_matches", "draw", "report")

_ACCESS = {
    "not-accessible": "----",
    "read-only": "-R--",
    "write-only": "--W-",
    "read-write": "-RW-",
    "accessible-for-notify": "---N",
    "read-create": "CR--",
}
_TYPES = {
    "OBJECT IDENTIFIER": "ObjID    ",
    "OCTET STRING": "String   ",
    "INTEGER": "INTEGER  ",
    "NetworkAddress": "NetAddr  ",
    "IpAddress": "IpAddr   ",
    "Counter32": "Counter  ",
    "Gauge32": "Gauge    ",
    "TimeTicks": "TimeTicks",
    "Opaque": "Opaque   ",
    "NULL": "Null     ",
    "Counter64": "Counter64",
    "BITS": "BitString",
    "NsapAddress": "NsapAddr ",
    "Unsigned32": "Unsigned ",
    "UInteger32": "UInteger ",
    "Integer32": "Integer32",
}
_SIZED = frozenset({"OCTET STRING", "Opaque"})


class _Drawing:
    """Net-SNMP's drawing state: the indent, and whether the last node drawn was typed."""

    def __init__(self, tree: MibTree) -> None:
        self.tree = tree
        self.lines: list[str] = []
        self.indent = [" "]
        self.typed = True

    def node(self, node: MibNode) -> None:
        view = node_view(self.tree, node)
        mark = len(self.indent) - 1
        saved = self.indent[mark]
        self.indent[mark] = "+"
        label = f"{node.name or node.subid}({node.subid})"
        if view.simple:
            access = _ACCESS.get(str(view.item[4] if view.item else ""), "    ")
            self.lines.append(f"{''.join(self.indent)}-- {access} {self._type(view)} {label}")
            self.indent[mark] = saved
            self._details(view)
        else:
            self.lines.append(f"{''.join(self.indent)}--{label}")
            indexes = view.item[8] if view.item and view.item[2] == "row" else None
            if indexes:
                self.indent[mark] = saved
                names = ", ".join(str(name) for _, name, _ in indexes)
                self.lines.append(f"{''.join(self.indent)}  |  Index: {names}")
        self.indent[mark] = saved
        self.indent.extend("  |")
        self.typed = view.simple is not False
        children = sorted(node.children.values(), key=lambda child: child.subid)
        for position, child in enumerate(children, 1):
            if not self.typed or node_view(self.tree, child).simple is False:
                self.lines.append("".join(self.indent))
            if position == len(children):
                self.indent[mark + 3] = " "
            self.node(child)
        if children:
            self.typed = False
        del self.indent[mark + 1 :]

    @staticmethod
    def _type(view: NodeView) -> str:
        if view.base == "INTEGER" and view.enums:
            return "EnumVal  "
        return _TYPES.get(str(view.base), "         ")

    def _details(self, view: NodeView) -> None:
        prefix = "".join(self.indent) + "        "
        if view.tc:
            self.lines.append(f"{prefix}Textual Convention: {view.tc}")
        if view.enums:
            values = ", ".join(f"{label}({number})" for label, number in view.enums.items())
            self.lines.append(f"{prefix}Values: {values}")
        if view.ranges:
            texts = [range_text(view.base, low, high) or "" for low, high in view.ranges]
            kind = "Size" if view.base in _SIZED else "Range"
            self.lines.append(f"{prefix}{kind}: {' | '.join(texts)}")


def draw(tree: MibTree, node: MibNode) -> list[str]:
    """The lines ``snmptranslate -Tp`` prints for the subtree of `node`."""
    drawing = _Drawing(tree)
    drawing.node(node)
    return drawing.lines


def _descendants(node: MibNode, path: list[MibNode]) -> list[list[MibNode]]:
    found = []
    for child in sorted(node.children.values(), key=lambda child: child.subid):
        found.append([*path, child])
        found.extend(_descendants(child, [*path, child]))
    return found


def _label(node: MibNode) -> str:
    return node.name or str(node.subid)


#: -Tt's numbers of Net-SNMP's types (its TYPE_ constants): by the macro, else by the base
#: type -Td prints; 0 for the others (OID nodes, tables, rows).
_TYPE_NUMBERS = {
    "OBJECT IDENTIFIER": 1,
    "OCTET STRING": 2,
    "INTEGER": 3,
    "NetworkAddress": 4,
    "IpAddress": 5,
    "Counter32": 6,
    "Gauge32": 7,
    "TimeTicks": 8,
    "Opaque": 9,
    "NULL": 10,
    "Counter64": 11,
    "BITS": 12,
    "NsapAddress": 13,
    "UInteger32": 14,
    "Unsigned32": 15,
    "Integer32": 16,
    "TRAP-TYPE": 20,  # the enterprise# node (an SMIv1 trap is an OBJECT-TYPE to Net-SNMP)
    "NOTIFICATION-TYPE": 21,
    "OBJECT-GROUP": 22,
    "type_23": 23,
    "MODULE-IDENTITY": 24,
    "AGENT-CAPABILITIES": 25,
    "MODULE-COMPLIANCE": 26,
    "OBJECT-IDENTITY": 27,
}


def _tc_numbers(tree: MibTree) -> dict[tuple[str, str], int]:
    """Net-SNMP's numbers of the types modules define, by (module, name): its table of
    textual conventions, filled as it reads the modules (SYNTAX keywords take none)."""
    numbers: dict[tuple[str, str], int] = {}
    for module, record in tree.records.items():
        for name in record["types"]:
            if name not in KEYWORDS:
                numbers[(module, name)] = len(numbers)
    return numbers


def _type_text(tree: MibTree, node: MibNode, numbers: dict[tuple[str, str], int]) -> str:
    """``type=N`` and Net-SNMP's ``tc=``, ``hint=`` and ``units=`` of a node (-Tt)."""
    view = node_view(tree, node)
    text = f" type={_TYPE_NUMBERS.get(view.macro) or _TYPE_NUMBERS.get(view.base or '', 0)}"
    tc, found = view.tc, None
    if tc is not None and view.modules:
        found = tree.module_type(view.modules[0], tc)
    if tc is not None and found is not None and (found[0], tc) in numbers:
        text += f" tc={numbers[(found[0], tc)]}"
        if view.hint:
            text += f" hint={view.hint}"
    if view.item is not None and view.item[6]:
        text += f" units={view.item[6]}"
    return text


def report(tree: MibTree, letter: str) -> list[str]:
    """The lines of snmptranslate's ``-T`` `letter` report of every node below the roots
    (iso's, ccitt's, joint-iso-ccitt's, in order of sub-identifiers): ``o`` ``.1.3.6``,
    ``s`` ``.iso.org.dod``, ``l`` ``.iso(1).org(3).dod(6)``, ``z`` ``"dod"\t\t\t"1.3.6"``,
    ``t`` ``dod(6) type=0`` indented by depth, with Net-SNMP's numbers of types and
    textual conventions."""
    roots = [tree.root.children[subid] for subid in (1, 0, 2) if subid in tree.root.children]
    numbers = _tc_numbers(tree) if letter == "t" else {}
    lines = []
    for root in roots:
        for path in _descendants(root, [root]):
            if letter == "o":
                lines.append("." + path[-1].oid)
            elif letter == "s":
                lines.append("".join(f".{_label(node)}" for node in path))
            elif letter == "l":
                lines.append("".join(f".{_label(node)}({node.subid})" for node in path))
            elif letter == "t":
                node = path[-1]
                indent = "  " * (len(path) - 1)
                lines.append(
                    f"{indent}{_label(node)}({node.subid}){_type_text(tree, node, numbers)}"
                )
            else:
                lines.append(f'"{_label(path[-1])}"\t\t\t"{path[-1].oid}"')
    return lines


#: Net-SNMP's roots, in the order of its list.
_ROOTS = [("iso", "1"), ("ccitt", "0"), ("joint-iso-ccitt", "2")]
#: Net-SNMP's score of a label the pattern does not match.
_NO_MATCH = 0xFFFFFF
#: A numeric OID's text (an unlinked node's OID holds a label instead).
_NUMERIC_OID = re.compile(r"[0-9]+(?:\.[0-9]+)*", re.ASCII)


def _linked_children(tree: MibTree) -> dict[str, list[tuple[str, str]]]:
    """Each OID's children (label, OID) in the order Net-SNMP links them: module by
    module as it reads them (`tree.records`), each module's in the reverse of the order
    they are defined in (its hash buckets push them), a label already at an OID adding
    nothing; an SMIv1 TRAP-TYPE hangs below an ``enterprise#`` node (``snmp#``,
    ``enterprise.0``)."""
    children: dict[str, list[tuple[str, str]]] = {}
    linked: set[tuple[str, str]] = set()

    def link(label: str, oid: str) -> None:
        if (label, oid) not in linked:
            linked.add((label, oid))
            children.setdefault(oid.rpartition(".")[0], []).append((label, oid))

    for record in tree.records.values():
        for item in reversed(record["nodes"]):
            label, oid = str(item[0]), str(item[1])
            parent = oid.rpartition(".")[0]
            if (
                item[2] == "notification"
                and item[5] is None
                and parent.endswith(".0")
                and _NUMERIC_OID.fullmatch(parent[:-2])
            ):
                enterprise = tree.deepest(parent[:-2])
                if enterprise.oid == parent[:-2] and enterprise.name is not None:
                    link(f"{enterprise.name}#", parent)
            link(label, oid)
    return children


def ascii_dump(tree: MibTree) -> list[str]:
    """The lines of ``snmptranslate -Ta``: iso's subtree as ``label OBJECT IDENTIFIER ::=
    { parent n }``, a node's children together (`_linked_children`), then each child's,
    depth first."""
    children = _linked_children(tree)
    lines = ["dump DEFINITIONS ::= BEGIN"]
    pending = [("1", "iso")]
    while pending:  # depth first, as Net-SNMP's recursion
        oid, label = pending.pop()
        below = children.get(oid, [])
        lines.extend(
            f"{child} OBJECT IDENTIFIER ::= {{ {label} {at.rpartition('.')[2]} }}"
            for child, at in below
        )
        pending.extend((at, child) for child, at in reversed(below) if at in children)
    lines.append("END")
    return lines


def best_matches(tree: MibTree, pattern: re.Pattern[str]) -> list[str]:
    """The OIDs ``snmptranslate -TB`` lists for `pattern` (compiled case-insensitive, as
    its POSIX regex): each search walks Net-SNMP's tree (`_linked_children`) from nodes
    not yet seen, marking them seen, and gives the node whose label matches earliest,
    stopping at a match at a label's start; the searches go on until one finds nothing.
    So every label matching at its start is listed, and of the others only the best
    after the last of those."""
    return [oid for _label, oid in _best_searches(tree, pattern)]


def best_match(tree: MibTree, pattern: re.Pattern[str]) -> str | None:
    """The label Net-SNMP's ``-Ib`` (and a name no other way finds) takes for `pattern`:
    the first search of `best_matches`; None: no label matches."""
    return next((label for label, _oid in _best_searches(tree, pattern)), None)


def _best_searches(tree: MibTree, pattern: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """The (label, OID) each search of `best_matches` finds, as they are asked for."""
    children = _linked_children(tree)
    seen: set[tuple[str, str]] = set()

    def search(peers: list[tuple[str, str]]) -> tuple[tuple[str, str] | None, int]:
        best: tuple[str, str] | None = None
        best_score, score = _NO_MATCH, _NO_MATCH
        for at, (label, oid) in enumerate(peers):
            if (label, oid) not in seen:
                found = pattern.search(label)
                score = found.start() if found else _NO_MATCH
                seen.add((label, oid))
            if score < best_score:
                best, best_score = (label, oid), score
            if score == 0:
                break
            # A node's children hang below the last of the labels at its OID.
            below = children.get(oid)
            if below and all(other != oid for _, other in peers[at + 1 :]):
                found_node, score = search(below)
                if score < best_score:
                    best, best_score = found_node, score
                if score == 0:
                    break
        return best, best_score

    while (node := search(_ROOTS)[0]) is not None:
        yield node
