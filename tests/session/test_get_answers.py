"""GET and GET of many against scripted agents: answers in order, and every other kind.

An answer naming exactly the OIDs asked, in order, takes the session's fast path
(`GetRequest`); answers in another order, with other, extra or missing OIDs, or
with exception values must keep the same rules: only what was asked, exception
values left out (get_many) or NoSuchInstance (get), DecodeError for a GET
answered for another OID.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from scripted import Request, ScriptedAgent, scripted_agent

import anysnmp
from anysnmp import NoSuchInstance, SnmpSession, SnmpVersion

pytestmark = pytest.mark.anyio

OIDS = [f"1.3.6.1.4.1.9.{i}.0" for i in range(1, 7)]
#: A value of every SMI type, by OID of OIDS.
VALUES: dict[str, tuple[int, Any]] = {
    OIDS[0]: (0x02, -5),
    OIDS[1]: (0x04, b"\x00\xffbytes"),
    OIDS[2]: (0x06, "1.3.6.1.4.1.8072.3.2.10"),
    OIDS[3]: (0x40, "192.0.2.1"),
    OIDS[4]: (0x43, 2**32 - 1),
    OIDS[5]: (0x46, 2**64 - 1),
}
MORE: dict[str, tuple[int, Any]] = {
    "1.3.6.1.2.1.1.5.0": (0x05, None),
    "1.3.6.1.2.1.1.6.0": (0x44, b"\x9f\x78\x04\x3f\xc0\x00\x00"),  # Net-SNMP's float 1.5
    "1.3.6.1.2.1.2.2.1.10.1": (0x41, 7),
    "1.3.6.1.2.1.2.2.1.5.1": (0x42, 10**9),
}
EVERY = {**VALUES, **MORE}
#: Another OID whose encoding has the length of OIDS[0]'s.
NEIGHBOUR = "1.3.6.1.4.1.9.9.0"
TIMEOUT = 2
BOUND = TIMEOUT + 1


Answer = Callable[[list[str]], list[tuple[str, int, Any]]]


def answering(make: Answer) -> Callable[[ScriptedAgent, Request], Awaitable[None]]:
    """A handler answering each GET with ``make(requested OIDs)``."""

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response(make([oid for oid, _ in request.varbinds])))

    return handler


def in_order(oids: list[str]) -> list[tuple[str, int, Any]]:
    return [(oid, *EVERY[oid]) if oid in EVERY else (oid, 0x81, None) for oid in oids]


def session(agent: ScriptedAgent, **kw: Any) -> SnmpSession:
    return SnmpSession("127.0.0.1", agent.port, timeout=TIMEOUT, **kw)


async def values_of(make: Answer, oids: list[str], **kw: Any) -> dict[str, Any]:
    async with scripted_agent(answering(make)) as agent, session(agent, **kw) as s:
        with anyio.fail_after(BOUND):
            return await s.get_many(oids)


async def test_get_many_of_every_type_in_order() -> None:
    oids = list(EVERY)
    assert await values_of(in_order, oids) == {oid: value for oid, (_, value) in EVERY.items()}


async def test_get_many_answered_in_another_order() -> None:
    result = await values_of(lambda oids: in_order(oids)[::-1], OIDS)
    assert result == {oid: VALUES[oid][1] for oid in OIDS}


async def test_get_many_leaves_out_exception_values_in_order_or_not() -> None:
    def with_exceptions(oids: list[str]) -> list[tuple[str, int, Any]]:
        answer = in_order(oids)
        answer[1] = (oids[1], 0x80, None)
        answer[3] = (oids[3], 0x82, None)
        return answer

    expected = {oid: VALUES[oid][1] for oid in OIDS if oid not in (OIDS[1], OIDS[3])}
    assert await values_of(with_exceptions, OIDS) == expected
    assert await values_of(lambda oids: with_exceptions(oids)[::-1], OIDS) == expected
    asked = [*OIDS, "1.3.6.1.4.1.9.99.0"]  # the agent has no such OID: noSuchInstance
    assert await values_of(in_order, asked) == {oid: VALUES[oid][1] for oid in OIDS}


async def test_get_many_drops_injected_and_substituted_oids() -> None:
    def injected(oids: list[str]) -> list[tuple[str, int, Any]]:
        return [("1.3.6.1.4.1.9.9.9.0", 0x04, b"injected"), *in_order(oids)]

    def substituted(oids: list[str]) -> list[tuple[str, int, Any]]:
        answer = in_order(oids)
        answer[0] = (NEIGHBOUR, 0x02, 666)  # same length, other OID, same place
        return answer

    every = {oid: VALUES[oid][1] for oid in OIDS}
    assert await values_of(injected, OIDS) == every
    assert await values_of(substituted, OIDS) == {o: v for o, v in every.items() if o != OIDS[0]}


async def test_get_many_with_varbinds_missing_from_the_answer() -> None:
    result = await values_of(lambda oids: in_order(oids)[:-2], OIDS)
    assert result == {oid: VALUES[oid][1] for oid in OIDS[:-2]}
    assert await values_of(lambda oids: [], OIDS) == {}


async def test_get_many_keys_leading_dot_oids_without_the_dot() -> None:
    asked = ["." + OIDS[0], OIDS[1], "." + OIDS[2]]
    expected = {oid: VALUES[oid][1] for oid in OIDS[:3]}
    assert await values_of(in_order, asked) == expected
    assert await values_of(lambda oids: in_order(oids)[::-1], asked) == expected


async def test_get_many_keeps_the_callers_strs() -> None:
    oids = ["".join(["1.3.6.1.4.1.9.", str(i), ".0"]) for i in range(1, 7)]  # fresh objects
    result = await values_of(in_order, oids)
    assert all(any(key is oid for oid in oids) for key in result) and len(result) == 6


async def test_get_many_duplicates() -> None:
    oids = [OIDS[0], OIDS[1], OIDS[0]]
    assert await values_of(in_order, oids) == {o: VALUES[o][1] for o in OIDS[:2]}


async def test_get_of_every_type_and_get_typed() -> None:
    async with scripted_agent(answering(in_order)) as agent, session(agent) as s:
        with anyio.fail_after(BOUND * 2):
            for oid, (tag, value) in EVERY.items():
                assert await s.get(oid) == value
                assert await s.get("." + oid) == value
                assert await s.get_typed(oid) == (tag, value)
                assert await s.get_typed("." + oid) == (tag, value)


@pytest.mark.parametrize("tag", [0x80, 0x81, 0x82])
async def test_get_of_an_exception_value_raises_no_such_instance(tag: int) -> None:
    async with (
        scripted_agent(answering(lambda oids: [(oids[0], tag, None)])) as agent,
        session(agent) as s,
    ):
        with anyio.fail_after(BOUND), pytest.raises(NoSuchInstance):
            await s.get(OIDS[0])
        with anyio.fail_after(BOUND), pytest.raises(NoSuchInstance):
            await s.get_typed(OIDS[0])


@pytest.mark.parametrize("typed", [False, True])
async def test_get_answered_for_an_oid_of_the_same_length_is_an_error(typed: bool) -> None:
    async with (
        scripted_agent(answering(lambda oids: [(NEIGHBOUR, 0x02, 1)])) as agent,
        session(agent) as s,
    ):
        get = s.get_typed if typed else s.get
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError) as info:
            await get(OIDS[0])
    assert str(info.value) == f"GET of {OIDS[0]} answered for {NEIGHBOUR}"


async def test_get_answered_with_more_or_no_varbinds_is_an_error() -> None:
    async with scripted_agent(answering(lambda oids: [])) as agent, session(agent) as s:
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError, match="0 varbinds"):
            await s.get(OIDS[0])
        agent.handler = answering(lambda oids: in_order(oids) * 2)
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.DecodeError, match="2 varbinds"):
            await s.get_typed(OIDS[0])


async def test_v1_get_many_and_get_with_no_such_name() -> None:
    async def v1(agent: ScriptedAgent, request: Request) -> None:
        asked = [oid for oid, _ in request.varbinds]
        missing = [i for i, oid in enumerate(asked, 1) if oid not in VALUES]
        if missing:
            answer = [(oid, 0x05, None) for oid in asked]
            await agent.reply(request, request.response(answer, status=2, index=missing[0]))
        else:
            await agent.reply(request, request.response(in_order(asked)))

    asked = [OIDS[0], "1.3.6.1.4.1.9.98.0", OIDS[1], "1.3.6.1.4.1.9.99.0", OIDS[2]]
    async with scripted_agent(v1) as agent, session(agent, version=SnmpVersion.v1) as s:
        with anyio.fail_after(BOUND):
            assert await s.get_many(asked) == {oid: VALUES[oid][1] for oid in OIDS[:3]}
            with pytest.raises(NoSuchInstance):
                await s.get("1.3.6.1.4.1.9.98.0")
            assert await s.get_typed(OIDS[0]) == VALUES[OIDS[0]]
    assert [len(r.varbinds) for r in agent.requests[:3]] == [5, 4, 3]


async def test_a_bad_oid_raises_before_anything_is_sent() -> None:
    async with scripted_agent(answering(in_order)) as agent, session(agent) as s:
        with pytest.raises(anysnmp.EncodeError, match="malformed OID"):
            await s.get("1.3.6.x")
        with pytest.raises(anysnmp.EncodeError, match=r"malformed OID '1\.3\.y'"):
            await s.get_many(["1.3.x", OIDS[0], "1.3.y"])
        # "06" would be asked as 6, and its answer dropped as not asked for: refused.
        with pytest.raises(anysnmp.EncodeError, match="an arc with a leading zero"):
            await s.get("1.3.06.1.2.1.1.5.0")
        with pytest.raises(anysnmp.EncodeError, match="an arc with a leading zero"):
            await s.get_many([OIDS[0], "1.3.06.1.2.1.1.5.0"])
        assert await s.get_many([]) == {}
        assert s._endpoint is not None and not s._endpoint.in_flight()
    assert agent.requests == []


async def test_repeated_gets_reuse_their_requests_and_answer_alike() -> None:
    # A poller asks for the same OIDs again and again: each OID list is parsed once
    # per session; the answers are those of a fresh request every time.
    from anysnmp._protocol import _session

    async with scripted_agent(answering(in_order)) as agent:
        s = session(agent)
        async with s:
            with anyio.fail_after(BOUND):
                for _ in range(3):
                    assert await s.get(OIDS[0]) == EVERY[OIDS[0]][1]
                    assert await s.get_typed(OIDS[0]) == EVERY[OIDS[0]]
                    assert await s.get_many(OIDS) == {o: EVERY[o][1] for o in OIDS}
                    assert await s.get_many(OIDS[::-1]) == {o: EVERY[o][1] for o in OIDS}
            kept = dict(s._get_requests)
            assert len(kept) == 4  # (oid, untyped), (oid, typed), OIDS, reversed OIDS
            with anyio.fail_after(BOUND):
                await s.get(OIDS[0])
            assert s._get_requests == kept  # the same request objects
            with anyio.fail_after(BOUND):
                for i in range(_session._KEPT_GET_REQUESTS + 10):
                    with pytest.raises(NoSuchInstance):
                        await s.get(f"1.3.6.1.4.1.99.{i}.0")
            assert len(s._get_requests) <= _session._KEPT_GET_REQUESTS  # bounded
        assert not s._get_requests  # they belong to the session's codec: gone on closing
        async with s:
            with anyio.fail_after(BOUND):
                assert await s.get(OIDS[1]) == EVERY[OIDS[1]][1]
    assert len(agent.requests) == 3 * 4 + 1 + _session._KEPT_GET_REQUESTS + 10 + 1
