"""MIB text -> compact records, with pysmi (the only module that imports it).

A record is what `_cache` stores per MIB file: plain tuples, dicts and
strings (marshal-able), so that loading a compiled MIB needs no parser.

Record of a module (a dict):
    ``imports``: {symbol: module it comes from}, as pysmi rewrites SMIv1 imports;
    ``sources``: {symbol: module} of the imports written otherwise;
    ``requires``: the modules of its IMPORTS as written, in order (Net-SNMP's load order),
    but those it imports keywords alone from;
    ``nodes``: [(label, oid, kind, syntax, access, status, units, description,
    indexes, augments, macro, objects, defval)], `kind` one of scalar, column,
    row, table, node, notification, group, compliance; `macro` the pysmi class
    of the definition (``objecttype``, ``moduleidentity``...); `objects` the
    labels of a notification's OBJECTS (or a trap's VARIABLES); `defval` the
    DEFVAL clause as Net-SNMP keeps it (its tokens joined by spaces; a lone hex or binary
    string as written, ``'00ff'H``); `oid`
    dotted numbers, or, under a parent the module neither defines nor imports,
    that parent's label and the arcs as written (``parent.1``: the tree links it);
    ``types``: {name: (syntax, display hint, status, description)};
    ``diag``: where its imports and definitions are, for Net-SNMP's messages
    (`_positions.module_positions`).
A syntax is (type name, enums or bits {label: number} or None, sizes
[(min, max)] or None, value ranges [(min, max)] or None); indexes are
[(module, object, implied)], where an SMIv1 index of a bare type has module ""
and the type as object.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any, ClassVar, Protocol

from ._cnumbers import strtol_int, strtoul_int
from ._comments import blank, blank_comments, cut_long_words, join_octet
from ._conventions import doesnt_map, read_conventions, unmapped_before
from ._enumerations import read_enumerations
from ._groups import ReadPast, read_past
from ._lines import line_at
from ._objecttype import (
    DEFVAL_MARK,
    DEFVAL_QUOTE,
    read_clauses,
    read_defvals,
    read_indexes,
    read_ranges,
)
from ._positions import (
    PARSER_KEYWORDS,
    Walk,
    grammar_lines,
    imports_read,
    module_positions,
    type_references,
    value_slips,
)
from ._records import ModuleRecord, Syntax
from ._resync import (
    after_end,
    is_label,
    is_name,
    read_header,
    read_import_tail,
    read_imports,
    read_on,
)
from ._sequences import read_sequences
from ._underscores import Collision, Underscores

__all__ = ("ParserStore", "compile_modules")

#: The most arcs an OID has (RFC 2578; Net-SNMP's MAX_OID_LEN): deeper definitions are left out.
_MAX_ARCS = 128

_KINDS = {
    "objectidentity": "node",
    "moduleidentity": "node",
    "notificationtype": "notification",
    "objectgroup": "group",
    "notificationgroup": "group",
    "modulecompliance": "compliance",
    "agentcapabilities": "compliance",
}

_FAKE_PREFIX = "pysmiFakeCol"
_WRITTEN = "anysnmpWrittenImports"  # no MIB symbol has this name (they start lowercase)
_DIAG = "anysnmpPositions"

#: The SMI base types a module may use without importing them (as in Net-SNMP), and the
#: module pysmi finds each in.
_BASE_TYPE_MODULES = {
    **dict.fromkeys(
        ("Counter32", "Gauge32", "Counter64", "Opaque", "Integer32", "Unsigned32", "TimeTicks"),
        "SNMPv2-SMI",
    ),
    "IpAddress": "SNMPv2-SMI",
    **dict.fromkeys(("Counter", "Gauge", "NetworkAddress"), "RFC1155-SMI"),
}


class ParserStore(Protocol):
    """Where the grammar's parser tables are kept between processes (`_cache.MibCache`)."""

    def load_parser(self, key: Any) -> Any: ...

    def store_parser(self, key: Any, tables: tuple[Any, ...]) -> None: ...


#: How lark builds the parser of `_grammar_text` (part of its tables' key).
_LARK_OPTIONS = {"parser": "lalr", "start": "start", "lexer": "contextual"}
#: The parser built or loaded in this process, by its tables' key.
_parsers: dict[tuple[str, ...], Any] = {}


def _grammar(store: ParserStore | None) -> Any:
    """The lark LALR parser of `_grammar_text`, once per process: loaded from `store`, else
    built (~0.7 s of CPU; loading takes ~0.06) and its tables kept there."""
    import lark
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    text = _grammar_text()
    key = ("lark", lark.__version__, repr(_LARK_OPTIONS), hashlib.sha256(text.encode()).hexdigest())
    if key in _parsers:
        return _parsers[key]
    tables = store.load_parser(key) if store is not None else None
    parser = None
    if tables is not None and len(tables) == 2:
        with suppress(Exception):  # an entry of another lark, or damaged: built again below
            parser = lark.Lark.load({"data": tables[0], "memo": tables[1]})
    if parser is None:
        parser = lark.Lark(text, **_LARK_OPTIONS)
        if store is not None:
            store.store_parser(key, parser.memo_serialize([TerminalDef, Rule]))
    _skip_spaces(parser)
    _parsers[key] = parser
    return parser


#: The spaces the grammar ignores (lark's WS and NEWLINE terminals, the only ones that
#: match from a space), read by `_skip_spaces`.
_SPACES = re.compile(r"[ \t\f\r\n]+")


