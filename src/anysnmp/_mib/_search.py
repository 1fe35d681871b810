"""Where MIB files are and which modules to load, as Net-SNMP decides it.

Directories: `dirs`, else ``MIBDIRS``, else Net-SNMP's default path; a
leading ``+`` adds to the default path. Modules: ``ALL`` (every module the
path holds), a ``:``-separated list, a leading ``+`` adds to the default list.
A file holds the module its first two words name, ``NAME DEFINITIONS``, as Net-SNMP's
scan reads them (`_scanline`), whatever the file is called; as in Net-SNMP, the last
directory holding a module wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .._errors import ArgumentTypeError
from ._scanline import Head, read_head

__all__ = (
    "DEFAULT_MODULES",
    "default_dirs",
    "head_of",
    "home_folder",
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


def head_of(path: str, *, underscores: bool = False, comment_to_eol: bool = False) -> Head:
    """What Net-SNMP's scan reads of a file: the module it holds (None: none), the words it
    cuts short (`_scanline.read_head`).

    Raises:
        OSError: the file cannot be read.
    """
    with open(path, "rb") as file:
        return read_head(file, underscores=underscores, comment_to_eol=comment_to_eol)
