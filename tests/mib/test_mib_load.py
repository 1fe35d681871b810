"""Loading MIBs: the search path, module lists, the compiled cache, broken modules."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from broken_mibs import (
    DIGIT_MIB,
    DIGIT_USER_MIB,
    broken_mib_dirs,
    load_warned,
    netsnmp_stderr,
)
from mib_helpers import MIB_FOLDERS, MIB_TOOL_ENV, TEST_MIBS, require_test_mibs, snmptranslate
from peers import require_tool

import anysnmp.sync
from anysnmp import Mib, MibError, MibNode, MibWarning, UnknownNameError
from anysnmp._mib import _cache
from anysnmp._mib._cache import MibCache
from anysnmp._mib._search import (
    DEFAULT_MODULES,
    default_dirs,
    head_of,
    resolve_dirs,
    resolve_modules,
)

#: A module of our own (written for these tests) below the test set's SNMPv2-SMI.
WIDGET_MIB = """\
ANYSNMP-WIDGET-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    DisplayString FROM SNMPv2-TC;

widgets OBJECT IDENTIFIER ::= { enterprises 99999 }

widgetName OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "The name of the widget."
    ::= { widgets 1 }
{extra}
END
"""

WIDGET_COUNT = """
widgetCount OBJECT-TYPE
    SYNTAX      Integer32
    UNITS       "widgets"
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "How many widgets."
    ::= { widgets 2 }
"""

#: Imports from a module that exists nowhere.
BROKEN_IMPORT_MIB = """\
ANYSNMP-BROKEN-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, enterprises FROM SNMPv2-SMI
    GhostType FROM ANYSNMP-NOWHERE-MIB;

broken OBJECT IDENTIFIER ::= { enterprises 99998 }

brokenValue OBJECT-TYPE
    SYNTAX      GhostType
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value of a type no module defines."
    ::= { broken 1 }
END
"""

#: Not SMI at all past its header.
GARBAGE_MIB = "ANYSNMP-GARBAGE-MIB DEFINITIONS ::= BEGIN\n this is not ( SMI ::= {\nEND\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def _dirs(own: Path) -> str:
    return f"{own}:{require_test_mibs()}"


def test_files_are_found_by_module_name_whatever_they_are_called(tmp_path: Path) -> None:
    _write(tmp_path / "mibs", "widgets.my", WIDGET_MIB.replace("{extra}", ""))
    mib = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(tmp_path / "mibs"), cache_dir=tmp_path / "c")
    assert mib.oid("ANYSNMP-WIDGET-MIB::widgetName.0") == "1.3.6.1.4.1.99999.1.0"
    assert mib.name("1.3.6.1.4.1.99999.1.0") == "ANYSNMP-WIDGET-MIB::widgetName.0"
    # Its imports load with it, as in Net-SNMP.
    assert {"SNMPv2-SMI", "SNMPv2-TC", "ANYSNMP-WIDGET-MIB"} <= set(mib.modules)
    assert "IF-MIB" not in mib.modules


def test_a_module_after_a_long_comment_is_found_as_in_net_snmp(tmp_path: Path) -> None:
    """APC's PowerNet-MIB names its module 385 lines (27 KB) into its file, after its
    revision history: Net-SNMP reads past any comments to a file's first two words."""
    history = "".join(f"-- v{number}: {'changed ' * 8}\n" for number in range(1500))
    _write(tmp_path / "mibs", "widgets.mib", history + WIDGET_MIB.replace("{extra}", ""))
    dirs = _dirs(tmp_path / "mibs")
    mib = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=dirs, cache_dir=tmp_path / "c")
    name = "ANYSNMP-WIDGET-MIB::widgetName"
    assert "." + mib.oid(name) == snmptranslate(dirs, "ANYSNMP-WIDGET-MIB", "-On", name)


