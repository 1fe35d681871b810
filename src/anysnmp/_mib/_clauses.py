"""The words of a definition's clauses as Net-SNMP's parser takes them one at a time, the
slip it reads past to the definition's ``::=`` (`_groups`, `_conformance`), and its
readings of an enumeration and of ranges (parse_enumlist, parse_ranges), which say what
they do not take and read on."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ._comments import LONGEST
from ._lines import line_at
from ._resync import WORD, is_label

__all__ = ("Slip", "Words", "constant", "enumeration", "is_number", "message", "ranges")

#: A word of Net-SNMP's lexer with -Pu (``_`` a label's character).
_WORD_PU = re.compile(WORD.pattern.replace("[A-Za-z0-9-]", "[A-Za-z0-9_-]"), re.ASCII)


@functools.cache
def _seeker(wanted: tuple[str, ...], underscores: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For `Words.seek`: an expression of the strings and constants (as `WORD` reads them:
    the words within are none) and of the words of `wanted` where `WORD` starts a word (a
    label's only after a character of none: looked behind its first character, which
    the expression then searches for), and one of those words alone (where a word may
    start)."""
    chars = "[A-Za-z0-9_-]" if underscores else "[A-Za-z0-9-]"
    labels = [word for word in wanted if re.fullmatch(f"{chars}+", word)]
    marks = [re.escape(word) for word in wanted if word not in labels]
    anywhere = [r"\"[^\"]*\"?", r"'[^']*(?:'[\s\S])?"]
    here = []
    for label in sorted(labels, key=len, reverse=True):
        first, rest = re.escape(label[0]), re.escape(label[1:])
        anywhere.append(f"{first}(?<!{chars}{first}){rest}(?!{chars})")
        here.append(f"{first}{rest}(?!{chars})")
    return (
        re.compile("|".join([*anywhere, *marks]), re.ASCII),
        re.compile("|".join([*here, *marks]) or "(?!)", re.ASCII),
    )


class Slip(Exception):
    """A slip Net-SNMP's parser reads on after: what it says (None: nothing), where the word
    it was at starts and ends, where the text pysmi reads of the definition ends, what
    closes that text (a list left open: ``" }"``)."""

    def __init__(self, said: str | None, at: tuple[int, int], kept: int, closing: str) -> None:
        super().__init__(said)
        self.said, (self.at, self.end), self.kept, self.closing = said, at, kept, closing


class Words:
    """The words of a text from an offset, one at a time, and what Net-SNMP's parser says
    of them while it reads on (`said`: [(message, line)])."""

    def __init__(self, text: str, start: int, underscores: bool, module: str = "") -> None:
        self.text, self.module = text, module
        self._underscores = underscores
        self._words: Iterator[re.Match[str]] = (_WORD_PU if underscores else WORD).finditer(
            text, start
        )
        self.word, self.start, self.end = "", start, start
        self.shown: str | None = None  # the word Net-SNMP shows, when not `word`
        self.kept = start  # where the text pysmi reads of the definition ends
        self.closing = ""
        self.said: list[tuple[str, int]] = []
        self.entries: list[tuple[str, str, int]] | None = None  # a compliance's names read

    def next(self) -> str:
        """The next word; ``EOF`` at the text's end and at a string not closed (Net-SNMP's
        lexer reads it to the end)."""
        self.shown = None
        return self._take(next(self._words, None))

    def seek(self, wanted: tuple[str, ...]) -> str:
        """The next word of `wanted`, the words before it read past as `next` reads them
        (``EOF``: none before the text's end, there, or a string not closed), found by a
        regular expression of those words and of the strings and constants that hold words.
        """
        self.shown = None
        text, pattern = self.text, _WORD_PU if self._underscores else WORD
        anywhere, here = _seeker(wanted, self._underscores)
        boundary = self.end  # where a word starts (or spaces before one)
        found = here.match(text, boundary)
        if found is None:
            for match in anywhere.finditer(text, boundary):
                word = match.group()
                if word[0] == "'":  # a constant, whose last character may start a word's
                    boundary = match.end()
                    found = here.match(text, boundary)
                    if found is not None:
                        break
                elif word[0] != '"' or len(word) == 1 or word[-1] != '"':
                    found = match  # a word of `wanted`, or a string not closed
                    break
                boundary = match.end()
        if found is None:  # `next` would start its EOF where the last word ends: none asks
            self.word, self.start = "EOF", len(text)
            self.end, self._words = len(text), iter(())
            return self.word
        self._words = pattern.finditer(text, found.end())
        return self._take(found)

    def _take(self, match: re.Match[str] | None) -> str:
        """The word `match` found (None: the text's end) made the current one."""
        if match is None:
            self.word, self.start = "EOF", self.end
            self.end = len(self.text)
        else:
            self.word, self.start, self.end = match.group(), match.start(), match.end()
            if self.word[0] == '"' and (len(self.word) == 1 or self.word[-1] != '"'):
                self.word, self.end = "EOF", len(self.text)
        return self.word

    def string(self) -> bool:
        """Whether the word is a string."""
        return self.word.startswith('"')

    def line(self) -> int:
        """The line where the word ends (Net-SNMP's line when it speaks of it)."""
        return line_at(self.text, self.end)

    def keep(self, closing: str = "") -> None:
        """pysmi reads the definition up to the word's end (then `closing`)."""
        self.kept, self.closing = self.end, closing

    def say(self, wanted: str, word: str | None = None) -> None:
        """Net-SNMP's ``wanted (word)`` (the current word by default), as it prints it."""
        self.said.append((message(wanted, self.word if word is None else word), self.line()))

    def slip(self, wanted: str | None) -> Slip:
        """The slip at the current word: Net-SNMP says ``wanted (word)`` (None: nothing)."""
        word = self.word if self.shown is None else self.shown
        said = None if wanted is None else message(wanted, word)
        return Slip(said, (self.start, self.end), self.kept, self.closing)


