"""anysnmp.poll: many devices (our agents, Net-SNMP's snmpd), results as devices finish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import anyio
import pytest
import sniffio
from netsnmpd import free_udp_port
from peers import Snmpd, netsnmp, parse_netsnmp

import anysnmp
from anysnmp import (
    Agent,
    CommandResponder,
    Manager,
    MibView,
    OctetString,
    PollResult,
    RPSPolicer,
    Sha1Key,
    SnmpSession,
    User,
)
from anysnmp.lowlevel import Request

pytestmark = pytest.mark.anyio

IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
IF_TABLE = "1.3.6.1.2.1.2.2"


def device_view(n: int) -> MibView:
    """Device n: its name, and n + 1 interfaces."""
    values = {f"{IF_DESCR}.{i}": OctetString(f"dev{n}-eth{i}") for i in range(1, n + 2)}
    values[SYS_NAME] = OctetString(f"dev{n}")
    return MibView(values)


def expected_walk(n: int) -> list[tuple[str, bytes]]:
    return [(f"{IF_DESCR}.{i}", f"dev{n}-eth{i}".encode()) for i in range(1, n + 2)]


@asynccontextmanager
async def agents(handlers: Sequence[Any]) -> AsyncIterator[list[tuple[str, int]]]:
    """One of our agents per handler, each on its own port; yields their addresses."""
    async with AsyncExitStack() as stack:
        addresses = []
        for handler in handlers:
            agent = await stack.enter_async_context(Agent([("127.0.0.1", 0)], handler))
            addresses += agent.addresses
        yield addresses


@asynccontextmanager
async def sessions(
    addresses: Sequence[tuple[str, int]], **options: Any
) -> AsyncIterator[tuple[Manager, list[SnmpSession]]]:
    """Open sessions sharing one Manager, one per address."""
    async with AsyncExitStack() as stack:
        manager = await stack.enter_async_context(Manager(("127.0.0.1", 0)))
        opened = [
            await stack.enter_async_context(SnmpSession(host, port, manager=manager, **options))
            for host, port in addresses
        ]
        yield manager, opened


async def collect(results: AsyncIterator[PollResult]) -> list[PollResult]:
    return [r async for r in results]


def running_tasks() -> int:
    """Tasks alive in this event loop (asyncio), or under the root task (trio)."""
    if sniffio.current_async_library() == "asyncio":
        return len(asyncio.all_tasks())
    import trio

    def count(task: Any) -> int:
        return 1 + sum(count(t) for n in task.child_nurseries for t in n.child_tasks)

    return count(trio.lowlevel.current_root_task())


async def test_values_and_walks_of_every_device_exact() -> None:
    async with agents([CommandResponder(device_view(n)) for n in range(8)]) as addresses:
        async with sessions(addresses, timeout=2) as (_, opened):
            with anyio.fail_after(20):
                async with anysnmp.poll(
                    opened,
                    get=[SYS_NAME, SYS_LOCATION],
                    walk=[IF_DESCR, "1.3.6.1.4"],
                    concurrency=3,
                ) as results:
                    got = await collect(results)
    assert sorted(map(id, (r.session for r in got))) == sorted(map(id, opened))
    for r in got:
        n = opened.index(r.session)
        assert r.error is None
        assert r.values == {SYS_NAME: f"dev{n}".encode()}  # sysLocation: not there, left out
        assert r.walks == {IF_DESCR: expected_walk(n), "1.3.6.1.4": []}


async def test_a_walk_of_everything_from_1_as_a_sessions_walk() -> None:
    # Its root was read as a GET's OID, which takes two arcs: EncodeError before any request.
    async with (
        agents([CommandResponder(device_view(1))]) as addresses,
        sessions(addresses, timeout=2) as (_, opened),
    ):
        everything = [item async for item in opened[0].fetch("1")]
        with anyio.fail_after(10):
            async with anysnmp.poll(opened, walk=["1", ".1"]) as results:
                (got,) = await collect(results)
    assert got.error is None and len(everything) == 3
    assert got.walks == {"1": everything, ".1": everything}


async def test_walks_match_net_snmp(snmpd: Snmpd) -> None:
    reference = [
        (oid, value)
        for oid, _, value in parse_netsnmp(
            netsnmp("snmpbulkwalk", "-v2c", "-c", snmpd.community, "-On", snmpd.target, IF_TABLE)
        )
    ]
    name = parse_netsnmp(
        netsnmp("snmpget", "-v2c", "-c", snmpd.community, "-On", snmpd.target, SYS_NAME)
    )[0][2]
    addresses = [(snmpd.host, snmpd.port)] * 5
    async with sessions(addresses, community=snmpd.community, max_repetitions=7) as (_, opened):
        with anyio.fail_after(20):
            async with anysnmp.poll(
                opened, get=[SYS_NAME], walk=[IF_TABLE], concurrency=2
            ) as results:
                got = await collect(results)
    assert len(got) == 5
    for r in got:
        assert r.error is None
        assert r.values == {SYS_NAME: name}
        assert [oid for oid, _ in r.walks[IF_TABLE]] == [oid for oid, _ in reference]


async def test_failures_stay_with_their_device() -> None:
    user = User("poller", auth_key=Sha1Key(b"poller-password"))
    stranger = User("stranger", auth_key=Sha1Key(b"stranger-password"))
    responders = [
        CommandResponder(device_view(n), communities={"public": "ro"}, users=[user])
        for n in range(3)
    ]
    async with agents(responders) as addresses, AsyncExitStack() as stack:
        manager, good = await stack.enter_async_context(sessions(addresses, timeout=2))
        dead = await stack.enter_async_context(
            SnmpSession("127.0.0.1", free_udp_port(), manager=manager, timeout=0.2, retries=1)
        )
        unknown_user = await stack.enter_async_context(
            SnmpSession(*addresses[0], manager=manager, user=stranger, timeout=2)
        )
        v3 = await stack.enter_async_context(
            SnmpSession(*addresses[1], manager=manager, user=user, timeout=2)
        )
        everyone = [dead, *good, unknown_user, v3]
        with anyio.fail_after(20):
            async with anysnmp.poll(everyone, get=[SYS_NAME], walk=[IF_DESCR]) as results:
                got = {id(r.session): r for r in await collect(results)}
    assert isinstance(got[id(dead)].error, anysnmp.TimeoutError)
    assert isinstance(got[id(unknown_user)].error, anysnmp.UnknownUserNameError)
    assert got[id(v3)].error is None and got[id(v3)].values == {SYS_NAME: b"dev1"}
    assert got[id(v3)].walks == {IF_DESCR: expected_walk(1)}
    for n, session in enumerate(good):
        r = got[id(session)]
        assert r.error is None and r.walks[IF_DESCR] == expected_walk(n)


class GoesSilent:
    """Answers its first `answers` requests, then none (an agent that stopped mid-walk)."""

    def __init__(self, view: MibView, answers: int) -> None:
        self.responder = CommandResponder(view)
        self.answers = answers

    async def __call__(self, request: Request) -> None:
        self.answers -= 1
        reply = self.responder.respond(request.data)
        if self.answers >= 0 and reply is not None:
            await request.reply(reply)


async def test_a_walk_cut_short_keeps_what_came_before_its_error() -> None:
    async with agents([GoesSilent(device_view(2), answers=2)]) as addresses:
        async with sessions(addresses, timeout=0.2, retries=0, max_repetitions=1) as (_, [s]):
            async with anysnmp.poll([s], get=[SYS_NAME], walk=[IF_DESCR]) as results:
                [r] = await collect(results)
    assert isinstance(r.error, anysnmp.TimeoutError)
    assert r.values == {SYS_NAME: b"dev2"}  # the GET, then one GETBULK of one varbind
    assert r.walks == {IF_DESCR: expected_walk(2)[:1]}


async def test_device_deadline_ends_only_that_device() -> None:
    async with agents([CommandResponder(device_view(0))]) as addresses, AsyncExitStack() as stack:
        manager, [alive] = await stack.enter_async_context(sessions(addresses))
        slow = await stack.enter_async_context(
            SnmpSession("127.0.0.1", free_udp_port(), manager=manager, timeout=30, retries=0)
        )
        started = anyio.current_time()
        async with anysnmp.poll([slow, alive], get=[SYS_NAME], timeout=0.3) as results:
            got = {id(r.session): r for r in await collect(results)}
        elapsed = anyio.current_time() - started
    assert elapsed < 5  # not the request's 30 s
    error = got[id(slow)].error
    assert isinstance(error, anysnmp.TimeoutError) and "0.3" in str(error)
    assert got[id(alive)].values == {SYS_NAME: b"dev0"}


class SlowResponder:
    """Answers after `delay` seconds (a task per request), counting requests in progress."""

    def __init__(self, view: MibView, delay: float) -> None:
        self.responder = CommandResponder(view)
        self.delay = delay
        self.in_progress = self.peak = self.served = 0

    async def __call__(self, request: Request) -> None:
        self.in_progress += 1
        self.peak = max(self.peak, self.in_progress)
        try:
            await anyio.sleep(self.delay)
            reply = self.responder.respond(request.data)
            if reply is not None:
                await request.reply(reply)
                self.served += 1
        finally:
            self.in_progress -= 1


async def test_a_slow_consumer_pauses_the_polling_and_requests_stay_bounded() -> None:
    responder = SlowResponder(device_view(1), 0.02)
    async with agents([responder]) as [address]:
        async with sessions([address] * 40, timeout=5) as (_, opened):
            with anyio.fail_after(30):
                async with anysnmp.poll(
                    opened, get=[SYS_NAME], walk=[IF_DESCR], concurrency=4
                ) as results:
                    first = await anext(results)
                    await anyio.sleep(0.5)  # the consumer is busy: the pollers wait
                    served_while_paused = responder.served
                    rest = await collect(results)
    assert first.error is None and len(rest) == 39
    # A device is 2 requests (a GET, a GETBULK): the first device, 4 results queued
    # (the buffer is `concurrency`), one per worker waiting with its result, one more
    # taking the first one's place.
    assert served_while_paused <= 2 * (1 + 4 + 4 + 1)
    assert responder.peak <= 4
    assert responder.served == 40 * 2


async def test_leaving_early_stops_everything_and_leaks_nothing() -> None:
    async with agents([CommandResponder(device_view(0))]) as [address]:
        dead = ("127.0.0.1", free_udp_port())
        async with sessions([address] + [dead] * 20, timeout=30) as (manager, opened):
            before = running_tasks()
            with anyio.fail_after(10):
                async with anysnmp.poll(opened, get=[SYS_NAME], concurrency=5) as results:
                    async for r in results:
                        assert r.values == {SYS_NAME: b"dev0"}
                        break  # the other 20 requests are still waiting
            assert running_tasks() == before
            # Every request's slot on the shared socket was given back.
            assert manager.endpoint._pending == {}


async def test_a_cancel_scope_stops_the_poll_and_leaks_nothing() -> None:
    dead = ("127.0.0.1", free_udp_port())
    async with sessions([dead] * 30, timeout=30) as (manager, opened):
        before = running_tasks()
        got: list[PollResult] = []
        with anyio.move_on_after(0.3) as scope:
            async with anysnmp.poll(opened, get=[SYS_NAME], concurrency=10) as results:
                got += await collect(results)
        assert scope.cancelled_caught and got == []
        assert running_tasks() == before
        assert manager.endpoint._pending == {}


async def test_the_sessions_rate_limits_hold() -> None:
    policer = RPSPolicer(20)  # one policer shared by every session: 20 requests a second
    async with agents([CommandResponder(device_view(0))]) as [address]:
        async with sessions([address] * 8, policer=policer) as (_, opened):
            started = anyio.current_time()
            async with anysnmp.poll(opened, get=[SYS_NAME], concurrency=8) as results:
                got = await collect(results)
            elapsed = anyio.current_time() - started
    assert [r.values for r in got] == [{SYS_NAME: b"dev0"}] * 8
    assert elapsed >= 7 / 20 * 0.9  # 8 requests 50 ms apart


async def test_bad_arguments_are_refused() -> None:
    for options in ({"concurrency": 0}, {"timeout": 0.0}):
        with pytest.raises(ValueError):
            async with anysnmp.poll([], **options):
                pass
