"""The demo: our agent on a free loopback port, queried under asyncio and trio, with timings.

The agent runs in a background thread (its own asyncio loop), so the CPU
time shown is the client's alone (`time.thread_time` of the main thread).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import anyio
import click
from anyio.from_thread import start_blocking_portal

from .._agent import Agent
from .._mibview import MibView
from .._responder import CommandResponder
from .._session import SnmpSession
from ._agent_cmd import DEMO_SNMPREC
from ._format import format_varbind
from ._options import BACKENDS
from ._run import collect_garbage

__all__ = ("demo", "run_demo")

SYSTEM = [f"1.3.6.1.2.1.1.{n}.0" for n in range(1, 8)]
IF_TABLE = "1.3.6.1.2.1.2.2"
PARALLEL = {
    "ifTable": "1.3.6.1.2.1.2.2",
    "ifXTable": "1.3.6.1.2.1.31.1.1",
    "hrStorageTable": "1.3.6.1.2.1.25.2.3",
    "hrSWRunTable": "1.3.6.1.2.1.25.4.2",
}


class Clock:
    """Wall and client CPU time of a block: ``with clock.measure(): ...``, then ``str(clock)``."""

    wall = cpu = 0.0

    @contextmanager
    def measure(self) -> Iterator[Clock]:
        wall, cpu = time.perf_counter(), time.thread_time()
        yield self
        self.wall, self.cpu = time.perf_counter() - wall, time.thread_time() - cpu

    def __str__(self) -> str:
        return f"{self.wall * 1000:7.2f} ms wall {self.cpu * 1000:7.2f} ms CPU"


async def _show(host: str, port: int, out: TextIO) -> None:
    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    clock = Clock()
    async with SnmpSession(host, port, community="public", timeout=2, retries=1) as session:
        with clock.measure():
            tag, value = await session.get_typed(SYSTEM[0])
        say(f"  {'GET sysDescr.0':<38}{clock}")
        say(f"      {format_varbind(SYSTEM[0], tag, value)}")

        with clock.measure():
            values = await session.get_many(SYSTEM)
        say(f"  {f'GET of {len(values)} OIDs in one request':<38}{clock}")
        for oid in SYSTEM[4:6]:
            say(f"      {oid} = {values[oid]!r}")

        batches = count = 0
        first: list[str] = []
        with clock.measure():
            async with session.walk(IF_TABLE, typed=True) as results:
                async for batch in results.batches():  # one list per GETBULK response
                    batches += 1
                    count += len(batch)
                    first += [format_varbind(*item) for item in batch[: 3 - len(first)]]
        say(
            f"  {'bulk walk of ifTable, streamed':<38}{clock}   "
            f"{count} varbinds in {batches} responses, "
            f"{count / clock.wall:,.0f} varbinds/s"
        )
        for line in first:
            say(f"      {line}")

        counts: dict[str, int] = {}

        async def walk(name: str, oid: str) -> None:
            counts[name] = sum([1 async for _ in session.fetch(oid)])

        with clock.measure():
            async with anyio.create_task_group() as tg:
                for name, oid in PARALLEL.items():
                    tg.start_soon(walk, name, oid)
        total = sum(counts.values())
        say(
            f"  {f'{len(PARALLEL)} walks in parallel, one task group':<38}{clock}   "
            f"{total} varbinds, "
            f"{total / clock.wall:,.0f} varbinds/s"
        )
        say("      " + ", ".join(f"{name} {counts[name]}" for name in PARALLEL))


def run_demo(backends: tuple[str, ...] = BACKENDS, out: TextIO | None = None) -> None:
    """Starts the demo agent in a thread and queries it under each backend in turn."""
    stream = out if out is not None else sys.stdout
    collect_garbage()
    view = MibView.from_snmprec(DEMO_SNMPREC)
    responder = CommandResponder(view, communities={"public": "ro"})
    with start_blocking_portal() as portal:
        with portal.wrap_async_context_manager(Agent([("127.0.0.1", 0)], responder)) as server:
            host, port = server.addresses[0]
            print(
                f"anysnmp demo: our Agent + CommandResponder serve {len(view)} OIDs "
                f"({DEMO_SNMPREC.name}) on "
                f"udp:{host}:{port}, in a background thread",
                file=stream,
            )
            for backend in backends:
                print(f"\n{backend}:", file=stream, flush=True)
                anyio.run(_show, host, port, stream, backend=backend)
    print(
        f"\nThe agent answered {responder.stats.requests} requests. Serve the same data with "
        "'anysnmp agent' and query it with\n"
        "'anysnmp bulkwalk -v2c -c public 127.0.0.1:1161 1.3.6.1.2.1.2.2'.",
        file=stream,
    )


@click.command()
@click.option(
    "--backend",
    "backends",
    type=click.Choice(BACKENDS),
    multiple=True,
    help="Run under this backend only (repeatable; default: asyncio, then trio).",
)
def demo(backends: tuple[str, ...]) -> None:
    """Show the library at work against our own agent: nothing else needed.

    Starts the embedded agent on a free loopback port serving the bundled
    recording, then runs a GET, a GET of many, a streamed bulk walk and
    parallel walks in one task group, under asyncio and trio, with timings.
    """
    run_demo(backends or BACKENDS)
