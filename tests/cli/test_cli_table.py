"""`anysnmp table`: snmptable's grid, -C options and errors, byte for byte.

Our agent serves the bundled demo device (static values) so that anysnmp and
snmptable print the very same cells; the private snmpd serves tables with
string indexes (VACM).
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import anyio.to_thread
import pytest
from cli_helpers import (
    Result,
    anysnmp,
    run_anysnmp,
    run_netsnmp,
    run_netsnmp_tool,
    running,
)
from mib_helpers import require_test_mibs
from peers import Snmpd
from scripted import Request, ScriptedAgent, scripted_agent

from anysnmp._types import Tag
from anysnmp.cli._options import join_split_flags, parse_c_flags
from anysnmp.cli._table import Layout, grid_chunks
from anysnmp.cli._usage import UsageScreen

DEMO = str(files("anysnmp") / "data" / "demo.snmprec")


def _snmptable(*args: str) -> Result:
    return run_netsnmp_tool("snmptable", *args)


def _mibs() -> list[str]:
    return ["-M", require_test_mibs(), "-m", "ALL"]


def _both_of_recording(tmp_path: Path, records: str, args: list[str], table: str) -> str:
    """`anysnmp table` and snmptable with `args`, of `table` that our agent serves from a
    recording of `records`: both succeed with the same output, returned."""
    recording = tmp_path / "table.snmprec"
    recording.write_text(records)
    with running("agent", "--listen", "127.0.0.1:0", str(recording)) as addr:
        ours = run_anysnmp("table", *args, addr, table)
        theirs = _snmptable(*args, addr, table)
    assert (ours.rc, theirs.rc) == (0, 0), ours.err
    assert ours.out == theirs.out
    return ours.out


@pytest.mark.parametrize(
    ("table", "options"),
    [
        ("IF-MIB::ifTable", []),
        ("IF-MIB::ifTable", ["-Ci", "-Cw", "60", "-CH"]),
        ("IF-MIB::ifTable", ["-Cb", "-Cl", "-Cw", "100", "-Cr", "3"]),
        ("SNMPv2-MIB::sysORTable", ["-Ci", "-Cf", ","]),
        ("SNMPv2-MIB::sysORTable", ["-Cb", "-Ci", "-Cf", "|", "-CH"]),
        ("SNMPv2-MIB::sysORTable", ["-Ci", "-Cl", "-Ob"]),
        ("1.3.6.1.2.1.1.9", ["-Cw", "50", "-Of"]),
        # -Cc: fixed-width cells cut to WIDTH - 1, "index: ..." lines, -Cw wraps, -Cf ignored.
        ("IF-MIB::ifTable", ["-Cc", "8"]),
        ("IF-MIB::ifTable", ["-Cc", "12", "-Ci", "-Cl", "-Cf", ","]),
        ("IF-MIB::ifTable", ["-Cci", "10", "-Cw", "45", "-Cb"]),
        ("IF-MIB::ifTable", ["-Cc", "3", "-CH", "-Ci", "-Cw", "2"]),
        ("SNMPv2-MIB::sysORTable", ["-Cc", "9", "-Cl", "-CH", "-Cw", "40"]),
        ("SNMPv2-MIB::sysORTable", ["-Ch", "-Cc", "15", "-Cw", "31", "-Cb"]),
        ("SNMPv2-MIB::sysORTable", ["-CB", "-Cr", "2", "-Cc", "30", "-Ci", "-Cw", "60"]),
        # snmptable's -C groups: each of c, f, r, w takes the next argument.
        ("IF-MIB::ifTable", ["-Cibl"]),
        ("SNMPv2-MIB::sysORTable", ["-Cfi", "|", "-Cbw", "60"]),
    ],
)
def test_table_prints_as_snmptable(table: str, options: list[str]) -> None:
    with running("agent", "--listen", "127.0.0.1:0", DEMO) as addr:
        args = ["-v2c", "-c", "public", *_mibs(), *options, addr, table]
        ours = run_anysnmp("table", *args)
        theirs = _snmptable(*args)
    assert (ours.rc, theirs.rc) == (0, 0), ours.err
    assert len(ours.out.splitlines()) >= (2 if "-Ch" in options else 8)
    assert ours.out == theirs.out


@pytest.mark.parametrize(
    ("table", "flags", "mark"),
    [
        ("SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable", [], '"'),
        ("SNMP-VIEW-BASED-ACM-MIB::vacmAccessTable", ["-OX"], "]["),
        ("SNMP-USER-BASED-SM-MIB::usmUserTable", ["-OX"], '["'),
        # -OE escapes the index's quotes, in the index column too (they printed bare).
        ("SNMP-VIEW-BASED-ACM-MIB::vacmAccessTable", ["-OE"], '\\"grpcomm1\\".\\"\\".0'),
        ("SNMP-USER-BASED-SM-MIB::usmUserTable", ["-OXE", "-Cb"], '[\\"'),
    ],
)
def test_string_indexes_print_as_snmptable(
    snmpd: Snmpd, table: str, flags: list[str], mark: str
) -> None:
    args = ["-v2c", "-c", snmpd.community, *_mibs(), "-Ci", *flags, snmpd.target, table]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, theirs.rc) == (0, 0), ours.err
    assert mark in ours.out  # quoted strings; with -OX, bracketed values
    assert ours.out == theirs.out


@pytest.mark.parametrize(
    "options", [["-Cc", "2"], ["-Cc", "0"], ["-Cw", "0"], ["-Cr", "0"], ["-Cw", "x"]]
)
def test_bad_widths_and_repetitions_are_refused_as_snmptable_refuses_them(
    snmpd: Snmpd, options: list[str]
) -> None:
    args = ["-v2c", "-c", snmpd.community, *_mibs(), *options, snmpd.target, "IF-MIB::ifTable"]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, ours.out, theirs.rc, theirs.out) == (1, "", 1, "")
    message = f"Bad {options[0]} option: {options[1]}\n"  # after the usage screen
    assert ours.err.startswith("USAGE: anysnmp table ") and ours.err.endswith(message)
    assert theirs.err.startswith("USAGE: snmptable ") and theirs.err.endswith(message)


@pytest.mark.parametrize("options", [["-Cw"], ["-Cc"], ["-Cr"], ["-Cf"], ["-Cbw"]])
def test_a_letter_without_its_argument_is_refused_as_snmptable_refuses_it(
    snmpd: Snmpd, options: list[str]
) -> None:
    """The letter last on the command line: snmptable's usage screen, then its words."""
    args = ["-v2c", "-c", snmpd.community, *_mibs(), snmpd.target, "IF-MIB::ifTable", *options]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, ours.out, theirs.rc, theirs.out) == (1, "", 1, "")
    message = f"Bad -C{options[0][-1]} option: no argument given\n"
    assert ours.err.startswith("USAGE: anysnmp table ") and ours.err.endswith(message)
    assert theirs.err.startswith("USAGE: snmptable ") and theirs.err.endswith(message)


