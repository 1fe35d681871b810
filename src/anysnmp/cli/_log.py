"""Net-SNMP's log (``-L``): where the messages its tools log go, and at which priorities.

Net-SNMP's tools send some of what they say through their log (what ``snmp_log``,
``snmp_perror`` and ``snmp_sess_perror`` print: MIB messages, names that do not read,
values refused, an unknown host, authentication failures, configuration file problems,
``-d``'s packets) and print the rest on stderr (a timeout, an error-status, a usage
error). Without ``-L`` the log is stderr; each ``-L`` adds a destination (``n``, ``N``:
drops those before it) for every priority or, with ``E O N F S``, for a range of them:
``-LE 3`` err and above, ``-LE 2-5`` crit to notice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple, TextIO

from ._target import UnknownOidError, UsageError

__all__ = (
    "DEBUG",
    "ERR",
    "INFO",
    "WARNING",
    "append_to_files",
    "log",
    "log_arguments",
    "log_given",
    "set_log",
)

#: syslog's priorities, as Net-SNMP numbers them.
ERR, WARNING, INFO, DEBUG = 3, 4, 6, 7

#: The characters of a priority (0-7 or a letter, `!` emerg), Net-SNMP's reading.
_PRIORITIES = {
    **{str(n): n for n in range(8)},
    "!": 0,
    **{
        c: n
        for n, letters in enumerate(("", "aA", "cC", "eE", "wW", "nN", "iI", "dD"))
        for c in letters
    },
}
#: syslog facilities, by their letter.
_FACILITIES = {"d": 3 << 3, "u": 1 << 3, **{str(n): (16 + n) << 3 for n in range(8)}}
#: What joins the arguments of one -L (its letters, then what it took after them).
_SEP = "\0"


class _Destination(NamedTuple):
    write: Callable[[str, int], None]
    #: The priorities it takes: most and least severe.
    high: int
    low: int


#: The destinations; None: stderr for every priority (no -L given).
_destinations: list[_Destination] | None = None
#: Whether the log files of the -L options read after it are appended to, not emptied
#: (snmptrapd's -A).
_appending = False


def append_to_files() -> None:
    """snmptrapd's -A: the log files opened from now on are appended to."""
    global _appending
    _appending = True


def log_given() -> bool:
    """Whether -L was given: the log is not the default one."""
    return _destinations is not None


def log(text: str, priority: int = ERR, unset: TextIO | None = None) -> None:
    """Logs `text` (lines, each with its newline) at `priority`; with no -L given, writes
    it to `unset` (default: stderr)."""
    if _destinations is None:
        out = unset or sys.stderr
        out.write(text)
        out.flush()
        return
    for destination in _destinations:
        if destination.high <= priority <= destination.low:
            destination.write(text, priority)


def log_arguments(args: Sequence[str], at: int) -> tuple[str, int]:
    """The -L at `args[at]` (``-Lf``, or ``-L`` then its letters) and the arguments after
    it that Net-SNMP's tools take for it (``-Lf FILE``, ``-LE 3``, ``-LF 3 FILE``,
    ``-LS 3 d``), as one value (joined by NUL); the index of the argument after them."""
    first = args[at][2:]
    at += 1
    if not first and at < len(args):  # -L e: the letters are the next argument
        first, at = args[at], at + 1
    letter, rest = first[:1], _trimmed(first[1:])
    wanted = 0
    if letter in ("E", "O", "N", "F", "S", "f", "s") and not rest:
        wanted = 1  # what the letter takes is the next argument
    if letter == "F":
        wanted += 1  # and the file always an argument of its own
    elif letter == "S" and rest[_priority_length(rest) :] == "":
        wanted += 1  # the facility after the priority, else the next argument
    taken = [first, *args[at : at + wanted]]
    return _SEP.join(taken), min(at + wanted, len(args))


def _trimmed(text: str) -> str:
    """What Net-SNMP reads after an -L letter: past a ``=``, then blanks."""
    return text.removeprefix("=").lstrip(" \t\n\v\f\r")


def _priority_length(text: str) -> int:
    """The characters of ``pri`` or ``p1-p2`` at the start of `text`."""
    return 3 if text[1:2] == "-" else 1


def _priorities(text: str | None) -> tuple[int, int, str]:
    """``pri`` or ``p1-p2``: the range (most, least severe) and what follows it.

    Raises:
        UnknownOidError: Net-SNMP's line for a character that is no priority.
    """
    if text is None:
        raise UsageError("-L: a priority is needed (0-7, or a letter of emerg...debug)")
    first = _priority(text[:1])
    if text[1:2] != "-":
        return 0, first, text[1:]
    second = _priority(text[2:3])
    return min(first, second), max(first, second), text[3:]


def _priority(char: str) -> int:
    if char not in _PRIORITIES:
        raise UnknownOidError(f"invalid priority: {char}", status=1)
    return _PRIORITIES[char]


def set_log(values: Sequence[str]) -> None:
    """Sets the log's destinations from the command's -L values (`log_arguments`'s).

    Raises:
        UnknownOidError: Net-SNMP's line for a value it refuses.
    """
    global _destinations
    if not values:
        return
    destinations: list[_Destination] = []
    for value in values:
        first, *more = value.split(_SEP)
        letter, rest = first[:1], _trimmed(first[1:])
        if rest:
            more.insert(0, rest)
        high, low = 0, DEBUG
        if letter in ("E", "O", "N", "F", "S"):
            high, low, after = _priorities(more.pop(0) if more else None)
            if after and letter == "S":
                more.insert(0, after)
        if letter in "eE":
            destinations.append(_Destination(_writer("stderr"), high, low))
        elif letter in "oO":
            destinations.append(_Destination(_writer("stdout"), high, low))
        elif letter in "nN":
            destinations.clear()
        elif letter in "fF":
            if not more:
                raise UnknownOidError("Missing log file", status=1)
            destinations += _file(more[0], high, low)
        elif letter in "sS":
            if not more:
                raise UnknownOidError("Missing syslog facility", status=1)
            destinations.append(_Destination(_syslog(more[0]), high, low))
        else:
            raise UnknownOidError(f"Unknown logging option passed to -L: {letter}.", status=1)
    _destinations = destinations


def _writer(name: str) -> Callable[[str, int], None]:
    """Writes to sys.stdout or sys.stderr (`name`), as they are when written to."""

    def write(text: str, _priority: int) -> None:
        out = getattr(sys, name)
        out.write(text)
        out.flush()

    return write


def _file(path: str, high: int, low: int) -> list[_Destination]:
    """A log file, emptied unless appended to (-A); none when it cannot be opened: Net-SNMP
    then logs nothing there."""
    mode = "a" if _appending else "w"
    try:
        file = open(path, mode, encoding="utf-8", errors="surrogateescape", buffering=1)  # noqa: SIM115
    except OSError:
        return []

    def write(text: str, _priority: int) -> None:
        file.write(text)

    return [_Destination(write, high, low)]


def _syslog(facility_text: str) -> Callable[[str, int], None]:
    """Writes to syslog (as ``anysnmp``) with the facility of `facility_text`'s first
    character (d daemon, u user, 0-7 local0-local7).

    Raises:
        UnknownOidError: not a facility, Net-SNMP's line.
    """
    facility = _FACILITIES.get(facility_text[:1].lower())
    if facility is None:
        raise UnknownOidError(f"invalid syslog facility: {facility_text[:1]}", status=1)
    import syslog

    syslog.openlog("anysnmp", syslog.LOG_CONS | syslog.LOG_PID, facility)
    return lambda text, priority: syslog.syslog(priority, text.rstrip("\n"))
