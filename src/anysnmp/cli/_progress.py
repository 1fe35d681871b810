"""A live varbind count and rate on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ("Progress",)


class Progress:
    """Counts varbinds; redraws ``N varbinds, R/s`` at most every `interval` seconds.

    Writes nothing at all unless `stream` is a TTY, so piped or redirected
    stderr stays clean.
    """

    def __init__(self, stream: TextIO | None = None, interval: float = 0.2) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()
        self.interval = interval
        self.count = 0
        self._start = self._next = time.monotonic()  # the first batch draws at once
        self._drawn = False

    def add(self, count: int) -> None:
        """Counts `count` more varbinds, redrawing when it is time."""
        self.count += count
        if self.enabled and (now := time.monotonic()) >= self._next:
            self._next = now + self.interval
            rate = self.count / max(now - self._start, 1e-9)
            self.stream.write(f"\r\x1b[K{self.count} varbinds, {rate:,.0f}/s")
            self.stream.flush()
            self._drawn = True

    def close(self) -> None:
        """Erases the progress line, if one was drawn."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
