"""Poll many devices at once: anysnmp.poll, a concurrency limit, per-device deadlines.

One Manager socket serves every device's session; anysnmp.poll GETs the
system name and walks the interface names of each, at most 100 requests in
flight, and hands back each device's result as soon as it is complete.

    python docs/examples/poll_devices.py 192.0.2.1 192.0.2.2:1161 ...

Without targets, it polls the agent named by ANYSNMP_AGENT (127.0.0.1:1161 by default).
"""

from __future__ import annotations

import os
import sys
from contextlib import AsyncExitStack
from typing import Any

import anyio

import anysnmp

SYS_NAME = "1.3.6.1.2.1.1.5.0"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"
DEVICE_TIMEOUT = 10.0  # seconds for a whole device, whatever its size


async def poll_all(targets: list[str], concurrency: int = 100) -> dict[str, Any]:
    """Polls every target; {target: (name, {oid: ifDescr})} or {target: error}."""
    collected: dict[str, Any] = {}
    async with AsyncExitStack() as stack:
        manager = await stack.enter_async_context(anysnmp.Manager())
        sessions = {}
        for target in targets:
            host, _, port = target.partition(":")
            session = anysnmp.SnmpSession(
                host, int(port or 161), manager=manager, timeout=2, retries=1
            )
            try:
                sessions[await stack.enter_async_context(session)] = target
            except anysnmp.NetworkError as exc:  # a name that does not resolve: not polled
                collected[target] = exc
        async with anysnmp.poll(
            sessions,
            get=[SYS_NAME],
            walk=[IF_DESCR],
            concurrency=concurrency,
            timeout=DEVICE_TIMEOUT,
        ) as results:
            async for r in results:  # in the order devices finish
                target = sessions[r.session]
                if r.error is not None:
                    collected[target] = r.error
                else:
                    collected[target] = (r.values.get(SYS_NAME), dict(r.walks[IF_DESCR]))
    return collected


if __name__ == "__main__":
    targets = sys.argv[1:] or [os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161")]
    for device, result in anyio.run(poll_all, targets).items():
        if isinstance(result, Exception):
            print(device, "failed:", result)
        else:
            print(device, result[0], f"{len(result[1])} interfaces")
