"""SNMPv3 in trap, inform, listen and agent, beside Net-SNMP's snmptrap, snmpinform and snmptrapd."""

from __future__ import annotations

import json
import re
import time
from importlib.resources import files
from pathlib import Path

import anyio
import pytest
from cli_helpers import (
    anysnmp,
    background,
    both,
    cli_backend,
    netsnmp,
    netsnmp_tool,
    notification_blocks,
    read_all,
)
from peers import V3_USERS, V3User, snmptrapd

pytestmark = pytest.mark.anyio

DEMO = str(files("anysnmp") / "data" / "demo.snmprec")
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
SYSTEM = "1.3.6.1.2.1.1"
SYS_DESCR, SYS_CONTACT, SYS_NAME = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0"
VARBINDS = ("1.3.6.1.2.1.2.2.1.1.7", "i", "7", "1.3.6.1.2.1.2.2.1.2.7", "s", "ge-0/0/7")
#: The engine id our v3 traps come from (snmptrapd: createUser -e).
SENDER_ENGINE = "0x8000000001020304aa"
#: snmptrap's: a receiver rejects an engine's messages with lower boots than it saw before,
#: and snmptrap's boots (persistent, one more each run) are not ours (1).
NETSNMP_ENGINE = "0x8000000001020304bb"
#: The engine id of `anysnmp agent -e`.
AGENT_ENGINE = "0x80001f8804616e79736e6d70"

USERS = {u.name: u for u in V3_USERS}
#: No auth; MD5/DES; SHA-256/AES-256 (Blumenthal); SHA/AES-256 with Reeder's key extension.
NAMES = ("noauth", "md5des", "sha256aes256", "shaaes256c")


def spec(user: V3User) -> str:
    """The user as ``--user NAME[:AUTH:AUTHPASS[:PRIV:PRIVPASS]]`` takes it."""
    parts = (user.name, user.auth, user.auth_password, user.priv, user.priv_password)
    return ":".join(part for part in parts if part)


def user_args(names: tuple[str, ...] = NAMES) -> list[str]:
    return [arg for name in names for arg in ("--user", spec(USERS[name]))]


async def test_listen_prints_v3_as_it_prints_v2c(anyio_backend: str) -> None:
    """snmptrap/snmpinform -v3 and our trap/inform -v3 print the lines of a v2c trap."""
    sends = []
    for name in NAMES:
        v3 = USERS[name].netsnmp_args()
        sends += [
            ("snmptrap", [*v3, "-e", NETSNMP_ENGINE]),
            ("snmpinform", v3),
            ("trap", [*v3, "-e", SENDER_ENGINE]),
            ("trap", v3),  # from the engine id generated for the run
            ("inform", v3),
        ]
    listen = ["listen", "--backend", anyio_backend, "--community", "public", *user_args()]
    listen += ["--count", str(1 + len(sends)), "127.0.0.1:0"]
    # 22 sends, each a process of its own: a loaded machine needs more than 20 s for them.
    async with background(*listen, deadline=120) as (proc, addr):

        async def send(command: str, options: list[str]) -> None:
            args = [*options, addr, "31337", LINK_DOWN, *VARBINDS]
            if command.startswith("snmp"):
                done = await netsnmp(command, *args)
            else:
                done = await anysnmp(command, "--backend", anyio_backend, *args)
            assert (done.rc, done.err) == (0, ""), (command, options)

        stranger = ["-v3", "-u", "stranger", "-l", "authNoPriv", "-a", "SHA", "-A", "x" * 8]
        await send("trap", stranger)  # an unknown user: dropped, not printed
        await send("trap", ["-v2c", "-c", "public"])
        for command, options in sends:
            await send(command, options)
        output = await read_all(proc)
    reference, *received = notification_blocks(output)
    assert reference == [
        "TRAP v2c community public",
        ".1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        ".1.3.6.1.2.1.2.2.1.1.7 = INTEGER: 7",
        '.1.3.6.1.2.1.2.2.1.2.7 = STRING: "ge-0/0/7"',
    ]
    assert len(received) == len(sends)
    for block, (command, options) in zip(received, sends, strict=True):
        kind = "INFORM" if command.endswith("inform") else "TRAP"
        assert block == [f"{kind} v3 user {options[2]}", *reference[1:]]


async def test_listen_json_names_the_v3_user(anyio_backend: str) -> None:
    listen = ["listen", "--backend", anyio_backend, "--json", *user_args(("md5des",))]
    async with background(*listen, "--count", "1", "127.0.0.1:0") as (proc, addr):
        v3 = USERS["md5des"].netsnmp_args()
        done = await anysnmp("inform", "--backend", anyio_backend, *v3, addr, "5", LINK_DOWN)
        assert (done.rc, done.err) == (0, "")
        output = await read_all(proc)
    assert '"type": "INFORM", "version": "v3", "community": null, "user": "md5des"' in output


