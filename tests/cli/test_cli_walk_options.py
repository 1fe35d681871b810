"""snmpwalk's and snmpbulkwalk's -C options, as a Net-SNMP user types them from memory:
the same stdout, stderr and exit status as the tools, against snmpd."""

from __future__ import annotations

import re

import pytest
from cli_helpers import anysnmp, cli_backend, netsnmp
from peers import Snmpd

from anysnmp.cli._options import join_split_flags, parse_c_flags
from anysnmp.cli._target import UnknownFlagError, UsageError
from anysnmp.cli._usage import UsageScreen

pytestmark = pytest.mark.anyio

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OR_ID = "1.3.6.1.2.1.1.9.1.2"  # sysORID: a column whose values stay put


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("walk", f"-Cp {SYS_OR_ID}"),  # Variables found: N
        ("walk", f"-Cp {SYS_DESCR}"),  # nothing under it: the GET of it counts
        ("walk", f"-Ci -Cp {SYS_OR_ID}"),  # the root's GET first (No Such Object), counted
        ("walk", f"-Ci {SYS_DESCR}"),  # the root's GET first, then nothing under it
        ("walk", f"-CI -Cp {SYS_DESCR}"),  # never GET the root: Variables found: 0
        ("walk", f"-CE {SYS_OR_ID}.3 {SYS_OR_ID}"),  # ends before the end OID
        ("walk", f"-CE {SYS_OR_ID}.3.1 -Cp {SYS_OR_ID}"),  # one past .3: .3 printed
        ("walk", f"-CE {SYS_OR_ID}.1 {SYS_OR_ID}.4"),  # ends at once: the GET of the root
        ("walk", f"-CE 1.3.6.1.2.1.1.9.1.3.2 -Cp {SYS_OR_ID}"),  # on past the subtree
        ("walk", f"-CE {SYS_OR_ID}.4294967299 {SYS_OR_ID}"),  # an end's arc past 32 bits
        # A root's arc past 32 bits: sent cut to 32 (.2), compared whole: not increasing.
        ("walk", "-Cp 1.3.6.1.2.1.1.9.1.4294967298"),
        ("walk", "-Cc 1.3.6.1.2.1.1.9.1.4294967298"),  # then on to the root's next sibling
        ("bulkwalk", "1.3.6.1.2.1.1.9.1.4294967298"),  # the subtree of the OID sent
        ("walk", f"-Cpc {SYS_OR_ID}"),  # letters grouped, as snmpwalk reads them
        ("walk", f"-v1 -Cp {SYS_OR_ID}"),
        ("bulkwalk", f"-Ci -Cp {SYS_OR_ID}"),
        ("bulkwalk", f"-Cpr3 {SYS_OR_ID}"),  # a letter with a number in a group
        ("bulkwalk", f"-Cp -Cr3 {SYS_DESCR}"),
        ("bulkwalk", f"-Cn0 -Cr50 -Cp {SYS_OR_ID}"),  # -Cn: snmpbulkwalk's non-repeaters
        ("bulkwalk", f"-Cn1 -Cr5 {SYS_OR_ID}"),
        ("bulkwalk", f"-Cr0x3 -Cp {SYS_OR_ID}"),  # read as strtol reads it: 3
        ("bulkget", f"-Cr010 {SYS_OR_ID}"),  # octal: 8
        # -Cp after a timeout: the count on stdout, the timeout on stderr, exit status 1.
        ("walk", f"-Cp -c wrong -t 0.2 -r 0 {SYS_OR_ID}"),
        ("bulkwalk", f"-Cp -c wrong -t 0.2 -r 0 {SYS_OR_ID}"),
        # A letter the tool does not take: its line alone, exit status 1.
        ("walk", f"-Cz {SYS_OR_ID}"),
        ("walk", f"-Ccx {SYS_OR_ID}"),  # in a group: the letter named
        ("bulkwalk", f"-Cr5 -Ct {SYS_OR_ID}"),  # snmpwalk's -Ct is not snmpbulkwalk's
        ("bulkget", f"-Cz {SYS_OR_ID}"),
    ],
)
async def test_c_options_print_as_net_snmp(
    snmpd: Snmpd, anyio_backend: str, command: str, args: str
) -> None:
    *options, oid = args.split()
    argv = ["-v2c", "-c", snmpd.community, *options, snmpd.target, oid]
    mine = await anysnmp(command, "--backend", cli_backend(anyio_backend), *argv)
    ref = await netsnmp(f"snmp{command}", *argv)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert "Variables found" in mine.out or "-Cp" not in args


async def test_ct_prints_the_traversal_time_on_stderr(snmpd: Snmpd, anyio_backend: str) -> None:
    argv = ["-v2c", "-c", snmpd.community, "-Ct", snmpd.target, SYS_OR_ID]
    mine = await anysnmp("walk", "--backend", cli_backend(anyio_backend), *argv)
    ref = await netsnmp("snmpwalk", *argv)
    assert (mine.rc, mine.out) == (ref.rc, ref.out)
    timing = re.compile(r"Total traversal time = \d+\.\d{6} seconds\n")
    assert timing.fullmatch(mine.err) and timing.fullmatch(ref.err)