def test_a_compiled_cache_loads_without_pysmi(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Mib.load(["IF-MIB"], dirs=require_test_mibs(), cache_dir=cache)
    assert cache.is_dir() and any(cache.iterdir())
    script = (
        "import sys, warnings\n"
        "sys.modules['pysmi'] = None\n"  # any import of pysmi now fails
        "from anysnmp import Mib\n"
        f"mib = Mib.load(['IF-MIB'], dirs={require_test_mibs()!r}, cache_dir={str(cache)!r})\n"
        "print(mib.name('1.3.6.1.2.1.2.2.1.8.1'), mib.node('ifType').enums['softwareLoopback'])\n"
        "print(sorted(name for name in sys.modules if 'pysmi' in name))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["IF-MIB::ifOperStatus.1 24", "['pysmi']"]


def test_modules_load_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # the cache folder would be below a file: nothing is written
    with warnings.catch_warnings():
        warnings.simplefilter("error", MibWarning)
        mib = Mib.load(["IF-MIB"], dirs=require_test_mibs(), cache_dir=blocker / "cache")
    assert "IF-MIB" in mib.modules and "SNMPv2-TC" in mib.modules
    assert mib.name("1.3.6.1.2.1.2.2.1.8.1") == "IF-MIB::ifOperStatus.1"


@pytest.mark.parametrize(
    ("modules", "named"),
    [
        ("IF-MIB", "MIB modules IF-MIB need"),
        # A whole folder's modules: five named, the others counted.
        ("ALL", r"MIB modules AGENTX-MIB, BRIDGE-MIB, [^,]+, [^,]+, [^,]+ and \d+ more need"),
    ],
)
def test_without_pysmi_a_stale_cache_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, modules: str, named: str
) -> None:
    monkeypatch.setitem(sys.modules, "pysmi", None)
    message = rf"^{named} compiling and pysmi is not installed: pip install 'anysnmp\[mib\]'$"
    with pytest.raises(MibError, match=message):
        Mib.load(modules, dirs=require_test_mibs(), cache_dir=tmp_path / "empty")


def test_the_cache_is_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path / "mibs", "WIDGET", WIDGET_MIB.replace("{extra}", ""))
    dirs, cache = _dirs(tmp_path / "mibs"), tmp_path / "cache"
    first = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=dirs, cache_dir=cache)
    with pytest.raises(UnknownNameError):
        first.oid("widgetCount")
    path.write_text(WIDGET_MIB.replace("{extra}", WIDGET_COUNT))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=dirs, cache_dir=cache)
    assert second.oid("widgetCount.0") == "1.3.6.1.4.1.99999.2.0"
    assert second.node("widgetCount").units == "widgets"


#: A module below a root that another module defines, and that root (ours, for these tests).
LEAF_MIB = """\
ANYSNMP-LEAF-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        anysnmpRoot FROM ANYSNMP-ROOT-MIB;
leafValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value."
    ::= { anysnmpRoot 1 }
END
"""
ROOT_MIB = """\
ANYSNMP-ROOT-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
anysnmpRoot OBJECT IDENTIFIER ::= { enterprises 99997 }
END
"""


