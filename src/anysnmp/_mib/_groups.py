"""The definitions Net-SNMP's parser reads past a slip in, to their ``::=``: OBJECT-GROUP,
NOTIFICATION-GROUP, OBJECT-IDENTITY, NOTIFICATION-TYPE (here), MODULE-IDENTITY, MODULE-COMPLIANCE and
AGENT-CAPABILITIES (`_conformance`). Each reads its clauses in a fixed order; at a slip
Net-SNMP says what it wanted, reads past every word up to the ``::=`` and makes the node all
the same (what it had read still counts: a group's list, a compliance's names, a
description). `read_past` rewrites each such definition as pysmi can read that (the words
read past blanked out, lines kept) and gives what Net-SNMP says. A string missing after a
group's DESCRIPTION or REFERENCE drops the module: left to pysmi's parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from ._clauses import Slip, Words
from ._comments import blank
from ._conformance import read_capabilities, read_compliance, read_identity
from ._lines import line_at
from ._resync import WORD, is_label, is_name

__all__ = ("ReadPast", "read_past")

#: A definition of these macros: a run of label characters (its name is in it, `_NAME`),
#: then spaces, then the macro's keyword (`_after_runs`).
_MACRO = re.compile(
    r"(OBJECT-GROUP|NOTIFICATION-GROUP|OBJECT-IDENTITY|MODULE-IDENTITY|MODULE-COMPLIANCE"
    r"|AGENT-CAPABILITIES|NOTIFICATION-TYPE)\b"
)
#: Where a definition's name starts in its run: the first lower-case letter starting a word.
_NAME = re.compile(r"\b[a-z]")
#: A run that is a name with a capital (``IMPORT MODULE-IDENTITY``: a misspelt IMPORTS).
_CAPITAL = re.compile(r"[A-Z][A-Za-z0-9-]*")

#: A module's first line: its name (a run starting with a letter), spaces, DEFINITIONS.
_DEFINITIONS = re.compile(r"DEFINITIONS\b")

#: Spaces, then a run of label characters, in a text read backwards (`_after_runs`).
_BACKWARDS = re.compile(r"\s+([A-Za-z0-9_-]+)")
#: Spaces, then a word, in a text read backwards (`_paired`).
_WORD_BACKWARDS = re.compile(r"\s+(=::|[A-Za-z0-9_-]+)")
#: The words a definition's last word, a type's name, may follow (``Foo ::= Bar``).
_TYPED = frozenset({"::=", "SYNTAX", "OF", "OCTET", "IMPLICIT"})


class _Found(NamedTuple):
    """A keyword after a run of label characters and spaces: where the run starts and ends,
    the keyword, where it ends."""

    start: int
    run_end: int
    keyword: str
    keyword_start: int
    end: int


def _after_runs(text: str, keyword: re.Pattern[str], *, letter: bool = False) -> list[_Found]:
    """Each `keyword` after spaces after a whole run of label characters (the character
    before it none; starting with a letter when `letter`), in order, none overlapping the
    one before, as ``(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+\\s+(keyword)`` finds them; searched
    from the keywords, each run read backwards once (that expression, tried from every
    run, was most of the time `read_past` took)."""
    backwards, size = text[::-1], len(text)
    found: list[_Found] = []
    for match in keyword.finditer(text):
        run = _BACKWARDS.match(backwards, size - match.start())
        if run is None:
            continue
        start, end = size - run.end(1), size - run.start(1)
        if start < (found[-1].end if found else 0):
            continue
        if letter and not (text[start].isascii() and text[start].isalpha()):
            continue
        found.append(_Found(start, end, match.group(), match.start(), match.end()))
    return found


#: The list each group macro starts with (optional).
_LISTS = {"OBJECT-GROUP": "OBJECTS", "NOTIFICATION-GROUP": "NOTIFICATIONS"}


def _read_group(words: Words, macro: str) -> None:
    """Net-SNMP's reading of an OBJECT-GROUP, NOTIFICATION-GROUP or OBJECT-IDENTITY after
    its keyword (at `words`), up to its ``::=``; a string missing (the module dropped) is
    left to pysmi's parse.

    Raises:
        Slip: a slip it reads on after.
    """
    if words.next() == _LISTS.get(macro, "OBJECTS"):
        if words.next() != "{":
            raise words.slip('Expected "{"')
        while True:
            if not is_label(words.next()):
                raise words.slip("Bad identifier")
            words.keep(" }")  # the list as far as read
            if words.next() != ",":
                break
        if words.word != "}":
            raise words.slip('Expected "}" after list')
        words.keep()
        words.next()
    if words.word != "STATUS":
        raise words.slip("Expected STATUS")
    if words.next() not in ("current", "deprecated", "obsolete"):
        raise words.slip("Bad STATUS value")
    if words.next() != "DESCRIPTION":
        raise words.slip("Expected DESCRIPTION")
    if not _described(words):
        return
    if words.word != "::=":
        raise words.slip('Expected "::="')


def _described(words: Words) -> bool:
    """A DESCRIPTION's string (its keyword at `words`) and an optional REFERENCE, which
    pysmi keeps; `words` at the word after them. False: a string missing (the module
    dropped: left to pysmi's parse)."""
    if not words.next().startswith('"'):
        return False
    words.keep()
    if words.next() == "REFERENCE":
        if not words.next().startswith('"'):
            return False
        words.keep()
        words.next()
    return True


def _read_notification(words: Words, _macro: str) -> None:
    """A NOTIFICATION-TYPE after its keyword as Net-SNMP reads it: every word up to its
    ``::=``, silently. Words after its DESCRIPTION (and REFERENCE) are read past here (a
    ``::=`` missing: the next definition read into it, its name then undefined); a slip
    before them, or words there Net-SNMP drops the module at (a DESCRIPTION, a REFERENCE
    without a string, an OBJECTS without a list), are left to pysmi's parse.

    Raises:
        Slip: words after its DESCRIPTION that Net-SNMP reads past.
    """
    if words.next() == "OBJECTS":
        while words.next() not in ("}", "EOF"):
            pass
        words.next()
    if words.word != "STATUS" or not re.fullmatch(r"[a-z][A-Za-z0-9-]*", words.next()):
        return
    if words.next() != "DESCRIPTION" or not _described(words) or words.word == "::=":
        return
    slip = words.slip(None)
    while words.word not in ("::=", "EOF"):
        if words.word in ("DESCRIPTION", "REFERENCE") and not words.next().startswith('"'):
            return
        if words.word == "OBJECTS" and (words.next() != "{" or words.next() == "}"):
            return
        words.next()
    if words.word == "::=":
        raise slip


#: Each macro's reading.
_READERS: dict[str, Callable[[Words, str], None]] = {
    "NOTIFICATION-TYPE": _read_notification,
    **dict.fromkeys(("OBJECT-GROUP", "NOTIFICATION-GROUP", "OBJECT-IDENTITY"), _read_group),
    "MODULE-IDENTITY": read_identity,
    "MODULE-COMPLIANCE": read_compliance,
    "AGENT-CAPABILITIES": read_capabilities,
}


class ReadPast(NamedTuple):
    """A text as pysmi reads it and what Net-SNMP says of it: [(message, line)]; the
    names read of each compliance with a slip ({label: `_positions`' compliance entries});
    when a slip is read past to the text's end, the line where that definition starts and
    the lines Net-SNMP says as it drops the module there (None: no such slip)."""

    text: str
    said: list[tuple[str, int]]
    compliances: dict[str, list[tuple[str, str, int]]]
    fatal: tuple[int, list[tuple[str, int]]] | None


def read_past(text: str, *, underscores: bool = False) -> ReadPast:
    """`text` (comments blanked out) with each definition Net-SNMP reads on after a slip in
    rewritten as pysmi reads that, and what Net-SNMP says."""
    said: list[tuple[str, int]] = []
    compliances: dict[str, list[tuple[str, str, int]]] = {}
    pieces: list[str] = []
    start = 0
    modules = [
        (found.start, text[found.start : found.run_end])
        for found in _after_runs(text, _DEFINITIONS, letter=True)
    ]
    unread = _not_read(text)
    backwards = text[::-1]
    for match in _after_runs(text, _MACRO):
        name = _name(text, match)
        if name is None or name.start() < start or _within(unread, match.keyword_start):
            continue
        if _paired(backwards, match.start):
            continue
        at = name.start()
        module = next((label for where, label in reversed(modules) if where < at), "")
        words = Words(text, match.end, underscores, module)
        macro = match.keyword
        try:
            _READERS[macro](words, macro)
            said += words.said
            continue
        except Slip as slip:
            found = slip
        said += words.said
        equals = _equals(text, found.at, underscores)
        line = line_at(text, found.end)
        slipped = [] if found.said is None else [(found.said, line)]
        if equals is None:  # read to the text's end: no OID value, the module dropped
            fatal = (line_at(text, at), [*slipped, *_no_value(macro, text)])
            return ReadPast("".join([*pieces, text[start:]]), said, compliances, fatal)
        said += slipped
        if words.entries is not None:
            compliances[text[at : match.run_end]] = words.entries
        pieces += [text[start : found.kept], found.closing, blank(text[found.kept : equals])]
        start = equals
    pieces.append(text[start:])
    return ReadPast("".join(pieces), said, compliances, None)


def _name(text: str, found: _Found) -> re.Match[str] | None:
    """The name of the definition `found` (in its run), None: no name Net-SNMP's main loop
    reads so."""
    capital = _CAPITAL.fullmatch(text, found.start, found.run_end)
    if capital is not None:
        return capital if is_name(capital.group()) else None
    return _NAME.search(text, found.start, found.run_end)


def _paired(backwards: str, start: int) -> bool:
    """Whether Net-SNMP's main loop takes the word before offset `start` (of the text read
    `backwards`) for a definition's name, the name at `start` for its macro: that word a
    name, not a type ending a definition (``udpMIB udpMIB MODULE-IDENTITY``: ``Bad
    operator (udpMIB)``, left to pysmi's parse)."""
    size = len(backwards)
    before = _BACKWARDS.match(backwards, size - start)
    if before is None or not is_name(before.group(1)[::-1]):
        return False
    typed = _WORD_BACKWARDS.match(backwards, before.end())
    return typed is None or typed.group(1)[::-1] not in _TYPED


def _not_read(text: str) -> list[int]:
    """Where the strings, ``'...'`` constants and IMPORTS clauses (``IMPORTS`` to its ``;``)
    of `text` start and end, as Net-SNMP's lexer reads them from its start, in order:
    [start, end, start, end...]. No definition starts within them."""
    marks: list[int] = []
    importing = False
    for match in WORD.finditer(text):
        word = match.group()
        if importing:
            if word == ";":
                marks.append(match.end())
                importing = False
        elif word == "IMPORTS":
            marks.append(match.start())
            importing = True
        elif word[0] in "\"'":
            marks += [match.start(), match.end()]
    return [*marks, len(text)] if importing else marks


def _within(quoted: list[int], at: int) -> bool:
    """Whether the character at `at` is within one of the pieces of text `quoted`
    (`_not_read`: a macro's keyword there is a word of a text, ``the MODULE-IDENTITY's
    DESCRIPTION``, or an import)."""
    return bisect_right(quoted, at) % 2 == 1


def _no_value(macro: str, text: str) -> list[tuple[str, int]]:
    """What Net-SNMP says of a definition read past to the end of `text` (at its last line)."""
    line = text.count("\n") + 1
    return [
        ('Expected "{" (EOF)', line),
        ("Bad object identifier", line),
        (f"Bad parse of {macro}", line),
    ]


def _equals(text: str, start: int, underscores: bool) -> int | None:
    """Where the first ``::=`` from `start` is (strings skipped), None: none."""
    words = Words(text, start, underscores)
    return words.start if words.seek(("::=",)) == "::=" else None