def _skip_spaces(parser: Any) -> None:
    """Has `parser`'s lexer read past the spaces before each token with one match (lark
    matches each run of them with every terminal of the parser's state, then drops it: a
    sixth of the parse), then read the token as it does. Its tokens, their lines and
    columns, and its errors are the same; a lark whose lexer is made otherwise is left
    as it is."""
    from lark.lexer import BasicLexer, ContextualLexer, LexerState, LineCounter
    from lark.utils import TextSlice

    lexer = getattr(parser.parser, "lexer", None)
    spaced = {terminal.name for terminal in parser.terminals if _may_start_spaced(terminal)}
    if not (
        isinstance(lexer, ContextualLexer)
        # lark's common WS and NEWLINE alone, ignored (pysmi's grammar's `%ignore`)
        and spaced <= {"WS", "NEWLINE"} & set(getattr(parser.lexer_conf, "ignore", ()))
        and {"text", "line_ctr"} <= set(LexerState.__slots__)
        and callable(getattr(LineCounter, "feed", None))
        and {"text", "end"} <= set(getattr(TextSlice, "__dataclass_fields__", ()))
    ):
        return
    lexers: list[Any] = [*lexer.lexers.values(), lexer.root_lexer]  # one per parser state
    for state in {id(each): each for each in lexers}.values():
        if type(state) is BasicLexer:
            state.next_token = _after_spaces(state.next_token)  # type: ignore[method-assign]


def _may_start_spaced(terminal: Any) -> bool:
    """Whether a lark terminal may match from a space (on: any word, mark or string)."""
    pattern = re.compile(terminal.pattern.to_regexp())
    return any(
        pattern.match(space + after) is not None
        for space in " \t\f\r\n"
        for after in ("", " ", "a", "A", "0", "-", '"', "'", "{", "::=", "\n")
    )


def _after_spaces(next_token: Callable[..., Any]) -> Callable[..., Any]:
    """lark's `next_token` of a lexer, after the spaces at the lexer state's place."""

    def read(lex_state: Any, parser_state: Any = None) -> Any:
        text, counter = lex_state.text, lex_state.line_ctr
        spaces = _SPACES.match(text.text, counter.char_pos, text.end)
        if spaces is not None:
            counter.feed(spaces.group())
        return next_token(lex_state, parser_state)

    return read


@functools.cache
def _grammar_text() -> str:
    """pysmi's grammar for lark,
    with the commas Net-SNMP reads past made optional and repeatable: between IMPORTS
    symbols and between SEQUENCE entries (trailing ones too); the
    list of a group, its clauses after its list, and those of an OBJECT-IDENTITY, MODULE-IDENTITY,
    MODULE-COMPLIANCE or AGENT-CAPABILITIES, optional all together, a compliance's MODULE
    parts optional (read past after a slip, `_groups`, `_underscores`)."""
    from pysmi.parser.lark_parser import _SMI_V2_BOOTSTRAP_GRAMMAR

    grammar: str = _SMI_V2_BOOTSTRAP_GRAMMAR
    for kind, item in (
        ("import_identifiers", "import_identifier"),
        ("sequence_items", "sequence_item"),
    ):
        grammar = re.sub(
            rf"^{kind}: {kind}_regular\n\s+\| {kind}_trailing_comma\n",
            f"{kind}: {kind}_regular\n",
            grammar,
            flags=re.M,
        ).replace(
            f'{kind}_regular: {item} ("," {item})*', f'{kind}_regular: {item} (","* {item})* ","*'
        )
    tc_rule = (
        '"TEXTUAL-CONVENTION" display_part? "STATUS" status "DESCRIPTION" text refer_part? '
        '"SYNTAX" syntax'
    )
    assert tc_rule in grammar
    grammar = grammar.replace(tc_rule, '"TEXTUAL-CONVENTION" tc_clause* "SYNTAX" syntax')
    grammar += _TC_CLAUSES
    for clause, keyword in (
        ("object_identity", "OBJECT-IDENTITY"),
        ("module_identity", "MODULE-IDENTITY"),
        ("module_compliance", "MODULE-COMPLIANCE"),
        ("agent_capabilities", "AGENT-CAPABILITIES"),
    ):
        rule, body = f"{clause}_clause: ", f'LOWERCASE_IDENTIFIER "{keyword}" '
        assert rule + body in grammar
        bare = f'"::=" "{{" object_identifier "}}"\n    | {body}'
        grammar = grammar.replace(rule + body, f"{rule}{body}{bare}", 1)
    modules = 'refer_part? compliance_module_part "::="'
    assert modules in grammar
    grammar = grammar.replace(modules, 'refer_part? [compliance_module_part] "::="')
    for group in ("object_group", "notification_group"):
        keyword = group.upper().replace("_", "-")
        part = "object_group_objects" if group == "object_group" else "notifications"
        body = f'LOWERCASE_IDENTIFIER "{keyword}" {part}_part '
        assert f"{group}_clause: {body}" in grammar
        bare = f'LOWERCASE_IDENTIFIER "{keyword}" "::=" "{{" object_identifier "}}"'
        full = f'LOWERCASE_IDENTIFIER "{keyword}" [{part}_part] '
        grammar = grammar.replace(
            f"{group}_clause: {body}",
            f'{group}_clause: {bare}\n    | {body}"::=" "{{" object_identifier "}}"\n    | {full}',
        )
    # Named numbers after an integer type Net-SNMP takes them for (Ubiquiti's
    # 'Integer32 { enabled(1), disabled(2) }'): kept with that type.
    for keyword, rule in _ENUMERABLE:
        subtype = f'| "{keyword}" integer_subtype '
        assert subtype in grammar
        grammar = grammar.replace(subtype, f'| "{keyword}" enum_spec -> {rule}\n    {subtype}', 1)
    # A value's definition named as a type is (Sophos' 'Sophos MODULE-IDENTITY'): Net-SNMP
    # reads any label there.
    for keyword in _VALUE_MACROS:
        grammar = grammar.replace(
            f'LOWERCASE_IDENTIFIER "{keyword}"', f'fuzzy_lowercase_identifier "{keyword}"'
        )
    return grammar


#: The integer types whose SYNTAX Net-SNMP takes named numbers after (but INTEGER), and the
#: rule of pysmi's that reads them with a constraint.
_ENUMERABLE = (
    ("Integer32", "simple_integer32_subtype"),
    ("Unsigned32", "app_unsigned32_subtype"),
    ("Gauge32", "app_gauge32_subtype"),
    ("Gauge", "app_gauge_alias_subtype"),
    ("Counter32", "app_counter32_subtype"),
    ("Counter", "app_counter_alias_subtype"),
)

