"""Underscores in MIB identifiers (Net-SNMP's ``-Pu``, ``mibAllowUnderline``) for pysmi,
whose grammar refuses them.

Before pysmi reads a text, each ``_`` of an identifier (outside strings and comments)
becomes a token of letters and digits that occurs nowhere else in the text; the compiled
records get their underscores back. Only characters of a line change, never its line
breaks, so pysmi's line numbers stay those of the file.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ("Collision", "Underscores")

#: A string, a comment (to the line's end, as pysmi reads it) or a word of an identifier.
_PIECE = re.compile(r'"[^"]*"|--[^\r\n]*|\w+(?:-\w+)*', re.ASCII)


class Collision(Exception):
    """A text holds the token where no underscore was: compile again with another."""


class Underscores:
    """The rewriting of one compile: identifiers' ``_`` <-> `token`.

    Args:
        attempt: which token (each attempt after a `Collision` takes another).
    """

    def __init__(self, attempt: int = 0) -> None:
        self.token = f"Uu{attempt}x5fX"  # letters and digits: valid inside any identifier

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
        if len(re.findall(f"(?={self.token})", hidden)) != replaced:
            raise Collision(self.token)
        return hidden

    def name(self, name: str) -> str:
        """A module name as pysmi knows it."""
        return name.replace("_", self.token)

    def restore(self, value: Any) -> Any:
        """`value` (a record, a name, or what they hold) with its underscores back."""
        if isinstance(value, str):
            return value.replace(self.token, "_") if self.token in value else value
        if isinstance(value, dict):
            return {self.restore(key): self.restore(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.restore(item) for item in value)
        return value
