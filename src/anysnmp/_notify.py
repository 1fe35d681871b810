"""Notifications: send_trap, send_inform, and NotificationReceiver (a handler for Agent).

v1 and v2c. SNMPv1 traps are converted both ways as RFC 3584 section 3 says:
a v1 Trap-PDU received becomes a trap OID (``snmpTraps.(generic+1)``, or
``enterprise.0.specific``) with snmpTrapAddress.0, snmpTrapCommunity.0 and
snmpTrapEnterprise.0 appended to its varbinds; a trap OID sent as v1 becomes
enterprise, generic-trap and specific-trap.
"""

from __future__ import annotations

import logging
import secrets
import socket
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

import anyio
import attrs
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from ._codec import PduType, core
from ._errors import DecodeError, EncodeError, TimeoutError
from ._transport import RECV_BUFFER_SIZE, open_socket, resolve
from ._types import SmiException, SnmpVersion, Tag, TypedValue, to_typed, typed_value

if TYPE_CHECKING:
    from ._agent import Request

__all__ = ("Notification", "NotificationReceiver", "NotificationStats", "send_inform", "send_trap")

logger = logging.getLogger("anysnmp.agent")

SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SNMP_TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0"
SNMP_TRAP_ENTERPRISE = "1.3.6.1.6.3.1.1.4.3.0"
SNMP_TRAP_ADDRESS = "1.3.6.1.6.3.18.1.3.0"
SNMP_TRAP_COMMUNITY = "1.3.6.1.6.3.18.1.4.0"
#: snmpTraps: the generic traps are snmpTraps.1 (coldStart) to snmpTraps.6 (egpNeighborLoss).
SNMP_TRAPS = "1.3.6.1.6.3.1.1.5"

_START = time.monotonic()

Address = tuple[str, int]
VarbindValue = TypedValue | SmiException
#: A varbind to send: an OID and a typed value (a plain int is an Integer, bytes or str an OctetString).
OutVarbind = tuple[str, TypedValue | int | bytes | str]


def _uptime() -> int:
    """Hundredths of a second since anysnmp's notification layer started."""
    return int((time.monotonic() - _START) * 100) % 2**32


@attrs.frozen
class Notification:
    """A trap or inform received by a `NotificationReceiver`.

    Attributes:
        source: the sender's (host, port).
        local: the bound (host, port) it came in on.
        version: the message version.
        community: the community (v1/v2c), else None.
        user: the USM user name (v3), else None.
        trap_oid: snmpTrapOID.0 (for v1, converted per RFC 3584).
        uptime: sysUpTime.0 (for v1, the time-stamp), in hundredths of a second.
        varbinds: the notification's varbinds after sysUpTime.0 and snmpTrapOID.0.
        inform: True for an InformRequest (already acknowledged).
        enterprise: v1 only: the Trap-PDU's enterprise.
        agent_addr: v1 only: the Trap-PDU's agent-addr.
        generic_trap: v1 only.
        specific_trap: v1 only.
    """

    source: Address
    local: Address
    version: SnmpVersion
    community: str | None
    user: str | None
    trap_oid: str
    uptime: int
    varbinds: tuple[tuple[str, VarbindValue], ...]
    inform: bool = False
    enterprise: str | None = None
    agent_addr: str | None = None
    generic_trap: int | None = None
    specific_trap: int | None = None


@attrs.define
class NotificationStats:
    """Counters of a `NotificationReceiver`."""

    received: int = 0
    malformed: int = 0
    bad_community: int = 0
    ignored: int = 0
    dropped: int = 0


def _typed(varbinds: list[tuple[str, int, object]]) -> list[tuple[str, VarbindValue]]:
    return [(oid, typed_value(tag, value)) for oid, tag, value in varbinds]  # type: ignore[arg-type]


