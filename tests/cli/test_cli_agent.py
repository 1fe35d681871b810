"""The agent, listen, trap, inform and demo commands; every type printed, beside Net-SNMP."""

from __future__ import annotations

import json
import os
import struct
from importlib.resources import files
from pathlib import Path

import anyio
import pytest
from cli_helpers import (
    ANYSNMP,
    anysnmp,
    background,
    both,
    cli_backend,
    netsnmp,
    netsnmp_tool,
    notification_blocks,
    read_all,
)
from mib_helpers import require_test_mibs
from netsnmpd import free_udp_port
from peers import Snmpd

pytestmark = pytest.mark.anyio

DEMO = str(files("anysnmp") / "data" / "demo.snmprec")
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
IF_INDEX_1 = "1.3.6.1.2.1.2.2.1.1.1"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"


def _hex(data: bytes) -> str:
    return data.hex()


#: snmprec records whose printing Net-SNMP decides by content: quotes, white space,
#: non-printable octets, 16-octet hex lines, TimeTicks of days, Opaque floats, doubles
#: and 64-bit integers, and every other type.
ODD_RECORDS = [
    "1.3.6.1.2.1.1.1.0|4x|" + _hex(b'Linux "quoted" back\\slash\nnew line'),
    "1.3.6.1.2.1.1.1.1|4x|" + _hex(b"tab\there\r\x0b\x0c"),
    "1.3.6.1.2.1.1.1.2|4x|" + _hex(b"abc\x00"),
    "1.3.6.1.2.1.1.1.3|4x|" + _hex(bytes(range(16))),
    "1.3.6.1.2.1.1.1.4|4x|" + _hex(bytes(range(40))),
    "1.3.6.1.2.1.1.1.5|4x|" + _hex("héllo".encode()),
    "1.3.6.1.2.1.1.1.6|4|",
    "1.3.6.1.2.1.1.1.7|4x|7f",
    "1.3.6.1.2.1.1.1.8|4x|001b213a4b5c",  # a MAC address: valid UTF-8, but not text
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10",
    "1.3.6.1.2.1.1.2.1|6|0.0",
    "1.3.6.1.2.1.1.3.0|67|12345",
    "1.3.6.1.2.1.1.3.1|67|8640001",
    "1.3.6.1.2.1.1.3.2|67|4294967295",
    "1.3.6.1.2.1.1.4.0|64|10.1.2.3",
    "1.3.6.1.2.1.1.4.1|65|4294967295",
    "1.3.6.1.2.1.1.4.2|66|7",
    "1.3.6.1.2.1.1.4.3|70|18446744073709551615",
    "1.3.6.1.2.1.1.4.4|2|-2147483648",
    "1.3.6.1.2.1.1.4.5|5|",
    "1.3.6.1.2.1.1.5.0|68x|" + _hex(b"\x9f\x78\x04" + struct.pack(">f", 1.23)),
    "1.3.6.1.2.1.1.5.1|68x|" + _hex(b"\x9f\x79\x08" + struct.pack(">d", -2.5)),
    "1.3.6.1.2.1.1.5.2|68x|9f76020100",
    "1.3.6.1.2.1.1.5.3|68x|9f7a01ff",
    "1.3.6.1.2.1.1.5.4|68x|9f7b0105",
    "1.3.6.1.2.1.1.5.5|68x|" + _hex(bytes(range(20))),
    "1.3.6.1.2.1.1.5.6|68x|",
]


async def test_every_type_prints_as_netsnmp_prints_it(tmp_path: Path, anyio_backend: str) -> None:
    path = tmp_path / "odd.snmprec"
    path.write_text("\n".join(ODD_RECORDS) + "\n")
    async with background(
        "agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", str(path)
    ) as (_, addr):
        for command, tool in (("walk", "snmpwalk"), ("bulkwalk", "snmpbulkwalk")):
            ours, theirs = await both(
                command, tool, "-v2c", "-c", "public", addr, "1.3.6.1.2.1.1", backend=anyio_backend
            )
            assert ours == theirs
            assert ours.count("\n.") == len(
                ODD_RECORDS
            )  # one line each, plus the endOfMibView line


