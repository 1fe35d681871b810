"""IPv6 link-local addresses with scope ids, end to end, in a private network namespace.

The namespace (tests/netns.py) has fe80::1 on two links: only the scope id
tells ``fe80::1%vb`` from ``fe80::1%vd``. Sessions, a shared Manager, our
Agent, Net-SNMP's snmpd and notifications all talk over those addresses.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from netns import LinkLocalNet, link_local_net
from netsnmpd import stop_process
from peers import TOOL_ENV, require_tool, start_snmpd

from anysnmp import (
    Agent,
    CommandResponder,
    Manager,
    MibView,
    NotificationReceiver,
    OctetString,
    SnmpSession,
    send_inform,
    send_trap,
)
from anysnmp._agent import Request
from anysnmp._codec import core
from anysnmp.lowlevel import PduType, Tag

SYS_NAME = "1.3.6.1.2.1.1.5.0"
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
VIEW = {SYS_NAME: OctetString(b"scoped"), "1.3.6.1.2.1.1.6.0": OctetString(b"link")}


@pytest.fixture(scope="module")
def net() -> Iterator[LinkLocalNet]:
    with link_local_net() as created:
        yield created


def test_session_and_manager_reach_an_agent_on_a_link_local_address(
    net: LinkLocalNet, anyio_backend: str
) -> None:
    async def main() -> tuple[object, ...]:
        async with Agent([("fe80::1%va", 0)], CommandResponder(MibView(VIEW))) as agent:
            host, port = agent.addresses[0]
            async with SnmpSession("fe80::1%vb", port) as session:
                got = await session.get(SYS_NAME)
                walked = [item async for item in session.fetch("1.3.6.1.2.1.1")]
            async with (
                Manager(("::", 0)) as manager,
                SnmpSession("fe80::1%vd", port, manager=manager, timeout=0.5, retries=0) as shared,
            ):
                # fe80::1%vd is the other link, where no agent listens on the port.
                with pytest.raises(TimeoutError):
                    await shared.get(SYS_NAME)
            async with (
                Manager(("fe80::2%vb", 0)) as manager,
                SnmpSession("fe80::1%vb", port, manager=manager) as shared,
            ):
                through_manager = await shared.get(SYS_NAME)
                manager_host = manager.local_address[0]
        return host, got, walked, through_manager, manager_host

    host, got, walked, through_manager, manager_host = net.run(main, anyio_backend)
    assert host == "fe80::1%va" and manager_host == "fe80::2%vb"
    assert got == through_manager == b"scoped"
    assert walked == [(SYS_NAME, b"scoped"), ("1.3.6.1.2.1.1.6.0", b"link")]


def test_manager_matches_replies_by_scope_id(net: LinkLocalNet, anyio_backend: str) -> None:
    """A reply with the right request id and (host, port) but from the other link is dropped."""
    scope_vc = net.index("vc")

    async def main() -> tuple[object, int]:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as impostor:
            impostor.bind(("fe80::1", 0, 0, scope_vc))
            port = impostor.getsockname()[1]

            async def answer(request: Request) -> None:
                version, community, _, fields, _ = core.decode_message(request.data)

                def response(text: bytes) -> bytes:
                    varbinds = [(SYS_NAME, int(Tag.OCTET_STRING), text)]
                    return core.encode_message(
                        version, community, PduType.RESPONSE, fields[0], 0, 0, varbinds
                    )

                # The agent's address and port, the request's id, but from link vc to vd.
                impostor.sendto(
                    response(b"impostor"), ("fe80::2", request.sockaddr[1], 0, scope_vc)
                )
                await anyio.sleep(0.1)
                await request.reply(response(b"genuine"))

            async with (
                Agent([("fe80::1%va", port)], answer),
                Manager(("::", 0)) as manager,
                SnmpSession("fe80::1%vb", port, manager=manager) as session,
            ):
                return await session.get(SYS_NAME), manager.endpoint.dropped

    got, dropped = net.run(main, anyio_backend)
    assert (got, dropped) == (b"genuine", 1)


def test_net_snmp_and_our_agent_over_link_local(
    net: LinkLocalNet, anyio_backend: str, tmp_path: Path
) -> None:
    """Our session against snmpd on udp6:[fe80::1%va], and snmpget against our Agent."""
    agent, proc = net.call(lambda: start_snmpd(tmp_path, "fe80::1%va", clients="fe80::/64"))
    try:

        async def main() -> tuple[object, str]:
            async with SnmpSession("fe80::1%vb", agent.port) as session:
                description = await session.get("1.3.6.1.2.1.1.1.0")
            ours = Agent([("fe80::1%vc", 0)], CommandResponder(MibView(VIEW)))
            async with ours:
                port = ours.addresses[0][1]
                args = ("-v2c", "-c", "public", "-On", f"udp6:[fe80::1%vd]:{port}", SYS_NAME)
                output = await _tool("snmpget", *args)
            return description, output

        description, output = net.run(main, anyio_backend)
    finally:
        stop_process(proc)
    assert isinstance(description, bytes) and description
    assert output.strip() == f'.{SYS_NAME} = STRING: "scoped"'


async def _tool(name: str, *args: str) -> str:
    """A Net-SNMP tool's output, the process started from this (namespace's) thread.

    Not through a worker thread: trio's are cached, and one may have been made
    outside the namespace.
    """
    with subprocess.Popen(
        [require_tool(name), *args], stdout=subprocess.PIPE, env=TOOL_ENV
    ) as proc:
        while proc.poll() is None:
            await anyio.sleep(0.02)
        assert proc.stdout is not None and proc.returncode == 0
        return proc.stdout.read().decode()


def test_notifications_over_link_local(net: LinkLocalNet, anyio_backend: str) -> None:
    async def main() -> list[tuple[object, ...]]:
        receiver = NotificationReceiver()
        async with Agent([("fe80::1%va", 0)], receiver) as agent:
            port = agent.addresses[0][1]
            await send_trap("fe80::1%vb", port, trap_oid=LINK_DOWN, local_addr=("fe80::2%vb", 0))
            await send_inform("fe80::1%vb", port, trap_oid=LINK_DOWN, timeout=2)
            seen: list[tuple[object, ...]] = []
            with anyio.fail_after(10):
                for _ in range(2):
                    n = await receiver.notifications.receive()
                    seen.append((n.inform, n.trap_oid, n.source[0], n.local[0]))
        return seen

    assert net.run(main, anyio_backend) == [
        (False, LINK_DOWN, "fe80::2%va", "fe80::1%va"),
        (True, LINK_DOWN, "fe80::2%va", "fe80::1%va"),
    ]
