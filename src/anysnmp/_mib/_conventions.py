"""A TEXTUAL-CONVENTION's clauses before its SYNTAX as Net-SNMP's parser reads them: every
word up to the SYNTAX, in any order, a DISPLAY-HINT or a DESCRIPTION not followed by a
string said (``DISPLAY-HINT must be string (x)``; ``DESCRIPTION must be string (x)``, x the
last word it read into its word buffer: the convention's keyword or a hint) and left out,
the last hint and description kept. `read_conventions` rewrites each as pysmi reads that:
its clauses of a keyword and a value (a string, a STATUS's word) kept where they are, the
other words blanked out. `unmapped_before` finds, where a module does not parse, the first
type whose SYNTAX names a type Net-SNMP does not know there (one defined later: it says
so, and its main loop reads on from there)."""

from __future__ import annotations

import re
from collections.abc import Collection

from ._clauses import Words, message
from ._comments import blank
from ._groups import ReadPast
from ._lines import line_at
from ._records import UNSAVED_DESCRIPTION
from ._resync import WORD, is_label, is_name

__all__ = ("doesnt_map", "read_conventions", "unmapped_before")

#: A STATUS's value as pysmi reads it.
_STATUS = re.compile(r"[a-z][A-Za-z0-9-]*")

#: A TEXTUAL-CONVENTION's start (after a type's name and its ``::=``).
_START = re.compile(r"::=\s*(TEXTUAL-CONVENTION)\b")


def read_conventions(text: str, *, underscores: bool = False) -> ReadPast:
    """`text` (comments blanked out) with each TEXTUAL-CONVENTION's clauses rewritten as
    pysmi reads what Net-SNMP reads of them, and what Net-SNMP says. A convention the text
    ends in before its SYNTAX (a string not closed) ends the module there (`fatal`)."""
    said: list[tuple[str, int]] = []
    pieces: list[str] = []
    start = 0
    for match in _START.finditer(text):
        if match.start() < start:
            continue
        words = Words(text, match.end(1), underscores)
        shown = "TEXTUAL-CONVENTION"  # what Net-SNMP's word buffer holds
        kept: list[tuple[int, int]] = []  # where each clause pysmi reads starts and ends
        word = words.next()
        while word not in ("SYNTAX", "EOF"):
            clause, at = word, words.start
            word = words.next()  # a clause's value: the next word looked at when it is none
            if clause in ("DISPLAY-HINT", "DESCRIPTION"):
                if words.string():
                    kept.append((at, words.end))
                elif word == "EOF":  # said of nothing (Net-SNMP 5.9.3)
                    pass
                elif clause == "DISPLAY-HINT":
                    words.say("DISPLAY-HINT must be string")
                else:
                    words.say(UNSAVED_DESCRIPTION, shown)
                if clause == "DISPLAY-HINT":
                    shown = word
                if words.string():
                    word = words.next()
            elif (clause == "STATUS" and _STATUS.fullmatch(word)) or (
                clause == "REFERENCE" and words.string()
            ):
                kept.append((at, words.end))
        if word == "EOF":  # its type: none; Net-SNMP's main loop ends, holding the ::=
            line = text.count("\n") + 1
            ended = [("Textual convention doesn't map to real type (EOF)", line)]
            ended.append((": (is a reserved word)", line))
            first = line_at(text, match.start())
            text = "".join([*pieces, text[start:]])
            return ReadPast(text, said, {}, (first, [*words.said, *ended]))
        said += words.said
        pieces.append(text[start : match.end(1)])
        at = match.end(1)
        for begin, end in kept:
            pieces += [blank(text[at:begin]), text[begin:end]]
            at = end
        pieces.append(blank(text[at : words.start]))
        start = words.start
    pieces.append(text[start:])
    return ReadPast("".join(pieces), said, {}, None)


#: The words after a type assignment's ``::=`` that start no named type to parse_asntype
#: (a SEQUENCE or CHOICE, an OID value, a tagged type).
_NOT_NAMED = frozenset({"SEQUENCE", "CHOICE", "{", "["})

#: Net-SNMP's types besides those its main loop takes for names (`is_name`: INTEGER...).
_TYPES = frozenset({"OCTET", "OBJECT", "NULL", "BITS"})


def doesnt_map(named: str) -> str:
    """What Net-SNMP says of a type whose SYNTAX names `named`, a type it does not know (as
    its messages show a word: a NUL, an empty C string, said without it)."""
    return message("Textual convention doesn't map to real type", named)


def unmapped_before(
    text: str, end: int, imported: Collection[str]
) -> tuple[int, str, int, int] | None:
    """The first type assignment or TEXTUAL-CONVENTION of `text` (as pysmi reads it) whose
    SYNTAX (its ``::=`` or SYNTAX before offset `end`) names no type Net-SNMP knows there (a label of none of the
    types before it nor of `imported`, a keyword, a number, a mark): (where its definition
    starts, the word named, its line, the offset after it); None: none. A MACRO is read past."""
    defined: set[str] = set()
    words = WORD.finditer(text)
    last = None
    for word in words:
        if word.start() >= end:
            return None
        if word.group() == "MACRO":
            last = next((item for item in words if item.group() == "END"), None)
            continue
        if word.group() != "::=" or last is None or not is_name(last.group()):
            last = word
            continue
        name, last = last, next(words, None)
        if last is None or last.group() in _NOT_NAMED:
            continue
        if last.group() == "TEXTUAL-CONVENTION":
            last = next((item for item in words if item.group() == "SYNTAX"), None)
            if last is None or last.start() >= end:
                return None
            last = next(words, None)
        if last is None:
            return None
        named = last.group()
        if is_label(named):
            known = named in defined or named in imported
        else:
            known = named in _TYPES or is_name(named)  # INTEGER, Counter32...
        if not known:
            return name.start(), named, line_at(text, last.end()), last.end()
        defined.add(name.group())
    return None
