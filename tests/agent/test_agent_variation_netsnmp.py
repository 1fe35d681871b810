"""Recordings with snmpsim's variation modules, through Net-SNMP's tools: our agent, and snmpsim.

The same recording is served by our agent and by snmpsim's own responder;
the same snmpget/snmpset/snmpwalk commands must print the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from agent_helpers import run, serve
from peers import snmpsim_responder

from anysnmp._address import TransportAddress
from anysnmp._agent import Agent
from anysnmp._codec import PduType, core
from anysnmp._mibview import MibView
from anysnmp._responder import CommandResponder
from anysnmp._transport import Request

pytestmark = pytest.mark.anyio

IF = "1.3.6.1.2.1.2.2.1"
#: A record whose function has no value (log(0)).
LOG = "1.3.6.1.4.1.99999.1.0"
RECORDING = f"""\
1.3.6.1.2.1.1.1.0|4|a device with variations
1.3.6.1.2.1.1.3.0|67:numeric|rate=100,initial=100000000
{IF}.1.1|2:error|op=get,status=authorizationError,value=1
{IF}.2.1|4:error|op=set,status=commitfailed,hexvalue=00127962f940
{IF}.3.1|2:error|vlist=gt:2:wrongvalue,value=1
{IF}.6.1|4:error|status=noaccess
{IF}.7.1|2:writecache|value=42,vlist=lt:40:wrongvalue:gt:50:noaccess
{IF}.8.1|66:writecache|value=100000000,op=get,status=noaccess
{IF}.9.1|4:writecache|hexvalue=4920616d
{IF}.10.1|65:numeric|rate=0,initial=5,min=10
{IF}.11.1|2:numeric|function=cos,scale=10,offset=100,rate=0
{IF}.12.1|4|static
{IF}.14.1|2:delay|value=6,wait=1
{IF}.15.1|4:delay|hexvalue=00127962f940,wait=10
{IF}.16.1|2:delay|vlist=eq:0:1:eq:1:2,value=1,wait=1
{IF}.17.1|65:numeric|function=cos,rate=0,scale=3,cumulative=1
"""

#: Commands run in turn against both agents (after ``-v VERSION -c COMMUNITY TARGET``).
COMMANDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("snmpget", "2c", (f"{IF}.2.1", f"{IF}.3.1", f"{IF}.10.1", f"{IF}.11.1", f"{IF}.12.1")),
    ("snmpget", "2c", (f"{IF}.1.1",)),  # error op=get: authorizationError
    ("snmpget", "2c", (f"{IF}.12.1", f"{IF}.6.1")),  # error (any): noAccess, the second varbind
    ("snmpget", "1", (f"{IF}.6.1",)),  # v1: noSuchName
    ("snmpgetnext", "2c", (f"{IF}.1",)),  # GETNEXT reaches an error record: its error
    ("snmpwalk", "2c", (f"{IF}.9",)),
    ("snmpbulkwalk", "2c", (f"{IF}.10",)),
    ("snmpset", "2c", (f"{IF}.2.1", "s", "new")),  # error op=set: commitFailed
    ("snmpset", "2c", (f"{IF}.3.1", "i", "5")),  # vlist gt:2: wrongValue
    ("snmpset", "1", (f"{IF}.3.1", "i", "3")),  # v1: badValue
    ("snmpset", "2c", (f"{IF}.3.1", "i", "2")),  # accepted, kept
    ("snmpget", "2c", (f"{IF}.3.1",)),
    ("snmpset", "2c", (f"{IF}.7.1", "i", "30")),  # writecache vlist lt:40: wrongValue
    ("snmpset", "2c", (f"{IF}.7.1", "i", "60")),  # gt:50: noAccess
    ("snmpset", "2c", (f"{IF}.7.1", "i", "45", f"{IF}.9.1", "s", "changed")),
    ("snmpget", "2c", (f"{IF}.7.1", f"{IF}.9.1")),
    ("snmpget", "2c", (f"{IF}.8.1",)),  # writecache op=get,status=noaccess
    ("snmpset", "2c", (f"{IF}.8.1", "u", "7")),  # ... a SET is taken
    ("snmpget", "2c", (f"{IF}.9.1", f"{IF}.7.1")),
    ("snmpget", "2c", (f"{IF}.17.1",)),  # cumulative: each GET adds cos(0) * 3
    ("snmpget", "2c", (f"{IF}.17.1", f"{IF}.17.1")),
    ("snmpget", "2c", (f"{IF}.14.1", f"{IF}.15.1")),  # delay: the values, late
    ("snmpset", "2c", (f"{IF}.16.1", "i", "0")),  # answered (late) with the value set...
    ("snmpget", "2c", (f"{IF}.16.1",)),  # ... which is not kept
)


async def _outputs(target: str, community: str = "variations") -> list[tuple[int, str, str]]:
    outputs = []
    for tool, version, args in COMMANDS:
        outputs.append(
            await run(tool, "-v", version, "-c", community, "-t", "5", target, *args, check=False)
        )
    return outputs


@pytest.fixture
def snmpsim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """snmpsim's responder serving `RECORDING` as community ``variations``; yields its address.

    One per test: snmpsim keeps writecache's values by OID, across its recordings.
    """
    data = tmp_path_factory.mktemp("snmpsim-data")
    (data / "variations.snmprec").write_text(RECORDING)
    with snmpsim_responder(data, tmp_path_factory.mktemp("snmpsim-cache"), "variations") as at:
        yield at


def _view(tmp_path: Path, clock: list[float] | None = None, more: str = "") -> MibView:
    path = tmp_path / "variations.snmprec"
    path.write_text(RECORDING + more)
    if clock is None:
        return MibView.from_snmprec(path)
    return MibView.from_snmprec(path, clock=lambda: clock[0])


async def test_net_snmp_tools_see_what_snmpsim_serves(
    snmpsim: str, anyio_backend: str, tmp_path: Path
) -> None:
    async with serve(_view(tmp_path), communities={"variations": "rw"}) as (target, _):
        ours = await _outputs(target)
    theirs = await _outputs(snmpsim)
    for command, mine, reference in zip(COMMANDS, ours, theirs, strict=True):
        assert mine == reference, command
    assert [out for _, out, _ in ours[-5:-3]] == [  # the bulkwalk's read-ahead served 3
        "iso.3.6.1.2.1.2.2.1.17.1 = Counter32: 6\n",
        "iso.3.6.1.2.1.2.2.1.17.1 = Counter32: 9\niso.3.6.1.2.1.2.2.1.17.1 = Counter32: 12\n",
    ]
    assert ours[-6][1].splitlines() == [
        'iso.3.6.1.2.1.2.2.1.9.1 = STRING: "changed"',
        "iso.3.6.1.2.1.2.2.1.7.1 = INTEGER: 45",
    ]
    assert [out for _, out, _ in ours[-3:]] == [
        "iso.3.6.1.2.1.2.2.1.14.1 = INTEGER: 6\niso.3.6.1.2.1.2.2.1.15.1 = Hex-STRING: 00 12 79 62 F9 40 \n",
        "iso.3.6.1.2.1.2.2.1.16.1 = INTEGER: 0\n",
        "iso.3.6.1.2.1.2.2.1.16.1 = INTEGER: 1\n",
    ]


async def test_numeric_values_follow_the_agents_clock(tmp_path: Path) -> None:
    clock = [50.0]
    async with serve(_view(tmp_path, clock, f"{LOG}|2:numeric|function=log,rate=0\n")) as (
        target,
        _,
    ):
        args = ("-v2c", "-c", "public", "-On", target, "1.3.6.1.2.1.1.3.0")
        first = (await run("snmpget", *args))[1]
        clock[0] += 12.34
        later = (await run("snmpget", *args))[1]
        # log(0): no value, genErr (snmpsim answers noSuchInstance).
        failed = await run("snmpget", *args[:-1], LOG, check=False)
    assert first == ".1.3.6.1.2.1.1.3.0 = Timeticks: (100000000) 11 days, 13:46:40.00\n"
    assert later == ".1.3.6.1.2.1.1.3.0 = Timeticks: (100001234) 11 days, 13:46:52.34\n"
    assert "Reason: (genError)" in failed[2]


async def test_only_what_the_recording_marks_takes_a_set(tmp_path: Path) -> None:
    async with serve(_view(tmp_path), communities={"public": "ro", "private": "rw"}) as (
        target,
        _,
    ):
        # A read-only community changes nothing, writecache or not.
        ro = await run(
            "snmpset", "-v2c", "-c", "public", target, f"{IF}.7.1", "i", "45", check=False
        )
        assert "Reason: noAccess" in ro[2]
        for oid, kind, value in (
            (f"{IF}.12.1", "s", "x"),  # a plain record
            ("1.3.6.1.2.1.1.3.0", "t", "5"),  # numeric
        ):
            rw = await run(
                "snmpset", "-v2c", "-c", "private", target, oid, kind, value, check=False
            )
            assert "Reason: notWritable" in rw[2], oid
        # A writecache value keeps its type (snmpsim answers noSuchInstance, no error).
        typed = await run(
            "snmpset", "-v2c", "-c", "private", target, f"{IF}.7.1", "s", "x", check=False
        )
        assert "Reason: wrongType" in typed[2]
        kept = await run("snmpget", "-v2c", "-c", "public", "-Oqv", target, f"{IF}.7.1")
        assert kept[1] == "42\n"


async def test_exception_statuses_answer_with_exception_values(tmp_path: Path) -> None:
    path = tmp_path / "exceptions.snmprec"
    path.write_text(
        "1.3.6.1.2.1.1.1.0|4|first\n"
        "1.3.6.1.2.1.1.2.0|6:error|op=get,status=noSuchObject,value=1.3.6.1.4.1.1\n"
        "1.3.6.1.2.1.1.4.0|4:writecache|op=set,status=noSuchInstance,value=x\n"
        "1.3.6.1.2.1.1.5.0|4|last\n"
        "1.3.6.1.2.1.1.6.0|67:error|status=tooBig,value=5\n"
    )
    async with serve(MibView.from_snmprec(path), communities={"private": "rw"}) as (target, _):
        v2c = ("-v2c", "-c", "private", "-On", target)
        v1 = ("-v1", "-c", "private", "-On", target)
        got = await run("snmpget", *v2c, "1.3.6.1.2.1.1.2.0")
        assert got[1] == ".1.3.6.1.2.1.1.2.0 = No Such Object available on this agent at this OID\n"
        got = await run("snmpget", *v1, "1.3.6.1.2.1.1.2.0", check=False)
        assert "Reason: (noSuchName)" in got[2]
        got = await run("snmpgetnext", *v1, "1.3.6.1.2.1.1.1.0")  # v1 carries no exception value
        assert got[1] == '.1.3.6.1.2.1.1.4.0 = STRING: "x"\n'
        got = await run("snmpset", *v2c, "1.3.6.1.2.1.1.4.0", "s", "y", check=False)
        assert "Reason: noCreation" in got[2]
        got = await run("snmpget", *v2c, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.6.0", check=False)
        assert "Reason: (tooBig)" in got[2]


DELAYS = (
    "1.3.6.1.2.1.1.1.0|4|quick\n"
    "1.3.6.1.2.1.1.2.0|2:delay|value=6,wait=3000\n"
    "1.3.6.1.2.1.1.3.0|2:delay|value=7,wait=1000000\n"
)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
async def test_a_delayed_reply_holds_up_no_other_request(tmp_path: Path, transport: str) -> None:
    path = tmp_path / "delays.snmprec"
    path.write_text(DELAYS)
    late: list[tuple[int, str, str]] = []
    async with serve(MibView.from_snmprec(path), transport=transport) as (target, responder):
        args = ("-v2c", "-c", "public", "-On", "-r", "0", target)

        async def get_late() -> None:
            late.append(await run("snmpget", "-t", "20", *args, "1.3.6.1.2.1.1.2.0"))

        async with anyio.create_task_group() as group:
            group.start_soon(get_late)
            with anyio.fail_after(10):
                while responder.stats.requests < 1:  # the delayed request has arrived
                    await anyio.sleep(0.01)
            quick = await run("snmpget", "-t", "5", *args, "1.3.6.1.2.1.1.1.0")
            assert quick[1] == '.1.3.6.1.2.1.1.1.0 = STRING: "quick"\n'
            assert not late  # still waiting for its reply
            never = await run("snmpget", "-t", "0.5", *args, "1.3.6.1.2.1.1.3.0", check=False)
            assert never[0] != 0 and "Timeout" in never[2]  # beyond 999999 ms: no reply
    assert late == [(0, ".1.3.6.1.2.1.1.2.0 = INTEGER: 6\n", "")]


async def test_delayed_replies_count_in_max_concurrency(tmp_path: Path) -> None:
    path = tmp_path / "delays.snmprec"
    path.write_text(DELAYS)
    responder = CommandResponder(MibView.from_snmprec(path))
    iface = TransportAddress("udp", "127.0.0.1", 0)
    async with Agent([iface], responder, max_concurrency=1) as agent:
        target = f"127.0.0.1:{agent.addresses[0][1]}"
        args = ("-v2c", "-c", "public", "-t", "0.5", "-r", "0", target, "1.3.6.1.2.1.1.2.0")

        async def get_late() -> None:
            first = await run("snmpget", *args, check=False)
            assert "Timeout" in first[2]  # its reply waits 3 s

        async with anyio.create_task_group() as group:
            group.start_soon(get_late)
            with anyio.fail_after(10):
                while responder.stats.requests < 1:
                    await anyio.sleep(0.01)
            second = await run("snmpget", *args, check=False)
        assert "Timeout" in second[2]
        assert agent.stats.dropped == 1


async def test_a_delayed_reply_the_peer_left_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "delay.snmprec"
    path.write_text("1.3.6.1.2.1.1.2.0|2:delay|value=6,wait=200\n")
    responder = CommandResponder(MibView.from_snmprec(path))
    request = core.Codec(1, b"public").encode_request(PduType.GET, 1, ["1.3.6.1.2.1.1.2.0"])
    async with Agent([TransportAddress("tcp", "127.0.0.1", 0)], responder) as agent:
        async with await anyio.connect_tcp("127.0.0.1", agent.addresses[0][1]) as stream:
            await stream.send(request)
            with anyio.fail_after(10):
                while responder.stats.requests < 1:
                    await anyio.sleep(0.01)
        with anyio.fail_after(10):  # closed before its reply was due
            while agent.stats.send_errors < 1:
                await anyio.sleep(0.01)


async def test_the_responder_as_an_async_handler_waits_too(tmp_path: Path) -> None:
    path = tmp_path / "delays.snmprec"
    path.write_text(
        "1.3.6.1.2.1.1.1.0|4|quick\n"
        "1.3.6.1.2.1.1.2.0|2:delay|value=6,wait=300\n"
        "1.3.6.1.2.1.1.3.0|2:delay|value=7,wait=1000000\n"
    )
    responder = CommandResponder(MibView.from_snmprec(path))

    async def handler(request: Request) -> None:  # no `answer`: a task per datagram
        await responder(request)

    async with Agent([TransportAddress("udp", "127.0.0.1", 0)], handler) as agent:
        target = f"127.0.0.1:{agent.addresses[0][1]}"
        args = ("-v2c", "-c", "public", "-On", "-r", "0", target)
        got = await run("snmpget", "-t", "5", *args, "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.1.0")
        assert got[1] == '.1.3.6.1.2.1.1.2.0 = INTEGER: 6\n.1.3.6.1.2.1.1.1.0 = STRING: "quick"\n'
        never = await run("snmpget", "-t", "0.5", *args, "1.3.6.1.2.1.1.3.0", check=False)
        assert "Timeout" in never[2]
