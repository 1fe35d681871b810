"""Helpers for the agent tests: a served view, Net-SNMP's tools without blocking the loop."""

from __future__ import annotations

import re
import struct
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
import pytest
from peers import TOOL_ENV, require_tool

from anysnmp import Aes128Key, Sha1Key, User
from anysnmp._address import TransportAddress
from anysnmp._agent import Agent
from anysnmp._mibview import MibView
from anysnmp._notify import Notification, NotificationReceiver
from anysnmp._protocol._framing import MessageFramer
from anysnmp._responder import CommandResponder
from anysnmp._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    Null,
    ObjectIdentifier,
    OctetString,
    Opaque,
    TimeTicks,
    TypedValue,
)

DEMO = Path(str(files("anysnmp") / "data" / "demo.snmprec"))
ENV = TOOL_ENV
#: Net-SNMP output options: numeric OIDs and enums, hex octet strings, no units.
OUTPUT = ("-On", "-Oe", "-Ox", "-OU")
#: Net-SNMP tools' arguments of a user no agent or receiver has, at each security level.
NOBODY = {
    "noAuthNoPriv": ["-l", "noAuthNoPriv"],
    "authNoPriv": ["-l", "authNoPriv", "-a", "SHA", "-A", "any-password"],
    "authPriv": ["-l", "authPriv", "-a", "SHA", "-A", "any-password", "-x", "AES", "-X", "x" * 8],
}
#: The same user as our sessions give it, one per security level (parametrize's arguments).
NOBODY_USERS = pytest.mark.parametrize(
    "user",
    [
        User("nobody"),
        User("nobody", auth_key=Sha1Key(b"any-password")),
        User("nobody", auth_key=Sha1Key(b"any-password"), priv_key=Aes128Key(b"any-password")),
    ],
    ids=list(NOBODY),
)


async def run(name: str, *args: str, check: bool = True) -> tuple[int, str, str]:
    """Runs a Net-SNMP tool in a child process: (returncode, stdout, stderr)."""
    result = await anyio.run_process([require_tool(name), *args], env=ENV, check=False)
    out, err = result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
    if check and result.returncode != 0:
        pytest.fail(f"{name} {' '.join(args)} failed ({result.returncode}): {err}")
    return result.returncode, out, err


async def quick_get(target: str, community: str) -> tuple[int, str, str]:
    """A v2c snmpget of sysName.0 that waits 0.2 s, with no retry; not checked."""
    return await run(
        "snmpget",
        "-v2c",
        "-c",
        community,
        "-t",
        "0.2",
        "-r",
        "0",
        target,
        "1.3.6.1.2.1.1.5.0",
        check=False,
    )


@asynccontextmanager
async def serve(
    view: MibView, host: str = "127.0.0.1", transport: str = "udp", **options: Any
) -> AsyncIterator[tuple[str, CommandResponder]]:
    """Serves ``view`` on a free loopback port: yields (Net-SNMP target, responder)."""
    responder = CommandResponder(view, **options)
    async with Agent([TransportAddress(transport, host, 0)], responder) as agent:
        bound = agent.endpoints[0]
        if transport == "udp" and ":" not in bound.host:
            yield f"{bound.host}:{bound.port}", responder
        else:
            yield str(bound), responder


@asynccontextmanager
async def receiving(
    transport: str = "udp", agent_options: dict[str, Any] | None = None, **options: Any
) -> AsyncIterator[tuple[str, NotificationReceiver]]:
    """A NotificationReceiver(**options) on a free loopback port: yields (target, receiver).

    The target is ``host:port`` for UDP, ``tcp:host:port`` for TCP.
    """
    receiver = NotificationReceiver(**options)
    iface = TransportAddress(transport, "127.0.0.1", 0)
    async with Agent([iface], receiver, **(agent_options or {})) as agent:
        bound = agent.endpoints[0]
        yield (f"{bound.host}:{bound.port}" if transport == "udp" else str(bound)), receiver


