"""A subtree drawn as ``snmptranslate -Tp`` draws it, and the tree as its ``-To``,
``-Ts``, ``-Tl``, ``-Tz``, ``-Tt`` and ``-Ta`` reports list it.

Nodes Net-SNMP types as leaves (an OBJECT-TYPE of a simple syntax) print as
``+-- ACCESS TYPE label(n)`` with their textual convention, enums and ranges
below; the others as ``+--label(n)`` (a row with its INDEX). Children come in
order of sub-identifier; a ``|`` line goes before a plain OID node and after
any node that is not a leaf, as Net-SNMP's drawing does.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._describe import KEYWORDS, WIDTH, NodeView, node_view, range_text
from ._links import Link
from ._node import MibNode
from ._regex import LabelPattern
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


def _entries(tree: MibTree, node: MibNode) -> list[tuple[MibNode, Link | None]]:
    """The nodes of Net-SNMP's tree below `node`, by sub-identifier, each OID's own node
    first, then its other labels as they were linked (as ``-Tp`` sorts them)."""
    links = tree.links
    entries: list[tuple[MibNode, Link | None]] = []
    for child in sorted(node.children.values(), key=lambda child: child.subid):
        at = links.at.get(child.oid)
        if at:
            entries.extend((child, link) for link in reversed(at))
        else:
            entries.append((child, None))
    return entries


class _Drawing:
    """Net-SNMP's drawing state: the indent, and whether the last node drawn was typed."""

    def __init__(self, tree: MibTree, width: int) -> None:
        self.tree = tree
        self.width = width
        self.lines: list[str] = []
        self.indent = [" "]
        self.typed = True

    def node(self, node: MibNode, link: Link | None) -> None:
        """Draw `node` (`link`: the label drawn; the OID's children below its own node)."""
        view = node_view(self.tree, node, link)
        mark = len(self.indent) - 1
        saved = self.indent[mark]
        self.indent[mark] = "+"
        label = f"{(link.label if link else node.name) or node.subid}({node.subid})"
        if view.simple:
            access = _ACCESS.get(str(view.item[4] if view.item else ""), "    ")
            self.lines.append(f"{''.join(self.indent)}-- {access} {self._type(view)} {label}")
            self.indent[mark] = saved
            self._details(view)
        else:
            self.lines.append(f"{''.join(self.indent)}--{label}")
            indexes = view.item[8] if view.item else None
            if indexes:
                self.indent[mark] = saved
                names = [str(name) for _, name, _ in indexes]
                indent = "".join(self.indent)
                room = self.width - len(indent) - 12
                self.lines.append(
                    f"{indent}  |  Index: {_flow(names, room, f'{indent}  |         ')}"
                )
        self.indent[mark] = saved
        self.indent.extend("  |")
        self.typed = view.simple is not False
        own = link is None or link is self.tree.links.own(node.oid)
        children = _entries(self.tree, node) if own else []
        for position, (child, child_link) in enumerate(children, 1):
            if not self.typed or node_view(self.tree, child, child_link).simple is False:
                self.lines.append("".join(self.indent))
            if position == len(children):
                self.indent[mark + 3] = " "
            self.node(child, child_link)
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
            values = [f"{label}({number})"[:79] for label, number in view.enums.items()]
            room = self.width - len(prefix) - 9  # Net-SNMP breaks the line when it reaches it
            flowed = _flow(values, room, prefix + " " * 8)
            self.lines.append(f"{prefix}Values: {flowed}")
        if view.ranges:
            texts = [range_text(view.base, low, high) or "" for low, high in view.ranges]
            kind = "Size" if view.base in _SIZED else "Range"
            self.lines.append(f"{prefix}{kind}: {' | '.join(texts)}")


def _flow(items: list[str], room: int, indent: str) -> str:
    """`items` joined by ", " as -Tp lists INDEX and enums: one that would take the line
    past `room` starts a new line, `indent`, the ", " left on the line before."""
    text, used = "", 0
    for at, item in enumerate(items):
        if at:
            text += ", "
        used += len(item) + 2
        if used > room:
            text, used = f"{text}\n{indent}", len(item) + 2
        text += item
    return text


def draw(tree: MibTree, node: MibNode, width: int = WIDTH) -> list[str]:
    """The lines ``snmptranslate -Tp`` prints for the subtree of `node`, its INDEX and
    enum lists broken into lines of `width` (``-w``) as Net-SNMP breaks them."""
    drawing = _Drawing(tree, width)
    drawing.node(node, tree.links.own(node.oid))
    return drawing.lines


def _descendants(
    tree: MibTree, node: MibNode, path: list[str]
) -> Iterator[tuple[list[str], MibNode, Link]]:
    """Each node of Net-SNMP's tree below `node`: the labels of its path (from the root),
    its OID's node and itself, depth first by sub-identifier (an OID's labels newest
    first, its own node last, then its children), as its OID reports walk them."""
    links = tree.links
    for child in sorted(node.children.values(), key=lambda child: child.subid):
        at = links.at.get(child.oid) or [Link(child.name or str(child.subid), child.oid, None)]
        for link in at:
            yield [*path, link.label], child, link
        yield from _descendants(tree, child, [*path, at[-1].label])


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