@pytest.mark.parametrize("options", [["-Cz"], ["-Ciz"], ["-Cp"]])
def test_unknown_letters_are_refused_as_snmptable_refuses_them(
    snmpd: Snmpd, options: list[str]
) -> None:
    """snmptable's line for a -C letter it does not take, then its usage screen (ours is
    our command's, as with -h); exit status 1."""
    args = ["-v2c", "-c", snmpd.community, *_mibs(), *options, snmpd.target, "IF-MIB::ifTable"]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, ours.out, theirs.rc, theirs.out) == (1, "", 1, "")
    said = f"Bad option after -C: {options[0][-1]}\n"
    before, usage = ours.err.split("USAGE: ", 1)  # the MIB set's line, then snmptable's
    assert before == theirs.err.split("USAGE: ", 1)[0] and before.endswith(said)
    assert usage.startswith("anysnmp table [OPTIONS] AGENT TABLE-OID\n")


@pytest.mark.parametrize("flags", ["-On", "-Osn", "-OXn"])
def test_numeric_oids_have_no_column_names_as_snmptable_finds_none(
    snmpd: Snmpd, flags: str
) -> None:
    args = ["-v2c", "-c", snmpd.community, *_mibs(), flags, snmpd.target, "IF-MIB::ifTable"]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out) == (1, "")
    assert ours.err.splitlines()[-1] == theirs.err.splitlines()[-1]
    assert ours.err.splitlines()[-1] == "Was that a table? .1.3.6.1.2.1.2.2"


