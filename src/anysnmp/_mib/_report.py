"""What Net-SNMP's tools print of a load's broken MIB modules, in their words and order.

Net-SNMP reads each module asked for after the modules it imports (`FROM` clauses in
order, each read when met); a module it cannot find is said where it is imported
(``Cannot find module (X): At line 5 in FILE``); at a module's ``END`` it checks the
names its groups and compliances list, the symbols it imports, and links its
definitions: those it cannot link are orphans (``Unlinked OID``), kept in hash buckets
whose order decides the order of the lines. Once the modules of a load are read, orphans
whose parent is now known are adopted, the others said (``Cannot adopt OID``; twice for
``ALL``, which adopts at its own end and at the load's). This module replays that from
the compiled records (`_compile`, their ``diag``: `_positions`) and the files' paths.

A message is (error, text): `error` when Net-SNMP prints it only while showing MIB
errors (its default; ``-Pe`` or ``showMibErrors no`` leave those out).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from ._records import UNSAVED_DESCRIPTION, UPPER_BOUND, ModuleRecord

__all__ = (
    "ALWAYS",
    "DESCRIBED",
    "DETAIL",
    "ERROR",
    "SEARCH_PATH",
    "WARNING",
    "Message",
    "Report",
    "also_read",
)

_T = TypeVar("_T")

#: Reading a module: yields each module to read first, is sent whether a file holds it,
#: returns a `_T`.
_Steps = Generator[str, "bool | None", _T]

#: How the line Net-SNMP prints before its first missing module starts.
SEARCH_PATH = "MIB search path: "

#: What a message is to Net-SNMP: printed always, an error (``-Pe`` leaves those out), a
#: warning (``-Pw`` prints those), a detailed warning (an error ``-PW`` prints), an error
#: said only while it keeps descriptions (snmptranslate's ``-Td``, ``-Pd``).
ALWAYS, ERROR, WARNING, DETAIL, DESCRIBED = 0, 1, 2, 3, 4


def _error_kind(text: str) -> int:
    """ERROR, or DESCRIBED for what Net-SNMP's parser says only while it keeps descriptions,
    WARNING for what it says only with -Pw."""
    if text.startswith(UNSAVED_DESCRIPTION):
        return DESCRIBED
    return WARNING if text.startswith(UPPER_BOUND) else ERROR


#: (ALWAYS, ERROR, WARNING or DETAIL, the line).
Message = tuple[int, str]

#: Net-SNMP's hash table of pending nodes: its size, and the labels its tree starts with.
_BUCKETS = 128
_ROOTS = ("ccitt", "iso", "joint-iso-ccitt")

#: The modules Net-SNMP reads when an old one is missing, in its order: (old, new, what
#: the imported label is or starts with; None: any).
_REPLACEMENTS = (
    ("RFC1065-SMI", "RFC1155-SMI", None),
    ("RFC1066-MIB", "RFC1156-MIB", None),
    ("RFC1156-MIB", "RFC1158-MIB", None),
    ("RFC1158-MIB", "RFC1213-MIB", None),
    ("RFC1155-SMI", "SNMPv2-SMI", None),
    ("RFC1213-MIB", "SNMPv2-SMI", "mib-2"),
    ("RFC1213-MIB", "SNMPv2-MIB", "sys*"),
    ("RFC1213-MIB", "IF-MIB", "if*"),
    ("RFC1213-MIB", "IP-MIB", "ip*"),
    ("RFC1213-MIB", "IP-MIB", "icmp*"),
    ("RFC1213-MIB", "TCP-MIB", "tcp*"),
    ("RFC1213-MIB", "UDP-MIB", "udp*"),
    ("RFC1213-MIB", "SNMPv2-SMI", "transmission"),
    ("RFC1213-MIB", "SNMPv2-MIB", "snmp*"),
    ("RFC1231-MIB", "TOKENRING-MIB", None),
    ("RFC1271-MIB", "RMON-MIB", None),
    ("RFC1286-MIB", "SOURCE-ROUTING-MIB", "dot1dSr*"),
    ("RFC1286-MIB", "BRIDGE-MIB", None),
    ("RFC1315-MIB", "FRAME-RELAY-DTE-MIB", None),
    ("RFC1316-MIB", "CHARACTER-MIB", None),
    ("RFC1406-MIB", "DS1-MIB", None),
    ("RFC-1213", "RFC1213-MIB", None),
)


def _matches(tag: str | None, label: str) -> bool:
    if tag is None:
        return True
    if tag.endswith("*"):
        return label.startswith(tag[:-1])
    return label.lower() == tag.lower()


def _replacement(module: str, label: str | None) -> str | None:
    """The module Net-SNMP reads for `label` (None: for the module as a whole) when
    `module` is missing."""
    return next(
        (
            new
            for old, new, tag in _REPLACEMENTS
            if old == module and (label is None or _matches(tag, label))
        ),
        None,
    )


def also_read(record: ModuleRecord, files: Mapping[str, str]) -> list[str]:
    """The modules Net-SNMP reads for a module besides its imports: those it reads in place of
    the modules it imports from that are missing, those its MODULE-COMPLIANCEs name."""
    diag = record.get("diag", {})
    found = [
        _replacement(module, label) or _replacement(module, None)
        for module, _, labels in diag.get("from", ())
        if module not in files
        for label in labels
    ]
    found += [
        name
        for clause in diag.get("compliances", ())
        for kind, name, _ in clause
        if kind == "MODULE"
    ]
    return [module for module in found if module]


def _children(
    record: ModuleRecord, resolved: Mapping[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """A module's linked nodes (label, OID) by their parent's OID, last defined first (as
    Net-SNMP's hash chains hold them); a label defined as its parent alone (``{ parent }``)
    is a child of that parent's OID (its own), as Net-SNMP reads it. `resolved`: the OIDs
    of nodes pysmi left below a label (`_resolved`)."""
    aliases = set(record.get("diag", {}).get("aliases", ()))
    children: dict[str, list[tuple[str, str]]] = {}
    for item in reversed(record["nodes"]):
        oid = resolved.get(str(item[0]), str(item[1]))
        if oid[:1].isdigit():
            parent = oid if item[0] in aliases else oid.rpartition(".")[0]
            children.setdefault(parent, []).append((str(item[0]), oid))
    return children


def _resolved(record: ModuleRecord, found: Mapping[str, str]) -> dict[str, str]:
    """The OIDs of a module's nodes that pysmi left below a label (``parent.arc``), when
    that label is an import Net-SNMP found (`found`: their OIDs) or such a node: one of a
    replacement module (``mib-2 FROM RFC-1213``, read from RFC1213-MIB), which pysmi does
    not know of."""
    known = dict(found)
    resolved: dict[str, str] = {}
    more = True
    while more:
        more = False
        for item in record["nodes"]:
            label, oid = str(item[0]), str(item[1])
            parent, _, arcs = oid.partition(".")
            if label not in resolved and not oid[:1].isdigit() and parent in known:
                resolved[label] = known[label] = f"{known[parent]}.{arcs}"
                more = True
    return resolved


def _below(
    missed: Mapping[str, str], pending: dict[str, list[tuple[str, str]]]
) -> dict[str, tuple[str, int]]:
    """The nodes of `pending` (taken out) below the OIDs of `missed` (their labels), and
    below those: {label: (its parent's label, its arc)}."""
    found: dict[str, tuple[str, int]] = {}
    stack = list(missed.items())
    while stack:
        oid, parent = stack.pop()
        for label, child in pending.pop(oid, ()):
            found[label] = (parent, int(child.rpartition(".")[2]))
            stack.append((child, label))
    return found


def _bucket(label: str) -> int:
    return sum(map(ord, label.lower())) & (_BUCKETS - 1)


class _Node:
    """A definition Net-SNMP could not link: its own linked-list cell, as in its parser."""

    __slots__ = ("label", "line", "module", "next", "parent", "path", "subid")

    def __init__(
        self, module: str, path: str, label: str, parent: str, subid: int, line: int
    ) -> None:
        self.module, self.path, self.label = module, path, label
        self.parent, self.subid, self.line = parent, subid, line
        self.next: _Node | None = None

    def written(self) -> str:
        return f"{_word(self.label)} ::= {{ {_word(self.parent)} {self.subid} }}"


def _hashed(nodes: Iterable[_Node]) -> list[_Node | None]:
    """Net-SNMP's ``init_node_hash``: each node pushed onto its parent's bucket."""
    buckets: list[_Node | None] = [None] * _BUCKETS
    for node in nodes:
        at = _bucket(node.parent)
        node.next, buckets[at] = buckets[at], node
    return buckets


def _chain(node: _Node | None) -> list[_Node]:
    found = []
    while node is not None:
        found.append(node)
        node = node.next
    return found


def _word(label: str) -> str:
    """A label as Net-SNMP prints it (a C string: a NUL, a word of its own, prints as
    nothing)."""
    return label.partition("\0")[0]


def _c_string(text: str) -> str:
    """A message as Net-SNMP prints it when a word in it holds a NUL (its C string ends
    there): ``Bad operator (\\0x)`` is ``Bad operator``, ``(a\\0b)`` is ``(a)``,
    ``'\\0'`` is ``''``."""
    if "\0" not in text:
        return text
    text = re.sub(r"'([^'\0]*)\0[^']*'", r"'\1'", text)
    text = re.sub(r"\(([^()\0]*)\0[^()]*\)", r"(\1)", text)
    return text.replace(" ()", "")


class Report:
    """The messages of the loads of one `Mib`, as Net-SNMP's tools print them.

    Args:
        search: the MIB search path (Net-SNMP prints it before the first missing module).
        files: module -> the file holding it.
        labels: the labels of the tree before this load, and the OIDs of each label's nodes.
        said_path: whether an earlier load printed the search path (Net-SNMP prints it once).
        tried: whether an earlier load named modules (a module missing on demand is then
            at Net-SNMP's line 1, else 0).
    """

    def __init__(
        self,
        search: list[str],
        files: Mapping[str, str],
        labels: Mapping[str, Sequence[Any]],
        *,
        said_path: bool = False,
        line: int = 0,
    ) -> None:
        self._search = ":".join(search)
        self._files = files
        self._said_path = said_path
        self._tree = {label.lower() for label in (*_ROOTS, *labels)}
        #: The label of each OID of the tree (the first one linked there).
        self._oids = {node.oid: label for label, nodes in labels.items() for node in nodes}
        self._oids.update((str(arc), root) for arc, root in enumerate(_ROOTS))
        #: The OID of each label (its first node's).
        self._at = {label: nodes[0].oid for label, nodes in labels.items() if nodes}
        self._orphans: _Node | None = None
        self._records: Mapping[str, ModuleRecord] = {}
        self._read: set[str] = set()
        self._reading: set[str] = set()  # the modules read up to their IMPORTS so far
        self._unlinked: set[tuple[str, str]] = set()  # (module, label) below imports not found
        #: Those nodes of each module (an import cycle's: pysmi links them), each with
        #: whether it is a top one (below the import itself), as `MibTree.add_modules` takes them.
        self.orphans: dict[str, dict[str, bool]] = {}
        #: The imports of each module Net-SNMP did not find ("Did not find"): a type among
        #: them is none to it (an import cycle's, of a module whose IMPORTS it was reading).
        self.unfound: dict[str, set[str]] = {}
        #: The imports of each module from a module missing, each with the module Net-SNMP
        #: looks it up in instead (its replacement's; None: any module's).
        self.replaced: dict[str, dict[str, str | None]] = {}
        #: The modules compiled, in the order Net-SNMP reads their definitions (a module's
        #: after those of the modules it imports from) and links their nodes.
        self.order: list[str] = []
        self._last_missing: str | None = None
        self._line = line  # Net-SNMP's line counter after its scan of the folders
        self._linked: dict[str, set[str]] = {}  # the labels of each module's linked nodes
        #: Each module's nodes pysmi left below an import Net-SNMP found: their OIDs.
        self.resolved: dict[str, dict[str, str]] = {}
        self._types: set[str] = set()  # the types of the modules read
        self.messages: list[Message] = []

    def load(
        self,
        names: list[str],
        records: Mapping[str, ModuleRecord],
        *,
        everything: bool = False,
        adopt: bool = True,
        loaded: Iterable[str] = (),
    ) -> list[Message]:
        """The messages of loading `names` (`records`: what each compiled to); `everything`:
        the names are ``ALL``'s; `adopt`: a load of a list (not a module on demand)."""
        self._records, self.messages = records, []
        for name in set(loaded) - self._read:  # an earlier Report's (a load restored whole)
            self._read.add(name)
            self._types.update(records.get(name, {}).get("types", ()))
        for name in names:
            self._run(self._listed(name, (self._line, "(none)")))
        if everything:
            self._adopt()
        if adopt:
            self._adopt()
        return [(kind, _c_string(text)) for kind, text in self.messages]

    @property
    def read(self) -> list[str]:
        """The modules read so far (those that did not load too), sorted."""
        return sorted(self._read)

    def _error(self, text: str, line: int, path: str) -> None:
        self.messages.append((_error_kind(text), f"{text}: At line {line} in {path}"))

    def _missing(self, name: str, line: int, path: str) -> None:
        if not self._said_path:
            self._said_path = True
            self.messages.append((ALWAYS, f"{SEARCH_PATH}{self._search}"))
        if name != self._last_missing:
            self._error(
                f"Cannot find module ({name})" if name else "Cannot find module", line, path
            )
        self._last_missing = name

    def _run(self, steps: _Steps[None]) -> None:
        """Read modules as Net-SNMP does, each import when met, with no recursion (an import
        chain may be thousands of modules long): a stack of modules half read, each told
        whether the module it asked for (`_module`) is there."""
        stack: list[_Steps[Any]] = [steps]
        answer: bool | None = None
        while stack:
            try:
                wanted = stack[-1].send(answer)
            except StopIteration as done:
                stack.pop()
                answer = bool(done.value)
                continue
            stack.append(self._module(wanted))
            answer = None

    def _module(self, name: str) -> _Steps[bool]:
        """Net-SNMP's reading of a module (and what it imports); whether a file holds it."""
        if name in self._read:
            return True
        path = self._files.get(name)
        if path is None:
            return False
        self._read.add(name)
        self._last_missing = None
        record = self._records.get(name)
        if record is None:
            return True
        self._reading.add(name)
        try:
            return (yield from self._read_module(name, path, record))
        finally:
            self._reading.discard(name)
            self.order.append(name)

    def _imports(
        self, diag: Mapping[str, Any], said: Sequence[tuple[str, int]], path: str
    ) -> _Steps[tuple[list[tuple[str, str | None]], int]]:
        """A module's FROM modules read as Net-SNMP reads them, each when met, what its parser
        says of the words before (`said`, in line order: IMPORTS' words cut short) said
        first; the labels imported (label, module) and how many of `said` were said."""
        sources: list[tuple[str, str | None]] = []
        told = 0
        for module, line, labels in diag.get("from", ()):
            while told < len(said) and said[told][1] <= line:
                self._error(*said[told], path)
                told += 1
            if not module:  # labels after the last FROM: looked up in any module
                sources += [(label, None) for label in labels]
                continue
            sources += yield from self._import(module, labels, line, path)
        return sources, told

    def _read_module(self, name: str, path: str, record: ModuleRecord) -> _Steps[bool]:
        """`_module` of a module compiled (`record`), in file `path`."""
        diag = record.get("diag", {})
        if "error" in record:  # its IMPORTS read, then dropped
            grammar = record.get("grammar", [])
            _, told = yield from self._imports(diag, grammar, path)
            for text, line in grammar[told:]:
                self._error(text, line, path)
            return True
        early = sorted(diag.get("said", ()), key=lambda pair: pair[1])
        sources, told = yield from self._imports(diag, early, path)
        written = {label: module for module, _, labels in diag.get("from", ()) for label in labels}
        replaced = {label: module for label, module in sources if module != written.get(label)}
        if replaced:
            self.replaced[name] = replaced
        said = sorted(self._parsed(record, path, dict(sources), told), key=lambda pair: pair[0])
        said.reverse()  # popped in the text's order, between the compliances' words
        groups = []
        for clause in diag.get("compliances", ()):
            own = yield from self._compliance(clause, path, said)
            groups += [("OBJECT-GROUP", label, line) for label, line in own]
        self._said_before(said, None)
        defined = {item[0] for item in record["nodes"]} | set(diag.get("lines", ()))
        imported = {label for label, _ in sources}
        checked = [] if diag.get("endless") else [*reversed(groups), *diag.get("refs", ())]
        for what, label, line in checked:  # at the module's END
            if label not in defined and label not in imported:
                self._error(f"Undefined {what} ({label})", line, path)
        self._types.update(record.get("types", ()))
        missed: dict[str, str] = {}  # the OIDs of the imports not found: their labels
        imports = [
            (label, module, self._oid_of(module, label), self._found(module, label))
            for label, module in sources
        ]
        resolved = _resolved(record, {item[0]: item[2] for item in imports if item[3] and item[2]})
        self.resolved[name] = resolved
        self._linked[name] = {
            item[0] for item in record["nodes"] if item[1][:1].isdigit() or item[0] in resolved
        }
        pending = _children(record, resolved)
        nodes = {label for children in pending.values() for label, _ in children}
        for label, module, oid, found in imports:
            if module == name:  # its own: a type of it, or a node an import before linked
                waiting = {item for children in pending.values() for item, _ in children}
                found = label in record.get("types", {}) or label in nodes - waiting
            if not found:
                if not diag.get("endless"):  # said as Net-SNMP links the module, at its END
                    self.messages.append(
                        (ERROR, f"Did not find '{label}' in module {module or '#-1'} ({path})")
                    )
                self.unfound.setdefault(name, set()).add(label)
                if oid is not None:
                    missed[oid] = label
            elif oid is not None:
                self._link_below(label, oid, pending, path)
        for arc, root in enumerate(_ROOTS):
            self._link_below(root, str(arc), pending, path)
        unlinked = _below(missed, pending)
        for children in pending.values():
            for label, oid in children:
                self._oids.setdefault(oid, label)
                self._at.setdefault(label, oid)
        self._link(name, path, record, unlinked, resolved)
        for text, line in diag.get("trailing", ()):  # words after its END
            self._error(text, line, path)
        return True

    def _parsed(
        self, record: ModuleRecord, path: str, imported: Mapping[str, str | None], told: int
    ) -> list[tuple[int, Message]]:
        """What Net-SNMP's parser says while it reads a module (after its IMPORTS: `imported`,
        each label's module, None: any), each with the line it says it at: MACROs read past,
        values it takes saying so (but the first `told`, said already), strings it cuts
        short, SYNTAX types it knows none of."""
        diag = record.get("diag", {})
        said: list[tuple[int, Message]] = [
            (last, (WARNING, f"{macro} MACRO (lines {first}..{last} parsed and ignored)."))
            for macro, first, last in diag.get("macros", ())
        ]
        said += [
            (line, (_error_kind(text), f"{text}: At line {line} in {path}"))
            for text, line in sorted(diag.get("said", ()), key=lambda pair: pair[1])[told:]
        ]
        said += [
            (line, (DETAIL, f"Warning: string too long ({text}): At line {line} in {path}"))
            for text, line in diag.get("long", ())
        ]
        types = diag.get("typelines", {})
        for _, name, line in diag.get("syntaxes", ()):
            if name not in imported:  # a type of its own, defined before
                known = types.get(name, line) < line
            elif imported[name] is None:  # of a module missing: any module's
                known = name in self._types
            else:  # none of a module whose IMPORTS it is reading (an import cycle's)
                source = imported[name] or ""
                known = source not in self._reading and name in self._records.get(source, {}).get(
                    "types", {}
                )
            if not known:
                text = f"Warning: No known translation for type ({name}): At line {line} in {path}"
                said.append((line, (DETAIL, text)))
        return said

    def _oid_of(self, module: str | None, label: str) -> str | None:
        """The OID of an imported node (of `module`, else any), None: not a node."""
        items = self._records.get(module, {}).get("nodes", ()) if module else ()
        found = self.resolved.get(module or "", {}).get(label)
        if found is None:
            found = next((item[1] for item in items if item[0] == label), None)
        if found is None:
            found = self._at.get(label)
        return found if found is not None and found[:1].isdigit() else None

    def _link_below(
        self, parent: str, oid: str, pending: dict[str, list[tuple[str, str]]], path: str
    ) -> None:
        """Net-SNMP's ``do_subtree`` of a module's nodes below the node `parent` (at `oid`),
        depth first: a node at an OID of another label is warned of (``-Pw``), and is then
        the one Net-SNMP finds first there."""
        for label, child in pending.pop(oid, ()):
            if child == oid:  # `label ::= { parent }`: its parent's OID, named so still
                self.messages.append(
                    (
                        WARNING,
                        f"Warning: {parent}.{oid.rpartition('.')[2]} is both {parent} and "
                        f"{label} ({path})",
                    )
                )
                self._at.setdefault(label, child)
                continue
            known, self._oids[child] = self._oids.get(child, label), label
            self._at.setdefault(label, child)
            if known != label:
                self.messages.append(
                    (
                        WARNING,
                        f"Warning: {parent}.{child.rpartition('.')[2]} is both {known} and "
                        f"{label} ({path})",
                    )
                )
            self._link_below(label, child, pending, path)

    def _listed(self, name: str, where: tuple[int, str] = (1, "(none)")) -> _Steps[None]:
        """A module of the load's list, or a replacement read where `where` (line, file)
        stands (Net-SNMP's ``netsnmp_read_module``)."""
        if not (yield name) and not (yield from self._replace(name, where)):
            self._missing(name, *where)

    def _import(
        self, module: str, labels: list[str], line: int, path: str
    ) -> _Steps[list[tuple[str, str | None]]]:
        """Net-SNMP's reading of an IMPORTS' ``FROM module`` (`line` of `path`): the module,
        else its replacements; each label and the module it is looked for in (None: any)."""
        if (yield module):
            return [(label, module) for label in labels]
        sources: list[tuple[str, str | None]] = []
        found = False
        for label in labels:
            new = _replacement(module, label)
            if new is not None:
                self.messages.append(
                    (
                        WARNING,
                        f"Importing {label} from replacement module {new} instead of "
                        f"{module} ({path})",
                    )
                )
                yield from self._listed(new, (line, path))
                sources.append((label, new if new in self._files else None))
                found = True
            else:
                found = (yield from self._replace(module, (line, path))) or found
                sources.append((label, None))
        if not found:
            self._missing(module, line, path)
        return sources

    def _replace(self, module: str, where: tuple[int, str]) -> _Steps[bool]:
        """Net-SNMP's ``read_module_replacements``: read the first module replacing
        `module`, if any."""
        new = _replacement(module, None)
        if new is None:
            return False
        self.messages.append(
            (WARNING, f"Loading replacement module {new} for {module} ({where[1]})")
        )
        yield from self._listed(new, where)
        return True

    def _said_before(self, said: list[tuple[int, Message]], line: int | None) -> None:
        """Say what the parser says (`said`, last first) before `line` (None: all of it)."""
        while said and (line is None or said[-1][0] < line):
            self.messages.append(said.pop()[1])

    def _compliance(
        self, clause: Iterable[tuple[str, str, int]], path: str, said: list[tuple[int, Message]]
    ) -> _Steps[list[tuple[str, int]]]:
        """A MODULE-COMPLIANCE as Net-SNMP reads it: another module's names are checked
        there (the module read first; a missing one ends the clause), this module's are
        returned (label, line), checked at its end; what the parser says before each word
        (`said`, `_said_before`) is said first."""
        own, other = [], ""
        for kind, name, line in clause:
            if line:
                self._said_before(said, line)
            if kind == "MODULE":
                other = name
                if other and not (yield other):
                    self._error(f"Unknown module ({other})", line, path)
                    break
            elif not other:
                own.append((name, line))
            elif not self._has(other, name):
                self._error(f"Unknown group ({name})", line, path)
        return own

    def _found(self, module: str | None, label: str) -> bool:
        """Whether Net-SNMP finds an imported `label` in `module` (None: in any module)."""
        if module:
            return self._has(module, label)
        return label.lower() in self._tree or label in self._types

    def _has(self, module: str, label: str) -> bool:
        """Whether Net-SNMP finds an imported `label` in `module`: a type of it (or one it
        imports), or a node of its in the tree (none while it reads the module's IMPORTS,
        an import cycle's)."""
        if module in self._reading:
            return False
        record = self._records.get(module)
        if record is None:
            return True  # a module pysmi did not need: as far as we know, it is there
        if "error" in record:
            return False
        if label in record.get("types", {}):
            return True
        # Its IMPORTS as written (pysmi's record adds SMIv1's types to an RFC1155-SMI import).
        source = next(
            (
                module
                for module, _, labels in record.get("diag", {}).get("from", ())
                if label in labels
            ),
            None,
        )
        if source and label in self._records.get(source, {}).get("types", {}):
            return True
        linked = self._linked.get(module)
        if linked is None:
            nodes = record["nodes"]
            linked = self._linked[module] = {item[0] for item in nodes if item[1][:1].isdigit()}
        return label in linked and (module, label) not in self._unlinked

    def _link(
        self,
        name: str,
        path: str,
        record: ModuleRecord,
        unlinked: Mapping[str, tuple[str, int]],
        resolved: Mapping[str, str],
    ) -> None:
        """Net-SNMP's linking at a module's end: the labels it adds to the tree, the
        orphans it says it cannot link (those below another orphan quietly; `unlinked`: the
        nodes below an import it did not find, {label: (parent, arc)}; `resolved`: the OIDs
        of those pysmi left below an import it found)."""
        lines = record.get("diag", {}).get("lines", {})
        left: list[tuple[int, _Node]] = []
        for item in record["nodes"]:
            label, oid = item[0], resolved.get(item[0], item[1])
            if label in unlinked:
                self._unlinked.add((name, label))
                # an orphan to Net-SNMP, which pysmi linked: the tree adopts it at the end
                self.orphans.setdefault(name, {})[label] = unlinked[label][0] not in unlinked
                line = lines.get(label, 0)
                left.append((line, _Node(name, path, label, *unlinked[label], line)))
                continue
            if oid[:1].isdigit():
                self._tree.add(label.lower())
                continue
            parent, *arcs = oid.split(".")
            line = lines.get(label, 0)
            enterprise = f"{parent}#"
            if enterprise in lines and arcs[:1] == ["0"]:  # an SMIv1 trap: two nodes
                left.append((line, _Node(name, path, label, enterprise, int(arcs[-1]), line)))
                at = lines[enterprise]
                left.append((at, _Node(name, path, enterprise, parent, 0, at)))
            else:
                left.append((line, _Node(name, path, label, parent, int(arcs[-1]), line)))
        if left:
            left.sort(key=lambda pair: pair[0])
            self._leftovers([node for _, node in left])

    def _leftovers(self, nodes: list[_Node]) -> None:
        """Net-SNMP's ``do_linkup`` for the nodes it could not link, step by step."""
        buckets = _hashed(nodes)
        oldp = self._orphans
        more = True
        while more:
            for at in range(_BUCKETS):
                onp = buckets[at]
                while onp is not None:
                    self._quietly_move(buckets, onp)
                    onp = onp.next
            newp, more, onp = self._orphans, False, self._orphans
            while onp is not oldp and onp is not None:
                more = self._quietly_move(buckets, onp) or more
                onp = onp.next
            oldp = newp
        for node in self._keep_orphans(buckets):
            self.messages.append((ALWAYS, f"Unlinked OID in {node.module}: {node.written()}"))
            self.messages.append(
                (
                    ALWAYS,
                    f"Undefined identifier: {_word(node.parent)} near line {node.line} of "
                    f"{node.path}",
                )
            )

    def _quietly_move(self, buckets: list[_Node | None], onp: _Node) -> bool:
        """Move the nodes below `onp` to the orphans, without a word; whether any moved."""
        label, at, moved = onp.label.lower(), _bucket(onp.label), False
        previous, node = None, buckets[at]
        while node is not None:
            if node.parent.lower() != label:
                previous, node = node, node.next
                continue
            if previous is not None:
                previous.next = node.next
            else:
                buckets[at] = node.next
            node.next, self._orphans = self._orphans, node
            moved, previous, node = True, None, buckets[at]
        return moved

    def _adopt(self) -> None:
        """Net-SNMP's ``adopt_orphans``: link the orphans whose parent is now in the tree,
        say the others."""
        if self._orphans is None:
            return
        buckets = _hashed(_chain(self._orphans))
        self._orphans = None
        adopted = True
        while adopted:
            adopted = False
            for at in range(_BUCKETS):
                node = buckets[at]
                while node is not None:
                    if node.parent.lower() in self._tree:
                        self._subtree(buckets, node.parent)
                        adopted = True
                        if buckets[at] is None:
                            break
                        if node not in _chain(buckets[at]):
                            node = buckets[at]  # starts over, past the first (as in C)
                    node = node.next if node is not None else None
        for node in self._keep_orphans(buckets):
            self.messages.append((ALWAYS, f"Cannot adopt OID in {node.module}: {node.written()}"))

    def _keep_orphans(self, buckets: list[_Node | None]) -> list[_Node]:
        """Append what the buckets hold to the orphans, bucket by bucket; those nodes."""
        last = _chain(self._orphans)[-1] if self._orphans is not None else None
        kept: list[_Node] = []
        for at in range(_BUCKETS):
            chain, buckets[at] = _chain(buckets[at]), None
            if not chain:
                continue
            if last is not None:
                last.next = chain[0]
            else:
                self._orphans = chain[0]
            last = chain[-1]
            kept += chain
        return kept

    def _subtree(self, buckets: list[_Node | None], label: str) -> None:
        """Net-SNMP's ``do_subtree``: link the pending nodes below `label`, and theirs."""
        at, lowered = _bucket(label), label.lower()
        children = [node for node in _chain(buckets[at]) if node.parent.lower() == lowered]
        rest = [node for node in _chain(buckets[at]) if node.parent.lower() != lowered]
        buckets[at] = None
        for node in reversed(rest):  # the others stay, in their order
            node.next, buckets[at] = buckets[at], node
        for child in children:
            self._tree.add(child.label.lower())
            self._subtree(buckets, child.label)
