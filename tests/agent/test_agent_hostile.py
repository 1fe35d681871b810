"""What a demanding manager or an attacker meets at our agent: names BER does not allow or
SNMP does not take (an empty OID, more than 128 arcs), getters and handlers that keep
failing; answered as Net-SNMP's snmpd answers them, logged so that the log cannot flood."""

from __future__ import annotations

import logging
from itertools import count

import anyio
import pytest
from agent_helpers import serve
from ber import integer, oid, tlv
from peers import Snmpd

from anysnmp import ErrorStatusError, MibView, SnmpSession, _agent
from anysnmp._agent import Agent, Request
from anysnmp._codec import PduType, core
from anysnmp._failures import LOG_INTERVAL, MAX_KINDS, FailureLog

pytestmark = pytest.mark.anyio

SENSOR, FAN = "1.3.6.1.4.1.9.2.0", "1.3.6.1.4.1.9.3.0"
#: snmpInASNParseErrs.0: the messages snmpd could not decode.
PARSE_ERRORS = "1.3.6.1.2.1.11.6.0"
#: A name of 129 arcs (RFC 2578 3.5: at most 128), and one of 128.
TOO_LONG = ".".join(["1", "3"] + ["6"] * 127)
LONGEST = ".".join(["1", "3"] + ["6"] * 126)


def _message(pdu: int, name: bytes, request_id: int, community: bytes = b"public") -> bytes:
    """A v2c request of one varbind named by the encoded OID `name` (a SET's value 1, a
    GetBulk's max-repetitions 2), written by hand: our encoder writes no such name."""
    value = tlv(2, b"\x01") if pdu == PduType.SET else b"\x05\x00"
    fields = integer(request_id) + integer(0) + integer(2 if pdu == PduType.GETBULK else 0)
    varbinds = tlv(0x30, tlv(0x30, name + value))
    return tlv(0x30, integer(1) + tlv(4, community) + tlv(pdu, fields + varbinds))


async def _first_reply(target: str, *requests: bytes) -> bytes:
    """Sends the requests in turn from one socket: the first datagram back."""
    host, port = target.rsplit(":", 1)
    async with await anyio.create_connected_udp_socket(host, int(port)) as sock:
        for request in requests:
            await sock.send(request)
        with anyio.fail_after(10):
            return await sock.receive()


PDUS = [PduType.GET, PduType.GETNEXT, PduType.GETBULK, PduType.SET]


async def test_an_empty_name_is_answered_as_0_0_as_snmpd(snmpd: Snmpd) -> None:
    """An empty OBJECT IDENTIFIER (06 00, which BER does not allow) names 0.0, as in snmpd:
    GET, GETNEXT and GETBULK answer it as they answer 0.0, a GET octet for octet as snmpd;
    a SET answers as for 0.0, its varbinds echoed as they came (RFC 3416 4.2.5; snmpd
    writes 0.0). Before, a GET (noSuchObject) or a GETNEXT past the last entry
    (endOfMibView) made no reply and logged a handler's traceback per message."""
    empty, zero = tlv(6, b""), oid("0.0")
    async with serve(MibView({}), communities={"public": "rw"}) as (target, _):
        for pdu in PDUS:
            request = _message(pdu, empty, 7)
            ours = await _first_reply(target, request)
            as_zero = await _first_reply(target, _message(pdu, zero, 7))
            if pdu == PduType.SET:
                assert core.decode_message(ours)[3] == core.decode_message(as_zero)[3]
                echoed = tlv(0x30, tlv(0x30, empty + tlv(2, b"\x01")))
                assert request.endswith(echoed) and ours.endswith(echoed)
            else:
                assert ours == as_zero
            if pdu == PduType.GET:
                assert ours == await _first_reply(snmpd.target, request)


def _parse_errors(reply: bytes) -> int:
    """The snmpInASNParseErrs.0 a reply of snmpd carries."""
    _, _, _, (request_id, _, _), varbinds = core.decode_message(reply)
    assert request_id == 99 and varbinds[0][0] == PARSE_ERRORS
    return int(varbinds[0][1])