async def test_json_gives_octet_strings_as_printable_text_or_null_and_always_hex(
    tmp_path: Path, anyio_backend: str
) -> None:
    path = tmp_path / "odd.snmprec"
    path.write_text("\n".join(ODD_RECORDS) + "\n")
    async with background(
        "agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", str(path)
    ) as (_, addr):
        mine = await anysnmp(
            "walk",
            "--json",
            "--backend",
            cli_backend(anyio_backend),
            "-v2c",
            addr,
            "1.3.6.1.2.1.1.1",
        )
    assert (mine.rc, mine.err) == (0, "")
    items = [json.loads(line) for line in mine.out.splitlines()]
    octets = {record.split("|")[0]: record.split("|")[2] for record in ODD_RECORDS[:9]}
    assert [(item["oid"], item["hex"]) for item in items] == list(octets.items())
    assert [item["value"] for item in items] == [
        'Linux "quoted" back\\slash\nnew line',
        "tab\there\r\x0b\x0c",
        None,  # a NUL
        None,
        None,
        "héllo",
        "",
        None,  # DEL
        None,  # the MAC address
    ]


async def test_agent_serves_a_recording_as_netsnmp_sees_it(anyio_backend: str) -> None:
    async with background("agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", DEMO) as (
        _,
        addr,
    ):
        ours, theirs = await both(
            "bulkwalk",
            "snmpbulkwalk",
            "-Cr25",
            "-v2c",
            "-c",
            "public",
            addr,
            "1.3.6",
            backend=anyio_backend,
        )
        assert ours == theirs
        assert len(ours.splitlines()) > 3000
        ours, theirs = await both(
            "walk", "snmpwalk", "-v1", "-c", "public", addr, "1.3.6.1.4.1", backend=anyio_backend
        )
        assert ours == theirs
        assert ours.endswith("\nEnd of MIB\n")


async def test_agent_over_tcp(anyio_backend: str) -> None:
    """Net-SNMP walks the agent over TCP (responses of 200 varbinds) as over UDP."""
    walks = []
    for listen, max_repetitions in (("tcp:127.0.0.1:0", "-Cr200"), ("127.0.0.1:0", "-Cr25")):
        args = ("agent", "--backend", anyio_backend, "--listen", listen, DEMO)
        async with background(*args) as (_, addr):
            assert addr.startswith("tcp:127.0.0.1:") == listen.startswith("tcp:")
            walk = await netsnmp(
                "snmpbulkwalk", max_repetitions, "-v2c", "-c", "public", addr, "1.3.6"
            )
            assert walk.rc == 0, walk.err
            walks.append(walk.out)
    assert walks[0] == walks[1]
    assert len(walks[0].splitlines()) > 3000


async def test_agent_with_a_write_community(anyio_backend: str) -> None:
    args = (
        "agent",
        "--backend",
        anyio_backend,
        "--listen",
        "127.0.0.1:0",
        "-c",
        "public",
        "-c",
        "private=rw",
    )
    async with background(*args) as (_, addr):
        ours, theirs = await both(
            "set",
            "snmpset",
            "-v2c",
            "-c",
            "private",
            addr,
            SYS_CONTACT,
            "s",
            "ops",
            backend=anyio_backend,
        )
        assert ours == theirs == f'.{SYS_CONTACT} = STRING: "ops"\n'
        mine = await anysnmp("set", "-v2c", "-c", "public", addr, SYS_CONTACT, "s", "ro")
        assert (mine.rc, mine.err) == (
            2,
            f"Error in packet.\nReason: noAccess\nFailed object: .{SYS_CONTACT}\n\n",
        )


