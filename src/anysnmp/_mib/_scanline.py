"""Net-SNMP's scan of its search path: the module each file holds, what the scan says, and
the line number its messages of no file give (``At line N in (none)``).

Net-SNMP reads the first two tokens of every file of its search path (``add_mibfile``),
the files of each folder sorted by name: a file whose first is a label and whose second is
``DEFINITIONS`` holds the module that label names, cut to its word buffer (127 characters,
``Warning: token too long (...)`` said of each token cut, as its lexer says it). 5.9 leaves
its line counter where that scan stopped in the last file it opened: 1 for a file that
starts with its module's line, 2 for one word on one line, 0 when the path holds no file.
A module it cannot find names that line (``Cannot find module (X): At line 1 in
(none)``), whatever it read since (each module read puts the counter back).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import BinaryIO, NamedTuple

from ._comments import LONGEST
from ._resync import is_label

__all__ = ("Head", "read_head", "scan_line")

#: C's isspace in the C locale, as a run.
_SPACES = re.compile(rb"[ \t\n\v\f\r]*")
#: C's isalnum in the C locale, and '-': the characters of a word (and '_' with -Pu).
_RUNS = {False: re.compile(rb"[A-Za-z0-9-]*"), True: re.compile(rb"[A-Za-z0-9_-]*")}
#: Where a comment ends: its line's end, or a second "--" (but with -Pc).
_COMMENT_ENDS = {False: re.compile(rb"--|\n"), True: re.compile(rb"\n")}
#: A string's or a constant's end.
_QUOTE, _APOSTROPHE = re.compile(rb'"'), re.compile(rb"'")
#: Characters that are a token of their own (none of them a label).
_PUNCTUATION = frozenset(b"(){}[];,|")
#: The keywords Net-SNMP's lexer joins to the word after them (``OCTET STRING``).
_JOINED = frozenset({"BIT", "OCTET"})
#: How much of a file is read at a time.
_CHUNK = 16384


class Head(NamedTuple):
    """What Net-SNMP's scan reads of a file: the module it holds (None: none), the line
    where the scan stopped, each word it cut short (its first 127 characters, its line)."""

    module: str | None
    line: int
    long: list[tuple[str, int]]


class _Stream:
    """A file's bytes read in pieces, what was passed dropped; the line counter."""

    def __init__(self, file: BinaryIO, to_eol: bool) -> None:
        self.file, self.data, self.at, self.line = file, b"", 0, 1
        self.comment_end = _COMMENT_ENDS[to_eol]

    def more(self) -> bool:
        """Reads on; False at the file's end."""
        chunk = self.file.read(_CHUNK)
        if not chunk:
            return False
        self.data, self.at = self.data[self.at :] + chunk, 0
        return True

    def peek(self) -> int | None:
        """The next byte, None at the file's end."""
        if self.at >= len(self.data) and not self.more():
            return None
        return self.data[self.at]

    def take(self) -> int | None:
        """The next byte, read; None at the file's end."""
        byte = self.peek()
        self.at += byte is not None
        return byte

    def skip(self, comments: bool = True) -> bool:
        """Reads past spaces and whole comments (a comment cut by a read is left to the
        caller; none unless `comments`); False: the file's end within them."""
        while True:
            spaces = _SPACES.match(self.data, self.at)
            end = spaces.end() if spaces is not None else self.at
            self.line += self.data.count(b"\n", self.at, end)
            self.at = end
            if comments and self.data.startswith(b"--", end):
                found = self.comment_end.search(self.data, end + 2)
                if found is not None:
                    self.line += found.group() == b"\n"
                    self.at = found.end()
                    continue
            if self.at < len(self.data):
                return True
            if not self.more():
                return False

    def past(self, pattern: re.Pattern[bytes]) -> bytes | None:
        """Reads to the end of the first match of `pattern` (``--``, a line break, a
        quote), counting the lines passed; its text, None: the file ends first."""
        while True:
            found = pattern.search(self.data, self.at)
            end = found.end() if found is not None else max(self.at, len(self.data) - 1)
            self.line += self.data.count(b"\n", self.at, end)
            self.at = end  # unfound, the last byte kept: a "-" may start a "--"
            if found is not None:
                return found.group()
            if not self.more():
                return None


class _Token(NamedTuple):
    """A token of Net-SNMP's lexer: whether a label, its text (a label's, a keyword's)."""

    label: bool
    text: str


_END = _Token(False, "")


