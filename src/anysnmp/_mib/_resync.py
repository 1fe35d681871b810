"""How Net-SNMP's parser reads on after a slip between definitions, word by word.

When a definition fails where Net-SNMP's parser does not give up on the module (a
TEXTUAL-CONVENTION whose SYNTAX names no type it knows), its main loop goes on from the
next word: a word that starts no definition is taken with the word after it as a name it
cannot use (``X (is a reserved word)``), until a name followed by a definition's keyword
starts a definition again (the module reads on), or a name followed by anything else ends
the module (``Bad operator (x)``: the module is dropped). `read_on` replays that on the
text (comments blanked out already).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ._comments import LONGEST, blank
from ._lines import line_at

__all__ = (
    "STARTS",
    "WORD",
    "Resync",
    "after_end",
    "is_label",
    "is_name",
    "read_header",
    "read_imports",
    "read_on",
)

#: Net-SNMP's words its main loop takes for a definition's name.
_NAMES = frozenset(
    {
        *("INTEGER", "Integer32", "UInteger32", "Unsigned32", "Counter", "Counter32"),
        *("Counter64", "Gauge", "Gauge32", "IpAddress", "NetworkAddress", "NsapAddress"),
        *("ObjectSyntax", "ApplicationSyntax", "SimpleSyntax", "ObjectName"),
        *("NotificationName", "Opaque", "TimeTicks"),
    }
)

#: The words after a name that start a definition (or a module, a MACRO).
STARTS = frozenset(
    {
        *("DEFINITIONS", "OBJECT-TYPE", "OBJECT-GROUP", "NOTIFICATION-GROUP", "TRAP-TYPE"),
        *("NOTIFICATION-TYPE", "MODULE-COMPLIANCE", "AGENT-CAPABILITIES", "MACRO"),
        *("MODULE-IDENTITY", "OBJECT-IDENTITY", "OBJECT", "::="),
    }
)

#: Net-SNMP's other keywords (none is a name to its main loop).
_KEYWORDS = frozenset(
    {
        *STARTS,
        *("obsolete", "optional", "LAST-UPDATED", "ORGANIZATION", "CONTACT-INFO", "END"),
        *("AUGMENTS", "not-accessible", "write-only", "UNITS", "REFERENCE", "NUM-ENTRIES"),
        *("BITSTRING", "BITS", "IDENTIFIER", "read-write", "read-create", "OCTETSTRING"),
        *("OF", "SEQUENCE", "NULL", "read-only", "DESCRIPTION", "INDEX", "DEFVAL"),
        *("deprecated", "SIZE", "MAX-ACCESS", "ACCESS", "mandatory", "current", "STATUS"),
        *("SYNTAX", "ENTERPRISE", "BEGIN", "IMPORTS", "EXPORTS", "TEXTUAL-CONVENTION"),
        *("DISPLAY-HINT", "FROM", "IMPLIED", "SUPPORTS", "INCLUDES", "VARIATION"),
        *("REVISION", "not-implemented", "OBJECTS", "NOTIFICATIONS", "MODULE"),
        *("MIN-ACCESS", "PRODUCT-RELEASE", "WRITE-SYNTAX", "CREATION-REQUIRES"),
        *("MANDATORY-GROUPS", "GROUP", "CHOICE", "IMPLICIT", "accessible-for-notify"),
        *("VARIABLES", "OCTET", "BIT"),
    }
)

#: A word of Net-SNMP's lexer: a string, a constant (to the next ``'`` and the character
#: after it, which its lexer reads with it), ``::=``, ``..``, a word, a character (C's
#: blanks only: a byte of 0x80 or more, a NUL, is a word of its own).
WORD = re.compile(r"\"[^\"]*\"?|'[^']*(?:'[\s\S])?|::=|\.\.|[A-Za-z0-9-]+|\S", re.ASCII)

#: `WORD` with ``-Pu``: a ``_`` part of a word.
_WORD_PU = re.compile(WORD.pattern.replace("[A-Za-z0-9-]+", "[A-Za-z0-9_-]+"), re.ASCII)

#: The marks Net-SNMP's lexer makes words of their own (any other is a label to it).
_MARKS = frozenset({"(", ")", "[", "]", "{", "}", ";", ",", "|", "::=", ".."})


class Resync(NamedTuple):
    """What Net-SNMP's main loop did after the slip: the lines it said (text, line); where
    in the text it starts reading again (a definition's name, or the module's END; None:
    the module is dropped)."""

    said: list[tuple[str, int]]
    at: int | None


def _words(text: str, start: int) -> list[tuple[str, int, int]]:
    """The words of `text` from `start` to the module's END: (word, line of its end, its
    start); the END itself last, if any."""
    found = []
    line = line_at(text, start)
    last = start
    for match in WORD.finditer(text, start):
        line += text.count("\n", last, match.end())
        last = match.end()
        found.append((match.group(), line, match.start()))
        if match.group() == "END":
            break
    return found


def _shown(word: str) -> str:
    """A word as Net-SNMP's messages show it: a string's text (cut to its word buffer),
    punctuation's first mark."""
    if word[:1] == '"':
        return word[1:].removesuffix('"')[:LONGEST]
    if word[:1].isalnum() or word[:1] in "-'":
        return word
    return word[0]


