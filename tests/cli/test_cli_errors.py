"""Mistakes on the command line and failed requests: stderr and exit status as Net-SNMP's tools.

Each case runs our command and Net-SNMP's tool with the same arguments.
"""

from __future__ import annotations

import pytest
from cli_helpers import (
    Result,
    anysnmp,
    cli_backend,
    netsnmp,
    run_anysnmp,
    run_netsnmp,
    run_netsnmp_tool,
)
from mib_helpers import require_test_mibs
from peers import V3_USERS, Snmpd, in_background
from scripted import Request, ScriptedAgent, scripted_agent

from anysnmp import Agent, CommandResponder, MibView, OctetString

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"


def _args(snmpd: Snmpd, args: str) -> list[str]:
    return args.replace("AGENT", snmpd.target).split()


def _backend(command: str, test_backend: str) -> list[str]:
    """The command's --backend beside the test's (translate has none; table, trap and inform
    no blocking one)."""
    if command == "translate":
        return []
    loop = command in ("table", "trap", "inform")
    return ["--backend", test_backend if loop else cli_backend(test_backend)]


@pytest.mark.parametrize(
    ("command", "args"),
    [
        # No answer (a community the agent ignores): the line with or without its full stop.
        ("get", f"-v2c -c wrong -t 0.2 -r 0 AGENT {SYS_DESCR}"),
        ("bulkget", f"-v2c -c wrong -t 0.2 -r 0 AGENT {SYS_DESCR}"),
        ("walk", "-v2c -c wrong -t 0.2 -r 0 AGENT 1.3.6.1.2.1.1"),
        ("bulkwalk", "-v2c -c wrong -t 0.2 -r 0 AGENT 1.3.6.1.2.1.1"),
        ("set", f"-v2c -c wrong -t 0.2 -r 0 AGENT {SYS_CONTACT} s x"),
    ],
)
async def test_same_stderr_and_status_on_timeout(
    snmpd: Snmpd, anyio_backend: str, command: str, args: str
) -> None:
    """A timeout, under each backend."""
    mine = await anysnmp(command, *_backend(command, anyio_backend), *_args(snmpd, args))
    ref = await netsnmp(f"snmp{command}", *_args(snmpd, args))
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.rc != 0


@pytest.mark.parametrize(
    ("command", "args"),
    [
        # An error-status in the answer to a SET: "Error in packet.", reason, failed object.
        ("set", f"-v2c -c public AGENT {SYS_DESCR} s x"),  # noAccess
        ("set", f"-v2c -c private AGENT {SYS_DESCR} s x"),  # notWritable
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} i 5"),  # wrongType
        ("set", f"-v1 -c public AGENT {SYS_DESCR} s x"),  # noSuchName
    ],
)
def test_same_stderr_and_status(snmpd: Snmpd, command: str, args: str) -> None:
    mine = run_anysnmp(command, *_args(snmpd, args))
    ref = run_netsnmp(f"snmp{command}", *_args(snmpd, args))
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.rc != 0


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("get", "-v2c -c public AGENT ifDescr"),
        ("get", "-v2c -c public AGENT NOSUCH-MIB::x"),
        ("get", "-v2c -c public AGENT 1.3.6..1"),
        ("get", "-v2c -c public AGENT 1.3.6.1.x"),
        ("get", f"-v2c -c public AGENT {SYS_DESCR}."),
        ("walk", "-v2c -c public AGENT ifDescr"),
        ("walk", "-v2c -c public AGENT 1.3.6.1.2.1.1."),
        ("set", "-v2c -c private AGENT ifDescr.1 s x"),
        ("table", "-v2c -c public AGENT ifTable"),
        ("translate", "ifDescr"),
        ("translate", "1.3.6..1"),
    ],
)
def test_unknown_oids(snmpd: Snmpd, command: str, args: str) -> None:
    """Net-SNMP's "TEXT: Unknown Object Identifier (WHY)" line (tests/cli/
    test_cli_unknown_names.py has many more), its status: 1, snmptranslate's 2."""
    mine = run_anysnmp(command, *_args(snmpd, args))
    ref = run_netsnmp(f"snmp{command}", *_args(snmpd, args))
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.rc == (2 if command == "translate" else 1)
    assert "Unknown Object Identifier" in mine.err


