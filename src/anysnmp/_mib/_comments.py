"""MIB comments as Net-SNMP's lexer reads them, blanked out before pysmi reads a text.

A comment starts with ``--`` where a token starts (not within a word, a string or a
``'...'`` constant) and ends at the line's end, or (by default) at the next ``--`` of its
line, so that ``x OBJECT-TYPE -- note -- SYNTAX ...`` reads on after the note; with
Net-SNMP's ``-Pc`` (``mibCommentToEOL yes``) it always runs to the line's end. pysmi only
knows the latter, so each comment becomes spaces: lines and columns stay the file's.
"""

from __future__ import annotations

import functools
import re

__all__ = ("blank_comments",)


@functools.cache
def _tokens(to_eol: bool, underscores: bool) -> re.Pattern[str]:
    """What starts at a token's start: a string, a constant, a comment (group 1), a word
    (of Net-SNMP's label characters), spaces, or any other character."""
    comment = r"--[^\n]*" if to_eol else r"--.*?(?:--|$)"
    word = r"[A-Za-z0-9_-]" if underscores else r"[A-Za-z0-9-]"
    return re.compile(rf"\"[^\"]*\"?|'[^']*'?|({comment})|{word}+|\s+|.", re.M)


def blank_comments(text: str, *, to_eol: bool = False, underscores: bool = False) -> str:
    """`text` with its comments replaced by spaces (as Net-SNMP's lexer finds them:
    `to_eol` for ``-Pc``, `underscores` for ``-Pu``, where ``_`` is part of a word)."""
    if "--" not in text:
        return text
    pieces: list[str] = []
    start = 0
    for match in _tokens(to_eol, underscores).finditer(text):
        if match.start(1) >= 0:
            pieces += [text[start : match.start(1)], " " * (match.end(1) - match.start(1))]
            start = match.end(1)
    pieces.append(text[start:])
    return "".join(pieces)
