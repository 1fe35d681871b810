"""SnmpSession against misbehaving agents (v1/v2c), under asyncio and trio.

Each case ends with the right outcome (the bad datagram ignored and the
request completed, or a specific `SnmpError`) within timeout x (retries + 1),
and the session answers a normal request afterwards with no request slot left.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import anyio.abc
import pytest
from scripted import Request, ScriptedAgent, answer_in_reverse, scripted_agent, static_view

import anysnmp
from anysnmp import SnmpSession
from anysnmp._codec import core
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

NAME = "1.3.6.1.2.1.1.5.0"
ANSWER = [(NAME, 0x04, b"router")]
TIMEOUT, RETRIES = 0.3, 1
#: Each case must end within every attempt's timeout, plus scheduling slack.
BOUND = TIMEOUT * (RETRIES + 1) + 1.0
VIEW = {f"1.3.6.1.2.1.1.{i}.0": (0x02, i) for i in range(1, 9)}
WALK = [(oid, value) for oid, (_, value) in VIEW.items()]


def session(agent: ScriptedAgent, **kw: Any) -> SnmpSession:
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("retries", RETRIES)
    return SnmpSession("127.0.0.1", agent.port, **kw)


async def still_usable(agent: ScriptedAgent, s: SnmpSession) -> None:
    """The session answers a normal request afterwards and holds no request slot."""
    agent.handler = answer_normally
    with anyio.fail_after(BOUND):
        assert await s.get(NAME) == b"router"
    assert s._endpoint is not None and not s._endpoint.in_flight()


async def answer_normally(agent: ScriptedAgent, request: Request) -> None:
    await agent.reply(request, request.response(ANSWER))


def then_answer(
    *bad: Callable[[Request], bytes],
) -> Callable[[ScriptedAgent, Request], Awaitable[None]]:
    """A handler sending each bad datagram, then the real answer."""

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        for make in bad:
            await agent.reply(request, make(request))
        await agent.reply(request, request.response(ANSWER))

    return handler


def only(*bad: Callable[[Request], bytes]) -> Callable[[ScriptedAgent, Request], Awaitable[None]]:
    """A handler sending only bad datagrams."""

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        for make in bad:
            await agent.reply(request, make(request))

    return handler


def truncated(r: Request) -> bytes:
    return r.response(ANSWER)[:-3]


def huge_length(r: Request) -> bytes:
    # A SEQUENCE claiming 4 GiB - 1 octets, followed by the real message's content.
    real = r.response(ANSWER)
    return b"\x30\x84\xff\xff\xff\xff" + real[2:]


def huge_inner_length(r: Request) -> bytes:
    real = bytearray(r.response(ANSWER))
    at = real.index(b"router") - 1  # the OCTET STRING's length octet
    return bytes(real[:at]) + b"\x84\x7f\xff\xff\xff" + bytes(real[at + 1 :])


def wrong_id(r: Request) -> bytes:
    return r.response(ANSWER, request_id=(r.request_id + 1) % 2**31)


def id_zero(r: Request) -> bytes:
    return r.response(ANSWER, request_id=0)


def other_version(r: Request) -> bytes:
    # The answer, right id and community, in the other community-based version.
    return core.encode_message(
        1 - r.version, r.community, PduType.RESPONSE, r.request_id, 0, 0, ANSWER
    )


def other_community(r: Request) -> bytes:
    return r.response(ANSWER, community=r.community + b"x")


def garbage(r: Request) -> bytes:
    return b"\x00\xffnot snmp at all" * 4


def a_request(r: Request) -> bytes:
    # The agent echoing a GET with the right id: not a Response, not an answer.
    return r.data


def a_trap(r: Request) -> bytes:
    # An SNMPv2-Trap PDU carrying the request's id: not an answer either.
    return r.response(ANSWER).replace(bytes([PduType.RESPONSE]), bytes([PduType.TRAP_V2]), 1)


BAD_THEN_GOOD = {
    "garbage": [garbage],
    "truncated": [truncated],
    "huge-length": [huge_length],
    "huge-inner-length": [huge_inner_length],
    "wrong-request-id": [wrong_id],
    "request-id-0": [id_zero],
    "echoed-request": [a_request],
    "trap-with-the-id": [a_trap],
    "other-version": [other_version],
    "other-community": [other_community],
    "all-of-them": [
        other_version,
        other_community,
        garbage,
        truncated,
        huge_length,
        huge_inner_length,
        wrong_id,
        id_zero,
        a_request,
        a_trap,
    ],
}


@pytest.mark.parametrize("bad", BAD_THEN_GOOD.values(), ids=BAD_THEN_GOOD.keys())
async def test_bad_datagrams_before_the_answer_are_ignored(
    bad: list[Callable[[Request], bytes]],
) -> None:
    async with scripted_agent(then_answer(*bad)) as agent, session(agent) as s:
        with anyio.fail_after(BOUND):
            assert await s.get(NAME) == b"router"
        assert len(agent.requests) == 1  # answered on the first attempt
        await still_usable(agent, s)


@pytest.mark.parametrize("bad", BAD_THEN_GOOD.values(), ids=BAD_THEN_GOOD.keys())
async def test_only_bad_datagrams_time_out(bad: list[Callable[[Request], bytes]]) -> None:
    async with scripted_agent(only(*bad)) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.TimeoutError):
            await s.get(NAME)
        assert len(agent.requests) == RETRIES + 1
        await still_usable(agent, s)


async def test_duplicated_answers() -> None:
    async def twice(agent: ScriptedAgent, request: Request) -> None:
        for _ in range(3):
            await agent.reply(request, request.response(ANSWER))

    async with scripted_agent(twice) as agent, session(agent) as s:
        with anyio.fail_after(BOUND):
            for _ in range(3):
                assert await s.get(NAME) == b"router"
        await still_usable(agent, s)
        assert s._endpoint is not None and s._endpoint.dropped >= 2


async def test_answers_after_the_timeout_are_dropped() -> None:
    held: list[Request] = []

    async def hold(agent: ScriptedAgent, request: Request) -> None:
        held.append(request)

    async with scripted_agent(hold) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.TimeoutError):
            await s.get(NAME)
        # Every attempt is answered late, with another value: none may be taken.
        for request in held:
            await agent.reply(request, request.response([(NAME, 0x04, b"late")]))
        await still_usable(agent, s)


async def test_reordered_answers_reach_their_requests() -> None:
    oids = [f"1.3.6.1.2.1.1.{i}.0" for i in range(1, 5)]
    view = {oid: (0x04, oid.encode()) for oid in oids}
    async with scripted_agent(answer_in_reverse(view)) as agent, session(agent) as s:
        results: dict[str, Any] = {}

        async def get(oid: str) -> None:
            results[oid] = await s.get(oid)

        with anyio.fail_after(BOUND):
            async with anyio.create_task_group() as tg:
                for oid in oids:
                    tg.start_soon(get, oid)
        assert results == {oid: oid.encode() for oid in oids}
        await still_usable(agent, s)


async def test_answers_from_another_port_or_address_are_dropped() -> None:
    async with await anyio.create_udp_socket(local_host="127.0.0.2") as elsewhere:

        async def spoof(agent: ScriptedAgent, request: Request) -> None:
            await agent.reply_from_other_port(request, request.response(ANSWER))
            await elsewhere.sendto(request.response(ANSWER), *request.source)

        async with scripted_agent(spoof) as agent, session(agent) as s:
            with anyio.fail_after(BOUND), pytest.raises(anysnmp.TimeoutError):
                await s.get(NAME)
            await still_usable(agent, s)


async def test_request_ids_are_never_zero_and_fresh_per_attempt() -> None:
    async with scripted_agent(only()) as agent, session(agent, retries=3) as s:
        with anyio.fail_after(TIMEOUT * 4 + 1), pytest.raises(anysnmp.TimeoutError):
            await s.get(NAME)
        ids = [r.request_id for r in agent.requests]
        assert len(set(ids)) == 4 and all(0 < i < 2**31 for i in ids)


# --- walks ----------------------------------------------------------------------------


def bulk_answer(
    varbinds: list[tuple[str, int, Any]],
) -> Callable[[ScriptedAgent, Request], Awaitable[None]]:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response(varbinds))

    return handler


def vb(i: int) -> tuple[str, int, Any]:
    return (f"1.3.6.1.2.1.1.{i}.0", 0x02, i)


WALK_ERRORS = {
    "repeated": [vb(1), vb(2), vb(2), vb(3)],
    "decreasing": [vb(1), vb(3), vb(2)],
    "empty": [],
}


@pytest.mark.parametrize("varbinds", WALK_ERRORS.values(), ids=WALK_ERRORS.keys())
@pytest.mark.parametrize("bulk", [True, False], ids=["getbulk", "getnext"])
async def test_walk_rejects_bad_oid_order(varbinds: list[tuple[str, int, Any]], bulk: bool) -> None:
    async with scripted_agent(bulk_answer(varbinds)) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.OidNotIncreasingError):
            async with s.walk("1.3.6.1.2.1", bulk=bulk) as items:
                async for _ in items:
                    pass
        await still_usable(agent, s)


async def test_walk_rejects_oids_cycling_across_responses() -> None:
    async def cycle(agent: ScriptedAgent, request: Request) -> None:
        start = 1 + (len(agent.requests) - 1) % 2 * 2  # 1,2 then 3,4 then 1,2 ...
        await agent.reply(request, request.response([vb(start), vb(start + 1)]))

    async with scripted_agent(cycle) as agent, session(agent) as s:
        seen = []
        with anyio.fail_after(BOUND * 3), pytest.raises(anysnmp.OidNotIncreasingError):
            async with s.walk("1.3.6.1.2.1") as items:
                async for oid, _ in items:
                    seen.append(oid)
        assert seen == [vb(i)[0] for i in range(1, 5)]
        await still_usable(agent, s)


async def test_end_of_mib_view_mixed_with_values_ends_the_walk() -> None:
    answer = [vb(1), vb(2), ("1.3.6.1.2.1.1.3.0", 0x82, None), vb(4), vb(5)]
    async with scripted_agent(bulk_answer(answer)) as agent, session(agent) as s:
        with anyio.fail_after(BOUND):
            async with s.walk("1.3.6.1.2.1") as items:
                got = [item async for item in items]
        assert got == [(vb(1)[0], 1), (vb(2)[0], 2)] and len(agent.requests) == 1
        await still_usable(agent, s)


async def test_more_varbinds_than_asked_in_a_walk_are_taken_in_order() -> None:
    # max-repetitions 2, but the agent sends the whole (increasing) subtree at once.
    async with scripted_agent(static_view(VIEW)) as agent, session(agent, max_repetitions=2) as s:
        agent.handler = bulk_answer(
            [(o, 0x02, v) for o, v in WALK] + [("1.3.6.1.2.1.2.1.0", 0x02, 0)]
        )
        with anyio.fail_after(BOUND):
            async with s.walk("1.3.6.1.2.1.1") as items:
                assert [item async for item in items] == WALK
        await still_usable(agent, s)


async def test_get_many_ignores_varbinds_it_did_not_ask_for() -> None:
    async def extra(agent: ScriptedAgent, request: Request) -> None:
        asked = [(oid, 0x02, 1) for oid, _ in request.varbinds]
        await agent.reply(
            request, request.response([*asked, ("1.3.6.1.4.1.9.9.9.0", 0x04, b"injected")])
        )

    oids = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0"]
    async with scripted_agent(extra) as agent, session(agent) as s:
        with anyio.fail_after(BOUND):
            assert await s.get_many(oids) == dict.fromkeys(oids, 1)
        await still_usable(agent, s)


async def test_get_answered_for_another_oid_is_an_error() -> None:
    async def other(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response([("1.3.6.1.4.1.9.9.9.0", 0x04, b"other")]))

    async with scripted_agent(other) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError, match="answered for"):
            await s.get("1.3.6.1.2.1.1.1.0")
        await still_usable(agent, s)


async def test_get_of_one_oid_answered_with_two_varbinds_is_an_error() -> None:
    async with scripted_agent(bulk_answer([vb(5), vb(6)])) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError):
            await s.get(vb(5)[0])
        await still_usable(agent, s)


async def test_a_set_answered_with_other_oids_or_another_count_is_an_error() -> None:
    """As a GET's: the agent echoes the OIDs set (they were returned as set, an empty
    answer to set() raising Python's RuntimeError 'coroutine raised StopIteration')."""
    wrong = {
        "SET of 2 OID.s. answered with 1 varbinds": [vb(1)],
        "SET of 2 OID.s. answered with 0 varbinds": [],
        "SET of 2 OID.s. answered with 3 varbinds": [vb(1), vb(2), vb(3)],
        f"SET of {vb(2)[0]} answered for {vb(3)[0]}": [vb(1), vb(3)],
    }
    for says, varbinds in wrong.items():
        async with scripted_agent(bulk_answer(varbinds)) as agent, session(agent) as s:
            with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError, match=says):
                await s.set_many({vb(1)[0]: 1, vb(2)[0]: 2})
            await still_usable(agent, s)
    async with scripted_agent(bulk_answer([])) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError, match="0 varbinds"):
            await s.set(vb(1)[0], 1)