SYS_DESCR = "1.3.6.1.2.1.1.1.0"
IF_ADMIN_STATUS_1 = "1.3.6.1.2.1.2.2.1.7.1"
IF_ALIAS_1 = "1.3.6.1.2.1.31.1.1.1.18.1"
#: A recording whose objects' MIB definitions forbid SETs a community's rw access allows.
WRITABLE_RECORDS = [
    f"{SYS_DESCR}|4|edge",
    f"{SYS_CONTACT}|4|noc",
    f"{IF_ADMIN_STATUS_1}|2|1",
    f"{IF_ALIAS_1}|4|",
]
#: SETs (snmpset's arguments) and the error-status IF-MIB and SNMPv2-MIB give each.
FORBIDDEN_SETS = [
    ((IF_ADMIN_STATUS_1, "i", "99"), "wrongValue"),  # up(1), down(2), testing(3)
    ((IF_ALIAS_1, "s", "x" * 65), "wrongLength"),  # SIZE (0..64)
    ((SYS_DESCR, "s", "core"), "notWritable"),  # read-only
]


@pytest.mark.parametrize("with_mibs", [True, False], ids=["mibs", "no-mibs"])
async def test_agent_checks_sets_against_the_mibs_it_loads(
    tmp_path: Path, anyio_backend: str, with_mibs: bool
) -> None:
    """With -m/-M a rw community's SETs are checked as the MIB says (snmpset without
    MIBs of its own, so -Ir-like: the agent decides); without, each one is stored. A value
    of another type than the record's is wrongType either way."""
    path = tmp_path / "device.snmprec"
    path.write_text("\n".join(WRITABLE_RECORDS) + "\n")
    mibs = ("-m", "ALL", "-M", require_test_mibs()) if with_mibs else ()
    args = ("agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", "-c", "public")
    async with background(*args, "-c", "private=rw", *mibs, str(path)) as (_, addr):
        for (oid, kind, value), status in FORBIDDEN_SETS:
            done = await netsnmp_tool(
                "snmpset", "-On", "-v2c", "-c", "private", addr, oid, kind, value
            )
            if with_mibs:
                assert (done.rc, done.out) == (2, ""), done
                assert f"Reason: {status} (" in done.err and f"Failed object: .{oid}\n" in done.err
            else:
                assert (done.rc, done.err) == (0, ""), done
        done = await netsnmp_tool(  # another type: refused with MIBs or without
            "snmpset", "-On", "-v2c", "-c", "private", addr, SYS_CONTACT, "i", "3"
        )
        assert "Reason: wrongType (" in done.err and f"Failed object: .{SYS_CONTACT}\n" in done.err
        fitting = (IF_ALIAS_1, "s", "uplink", IF_ADMIN_STATUS_1, "i", "2")
        done = await netsnmp_tool("snmpset", "-On", "-v2c", "-c", "private", addr, *fitting)
        assert (done.rc, done.err) == (0, ""), done
        stored = await netsnmp_tool(
            "snmpget", "-On", "-v2c", "-c", "public", addr, SYS_DESCR, IF_ALIAS_1, IF_ADMIN_STATUS_1
        )
    assert stored.out == (
        f'.{SYS_DESCR} = STRING: "{"edge" if with_mibs else "core"}"\n'
        f'.{IF_ALIAS_1} = STRING: "uplink"\n'
        f".{IF_ADMIN_STATUS_1} = INTEGER: 2\n"
    )


#: snmpNotifyRowStatus (SNMP-NOTIFICATION-MIB), a row of IMPLIED index "a", and "b".
NOTIFY_STATUS = "1.3.6.1.6.3.13.1.1.1.5"


