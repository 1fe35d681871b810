"""One client library in its own process: runs scenarios on request, reports CPU and wall time.

Usage: python bench/worker.py LIBRARY   (see CLIENTS)

Reads one JSON scenario spec per line on stdin and answers one JSON line per
spec: ``{"wall", "cpu", "varbinds", "oids"}`` or ``{"error"}``. Sessions are
opened (and SNMPv3 engines discovered) before the clock starts; `cpu` is this
process's `time.process_time()` delta over the scenario's body.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from typing import Any

import floors
import mibs
import poll_clients
from common import Clock

Spec = dict[str, Any]
Result = dict[str, Any]

POLL = poll_clients.POLL_SCENARIOS
#: e over TCP: against snmpd (t) and our agent (t-agent).
TCP = ("t", "t-agent")
#: Client libraries and the scenarios each implements.
CLIENTS: dict[str, tuple[str, ...]] = {
    "anysnmp-asyncio": (*"abcdefg", *TCP, *POLL),
    "anysnmp-uvloop": (*"abcdefg", *TCP, *POLL),
    "anysnmp-trio": (*"abcdefg", *TCP, *POLL),
    "anysnmp-tasks": POLL,
    "anysnmp-gather": POLL,
    "anysnmp-sync": (*"abcdef", *TCP),
    "gufo-sync": (*"abcdef", *POLL),
    "gufo-async": (*"abcdefg", *POLL),
    "pysnmp": (*"abcdefg", *POLL),
    "floor-asyncio": ("e", *POLL),
    "floor-trio": ("e", *POLL),
    "floor-blocking": ("e", *TCP),
    "floor-tasks": POLL,
    "floor-pattern": POLL,
    "anysnmp-mib": ("m-walk",),
    "pysnmp-mib": ("m-walk",),
}


#: Scenario g (1000 requests in flight): per-attempt timeout, re-sends, shared socket's SO_RCVBUF.
G_TIMEOUT = 2.0
G_RETRIES = 3
G_RECV_BUFFER = 4 << 20


def result(clock: Clock, varbinds: int, oids: list[str]) -> Result:
    return {"wall": clock.wall, "cpu": clock.cpu, "varbinds": varbinds, "oids": oids}


def same_walks(walks: list[list[str]]) -> list[str]:
    """The OIDs of concurrent walks, which must agree (outside volatile subtrees)."""
    from common import stable_oids

    reference = stable_oids(walks[0])
    for walk in walks[1:]:
        if stable_oids(walk) != reference:
            raise RuntimeError("concurrent walks returned different OIDs")
    return walks[0]


# --- anysnmp -------------------------------------------------------------------------


def anysnmp_user(spec: Spec) -> Any:
    from anysnmp import Aes128Key, Sha1Key, User

    return User(
        spec["user"],
        auth_key=Sha1Key(spec["auth"].encode()),
        priv_key=Aes128Key(spec["priv"].encode()),
    )


async def anysnmp_run(spec: Spec) -> Result:
    import anyio

    from anysnmp import Manager, SnmpSession

    scenario, clock = spec["scenario"], Clock()
    if scenario in POLL:
        return await poll_clients.anysnmp_poll(spec)
    if scenario == "g":
        oid = spec["get_oid"]
        # 1000 replies can arrive at once: a receive buffer larger than the default 208 KiB.
        async with (
            Manager(("127.0.0.1", 0), recv_buffer=G_RECV_BUFFER) as manager,
            AsyncExitStack() as stack,
        ):
            sessions = [
                await stack.enter_async_context(
                    SnmpSession(
                        spec["host"], port, manager=manager, timeout=G_TIMEOUT, retries=G_RETRIES
                    )
                )
                for port in spec["ports"]
                for _ in range(spec["per_port"])
            ]
            values: list[Any] = []

            async def get(session: SnmpSession) -> None:
                values.append(await session.get(oid))

            clock.start()
            async with anyio.create_task_group() as tg:
                for session in sessions:
                    tg.start_soon(get, session)
            clock.stop()
        return result(clock, len(values), [oid] if values else [])

    user = anysnmp_user(spec) if scenario == "c" else None
    async with SnmpSession(
        spec["host"],
        spec["port"],
        community=spec["community"],
        user=user,
        transport=spec.get("transport", "udp"),
    ) as session:
        root, reps = spec["root"], spec["max_repetitions"]
        clock.start()
        if scenario == "a":
            oids = [oid async for oid, _ in session.getnext(root)]
        elif scenario in "bc":
            oids = [oid async for oid, _ in session.getbulk(root, max_repetitions=reps)]
        elif scenario == "d":
            walks: list[list[str]] = [[] for _ in range(spec["concurrency"])]

            async def walk(out: list[str]) -> None:
                out.extend([oid async for oid, _ in session.getbulk(root, max_repetitions=reps)])

            async with anyio.create_task_group() as tg:
                for out in walks:
                    tg.start_soon(walk, out)
            clock.stop()
            return result(clock, sum(map(len, walks)), same_walks(walks))
        elif scenario in ("e", *TCP):
            for _ in range(spec["get_count"]):
                await session.get(spec["get_oid"])
            clock.stop()
            return result(clock, spec["get_count"], [spec["get_oid"]])
        elif scenario == "f":
            for _ in range(spec["many_count"]):
                values_many = await session.get_many(spec["many_oids"])
            clock.stop()
            return result(clock, spec["many_count"] * len(spec["many_oids"]), list(values_many))
        clock.stop()
    return result(clock, len(oids), oids)


# --- gufo_snmp -----------------------------------------------------------------------


def gufo_user(spec: Spec) -> Any:
    from gufo.snmp import Aes128Key, Sha1Key, User

    return User(
        spec["user"],
        auth_key=Sha1Key(spec["auth"].encode()),
        priv_key=Aes128Key(spec["priv"].encode()),
    )


async def gufo_async_run(spec: Spec) -> Result:
    from gufo.snmp.aio.client import SnmpSession

    scenario, clock = spec["scenario"], Clock()
    if scenario in POLL:
        return await poll_clients.gufo_async_poll(spec)
    if scenario == "g":
        oid = spec["get_oid"]
        async with AsyncExitStack() as stack:
            sessions = [
                await stack.enter_async_context(
                    SnmpSession(spec["host"], port, community=spec["community"], timeout=G_TIMEOUT)
                )
                for port in spec["ports"]
                for _ in range(spec["per_port"])
            ]
            clock.start()
            values = await asyncio.gather(*(s.get(oid) for s in sessions))
            clock.stop()
        return result(clock, len(values), [oid] if values else [])

    def session() -> Any:
        user = gufo_user(spec) if scenario == "c" else None
        return SnmpSession(spec["host"], spec["port"], community=spec["community"], user=user)

    root, reps = spec["root"], spec["max_repetitions"]
    if scenario == "d":
        async with AsyncExitStack() as stack:
            sessions = [
                await stack.enter_async_context(session()) for _ in range(spec["concurrency"])
            ]

            async def walk(s: Any) -> list[str]:
                return [oid async for oid, _ in s.getbulk(root, max_repetitions=reps)]

            clock.start()
            walks = await asyncio.gather(*(walk(s) for s in sessions))
            clock.stop()
        return result(clock, sum(map(len, walks)), same_walks(walks))
    async with session() as s:
        clock.start()
        if scenario == "a":
            oids = [oid async for oid, _ in s.getnext(root)]
        elif scenario in "bc":
            oids = [oid async for oid, _ in s.getbulk(root, max_repetitions=reps)]
        elif scenario == "e":
            for _ in range(spec["get_count"]):
                await s.get(spec["get_oid"])
            clock.stop()
            return result(clock, spec["get_count"], [spec["get_oid"]])
        elif scenario == "f":
            for _ in range(spec["many_count"]):
                values_many = await s.get_many(spec["many_oids"])
            clock.stop()
            return result(clock, spec["many_count"] * len(spec["many_oids"]), list(values_many))
        clock.stop()
    return result(clock, len(oids), oids)


def gufo_sync_run(spec: Spec) -> Result:
    from gufo.snmp.sync.client import SnmpSession

    if spec["scenario"] in POLL:
        return poll_clients.gufo_sync_poll(spec)
    return blocking_run(spec, SnmpSession, gufo_user)


def anysnmp_sync_run(spec: Spec) -> Result:
    from anysnmp.sync import SnmpSession

    return blocking_run(spec, SnmpSession, anysnmp_user)


def blocking_run(spec: Spec, session_class: Any, make_user: Callable[[Spec], Any]) -> Result:
    """Scenarios a-f with a blocking client (gufo_snmp sync and anysnmp.sync share an API)."""
    scenario, clock = spec["scenario"], Clock()
    root, reps = spec["root"], spec["max_repetitions"]

    def session() -> Any:
        user = make_user(spec) if scenario == "c" else None
        tcp = {"transport": "tcp"} if scenario in TCP else {}  # anysnmp's only
        return session_class(
            spec["host"], spec["port"], community=spec["community"], user=user, **tcp
        )

    if scenario == "d":  # one thread and session per walk
        sessions = [session().__enter__() for _ in range(spec["concurrency"])]
        try:
            with ThreadPoolExecutor(len(sessions)) as pool:
                barrier = threading.Barrier(len(sessions) + 1)

                def walk(s: Any) -> list[str]:
                    barrier.wait()
                    return [oid for oid, _ in s.getbulk(root, max_repetitions=reps)]

                futures = [pool.submit(walk, s) for s in sessions]
                clock.start()
                barrier.wait()
                walks = [f.result() for f in futures]
                clock.stop()
        finally:
            for s in sessions:
                s.__exit__(None, None, None)
        return result(clock, sum(map(len, walks)), same_walks(walks))
    with session() as s:
        clock.start()
        if scenario == "a":
            oids = [oid for oid, _ in s.getnext(root)]
        elif scenario in "bc":
            oids = [oid for oid, _ in s.getbulk(root, max_repetitions=reps)]
        elif scenario in ("e", *TCP):
            for _ in range(spec["get_count"]):
                s.get(spec["get_oid"])
            clock.stop()
            return result(clock, spec["get_count"], [spec["get_oid"]])
        elif scenario == "f":
            for _ in range(spec["many_count"]):
                values_many = s.get_many(spec["many_oids"])
            clock.stop()
            return result(clock, spec["many_count"] * len(spec["many_oids"]), list(values_many))
        clock.stop()
    return result(clock, len(oids), oids)


# --- pysnmp 7 ------------------------------------------------------------------------


async def pysnmp_run(spec: Spec) -> Result:
    from pysnmp.hlapi.v3arch import asyncio as hl
    from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

    exceptions = (EndOfMibView, NoSuchInstance, NoSuchObject)
    scenario, clock = spec["scenario"], Clock()
    if scenario in POLL:
        return await poll_clients.pysnmp_poll(spec)
    engine = hl.SnmpEngine()
    if scenario == "c":
        auth: Any = hl.UsmUserData(
            spec["user"],
            spec["auth"],
            spec["priv"],
            authProtocol=hl.usmHMACSHAAuthProtocol,
            privProtocol=hl.usmAesCfb128Protocol,
        )
    else:
        auth = hl.CommunityData(spec["community"], mpModel=1)
    context = hl.ContextData()

    async def target(port: int) -> Any:
        if scenario == "g":
            return await hl.UdpTransportTarget.create(
                (spec["host"], port), timeout=G_TIMEOUT, retries=G_RETRIES
            )
        return await hl.UdpTransportTarget.create((spec["host"], port), timeout=10, retries=1)

    async def get(tgt: Any, oids: list[str]) -> list[str]:
        return await poll_clients.pysnmp_get(engine, auth, tgt, oids)

    async def walk(tgt: Any, bulk: bool) -> list[str]:
        obj = hl.ObjectType(hl.ObjectIdentity(spec["root"]))
        if bulk:
            it = hl.bulk_walk_cmd(
                engine,
                auth,
                tgt,
                context,
                0,
                spec["max_repetitions"],
                obj,
                lookupMib=False,
                lexicographicMode=False,
            )
        else:
            it = hl.walk_cmd(
                engine, auth, tgt, context, obj, lookupMib=False, lexicographicMode=False
            )
        oids: list[str] = []
        async for error, status, _, varbinds in it:
            if error or status:
                raise RuntimeError(f"pysnmp walk failed: {error or status.prettyPrint()}")
            oids.extend(str(name) for name, value in varbinds if not isinstance(value, exceptions))
        return oids

    try:
        if scenario == "g":
            targets = [
                await target(port) for port in spec["ports"] for _ in range(spec["per_port"])
            ]
            clock.start()
            got = await asyncio.gather(*(get(t, [spec["get_oid"]]) for t in targets))
            clock.stop()
            return result(clock, sum(map(len, got)), got[0] if got else [])
        tgt = await target(spec["port"])
        await get(
            tgt, ["1.3.6.1.2.1.1.1.0"]
        )  # SNMPv3 discovery and key localization before the clock
        clock.start()
        if scenario in "abc":
            oids = await walk(tgt, bulk=scenario != "a")
        elif scenario == "d":
            walks = await asyncio.gather(*(walk(tgt, True) for _ in range(spec["concurrency"])))
            clock.stop()
            return result(clock, sum(map(len, walks)), same_walks(list(walks)))
        elif scenario == "e":
            for _ in range(spec["get_count"]):
                await get(tgt, [spec["get_oid"]])
            clock.stop()
            return result(clock, spec["get_count"], [spec["get_oid"]])
        elif scenario == "f":
            for _ in range(spec["many_count"]):
                oids = await get(tgt, spec["many_oids"])
            clock.stop()
            return result(clock, spec["many_count"] * len(spec["many_oids"]), oids)
        clock.stop()
        return result(clock, len(oids), oids)
    finally:
        engine.close_dispatcher()


# --- dispatch ------------------------------------------------------------------------


def runner(library: str) -> Callable[[Spec], Result]:
    """A function running one scenario spec with `library`."""

    def with_asyncio(
        fn: Callable[[Spec], Awaitable[Result]], uvloop: bool = False
    ) -> Callable[[Spec], Result]:
        def run(spec: Spec) -> Result:
            if uvloop:
                import uvloop as uv

                with asyncio.Runner(loop_factory=uv.new_event_loop) as r:
                    return r.run(fn(spec))  # type: ignore[arg-type]
            return asyncio.run(fn(spec))  # type: ignore[arg-type]

        return run

    if library == "anysnmp-asyncio":
        return with_asyncio(anysnmp_run)
    if library == "anysnmp-uvloop":
        return with_asyncio(anysnmp_run, uvloop=True)
    if library == "anysnmp-trio":
        import trio

        return lambda spec: trio.run(anysnmp_run, spec)
    if library == "anysnmp-mib":
        return with_asyncio(mibs.walk_run)
    if library == "pysnmp-mib":
        return with_asyncio(mibs.pysnmp_walk_run)
    if library == "anysnmp-tasks":
        return with_asyncio(poll_clients.anysnmp_tasks)
    if library == "anysnmp-gather":
        return with_asyncio(poll_clients.anysnmp_gather)
    if library == "floor-asyncio":
        return with_asyncio(floors.asyncio_run)
    if library == "floor-tasks":
        return with_asyncio(floors.tasks_run)
    if library == "floor-pattern":
        return with_asyncio(floors.pattern_run)
    if library == "floor-trio":
        import trio

        return lambda spec: trio.run(floors.trio_run, spec)
    if library == "floor-blocking":
        return floors.blocking_run
    if library == "gufo-async":
        return with_asyncio(gufo_async_run)
    if library == "gufo-sync":
        return gufo_sync_run
    if library == "anysnmp-sync":
        return anysnmp_sync_run
    if library == "pysnmp":
        return with_asyncio(pysnmp_run)
    raise SystemExit(f"unknown library {library!r}; one of {', '.join(CLIENTS)}")


def main() -> None:
    run = runner(sys.argv[1])
    out = sys.stdout
    for line in sys.stdin:
        spec = json.loads(line)
        try:
            answer = run(spec)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            answer = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
