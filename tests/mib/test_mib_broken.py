"""Broken MIB modules load as far as Net-SNMP loads them, with a warning per line
Net-SNMP's tools print of them (its words, file names and line numbers, its order).

The modules (tests/broken_mibs.py) are written for these tests; snmptranslate reads the
same files, and its stderr is compared with our warnings line for line.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from broken_mibs import (
    ADOPTIVE_MIB,
    COMPLY_MIB,
    GRAMMAR_SLIPS,
    LAX_SLIPS,
    LEANING_MIB,
    LINKS_MIB,
    LOST_IMPORT_MIB,
    NAMING_MIB,
    OLD_MIB,
    ORPHAN_MIB,
    PARTS_MIB,
    SLIPS_MIB,
    TABLE_MIB,
    TYPO_MIB,
    VALUES_MIB,
    VALUES_SLIPS,
    broken_mib_dirs,
    load_warned,
    netsnmp_stderr,
)
from mib_helpers import TEST_MIBS, snmptranslate

from anysnmp import Mib, MibWarning, UnknownNameError

PARTS_LABELS = [
    "partGood",
    "partGhostChild",
    "partGhostTyped",
    "partOrphan",
    "partBelowOrphan",
    "partLoopOne",
    "partLoopTwo",
    "partUndefinedType",
    "partUnimportedType",
    "partLast",
]


def _parts_warnings(dirs: str) -> list[str]:
    """What snmptranslate prints of BROKEN-PARTS-MIB alone (its types and loops: nothing)."""
    path = f"{dirs.split(':')[0]}/parts.mib"
    return [
        f"MIB search path: {dirs}",
        f"Cannot find module (BROKEN-NOWHERE-MIB): At line 5 in {path}",
        f"Did not find 'ghostRoot' in module #-1 ({path})",
        f"Did not find 'GhostType' in module #-1 ({path})",
        "Unlinked OID in BROKEN-PARTS-MIB: partOrphan ::= { nowhereParent 1 }",
        f"Undefined identifier: nowhereParent near line 31 of {path}",
        "Unlinked OID in BROKEN-PARTS-MIB: partGhostChild ::= { ghostRoot 1 }",
        f"Undefined identifier: ghostRoot near line 17 of {path}",
        "Cannot adopt OID in BROKEN-PARTS-MIB: partOrphan ::= { nowhereParent 1 }",
        "Cannot adopt OID in BROKEN-PARTS-MIB: partLoopTwo ::= { partLoopOne 2 }",
        "Cannot adopt OID in BROKEN-PARTS-MIB: partBelowOrphan ::= { partOrphan 5 }",
        "Cannot adopt OID in BROKEN-PARTS-MIB: partLoopOne ::= { partLoopTwo 1 }",
        "Cannot adopt OID in BROKEN-PARTS-MIB: partGhostChild ::= { ghostRoot 1 }",
    ]


#: Net-SNMP's -P letters of its MIB messages, as `Mib.load`'s (errors, parser_warnings).
LEVELS = {"": (True, False), "-Pe": (False, False), "-Pw": (True, True), "-Pew": (False, True)}


def _load(dirs: str, modules: str, cache: Path, flag: str = "") -> tuple[Mib, list[str]]:
    """A load (with Net-SNMP's -P `flag`) and its warnings, asserted to be the lines
    snmptranslate prints."""
    errors, parser_warnings = LEVELS[flag]
    mib, warned = load_warned(dirs, modules, cache, errors=errors, parser_warnings=parser_warnings)
    flags = [flag] if flag else []
    assert warned == netsnmp_stderr("snmptranslate", dirs, modules, *flags, "-On", ".1")
    return mib, warned


def _numeric(mib: Mib, label: str) -> str:
    """Our ``-On -IR label``: the OID, or "" for a name the load does not know."""
    try:
        return "." + mib.oid(label)
    except UnknownNameError:
        return ""


def _same_oids(dirs: str, modules: str, mib: Mib, labels: list[str]) -> dict[str, str]:
    """Each label's OID, ours beside snmptranslate's on the same files (asserted equal)."""
    ours = {label: _numeric(mib, label) for label in labels}
    theirs = {label: snmptranslate(dirs, modules, "-On", "-IR", label) for label in labels}
    assert ours == theirs
    return ours


def test_a_module_with_broken_definitions_keeps_the_others(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"parts.mib": PARTS_MIB})
    for _ in range(2):  # compiled, then from the cache: the same tree, the same warnings
        mib, warned = _load(dirs, "BROKEN-PARTS-MIB", tmp_path / "cache")
        oids = _same_oids(dirs, "BROKEN-PARTS-MIB", mib, PARTS_LABELS)
        assert warned == _parts_warnings(dirs)
    assert oids["partGood"] == ".1.3.6.1.4.1.99980.1"
    assert oids["partLast"] == ".1.3.6.1.4.1.99980.5"
    unlinked = ["partOrphan", "partBelowOrphan", "partGhostChild", "partLoopOne", "partLoopTwo"]
    assert [oids[label] for label in unlinked] == [""] * len(unlinked)
    # Syntax where known, none where not (Net-SNMP does not look for types not imported).
    assert mib.node("partLast").textual_convention == "DisplayString"
    assert mib.node("partGood").base_type == "INTEGER"
    for label in ("partGhostTyped", "partUndefinedType", "partUnimportedType"):
        assert mib.node(label).base_type is None
        assert mib.node(label).access == "read-only"


def test_an_import_its_module_lacks_and_an_unknown_index_column(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"table.mib": TABLE_MIB})
    mib, warned = _load(dirs, "BROKEN-TABLE-MIB", tmp_path / "cache")
    labels = ["shelfTable", "shelfEntry", "shelfIndex", "shelfName", "shelfOdd"]
    assert all(_same_oids(dirs, "BROKEN-TABLE-MIB", mib, labels).values())
    # Net-SNMP says nothing of the INDEX column nobody defines, nor of the type.
    assert warned == [
        f"Did not find 'NoSuchConvention' in module SNMPv2-TC ({tmp_path}/mibs/table.mib)"
    ]
    assert mib.node("shelfOdd").base_type is None
    # The row keeps the INDEX objects it has; names print as snmptranslate prints them.
    assert [index.name for index, _ in mib.node("shelfEntry").indexes or ()] == ["shelfIndex"]
    for oid in (".1.3.6.1.4.1.99981.1.1.2.5.7", ".1.3.6.1.4.1.99981.1.1.2.5"):
        assert mib.name(oid) == snmptranslate(dirs, "BROKEN-TABLE-MIB", oid)


def test_an_unknown_augments_and_trap_enterprise(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"links.mib": LINKS_MIB})
    mib, warned = _load(dirs, "BROKEN-LINKS-MIB", tmp_path / "cache")
    labels = ["linkTable", "linkEntry", "linkValue", "linkTrap"]
    oids = _same_oids(dirs, "BROKEN-LINKS-MIB", mib, labels)
    assert oids["linkValue"] == ".1.3.6.1.4.1.99985.1.1.1" and oids["linkTrap"] == ""
    # An SMIv1 trap is two nodes: "enterprise#" below the enterprise, the trap below it.
    assert warned == [
        "Unlinked OID in BROKEN-LINKS-MIB: noSuchEnterprise# ::= { noSuchEnterprise 0 }",
        f"Undefined identifier: noSuchEnterprise near line 35 of {tmp_path}/mibs/links.mib",
        "Cannot adopt OID in BROKEN-LINKS-MIB: noSuchEnterprise# ::= { noSuchEnterprise 0 }",
        "Cannot adopt OID in BROKEN-LINKS-MIB: linkTrap ::= { noSuchEnterprise# 3 }",
    ]
    assert mib.node("linkEntry").augments is None
    assert mib.node("linkEntry").kind == "row"


@pytest.mark.parametrize(
    "modules",
    [
        "BROKEN-ORPHAN-MIB:ADOPTIVE-MIB",
        "ADOPTIVE-MIB:BROKEN-ORPHAN-MIB",
        "BROKEN-ORPHAN-MIB",
        "BROKEN-LOST-MIB:ADOPTIVE-MIB",
        "BROKEN-LOST-MIB",
        "ALL",
    ],
)
def test_orphans_are_adopted_by_a_module_read_later(
    tmp_path: Path, seeded_cache: Path, modules: str
) -> None:
    texts = {"orphan.mib": ORPHAN_MIB, "lost.mib": LOST_IMPORT_MIB, "adoptive": ADOPTIVE_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    mib, warned = _load(dirs, modules, seeded_cache)
    labels = ["orphans", "orphanLeaf", "orphanBelow", "lostLeaf"]
    oids = _same_oids(dirs, modules, mib, labels)
    loaded = {"BROKEN-ORPHAN-MIB", "BROKEN-LOST-MIB", "ADOPTIVE-MIB"}
    if modules != "ALL":
        loaded &= set(modules.split(":"))
    adopted = "ADOPTIVE-MIB" in loaded
    # Said unlinked at the module's end, adopted (silently) at the load's end, or not.
    for module in ("BROKEN-ORPHAN-MIB", "BROKEN-LOST-MIB"):
        unlinked = [line for line in warned if line.startswith(f"Unlinked OID in {module}: ")]
        assert len(unlinked) == (module in loaded)
        left = [line for line in warned if line.startswith(f"Cannot adopt OID in {module}: ")]
        assert bool(left) == (module in loaded and not adopted)
    if "BROKEN-ORPHAN-MIB" in loaded:
        assert oids["orphans"] == ".1.3.6.1.4.1.99984"
        assert oids["orphanBelow"] == (".1.3.6.1.4.1.99983.1.2" if adopted else "")
    if "BROKEN-LOST-MIB" in loaded:
        assert oids["lostLeaf"] == (".1.3.6.1.4.1.99983.7" if adopted else "")


def test_a_later_load_on_demand_adopts_no_earlier_orphan(tmp_path: Path) -> None:
    # snmptranslate -m BROKEN-ORPHAN-MIB ADOPTIVE-MIB::adoptiveRoot orphanLeaf: the module
    # named loads, the orphans of the first load stay unlinked.
    dirs = broken_mib_dirs(tmp_path, **{"orphan.mib": ORPHAN_MIB, "adoptive": ADOPTIVE_MIB})
    mib, _ = _load(dirs, "BROKEN-ORPHAN-MIB", tmp_path / "cache")
    assert mib.oid("orphans") == "1.3.6.1.4.1.99984"
    names = ["ADOPTIVE-MIB::adoptiveRoot", "BROKEN-ORPHAN-MIB::orphanLeaf"]
    theirs = snmptranslate(dirs, "BROKEN-ORPHAN-MIB", "-On", *names)
    assert theirs == ".1.3.6.1.4.1.99983"
    assert "." + mib.oid(names[0]) == theirs
    with pytest.raises(UnknownNameError):
        mib.oid(names[1])


def test_broken_modules_never_stop_the_others_loading(tmp_path: Path, seeded_cache: Path) -> None:
    texts = {
        "parts.mib": PARTS_MIB,
        "table.mib": TABLE_MIB,
        "typo.mib": TYPO_MIB,
        "leaning.mib": LEANING_MIB,
        "orphan.mib": ORPHAN_MIB,
        "lost.mib": LOST_IMPORT_MIB,
        "adoptive": ADOPTIVE_MIB,
    }
    dirs = broken_mib_dirs(tmp_path, **texts)
    mib, warned = _load(dirs, "ALL", seeded_cache)
    labels = [*PARTS_LABELS, "shelfName", "typoBefore", "orphanBelow", "lostLeaf", "ifDescr"]
    labels += ["leaning", "leaningOnTypo"]
    oids = _same_oids(dirs, "ALL", mib, labels)
    # A slip in the grammar drops its whole module, in Net-SNMP as here (with its words).
    assert oids["typoBefore"] == ""
    folder = f"{tmp_path}/mibs"
    assert warned[1:3] == [
        f"Should be ACCESS (MAX-ACESS): At line 15 in {folder}/typo.mib",
        f"Bad parse of OBJECT-TYPE: At line 15 in {folder}/typo.mib",
    ]
    # Its importers find nothing in it, as in Net-SNMP.
    assert oids["leaning"] == ".1.3.6.1.4.1.99986" and oids["leaningOnTypo"] == ""
    assert f"Did not find 'typo' in module BROKEN-TYPO-MIB ({folder}/leaning.mib)" in warned
    assert oids["ifDescr"] == ".1.3.6.1.2.1.2.2.1.2"
    assert oids["partGood"] and oids["shelfName"] and oids["orphanBelow"] and oids["lostLeaf"]
    # ALL adopts orphans twice (at its end, at the load's): what is left is said twice.
    left = [line for line in warned if line.startswith("Cannot adopt OID in BROKEN-PARTS-MIB")]
    assert len(left) == 10


def test_names_groups_and_compliances_list_are_checked_as_net_snmp_does(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"comply.mib": COMPLY_MIB})
    path = f"{tmp_path}/mibs/comply.mib"
    for _ in range(2):  # compiled, then from the cache
        mib, warned = _load(dirs, "BROKEN-COMPLY-MIB", tmp_path / "cache")
        assert warned == [
            f"MIB search path: {dirs}",
            # Imported twice in a row from a module that is nowhere: said once.
            f"Cannot find module (BROKEN-NOWHERE-MIB): At line 7 in {path}",
            # Names of another module: checked where they stand (a missing module ends
            # its compliance: complyLastMissing is not checked).
            f"Unknown group (ifNoSuchGroup): At line 53 in {path}",
            f"Unknown module (BROKEN-NOWHERE-MIB): At line 59 in {path}",
            # This module's: at its end, each list last first; ifIndex is imported.
            f"Undefined OBJECT-GROUP (complyNoObject): At line 49 in {path}",
            f"Undefined OBJECT-GROUP (complyNoGroup): At line 46 in {path}",
            f"Undefined OBJECT (complyAbsent): At line 31 in {path}",
            f"Undefined OBJECT (complyMissing): At line 31 in {path}",
            f"Undefined NOTIFICATION (complyNoEvent): At line 37 in {path}",
            f"Did not find 'ghostThing' in module #-1 ({path})",
            f"Did not find 'otherGhost' in module #-1 ({path})",
        ]
    assert mib.oid("complyCompliance") == "1.3.6.1.4.1.99987.5"


@pytest.mark.parametrize("flag", ["-Pe", "-Pw", "-Pew"])
@pytest.mark.parametrize("modules", ["BROKEN-COMPLY-MIB", "ALL"])
def test_the_levels_of_net_snmp_pe_and_pw(
    tmp_path: Path, seeded_cache: Path, modules: str, flag: str
) -> None:
    texts = {"comply.mib": COMPLY_MIB, "parts.mib": PARTS_MIB, "typo.mib": TYPO_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    errors, parser_warnings = LEVELS[flag]
    for _ in range(2):
        _, warned = _load(dirs, modules, seeded_cache, flag)
    # -Pe: the search path, the unlinked and unadopted definitions, no parser error.
    assert warned[0].startswith("MIB search path: ") or warned[0].endswith("parsed and ignored).")
    assert any(" At line " in line for line in warned) == errors
    # -Pw: the MACRO definitions read past (SNMPv2-SMI's and the others read).
    assert ("MODULE-IDENTITY MACRO (lines 36..60 parsed and ignored)." in warned) == parser_warnings


@pytest.mark.parametrize("flag", ["", "-Pw"])
def test_old_modules_missing_are_read_as_net_snmp_replaces_them(tmp_path: Path, flag: str) -> None:
    # Without erlang-snmp's folder: no RFC1213-MIB, nor SNMPv2-SMI (IF-MIB and RMON-MIB,
    # read in their place, are broken in turn: hundreds of lines, in Net-SNMP's order).
    own = broken_mib_dirs(tmp_path, **{"old.mib": OLD_MIB}).split(":")[0]
    dirs = ":".join([own, *(str(TEST_MIBS / folder) for folder in ("netsnmp", "npm", "ietf"))])
    path = f"{tmp_path}/mibs/old.mib"
    for _ in range(2):
        mib, warned = _load(dirs, "BROKEN-OLD-MIB", tmp_path / "cache", flag)
    assert len(warned) > 300
    assert f"Did not find 'ifIndex' in module IF-MIB ({path})" in warned
    assert f"Did not find 'cattle' in module RMON-MIB ({path})" in warned
    replaced = f"Importing ifIndex from replacement module IF-MIB instead of RFC1213-MIB ({path})"
    assert (replaced in warned) == bool(flag)
    assert "IF-MIB" in mib.modules and "RMON-MIB" in mib.modules


def test_a_module_a_compliance_names_is_read_there_as_net_snmp_does(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"naming.mib": NAMING_MIB, "parts.mib": PARTS_MIB})
    for _ in range(2):
        mib, warned = _load(dirs, "BROKEN-NAMING-MIB", tmp_path / "cache")
    # BROKEN-PARTS-MIB's lines come where the compliance names it, before the group check.
    unknown = f"Unknown group (partNoSuchGroup): At line 11 in {tmp_path}/mibs/naming.mib"
    assert warned == [*_parts_warnings(dirs)[:8], unknown, *_parts_warnings(dirs)[8:]]
    assert mib.oid("BROKEN-PARTS-MIB::partGood") == "1.3.6.1.4.1.99980.1"


@pytest.mark.parametrize("flag", ["", "-Pw"])
def test_a_module_found_twice_is_the_last_folder_s(tmp_path: Path, flag: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, name in ((first, "adoptive"), (second, "adoptive.txt")):
        folder.mkdir()
        (folder / name).write_text(ADOPTIVE_MIB)
    dirs = f"{first}:{second}:{broken_mib_dirs(tmp_path)}"
    for _ in range(2):
        mib, warned = _load(dirs, "ADOPTIVE-MIB", tmp_path / "cache", flag)
    moved = f"Warning: Module ADOPTIVE-MIB was in {first}/adoptive now is {second}/adoptive.txt"
    assert (moved in warned) == bool(flag)
    assert mib.oid("adoptiveRoot") == "1.3.6.1.4.1.99983"


def test_a_module_name_of_no_file_warns_as_net_snmp_reads_it(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path)
    mib, _ = _load(dirs, "IF-MIB", tmp_path / "cache")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        for _ in range(2):  # said once, as Net-SNMP says the last module it missed once
            with pytest.raises(UnknownNameError):
                mib.oid("NO-SUCH-MIB::x")
    theirs = netsnmp_stderr("snmptranslate", dirs, "IF-MIB", "NO-SUCH-MIB::x", "NO-SUCH-MIB::y")
    assert (
        [str(warning.message) for warning in caught]
        == theirs[:2]
        == [
            f"MIB search path: {dirs}",
            "Cannot find module (NO-SUCH-MIB): At line 1 in (none)",
        ]
    )


def test_a_group_s_status_net_snmp_does_not_take_is_said(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"values.mib": VALUES_MIB})
    mib, warned = _load(dirs, "BROKEN-VALUES-MIB", tmp_path / "cache")
    assert warned == [f"Bad STATUS value (curent): At line 23 in {tmp_path}/mibs/values.mib"]
    labels = ["valuesObject", "valuesEvent", "valuesGroup", "valuesLast"]
    assert all(_same_oids(dirs, "BROKEN-VALUES-MIB", mib, labels).values())
    _load(dirs, "BROKEN-VALUES-MIB", tmp_path / "cache", "-Pe")  # an error: -Pe hides it


@pytest.mark.parametrize("slip", VALUES_SLIPS)
def test_an_object_s_access_or_status_net_snmp_does_not_take_drops_it(
    tmp_path: Path, slip: str
) -> None:
    old, new = VALUES_SLIPS[slip]
    head, last = VALUES_MIB.split("valuesLast OBJECT-TYPE")
    text = f"{head}valuesLast OBJECT-TYPE{last.replace(old, new)}"
    dirs = broken_mib_dirs(tmp_path, **{"values.mib": text})
    mib, warned = _load(dirs, "BROKEN-VALUES-MIB", tmp_path / "cache")
    assert "BROKEN-VALUES-MIB" not in mib.modules
    line = text.count("\n", 0, text.index(new, len(head))) + 1
    assert warned[-2:] == [
        f"Bad {'STATUS' if slip == 'status' else 'ACCESS type'} ({new.split()[-1]}): "
        f"At line {line} in {tmp_path}/mibs/values.mib",
        f"Bad parse of OBJECT-TYPE: At line {line} in {tmp_path}/mibs/values.mib",
    ]


@pytest.mark.parametrize("slip", GRAMMAR_SLIPS)
def test_grammar_slips_are_said_in_net_snmp_s_words(tmp_path: Path, slip: str) -> None:
    old, new = GRAMMAR_SLIPS[slip]
    assert SLIPS_MIB.count(old) == 1
    dirs = broken_mib_dirs(tmp_path, **{"slips.mib": SLIPS_MIB.replace(old, new)})
    mib, warned = _load(dirs, "BROKEN-SLIPS-MIB", tmp_path / "cache")
    assert "BROKEN-SLIPS-MIB" not in mib.modules
    assert not any(line.startswith("Bad grammar") for line in warned)
    assert bool(warned) != slip.startswith("IMPORTS without its semicolon")  # silent then


@pytest.mark.parametrize("slip", LAX_SLIPS)
def test_slips_net_snmp_reads_silently_load_the_module(tmp_path: Path, slip: str) -> None:
    old, new = LAX_SLIPS[slip]
    assert SLIPS_MIB.count(old) == 1
    dirs = broken_mib_dirs(tmp_path, **{"slips.mib": SLIPS_MIB.replace(old, new)})
    mib, warned = _load(dirs, "BROKEN-SLIPS-MIB", tmp_path / "cache")
    assert warned == []
    labels = ["slips", "portTable", "portEntry", "portIndex", "portKind"]
    assert all(_same_oids(dirs, "BROKEN-SLIPS-MIB", mib, labels).values())
    assert mib.node("portKind").enums == {"slowOne": 1, "fast": 2}


def test_nodes_named_as_types_are_loaded_as_in_net_snmp(tmp_path: Path) -> None:
    """Sophos' modules name their MODULE-IDENTITY ``Sophos``, WatchGuard's and F5's some
    OBJECT-TYPEs and NOTIFICATION-TYPEs with a capital: Net-SNMP reads any label there."""
    identity = (
        'Slips MODULE-IDENTITY\n    LAST-UPDATED "202401010000Z"\n    ORGANIZATION "x"\n'
        '    CONTACT-INFO "x"\n    DESCRIPTION "x"\n    ::= { enterprises 99974 }\n\n'
        "slips OBJECT IDENTIFIER ::= { Slips 0 }"
    )
    text = (
        SLIPS_MIB.replace("OBJECT-TYPE, Integer32", "MODULE-IDENTITY, OBJECT-TYPE, Integer32")
        .replace("slips OBJECT IDENTIFIER ::= { enterprises 99974 }", identity)
        .replace("portKind OBJECT-TYPE", "PortKind OBJECT-TYPE")
    )
    dirs = broken_mib_dirs(tmp_path, **{"slips.mib": text})
    mib, warned = _load(dirs, "BROKEN-SLIPS-MIB", tmp_path / "cache")
    assert warned == []
    labels = ["Slips", "slips", "portTable", "portEntry", "portIndex", "PortKind"]
    assert all(_same_oids(dirs, "BROKEN-SLIPS-MIB", mib, labels).values())
    assert mib.node("PortKind").enums == {"slowOne": 1, "fast": 2}
