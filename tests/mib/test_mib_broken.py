"""Broken MIB modules load as far as Net-SNMP loads them, with a warning per problem.

The modules (tests/broken_mibs.py) are written for these tests; snmptranslate reads the
same files.
"""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import pytest
from broken_mibs import (
    ADOPTIVE_MIB,
    LEANING_MIB,
    LINKS_MIB,
    LOST_IMPORT_MIB,
    ORPHAN_MIB,
    PARTS_MIB,
    TABLE_MIB,
    TYPO_MIB,
    broken_mib_dirs,
)
from mib_helpers import MIB_TOOL_ENV

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

PARTS_WARNINGS = [
    "MIB module BROKEN-PARTS-MIB: Undefined identifier NoSuchConvention in partUndefinedType",
    "MIB module BROKEN-PARTS-MIB: Undefined identifier TruthValue in partUnimportedType",
    "MIB module BROKEN-PARTS-MIB: Cannot find module (BROKEN-NOWHERE-MIB) for IMPORTS "
    "ghostRoot, GhostType",
    "MIB module BROKEN-PARTS-MIB: Unlinked OID partGhostChild ::= { ghostRoot 1 }: "
    "Undefined identifier ghostRoot",
    "MIB module BROKEN-PARTS-MIB: Unlinked OID partOrphan ::= { nowhereParent 1 }: "
    "Undefined identifier nowhereParent, and 1 definition below it",
    "MIB module BROKEN-PARTS-MIB: Unlinked OID partLoopOne ::= { partLoopTwo 1 }: "
    "partLoopTwo is unlinked",
    "MIB module BROKEN-PARTS-MIB: Unlinked OID partLoopTwo ::= { partLoopOne 2 }: "
    "partLoopOne is unlinked",
]


def _load(dirs: str, modules: str, cache: Path) -> tuple[Mib, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=cache)
    return mib, [str(warning.message) for warning in caught]


def _numeric(mib: Mib, label: str) -> str:
    """Our ``-On -IR label``: the OID, or "" for a name the load does not know."""
    try:
        return "." + mib.oid(label)
    except UnknownNameError:
        return ""


def _snmptranslate(dirs: str, modules: str, *args: str) -> str:
    return subprocess.run(
        ["snmptranslate", "-M", dirs, "-m", modules, *args],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    ).stdout.strip()


def _same_oids(dirs: str, modules: str, mib: Mib, labels: list[str]) -> dict[str, str]:
    """Each label's OID, ours beside snmptranslate's on the same files (asserted equal)."""
    ours = {label: _numeric(mib, label) for label in labels}
    theirs = {label: _snmptranslate(dirs, modules, "-On", "-IR", label) for label in labels}
    assert ours == theirs
    return ours


def test_a_module_with_broken_definitions_keeps_the_others(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"parts.mib": PARTS_MIB})
    for _ in range(2):  # compiled, then from the cache: the same tree, the same warnings
        mib, warned = _load(dirs, "BROKEN-PARTS-MIB", tmp_path / "cache")
        oids = _same_oids(dirs, "BROKEN-PARTS-MIB", mib, PARTS_LABELS)
        assert warned == PARTS_WARNINGS
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
    assert warned == [
        "MIB module BROKEN-TABLE-MIB: Did not find 'NoSuchConvention' in module SNMPv2-TC",
        "MIB module BROKEN-TABLE-MIB: Undefined identifier shelfNoSuchColumn in INDEX of "
        "shelfEntry",
    ]
    assert mib.node("shelfOdd").base_type is None
    # The row keeps the INDEX objects it has; names print as snmptranslate prints them.
    assert [index.name for index, _ in mib.node("shelfEntry").indexes or ()] == ["shelfIndex"]
    for oid in (".1.3.6.1.4.1.99981.1.1.2.5.7", ".1.3.6.1.4.1.99981.1.1.2.5"):
        assert mib.name(oid) == _snmptranslate(dirs, "BROKEN-TABLE-MIB", oid)


def test_an_unknown_augments_and_trap_enterprise(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"links.mib": LINKS_MIB})
    mib, warned = _load(dirs, "BROKEN-LINKS-MIB", tmp_path / "cache")
    labels = ["linkTable", "linkEntry", "linkValue", "linkTrap"]
    oids = _same_oids(dirs, "BROKEN-LINKS-MIB", mib, labels)
    assert oids["linkValue"] == ".1.3.6.1.4.1.99985.1.1.1" and oids["linkTrap"] == ""
    assert [message for message in warned if "BROKEN-LINKS-MIB" in message] == [
        "MIB module BROKEN-LINKS-MIB: Undefined identifier noSuchEntry in linkEntry",
        "MIB module BROKEN-LINKS-MIB: Unlinked OID linkTrap ::= { noSuchEnterprise 0 3 }: "
        "Undefined identifier noSuchEnterprise",
    ]
    assert mib.node("linkEntry").augments is None
    assert mib.node("linkEntry").kind == "row"


