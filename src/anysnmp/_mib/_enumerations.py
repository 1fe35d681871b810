"""Enumerations after a SYNTAX (an OBJECT-TYPE's, a TEXTUAL-CONVENTION's, a compliance's or
capabilities' SYNTAX or WRITE-SYNTAX, a type's) as
Net-SNMP's parse_enumlist reads them: it takes each ``label(number)`` and reads past any
other word to the ``}`` (``{ .. a(1) junk, b(2) }``), which pysmi's grammar does not take;
`read_enumerations` rewrites such a list as the ``label(number), ...`` Net-SNMP keeps (its
line breaks kept). When it stops within a type's list (``a(1 1)``), it says so, the type
keeps no enumeration and its main loop reads on from the word after (`_resync`): the rest
of the module, or nothing of it. A slip within an OBJECT-TYPE's list is `_objecttype`'s, within
a compliance's or capabilities' `_conformance`'s."""

from __future__ import annotations

import re

from ._clauses import Words, constant, enumeration
from ._comments import blank
from ._groups import ReadPast
from ._lines import line_at
from ._resync import is_name, read_on

__all__ = ("read_enumerations",)

#: The keywords of the definitions a SYNTAX is read in.
_WITHIN = frozenset(
    {"OBJECT-TYPE", "TEXTUAL-CONVENTION", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES"}
)
#: A hex or binary constant (a number to Net-SNMP's lexer, given to pysmi as one).
_CONSTANT = re.compile(r"'[^']*'[HhBb]")
#: The clauses an enumeration follows (a type's name between).
_SYNTAX = ("SYNTAX", "WRITE-SYNTAX")


def _number(constant_word: re.Match[str]) -> str:
    return constant(constant_word.group())


def read_enumerations(text: str, *, underscores: bool = False) -> ReadPast:
    """`text` (comments blanked out) with each enumeration whose words Net-SNMP reads past
    rewritten as pysmi reads what it keeps, and what Net-SNMP says of a type's it stops in
    (`fatal` when its main loop then drops the module)."""
    words = Words(text, 0, underscores)
    pieces: list[str] = []
    said: list[tuple[str, int]] = []
    start, within, before = 0, "", ("", "", "")  # before: the three words before the current
    while words.next() != "EOF":
        word, opened = words.word, words.start
        # after a type: a type's (Name ::= INTEGER {; not an OID value's, whose ::= follows
        # no name) or a SYNTAX's
        kind = is_name(before[2]) or before[2] == "BITS"
        typed = kind and before[1] == "::=" and is_name(before[0])
        if word != "{" or not (typed or (kind and before[1] in _SYNTAX and within)):
            within = word if word in _WITHIN else within
            before = (before[1], before[2], word)
            continue
        before = ("", "", "")
        heard = len(words.said)
        items = enumeration(words)
        if words.word == "}" and len(words.said) == heard:  # read to its end
            kept = [_CONSTANT.sub(_number, text[begin:end]) for begin, end in items]
            inner = text[opened + 1 : words.start]
            if not kept:  # none kept: the type's, as without braces
                pieces += [text[start:opened], blank(text[opened : words.end])]
                start = words.end
            elif re.sub(r"\s", "", inner) != re.sub(r"\s", "", ",".join(kept)):
                lines = inner.count("\n") - sum(item.count("\n") for item in kept)
                pieces += [text[start : opened + 1], ", ".join(kept), "\n" * lines]
                start = words.start
            continue
        if (within != "TEXTUAL-CONVENTION" and not typed) or words.word == "EOF":
            continue
        resync = read_on(text, words.end)
        found = [*words.said[heard:], *resync.said]
        if resync.at is None:  # the module dropped
            fatal = (line_at(text, opened), found)
            return ReadPast("".join([*pieces, text[start:]]), said, {}, fatal)
        said += found
        pieces += [text[start:opened], blank(text[opened : resync.at])]
        start = resync.at
        words = Words(text, start, underscores)
    pieces.append(text[start:])
    return ReadPast("".join(pieces), said, {}, None)
