"""Traps and informs: a NotificationReceiver in an Agent, fed by send_trap and send_inform.

The receiver acknowledges informs and streams `Notification` objects; a full
buffer drops (and counts) notifications instead of blocking the agent.
"""

from __future__ import annotations

import anyio

from anysnmp import (
    Agent,
    Integer,
    NotificationReceiver,
    OctetString,
    SnmpVersion,
    send_inform,
    send_trap,
)

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
IF_INDEX = "1.3.6.1.2.1.2.2.1.1.3"


async def main() -> None:
    receiver = NotificationReceiver(communities=["public"])
    async with Agent([("127.0.0.1", 0)], receiver) as agent:
        host, port = agent.addresses[0]
        varbinds: list[tuple[str, Integer | OctetString]] = [
            (IF_INDEX, Integer(3)),
            ("1.3.6.1.2.1.2.2.1.2.3", OctetString("eth2")),
        ]
        await send_trap(host, port, trap_oid=LINK_DOWN, varbinds=varbinds)  # v2c
        await send_trap(host, port, trap_oid=LINK_DOWN, varbinds=varbinds, version=SnmpVersion.v1)
        # An inform waits for the receiver's acknowledgement.
        await send_inform(host, port, trap_oid=LINK_DOWN, varbinds=varbinds, timeout=2)
        with anyio.fail_after(5):
            for _ in range(3):
                n = await receiver.notifications.receive()
                kind = "inform" if n.inform else "trap"
                if_index = dict(n.varbinds)[IF_INDEX]
                print(f"{n.version.name} {kind} {n.trap_oid} from {n.source[0]}: {if_index}")


anyio.run(main)