@pytest.mark.parametrize(
    ("oid", "said"),
    [
        ("SNMPv2-MIB::sysName", "SNMPv2-MIB::sysName"),
        ("IF-MIB::ifEntry", "IF-MIB::ifEntry"),
        ("SNMPv2-MIB::system", "SNMPv2-MIB::system"),
        # An arc past 32 bits: ifTable once sent (cut to 32 bits), no table to snmptable,
        # which says so with its 64 bits (ours printed ifTable's grid, or the cut arc).
        (".1.3.6.1.2.1.2.4294967298", "IF-MIB::interfaces.4294967298"),
        (".1.3.6.1.2.1.2.2.18446744073709551615", "IF-MIB::ifTable.18446744073709551615"),
    ],
)
def test_a_non_table_is_refused_as_snmptable_refuses_it(snmpd: Snmpd, oid: str, said: str) -> None:
    args = ["-v2c", "-c", snmpd.community, *_mibs(), snmpd.target, oid]
    ours = run_anysnmp("table", *args)
    theirs = _snmptable(*args)
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out) == (1, "")
    assert ours.err.splitlines()[-1] == theirs.err.splitlines()[-1] == f"Was that a table? {said}"


def test_json_prints_each_row_in_column_order_without_mibs(snmpd: Snmpd) -> None:
    table = "1.3.6.1.2.1.1.9"
    args = ["-v2c", "-c", snmpd.community, snmpd.target]
    mine = run_anysnmp("table", "--json", *args, table)
    ref = run_netsnmp("snmpbulkwalk", *args, table + ".1")
    assert mine.rc == 0, mine.err

    def row_order(oid: str) -> tuple[tuple[int, ...], int]:
        arcs = [int(a) for a in oid.lstrip(".").split(".")]
        return tuple(arcs[10:]), arcs[9]  # .1.3.6.1.2.1.1.9.1.<column>.<index>

    expected = sorted((line.split(" = ")[0] for line in ref.out.splitlines()), key=row_order)
    assert ["." + json.loads(line)["oid"] for line in mine.out.splitlines()] == expected
    assert len(expected) > 10


def test_c_options_take_separate_values_as_snmptable() -> None:
    args = ["table", "-Cf", " ", "-Cw", "80", "-Ci", "-Cr", "5"]
    flags = parse_c_flags([a[2:] for a in join_split_flags(args)[1:]], "fibHwlr", texts="fwr")
    assert flags == {"f": " ", "w": "80", "i": True, "r": "5"}
    # Letters grouped as snmptable groups them; our joined forms stay as they are.
    grouped = ["table", "-Ccfi", "8", ";", "-Cw80", "-Cf,", "-CB"]
    assert join_split_flags(grouped) == ["table", "-Cc8", "-Cf;", "-Ci", "-Cw80", "-Cf,", "-CB"]
    # get's -Cf (fix the request) takes no value: the next argument stays the agent.
    assert join_split_flags(["get", "-Cf", "host", "1.3"]) == ["get", "-Cf", "host", "1.3"]
    with pytest.raises(UsageScreen, match=r"^Bad -Cf option: no argument given$"):
        parse_c_flags(["f"], "f", texts="f")


def test_brief_names_drop_the_common_prefix_and_missing_cells_are_kept() -> None:
    rows = [["1", "a", "?"], ["2", "bb", "c"]]
    [lines] = grid_chunks("T", ["xyA", "xyBB"], rows, Layout(brief=True, separator=";"))
    assert lines == ["SNMP table: T", "", "A;BB", "a;?", "bb;c"]


