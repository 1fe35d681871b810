"""Each client subcommand against snmpd, beside Net-SNMP's tool for the same request."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import anyio
import pytest
from cli_helpers import (
    ANYSNMP,
    ENV,
    Result,
    anysnmp,
    both,
    cli_backend,
    netsnmp,
    netsnmp_tool,
    run_anysnmp,
    run_netsnmp_tool,
    stable_lines,
)
from mib_helpers import MIB_DIRS
from peers import Snmpd, parse_netsnmp

from anysnmp import Mib

pytestmark = pytest.mark.anyio

SYSTEM = "1.3.6.1.2.1.1"
INTERFACES = "1.3.6.1.2.1.2"
SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0"
SYS_CONTACT, SYS_NAME, SYS_LOCATION = "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0"
NO_INSTANCE, NO_OBJECT = "1.3.6.1.2.1.1.1.7", "1.3.6.1.4.1.99999.1.0"

#: v3 users of the snmpd fixture: no auth; SHA-2 with Blumenthal AES-256; MD5/DES; Reeder AES-256.
V3_USERS = ("noauth", "md5", "sha256aes256", "md5des", "shaaes256c", "sha512aes256")


def v2c(snmpd: Snmpd, community: str | None = None) -> list[str]:
    return ["-v2c", "-c", community or snmpd.community, snmpd.target]


async def test_get(snmpd: Snmpd, anyio_backend: str) -> None:
    oids = [SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_NAME, SYS_LOCATION, NO_INSTANCE, NO_OBJECT]
    ours, theirs = await both("get", "snmpget", *v2c(snmpd), *oids, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)
    assert len(ours.splitlines()) == len(oids)
    assert "= Timeticks: (" in ours and "No Such Instance currently exists at this OID" in ours


#: What a numeric get has no use for: the other commands, the agent side, the MIB loader.
NOT_FOR_GET = {
    "anysnmp.cli._agent_cmd",
    "anysnmp.cli._demo",
    "anysnmp.cli._listen",
    "anysnmp.cli._notify_cmds",
    "anysnmp.cli._translate",
    "anysnmp._agent",
    "anysnmp._mibview",
    "anysnmp._notify",
    "anysnmp._responder",
    "anysnmp._mib._mib",
    "anysnmp._mib._cache",
}

#: The parts of the name parser only some names need.
MIB_EXTRAS = {"anysnmp._mib._describe", "anysnmp._mib._drawing", "anysnmp._mib._regex"}
#: What a load from the cache has no use for: the MIB compiler's text readers, pathlib.
NOT_FOR_CACHED_LOAD = {
    "anysnmp._mib._compile",
    "anysnmp._mib._conventions",
    "anysnmp._mib._clauses",
    "anysnmp._mib._objecttype",
    "pathlib",
}


async def test_get_imports_only_what_it_uses(snmpd: Snmpd, anyio_backend: str) -> None:
    """The process start of a command: the modules of other commands load when they run."""
    args = ["get", "--backend", anyio_backend, *v2c(snmpd), SYS_NAME]
    done = await anyio.run_process(
        [sys.executable, "-X", "importtime", *ANYSNMP[1:], *args], env=ENV
    )
    imported = {
        line.rpartition("|")[2].strip()
        for line in done.stderr.decode().splitlines()
        if line.startswith("import time:")
    }
    assert done.stdout.decode().startswith(f".{SYS_NAME} = STRING: ")
    assert {"anysnmp.cli._app", "anysnmp._session"} <= imported
    assert imported & NOT_FOR_GET == set()
    listed = (await anysnmp("--help")).out
    for command in ("agent", "demo", "inform", "listen", "translate", "trap", "walk", "table"):
        assert f"\n  {command} " in listed, command
    assert "snmptranslate" in (await anysnmp("translate", "--help")).err  # its usage screen


#: What a command run without an event loop (the default) does not import: no event loop,
#: not even anyio (the blocking session raises anyio's ClosedResourceError subclass only
#: when its socket closes under a request), no MIB parser.
NOT_WITHOUT_A_LOOP = ("asyncio", "trio", "anyio", "pysmi", "sniffio")
#: What a command's start does not pay for: attrs (its import and a compile per class),
#: logging, json (--json), hashlib (v3 key changes), the idna codec (an ASCII host name).
NOT_AT_START = ("attr", "logging", "json", "hashlib", "encodings.idna")


@pytest.mark.parametrize(
    "command",
    [
        ["get", SYS_NAME],
        ["getnext", SYS_NAME],
        ["bulkget", SYS_NAME],
        ["walk", SYSTEM],
        ["bulkwalk", SYSTEM],
        ["bulkwalk", "-Cr50", ".1"],  # a root of one arc
        ["bulkwalk", "-Cr50", "-M", MIB_DIRS, "-m", "ALL", ".1"],  # names
        ["bulkwalk", "-M", MIB_DIRS, "-m", "ALL", SYSTEM],  # a root read through the MIBs
        ["set", SYS_CONTACT, "s", "noc@example.net"],
    ],
    ids=[
        "get",
        "getnext",
        "bulkget",
        "walk",
        "bulkwalk",
        "bulkwalk-.1",
        "bulkwalk-names",
        "bulkwalk-names-root",
        "set",
    ],
)
async def test_commands_run_without_an_event_loop(
    snmpd: Snmpd, anyio_backend: str, command: list[str], mib: Mib
) -> None:
    """By default the request commands run on the blocking session: no asyncio, no anyio,
    no MIB compiler nor its text readers, and none of the modules a command's start does
    without (with MIBs loaded from the cache too); of the commands, only its own is built."""
    code = (
        "import sys; from anysnmp.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "finally:\n    print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
        "    from anysnmp.cli._app import cli\n"
        "    print(' '.join(cli.commands), file=sys.stderr)\n"
    )
    args = [command[0], *v2c(snmpd, snmpd.write_community), *command[1:]]
    # `mib`: the test MIB set compiled into the session's cache, which the command reads
    done = await anyio.run_process([sys.executable, "-c", code, *args], env=ENV, check=False)
    assert done.returncode == 0, done.stderr
    modules, built = done.stderr.decode().splitlines()[-2:]
    imported = set(modules.split())
    assert built == command[0]  # the click command of this one, none of the others'
    assert {"anysnmp.cli._app", "anysnmp._sync"} <= imported
    assert {"anysnmp._session", "anysnmp._backends._asyncio"} & imported == set()
    assert [m for m in imported if m.startswith(NOT_WITHOUT_A_LOOP)] == []
    assert [m for m in imported if m.startswith(NOT_AT_START)] == []
    loader = {"anysnmp._mib._mib", "anysnmp._mib._cache"} if "-m" in command else set()
    assert imported & NOT_FOR_GET == loader
    # Nor what a numeric root's reading and the printing of names do without: the name
    # parser (with MIBs, its index values' types, best matches and regular expressions).
    parser = set() if loader else {"anysnmp._mib._objid"}  # with MIBs, the loader's
    assert imported & (MIB_EXTRAS | parser | NOT_FOR_CACHED_LOAD) == set()
    assert done.stdout.decode().startswith(("SNMPv2-MIB::sys", ".1.3.6.1.2.1.1."))


async def test_ctrl_c_ends_a_command_waiting_for_an_answer(anyio_backend: str) -> None:
    """SIGINT while the blocking session waits for a reply: exit status 130, no traceback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as agent:
        agent.bind(("127.0.0.1", 0))
        target = f"127.0.0.1:{agent.getsockname()[1]}"
        async with await anyio.open_process(
            [*ANYSNMP, "walk", "-t", "30", target, SYSTEM], env=ENV, stderr=subprocess.PIPE
        ) as proc:
            with anyio.fail_after(20):
                await anyio.wait_readable(agent)  # its request came
                await anyio.sleep(
                    0.3
                )  # it waits in recv (a signal that comes before is seen within 0.25 s)
                proc.send_signal(signal.SIGINT)
                assert await proc.wait() == 130
            assert proc.stderr is not None
            assert b"".join([chunk async for chunk in proc.stderr]) == b""


