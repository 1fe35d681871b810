"""Net-SNMP's general options: -L (where logged messages go), -d (packets), -V, -H, -D.

Each -L case runs our command and Net-SNMP's tool with the same arguments and compares
stdout, stderr, the log file and the exit status: which messages a tool logs and which it
prints on stderr is what -L shows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

import pytest
from cli_helpers import Result, listening, run_anysnmp, run_netsnmp, run_netsnmp_tool
from peers import Snmpd

from anysnmp._backends._dump import hex_dump
from anysnmp.cli._snmpconf import _TOKENS, DIRECTIVES

SYS_NAME = "1.3.6.1.2.1.1.5.0"


def _both(
    tmp_path: Path, command: str, log: str, args: list[str], tool: str = ""
) -> tuple[Result, str, Result, str]:
    """Our command and Net-SNMP's with ``-L`` options `log` (FILE: a file of each's own), and
    the files' texts."""
    ran = []
    for who in ("ours", "theirs"):
        file = tmp_path / f"{who}.log"
        options = log.replace("FILE", str(file)).split()
        if who == "ours":
            result = run_anysnmp(command, *options, *args)
        else:
            result = run_netsnmp(tool or f"snmp{command}", *options, *args)
        ran.append((result, file.read_text() if file.exists() else ""))
    (mine, my_file), (ref, ref_file) = ran
    return mine, my_file, ref, ref_file


#: Stdout, nowhere, a file, and priority ranges (every message here is an error, 3).
LOGS = ["-Lo", "-Ln", "-Lf FILE", "-LE2 -LO 3-7 -LN3 -LF 0-3 FILE"]


@pytest.mark.parametrize("log", LOGS)
@pytest.mark.parametrize(
    ("command", "args"),
    [
        # Logged: a name that does not read (no MIBs), a value refused.
        ("get", f"-v2c -c public AGENT sysName.0 {SYS_NAME}"),
        ("set", f"-v2c -c private AGENT {SYS_NAME} i xyz"),
        # Printed on stderr: an error-status.
        ("get", f"-v1 -c public AGENT {SYS_NAME} 1.2.3"),
    ],
)
def test_log_destinations(snmpd: Snmpd, tmp_path: Path, log: str, command: str, args: str) -> None:
    mine, my_file, ref, ref_file = _both(
        tmp_path, command, log, args.replace("AGENT", snmpd.target).split()
    )
    assert (mine.rc, mine.out, mine.err, my_file) == (ref.rc, ref.out, ref.err, ref_file)


@pytest.mark.parametrize(
    ("log", "args"),
    [
        ("-Lo", "-v2c -c public nosuchhost.invalid 1.3"),  # Unknown host (our words)
        ("-LE 4", "-v3 -u nosuchuser -l noAuthNoPriv AGENT 1.3"),  # an authentication failure
        ("-Lo", "-v2c -c private AGENT 1.3.6.1.2.1.1.5.0 z 5"),  # a usage error: stderr
        ("-Lo", "-v2c -c wrong -t 0.1 -r 0 AGENT 1.3"),  # a timeout: stderr
    ],
)
def test_logged_in_other_words(snmpd: Snmpd, tmp_path: Path, log: str, args: str) -> None:
    """Where Net-SNMP's words differ from ours, the line goes where its line goes."""
    command = "set" if " z " in args else "get"
    mine, _, ref, _ = _both(tmp_path, command, log, args.replace("AGENT", snmpd.target).split())
    assert mine.rc == ref.rc
    assert (len(mine.out.splitlines()), len(mine.err.splitlines())) == (
        len(ref.out.splitlines()),
        len(ref.err.splitlines()),
    )


@pytest.mark.parametrize(
    "log",
    ["-Lx", "-LE 9", "-LO7-x", "-LS 3 z", "-Lf"],
)
def test_bad_log_options(snmpd: Snmpd, log: str) -> None:
    """Net-SNMP's line (before its usage text, which we do not print) and status."""
    args = [*log.split(), "-v2c", "-c", "public", snmpd.target, SYS_NAME]
    if log == "-Lf":  # the file would be the next argument: the last one here
        args = ["-v2c", "-c", "public", snmpd.target, SYS_NAME, "-Lf"]
    mine, ref = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
    assert mine.rc == ref.rc == 1
    assert mine.err.splitlines()[:1] == ref.err.splitlines()[:1]


def test_log_to_syslog_leaves_stderr(snmpd: Snmpd) -> None:
    args = ["-Ls", "d", "-v2c", "-c", "public", snmpd.target, "sysName.0"]
    mine, ref = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err) == (1, "", "")