class NotificationReceiver:
    """A handler for `Agent` that receives traps and informs.

    Checks the community, acknowledges informs, and streams `Notification`
    objects through `notifications` (an anyio memory object receive stream);
    when its buffer is full, notifications are dropped and counted.
    Use ``close()`` to end the stream.

    Args:
        communities: accepted communities.
        buffer_size: notifications buffered before dropping.
    """

    def __init__(self, communities: Iterable[str] = ("public",), *, buffer_size: int = 1024) -> None:
        self._communities = frozenset(c.encode() for c in communities)
        self.stats = NotificationStats()
        send: MemoryObjectSendStream[Notification]
        receive: MemoryObjectReceiveStream[Notification]
        send, receive = anyio.create_memory_object_stream[Notification](buffer_size)
        self._send = send
        self.notifications = receive

    def close(self) -> None:
        """Ends the notification stream (after the buffered notifications)."""
        self._send.close()

    async def __call__(self, request: Request) -> None:
        reply = self.answer(request)
        if reply is not None:
            await request.reply(reply)

    def answer(self, request: Request) -> bytes | None:
        """Queues the notification; returns the acknowledgement of an inform."""
        self.stats.received += 1
        try:
            version, community, pdu_type, fields, varbinds = core.decode_message(request.data, typed=True)
        except DecodeError:
            # SNMPv3 notifications need the USM layer: counted as malformed until then.
            self.stats.malformed += 1
            return None
        if community not in self._communities:
            self.stats.bad_community += 1
            return None
        try:
            if pdu_type == PduType.TRAP_V1:
                notification = self._from_v1(request, community, fields, varbinds)
            elif pdu_type in (PduType.TRAP_V2, PduType.INFORM):
                notification = self._from_v2(request, version, community, pdu_type, varbinds)
            else:
                self.stats.ignored += 1
                return None
        except (ValueError, TypeError):
            self.stats.malformed += 1
            return None
        try:
            self._send.send_nowait(notification)
        except (anyio.WouldBlock, anyio.BrokenResourceError, anyio.ClosedResourceError):
            self.stats.dropped += 1  # an inform left unacknowledged is sent again
            return None
        if pdu_type != PduType.INFORM:
            return None
        ack: bytes = core.encode_message(version, community, PduType.RESPONSE, fields[0], 0, 0, varbinds)
        return ack

    def _from_v1(
        self, request: Request, community: bytes, fields: tuple[str, str, int, int, int],
        varbinds: list[tuple[str, int, object]],
    ) -> Notification:
        enterprise, agent_addr, generic, specific, time_stamp = fields
        if generic == 6:
            trap_oid = f"{enterprise}.0.{specific}"
        elif 0 <= generic < 6:
            trap_oid = f"{SNMP_TRAPS}.{generic + 1}"
        else:
            raise ValueError(f"generic-trap {generic} out of range")
        appended: list[tuple[str, VarbindValue]] = [
            (SNMP_TRAP_ADDRESS, typed_value(Tag.IP_ADDRESS, agent_addr)),
            (SNMP_TRAP_COMMUNITY, typed_value(Tag.OCTET_STRING, community)),
            (SNMP_TRAP_ENTERPRISE, typed_value(Tag.OBJECT_IDENTIFIER, enterprise)),
        ]
        return Notification(
            request.source, request.local, SnmpVersion.v1, community.decode(errors="replace"), None,
            trap_oid, time_stamp, tuple(_typed(varbinds) + appended), False, enterprise, agent_addr,
            generic, specific,
        )

    def _from_v2(
        self, request: Request, version: int, community: bytes, pdu_type: int,
        varbinds: list[tuple[str, int, object]],
    ) -> Notification:
        if (
            len(varbinds) < 2
            or varbinds[0][:2] != (SYS_UPTIME, Tag.TIMETICKS)
            or varbinds[1][:2] != (SNMP_TRAP_OID, Tag.OBJECT_IDENTIFIER)
        ):
            raise ValueError("a notification starts with sysUpTime.0 and snmpTrapOID.0")
        return Notification(
            request.source, request.local, SnmpVersion(version), community.decode(errors="replace"),
            None, str(varbinds[1][2]), int(varbinds[0][2]),  # type: ignore[call-overload]
            tuple(_typed(varbinds[2:])), pdu_type == PduType.INFORM,
        )


# --- sending -------------------------------------------------------------------


def _triples(varbinds: Iterable[OutVarbind]) -> list[tuple[str, int, object]]:
    out: list[tuple[str, int, object]] = []
    for oid, value in varbinds:
        typed = to_typed(value)
        out.append((oid, int(typed.tag), typed.value))
    return out


def _v2_varbinds(trap_oid: str, uptime: int | None, varbinds: Iterable[OutVarbind]) -> list[tuple[str, int, object]]:
    return [
        (SYS_UPTIME, int(Tag.TIMETICKS), _uptime() if uptime is None else uptime),
        (SNMP_TRAP_OID, int(Tag.OBJECT_IDENTIFIER), trap_oid.lstrip(".")),
        *_triples(varbinds),
    ]


