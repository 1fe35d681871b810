"""SnmpSession against scripted agents: drops, retries, errors, walks, cancellation."""

from __future__ import annotations

from typing import Any

import anyio
import anyio.abc
import pytest
from scripted import Request, ScriptedAgent, scripted_agent, static_view

import anysnmp
from anysnmp import SnmpSession, SnmpVersion
from anysnmp._backends._asyncio import AsyncioUdpEndpoint
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

NAME = "1.3.6.1.2.1.1.5.0"
ANSWER = [(NAME, 0x04, b"router")]


def session(agent: ScriptedAgent, **kw: Any) -> SnmpSession:
    kw.setdefault("timeout", 2)
    return SnmpSession("127.0.0.1", agent.port, **kw)


def assert_clean(s: SnmpSession) -> None:
    assert s._endpoint is not None and not s._endpoint.in_flight()


async def test_wrong_ids_sources_communities_and_garbage_are_dropped() -> None:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, b"\x30\x03garbage")
        await agent.reply(request, request.response(ANSWER, request_id=request.request_id + 1))
        await agent.reply(request, request.response(ANSWER, community=b"other"))
        await agent.reply_from_other_port(request, request.response([(NAME, 0x04, b"spoofed")]))
        await agent.reply(request, request.response(ANSWER))

    async with scripted_agent(handler) as agent, session(agent) as s:
        assert await s.get(NAME) == b"router"
        assert s._endpoint is not None and s._endpoint.dropped >= 2  # unknown id, other port
        assert len(agent.requests) == 1
        assert_clean(s)


async def test_timeout_after_every_retry_with_fresh_request_ids() -> None:
    async def silent(agent: ScriptedAgent, request: Request) -> None:
        pass

    async with scripted_agent(silent) as agent, session(agent, timeout=0.2, retries=2) as s:
        with pytest.raises(anysnmp.TimeoutError) as info:
            await s.get(NAME)
        assert isinstance(info.value, TimeoutError) and isinstance(info.value, anysnmp.SnmpError)
        ids = [r.request_id for r in agent.requests]
        assert len(ids) == 3 and len(set(ids)) == 3 and all(0 < i < 2**31 for i in ids)
        assert_clean(s)


async def test_retry_succeeds_and_late_answers_to_earlier_attempts_count() -> None:
    async def answer_the_first_attempt_late(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) == 2:
            await agent.reply(request, agent.requests[0].response(ANSWER))

    async with (
        scripted_agent(answer_the_first_attempt_late) as agent,
        session(agent, timeout=0.2, retries=3) as s,
    ):
        assert await s.get(NAME) == b"router"
        assert len(agent.requests) == 2