def _load_leaf(dirs: str, cache: Path) -> tuple[Mib, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(["ANYSNMP-LEAF-MIB"], dirs=dirs, cache_dir=cache)
    return mib, [str(warning.message) for warning in caught]


def test_a_module_compiles_again_when_a_missing_import_appears(tmp_path: Path) -> None:
    dirs, cache = _dirs(tmp_path / "mibs"), tmp_path / "cache"
    _write(tmp_path / "mibs", "leaf.mib", LEAF_MIB)
    first, warned = _load_leaf(dirs, cache)
    assert any("ANYSNMP-LEAF-MIB" in message for message in warned)
    with pytest.raises(UnknownNameError):  # the module loads, its one object unlinked
        first.oid("leafValue")
    root = _write(tmp_path / "mibs", "root.mib", ROOT_MIB)
    second, warned = _load_leaf(dirs, cache)
    assert warned == []
    assert second.oid("ANYSNMP-LEAF-MIB::leafValue.0") == "1.3.6.1.4.1.99997.1.0"
    # The import changes (same size, another mtime): the module follows it.
    root.write_text(ROOT_MIB.replace("99997", "99996"))
    stat = root.stat()
    os.utime(root, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    third, _ = _load_leaf(dirs, cache)
    assert third.oid("leafValue.0") == "1.3.6.1.4.1.99996.1.0"
    # It disappears again: the module is back to its warning, not to a stale record.
    root.unlink()
    fourth, warned = _load_leaf(dirs, cache)
    assert any("ANYSNMP-LEAF-MIB" in message for message in warned)
    with pytest.raises(UnknownNameError):
        fourth.oid("leafValue")


def test_the_last_folder_holding_a_module_wins_as_in_net_snmp(tmp_path: Path) -> None:
    _write(tmp_path / "first", "root.mib", ROOT_MIB)
    _write(tmp_path / "second", "root-copy.txt", ROOT_MIB.replace("99997", "99994"))
    dirs = f"{tmp_path / 'first'}:{tmp_path / 'second'}:{require_test_mibs()}"
    mib = Mib.load(["ANYSNMP-ROOT-MIB"], dirs=dirs, cache_dir=tmp_path / "cache")
    theirs = subprocess.run(
        [
            "snmptranslate",
            "-M",
            dirs,
            "-m",
            "ANYSNMP-ROOT-MIB",
            "-On",
            "ANYSNMP-ROOT-MIB::anysnmpRoot",
        ],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    )
    assert theirs.stdout == ".1.3.6.1.4.1.99994\n"
    assert "." + mib.oid("ANYSNMP-ROOT-MIB::anysnmpRoot") == theirs.stdout.strip()


def test_a_module_compiles_again_when_its_import_moves_to_another_folder(
    tmp_path: Path,
) -> None:
    dirs, cache = f"{_dirs(tmp_path / 'mibs')}:{tmp_path / 'later'}", tmp_path / "cache"
    _write(tmp_path / "mibs", "leaf.mib", LEAF_MIB)
    _write(tmp_path / "mibs", "root.mib", ROOT_MIB)
    assert _load_leaf(dirs, cache)[0].oid("leafValue") == "1.3.6.1.4.1.99997.1"
    _write(tmp_path / "later", "root.mib", ROOT_MIB.replace("99997", "99995"))  # it wins
    assert _load_leaf(dirs, cache)[0].oid("leafValue") == "1.3.6.1.4.1.99995.1"


def test_cached_modules_load_without_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs, cache = _dirs(tmp_path / "mibs"), tmp_path / "cache"
    _write(tmp_path / "mibs", "leaf.mib", LEAF_MIB)
    _write(tmp_path / "mibs", "root.mib", ROOT_MIB)
    _load_leaf(dirs, cache)
    monkeypatch.setitem(sys.modules, "pysmi", None)  # a compile would now raise MibError
    mib, warned = _load_leaf(dirs, cache)
    assert warned == [] and mib.oid("leafValue") == "1.3.6.1.4.1.99997.1"


def _node_facts(node: MibNode) -> tuple[object, ...]:
    """Everything a node says, its neighbours by OID."""
    slots = [
        getattr(node, name)
        for name in MibNode.__slots__
        if name not in ("augments", "children", "indexes", "parent")
    ]
    indexes = [(index.oid, index.base_type, implied) for index, implied in node.indexes or ()]
    augments = node.augments.oid if node.augments else None
    parent = node.parent.oid if node.parent else None
    return (*slots, node.indexes is None, indexes, augments, parent, list(node.children))


def _tree_facts(mib: Mib) -> tuple[object, ...]:
    tree, facts, pending = mib.tree, {}, [mib.tree.root]
    while pending:
        node = pending.pop()
        facts[node.oid] = _node_facts(node)
        pending.extend(node.children.values())
    return (
        facts,
        {label: [node.oid for node in nodes] for label, nodes in tree.by_label.items()},
        {m: {label: node.oid for label, node in n.items()} for m, n in tree.by_module.items()},
        list(tree.records.items()),  # in Net-SNMP's reading order (bare labels follow it)
        mib.modules,
    )


def test_a_load_is_kept_whole_and_restored_as_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "mibs"
    _write(own, "widget.txt", WIDGET_MIB.replace("{extra}", WIDGET_COUNT))
    dirs, cache = _dirs(own), tmp_path / "cache"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        built = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)

    def refuse(*args: object) -> None:
        raise AssertionError("a kept load reads no module's entry")

    monkeypatch.setattr(MibCache, "load", refuse)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        restored = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)
    assert _tree_facts(restored) == _tree_facts(built)
    assert restored.node("widgetCount").units == "widgets"
    assert restored.index('vacmGroupName.3."comm1"') == (3, b"comm1")
    # Names still load on demand, and loading adds to the restored tree.
    assert restored.oid("ANYSNMP-WIDGET-MIB::widgetName.0") == "1.3.6.1.4.1.99999.1.0"


