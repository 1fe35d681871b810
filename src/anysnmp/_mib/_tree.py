"""The OID tree of the loaded modules, built from their compiled records."""

from __future__ import annotations

import marshal
from collections.abc import Mapping
from typing import Any

from .._codec import core
from ._links import Links
from ._node import ANONYMOUS, BASE_TYPES, MibNode, anonymous, named
from ._records import ModuleRecord, Syntax

__all__ = ("MibTree",)

_ROOTS = {0: "ccitt", 1: "iso", 2: "joint-iso-ccitt"}
_MAX_TC_DEPTH = 16


#: The attributes of a node that `MibTree.state` keeps (its place and links apart).
_SAVED = (
    "subid",
    "oid",
    "name",
    "module",
    "kind",
    "syntax",
    "base_type",
    "textual_convention",
    "enums",
    "display_hint",
    "sizes",
    "units",
    "access",
    "status",
    "description",
)


def _bare_node(fields: list[Any]) -> MibNode:
    """A node of no tree from its saved attributes (an SMIv1 INDEX of a bare type)."""
    node = MibNode(0, None)
    for name, value in zip(_SAVED, fields, strict=True):
        setattr(node, name, value)
    return node


class MibTree:
    """Nodes by OID and by label, and the type of each node resolved to its base.

    Args:
        replace: a module read later that defines a node again (its label, its OID) gives
            it its definition (Net-SNMP's ``-PR``); else the first module's stands.
    """

    def __init__(self, *, replace: bool = False) -> None:
        self.replace = replace
        self.root = MibNode(-1, None)
        self.root.oid = ""
        #: The names of the modules loaded.
        self.modules: set[str] = set()
        self._by_label: dict[str, list[MibNode]] = {}
        self._by_module: dict[str, dict[str, MibNode]] = {}
        self._records: dict[str, ModuleRecord] = {}
        #: What a restored tree builds on first use: its records (marshalled) and labels.
        self._packed_records: bytes | None = None
        self._packed_labels: tuple[list[MibNode], list[list[Any]]] | None = None
        self._by_oid: dict[str, MibNode] = {}
        self._definitions: dict[str, list[tuple[str, tuple[Any, ...]]]] | None = None
        self._links: Links | None = None
        #: The ``anonymous#N`` labels given so far (Net-SNMP's counter).
        self._anonymous = 0
        #: Caches of the printer (_names): a node's name text per form, its row's INDEX.
        self.text_cache: dict[tuple[MibNode, str], str] = {}
        self.index_cache: dict[MibNode, list[tuple[MibNode, bool]] | None] = {}
        #: Caches of the formatters (by their settings): objects with a ``clear()``.
        self.caches: dict[object, Any] = {}
        for subid, label in _ROOTS.items():
            node = self._child(self.root, subid)
            node.name = label
            self._by_label[label] = [node]

    @property
    def records(self) -> dict[str, ModuleRecord]:
        """The compiled records of the modules loaded, by name."""
        if self._packed_records is not None:
            self._records, self._packed_records = marshal.loads(self._packed_records), None
        return self._records

    @property
    def by_label(self) -> dict[str, list[MibNode]]:
        """The nodes of each label (the first module's first)."""
        self._unpack_labels()
        return self._by_label

    @property
    def by_module(self) -> dict[str, dict[str, MibNode]]:
        """Each module's nodes by label (those it names first or again)."""
        self._unpack_labels()
        return self._by_module

    def _unpack_labels(self) -> None:
        if self._packed_labels is None:
            return
        nodes, (labels, label_nodes, modules, module_labels, module_nodes) = self._packed_labels
        self._packed_labels = None
        for label, at in zip(labels, label_nodes, strict=True):
            self._by_label.setdefault(label, []).append(nodes[at])
        for module, label, at in zip(modules, module_labels, module_nodes, strict=True):
            self._by_module.setdefault(module, {})[label] = nodes[at]

    def state(self) -> tuple[Any, ...]:
        """The tree as marshal-able data, for `restore`: columns of node attributes, the
        rows' INDEX and AUGMENTS, the labels, the modules and their records (packed)."""
        positions: dict[MibNode, int] = {self.root: -1}
        parents: list[int] = []
        columns: list[list[Any]] = [[] for _ in _SAVED]
        pending = list(reversed(self.root.children.values()))
        while pending:  # depth first, children in order: a parent's row comes first
            node = pending.pop()
            assert node.parent is not None
            positions[node] = len(parents)
            parents.append(positions[node.parent])
            for column, name in zip(columns, _SAVED, strict=True):
                column.append(getattr(node, name))
            pending.extend(reversed(node.children.values()))
        links = [
            (
                at,
                None
                if node.indexes is None
                else [
                    (positions.get(index, [getattr(index, name) for name in _SAVED]), implied)
                    for index, implied in node.indexes
                ],
                None if node.augments is None else positions[node.augments],
            )
            for node, at in positions.items()
            if node.indexes is not None or node.augments is not None
        ]
        labels = [
            [label for label, nodes in self.by_label.items() for _ in nodes],
            [positions[node] for nodes in self.by_label.values() for node in nodes],
            [module for module, names in self.by_module.items() for _ in names],
            [label for names in self.by_module.values() for label in names],
            [positions[node] for names in self.by_module.values() for node in names.values()],
        ]
        records = marshal.dumps(self.records)
        modules = sorted(self.modules)
        return parents, columns, links, labels, modules, records, self.replace, self._anonymous

    @classmethod
    def restore(cls, state: tuple[Any, ...]) -> MibTree:
        """The tree `state` describes; its labels and records unpack when first asked for."""
        parents, columns, links, labels, modules, records, replace, counted = state
        tree = cls(replace=bool(replace))
        tree.modules = set(modules)
        tree._by_label = {}
        tree._packed_records = records
        tree._anonymous = int(counted)
        roots, by_oid = tree.root.children, tree._by_oid
        nodes: list[MibNode] = []
        new = MibNode.__new__
        for parent_at, *fields in zip(parents, *columns, strict=True):
            if parent_at < 0 and fields[0] in roots:  # ccitt, iso, joint-iso-ccitt
                node = roots[fields[0]]
            else:
                parent = nodes[parent_at] if parent_at >= 0 else tree.root
                node = parent.children[fields[0]] = new(MibNode)
                node.parent, node.children, node.indexes, node.augments = parent, {}, None, None
            (
                node.subid,
                node.oid,
                node.name,
                node.module,
                node.kind,
                node.syntax,
                node.base_type,
                node.textual_convention,
                node.enums,
                node.display_hint,
                node.sizes,
                node.units,
                node.access,
                node.status,
                node.raw_description,
            ) = fields
            by_oid[node.oid] = node
            nodes.append(node)
        for at, indexes, augments in links:
            if indexes is not None:
                nodes[at].indexes = [
                    (nodes[index] if isinstance(index, int) else _bare_node(index), implied)
                    for index, implied in indexes
                ]
            if augments is not None:
                nodes[at].augments = nodes[augments]
        tree._packed_labels = nodes, labels
        return tree

    @staticmethod
    def _child(parent: MibNode, subid: int) -> MibNode:
        node = parent.children.get(subid)
        if node is None:
            node = parent.children[subid] = MibNode(subid, parent)
        return node

    def find(self, arcs: list[int]) -> tuple[MibNode, int]:
        """The deepest node on the path of `arcs` and how many arcs it matched."""
        node, depth = self.root, 0
        for arc in arcs:
            child = node.children.get(arc)
            if child is None:
                break
            node, depth = child, depth + 1
        return node, depth

    def deepest(self, oid: str) -> MibNode:
        """The deepest node on the path of a dotted OID (canonical text, no leading dot).

        Its longest prefix that is a node's OID (every node below the roots is kept by OID
        text, with its parent: the core searches the prefixes by halves), without reading
        the arcs as numbers.
        """
        node: MibNode | None = core.deepest_known(self._by_oid, oid)
        if node is not None:
            return node
        return self.find([int(arc) for arc in oid.split(".")] if oid else [])[0]

    def add_modules(
        self,
        records: Mapping[str, ModuleRecord],
        orphans: Mapping[str, Mapping[str, bool]] | None = None,
        unfound: Mapping[str, set[str]] | None = None,
        replaced: Mapping[str, Mapping[str, str | None]] | None = None,
        resolved: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        """Add modules, given in the order Net-SNMP reads them (`Report.order`).

        The module read first names a node and says what it is, as in Net-SNMP
        (RFC1213-MIB's ``ifIndex`` when it is read before IF-MIB). A definition whose
        parent its module neither defines nor imports is linked below the node of that
        label if one is loaded by then (Net-SNMP adopts such orphans once the modules of a
        load are read; later loads do not adopt them). What Net-SNMP says of them is
        `_report`'s; `orphans` (`Report.orphans`) are the definitions Net-SNMP could not link
        though pysmi did (below an import of a module whose IMPORTS it was reading), which
        it adopts likewise: {module: {label: whether it hangs below the import itself}};
        `unfound` (`Report.unfound`): the imports of each module Net-SNMP did not find, whose
        types are none to it (`module_type`); `replaced` (`Report.replaced`): those of a
        module missing, with the module Net-SNMP looks their types up in instead;
        `resolved` (`Report.resolved`): the definitions pysmi left below an import that
        Net-SNMP linked at their module's end (not adopted).
        """
        self._unpack_labels()
        self.records.update(records)
        self.modules.update(records)
        self._definitions = self._links = None
        self.text_cache.clear()
        self.index_cache.clear()
        for cache in self.caches.values():
            cache.clear()
        for name in records:
            numbered = records[name].get("diag", {}).get("numbered")
            for item in records[name]["nodes"]:
                self._add_node(name, item, numbered)
        self._adopt(records, resolved or {})
        for name, labels in (unfound or {}).items():
            if name in records:
                records[name]["unfound"] = sorted(labels)
        for name, sources in (replaced or {}).items():
            if name in records:
                records[name]["replaced"] = dict(sources)
        for name, marks in (orphans or {}).items():
            record = records.get(name)
            if record is not None:
                adopted = record.setdefault("adopted", [])
                known = {at for at, _ in adopted}
                adopted += [
                    (at, marks[item[0]])
                    for at, item in enumerate(record["nodes"])
                    if item[0] in marks and at not in known
                ]
        for name in records:
            for item in records[name]["nodes"]:
                self._link(name, item)

    def _adopt(
        self, records: Mapping[str, ModuleRecord], resolved: Mapping[str, Mapping[str, str]]
    ) -> None:
        """Link the orphans of `records`: definitions whose OID, as compiled, starts with
        the label of a parent the module does not know (``parent.arc...``), rewritten
        with the OID of the node of that label (of the module, else the one `-IR` finds);
        Net-SNMP adopts them at the load's end but those it linked (`resolved`).
        """
        orphans = [
            (module, record["nodes"], at)
            for module, record in records.items()
            for at, item in enumerate(record["nodes"])
            if not item[1][:1].isdigit()
        ]
        while orphans:
            self._links, left = None, []
            for module, nodes, at in orphans:
                label, oid = nodes[at][0], nodes[at][1]
                parent_label, _, arcs = oid.partition(".")
                parent = self.by_module.get(module, {}).get(parent_label)
                top = parent is None  # below another module's node, not an orphan's
                if parent is None:
                    parent = self.random_access(parent_label)
                if parent is None:
                    left.append((module, nodes, at))
                    continue
                nodes[at] = (label, f"{parent.oid}.{arcs}", *nodes[at][2:])
                if label not in resolved.get(module, {}):
                    # Links adds them after the load, as Net-SNMP adopts them
                    records[module].setdefault("adopted", []).append((at, top))
                self._add_node(module, nodes[at])
            if len(left) == len(orphans):
                break
            orphans = left
        self._links = None

    def definitions(self, node: MibNode) -> list[tuple[str, tuple[Any, ...]]]:
        """Every definition of `node` in the loaded modules: (module, compiled item).

        Only ``translate -Td`` and ``-Tp`` ask, so the index is built on first use.
        """
        if self._definitions is None:
            self._definitions = {}
            for module, record in self.records.items():
                for item in record["nodes"]:
                    self._definitions.setdefault(item[1], []).append((module, item))
        return self._definitions.get(node.oid, [])

    def definition(self, node: MibNode) -> tuple[Any, ...] | None:
        """`node`'s compiled item in its (first) module's record, or None."""
        record = self.records.get(node.module or "")
        if record is None:
            return None
        return next((item for item in record["nodes"] if item[0] == node.name), None)

    @property
    def links(self) -> Links:
        """Net-SNMP's tree of labels (`Links`), built on first use."""
        if self._links is None:
            self._links = Links(self)
        return self._links

    def random_access(self, label: str) -> MibNode | None:
        """The node a bare label stands for (``-IR``), as Net-SNMP chooses it: the OID of
        its tree's node of that label made last (`Links.newest`). Of two modules defining
        ``coldStart`` at different OIDs, the one read last wins; a module defining a label
        again where a newer label hides it makes a node of its own, and wins too.
        """
        link = self.links.newest.get(label)
        return self.deepest(link.oid) if link is not None else None

    def anonymous_node(self, module: str, label: str) -> MibNode | None:
        """The node `module` labels `label` (``anonymous#N``), as Net-SNMP finds
        ``MODULE::anonymous#N``: an arc's label as it is now (an N a later label, or the
        module's later N, replaced is none; nor is an arc of an earlier module's label)."""
        pending = [self.root]
        while pending:  # a walk of the tree, for a name nobody types but to find that node
            node = pending.pop()
            if node.name == label and node.module == module:
                return node
            pending.extend(node.children.values())
        return None

    def _node_at(self, oid: str) -> MibNode | None:
        """The node of a dotted OID, created with any missing parents; None: not an OID."""
        node = self._by_oid.get(oid)
        if node is None:
            parent_oid, _, last = oid.rpartition(".")
            if not last.isdigit():
                return None
            parent = self._node_at(parent_oid) if parent_oid else self.root
            if parent is None:
                return None
            node = self._by_oid[oid] = self._child(parent, int(last))
        return node

    def _add_node(
        self, module: str, item: tuple[object, ...], numbered: Mapping[str, list[str]] | None = None
    ) -> None:
        """Add a node of `module` (`numbered`: the arcs each OID value of the module writes
        as numbers, by its OID; None: not known, an orphan's)."""
        label = str(item[0])
        node = self._node_at(str(item[1]))
        if node is None:
            return
        names = self._by_module.setdefault(module, {})
        names[label] = node
        parent = node.parent
        if item[2] == "notification" and item[5] is None and parent and not named(parent):
            # An SMIv1 TRAP-TYPE (no STATUS): Net-SNMP names its "enterprise.0" node "enterprise#".
            grand = parent.parent
            if parent.subid == 0 and grand is not None and grand.name is not None:
                parent.name, parent.module = f"{grand.name}#", module
        if numbered is None:
            self._name_arcs(parent, module)
        else:
            for oid in numbered.get(str(item[1]), ()):
                self._name_arc(self._by_oid[oid], module)
        if named(node) and node.module is not None:
            return  # an earlier module named this OID
        node.name, node.module = label, module
        self._by_label.setdefault(label, []).append(node)

    def _name_arcs(self, node: MibNode | None, module: str) -> None:
        """Label `node` and its parents up to a named one ``anonymous#N``, of `module`, as
        Net-SNMP labels the arcs an OID value passes without naming: N counts them up from
        0 in the order it reads them, an arc the module passes again takes the new N, one
        an earlier module labelled keeps its label (Net-SNMP merges the new node into it).
        Of a value whose arcs are not known (an orphan's): those up to a named one."""
        unnamed: list[MibNode] = []
        while node is not None and node.parent is not None and not named(node):
            unnamed.append(node)
            node = node.parent
        for arc in reversed(unnamed):
            self._name_arc(arc, module)

    def _name_arc(self, arc: MibNode, module: str) -> None:
        """One arc an OID value of `module` writes as a number: Net-SNMP's next
        ``anonymous#N``, which a label the arc has (but the module's own anonymous one)
        keeps."""
        if arc.name is None or (arc.module == module and anonymous(arc.name)):
            arc.name, arc.module = f"{ANONYMOUS}{self._anonymous}", module
        self._anonymous += 1

    def _link(self, module: str, item: tuple[object, ...]) -> None:
        """Give a node its module's definition (`item`), if that module named it, or, when
        `replace`, defines it again (INDEX objects not found are left out, as in Net-SNMP)."""
        node = self._by_module.get(module, {}).get(str(item[0]))
        if node is None or (node.module != module and not (self.replace and node.name == item[0])):
            return
        if node.module != module:  # what the first module said goes
            node.syntax = node.base_type = node.textual_convention = node.display_hint = None
            node.enums, node.sizes, node.indexes, node.augments = None, None, None, None
        kind, syntax, access, status, units, description, indexes, augments = (
            item[2],
            item[3],
            item[4],
            item[5],
            item[6],
            item[7],
            item[8],
            item[9],
        )
        node.kind = str(kind)
        node.access, node.status = access, status  # type: ignore[assignment]
        node.units, node.raw_description = units, description  # type: ignore[assignment]
        if syntax is not None:
            self._type_node(node, module, syntax)  # type: ignore[arg-type]
        if augments:
            node.augments = self.lookup(*augments)  # type: ignore[misc]
        if not indexes:
            return
        node.indexes = []
        for index_module, index_name, implied in indexes:  # type: ignore[attr-defined]
            index = self._index_node(module, index_module, index_name)
            if index is not None:
                node.indexes.append((index, bool(implied)))

    def _index_node(self, module: str, index_module: str, name: str) -> MibNode | None:
        if index_module:
            return self.lookup(index_module, name) or self.lookup(module, name)
        fake = MibNode(0, None)  # an SMIv1 INDEX of a bare type
        self._type_node(fake, module, (name, None, None, None))
        return fake

    def lookup(self, module: str, label: str) -> MibNode | None:
        """The node `label` of `module`, else of the module `module` imports it from."""
        node = self.by_module.get(module, {}).get(label)
        if node is None:
            source = self.records.get(module, {}).get("imports", {}).get(label)
            if source:
                node = self.by_module.get(source, {}).get(label)
        return node

    def _type_node(self, node: MibNode, module: str, syntax: Syntax) -> None:
        name, named, sizes = syntax[0], syntax[1], syntax[2]
        node.syntax = name
        node.enums, node.sizes = named, sizes
        for _ in range(_MAX_TC_DEPTH):
            base = BASE_TYPES.get(name)
            if base is not None:
                node.base_type = base
                return
            found = self.module_type(module, name)
            if found is None:
                return
            module, (inner, hint, _status, _description) = found
            if node.textual_convention is None:
                node.textual_convention = name
            if node.display_hint is None and hint:
                node.display_hint = hint
            name, inner_named, inner_sizes = inner[0], inner[1], inner[2]
            node.enums = node.enums or inner_named
            node.sizes = node.sizes or inner_sizes

    def module_type(self, module: str, name: str) -> tuple[str, tuple[Any, ...]] | None:
        """The type `name` that `module` defines or imports: (its module, its type record).

        An import is looked up where the module says first, as Net-SNMP does: an SMIv1
        module's ``DisplayString FROM RFC1213-MIB`` has no DISPLAY-HINT (pysmi reads it
        from SNMPv2-TC), then where pysmi puts it. An import Net-SNMP did not find (an
        import cycle's) is no type; one from a module missing is its replacement's
        (``DisplayString FROM RFC-1213``: RFC1213-MIB's), else any module's.
        """
        record = self.records.get(module)
        if record is None:
            return None
        if name in record["types"]:
            return module, record["types"][name]
        if name in record.get("unfound", ()):
            return None
        replaced = record.get("replaced", {})
        if name not in replaced:
            sources = [record.get("sources", {}).get(name), record["imports"].get(name)]
        elif replaced[name] is None:
            sources = list(self.records)  # in the order Net-SNMP read them
        else:
            sources = [replaced[name]]
        for source in sources:
            if source and name in self.records.get(source, {}).get("types", {}):
                return source, self.records[source]["types"][name]
        return None
