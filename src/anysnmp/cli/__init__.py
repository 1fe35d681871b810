"""The ``anysnmp`` command (``pip install 'anysnmp[cli]'``).

Kept apart from the library: ``import anysnmp`` never imports click.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from typing import NoReturn

__all__ = ("command", "main")


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


def command() -> NoReturn:
    """The ``anysnmp`` program: `main`, then an exit that skips the interpreter's teardown.

    Freeing every module and the loaded MIBs one object at a time costs a command
    about as much as its MIB load; the process's end frees them at once. What the
    teardown would still do is done here: exit handlers run, buffered output is written.

    The garbage collector is off while the command starts: imports and the MIB load
    make no garbage worth its passes over them (~6% of a short walk's CPU);
    `_run.collect_garbage` turns it on when the command's work begins.
    """
    gc.disable()
    try:
        main()
    except SystemExit as exc:
        status = _status(exc.code)
    except BrokenPipeError:
        status = 0  # stdout closed early (| head): not an error
    except OSError as exc:  # writing the output (a full disk), for one: a line, no traceback
        print(f"anysnmp: {exc}", file=sys.stderr)
        status = 1
    else:
        status = 0
    import atexit

    atexit._run_exitfuncs()  # logging's flush, for one
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # stdout closed early (| head): not an error
    except OSError as exc:
        if not status:  # else told already, by `main`'s own write
            print(f"anysnmp: {exc}", file=sys.stderr)
            status = 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


def _status(code: object) -> int:
    """The exit status of ``SystemExit(code)``, as Python's own exit reads it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