async def test_getnext(snmpd: Snmpd, anyio_backend: str) -> None:
    oids = [SYSTEM, SYS_DESCR, SYS_UPTIME, "1.3.6.1.2.1.2.2.1.2", ".1", "1", ".1.3", "0"]
    ours, theirs = await both("getnext", "snmpgetnext", *v2c(snmpd), *oids, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)


async def test_bulkget(snmpd: Snmpd, anyio_backend: str) -> None:
    args = ["-Cn1", "-Cr7", *v2c(snmpd), SYS_DESCR, "1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.2.2.1.3"]
    ours, theirs = await both("bulkget", "snmpbulkget", *args, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)
    assert len(ours.splitlines()) > 3


@pytest.mark.parametrize("subtree", [SYSTEM, INTERFACES])
async def test_walk(snmpd: Snmpd, anyio_backend: str, subtree: str) -> None:
    ours, theirs = await both("walk", "snmpwalk", *v2c(snmpd), subtree, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)
    assert len(ours.splitlines()) > 10


@pytest.mark.parametrize("options", [[], ["-Cr25"], ["-Cr3"]])
async def test_bulkwalk(snmpd: Snmpd, anyio_backend: str, options: list[str]) -> None:
    ours, theirs = await both(
        "bulkwalk", "snmpbulkwalk", *options, *v2c(snmpd), SYSTEM, backend=anyio_backend
    )
    assert stable_lines(ours) == stable_lines(theirs)