async def test_listen_prints_the_context_of_trap_inform_and_snmptrap_n(anyio_backend: str) -> None:
    """-n CONTEXT: the header names the context after the user, the JSON as "context"."""
    v3 = USERS["sha256aes256"].netsnmp_args()
    sends = [
        ("snmptrap", [*v3, "-e", NETSNMP_ENGINE, "-n", "ctx-1"]),
        ("trap", [*v3, "-n", "ctx-2"]),
        ("inform", [*v3, "-n", "ctx-3"]),
        ("inform", v3),
    ]
    outputs = []
    for as_json in ([], ["--json"]):
        listen = ["listen", "--backend", anyio_backend, *as_json, *user_args(("sha256aes256",))]
        async with background(*listen, "--count", "4", "127.0.0.1:0") as (proc, addr):
            for command, options in sends:
                args = [*options, addr, "7", LINK_DOWN]
                if command.startswith("snmp"):
                    done = await netsnmp(command, *args)
                else:
                    done = await anysnmp(command, "--backend", anyio_backend, *args)
                assert (done.rc, done.err) == (0, ""), (command, options)
            outputs.append(await read_all(proc))
    assert [block[0] for block in notification_blocks(outputs[0])] == [
        "TRAP v3 user sha256aes256 context ctx-1",
        "TRAP v3 user sha256aes256 context ctx-2",
        "INFORM v3 user sha256aes256 context ctx-3",
        "INFORM v3 user sha256aes256",
    ]
    lines = [json.loads(line) for line in outputs[1].splitlines()]
    assert [line.get("context") for line in lines] == ["ctx-1", "ctx-2", "ctx-3", None]


async def test_trap_and_inform_refuse_a_context_of_more_than_32_octets(anyio_backend: str) -> None:
    for command in ("trap", "inform"):
        args = ["--backend", anyio_backend, "-v3", "-u", "x", "-n", "c" * 33]
        done = await anysnmp(command, *args, "127.0.0.1:9", "", LINK_DOWN)
        assert (done.rc, done.out, done.err) == (
            1,
            "",
            "anysnmp: SNMPv3 context names have at most 32 octets, not 33\n",
        )


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("get", ["-v3", "-u", "x", "-l", "authNoPriv", "-a", "SHA", "-A", "short", "AGENT", "1.3"]),
        ("get", ["-v2c", "-c", "public", "-A", "short", "AGENT", "1.3"]),  # any version
        ("get", ["-v3", "-u", "x", "-A", "short"]),  # before the arguments are counted
        ("get", ["-Ln", "-v3", "-u", "x", "-a", "MD5", "-A", "", "AGENT", "sysName.0"]),
        (
            "trap",
            [
                *("-v3", "-u", "x", "-l", "authPriv", "-a", "SHA", "-A", "long-enough"),
                *("-x", "AES", "-X", "1234567", "AGENT", "", LINK_DOWN),
            ],
        ),
        # -X with neither -a nor -A: no hash to make its key with (any length, any version)
        ("get", ["-v3", "-u", "x", "-l", "authPriv", "-X", "short", "AGENT", "1.3"]),
        ("get", ["-v2c", "-c", "public", "-X", "long-enough", "AGENT", "1.3"]),
        ("get", ["-Ln", "-v3", "-u", "x", "-x", "AES", "-X", "", "AGENT", "1.3"]),
        ("get", ["-v3", "-u", "x", "-A", "long-enough", "-X", "short", "AGENT", "1.3"]),
        ("trap", ["-v3", "-u", "x", "-X", "short", "AGENT", "", LINK_DOWN]),
    ],
)
async def test_passphrases_shorter_than_8_characters_are_refused(
    anyio_backend: str, command: str, args: list[str]
) -> None:
    """As snmpget and snmptrap refuse them, once their options are read: two lines logged,
    one printed, status 1."""
    args = [arg.replace("AGENT", "127.0.0.1:9") for arg in args]
    done = await anysnmp(command, "--backend", cli_backend(anyio_backend), *args)
    ref = await netsnmp_tool(f"snmp{command}", *args)
    assert (done.rc, done.out) == (ref.rc, ref.out) == (1, "")
    assert done.err == re.sub(rf"(?m)^\S*snmp{command}:", "anysnmp:", ref.err)  # argv[0]
    assert ref.err.endswith("pass phrase. \n")