def test_a_kept_load_is_not_used_once_a_folder_changes(tmp_path: Path, seeded_cache: Path) -> None:
    own = tmp_path / "mibs"
    dirs, cache = _dirs(own), seeded_cache
    _write(own, "README", "not a MIB\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        before = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)
        assert "ANYSNMP-WIDGET-MIB" not in before.modules
        # A file added: ALL now holds its module.
        widget = _write(own, "widget.txt", WIDGET_MIB.replace("{extra}", ""))
        added = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)
        assert "ANYSNMP-WIDGET-MIB" in added.modules
        with pytest.raises(UnknownNameError):
            added.oid("widgetCount")
        # A file changed in place (same name, new mtime): its new text is compiled.
        widget.write_text(WIDGET_MIB.replace("{extra}", WIDGET_COUNT))
        stat = widget.stat()
        os.utime(widget, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        changed = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)
        assert changed.oid("widgetCount.0") == "1.3.6.1.4.1.99999.2.0"
        # A file removed: its module is gone.
        widget.unlink()
        removed = Mib.load(("ALL",), dirs=dirs, cache_dir=cache)
    assert "ANYSNMP-WIDGET-MIB" not in removed.modules


def test_every_module_of_the_test_set_compiles(tmp_path: Path) -> None:
    # NET-SNMP-PASS-MIB uses Counter64 and Opaque without importing them, erlang-snmp's
    # RFC-1215 lacks its END: Net-SNMP reads both (RFC-1212's DisplayString FROM
    # RFC1158-MIB is RFC1213-MIB's for Net-SNMP, SNMPv2-TC's for pysmi: found).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(("ALL",), dirs=require_test_mibs(), cache_dir=tmp_path / "cache")
    # Net-SNMP says nothing of those, only of erlang-snmp's SNMP-COMMUNITY-MIB, whose
    # compliance names an object the module does not define.
    messages = [str(warning.message) for warning in caught]
    assert messages == netsnmp_stderr("snmptranslate", require_test_mibs(), "ALL", "-On", ".1")
    # With -Pw: the MACRO definitions read past, RFC1158-MIB's replacement for RFC-1212.
    _, warned = load_warned(require_test_mibs(), "ALL", tmp_path / "cache", parser_warnings=True)
    assert warned == netsnmp_stderr("snmptranslate", require_test_mibs(), "ALL", "-Pw", ".1")
    assert len(warned) == 14
    # With -PW: the strings it cuts short, the SYNTAX types it knows none of (SEQUENCE rows').
    _, detailed = load_warned(require_test_mibs(), "ALL", tmp_path / "cache", parser_warnings=2)
    lines = "\n".join(detailed).splitlines()  # a string cut short may hold line breaks
    assert lines == netsnmp_stderr("snmptranslate", require_test_mibs(), "ALL", "-PW", ".1")
    assert len(detailed) > len(warned) and set(warned) <= set(detailed)
    assert messages == [
        "Undefined OBJECT-GROUP (snmpCommunitySecurityLevel): At line 331 in "
        f"{TEST_MIBS}/erlang/SNMP-COMMUNITY-MIB.mib"
    ]
    files = [path for folder in MIB_FOLDERS for path in (TEST_MIBS / folder).iterdir()]
    assert set(mib.modules) == {head_of(str(path)).module for path in files}
    assert mib.node("NET-SNMP-PASS-MIB::netSnmpPassCounter64").base_type == "Counter64"
    assert mib.node("netSnmpPassInteger64").base_type == "Opaque"


def test_a_module_without_its_end_links_nothing_silently_as_in_net_snmp(tmp_path: Path) -> None:
    _write(tmp_path / "mibs", "widget", WIDGET_MIB.replace("{extra}", "").replace("\nEND\n", ""))
    dirs = _dirs(tmp_path / "mibs")
    mib, warned = load_warned(dirs, "ANYSNMP-WIDGET-MIB", tmp_path)
    assert warned == netsnmp_stderr("snmptranslate", dirs, "ANYSNMP-WIDGET-MIB", ".1") == []
    # Net-SNMP links a module's nodes at its END: none of these.
    assert netsnmp_stderr("snmptranslate", dirs, "ANYSNMP-WIDGET-MIB", "-IR", "widgetName.0") == [
        "Unknown object identifier: widgetName.0"
    ]
    with pytest.raises(UnknownNameError):
        mib.oid("widgetName.0")