#: The macros defining a value (a node), whose definitions start with its name.
_VALUE_MACROS = (
    "OBJECT-TYPE",
    "OBJECT-IDENTITY",
    "MODULE-IDENTITY",
    "NOTIFICATION-TYPE",
    "TRAP-TYPE",
    "OBJECT-GROUP",
    "NOTIFICATION-GROUP",
    "MODULE-COMPLIANCE",
    "AGENT-CAPABILITIES",
)


#: A TEXTUAL-CONVENTION's clauses before its SYNTAX as Net-SNMP keeps them: in any order,
#: each optional (the other words blanked out by `_conventions`).
_TC_CLAUSES = """
tc_clause: display_part
         | "STATUS" status -> tc_status
         | "DESCRIPTION" text -> tc_description
         | refer_part
"""


def _read_past(items: list[Any]) -> tuple[Any, ...]:
    """A group's parts when its clauses, or its list too, were read past: its name, its
    list (None: none), no STATUS, DESCRIPTION nor REFERENCE, its OID value."""
    return (items[0], items[1] if len(items) == 3 else None, None, None, None, items[-1])


class _KeptTrees:
    """pysmi's lark parser, keeping each parse tree: its tokens know their lines."""

    def __init__(self, lark: Any) -> None:
        self._lark = lark
        self.trees: list[tuple[Any, str]] = []  # (tree, the text parsed)

    def parse(self, text: str, *args: Any, **kwargs: Any) -> Any:
        tree = self._lark.parse(text, *args, **kwargs)
        self.trees.append((tree, text))
        return tree


class _Text(str):
    """A text (DESCRIPTION, UNITS) as pysmi hands it over: kept even when empty (pysmi drops
    false values)."""

    def __bool__(self) -> bool:
        return True


def _syntax(data: Mapping[str, Any] | None) -> Syntax | None:
    if not data or "type" not in data:
        return None
    constraints = data.get("constraints") or {}
    named = data.get("bits") or constraints.get("enumeration")
    sizes, ranges = constraints.get("size"), constraints.get("range")
    return (
        str(data["type"]),
        {str(k): int(v) for k, v in named.items()} if named else None,
        [(int(r["min"]), int(r["max"])) for r in sizes] if sizes else None,
        [(int(r["min"]), int(r["max"])) for r in ranges] if ranges else None,
    )


def _text(text: str | None) -> str | None:
    return None if text is None else str(text)  # a plain str: marshal takes no subclass


def _defval_token(value: Any) -> str:
    """A DEFVAL token as Net-SNMP's lexer keeps it (strings quoted with ``\\"``, braces and
    commas kept), but ``'ff'H`` and ``'1'B`` as written, without spaces: the octets they
    stand for are a row's default (`_defval`); ``-Td`` prints Net-SNMP's number of them."""
    if isinstance(value, (list, tuple)):  # BITS: ``{ a , b }``, none set ``{ }``
        return "{ " + "".join(f"{_defval_token(item)} , " for item in value)[:-2] + "}"
    text = str(value)
    if text.startswith(f'"{DEFVAL_MARK}'):  # Net-SNMP's text of it (`read_defvals`)
        return text[2:-1].replace(DEFVAL_QUOTE, '"')
    if text.startswith('"'):
        return '\\"' + text[1:-1] + '\\"'
    if len(text) >= 3 and text[0] == "'" and text[-2] == "'" and text[-1] in "HhBb":
        return "'" + "".join(text[1:-2].split()) + text[-2:]
    return text


def _indexes(
    items: list[Mapping[str, Any]] | None, fakes: Mapping[str, str]
) -> list[tuple[str, str, bool]] | None:
    if not items:
        return None
    result = []
    for item in items:
        name = str(item["object"])
        if name in fakes:
            result.append(("", fakes[name], bool(item["implied"])))
        else:
            result.append((str(item["module"]), name, bool(item["implied"])))
    return result


def _with_base_types(imports: dict[str, list[str]], declarations: Any) -> dict[str, list[str]]:
    """`imports` and the SMI base types the declarations use without importing them.

    Net-SNMP knows ``Counter64``, ``Opaque``... as keywords, so a module may use them
    without IMPORTS (NET-SNMP-PASS-MIB does); pysmi needs them imported, else fails.
    """
    imported = {symbol for symbols in imports.values() for symbol in symbols}
    defined = set()
    used = set()
    pending = [declarations]
    while pending:
        item = pending.pop()
        if isinstance(item, (tuple, list)):
            if item[:1] == ("typeDeclaration",) and len(item) > 1:
                defined.add(item[1])
            elif item[:1] == ("ApplicationSyntax",) and len(item) > 1:
                used.add(item[1])
            pending.extend(item)
    for symbol in sorted(used - imported - defined):
        module = _BASE_TYPE_MODULES.get(str(symbol))
        if module is not None:
            imports.setdefault(module, []).append(symbol)
    return imports


def _parse_to_the_end(parse: Callable[..., Any], data: str, **kwargs: Any) -> tuple[Any, bool]:
    """pysmi's parse of a MIB text, and whether its last module lacks its ``END``: such a
    text (as erlang-snmp's RFC-1215) is read to its end, as Net-SNMP reads it (silently,
    linking none of that module's nodes: it links a module's nodes at its ``END``)."""
    from pysmi.error import PySmiParserError

    try:
        return parse(data, **kwargs), False
    except PySmiParserError as error:
        try:
            trees = parse(f"{data}\nEND\n", **kwargs)
        except PySmiParserError:
            raise error from error.__cause__  # lark's error: where, what it expected
        return trees, True


