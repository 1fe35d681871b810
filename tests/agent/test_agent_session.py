"""Our client (SnmpSession, Manager) against our agent."""

from __future__ import annotations

from contextlib import AsyncExitStack

import anyio
import pytest

import anysnmp
from anysnmp import (
    Agent,
    CommandResponder,
    ErrorStatusError,
    Manager,
    MibView,
    NoSuchInstance,
    OctetString,
    SnmpSession,
    SnmpVersion,
    User,
)

pytestmark = pytest.mark.anyio


async def test_walk_get_and_set_v2c(demo_view: MibView) -> None:
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(
            host, port, community="public", max_repetitions=25, timeout=5
        ) as session:
            walked = [item async for item in session.fetch("1.3.6")]
            assert walked == [(oid, demo_view[oid].value) for oid in demo_view.oids()]
            assert await session.get("1.3.6.1.2.1.1.5.0") == b"demo-sw1.example.net"
            oids = ["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.4.20.1.1.127.0.0.1", "1.3.6.1.4.1.8072.1.9.0"]
            assert await session.get_many(oids) == {oid: demo_view[oid].value for oid in oids}
            with pytest.raises(NoSuchInstance):
                await session.get("1.3.6.1.2.1.1.5.1")
            with pytest.raises(ErrorStatusError) as denied:
                await session.set("1.3.6.1.2.1.1.5.0", OctetString("x"))
            assert denied.value.status_name == "noAccess"
        async with SnmpSession(host, port, community="private", timeout=0.3, retries=0) as s:
            with pytest.raises(anysnmp.TimeoutError):  # no write community unless named
                await s.set("1.3.6.1.2.1.1.5.0", OctetString("x"))
    assert demo_view["1.3.6.1.2.1.1.5.0"] == OctetString("demo-sw1.example.net")
    writable = CommandResponder(demo_view, communities={"private": "rw"})
    async with Agent([("127.0.0.1", 0)], writable) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, community="private", timeout=5) as writer:
            assert await writer.set("1.3.6.1.2.1.1.5.0", OctetString("renamed")) == b"renamed"
    assert demo_view["1.3.6.1.2.1.1.5.0"] == OctetString("renamed")


@pytest.mark.parametrize("version", [SnmpVersion.v2c, SnmpVersion.v3])
async def test_get_many_and_get_typed_of_every_oid(
    demo_view: MibView, version: SnmpVersion
) -> None:
    user = User("plain")
    oids = demo_view.oids()
    responder = CommandResponder(demo_view, communities={"public": "ro"}, users=[user])
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(
            host, port, user=user if version == SnmpVersion.v3 else None, timeout=5
        ) as session:
            for start in range(0, len(oids), 40):
                chunk = oids[start : start + 40]
                asked = [*chunk[:20], "1.3.6.1.4.1.99999.1.0", "." + chunk[-1], *chunk[20:]]
                expected = {oid: demo_view[oid].value for oid in chunk}
                assert await session.get_many(asked) == expected
                assert await session.get_many(asked[::-1]) == expected
            for tag in sorted({int(demo_view[oid].tag) for oid in oids}):
                oid = next(o for o in oids if int(demo_view[o].tag) == tag)
                assert await session.get_typed(oid) == (tag, demo_view[oid].value)
                assert await session.get(oid) == demo_view[oid].value
            with pytest.raises(NoSuchInstance):
                await session.get_typed("1.3.6.1.4.1.99999.1.0")


async def test_getnext_walk_v1_skips_counter64(demo_view: MibView) -> None:
    async with Agent([("::1", 0)], CommandResponder(demo_view)) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, version=SnmpVersion.v1, timeout=5) as session:
            walked = [item async for item in session.fetch("1.3.6.1.2.1.31")]
    expected = [
        (oid, demo_view[oid].value)
        for oid in demo_view.oids()
        if oid.startswith("1.3.6.1.2.1.31.") and type(demo_view[oid]).__name__ != "Counter64"
    ]
    assert walked == expected and len(expected) > 300


async def test_many_sessions_share_one_manager() -> None:
    views = [MibView({"1.3.6.1.2.1.1.5.0": OctetString(f"agent{i}")}) for i in range(4)]
    async with AsyncExitStack() as stack:
        agents = [
            await stack.enter_async_context(Agent([("127.0.0.1", 0)], CommandResponder(v)))
            for v in views
        ]
        manager = await stack.enter_async_context(Manager(("127.0.0.1", 0)))
        results: dict[tuple[int, int], object] = {}

        async def ask(i: int, j: int) -> None:
            host, port = agents[i].addresses[0]
            async with SnmpSession(host, port, manager=manager, timeout=5) as session:
                results[i, j] = await session.get("1.3.6.1.2.1.1.5.0")

        async with anyio.create_task_group() as tg:
            for i in range(len(agents)):
                for j in range(25):
                    tg.start_soon(ask, i, j)
    assert results == {(i, j): f"agent{i}".encode() for i in range(4) for j in range(25)}
    assert sum(a.stats.received for a in agents) == 100
