"""An agent in a few lines: a MibView served by a CommandResponder, with a live value and SET.

The agent binds a free loopback port, answers v1/v2c (and v3 for `users=`), and
serves until its block exits. Here the same program then queries it.
"""

from __future__ import annotations

import time

import anyio

from anysnmp import Agent, CommandResponder, Counter64, Integer, MibView, SnmpSession, TimeTicks

START = time.monotonic()


def uptime() -> TimeTicks:
    """A getter: called each time the OID is served."""
    return TimeTicks(int((time.monotonic() - START) * 100))


async def main() -> None:
    view = MibView(
        {
            "1.3.6.1.2.1.1.1.0": "anysnmp example agent",  # str -> OCTET STRING
            "1.3.6.1.2.1.1.3.0": uptime,  # dynamic
            "1.3.6.1.2.1.1.4.0": "nobody",
            "1.3.6.1.2.1.1.7.0": Integer(72),
            "1.3.6.1.2.1.31.1.1.1.6.1": Counter64(2**40),
        },
        writable=["1.3.6.1.2.1.1.4"],  # sysContact may be SET
    )
    # Or load a recording: MibView.from_snmprec("device.snmprec").
    responder = CommandResponder(view, communities={"public": "ro", "private": "rw"})
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        host, port = agent.addresses[0]
        print(f"serving {len(view)} OIDs on {host}:{port}")
        async with SnmpSession(host, port, community="public") as session:
            async for oid, value in session.fetch("1.3.6.1"):
                print(oid, value)
        async with SnmpSession(host, port, community="private") as session:
            print("SET ->", await session.set("1.3.6.1.2.1.1.4.0", b"noc@example.net"))
        print(f"answered {responder.stats.requests} requests")


anyio.run(main)
