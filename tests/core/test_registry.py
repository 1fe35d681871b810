"""The protocol tables: defined once in the C++ core, checked against Python at import."""

from __future__ import annotations

import enum
import hashlib
import re
import subprocess
import sys
import textwrap

import pytest

from anysnmp import KeyExpansion, KeyType, Sha1Key, User, WrongDigestError
from anysnmp._codec import PduType, core
from anysnmp._errors import ErrorStatus, ErrorStatusError
from anysnmp._registry import (
    AUTH_ALGORITHMS,
    PRIV_ALGORITHMS,
    REPORT_COUNTERS,
    Table,
    check_enum,
    check_names,
    numbers,
)
from anysnmp._types import Tag
from anysnmp._usm import AUTH_KEYS, PRIV_KEYS, SessionCodec
from anysnmp.cli._format import type_name
from anysnmp.cli._target import AUTH_PROTOCOLS, PRIV_PROTOCOLS
from anysnmp.lowlevel import LocalEngine

ENUMS: list[tuple[type[enum.IntEnum], list[tuple[str, int, str]]]] = [
    (PduType, core.pdu_types()),
    (Tag, core.smi_tags()),
    (ErrorStatus, core.error_statuses()),
    (KeyType, core.key_types()),
    (KeyExpansion, core.key_expansions()),
]


@pytest.mark.parametrize(("cls", "rows"), ENUMS, ids=lambda x: getattr(x, "__name__", ""))
def test_enums_are_the_core_tables(
    cls: type[enum.IntEnum], rows: list[tuple[str, int, str]]
) -> None:
    assert [(m.name, int(m)) for m in cls] == [(name, value) for name, value, _ in rows]
    check_enum(cls, numbers(cls.__name__, rows))


@pytest.mark.parametrize(("cls", "rows"), ENUMS, ids=lambda x: getattr(x, "__name__", ""))
def test_a_corrupted_table_fails_the_check(
    cls: type[enum.IntEnum], rows: list[tuple[str, int, str]]
) -> None:
    table = numbers(cls.__name__, rows)
    first = next(iter(table))
    with pytest.raises(ImportError, match=r"missing in Python \['EXTRA'\]"):
        check_enum(cls, Table("t", {**table, "EXTRA": 0x7F}.items()))
    with pytest.raises(ImportError, match=rf"unknown to the core \['{first}'\]"):
        check_enum(cls, Table("t", ((k, v) for k, v in table.items() if k != first)))
    with pytest.raises(ImportError, match=rf"numbers differ .* \['{first}'\]"):
        check_enum(cls, Table("t", {**table, first: table[first] + 0x100}.items()))


def test_check_names_reports_doubles_and_lookups_fail_the_import() -> None:
    with pytest.raises(ImportError, match=r"defined twice in Python \['MD5'\]"):
        check_names("auth", ["MD5", "MD5"], ["MD5"])
    with pytest.raises(ImportError, match="registry has no 'SHA-3'"):
        Table("auth algorithms", [("MD5", 1)])["SHA-3"]