@pytest.mark.parametrize(
    ("command", "args", "says"),
    [
        ("get", "-v2c -c public", "No hostname specified."),
        ("get", "-v2c -c public AGENT", "Missing object name"),
        ("walk", "-v2c -c public", "No hostname specified."),
        ("table", "-v2c -c public AGENT", "Must have exactly one table name"),
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} z x", "Bad object type: z"),
        (
            "set",
            f"-v2c -c private AGENT {SYS_CONTACT} i abc",
            "Value out of range (abc)",
        ),
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} x zz", "Bad value notation (zz)"),
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} d 300", "Bad value notation (300)"),
        (
            "set",
            f"-v2c -c private AGENT {SYS_CONTACT} b x",
            "Value out of range (x)",
        ),
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} = x", 'Bad variable type ("=")'),
        ("set", f"-v2c -c private AGENT {SYS_CONTACT} s", "Needs value"),
        *[
            (command, f"-v2c -c public AGENT {f'{SYS_CONTACT} ' * 129}", "Only 128 allowed")
            for command in ("get", "getnext")
        ],
        ("set", f"-v2c -c private AGENT {f'{SYS_CONTACT} s x ' * 129}", "Only 128 allowed"),
    ],
)
def test_usage_errors_exit_with_net_snmps_status(
    snmpd: Snmpd, command: str, args: str, says: str
) -> None:
    """Net-SNMP prints its usage screen or its own words; we say what is wrong. Both exit
    with 1."""
    mine = run_anysnmp(command, *_args(snmpd, args))
    ref = run_netsnmp(f"snmp{command}", *_args(snmpd, args))
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert says in mine.err


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("get", f"-v7 -c public AGENT {SYS_DESCR}"),
        ("walk", "-v 2 -c public AGENT"),
        ("trap", "-v 4 -c public AGENT 0 1.3.6.1.6.3.1.1.5.1"),
        ("set", f"-v3 -l high -u x AGENT {SYS_CONTACT} s x"),
        ("get", f"-v2c -c public -r x AGENT {SYS_DESCR}"),
        ("bulkwalk", "-v2c -c public -r -1 AGENT"),
        ("get", f"-v2c -c public -t x AGENT {SYS_DESCR}"),
        ("getnext", f"-v2c -c public -t 0.0000001 AGENT {SYS_DESCR}"),
        ("get", f"-v3 -l authNoPriv -u x -a FOO -A abcdefgh AGENT {SYS_DESCR}"),
        ("get", "-v3 -l authPriv -u x -a SHA -A abcdefgh -x AES-128-C -X abcdefgh AGENT 1.3"),
        ("walk", "-v2c -c public -p 161 AGENT"),
        ("trap", "-v2c -c public -p 162 AGENT 0 1.3.6.1.6.3.1.1.5.1"),
    ],
)
def test_bad_option_values_say_net_snmps_line(snmpd: Snmpd, command: str, args: str) -> None:
    """-v, -l, -r, -t, -a, -x values Net-SNMP's tools refuse, and -p, which they no longer
    take: their line (they print their usage screen after it), status 1, no click wording."""
    mine = run_anysnmp(command, *_args(snmpd, args))
    ref = run_netsnmp(f"snmp{command}", *_args(snmpd, args))
    line, usage, *_ = ref.err.splitlines()
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, f"{line}\n") == (1, "", mine.err)
    assert usage.startswith("USAGE: ") and (" after -" in line or "-p option" in line)


def test_option_values_net_snmp_takes_are_taken(snmpd: Snmpd) -> None:
    """What C's atof and atoi read (``-t 0.5x``, ``-r 1x``, hexadecimal), ``-v 2C``, -l's other
    names, -a and -x names without their dashes: taken, as by Net-SNMP's tools."""
    user = snmpd.user("sha256aes256")
    v3 = ["-v3", "-u", user.name, "-l", "ap", "-a", "sha256", "-A", str(user.auth_password)]
    v3 += ["-x", "AES256", "-X", str(user.priv_password)]
    for args in (["-v", "2C", "-c", "public", "-t", "0.5x", "-r", "1x"], ["-t", "0x1p-1", *v3]):
        mine = run_anysnmp("get", *args, snmpd.target, SYS_DESCR)
        ref = run_netsnmp("snmpget", *args, snmpd.target, SYS_DESCR)
        assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err) == (0, mine.out, "")