def _between(error: BaseException | None) -> tuple[int, bool] | None:
    """Where lark's `error` is when it is between two definitions or after a module's END
    (where Net-SNMP's main loop reads on, `_resync`), and whether after an END; else None.
    A definition's name that Net-SNMP reads as a keyword (``SYNTAX`` where a line naming an
    OBJECT-TYPE is missing) is between definitions to it: its main loop reads on from it."""
    parser = getattr(error, "interactive_parser", None)
    token = getattr(error, "token", None)
    start = getattr(error, "pos_in_stream", None)
    if parser is None or getattr(token, "type", "") == "$END" or not isinstance(start, int):
        return None
    accepts = parser.accepts()
    if "END" in accepts:
        return start, False
    if "$END" in accepts:
        return start, True
    stack = parser.parser_state.value_stack
    name, before = (stack[-1], stack[-2]) if len(stack) > 1 else (None, None)
    at = getattr(name, "start_pos", None)
    data = str(getattr(before, "data", ""))  # what precedes: BEGIN, IMPORTS, definitions
    if (
        isinstance(at, int)
        and not hasattr(name, "data")
        and data in ("module", "__mib_file_star_0")
        and str(token) != "DEFINITIONS"
    ):  # a type's name after the module's END (pysmi's next module's name)
        return at, True
    if (
        isinstance(at, int)
        and not hasattr(name, "data")  # a token
        and not is_name(str(name))
        and (str(before) == "BEGIN" or data == "linkage_clause" or data.startswith("__declaration"))
    ):
        return at, False
    return None


def _unmapped(
    data: str, error: BaseException | None
) -> tuple[int, list[tuple[str, int]], int | None] | None:
    """A type before lark's `error` in `data` whose SYNTAX names a type Net-SNMP does not
    know there (`unmapped_before`): where its definition starts, what Net-SNMP says of it
    and of the words its main loop reads on past, where it reads on from (None: the module
    is dropped); None: no such type."""
    offset = getattr(error, "pos_in_stream", None)
    if not isinstance(offset, int):
        offset = len(data)
    line = line_at(data, offset)
    imported = {label for _, _, labels in imports_read(data, line) for label in labels}
    found = unmapped_before(data, offset, imported)
    if found is None:
        return None
    begin, named, line, after = found
    resync = read_on(data, after, "::=")
    return begin, [(doesnt_map(named), line), *resync.said], resync.at


def _has_oid(symbol: Any) -> bool:
    """Whether an entry of pysmi's symbol table is a node (has an OID)."""
    return isinstance(symbol, Mapping) and symbol.get("oid") is not None


def _record(data: Mapping[str, Any]) -> ModuleRecord:
    """The compact record of one module from pysmi's intermediate form."""
    imports: dict[str, str] = {}
    for module, symbols in (data.get("imports") or {}).items():
        if module == "class":
            continue
        for symbol in symbols:
            imports[str(symbol)] = str(module)
    fakes = {
        str(item["name"]): str(item["syntax"]["type"])
        for key, item in data.items()
        if key.startswith(_FAKE_PREFIX) and isinstance(item, Mapping)
    }
    diag = data.get(_DIAG) or {}
    typelines = diag.get("typelines", {})
    # Net-SNMP knows a module's type from its definition on: not for an object above it.
    untyped = {
        label
        for label, name, line in diag.get("syntaxes", ())
        if name not in imports and typelines.get(name, 0) > line
    }
    nodes: list[tuple[Any, ...]] = []
    types: dict[str, tuple[Any, ...]] = {}
    for key, item in data.items():
        if (
            key in ("imports", "meta", _WRITTEN, _DIAG)
            or key in fakes
            or not isinstance(item, Mapping)
        ):
            continue
        cls = item.get("class")
        if cls in ("type", "textualconvention"):
            syntax = _syntax(item.get("type"))
            if syntax is not None:
                types[str(item["name"])] = (
                    syntax,
                    item.get("displayhint"),
                    item.get("status"),
                    _text(item.get("description")),
                )
            continue
        if "oid" not in item:
            continue
        kind = item.get("nodetype", "node") if cls == "objecttype" else _KINDS.get(str(cls), "node")
        augments = item.get("augmention")
        objects = item.get("objects")
        nodes.append(
            (
                str(item["name"]),
                str(item["oid"]),
                str(kind),
                None if item["name"] in untyped else _syntax(item.get("syntax")),
                item.get("maxaccess"),
                item.get("status"),
                _text(item.get("units")),
                _text(item.get("description")),
                _indexes(item.get("indices"), fakes),
                (str(augments["module"]), str(augments["object"])) if augments else None,
                str(cls),
                [str(entry["object"]) for entry in objects] if objects else None,
                _defval_token(item["rawdefval"]) if "rawdefval" in item else None,
            )
        )
    if diag.get("endless"):  # Net-SNMP links a module's nodes at its END: none
        nodes = []
    nodes = _in_file_order(nodes, diag.get("lines", {}))
    written = data.get(_WRITTEN) or {}
    sources = {
        str(symbol): module
        for module, symbols in written.items()
        for symbol in symbols
        if imports.get(str(symbol), module) != module
    }
    return {
        "imports": imports,
        "sources": sources,
        "requires": [
            str(module)
            for module, symbols in written.items()
            if any(is_label(str(symbol)) for symbol in symbols)
        ],
        "nodes": nodes,
        "types": types,
        "diag": diag,
    }


def _in_file_order(nodes: list[tuple[Any, ...]], lines: Mapping[str, int]) -> list[tuple[Any, ...]]:
    """`nodes` in the order of their definitions in the file (Net-SNMP links a module's
    nodes in that order, reversed), where pysmi gives those it read again (of a type it
    did not know) last; a node of no known line stays after the one before it."""
    keys, line = [], 0
    for item in nodes:
        line = lines.get(item[0], line)
        keys.append(line)
    return [nodes[at] for at in sorted(range(len(nodes)), key=keys.__getitem__)]


class _TooLong(Exception):
    """An OID of more than `_MAX_ARCS` arcs."""


