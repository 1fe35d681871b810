"""Item-by-item walks (getbulk, getnext, fetch, walk) served by anysnmp._core.Items.

Our own agent serves the demo device; scripted agents fail, stall or go backwards
mid-walk. What is checked is what an async generator of items gave: the same items,
errors after the items before them, cancellation, early exits, no references left.
"""

from __future__ import annotations

import contextlib
import gc
import math
import weakref
from typing import Any

import anyio
import pytest
from anyio.streams.memory import MemoryObjectSendStream
from scripted import Request, ScriptedAgent, scripted_agent, static_view

import anysnmp
from anysnmp import Agent, CommandResponder, MibView, SnmpSession
from anysnmp._core import Items
from anysnmp._walk import WalkResults, stream_results
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio


def subtree(view: MibView, root: str) -> list[tuple[str, Any]]:
    return [(oid, view[oid].value) for oid in view.oids() if oid.startswith(root + ".")]


def assert_clean(s: SnmpSession) -> None:
    assert s._endpoint is not None and not s._endpoint.in_flight()


async def test_item_walks_are_their_batches_concatenated(demo_view: MibView) -> None:
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, max_repetitions=7, timeout=5) as s:
            walks = [
                ("1.3.6", s.getbulk("1.3.6", max_repetitions=25), True, 25),
                ("1.3.6", s.fetch("1.3.6"), True, 7),
                ("1.3.6.1.2.1.4", s.getnext("1.3.6.1.2.1.4"), False, 1),
            ]
            for root, walk, bulk, repetitions in walks:
                batches = [
                    b async for b in s.walk_batches(root, bulk=bulk, max_repetitions=repetitions)
                ]
                items = [item async for item in walk]
                assert len(batches) > 1
                assert items == [item for batch in batches for item in batch]
                assert items == subtree(demo_view, root)
            async with s.walk("1.3.6", max_repetitions=25) as results:
                streamed = [item async for item in results]
            assert streamed == subtree(demo_view, "1.3.6") and results.count == len(streamed)


async def test_streamed_walk_items_then_batches(demo_view: MibView) -> None:
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, timeout=5) as s:
            async with s.walk("1.3.6.1.2.1.4", max_repetitions=10) as results:
                first = [await anext(results) for _ in range(3)]
                batches = [batch async for batch in results.batches()]
    assert len(batches[0]) == 7  # the rest of the first response
    assert first + [item for batch in batches for item in batch] == subtree(
        demo_view, "1.3.6.1.2.1.4"
    )


async def test_streamed_walk_skips_empty_batches_and_holds_no_cycle() -> None:
    async def produce(send: MemoryObjectSendStream[list[Any]]) -> None:
        for batch in ([], [1, 2], [], [], [3], []):
            await send.send(batch)

    async def consume() -> weakref.ref[WalkResults]:
        async with stream_results(produce, 2) as results:
            assert [item async for item in results] == [1, 2, 3] and results.count == 3
        return weakref.ref(results)

    gc.disable()
    try:
        ref = await consume()
        assert ref() is None  # freed by reference counting alone
    finally:
        gc.enable()


#: What the scripted agent does from the third walk request on, and what the walk raises.
FAILURES = {
    "timeout": anysnmp.TimeoutError,
    "not increasing": anysnmp.OidNotIncreasingError,
    "genErr": anysnmp.ErrorStatusError,
}


@pytest.mark.parametrize("failure", FAILURES)
async def test_walk_errors_reach_the_consumer_after_the_items_before_them(failure: str) -> None:
    serve = static_view({f"1.3.6.1.9.{i}": (0x02, i) for i in range(1, 31)})

    async def fails_from_the_third_walk_request(agent: ScriptedAgent, request: Request) -> None:
        walk_requests = [r for r in agent.requests if r.pdu_type != PduType.GET]
        if request.pdu_type == PduType.GET or len(walk_requests) < 3:
            await serve(agent, request)
        elif failure == "not increasing":
            await agent.reply(request, request.response([("1.3.6.1.9.2", 0x02, 2)]))
        elif failure == "genErr":
            varbinds = [(oid, 0x05, None) for oid, _ in request.varbinds]
            await agent.reply(request, request.response(varbinds, status=5, index=1))

    async with (
        scripted_agent(fails_from_the_third_walk_request) as agent,
        SnmpSession("127.0.0.1", agent.port, max_repetitions=4, timeout=0.2, retries=0) as s,
    ):
        for walk, expected in ((s.getbulk, list(range(1, 9))), (s.getnext, [1, 2])):
            agent.requests.clear()
            seen = []
            with pytest.raises(FAILURES[failure]) as info:
                async for _, value in walk("1.3.6.1.9"):
                    seen.append(value)
            assert type(info.value) is FAILURES[failure]
            assert seen == expected
            assert_clean(s)
        assert await s.get("1.3.6.1.9.5") == 5


