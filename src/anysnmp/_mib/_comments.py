"""MIB comments as Net-SNMP's lexer reads them, blanked out before pysmi reads a text, and
its words cut short or joined as it cuts and joins them.

A comment starts with ``--`` where a token starts (not within a word, a string or a
``'...'`` constant) and ends at the line's end, or (by default) at the next ``--`` of its
line, so that ``x OBJECT-TYPE -- note -- SYNTAX ...`` reads on after the note; with
Net-SNMP's ``-Pc`` (``mibCommentToEOL yes``) it always runs to the line's end. pysmi only
knows the latter, so each comment becomes spaces: lines and columns stay the file's.
"""

from __future__ import annotations

import functools
import re

from ._lines import line_at

__all__ = ("LONGEST", "blank", "blank_comments", "cut_long_words", "join_octet")

#: The longest word Net-SNMP's lexer keeps (its MAXTOKEN less one): longer ones are cut.
LONGEST = 127
#: The longest word it keeps where it reads words into its string buffer (MAXQUOTESTR less
#: one).
_LONGEST_READ = 4095


@functools.cache
def _tokens(to_eol: bool, underscores: bool) -> re.Pattern[str]:
    """What starts at a token's start: a string, a comment (group 1), a constant (group 2:
    to the next ``'`` and the character after it, which Net-SNMP's lexer reads with it), a
    word (of Net-SNMP's label characters), spaces, or any other character."""
    comment = r"--[^\n]*" if to_eol else r"--.*?(?:--|$)"
    word = r"[A-Za-z0-9_-]" if underscores else r"[A-Za-z0-9-]"
    return re.compile(
        rf"\"[^\"]*\"?|({comment})|('[^']*(?:'[\s\S])?)|{word}+|\s+|.", re.M | re.ASCII
    )


def blank(text: str) -> str:
    """`text` as spaces, its line breaks kept."""
    return re.sub(r"[^\n]", " ", text)


def blank_comments(text: str, *, to_eol: bool = False, underscores: bool = False) -> str:
    """`text` with its comments replaced by spaces (as Net-SNMP's lexer finds them:
    `to_eol` for ``-Pc``, `underscores` for ``-Pu``, where ``_`` is part of a word), and the
    line breaks of a ``'...'`` constant too: Net-SNMP's lexer does not count them, so the
    lines it names after one (a quote missing leaves apostrophes outside strings) are ours."""
    if "--" not in text and "'" not in text:
        return text
    pieces: list[str] = []
    start = 0
    for match in _tokens(to_eol, underscores).finditer(text):
        if match.start(1) >= 0:
            pieces += [text[start : match.start(1)], " " * (match.end(1) - match.start(1))]
            start = match.end(1)
        elif match.start(2) >= 0 and "\n" in match.group(2):
            pieces += [text[start : match.start(2)], match.group(2).replace("\n", " ")]
            start = match.end(2)
    pieces.append(text[start:])
    return "".join(pieces)


def cut_long_words(text: str, *, underscores: bool = False) -> tuple[str, list[tuple[str, int]]]:
    """`text` (comments blanked out) with each word longer than Net-SNMP keeps cut short as
    it cuts it, and what it says of each: (``Warning: token too long (word)``, line). A
    TEXTUAL-CONVENTION's words up to its SYNTAX (but a DISPLAY-HINT's) are read into its
    string buffer: cut past `_LONGEST_READ` only."""
    said: list[tuple[str, int]] = []
    if not re.search(rf"[A-Za-z0-9_-]{{{LONGEST + 1}}}", text):
        return text, said
    pieces: list[str] = []
    start, convention, last = 0, False, ""  # convention: within one's words before SYNTAX
    for match in _tokens(False, underscores).finditer(text):
        word = match.group()
        if word[0].isspace():
            continue
        longest = _LONGEST_READ if convention and last != "DISPLAY-HINT" else LONGEST
        if match.start(1) < 0 and len(word) > longest and word[0] not in "\"'":
            kept = word[:longest]
            said.append((f"Warning: token too long ({kept})", line_at(text, match.end())))
            pieces += [text[start : match.start()], kept, " " * (len(word) - longest)]
            start = match.end()
        if word == "TEXTUAL-CONVENTION":
            convention = text[: match.start()].rstrip().endswith("::=")
        elif word == "SYNTAX":
            convention = False
        last = word
    pieces.append(text[start:])
    return "".join(pieces), said


def join_octet(text: str, *, underscores: bool = False) -> str:
    """`text` (comments blanked out) with ``OCTET`` and the word after it joined as Net-SNMP's
    lexer joins them: ``OCTET STRING`` and ``OCTETSTRING`` are its OCTET STRING type (as
    pysmi writes it), ``OCTET STRIN`` is the label ``OCTETSTRIN`` (at that word's line)."""
    if "OCTET" not in text:
        return text
    pieces: list[str] = []
    start, octet = 0, None  # octet: where the OCTET read last starts (then spaces only)
    for match in _tokens(False, underscores).finditer(text):
        word = match.group()
        if word.isspace():
            continue
        if octet is not None and word[0].isalnum() and word != "STRING":
            joined = "OCTET STRING" if f"OCTET{word}" == "OCTETSTRING" else f"OCTET{word}"
            pieces += [text[start:octet], " " * 5, text[octet + 5 : match.start()], joined]
            start = match.end()
        elif word == "OCTETSTRING":
            pieces += [text[start : match.start()], "OCTET STRING"]
            start = match.end()
        octet = match.start() if word == "OCTET" else None
    pieces.append(text[start:])
    return "".join(pieces)