def test_a_missing_import_is_named_in_the_warning(tmp_path: Path) -> None:
    _write(tmp_path / "mibs", "leaf.mib", LEAF_MIB)
    dirs, path = _dirs(tmp_path / "mibs"), tmp_path / "mibs" / "leaf.mib"
    _, warned = _load_leaf(dirs, tmp_path / "cache")
    assert warned == netsnmp_stderr("snmptranslate", dirs, "ANYSNMP-LEAF-MIB", ".1")
    assert warned == [
        f"MIB search path: {dirs}",
        f"Cannot find module (ANYSNMP-ROOT-MIB): At line 3 in {path}",
        f"Did not find 'anysnmpRoot' in module #-1 ({path})",
        "Unlinked OID in ANYSNMP-LEAF-MIB: leafValue ::= { anysnmpRoot 1 }",
        f"Undefined identifier: anysnmpRoot near line 5 of {path}",
        "Cannot adopt OID in ANYSNMP-LEAF-MIB: leafValue ::= { anysnmpRoot 1 }",
    ]


def test_the_default_cache_dir_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    Mib.load(["SNMPv2-SMI"], dirs=require_test_mibs())
    assert any((tmp_path / "anysnmp" / "mibs").iterdir())


def test_a_home_that_does_not_exist_is_not_made_for_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A service's HOME=/nonexistent: the load compiles, uncached, and makes no folder
    (as root it made /nonexistent/.cache/anysnmp/mibs)."""
    home = tmp_path / "nonexistent"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME")
    mib = Mib.load(["SNMPv2-SMI"], dirs=require_test_mibs())
    assert mib.oid("SNMPv2-SMI::enterprises") == "1.3.6.1.4.1"
    assert not home.exists()
    home.mkdir()  # a home that exists gets its cache
    Mib.load(["SNMPv2-SMI"], dirs=require_test_mibs())
    assert any((home / ".cache" / "anysnmp" / "mibs").iterdir())


def test_broken_modules_warn_and_never_stop_the_others(tmp_path: Path) -> None:
    own = tmp_path / "mibs"
    _write(own, "broken.mib", BROKEN_IMPORT_MIB)
    _write(own, "garbage.txt", GARBAGE_MIB)
    _write(own, "widget.txt", WIDGET_MIB.replace("{extra}", ""))
    _write(own, "README", "not a MIB at all\n")
    # Without the IETF folder, UCD-SNMP-MIB is a real-world module with a missing import.
    dirs = ":".join([str(own), *(str(TEST_MIBS / folder) for folder in MIB_FOLDERS[:3])])
    mib, warned = load_warned(dirs, "ALL", tmp_path / "cache")
    assert warned == netsnmp_stderr("snmptranslate", dirs, "ALL", ".1")
    messages = "\n".join(warned)
    assert f"Bad operator (is): At line 2 in {own}/garbage.txt" in warned
    assert "Cannot find module (ANYSNMP-NOWHERE-MIB)" in messages
    assert "Cannot find module (HCNUM-TC)" in messages
    # What could load did: the broken module's nodes, UCD-SNMP-MIB, everything else.
    assert mib.oid("brokenValue.0") == "1.3.6.1.4.1.99998.1.0"
    assert mib.node("brokenValue").base_type is None
    assert mib.name("1.3.6.1.4.1.2021.4.5.0") == "UCD-SNMP-MIB::memTotalReal.0"
    assert mib.oid("widgetName.0") == "1.3.6.1.4.1.99999.1.0"
    assert "IF-MIB" in mib.modules
    # Loading again (from the cache) warns again.
    with pytest.warns(MibWarning) as again:
        Mib.load(("ALL",), dirs=dirs, cache_dir=tmp_path / "cache")
    assert [str(warning.message) for warning in again] == messages.split("\n")


def test_a_missing_module_warns_as_net_snmp_does(tmp_path: Path) -> None:
    dirs = require_test_mibs()
    mib, warned = load_warned(dirs, "NO-SUCH-MIB:IF-MIB", tmp_path)
    assert warned == netsnmp_stderr("snmptranslate", dirs, "NO-SUCH-MIB:IF-MIB", ".1")
    assert warned == [
        f"MIB search path: {dirs}",
        "Cannot find module (NO-SUCH-MIB): At line 1 in (none)",
    ]
    assert "IF-MIB" in mib.modules


def test_warnings_point_at_the_callers_line(tmp_path: Path) -> None:
    """Not at the package's own: Mib.load's, a lookup's, a session's (a module on demand)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(["NO-SUCH-MIB"], dirs=require_test_mibs(), cache_dir=tmp_path)
        with pytest.raises(UnknownNameError):
            mib.oid("OTHER-MIB::x")
        with pytest.raises(UnknownNameError), anysnmp.sync.SnmpSession("127.0.0.1", mib=mib) as s:
            s.get("THIRD-MIB::x.0")
    assert [(w.filename, str(w.message).split(" (")[0]) for w in caught] == [
        (__file__, "MIB search path: " + require_test_mibs()),
        (__file__, "Cannot find module"),
        (__file__, "Cannot find module"),
        (__file__, "Cannot find module"),
    ]