def is_name(word: str) -> bool:
    """Whether Net-SNMP's main loop takes `word` for a definition's name (a label)."""
    if word in _NAMES:
        return True
    if not word or word in _KEYWORDS or word in _MARKS or word[0] == '"':
        return False
    if word[0] == "'":  # a number when hex or binary digits, else a label
        return re.fullmatch(r"'[0-9A-Fa-f]*'[hH]|'[01]*'[bB]", word) is None
    number = (word[0] == "-" or word[0].isdigit()) and (word[1:] == "" or word[1:].isdigit())
    return not number


def is_label(word: str) -> bool:
    """Whether Net-SNMP's lexer reads `word` as a label (no keyword, type, number or mark)."""
    return word not in _NAMES and is_name(word)


def read_on(text: str, start: int, pending: str | None = None) -> Resync:
    """Net-SNMP's main loop from offset `start` of `text`, `pending` the word it holds
    (the ``::=`` of a type assignment that failed)."""
    words = _words(text, start)
    said: list[tuple[str, int]] = []
    held: str | None = pending
    index = 0
    while True:
        if held is None:
            if index >= len(words):
                return Resync(said, None)  # no END: nothing of the module is linked
            word, _, at = words[index]
            index += 1
        else:
            word, at, held = held, -1, None
        if word == "END":
            return Resync(said, at)
        if word in ("IMPORTS", "EXPORTS"):
            return Resync(said, at)
        if index >= len(words):
            return Resync(said, None)
        after, line, _ = words[index]
        index += 1
        if is_name(word):
            if after in STARTS:
                return Resync(said, at)
            said.append((f"Bad operator ({_shown(after)})", line))
            return Resync(said, None)
        if after == "MACRO":
            return Resync(said, at)
        said.append((f"{_shown(word)} (is a reserved word)", line))


def read_header(text: str) -> str:
    """`text` (comments blanked out) with the words between a module's ``DEFINITIONS`` and
    its ``BEGIN``, which Net-SNMP's main loop reads past (a ``::=`` missing, more words), as
    the ``::=`` pysmi reads (line breaks kept; all of the text when no BEGIN follows), and
    an IMPORTS of nothing (``IMPORTS;``, which pysmi's grammar does not take) blanked out:
    Net-SNMP imports nothing."""
    pieces, start = [], 0
    words = WORD.finditer(text)
    before = None
    importing = False  # a DEFINITIONS among imports starts no module
    for index, match in enumerate(words):
        first = index == 1  # the text's second word
        if match.group() == ";" and before is not None and before.group() == "IMPORTS":
            pieces += [text[start : before.start()], blank(text[before.start() : match.end()])]
            start = match.end()
        if match.group() in ("IMPORTS", ";"):
            importing = match.group() == "IMPORTS"
        elif match.group() == "DEFINITIONS" and not importing:
            between = []
            for word in words:
                if word.group() == "BEGIN":
                    break
                between.append(word.group())
            else:  # no BEGIN: a module's first line read past to the text's end
                if first:  # (a DEFINITIONS further on, in a definition read past, is none)
                    pieces += [text[start : match.end()], blank(text[match.end() :])]
                    start = len(text)
                break
            if between != ["::="]:
                breaks = "\n" * text.count("\n", match.end(), word.start())
                pieces += [text[start : match.end()], " ::= ", breaks]
                start = word.start()
            match = word
        before = match
    return "".join([*pieces, text[start:]])