async def test_a_name_of_more_than_128_arcs_is_dropped_as_snmpd_drops_it(snmpd: Snmpd) -> None:
    """RFC 2578 3.5: an OID has at most 128 arcs. A request naming one of 129 is no message:
    no reply (the first datagram back is the next request's), counted (snmpd in
    snmpInASNParseErrs, ours in ``stats.malformed``); one of 128 is answered, alike."""
    bad = [_message(pdu, oid(TOO_LONG), 10 + i) for i, pdu in enumerate(PDUS)]
    count_errors = _message(PduType.GET, oid(PARSE_ERRORS), 99)
    longest = _message(PduType.GET, oid(LONGEST), 5)
    before = _parse_errors(await _first_reply(snmpd.target, count_errors))
    assert _parse_errors(await _first_reply(snmpd.target, *bad, count_errors)) == before + 4
    theirs = await _first_reply(snmpd.target, longest)
    async with serve(MibView({})) as (target, responder):
        assert await _first_reply(target, *bad, longest) == theirs
    assert responder.stats.malformed == len(bad) and responder.stats.requests == 1


async def test_a_failing_getter_logs_its_traceback_once_then_a_line_a_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each request serving a getter that raises is genErr; the first failure of each
    getter is logged with its traceback, the later ones counted in a line at most once per
    `LOG_INTERVAL` of the view's clock, so requests cannot flood the log."""
    calls = count(1)

    def sensor() -> int:
        raise RuntimeError(f"sensor offline {next(calls)}")

    raised = sensor.__code__.co_firstlineno + 1

    def fan() -> int:
        raise OSError("no fan")

    now = [0.0]
    view = MibView({"1.3.6.1.4.1.9.1.0": 1, SENSOR: sensor, FAN: fan}, clock=lambda: now[0])
    # Seconds of the view's clock at each GET of the sensor.
    times = [0, 0, 0, 30, 30, LOG_INTERVAL, LOG_INTERVAL + 1]
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with serve(view) as (target, responder):
            host, port = target.rsplit(":", 1)
            async with SnmpSession(host, int(port), timeout=5, retries=0) as session:
                for seconds in times:
                    now[0] = seconds
                    with pytest.raises(ErrorStatusError) as failed:
                        await session.get(SENSOR)
                    assert (failed.value.status_name, failed.value.index) == ("genErr", 1)
                with pytest.raises(ErrorStatusError) as failed:  # another getter: its own
                    await session.get_many(["1.3.6.1.4.1.9.1.0", FAN])
                assert (failed.value.status_name, failed.value.index) == ("genErr", 2)
    logged = [(r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert logged == [
        (f"getter of {SENSOR} failed", True),
        (
            f"getter of {SENSOR} failed 5 more times since its last line, the last with "
            f"RuntimeError: sensor offline 6 ({__file__}, line {raised})",
            False,
        ),
        (f"getter of {FAN} failed", True),
    ]
    assert "RuntimeError: sensor offline 1" in str(caplog.records[0].exc_text)
    assert "OSError: no fan" in str(caplog.records[2].exc_text)
    assert responder.stats.getter_errors == len(times) + 1


def _raise_at_one(data: bytes) -> None:
    """Raises RuntimeError or ValueError (data starting ``v``) at one line."""
    raise (ValueError if data.startswith(b"v") else RuntimeError)(data.decode())


def _raise_at_another(data: bytes) -> None:
    raise RuntimeError(data.decode())


def _fail(data: bytes) -> None:
    (_raise_at_another if data.startswith(b"y") else _raise_at_one)(data)


class _Failing:
    """An inline handler (as CommandResponder) whose answer fails as `_fail` says."""

    def answer(self, request: Request) -> bytes | None:
        _fail(request.data)
        return None

    async def __call__(self, request: Request) -> None:
        raise AssertionError("the agent calls answer() inline")


async def _failing(request: Request) -> None:
    """A handler run in a task whose failures are `_fail`'s."""
    _fail(request.data)


@pytest.mark.parametrize("handler", [_failing, _Failing()], ids=["task", "inline"])
async def test_a_failing_handler_logs_each_kind_once_then_a_line_a_minute(
    handler: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler's failures are grouped by kind (the exception's type, the place it was
    raised): each kind's first is logged with its traceback, the later ones counted in a line
    at most once per `LOG_INTERVAL` of the agent's clock. Before, each message logged a
    traceback: a peer could flood the log through a buggy handler."""
    now = [0.0]
    monkeypatch.setattr(_agent, "monotonic", lambda: now[0])
    one = (__file__, _raise_at_one.__code__.co_firstlineno + 2)
    another = (__file__, _raise_at_another.__code__.co_firstlineno + 1)
    # (seconds of the agent's clock, message): x at one place, y at another, v (ValueError) at x's.
    sent: list[tuple[float, bytes]] = [(0, b"x1"), (0, b"x2"), (0, b"y1"), (0, b"v1")]
    sent += [(30, b"x3")]
    sent += [(LOG_INTERVAL, b"x4"), (LOG_INTERVAL + 1, b"y2"), (LOG_INTERVAL + 1, b"v2")]
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with (
            Agent([("127.0.0.1", 0)], handler) as agent,  # type: ignore[arg-type]
            await anyio.create_connected_udp_socket(*agent.addresses[0]) as client,
        ):
            source = client.extra(anyio.abc.SocketAttribute.local_address)
            for failures, (seconds, data) in enumerate(sent, 1):
                now[0] = seconds
                await client.send(data)
                with anyio.fail_after(5):
                    while agent.stats.handler_errors < failures:
                        await anyio.sleep(0.001)
    logged = [(r.getMessage(), r.exc_text) for r in caplog.records]
    first = f"handler failed on a message from {source}"
    assert [message for message, _ in logged] == [
        first,
        first,
        first,
        f"handler failed 3 more times since its last line, the last on a message from "
        f"{source} with RuntimeError: x4 ({one[0]}, line {one[1]})",
        f"handler failed 1 more time since its last line, the last on a message from "
        f"{source} with RuntimeError: y2 ({another[0]}, line {another[1]})",
        f"handler failed 1 more time since its last line, the last on a message from "
        f"{source} with ValueError: v2 ({one[0]}, line {one[1]})",
    ]
    tracebacks = [str(text).splitlines()[-1] for _, text in logged[:3]]
    assert tracebacks == ["RuntimeError: x1", "RuntimeError: y1", "ValueError: v1"]
    assert all(text is None for _, text in logged[3:])
    assert agent.stats.handler_errors == len(sent)


def test_failures_of_more_kinds_than_kept_are_counted_as_one_kind(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Past `MAX_KINDS` kinds, the failures of new kinds are one kind more: one traceback,
    then a line a minute, however many kinds a peer makes (memory cannot grow)."""
    failures = FailureLog(logging.getLogger("anysnmp.agent"))
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        for kind in range(3 * MAX_KINDS):
            failures.failed(kind, kind / MAX_KINDS, ValueError(kind), f"getter {kind}")
        failures.failed(0, LOG_INTERVAL, ValueError("again"), "getter 0")
        failures.failed(-1, LOG_INTERVAL + 2, ValueError("last"), "getter -1")
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:MAX_KINDS] == [f"getter {kind} failed" for kind in range(MAX_KINDS)]
    assert messages[MAX_KINDS:] == [
        f"getter {MAX_KINDS} failed (more than {MAX_KINDS} kinds of failure: those of kinds met "
        "from now on are counted together)",
        "getter 0 failed 1 more time since its last line, the last with ValueError: again",
        f"failures of kinds past the first {MAX_KINDS}: {2 * MAX_KINDS} more since their last "
        "line, the last: getter -1 failed with ValueError: last",
    ]
    assert len(failures._kinds) == MAX_KINDS + 1