async def test_a_getnext_answered_with_an_oid_not_after_it_is_an_error() -> None:
    """next_oid() says the agent loops (it returned the OID), and a table's column discovery
    ends (it asked for ever, its list of columns growing)."""
    for answer in (vb(5), vb(4), ("1.3.6.1.2.1.1", 0x02, 0)):
        says = f"GETNEXT of {vb(5)[0]} answered {answer[0]}, not an OID after it"
        async with scripted_agent(bulk_answer([answer])) as agent, session(agent) as s:
            with anyio.fail_after(BOUND), pytest.raises(anysnmp.OidNotIncreasingError, match=says):
                await s.next_oid(vb(5)[0])
            await still_usable(agent, s)
    async with scripted_agent(bulk_answer([("1.3.6.1.2.1.1.1.7", 0x02, 1)])) as agent:
        async with session(agent) as s:
            with (
                anyio.fail_after(BOUND),
                pytest.raises(
                    anysnmp.OidNotIncreasingError, match=r"1\.3\.6\.1\.2\.1\.1\.2 answered"
                ),
            ):
                await s.table("1.3.6.1.2.1.1")
        assert len(agent.requests) == 2


async def test_too_big_for_a_single_get_is_an_error_status() -> None:
    async def too_big(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response([], status=1))

    async with scripted_agent(too_big) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.ErrorStatusError) as info:
            await s.get(NAME)
        assert info.value.status == 1
        await still_usable(agent, s)