@pytest.mark.parametrize("command", ["get", "getnext", "bulkget", "walk", "bulkwalk", "set"])
@pytest.mark.parametrize(
    ("status", "index"),
    [(5, 99), (5, -5), (99, 1), (-1, -5), (1, 0)],
    ids=["index-past-the-varbinds", "negative-index", "unknown-status", "negative", "no-index"],
)
def test_error_statuses_out_of_range_print_as_net_snmp_prints_them(
    command: str, status: int, index: int
) -> None:
    """An agent's error-status or error-index past RFC 3416's: 'Unknown Error' and an empty
    'Failed object: ' when the index names no varbind, as Net-SNMP's tools print them; an
    error-index of 0 (tooBig) names none: snmpgetnext then exits 0."""

    async def answer(agent: ScriptedAgent, request: Request) -> None:
        varbinds = [(oid, 0x04, b"x") for oid, *_ in request.varbinds]
        await agent.reply(request, request.response(varbinds, status=status, index=index))

    with in_background(scripted_agent(answer)) as agent:
        args = ["-v2c", "-c", "public", "-On", "-t", "1", "-r", "0", f"127.0.0.1:{agent.port}"]
        args += [SYS_CONTACT, "s", "x"] if command == "set" else [SYS_CONTACT]
        mine = run_anysnmp(command, *args)
        ref = run_netsnmp(f"snmp{command}", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.rc == (0 if (command, index) == ("getnext", 0) else 2)


@pytest.mark.parametrize("version", ["2c", "3"])
async def test_an_inform_unanswered_says_what_snmpinform_says(
    anyio_backend: str, version: str
) -> None:
    args = ["-t", "1", "-r", "0", "127.0.0.1:9", "5", "1.3.6.1.6.3.1.1.5.1"]
    args = ["-v2c", "-c", "public", *args] if version == "2c" else ["-v3", "-u", "x", *args]
    mine = await anysnmp("inform", *_backend("inform", anyio_backend), *args)
    ref = await netsnmp("snmpinform", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert mine.err == ref.err.replace("snmpinform:", "anysnmp:") == "anysnmp: Timeout\n"


@pytest.mark.parametrize("command", ["get", "getnext", "bulkget", "walk", "bulkwalk", "set"])
async def test_a_v3_discovery_unanswered_says_what_net_snmps_tools_log(
    anyio_backend: str, command: str
) -> None:
    """The engine discovery times out (no request sent yet): snmpget's ``snmpget: Timeout``
    (logged), not a request's line."""
    args = ["-v3", "-u", "x", "-l", "noAuthNoPriv", "-t", "0.2", "-r", "0", "127.0.0.1:9"]
    args += [SYS_CONTACT, *(["s", "x"] if command == "set" else [])]
    mine = await anysnmp(command, *_backend(command, anyio_backend), *args)
    ref = await netsnmp(f"snmp{command}", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert mine.err == ref.err.replace(f"snmp{command}:", "anysnmp:") == "anysnmp: Timeout\n"


@pytest.mark.parametrize("command", ["set", "trap", "inform"])
def test_a_message_too_long_for_a_datagram_is_refused_in_net_snmps_words(command: str) -> None:
    """A value of 64 KB: the message passes what UDP carries; Net-SNMP's tools say
    'Too long' and send nothing, ours the same line when the system refuses the datagram."""
    value = ["s", "x" * 65_507]
    address = "127.0.0.1:9"  # nothing is sent
    args = {
        "set": [address, SYS_CONTACT, *value],
        "trap": [address, "5", "1.3.6.1.6.3.1.1.5.1", SYS_CONTACT, *value],
        "inform": [address, "5", "1.3.6.1.6.3.1.1.5.1", SYS_CONTACT, *value],
    }[command]
    args = ["-v2c", "-c", "public", "-t", "1", "-r", "0", *args]
    mine = run_anysnmp(command, *args)
    ref = run_netsnmp(f"snmp{command}", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert mine.err == ref.err.replace(f"snmp{command}:", "anysnmp:") == "anysnmp: Too long\n"


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("get", f"-v2c -c public 127.0.0.1:0 {SYS_DESCR}"),
        ("walk", "-v3 -u x -l noAuthNoPriv 127.0.0.1:0"),  # v3 discovers first
        ("bulkwalk", "-v2c -c public tcp:127.0.0.1:0"),
        ("trap", "-v2c -c public 127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1"),
        ("trap", "-v1 -c public 127.0.0.1:0 1.3.6.1.4.1.99 127.0.0.1 6 1 5"),
        ("inform", "-v2c -c public 127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1"),
        ("inform", "-v3 -u x -l noAuthNoPriv 127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1"),
    ],
)
def test_port_0_is_refused_in_net_snmps_words(command: str, args: str) -> None:
    """Nothing listens on port 0: Net-SNMP's tools fail to send ("Failure in sendto")."""
    mine = run_anysnmp(command, *args.split())
    ref = run_netsnmp(f"snmp{command}", *args.split())
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert mine.err == ref.err.replace(f"snmp{command}:", "anysnmp:")


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("set", f"-v2c -c public tcp:127.0.0.1:0 {SYS_DESCR} i abc {SYS_CONTACT} x zz"),
        ("set", f"-v3 -u x -l noAuthNoPriv tcp:127.0.0.1:0 {SYS_DESCR} i abc"),
        ("set", f"-v2c -c public 127.0.0.1:0 {SYS_DESCR} i abc {SYS_CONTACT} x zz"),
        ("get", f"-v2c -c public tcp:127.0.0.1:0 1.3.x {SYS_DESCR} 1.3.y"),
        ("get", "-v2c -c public 127.0.0.1:0 1.3.x"),
        ("getnext", "-v2c -c public tcp:127.0.0.1:0 1.3.x"),
        ("bulkget", "-v2c -c public tcp:127.0.0.1:0 1.3.x"),
        ("walk", "-v2c -c public tcp:127.0.0.1:0 1.3.x"),
        ("trap", f"-v2c -c public tcp:127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1 {SYS_DESCR} i abc"),
        ("trap", f"-v2c -c public 127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1 {SYS_DESCR} i abc"),
        ("trap", f"-v1 -c public 127.0.0.1:0 1.3.6.1.4.1.99 127.0.0.1 6 1 5 {SYS_DESCR} i abc"),
        ("inform", f"-v2c -c public tcp:127.0.0.1:0 5 1.3.6.1.6.3.1.1.5.1 {SYS_DESCR} i abc"),
        ("inform", f"-v2c -c public 127.0.0.1:0 5 1.3.x.1 {SYS_DESCR} i abc"),
    ],
)
def test_bad_values_and_a_session_that_cannot_open_in_net_snmps_order(
    command: str, args: str
) -> None:
    """snmpget, snmpgetnext, snmpset, snmptrap and snmpinform open their session before
    they read their OIDs and values: TCP to port 0 is said first (and alone); UDP to port
    0 fails at sending, after them. snmpbulkget and snmpwalk read their OIDs first."""
    mine = run_anysnmp(command, *args.split())
    ref = run_netsnmp(f"snmp{command}", *args.split())
    tool = "snmptrap" if command == "inform" else f"snmp{command}"  # snmpinform's name
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    assert mine.err == ref.err.replace(f"{tool}:", "anysnmp:")


