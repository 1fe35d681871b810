"""OBJECT-GROUP, NOTIFICATION-GROUP and OBJECT-IDENTITY definitions as Net-SNMP's parser
reads them: their clauses in a fixed order (the list, STATUS current, deprecated or
obsolete, DESCRIPTION, REFERENCE, ``::=``); at a slip it says what it wanted, reads past
every word up to the ``::=`` and makes the node all the same (what it had read of the list
still checked at the module's end). `read_groups` rewrites each such definition as pysmi
can read that (the words read past blanked out, lines kept) and gives what Net-SNMP says.
A string missing after DESCRIPTION or REFERENCE drops the module: left to pysmi's parse.
"""

from __future__ import annotations

import re

from ._comments import LONGEST, blank
from ._resync import WORD, is_label

__all__ = ("read_groups",)

#: A definition of these macros (its name, then the macro's keyword).
_START = re.compile(r"\b[a-z][A-Za-z0-9-]*\s+(OBJECT-GROUP|NOTIFICATION-GROUP|OBJECT-IDENTITY)\b")

#: The list each macro starts with (optional).
_LISTS = {"OBJECT-GROUP": "OBJECTS", "NOTIFICATION-GROUP": "NOTIFICATIONS"}

#: A word of Net-SNMP's lexer with -Pu (``_`` a label's character).
_WORD_PU = re.compile(WORD.pattern.replace("[A-Za-z0-9-]", "[A-Za-z0-9_-]"))


class _Slip(Exception):
    """A slip Net-SNMP's parser reads on after: what it says, where the word it was at
    starts and ends, where the text pysmi reads of the definition ends, whether a list is
    left open there."""

    def __init__(self, said: str, at: tuple[int, int], kept: int, opened: bool) -> None:
        super().__init__(said)
        self.said, (self.at, self.end), self.kept, self.opened = said, at, kept, opened


class _Words:
    """The words of a text from an offset, one at a time."""

    def __init__(self, text: str, start: int, underscores: bool) -> None:
        self._words = (_WORD_PU if underscores else WORD).finditer(text, start)
        self.word, self.start, self.end = "", start, start

    def next(self) -> str:
        match = next(self._words, None)
        if match is None:
            self.word, self.start = "EOF", self.end
        else:
            self.word, self.start, self.end = match.group(), match.start(), match.end()
        return self.word


def _read(words: _Words, macro: str) -> None:
    """Net-SNMP's reading of one definition after its keyword (at `words`), up to its
    ``::=``; a string missing (the module dropped) is left to pysmi's parse.

    Raises:
        _Slip: a slip it reads on after.
    """
    kept = words.end
    opened = False

    def slip(wanted: str) -> _Slip:
        word = words.word
        if word.startswith('"'):  # a string: its text, cut to Net-SNMP's word buffer
            word = word[1:].removesuffix('"')[:LONGEST]
        return _Slip(f"{wanted} ({word})", (words.start, words.end), kept, opened)

    if words.next() == _LISTS.get(macro, "OBJECTS"):
        if words.next() != "{":
            raise slip('Expected "{"')
        while True:
            if not is_label(words.next()):
                raise slip("Bad identifier")
            kept, opened = words.end, True  # the list as far as read
            if words.next() != ",":
                break
        if words.word != "}":
            raise slip('Expected "}" after list')
        kept, opened = words.end, False
        words.next()
    if words.word != "STATUS":
        raise slip("Expected STATUS")
    if words.next() not in ("current", "deprecated", "obsolete"):
        raise slip("Bad STATUS value")
    if words.next() != "DESCRIPTION":
        raise slip("Expected DESCRIPTION")
    if not words.next().startswith('"'):
        return
    kept = words.end
    if words.next() == "REFERENCE":
        if not words.next().startswith('"'):
            return
        kept = words.end
        words.next()
    if words.word != "::=":
        raise slip('Expected "::="')


def read_groups(text: str, *, underscores: bool = False) -> tuple[str, list[tuple[str, int]]]:
    """`text` (comments blanked out) with each OBJECT-GROUP, NOTIFICATION-GROUP and
    OBJECT-IDENTITY definition Net-SNMP reads on after a slip rewritten as pysmi reads that,
    and what Net-SNMP says of each slip: [(message, line)]."""
    said: list[tuple[str, int]] = []
    pieces, start = [], 0
    for match in _START.finditer(text):
        if match.start() < start:
            continue
        try:
            _read(_Words(text, match.end(), underscores), match.group(1))
            continue
        except _Slip as slip:
            found = slip
        equals = _equals(text, found.at, underscores)
        if equals is None:
            continue  # no ::= ahead: left to pysmi (the module dropped)
        said.append((found.said, text.count("\n", 0, found.end) + 1))
        closing = " }" if found.opened else ""
        pieces += [text[start : found.kept], closing, blank(text[found.kept : equals])]
        start = equals
    pieces.append(text[start:])
    return "".join(pieces), said


def _equals(text: str, start: int, underscores: bool) -> int | None:
    """Where the first ``::=`` from `start` is (strings skipped), None: none."""
    words = _Words(text, start, underscores)
    while words.next() != "EOF":
        if words.word == "::=":
            return words.start
    return None