def _label_arcs(
    table: Mapping[str, Any],
    part: Any,
    numbers: dict[tuple[str, str], tuple[int, ...] | None],
    semantic: type[Exception],
) -> tuple[int, ...]:
    """The arcs of one part of an OID value as pysmi's code generator holds it: a number,
    or a (label, module) whose own OID value is read in turn, with no recursion.

    Args:
        table: pysmi's symbol table ({module: {label: symbol}}).
        part: the part.
        numbers: the arcs of the labels resolved so far (None: too long), kept between calls.
        semantic: pysmi's ``PySmiSemanticError``, raised for a label of no known OID.

    Raises:
        semantic: an unknown module or label, or a label defined below itself.
        _TooLong: an OID longer than `_MAX_ARCS` arcs.
    """
    if not isinstance(part, tuple):
        return (part,)
    chain, under_way = [part], {part}  # each label the parent of the one before it
    while chain:
        key = chain[-1]
        if key in numbers:
            under_way.discard(chain.pop())
            continue
        label, module = key
        if label == "iso":
            numbers[key] = (1,)
            continue
        if module not in table:
            raise semantic(f'no module "{module}" in symbolTable')
        value = table[module].get(label, {}).get("oid")
        if value is None:
            raise semantic(f'no symbol "{label}" in module "{module}"')
        parent = next((p for p in value if isinstance(p, tuple) and p not in numbers), None)
        if parent in under_way:
            raise semantic("a label defined below itself")
        if parent is not None:
            chain.append(parent)
            under_way.add(parent)
            continue
        arcs: tuple[int, ...] | None = ()
        for item in value:
            more = numbers[item] if isinstance(item, tuple) else (item,)
            arcs = None if arcs is None or more is None else arcs + more
        numbers[key] = None if arcs is None or len(arcs) > _MAX_ARCS else arcs
    arcs = numbers[part]
    if arcs is None:
        raise _TooLong
    return arcs


def compile_modules(
    names: list[str],
    read: Callable[[str], str | None],
    *,
    underscores: bool = False,
    comment_to_eol: bool = False,
    parsers: ParserStore | None = None,
) -> tuple[dict[str, ModuleRecord], dict[str, ModuleRecord]]:
    """Compile modules (and what they import) with pysmi.

    Args:
        names: the modules to compile.
        read: the text of a module by name, None when there is no such module.
        underscores: identifiers may hold ``_`` (Net-SNMP's ``-Pu``).
        comment_to_eol: a comment runs to its line's end, a second ``--`` ending none
            (Net-SNMP's ``-Pc``).
        parsers: where the grammar's parser is kept between processes (None: built).

    Returns:
        The record of every module compiled (`names` and their imports), and
        why each module that failed did (a failure never stops the others): a record
        ``{"error": pysmi's reason, "grammar": [(Net-SNMP's words, line)]}``, with the
        modules Net-SNMP reads for its IMPORTS (``requires``, ``diag``'s ``from``) when it
        does not parse.
    """

    attempt = 0
    cut: dict[str, list[tuple[str, int]]] = {}  # what Net-SNMP says of words cut or read past
    slips: dict[str, ReadPast] = {}  # the definitions read past a slip in (`_groups`)
    tails: dict[str, tuple[int, list[str]] | None] = {}  # the labels after the last FROM
    while True:
        rewriting = Underscores(attempt)

        def hidden(name: str, rewriting: Underscores = rewriting) -> str | None:
            text = read(rewriting.restore(name))
            if text is None:
                return None
            text = blank_comments(text, to_eol=comment_to_eol, underscores=underscores)
            text = join_octet(text, underscores=underscores)
            text, cut[name] = cut_long_words(text, underscores=underscores)
            text = rewriting.lead_digits(text, underscores)
            text = read_imports(read_header(text), PARSER_KEYWORDS)
            text, tails[name] = read_import_tail(text, underscores=underscores)
            past = read_past(text, underscores=underscores)
            typed = read_conventions(past.text, underscores=underscores)
            listed = read_enumerations(typed.text, underscores=underscores)
            lists = read_indexes(listed.text, underscores=underscores)
            lists, bounds = read_ranges(lists, underscores=underscores)
            lists = read_defvals(lists, underscores=underscores)
            lists = read_clauses(lists, underscores=underscores)
            rows = read_sequences(lists, underscores=underscores)
            readings = (past, typed, listed, rows)
            ends = [found.fatal for found in readings if found.fatal is not None]
            slips[name] = past._replace(text=rows.text, fatal=min(ends, default=None))
            text = rewriting.type_labels(rows.text)
            said = [*cut[name], *past.said, *typed.said, *listed.said, *bounds]
            cut[name] = sorted(said, key=lambda item: item[1])
            if underscores:
                return rewriting.hide(text)
            text, said = rewriting.hide_where_read(text)
            cut[name] = sorted([*cut[name], *said], key=lambda item: item[1])
            return text

        try:
            compiled, failures = _compile_modules(
                [rewriting.name(name, underscores) for name in names],
                hidden,
                cut,
                slips,
                tails,
                _grammar(parsers),
            )
        except Collision:
            attempt += 1
            continue
        return _as_printed(rewriting.restore(compiled)), _as_printed(rewriting.restore(failures))


