"""The line number Net-SNMP 5.9's messages of no file give (``At line N in (none)``).

Net-SNMP reads the first two tokens of every file of its search path to find the
modules there (``add_mibfile``: ``NAME DEFINITIONS``), the files of each folder sorted
by name, and 5.9 leaves its line counter where that scan stopped in the last file it
opened: 1 for a file that starts with its module's line, 2 for one word on one line, 0
when the path holds no file. A module it cannot find names that line
(``Cannot find module (X): At line 1 in (none)``), whatever it read since (each module
read puts the counter back).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

__all__ = ("scan_line",)

#: C's isspace in the C locale.
_SPACE = frozenset(b" \t\n\v\f\r")
#: C's isalnum in the C locale, and '-': the characters of a word.
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
#: Characters that are a token of their own (none of them a label).
_PUNCTUATION = frozenset(b"(){}[];,|")
#: How much of a file the two tokens are looked for in.
_HEAD_BYTES = 65536


def scan_line(
    dirs: Sequence[str],
    listing: Sequence[Sequence[tuple[str, int, int, int]] | None],
    *,
    underscores: bool = False,
    comment_to_eol: bool = False,
) -> int:
    """Net-SNMP's line counter after scanning the folders `dirs` (`listing`: their files,
    each folder's sorted by name): where it stopped in the last file it could open."""
    letters = _WORD | {ord("_")} if underscores else _WORD
    for folder, files in zip(reversed(dirs), reversed(listing), strict=True):
        for name, *_ in reversed(files or ()):
            if name.startswith("#") or name.endswith("#"):  # editor files: not scanned
                continue
            try:
                with open(os.path.join(folder, name), "rb") as file:
                    head = file.read(_HEAD_BYTES)
            except OSError:  # not opened: the counter stays as the file before left it
                continue
            return _stop_line(head, letters, comment_to_eol)
    return 0


def _stop_line(data: bytes, letters: frozenset[int], comment_to_eol: bool) -> int:
    """The line where the scan's two tokens end (one, when the first is no label)."""
    line, at = 1, 0
    for count in (1, 2):
        label, at, line = _token(data, at, line, letters, comment_to_eol)
        if count == 1 and not label:
            break
    return line


def _token(
    data: bytes, at: int, line: int, letters: frozenset[int], comment_to_eol: bool
) -> tuple[bool, int, int]:
    """Net-SNMP's get_token from `at`: whether it is a label, where it ends, the line then."""
    end = len(data)
    while True:
        while at < end and data[at] in _SPACE:
            line += data[at] == 0x0A
            at += 1
        if at >= end:
            return False, at, line
        char = data[at]
        at += 1
        if char != 0x2D or data[at : at + 1] != b"-":  # not a comment
            break
        at += 1  # a comment: to the line's end, or to the next "--" unless -Pc
        before = 0x20
        while at < end and data[at] != 0x0A:
            if not comment_to_eol and before == 0x2D and data[at] == 0x2D:
                break
            before = data[at]
            at += 1
        if at >= end:
            return False, at, line
        line += data[at] == 0x0A
        at += 1
    if char == 0x22:  # a quoted string, over any lines
        close = data.find(b'"', at)
        close = end if close < 0 else close
        return False, close + 1, line + data.count(b"\n", at, close)
    if char == 0x27:  # 'binary' or 'hex': a number, else a label
        close = data.find(b"'", at)
        if close < 0:
            return True, end, line
        return data[close + 1 : close + 2] not in b"bBhH", close + 2, line
    if char in _PUNCTUATION:
        return False, at, line
    if char in b".:":  # ".." and "::=" are no labels; "." and ":" alone are
        token = b".." if char == 0x2E else b"::="
        whole = data[at - 1 : at - 1 + len(token)] == token
        return not whole, at - 1 + len(token) if whole else at, line
    if char not in letters:
        return True, at, line
    start = at - 1
    while at < end and data[at] in letters:
        at += 1
    word = data[start:at]
    digits = word[1:] if word.startswith(b"-") else word
    return not (digits.isdigit() and digits.isascii()), at, line
