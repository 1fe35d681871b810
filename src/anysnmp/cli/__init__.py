"""The ``anysnmp`` command (``pip install 'anysnmp[cli]'``).

Kept apart from the library: ``import anysnmp`` never imports click.
"""

from __future__ import annotations

import io
import sys

__all__ = ("main",)


def main(args: list[str] | None = None) -> None:
    """Runs the command line with `args` (default: ``sys.argv[1:]``).

    Output is UTF-8 whatever the locale, and an octet that is not (a device's string
    printed by its DISPLAY-HINT, decoded with ``surrogateescape``) goes out as it came,
    as Net-SNMP's tools print it.
    """
    for stream in (sys.stdout, sys.stderr):  # stderr: MIB text in Net-SNMP's lines
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="surrogateescape")
    try:
        from ._app import cli
    except ModuleNotFoundError as exc:
        if exc.name != "click":
            raise
        print("anysnmp: the command line needs click: pip install 'anysnmp[cli]'", file=sys.stderr)
        raise SystemExit(2) from None
    from ._options import join_split_flags

    cli.main(join_split_flags(list(sys.argv[1:] if args is None else args)), prog_name="anysnmp")
