"""A node as Net-SNMP's parser sees it, and its details as ``snmptranslate -Td`` prints them.

Net-SNMP keeps, per node, the first module defining it (then the others
defining the same label), a base type as written (``INTEGER`` and
``Integer32`` stay apart), the textual convention named in the SYNTAX clause
with that convention's own enums, ranges and DISPLAY-HINT (the object's own
enums or ranges replace them), and STATUS only for OBJECT-TYPEs. Its quirks
are kept, as the output must match byte for byte: an SMIv1 TRAP-TYPE prints as
an OBJECT-TYPE and its ``enterprise#`` node as the TRAP-TYPE, a
NOTIFICATION-GROUP as ``type_23``, the range of an Opaque (or of a type not found,
on the next clause's line) as the last module name printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._clauses import constant
from ._cnumbers import strtoul_int
from ._links import Link
from ._node import MibNode, anonymous
from ._tree import MibTree

__all__ = ("KEYWORDS", "WIDTH", "NodeView", "describe", "node_view", "syntax_view")

#: SYNTAX keywords -> the base type Net-SNMP keeps (as -Td prints it).
KEYWORDS = {
    "INTEGER": "INTEGER",
    "Integer32": "Integer32",
    "OCTET STRING": "OCTET STRING",
    "OBJECT IDENTIFIER": "OBJECT IDENTIFIER",
    "IpAddress": "IpAddress",
    "NetworkAddress": "NetworkAddress",
    "Counter": "Counter32",
    "Counter32": "Counter32",
    "Gauge": "Gauge32",
    "Gauge32": "Gauge32",
    "Unsigned32": "Unsigned32",
    "UInteger32": "UInteger32",
    "TimeTicks": "TimeTicks",
    "Opaque": "Opaque",
    "Counter64": "Counter64",
    "Bits": "BITS",
    "BITS": "BITS",
    "NsapAddress": "NsapAddress",
    "NULL": "NULL",
}
_SIGNED = frozenset({"INTEGER", "Integer32"})
_UNSIGNED = frozenset({"Unsigned32", "OCTET STRING", "Gauge32", "UInteger32"})

#: pysmi's class of a definition -> the macro -Td names (None: an OBJECT-TYPE to Net-SNMP).
_MACROS = {
    "objectidentity": "OBJECT-IDENTITY",
    "moduleidentity": "MODULE-IDENTITY",
    "objectgroup": "OBJECT-GROUP",
    "notificationgroup": "type_23",
    "modulecompliance": "MODULE-COMPLIANCE",
    "agentcapabilities": "AGENT-CAPABILITIES",
}
_MAX_TC_DEPTH = 16
_MAX_QUOTED = 4095  # Net-SNMP keeps this much of a quoted string
#: snmptranslate's line width (``-w``) when none is given: no line is ever broken.
WIDTH = 1_000_000


@dataclass
class NodeView:
    """One node as Net-SNMP's parser keeps it.

    Attributes:
        macro: the macro -Td names (``OBJECT-TYPE``, ``MODULE-IDENTITY``...).
        simple: whether Net-SNMP gives it a simple (leaf) type; else a plain
            OID node (False) or another macro (None).
        modules: the modules defining it, the one naming it first.
        base: the base type as written (``Integer32``), or None.
        tc: the textual convention named in the SYNTAX clause, or None.
        enums: named numbers in order, or None.
        ranges: SIZE or value ranges, or None.
        hint: the DISPLAY-HINT of that convention, or None.
        item: the compiled definition (see `_compile`), or None.
    """

    macro: str
    simple: bool | None
    modules: list[str]
    base: str | None = None
    tc: str | None = None
    enums: dict[str, int] | None = None
    ranges: list[tuple[int, int]] | None = None
    hint: str | None = None
    item: tuple[Any, ...] | None = None


def _base_of(tree: MibTree, module: str, name: str) -> str | None:
    """The base type of a SYNTAX name: a keyword's, else its convention's (chains followed)."""
    for _ in range(_MAX_TC_DEPTH):
        if name in KEYWORDS:
            return KEYWORDS[name]
        found = tree.module_type(module, name)
        if found is None:
            return None
        module, name = found[0], str(found[1][0][0])
    return None


def _syntax(tree: MibTree, module: str, view: NodeView, syntax: tuple[Any, ...]) -> None:
    name, enums, sizes, ranges = syntax
    if name in KEYWORDS:
        view.base = KEYWORDS[name]
    else:
        found = tree.module_type(module, name)
        if found is None:  # a type not found: no base, its own ranges (enums crash -Td)
            view.ranges = sizes or ranges
            return
        source, (tc_syntax, hint, _status, _description) = found
        view.base = _base_of(tree, source, tc_syntax[0])
        view.tc, view.hint = name, hint
        view.enums, view.ranges = tc_syntax[1], tc_syntax[2] or tc_syntax[3]
    view.enums = enums or view.enums
    view.ranges = sizes or ranges or view.ranges


def syntax_view(tree: MibTree, node: MibNode) -> NodeView:
    """The base type and ranges Net-SNMP keeps of an OBJECT-TYPE `node` (its first module's
    SYNTAX): `node_view`'s, without looking every definition up."""
    view = NodeView("OBJECT-TYPE", None, [])
    item = tree.definition(node)
    if item is not None and item[3] is not None and node.module is not None:
        _syntax(tree, node.module, view, item[3])
    return view


