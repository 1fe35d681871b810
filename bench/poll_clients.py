"""Clients of the polling scenarios: N devices (snmpd ports), C requests in flight.

Every device gets a GET of the spec's `get_oids` and, with a `walk_root`, a
GETBULK walk of that subtree. Sessions are opened before the clock starts.
Each function returns the worker's answer: wall and CPU time, the varbinds of
every device counted (a lost request costs its device's varbinds), the first
device's OIDs (compared across libraries), and how many devices failed.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from typing import Any

from common import Clock

#: p: GET of 10 OIDs per device; p-walk: and a walk of ifTable; p-c1000: p with C = 1000.
POLL_SCENARIOS = ("p", "p-walk", "p-c1000")

Spec = dict[str, Any]


class Tally:
    """Counts every device's varbinds and failures; keeps the first device's OIDs."""

    def __init__(self) -> None:
        self.clock = Clock()
        self.varbinds = 0
        self.failed: list[str] = []
        self.first: list[str] = []

    def add(
        self,
        device: int,
        oids: Sequence[str],
        walk: Sequence[str],
        error: BaseException | None = None,
    ) -> None:
        self.varbinds += len(oids) + len(walk)
        if error is not None:
            self.failed.append(f"{type(error).__name__}: {error}")
        if device == 0:
            self.first = sorted(o.lstrip(".") for o in oids) + [o.lstrip(".") for o in walk]

    def answer(self) -> dict[str, Any]:
        answer = {
            "wall": self.clock.wall,
            "cpu": self.clock.cpu,
            "varbinds": self.varbinds,
            "oids": self.first,
            "devices_failed": len(self.failed),
        }
        if self.failed:
            answer["first_failure"] = self.failed[0]
        return answer


def walks(spec: Spec) -> list[str]:
    return [spec["walk_root"]] if spec.get("walk_root") else []


# --- anysnmp: anysnmp.poll, and a task per device under a CapacityLimiter --------------


async def _anysnmp_sessions(spec: Spec, stack: AsyncExitStack) -> list[Any]:
    from anysnmp import Manager, SnmpSession

    manager = await stack.enter_async_context(Manager(("127.0.0.1", 0)))
    return [
        await stack.enter_async_context(
            SnmpSession(
                spec["host"],
                port,
                community=spec["community"],
                manager=manager,
                timeout=spec["timeout"],
                retries=spec["retries"],
                max_repetitions=spec["max_repetitions"],
            )
        )
        for port in spec["ports"]
    ]


async def anysnmp_poll(spec: Spec) -> dict[str, Any]:
    """`anysnmp.poll` over one Manager's sessions."""
    import anysnmp

    tally = Tally()
    async with AsyncExitStack() as stack:
        sessions = await _anysnmp_sessions(spec, stack)
        index = {id(s): i for i, s in enumerate(sessions)}
        roots = walks(spec)
        tally.clock.start()
        async with anysnmp.poll(
            sessions, get=spec["get_oids"], walk=roots, concurrency=spec["concurrency"]
        ) as results:
            async for r in results:
                walk = [oid for root in roots for oid, _ in r.walks.get(root, ())]
                tally.add(index[id(r.session)], list(r.values), walk, r.error)
        tally.clock.stop()
    return tally.answer()


async def anysnmp_tasks(spec: Spec) -> dict[str, Any]:
    """The pattern users write: a task per device, an `anyio.CapacityLimiter` of C."""
    import anyio

    from anysnmp import SnmpError

    tally = Tally()
    oids, roots = spec["get_oids"], walks(spec)
    limiter = anyio.CapacityLimiter(spec["concurrency"])

    async def device(i: int, session: Any) -> None:
        async with limiter:
            try:
                values = await session.get_many(oids)
                walk = [oid for root in roots async for oid, _ in session.fetch(root)]
            except SnmpError as exc:
                tally.add(i, [], [], exc)
                return
        tally.add(i, list(values), walk)

    async with AsyncExitStack() as stack:
        sessions = await _anysnmp_sessions(spec, stack)
        tally.clock.start()
        async with anyio.create_task_group() as tg:
            for i, session in enumerate(sessions):
                tg.start_soon(device, i, session)
        tally.clock.stop()
    return tally.answer()


# --- a coroutine per device under a semaphore (gufo_snmp's way): gufo async, anysnmp ----


async def gather_devices(spec: Spec, sessions: list[Any], errors: Any) -> dict[str, Any]:
    """A coroutine per device under an `asyncio.Semaphore`, all gathered: the clocked part.

    `session.get_many` and `session.getbulk` (the same calls in both libraries);
    exceptions of `errors` count as the device's failure.
    """
    tally = Tally()
    oids, roots, reps = spec["get_oids"], walks(spec), spec["max_repetitions"]
    semaphore = asyncio.Semaphore(spec["concurrency"])

    async def device(i: int, session: Any) -> None:
        async with semaphore:
            try:
                values = await session.get_many(oids)
                walk = [
                    oid
                    for root in roots
                    async for oid, _ in session.getbulk(root, max_repetitions=reps)
                ]
            except errors as exc:
                tally.add(i, [], [], exc)
                return
        tally.add(i, list(values), walk)

    tally.clock.start()
    await asyncio.gather(*(device(i, s) for i, s in enumerate(sessions)))
    tally.clock.stop()
    return tally.answer()