#: A sparse ifTable: rows that only later columns have, and a cell with a newline.
SPARSE = """\
1.3.6.1.2.1.2.2.1.1.2|2|2
1.3.6.1.2.1.2.2.1.1.5|2|5
1.3.6.1.2.1.2.2.1.2.1|4x|6c696e650a74776f
1.3.6.1.2.1.2.2.1.2.2|4|eth0
1.3.6.1.2.1.2.2.1.2.3|4|eth1
1.3.6.1.2.1.2.2.1.3.4|2|6
1.3.6.1.2.1.2.2.1.3.1|2|24
"""


@pytest.mark.parametrize("options", [["-Ci"], ["-Ci", "-Cb", "-Cl"]])
def test_sparse_rows_come_in_snmptables_order_and_newlines_print_as_spaces(
    tmp_path: Path, options: list[str]
) -> None:
    args = ["-v2c", "-c", "public", *_mibs(), *options]
    out = _both_of_recording(tmp_path, SPARSE, args, "IF-MIB::ifTable")
    # Indexes 2 and 5 (ifIndex), then 1 and 3 (ifDescr), then 4 (ifType).
    assert [line.split()[0] for line in out.splitlines()[3:]] == ["2", "5", "1", "3", "4"]
    assert " line two " in out


#: After the table: an OID that keeps a v1 read of the table from the end of the MIB.
AFTER = "1.3.6.1.2.1.4.1.0|2|1\n"
#: ifDescr of row 1 with a longer index (1.5): snmptable's GETNEXT read puts it in row 1 too.
LONGER_INDEX = (
    "1.3.6.1.2.1.2.2.1.1.1|2|1\n1.3.6.1.2.1.2.2.1.2.1.5|4|odd\n1.3.6.1.2.1.2.2.1.3.1|2|6\n"
)


@pytest.mark.parametrize(
    ("records", "options", "indexes"),
    [
        # Each GETNEXT asks every column after the last row: rows 1, 3 and 4 are lost.
        (SPARSE + AFTER, ["-v1", "-Ci"], ["2", "5"]),
        (SPARSE + AFTER, ["-v2c", "-CB", "-Cl"], ["2", "5"]),
        (SPARSE, ["-v2c", "-CB", "-Cc", "10", "-Ci"], ["index:", "index:"]),
        # In v1 the first request runs past the MIB's end (ifMtu has no rows): no rows.
        (SPARSE, ["-v1"], []),
        (LONGER_INDEX + AFTER, ["-v1", "-Ci"], ["1", "1.5"]),
        (LONGER_INDEX, ["-v2c", "-CB", "-Ci", "-Cf", ","], ["1", "1.5"]),
    ],
)
def test_a_sparse_table_read_with_getnext_loses_rows_as_snmptables_does(
    tmp_path: Path, records: str, options: list[str], indexes: list[str]
) -> None:
    args = [*options, "-c", "public", *_mibs()]
    out = _both_of_recording(tmp_path, records, args, "IF-MIB::ifTable")
    if indexes:
        lines = [line for line in out.splitlines()[3:] if line]
        assert [
            line.split()[0].split(",")[0] for line in lines[:: 2 if "-Cc" in options else 1]
        ] == indexes
    else:
        assert out == "End of MIB\nIF-MIB::ifTable: No entries\n"


@pytest.mark.parametrize(
    ("options", "line"),
    # After the title, its blank line, the column names (-Cw 30: wrapped in two lines) and
    # 10 rows, or 15 (chunks of 5), or 10 rows of two lines.
    [(["-v1", "-Ci"], 13), (["-v1", "-Cr", "5"], 18), (["-v1", "-Cc", "20", "-Cw", "30"], 24)],
)
def test_a_v1_read_prints_end_of_mib_where_snmptable_meets_it(
    tmp_path: Path, options: list[str], line: int
) -> None:
    """snmptable prints "End of MIB" when its read runs into it: after the chunks printed
    (rows of 10, or -Cr; with -Cc, -Cw too), before the rows of the chunk it was reading."""
    records = [f"1.3.6.1.2.1.7.5.1.1.10.0.0.{i}.{i}|64|10.0.0.{i}" for i in range(1, 16)]
    records += [f"1.3.6.1.2.1.7.5.1.2.10.0.0.{i}.{i}|2|{i}" for i in range(1, 16)]
    args = [*options, "-c", "public", *_mibs()]
    out = _both_of_recording(tmp_path, "\n".join(records) + "\n", args, "RFC1213-MIB::udpTable")
    assert out.splitlines().index("End of MIB") == line


