"""Scenario h in a fresh process: peak RSS growth of a streamed walk with a slow consumer.

Usage: python bench/rss_walk.py --port P [--backend asyncio|uvloop|trio] [--root OID]
       [--pause-every N] [--pause SECONDS]
Prints one JSON line: wall, cpu, varbinds, rss_before, hwm_after, rss_growth (bytes).
"""

from __future__ import annotations

import argparse
import json
import time

import anyio
from common import memory_status

from anysnmp import SnmpSession


def reset_peak() -> None:
    """Resets VmHWM to the current RSS (Linux >= 4.0), so the peak is the walk's."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # then the peak since start is reported: an upper bound


async def walk(args: argparse.Namespace) -> dict[str, float | int]:
    async with SnmpSession("127.0.0.1", args.port, max_repetitions=25) as session:
        await session.get_many([f"{args.root}.1.1"])  # everything imported and allocated once
        reset_peak()
        before = memory_status()
        wall, cpu, count = time.perf_counter(), time.process_time(), 0
        async with session.walk(args.root) as results:
            async for _ in results:
                count += 1
                if count % args.pause_every == 0:
                    await anyio.sleep(args.pause)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = memory_status()
    return {
        "wall": wall,
        "cpu": cpu,
        "varbinds": count,
        "rss_before": before["VmRSS"],
        "hwm_after": after["VmHWM"],
        "rss_growth": max(0, after["VmHWM"] - before["VmRSS"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--backend", default="asyncio", choices=("asyncio", "uvloop", "trio"))
    parser.add_argument("--root", default="1.3.6")
    parser.add_argument("--pause-every", type=int, default=1000)
    parser.add_argument("--pause", type=float, default=0.005)
    args = parser.parse_args()
    backend = "asyncio" if args.backend == "uvloop" else args.backend
    options = {"use_uvloop": True} if args.backend == "uvloop" else {}
    print(json.dumps(anyio.run(walk, args, backend=backend, backend_options=options)))


if __name__ == "__main__":
    main()
