"""Streaming walks: results arrive while the walk runs, and a slow consumer pauses it.

`session.walk()` runs the walk in a background task that sends one batch (one
response) at a time into a memory object stream holding `buffer` batches. When
the consumer falls behind, the producer waits: no request is sent until there is
room, so memory stays flat however large the subtree.
"""

from __future__ import annotations

import os

import anyio

import anysnmp
from anysnmp.lowlevel import Tag

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")
IF_TABLE = "1.3.6.1.2.1.2.2"


async def main() -> None:
    async with anysnmp.SnmpSession(HOST, int(PORT), max_repetitions=25) as session:
        # Varbinds one by one, with a consumer slower than the agent.
        async with session.walk(IF_TABLE, buffer=2) as results:
            async for _ in results:
                if results.count % 500 == 0:
                    await anyio.sleep(0.01)  # the walk waits for us here
        print(f"{results.count} varbinds, one by one")

        # Whole responses: cheaper per varbind, and typed values on request.
        async with session.walk(IF_TABLE, typed=True) as results:
            async for batch in results.batches():
                oid, tag, _ = batch[0]
                print(f"a response of {len(batch)} varbinds, from {oid} ({Tag(tag).name})")
                break  # leaving the block cancels the walk: no more requests are sent


anyio.run(main)