def test_translate_logs(tmp_path: Path) -> None:
    """snmptranslate logs a name it cannot read, prints -Ib's failure on stderr."""
    for args in (["nosuchname"], ["-IR", "-Ib", "sys.*"]):
        mine, my_file, ref, ref_file = _both(tmp_path, "translate", "-Lf FILE", args)
        assert (mine.rc, mine.out, mine.err, my_file) == (ref.rc, ref.out, ref.err, ref_file)


# --- -d ----------------------------------------------------------------------------------

_PACKET = re.compile(
    r"^(Sending|Received) (\d+) (?:bytes to|byte packet from) (.*)\n((?:\d{4,}: .*\n)*)\n",
    re.MULTILINE,
)


def _packets(err: str) -> list[tuple[str, str, bytes, str]]:
    """-d's packets in `err`: (direction, peer, octets, their dump as printed)."""
    packets = []
    for direction, length, peer, lines in _PACKET.findall(err):
        octets = bytes.fromhex(" ".join(line[6:58] for line in lines.splitlines()))
        assert len(octets) == int(length)
        packets.append((direction, peer, octets, lines + "\n"))
    return packets


@pytest.mark.parametrize(
    ("target", "args"),
    [
        ("udp", ["-v2c", "-c", "public"]),
        ("tcp", ["-v2c", "-c", "public"]),
        ("udp6", ["-v2c", "-c", "public"]),
        ("udp", ["-v3", "-u", "md5", "-l", "authNoPriv", "-a", "MD5", "-A", "md5-auth-pass"]),
    ],
)
def test_dump_packets(snmpd: Snmpd, snmpd6: Snmpd, target: str, args: list[str]) -> None:
    """The packets of a GET as Net-SNMP's -d prints them: the same exchanges and peers (the
    local port aside), each dump the octets' as Net-SNMP's xdump prints them."""
    agent = {
        "udp": snmpd.target,
        "tcp": f"tcp:{snmpd.host}:{snmpd.tcp_port}",
        "udp6": f"udp6:[{snmpd6.host}]:{snmpd6.port}",
    }[target]
    command = [*args, "-d", agent, SYS_NAME, "1.3.6.1.2.1.1.3.0"]
    mine, ref = run_anysnmp("get", *command), run_netsnmp("snmpget", *command)
    assert (mine.rc, ref.rc) == (0, 0)
    assert mine.out.splitlines()[0] == ref.out.splitlines()[0]
    ours, theirs = _packets(mine.err), _packets(ref.err)
    assert len(theirs) == (4 if "-v3" in args else 2)
    assert [(d, _local(p)) for d, p, _, _ in ours] == [(d, _local(p)) for d, p, _, _ in theirs]
    for _, _, octets, dump in ours + theirs:
        assert hex_dump(octets) == dump
    assert mine.err.startswith("\n")


def _local(peer: str) -> str:
    """A peer as -d names it, the local port masked (each tool has its own)."""
    return re.sub(r"->\[0\.0\.0\.0\]:[1-9]\d*$", "->[0.0.0.0]:PORT", peer)


@pytest.mark.parametrize("engine", [[], ["-e", "8000000001", "-Z", "1,2"]], ids=["", "-e -Z"])
def test_dump_of_a_v1_trap(snmpd: Snmpd, engine: list[str]) -> None:
    """A v1 trap has no random octets: snmptrap -d's text, the local port aside. An
    SNMPv3 engine's -e and -Z are ignored, as snmptrap ignores them for v1 and v2c."""
    args = ["-v1", "-c", "public", *engine, "-d", snmpd.target]
    args += ["1.2.3", "127.0.0.1", "6", "1", "55"]
    args += ["1.3.6", "s", "hello"]
    mine, ref = run_anysnmp("trap", *args), run_netsnmp_tool("snmptrap", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, "")
    assert re.sub(r"(\d+)\n0000:", r"PORT\n0000:", mine.err) == re.sub(
        r"(\d+)\n0000:", r"PORT\n0000:", ref.err
    )
    assert len(_packets(mine.err)) == 1


def test_dump_of_an_inform() -> None:
    """An inform and its acknowledgement, as snmpinform -d shows them."""
    listen = ["listen", "--count", "2", "--community", "public", "127.0.0.1:0"]
    with listening(*listen) as (address, _):
        args = ["-v2c", "-c", "public", "-d", address, "", "1.3.6.1.6.3.1.1.5.1"]
        mine, ref = run_anysnmp("inform", *args), run_netsnmp_tool("snmpinform", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, "")
    ours, theirs = _packets(mine.err), _packets(ref.err)
    assert [(d, _local(p)) for d, p, _, _ in ours] == [(d, _local(p)) for d, p, _, _ in theirs]
    assert [d for d, _, _, _ in ours] == ["Sending", "Received"]


