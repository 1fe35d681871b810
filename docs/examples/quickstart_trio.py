"""Quickstart under trio: the same API, a different event loop.

pip install 'anysnmp[trio]'
anysnmp agent &
python docs/examples/quickstart_trio.py
"""

from __future__ import annotations

import os

import trio

import anysnmp

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")


async def main() -> None:
    session = anysnmp.SnmpSession(HOST, int(PORT), community="public", timeout=2, retries=2)
    async with session:
        print(await session.get("1.3.6.1.2.1.1.5.0"))  # b'demo-sw1.example.net'
        if_name = "1.3.6.1.2.1.31.1.1.1.1"
        names = {oid: value async for oid, value in session.fetch(if_name)}
        print(f"{len(names)} interfaces, first {next(iter(names.values()))!r}")
        with trio.move_on_after(5):  # trio's own cancel scopes work around any call
            print(await session.get_many(["1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.6.0"]))


trio.run(main)
