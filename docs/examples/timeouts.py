"""Timeouts and cancellation.

A session's `timeout` bounds each attempt and `retries` re-sends; an anyio cancel
scope bounds any amount of work, whatever it is: a GET, a whole walk, a device.
"""

from __future__ import annotations

import os
import socket

import anyio

import anysnmp

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")


def silent_port() -> int:
    """A free UDP port: nothing answers there."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def main() -> None:
    # 1. Per request: 1 + retries attempts of `timeout` seconds, then anysnmp.TimeoutError.
    async with anysnmp.SnmpSession("127.0.0.1", silent_port(), timeout=0.2, retries=1) as session:
        try:
            await session.get("1.3.6.1.2.1.1.1.0")
        except anysnmp.TimeoutError as exc:  # also a builtin TimeoutError
            print("timed out:", exc)

    async with anysnmp.SnmpSession(HOST, int(PORT)) as session:
        # 2. A deadline for a whole walk: fail_after raises TimeoutError when it expires.
        with anyio.fail_after(10):
            count = sum([1 async for _ in session.fetch("1.3.6.1.2.1.2.2")])
        print(f"walked {count} varbinds within the deadline")

        # 3. Give up quietly: move_on_after cancels whatever is in flight.
        with anyio.move_on_after(0.001) as scope:
            async for _ in session.getnext("1.3.6"):
                pass
        print("cancelled before the end" if scope.cancelled_caught else "finished in time")

        # 4. The session stays usable after a cancellation.
        print(await session.get("1.3.6.1.2.1.1.5.0"))


anyio.run(main)
