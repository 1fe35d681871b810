"""Quickstart under asyncio: one GET, a GET of many OIDs, a GETBULK walk.

anysnmp agent &                      # our agent on 127.0.0.1:1161, serving demo data
python docs/examples/quickstart_asyncio.py
"""

from __future__ import annotations

import asyncio
import os

import anysnmp

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")


async def main() -> None:
    session = anysnmp.SnmpSession(HOST, int(PORT), community="public", timeout=2, retries=2)
    async with session:
        print(await session.get("1.3.6.1.2.1.1.1.0"))  # b'Linux demo-sw1 ...'
        print(await session.get_many(["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0"]))
        async for oid, value in session.fetch("1.3.6.1.2.1.2.2.1.2"):  # ifDescr, by GETBULK
            print(oid, value)
        try:
            await session.get("1.3.6.1.2.1.1.99.0")
        except anysnmp.NoSuchInstance as exc:
            print("no such instance:", exc)


asyncio.run(main())
