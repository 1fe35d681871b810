"""A load restored whole from the cache, then a module loaded on demand (``MODULE::name``):
what it prints is the cold run's and snmptranslate's, the second run (from the cache) too.
The modules are written at test time (tests/broken_mibs.py); each test has its own cache."""

from __future__ import annotations

import os
import subprocess
import warnings
from pathlib import Path

import forked_cli
import pytest
from broken_mibs import (
    ADOPTIVE_MIB,
    LEANING_MIB,
    LOST_IMPORT_MIB,
    ORPHAN_MIB,
    PARTS_MIB,
    TYPO_MIB,
    broken_mib_dirs,
)
from cli_helpers import ANYSNMP, ENV, run, running
from mib_helpers import MIB_TOOL_ENV
from peers import require_tool
from test_cli_mib_imports import TEXTS as IMPORTS_TEXTS

from anysnmp import Mib, MibWarning, UnknownNameError

#: The arcs 3 6 1 4 1 written as numbers though SNMPv2-SMI names them: Net-SNMP's
#: anonymous#N counter counts them (0 to 4) with no anonymous#N label kept.
COUNTED_MIB = """\
CACHED-COUNTED-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
cachedCounted OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99950 }
END
"""

#: Loaded on demand: its unnamed arcs 99951 and 7 are anonymous#5 and anonymous#6.
LATER_MIB = """\
CACHED-LATER-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
cachedLater OBJECT IDENTIFIER ::= { enterprises 99951 7 8 }
END
"""

TEXTS = {
    "counted.mib": COUNTED_MIB,
    "later.mib": LATER_MIB,
    "parts.mib": PARTS_MIB,
    "typo.mib": TYPO_MIB,
    "leaning.mib": LEANING_MIB,
    "orphan.mib": ORPHAN_MIB,
    "lost.mib": LOST_IMPORT_MIB,
    "adoptive.mib": ADOPTIVE_MIB,
    **IMPORTS_TEXTS,
}


