"""anysnmp.sync.SnmpSession against agents whose answers are wrong in content, not in form.

The async session meets the same agents in test_hostile_agent.py; the blocking
shell reads answers through the same status policy and walk rules, and must end
each case with the same error, within its timeout, and stay usable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from scripted import Request, ScriptedAgent, scripted_agent
from sync_helpers import in_background

import anysnmp
from anysnmp.sync import SnmpSession

NAME = "1.3.6.1.2.1.1.5.0"
ANSWER = [(NAME, 0x04, b"router")]
Handler = Callable[[ScriptedAgent, Request], Awaitable[None]]


def vb(i: int) -> tuple[str, int, Any]:
    return (f"1.3.6.1.2.1.1.{i}.0", 0x02, i)


def answering(varbinds: list[tuple[str, int, Any]], **kw: Any) -> Handler:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response(varbinds, **kw))

    return handler


@contextmanager
def scripted(handler: Handler) -> Iterator[tuple[ScriptedAgent, SnmpSession]]:
    """A scripted agent in the background, a blocking session with it; usable afterwards."""
    with (
        in_background(scripted_agent(handler)) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=0.3, retries=1) as s,
    ):
        yield agent, s
        agent.handler = answering(ANSWER)
        assert s.get(NAME) == b"router"
        assert s._endpoint is not None and not s._endpoint.in_flight()


WALK_ERRORS = {
    "repeated": [vb(1), vb(2), vb(2), vb(3)],
    "decreasing": [vb(1), vb(3), vb(2)],
    "empty": [],
}


@pytest.mark.parametrize("varbinds", WALK_ERRORS.values(), ids=WALK_ERRORS.keys())
@pytest.mark.parametrize("walk", ["getbulk", "getnext"])
def test_a_walk_rejects_bad_oid_order(varbinds: list[tuple[str, int, Any]], walk: str) -> None:
    with scripted(answering(varbinds)) as (_, s), pytest.raises(anysnmp.OidNotIncreasingError):
        list(getattr(s, walk)("1.3.6.1.2.1"))


def test_a_walk_rejects_oids_cycling_across_responses() -> None:
    async def cycle(agent: ScriptedAgent, request: Request) -> None:
        start = 1 + (len(agent.requests) - 1) % 2 * 2  # 1,2 then 3,4 then 1,2 ...
        await agent.reply(request, request.response([vb(start), vb(start + 1)]))

    seen = []
    with scripted(cycle) as (_, s), pytest.raises(anysnmp.OidNotIncreasingError):
        for oid, _ in s.fetch("1.3.6.1.2.1"):
            seen.append(oid)
    assert seen == [vb(i)[0] for i in range(1, 5)]


def test_a_walk_is_capped_against_an_endless_agent() -> None:
    async def endless(agent: ScriptedAgent, request: Request) -> None:
        last = request.varbinds[0][0]
        await agent.reply(request, request.response([(last + ".1", 0x02, 1)]))

    with scripted(endless) as (agent, s):
        s.max_walk_requests = 50
        with pytest.raises(anysnmp.SnmpError, match="after 50 requests"):
            list(s.getnext("1.3.6.1"))
        assert len(agent.requests) == 50


def test_a_tables_column_discovery_is_capped_against_an_endless_agent() -> None:
    """As the async session's: a new column each GETNEXT, capped as a walk is (the agent
    falls silent after 100 answers)."""

    async def endless(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) <= 100:
            last = request.varbinds[0][0]
            await agent.reply(request, request.response([(last + ".1", 0x02, 1)]))

    with scripted(endless) as (agent, s):
        s.max_walk_requests = 50
        with pytest.raises(anysnmp.SnmpError, match="after 50 requests"):
            s.table("1.3.6.1.2.1.2.2.1")
        assert len(agent.requests) == 50


GET_ERRORS: dict[str, tuple[Handler, type[Exception], str]] = {
    "another-oid": (
        answering([("1.3.6.1.4.1.9.9.9.0", 0x04, b"other")]),
        anysnmp.DecodeError,
        "answered for 1.3.6.1.4.1.9.9.9.0",
    ),
    "two-varbinds": (answering([vb(5), vb(6)]), anysnmp.DecodeError, "with 2 varbinds"),
    "no-varbind": (answering([]), anysnmp.DecodeError, "with 0 varbinds"),
    "error-index-past-the-end": (
        answering(ANSWER, status=5, index=7),
        anysnmp.ErrorStatusError,
        r"genErr \(5\) at varbind 7$",  # names no OID: the GET had one varbind
    ),
}


@pytest.mark.parametrize(("handler", "error", "says"), GET_ERRORS.values(), ids=GET_ERRORS.keys())
def test_a_get_answered_wrongly(handler: Handler, error: type[Exception], says: str) -> None:
    with scripted(handler) as (_, s), pytest.raises(error, match=says):
        s.get(NAME)


def test_get_many_takes_only_what_it_asked_and_an_error_index_out_of_range() -> None:
    oids = [vb(1)[0], vb(2)[0]]
    extra = answering([vb(1), vb(2), ("1.3.6.1.4.1.9.9.9.0", 0x04, b"injected")])
    with scripted(extra) as (_, s):
        assert s.get_many(oids) == {oids[0]: 1, oids[1]: 2}
    for index in (9, -1):  # past the end, negative: named as the agent gave it, no OID
        where = rf"agent returned genErr \(5\) at varbind {index}$"
        with scripted(answering([], status=5, index=index)) as (_, s):
            with pytest.raises(anysnmp.ErrorStatusError, match=where) as caught:
                s.get_many(oids)
            assert caught.value.oid is None


#: A SET of two OIDs (1, 2), answered wrongly: what the error says.
SET_ERRORS: dict[str, tuple[list[tuple[str, int, Any]], str]] = {
    "fewer": ([vb(1)], "SET of 2 OID.s. answered with 1 varbinds"),
    "none": ([], "SET of 2 OID.s. answered with 0 varbinds"),
    "more": ([vb(1), vb(2), vb(3)], "SET of 2 OID.s. answered with 3 varbinds"),
    "other": ([vb(1), vb(3)], f"SET of {vb(2)[0]} answered for {vb(3)[0]}"),
}
#: A GETNEXT of OID 5 answered with an OID not after it.
NOT_NEXT = {"same": vb(5), "before": vb(4), "parent": ("1.3.6.1.2.1.1", 0x02, 0)}


@pytest.mark.parametrize(("varbinds", "says"), SET_ERRORS.values(), ids=SET_ERRORS.keys())
def test_a_set_answered_with_other_oids_or_another_count_is_an_error(
    varbinds: list[tuple[str, int, Any]], says: str
) -> None:
    """As a GET's: the agent echoes the OIDs set (they were returned as set, an empty
    answer to set() raising Python's StopIteration)."""
    with scripted(answering(varbinds)) as (_, s), pytest.raises(anysnmp.DecodeError, match=says):
        s.set_many({vb(1)[0]: 1, vb(2)[0]: 2})
    with scripted(answering([])) as (_, s), pytest.raises(anysnmp.DecodeError, match="0 varb"):
        s.set(vb(1)[0], 1)


@pytest.mark.parametrize("answer", NOT_NEXT.values(), ids=NOT_NEXT.keys())
def test_a_getnext_answered_with_an_oid_not_after_it_is_an_error(
    answer: tuple[str, int, Any],
) -> None:
    """next_oid() says the agent loops (it returned the OID), and a table's column discovery
    ends (it asked for ever, its list of columns growing)."""
    says = f"GETNEXT of {vb(5)[0]} answered {answer[0]}, not an OID after it"
    with scripted(answering([answer])) as (_, s):
        with pytest.raises(anysnmp.OidNotIncreasingError, match=says):
            s.next_oid(vb(5)[0])
    with scripted(answering([("1.3.6.1.2.1.1.1.7", 0x02, 1)])) as (agent, s):
        with pytest.raises(anysnmp.OidNotIncreasingError, match=r"1\.3\.6\.1\.2\.1\.1\.2 answered"):
            s.table("1.3.6.1.2.1.1")
        assert len(agent.requests) == 2