#: Files of a MIB folder (name: text), each case a folder Net-SNMP scans: its line counter
#: stays where reading the last file's first two tokens stopped, and 'Cannot find module'
#: messages of no file give that line.
SCANNED = {
    "empty": {},
    "module-first": {"A-MIB.txt": "A-MIB DEFINITIONS ::= BEGIN\nEND\n"},
    "comments-first": {"a.txt": "-- one\n-- two -- x\n\nA-MIB\n\n DEFINITIONS ::= BEGIN\nEND\n"},
    "one-word": {"a.txt": "MIB-A DEFINITIONS ::= BEGIN\nEND\n", "b.txt": "hello\n"},
    "a-number-first": {"b": "\n\n123\nfoo\n"},
    "a-quote-first": {"q.mib": '"two\nlines"\nX DEFINITIONS\n'},
    "binary": {"c.bin": "\x7fELF\x02\x01\n\n\x00"},
    "editor-files-skipped": {"a.txt": "x\n\n\ny\n", "z.txt~": "\n\n\n", "#z#": "\n\n"},
}


@pytest.mark.parametrize("files", SCANNED.values(), ids=SCANNED)
def test_a_missing_modules_line_is_where_net_snmps_scan_stopped(
    tmp_path: Path, files: dict[str, str]
) -> None:
    folder = tmp_path / "mibs"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="latin-1")
    for modules, args in (("NO-SUCH-MIB", [".1"]), ("", ["OTHER-MIB::x"])):  # on demand too
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MibWarning)
            mib = Mib.load(modules, dirs=str(folder), cache_dir=tmp_path / "cache")
            if modules == "":
                with pytest.raises(UnknownNameError):
                    mib.oid(args[0])
        said = [str(warning.message) for warning in caught]
        theirs = netsnmp_stderr("snmptranslate", str(folder), modules, *args)
        assert said == [line for line in theirs if "Cannot find" in line or "MIB search" in line]
        assert said[-1].startswith("Cannot find module")


def test_module_names_load_on_demand(tmp_path: Path) -> None:
    mib = Mib.load(["SNMPv2-MIB"], dirs=require_test_mibs(), cache_dir=tmp_path)
    assert "IF-MIB" not in mib.modules
    assert mib.oid("IF-MIB::ifDescr.1") == "1.3.6.1.2.1.2.2.1.2.1"
    assert "IF-MIB" in mib.modules
    assert mib.name("1.3.6.1.2.1.2.2.1.2.1") == "IF-MIB::ifDescr.1"


def test_mibs_and_mibdirs_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIBDIRS", require_test_mibs())
    monkeypatch.setenv("MIBS", "IF-MIB:SNMP-FRAMEWORK-MIB")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mib = Mib.load(None, cache_dir=tmp_path)
    assert {"IF-MIB", "SNMP-FRAMEWORK-MIB"} <= set(mib.modules)
    assert "UCD-SNMP-MIB" not in mib.modules