async def test_bulkwalk_takes_cr_with_a_separate_number(snmpd: Snmpd, anyio_backend: str) -> None:
    """``-Cr 3``, which Net-SNMP does not accept, means ``-Cr3``."""
    mine = await anysnmp(
        "bulkwalk", "--backend", cli_backend(anyio_backend), "-Cr", "3", *v2c(snmpd), SYSTEM
    )
    assert mine.rc == 0, mine.err
    reference = await netsnmp("snmpbulkwalk", "-Cr3", *v2c(snmpd), SYSTEM)
    assert stable_lines(mine.out) == stable_lines(reference.out)


@pytest.mark.parametrize("root", ["1.3.6", ".1"])
async def test_bulkwalk_of_everything_ends_like_snmpbulkwalk(
    snmpd: Snmpd, anyio_backend: str, root: str
) -> None:
    """A walk to the end of the MIB: same OIDs and types, and the same endOfMibView line.

    Net-SNMP takes a root of one arc (``.1``): the walk of everything under it.
    """
    ours, theirs = await both(
        "bulkwalk", "snmpbulkwalk", "-Cr25", *v2c(snmpd), root, backend=anyio_backend
    )
    # Values of the whole MIB move between two runs (dates, loads): compare OIDs and types
    # (laErrMessage is "" or a STRING as the load crosses its threshold).
    moving = ["1.3.6.1.2.1.25.1", "1.3.6.1.4.1.2021.10.1.101"]
    kinds = [line.split(":")[0] for line in stable_lines(ours, dropped=moving)]
    assert kinds == [line.split(":")[0] for line in stable_lines(theirs, dropped=moving)]
    assert len(kinds) > 1000
    assert ours.splitlines()[-1] == theirs.splitlines()[-1]
    assert ours.splitlines()[-1].endswith(
        "No more variables left in this MIB View (It is past the end of the MIB tree)"
    )