async def test_leaving_an_item_walk_early(demo_view: MibView) -> None:
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, max_repetitions=10, timeout=5) as s:
            async for oid, _ in s.getbulk("1.3.6"):
                if oid.startswith("1.3.6.1.2.1.2."):
                    break
            # Dropped: nothing is in flight between two answers' items, nothing to close.
            assert_clean(s)
            assert await s.get("1.3.6.1.2.1.1.5.0") == b"demo-sw1.example.net"
            system = subtree(demo_view, "1.3.6.1.2.1.1")
            assert [item async for item in s.getbulk("1.3.6.1.2.1.1")] == system

            # aclose() (here through contextlib.aclosing) ends it at once.
            walk = s.getnext("1.3.6.1.2.1.1")
            assert isinstance(walk, Items)
            async with contextlib.aclosing(walk):
                assert await anext(walk) == system[0]
            with pytest.raises(StopAsyncIteration):
                await anext(walk)
            assert_clean(s)


async def test_cancelling_an_item_walk_while_it_waits_for_a_response() -> None:
    serve = static_view({f"1.3.6.1.9.{i}": (0x02, i) for i in range(1, 31)})
    scopes: list[anyio.CancelScope] = []

    async def answers_one_walk_request(agent: ScriptedAgent, request: Request) -> None:
        walk_requests = [r for r in agent.requests if r.pdu_type != PduType.GET]
        if request.pdu_type == PduType.GET or len(walk_requests) < 2:
            await serve(agent, request)
        elif math.isinf(scopes[-1].deadline):  # the walk now waits for an answer never sent
            scopes[-1].cancel()
        else:
            scopes[-1].deadline = anyio.current_time() + 0.05

    async with (
        scripted_agent(answers_one_walk_request) as agent,
        SnmpSession("127.0.0.1", agent.port, max_repetitions=5, timeout=5, retries=0) as s,
    ):
        for scope in (anyio.move_on_after(60), anyio.CancelScope()):
            agent.requests.clear()
            scopes.append(scope)
            seen = []
            with scope:
                async for _, value in s.getbulk("1.3.6.1.9"):
                    seen.append(value)
            assert scope.cancelled_caught
            assert seen == [1, 2, 3, 4, 5] and len(agent.requests) == 2
            assert_clean(s)  # at once: the cancellation went through the request
        assert await s.get("1.3.6.1.9.3") == 3


async def test_item_walks_leave_no_reference_behind(demo_view: MibView) -> None:
    system = subtree(demo_view, "1.3.6.1.2.1.1")

    async def walks(host: str, port: int) -> list[weakref.ref[Any]]:
        async with SnmpSession(host, port, max_repetitions=5, timeout=5) as s:
            whole = s.getbulk("1.3.6.1.2.1.1")
            refs: list[weakref.ref[Any]] = [weakref.ref(s), weakref.ref(whole)]
            assert [item async for item in whole] == system
            async with s.walk("1.3.6.1.2.1.1") as results:
                refs.append(weakref.ref(results))
                assert [item async for item in results] == system
            left = s.fetch("1.3.6.1.2.1.1")
            refs.append(weakref.ref(left))
            async for _ in left:
                break
            return refs

    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        refs = await walks(*agent.addresses[0])
        gc.collect()
        assert [ref() for ref in refs] == [None, None, None, None]


async def test_an_item_walk_iterated_by_two_tasks_says_so(demo_view: MibView) -> None:
    """The second task's refill would send the first's request again; its answer would
    look like the agent going back (OidNotIncreasingError): UsageError instead."""
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, timeout=5) as s:
            items = s.fetch("1.3.6.1.2.1")
            seen: list[tuple[str, Any]] = []
            errors: list[Exception] = []

            async def consume() -> None:
                try:
                    async for item in items:
                        seen.append(item)
                except anysnmp.SnmpError as exc:
                    errors.append(exc)

            async with anyio.create_task_group() as tg:
                tg.start_soon(consume)
                tg.start_soon(consume)
            assert [type(exc) for exc in errors] == [anysnmp.UsageError]
            assert "iterated by another task" in str(errors[0])
            assert seen == subtree(demo_view, "1.3.6.1.2.1")  # the other task's walk, whole
            assert_clean(s)
            assert len([item async for item in s.fetch("1.3.6.1.2.1")]) == len(seen)