@pytest.mark.parametrize(
    ("command", "version", "status"),
    [
        *[(command, "2c", status) for command in ("getnext", "bulkget") for status in (2, 10)],
        *[
            (command, "2c", status)
            for command in ("walk", "bulkwalk", "table")
            for status in (2, 16)
        ],
        ("walk", "1", 2),
        ("table", "1", 13),
    ],
)
def test_error_statuses_print_as_net_snmp_prints_them(
    command: str, version: str, status: int
) -> None:
    """An error-status in the answer: Net-SNMP's reason (its words for each status; of a
    GETBULK table, no failed object), or for noSuchName in any version "End of MIB" (but
    getnext's report; snmpbulkget's with a full stop), exit status 0."""

    async def answer(agent: ScriptedAgent, request: Request) -> None:
        varbinds = [(oid, 0x04, b"x") for oid, *_ in request.varbinds]
        await agent.reply(request, request.response(varbinds, status=status, index=1))

    with in_background(scripted_agent(answer)) as agent:
        args = [f"-v{version}", "-c", "public", "-t", "1", "-r", "0"]
        if command == "table":  # which needs the table's MIB (and names)
            args += [
                "-M",
                require_test_mibs(),
                "-m",
                "IF-MIB",
                f"127.0.0.1:{agent.port}",
                "ifTable",
            ]
        else:
            args += ["-On", f"127.0.0.1:{agent.port}", SYS_CONTACT]
        mine = run_anysnmp(command, *args)
        ref = run_netsnmp_tool(f"snmp{command}", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    end_of_mib = status == 2 and command != "getnext"  # snmpgetnext reports it
    assert ("End of MIB" in mine.out) if end_of_mib else ("Reason: " in mine.err), mine


#: An agent's engine whose boots are at the most there is.
BOOTS_ENGINE = bytes.fromhex("80001f888062") + b"boots"


@pytest.mark.parametrize(
    ("command", "args"), [("get", [SYS_CONTACT]), ("walk", []), ("set", [SYS_CONTACT, "s", "x"])]
)
def test_an_agent_out_of_boots_says_net_snmps_timeout_then_why(
    command: str, args: list[str]
) -> None:
    """Our agent at snmpEngineBoots 2^31-1 answers authenticated requests with Reports
    outside every time window (RFC 3414 2.2.2): Net-SNMP's tools drop them and time out;
    ours say that line, status 1, then why (the library's NotInTimeWindowError)."""
    user = next(u for u in V3_USERS if u.name == "sha256aes256")
    view = MibView({SYS_CONTACT: OctetString(b"ops")})
    responder = CommandResponder(
        view, users=[user.user()], engine_id=BOOTS_ENGINE, engine_boots=2**31 - 1
    )
    with in_background(Agent([("127.0.0.1", 0)], responder)) as agent:
        host, port = agent.addresses[0]
        options = [*user.netsnmp_args(), "-t", "0.3", "-r", "0", f"{host}:{port}", *args]
        mine = run_anysnmp(command, *options)
        ref = run_netsnmp(f"snmp{command}", *options)
    timeout, why = mine.err.splitlines()
    assert (mine.rc, mine.out, f"{timeout}\n") == (ref.rc, ref.out, ref.err) == (1, "", ref.err)
    assert ref.err.startswith("Timeout: No Response from 127.0.0.1:")
    assert why.startswith("anysnmp: the agent's snmpEngineBoots is 2147483647, the most")
    assert f"its engine {BOOTS_ENGINE.hex()} refuse every authenticated request" in why


def test_bulkget_without_an_oid_sends_a_getbulk_of_none(snmpd: Snmpd) -> None:
    """snmpbulkget takes no OID: a GETBULK with no varbinds, answered with none, nothing
    printed, status 0."""
    args = ["-v2c", "-c", "public", snmpd.target]
    mine, ref = run_anysnmp("bulkget", *args), run_netsnmp("snmpbulkget", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err) == (0, "", "")


@pytest.mark.parametrize("command", ["get", "getnext", "bulkget", "walk", "bulkwalk", "set"])
@pytest.mark.parametrize(
    ("agent", "why"),
    [
        ("127.0.0.1:x", "bad port 'x'"),
        ("127.0.0.1:99999", "bad port '99999'"),
        ("127.0.0.1:", "bad port ''"),  # a colon with no port: not the default port
        ("udp6:[::1]:", "bad port ''"),
        ("[::1", "bad address, expected [ipv6-address]:port"),
        ("udp:[::1", "bad address, expected [ipv6-address]:port"),
        ("udp6:[::1]:99999", "bad port '99999'"),
    ],
)
def test_a_bad_agent_address_is_an_unknown_host(command: str, agent: str, why: str) -> None:
    """Net-SNMP's tools log ``Unknown host (TEXT) (ERRNO)`` (a stale errno: ``No such file
    or directory``); ours logs ``Unknown host (TEXT): why``, nothing with -Ln, status 1."""
    args = ["-v2c", "-c", "public", agent, "1.3.6.1.2.1.1.4.0", *(["s", "x"] * (command == "set"))]
    ref = run_netsnmp(f"snmp{command}", *args)
    mine = run_anysnmp(command, *args)
    said = f"Unknown host ({agent})"
    assert ref.err.split(": ", 1)[1].startswith(f"{said} (")
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, f"anysnmp: {said}: {why}\n")
    quiet = run_anysnmp(command, "-Ln", *args), run_netsnmp(f"snmp{command}", "-Ln", *args)
    assert quiet[0] == quiet[1] == Result(1, "", "")
    if command in ("get", "getnext", "set"):  # their session opens before their OIDs read
        args += ["bad..oid", *(["s", "y"] * (command == "set"))]
        ref = run_netsnmp(f"snmp{command}", *args)
        assert ref.err.split(": ", 1)[1].startswith(f"{said} (")
        assert run_anysnmp(command, *args) == Result(ref.rc, ref.out, f"anysnmp: {said}: {why}\n")


