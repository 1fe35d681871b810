"""Line numbers of offsets in a module's text, as Net-SNMP's messages give them."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

__all__ = ("line_at",)


@lru_cache(maxsize=8)
def _newlines(text: str) -> list[int]:
    """The offsets of the newlines of `text` (kept for the few texts being read)."""
    found, at = [], text.find("\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1)
    return found


def line_at(text: str, offset: int) -> int:
    """The line (from 1) of `offset` in `text`, read as a slice's end (-1: the last character).

    Counting the newlines before each offset anew cost a module of thousands of
    definitions minutes (8,000: 17 s); the newlines are found once per text.
    """
    if offset < 0:
        offset = max(len(text) + offset, 0)
    return bisect_left(_newlines(text), offset) + 1