async def test_walk_of_a_leaf_gets_it_and_an_empty_subtree_prints_what_snmpwalk_prints(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    for oid in (SYS_DESCR, NO_OBJECT, "1.3.6.1.2.1.1.1.0.5", "0", ".0"):
        ours, theirs = await both("walk", "snmpwalk", *v2c(snmpd), oid, backend=anyio_backend)
        assert ours == theirs
        assert ours


async def test_v1_walk_and_get(snmpd: Snmpd, anyio_backend: str) -> None:
    args = ["-v1", "-c", snmpd.community, snmpd.target]
    ours, theirs = await both("walk", "snmpwalk", *args, SYSTEM, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)
    ours, theirs = await both("get", "snmpget", *args, SYS_DESCR, SYS_NAME, backend=anyio_backend)
    assert ours == theirs


async def test_a_context_or_engine_on_v1_and_v2c_is_ignored_as_net_snmp_does(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    """-n, -E, -e and -Z are SNMPv3's: Net-SNMP's tools ignore them for v1 and v2c (the
    library refuses them there, ConfigurationError)."""
    for version in ("-v1", "-v2c"):
        args = [version, "-c", snmpd.community, "-n", "ctx", "-E", "8000000001", snmpd.target]
        args[3:3] = ["-e", "8000000002", "-Z", "1,2"]
        ours, theirs = await both("get", "snmpget", *args, SYS_NAME, backend=anyio_backend)
        assert ours == theirs
        assert ours.startswith(f".{SYS_NAME} = STRING: ")


@pytest.mark.parametrize(
    ("tool", "options", "oids"),
    [
        ("get", [], [SYS_DESCR, NO_INSTANCE, SYS_NAME]),
        ("get", ["-Cf"], [SYS_DESCR, NO_INSTANCE, SYS_NAME]),
        ("get", [], [NO_INSTANCE, SYS_DESCR, "1.3.6.1.2.1.1.1.8", SYS_NAME]),
        ("get", [], [NO_INSTANCE]),
        ("getnext", [], [SYS_DESCR, "2.0", SYS_CONTACT]),
        ("getnext", ["-Cf"], [SYS_DESCR, "2.0", SYS_CONTACT]),
    ],
)
async def test_v1_error_is_reported_and_the_request_retried_without_it(
    snmpd: Snmpd, anyio_backend: str, tool: str, options: list[str], oids: list[str]
) -> None:
    """snmpget/snmpgetnext's report of noSuchName, then the others (unless -Cf): same stdout,
    stderr and exit status."""
    args = [*options, "-v1", "-c", snmpd.community, snmpd.target, *oids]
    mine = await anysnmp(tool, "--backend", cli_backend(anyio_backend), *args)
    reference = await netsnmp(f"snmp{tool}", *args)
    assert (mine.rc, mine.out, mine.err) == (reference.rc, reference.out, reference.err)
    assert mine.rc == 2
    assert "Reason: (noSuchName) There is no such variable name in this MIB." in mine.err
    assert len(mine.out.splitlines()) == (0 if options else len(oids) - mine.err.count("Failed"))


async def test_set_answers_like_snmpset(snmpd: Snmpd, anyio_backend: str) -> None:
    args = v2c(snmpd, snmpd.write_community)
    contact = f"noc-{anyio_backend}@example.net"
    ours, theirs = await both(
        "set", "snmpset", *args, SYS_CONTACT, "s", contact, backend=anyio_backend
    )
    assert ours == theirs == f'.{SYS_CONTACT} = STRING: "{contact}"\n'
    ours, theirs = await both("get", "snmpget", *v2c(snmpd), SYS_CONTACT, backend=anyio_backend)
    assert ours == theirs == f'.{SYS_CONTACT} = STRING: "{contact}"\n'


@pytest.mark.parametrize(
    ("command", "options", "oids"),
    [
        ("get", [], [SYS_DESCR, NO_INSTANCE]),
        ("getnext", [], [SYSTEM, SYS_DESCR]),
        ("bulkget", ["-Cr3"], [SYS_DESCR]),
        ("walk", [], [SYSTEM]),
        ("bulkwalk", [], [SYSTEM]),
        ("set", [], [SYS_CONTACT, "s", "each-backend@example.net"]),
    ],
)
async def test_each_command_prints_as_net_snmp_under_each_event_loop(
    snmpd: Snmpd, anyio_backend: str, command: str, options: list[str], oids: list[str]
) -> None:
    """``--backend asyncio`` and ``--backend trio`` (the tests above run the default, blocking,
    beside asyncio)."""
    community = snmpd.write_community if command == "set" else None
    args = [*options, *v2c(snmpd, community), *oids]
    ours = await anysnmp(command, "--backend", anyio_backend, *args)
    theirs = await netsnmp(f"snmp{command}", *args)
    assert (ours.rc, ours.err) == (theirs.rc, theirs.err) == (0, "")
    assert stable_lines(ours.out) == stable_lines(theirs.out) != []


@pytest.mark.parametrize("name", V3_USERS)
async def test_v3(snmpd: Snmpd, anyio_backend: str, name: str) -> None:
    args = [*snmpd.user(name).netsnmp_args(), snmpd.target]
    ours, theirs = await both(
        "get", "snmpget", *args, SYS_DESCR, SYS_NAME, NO_INSTANCE, backend=anyio_backend
    )
    assert ours == theirs
    ours, theirs = await both("bulkwalk", "snmpbulkwalk", *args, SYSTEM, backend=anyio_backend)
    assert stable_lines(ours) == stable_lines(theirs)


async def test_a_user_without_a_version_is_v3_as_in_net_snmp(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    """Net-SNMP's tools default to v3: -u ... needs no -v3 (a community alone stays v2c)."""
    # -c names no community of the agent's: only a v3 request gets an answer.
    args = [*snmpd.user("sha256aes256").netsnmp_args()[1:], "-c", "nope", snmpd.target]
    assert args[0] == "-u"
    ours, theirs = await both("get", "snmpget", *args, SYS_NAME, backend=anyio_backend)
    assert ours == theirs
    done = await anysnmp("get", "-c", "public", snmpd.target, SYS_NAME)
    assert (done.rc, done.out) == (0, theirs)


async def test_json_gives_the_values_netsnmp_prints(snmpd: Snmpd, anyio_backend: str) -> None:
    oids = [SYS_DESCR, SYS_OBJECT_ID, SYS_NAME, NO_INSTANCE]
    mine = await anysnmp(
        "get", "--json", "--backend", cli_backend(anyio_backend), *v2c(snmpd), *oids
    )
    assert mine.rc == 0, mine.err
    items = [json.loads(line) for line in mine.out.splitlines()]
    reference = parse_netsnmp((await netsnmp("snmpget", *v2c(snmpd), *oids)).out)
    assert [item["oid"] for item in items] == oids
    assert items[0] == {
        "oid": SYS_DESCR,
        "type": "OCTET STRING",
        "value": reference[0][2].decode(),
        "hex": reference[0][2].hex(),
    }
    assert items[1] == {"oid": SYS_OBJECT_ID, "type": "OBJECT IDENTIFIER", "value": reference[1][2]}
    assert items[3] == {"oid": NO_INSTANCE, "type": "noSuchInstance", "value": None}


# --- errors: one line on stderr, a non-zero exit status -----------------------------


async def error_of(*args: str) -> str:
    result = await anysnmp(*args)
    assert result.rc != 0
    assert result.out == ""
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("anysnmp: ")
    return result.err.strip()


async def test_a_walk_into_a_closed_pipe_ends_quietly(snmpd: Snmpd, anyio_backend: str) -> None:
    """``anysnmp bulkwalk ... | head -1``: the first line, then exit status 0, nothing on stderr."""
    args = ["bulkwalk", "--backend", cli_backend(anyio_backend), "-Cr5", *v2c(snmpd), "1.3.6"]
    script = '"$@" | head -1; exit "${PIPESTATUS[0]}"'
    with anyio.fail_after(20):
        done = await anyio.run_process(
            ["bash", "-c", script, "bash", *ANYSNMP, *args], env=ENV, check=False
        )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.startswith(b".1.3.6.1.2.1.1.1.0 = STRING: ")
    assert len(done.stdout.splitlines()) == 1


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["-u", "nosuchuser", "-l", "noAuthNoPriv"], "unknown user name"),
        (["-u", "sha", "-l", "authNoPriv", "-a", "SHA", "-A", "not-the-password"], "wrong digest"),
        (["-u", "md5", "-l", "authNoPriv", "-a", "SHA", "-A", "md5-auth-pass"], "wrong digest"),
        (
            [
                "-u",
                "md5",
                "-l",
                "authPriv",
                "-a",
                "MD5",
                "-A",
                "md5-auth-pass",
                "-x",
                "AES",
                "-X",
                "whatever1",
            ],
            "unsupported security level",
        ),
    ],
)
async def test_auth_failures_say_which(
    snmpd: Snmpd, anyio_backend: str, flags: list[str], expected: str
) -> None:
    error = await error_of(
        "get",
        "--backend",
        anyio_backend,
        "-v3",
        *flags,
        "-t",
        "1",
        "-r",
        "0",
        snmpd.target,
        SYS_DESCR,
    )
    assert error.startswith("anysnmp: Authentication failure: " + expected)