def _run(command: list[str], cache: Path) -> tuple[int, str, list[str]]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    done = forked_cli.run(command, capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr.splitlines()


@pytest.mark.parametrize(
    ("modules", "args"),
    [
        ("CACHED-COUNTED-MIB", ["-IR", "CACHED-LATER-MIB::cachedLater", "anonymous#5"]),
        ("CACHED-COUNTED-MIB", ["-IR", "CACHED-LATER-MIB::cachedLater", "anonymous#0"]),
        ("CACHED-COUNTED-MIB", ["-Tp", "CACHED-LATER-MIB::cachedLater", "-IR", "anonymous#5"]),
        # MODULE::anonymous#N, of a load restored and of a module loaded on demand after it
        (
            "CACHED-LATER-MIB",
            ["-On", "CACHED-LATER-MIB::anonymous#1.8", "CACHED-LATER-MIB::anonymous#0"],
        ),
        (
            "CACHED-COUNTED-MIB",
            ["CACHED-LATER-MIB::cachedLater", "CACHED-LATER-MIB::anonymous#6.8"],
        ),
        ("IMPORTS-SPELLING-MIB", ["IMPORTS-USER-MIB::user"]),
        ("IMPORTS-SPELLING-MIB", ["-Pw", "-On", "IMPORTS-USER-MIB::user"]),
        ("IMPORTS-SPELLING-MIB", ["BROKEN-PARTS-MIB::partGood", "BROKEN-PARTS-MIB::partLast"]),
        ("IMPORTS-SPELLING-MIB", ["-Pw", "-Td", "BROKEN-PARTS-MIB::partUnimportedType"]),
        ("BROKEN-LEANING-MIB", ["BROKEN-TYPO-MIB::typoBefore", "BROKEN-LEANING-MIB::leaning"]),
        ("BROKEN-PARTS-MIB", ["BROKEN-LOST-MIB::lostLeaf", "BROKEN-PARTS-MIB::partGood"]),
        ("BROKEN-ORPHAN-MIB", ["-On", "BROKEN-LOST-MIB::lostLeaf", "ADOPTIVE-MIB::adoptiveRoot"]),
    ],
)
def test_a_module_loaded_on_demand_after_a_cached_load(
    tmp_path: Path, modules: str, args: list[str]
) -> None:
    """Run cold (an empty cache), then warm (the load restored whole): both as snmptranslate."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    command = ["-M", dirs, "-m", modules, *args]
    done = subprocess.run(
        ["snmptranslate", *command], capture_output=True, text=True, env=MIB_TOOL_ENV
    )
    theirs = (done.returncode, done.stdout, done.stderr.splitlines())
    cold, warm = (_run([*ANYSNMP, "translate", *command], tmp_path / "cache") for _ in "cw")
    assert cold == theirs
    assert warm == theirs


@pytest.mark.parametrize(
    ("modules", "name", "arc"),
    [
        ("CACHED-COUNTED-MIB", "CACHED-LATER-MIB::cachedLater", "1.3.6.1.4.1.99951"),
        ("IMPORTS-SPELLING-MIB", "IMPORTS-USER-MIB::user", "1.3.6.1.2.1.9956"),
        ("IMPORTS-SPELLING-MIB", "BROKEN-PARTS-MIB::partLast", "1.3.6.1.4.1.99980"),
        ("BROKEN-LEANING-MIB", "BROKEN-LEANING-MIB::leaning", "1.3.6.1.4.1.99986"),
        ("ADOPTIVE-MIB", "BROKEN-ORPHAN-MIB::orphans", "1.3.6.1.4.1.99984"),
        ("BROKEN-PARTS-MIB", "BROKEN-LOST-MIB::lostLeaf", "1.3.6.1.4.1.99980"),
    ],
)
def test_mib_load_from_the_cache_then_a_module_on_demand(
    tmp_path: Path, modules: str, name: str, arc: str
) -> None:
    """`Mib.load` restored from the cache, then a name of another module: the same OID (or
    error), nodes and warnings (the search path said once) as the cold load's."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    seen = []
    for _ in "cw":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", MibWarning)
            mib = Mib.load(modules, dirs=dirs, cache_dir=tmp_path / "cache", parser_warnings=2)
            try:
                oid = mib.oid(name)
                found: object = (oid, mib.name(oid))
            except UnknownNameError as error:  # BROKEN-LOST-MIB's, below a parent not found
                found = str(error)
        node = mib.node(arc)
        said = [str(warning.message) for warning in caught]
        seen.append((found, (node.name, node.module), said, mib.modules))
    assert seen[1] == seen[0]


def test_walk_and_get_name_a_module_loaded_on_demand_as_snmpwalk(tmp_path: Path) -> None:
    """walk and get of a module's OIDs loaded on demand (``-m IF-MIB UCD-SNMP-MIB::...``,
    ``CACHED-LATER-MIB::...`` after the counted arcs): cold, then warm, as snmpwalk/snmpget."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    records = tmp_path / "demand.snmprec"
    records.write_text(
        "1.3.6.1.4.1.2021.4.5.0|2|1024\n"
        "1.3.6.1.4.1.2021.4.6.0|2|512\n"
        "1.3.6.1.4.1.99951.7.8.1.0|2|7\n"
        "1.3.6.1.4.1.99951.7.9.0|4|aside\n"
    )
    env = {**ENV, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    commands = [
        ("walk", "snmpwalk", "IF-MIB", ["UCD-SNMP-MIB::memory"]),
        ("get", "snmpget", "IF-MIB", ["UCD-SNMP-MIB::memTotalReal.0", ".1.3.6.1.4.1.2021.4.6.0"]),
        ("walk", "snmpwalk", "CACHED-COUNTED-MIB", ["CACHED-LATER-MIB::cachedLater"]),
        ("walk", "snmpwalk", "CACHED-COUNTED-MIB", ["-Of", "CACHED-LATER-MIB::cachedLater"]),
    ]
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        for ours, tool, modules, args in commands:
            command = ["-v2c", "-c", "public", "-M", dirs, "-m", modules, addr, *args]
            theirs = run([require_tool(tool), *command])
            assert theirs.rc == 0 and "=" in theirs.out
            for _ in "cw":
                assert run([*ANYSNMP, ours, *command], env) == theirs