def test_dump_of_long_packets(snmpd: Snmpd) -> None:
    """A GETBULK's answer of many rows: every line of Net-SNMP's dump, octet for octet."""
    command = ["-v2c", "-c", "public", "-d", "-Cr40", snmpd.target, "1.3.6.1.2.1.1"]
    ref = run_netsnmp("snmpbulkget", *command)
    (_, _, request, sent), (_, _, answer, received) = _packets(ref.err)
    assert len(answer) > 256
    assert (hex_dump(request), hex_dump(answer)) == (sent, received)
    mine = run_anysnmp("bulkget", *command)
    assert [len(octets) for _, _, octets, _ in _packets(mine.err)][:1] == [len(request)]


def test_dump_columns() -> None:
    """Net-SNMP's xdump: the ASCII at column 60, the offset in decimal (wider past 9999)."""
    line, end = hex_dump(b"0\x01abc").split("\n", 1)
    assert (line[:60].rstrip(), line[60:], end) == ("0000: 30 01 61 62  63", "0.abc", "\n")
    line = hex_dump(bytes(10016)).splitlines()[-2]
    assert line == "10000: " + "00 00 00 00  " * 4 + " " + "." * 16


# --- -V, -H, -D ----------------------------------------------------------------------------

#: A command of each family: snmp_options', the notification options', translate.
COMMANDS = ["get", "trap", "translate"]


@pytest.mark.parametrize(
    ("command", "flag"), [*((command, "-V") for command in COMMANDS), ("get", "--version")]
)
def test_version(command: str, flag: str) -> None:
    """On stderr, status 0, as Net-SNMP's tools print theirs."""
    mine, ref = run_anysnmp(command, flag), run_netsnmp_tool(f"snmp{command}", flag)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, "")
    assert re.fullmatch(r"anysnmp version: \S+\n", mine.err)


@pytest.mark.parametrize("command", COMMANDS[:2])
def test_directives(command: str) -> None:
    mine = run_anysnmp(command, "-H")
    ref = run_netsnmp_tool("snmpget", "-H")
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, "")
    assert mine.err.splitlines()[:2] == ref.err.splitlines()[:2]
    listed = re.findall(r"^    (\S+) ", mine.err, re.MULTILINE)
    assert {name.lower() for name in listed} == set(_TOKENS)
    assert set(listed) <= set(re.findall(r"^    (\S+) ", ref.err, re.MULTILINE))
    assert len(DIRECTIVES) == len(listed)


@pytest.mark.parametrize("command", COMMANDS)
def test_debug_refused(command: str) -> None:
    mine = run_anysnmp(command, "-Dsnmp_api", "localhost", "1.3")
    assert (mine.rc, mine.out) == (1, "")
    assert mine.err == "anysnmp: -Dsnmp_api: Net-SNMP's debugging output is not available\n"


# --- -E, -Z --------------------------------------------------------------------------------


def _tlv(data: bytes, at: int) -> tuple[int, bytes, int]:
    """The BER tag, contents and end of the TLV at `at`."""
    tag, length, at = data[at], data[at + 1], at + 2
    if length & 0x80:
        size = length & 0x7F
        length, at = int.from_bytes(data[at : at + size], "big"), at + size
    return tag, data[at : at + length], at + length


def _v3_fields(message: bytes) -> tuple[int, int, bytes]:
    """A plaintext v3 message's msgAuthoritativeEngineBoots, ...Time and contextEngineID."""
    _, body, _ = _tlv(message, 0)
    at = _tlv(body, 0)[2]  # msgVersion
    at = _tlv(body, at)[2]  # msgGlobalData
    _, security, at = _tlv(body, at)
    _, scoped, _ = _tlv(body, at)
    _, usm, _ = _tlv(security, 0)
    at = _tlv(usm, 0)[2]  # msgAuthoritativeEngineID
    _, boots, at = _tlv(usm, at)
    _, time, _ = _tlv(usm, at)
    context_engine_id = _tlv(scoped, 0)[1]
    return int.from_bytes(boots, "big"), int.from_bytes(time, "big"), context_engine_id


def _engine(snmpd: Snmpd) -> tuple[str, int, int]:
    """The agent's engine id (hex), boots and time, read with v2c."""
    out = run_netsnmp_tool(
        "snmpget", "-v2c", "-c", "public", "-Oqv", "-Ox", snmpd.target,
        "1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0", "1.3.6.1.6.3.10.2.1.3.0",
    ).out.split()  # fmt: skip
    return "".join(out[:-2]).strip('"'), int(out[-2]), int(out[-1])


