"""The protocol tables of the C++ core, as the Python side takes them.

Each table (PDU types, SMI tags, error-statuses, USM auth and privacy
algorithms, key types and extensions, Report counters) is defined once, in ``cpp/registry/registry.hpp``. Python enums
name their members and take the numbers from the core (`numbers`), key classes
name their algorithm (`AUTH_ALGORITHMS`, `PRIV_ALGORITHMS`); when the module
defining them is imported (at the first use of a public name: the package
imports lazily), `check_enum` and `check_names` fail loudly if a Python name is
missing from the core's table or a row of the core has no Python name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeVar

from . import _core

__all__ = (
    "AUTH_ALGORITHMS",
    "PRIV_ALGORITHMS",
    "REPORT_COUNTERS",
    "AuthAlgorithm",
    "PrivAlgorithm",
    "Table",
    "check_enum",
    "check_names",
    "numbers",
)

T = TypeVar("T")
A = TypeVar("A", bound=tuple[Any, ...])


class Table(dict[str, T]):
    """A core table's entries by name; looking up a name the core lacks raises ImportError.

    Args:
        what: the table, for the message.
        items: (name, entry) pairs.
    """

    def __init__(self, what: str, items: Iterable[tuple[str, T]]) -> None:
        super().__init__(items)
        self.what = what

    def __missing__(self, name: str) -> T:
        raise ImportError(f"{self.what}: the C++ core's registry has no {name!r}")


class AuthAlgorithm(NamedTuple):
    """A USM authentication protocol: a row of the core's table.

    Attributes:
        id: protocol number of the core.
        name: such as ``SHA-256``.
        netsnmp_name: Net-SNMP's name (createUser, ``-a``), such as ``SHA``.
        digest: OpenSSL's (and hashlib's) digest name.
        digest_size: octets of the hash: of master and localized keys.
        mac_size: octets of the truncated MAC (msgAuthenticationParameters).
    """

    id: int
    name: str
    netsnmp_name: str
    digest: str
    digest_size: int
    mac_size: int


class PrivAlgorithm(NamedTuple):
    """A USM privacy protocol: a row of the core's table.

    Attributes:
        id: protocol number of the core.
        name: such as ``AES-128``.
        netsnmp_name: Net-SNMP's name (createUser, ``-x``) with Blumenthal key extension.
        netsnmp_reeder_name: Net-SNMP's name with Reeder key extension; empty when the
            key is never extended.
        cipher: OpenSSL's cipher name.
        key_size: octets of localized key the cipher uses (DES: key and pre-IV).
    """

    id: int
    name: str
    netsnmp_name: str
    netsnmp_reeder_name: str
    cipher: str
    key_size: int


def numbers(what: str, rows: Iterable[tuple[str, int, str]]) -> Table[int]:
    """The numbers of a core table of (name, number, text) rows (``core.pdu_types()``...)."""
    return Table(what, ((name, value) for name, value, _ in rows))


def check_names(what: str, python: Iterable[str], core: Iterable[str]) -> None:
    """Raises ImportError unless Python and the core name the same entries.

    Args:
        what: the table, for the message.
        python: the names the Python side defines.
        core: the names of the core's rows.
    """
    ours, theirs = sorted(python), sorted(core)
    if ours != theirs:
        missing = sorted(set(theirs) - set(ours))
        extra = sorted(set(ours) - set(theirs))
        doubled = sorted({n for n in ours if ours.count(n) > 1})
        raise ImportError(
            f"{what} disagree with the C++ core's registry: missing in Python {missing}, "
            f"unknown to the core {extra}, defined twice in Python {doubled}"
        )


def check_enum(cls: type[enum.IntEnum], table: dict[str, int]) -> None:
    """Raises ImportError unless the enum has exactly the table's names and numbers (aliases aside)."""
    members = {member.name: int(member) for member in cls}
    check_names(cls.__name__, members, table)
    wrong = sorted(name for name in members if members[name] != table[name])
    if wrong:
        raise ImportError(f"{cls.__name__}: numbers differ from the C++ core's for {wrong}")


def _algorithms(what: str, cls: Callable[..., A], rows: Iterable[tuple[Any, ...]]) -> Table[A]:
    try:
        return Table(what, ((row[1], cls(*row)) for row in rows))
    except TypeError as exc:
        raise ImportError(f"{what}: the C++ core's rows do not fit {cls}: {exc}") from None


#: The core's auth protocols by name.
AUTH_ALGORITHMS = _algorithms("auth algorithms", AuthAlgorithm, _core.auth_algorithms())
#: The core's privacy protocols by name.
PRIV_ALGORITHMS = _algorithms("privacy algorithms", PrivAlgorithm, _core.priv_algorithms())
#: The OIDs of the SNMPv3 error counters Reports carry, by MIB name (``usmStatsWrongDigests``).
REPORT_COUNTERS = Table("report counters", _core.report_counters())