#: Agents written with a transport of the other family than their address's, or brackets
#: that do not read, and why ours says they are unknown hosts (None: both tools answer).
#: {udp} and {tcp} are snmpd's ports on 127.0.0.1, {udp6} and {tcp6} on ::1; {default}
#: the command's default port.
FAMILY_FORMS = [
    ("udp6:127.0.0.1:{udp}", "'127.0.0.1' is an IPv4 address: write udp:127.0.0.1:{udp}"),
    ("udp6:[127.0.0.1]:{udp}", "'127.0.0.1' is an IPv4 address: write udp:127.0.0.1:{udp}"),
    ("udpv6:127.0.0.1:{udp}", "'127.0.0.1' is an IPv4 address: write udp:127.0.0.1:{udp}"),
    ("udp6:127.0.0.1", "'127.0.0.1' is an IPv4 address: write udp:127.0.0.1:{default}"),
    ("tcp6:127.0.0.1:{tcp}", "'127.0.0.1' is an IPv4 address: write tcp:127.0.0.1:{tcp}"),
    ("udp6:1.2.3", "'1.2.3' has no IPv6 address: write udp:1.2.3:{default}"),  # inet_aton's 1.2.0.3
    ("udp:[::1]:{udp6}", "'::1' is an IPv6 address: write udp6:[::1]:{udp6}"),
    ("udp:::1", "'::1' is an IPv6 address: write udp6:[::1]:{default}"),
    ("tcp:[::1]:{tcp6}", "'::1' is an IPv6 address: write tcp6:[::1]:{tcp6}"),
    ("udp6:[::1]{udp6}", "bad address, expected [ipv6-address]:port"),
    ("udp6:[[::1]]:{udp6}", "bad address, expected [ipv6-address]:port"),
    ("udp:[::1]x:{udp6}", "bad address, expected [ipv6-address]:port"),
    ("udp6:[::1]:{udp6}", None),
    ("udpv6:[::1]:{udp6}", None),
    ("tcp6:[::1]:{tcp6}", None),
    ("[::1]:{udp6}", None),  # no transport: udp, then udp6
    ("udp:[::ffff:127.0.0.1]:{udp}", None),  # an IPv4-mapped address is IPv4's
    ("tcp:127.0.0.1:{tcp}", None),
]


