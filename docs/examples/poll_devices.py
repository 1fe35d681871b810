"""Poll many devices at once: one task per device, a concurrency limit, per-device timeouts.

Every device's walk sends its results into one memory object stream as they
arrive; the consumer handles them in arrival order while the walks go on.

    python docs/examples/poll_devices.py 192.0.2.1 192.0.2.2:1161 ...
"""

from __future__ import annotations

import sys
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectSendStream

import anysnmp

IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
DEVICE_TIMEOUT = 10.0  # seconds for a whole device, whatever its size


async def poll(
    target: str, limiter: anyio.CapacityLimiter, results: MemoryObjectSendStream[tuple[str, Any]]
) -> None:
    """Walks one device, sending (target, {oid: value}) or (target, error)."""
    host, _, port = target.partition(":")
    async with limiter, results:
        try:
            with anyio.fail_after(DEVICE_TIMEOUT):
                async with anysnmp.SnmpSession(host, int(port or 161), timeout=2, retries=1) as s:
                    table = {oid: value async for oid, value in s.fetch(IF_DESCR)}
            await results.send((target, table))
        except (anysnmp.SnmpError, TimeoutError, OSError) as exc:
            await results.send((target, exc))


async def poll_all(targets: list[str], concurrency: int = 100) -> dict[str, Any]:
    """Polls every target, at most `concurrency` at once; results as they arrive."""
    limiter = anyio.CapacityLimiter(concurrency)
    send, receive = anyio.create_memory_object_stream[tuple[str, Any]](concurrency)
    collected: dict[str, Any] = {}
    async with anyio.create_task_group() as tg:
        for target in targets:
            tg.start_soon(poll, target, limiter, send.clone())
        send.close()  # the stream ends once every poller closed its clone
        async with receive:
            async for target, result in receive:
                collected[target] = result
    return collected


if __name__ == "__main__":
    for device, result in anyio.run(poll_all, sys.argv[1:]).items():
        print(device, result if isinstance(result, Exception) else f"{len(result)} interfaces")