async def test_an_agent_user_of_a_short_passphrase_is_refused(anyio_backend: str) -> None:
    served = await anysnmp("agent", "--backend", anyio_backend, "--user", "admin:SHA:short")
    assert served.rc == 1 and "at least 8 characters" in served.err and "short" not in served.err


async def test_inform_v3_with_a_wrong_passphrase_fails(anyio_backend: str) -> None:
    async with background("listen", *user_args(("md5des",)), "127.0.0.1:0") as (_, addr):
        wrong = USERS["md5des"].netsnmp_args()
        wrong[wrong.index("-A") + 1] = "not-the-passphrase"
        done = await anysnmp("inform", "--backend", anyio_backend, *wrong, addr, "", LINK_DOWN)
    assert (done.rc, done.out, done.err) == (
        1,
        "",
        "anysnmp: Authentication failure: wrong digest (usmStatsWrongDigests): check -a and -A\n",
    )


async def test_trap_and_inform_v3_into_snmptrapd(tmp_path: Path, anyio_backend: str) -> None:
    lines = ["format2 V2 %V~%v\\n"]
    for name in NAMES:
        create = " ".join(USERS[name].config_lines()[0].split()[1:])
        lines += [
            f"createUser -e {SENDER_ENGINE} {create}",
            f"createUser {create}",
            f"authUser log {name} noauth",
        ]
    with snmptrapd(tmp_path, "\n".join(lines) + "\n") as trapd:
        addr = f"127.0.0.1:{trapd.port}"
        for i, name in enumerate(NAMES):
            v3 = USERS[name].netsnmp_args()
            for command, options, uptime in (
                ("trap", [*v3, "-e", SENDER_ENGINE], 1000 + i),
                ("inform", v3, 2000 + i),
            ):
                done = await anysnmp(
                    command, "--backend", anyio_backend, *options, addr, str(uptime), LINK_DOWN
                )
                assert (done.rc, done.err) == (0, ""), (command, name)
                (line,) = await trapd.lines(f"({uptime})")
                assert line.split("~") == [
                    f"V2 .1.3.6.1.2.1.1.3.0 = Timeticks: ({uptime}) "
                    f"0:00:{uptime // 100:02d}.{uptime % 100:02d}",
                    f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
                ]


async def test_agent_serves_v3_users_what_it_serves_v2c(anyio_backend: str) -> None:
    """snmpget/snmpbulkwalk -v3 and ours against `anysnmp agent --user`: the v2c output."""
    agent = ["agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", "-c", "public"]
    agent += [*user_args(), "--rwuser", "sha256aes256", "-e", AGENT_ENGINE, DEMO]
    # About 50 tool processes, one after another: 20 s was too short under a load average of 10.
    async with background(*agent, deadline=120) as (_, addr):
        v2c = ["-v2c", "-c", "public", addr]
        get_v2c = await netsnmp("snmpget", *v2c, SYS_DESCR, SYS_NAME)
        walk_v2c = await netsnmp("snmpbulkwalk", *v2c, SYSTEM)
        assert get_v2c.rc == walk_v2c.rc == 0
        assert len(walk_v2c.out.splitlines()) > 5
        for name in NAMES:
            v3 = [*USERS[name].netsnmp_args(), addr]
            ours, theirs = await both(
                "get", "snmpget", *v3, SYS_DESCR, SYS_NAME, backend=anyio_backend
            )
            assert ours == theirs == get_v2c.out
            ours, theirs = await both(
                "bulkwalk", "snmpbulkwalk", *v3, SYSTEM, backend=anyio_backend
            )
            assert ours == theirs == walk_v2c.out
        rw = [*USERS["sha256aes256"].netsnmp_args(), "-e", AGENT_ENGINE, addr]
        ours, theirs = await both(
            "set", "snmpset", *rw, SYS_CONTACT, "s", "noc", backend=anyio_backend
        )
        assert ours == theirs == f'.{SYS_CONTACT} = STRING: "noc"\n'
        ro = [*USERS["md5des"].netsnmp_args(), addr]
        denied = await anysnmp(
            "set", "--backend", cli_backend(anyio_backend), *ro, SYS_CONTACT, "s", "x"
        )
        assert (denied.rc, denied.err) == (
            2,
            f"Error in packet.\nReason: noAccess\nFailed object: .{SYS_CONTACT}\n\n",
        )
        other_engine = [*USERS["md5des"].netsnmp_args(), "-e", "0x8000000001020304ff", addr]
        unknown = await anysnmp(
            "get", "--backend", cli_backend(anyio_backend), *other_engine, SYS_NAME
        )
        assert unknown.rc == 1
        assert "unknown engine id (usmStatsUnknownEngineIDs)" in unknown.err