@pytest.mark.parametrize(("form", "why"), FAMILY_FORMS, ids=[form for form, _ in FAMILY_FORMS])
def test_a_transport_takes_addresses_of_its_family_as_netsnmp(
    snmpd: Snmpd, snmpd6: Snmpd, form: str, why: str | None
) -> None:
    """udp: and tcp: are IPv4, udp6: and tcp6: IPv6: an address of the other family, or a
    name with none of theirs, is an unknown host (status 1), as for Net-SNMP's tools, even
    with an OID that does not read (the session opens first), for a trap's or inform's
    receiver too; else both answer alike."""
    ports = {"udp": snmpd.port, "tcp": snmpd.tcp_port, "udp6": snmpd6.port, "tcp6": snmpd6.tcp_port}
    agent = form.format(**ports)
    if why is None:
        args = ["-v2c", "-c", "public", agent, SYS_CONTACT]
        mine, ref = run_anysnmp("get", "-On", *args), run_netsnmp("snmpget", *args)
        assert mine == ref and ref.rc == 0
        return
    said = f"Unknown host ({agent})"
    for command, request in (
        ("get", [SYS_CONTACT]),
        ("walk", ["1.3.6.1.2.1.1"]),
        ("get", ["bad..oid"]),
        ("set", [SYS_CONTACT, "s", "x", "bad..oid", "s", "y"]),
        ("trap", ["", "1.3.6.1.6.3.1.1.5.1"]),  # snmptrap logs "snmptrap: " alone (docs/cli.md)
        ("inform", ["", "1.3.6.1.6.3.1.1.5.1"]),
    ):
        args = ["-v2c", "-c", "private", "-t", "0.5", "-r", "0", agent, *request]
        ref = run_netsnmp(f"snmp{command}", *args)
        mine = run_anysnmp(command, *args)
        assert ref.err.split(": ", 1)[1].startswith(f"{said} (") or ref.err == "snmptrap: \n"
        default = 162 if command in ("trap", "inform") else 161
        expected = f"anysnmp: {said}: {why.format(**ports, default=default)}\n"
        assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, expected)