#: Rows 1 and 2 of ifIndex, ifDescr's own OID (no index), then cells of rows 1 and 3.
BARE_DESCR = (
    "1.3.6.1.2.1.2.2.1.1.1|2|1\n1.3.6.1.2.1.2.2.1.1.2|2|2\n1.3.6.1.2.1.2.2.1.2|4|bare\n"
    "1.3.6.1.2.1.2.2.1.2.1|4|one\n1.3.6.1.2.1.2.2.1.2.3|4|three\n1.3.6.1.2.1.2.2.1.3.1|2|6\n"
    "1.3.6.1.2.1.2.2.1.99.1|2|6\n"
)
#: ifIndex's own OID, then a row.
BARE_INDEX = "1.3.6.1.2.1.2.2.1.1|2|1\n1.3.6.1.2.1.2.2.1.1.1|2|1\n1.3.6.1.2.1.2.2.1.2.1|4|one\n"
#: sysORTable: a value of sysORIndex (not-accessible: not printed), then sysORID's own OID.
BARE_AFTER_INDEX = (
    "1.3.6.1.2.1.1.9.1.1.1|2|1\n1.3.6.1.2.1.1.9.1.2|6|1.3.6.1\n1.3.6.1.2.1.1.9.1.2.1|6|1.3.6.1\n"
    "1.3.6.1.2.1.1.9.1.3.1|4|one\n"
)


@pytest.mark.parametrize(
    ("records", "options", "rows"),
    [
        # The read stops at ifDescr: no ifDescr nor ifType cells, no row 3, no warning
        # about column 99.
        (BARE_DESCR, ["-Ci"], ["1 1 ?", "2 2 ?"]),
        (BARE_DESCR, ["-Ci", "-OX", "-Cr", "2"], ["[1] 1 ?", "[2] 2 ?"]),
        (BARE_DESCR, ["-Cb", "-Cf", "|"], ["1|?|?", "2|?|?"]),
        (BARE_INDEX, ["-Ci"], []),
        (BARE_INDEX, ["-Os"], []),
        # -CB asks GETNEXT of each column after the last row: no column's own OID comes back.
        (BARE_DESCR, ["-CB", "-Ci"], ["1 1 one", "2 2 ?", "3 ? three"]),
        # Read through sysORIndex (with a warning: a column the MIB has not printable).
        (BARE_AFTER_INDEX, ["-Ci"], []),
    ],
    ids=["descr", "descr-OX", "descr-Cf", "index", "index-Os", "descr-CB", "after-index"],
)
def test_a_columns_own_oid_stops_the_read_as_it_stops_snmptables(
    tmp_path: Path, records: str, options: list[str], rows: list[str]
) -> None:
    """A value at a column's OID itself (no index) ends snmptable's GETBULK read of the
    entry: its name has no index. What it read before prints; nothing after."""
    args = ["-v2c", "-c", "public", *_mibs(), *options]
    table = "SNMPv2-MIB::sysORTable" if records == BARE_AFTER_INDEX else "IF-MIB::ifTable"
    out = _both_of_recording(tmp_path, records, args, table)
    if rows:
        lines = out.splitlines()[3:]
        assert len(lines) == len(rows) and "WARNING" not in out
        starts = [
            " ".join(line.split()[:3])[: len(row)] for line, row in zip(lines, rows, strict=True)
        ]
        assert starts == rows
    else:
        assert "Table: No entries\n" in out and "SNMP table" not in out


#: ifDescr in UTF-8: "café" (5 octets, 4 characters) and "longer € €" (14 octets).
UTF8 = (
    "1.3.6.1.2.1.2.2.1.1.1|2|1\n1.3.6.1.2.1.2.2.1.1.2|2|2\n1.3.6.1.2.1.2.2.1.2.1|4x|636166c3a9\n"
    "1.3.6.1.2.1.2.2.1.2.2|4x|6c6f6e67657220e282ac20e282ac\n"
)