# --- datagram sizes and ICMP ----------------------------------------------------------

#: The largest UDP payload over IPv4.
MAX_UDP = 65507


def largest_answer(request: Request) -> bytes:
    """A Response of exactly 65,507 octets (one OCTET STRING filling the datagram)."""
    size = MAX_UDP - 100
    while True:
        data = request.response([(NAME, 0x04, b"x" * size)])
        if len(data) == MAX_UDP:
            return data
        size += MAX_UDP - len(data)


async def test_a_65507_octet_answer_arrives_whole() -> None:
    async def largest(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, largest_answer(request))

    async with scripted_agent(largest) as agent, session(agent) as s:
        with anyio.fail_after(BOUND):
            value = await s.get(NAME)
        assert isinstance(value, bytes) and len(value) > 65400 and set(value) == {ord("x")}
        await still_usable(agent, s)


async def test_an_answer_larger_than_a_small_socket_buffer_arrives_whole() -> None:
    # SO_RCVBUF of 4 KiB: Linux still admits a datagram into an empty receive
    # queue, and the 64 KiB application buffer never truncates it.
    async def largest(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, largest_answer(request))

    async with scripted_agent(largest) as agent, session(agent, recv_buffer=4096) as s:
        with anyio.fail_after(BOUND):
            value = await s.get(NAME)
        assert isinstance(value, bytes) and len(value) > 65400
        await still_usable(agent, s)