def node_view(tree: MibTree, node: MibNode, link: Link | None = None) -> NodeView:
    """How Net-SNMP's parser keeps `node` (its first module's definition; with
    ``tree.replace``, the last module's), or `link`, another label at its OID."""
    link = link or tree.links.own(node.oid)
    label = link.label if link is not None else node.name
    definitions = [
        (module, item)
        for module, item in tree.definitions(node)
        if item[0] == label and (link is None or module in link.modules)
    ]
    if not definitions:
        modules = link.modules if link is not None else [node.module] if node.module else []
        if label and label.endswith("#"):  # the enterprise#.0 node of SMIv1 traps
            return NodeView("TRAP-TYPE", None, modules)
        return NodeView("OBJECT-TYPE", False, modules)
    # Net-SNMP's node is the first module's to define it (they come in its reading order),
    # its definition the last one's with -PR.
    first = definitions[0][0]
    ordered = list(dict.fromkeys(module for module, _ in definitions[1:] if module != first))
    module, item = definitions[-1 if tree.replace else 0]
    macro: str | None = _MACROS.get(item[10])
    if item[10] == "objectidentity" and item[5] is None:
        macro = None  # pysmi's class of an OBJECT IDENTIFIER value too
    if item[10] == "notificationtype" and item[5] is not None:
        macro = "NOTIFICATION-TYPE"  # an SMIv1 TRAP-TYPE (no STATUS) stays an OBJECT-TYPE
    view = NodeView(macro or "OBJECT-TYPE", None if macro else False, [first, *ordered])
    view.item = item
    if item[10] == "objecttype" and item[3] is not None and item[2] not in ("table", "row"):
        _syntax(tree, module, view, item[3])
        view.simple = view.base is not None
    return view


def _c_int(value: int, signed: bool) -> int:
    value = strtoul_int(value)
    return value if signed else value & 0xFFFFFFFF


def range_text(base: str | None, low: int, high: int) -> str | None:
    """One range as Net-SNMP prints it (C int or unsigned), None for other base types."""
    if base not in _SIGNED and base not in _UNSIGNED:
        return None
    signed = base in _SIGNED
    low, high = _c_int(low, signed), _c_int(high, signed)
    return str(low) if low == high else f"{low}..{high}"


def _flow(items: list[str], pos: int, width: int) -> str:
    """`items` joined by ", " as -Td lists enums, INDEX and OBJECTS: an item that would
    end past `width` starts a new line (position 18), the ", " left on the line before."""
    text = ""
    for at, item in enumerate(items):
        if at:
            text += ", "
        if pos + len(item) + 2 > width:
            text, pos = text + "\n\t\t  ", 18
        text, pos = text + item, pos + len(item) + 2
    return text


def _syntax_line(view: NodeView, width: int) -> str:
    text = f"  SYNTAX\t{view.base}" if view.base else ""
    if view.ranges:
        texts = [range_text(view.base, low, high) for low, high in view.ranges]
        if None in texts:  # Net-SNMP prints its scratch buffer: the last module it named
            text += f" ({view.modules[-1] * len(texts)}) "
        else:
            text += f" ({' | '.join(text for text in texts if text)}) "
    if view.enums:
        labels = [f"{label}({number})" for label, number in view.enums.items()]
        text += " {" + _flow(labels, 18 + len(view.base or ""), width) + "} "
    return text