def _type_text(
    tree: MibTree, node: MibNode, link: Link, numbers: dict[tuple[str, str], int]
) -> str:
    """``type=N`` and Net-SNMP's ``tc=``, ``hint=`` and ``units=`` of a node (-Tt)."""
    view = node_view(tree, node, link)
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


def report(tree: MibTree, letters: str) -> list[str]:
    """The lines of snmptranslate's ``-T`` reports named in `letters` of every node below
    the roots (iso's, ccitt's, joint-iso-ccitt's, in order of sub-identifiers), each node's
    in the order ``l`` ``.iso(1).org(3).dod(6)``, ``o`` ``.1.3.6``, ``s`` ``.iso.org.dod``,
    ``z`` ``"dod"\t\t\t"1.3.6"``, ``t`` ``dod(6) type=0`` indented by depth, with
    Net-SNMP's numbers of types and textual conventions."""
    roots = [tree.root.children[subid] for subid in (1, 0, 2) if subid in tree.root.children]
    numbers = _tc_numbers(tree) if "t" in letters else {}
    kinds = [letter for letter in "losz" + "t" if letter in letters]
    lines = []
    for root in roots:
        for labels, node, link in _descendants(tree, root, [root.name or str(root.subid)]):
            oid, arcs = node.oid, node.oid.split(".")
            for letter in kinds:
                if letter == "l":
                    pairs = zip(labels, arcs, strict=True)
                    lines.append("".join(f".{label}({arc})" for label, arc in pairs))
                elif letter == "o":
                    lines.append("." + oid)
                elif letter == "s":
                    lines.append("".join(f".{label}" for label in labels))
                elif letter == "z":
                    lines.append(f'"{labels[-1]}"\t\t\t"{oid}"')
                else:
                    indent = "  " * (len(labels) - 1)
                    text = _type_text(tree, node, link, numbers)
                    lines.append(f"{indent}{labels[-1]}({arcs[-1]}){text}")
    return lines


#: Net-SNMP's score of a label the pattern does not match.
_NO_MATCH = 0xFFFFFF


def ascii_dump(tree: MibTree) -> list[str]:
    """The lines of ``snmptranslate -Ta``: iso's subtree as ``label OBJECT IDENTIFIER ::=
    { parent n }``, a node's children together (in the order of its child list, `Links`),
    then each child's, depth first."""
    links = tree.links
    lines = ["dump DEFINITIONS ::= BEGIN"]
    pending = [links.at["1"][-1]]
    while pending:  # depth first, as Net-SNMP's recursion
        parent = pending.pop()
        below = links.child_list(parent.oid)
        lines.extend(
            f"{link.label} OBJECT IDENTIFIER ::= {{ {parent.label} {link.oid.rpartition('.')[2]} }}"
            for link in below
        )
        pending.extend(link for link in reversed(below) if links.holds_children(link))
    lines.append("END")
    return lines


def best_matches(tree: MibTree, pattern: LabelPattern) -> list[str]:
    """The OIDs ``snmptranslate -TB`` lists for `pattern` (its POSIX regex): each search walks Net-SNMP's tree (`Links`) from nodes not yet
    seen, marking them seen, and gives the node whose label matches earliest, stopping
    at a match at a label's start; the searches go on until one finds nothing. So every
    label matching at its start is listed, and of the others only the best after the
    last of those. Each is the OID of its label as a bare label reads (Net-SNMP looks
    the label found up again: a label at two OIDs lists the newest twice)."""
    newest = tree.links.newest
    return [newest[label].oid for label in _best_searches(tree, pattern)]


def best_match(tree: MibTree, pattern: LabelPattern, seen: set[Link] | None = None) -> str | None:
    """The label Net-SNMP's ``-Ib`` (and a name no other way finds) takes for `pattern`:
    the first search of `best_matches`; None: no label matches. `seen`: the nodes earlier
    searches marked (snmptranslate's ``-Ib`` never clears them between names)."""
    return next(_best_searches(tree, pattern, seen), None)


def _best_searches(
    tree: MibTree, pattern: LabelPattern, seen: set[Link] | None = None
) -> Iterator[str]:
    """The label each search of `best_matches` finds, as they are asked for."""
    links = tree.links
    if seen is None:
        seen = set()

    def search(peers: list[Link]) -> tuple[Link | None, int]:
        best: Link | None = None
        best_score, score = _NO_MATCH, _NO_MATCH
        for link in peers:
            if link not in seen:
                found = pattern.search(link.label)
                score = found.start() if found else _NO_MATCH
                seen.add(link)
            if score < best_score:
                best, best_score = link, score
            if score == 0:
                break
            if links.holds_children(link):
                found_link, score = search(links.child_list(link.oid))
                if score < best_score:
                    best, best_score = found_link, score
                if score == 0:
                    break
        return best, best_score

    while (link := search(links.child_list(""))[0]) is not None:
        yield link.label
