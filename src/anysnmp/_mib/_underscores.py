"""Underscores in MIB identifiers (Net-SNMP's ``-Pu``, ``mibAllowUnderline``) for pysmi,
whose grammar refuses them.

Before pysmi reads a text, each ``_`` of an identifier (outside strings and comments)
becomes a token of letters and digits that occurs nowhere else in the text; the compiled
records get their underscores back. Only characters of a line change, never its line
breaks, so pysmi's line numbers stay those of the file. Without ``-Pu`` only the places
where Net-SNMP still reads a ``_`` (as a word of its own) are rewritten so: IMPORTS, INDEX,
SEQUENCE and DEFVAL (`Underscores.hide_where_read`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ("Collision", "Underscores")

#: A string, a comment (to the line's end, as pysmi reads it) or a word of an identifier.
_PIECE = re.compile(r'"[^"]*"|--[^\r\n]*|\w+(?:-\w+)*', re.ASCII)


#: Where Net-SNMP reads ``_`` without ``-Pu`` (`Underscores.hide_where_read`): the start of
#: a region and how the parts of a word join there (None: into one word; "": into one word
#: that reads back with the ``_`` a word of its own, ``u _ p``).
_REGIONS = (
    (re.compile(r"\bIMPORTS\b"), " "),
    (re.compile(r"\bINDEX\s*(?=\{)"), ", "),
    (re.compile(r"::=\s*SEQUENCE\s*(?=\{)"), None),
    (re.compile(r"\bDEFVAL\s*(?=\{)"), ""),
)


def _regions(text: str) -> list[tuple[int, int, str | None]]:
    """The regions of `text` where Net-SNMP reads ``_`` as a word: an IMPORTS list up to its
    ``;``, the braces of an INDEX, a SEQUENCE or a DEFVAL (strings skipped); in order."""
    found = []
    for start, joiner in _REGIONS:
        for match in start.finditer(text):
            end, depth = match.end(), 0
            for piece in re.finditer(r'"[^"]*"?|[{};]', text[match.end() :]):
                mark = piece.group()
                if joiner == " " and mark == ";":
                    end = match.end() + piece.end()
                    break
                if joiner != " " and mark in "{}":
                    depth += 1 if mark == "{" else -1
                    if depth == 0:
                        end = match.end() + piece.end()
                        break
            found.append((match.end(), end, joiner))
    return sorted(found)


class Collision(Exception):
    """A text holds the token where no underscore was: compile again with another."""


class Underscores:
    """The rewriting of one compile: identifiers' ``_`` <-> `token`.

    Args:
        attempt: which token (each attempt after a `Collision` takes another).
    """

    def __init__(self, attempt: int = 0) -> None:
        self.token = f"Uu{attempt}x5fX"  # letters and digits: valid inside any identifier
        self.spaced = f"Uu{attempt}x5fS"  # reads back as " _ " (`hide_where_read`)

    def hide(self, text: str) -> str:
        """`text` with the underscores of its identifiers replaced by the token.

        Raises:
            Collision: the token occurs in the result elsewhere than where an underscore was.
        """
        replaced = 0

        def piece(match: re.Match[str]) -> str:
            nonlocal replaced
            word = match.group()
            if word[0] == '"' or word.startswith("--") or "_" not in word:
                return word
            replaced += word.count("_")
            return word.replace("_", self.token)

        hidden = _PIECE.sub(piece, text)
        # Each occurrence (overlapping ones too) must be one of those put there.
        if len(re.findall(f"(?={self.token})", hidden)) != replaced or self.spaced in hidden:
            raise Collision(self.token)
        return hidden

    def hide_where_read(self, text: str) -> str:
        """`text` (comments blanked out) as pysmi may read it without ``-Pu`` where Net-SNMP
        reads an identifier's ``_`` as a word of its own: an IMPORTS list or an INDEX
        (``a_b`` is ``a``, ``_`` and ``b`` there: the token stands for ``_``), a SEQUENCE's
        entries or a DEFVAL (which it reads past: the token joins the parts).

        Raises:
            Collision: the token occurs in the text.
        """
        if "_" not in text:
            return text
        if self.token in text or self.spaced in text:
            raise Collision(self.token)
        pieces, start = [], 0
        for begin, end, joiner in _regions(text):
            pieces.append(text[start:begin])
            pieces.append(
                _PIECE.sub(functools.partial(self._parts, joiner=joiner), text[begin:end])
            )
            start = end
        pieces.append(text[start:])
        return "".join(pieces)

    def _parts(self, match: re.Match[str], joiner: str | None) -> str:
        """A word of a region of `hide_where_read`: its ``_`` as the token, joined to the
        parts (`joiner` None) or a word of its own between them."""
        word = match.group()
        if word[0] == '"' or "_" not in word:
            return word
        if not joiner:
            return word.replace("_", self.token if joiner is None else self.spaced)
        parts = (self.token if part == "_" else part for part in re.split("(_)", word) if part)
        return joiner.join(parts)

    def name(self, name: str) -> str:
        """A module name as pysmi knows it."""
        return name.replace("_", self.token)

    def restore(self, value: Any) -> Any:
        """`value` (a record, a name, or what they hold) with its underscores back."""
        if isinstance(value, str):
            if self.spaced in value:
                value = value.replace(self.spaced, " _ ")
            return value.replace(self.token, "_") if self.token in value else value
        if isinstance(value, dict):
            return {self.restore(key): self.restore(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.restore(item) for item in value)
        return value