def message(wanted: str, word: str) -> str:
    """``wanted (word)`` as Net-SNMP's print_error prints it: a string's text cut to its
    word buffer, ``::=`` and ``..`` as its lexer keeps them (``:``, ``.``), a word cut at a NUL (C's end of
    text) and nothing in parentheses when that leaves it empty."""
    if word.startswith('"'):
        word = word[1:].removesuffix('"')[:LONGEST]
    elif word in ("::=", ".."):  # the lexer keeps their first character
        word = word[0]
    elif word.startswith("'"):
        word = constant(word)
    word = word.split("\0", 1)[0]
    return f"{wanted} ({word})" if word else wanted


def constant(word: str) -> str:
    """A ``'...'`` word (with the character after it) as Net-SNMP's lexer keeps it: hex
    (``'ff'H``) or binary (``'101'B``) digits as a decimal number (wrapped to a C long),
    other ones without that character."""
    if len(word) < 3 or word[-2] != "'":  # not closed
        return word
    digits, kind = word[1:-2], word[-1].upper()
    if kind not in "HB" or not re.fullmatch("[01]*" if kind == "B" else "[0-9A-Fa-f]*", digits):
        return word[:-1]
    number = int(digits or "0", 16 if kind == "H" else 2) & (2**64 - 1)
    return str(number - 2**64 if number >= 2**63 else number)


def is_number(word: str) -> bool:
    """Whether Net-SNMP's lexer reads `word` as a number."""
    return re.fullmatch(r"-?[0-9]+", word) is not None


def enumeration(words: Words) -> list[tuple[int, int]]:
    """An enumeration after its ``{`` as Net-SNMP's parse_enumlist reads it, to its ``}``
    (other words read past): where each ``label(number)`` it read starts and ends (its
    number may be a hex or binary constant, a number to Net-SNMP's lexer)."""
    items: list[tuple[int, int]] = []
    while words.next() not in ("}", "EOF"):
        if not is_label(words.word) and words.word != "deprecated":
            continue
        start = words.start
        for wanted, good in (
            ('Expected "("', "("),
            ("Expected integer", None),
            ('Expected ")"', ")"),
        ):
            words.next()
            if words.word != good if good else not is_number(constant(words.word)):
                words.say(wanted)
                return items
        items.append((start, words.end))
    if words.word == "EOF":
        words.say('Expected "}"')
    return items


def ranges(words: Words) -> None:
    """Ranges after their ``(`` as Net-SNMP's parse_ranges reads them, to their ``)``."""
    size = words.next() == "SIZE"
    if size and words.next() != "(":
        words.say('Expected "(" after SIZE')
    taken = not size
    while True:
        if not taken:
            words.next()
        taken = False
        if words.next() == "..":
            words.next()
            words.next()
        if words.word != "|":
            break
    if size:
        if words.word != ")":
            words.say('Expected ")" after SIZE')
        words.next()
    if words.word != ")":
        words.say('Expected ")"')