async def test_agent_bounds_the_rows_sets_create(tmp_path: Path, anyio_backend: str) -> None:
    """--max-rows N: a createAndGo in a table of N rows is resourceUnavailable; the rows a
    SET creates take their DEFVALs (snmpNotifyType trap(1))."""
    path = tmp_path / "device.snmprec"
    path.write_text(f"{SYS_DESCR}|4|edge\n")
    mibs = ("-m", "ALL", "-M", require_test_mibs(), "--max-rows", "1")
    args = ("agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", "-c", "private=rw")
    snmpset = ("snmpset", "-On", "-v2c", "-c", "private")
    async with background(*args, *mibs, str(path)) as (_, addr):
        first = await netsnmp_tool(*snmpset, addr, f"{NOTIFY_STATUS}.97", "i", "4")
        second = await netsnmp_tool(*snmpset, addr, f"{NOTIFY_STATUS}.98", "i", "4")
        kind = await netsnmp_tool(
            "snmpget", "-On", "-v2c", "-c", "private", addr, "1.3.6.1.6.3.13.1.1.1.3.97"
        )
    assert (first.rc, first.err) == (0, ""), first
    assert "Reason: resourceUnavailable (" in second.err
    assert f"Failed object: .{NOTIFY_STATUS}.98\n" in second.err
    assert kind.out == ".1.3.6.1.6.3.13.1.1.1.3.97 = INTEGER: 1\n"


@pytest.mark.parametrize("bound", ["0", "x"])
async def test_agent_max_rows_is_a_positive_number(bound: str) -> None:
    done = await anysnmp("agent", "--max-rows", bound)
    assert done.rc == 1 and "Invalid value for '--max-rows'" in done.err


async def test_agent_says_what_its_mibs_warn_of_as_netsnmp_tools_do(tmp_path: Path) -> None:
    """The MIB set's warnings (its erlang SNMP-COMMUNITY-MIB has an undefined group), as
    Net-SNMP's snmptranslate prints them, before what stops the agent."""
    dirs = require_test_mibs()
    path = tmp_path / "device.snmprec"
    path.write_text(f"{SYS_DESCR}|4:sql|snmprec\n")
    theirs = await netsnmp_tool("snmptranslate", "-m", "ALL", "-M", dirs, "-On", f".{SYS_DESCR}")
    assert theirs.rc == 0 and theirs.err != ""
    done = await anysnmp("agent", "--listen", "127.0.0.1:0", "-m", "ALL", "-M", dirs, str(path))
    assert done.rc != 0
    said = done.err.removeprefix(theirs.err)  # Net-SNMP's lines first, then the agent's one
    assert said.startswith(f"anysnmp: {path}:1: ") and said.count("\n") == 1, done.err


async def test_agent_is_read_only_by_default(anyio_backend: str) -> None:
    help_text = await anysnmp("agent", "--help")
    assert "Read-only by default" in help_text.out and "NAME=rw" in help_text.out
    args = ("agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0")
    async with background(*args) as (_, addr):
        for community, error in (
            ("private", "Timeout: No Response from"),
            ("public", "Error in packet.\nReason: noAccess"),
        ):
            mine = await anysnmp(
                "set", "-v2c", "-c", community, "-t", "0.3", "-r", "0", addr, SYS_CONTACT, "s", "x"
            )
            assert mine.rc != 0 and mine.err.startswith(error), mine.err


async def test_agent_without_users_answers_v3_as_snmpd_without_users(
    snmpd_without_users: Snmpd, anyio_backend: str
) -> None:
    """Discovery, then an unknown user's Report: snmpget and ours say so at once, no timeout."""
    get = ("-v3", "-u", "nobody", "-l", "noAuthNoPriv", "-r", "0")
    theirs = await netsnmp("snmpget", *get, snmpd_without_users.target, SYS_CONTACT)
    mine_of_theirs = await anysnmp("get", *get, snmpd_without_users.target, SYS_CONTACT)
    async with background("agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0") as (
        _,
        addr,
    ):
        ours = await netsnmp("snmpget", *get, addr, SYS_CONTACT)
        mine = await anysnmp(
            "get", "--backend", cli_backend(anyio_backend), *get, addr, SYS_CONTACT
        )
    assert ours == theirs and theirs.rc != 0
    assert mine == mine_of_theirs and "usmStatsUnknownUserNames" in mine.err


async def test_agent_stops_at_a_variation_module_it_does_not_serve(tmp_path: Path) -> None:
    help_text = await anysnmp("agent", "--help")
    assert "numeric, writecache, error and delay" in help_text.out
    path = tmp_path / "device.snmprec"
    path.write_text("1.3.6.1.2.1.1.5.0|4|sw1\n1.3.6.1.2.1.1.1.0|4:sql|snmprec\n")
    done = await anysnmp("agent", "--listen", "127.0.0.1:0", str(path))
    assert done.rc != 0
    assert f"{path}:2: snmpsim's variation module 'sql' is not supported" in done.err