def test_search_path_and_module_list_syntax(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIBDIRS", raising=False)
    monkeypatch.delenv("MIBS", raising=False)
    home = str(Path("~/.snmp/mibs").expanduser())
    assert default_dirs()[:4] == [
        home,
        "/usr/share/snmp/mibs",
        "/usr/share/snmp/mibs/iana",
        "/usr/share/snmp/mibs/ietf",
    ]
    assert resolve_dirs(None) == default_dirs()
    assert resolve_dirs("/a:/b") == ["/a", "/b"]
    assert resolve_dirs(["/a", "/b"]) == ["/a", "/b"]
    assert resolve_dirs("+/a:/b") == [*default_dirs(), "/a", "/b"]
    assert resolve_dirs("-/a:/b") == ["/a", "/b", *default_dirs()]  # as MIBDIRS=-X
    monkeypatch.setenv("MIBDIRS", "/x")
    assert resolve_dirs(None) == ["/x"]
    assert resolve_modules(None) == list(DEFAULT_MODULES)
    assert resolve_modules("ALL") == ["ALL"]
    assert resolve_modules("A:B") == ["A", "B"]
    assert resolve_modules(["A", "B"]) == ["A", "B"]
    assert resolve_modules("+A") == [*DEFAULT_MODULES, "A"]
    assert resolve_modules("-A:B") == ["A", "B", *DEFAULT_MODULES]  # MIBS=-X: X first
    assert resolve_modules("-") == resolve_modules("+") == list(DEFAULT_MODULES)
    monkeypatch.setenv("MIBS", "+Z")
    assert resolve_modules(None) == [*DEFAULT_MODULES, "Z"]


@pytest.mark.parametrize("modules", ["+STANDARD-MIB", "-STANDARD-MIB"])
def test_a_list_before_or_after_the_default_one_is_read_as_net_snmp_reads_it(
    seeded_cache: Path, modules: str
) -> None:
    """coldStart is STANDARD-MIB's when it is read last (+), SNMPv2-MIB's when it is read
    first (-: the default list after it), as snmptranslate -IR finds the label."""
    dirs = require_test_mibs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=seeded_cache)
    theirs = subprocess.run(
        [require_tool("snmptranslate"), "-M", dirs, "-m", modules, "-On", "-IR", "coldStart"],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    ).stdout.strip()
    assert "." + mib.oid("coldStart") == theirs
    assert theirs == (".1.3.6.1.2.1.11.0.0" if modules[0] == "+" else ".1.3.6.1.6.3.1.1.5.1")


def test_the_test_mib_set_is_fetched_not_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--", "*.mib", "*-MIB.txt", "*-MIB"],
        capture_output=True,
        text=True,
        check=True,
        cwd=TEST_MIBS.parents[1],
    ).stdout
    assert tracked == ""
    assert (TEST_MIBS / "npm" / "IF-MIB.mib").exists()
    assert (TEST_MIBS / "erlang" / "SNMP-FRAMEWORK-MIB.mib").exists()
    assert (TEST_MIBS / "netsnmp" / "NET-SNMP-MIB.txt").exists()
    assert (TEST_MIBS / "ietf" / "HOST-RESOURCES-MIB.txt").exists()


def test_the_ietf_modules_load_cleanly_in_both(tmp_path: Path) -> None:
    """snmp-mibs-downloader's modules, cut from the RFCs: no warning from us or Net-SNMP."""
    ietf = sorted(path.stem for path in (TEST_MIBS / "ietf").iterdir())
    assert {"HOST-RESOURCES-MIB", "IP-MIB", "TCP-MIB", "UDP-MIB", "HCNUM-TC"} <= set(ietf)
    dirs = require_test_mibs()
    with warnings.catch_warnings():
        warnings.simplefilter("error", MibWarning)
        mib = Mib.load(tuple(ietf), dirs=dirs, cache_dir=tmp_path)
    assert mib.name("1.3.6.1.2.1.25.1.2.0") == "HOST-RESOURCES-MIB::hrSystemDate.0"
    assert mib.node("hrStorageSize").syntax == "Integer32"
    translated = subprocess.run(
        [require_tool("snmptranslate"), "-M", dirs, "-m", ":".join(ietf), ".1.3.6.1.2.1.25.1.2.0"],
        capture_output=True,
        text=True,
        check=False,
        env=MIB_TOOL_ENV,
    )
    assert (translated.stdout, translated.stderr) == ("HOST-RESOURCES-MIB::hrSystemDate.0\n", "")


def test_past_its_size_the_cache_drops_the_least_recently_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    names = ["set-00000001", "mib-00000002", "dir-00000003", "mib-00000004.7.tmp"]
    for days, name in enumerate(names):  # used 0, 1, 2 and 3 days ago
        (tmp_path / name).write_bytes(bytes(100))
        os.utime(tmp_path / name, (now - days * 86_400,) * 2)
    (tmp_path / "notes.txt").write_bytes(bytes(1000))  # not an entry: never removed
    os.utime(tmp_path / "notes.txt", (now - 99 * 86_400,) * 2)
    monkeypatch.setattr(_cache, "MAX_BYTES", 250)
    MibCache(tmp_path).prune()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*names[:2], "notes.txt"])
    monkeypatch.setattr(_cache, "MAX_BYTES", 200)
    MibCache(tmp_path).prune()  # within the size: nothing more goes
    assert len(list(tmp_path.iterdir())) == 3


