"""A POSIX extended regular expression as Net-SNMP compiles it (glibc's ``regcomp`` with
``REG_EXTENDED | REG_ICASE``, in the C locale), rewritten as a Python pattern that matches
the same labels as C holds them in upper case (`c_text`; compile it with ``re.ASCII |
re.DOTALL``).

The pattern is read as bytes (its UTF-8), as C reads it, up to a NUL. ``REG_ICASE`` is
glibc's upper-casing of the text and of the pattern, but for an escaped character (so
``\\d`` matches nothing, ``\\D`` a d) and class names (``[:lower:]`` and ``[:upper:]``
are ``[:alpha:]``); a range's ends are compared in upper case (``[a-Z]`` is ``[A-Z]``,
``[_-a]`` ends before it starts). What else glibc reads differently from Python's ``re``:
bracket expressions (``[[:digit:]]``, ``[[.-.]]``, ``[[=a=]]``, a ``]`` first, a
backslash as itself), repeats of repeats (``a**``, ``a{2}?``: greedy, not lazy or
possessive), ``{,N}``, a ``)`` with no ``(`` (itself), GNU's escapes (``\\<``, ``\\>``,
``\\```, ``\\'``; ``\\w \\W \\s \\S \\b \\B``), other escaped characters as themselves, a
back reference only to a group closed in the same alternative, and ``$`` (the end alone).
"""

from __future__ import annotations

import re

from .._errors import MibError

__all__ = ("PatternError", "c_text", "python_pattern")

#: ASCII letters to upper case (C's toupper in the C locale).
_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def upper(text: str) -> str:
    """`text` as glibc's ``REG_ICASE`` reads it: ASCII letters in upper case."""
    return text.translate(_UPPER)


def c_text(text: str) -> str:
    """`text` as C holds it (its UTF-8 octets, a character each), as regexec reads it
    under ``REG_ICASE`` (ASCII letters in upper case)."""
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("latin-1")
    return upper(text)


class PatternError(MibError, ValueError):
    """A pattern glibc's ``regcomp`` refuses (Net-SNMP then matches no label): its reason,
    in regerror's words."""


#: The character classes of the C locale, as members of a Python set.
_CLASSES = {
    "alpha": "A-Za-z",
    "upper": "A-Za-z",  # REG_ICASE: as alpha
    "lower": "A-Za-z",
    "digit": "0-9",
    "alnum": "0-9A-Za-z",
    "xdigit": "0-9A-Fa-f",
    "space": r" \t\n\v\f\r",
    "blank": r" \t",
    "punct": r"!-/:-@\[-`{-~",
    "cntrl": r"\x00-\x1f\x7f",
    "print": " -~",
    "graph": "!-~",
}
#: GNU's escapes: \w... as Python's (ASCII), word starts and ends, the text's ends.
_ESCAPES = {
    "w": r"\w",
    "W": r"\W",
    "s": r"\s",
    "S": r"\S",
    "b": r"\b",
    "B": r"\B",
    "<": r"\b(?=\w)",
    ">": r"\b(?<=\w)",
    "`": r"\A",
    "'": r"\Z",
}
_ANCHORS = frozenset({"^", "$", *"bB<>`'"})
#: The most a repeat counts (RE_DUP_MAX).
_DUP_MAX = 0x7FFF
#: Characters that stand for themselves (and "." for any): read a run at a time.
_LITERALS = re.compile(r"[^\\\[(){|*+?^$]+")
#: Brackets of characters and ranges alone, which Python reads as glibc does (in upper
#: case; a range ending before it starts is refused by both): read a run at a time.
_PLAIN_BRACKETS = re.compile(r"(?:\[(?:\^|(?!\^))(?:[^]\[\\-]-[^]\[\\-]|[^]\[\\-])+\])+")
_RANGE = re.compile(r"(.)-(.)", re.DOTALL)
#: Text up to a "}" that is not escaped.
_CLOSE = re.compile(r"(?:\\.|[^\\}])*\}", re.DOTALL)
_INTERVAL = re.compile(r"\{([0-9]*)(,([0-9]*))?\}")
_PRECEDING = "Invalid preceding regular expression"
_BRACKET = "Unmatched [, [^, [:, [., or [="


class _Level:
    """A group (or the whole pattern) being read: its alternatives so far."""

    def __init__(self, number: int, completed: frozenset[int]) -> None:
        self.number = number  # the group's number (0: the pattern)
        self.start = completed  # groups completed before it: what each alternative knows
        self.done = completed  # and all its alternatives completed
        self.alternatives: list[str] = []
        self.items: list[tuple[str, str]] = []  # (text, kind: atom, repeated, anchor)