async def test_error_status_names_the_status_and_oid() -> None:
    async def gen_err(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(
            request,
            request.response([(o, 0x05, None) for o, _ in request.varbinds], status=5, index=2),
        )

    async with scripted_agent(gen_err) as agent, session(agent) as s:
        with pytest.raises(anysnmp.ErrorStatusError) as info:
            await s.get_many(["1.3.6.1.1.0", "1.3.6.1.2.0"])
    assert (info.value.status, info.value.index, info.value.oid) == (5, 2, "1.3.6.1.2.0")
    assert info.value.status_name == "genErr" and "genErr" in str(info.value)


async def test_get_many_splits_on_too_big() -> None:
    view = {f"1.3.6.1.4.1.9.{i}.0": (0x02, i) for i in range(40)}
    serve = static_view(view)

    async def too_big_over_8(agent: ScriptedAgent, request: Request) -> None:
        if len(request.varbinds) > 8:
            await agent.reply(request, request.response([], status=1))
        else:
            await serve(agent, request)

    async with scripted_agent(too_big_over_8) as agent, session(agent) as s:
        result = await s.get_many(list(view))
    assert result == {oid: value for oid, (_, value) in view.items()}
    answered = [len(r.varbinds) for r in agent.requests if len(r.varbinds) <= 8]
    assert sum(answered) == 40  # each OID asked once in a request small enough


async def test_v1_get_many_drops_no_such_name_and_retries() -> None:
    view = {"1.3.6.1.1.0": (0x02, 1), "1.3.6.1.3.0": (0x02, 3)}

    async def v1(agent: ScriptedAgent, request: Request) -> None:
        missing = [i for i, (o, _) in enumerate(request.varbinds, 1) if o not in view]
        if missing:
            await agent.reply(
                request,
                request.response(
                    [(o, 0x05, None) for o, _ in request.varbinds], status=2, index=missing[0]
                ),
            )
        else:
            await agent.reply(
                request, request.response([(o, *view[o]) for o, _ in request.varbinds])
            )

    async with scripted_agent(v1) as agent, session(agent, version=SnmpVersion.v1) as s:
        result = await s.get_many(["1.3.6.1.1.0", "1.3.6.1.2.0", "1.3.6.1.3.0", "1.3.6.1.4.0"])
        assert result == {"1.3.6.1.1.0": 1, "1.3.6.1.3.0": 3}
        with pytest.raises(anysnmp.NoSuchInstance):
            await s.get("1.3.6.1.2.0")


async def test_walk_rejects_oids_cycling_across_responses() -> None:
    async def cycling(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response([("1.3.6.1.2.1.1.1.0", 0x02, 1)]))

    async with scripted_agent(cycling) as agent, session(agent) as s:
        seen = []
        with pytest.raises(anysnmp.OidNotIncreasingError, match="not increasing"):
            async for oid, _ in s.getnext("1.3.6.1.2.1"):
                seen.append(oid)
        assert seen == ["1.3.6.1.2.1.1.1.0"] and len(agent.requests) == 2


async def test_walk_rejects_an_empty_varbind_list() -> None:
    async def empty(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response([]))

    async with scripted_agent(empty) as agent, session(agent) as s:
        with pytest.raises(anysnmp.OidNotIncreasingError, match="empty"):
            async for _ in s.getbulk("1.3.6"):
                pass


async def test_getbulk_walk_shrinks_max_repetitions_on_too_big() -> None:
    view = {f"1.3.6.1.9.{i}": (0x02, i) for i in range(1, 31)}
    serve = static_view(view)

    async def too_big_over_5(agent: ScriptedAgent, request: Request) -> None:
        if request.max_repetitions > 5:
            await agent.reply(request, request.response([], status=1))
        else:
            await serve(agent, request)

    async with scripted_agent(too_big_over_5) as agent, session(agent, max_repetitions=20) as s:
        got = [value async for _, value in s.getbulk("1.3.6.1.9")]
    assert got == list(range(1, 31))
    assert [r.max_repetitions for r in agent.requests[:3]] == [20, 10, 5]


def large_view(n: int) -> dict[str, tuple[int, Any]]:
    return {f"1.3.6.1.9.{i}": (0x02, i) for i in range(1, n + 1)}


async def test_streamed_walk_applies_backpressure() -> None:
    async with (
        scripted_agent(static_view(large_view(200))) as agent,
        session(agent, max_repetitions=2) as s,
    ):
        async with s.walk("1.3.6.1.9", buffer=3) as results:
            await anyio.sleep(0.3)  # a stalled consumer
            requests_while_stalled = len(agent.requests)
            values = [value async for _, value in results]
    assert values == list(range(1, 201))
    # buffer batches queued, plus one held by the blocked producer.
    assert requests_while_stalled <= 3 + 1
    assert len(agent.requests) == 101  # the last one ends at endOfMibView


async def test_walk_errors_reach_the_consumer_after_the_preceding_items() -> None:
    async def dies_after_two(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) <= 2:
            await static_view(large_view(10))(agent, request)

    async with (
        scripted_agent(dies_after_two) as agent,
        session(agent, max_repetitions=3, timeout=0.2, retries=0) as s,
    ):
        seen = []
        with pytest.raises(anysnmp.TimeoutError):
            async with s.walk("1.3.6.1.9") as results:
                async for _, value in results:
                    seen.append(value)
        assert seen == [1, 2, 3, 4, 5, 6]
        assert_clean(s)


async def test_leaving_a_walk_early_stops_the_producer() -> None:
    async with (
        scripted_agent(static_view(large_view(1000))) as agent,
        session(agent, max_repetitions=5) as s,
    ):
        async with s.walk("1.3.6.1.9") as results:
            async for _, value in results:
                if value == 12:
                    break
        sent = len(agent.requests)
        await anyio.sleep(0.1)
        assert len(agent.requests) == sent < 10
        assert await s.get("1.3.6.1.9.7") == 7


async def test_cancelled_requests_leave_the_session_usable() -> None:
    async def slow(agent: ScriptedAgent, request: Request) -> None:
        if request.pdu_type == PduType.GET and request.varbinds[0][0] == "1.3.6.1.9.1":
            return  # never answers this one
        await static_view(large_view(500))(agent, request)

    async with scripted_agent(slow) as agent, session(agent, max_repetitions=1) as s:
        with anyio.move_on_after(0.1) as scope:
            await s.get("1.3.6.1.9.1")
        assert scope.cancelled_caught
        with anyio.move_on_after(0.05) as scope:
            async with s.walk("1.3.6.1.9") as results:
                async for _ in results:
                    pass
        assert scope.cancelled_caught
        with anyio.move_on_after(0.05) as scope:
            async for _ in s.getnext("1.3.6.1.9"):
                pass
        assert scope.cancelled_caught
        assert_clean(s)
        assert await s.get("1.3.6.1.9.2") == 2


async def test_many_concurrent_requests_on_one_session() -> None:
    view = large_view(300)
    async with scripted_agent(static_view(view)) as agent, session(agent) as s:
        results: dict[str, Any] = {}

        async def fetch(oid: str) -> None:
            results[oid] = await s.get(oid)

        async with anyio.create_task_group() as tg:
            for oid in view:
                tg.start_soon(fetch, oid)
        assert results == {oid: value for oid, (_, value) in view.items()}
        assert len({r.request_id for r in agent.requests}) == 300
        assert_clean(s)


async def test_limit_rps_spaces_requests_across_tasks() -> None:
    async with (
        scripted_agent(static_view(large_view(10))) as agent,
        session(agent, limit_rps=50) as s,
    ):
        start = anyio.current_time()
        async with anyio.create_task_group() as tg:
            for i in range(1, 11):
                tg.start_soon(s.get, f"1.3.6.1.9.{i}")
        assert anyio.current_time() - start >= 9 / 50 * 0.95


async def test_session_requires_async_with() -> None:
    s = SnmpSession("127.0.0.1", 1)
    with pytest.raises(RuntimeError, match="async with"):
        await s.get(NAME)


def test_invalid_arguments_are_rejected() -> None:
    with pytest.raises(ValueError):
        SnmpSession("127.0.0.1", limit_rps=1, policer=anysnmp.RPSPolicer(1))
    with pytest.raises(ValueError):
        SnmpSession("127.0.0.1", timeout=0)
    assert SnmpSession("127.0.0.1").version == SnmpVersion.v2c


async def test_manager_drops_replies_from_other_ports_and_unknown_ids() -> None:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply_from_other_port(request, request.response([(NAME, 0x04, b"spoofed")]))
        await agent.reply(request, request.response(ANSWER, request_id=request.request_id ^ 1))
        await agent.reply(request, request.response(ANSWER))

    async with anysnmp.Manager(("127.0.0.1", 0)) as manager, scripted_agent(handler) as agent:
        async with session(agent, manager=manager) as s:
            assert await s.get(NAME) == b"router"
        assert manager.endpoint.dropped == 2
        assert not manager.endpoint._pending


def test_plain_asyncio_run_and_trio_run() -> None:
    import asyncio

    import trio

    async def main() -> Any:
        async with scripted_agent(static_view(large_view(30))) as agent, session(agent) as s:
            return [await s.get("1.3.6.1.9.3"), [v async for _, v in s.fetch("1.3.6.1.9")]]

    expected = [3, list(range(1, 31))]
    assert asyncio.run(main()) == expected
    assert trio.run(main) == expected


async def test_a_closed_port_times_out_cleanly() -> None:
    async with await anyio.create_udp_socket(local_host="127.0.0.1") as probe:
        port = probe.extra(anyio.abc.SocketAttribute.local_port)
    # Nothing listens there now: the kernel answers with ICMP port unreachable.
    async with SnmpSession("127.0.0.1", port, timeout=0.2, retries=2) as s:
        with anyio.fail_after(5):
            for _ in range(2):
                with pytest.raises(anysnmp.TimeoutError):
                    await s.get(NAME)
        assert_clean(s)


async def test_walks_are_capped_against_endless_agents() -> None:
    async def endless(agent: ScriptedAgent, request: Request) -> None:
        last = request.varbinds[0][0]
        await agent.reply(request, request.response([(last + ".1", 0x02, 1)]))

    async with scripted_agent(endless) as agent, session(agent) as s:
        s.max_walk_requests = 50
        with pytest.raises(anysnmp.SnmpError, match="after 50 requests"):
            async for _ in s.getnext("1.3.6.1"):
                pass
        assert len(agent.requests) == 50


@pytest.mark.parametrize("rows", ["table", "table_rows"])
async def test_a_tables_column_discovery_is_capped_against_endless_agents(rows: str) -> None:
    """GETNEXT of the entry's next column answered with a new column each time (up to arc
    2^32-1): capped as a walk is (the agent here falls silent after 100 answers)."""

    async def endless(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) <= 100:
            last = request.varbinds[0][0]
            await agent.reply(request, request.response([(last + ".1", 0x02, 1)]))

    async with scripted_agent(endless) as agent, session(agent, timeout=0.2, retries=0) as s:
        s.max_walk_requests = 50
        with anyio.fail_after(10), pytest.raises(anysnmp.SnmpError, match="after 50 requests"):
            if rows == "table":
                await s.table("1.3.6.1.2.1.2.2.1")
            else:
                async with s.table_rows("1.3.6.1.2.1.2.2.1") as results:
                    async for _ in results:
                        pass
        assert len(agent.requests) == 50
        assert_clean(s)


async def test_timeouts_and_answers_interleave_among_concurrent_requests() -> None:
    # Whichever request reads the socket (trio) or waits on it (asyncio) may time
    # out while the others' answers arrive: every request still ends as it should.
    async def answer_only_sysname(agent: ScriptedAgent, request: Request) -> None:
        if request.varbinds[0][0] == NAME:
            await agent.reply(request, request.response(ANSWER))

    outcomes: list[object] = []

    async def one(s: SnmpSession, oid: str) -> None:
        try:
            outcomes.append(await s.get(oid))
        except anysnmp.TimeoutError:
            outcomes.append("timeout")

    async with (
        scripted_agent(answer_only_sysname) as agent,
        session(agent, timeout=0.1, retries=0) as s,
    ):
        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                for i in range(12):
                    tg.start_soon(one, s, "1.3.6.1.2.1.1.4.0" if i % 3 == 0 else NAME)
        assert sorted(map(str, outcomes)) == ["b'router'"] * 8 + ["timeout"] * 4
        assert_clean(s)
        with anyio.fail_after(2):
            assert await s.get(NAME) == b"router"


async def test_closing_a_manager_ends_the_requests_waiting_on_it() -> None:
    async def silent(agent: ScriptedAgent, request: Request) -> None:
        pass

    ended: list[type[BaseException]] = []

    async def one(s: SnmpSession) -> None:
        try:
            await s.get(NAME)
        except anysnmp.SnmpError as exc:
            assert isinstance(exc, anyio.ClosedResourceError)  # as raised before
            ended.append(type(exc))

    with anyio.fail_after(5):  # not the requests' 30 s timeout
        async with scripted_agent(silent) as agent, anyio.create_task_group() as tg:
            async with (
                anysnmp.Manager(("127.0.0.1", 0)) as manager,
                session(agent, manager=manager, timeout=30) as s,
            ):
                for _ in range(3):
                    tg.start_soon(one, s)
                while len(agent.requests) < 3:
                    await anyio.sleep(0.01)
            # The manager closed while the three requests waited on it.
    assert ended == [anysnmp.ClosedError] * 3


async def test_a_shorter_deadline_after_a_longer_one_still_expires_first() -> None:
    # The watchdog sleeps until the earliest deadline it knows: a request with a
    # shorter timeout than those already waiting must move that wake-up earlier.
    async def silent(agent: ScriptedAgent, request: Request) -> None:
        pass

    async with scripted_agent(silent) as agent, session(agent, timeout=30, retries=0) as s:
        async with anyio.create_task_group() as tg:
            tg.start_soon(s.get, NAME)
            while not agent.requests:
                await anyio.sleep(0.01)
            s.timeout = 0.2
            with anyio.fail_after(3), pytest.raises(anysnmp.TimeoutError):
                await s.get(NAME)
            tg.cancel_scope.cancel()
        assert_clean(s)


def test_asyncio_requests_wait_without_a_loop_timer() -> None:
    # On Linux the watchdog's deadline is a timerfd the loop polls: no loop
    # timer makes every turn of the loop read the clock.
    import asyncio
    import sys

    async def main() -> None:
        async def silent(agent: ScriptedAgent, request: Request) -> None:
            pass

        loop = asyncio.get_running_loop()
        async with scripted_agent(silent) as agent, session(agent, timeout=0.3, retries=0) as s:
            task = asyncio.ensure_future(s.get(NAME))
            while not agent.requests:
                await asyncio.sleep(0.01)
            timers = [h for h in loop._scheduled if not h.cancelled()]  # type: ignore[attr-defined]
            with pytest.raises(anysnmp.TimeoutError):
                await asyncio.wait_for(task, 3)
        if sys.platform == "linux":
            assert timers == []

    asyncio.run(main())


def test_asyncio_deadlines_without_a_timerfd(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where there is no timerfd (other systems), one loop timer keeps the deadlines.
    import asyncio

    from anysnmp import _timerfd

    monkeypatch.setattr(_timerfd, "create", lambda: None)

    async def main() -> None:
        async def answer_only_sysname(agent: ScriptedAgent, request: Request) -> None:
            if request.varbinds[0][0] == NAME:
                await agent.reply(request, request.response(ANSWER))

        async with scripted_agent(answer_only_sysname) as agent, session(agent, timeout=0.2) as s:
            assert isinstance(s._endpoint, AsyncioUdpEndpoint)
            assert s._endpoint._watchdog._timer_fd is None
            with pytest.raises(anysnmp.TimeoutError):
                await asyncio.wait_for(s.get("1.3.6.1.2.1.1.4.0"), 3)
            assert await s.get(NAME) == b"router"
            assert_clean(s)

    asyncio.run(main())


async def test_a_request_resumes_in_its_own_task_and_context() -> None:
    # Under asyncio the socket's reader resumes the waiting task itself: the
    # task must go on in its own context, as the task anyio reports, with the
    # values of its own context variables.
    import contextvars

    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")

    async def answer(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response(ANSWER))

    seen: list[tuple[str, object]] = []

    async def one(s: SnmpSession, name: str) -> None:
        var.set(name)
        task = anyio.get_current_task().id
        for _ in range(3):
            assert await s.get(NAME) == b"router"
            assert anyio.get_current_task().id == task
            seen.append((name, var.get()))

    async with scripted_agent(answer) as agent, session(agent) as s:
        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                for name in ("a", "b", "c"):
                    tg.start_soon(one, s, name)
        assert var.get() == "unset"
        assert sorted(seen) == sorted((name, name) for name in "abc" for _ in range(3))
        assert_clean(s)
