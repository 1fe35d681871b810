"""A TEXTUAL-CONVENTION's clauses before its SYNTAX as Net-SNMP's parser reads them: every
word up to the SYNTAX, in any order, a DISPLAY-HINT or a DESCRIPTION not followed by a
string said (``DISPLAY-HINT must be string (x)``; ``DESCRIPTION must be string (x)``, x the
last word it read into its word buffer: the convention's keyword or a hint) and left out,
the last hint and description kept. `read_conventions` rewrites each as pysmi reads that:
its clauses of a keyword and a value (a string, a STATUS's word) kept where they are, the
other words blanked out."""

from __future__ import annotations

import re

from ._clauses import Words
from ._comments import blank
from ._groups import ReadPast
from ._lines import line_at

__all__ = ("read_conventions",)

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
                    words.say("DESCRIPTION must be string", shown)
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
