"""Where a command's varbinds go: Net-SNMP lines or JSON objects on stdout."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, TextIO

from ._format import format_json, format_varbind

if TYPE_CHECKING:
    from .._mib._format import MibFormatter

__all__ = ("Output",)


class Output:
    """Writes varbinds to `stream`, one batch per write.

    Args:
        json: one JSON object per varbind instead of Net-SNMP's ``-On`` lines.
        stream: stdout by default.
        formatter: Net-SNMP's lines with MIB names and -O flags (default: ``-On``);
            in JSON, the names and texts the objects add (`format_json`).
    """

    def __init__(
        self,
        *,
        json: bool = False,
        stream: TextIO | None = None,
        formatter: MibFormatter | None = None,
    ) -> None:
        self.json = json
        self.stream = stream if stream is not None else sys.stdout
        if json:
            self._format: Callable[[str, int, Any], str] = partial(format_json, formatter=formatter)
        else:
            self._format = formatter.varbind if formatter else format_varbind
        self._oid = formatter.oid if formatter else _numeric

    def oid(self, oid: str) -> str:
        """An OID as this output's varbind lines print it (a name with MIBs, as -O says)."""
        return self._oid(oid)

    def varbinds(self, items: Iterable[tuple[str, int, Any]]) -> None:
        """Writes `(oid, tag, value)` items."""
        fmt = self._format
        lines = [fmt(oid, tag, value) for oid, tag, value in items]
        if lines:
            self.stream.write("\n".join(lines) + "\n")

    def text(self, line: str) -> None:
        """A line of plain output (Net-SNMP's ``End of MIB``); none in JSON mode."""
        if not self.json:
            self.stream.write(line + "\n")

    def flush(self) -> None:
        self.stream.flush()


def _numeric(oid: str) -> str:
    return "." + oid