def _orphan_notes(loaded: set[str]) -> list[str]:
    """What loading BROKEN-ORPHAN-MIB and BROKEN-LOST-MIB (those `loaded`) warns of."""
    adopted, notes = "ADOPTIVE-MIB" in loaded, []
    below = "linked below ADOPTIVE-MIB::adoptiveRoot"
    if "BROKEN-ORPHAN-MIB" in loaded and adopted:
        notes.append(
            "MIB module BROKEN-ORPHAN-MIB: Undefined identifier adoptiveRoot in orphanLeaf "
            f"::= {{ adoptiveRoot 1 }}: {below}"
        )
    elif "BROKEN-ORPHAN-MIB" in loaded:
        notes.append(
            "MIB module BROKEN-ORPHAN-MIB: Unlinked OID orphanLeaf ::= { adoptiveRoot 1 }: "
            "Undefined identifier adoptiveRoot, and 1 definition below it"
        )
    if "BROKEN-LOST-MIB" in loaded:
        notes.append(
            "MIB module BROKEN-LOST-MIB: Cannot find module (BROKEN-GONE-MIB) for IMPORTS "
            "adoptiveRoot"
        )
        notes.append(
            "MIB module BROKEN-LOST-MIB: "
            + (
                f"Undefined identifier adoptiveRoot in lostLeaf ::= {{ adoptiveRoot 7 }}: {below}"
                if adopted
                else "Unlinked OID lostLeaf ::= { adoptiveRoot 7 }: Undefined identifier "
                "adoptiveRoot"
            )
        )
    return notes


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
def test_orphans_are_adopted_by_a_module_read_later(tmp_path: Path, modules: str) -> None:
    texts = {"orphan.mib": ORPHAN_MIB, "lost.mib": LOST_IMPORT_MIB, "adoptive": ADOPTIVE_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    mib, warned = _load(dirs, modules, tmp_path / "cache")
    labels = ["orphans", "orphanLeaf", "orphanBelow", "lostLeaf"]
    oids = _same_oids(dirs, modules, mib, labels)
    loaded = {"BROKEN-ORPHAN-MIB", "BROKEN-LOST-MIB", "ADOPTIVE-MIB"}
    if modules != "ALL":
        loaded &= set(modules.split(":"))
    adopted = "ADOPTIVE-MIB" in loaded
    assert sorted(message for message in warned if "BROKEN-" in message) == sorted(
        _orphan_notes(loaded)
    )
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
    theirs = _snmptranslate(dirs, "BROKEN-ORPHAN-MIB", "-On", *names)
    assert theirs == ".1.3.6.1.4.1.99983"
    assert "." + mib.oid(names[0]) == theirs
    with pytest.raises(UnknownNameError):
        mib.oid(names[1])


def test_broken_modules_never_stop_the_others_loading(tmp_path: Path) -> None:
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
    mib, warned = _load(dirs, "ALL", tmp_path / "cache")
    labels = [*PARTS_LABELS, "shelfName", "typoBefore", "orphanBelow", "lostLeaf", "ifDescr"]
    labels += ["leaning", "leaningOnTypo"]
    oids = _same_oids(dirs, "ALL", mib, labels)
    # A slip in the grammar drops its whole module, in Net-SNMP as here (with a warning).
    assert oids["typoBefore"] == ""
    (typo,) = [message for message in warned if message.startswith("MIB module BROKEN-TYPO-MIB:")]
    assert typo.startswith("MIB module BROKEN-TYPO-MIB: Bad grammar") and "line 15" in typo
    # Its importers find nothing in it, as in Net-SNMP ("Did not find 'typo' in module ...").
    assert oids["leaning"] == ".1.3.6.1.4.1.99986" and oids["leaningOnTypo"] == ""
    assert [message for message in warned if "BROKEN-LEANING-MIB" in message] == [
        "MIB module BROKEN-LEANING-MIB: Did not find 'typo' in module BROKEN-TYPO-MIB",
        "MIB module BROKEN-LEANING-MIB: Unlinked OID leaningOnTypo ::= { typo 9 }: "
        "Undefined identifier typo",
    ]
    assert oids["ifDescr"] == ".1.3.6.1.2.1.2.2.1.2"
    assert oids["partGood"] and oids["shelfName"] and oids["orphanBelow"] and oids["lostLeaf"]
    assert set(PARTS_WARNINGS) <= set(warned)