@pytest.mark.parametrize("options", [["-Ci"], ["-Cl", "-Cb"], ["-Cc", "11", "-Cl"]])
def test_cells_are_as_wide_as_their_octets_as_snmptable_counts_them(
    tmp_path: Path, options: list[str]
) -> None:
    """snmptable pads and cuts octets, not characters (-Cc 11: 10 octets, "longer €")."""
    args = ["-v2c", "-c", "public", *_mibs(), *options]
    out = _both_of_recording(tmp_path, UTF8, args, "IF-MIB::ifTable")
    assert "café" in out and ("longer €" if "-Cc" in options else "longer € €") in out


@pytest.mark.parametrize("options", [["-Oq"], ["-OQ", "-Cb"], ["-Oqq"], ["-Ih"]])
def test_oq_toggles_the_cells_quick_printing_off_as_snmptable(
    tmp_path: Path, options: list[str]
) -> None:
    """snmptable prints its cells quick: -Oq and -OQ toggle that off (each cell with its
    type), -Ih leaves their DISPLAY-HINT on (it is of a varbind's print)."""
    records = UTF8 + "1.3.6.1.2.1.2.2.1.6.1|4x|001a2b3c4d5e\n1.3.6.1.2.1.2.2.1.6.2|4x|00\n"
    out = _both_of_recording(
        tmp_path, records, ["-v2c", "-c", "public", *_mibs(), *options], "IF-MIB::ifTable"
    )
    assert ("INTEGER: 1" in out) == (options[0] in ("-Oq", "-OQ")) and "0:1a:2b" in out


def test_a_character_cut_in_two_prints_as_a_replacement_character(tmp_path: Path) -> None:
    """-Cc 9 cuts "longer € €" after 8 octets, in the first €: Net-SNMP prints the octet
    as it is, anysnmp U+FFFD (as for any octets that are not UTF-8), padded as the octet."""
    recording = tmp_path / "utf8.snmprec"
    recording.write_text(UTF8)
    with running("agent", "--listen", "127.0.0.1:0", str(recording)) as addr:
        args = ["-v2c", "-c", "public", *_mibs(), "-Cc", "9", addr, "IF-MIB::ifTable"]
        ours = run_anysnmp("table", *args)
    assert ours.rc == 0, ours.err
    assert ours.out.splitlines()[4].startswith("        2 longer \ufffd        ?")


@pytest.mark.parametrize("command", ["table", "walk"])
async def test_an_agent_answering_the_same_row_again_ends_the_read_with_an_error(
    anyio_backend: str, command: str
) -> None:
    """snmptable would read such an agent forever; we stop at the row that does not move
    on. -Cc is no remedy in a table (it sets the column width): only walk's error says it."""
    row = "1.3.6.1.2.1.2.2.1.1.1"

    async def answer(agent: ScriptedAgent, request: Request) -> None:
        same = [(row, int(Tag.INTEGER), 1)] * len(request.varbinds)
        await agent.reply(request, request.response(same))

    async with scripted_agent(answer) as agent:
        args = ["-v1", "-c", "public", *_mibs(), f"127.0.0.1:{agent.port}", "IF-MIB::ifTable"]
        ours = await anysnmp(command, "--backend", anyio_backend, *args)
        asked = len(agent.requests)
        if command == "walk":  # snmpwalk's words and status
            theirs = await anyio.to_thread.run_sync(run_netsnmp_tool, "snmpwalk", *args)
            assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert ours.rc == 1 and asked <= 3
    if command == "table":
        assert ours.err.splitlines()[-1].startswith("anysnmp: Error: OID not increasing: ")
    else:
        assert ours.err.endswith(
            "Error: OID not increasing: IF-MIB::ifIndex.1\n >= IF-MIB::ifIndex.1\n\n"
        )