async def test_icmp_port_unreachable_times_out_within_the_bound() -> None:
    async with await anyio.create_udp_socket(local_host="127.0.0.1") as probe:
        port = probe.extra(anyio.abc.SocketAttribute.local_port)
    async with SnmpSession("127.0.0.1", port, timeout=TIMEOUT, retries=RETRIES) as s:
        for _ in range(2):
            with anyio.fail_after(BOUND), pytest.raises(anysnmp.TimeoutError):
                await s.get(NAME)
        assert s._endpoint is not None and not s._endpoint.in_flight()


async def test_a_response_pdu_type_other_than_response_is_an_error() -> None:
    async def report(agent: ScriptedAgent, request: Request) -> None:
        data = request.response(ANSWER)
        await agent.reply(
            request, data.replace(bytes([PduType.RESPONSE]), bytes([PduType.REPORT]), 1)
        )

    async with scripted_agent(report) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.SnmpError):
            await s.get(NAME)
        await still_usable(agent, s)


async def test_a_report_to_a_v2c_request_names_its_counter_and_says_to_use_v3() -> None:
    """An agent that takes SNMPv3 alone answers a v2c request with a Report, as snmpd
    does: the error names the counter (snmpget says 'Unknown engine ID') and the fix."""
    unknown_engine = "1.3.6.1.6.3.15.1.1.4.0"

    async def report(agent: ScriptedAgent, request: Request) -> None:
        data = core.encode_message(
            request.version,
            request.community,
            PduType.REPORT,
            request.request_id,
            0,
            0,
            [(unknown_engine, 0x41, 1)],
        )
        await agent.reply(request, data)

    async with scripted_agent(report) as agent, session(agent) as s:

        async def walk() -> object:
            return [item async for item in s.fetch("1.3.6.1.2.1.1")]

        for call in (lambda: s.get(NAME), lambda: s.get_many([NAME]), walk):
            with (
                anyio.fail_after(BOUND),
                pytest.raises(anysnmp.SnmpError, match=r"usmStatsUnknownEngineIDs.*SNMPv3.*user="),
            ):
                await call()
        await still_usable(agent, s)