async def listen_to_both(
    backend: str, address: str, sends: list[tuple[str, str, list[str], list[str]]]
) -> str:
    """What `anysnmp listen ADDRESS` prints of each (ours, tool, version, args): ours, then theirs."""
    listen = ("listen", "--backend", backend, "--count", str(2 * len(sends)), address)
    async with background(*listen) as (proc, addr):
        for ours, tool, version, args in sends:
            mine = await anysnmp(ours, "--backend", backend, *version, addr, *args)
            assert (mine.rc, mine.err) == (0, "")
            theirs = await netsnmp(tool, *version, addr, *args)
            assert (theirs.rc, theirs.err) == (0, "")
        return await read_all(proc)


async def test_listen_prints_what_snmptrap_and_our_trap_send(anyio_backend: str) -> None:
    """Net-SNMP's snmptrap/snmpinform and our trap/inform, same arguments, into `anysnmp listen`."""
    varbinds = [
        IF_INDEX_1,
        "i",
        "1",
        "1.3.6.1.2.1.2.2.1.2.1",
        "s",
        "eth0",
        "1.3.6.1.2.1.31.1.1.1.6.1",
        "C",
        "123",
    ]
    v2 = ["-v2c", "-c", "public"]
    v1 = ["-v1", "-c", "public"]
    v1_args = ["1.3.6.1.4.1.8072", "10.0.0.1", "2", "0", "555", IF_INDEX_1, "i", "1"]
    sends = [
        ("trap", "snmptrap", v2, ["31337", LINK_DOWN, *varbinds]),
        ("inform", "snmpinform", v2, ["4242", LINK_DOWN, *varbinds]),
        ("trap", "snmptrap", v1, v1_args),
    ]
    output = await listen_to_both(anyio_backend, "127.0.0.1:0", sends)
    blocks = notification_blocks(output)
    assert len(blocks) == 2 * len(sends)
    for i in range(len(sends)):
        assert blocks[2 * i] == blocks[2 * i + 1]
    assert blocks[0][:4] == [
        "TRAP v2c community public",
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        f".{IF_INDEX_1} = INTEGER: 1",
    ]
    assert blocks[2][0] == "INFORM v2c community public"
    assert blocks[4][:3] == [
        "TRAP v1 community public",
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (555) 0:00:05.55",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
    ]


async def test_listen_over_tcp_prints_what_snmptrap_and_our_trap_send_over_tcp(
    anyio_backend: str,
) -> None:
    """``listen tcp:HOST:PORT``; snmptrap/snmpinform and our trap/inform to ``tcp:HOST:PORT``."""
    v2 = ["-v2c", "-c", "public"]
    sends = [
        ("trap", "snmptrap", v2, ["31337", LINK_DOWN, IF_INDEX_1, "i", "1"]),
        ("inform", "snmpinform", v2, ["4242", LINK_DOWN]),
        (
            "trap",
            "snmptrap",
            ["-v1", "-c", "public"],
            ["1.3.6.1.4.1.8072", "10.0.0.1", "2", "0", "5"],
        ),
    ]
    output = await listen_to_both(anyio_backend, "tcp:127.0.0.1:0", sends)
    headers = [line for line in output.splitlines() if line.startswith(("TRAP", "INFORM"))]
    assert len(headers) == 2 * len(sends)
    assert all(" from tcp:127.0.0.1:" in header for header in headers), headers
    blocks = notification_blocks(output)
    for i in range(len(sends)):
        assert blocks[2 * i] == blocks[2 * i + 1]
    assert [block[0] for block in blocks[::2]] == [
        "TRAP v2c community public",
        "INFORM v2c community public",
        "TRAP v1 community public",
    ]


