"""Runs a command's coroutine on the chosen event loop, or none; errors become one line on stderr."""

from __future__ import annotations

import errno
import gc
import socket
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TextIO

from .._errors import (
    AuthError,
    DecryptionError,
    ErrorStatusError,
    NotInTimeWindowError,
    OidNotIncreasingError,
    SnmpError,
    TimeoutError,
    UnknownEngineIdError,
    UnknownUserNameError,
    UnsupportedSecurityLevelError,
    WrongDigestError,
)
from ._blocking import run_to_end
from ._log import log
from ._target import UsageError

if sys.version_info < (3, 11):
    from exceptiongroup import BaseExceptionGroup

__all__ = ("BLOCKING", "collect_garbage", "describe_error", "run")

#: The errors Net-SNMP's tools print on stderr (others they log).
_PRINTED = (TimeoutError, ErrorStatusError, OidNotIncreasingError)

#: The backend of a coroutine that never suspends (over `BlockingSession`): no event loop.
BLOCKING = "blocking"

_AUTH_FAILURES: dict[type[AuthError], str] = {
    UnknownUserNameError: "unknown user name (usmStatsUnknownUserNames): check -u",
    WrongDigestError: "wrong digest (usmStatsWrongDigests): check -a and -A",
    DecryptionError: "decryption error (usmStatsDecryptionErrors): check -x and -X",
    UnsupportedSecurityLevelError: (
        "unsupported security level (usmStatsUnsupportedSecLevels): check -l"
    ),
    UnknownEngineIdError: "unknown engine id (usmStatsUnknownEngineIDs): check -e",
    NotInTimeWindowError: "not in time window (usmStatsNotInTimeWindows)",
}


def describe_error(exc: BaseException, target: str) -> str:
    """One line saying what went wrong, Net-SNMP's words where it has them."""
    if isinstance(exc, TimeoutError):
        return f"Timeout: No Response from {target}."
    if isinstance(exc, AuthError):
        reason = next(
            (text for cls, text in _AUTH_FAILURES.items() if isinstance(exc, cls)), str(exc)
        )
        return f"Authentication failure: {reason}"
    if isinstance(exc, ErrorStatusError):
        where = f" (failed object: .{exc.oid})" if exc.oid else ""
        return f"Error in packet: {exc.status_name}{where}"
    if isinstance(exc, OidNotIncreasingError):
        return f"Error: OID not increasing: {exc}"
    if isinstance(exc, socket.gaierror):
        return f"Unknown host ({target}): {exc.strerror}"
    if isinstance(exc, OSError) and exc.errno == errno.EMSGSIZE:
        return "Too long"  # a message past the datagram's size, as Net-SNMP says it
    if isinstance(exc, (SnmpError, UsageError, OSError, ValueError)):
        return str(exc) or type(exc).__name__
    raise exc


def collect_garbage() -> None:
    """Turns the garbage collector on for a command's work if the program started without
    it (`cli.command`): what start-up made (modules, the loaded MIBs) is frozen, never
    traversed by the collector again. Nothing changes where it is on (tests calling `main`)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run(
    main: Callable[[], Coroutine[Any, Any, None]],
    backend: str,
    target: str = "",
    err: TextIO | None = None,
    *,
    timeout_line: str | None = None,
    timeout_logged: bool = False,
) -> int:
    """Runs `main` under `backend` (`BLOCKING`: to its end, with no event loop); the exit status.

    Errors print one line, ``anysnmp: WHAT`` (a timeout: `timeout_line` when given):
    on `err`, else on stderr where Net-SNMP's tools print it there (a timeout unless
    `timeout_logged`, an error-status, an OID not increasing), else logged (`_log`:
    stderr unless -L says otherwise); the status is 2 for an error-status in the agent's
    answer (as Net-SNMP's tools), else 1.
    """
    collect_garbage()
    try:
        if backend == BLOCKING:
            run_to_end(main())
        else:
            import anyio

            anyio.run(main, backend=backend)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0  # stdout closed early (| head): not an error
    except Exception as exc:
        error = _unwrap(exc)
        lines = []
        if isinstance(error, NotInTimeWindowError) and error.engine_boots is not None:
            # Net-SNMP's tools drop such an agent's Reports (outside every window: RFC 3414
            # 2.2.2) and time out: their line, then why
            lines.append(f"anysnmp: {error}")
            error = TimeoutError()
        if isinstance(error, TimeoutError) and timeout_line is not None:
            lines.insert(0, timeout_line)
        else:
            lines.insert(0, f"anysnmp: {describe_error(error, target)}")
        printed = isinstance(error, _PRINTED) and not (
            isinstance(error, TimeoutError) and timeout_logged
        )
        for line in lines:
            if err is None and not printed:
                log(line + "\n")  # what Net-SNMP's tools log (snmp_sess_perror)
            else:
                print(line, file=err or sys.stderr)
        return 2 if isinstance(error, ErrorStatusError) else 1
    return 0


def _unwrap(exc: BaseException) -> BaseException:
    """The one error inside (nested) exception groups of task groups."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc
