"""Random and hostile values of every MIB object, printed by anysnmp as Net-SNMP prints them.

Devices send what they send. A recording made from a fixed seed (`value_sweep.records`)
holds, for every scalar and column of the test MIB set and of a module of ours with the
syntaxes and DISPLAY-HINTs the set lacks (`value_sweep.sweep_mib`: ``d-2``, ``x`` and ``o``
integers, ``1a``, ``*1x:/1x:``, ``0a[...]``, ``8d``, BITS...), values of its type (random ones,
the edges, strings that are not UTF-8 or end in NULs, enum numbers not listed, Opaque
floats and 64-bit integers), one of another type, at instances valid and invalid for its
INDEX (too short, too long, a string's length past the end, arcs past 255). Our agent
serves it; ``anysnmp walk``/``bulkwalk`` and Net-SNMP's tools, given the same MIBs and
``-O`` flags, must print the same bytes.

Left out, as Net-SNMP's output there is not its own (docs/mibs.md): a DISPLAY-HINT number
cut short by the value's end past its 40th octet or in a -OX index (Net-SNMP reads the
memory past the end), Opaque floats of a wrong length (Net-SNMP drops the whole
response) and BITS labels listed out of numeric order (pysmi keeps them sorted).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import forked_cli
import pytest
from cli_helpers import ANYSNMP, ENV, start_agent
from mib_helpers import all_nodes, require_test_mibs
from netsnmpd import stop_process
from peers import require_tool
from value_sweep import SWEEP_MODULE, records, sweep_mib

from anysnmp import Mib
from anysnmp._mib._names import indexes_above

#: The recording's seed: the same values at every run.
SEED = 2

#: -O flag sets compared: each OID form and value form alone, then combinations.
FLAGS: tuple[str, ...] = ("", "e", "x", "a", "b", "q", "Q", "v", "s", "f", "n", "U", "t")
FLAGS += ("X", "T", "u", "0", "E", "qs", "Xs", "XE", "Tq", "Ev", "Xu", "Xq")


@pytest.fixture(scope="module")
def mib_dirs(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test MIB set and our module's folder, in Net-SNMP's -M syntax."""
    folder = tmp_path_factory.mktemp("sweep-mibs")
    (folder / f"{SWEEP_MODULE}.txt").write_text(sweep_mib())
    return f"{folder}:{require_test_mibs()}"


@pytest.fixture(scope="module")
def sweep(
    mib: Mib, mib_dirs: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, int]]:
    """Our agent serving the recording: its address and the recording's number of records."""
    ours = Mib.load((SWEEP_MODULE,), dirs=mib_dirs, cache_dir=tmp_path_factory.mktemp("cache"))
    objects = []
    for loaded in (mib, ours):
        nodes = [node for node in all_nodes(loaded) if node.kind in ("scalar", "column")]
        objects += [(node, indexes_above(loaded.tree, node)) for node in nodes]
    oids = [node.oid for node in all_nodes(mib)]
    lines = records(objects, SEED, oids)
    path = tmp_path_factory.mktemp("sweep") / "sweep.snmprec"
    path.write_text("\n".join(lines) + "\n")
    proc, address = start_agent(str(path))
    try:
        yield address, len(lines)
    finally:
        stop_process(proc)


#: Python's stdout as a UTF-8 locale such as en_US.UTF-8 makes it: it refuses what is not text.
UTF8_ENV = {**ENV, "PYTHONIOENCODING": "utf-8:strict"}


def _outputs(ours: str, tool: str, args: list[str]) -> tuple[bytes, bytes]:
    """The stdouts of ``anysnmp OURS ARGS`` and Net-SNMP's `tool` with ARGS (both succeed)."""
    done = [
        forked_cli.run(command, capture_output=True, env=UTF8_ENV, timeout=120, check=False)
        for command in ([*ANYSNMP, ours, *args], [require_tool(tool), *args])
    ]
    assert [d.returncode for d in done] == [0, 0], [d.stderr[-500:] for d in done]
    return done[0].stdout, done[1].stdout


def _differences(mine: bytes, theirs: bytes) -> list[tuple[bytes, bytes]]:
    """The first lines that differ, side by side (ours, Net-SNMP's)."""
    pairs = zip(mine.splitlines(), theirs.splitlines(), strict=False)
    return [(a, b) for a, b in pairs if a != b][:5]


@pytest.mark.parametrize("flags", FLAGS)
def test_random_values_print_as_snmpbulkwalk_prints_them(
    sweep: tuple[str, int], mib_dirs: str, flags: str
) -> None:
    address, count = sweep
    options = [f"-O{flags}"] if flags else []
    args = ["-v2c", "-c", "public", "-M", mib_dirs, "-m", "ALL", *options, address]
    mine, theirs = _outputs("bulkwalk", "snmpbulkwalk", [*args, ".1"])
    assert mine == theirs, _differences(mine, theirs)
    assert len(theirs.splitlines()) >= count


@pytest.mark.parametrize(("version", "flags"), [("1", ""), ("2c", "X")])
def test_random_values_print_as_snmpwalk_prints_them(
    sweep: tuple[str, int], mib_dirs: str, version: str, flags: str
) -> None:
    """GETNEXT walks of the ip group and of our module, in v1 and v2c."""
    address, _ = sweep
    args = [f"-v{version}", "-c", "public", "-M", mib_dirs, "-m", "ALL"]
    args += [f"-O{flags}"] if flags else []
    for root, least in ((".1.3.6.1.2.1.4", 1000), (".1.3.6.1.3.9916", 200)):
        mine, theirs = _outputs("walk", "snmpwalk", [*args, address, root])
        assert mine == theirs, _differences(mine, theirs)
        assert len(theirs.splitlines()) > least


#: Tables of the recording read by snmptable: its rows are their index texts, so indexes
#: that print alike (strings of unprintable octets) stop it ("OID not increasing").
TABLES = (
    ("IF-MIB::ifTable", ["-Ci"]),
    ("RFC1213-MIB::ipRouteTable", ["-Cb", "-Ci", "-OX"]),
    ("HOST-RESOURCES-MIB::hrStorageTable", ["-Cf", "|"]),
    ("SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable", ["-Ci"]),
    ("SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable", ["-CB", "-Ci"]),
    ("SNMP-TARGET-MIB::snmpTargetAddrTable", ["-Ci"]),  # it stops there
    ("SNMP-TARGET-MIB::snmpTargetAddrTable", ["-Os", "-Cb"]),
    ("SNMP-TARGET-MIB::snmpTargetAddrTable", ["-CB"]),
    ("MTA-MIB::mtaGroupTable", ["-Cf", "|"]),  # columns in the MIB's order: 18, 34, 19...
    ("MTA-MIB::mtaGroupTable", ["-CB", "-Cf", "|"]),
    # OID indexes; a column's own OID in the recording stops snmptable's read there.
    ("UCD-SNMP-MIB::mrTable", ["-Ci"]),
    ("NET-SNMP-AGENT-MIB::nsCacheTable", ["-Ci", "-Cb"]),
    # -OX: the rows are the index texts from the "[" on; indexes alike stop it too.
    ("NET-SNMP-AGENT-MIB::nsCacheTable", ["-Ci", "-OX"]),
    ("SNMP-COMMUNITY-MIB::snmpCommunityTable", ["-OX"]),
    ("SNMP-VIEW-BASED-ACM-MIB::vacmViewTreeFamilyTable", ["-Ci", "-OXf"]),
    # Indexes of two columns that print alike (`[STRING: .]` of other octets) fill one row.
    ("SNMP-TARGET-MIB::snmpTargetParamsTable", ["-Ci", "-OX"]),
    # -CB: a row whose -OX name snmptable gives up printing (an OID index of no known root)
    # has no cells and the index it never set: "(null)" (the 7 other tables of the recording
    # with such a row crash snmptable -CB -Ci -OX: it prints an index of earlier garbage).
    ("NET-SNMP-AGENT-MIB::nsModuleTable", ["-CB", "-Ci", "-OX"]),
    ("SMUX-MIB::smuxTreeTable", ["-CB", "-OX"]),
    *((f"{SWEEP_MODULE}::h16Table{t}", ["-Ci"]) for t in range(2, 6)),
    *((f"{SWEEP_MODULE}::h16Table{t}", ["-Ci", "-OX"]) for t in range(2, 6)),
)


@pytest.mark.parametrize(("table", "options"), TABLES)
def test_random_values_print_as_snmptable_prints_them(
    sweep: tuple[str, int], mib_dirs: str, table: str, options: list[str]
) -> None:
    address, _ = sweep
    args = ["-v2c", "-c", "public", "-M", mib_dirs, "-m", "ALL", *options, address, table]
    done = [
        forked_cli.run(command, capture_output=True, env=UTF8_ENV, timeout=120, check=False)
        for command in ([*ANYSNMP, "table", *args], [require_tool("snmptable"), *args])
    ]
    mine, theirs = done
    assert (mine.returncode, mine.stdout) == (theirs.returncode, theirs.stdout)
    stops = [d.stderr.decode(errors="replace").splitlines()[-1:] for d in done]
    if theirs.returncode:
        assert stops[0] == stops[1]


def test_json_texts_stay_utf8_where_lines_give_the_octets(
    sweep: tuple[str, int], mib_dirs: str
) -> None:
    """``--json``: a DisplayString that is not UTF-8 has U+FFFD in its ``text`` (the lines
    print its octets, as Net-SNMP's): every object is valid UTF-8 JSON."""
    address, _ = sweep
    args = ["-v2c", "-c", "public", "-M", mib_dirs, "-m", "ALL", address, ".1.3.6.1.2.1.1"]
    done = forked_cli.run(
        [*ANYSNMP, "bulkwalk", "--json", *args], capture_output=True, env=UTF8_ENV, check=True
    )
    items = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    texts = [item["text"] for item in items if item["type"] == "OCTET STRING"]
    assert any("\ufffd" in text for text in texts)
    lines, _ = _outputs("bulkwalk", "snmpbulkwalk", args)
    assert b"\xff" in lines  # the same values, as their octets
