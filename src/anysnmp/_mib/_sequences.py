"""A SEQUENCE type (``X ::= SEQUENCE { ... }``) as Net-SNMP's parse_asntype reads it: it
reads past every word to the ``}`` that closes its ``{`` (braces counted, nothing else
looked at), then its main loop reads on from the word after (`_resync`). `read_sequences`
finds where that ends a module pysmi reads otherwise: a ``}`` missing (read to the text's
end: ``Expected "}" (EOF)``; its ``{`` missing too, as the braces after it rarely count
back to 0), or one too early whose next words Net-SNMP's main loop drops
the module at (``X (is a reserved word)``, ``Bad operator (y)``)."""

from __future__ import annotations

import re

from ._clauses import Words
from ._comments import blank
from ._groups import ReadPast
from ._lines import line_at
from ._resync import STARTS, is_name, read_on

__all__ = ("read_sequences",)

#: An entry of a SEQUENCE as pysmi reads it (Net-SNMP reads any words there): a label, a
#: type (its named numbers, ``INTEGER { up(1), down(2) }``, or a range or a SIZE after
#: it); ``_`` as `_underscores` makes pysmi read it.
_ENTRY = re.compile(
    r"\s*[a-z][\w-]*\s+(?:OCTET\s+STRING|OBJECT\s+IDENTIFIER|[A-Z][\w-]*)"
    r"(?:\s*\{[^{}]*\})?"
    r"(?:\s*\((?:[^(){},]|\((?:[^(){},]|\([^(){},]*\))*\))*\))?\s*",
    re.ASCII,
)


#: A label's name (a type's starts with a capital letter).
_LOWER = re.compile(r"[a-z][\w-]*", re.ASCII)


def _entries(body: str) -> list[str]:
    """A SEQUENCE's body split at its commas outside braces and parentheses."""
    entries, depth, start = [], 0, 0
    for at, char in enumerate(body):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        elif char == "," and depth == 0:
            entries.append(body[start:at])
            start = at + 1
    return [*entries, body[start:]]


def _to_the_end(text: str, start: int, underscores: bool) -> bool:
    """Whether parse_asntype reads a SEQUENCE without its ``{`` (its words from offset
    `start`) to the text's end: it counts braces from 0, ending at a ``}`` back to 0."""
    words, depth = Words(text, start, underscores), 0
    while words.seek(("{", "}")) != "EOF":
        depth += 1 if words.word == "{" else -1
        if words.word == "}" and depth == 0:
            return False
    return True


def read_sequences(text: str, *, underscores: bool = False) -> ReadPast:
    """What Net-SNMP says of `text`'s (comments blanked out) first SEQUENCE type it drops
    the module at, as a `ReadPast` whose `fatal` holds it (None: none), the text with the
    entries of each SEQUENCE that pysmi would not read (a word that is no label or type, a
    ``::=``...; Net-SNMP reads through) blanked out, the others kept (a dummy one when none
    is left)."""
    words = Words(text, 0, underscores)
    kept = []  # the text's pieces, up to `done`
    done = 0
    before = ("", "")  # the two words before the current
    starts = (0, 0)  # where they start
    named = ("", 0)  # the word before those, and where it starts
    while words.next() != "EOF":
        sequence = before in (("::=", "SEQUENCE"), ("::=", "CHOICE"))
        if sequence and words.word != "{" and _to_the_end(text, words.start, underscores):
            end = text.count("\n") + 1
            said = [('Expected "}" (EOF)', end), (": (is a reserved word)", end)]
            return ReadPast(text, [], {}, (line_at(text, words.start), said))
        if words.word != "{" or not sequence:
            named = (before[0], starts[0])
            before, starts = (before[1], words.word), (starts[1], words.start)
            continue
        line, depth, opened = line_at(text, words.start), 1, words.end
        while depth and words.seek(("{", "}")) != "EOF":
            depth += 1 if words.word == "{" else -1
        if depth:
            end = text.count("\n") + 1
            said = [('Expected "}" (EOF)', end), (": (is a reserved word)", end)]
            return ReadPast(text, [], {}, (line, said))
        if _LOWER.fullmatch(named[0]):  # a type of a label's name: pysmi reads none
            kept += [text[done : named[1]], blank(text[named[1] : words.end])]
            done = words.end
        else:
            kept, done = _entries_read(text, opened, words.start, kept, done)
        after = Words(text, words.end, underscores)
        if not is_name(after.next()) or after.next() not in STARTS:  # not the next definition
            resync = read_on(text, words.end)
            if resync.at is None:
                return ReadPast(text, [], {}, (line, resync.said))
        before = ("", "")
    return ReadPast("".join([*kept, text[done:]]), [], {}, None)


def _entries_read(
    text: str, opened: int, closed: int, kept: list[str], done: int
) -> tuple[list[str], int]:
    """The text's pieces up to `done` (`kept`) and `done`, after the entries of a SEQUENCE
    (between offsets `opened` and `closed`) pysmi would not read are blanked out."""
    entries = _entries(text[opened:closed])
    read = [entry if _ENTRY.fullmatch(entry) else blank(entry) for entry in entries]
    if read == entries:
        return kept, done
    if not any(entry.strip() for entry in read):
        read.insert(0, " x INTEGER")  # an entry pysmi reads: none kept
    body = ",".join(read)
    lead = len(body) - len(body.lstrip(" \t\r\n,"))  # pysmi reads no comma first
    return [*kept, text[done:opened], body[:lead].replace(",", " ") + body[lead:]], closed
