"""Regular expressions over MIB labels (``-TB``, ``-Ib``, a name no other way reads), read
as Net-SNMP's POSIX regcomp reads them (`_posix`), compiled only when they could match one.

A pattern's matches are substrings of a label, so a pattern whose every match is longer
than the longest label loaded matches none: `label_pattern` says so without compiling it
(a hostile megabyte of name cost seconds to compile, then matched nothing). `min_width`
is a lower bound of the shortest match of a Python pattern (here the POSIX pattern's
rewriting), found in one pass: it never exceeds the true width, so no pattern that could
match is refused.
"""

from __future__ import annotations

import re
import warnings

from ._posix import PatternError, c_text, python_pattern

__all__ = ("LabelPattern", "label_pattern", "min_width")

#: The parts of a pattern, as `min_width` reads them.
_TOKENS = re.compile(
    r"""
    (?P<run>[^\\\[\](){}|*+?]+)                 # literals, '.', '^', '$'
  | (?P<zero_escape>\\(?:[bBAZz]|[0-9]{1,3})|\(\?P=[^)]*\)?)   # assertions, back references
  | (?P<escape>\\(?:x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|N\{[^}]*\}?|.)?)
  | (?P<set>\[\^?\]?(?:\\.|[^\]\\])*\]?)
  | (?P<skip>\(\?\#[^)]*\)?|\(\?[aiLmsux]+\))   # comments, flags: nothing
  | (?P<group>\((?:\?:|\?P<[^>]*>|\?[aiLmsux-]+:)?(?!\?))   # groups that match text
  | (?P<zero_group>\((?:\?\([^)]*\)?)?)          # lookarounds, conditionals, (?>...)
  | (?P<close>\))
  | (?P<alternative>\|)
  | (?P<repeat>[*+?]|\{(?:[0-9]+(?:,[0-9]*)?|,[0-9]*)\})
  | (?P<other>.)                                 # '{', '}', ']'
    """,
    re.VERBOSE | re.DOTALL,
)
#: Inline verbose mode: blanks and '#' comments are not text, so no bound is drawn.
_VERBOSE = re.compile(r"\(\?[aiLmsu-]*x")
_NONE = 1 << 62


def min_width(pattern: str) -> int:
    """A lower bound of the length of the shortest text `pattern` (Python's `re`) matches."""
    if _VERBOSE.search(pattern):
        return 0
    stack: list[tuple[int, int, bool]] = []
    best, width, last, zero = _NONE, 0, 0, False
    for token in _TOKENS.finditer(pattern):
        kind, text = token.lastgroup, token.group()
        if kind == "run":
            width += len(text) - text.count("^") - text.count("$")
            last = 0 if text[-1] in "^$" else 1
        elif kind in ("escape", "set", "other"):
            width, last = width + 1, 1
        elif kind == "zero_escape":
            last = 0
        elif kind in ("group", "zero_group"):
            stack.append((best, width, zero))
            best, width, last, zero = _NONE, 0, 0, kind == "zero_group"
        elif kind == "close" and stack:
            inner = 0 if zero else min(best, width)
            best, width, zero = stack.pop()
            width, last = width + inner, inner
        elif kind == "alternative":
            best, width, last = min(best, width), 0, 0
        elif kind == "repeat":
            low = (
                1 if text == "+" else 0 if text in "*?" else int(text[1:-1].partition(",")[0] or 0)
            )
            width, last = width + last * (low - 1), 0
    width = min(best, width)
    while stack:  # a group left open: the pattern does not compile anyway
        best, outer, zero = stack.pop()
        width = min(best, outer + (0 if zero else width))
    return width


class LabelPattern:
    """A compiled POSIX pattern: `search` a label as Net-SNMP's regexec (case-insensitive)."""

    __slots__ = ("_regex",)

    def __init__(self, regex: re.Pattern[str]) -> None:
        self._regex = regex

    def search(self, label: str) -> re.Match[str] | None:
        """The leftmost match in `label` (in C's octets, upper-cased), or None."""
        return self._regex.search(c_text(label))


def label_pattern(text: str, longest: int) -> LabelPattern | None:
    """`text` compiled as Net-SNMP's POSIX regex (extended, case-insensitive); None: empty,
    refused by regcomp, or matching nothing as long as `longest` (the longest label)."""
    if not text:
        return None
    try:
        pattern = python_pattern(text)
    except PatternError:
        return None
    if min_width(pattern) > longest:
        return None
    with warnings.catch_warnings():  # "possible nested set" and the like: not said
        warnings.simplefilter("ignore")
        try:
            return LabelPattern(re.compile(pattern, re.ASCII | re.DOTALL))
        except (re.error, OverflowError, RecursionError):
            return None