def _as_printed(value: Any) -> Any:
    """`value` (a record, or what it holds) with each text read a character per byte given
    as Net-SNMP prints it: the file's bytes, decoded as UTF-8 with ``surrogateescape`` (a
    UTF-8 file's text as it was, another byte as a surrogate that writes back as that byte)."""
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            return value.encode("latin-1").decode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # not read from a file (a module name asked for)
            return value
    if isinstance(value, dict):
        return {_as_printed(key): _as_printed(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_as_printed(item) for item in value)
    return value


def _compile_modules(
    names: list[str],
    read: Callable[[str], str | None],
    cut: Mapping[str, list[tuple[str, int]]],
    slips: Mapping[str, ReadPast],
    tails: Mapping[str, tuple[int, list[str]] | None],
    grammar: Any,
) -> tuple[dict[str, ModuleRecord], dict[str, ModuleRecord]]:
    """`compile_modules` of texts as pysmi reads them (`cut`: what Net-SNMP says of each
    text's words it cuts short, `slips`: of the definitions it reads past a slip in,
    `tails`: the labels its IMPORTS name after their last FROM, when `read` has read it),
    with `grammar`'s lark parser."""
    from pysmi.codegen.intermediate import IntermediateCodeGen
    from pysmi.codegen.symtable import SymtableCodeGen
    from pysmi.compiler import MibCompiler
    from pysmi.error import PySmiError, PySmiParserError, PySmiSemanticError
    from pysmi.parser.dialect import smi_v1_relaxed
    from pysmi.parser.lark_parser import _BootstrapAstBuilder
    from pysmi.parser.smi import parserFactory
    from pysmi.reader.callback import CallbackReader
    from pysmi.writer.callback import CallbackWriter

    class Symbols(SymtableCodeGen):  # type: ignore[misc]
        """pysmi's symbol table of a module, keeping what pysmi would fail the module for:
        Net-SNMP loads a definition of an unknown type (without the type), and links one
        whose parent is unknown when a module defining that parent loads (the tree does)."""

        def correct_postponed_syms(self) -> None:
            super().correct_postponed_syms()
            for symbol, (_parents, props) in self._postponedSyms.items():
                self._out[symbol] = props
                self._symsOrder.append(symbol)
            self._postponedSyms.clear()

        def _oid(self, data: Any, classmode: bool = False) -> Any:
            result = SymtableCodeGen.gen_oid(self, data, classmode)
            self._parentOids.clear()  # an unknown parent is the tree's to link or report
            return result

        def reg_sym(self, symbol: str, symProps: Any, parents: Any = ()) -> None:
            # Defined again: Net-SNMP reads on, the later definition the label's from there.
            self._out.pop(symbol, None)
            self._postponedSyms.pop(symbol, None)
            super().reg_sym(symbol, symProps, parents)

        def gen_code(self, ast: Any, symbolTable: Any, **kwargs: Any) -> Any:
            info, out = super().gen_code(ast, symbolTable, **kwargs)
            if positions.get(str(ast[0]), {}).get("endless"):
                # A module without END: Net-SNMP links none of its nodes, for its importers too.
                for symbol in [key for key, item in out.items() if _has_oid(item)]:
                    del out[symbol]
            return info, out

        handlersTable: ClassVar[dict[str, Any]] = {
            **SymtableCodeGen.handlersTable,
            "objectIdentifier": _oid,
        }

    class CodeGen(IntermediateCodeGen):  # type: ignore[misc]
        # pysmi renames NetworkAddress to IpAddress; Net-SNMP prints the two differently.
        SMI_TYPES: ClassVar[dict[str, str]] = {
            old: new
            for old, new in IntermediateCodeGen.SMI_TYPES.items()
            if old != "NetworkAddress"
        }

        def _object_type(self, data: Any) -> Any:
            # pysmi resolves a DEFVAL (labels to numbers, hex to bytes): keep it as written too.
            result = IntermediateCodeGen.gen_object_type(self, data)
            if data[9] is not None:
                result["rawdefval"] = data[9]
            return result

        def reg_sym(self, symbol: str, outDict: Any, *args: Any, **kwargs: Any) -> None:
            done: dict[str, Any] = vars(self)["_out"]
            if symbol in self._seenSyms and symbol in done:
                # Defined again: Net-SNMP keeps both nodes (the earlier one under another key).
                again[f"{symbol}#{len(again)}"] = done.pop(symbol)
                self._seenSyms.discard(symbol)
            super().reg_sym(symbol, outDict, *args, **kwargs)

        def gen_numeric_oid(self, oid: Any) -> Any:
            # pysmi's recurses once per parent (a RecursionError a few hundred labels
            # deep) and again for every definition below: each label once, in a loop.
            arcs: tuple[int, ...] = ()
            for part in oid:
                arcs += _label_arcs(self.symbolTable, part, numbers, PySmiSemanticError)
            if len(arcs) > _MAX_ARCS:
                raise _TooLong
            return arcs

        def process_defval(self, defval: Any, objname: str) -> Any:
            return {}  # kept as written (rawdefval); pysmi's reading fails on unknown types

        def _oid(self, data: Any) -> Any:
            try:
                result = IntermediateCodeGen.gen_oid(self, data)
            except _TooLong:
                return "", ""  # no OID: `gen_code` leaves the definition out
            except PySmiSemanticError:
                # A parent that is neither defined nor imported (or whose module lacks it):
                # the OID as written, "parent.arc...", which the tree links if it can; each
                # name(number) arc a node below the label before it, as in Net-SNMP.
                first, *arcs = data[0]
                if not isinstance(first, str):
                    raise
                parent, below = first, []
                for position, arc in enumerate(arcs, 1):
                    below.append(str(arc[1] if isinstance(arc, tuple) else arc))
                    if isinstance(arc, tuple) and position < len(arcs):
                        name, oid = str(arc[0]), ".".join([parent, *below])
                        implicit.setdefault(
                            name, {"name": name, "oid": oid, "class": "objectidentity"}
                        )
                        parent, below = name, []
                return ".".join([parent, *below]), self.trans_opers(first)
            # Net-SNMP also defines the name(number) arcs of an OID value: org and dod of
            # "{ iso org(3) dod(6) 1 }" belong to the module too; pysmi drops their names.
            arcs, elements = result[0].split("."), data[0]
            offset = len(arcs) - len(elements)
            # The arcs it writes as numbers (not its first, nor its last): Net-SNMP makes
            # each an anonymous#N node, counting them.
            numbered[result[0]] = [
                ".".join(arcs[: offset + position + 1])
                for position, element in enumerate(elements[1:-1], 1)
                if not isinstance(element, tuple)
                and str(element).isdigit()
                and offset + position >= 0
            ]
            for position, element in enumerate(elements):
                if isinstance(element, tuple) and offset + position >= 0:
                    name = str(element[0])
                    oid = ".".join(arcs[: offset + position + 1])
                    implicit.setdefault(name, {"name": name, "oid": oid, "class": "objectidentity"})
            return result

        def gen_code(self, ast: Any, symbolTable: Any, **kwargs: Any) -> Any:
            implicit.clear()
            numbered.clear()
            again.clear()
            numbers.clear()  # the symbol table is the new module's
            lost = unmapped(str(ast[0]), symbolTable)
            try:
                info, out = super().gen_code(ast, symbolTable, **kwargs)
            except (RecursionError, _TooLong):  # what pysmi reads recursively, nested too deep
                raise PySmiSemanticError("definitions nested too deeply") from None
            for label in lost:
                out.pop(self.trans_opers(label), None)
            for name, item in implicit.items():
                out.setdefault(self.trans_opers(name), item)
            out.update(again)
            name = str(ast[0])
            # Left out silently, as Net-SNMP leaves out what it cannot place so deep.
            deep = [
                key
                for key, item in out.items()
                if isinstance(item, Mapping) and item.get("oid") == ""
            ]
            for key in deep:
                del out[key]
            out[_WRITTEN] = written.get(name, {})
            out[_DIAG] = positions.get(name, {})
            out[_DIAG]["numbered"] = {oid: below for oid, below in numbered.items() if below}
            return info, out

        handlersTable: ClassVar[dict[str, Any]] = {
            **IntermediateCodeGen.handlersTable,
            "objectTypeClause": _object_type,
            "objectIdentifier": _oid,
        }

    compiled: dict[str, ModuleRecord] = {}
    # Per module: its types' SYNTAX types and its definitions' starts, its text.
    layouts: dict[str, tuple[list[tuple[str, str, int, int]], list[tuple[str, int]], str]] = {}

    def unmapped(name: str, tables: Mapping[str, Mapping[str, Any]]) -> set[str]:
        """Net-SNMP's reading of module `name`'s types whose SYNTAX names a type it does
        not know there (`tables`: pysmi's symbol tables): each is said, then its main loop
        reads on (`_resync`), the definitions it reads past lost (returned), or drops the
        module (raising pysmi's semantic error)."""
        references, starts, text = layouts.get(name, ([], [], ""))
        diag = positions.get(name, {})
        own = diag.get("typelines", {})
        source = {
            str(symbol): module
            for module, symbols in written.get(name, {}).items()
            for symbol in symbols
        }
        lost: set[str] = set()
        resume = 0
        for defined, named, line, end in references:
            if end < resume:
                continue
            if named in source:
                module = source[named]
                found = [tables[module]] if module in tables else list(tables.values())
                known = any(
                    table.get(named, {}).get("type") == "TypeDeclaration" for table in found
                )
            else:
                known = named not in lost and own.get(named, line) < line
            if known:
                continue
            said, at = read_on(text, end, "::=")
            said = [(doesnt_map(named), line), *said]
            if at is None:
                drop(name, text, said, line)
                raise PySmiSemanticError(said[0][0])
            begin = next(offset for label, offset in starts if label == defined)
            lost.update(label for label, offset in starts if begin <= offset < at)
            diag["said"] = [*diag.get("said", ()), *said]
            resume = at
        for label in lost:
            own.pop(label, None)
        return lost

    positions: dict[str, dict[str, Any]] = {}  # each module's `_positions.module_positions`
    dropped: dict[str, dict[str, Any]] = {}  # what Net-SNMP does of the modules that do not parse
    implicit: dict[str, dict[str, str]] = {}
    again: dict[str, Any] = {}  # the definitions of a module's labels defined again
    numbers: dict[tuple[str, str], tuple[int, ...] | None] = {}  # (label, module) -> arcs
    numbered: dict[str, list[str]] = {}  # OID value -> the OIDs of its arcs written as numbers

    def write(name: str, data: Mapping[str, Any], _ctx: object) -> None:
        compiled[name] = _record(data)

    class Builder(_BootstrapAstBuilder):  # type: ignore[misc]
        """pysmi's tree -> AST, for the clauses of `_TC_CLAUSES` too; its words as Net-SNMP
        reads them: any label (pysmi refuses ASN.1's keywords, ``TRUE``, and a ``-`` at
        the end), any number, an enumeration's numbers and an OID value's arcs kept in a C
        int (an arc of -1, 2^32-1, drops the module: `_positions.value_slips`)."""

        def UPPERCASE_IDENTIFIER(self, token: Any) -> str:
            return str(token)

        def LOWERCASE_IDENTIFIER(self, token: Any) -> str:
            return str(token)

        def NUMBER(self, token: Any) -> int:
            return int(token)

        def enum_item_lower(self, items: list[Any]) -> Any:
            return items[0], strtol_int(items[1])

        enum_item_upper = enum_item_lower
        named_bit = enum_item_lower

        def subidentifier(self, items: list[Any]) -> Any:
            *label, arc = items
            if isinstance(arc, int):
                arc = strtoul_int(arc) & 0xFFFFFFFF
            return (*label, arc) if label else arc

        def tc_clause(self, items: list[Any]) -> Any:
            return items[0]

        def tc_status(self, items: list[Any]) -> Any:
            return items[0]

        def tc_description(self, items: list[Any]) -> Any:
            return ("DESCRIPTION", items[0])

        def object_group_clause(self, items: list[Any]) -> Any:
            if len(items) < 4:  # its clauses (and list) read past
                return ("objectGroupClause", *_read_past(items))
            return super().object_group_clause(items)

        def object_identity_clause(self, items: list[Any]) -> Any:
            if len(items) == 2:  # its clauses read past
                return ("objectIdentityClause", items[0], None, None, None, items[1])
            return super().object_identity_clause(items)

        def module_identity_clause(self, items: list[Any]) -> Any:
            if len(items) == 2:  # its clauses read past
                return ("moduleIdentityClause", items[0], *[None] * 5, items[1])
            return super().module_identity_clause(items)

        def module_compliance_clause(self, items: list[Any]) -> Any:
            if len(items) == 2:
                return ("moduleComplianceClause", items[0], *[None] * 4, items[1])
            return super().module_compliance_clause(items)

        def agent_capabilities_clause(self, items: list[Any]) -> Any:
            if len(items) == 2:
                return ("agentCapabilitiesClause", items[0], *[None] * 4, items[1])
            return super().agent_capabilities_clause(items)

        def notification_group_clause(self, items: list[Any]) -> Any:
            if len(items) < 4:
                return ("notificationGroupClause", *_read_past(items))
            return super().notification_group_clause(items)

        def type_decl_rhs_tc(self, items: list[Any]) -> Any:
            *clauses, syntax = items
            found = {item[0]: item for item in clauses if isinstance(item, tuple)}
            parts = ("DISPLAY-HINT", "Status", "DESCRIPTION", "REFERENCE")
            return ("typeDeclarationRHS", *map(found.get, parts), syntax)

    class Parser(parserFactory(**smi_v1_relaxed)):  # type: ignore[misc]
        """pysmi's parser over `_grammar` (pysmi's own builds its grammar each time)."""

        def __init__(self) -> None:
            self.parser = grammar
            self.transformer = Builder(self._grammarOptions)

    parser = Parser()
    parse = parser.parse
    lark = parser.parser = _KeptTrees(parser.parser)
    written: dict[str, dict[str, list[str]]] = {}
    reading: list[str] = []  # the modules pysmi asked for, in order

    def drop(name: str, data: str, said: list[tuple[str, int]], line: int) -> None:
        """Keep what Net-SNMP does of module `name`, which it drops (at `line` of its text
        `data`): it says `said`, having read the modules it imports."""
        imports = imports_read(data, line)
        dropped[name] = {
            "grammar": said,
            "requires": list(dict.fromkeys(module for module, _, _ in imports)),
            "diag": {"from": imports},
        }

    def before(said: list[tuple[str, int]], line: int) -> list[tuple[str, int]]:
        """What of `said` Net-SNMP says before it drops a module at `line`."""
        return [(text, at) for text, at in said if at <= line]

    def parse_keeping_imports(data: str, **kwargs: Any) -> Any:
        # pysmi rewrites SMIv1 imports in place (DisplayString FROM RFC1213-MIB becomes
        # SNMPv2-TC's); Net-SNMP reads a type from the module named: keep them as written.
        trees = []
        # What Net-SNMP says of the words it cuts short, and of those it reads past.
        skipped: list[tuple[str, int]] = list(cut.get(reading[-1], ()))
        trailing: list[tuple[str, int]] = []  # of those after the module's END
        while True:
            lark.trees.clear()
            try:
                parsed, endless = _parse_to_the_end(parse, data, **kwargs)
                break
            except PySmiError as error:
                to_end = slips[reading[-1]].fatal if reading[-1] in slips else None
                unmapped_at = _unmapped(data, error.__cause__)
                if unmapped_at is not None and (to_end is None or unmapped_at[1][0][1] < to_end[0]):
                    begin, said, end = unmapped_at  # Net-SNMP's reading went wrong before
                    if end is None:
                        last = said[-1][1]
                        drop(reading[-1], data, [*before(skipped, last), *said], last)
                        raise
                    skipped.extend(said)
                    data = data[:begin] + blank(data[begin:end]) + data[end:]
                    continue
                where = _between(error.__cause__)
                resync = read_on(data, where[0]) if where is not None else None
                if where is not None and resync is not None:  # each time further on
                    start, ended = where
                    end = len(data) if ended else resync.at  # past the END: none read
                    if end is not None and end > start:
                        (trailing if ended else skipped).extend(resync.said)
                        if ended and resync.at is not None:
                            trailing.extend(after_end(data, resync.at))
                        data = data[:start] + blank(data[start:end]) + data[end:]
                        continue
                said = resync.said if resync else grammar_lines(error.__cause__, data)
                line = getattr(error.__cause__, "line", None)
                line = line if isinstance(line, int) and line > 0 else len(data)
                if to_end is not None and line >= to_end[0]:  # a slip read past to the end
                    said = to_end[1]
                line = said[-1][1] if said else line
                drop(reading[-1], data, [*before(skipped, line), *said], line)
                raise
        walks = [(Walk(kept), kept, text) for kept, text in lark.trees[-1:]]
        modules = [
            (walk, tree, text) for walk, kept, text in walks for tree in walk.find(kept, "module")
        ]
        for name, oid, imports, declarations in parsed:
            imports = imports or {}
            written[str(name)] = {str(module): list(imports[module]) for module in imports}
            trees.append((name, oid, _with_base_types(imports, declarations), declarations))
        for (name, *_), (walk, tree, text) in zip(parsed, modules, strict=False):  # one each
            fatal = value_slips(walk, tree, text)
            if fatal:  # values Net-SNMP's parser drops the module for
                drop(reading[-1], data, [*before(skipped, fatal[-1][1]), *fatal], fatal[-1][1])
                message, line = fatal[-min(2, len(fatal))]
                raise PySmiParserError(message, lineno=line)
            read = slips[reading[-1]].compliances if reading[-1] in slips else {}
            positions[str(name)] = {
                **module_positions(walk, tree, text, str(name), read),
                "said": [],
            }
            tail = tails.get(reading[-1])
            if tail is not None:  # looked up in any module: Net-SNMP's "#-1"
                positions[str(name)]["from"].append(("", *tail))
            layouts[str(name)] = (*type_references(walk, tree), text)
        if endless and parsed:
            positions[str(parsed[-1][0])]["endless"] = True
        if parsed:
            diag = positions[str(parsed[-1][0])]
            diag["said"] = [*skipped, *diag["said"]]
            if trailing:
                diag["trailing"] = trailing
        return trees

    parser.parse = parse_keeping_imports
    compiler = MibCompiler(parser, CodeGen(), CallbackWriter(write))
    compiler._symbolgen = Symbols()  # pysmi has no parameter for it
    # Who compiled where, for comments of generated code we do not keep: pysmi's
    # getpass.getuser() raises KeyError for a user of no passwd entry (a container's).
    compiler._get_system_info = lambda: (("", "", ""), ("",))
    absent: set[str] = set()

    def source(name: str, _ctx: object) -> str:
        reading.append(name)  # pysmi parses it next
        text = read(name)
        if text is None:
            absent.add(name)
        return text or ""

    compiler.add_sources(CallbackReader(source))
    statuses = compiler.compile(
        *names,
        genTexts=True,
        textFilter=lambda _symbol, text: _Text(text),
        ignoreErrors=True,
    )
    failures = {}
    for name, status in statuses.items():
        if status == "failed":
            reason = str(getattr(status, "error", "failed"))
            missing = [module for module in written.get(name, {}) if module in absent]
            if missing:  # pysmi says 'no module "X" in symbolTable'
                reason = f"Cannot find module ({', '.join(missing)}) it imports: {reason}"
            failures[name] = {"error": reason, "grammar": [], **dropped.get(name, {})}
    return compiled, failures