async def test_unknown_host(anyio_backend: str) -> None:
    error = await error_of(
        "get", "--backend", cli_backend(anyio_backend), "no-such-host.invalid", SYS_DESCR
    )
    assert error.startswith("anysnmp: Unknown host (no-such-host.invalid)")


@pytest.mark.parametrize(
    "agent", ["no-such-host.invalid:161", "tcp:no-such-host.invalid", "IF-MIB::ifDescr.1"]
)
def test_an_unknown_host_is_named_as_given_as_snmpget_names_it(agent: str) -> None:
    """The agent as written, port, transport and colons kept (a name where the agent goes,
    as when it is left out): ours cut at the last colon, ``Unknown host (IF-MIB:)``."""
    ours = run_anysnmp("get", "-v2c", "-c", "public", agent, SYS_DESCR)
    theirs = run_netsnmp_tool("snmpget", "-v2c", "-c", "public", agent, SYS_DESCR)
    assert (ours.rc, ours.out, theirs.rc, theirs.out) == (1, "", 1, "")
    assert theirs.err == f"snmpget: Unknown host ({agent})\n"
    assert ours.err.startswith(f"anysnmp: Unknown host ({agent}): cannot resolve ")


@pytest.mark.parametrize("command", ["trap", "inform"])
@pytest.mark.parametrize("receiver", ["no-such-host.invalid", "tcp:no-such-host.invalid:162"])
def test_a_receiver_that_does_not_resolve_is_named_with_the_reason(
    command: str, receiver: str
) -> None:
    """snmptrap and snmpinform log ``snmptrap: `` and no reason; ours logs the line of the
    other commands, kept deliberately (docs/cli.md): the same status, nothing with -Ln."""
    args = ["-v2c", "-c", "public", receiver, "", "1.3.6.1.6.3.1.1.5.1"]
    ours, theirs = run_anysnmp(command, *args), run_netsnmp_tool(f"snmp{command}", *args)
    assert (ours.rc, ours.out, theirs.rc, theirs.out, theirs.err) == (1, "", 1, "", "snmptrap: \n")
    assert ours.err.startswith(f"anysnmp: Unknown host ({receiver}): cannot resolve ")
    quiet = run_anysnmp(command, "-Ln", *args), run_netsnmp_tool(f"snmp{command}", "-Ln", *args)
    assert quiet[0] == quiet[1] == Result(1, "", "")


