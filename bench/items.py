"""Micro benchmark: the per-item cost of an item-by-item walk, without I/O.

Usage: python bench/items.py [--rounds N] [--batches N] [--backend asyncio|trio]

A session-less stream of 25-item batches (an async generator, as `walk_batches` is)
is iterated item by item three ways, in interleaved rounds:

- batches: ``for item in batch`` inside ``async for batch`` (the lower bound);
- agen: an async generator re-yielding each item (what `getbulk` returned before);
- items: `anysnmp._core.Items` refilled a batch at a time (what `getbulk` returns now,
  whose refill runs the walk's requests).

Prints min and median nanoseconds per item of each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio

from anysnmp._core import Items

BATCH = [(f"1.3.6.1.2.1.2.2.1.{i}", i) for i in range(25)]


async def batches(n: int) -> AsyncIterator[list[Any]]:
    for _ in range(n):
        yield BATCH


async def agen_items(n: int) -> AsyncIterator[Any]:
    async for batch in batches(n):
        for item in batch:
            yield item


async def run_batches(n: int) -> int:
    return len([oid async for batch in batches(n) for oid, _ in batch])


async def run_agen(n: int) -> int:
    return len([oid async for oid, _ in agen_items(n)])


def iterate_items(n: int) -> Items:
    left = [n]

    async def refill(items: Items) -> Any:
        if not left[0]:
            raise StopAsyncIteration
        left[0] -= 1
        return items.load(BATCH)

    return Items(refill)


async def run_items(n: int) -> int:
    return len([oid async for oid, _ in iterate_items(n)])


VARIANTS: dict[str, Callable[[int], Awaitable[int]]] = {
    "batches": run_batches,
    "agen": run_agen,
    "items": run_items,
}


async def measure(rounds: int, n: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {name: [] for name in VARIANTS}
    names = list(VARIANTS)
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.process_time()
            count = await VARIANTS[name](n)
            results[name].append((time.process_time() - start) / count * 1e9)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--batches", type=int, default=4000)
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    args = parser.parse_args()
    results = anyio.run(measure, args.rounds, args.batches, backend=args.backend)
    for name, times in results.items():
        print(
            f"{args.backend} {name:8s} min {min(times):5.0f}  "
            f"median {statistics.median(times):5.0f} ns/item"
        )


if __name__ == "__main__":
    main()