def _clauses(view: NodeView, width: int) -> list[str]:
    """The lines between ``-- FROM`` and ``::=``."""
    lines = []
    if view.tc:
        lines.append(f"  -- TEXTUAL CONVENTION {view.tc}")
    syntax = _syntax_line(view, width)
    if syntax:
        lines.append(syntax)
    if view.hint:
        lines.append(f'  DISPLAY-HINT\t"{view.hint}"')
    item = view.item
    if item is not None:
        lines.extend(_object_clauses(item, width))
    if syntax and not view.base:  # Net-SNMP ends the line only after a type's name
        at = lines.index(syntax)
        lines[at : at + 2] = ["".join(lines[at : at + 2])]
    return lines


def _object_clauses(item: tuple[Any, ...], width: int) -> list[str]:
    """An OBJECT-TYPE's (or another macro's) clauses from UNITS to DEFVAL."""
    lines = []
    (_, _, _, _, access, status, units, description, indexes, augments) = item[:10]
    objects, defval = item[11], item[12]
    if units:
        lines.append(f'  UNITS\t\t"{units}"')
    if access:
        lines.append(f"  MAX-ACCESS\t{access}")
    if status and item[10] == "objecttype":
        lines.append(f"  STATUS\t{status}")
    if augments:
        lines.append(f"  AUGMENTS\t{{ {augments[1]} }}")
    if indexes:
        names = [f"{'IMPLIED ' if implied else ''}{name}" for _, name, implied in indexes]
        lines.append(f"  INDEX\t\t{{ {_flow(names, 18, width)} }}")
    if objects and item[10] == "notificationtype":
        lines.append(f"  OBJECTS\t{{ {_flow(list(objects), 18, width)} }}")
    if description is not None:
        text = str(description).replace("\r", "")[:_MAX_QUOTED]
        lines.append(f'  DESCRIPTION\t"{text}"')
    if defval is not None:  # a hex or binary string is kept as written: Net-SNMP's number
        shown = constant(defval) if defval.startswith("'") else defval
        lines.append(f"  DEFVAL\t{{ {shown} }}")
    return lines


def _modules_line(modules: list[str], width: int) -> str:
    """``-- FROM`` and the modules, a module that would end past `width` on a line of its
    own (``--`` and two tabs)."""
    first = modules[0] if modules else "#-1"
    text, pos = f"  -- FROM\t{first}", 16 + len(first)
    for module in modules[1:]:
        wrap = pos + len(module) + 2 > width
        text += ",\n  --\t\t" if wrap else ", "
        pos = (16 if wrap else pos + 2) + len(module)
        text += module
    return text


def _where(tree: MibTree, arcs: list[int], width: int) -> str:
    """``::= { ... }``: each ancestor's label(arc), then the last arc; a part that would end
    past `width` starts a new line, indented by five spaces."""
    parts: list[str] = []
    walk: MibNode | None = tree.root
    for arc in arcs[:-1]:
        child = walk.children.get(arc) if walk is not None else None
        name = child.name if child is not None else None
        parts.append(f" {name}({arc})" if name and not anonymous(name) else f" {arc}")
        walk = child
    parts.append(f" {arcs[-1]} }}")
    text, pos = "::= {", 5
    for part in parts:
        if pos + len(part) + 2 > width:
            text, pos = text + "\n     ", 5
        text, pos = text + part, pos + len(part)
    return text


def describe(tree: MibTree, arcs: list[int], width: int = WIDTH) -> str:
    """``snmptranslate -Td``'s details of an OID (its deepest known node), no name line,
    its lists broken into lines of `width` (``-w``) as Net-SNMP breaks them."""
    node = tree.find(arcs)[0]
    view = node_view(tree, node)
    lines = [f"{node.name} {view.macro}", _modules_line(view.modules, width)]
    lines.extend(_clauses(view, width))
    lines.append(_where(tree, arcs, width))
    return "\n".join(lines)
