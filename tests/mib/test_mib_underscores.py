"""Underscores in MIB identifiers: read with ``Mib.load(allow_underscores=True)`` as
Net-SNMP reads them with ``-Pu``, refused without it as Net-SNMP refuses them.

The modules (tests/broken_mibs.py) are written for these tests; snmptranslate reads the
same files, with and without -Pu.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_mibs import (
    UNDERSCORE_MIB,
    UNDERSCORE_USER_MIB,
    broken_mib_dirs,
    load_warned,
    netsnmp_stderr,
)
from mib_helpers import snmptranslate

from anysnmp import Mib, UnknownNameError
from anysnmp._mib._underscores import Collision, Underscores
from anysnmp._types import Tag

TEXTS = {"under.mib": UNDERSCORE_MIB, "user.mib": UNDERSCORE_USER_MIB}

#: Every node the two modules define, and instances below them.
OIDS = [
    ".1.3.6.1.4.1.99970",
    ".1.3.6.1.4.1.99970.1",
    ".1.3.6.1.4.1.99970.1.1",
    ".1.3.6.1.4.1.99970.1.1.1.4",
    ".1.3.6.1.4.1.99970.1.1.2.4",
    ".1.3.6.1.4.1.99970.1.1.3.12",
    ".1.3.6.1.4.1.99970.2",
    ".1.3.6.1.4.1.99970.2.1.1",
    ".1.3.6.1.4.1.99970.2.1.1.1.7",
]

#: A module named without underscores whose definitions have them (Net-SNMP finds it).
PLAIN_NAMED = UNDERSCORE_MIB.replace("VENDOR_UNDER-MIB", "VENDOR-UNDERLINED-MIB")


def test_a_vendor_module_with_underscores_loads_as_with_net_snmp_pu(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    for _ in range(2):  # compiled, then from the cache
        mib, warned = load_warned(
            dirs, "VENDOR-USER-MIB", tmp_path / "cache", allow_underscores=True
        )
        assert warned == netsnmp_stderr("snmptranslate", dirs, "VENDOR-USER-MIB", "-Pu", ".1")
        for oid in OIDS:
            for form, flag in (("module", ""), ("full", "-Of")):
                theirs = snmptranslate(dirs, "VENDOR-USER-MIB", "-Pu", *filter(None, [flag]), oid)
                assert mib.name(oid, form) == theirs
    assert mib.modules == sorted({*mib.modules, "VENDOR_UNDER-MIB", "VENDOR-USER-MIB"})
    # Names in: Net-SNMP finds them too (but for a module name with "_", see the docs).
    for name in ("VENDOR-USER-MIB::user_Wanted.3", "port_Name.2", "user_Entry"):
        assert "." + mib.oid(name) == snmptranslate(
            dirs, "VENDOR-USER-MIB", "-Pu", "-IR", "-On", name
        )
    # A module name with "_" is none to Net-SNMP's parser of names, nor to ours.
    name = "VENDOR_UNDER-MIB::port_Speed"
    assert snmptranslate(dirs, "VENDOR-USER-MIB", "-Pu", "-IR", "-On", name) == ""
    with pytest.raises(UnknownNameError, match="'VENDOR_UNDER-MIB' is no module name"):
        mib.oid(name)
    # The type, its enum labels, the INDEX of another module, all with their underscores.
    wanted = mib.node("user_Wanted")
    assert wanted.textual_convention == "Port_Speed"
    assert wanted.enums == {"slow_one": 1, "fast_two": 2}
    assert [index.name for index, _ in mib.node("user_Entry").indexes or ()] == ["port_Index"]
    assert mib.index("user_Wanted.7") == (7,)
    line = mib.formatter().varbind("1.3.6.1.4.1.99970.2.1.1.1.7", Tag.INTEGER, 2)
    assert line == "VENDOR-USER-MIB::user_Wanted.7 = INTEGER: fast_two(2)"
    # Descriptions keep their text as written (no rewriting outside identifiers).
    assert mib.node("vendor_Under").description == (
        "Underscores in names; in this text_they stay as written."
    )


def test_without_allow_underscores_net_snmp_s_lines_and_nothing_loads(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": PLAIN_NAMED, "under.mib": UNDERSCORE_MIB})
    mib, warned = load_warned(dirs, "VENDOR-UNDERLINED-MIB", tmp_path / "cache")
    theirs = netsnmp_stderr("snmptranslate", dirs, "VENDOR-UNDERLINED-MIB", ".1")
    assert warned == theirs == [f"Bad operator (_): At line 6 in {tmp_path}/mibs/plain.mib"]
    assert "VENDOR-UNDERLINED-MIB" not in mib.modules
    with pytest.raises(UnknownNameError):
        mib.oid("port_Name")
    # A module named with "_" is no module to Net-SNMP's scan of the folders.
    _, warned = load_warned(dirs, "VENDOR_UNDER-MIB", tmp_path / "cache")
    theirs = netsnmp_stderr("snmptranslate", dirs, "VENDOR_UNDER-MIB", ".1")
    assert (
        warned
        == theirs[-2:]
        == [
            f"MIB search path: {dirs}",
            "Cannot find module (VENDOR_UNDER-MIB): At line 1 in (none)",
        ]
    )


def test_the_cache_keeps_compiles_with_and_without_underscores_apart(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": PLAIN_NAMED})
    cache = tmp_path / "cache"
    for allowed in (False, True, False, True):
        mib, warned = load_warned(dirs, "VENDOR-UNDERLINED-MIB", cache, allow_underscores=allowed)
        assert ("VENDOR-UNDERLINED-MIB" in mib.modules) == allowed
        assert bool(warned) == (not allowed)


#: The object of type DisplayString (port_Name), and slips in it: (old, new, with -Pu).
_NAME_SYNTAX = "SYNTAX      DisplayString\n    MAX-ACCESS  read-only"
SLIPS = {
    "keyword": ("MAX-ACCESS", "MAX-ACESS", True),
    "access": ("read-only", "read_only", False),
    "syntax": ("DisplayString", "Display_String", False),
}


@pytest.mark.parametrize("slip", SLIPS)
def test_slips_are_said_at_the_file_s_lines(tmp_path: Path, slip: str) -> None:
    old, new, allowed = SLIPS[slip]
    text = PLAIN_NAMED if allowed else PLAIN_NAMED.replace("_", "")
    text = text.replace(_NAME_SYNTAX, _NAME_SYNTAX.replace(old, new))
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": text})
    cache = tmp_path / "cache"
    _, warned = load_warned(dirs, "VENDOR-UNDERLINED-MIB", cache, allow_underscores=allowed)
    flags = ["-Pu"] if allowed else []
    theirs = netsnmp_stderr("snmptranslate", dirs, "VENDOR-UNDERLINED-MIB", *flags, ".1")
    assert warned == theirs
    line = next(number for number, at in enumerate(text.splitlines(), 1) if new in at)
    assert len(theirs) == 2 and theirs[1].startswith(f"Bad parse of OBJECT-TYPE: At line {line} ")


def test_a_text_holding_the_token_compiles_with_another(tmp_path: Path) -> None:
    token = Underscores().token
    assert Underscores().hide("a_b OBJECT") == f"a{token}b OBJECT"
    assert Underscores().hide('"x_y" -- a_b\n') == '"x_y" -- a_b\n'
    with pytest.raises(Collision):
        Underscores().hide(f"a_b {token}")
    with pytest.raises(Collision):  # in a string too: records keep DESCRIPTIONs
        Underscores().hide(f'a_b "{token}"')
    # Next to an underscore, a part of the token is no collision (it has no border).
    assert Underscores().restore(Underscores().hide(f"{token[:-1]}_{token[1:]}")) == (
        f"{token[:-1]}_{token[1:]}"
    )
    # A module using the token in a name and a description still loads as written.
    text = PLAIN_NAMED.replace("port_Table", f"port_{token}Table").replace(
        '"Ports."', f'"Ports {token}."'
    )
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": text})
    mib = Mib.load("VENDOR-UNDERLINED-MIB", dirs=dirs, cache_dir=tmp_path, allow_underscores=True)
    assert mib.name("1.3.6.1.4.1.99970.1") == f"VENDOR-UNDERLINED-MIB::port_{token}Table"
    assert mib.node(f"port_{token}Table").description == f"Ports {token}."
