"""anysnmp.poll's GET of many devices sharing a Manager: run in C++, no task, same answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import anyio
import pytest
from scripted import Request, ScriptedAgent, scripted_agent
from test_poll import SlowResponder, device_view, running_tasks

import anysnmp
from anysnmp import Manager, PollResult, SnmpSession, SnmpVersion

pytestmark = pytest.mark.anyio

OIDS = [f"1.3.6.1.4.1.9.{i}.0" for i in range(1, 5)]
VALUES = {oid: (0x04, f"value {i}".encode()) for i, oid in enumerate(OIDS)}
SYS_NAME = "1.3.6.1.2.1.1.5.0"


def answer(oids: Sequence[str]) -> list[tuple[str, int, Any]]:
    return [(oid, *VALUES[oid]) if oid in VALUES else (oid, 0x81, None) for oid in oids]


async def answering(agent: ScriptedAgent, request: Request) -> None:
    await agent.reply(request, request.response(answer([o for o, _ in request.varbinds])))


@asynccontextmanager
async def polled(
    agents: Sequence[ScriptedAgent], **options: Any
) -> AsyncIterator[tuple[Manager, list[SnmpSession]]]:
    """A Manager and a session per agent on it."""
    async with AsyncExitStack() as stack:
        manager = await stack.enter_async_context(Manager(("127.0.0.1", 0)))
        sessions = [
            await stack.enter_async_context(
                SnmpSession("127.0.0.1", agent.port, manager=manager, **options)
            )
            for agent in agents
        ]
        yield manager, sessions


async def test_a_get_poll_runs_no_task_and_gives_back_every_id() -> None:
    async with scripted_agent(answering) as agent, polled([agent] * 30, timeout=2) as (m, opened):
        before = running_tasks()
        got: list[PollResult] = []
        with anyio.fail_after(10):
            async with anysnmp.poll(opened, get=OIDS, concurrency=7) as results:
                async for r in results:
                    assert running_tasks() == before  # no worker, no task per device
                    got.append(r)
        assert m.endpoint._pending == {}
    assert sorted(map(id, (r.session for r in got))) == sorted(map(id, opened))
    assert all(r.error is None and r.values == {o: v for o, (_, v) in VALUES.items()} for r in got)
    assert len(agent.requests) == 30


async def test_too_big_and_v1_no_such_name_continue_as_get_many_does() -> None:
    async def small(agent: ScriptedAgent, request: Request) -> None:
        asked = [oid for oid, _ in request.varbinds]
        if len(asked) > 2:
            await agent.reply(request, request.response([], status=1))  # tooBig
        elif request.version == 0 and (missing := [o for o in asked if o not in VALUES]):
            index = asked.index(missing[0]) + 1
            await agent.reply(request, request.response(answer(asked), status=2, index=index))
        else:
            await agent.reply(request, request.response(answer(asked)))

    asked = [*OIDS, "1.3.6.1.4.1.9.99.0"]
    async with scripted_agent(small) as v2c, scripted_agent(small) as v1:
        async with AsyncExitStack() as stack:
            manager, [first] = await stack.enter_async_context(polled([v2c], timeout=2))
            second = await stack.enter_async_context(
                SnmpSession(
                    "127.0.0.1", v1.port, manager=manager, timeout=2, version=SnmpVersion.v1
                )
            )
            with anyio.fail_after(10):
                async with anysnmp.poll([first, second], get=asked, timeout=5) as results:
                    got = {id(r.session): r async for r in results}
    expected = {oid: value for oid, (_, value) in VALUES.items()}
    assert got[id(first)].error is None and got[id(first)].values == expected
    assert got[id(second)].error is None and got[id(second)].values == expected
    # tooBig splits 5 OIDs in halves (2 + 3, then 1 + 2): as get_many does.
    assert [len(r.varbinds) for r in v2c.requests] == [5, 2, 3, 1, 2]
    # v1: halves too, and the half with the unknown OID asked again without it.
    assert [len(r.varbinds) for r in v1.requests] == [5, 2, 3, 1, 2, 1]


async def test_lost_requests_are_sent_again_until_attempts_run_out() -> None:
    async def second_time(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) % 2 == 0:  # every other request: the first is lost
            await answering(agent, request)

    async def never(agent: ScriptedAgent, request: Request) -> None:
        pass

    async with scripted_agent(second_time) as flaky, scripted_agent(never) as dead:
        async with polled([flaky, flaky, dead], timeout=0.2, retries=1) as (m, opened):
            with anyio.fail_after(10):
                async with anysnmp.poll(opened, get=OIDS[:1], concurrency=1) as results:
                    got = [r async for r in results]
            assert m.endpoint._pending == {}
    assert [r.values for r in got[:2]] == [{OIDS[0]: VALUES[OIDS[0]][1]}] * 2
    error = got[2].error
    assert isinstance(error, anysnmp.TimeoutError) and "after 2 attempt(s) of 0.2s" in str(error)
    assert len(flaky.requests) == 4 and len(dead.requests) == 2
    # A re-sent request has a fresh id.
    assert len({r.request_id for r in flaky.requests}) == 4


async def test_answers_from_elsewhere_or_of_another_community_do_not_count() -> None:
    async def misleading(agent: ScriptedAgent, request: Request) -> None:
        good = request.response(answer([o for o, _ in request.varbinds]))
        await agent.reply_from_other_port(request, good)
        await agent.reply(request, request.response(answer(OIDS[:1]), community=b"other"))
        await agent.reply(request, good)

    async with scripted_agent(misleading) as agent, polled([agent] * 3, timeout=2) as (m, opened):
        with anyio.fail_after(10):
            async with anysnmp.poll(opened, get=OIDS[1:3]) as results:
                got = [r async for r in results]
        assert m.endpoint.dropped == 3  # the other port's
    assert [r.values for r in got] == [{o: VALUES[o][1] for o in OIDS[1:3]}] * 3


async def test_a_slow_consumer_pauses_a_get_poll() -> None:
    responder = SlowResponder(device_view(1), 0.02)
    async with anysnmp.Agent([("127.0.0.1", 0)], responder) as agent:
        host, port = agent.addresses[0]
        async with AsyncExitStack() as stack:
            manager = await stack.enter_async_context(Manager(("127.0.0.1", 0)))
            opened = [
                await stack.enter_async_context(SnmpSession(host, port, manager=manager, timeout=5))
                for _ in range(40)
            ]
            with anyio.fail_after(30):
                async with anysnmp.poll(opened, get=[SYS_NAME], concurrency=4) as results:
                    first = await anext(results)
                    await anyio.sleep(0.5)  # the consumer is busy: the poll waits
                    served_while_paused = responder.served
                    rest = [r async for r in results]
    assert first.error is None and len(rest) == 39
    # Taken with the first (at most 4), then 4 results waiting and 4 more in flight.
    assert served_while_paused <= 4 + 4 + 4
    assert responder.peak <= 4 and responder.served == 40


async def test_a_manager_closing_under_the_poll_ends_every_device_left() -> None:
    async def never(agent: ScriptedAgent, request: Request) -> None:
        pass

    async with scripted_agent(answering) as alive, scripted_agent(never) as dead:
        with anyio.fail_after(10):  # outside the Manager's task group (trio)
            async with polled([alive] + [dead] * 5, timeout=30) as (manager, opened):
                async with anysnmp.poll(opened, get=OIDS[:1], concurrency=3) as results:
                    got = [await anext(results)]
                    endpoint = manager.endpoint
                    await manager.__aexit__(None, None, None)
                    got += [r async for r in results]
                assert endpoint._pending == {}
    assert got[0].error is None and len(got) == 6
    assert all(isinstance(r.error, anysnmp.ClosedError) for r in got[1:])


async def test_other_requests_on_the_manager_go_on_while_the_consumer_is_busy() -> None:
    other: list[Any] = []
    async with (
        scripted_agent(answering) as agent,
        polled([agent] * 4, timeout=1, retries=0) as (_, opened),
    ):
        with anyio.fail_after(10):
            async with anysnmp.poll(opened[:3], get=OIDS[:1], concurrency=1) as results:
                await anext(results)

                async def get() -> None:
                    other.append(await opened[3].get(OIDS[1]))

                async with anyio.create_task_group() as tg:
                    tg.start_soon(get)
                    await anyio.sleep(1.5)  # busy: longer than the other request's timeout
                assert len([r async for r in results]) == 2
    assert other == [VALUES[OIDS[1]][1]]


async def test_malformed_answers_are_dropped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def hostile(agent: ScriptedAgent, request: Request) -> None:
        good = request.response(answer([o for o, _ in request.varbinds]))
        await agent.reply(request, b"\x30\x03\x02\x01")  # not SNMP: no request id
        name = bytes.fromhex("06082b06010401090200")  # OIDS[1], encoded
        await agent.reply(request, good.replace(name, b"\x05" + name[1:]))  # a NULL for a name
        await agent.reply(request, good)

    caplog.set_level("DEBUG", logger="anysnmp")
    async with scripted_agent(hostile) as agent, polled([agent] * 4, timeout=2) as (m, opened):
        with anyio.fail_after(10):
            async with anysnmp.poll(opened, get=OIDS[:2]) as results:
                got = [r async for r in results]
        assert m.endpoint.dropped == 4 and m.endpoint._pending == {}
    assert [r.values for r in got] == [{o: VALUES[o][1] for o in OIDS[:2]}] * 4
    assert sum("dropped a malformed reply" in m for m in caplog.messages) == 4


async def test_a_get_poll_over_ipv6() -> None:
    responders = [anysnmp.CommandResponder(device_view(n)) for n in range(3)]
    async with AsyncExitStack() as stack:
        agents = [
            await stack.enter_async_context(anysnmp.Agent([("::1", 0)], r)) for r in responders
        ]
        manager = await stack.enter_async_context(Manager(("::1", 0)))
        opened = [
            await stack.enter_async_context(
                SnmpSession("::1", agent.addresses[0][1], manager=manager, timeout=2)
            )
            for agent in agents
        ]
        before = running_tasks()
        with anyio.fail_after(10):
            async with anysnmp.poll(opened, get=[SYS_NAME]) as results:
                assert running_tasks() == before  # the C++ poller, not workers
                got = {id(r.session): r for r in [r async for r in results]}
        assert manager.endpoint.dropped == 0
    assert [got[id(s)].values for s in opened] == [{SYS_NAME: f"dev{n}".encode()} for n in range(3)]
