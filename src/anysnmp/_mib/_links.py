"""Net-SNMP's tree of labels: a node per label at an OID, linked as its parser links them.

Net-SNMP's parser links each module's definitions below their parents, module by module
as it reads them (`MibTree.records` are in its order), each module's in the reverse of
the order they are defined in (its hash buckets push them). The orphans it adopts (a
definition below another module's label, `MibTree._adopt`) come after the load's modules,
below their parents' other children: the last module's first, each module's in the order
they are defined in (its list of orphans, then its hash buckets, reverse them twice), and
below them the module's definitions below those, as any. A label at an OID where the
newest node has that label adds its module to that node; any other label, or a label
again below a newer one (``sysUpTime``, ``clash``, ``sysUpTime`` read in that order),
is a node of its own, linked before the OID's other nodes; the node made first there
(the last in that order) holds the OID's children and is the one an OID's name is read
from. A bare label (``-IR``) stands for the node made last with that label.

`_drawing` draws and reports this tree (``-Tp``, ``-Ta``, ``-To``..., ``-TB``);
`MibTree.random_access` reads bare labels from it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._node import anonymous

if TYPE_CHECKING:
    from ._node import MibNode
    from ._tree import MibTree

__all__ = ("Link", "Links")

#: A numeric OID's text (an unlinked node's OID holds a label instead).
NUMERIC_OID = re.compile(r"[0-9]+(?:\.[0-9]+)*", re.ASCII)
#: Net-SNMP's roots, in the order of its list.
ROOTS = (("iso", "1"), ("ccitt", "0"), ("joint-iso-ccitt", "2"))


class Link:
    """One node of Net-SNMP's tree: a label at an OID and the modules defining it so."""

    __slots__ = ("label", "modules", "oid")

    def __init__(self, label: str, oid: str, module: str | None) -> None:
        self.label = label
        self.oid = oid
        #: The modules defining it, the first module's first (Net-SNMP's module list).
        self.modules = [module] if module else []

    def __repr__(self) -> str:
        return f"Link({self.label!r}, {self.oid!r}, {self.modules!r})"


class Links:
    """The nodes of Net-SNMP's tree, built from the records of a `MibTree`.

    Attributes:
        at: the nodes at each OID, newest first (the OID's own node last).
        children: each OID's child OIDs, in the order their first node was linked.
        newest: the node of each label made last (``find_tree_node``'s).
        longest: the length of the longest label.
    """

    def __init__(self, tree: MibTree) -> None:
        self.at: dict[str, list[Link]] = {}
        self.children: dict[str, list[str]] = {"": [oid for _, oid in ROOTS]}
        self.newest: dict[str, Link] = {}
        self._lists: dict[str, list[Link]] = {}
        for label, oid in ROOTS:
            self.at[oid] = [self.newest.setdefault(label, Link(label, oid, None))]
        adopted: list[tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]] = []
        for module, record in tree.records.items():
            nodes, kinds = record["nodes"], dict(record.get("adopted", ()))
            for at in reversed(range(len(nodes))):
                if at not in kinds:
                    self._add(tree, module, nodes[at])
            if kinds:
                tops = [nodes[at] for at in sorted(kinds) if kinds[at]]
                below = [nodes[at] for at in sorted(kinds, reverse=True) if not kinds[at]]
                adopted.append((module, tops, below))
        for module, tops, below in reversed(adopted):
            for item in [*tops, *below]:
                self._add(tree, module, item)
        self.longest = max(len(label) for label in self.newest)

    def _add(self, tree: MibTree, module: str, item: tuple[Any, ...]) -> None:
        """Link a module's compiled definition (an SMIv1 TRAP-TYPE's enterprise# first)."""
        label, oid = item[0], item[1]
        if not oid[:1].isdigit():
            return  # an orphan never adopted ("parent.arc"): in no tree
        if item[2] == "notification" and item[5] is None:
            parent = oid.rpartition(".")[0]
            if parent.endswith(".0") and NUMERIC_OID.fullmatch(parent[:-2]):
                # an SMIv1 TRAP-TYPE hangs below an enterprise# node (enterprise.0)
                enterprise = tree.deepest(parent[:-2])
                if enterprise.oid == parent[:-2] and enterprise.name is not None:
                    self._link(f"{enterprise.name}#", parent, module)
        arcs: list[MibNode] = []
        above = tree.deepest(oid).parent  # its anonymous#N parents not linked yet
        while above is not None and anonymous(above.name) and above.oid not in self.at:
            arcs.append(above)
            above = above.parent
        for arc in reversed(arcs):
            self._link(str(arc.name), arc.oid, arc.module or module)
        self._link(label, oid, module)

    def _link(self, label: str, oid: str, module: str) -> None:
        nodes = self.at.get(oid)
        if nodes is None:
            nodes = self.at[oid] = []
            self.children.setdefault(oid.rpartition(".")[0], []).append(oid)
        elif nodes[0].label == label:
            if module not in nodes[0].modules:
                nodes[0].modules.append(module)
            return
        link = self.newest[label] = Link(label, oid, module)
        nodes.insert(0, link)

    def child_list(self, oid: str) -> list[Link]:
        """The nodes below `oid`'s own node, in Net-SNMP's order of its child list."""
        found = self._lists.get(oid)
        if found is None:
            children = self.children.get(oid, ())
            found = self._lists[oid] = [link for child in children for link in self.at[child]]
        return found

    def holds_children(self, link: Link) -> bool:
        """Whether `link` has nodes below it: its OID's own node, with children."""
        return link is self.at[link.oid][-1] and link.oid in self.children

    def own(self, oid: str) -> Link | None:
        """The node of `oid` that holds its children and names it (made there first)."""
        nodes = self.at.get(oid)
        return nodes[-1] if nodes else None
