"""Where MIB files are and which modules to load, as Net-SNMP decides it.

Directories: `dirs`, else ``MIBDIRS``, else Net-SNMP's default path; a
leading ``+`` adds to the default path. Modules: ``ALL`` (every module the
path holds), a ``:``-separated list, a leading ``+`` adds to the default list.
A file holds the module named on its ``NAME DEFINITIONS ::= BEGIN`` line (any words, or
none, between DEFINITIONS and BEGIN, as Net-SNMP reads them),
whatever the file is called; as in Net-SNMP, the last directory holding a module wins.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from .._errors import ArgumentTypeError

__all__ = (
    "DEFAULT_MODULES",
    "default_dirs",
    "home_folder",
    "module_of",
    "resolve_dirs",
    "resolve_modules",
)

#: Net-SNMP's default module list, in its order (Debian's and Ubuntu's Net-SNMP 5.9: the
#: modules of its agent's MIB modules, as a stock snmptranslate loads them).
DEFAULT_MODULES = (
    "SNMPv2-MIB",
    "IF-MIB",
    "IP-MIB",
    "TCP-MIB",
    "UDP-MIB",
    "HOST-RESOURCES-MIB",
    "NOTIFICATION-LOG-MIB",
    "DISMAN-EVENT-MIB",
    "DISMAN-SCHEDULE-MIB",
    "HOST-RESOURCES-TYPES",
    "MTA-MIB",
    "NETWORK-SERVICES-MIB",
    "UCD-DISKIO-MIB",
    "UCD-DLMOD-MIB",
    "LM-SENSORS-MIB",
    "UCD-SNMP-MIB",
    "UCD-DEMO-MIB",
    "SNMP-TARGET-MIB",
    "NET-SNMP-AGENT-MIB",
    "SNMP-FRAMEWORK-MIB",
    "SNMP-MPD-MIB",
    "SNMP-USER-BASED-SM-MIB",
    "SNMP-VIEW-BASED-ACM-MIB",
    "SNMP-COMMUNITY-MIB",
    "IPV6-ICMP-MIB",
    "IPV6-MIB",
    "IPV6-TCP-MIB",
    "IPV6-UDP-MIB",
    "IP-FORWARD-MIB",
    "NET-SNMP-PASS-MIB",
    "NET-SNMP-EXTEND-MIB",
    "SNMP-NOTIFICATION-MIB",
    "SNMPv2-TM",
    "NET-SNMP-VACM-MIB",
)

#: Where older Debian releases (snmp-mibs-downloader before Net-SNMP 5.9) put MIB files.
OLD_DEBIAN_DIRS = (
    "/usr/share/mibs/site",
    "/usr/share/mibs/iana",
    "/usr/share/mibs/ietf",
    "/usr/share/mibs/netsnmp",
)

#: A module's first line: Net-SNMP reads its name and DEFINITIONS, then any words to BEGIN.
_HEADER = re.compile(rb'^\s*([A-Za-z][-\w]*)\s+(?:\{[^}]*\}\s*)?DEFINITIONS\b[^"]*?\bBEGIN\b', re.M)
_COMMENT = re.compile(rb"--[^\n]*")
#: A run of spaces or a comment, of those a file starts with.
_LEADING = re.compile(rb"\s+|--[^\n]*")
#: How much of a file past them its module's line is looked for in.
_HEAD_BYTES = 16384


def home_folder() -> str | None:
    """The user's home folder (``HOME``, else the password database); None: none known
    (a container's user of no passwd entry, with no ``HOME``)."""
    home = os.path.expanduser("~")
    return None if home.startswith("~") else home


def default_dirs() -> list[str]:
    """Net-SNMP's default search path (``~/.snmp/mibs`` when there is a home folder), then
    those of `OLD_DEBIAN_DIRS` that exist (none on Debian 12: the path is then Net-SNMP's,
    as its tools print it)."""
    home = home_folder()
    return [
        *([os.path.join(home, ".snmp", "mibs")] if home is not None else []),
        "/usr/share/snmp/mibs",
        "/usr/share/snmp/mibs/iana",
        "/usr/share/snmp/mibs/ietf",
        *(folder for folder in OLD_DEBIAN_DIRS if os.path.isdir(folder)),
    ]


def _split(value: object, argument: str, paths: bool = False) -> list[str]:
    """A ``:``-separated str or a list of str (or of paths when `paths`) -> the non-empty items.

    Raises:
        ArgumentTypeError: `value` is neither, or holds something else.
    """
    if isinstance(value, str):
        items: list[object] = list(value.split(os.pathsep))
    elif isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        items = list(value)
    else:
        kinds = (
            "a ':'-separated str, a path or a list of them"
            if paths
            else "a ':'-separated str or a list of str"
        )
        raise ArgumentTypeError(f"{argument}= takes {kinds}, not {type(value).__name__}")
    texts = []
    for item in items:
        text = os.fspath(item) if paths and isinstance(item, os.PathLike) else item
        if not isinstance(text, str):
            raise ArgumentTypeError(f"{argument}= holds {item!r}: each item must be a str")
        texts.append(text)
    return [text for text in texts if text]


def resolve_dirs(
    dirs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None,
) -> list[str]:
    """The search path: `dirs` (``:``-separated, a path or a list), else ``MIBDIRS``, else
    the default; one starting ``+`` follows the default path, one starting ``-`` precedes it.

    Raises:
        ArgumentTypeError: `dirs` is not a str, a path or a list of them.
    """
    if dirs is None:
        dirs = os.environ.get("MIBDIRS")
    if dirs is None:
        return default_dirs()
    items = _split([dirs] if isinstance(dirs, os.PathLike) else dirs, "dirs", paths=True)
    if items and items[0][:1] in ("+", "-"):
        listed = [folder for folder in (items[0][1:], *items[1:]) if folder]
        if items[0][0] == "+":
            return [*default_dirs(), *listed]
        return [*listed, *default_dirs()]
    return items


def resolve_modules(modules: str | Iterable[str] | None) -> list[str]:
    """The module names to load (``ALL`` stays as is), from `modules` or ``MIBS``: a list
    starting ``+`` follows Net-SNMP's default list, one starting ``-`` precedes it.

    Raises:
        ArgumentTypeError: `modules` is not a str or a list of str.
    """
    if modules is None:
        modules = os.environ.get("MIBS", os.pathsep.join(DEFAULT_MODULES))
    items = _split(os.pathsep.join(_split(modules, "modules")), "modules")
    if items and items[0][:1] in ("+", "-"):
        listed = [name for name in (items[0][1:], *items[1:]) if name]
        if items[0][0] == "+":
            return [*DEFAULT_MODULES, *listed]
        return [*listed, *DEFAULT_MODULES]
    return items


def _past_comments(file: BinaryIO) -> bytes:
    """`_HEAD_BYTES` of a file's text past the comments and spaces it starts with, as
    Net-SNMP reads past them (APC's PowerNet-MIB: 27 KB of them): read once, in pieces,
    what is passed dropped (megabytes of comments took minutes read again and again)."""
    text, at = file.read(_HEAD_BYTES), 0
    while True:
        if len(text) - at < 2:  # perhaps a "--" cut in two: read on
            more = file.read(_HEAD_BYTES)
            if not more:
                break
            text, at = text[at:] + more, 0
        passed = _LEADING.match(text, at)
        if passed is None:
            break
        at = passed.end()
        if at < len(text):
            continue
        more = file.read(_HEAD_BYTES)
        if not more:
            break
        # What was passed goes on into what follows: of it, only whether a comment.
        text, at = (b"--" if text.startswith(b"--", passed.start()) else b"") + more, 0
    head = text[at : at + _HEAD_BYTES]
    return head + file.read(_HEAD_BYTES - len(head))


def module_of(path: str) -> str | None:
    """The name of the module a file holds, or None (not a MIB file).

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as file:
        head = _past_comments(file)
    match = _HEADER.search(_COMMENT.sub(b"", head))
    return match.group(1).decode("ascii") if match else None