def test_a_corrupted_core_table_fails_the_import() -> None:
    """A core row Python lacks fails loudly when the package's modules load.

    ``import anysnmp`` is lazy: they load on the first use of a public name.
    """
    script = textwrap.dedent(
        """
        import importlib.util, sys
        from pathlib import Path
        package = Path(importlib.util.find_spec("anysnmp").origin).parent
        path = next(package.glob("_core*.so"))
        spec = importlib.util.spec_from_file_location("anysnmp._core", path)
        core = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(core)
        sys.modules["anysnmp._core"] = core
        rows = core.%s()
        core.%s = lambda: %s
        from anysnmp import SnmpSession, User
        """
    )
    cases = [
        ("pdu_types", "[*rows, ('GETMORE', 0xA9, '')]", "PduType disagree .*'GETMORE'"),
        ("smi_tags", "rows[1:]", "Tag: the C\\+\\+ core's registry has no 'INTEGER'"),
        ("error_statuses", "[*rows, ('BUSY', 19, 'busy')]", "ErrorStatus disagree .*'BUSY'"),
        ("auth_algorithms", "rows[:-1]", "registry has no 'SHA-512'"),
        (
            "priv_algorithms",
            "[*rows, (5, 'CHACHA', 'CHACHA', '', 'ChaCha20', 32)]",
            r"privacy key classes disagree .* missing in Python \['CHACHA'\]",
        ),
        ("priv_algorithms", "[row[:-1] for row in rows]", "missing 1 required positional"),
        ("key_types", "[*rows, ('Derived', 3, '')]", "KeyType disagree .*'Derived'"),
        ("key_expansions", "[*rows, ('Fernet', 2, '')]", "KeyExpansion disagree .*'Fernet'"),
        ("report_counters", "rows[1:]", "registry has no 'usmStatsUnsupportedSecLevels'"),
    ]
    for function, replacement, message in cases:
        code = script % (function, function, replacement)
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode != 0, function
        assert "ImportError" in result.stderr, result.stderr
        assert re.search(message, result.stderr), result.stderr


def test_every_algorithm_has_its_key_class() -> None:
    assert [cls.ALGORITHM for cls in AUTH_KEYS.values()] == list(AUTH_ALGORITHMS.values())
    assert [cls.ALGORITHM for cls in PRIV_KEYS.values()] == list(PRIV_ALGORITHMS.values())
    assert [a.id for a in AUTH_ALGORITHMS.values()] == list(range(1, len(AUTH_ALGORITHMS) + 1))
    for cls in AUTH_KEYS.values():
        assert hashlib.new(cls.ALGORITHM.digest).digest_size == cls.KEY_LENGTH
        assert AUTH_PROTOCOLS[cls.SNMPD_NAME] is AUTH_PROTOCOLS[cls.ALGORITHM.name] is cls
    for priv in PRIV_KEYS.values():
        assert PRIV_PROTOCOLS[priv.SNMPD_NAME] == (priv, KeyExpansion.Blumenthal)
        if priv.ALGORITHM.netsnmp_reeder_name:
            assert PRIV_PROTOCOLS[priv.ALGORITHM.netsnmp_reeder_name] == (priv, KeyExpansion.Reeder)


def test_reeder_users_get_their_netsnmp_name() -> None:
    for cls in PRIV_KEYS.values():
        user = User(
            "u", auth_key=Sha1Key(b"auth-pass"), priv_key=cls(b"priv-pass"), key_expansion=1
        )
        name = cls.ALGORITHM.netsnmp_reeder_name or cls.SNMPD_NAME
        assert user.snmpd_create_user() == f"createUser u SHA auth-pass {name} priv-pass"


def test_names_of_tags_and_statuses() -> None:
    assert [type_name(tag) for tag in (0x06, 0x43, 0x81)] == [
        "OBJECT IDENTIFIER",
        "TimeTicks",
        "noSuchInstance",
    ]
    assert ErrorStatusError(17, 1).status_name == "notWritable"
    assert ErrorStatusError(99, 1).status_name == "error-status 99"


def test_reports_and_agent_counters_are_the_core_table() -> None:
    """Report OIDs read by sessions and counted by agents come from one table."""
    names = [name for name, _ in core.report_counters()]
    assert REPORT_COUNTERS["usmStatsNotInTimeWindows"] == "1.3.6.1.6.3.15.1.1.2.0"
    assert REPORT_COUNTERS["snmpUnknownContexts"] == "1.3.6.1.6.3.12.1.5.0"
    assert sorted(LocalEngine([]).counters) == sorted(names[:9])
    codec = SessionCodec(User("u"), context_name=b"", context_engine_id=b"", max_size=65507)
    errors = {name: codec.report_error(oid) for name, oid in core.report_counters()}
    assert type(errors["usmStatsWrongDigests"]) is WrongDigestError
    for name in names[6:]:
        assert name in str(errors[name])