def _v1_trap(
    community: str, trap_oid: str, uptime: int | None, varbinds: Iterable[OutVarbind], agent_addr: str
) -> bytes:
    """An SNMPv1 Trap-PDU message for a trap OID (RFC 3584 3.2)."""
    trap_oid = trap_oid.lstrip(".")
    triples = _triples(varbinds)
    if any(tag == Tag.COUNTER64 for _, tag, _ in triples):
        raise EncodeError("an SNMPv1 trap cannot carry Counter64 values")
    arcs = trap_oid.split(".")
    parent, last = ".".join(arcs[:-1]), int(arcs[-1])
    if parent == SNMP_TRAPS and 1 <= last <= 6:
        given = [value for oid, _, value in triples if oid.lstrip(".") == SNMP_TRAP_ENTERPRISE]
        enterprise, generic, specific = (str(given[0]) if given else SNMP_TRAPS), last - 1, 0
    else:
        enterprise = ".".join(arcs[:-2]) if len(arcs) > 2 and arcs[-2] == "0" else parent
        generic, specific = 6, last
    triples = [t for t in triples if t[0].lstrip(".") != SNMP_TRAP_ENTERPRISE]
    stamp = _uptime() if uptime is None else uptime
    data: bytes = core.encode_trap_v1(
        community.encode(), enterprise, agent_addr, generic, specific, stamp, triples
    )
    return data


async def _open(host: str, port: int, local_addr: Address | None) -> socket.socket:
    family, addr = await resolve(host, port)
    sock = open_socket(family, local_addr)
    sock.connect(addr)
    return sock


async def _send(sock: socket.socket, data: bytes) -> None:
    while True:
        try:
            sock.send(data)
            return
        except BlockingIOError:
            await anyio.wait_writable(sock)


async def send_trap(
    host: str,
    port: int = 162,
    *,
    trap_oid: str,
    varbinds: Iterable[OutVarbind] = (),
    community: str = "public",
    version: SnmpVersion = SnmpVersion.v2c,
    uptime: int | None = None,
    agent_addr: str = "0.0.0.0",
    local_addr: Address | None = None,
) -> None:
    """Sends a trap: an SNMPv2-Trap-PDU (v2c), or an SNMPv1 Trap-PDU (v1).

    Args:
        host: the notification receiver.
        port: its port.
        trap_oid: snmpTrapOID.0, such as ``1.3.6.1.6.3.1.1.5.3`` (linkDown);
            for v1 converted to enterprise/generic/specific (RFC 3584 3.2).
        varbinds: ``(oid, value)`` pairs after sysUpTime.0 and snmpTrapOID.0.
        community: the community.
        version: ``SnmpVersion.v1`` or ``SnmpVersion.v2c``.
        uptime: sysUpTime.0 in hundredths of a second; default: time since
            anysnmp's notification layer was imported.
        agent_addr: v1 only: the Trap-PDU's agent-addr.
        local_addr: address to send from.
    """
    if version == SnmpVersion.v1:
        data = _v1_trap(community, trap_oid, uptime, varbinds, agent_addr)
    elif version == SnmpVersion.v2c:
        data = core.encode_message(
            1, community.encode(), PduType.TRAP_V2, secrets.randbits(31), 0, 0,
            _v2_varbinds(trap_oid, uptime, varbinds),
        )
    else:
        raise ValueError(f"send_trap supports v1 and v2c, not {version!r}")
    sock = await _open(host, port, local_addr)
    with sock:
        await _send(sock, data)


async def send_inform(
    host: str,
    port: int = 162,
    *,
    trap_oid: str,
    varbinds: Iterable[OutVarbind] = (),
    community: str = "public",
    uptime: int | None = None,
    timeout: float = 5.0,
    retries: int = 1,
    local_addr: Address | None = None,
) -> None:
    """Sends a v2c InformRequest and waits for its acknowledgement.

    Each of the ``1 + retries`` attempts waits ``timeout`` seconds for a
    Response with the request-id from the receiver's address.

    Raises:
        TimeoutError: no acknowledgement after every retry.
    """
    request_id = secrets.randbits(31)
    data = core.encode_message(
        1, community.encode(), PduType.INFORM, request_id, 0, 0,
        _v2_varbinds(trap_oid, uptime, varbinds),
    )
    buffer = bytearray(RECV_BUFFER_SIZE)
    sock = await _open(host, port, local_addr)
    with sock:
        for _ in range(1 + retries):
            await _send(sock, data)
            with anyio.move_on_after(timeout):
                while True:
                    await anyio.wait_readable(sock)
                    try:
                        size = sock.recv_into(buffer)
                    except (BlockingIOError, ConnectionError):
                        continue
                    answer = bytes(buffer[:size])
                    if core.peek_request_id(answer) != request_id:
                        continue
                    try:
                        _, _, pdu_type, fields, _ = core.decode_message(answer)
                    except DecodeError:
                        continue
                    if pdu_type == PduType.RESPONSE and fields[0] == request_id:
                        return
    raise TimeoutError(f"no acknowledgement of the inform from {host}:{port}")
