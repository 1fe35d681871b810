"""Modules defining nodes at one OID: ``Mib.load(replace_with_latest=True)`` gives an object
a module read later defines again its definition, as Net-SNMP's ``-PR`` (by default the
first module's stands); ``parser_warnings=True`` warns of two labels at one OID as ``-Pw``.

The modules (tests/broken_mibs.py) are written for these tests; snmptranslate reads the
same files, with and without -PR and -Pw.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_mibs import (
    CLASH_MIB,
    REDEFINE_FIRST_MIB,
    REDEFINE_SECOND_MIB,
    broken_mib_dirs,
    load_warned,
    netsnmp_stderr,
)
from mib_helpers import snmptranslate

TEXTS = {"first.mib": REDEFINE_FIRST_MIB, "second.mib": REDEFINE_SECOND_MIB}
MODULES = "REDEFINE-FIRST-MIB:REDEFINE-SECOND-MIB"


@pytest.mark.parametrize("replace", [False, True])
def test_the_definition_of_an_object_two_modules_define(tmp_path: Path, replace: bool) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    flags = ["-PR"] if replace else []
    described = snmptranslate(dirs, MODULES, *flags, "-Td", "REDEFINE-FIRST-MIB::sharedValue")
    for _ in range(2):  # loaded, then the whole load from the cache
        mib, _ = load_warned(dirs, MODULES, tmp_path / "cache", replace_with_latest=replace)
        node = mib.node("REDEFINE-FIRST-MIB::sharedValue")
        syntax = "OCTET STRING (0..255) " if replace else "Integer32"
        assert f"\n  SYNTAX\t{syntax}\n" in described  # what Net-SNMP keeps
        assert node.base_type == ("OCTET STRING" if replace else "INTEGER")
        assert node.textual_convention == ("DisplayString" if replace else None)
        assert node.display_hint == ("255a" if replace else None)
        assert node.access == ("read-write" if replace else "read-only")
        assert node.description == f"The {'second' if replace else 'first'} module's."
        # The name stays the first module's, either way.
        assert mib.name("1.3.6.1.4.1.99972.1.0") == snmptranslate(
            dirs, MODULES, *flags, ".1.3.6.1.4.1.99972.1.0"
        )
        assert node.module == "REDEFINE-FIRST-MIB"
        # Another label at that OID is no redefinition: the first module's stands.
        assert mib.node("1.3.6.1.4.1.99972.2").name == "firstOnly"


def test_loads_with_and_without_replacing_are_cached_apart(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    for replace in (False, True, False, True):
        mib, _ = load_warned(dirs, MODULES, tmp_path / "cache", replace_with_latest=replace)
        assert mib.node("sharedValue").access == ("read-write" if replace else "read-only")


@pytest.mark.parametrize(
    "modules",
    [
        MODULES,
        "REDEFINE-SECOND-MIB:REDEFINE-FIRST-MIB",
        "REDEFINE-CLASH-MIB",
        f"{MODULES}:REDEFINE-CLASH-MIB",
        "ALL",
    ],
)
def test_two_labels_at_one_oid_are_warned_of_as_net_snmp_pw(
    tmp_path: Path, seeded_cache: Path, modules: str
) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS, **{"clash.mib": CLASH_MIB})
    _, warned = load_warned(dirs, modules, seeded_cache, parser_warnings=True)
    assert warned == netsnmp_stderr("snmptranslate", dirs, modules, "-Pw", ".1")
    clashes = [line for line in warned if " is both " in line]
    assert len(clashes) == {MODULES: 1, "REDEFINE-CLASH-MIB": 5}.get(modules, len(clashes)) > 0
    # Not without -Pw (the missing import is said either way).
    _, warned = load_warned(dirs, modules, seeded_cache)
    assert warned == netsnmp_stderr("snmptranslate", dirs, modules, ".1")
    assert not [line for line in warned if " is both " in line]