def test_set_and_inform_take_their_tools_c_letters(snmpd: Snmpd) -> None:
    """snmpset's -Cq (nothing printed on success; an error-status still said), snmpinform's
    -Ci; any other letter: ``Unknown flag passed to -C: z``, status 1, as the tools."""
    contact = run_netsnmp("snmpget", "-Oqv", "-v2c", "-c", "public", snmpd.target, SYS_CONTACT)
    held = contact.out.strip().strip('"')  # set to the value it holds: nothing changes
    receiver = "127.0.0.1:9"  # nothing listening: the inform times out
    cases = [
        ("set", ["-Cq", "-c", "private", snmpd.target, SYS_CONTACT, "s", held]),
        ("set", ["-Cq", "-c", "public", snmpd.target, SYS_CONTACT, "s", held]),  # noAccess
        ("set", ["-Cqz", "-c", "private", snmpd.target, SYS_CONTACT, "s", held]),
        ("inform", ["-Ci", "-t", "0.1", "-r", "0", "-c", "public", receiver, "", "1.3.6.1"]),
        ("inform", ["-Cz", "-c", "public", receiver, "", "1.3.6.1"]),
    ]
    statuses = []
    for command, args in cases:
        mine = run_anysnmp(command, "-v2c", *args)
        statuses.append(mine.rc)
        ref = run_netsnmp(f"snmp{command}", "-v2c", *args)
        if command == "inform":  # snmpinform logs snmpinform: Timeout
            ref = Result(ref.rc, ref.out, ref.err.replace("snmpinform:", "anysnmp:"))
        assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err), args
    assert statuses == [0, 2, 1, 1, 1]


@pytest.mark.parametrize("command", ["trap", "inform"])
@pytest.mark.parametrize("flags", ["-Ox", "-OqU", "-Oqz", "-O z"])
def test_trap_and_inform_take_o_as_their_tools(command: str, flags: str) -> None:
    """snmptrap and snmpinform take -O (and print nothing with it): a letter they do not
    take, their line (they print their usage screen after it), status 1."""
    args = [*flags.split(), "-v2c", "-c", "public", "-t", "0.1", "-r", "0"]
    args += ["127.0.0.1:9", "", "1.3.6.1.6.3.1.1.5.1"]  # nothing listening there
    mine, ref = run_anysnmp(command, *args), run_netsnmp_tool(f"snmp{command}", *args)
    said = ref.err.split("USAGE")[0].replace("snmpinform:", "anysnmp:")
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, said)
    assert mine.rc == (1 if "z" in flags or command == "inform" else 0)