def _interfaces(count: int, long_one: int) -> str:
    """An ifTable of `count` rows (ifIndex, ifDescr, ifType), one ifDescr much longer."""
    lines = [f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}" for i in range(1, count + 1)]
    lines += [
        f"1.3.6.1.2.1.2.2.1.2.{i}|4|{'a-much-longer-interface-name' if i == long_one else i}"
        for i in range(1, count + 1)
    ]
    lines += [f"1.3.6.1.2.1.2.2.1.3.{i}|2|6" for i in range(1, count + 1)]
    return "\n".join([*lines, "1.3.6.1.2.1.4.1.0|2|1", ""])


@pytest.mark.parametrize(
    "options",
    [["-v1"], ["-v2c", "-CB", "-Ci"], ["-v1", "-Cr", "4", "-Cl"], ["-v2c", "-CB", "-Cw", "60"]],
)
def test_a_getnext_table_prints_in_chunks_as_snmptable(tmp_path: Path, options: list[str]) -> None:
    """Read with GETNEXT (v1, -CB), snmptable prints -Cr rows at a time (10 by default), each
    chunk's columns as wide as the widest cell so far (not with -Cw)."""
    args = [*options, "-c", "public", *_mibs()]
    records = _interfaces(15, long_one=12)
    out = _both_of_recording(tmp_path, records, args, "IF-MIB::ifTable")
    widths = {len(line) for line in out.splitlines()[3:]}
    assert "-Cw" in options or len(widths) == 2  # chunks of different widths


#: A MIB of our own: a table with a not-accessible index and an accessible-for-notify column.
NOTIFY_MIB = """\
H20-NOTIFY-MIB DEFINITIONS ::= BEGIN
IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, experimental FROM SNMPv2-SMI;
h20NotifyMib MODULE-IDENTITY
    LAST-UPDATED "202612050000Z" ORGANIZATION "test" CONTACT-INFO "test"
    DESCRIPTION "A table with an accessible-for-notify column." ::= { experimental 4242 }
h20Table OBJECT-TYPE SYNTAX SEQUENCE OF H20Entry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "t" ::= { h20NotifyMib 1 }
h20Entry OBJECT-TYPE SYNTAX H20Entry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "e" INDEX { h20Index } ::= { h20Table 1 }
H20Entry ::= SEQUENCE { h20Index Integer32, h20Value Integer32, h20Event Integer32 }
h20Index OBJECT-TYPE SYNTAX Integer32 (1..100) MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "i" ::= { h20Entry 1 }
h20Value OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    DESCRIPTION "v" ::= { h20Entry 2 }
h20Event OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS accessible-for-notify STATUS current
    DESCRIPTION "n" ::= { h20Entry 3 }
END
"""


NOTIFY_ROWS = (
    "1.3.6.1.3.4242.1.1.2.1|2|10\n1.3.6.1.3.4242.1.1.2.2|2|20\n1.3.6.1.3.4242.1.1.3.1|2|7\n"
)


@pytest.mark.parametrize(
    ("extra", "warned"),
    [
        ("", False),
        ("1.3.6.1.3.4242.1.1.1.1|2|1\n", True),  # the not-accessible index column served
        ("1.3.6.1.3.4242.1.1.9.1|2|9\n1.3.6.1.3.4243.1|2|1\n", True),  # a column past the MIB's
    ],
)
def test_accessible_for_notify_and_unknown_columns_print_as_snmptable_prints_them(
    tmp_path: Path, extra: str, warned: bool
) -> None:
    """Every column but the not-accessible ones prints; columns the agent has and the MIB
    has not add snmptable's warning."""
    (tmp_path / "mibs").mkdir()
    (tmp_path / "mibs" / "H20-NOTIFY-MIB.txt").write_text(NOTIFY_MIB)
    mibs = ["-M", f"{tmp_path / 'mibs'}:{require_test_mibs()}", "-m", "H20-NOTIFY-MIB"]
    args = ["-v2c", "-c", "public", *mibs]
    out = _both_of_recording(tmp_path, NOTIFY_ROWS + extra, args, "H20-NOTIFY-MIB::h20Table")
    lines = [" h20Value h20Event", "       10        7", "       20        ?"]
    warning = ["H20-NOTIFY-MIB::h20Table: WARNING: More columns on agent than in MIB"]
    assert out.splitlines()[2:] == lines + (warning if warned else [])
