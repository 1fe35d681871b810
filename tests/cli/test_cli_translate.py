"""``anysnmp translate`` against snmptranslate on the same MIB files."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mib_helpers import netsnmp, require_test_mibs


def translate(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m anysnmp translate`` with the test MIB set."""
    command = [sys.executable, "-m", "anysnmp", "translate", "-M", require_test_mibs()]
    return subprocess.run([*command, "-m", "ALL", *args], capture_output=True, text=True)


NAMES = [
    "IF-MIB::ifDescr.1",
    "SNMPv2-MIB::sysName.0",
    'vacmGroupName.3."comm1"',
    "enterprises.8072",
]
NUMBERS = [
    ".1.3.6.1.2.1.2.2.1.8.4",
    ".1.3.6.1.6.3.16.1.2.1.3.1.5.99.111.109.109.49",
    ".1.3.6.1.4.1",
]


@pytest.mark.parametrize("flags", ["-On", "-Of", "-Os", "-OS", None])
@pytest.mark.parametrize("oids", [NAMES, NUMBERS, NAMES[:1]])
def test_translate_prints_what_snmptranslate_prints(flags: str | None, oids: list[str]) -> None:
    # snmptranslate -IR takes names only (it rejects a numeric OID): ours takes both.
    args = [*([flags] if flags else []), *([] if oids is NUMBERS else ["-IR"]), *oids]
    ours = translate(*args)
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout == "\n".join(netsnmp("snmptranslate", *args)) + "\n"


@pytest.mark.parametrize("pattern", ["AdminStatus", "sysOR", "^snmpTarget.*Status$"])
def test_tb_lists_what_snmptranslate_lists(pattern: str) -> None:
    ours = translate("-TB", pattern)
    assert ours.returncode == 0, ours.stderr
    theirs = netsnmp("snmptranslate", "-TB", pattern)
    assert sorted(ours.stdout.splitlines()) == sorted(theirs) and theirs


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["noSuchThing.0"], "Unknown Object Identifier"),
        (["-Oq", "sysName.0"], "-Oq"),
        (["-Tz", "sysName.0"], "-Tz"),
        (["-TB", "("], "bad regular expression"),
        (["-Iu", "sysName.0"], "only -IR"),
    ],
)
def test_translate_errors(args: list[str], message: str) -> None:
    ours = translate(*args)
    assert ours.returncode == 2 and message in ours.stderr and ours.stdout == ""