@pytest.mark.parametrize(
    "options",
    [
        ["-E", "8000000001020304"],
        ["-E", "0x80 00 00 00 01 02 03 05"],  # blanks between octets, as Net-SNMP reads them
        ["-Z", "BOOTS,LATER"],  # replaces the clock discovered
        ["-Z", "BOOTS,LATER", "-e", "ENGINE"],  # with -e: unused (5.9.3), 0,0 first
        ["-e", "ENGINE"],
    ],
)
def test_context_engine_id_and_clock(snmpd: Snmpd, options: list[str]) -> None:
    """What the GET's messages carry (contextEngineID, boots and time) is what snmpget's
    carry, request for request (the times within a second: each its own clock): with -e,
    a first request at 0,0 that the agent refuses (notInTimeWindow), then its clock."""
    engine, boots, time = _engine(snmpd)
    values = {"ENGINE": engine, "BOOTS,LATER": f"{boots},{time + 60}"}
    args = ["-v3", "-u", "md5", "-l", "authNoPriv", "-a", "MD5", "-A", "md5-auth-pass", "-d"]
    args += [values.get(o, o) for o in options] + [snmpd.target, SYS_NAME]
    mine, ref = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out.replace("iso.", ".1."))
    _same_v3_fields(mine, ref)


def _same_v3_fields(mine: Result, ref: Result, known: Collection[bytes] = ()) -> None:
    """Our messages (-d) carry the boots, time and contextEngineID Net-SNMP's carry, message
    for message (the times within a second: each its own clock). With `known`, a
    contextEngineID not in it is the sender's own engine id (each its own): ``b"own"``."""
    sent = [
        [
            (boots, time, context if not known or context in {b"", *known} else b"own")
            for boots, time, context in (
                _v3_fields(octets) for way, _, octets, _ in _packets(r.err) if way == "Sending"
            )
        ]
        for r in (mine, ref)
    ]
    assert len(sent[0]) == len(sent[1]) >= 2, (mine.err, ref.err)
    for (my_boots, my_time, my_context), (boots_, time_, context) in zip(*sent, strict=True):
        assert my_boots == boots_
        assert abs(my_time - time_) <= 1
        assert my_context == context or (my_context, boots_) == (b"", 0)  # (the discovery's)


#: The engine id `anysnmp listen` is given, for inform's -e.
LISTEN_ENGINE = "0x80001f8804616e79736e6d70"
CONTEXT_ENGINE = "8000000001020305"


@pytest.mark.parametrize(
    "options",
    [
        [],  # the contextEngineID: the sender's own engine id (RFC 3413 3.2)
        ["-E", CONTEXT_ENGINE],
        ["-Z", "1,30"],  # replaces the clock discovered (listen's: boots 1, a second or two)
        ["-Z", "1,30", "-e", LISTEN_ENGINE],  # with -e: unused (5.9.3), 0,0 first
        ["-e", LISTEN_ENGINE, "-E", CONTEXT_ENGINE],
    ],
)
def test_inform_engine_options(options: list[str]) -> None:
    """snmpinform's -e (the receiver's engine: no discovery), -E and -Z: an inform carries
    what snmpinform's carries, message for message, and is acknowledged as its is."""
    listen = ["listen", "-e", LISTEN_ENGINE, "--user", "md5:MD5:md5-auth-pass", "127.0.0.1:0"]
    args = ["-v3", "-u", "md5", "-l", "authNoPriv", "-a", "MD5", "-A", "md5-auth-pass", "-d"]
    with listening(*listen) as (address, _):
        args += [*options, "-r", "0", address, "", "1.3.6.1.6.3.1.1.5.1"]
        mine, ref = run_anysnmp("inform", *args), run_netsnmp_tool("snmpinform", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, "")
    _same_v3_fields(mine, ref, {bytes.fromhex(LISTEN_ENGINE[2:]), bytes.fromhex(CONTEXT_ENGINE)})
    discovered = "-e" not in options
    assert [len(octets) < 100 for way, _, octets, _ in _packets(mine.err)][:1] == [discovered]


@pytest.mark.parametrize(
    "option",
    ["-Exyz", "-E 80001f88", "-e 12", "-Z x,5", "-Z 5,", "-Z 5 x"],
)
def test_bad_engine_options(snmpd: Snmpd, option: str) -> None:
    """Net-SNMP's line (its usage text after it aside) and status."""
    args = ["-v3", "-u", "noauth", *option.split(), snmpd.target, SYS_NAME]
    mine, ref = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
    assert mine.rc == ref.rc == 1
    assert mine.err.splitlines() == ref.err.splitlines()[:1]
