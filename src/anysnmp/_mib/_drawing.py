"""A subtree drawn as ``snmptranslate -Tp`` draws it, and the tree as its ``-To``,
``-Ts``, ``-Tl`` and ``-Tz`` reports list it.

Nodes Net-SNMP types as leaves (an OBJECT-TYPE of a simple syntax) print as
``+-- ACCESS TYPE label(n)`` with their textual convention, enums and ranges
below; the others as ``+--label(n)`` (a row with its INDEX). Children come in
order of sub-identifier; a ``|`` line goes before a plain OID node and after
any node that is not a leaf, as Net-SNMP's drawing does.
"""

from __future__ import annotations

from ._describe import NodeView, node_view, range_text
from ._node import MibNode
from ._tree import MibTree

__all__ = ("draw", "report")

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


def report(tree: MibTree, letter: str) -> list[str]:
    """The lines of snmptranslate's ``-T`` `letter` report of every node below the roots
    (iso's, ccitt's, joint-iso-ccitt's, in order of sub-identifiers): ``o`` ``.1.3.6``,
    ``s`` ``.iso.org.dod``, ``l`` ``.iso(1).org(3).dod(6)``, ``z`` ``"dod"\t\t\t"1.3.6"``."""
    roots = [tree.root.children[subid] for subid in (1, 0, 2) if subid in tree.root.children]
    lines = []
    for root in roots:
        for path in _descendants(root, [root]):
            if letter == "o":
                lines.append("." + path[-1].oid)
            elif letter == "s":
                lines.append("".join(f".{_label(node)}" for node in path))
            elif letter == "l":
                lines.append("".join(f".{_label(node)}({node.subid})" for node in path))
            else:
                lines.append(f'"{_label(path[-1])}"\t\t\t"{path[-1].oid}"')
    return lines