def python_pattern(pattern: str) -> str:
    """`pattern` (POSIX ERE, case-insensitive) as a Python pattern matching the same labels.

    Raises:
        PatternError: glibc's regcomp refuses it (its regerror line).
    """
    # C's string: the UTF-8 octets up to a NUL
    text = pattern.encode("utf-8", "surrogateescape").decode("latin-1").partition("\0")[0]
    levels = [_Level(0, frozenset())]
    completed: frozenset[int] = frozenset()
    groups = 0
    at = 0
    while at < len(text):
        level, char = levels[-1], text[at]
        literals = _LITERALS.match(text, at)
        if literals:
            run = literals.group()  # as one item, but its last character (a repeat's)
            if len(run) > 1:
                level.items.append((_literal(run[:-1]), "atom"))
            level.items.append((_literal(run[-1]), "atom"))
            at = literals.end()
        elif char in "*+?{":
            at = _repeat(text, at, level)
        elif char == "\\":
            if at + 1 == len(text):
                raise PatternError("Trailing backslash")
            escaped = text[at + 1]
            if escaped in "123456789":
                if int(escaped) not in completed:
                    raise PatternError("Invalid back reference")
                level.items.append((f"(?:\\{escaped})", "atom"))
            elif escaped in _ESCAPES:
                kind = "anchor" if escaped in _ANCHORS else "atom"
                level.items.append((_ESCAPES[escaped], kind))
            else:  # not upper-cased
                level.items.append((re.escape(escaped), "atom"))
            at += 2
        elif char == "[":
            plain = _PLAIN_BRACKETS.match(text, at)
            if plain:  # as one item, but its last bracket (a repeat's)
                found = upper(plain.group())
                if any(low > high for low, high in _RANGE.findall(found)):
                    raise PatternError("Invalid range end")
                last = found.rfind("[")
                if last:
                    level.items.append((found[:last], "atom"))
                level.items.append((found[last:], "atom"))
                at = plain.end()
            else:
                found, at = _bracket(text, at + 1)
                level.items.append((found, "atom"))
        elif char == "(":
            groups += 1
            levels.append(_Level(groups, completed))
            at += 1
        elif char == ")" and len(levels) > 1:
            levels.pop()
            completed = level.done | completed | {level.number}
            levels[-1].items.append((f"({_alternatives(level)})", "atom"))
            at += 1
        elif char == "|":
            level.alternatives.append("".join(item for item, _ in level.items))
            level.items = []
            level.done |= completed
            completed = level.start
            at += 1
        else:  # "^" "$", or ")" with no "(": itself
            python = {"^": "^", "$": r"\Z", ")": r"\)"}[char]
            level.items.append((python, "atom" if char == ")" else "anchor"))
            at += 1
    if len(levels) > 1:
        raise PatternError("Unmatched ( or \\(")
    return _alternatives(levels[0])


def _literal(run: str) -> str:
    """Characters as themselves, "." as any."""
    return re.escape(upper(run)).replace("\\.", ".")


def _alternatives(level: _Level) -> str:
    return "|".join([*level.alternatives, "".join(item for item, _ in level.items)])


def _repeat(text: str, at: int, level: _Level) -> int:
    """Applies the repeat at `at` to the level's last item; returns where the text goes on.

    Raises:
        PatternError: nothing to repeat (an anchor, or none), or an interval glibc refuses.
    """
    if not level.items or level.items[-1][1] == "anchor":
        raise PatternError(_PRECEDING)
    repeat, end = text[at], at + 1
    if repeat == "{":
        interval = _INTERVAL.match(text, at)
        if interval is None or interval.group() == "{}":
            # glibc reads on to a "}" (not an escaped one): none, or not an interval
            closed = _CLOSE.match(text, at + 1) is not None
            raise PatternError("Invalid content of \\{\\}" if closed else "Unmatched \\{")
        low_text, comma, high_text = interval.groups()
        low = min(int(low_text or 0), _DUP_MAX + 1)  # glibc's numbers stop past the most
        high = (
            low if comma is None else (None if not high_text else min(int(high_text), _DUP_MAX + 1))
        )
        if high is not None and high < low:
            raise PatternError("Invalid content of \\{\\}")
        if max(low, high or 0) > _DUP_MAX:
            raise PatternError("Regular expression too big")
        repeat, end = f"{{{low},{'' if high is None else high}}}", interval.end()
    item, kind = level.items[-1]
    if kind == "repeated":
        item = f"(?:{item})"
    level.items[-1] = (item + repeat, "repeated")
    return end


def _bracket(text: str, at: int) -> tuple[str, int]:
    """The bracket expression whose ``[`` ends at `at`, as a Python set; where it ends.

    Raises:
        PatternError: unmatched, an unknown class, a collating element of more than one
            character, or a range that ends before it starts (or at a class).
    """
    negated = text.startswith("^", at)
    at += negated
    if at == len(text):  # glibc's words for a "[" (or "[^") that ends the pattern
        raise PatternError("Invalid regular expression")
    members: list[str] = []
    first = True
    while True:
        if at >= len(text):
            raise PatternError(_BRACKET)
        if text[at] == "]" and not first:
            break
        first = False
        start, at, is_class = _element(text, at)
        if text.startswith("-", at) and not text.startswith("-]", at) and at + 1 < len(text):
            if is_class:
                raise PatternError("Invalid range end")
            end, after, end_class = _element(text, at + 1)
            if (
                end_class
                or end < start
                or (text.startswith("-", after) and not text.startswith("-]", after))
            ):
                raise PatternError("Invalid range end")
            members.append(f"\\x{ord(start):02x}-\\x{ord(end):02x}")
            at = after
        else:
            members.append(start if is_class else f"\\x{ord(start):02x}")
    return f"[{'^' if negated else ''}{''.join(members)}]", at + 1


def _element(text: str, at: int) -> tuple[str, int, bool]:
    """One element of a bracket at `at`: a character (or a class's Python members), where
    it ends, whether it is a class.

    Raises:
        PatternError: an unknown class, a collating element of more than one character,
            or one not closed.
    """
    kind = text[at + 1] if text.startswith("[", at) and at + 1 < len(text) else ""
    if kind not in (":", ".", "="):
        return upper(text[at]), at + 1, False
    close = text.find(kind + "]", at + 2)
    if close < 0:
        raise PatternError(_BRACKET)
    name = text[at + 2 : close]
    if kind == ":":
        if name not in _CLASSES:
            raise PatternError("Invalid character class name")
        return _CLASSES[name], close + 2, True
    if len(name) != 1:
        raise PatternError("Invalid collation character")
    return upper(name), close + 2, False
