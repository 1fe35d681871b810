"""Where things are in a MIB text, from pysmi's parse tree (lark: its tokens know their
lines), for the messages Net-SNMP's parser prints (`_report`).

A module's ``diag`` record (marshal-able):
    ``from``: [(module, line, labels)] per ``FROM`` clause that imports labels (Net-SNMP
    reads no module for keywords alone), `line` that of the module's name;
    ``lines``: {label: line} of each definition, the line Net-SNMP's parser is at when it
    makes the node (an OBJECT-TYPE's SYNTAX, an OBJECT IDENTIFIER's closing brace, a
    TRAP-TYPE's number for its ``enterprise#`` node, else the macro's keyword);
    ``refs``: [(what, name, line)] the names an OBJECT-GROUP (``OBJECT``) or a
    NOTIFICATION-GROUP (``NOTIFICATION``) lists, in the order Net-SNMP checks them;
    ``compliances``: per MODULE-COMPLIANCE, its ``MODULE`` clauses (``("MODULE", name or ""
    for this module, line)``) and the groups and objects each names (``("REF", name, line)``);
    ``macros``: [(name, line of ``MACRO``, line of its ``END``)] of the MACRO definitions;
    ``aliases``: the labels defined by an OID value of a label alone (``{ parent }``);
    ``syntaxes``: [(label, type, line)] of the OBJECT-TYPEs whose SYNTAX names a type;
    ``typelines``: {type: line} of the types it defines (but SEQUENCE ones);
    ``long``: [(first 50 characters, line of its end)] of the strings Net-SNMP cuts short;
    ``said``: [(message, line)] of what Net-SNMP's parser says while it loads the module on
    (the words it cuts short or reads past, `_groups`, `_conventions`, `_resync`: added by
    the compiler);
    ``endless``: True when the text ends before the module's ``END``; ``trailing``:
    [(message, line)] of the words after its ``END`` (both added by the compiler).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any

from ._clauses import constant
from ._cnumbers import strtoul_int
from ._comments import LONGEST
from ._lines import line_at
from ._objecttype import head_lines
from ._resync import STARTS, WORD, is_label, read_on
from ._underscores import LONGEST_VALUE

__all__ = (
    "PARSER_KEYWORDS",
    "Walk",
    "grammar_lines",
    "imports_read",
    "module_positions",
    "type_references",
    "value_slips",
)

#: The words of an IMPORTS list that Net-SNMP's parser reads as its own keywords (macros,
#: SMI types): a module imported for these alone is never read (``... FROM SNMPv2-CONF``).
PARSER_KEYWORDS = frozenset(
    {
        *("AGENT-CAPABILITIES", "MODULE-COMPLIANCE", "MODULE-IDENTITY", "NOTIFICATION-GROUP"),
        *("NOTIFICATION-TYPE", "OBJECT-GROUP", "OBJECT-IDENTITY", "OBJECT-TYPE"),
        *("TEXTUAL-CONVENTION", "TRAP-TYPE", "ApplicationSyntax", "BITS", "Counter"),
        *("Counter32", "Counter64", "Gauge", "Gauge32", "INTEGER", "Integer32", "IpAddress"),
        *("NetworkAddress", "NotificationName", "NsapAddress", "ObjectName", "ObjectSyntax"),
        *("Opaque", "SimpleSyntax", "TimeTicks", "UInteger32", "Unsigned32"),
    }
)


#: Net-SNMP's words for the definitions its parser reads ("Bad parse of OBJECT-TYPE").
_MACROS = frozenset(
    {
        *("OBJECT-TYPE", "OBJECT-GROUP", "NOTIFICATION-GROUP", "NOTIFICATION-TYPE"),
        *("TRAP-TYPE", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES", "MODULE-IDENTITY"),
        "OBJECT-IDENTITY",
    }
)

#: An OBJECT-TYPE's clauses Net-SNMP insists on, in its order: (terminal, its complaint).
_OBJECT_TYPE_CLAUSES = (("ACCESS", "Should be ACCESS"), ("STATUS", "Should be STATUS"))

#: An OBJECT-TYPE's clauses whose value Net-SNMP checks: (keyword, its complaint of a value).
_OBJECT_TYPE_VALUES = {
    "ACCESS": "Bad ACCESS type",
    "MAX-ACCESS": "Bad ACCESS type",
    "STATUS": "Bad STATUS",
}

#: The ACCESS and STATUS values Net-SNMP's parser takes in an OBJECT-TYPE (others drop the
#: module).
_ACCESS_VALUES = frozenset(
    {"read-only", "read-write", "write-only", "not-accessible", "accessible-for-notify"}
    | {"read-create"}
)
_STATUS_VALUES = frozenset({"current", "deprecated", "obsolete", "mandatory", "optional"})

#: The words Net-SNMP's parser takes for no arc of an OID value (its keywords), where lark's
#: grammar may take them for labels.
_NO_ARC = frozenset({*_MACROS, "::=", "SYNTAX", "END", "OBJECT", "MAX-ACCESS", "ACCESS"})

#: The clauses of a string whose absence makes Net-SNMP's parser drop the module, by macro
#: (``Bad DESCRIPTION (word)``, then ``Bad parse of OBJECT-TYPE``).
_STRING_CLAUSES = {
    "OBJECT-TYPE": ("DESCRIPTION", "REFERENCE", "UNITS"),
    **dict.fromkeys(
        ("OBJECT-GROUP", "NOTIFICATION-GROUP", "OBJECT-IDENTITY", "NOTIFICATION-TYPE"),
        ("DESCRIPTION", "REFERENCE"),
    ),
    "TRAP-TYPE": ("DESCRIPTION", "REFERENCE"),
}

#: The keyword after which Net-SNMP's parser makes a definition's node (its line is the node's).
_NODE_KEYWORDS = {
    "object_type_clause": "SYNTAX",
    "object_identity_clause": "OBJECT-IDENTITY",
    "module_identity_clause": "MODULE-IDENTITY",
    "notification_type_clause": "NOTIFICATION-TYPE",
    "object_group_clause": "OBJECT-GROUP",
    "notification_group_clause": "NOTIFICATION-GROUP",
    "module_compliance_clause": "MODULE-COMPLIANCE",
    "agent_capabilities_clause": "AGENT-CAPABILITIES",
    "trap_type_clause": "TRAP-TYPE",
}


def _tokens(tree: Any) -> list[Any]:
    """The tokens below a lark tree node, in order."""
    from lark import Token

    return list(tree.scan_values(lambda value: isinstance(value, Token)))


class Walk:
    """A lark tree walked once: its nodes of each rule and its tokens, in the text's order,
    and where each node's part of them starts and ends, so that finding the nodes or
    tokens below a node reads no tree again (a module's were walked a hundred times over)."""

    def __init__(self, tree: Any) -> None:
        from lark import Token, Tree

        self._nodes: list[Any] = []  # each node, in the text's order (a parent first)
        self._tokens: list[Any] = []
        self._places: dict[int, int] = {}  # id(node) -> its place in `_nodes`
        #: Each node's first token's place in `_tokens`, and where its part of `_nodes`
        #: and of `_tokens` ends.
        self._first: list[int] = []
        self._ends: list[tuple[int, int]] = []
        nodes, tokens, places, first, ends = (
            self._nodes, self._tokens, self._places, self._first, self._ends
        )  # fmt: skip
        rules: dict[Any, list[int]] = {}  # rule -> its nodes' places in `_nodes`
        # The children left to read of each node on the way down, and the node's place.
        stack: list[tuple[Iterator[Any], int]] = []
        pending: Iterator[Any] = iter((tree,))
        owner = -1
        while True:
            for item in pending:
                if type(item) is Token:
                    tokens.append(item)
                elif isinstance(item, Tree):
                    stack.append((pending, owner))
                    owner = len(nodes)
                    places[id(item)] = owner
                    found = rules.get(item.data)  # one object per rule: found by identity
                    if found is None:
                        rules[item.data] = [owner]
                    else:
                        found.append(owner)
                    nodes.append(item)
                    first.append(len(tokens))
                    ends.append((0, 0))
                    pending = iter(item.children)
                    break
                elif isinstance(item, Token):
                    tokens.append(item)
            else:  # the node's children all read
                if not stack:
                    break
                ends[owner] = (len(nodes), len(tokens))
                pending, owner = stack.pop()
        self._rules: dict[str, list[int]] = {}
        for rule, found in rules.items():  # by name (a rule's name could be two objects)
            self._rules.setdefault(str(rule), []).extend(found)
        for found in self._rules.values():
            found.sort()

    def find(self, tree: Any, *rules: str) -> list[Any]:
        """The nodes below `tree` (itself too) of these rules, in the text's order."""
        first = self._places[id(tree)]
        end = self._ends[first][0]
        found: list[int] = []
        for rule in rules:
            places = self._rules.get(rule, ())
            found += places[bisect_left(places, first) : bisect_left(places, end)]
        if len(rules) > 1:
            found.sort()
        return [self._nodes[place] for place in found]

    def tokens(self, tree: Any) -> list[Any]:
        """The tokens below a node, in order."""
        place = self._places[id(tree)]
        return self._tokens[self._first[place] : self._ends[place][1]]

    def first(self, tree: Any) -> Any:
        """A token itself, a node's first token."""
        if isinstance(tree, str):
            return tree
        place = self._places[id(tree)]
        first = self._first[place]
        if first == self._ends[place][1]:
            raise IndexError("no token below the node")
        return self._tokens[first]

    def names(self, tree: Any, *rules: str) -> list[tuple[str, int]]:
        """The first token of each node of these rules below `tree`: (name, line), in order."""
        return [(str(token), token.line) for token in map(self.first, self.find(tree, *rules))]


def _line(text: str, word: str, start: int) -> int:
    """The line of the first `word` of `text` from offset `start` (the keywords lark drops)."""
    return line_at(text, text.find(word, start))


def _definition(walk: Walk, clause: Any, text: str) -> list[tuple[str, int]]:
    """The nodes a definition makes (label, line), as Net-SNMP's parser makes them."""
    kind = clause.data
    if kind == "value_declaration":  # at the closing brace
        label = walk.first(clause.children[0])
        return [(str(label), _line(text, "}", walk.tokens(clause.children[1])[-1].end_pos))]
    keyword = _NODE_KEYWORDS.get(kind)
    if keyword is None:
        return []
    label = walk.first(clause.children[0])
    line = _line(text, keyword, label.end_pos)
    if kind != "trap_type_clause":
        return [(str(label), line)]
    # A trap is two nodes: `enterprise#` (made at the trap's number) and the trap below it.
    enterprise, number = walk.tokens(clause.children[1])[0], walk.tokens(clause)[-1]
    return [(str(label), line), (f"{enterprise}#", number.line)]


def _named_arcs(walk: Walk, clause: Any, text: str) -> list[tuple[str, int]]:
    """The name(number) arcs of a definition's OID value (nodes Net-SNMP's parser makes
    with the definition's, at the value's closing brace): (label, line)."""
    values = walk.find(clause, "object_identifier")
    if not values:
        return []
    line = _line(text, "}", walk.tokens(values[-1])[-1].end_pos)
    return [
        (str(node.children[0]), line)
        for node in walk.find(values[-1], "subidentifier")
        if len(node.children) == 2
    ]


def _compliance(walk: Walk, clause: Any, module: str) -> list[tuple[str, str, int]]:
    """A MODULE-COMPLIANCE's modules and names, in order: (``MODULE``, the module or ""
    for this one, line) and (``REF``, a group or object, line)."""
    entries = []
    for part in walk.find(clause, "compliance_module"):
        named = part.children[0].children
        other = str(named[0]) if named and str(named[0]) != module else ""
        entries.append(("MODULE", other, named[0].line if other else 0))
        for name, line in walk.names(
            part, "mandatory_group", "compliance_group", "compliance_object"
        ):
            entries.append(("REF", name, line))
    return entries


def module_positions(
    walk: Walk, tree: Any, text: str, module: str, read: Mapping[str, list[tuple[str, str, int]]]
) -> dict[str, Any]:
    """The ``diag`` record of one module's lark tree (see the module's docstring), parsed
    from `text`; `read`: the names read of the compliances read past a slip in (`_groups`),
    by label."""
    imports = []
    for statement in walk.find(tree, "import_stmt"):
        name = walk.first(statement.children[-1])
        labels = [str(token) for token in walk.tokens(statement.children[0])]
        labels = [label for label in labels if is_label(label)]
        if labels:
            imports.append((str(name), name.line, labels))
    lines: dict[str, int] = {}
    compliances: list[list[tuple[str, str, int]]] = []
    objects: list[tuple[str, str, int]] = []
    notifications: list[tuple[str, str, int]] = []
    macros: list[tuple[str, int, int]] = []
    aliases: list[str] = []
    cursor = 0  # where the text after the last token read starts
    for declaration in walk.find(tree, "declaration"):
        clause = declaration.children[0]
        if clause.data == "macro_clause":  # no token: `NAME MACRO ::= BEGIN ... END`
            start = text.find("MACRO", cursor)
            end = text.find("END", start)
            name = text[cursor:start].split()[-1]
            macros.append((name, _line(text, "MACRO", start), _line(text, "END", end)))
            cursor = end + 3
            continue
        cursor = max([cursor, *(token.end_pos for token in walk.tokens(clause)[-1:])])
        for label, line in [*_definition(walk, clause, text), *_named_arcs(walk, clause, text)]:
            lines.setdefault(label, line)
        arc = _lone_arc(walk, clause) if clause.data in _VALUED else None
        if arc is not None and not str(walk.first(arc)).isdigit() and len(walk.tokens(arc)) == 1:
            aliases.append(str(walk.first(clause)))  # name ::= { parent }
        if clause.data == "module_compliance_clause":
            label = str(walk.first(clause.children[0]))
            compliances.append(read[label] if label in read else _compliance(walk, clause, module))
        elif clause.data == "object_group_clause":
            objects += [("OBJECT", name, line) for name, line in walk.names(clause, "object")]
        elif clause.data == "notification_group_clause":
            notifications += [
                ("NOTIFICATION", name, line) for name, line in walk.names(clause, "notification")
            ]
    # Net-SNMP keeps each list last in, first out (and checks compliances' names first).
    refs = [*reversed(objects), *reversed(notifications)]
    return {
        "from": imports,
        "lines": lines,
        "refs": refs,
        "compliances": compliances,
        "macros": macros,
        "aliases": aliases,
        "syntaxes": _named_syntaxes(walk, tree),
        "typelines": _type_lines(walk, tree),
        "long": _long_strings(walk, tree),
    }


#: The types Net-SNMP's lexer knows as keywords (a SYNTAX of these is no type to look up).
_KEYWORD_TYPES = frozenset(
    {*PARSER_KEYWORDS, "OCTET", "OBJECT", "SEQUENCE", "OCTETSTRING", "BITSTRING", "NULL"}
)

#: A string longer than this Net-SNMP cuts short (warning with -PW): its buffer for the
#: texts of a definition, and for the words of a compliance's or capabilities' modules.
_TEXT_BUFFER, _TOKEN_BUFFER = 4096, 128

#: Where Net-SNMP reads strings into its buffer of a word.
_WORD_STRINGS = ("compliance_module", "module_part_capabilities")


def _named_type(syntax: Any) -> Any:
    """The type an OBJECT-TYPE's SYNTAX names (its token), None: a type of the SMI's own."""
    from lark import Token, Tree

    node = syntax.children[0] if syntax.children else None
    if isinstance(node, Tree) and node.data == "object_syntax" and node.children:
        node = node.children[0]
    if not isinstance(node, Tree) or not (
        node.data == "row" or node.data.startswith("simple_upper")
    ):
        return None
    token = node.children[0] if node.children else None
    if not isinstance(token, Token) or str(token) in _KEYWORD_TYPES:
        return None
    return token


def _named_syntaxes(walk: Walk, tree: Any) -> list[tuple[str, str, int]]:
    """(label, type, line) of each OBJECT-TYPE whose SYNTAX names a type."""
    found = []
    for clause in walk.find(tree, "object_type_clause"):
        token = _named_type(clause.children[1])
        if token is not None:
            found.append((str(walk.first(clause.children[0])), str(token), token.line))
    return found


def type_references(
    walk: Walk, tree: Any
) -> tuple[list[tuple[str, str, int, int]], list[tuple[str, int]]]:
    """The types a module's type assignments and TEXTUAL-CONVENTIONs name as their SYNTAX:
    (the type defined, the type named, its line, the offset after it); and where each
    definition starts: (its name, offset), in order."""
    references, starts = [], []
    for declaration in walk.find(tree, "declaration"):
        tokens = walk.tokens(declaration)
        if not tokens:
            continue
        starts.append((str(tokens[0]), tokens[0].start_pos))
        clause = declaration.children[0]
        if clause.data != "type_declaration":
            continue
        syntax = next(iter(walk.find(clause, "syntax")), None)
        token = _named_type(syntax) if syntax is not None else None
        if token is not None:
            references.append((str(tokens[0]), str(token), token.line, token.end_pos))
    return references, starts


def _type_lines(walk: Walk, tree: Any) -> dict[str, int]:
    """{type: line} of the module's types that Net-SNMP keeps (not SEQUENCE ones)."""
    lines: dict[str, int] = {}
    for declaration in walk.find(tree, "type_declaration"):
        names = walk.tokens(declaration.children[0])  # none: an SMI type's own (Counter32 ::=)
        if names and not walk.find(declaration, "entry_type"):
            lines.setdefault(str(names[0]), names[0].line)
    return lines


def _long_strings(walk: Walk, tree: Any) -> list[tuple[str, int]]:
    """(its first 50 characters, line of its end) of each string Net-SNMP cuts short."""
    short = {
        id(token)
        for part in walk.find(tree, *_WORD_STRINGS)
        for token in walk.tokens(part)
        if token.type == "QUOTED_STRING"
    }
    found = []
    for token in walk.tokens(tree):
        if token.type != "QUOTED_STRING":
            continue
        text = str(token)[1:-1].replace("\r", "")
        if len(text) >= (_TOKEN_BUFFER if id(token) in short else _TEXT_BUFFER):
            found.append((text[:50], token.end_line))
    return found


#: The words of a text as Net-SNMP's lexer cuts them (comments blanked out already).
_WORDS = re.compile(r'"[^"]*"?|[A-Za-z0-9_-]+|\S', re.ASCII)


def imports_read(text: str, line: int) -> list[tuple[str, int, list[str]]]:
    """The ``FROM`` clauses Net-SNMP reads of a module that does not parse (at `line`), as
    `module_positions` gives them: all of its IMPORTS (which Net-SNMP reads each when met,
    and whatever they hold) when the slip is not before them, else none."""
    start = re.search(r"\bIMPORTS\b", text)
    if start is None or line_at(text, start.start()) > line:
        return []
    begin = re.search(r"\bBEGIN\b", text)
    if begin is not None and read_on(text, begin.end()).at != start.start():
        return []  # words before it: its main loop read IMPORTS as one of them
    clauses: list[tuple[str, int, list[str]]] = []
    labels: list[str] = []
    words = _WORDS.finditer(text, start.end())
    for word in words:
        if word.group() == ";":
            break
        if word.group() != "FROM":
            if word.group()[0].isalpha() and is_label(word.group()):
                labels.append(word.group())
            continue
        module = next(words, None)
        if module is None:  # the text's end: Net-SNMP's lexer leaves its EOF, a byte 0xff
            if labels:
                clauses.append(("\xff", line_at(text, len(text)), labels))
            break
        if labels:
            clauses.append((module.group(), line_at(text, module.start()), labels))
        labels = []
    return clauses


#: pysmi's rules of the SYNTAX types that take no range nor SIZE in Net-SNMP's OBJECT-TYPE.
_PLAIN_TYPES = ("app_ipaddress", "app_networkaddress", "app_timeticks", "app_counter64_subtype")


def value_slips(walk: Walk, tree: Any, text: str) -> list[tuple[str, int]]:
    """What Net-SNMP's parser says of the ACCESS and STATUS values of one module's lark tree
    (of `text`) that it does not take, as it drops the module (empty: it does not).
    Net-SNMP drops a module at an OBJECT-TYPE's bad ACCESS or STATUS, one without its
    ACCESS, a range or SIZE after a type of none (``Counter64 (0..5)``), and a
    definition whose OID value is a number alone (the first one) or holds an arc that its
    C int reads as -1 (2^32-1, 2^64-1 and past); a group's is `_groups`'."""
    for clause in walk.find(tree, "object_type_clause", *_OID_VALUED):
        root = _root_oid(walk, clause, text)
        if clause.data != "object_type_clause":
            if root:
                return root
            continue
        constrained = [
            node
            for typed in walk.find(clause, *_PLAIN_TYPES)
            for node in walk.find(typed, "ranges", "size")
        ]
        if constrained:  # a type of no range: Net-SNMP reads its "(" as the next clause
            line = walk.first(constrained[0]).line
            return [("Should be ACCESS (()", line), ("Bad parse of OBJECT-TYPE", line)]
        if not walk.find(clause, "max_access_part"):  # Net-SNMP insists on an access clause
            line = walk.first(walk.find(clause, "status")[0]).line
            return [("Should be ACCESS (STATUS)", line), ("Bad parse of OBJECT-TYPE", line)]
        for node in walk.find(clause, "access", "status"):
            token = walk.first(node)
            if str(token) not in (_STATUS_VALUES if node.data == "status" else _ACCESS_VALUES):
                words = "Bad STATUS" if node.data == "status" else "Bad ACCESS type"
                return [
                    (f"{words} ({token})", token.line),
                    ("Bad parse of OBJECT-TYPE", token.line),
                ]
        if root:
            return root
    return []


#: The definitions of an OID value but OBJECT-TYPEs: rule -> Net-SNMP's word for them
#: (`_VALUED`: all of them).
_OID_VALUED = {
    "value_declaration": "OBJECT IDENTIFIER",
    **{
        rule: word
        for rule, word in _NODE_KEYWORDS.items()
        if rule not in ("object_type_clause", "trap_type_clause")  # SYNTAX; a number
    },
}


_VALUED = frozenset({*_OID_VALUED, "object_type_clause"})


def _lone_arc(walk: Walk, clause: Any) -> Any:
    """The subidentifier of a definition's (`clause`) OID value of one (``{ 5 }``,
    ``{ parent }``), None: another."""
    values = walk.find(clause, "object_identifier")
    arcs = values[-1].children[0].children if values and values[-1].children else []
    return arcs[0] if len(arcs) == 1 else None


def _root_oid(walk: Walk, clause: Any, text: str) -> list[tuple[str, int]]:
    """What Net-SNMP says of a definition (`clause`, of `text`) whose OID value holds a
    keyword of its lexer (``{ IMPORTS x 2 }``), has more arcs than it reads (`LONGEST_VALUE`),
    is a number alone (``{ 5 }``) or holds an arc of -1 to its C int (``{ x 4294967295 }``:
    its mark of no number, at the ``}``), as it drops the module (empty: it does not)."""
    values = walk.find(clause, "object_identifier")
    macro = _OID_VALUED.get(clause.data, "OBJECT-TYPE")
    arcs: list[Any] = values[-1].children[0].children if values and values[-1].children else []
    for arc in arcs[:LONGEST_VALUE]:
        word = walk.first(arc)
        if not str(word).isdigit() and not is_label(str(word)):
            return [
                (f"Expected label or number ({word})", word.line),
                ("Bad object identifier", word.line),
                (f"Bad parse of {macro}", word.line),
            ]
    if len(arcs) >= LONGEST_VALUE:  # the word after the last arc it reads: "}" or an arc
        after = walk.first(arcs[LONGEST_VALUE]) if len(arcs) > LONGEST_VALUE else None
        if after is not None:
            past, line = str(after), after.line
        else:
            past, line = "}", line_at(text, text.find("}", walk.tokens(arcs[-1])[-1].end_pos))
        return [
            (f"Too long OID ({past})", line),
            ("Bad object identifier", line),
            (f"Bad parse of {macro}", line),
        ]
    arc = _lone_arc(walk, clause)
    if arc is not None and str(walk.first(arc)).isdigit():
        line = walk.first(arc).line
        return [
            (f"Attempt to define a root oid ({walk.first(clause)})", line),
            (f"Bad parse of {macro}", line),
        ]
    if any(
        str(walk.first(arc)).isdigit() and strtoul_int(int(walk.first(arc))) == -1 for arc in arcs
    ):
        end = text.find("}", walk.tokens(values[-1])[-1].end_pos)
        return [(f"Bad parse of {macro}", line_at(text, end))]
    return []


def _first_mark(word: str) -> str:
    """``::=`` and ``..`` as Net-SNMP's lexer keeps them in its messages (``:``, ``.``)."""
    return word[:1] if word in ("::=", "..") else word


def grammar_lines(error: BaseException | None, text: str = "") -> list[tuple[str, int]]:
    """What Net-SNMP's parser says of a grammar slip (`error`, lark's, in `text`), as far as
    we know its words: (message, line); Net-SNMP then drops the module."""
    line = int(getattr(error, "line", 0) or 0)
    parser = getattr(error, "interactive_parser", None)
    stack = getattr(getattr(parser, "parser_state", None), "value_stack", [])
    # A character no token starts with (an identifier's ``_`` without -Pu): Net-SNMP's
    # lexer makes it a token of its own.
    token = getattr(error, "token", None)
    if token is None:
        token = getattr(error, "char", None)
    macro = next(
        (str(item) for item in reversed(stack) if isinstance(item, str) and item in _MACROS),
        None,
    )
    if token is None:
        return [("Bad grammar", line)]
    ended = getattr(token, "type", "") == "$END" or (
        str(token) == '"' and getattr(error, "token", None) is None
    )
    if ended:  # the text's end, or a string not closed, which Net-SNMP reads to its end
        token, line = "EOF", text.count("\n") + 1
    elif getattr(token, "type", "") == "QUOTED_STRING":  # its text, cut to a word's length
        token, line = str(token)[1:-1][:LONGEST], getattr(token, "end_line", line)
    elif str(token) in ("::=", ".."):  # Net-SNMP's lexer keeps its first character
        token = _first_mark(str(token))
    elif str(token).startswith("'"):  # a constant: hex or binary digits as a number
        token = constant(str(token))
    imports = next((item for item in stack if str(item) == "IMPORTS"), None)
    if hasattr(error, "expected") and imports is not None:
        # A word within IMPORTS (its ";" missing, its symbols running into the first
        # definition, a quote): Net-SNMP reads on as imports, silently; the first ";" (of
        # its words: strings whole) ends them, its main loop reading on after it.
        words = WORD.finditer(text, getattr(imports, "end_pos", len(text)))
        semi = next((word.end() for word in words if word.group() == ";"), None)
        resync = read_on(text, semi) if semi is not None else None
        return resync.said if resync is not None and resync.at is None else []
    last: Any = stack[-1] if stack else None
    if getattr(last, "data", None) == "fuzzy_lowercase_identifier":  # a name, reduced
        last = last.children[0]
    if macro is not None and str(last) == macro and _glued(last, token):
        # A macro's name misspelt longer (OBJECT-TYPES): one word to Net-SNMP's lexer.
        return [(f"Bad operator ({last}{token})", line)]
    head = _object_type_head(stack, text) if macro == "OBJECT-TYPE" else None
    if head:  # a slip in its SYNTAX, UNITS, ACCESS or STATUS
        return [*head, ("Bad parse of OBJECT-TYPE", head[-1][1])]
    opened = _open_brace(stack)
    if opened is not None:  # an OID value not closed: Net-SNMP reads on to a word no arc
        word = next((item for item in opened if str(item) in _NO_ARC), None)
        expected = "label or number"
        if word is None:
            word, expected = token, _after_name(opened)
        at = getattr(word, "line", None) or line
        return [
            (f"Expected {expected} ({_first_mark(str(word))})", at),
            ("Bad object identifier", at),
            (f"Bad parse of {macro or 'OBJECT IDENTIFIER'}", at),
        ]
    if str(last) == "::=" and token != "{":  # an OID value without its "{"
        return [
            (f'Expected "{{" ({token})', line),
            ("Bad object identifier", line),
            (f"Bad parse of {macro or 'OBJECT IDENTIFIER'}", line),
        ]
    glued = (isinstance(last, str) and _glued(last, token)) or _glued_char(last, error)
    if macro is None and "OBJECT" in (str(item) for item in stack[-2:]) and not glued:
        wanted = '"::="' if str(last) == "IDENTIFIER" else "IDENTIFIER"
        return [(f"Expected {wanted} ({token})", line)]
    if macro is None and ended:  # Net-SNMP's main loop ends there, silently but for a type
        return _type_at_end([str(item) for item in stack if isinstance(item, str)], line)
    if macro is None and str(token) == "{" and isinstance(last, str):
        # A name then braces (Net-SNMP's old form of a module's OID): read past, the word
        # after them the definition's operator.
        after = _after_braces(text, getattr(token, "start_pos", 0))
        if after is not None:
            return [(f"Bad operator ({after[0]})", after[1])]
    if macro is None:  # a definition's name, then a word that starts no definition
        wording = "Bad operator" if isinstance(last, str) else "Bad grammar"
        if (isinstance(last, str) and _glued(last, token)) or _glued_char(last, error):
            # a keyword and more (OBJECT-TYP): one word to Net-SNMP's lexer
            word = re.match(r"[A-Za-z0-9-]*", text[getattr(last, "start_pos", 0) :])
            token = word.group() if word and word.group() else token
        return [(f"{wording} ({token})", line)]
    lines = []
    if str(last) in _STRING_CLAUSES.get(macro, ()) and isinstance(last, str):
        lines = [(f"Bad {last} ({token})", line)]  # a clause's string missing
    elif macro == "OBJECT-TYPE":
        lines = _object_type_lines(stack, token, line, error, parser)
    return [*lines, (f"Bad parse of {macro}", line)]


def _object_type_head(stack: list[Any], text: str) -> list[tuple[str, int]] | None:
    """What Net-SNMP says of a slip in the head of the OBJECT-TYPE the parser's `stack` is
    in (`_objecttype`), None: none there."""
    keyword = next((item for item in reversed(stack) if item == "OBJECT-TYPE"), None)
    start = getattr(keyword, "end_pos", None)
    return head_lines(text, start) if isinstance(start, int) and text else None


def _type_at_end(words: list[str], line: int) -> list[tuple[str, int]]:
    """What Net-SNMP says of a type assignment the text's end (at `line`) cuts short (the
    words of the parser's stack): a TEXTUAL-CONVENTION before its SYNTAX, a SEQUENCE before
    its ``}``; its main loop then takes the ``::=`` it holds for a word (`_resync`)."""
    at = len(words) - words[::-1].index("::=") if "::=" in words else len(words)
    after = words[at:]
    if after[:1] == ["TEXTUAL-CONVENTION"] and "SYNTAX" not in after:
        said = "Textual convention doesn't map to real type (EOF)"
    elif after[:2] == ["SEQUENCE", "{"] and "}" not in after:
        said = 'Expected "}" (EOF)'
    else:
        return []
    return [(said, line), (": (is a reserved word)", line)]


def _after_braces(text: str, start: int) -> tuple[str, int] | None:
    """The word after the braces at offset `start` of `text` (Net-SNMP reads to the first
    ``}``) and its line, when it starts no definition (None: it does, or no word)."""
    words = WORD.finditer(text, start)
    if next((word for word in words if word.group() == "}"), None) is None:
        return None
    after = next(words, None)
    if after is None or after.group() in STARTS:
        return None
    return after.group(), line_at(text, after.end())


def _glued_char(before: Any, error: BaseException | None) -> bool:
    """Whether lark's `error` is at a character (no token) of a word (to Net-SNMP's lexer)
    right after `before` (a token)."""
    end = getattr(before, "end_pos", None)
    char = str(getattr(error, "char", "") or "")
    if getattr(error, "token", None) is not None or not (char.isalnum() or char == "-"):
        return False
    return end == getattr(error, "pos_in_stream", -1)


def _glued(before: Any, token: Any) -> bool:
    """Whether `token` starts where `before` (a token) ends, with no space between."""
    end, start = getattr(before, "end_pos", None), getattr(token, "start_pos", None)
    return end is not None and end == start


def _after_name(opened: list[Any]) -> str:
    """What Net-SNMP's getoid expects after the words `opened` of an OID value: a number
    after a name's ``(``, a ``)`` after its number, else a label or number."""
    words = [str(item) for item in opened[-3:]]
    if words[-2:-1] == ["("] and words[-1].isdigit() and is_label(words[0]) and len(words) == 3:
        return "a closing parenthesis"
    if words[-1:] == ["("] and len(words) > 1 and is_label(words[-2]):
        return "a number"
    return "label or number"


def _open_brace(stack: list[Any]) -> list[Any] | None:
    """The tokens read within the braces of a definition's OID value (``::= {``) not
    closed, None: not within them."""
    tokens = [item for item in stack if isinstance(item, str)]
    words = [str(item) for item in tokens]
    if "::=" not in words:
        return None
    at = len(words) - words[::-1].index("::=")
    if words[at : at + 1] != ["{"] or "}" in words[at:]:
        return None
    brace = next(index for index, item in enumerate(stack) if item is tokens[at])
    return [token for item in stack[brace + 1 :] for token in _tokens_of(item)]


def _tokens_of(item: Any) -> list[Any]:
    """A parser stack's item as tokens: itself, or the tokens of its tree."""
    return [item] if isinstance(item, str) else _tokens(item)


def _object_type_lines(
    stack: list[Any], token: Any, line: int, error: BaseException | None, parser: Any
) -> list[tuple[str, int]]:
    """Net-SNMP's words before ``Bad parse of OBJECT-TYPE``, if it has any for the slip."""
    last = stack[-1]
    if str(last) == "OBJECT-TYPE":  # a word where its SYNTAX starts
        return [(f"Bad format for OBJECT-TYPE ({token})", line)]
    clause = str(stack[-2]) if len(stack) > 1 and isinstance(last, str) else ""
    valid = _STATUS_VALUES if clause == "STATUS" else _ACCESS_VALUES
    if clause in _OBJECT_TYPE_VALUES and str(last) not in valid:  # a word cut short
        return [(f"{_OBJECT_TYPE_VALUES[clause]} ({last})", line)]
    if clause == "STATUS":
        return [(f"Bad format of optional clauses ({token})", line)]
    if clause == "SYNTAX":  # Net-SNMP reads a SYNTAX of one word, then wants ACCESS
        return [(f"Should be ACCESS ({token})", line)]
    if getattr(last, "data", None) == "status" or clause in ("DESCRIPTION", "REFERENCE"):
        return [(f"Bad format of optional clauses ({token})", line)]
    expected = getattr(error, "expected", None)
    if expected is None and parser is not None:  # an unexpected character
        expected = parser.accepts()
    for terminal, complaint in _OBJECT_TYPE_CLAUSES:
        if terminal in (expected or ()):
            return [(f"{complaint} ({token})", line)]
    return []
