"""Cancelling requests at random points leaks nothing, under asyncio and trio.

get, get_many, walks and SNMPv3 discovery are cancelled after random delays
(seeded) against our agent (answering after a random delay too) and snmpd:
afterwards no request slot is pending, no task or file descriptor is left
behind, and the next request on the same session succeeds.
"""

from __future__ import annotations

import os
import random
from collections.abc import Awaitable, Callable
from pathlib import Path

import anyio
import pytest
from peers import Snmpd

from anysnmp import Agent, CommandResponder, MibView, SnmpSession, User
from anysnmp._agent import Request
from anysnmp._usm import Aes128Key, Sha1Key

pytestmark = pytest.mark.anyio

DEMO = Path(__file__).resolve().parents[2] / "src" / "anysnmp" / "data" / "demo.snmprec"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
ROUNDS = 40


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def client_tasks() -> int:
    """Running tasks, leaving out the agent's (its handlers may still be sleeping)."""
    return sum("anysnmp._agent" not in (t.name or "") for t in anyio.get_running_tasks())


class SlowResponder:
    """Our CommandResponder, answering after a random delay of up to 10 ms."""

    def __init__(self, rng: random.Random) -> None:
        self.responder = CommandResponder(MibView.from_snmprec(DEMO))
        self.rng = rng

    async def __call__(self, request: Request) -> None:
        await anyio.sleep(self.rng.uniform(0, 0.01))
        await self.responder(request)


async def consume_walk(s: SnmpSession) -> None:
    async with s.walk("1.3.6.1.2.1", max_repetitions=5) as items:
        async for _ in items:
            await anyio.sleep(0)


async def get_many(s: SnmpSession) -> None:
    await s.get_many([f"1.3.6.1.2.1.1.{i}.0" for i in range(1, 8)])


async def get(s: SnmpSession) -> None:
    await s.get(SYS_DESCR)


async def getbulk_iter(s: SnmpSession) -> None:
    async for _ in s.getbulk("1.3.6.1.2.1.2"):
        pass


OPERATIONS: dict[str, Callable[[SnmpSession], Awaitable[None]]] = {
    "get": get,
    "get_many": get_many,
    "walk": consume_walk,
    "getbulk": getbulk_iter,
}


@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
async def test_cancelled_operations_leave_nothing_behind(
    operation: Callable[[SnmpSession], Awaitable[None]],
) -> None:
    rng = random.Random(1234)
    async with Agent([("127.0.0.1", 0)], SlowResponder(rng)) as agent:
        host, port = agent.addresses[0]
        fds, tasks = open_fds(), client_tasks()
        async with SnmpSession(host, port, timeout=2, retries=1) as s:
            await s.get(SYS_DESCR)
            session_tasks = client_tasks()  # under trio, the endpoint's watchdog task
            cancelled = 0
            for _ in range(ROUNDS):
                with anyio.move_on_after(rng.uniform(0, 0.01)) as scope:
                    await operation(s)
                cancelled += scope.cancelled_caught
                assert s._endpoint is not None and not s._endpoint.in_flight()
                with anyio.fail_after(1):  # a cancelled task may need a loop turn to finish
                    while client_tasks() != session_tasks:
                        await anyio.sleep(0)
            with anyio.fail_after(5):
                assert isinstance(await s.get(SYS_DESCR), bytes)
        assert cancelled > ROUNDS // 4  # the delays did cut operations short
        assert open_fds() == fds and client_tasks() == tasks


async def test_cancelled_v3_discovery_closes_the_session(snmpd: Snmpd) -> None:
    rng = random.Random(99)
    user = User("shaaes", auth_key=Sha1Key(b"shaaes-auth"), priv_key=Aes128Key(b"shaaes-priv"))
    fds, tasks = open_fds(), client_tasks()
    cancelled = 0
    for _ in range(ROUNDS):
        session = SnmpSession(snmpd.host, snmpd.port, user=user, timeout=2)
        with anyio.move_on_after(rng.uniform(0, 0.004)) as scope:
            async with session:
                await session.get(SYS_DESCR)
        cancelled += scope.cancelled_caught
        assert session._endpoint is None
        assert open_fds() == fds and client_tasks() == tasks
    assert cancelled > 0
    async with SnmpSession(snmpd.host, snmpd.port, user=user, timeout=2) as session:
        with anyio.fail_after(5):
            assert isinstance(await session.get(SYS_DESCR), bytes)