async def test_inform_over_tcp_to_a_closed_port_is_a_network_error(anyio_backend: str) -> None:
    target = f"tcp:127.0.0.1:{free_udp_port()}"
    mine = await anysnmp("inform", "--backend", anyio_backend, "-t", "0.2", target, "", LINK_DOWN)
    assert mine.rc == 1 and mine.err.startswith("anysnmp: ") and "connect" in mine.err, mine.err


def _host_uptime() -> int:
    whole, hundredths = Path("/proc/uptime").read_text().split()[0].split(".")
    return int(whole) * 100 + int(hundredths)


async def test_trap_with_an_empty_uptime_sends_the_hosts_as_snmptrap_does(
    anyio_backend: str,
) -> None:
    """'' is the host's uptime (/proc/uptime, as snmptrap reads it), not the process's."""
    sends = [
        ["-v2c", "-c", "public", "{addr}", "", LINK_DOWN],
        ["-v1", "-c", "public", "{addr}", "1.3.6.1.4.1.8072", "10.0.0.1", "2", "0", ""],
    ]
    listen = ("listen", "--backend", anyio_backend, "--count", str(2 * len(sends)), "127.0.0.1:0")
    before = _host_uptime()
    async with background(*listen) as (proc, addr):
        for args in sends:
            args = [addr if arg == "{addr}" else arg for arg in args]
            for run in (
                anysnmp("trap", "--backend", anyio_backend, *args),
                netsnmp("snmptrap", *args),
            ):
                done = await run
                assert (done.rc, done.err) == (0, "")
        output = await read_all(proc)
    after = _host_uptime()
    stamps = [int(block[1].split("(")[1].split(")")[0]) for block in notification_blocks(output)]
    assert len(stamps) == 4
    assert all(before <= stamp <= after for stamp in stamps), (before, stamps, after)


async def test_inform_without_a_receiver_times_out(anyio_backend: str) -> None:
    target = f"127.0.0.1:{free_udp_port()}"
    mine = await anysnmp(
        "inform", "--backend", anyio_backend, "-t", "0.2", "-r", "0", target, "", LINK_DOWN
    )
    assert (mine.rc, mine.out, mine.err) == (1, "", "anysnmp: Timeout\n")  # snmpinform's words


async def test_demo_runs_to_completion() -> None:
    mine = await anysnmp("demo")
    assert (mine.rc, mine.err) == (0, "")
    for section in ("\nasyncio:\n", "\ntrio:\n"):
        assert section in mine.out
    for step in (
        "GET sysDescr.0",
        "GET of 7 OIDs in one request",
        "bulk walk of ifTable, streamed",
        "4 walks in parallel, one task group",
    ):
        assert mine.out.count(step) == 2
    assert "1144 varbinds" in mine.out


async def test_walk_progress_only_on_a_terminal(anyio_backend: str) -> None:
    primary, secondary = os.openpty()
    try:
        async with background("agent", "--listen", "127.0.0.1:0", DEMO) as (_, addr):
            args = ["bulkwalk", "--backend", cli_backend(anyio_backend), addr, "1.3.6"]
            with anyio.fail_after(60):
                done = await anyio.run_process([*ANYSNMP, *args], stderr=secondary, check=False)
            piped = await anysnmp(*args)
        assert done.returncode == 0
        assert done.stdout.decode() == piped.out
        os.close(secondary)
        secondary = -1
        on_terminal = os.read(primary, 65536).decode()
    finally:
        os.close(primary)
        if secondary >= 0:
            os.close(secondary)
    assert on_terminal.startswith("\r\x1b[K")
    assert " varbinds, " in on_terminal and "/s" in on_terminal
    assert on_terminal.endswith("\r\x1b[K")  # erased at the end
    assert piped.err == ""


async def test_the_library_imports_without_the_command_line_dependencies() -> None:
    code = "import sys, anysnmp; sys.exit(sorted({'click', 'trio'} & set(sys.modules)) != [])"
    with anyio.fail_after(60):
        done = await anyio.run_process([*ANYSNMP[:1], "-c", code], check=False)
    assert done.returncode == 0