async def next_notification(receiver: NotificationReceiver) -> Notification:
    """The receiver's next notification (within 10 s)."""
    with anyio.fail_after(10):
        return await receiver.notifications.receive()


async def receive_messages(stream: anyio.abc.ByteReceiveStream, count: int) -> list[bytes]:
    """The next `count` messages of `stream` (within 5 s), and nothing more."""
    framer = MessageFramer(1 << 20)
    messages: list[bytes] = []
    with anyio.fail_after(5):
        while len(messages) < count:
            messages += framer.feed(await stream.receive())
    assert len(messages) == count and not framer.pending
    return messages


async def receive_message(stream: anyio.abc.ByteReceiveStream) -> bytes:
    return (await receive_messages(stream, 1))[0]


async def closed_by_agent(stream: anyio.abc.ByteReceiveStream, within: float = 5) -> bool:
    """True when the agent closes the connection within `within` s without sending anything."""
    with anyio.fail_after(within):
        try:
            data = await stream.receive()
        except (anyio.EndOfStream, anyio.BrokenResourceError):
            return True
    pytest.fail(f"the agent sent {data!r}")


async def truncations_are_closed(port: int, message: bytes) -> None:
    """Each start of `message` (then the end of the stream), on its own connection, is closed."""
    for cut in range(len(message)):
        async with await anyio.connect_tcp("127.0.0.1", port) as s:
            if cut:
                await s.send(message[:cut])
            await s.send_eof()
            assert await closed_by_agent(s)


_LINE = re.compile(r"^(\.[0-9.]+) = (.*)$")
_HEX_CONTINUATION = re.compile(r"^[0-9A-F]{2}( [0-9A-F]{2})* ?$")


def parse(output: str) -> list[tuple[str, str]]:
    """Net-SNMP ``OID = text`` lines (wrapped Hex-STRING lines joined) as (oid, text)."""
    items: list[tuple[str, str]] = []
    for line in output.splitlines():
        m = _LINE.match(line)
        if m:
            items.append((m.group(1)[1:], m.group(2).strip()))
        elif items and _HEX_CONTINUATION.match(line):
            items[-1] = (items[-1][0], f"{items[-1][1]} {line.strip()}")
    return items


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def netsnmp_text(value: TypedValue) -> str:
    """How Net-SNMP's tools print a value with `OUTPUT` options (Timeticks: just the number)."""
    if isinstance(value, OctetString):
        return f"Hex-STRING: {_hex(value.value)}" if value.value else '""'
    if isinstance(value, Opaque):
        if value.value[:3] == b"\x9f\x78\x04":  # Net-SNMP's opaque float
            return f"Opaque: Float: {struct.unpack('>f', value.value[3:])[0]:.6f}"
        return f"OPAQUE: {_hex(value.value)}"
    if isinstance(value, Null):
        return "NULL"
    if isinstance(value, ObjectIdentifier):
        return f"OID: .{value.value}"
    if isinstance(value, TimeTicks):
        return f"Timeticks: ({value.value})"
    names = {
        Integer: "INTEGER",
        IpAddress: "IpAddress",
        Counter32: "Counter32",
        Gauge32: "Gauge32",
        Counter64: "Counter64",
    }
    return f"{names[type(value)]}: {value.value}"


def normalize(text: str) -> str:
    """Net-SNMP text with the Timeticks rendering cut to its number."""
    if text.startswith("Timeticks: ("):
        return text[: text.index(")") + 1]
    return text


def expected_walk(view: MibView, *, v1: bool = False) -> list[tuple[str, str]]:
    """The (oid, text) lines a walk of the whole view prints."""
    out = []
    for oid in view.oids():
        value = view[oid]
        if v1 and isinstance(value, Counter64):
            continue
        out.append((oid, netsnmp_text(value)))
    return out