async def test_agent_with_users_and_no_community_serves_only_v3(anyio_backend: str) -> None:
    agent = ["agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", *user_args(("md5",))]
    async with background(*agent) as (_, addr):
        v3 = await anysnmp("get", *USERS["md5"].netsnmp_args(), addr, SYS_NAME)
        v2c = await anysnmp("get", "-v2c", "-t", "0.2", "-r", "0", addr, SYS_NAME)
    assert (v3.rc, v3.err) == (0, "")
    assert (v2c.rc, v2c.err) == (1, f"Timeout: No Response from {addr}.\n")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--user", "admin:SHA"], "a user is NAME, NAME:AUTH:AUTHPASS or"),
        (["--user", "admin:SHA3-256:password"], "SHA3-256: unknown auth protocol"),
        (["--user", "admin:SHA:password:RC4:password"], "RC4: unknown privacy protocol"),
        (
            ["--user", "admin:SHA:password", "--rwuser", "root"],
            "--rwuser root: not given with --user",
        ),
        (["-e", "0102"], "Invalid engine ID value after -e flag."),
    ],
)
async def test_agent_rejects_bad_users(args: list[str], error: str) -> None:
    done = await anysnmp("agent", "--listen", "127.0.0.1:0", *args)
    assert done.rc == 1
    assert error in done.err


async def test_trap_v3_needs_a_user(anyio_backend: str) -> None:
    done = await anysnmp("trap", "--backend", anyio_backend, "-v3", "127.0.0.1:9", "", LINK_DOWN)
    assert (done.rc, done.out, done.err) == (1, "", "anysnmp: SNMPv3 needs a user name (-u NAME)\n")


async def test_trap_v3_engine_boots_and_time_into_snmptrapd(
    tmp_path: Path, anyio_backend: str
) -> None:
    """-Z sets boots and time; by default the time goes on from the last run's, not from 0.

    snmptrapd keeps each sender engine's boots and time, and drops what comes with
    lower boots, or with a time more than 150 s behind its estimate (RFC 3414 3.2).
    """
    engine = "0x8000000001020304cc"
    user = USERS["sha256aes256"]
    create = " ".join(user.config_lines()[0].split()[1:])
    config = f"format2 V2 %V~%v\\n\ncreateUser -e {engine} {create}\nauthUser log {user.name}\n"
    now = int(time.time()) - 1577836800  # the default engine time: seconds since 2020
    sends = [  # -Z, uptime, whether snmptrapd keeps it
        (f"1,{now - 100}", 3001, True),
        (None, 3002, True),  # the default time: 100 s later than the trap before
        (f"1,{now - 1000}", 3003, False),  # time went back more than 150 s
        (f"1,{now + 60}", 3004, True),
        (f"2,{0}", 3005, True),  # boots went up: time starts over
        (f"1,{now + 120}", 3006, False),  # boots went down
        (None, 3007, False),  # default boots 1: still down
        (f"2,{30}", 3008, True),
    ]
    with snmptrapd(tmp_path, config) as trapd:
        addr = f"127.0.0.1:{trapd.port}"
        for boots_time, uptime, _ in sends:
            options = ["-Z", boots_time] if boots_time else []
            done = await anysnmp(
                "trap", "--backend", anyio_backend, *user.netsnmp_args(), "-e", engine,
                *options, addr, str(uptime), LINK_DOWN,
            )  # fmt: skip
            assert (done.rc, done.err) == (0, ""), boots_time
        await trapd.lines("(3008)")
        await anyio.sleep(0.2)
        received = [uptime for _, uptime, _ in sends if f"({uptime})" in trapd.log.read_text()]
    assert received == [uptime for _, uptime, kept in sends if kept]


async def test_trap_rejects_a_bad_boots_time() -> None:
    """-Z as snmptrap reads it: its line for what does not read; what it would send out of
    range (RFC 3414: 0..2^31-1), our line."""
    for value in ("a,b", "1,x", "1,"):
        args = ("-v3", "-u", "x", "-Z", value, "127.0.0.1:1", "", LINK_DOWN)
        done, ref = await anysnmp("trap", *args), await netsnmp_tool("snmptrap", *args)
        assert done.rc == ref.rc == 1
        assert done.err.splitlines() == ref.err.splitlines()[:1], value
    for value in ("1,-1", "1,2147483648"):
        done = await anysnmp("trap", "-v3", "-u", "x", "-Z", value, "127.0.0.1:1", "", LINK_DOWN)
        assert (done.rc, done.err) == (1, "anysnmp: engine boots and time are 0..2^31-1\n")