def test_c_letters_group_and_take_their_values_as_net_snmp_reads_them() -> None:
    assert parse_c_flags(["pc", "r25", "E1.3.6"], "ciIEprt", texts="E") == {
        "p": True,
        "c": True,
        "r": 25,
        "E": "1.3.6",
    }
    assert parse_c_flags(["cr5i"], "cri") == {"c": True, "r": 5, "i": True}
    assert join_split_flags(["walk", "-CE", "1.3.6", "host"]) == ["walk", "-CE1.3.6", "host"]
    with pytest.raises(UnknownFlagError, match=r"^Unknown flag passed to -C: x$"):
        parse_c_flags(["px"], "p")
    # Numbers as strtol reads them (base 0) into a C int; after a space, the rest ignored.
    assert parse_c_flags(["r0x10n010", "r+3 z", "n 2"], "rn") == {"r": 3, "n": 2}
    assert parse_c_flags(["r0x10n010"], "rn") == {"r": 16, "n": 8}
    assert parse_c_flags(["r99999999999"], "r") == {"r": 1215752191}  # cut to 32 bits
    with pytest.raises(UsageScreen, match=r"^$"):  # the usage screen alone
        parse_c_flags(["cr"], "cr")
    with pytest.raises(UsageScreen, match=r"^Bad -CE option: no argument given$"):
        parse_c_flags(["E"], "E", texts="E")
    with pytest.raises(UsageError, match=r"^Bad value for max-repetitions$"):
        parse_c_flags(["r2147483648"], "r")


@pytest.mark.parametrize(
    ("command", "flags"),
    [
        ("bulkwalk", ["-Cr"]),
        ("bulkwalk", ["-Cn"]),
        ("bulkwalk", ["-Cpr"]),  # in a group
        ("bulkwalk", ["-Cn1r"]),
        ("bulkwalk", ["-Crx"]),  # no digit after it
        ("bulkget", ["-Cr"]),
        ("bulkget", ["-Cn", "-Cr5"]),
    ],
)
async def test_c_letters_without_their_number_print_the_usage_screen_alone(
    snmpd: Snmpd, anyio_backend: str, command: str, flags: list[str]
) -> None:
    """As snmpbulkwalk and snmpbulkget: the usage screen (ours is our command's, as with
    -h) and nothing else, exit status 1."""
    argv = ["-v2c", "-c", snmpd.community, *flags, snmpd.target, SYS_OR_ID]
    mine = await anysnmp(command, "--backend", cli_backend(anyio_backend), *argv)
    ref = await netsnmp(f"snmp{command}", *argv)
    assert (mine.rc, mine.out, ref.rc, ref.out) == (1, "", 1, "")
    assert ref.err.startswith(f"USAGE: snmp{command} [OPTIONS] AGENT ")
    assert mine.err.startswith(f"USAGE: anysnmp {command} [OPTIONS] AGENT ")
    assert mine.err.endswith("Net-SNMP text.\n")  # the screen's last line: nothing after


@pytest.mark.parametrize("command", ["bulkwalk", "bulkget"])
@pytest.mark.parametrize(
    ("flag", "field"), [("-Cr-1", "max-repetitions"), ("-Cn-2", "non-repeaters")]
)
async def test_negative_bulk_numbers_are_refused_as_net_snmp_refuses_them(
    snmpd: Snmpd, anyio_backend: str, command: str, flag: str, field: str
) -> None:
    argv = ["-v2c", "-c", snmpd.community, flag, snmpd.target, SYS_OR_ID]
    mine = await anysnmp(command, "--backend", cli_backend(anyio_backend), *argv)
    ref = await netsnmp(f"snmp{command}", *argv)
    assert (ref.rc, ref.out, ref.err) == (1, "", f"snmp{command}: Bad value for {field}\n")
    assert (mine.rc, mine.out, mine.err) == (1, "", f"anysnmp: Bad value for {field}\n")


async def test_bulkwalk_cr0_walks_where_snmpbulkwalk_asks_without_end(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    """snmpbulkwalk -Cr0 sends max-repetitions 0, which snmpd answers with no varbinds, and
    asks again without end; ours walks with the session's max-repetitions (docs/cli.md):
    snmpbulkwalk's output with its default, -Cr10."""
    argv = ["-v2c", "-c", snmpd.community, snmpd.target, SYS_OR_ID]
    mine = await anysnmp("bulkwalk", "--backend", cli_backend(anyio_backend), "-Cr0", *argv)
    ref = await netsnmp("snmpbulkwalk", "-Cr10", *argv)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err) == (0, mine.out, "")
    assert mine.out.count("\n") > 1
