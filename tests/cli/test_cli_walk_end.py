"""The walk commands tell how a walk ended from the walk itself: no request after it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_helpers import anysnmp, background, cli_backend, netsnmp
from peers import in_background
from scripted import Request, ScriptedAgent, scripted_agent

from anysnmp import Agent, CommandResponder, Integer, MibView, SnmpSession, SnmpVersion, sync
from anysnmp._types import Tag
from anysnmp.cli._blocking import BlockingSession, run_to_end
from anysnmp.cli._output import Output
from anysnmp.cli._walk import WalkOptions, walk_subtree

pytestmark = pytest.mark.anyio

SYSTEM = "1.3.6.1.2.1.1"
VALUES = {f"{SYSTEM}.{n}.0": Integer(n) for n in (1, 2, 3)}


@pytest.mark.parametrize(
    ("version", "after", "end_line"),
    [
        (SnmpVersion.v2c, {"1.3.6.1.2.1.2.1.0": Integer(9)}, None),  # leaves the subtree
        (SnmpVersion.v2c, {}, f".{SYSTEM}.3.0 = No more variables left in this MIB View"),
        (SnmpVersion.v1, {}, "End of MIB"),
    ],
    ids=["end-of-subtree", "end-of-mib-view", "v1-no-such-name"],
)
async def test_a_getnext_walk_sends_one_request_per_answer(
    version: SnmpVersion, after: dict[str, Integer], end_line: str | None
) -> None:
    responder = CommandResponder(MibView({**VALUES, **after}))
    stream = io.StringIO()
    async with (
        Agent([("127.0.0.1", 0)], responder) as agent,
        SnmpSession(*agent.addresses[0], version=version, timeout=2) as session,
    ):
        printed = await walk_subtree(session, SYSTEM, Output(stream=stream), bulk=False)
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [f".{oid} = INTEGER: {value.value}" for oid, value in VALUES.items()]
    assert lines[3:] == ([] if end_line is None else [lines[3]])
    if end_line is not None:
        assert lines[3].startswith(end_line)
    assert printed == 3 + (end_line is not None and version != SnmpVersion.v1)
    # Three answers in the subtree and the one that ended the walk: nothing more.
    assert responder.stats.requests == 4


@pytest.mark.parametrize("bulk", [False, True])
@pytest.mark.parametrize("last", [4, 5])
def test_ce_sends_no_request_past_its_oid(bulk: bool, last: int) -> None:
    """The blocking walk sends its next request before printing a batch, but not once the
    batch reached -CE's OID (snmpwalk's option; GETBULK's max-repetitions 2: 1-2, 3-4...)."""
    end = f"{SYSTEM}.{last}.0"
    responder = CommandResponder(MibView({f"{SYSTEM}.{n}.0": Integer(n) for n in range(1, 9)}))
    stream = io.StringIO()
    with (
        in_background(Agent([("127.0.0.1", 0)], responder)) as agent,
        sync.SnmpSession(*agent.addresses[0], timeout=2, max_repetitions=2) as session,
    ):
        walk = walk_subtree(
            BlockingSession(session),
            SYSTEM,
            Output(stream=stream),
            bulk=bulk,
            options=WalkOptions(end=end),
        )
        printed = run_to_end(walk)
    assert printed == last - 1
    assert stream.getvalue().splitlines() == [
        f".{SYSTEM}.{n}.0 = INTEGER: {n}" for n in range(1, last)
    ]
    assert responder.stats.requests == ((last + 1) // 2 if bulk else last)


@pytest.mark.parametrize("end", [Tag.END_OF_MIB_VIEW, Tag.NO_SUCH_OBJECT])
async def test_what_follows_the_exception_value_in_its_response_prints_as_net_snmp(
    end: Tag,
) -> None:
    """snmpsim fills a GETBULK response past its last OID with endOfMibView varbinds
    repeating that OID; snmpbulkwalk prints each one, and what else of the subtree follows."""
    last = f"{SYSTEM}.3.0"

    async def answer(agent: ScriptedAgent, request: Request) -> None:
        varbinds = [
            (f"{SYSTEM}.1.0", int(Tag.INTEGER), 1),
            (last, int(Tag.INTEGER), 3),
            (last, int(end), None),
            (last, int(end), None),
            ("1.3.6.1.2.1.2.1.0", int(end), None),  # out of the subtree: not printed
            (f"{SYSTEM}.9.0", int(Tag.INTEGER), 9),
        ]
        await agent.reply(request, request.response(varbinds))

    stream = io.StringIO()
    async with (
        scripted_agent(answer) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=2) as session,
    ):
        printed = await walk_subtree(session, SYSTEM, Output(stream=stream), bulk=True)
    text = {
        Tag.END_OF_MIB_VIEW: "No more variables left in this MIB View (It is past the end of "
        "the MIB tree)",
        Tag.NO_SUCH_OBJECT: "No Such Object available on this agent at this OID",
    }[end]
    assert stream.getvalue().splitlines() == [
        f".{SYSTEM}.1.0 = INTEGER: 1",
        f".{last} = INTEGER: 3",
        f".{last} = {text}",
        f".{last} = {text}",
        f".{SYSTEM}.9.0 = INTEGER: 9",
    ]
    assert printed == 5
    assert len(agent.requests) == 1


@pytest.mark.parametrize(
    ("command", "version", "first", "options"),
    [
        ("walk", "1", True, []),
        ("bulkwalk", "2c", True, []),
        # Nothing printed: snmpwalk then GETs the root, as after any answer.
        ("walk", "1", False, ["-Cp"]),  # noSuchName: nothing more printed
        ("walk", "2c", False, ["-Cp"]),  # the root's noSuchObject, counted
        ("bulkwalk", "2c", False, []),
        ("walk", "2c", False, ["-CI", "-Cp"]),  # -CI: no GET
    ],
)
async def test_an_error_status_ends_a_walk_as_net_snmp_reports_it(
    tmp_path: Path,
    anyio_backend: str,
    command: str,
    version: str,
    first: bool,
    options: list[str],
) -> None:
    """A value too big for a datagram (65,530 octets: its response would pass 65,507): the
    agent answers tooBig, and the walk stops with snmpwalk's report on stderr (exit status
    2) after what it printed."""
    recording = tmp_path / "big.snmprec"
    recording.write_text(f"{SYSTEM}.1.0|2|1\n" * first + f"{SYSTEM}.2.0|4x|{'ab' * 65_530}\n")
    async with background(
        "agent", "--backend", anyio_backend, "--listen", "127.0.0.1:0", str(recording)
    ) as (_, addr):
        args = [f"-v{version}", "-c", "public", *options, addr, SYSTEM]
        ours = await anysnmp(command, "--backend", cli_backend(anyio_backend), *args)
        theirs = await netsnmp(f"snmp{command}", *args)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert ours.rc == 2
    assert ours.err.startswith("Error in packet.\nReason: (tooBig)")
    root_printed = version == "2c" and "-CI" not in options
    assert bool(ours.out) == (first or root_printed or "-Cp" in options)
