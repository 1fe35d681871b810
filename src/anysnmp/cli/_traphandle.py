"""snmptrapd's ``traphandle``: a program run for each notification of its OID, with the
notification on its stdin in snmptrapd's execute format.

As snmptrapd 5.9: the handlers of the first ``traphandle`` whose OID matches the trap OID
(``OID`` itself, ``OID*`` it and below, ``OID.*`` below only) run, else the ``default``
ones; the input is the handler's own ``-F`` format, else ``format execute1`` (a v1 trap, its
own varbinds) or ``format execute2``, else ``%B\\n%b\\n%V\\n%v\\n``, a varbind a line, each
printed quick (``-Oq``) and a v1 trap's converted as RFC 3584 says; each program runs through
the shell, to its end, one after the other (as snmptrapd's ``popen``/``pclose``).
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING, NamedTuple

from ._trap_format import TrapFormat, own_lines, trap_pdu
from ._trapdconf import TrapHandle

if TYPE_CHECKING:
    from .._mib._format import MibFormatter
    from .._notify import Notification
    from ._mibs import MibContext

__all__ = ("TrapHandlers",)


class _Handler(NamedTuple):
    #: The OID's arcs (None: a default handler); the whole subtree; below it only.
    arcs: tuple[int, ...] | None
    tree: bool
    strict: bool
    command: str
    format: TrapFormat | None

    def matches(self, arcs: tuple[int, ...]) -> bool:
        if self.arcs is None:
            return False
        if not self.tree:
            return arcs == self.arcs
        below = arcs[: len(self.arcs)] == self.arcs
        return below and (len(arcs) > len(self.arcs) or not self.strict)


class TrapHandlers:
    """The ``traphandle`` lines of the configuration files, their OIDs read with `mibs`
    (one that does not read is left out, and in `problems` as snmptrapd says it, with the
    number of the files' problems said before it).

    Args:
        handles: the lines.
        execute_formats: ``format execute`` (1: v1 traps, 2: the others).
        mibs: the MIBs and output flags.
        numeric: -n (``%B`` is ``%b``).

    Raises:
        UsageError: a format snmptrapd prints no sound value for (`TrapFormat`).
    """

    def __init__(
        self,
        handles: list[TrapHandle],
        execute_formats: dict[int, str],
        mibs: MibContext,
        numeric: bool,
    ) -> None:
        self._handlers: list[_Handler] = []
        self.problems: list[tuple[int, str]] = []
        for handle in handles:
            arcs = None
            if handle.oid is not None:
                try:
                    arcs = tuple(int(arc) for arc in mibs.oid(handle.oid).split("."))
                except ValueError:  # UnknownOidError, UsageError
                    text = f"{handle.where}: Error: Bad trap OID in traphandle directive: "
                    self.problems.append((handle.after, text + handle.oid))
                    continue
            own = TrapFormat(handle.format, numeric) if handle.format is not None else None
            self._handlers.append(_Handler(arcs, handle.tree, handle.strict, handle.command, own))
        self._formats = {v: TrapFormat(text, numeric) for v, text in execute_formats.items()}
        self._default = TrapFormat.default("execute", numeric)
        self._formatter: MibFormatter = mibs.quick_formatter()

    def __bool__(self) -> bool:
        return bool(self._handlers)

    def _chosen(self, trap_oid: str) -> list[_Handler]:
        """The handlers of the first OID that matches `trap_oid`, else the default ones."""
        arcs = tuple(int(arc) for arc in trap_oid.split(".")) if trap_oid else ()
        first = next((h for h in self._handlers if h.matches(arcs)), None)
        if first is None:
            return [h for h in self._handlers if h.arcs is None]
        key = first[:3]
        return [h for h in self._handlers if h[:3] == key]

    def run(self, n: Notification) -> None:
        """Runs the handlers of `n`, each to its end (blocking: a worker thread's)."""
        chosen = self._chosen(n.trap_oid)
        if not chosen:
            return
        lines = n.lines(self._formatter)
        v1 = trap_pdu(n)
        sys.stdout.flush()  # what was printed before goes before what the programs print
        for handler in chosen:
            if handler.format is not None:
                text = handler.format.render(n, self._formatter, lines)
            elif (1 if v1 else 2) in self._formats:
                own = own_lines(n, lines)  # format execute1: the v1 trap's own
                text = self._formats[1 if v1 else 2].render(n, self._formatter, own)
            else:
                text = self._default.render(n, self._formatter, lines)
            data = text.encode("utf-8", "surrogateescape")
            subprocess.run(handler.command, shell=True, input=data, check=False)