def test_a_load_marks_the_entries_it_reads_used_and_prunes_when_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _write(tmp_path / "a", "widgets.my", WIDGET_MIB.replace("{extra}", ""))
    Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(tmp_path / "a"), cache_dir=cache)
    first = {path.name for path in cache.iterdir()}
    week_ago = time.time() - 7 * 86_400
    for name in first:
        os.utime(cache / name, (week_ago, week_ago))
    Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(tmp_path / "a"), cache_dir=cache)
    marked = {path.name for path in cache.iterdir() if path.stat().st_mtime > week_ago + 86_400}
    assert marked and {name[:4] for name in marked} == {"set-"}  # the whole load, read whole
    # A load that compiles writes, and its first write makes room: with no room at all,
    # every older entry goes (those this load reads again are written again); the load
    # itself is whole.
    monkeypatch.setattr(_cache, "MAX_BYTES", 0)
    _write(tmp_path / "b", "leaf.mib", LEAF_MIB)
    _write(tmp_path / "b", "root.mib", ROOT_MIB)
    mib, _ = _load_leaf(_dirs(tmp_path / "b"), cache)
    assert mib.oid("leafValue") == "1.3.6.1.4.1.99997.1"
    assert not marked & {path.name for path in cache.iterdir()}


def test_the_grammar_s_parser_is_kept_in_the_cache_and_loaded_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the parser of pysmi's grammar costs each compiling process ~0.7 s of CPU:
    its tables are kept in the cache (marshal data, never a pickle), and a process with
    modules to compile loads them; an entry that does not load is built again."""
    import lark

    from anysnmp._mib import _compile

    mibs, cache = tmp_path / "mibs", tmp_path / "cache"
    widget = _write(mibs, "widgets.my", WIDGET_MIB.replace("{extra}", ""))
    monkeypatch.setattr(_compile, "_parsers", {})  # as in a new process
    Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(mibs), cache_dir=cache)
    [entry] = cache.glob("lark-*")
    _, key, _ = marshal.loads(entry.read_bytes()[4:])

    def never_built(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser was built, not loaded")

    widget.write_text(WIDGET_MIB.replace("{extra}", WIDGET_COUNT))  # compiled again
    with monkeypatch.context() as patched:
        patched.setattr(_compile, "_parsers", {})
        patched.setattr(lark.Lark, "__init__", never_built)
        mib = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(mibs), cache_dir=cache)
    assert mib.node("widgetCount").units == "widgets"

    MibCache(cache).store_parser(key, ({"rules": "damaged"}, {}))
    widget.write_text(WIDGET_MIB.replace("{extra}", ""))
    monkeypatch.setattr(_compile, "_parsers", {})
    mib = Mib.load(["ANYSNMP-WIDGET-MIB"], dirs=_dirs(mibs), cache_dir=cache)
    assert mib.oid("ANYSNMP-WIDGET-MIB::widgetName.0") == "1.3.6.1.4.1.99999.1.0"
    with pytest.raises(UnknownNameError):
        mib.node("widgetCount")
    assert len(marshal.loads(entry.read_bytes()[4:])[2][0]) > 1  # built and kept again


def test_a_module_named_with_a_digit_first_loads_as_net_snmp_loads_it(tmp_path: Path) -> None:
    """``3COM-TEST-MIB`` and its user's labels (``4value``): names in and out, as
    snmptranslate reads them, compiled and then from the cache. Before, the module did
    not load, and nothing said so."""
    dirs = broken_mib_dirs(tmp_path, **{"3com.mib": DIGIT_MIB, "4x.mib": DIGIT_USER_MIB})
    for _ in range(2):
        mib, warned = load_warned(dirs, "4X-MIB", tmp_path / "cache")
        assert warned == netsnmp_stderr("snmptranslate", dirs, "4X-MIB", ".1") == []
        assert {"3COM-TEST-MIB", "4X-MIB"} <= set(mib.modules)
        for name in ("3COM-TEST-MIB::a3com", "4X-MIB::4value.3", "4y"):
            assert "." + mib.oid(name) == snmptranslate(dirs, "4X-MIB", "-IR", "-On", name)
        assert mib.name("1.3.6.1.4.1.43.7.1.1.1.2.3") == "4X-MIB::4value.3"
        assert mib.name("1.3.6.1.4.1.43") == "3COM-TEST-MIB::a3com"