#: A module's name as pysmi reads it.
_MODULE = re.compile(r"[A-Z][A-Za-z0-9-]*")


def read_import_tail(
    text: str, *, underscores: bool = False
) -> tuple[str, tuple[int, list[str]] | None]:
    """`text` (comments blanked out, `read_imports`') with the words of its IMPORTS after
    the last ``FROM`` and its module (or all of them, with no FROM) blanked out, which
    pysmi's grammar does not take; and the labels among them, which Net-SNMP looks up in any
    module (its ``#-1``), with the line of the first (None: no such words). With
    `underscores` (``-Pu``) a ``_`` is part of a word."""
    words = (_WORD_PU if underscores else WORD).finditer(text)
    imports = next((word for word in words if word.group() == "IMPORTS"), None)
    if imports is None:
        return text, None
    tail: list[re.Match[str]] = []
    clauses = 0
    for word in words:
        if word.group() == ";":
            break
        if word.group()[0] in "\"'":
            return text, None
        if word.group() == "FROM":
            tail, clauses = [], clauses + 1
            if next(words, None) is None:
                return text, None
        else:
            tail.append(word)
    else:
        return text, None
    labels = [word.group() for word in tail if is_label(word.group())]
    if not labels:
        return text, None
    # No FROM at all: the whole IMPORTS goes (pysmi takes no IMPORTS of nothing).
    begin, end = (tail[0].start(), tail[-1].end()) if clauses else (imports.start(), word.end())
    first = next(word for word in tail if is_label(word.group()))
    blanked = text[:begin] + blank(text[begin:end]) + text[end:]
    return blanked, (line_at(text, first.start()), labels)


def read_imports(text: str, keywords: frozenset[str]) -> str:
    """`text` (comments blanked out) with the words of its IMPORTS that Net-SNMP's parser
    passes over blanked out (numbers, marks, its keywords but `keywords`, which pysmi reads
    there; a FROM of keywords alone and the word after it when that is no module's name,
    with those keywords and commas), so that pysmi imports what Net-SNMP does; unchanged when it
    holds a string, or a FROM of labels whose module pysmi cannot read (left to pysmi's
    parse)."""
    words = WORD.finditer(text)
    if next((word for word in words if word.group() == "IMPORTS"), None) is None:
        return text
    blanked: list[tuple[int, int]] = []
    clause: list[tuple[int, int]] = []  # the keywords and commas since the last FROM
    labels = 0
    for word in words:
        found = word.group()
        if found == ";":
            break
        if found[0] in "\"'":
            return text
        if found == "FROM":
            module = next(words, None)
            if module is None:
                return text
            if not _MODULE.fullmatch(module.group()) or not is_label(module.group()):
                if labels:
                    return text
                blanked += [*clause, word.span(), module.span()]  # no module read
            clause, labels = [], 0
        elif is_label(found):
            labels += 1
        elif found in keywords or (found == "," and (labels or clause)):
            clause.append(word.span())
        else:  # (a comma first in its clause too: pysmi takes none there)
            blanked.append(word.span())
    else:
        return text
    pieces, start = [], 0
    for begin, end in blanked:
        pieces += [text[start:begin], blank(text[begin:end])]
        start = end
    return "".join([*pieces, text[start:]])


def after_end(text: str, start: int) -> list[tuple[str, int]]:
    """What Net-SNMP says of the definitions from offset `start` of `text`, after its
    module's ``END`` (read as definitions of no module): ``Error, END before start of MIB``
    at the next ``END``, where it stops."""
    for word in WORD.finditer(text, start):
        if word.group() == "END":
            line = line_at(text, word.end())
            return [("Error, END before start of MIB", line)]
    return []