async def test_getbulk_on_v1_is_refused_as_net_snmp_refuses_it(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    # snmpbulkwalk -v1: "Cannot send V2 PDU on V1 session"; we sent it, and timed out.
    for command in ("bulkwalk", "bulkget"):
        args = ["-v1", "-c", "public", snmpd.target, "1.3.6.1.2.1.1"]
        error = await error_of(command, "--backend", cli_backend(anyio_backend), *args)
        ref = await netsnmp_tool(f"snmp{command}", *args)
        assert ref.rc == 1 and ref.err.endswith(f"snmp{command}: {error.split(': ', 1)[1]}\n")
        assert error == "anysnmp: Cannot send V2 PDU on V1 session"


async def test_ipv6_agent_address_forms(snmpd6: Snmpd, anyio_backend: str) -> None:
    """``udp6:[addr]:port`` as Net-SNMP writes it, and ``[addr]:port``."""
    target = f"udp6:[{snmpd6.host}]:{snmpd6.port}"
    ours, theirs = await both(
        "get", "snmpget", "-v2c", "-c", "public", target, SYS_DESCR, SYS_NAME, backend=anyio_backend
    )
    assert ours == theirs
    mine = await anysnmp(
        "get",
        "--backend",
        cli_backend(anyio_backend),
        f"[{snmpd6.host}]:{snmpd6.port}",
        SYS_DESCR,
        SYS_NAME,
    )
    assert (mine.rc, mine.out) == (0, ours)


async def test_a_port_alone_is_of_the_wildcard_address_as_in_net_snmp(
    snmpd: Snmpd, anyio_backend: str
) -> None:
    """``PORT`` and ``udp:PORT``: a port of 0.0.0.0 (this host), not an IPv4 address given
    as a number (``161`` is not 0.0.0.161), as snmpget reads them."""
    for target in (str(snmpd.port), f"udp:{snmpd.port}"):
        ours, theirs = await both(
            "get", "snmpget", "-v2c", "-c", "public", target, SYS_DESCR, backend=anyio_backend
        )
        assert ours == theirs and "STRING" in ours


async def test_tcp_agent_addresses(snmpd: Snmpd, snmpd6: Snmpd, anyio_backend: str) -> None:
    """``tcp:host:port`` and ``tcp6:[addr]:port``: what snmpget and snmpbulkwalk print."""
    for target in (
        f"tcp:{snmpd.host}:{snmpd.tcp_port}",
        f"tcp6:[{snmpd6.host}]:{snmpd6.tcp_port}",
    ):
        ours, theirs = await both(
            "get", "snmpget", "-v2c", "-c", "public", target, SYS_DESCR, backend=anyio_backend
        )
        assert ours == theirs
    target = f"tcp:{snmpd.host}:{snmpd.tcp_port}"
    ours, theirs = await both(
        "bulkwalk",
        "snmpbulkwalk",
        "-Cr100",
        "-v2c",
        "-c",
        "public",
        target,
        "1.3.6.1.2.1.1",
        backend=anyio_backend,
    )
    assert stable_lines(ours) == stable_lines(theirs)
    assert len(ours.splitlines()) > 5


async def _first_request(command: list[str], roots: list[str]) -> tuple[object, ...]:
    """The first request `command` sends to a socket that never answers, less its request-id."""
    from anysnmp._codec import core

    async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
        port = sock.extra(anyio.abc.SocketAttribute.local_port)
        args = ["-v2c", "-c", "public", "-t", "0.2", "-r", "0", f"127.0.0.1:{port}", *roots]
        done = await anyio.run_process([*command, *args], env=ENV, check=False)
        assert done.returncode == 1
        with anyio.fail_after(5):
            data, _ = await sock.receive()
    version, community, pdu_type, _, *rest = core.decode_request(data)
    return version, community, pdu_type, *rest


@pytest.mark.parametrize(
    ("command", "roots"),
    [
        ("walk", [".1"]),
        ("bulkwalk", ["1"]),
        ("getnext", [".1", "0"]),
        ("bulkget", ["2", ".0"]),
        ("get", ["1", ".2"]),
    ],
)
async def test_a_root_of_one_arc_goes_out_as_net_snmp_sends_it(
    anyio_backend: str, command: str, roots: list[str]
) -> None:
    """``.1``: the octet 01 (BER encodes two arcs at least; an agent reads 0.1)."""
    ours = await _first_request([*ANYSNMP, command, "--backend", cli_backend(anyio_backend)], roots)
    theirs = await _first_request([f"snmp{command}"], roots)
    assert ours == theirs
    # The varbinds .1 = NULL (30 05 06 01 01 05 00)...
    assert ours[-1] == b"".join(bytes.fromhex(f"300506010{root[-1]}0500") for root in roots)


@pytest.mark.parametrize("command", ["get", "getnext"])
async def test_an_oid_of_dots_is_sent_as_net_snmp_sends_it(
    snmpd: Snmpd, anyio_backend: str, command: str
) -> None:
    """``.`` and ``..`` read as ``.1`` (sent as the octet 01), as snmpget and snmpgetnext send
    them, beside the other one-arc OIDs: the same lines and status."""
    oids = [".", "..", "...", "0", "2"]
    args = ["--backend", cli_backend(anyio_backend), *v2c(snmpd), *oids]
    ours = await anysnmp(command, *args)
    theirs = await netsnmp(f"snmp{command}", *v2c(snmpd), *oids)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert theirs.out.count(" = ") == len(oids)