def _token(stream: _Stream, underscores: bool, to_eol: bool, long: list[tuple[str, int]]) -> _Token:
    """Net-SNMP's get_token at `stream` (the words it cuts short added to `long`)."""
    while True:
        if not stream.skip():
            return _END
        char = stream.take()
        if char != 0x2D or stream.peek() != 0x2D:  # not a comment
            break
        stream.take()
        if stream.past(_COMMENT_ENDS[to_eol]) is None:
            return _END
    if char is None:
        return _END
    if char == 0x22:  # a quoted string, over any lines
        return _END if stream.past(_QUOTE) is None else _Token(False, "")
    if char == 0x27:  # 'binary' or 'hex': a number, else a label
        return _constant(stream)
    if char in _PUNCTUATION:
        return _Token(False, chr(char))
    if char == 0x2E:  # "..", else "." a label
        if stream.peek() == 0x2E:
            stream.take()
            return _Token(False, "..")
        return _Token(True, ".")
    if char == 0x3A:  # "::=", else ":" a label (the second ':' read)
        if stream.peek() != 0x3A:
            return _Token(True, ":")
        stream.take()
        if stream.peek() != 0x3D:
            return _Token(True, ":")
        stream.take()
        return _Token(False, "::=")
    word = bytes([char])
    if not _RUNS[underscores].fullmatch(word):
        return _Token(True, word.decode("latin-1").split("\0")[0])
    return _word(stream, word, underscores, long)


def _word(stream: _Stream, word: bytes, underscores: bool, long: list[tuple[str, int]]) -> _Token:
    """A word of label characters from `word` on, cut to Net-SNMP's buffer (said in `long`)."""
    too_long = False
    while True:
        while True:
            run = _RUNS[underscores].match(stream.data, stream.at)
            end = run.end() if run is not None else stream.at
            too_long = too_long or len(word) + end - stream.at > LONGEST
            word = (word + stream.data[stream.at : end])[:LONGEST]
            stream.at = end
            if end < len(stream.data) or not stream.more():
                break
        text = word.decode("latin-1")
        if too_long:
            long.append((text, stream.line))
        if text not in _JOINED:
            return _Token(is_label(text), text)
        if not stream.skip(comments=False):
            return _END
        after = stream.take() or 0  # read, and lost when not joined (as in Net-SNMP)
        if not (after < 0x80 and chr(after).isalnum()):
            return _Token(True, text)
        word += bytes([after])


def _constant(stream: _Stream) -> _Token:
    """A ``'...'`` constant after its opening quote: a number when its digits are binary
    before a B, hex before an H, else a label."""
    binary = hexadecimal = True
    kept = b""  # as much as its buffer holds
    while True:
        found = _APOSTROPHE.search(stream.data, stream.at)
        end = found.start() if found is not None else len(stream.data)
        digits = stream.data[stream.at : end]
        binary = binary and re.fullmatch(rb"[01]*", digits) is not None
        hexadecimal = hexadecimal and re.fullmatch(rb"[0-9A-Fa-f]*", digits) is not None
        kept = (kept + digits)[: LONGEST - 1]
        stream.at = end  # its line breaks not counted, as by Net-SNMP's lexer
        if found is not None:
            stream.at += 1
            break
        if not stream.more():
            return _Token(True, "'" + kept.decode("latin-1"))
    after = stream.take()
    if after is None:
        return _END
    if (after in b"bB" and binary) or (after in b"hH" and hexadecimal):
        return _Token(False, "")
    return _Token(True, f"'{kept.decode('latin-1')}'")


def read_head(file: BinaryIO, *, underscores: bool = False, comment_to_eol: bool = False) -> Head:
    """What Net-SNMP's scan reads of `file`: its first two tokens (the second only after a
    label)."""
    stream, long = _Stream(file, comment_to_eol), list[tuple[str, int]]()
    first = _token(stream, underscores, comment_to_eol, long)
    if not first.label:
        return Head(None, stream.line, long)
    second = _token(stream, underscores, comment_to_eol, long)
    named = second.text == "DEFINITIONS" and not second.label and first.text
    return Head(first.text if named else None, stream.line, long)


def scan_line(
    dirs: Sequence[str],
    listing: Sequence[Sequence[tuple[str, int, int, int]] | None],
    *,
    underscores: bool = False,
    comment_to_eol: bool = False,
) -> int:
    """Net-SNMP's line counter after scanning the folders `dirs` (`listing`: their files,
    each folder's sorted by name): where it stopped in the last file it could open."""
    for folder, files in zip(reversed(dirs), reversed(listing), strict=True):
        for name, *_ in reversed(files or ()):
            if name.startswith("#") or name.endswith("#"):  # editor files: not scanned
                continue
            try:
                with open(os.path.join(folder, name), "rb") as file:
                    head = read_head(file, underscores=underscores, comment_to_eol=comment_to_eol)
            except OSError:  # not opened: the counter stays as the file before left it
                continue
            return head.line
    return 0
