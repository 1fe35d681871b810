"""The blocking API: no event loop, and one session shared by threads.

anysnmp agent &
python docs/examples/sync_session.py
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import anysnmp
from anysnmp.sync import SnmpSession

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"

with SnmpSession(HOST, int(PORT), community="public", timeout=2, retries=1) as session:
    print(session.get("1.3.6.1.2.1.1.5.0"))  # b'demo-sw1.example.net'
    try:
        session.get("1.3.6.1.2.1.1.5.1")
    except anysnmp.NoSuchInstance:
        print("no such instance")  # the same errors as the async session

    # Walks are plain iterators: GETBULK (v2c/v3) as the agent answers.
    names = dict(session.fetch(IF_DESCR))
    print(f"{len(names)} interfaces")

    # Several threads may use one session at once: their requests are in
    # flight together on the session's socket, each answer goes to its thread.
    oids = [f"{IF_DESCR}.{i}" for i in range(1, 9)]
    with ThreadPoolExecutor(4) as pool:
        values = list(pool.map(session.get, oids))
    print(values[0], values[-1])

    table = session.table("1.3.6.1.2.1.2.2.1", concurrency=4)  # columns walked by 4 threads
    print(f"ifTable: {len(table)} rows")