async def anysnmp_gather(spec: Spec) -> dict[str, Any]:
    """Our sessions (one Manager) in gufo_snmp async's pattern: what the pattern costs us."""
    from anysnmp import SnmpError

    async with AsyncExitStack() as stack:
        return await gather_devices(spec, await _anysnmp_sessions(spec, stack), SnmpError)


async def gufo_async_poll(spec: Spec) -> dict[str, Any]:
    from gufo.snmp.aio.client import SnmpSession

    async with AsyncExitStack() as stack:
        sessions = [
            await stack.enter_async_context(
                SnmpSession(
                    spec["host"], port, community=spec["community"], timeout=spec["timeout"]
                )
            )
            for port in spec["ports"]
        ]
        return await gather_devices(spec, sessions, Exception)


def gufo_sync_poll(spec: Spec) -> dict[str, Any]:
    from gufo.snmp.sync.client import SnmpSession

    tally = Tally()
    oids, roots, reps = spec["get_oids"], walks(spec), spec["max_repetitions"]

    def device(session: Any) -> tuple[list[str], list[str], Exception | None]:
        try:
            values = session.get_many(oids)
            walk = [oid for root in roots for oid, _ in session.getbulk(root, max_repetitions=reps)]
        except Exception as exc:
            return [], [], exc
        return list(values), walk, None

    sessions = [
        SnmpSession(
            spec["host"], port, community=spec["community"], timeout=spec["timeout"]
        ).__enter__()
        for port in spec["ports"]
    ]
    try:
        threads = spec["concurrency"]
        with ThreadPoolExecutor(threads) as pool:
            started = threading.Barrier(threads + 1)  # every thread started before the clock
            for _ in range(threads):
                pool.submit(started.wait)
            started.wait()
            tally.clock.start()
            for i, (values, walk, error) in enumerate(pool.map(device, sessions)):
                tally.add(i, values, walk, error)
            tally.clock.stop()
    finally:
        for s in sessions:
            s.__exit__(None, None, None)
    return tally.answer()


# --- pysnmp 7: one engine, a target per device, a semaphore ----------------------------


def _pysnmp_names(error: Any, status: Any, varbinds: Any) -> list[str]:
    """The OIDs of a pysnmp answer, exception values left out; raises for an error."""
    from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject

    if error or status:
        raise RuntimeError(f"pysnmp: {error or status.prettyPrint()}")
    exceptions = (EndOfMibView, NoSuchInstance, NoSuchObject)
    return [str(name) for name, value in varbinds if not isinstance(value, exceptions)]


async def pysnmp_get(engine: Any, auth: Any, target: Any, oids: list[str]) -> list[str]:
    """One pysnmp GET of `oids`: the OIDs answered."""
    from pysnmp.hlapi.v3arch import asyncio as hl

    error, status, _, varbinds = await hl.get_cmd(
        engine,
        auth,
        target,
        hl.ContextData(),
        *(hl.ObjectType(hl.ObjectIdentity(o)) for o in oids),
        lookupMib=False,
    )
    return _pysnmp_names(error, status, varbinds)


async def pysnmp_poll(spec: Spec) -> dict[str, Any]:
    from pysnmp.hlapi.v3arch import asyncio as hl

    engine = hl.SnmpEngine()
    auth, context = hl.CommunityData(spec["community"], mpModel=1), hl.ContextData()
    tally = Tally()
    roots, semaphore = walks(spec), asyncio.Semaphore(spec["concurrency"])

    async def device(i: int, target: Any) -> None:
        async with semaphore:
            try:
                values = await pysnmp_get(engine, auth, target, spec["get_oids"])
                walk = []
                for root in roots:
                    async for error, status, _, varbinds in hl.bulk_walk_cmd(
                        engine,
                        auth,
                        target,
                        context,
                        0,
                        spec["max_repetitions"],
                        hl.ObjectType(hl.ObjectIdentity(root)),
                        lookupMib=False,
                        lexicographicMode=False,
                    ):
                        walk += _pysnmp_names(error, status, varbinds)
            except Exception as exc:
                tally.add(i, [], [], exc)
                return
        tally.add(i, values, walk)

    try:
        targets = [
            await hl.UdpTransportTarget.create(
                (spec["host"], port), timeout=spec["timeout"], retries=spec["retries"]
            )
            for port in spec["ports"]
        ]
        tally.clock.start()
        await asyncio.gather(*(device(i, t) for i, t in enumerate(targets)))
        tally.clock.stop()
    finally:
        engine.close_dispatcher()
    return tally.answer()
