"""Notifications: send_trap, send_inform, and NotificationReceiver (a handler for Agent).

v1, v2c and v3. SNMPv3 follows RFC 3412/3414: the sender of a trap is the
authoritative engine (its own engine id, boots and time: receivers such as
Net-SNMP's snmptrapd need ``createUser -e ENGINEID``); the receiver of an
inform is (the sender discovers it first, like a command generator). Our
receiver answers that discovery and accepts traps from its users at any
engine id, localizing their keys per engine id.

SNMPv1 traps are converted both ways as RFC 3584 section 3 says:
a v1 Trap-PDU received becomes a trap OID (``snmpTraps.(generic+1)``, or
``enterprise.0.specific``) with snmpTrapAddress.0, snmpTrapCommunity.0 and
snmpTrapEnterprise.0 appended to its varbinds (as Net-SNMP appends them: each
one the trap lacks, no address 0.0.0.0 nor empty community); a trap OID sent as v1 becomes
enterprise, generic-trap and specific-trap.
"""

from __future__ import annotations

import logging
import reprlib
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AsyncExitStack, suppress
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import attrs
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from ._backends import open_transport
from ._codec import PduType, core
from ._engine import LEVEL_FLAGS, MAX_MESSAGE_SIZE, LocalEngine, generate_engine_id, user_list
from ._errors import (
    ArgumentTypeError,
    ConfigurationError,
    DecodeError,
    EncodeError,
    ErrorStatus,
    ErrorStatusError,
    check_setting,
    not_an_oid,
    refuse_name,
)
from ._manager import Manager
from ._mib import check_mib
from ._mib._format import MibFormatter
from ._mib._typed import named_value
from ._session import SnmpSession
from ._transport import Address, check_peer_port, check_transport
from ._types import (
    ReceivedValue,
    SmiException,
    SnmpVersion,
    Tag,
    TypedValue,
    octets,
    received_value,
    snmp_version,
    to_typed,
    typed_value,
)
from ._usm import User, check_context_version, check_engine_version, scoped_context

if TYPE_CHECKING:
    from ._agent import Request
    from ._mib._mib import Mib

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
#: The engine id of this process's notification originator (SNMPv3 traps; the
#: contextEngineID of its informs, RFC 3413 3.2, as snmpinform's).
_ENGINE_ID = generate_engine_id()
#: msgFlags' security level bits -> the level's name.
_LEVEL_NAMES = {flags: name for name, flags in LEVEL_FLAGS.items()}

#: A received varbind's value: RFC 1442's types and values past their type's range that
#: Net-SNMP prints (snmptrapd) are `ReceivedValue`.
VarbindValue = TypedValue | SmiException | ReceivedValue
#: Net-SNMP's output with no MIBs (-On): how a notification prints without a formatter.
_NUMERIC = MibFormatter()

#: A varbind to send: an OID and a typed value (a plain int is an Integer, bytes or str an OctetString).
OutVarbind = tuple[str, TypedValue | int | bytes | str]
#: A notification's varbinds as the senders take them: ``(oid, value)`` pairs, or a dict.
OutVarbinds = Iterable[OutVarbind] | Mapping[str, TypedValue | int | bytes | str]


def _uptime() -> int:
    """Hundredths of a second since anysnmp's notification layer started."""
    return int((time.monotonic() - _START) * 100) % 2**32


@attrs.frozen
class Notification:
    """A trap or inform received by a `NotificationReceiver`.

    Attributes:
        source: the sender's (host, port); a link-local IPv6 host names its
            interface (``fe80::2%eth0``).
        local: the (host, port) it came in on: on a UDP socket bound to a wildcard
            address, the address it was sent to (Linux), else the bound one.
        version: the message version.
        community: the community (v1/v2c), else None.
        user: the USM user name (v3), else None.
        trap_oid: snmpTrapOID.0 (for v1, converted per RFC 3584).
        uptime: sysUpTime.0 (for v1, the time-stamp), in hundredths of a second.
        varbinds: the notification's varbinds after sysUpTime.0 and snmpTrapOID.0:
            typed values, exception values, and `lowlevel.ReceivedValue` for what
            snmptrapd prints that no typed value holds (RFC 1442's UInteger32,
            NsapAddress and BIT STRING, an INTEGER past Integer32, the empty OID).
        inform: True for an InformRequest (already acknowledged).
        enterprise: v1 only: the Trap-PDU's enterprise.
        agent_addr: v1 only: the Trap-PDU's agent-addr.
        generic_trap: v1 only (any number: one past 0..6 is printed, as snmptrapd
            prints it, ``Unknown Type``).
        specific_trap: v1 only. Both are read as Net-SNMP reads them: one past 32
            bits keeps its low 32 bits (4294967295 stays, 2**32 is 0).
        engine_id: v3 only: msgAuthoritativeEngineID (the trap sender's
            engine, or the receiver's own for an inform).
        context_name: v3: the contextName ("" for v1/v2c).
        context_engine_id: v3: the contextEngineID (b"" for v1/v2c).
        security_level: v3: ``noAuthNoPriv``, ``authNoPriv`` or ``authPriv``, as it
            came in; None for v1/v2c.
        transport: "udp" or "tcp", as it came in.
        formatter: how `lines` prints it by default: the `MibFormatter` of the
            receiver's MIBs (`NotificationReceiver` ``mib=``), or None
            (numeric). Not compared.
        appended: v1 only: how many of `varbinds`, at their end, RFC 3584's
            conversion added (as Net-SNMP: snmpTrapAddress.0 but from agent-addr
            0.0.0.0, snmpTrapCommunity.0 but of an empty community, and
            snmpTrapEnterprise.0, each when the trap's own varbinds lack it).
        as_received: v2c/v3: its varbinds did not start with sysUpTime.0 (TimeTicks) and
            snmpTrapOID.0 (an OID), and snmptrapd takes it still: `varbinds` holds them
            all as they came, `trap_oid` is snmpTrapOID.0's value (the second varbind's,
            else the first one's; "" when it is no OID, taken with ``communities=None``
            only, as snmptrapd's disableAuthorization), `uptime` the first sysUpTime.0's
            TimeTicks, else 0.
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
    engine_id: bytes | None = None
    context_name: str = ""
    context_engine_id: bytes = b""
    security_level: str | None = None
    transport: str = "udp"
    formatter: MibFormatter | None = attrs.field(default=None, eq=False, repr=False)
    appended: int = 0
    as_received: bool = False

    def varbind_triples(self) -> list[tuple[str, int, object]]:
        """Every varbind as ``(oid, tag, value)``, sysUpTime.0 and snmpTrapOID.0 first
        (`as_received`: as they came).

        The triples `MibFormatter.varbind` prints; an exception value
        (noSuchObject...) is its tag with a None value.
        """
        given: list[tuple[str, int, object]] = [
            (oid, int(value.value), None)
            if isinstance(value, SmiException)
            else (oid, int(value.tag), value.value)
            for oid, value in self.varbinds
        ]
        if self.as_received:
            return given
        return [
            (SYS_UPTIME, int(Tag.TIMETICKS), self.uptime),
            (SNMP_TRAP_OID, int(Tag.OBJECT_IDENTIFIER), self.trap_oid),
            *given,
        ]

    def lines(self, formatter: MibFormatter | None = None) -> list[str]:
        """Its varbinds as Net-SNMP prints them, one per line (snmptrapd's ``%v``).

        sysUpTime.0 and snmpTrapOID.0 first (a v1 trap as RFC 3584 converts it):
        ``SNMPv2-MIB::snmpTrapOID.0 = OID: IF-MIB::linkDown`` with MIBs, the
        varbinds with their indexes, enum labels and display hints, and those
        the MIBs do not know as Net-SNMP prints them
        (``SNMPv2-SMI::enterprises.9999.1 = INTEGER: 5``).

        Args:
            formatter: how to print (``mib.formatter("s")`` for ``-Os``);
                default: this notification's `formatter`, else numeric OIDs
                (``-On``).

        Raises:
            ArgumentTypeError: a `formatter` that is no `MibFormatter` (a Mib, flags).
        """
        if formatter is not None and not isinstance(formatter, MibFormatter):
            raise ArgumentTypeError(
                "lines() takes a MibFormatter: lines(mib.formatter('s')), "
                f"not {type(formatter).__name__}"
            )
        printer = formatter or self.formatter or _NUMERIC
        return [printer.varbind(*triple) for triple in self.varbind_triples()]


@attrs.define
class NotificationStats:
    """Counters of a `NotificationReceiver`.

    `no_trap_oid`: v2c/v3 notifications dropped for carrying no snmpTrapOID.0, and
    `bad_trap_oid` for one that is no OID, or a v1 Trap-PDU in a v2c message (unless
    every community is taken), as snmptrapd drops them; `malformed` counts neither.
    """

    received: int = 0
    malformed: int = 0
    bad_community: int = 0
    ignored: int = 0
    dropped: int = 0
    no_trap_oid: int = 0
    bad_trap_oid: int = 0


class _NoTrapOid(ValueError):
    """A v2c/v3 notification with no snmpTrapOID.0 (`NotificationStats.no_trap_oid`)."""


class _BadTrapOid(ValueError):
    """One whose snmpTrapOID.0 is no OID (`NotificationStats.bad_trap_oid`)."""


def v1_trap_oid(enterprise: str, generic: int, specific: int) -> str:
    """A v1 trap's OID as RFC 3584 3.1 gives it (``snmpTraps.(generic+1)``,
    ``enterprise.0.specific``), and as Net-SNMP gives it to what no RFC allows: a
    generic trap past 0..6 is ``snmpTraps.(generic+1)`` too, a negative number an
    arc of 64 bits (Net-SNMP's ``oid``: -1 is 18446744073709551615)."""
    if generic == 6:
        return f"{enterprise}.0.{specific % 2**64}"
    return f"{SNMP_TRAPS}.{(generic + 1) % 2**64}"


def _typed(varbinds: list[tuple[str, int, object]]) -> list[tuple[str, VarbindValue]]:
    return [(oid, received_value(tag, value)) for oid, tag, value in varbinds]  # type: ignore[arg-type]


class NotificationReceiver:
    """A handler for `Agent` that receives traps and informs.

    Checks the community (v1/v2c) or USM user (v3), acknowledges informs,
    and streams `Notification` objects through `notifications` (an anyio
    memory object receive stream); when its buffer is full, notifications
    are dropped and counted. Use ``close()`` to end the stream.

    Args:
        communities: accepted communities (None: any, as snmptrapd's
            ``disableAuthorization``).
        users: accepted SNMPv3 users (`User`), for traps from any engine id
            and informs to this receiver's engine.
        engine_users: SNMPv3 users by engine id, as snmptrapd's ``createUser
            [-e ENGINEID]``: another engine's user is accepted in the traps of
            that engine only (its keys localized there), and one of this
            receiver's engine (its `engine_id`, or None) in informs only. One
            name may be a user of several engines, with keys of its own each.
        engine_id: the receiver's SNMPv3 engine id (generated when None).
        engine_boots: the receiver's SNMPv3 engine boots.
        buffer_size: notifications buffered before dropping.
        mib: MIBs (`anysnmp.Mib`) its notifications print with: their
            `Notification.lines` then give names, as snmptrapd prints them
            with these MIBs loaded.
    """

    #: An `Agent` serving it on a socket bound to a wildcard address gives each datagram's
    #: destination as its `Request.local` (`Notification.local`, snmptrapd's ``%b``).
    wants_destinations = True

    def __init__(
        self,
        communities: Iterable[str | bytes] | None = ("public",),
        *,
        users: Iterable[User] = (),
        engine_users: Mapping[bytes | None, Iterable[User]] | None = None,
        engine_id: bytes | None = None,
        engine_boots: int = 1,
        buffer_size: int = 1024,
        mib: Mib | None = None,
    ) -> None:
        if isinstance(communities, str):
            raise ArgumentTypeError(
                f"communities is a list of names, not one str: communities=[{communities!r}]"
            )
        if communities is not None and not isinstance(communities, Iterable):
            raise ArgumentTypeError(
                f"communities is a list of names, not {type(communities).__name__}"
            )
        self._communities = (
            None if communities is None else frozenset(octets("community", c) for c in communities)
        )
        check_setting("buffer_size", buffer_size, 0)
        check_mib(mib)
        self._formatter = mib.formatter() if mib is not None else None
        users = user_list(users)
        #: The SNMPv3 engine (USM counters in ``engine.stats``). Without users it receives
        #: nothing over v3, but answers informs as snmptrapd does: discovery, then
        #: usmStatsUnknownUserNames Reports.
        self.engine = LocalEngine(
            users,
            engine_id=engine_id,
            boots=engine_boots,
            accept_foreign=True,
            engine_users=engine_users,
        )
        self.stats = NotificationStats()
        send: MemoryObjectSendStream[Notification]
        receive: MemoryObjectReceiveStream[Notification]
        send, receive = anyio.create_memory_object_stream[Notification](buffer_size)
        self._send = send
        self.notifications = receive

    def close(self) -> None:
        """Ends the notification stream (after the buffered notifications)."""
        self._send.close()

    def __del__(self) -> None:
        # Nothing can be received once the receiver is gone: its streams close with it,
        # as anyio warns (ResourceWarning) of memory streams left open.
        if hasattr(self, "notifications"):  # not when __init__ raised before making them
            self._send.close()
            self.notifications.close()

    async def __call__(self, request: Request) -> None:
        reply = self.answer(request)
        if reply is not None:
            await request.reply(reply)

    def answer(self, request: Request) -> bytes | None:
        """Queues the notification; returns the acknowledgement of an inform."""
        self.stats.received += 1
        try:
            version, community, pdu_type, fields, varbinds = core.decode_message(
                request.data, typed=True
            )
        except DecodeError:
            if core.message_version(request.data) == SnmpVersion.v3:
                return self._answer_v3(request)
            self.stats.malformed += 1
            return None
        if self._communities is not None and community not in self._communities:
            self.stats.bad_community += 1
            return None
        try:
            if pdu_type == PduType.TRAP_V1:
                notification = self._from_v1(request, version, community, fields, varbinds)
            elif pdu_type in (PduType.TRAP_V2, PduType.INFORM):
                notification = self._from_v2(request, version, community, None, pdu_type, varbinds)
            else:
                self.stats.ignored += 1
                return None
        except (DecodeError, ValueError, TypeError) as exc:
            self._refused(exc)
            return None
        if not self._queue(notification):
            return None
        if pdu_type != PduType.INFORM:
            return None
        # As for v3 below: the inform's varbinds as they came (values no encoder writes too),
        # and an acknowledgement over what the transport carries is tooBig.
        limit = MAX_MESSAGE_SIZE if request.max_size is None else request.max_size
        raw = core.decode_request(request.data)[-1]
        ack: bytes = core.encode_response(
            version, community, PduType.RESPONSE, fields[0], 0, 0, raw
        )
        if len(ack) > limit:
            ack = core.encode_response(
                version, community, PduType.RESPONSE, fields[0], ErrorStatus.TOO_BIG, 0, b""
            )
        return ack if len(ack) <= limit else None

    def _refused(self, exc: Exception) -> None:
        """Counts a message dropped for `exc`."""
        if isinstance(exc, _NoTrapOid):
            self.stats.no_trap_oid += 1
        elif isinstance(exc, _BadTrapOid):
            self.stats.bad_trap_oid += 1
        else:
            self.stats.malformed += 1

    def _queue(self, notification: Notification) -> bool:
        try:
            self._send.send_nowait(notification)
        except (anyio.WouldBlock, anyio.BrokenResourceError, anyio.ClosedResourceError):
            self.stats.dropped += 1  # an inform left unacknowledged is sent again
            return False
        return True

    def _answer_v3(self, request: Request) -> bytes | None:
        """USM: a Report (discovery, errors), nothing, or the acknowledgement of an inform."""
        try:
            decoded = self.engine.decode(request.data)
            if decoded is None or isinstance(decoded, bytes):
                return decoded  # dropped, or a Report (counted in engine.stats)
            state, engine_id, max_size, overhead, pdu = decoded
            pdu_type, fields, varbinds, raw = core.decode_pdu(pdu)
            if pdu_type not in (PduType.TRAP_V2, PduType.INFORM):
                self.stats.ignored += 1
                return None
            notification = self._from_v2(
                request, SnmpVersion.v3, None, state[2].decode(errors="replace"), pdu_type, varbinds
            )
        except (DecodeError, ValueError, TypeError) as exc:
            self._refused(exc)
            return None
        notification = attrs.evolve(
            notification,
            engine_id=engine_id,
            context_name=state[4].decode(errors="replace"),
            context_engine_id=state[3],
            security_level=_LEVEL_NAMES[state[1]],
        )
        if not self._queue(notification) or pdu_type != PduType.INFORM:
            return None
        # RFC 3416 4.2.7: an acknowledgement over the sender's msgMaxSize (or what the
        # transport carries) is tooBig with no varbinds.
        limit = max_size if request.max_size is None else min(max_size, request.max_size)
        status, body = (0, raw) if len(raw) <= limit - overhead else (ErrorStatus.TOO_BIG, b"")
        ack: bytes = self.engine.encode(*state, PduType.RESPONSE, fields[0], status, 0, body)
        return ack if len(ack) <= limit else None

    def _from_v1(
        self,
        request: Request,
        version: int,
        community: bytes,
        fields: tuple[str, str, int, int, int],
        varbinds: list[tuple[str, int, object]],
    ) -> Notification:
        if version != SnmpVersion.v1 and self._communities is not None:
            raise _BadTrapOid  # a v2c message's Trap-PDU: snmptrapd's authorization refuses it
        enterprise, agent_addr, generic, specific, time_stamp = fields
        trap_oid = v1_trap_oid(enterprise, generic, specific)
        own = {oid for oid, _, _ in varbinds}
        appended: list[tuple[str, VarbindValue]] = [
            (oid, typed_value(tag, value))
            for oid, tag, value, given in (
                (SNMP_TRAP_ADDRESS, Tag.IP_ADDRESS, agent_addr, agent_addr != "0.0.0.0"),
                (SNMP_TRAP_COMMUNITY, Tag.OCTET_STRING, community, community != b""),
                (SNMP_TRAP_ENTERPRISE, Tag.OBJECT_IDENTIFIER, enterprise, True),
            )
            if given and oid not in own
        ]
        return Notification(
            request.source,
            request.local,
            SnmpVersion(version),
            community.decode(errors="replace"),
            None,
            trap_oid,
            time_stamp,
            tuple(_typed(varbinds) + appended),
            False,
            enterprise,
            agent_addr,
            generic,
            specific,
            formatter=self._formatter,
            transport=request.transport,
            appended=len(appended),
        )

    def _from_v2(
        self,
        request: Request,
        version: int,
        community: bytes | None,
        user: str | None,
        pdu_type: int,
        varbinds: list[tuple[str, int, object]],
    ) -> Notification:
        names = [oid for oid, _, _ in varbinds]
        if SNMP_TRAP_OID not in names:
            raise _NoTrapOid
        standard = (
            len(varbinds) >= 2
            and varbinds[0][:2] == (SYS_UPTIME, Tag.TIMETICKS)
            and varbinds[1][:2] == (SNMP_TRAP_OID, Tag.OBJECT_IDENTIFIER)
        )
        if standard:
            trap_oid, uptime, rest = str(varbinds[1][2]), varbinds[0][2], varbinds[2:]
        else:  # as snmptrapd takes it: any order, the trap OID the 2nd varbind's or the 1st
            first = varbinds[names.index(SNMP_TRAP_OID)]
            if first[1] != Tag.OBJECT_IDENTIFIER and self._communities is not None:
                raise _BadTrapOid  # snmptrapd's authorization refuses it
            _, tag, value = varbinds[1] if names[1:2] == [SNMP_TRAP_OID] else first
            trap_oid = str(value) if tag == Tag.OBJECT_IDENTIFIER else ""
            times = (v for oid, t, v in varbinds if (oid, t) == (SYS_UPTIME, Tag.TIMETICKS))
            uptime, rest = next(times, 0), varbinds
        return Notification(
            request.source,
            request.local,
            SnmpVersion(version),
            None if community is None else community.decode(errors="replace"),
            user,
            trap_oid,
            int(uptime),  # type: ignore[call-overload]
            tuple(_typed(rest)),
            pdu_type == PduType.INFORM,
            formatter=self._formatter,
            transport=request.transport,
            as_received=not standard,
        )


# --- sending -------------------------------------------------------------------


def named(
    mib: Mib | None, trap_oid: str, varbinds: OutVarbinds
) -> tuple[str, Iterable[OutVarbind]]:
    """With MIBs, a notification's names as OIDs and its plain values as their MIB types.

    Raises:
        UnknownNameError: a name the MIBs do not know.
        ConfigurationError: a plain value its object's MIB type cannot take.
        EncodeError: an OID that is not a str.
    """
    check_mib(mib)
    pairs = _pairs(varbinds)
    for oid in (trap_oid, *(oid for oid, _ in pairs)):
        if not isinstance(oid, str):
            raise not_an_oid(oid)
        if mib is None:
            refuse_name(oid, "give the notification mib=anysnmp.Mib.load()")
    if mib is None:
        return trap_oid, pairs
    return mib.oid(trap_oid), [named_value(mib, oid, value) for oid, value in pairs]


def _check_uptime(uptime: object) -> None:
    """Raises `ConfigurationError` unless `uptime` is None or TimeTicks (0 to 2^32 - 1)."""
    if uptime is not None:
        check_setting("uptime", uptime, 0, most=2**32 - 1)


def _pairs(varbinds: OutVarbinds) -> list[OutVarbind]:
    """A notification's varbinds as ``(oid, value)`` pairs: given so, or as a dict.

    Raises:
        ConfigurationError: an item that is not a pair.
        ArgumentTypeError: varbinds that are no list (one str, None).
    """
    if isinstance(varbinds, (str, bytes)) or not isinstance(varbinds, Iterable):
        raise ArgumentTypeError(
            "varbinds are a list of (oid, value) pairs, or a dict {oid: value}; "
            f"not {reprlib.repr(varbinds)}"
        )
    items = list(varbinds.items() if isinstance(varbinds, Mapping) else varbinds)
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ConfigurationError(
                f"varbinds are (oid, value) pairs, or a dict {{oid: value}}; not {item!r}"
            )
    return items


def _triples(varbinds: Iterable[OutVarbind]) -> list[tuple[str, int, object]]:
    out: list[tuple[str, int, object]] = []
    for oid, value in varbinds:
        typed = to_typed(value)
        out.append((oid, int(typed.tag), typed.value))
    return out


def _v2_varbinds(
    trap_oid: str, uptime: int | None, varbinds: Iterable[OutVarbind]
) -> list[tuple[str, int, object]]:
    return [
        (SYS_UPTIME, int(Tag.TIMETICKS), _uptime() if uptime is None else uptime),
        (SNMP_TRAP_OID, int(Tag.OBJECT_IDENTIFIER), core.parse_oid(trap_oid)),
        *_triples(varbinds),
    ]


def _v1_trap(
    community: bytes,
    trap: str | tuple[str, int, int],
    uptime: int | None,
    varbinds: Iterable[OutVarbind],
    agent_addr: str,
) -> bytes:
    """An SNMPv1 Trap-PDU message: `trap` is a trap OID (RFC 3584 3.2), or the PDU's
    enterprise, generic-trap and specific-trap, sent as they are with the varbinds."""
    triples = _triples(varbinds)
    if any(tag == Tag.COUNTER64 for _, tag, _ in triples):
        raise EncodeError("an SNMPv1 trap cannot carry Counter64 values")
    if isinstance(trap, tuple):
        enterprise, generic, specific = trap
    else:
        enterprise, generic, specific = _rfc3584_fields(core.parse_oid(trap), triples)
        triples = [t for t in triples if t[0].lstrip(".") != SNMP_TRAP_ENTERPRISE]
    stamp = _uptime() if uptime is None else uptime
    data: bytes = core.encode_trap_v1(
        community, enterprise, agent_addr, generic, specific, stamp, triples
    )
    return data


def _rfc3584_fields(trap_oid: str, triples: list[tuple[str, int, object]]) -> tuple[str, int, int]:
    """A trap OID's enterprise, generic-trap and specific-trap (RFC 3584 3.2)."""
    arcs = trap_oid.split(".")
    parent, last = ".".join(arcs[:-1]), int(arcs[-1])
    if parent == SNMP_TRAPS and 1 <= last <= 6:
        given = [value for oid, _, value in triples if oid.lstrip(".") == SNMP_TRAP_ENTERPRISE]
        return (str(given[0]) if given else SNMP_TRAPS), last - 1, 0
    enterprise = ".".join(arcs[:-2]) if len(arcs) > 2 and arcs[-2] == "0" else parent
    if "." not in enterprise:
        raise EncodeError(
            f"trap OID {trap_oid} leaves no SNMPv1 enterprise OID (RFC 3584 3.2: the "
            "trap OID less its last arc, or two when the one before is 0): send it as v2c"
        )
    return enterprise, 6, last


def v1_fields(
    trap_oid: str | None,
    fields: tuple[str | None, int | None, int | None],
    version: SnmpVersion,
    mib: Mib | None,
) -> str | tuple[str, int, int]:
    """`send_trap`'s trap: its trap OID, or a v1 trap's enterprise, generic-trap and
    specific-trap given in its place (the enterprise resolved with `mib`), checked.

    Raises:
        ConfigurationError: neither or both, only some of the fields, fields for v2c or v3,
            a trap number that is no int from -2^31 to 2^31-1.
        UnknownNameError: with `mib`, an enterprise it does not know.
    """
    enterprise, generic, specific = fields
    if fields == (None, None, None):
        if trap_oid is None:
            raise ConfigurationError(
                "a trap needs trap_oid (or, SNMPv1, enterprise, generic_trap and specific_trap)"
            )
        return trap_oid
    if version != SnmpVersion.v1:
        raise ConfigurationError(
            "enterprise, generic_trap and specific_trap are an SNMPv1 Trap-PDU's: "
            "version=SnmpVersion.v1, or give trap_oid"
        )
    if trap_oid is not None or enterprise is None or generic is None or specific is None:
        raise ConfigurationError(
            "an SNMPv1 trap is a trap_oid, or enterprise, generic_trap and specific_trap "
            "all given (sent as they are), not both"
        )
    check_setting("generic_trap", generic, -(2**31))
    check_setting("specific_trap", specific, -(2**31))
    if not isinstance(enterprise, str):
        raise not_an_oid(enterprise)
    if mib is None:
        refuse_name(enterprise, "give the notification mib=anysnmp.Mib.load()")
        return str(core.parse_oid(enterprise)), generic, specific
    return mib.oid(enterprise), generic, specific


#: Where a trap sender's default engine time counts from (2020-01-01 UTC): seconds of the
#: system clock, so that each run of a program sending from a fixed engine id goes on
#: from the time of the last, as receivers require (RFC 3414 3.2 7b: no more than 150 s back).
TRAP_ENGINE_EPOCH = 1577836800


def _engine_time() -> int:
    """The trap originator's default engine time: seconds since `TRAP_ENGINE_EPOCH`."""
    return max(0, int(time.time()) - TRAP_ENGINE_EPOCH) % 2**31


def _trap_v3(
    user: User,
    engine_id: bytes | None,
    engine_boots: int,
    engine_time: int | None,
    context: tuple[bytes, bytes],
    varbinds: list[tuple[str, int, object]],
) -> bytes:
    """An SNMPv3 SNMPv2-Trap from this process's engine (authoritative for its traps)."""
    engine = LocalEngine(
        [user],
        engine_id=_ENGINE_ID if engine_id is None else engine_id,
        boots=engine_boots,
        time=_engine_time() if engine_time is None else engine_time,
    )
    level = LEVEL_FLAGS[user.security_level]
    context_name, context_engine_id = context
    state = (
        secrets.randbits(31),
        level,
        user.name.encode(),
        context_engine_id or engine.engine_id,
        context_name,
    )
    data: bytes = engine.encode(
        *state, PduType.TRAP_V2, secrets.randbits(31), 0, 0, core.encode_varbinds(varbinds)
    )
    return data


def trap_message(
    trap_oid: str | None,
    varbinds: OutVarbinds,
    uptime: int | None,
    *,
    version: SnmpVersion | None,
    community: str | bytes,
    user: User | None,
    engine: tuple[bytes | None, int, int | None],
    context: tuple[bytes, bytes],
    agent_addr: str,
    mib: Mib | None,
    v1: tuple[str | None, int | None, int | None] = (None, None, None),
) -> Callable[[], bytes]:
    """The encoder of `send_trap`'s message; `engine` is v3's (engine id, boots, time), `v1`
    a v1 trap's enterprise, generic-trap and specific-trap in place of `trap_oid`.

    The arguments are checked now (names resolved with `mib`). An SNMPv3 user's keys are localized to the
    sending engine when it is called (milliseconds with a password: the async
    sender calls it in a worker thread).
    """
    if version is None and v1 != (None, None, None):
        version = SnmpVersion.v1  # what those fields are
    version = _version(version, user)
    check_context_version(version, context)
    check_engine_version(version, engine_id=engine[0], engine_time=engine[2])
    secret = octets("community", community)
    _check_uptime(uptime)
    trap = v1_fields(trap_oid, v1, version, mib)
    if isinstance(trap, tuple):
        _, varbinds = named(mib, trap[0], varbinds)  # its enterprise is resolved
        return partial(_v1_trap, secret, trap, uptime, varbinds, agent_addr)
    trap_oid, varbinds = named(mib, trap, varbinds)
    if version == SnmpVersion.v1:
        return partial(_v1_trap, secret, trap_oid, uptime, varbinds, agent_addr)
    triples = _v2_varbinds(trap_oid, uptime, varbinds)
    if version == SnmpVersion.v3:
        assert user is not None
        return partial(_trap_v3, user, *engine, context, triples)
    data: bytes = core.encode_message(
        1, secret, PduType.TRAP_V2, secrets.randbits(31), 0, 0, triples
    )
    return lambda: data


async def send_trap(
    host: str,
    port: int = 162,
    *,
    trap_oid: str | None = None,
    varbinds: OutVarbinds = (),
    community: str | bytes = "public",
    version: SnmpVersion | None = None,
    user: User | None = None,
    engine_id: bytes | None = None,
    engine_boots: int = 1,
    engine_time: int | None = None,
    context_name: bytes | str = b"",
    context_engine_id: bytes | None = None,
    uptime: int | None = None,
    agent_addr: str = "0.0.0.0",
    local_addr: Address | None = None,
    transport: str = "udp",
    mib: Mib | None = None,
    enterprise: str | None = None,
    generic_trap: int | None = None,
    specific_trap: int | None = None,
) -> None:
    """Sends a trap: an SNMPv2-Trap-PDU (v2c, v3), or an SNMPv1 Trap-PDU (v1).

    Args:
        host: the notification receiver.
        port: its port.
        trap_oid: snmpTrapOID.0, such as ``1.3.6.1.6.3.1.1.5.3`` (linkDown);
            for v1 converted to enterprise/generic/specific (RFC 3584 3.2). A v1
            trap may instead give `enterprise`, `generic_trap` and `specific_trap`.
        varbinds: ``(oid, value)`` pairs (or a dict) after sysUpTime.0 and snmpTrapOID.0.
        community: the community (v1, v2c).
        version: ``SnmpVersion.v1``, ``v2c`` or ``v3``; None: v3 with a user, else v2c.
        user: the SNMPv3 user; the trap goes out at its security level.
        engine_id: v3: the sending engine's id (the receiver localizes the
            user's keys with it); default: one generated per process.
        engine_boots: v3: the sending engine's boots.
        engine_time: v3: the sending engine's time in seconds. By default the
            seconds since 2020-01-01 by the system clock, so traps from a fixed
            `engine_id` keep moving forward from run to run, as receivers such
            as snmptrapd require (they drop an engine's messages whose boots
            went down, or whose time went back more than 150 s).
        context_name: v3: the contextName (at most 32 octets; str in UTF-8);
            with v1/v2c, which have no context, `ConfigurationError`, as for `SnmpSession`.
        context_engine_id: v3: the contextEngineID (the sending engine's id when None).
        uptime: sysUpTime.0 in hundredths of a second; default: time since
            anysnmp's notification layer was imported.
        agent_addr: v1 only: the Trap-PDU's agent-addr.
        local_addr: UDP: the address to send from.
        transport: "udp", or "tcp" (RFC 3430): the trap goes out on a
            connection opened for it and closed after it, within 10 s.
        mib: MIBs (`anysnmp.Mib`) to take names for `trap_oid` and the
            varbinds' OIDs (``"IF-MIB::linkDown"``, ``"ifIndex.1"``); a plain
            value then takes its object's MIB type, as in `MibView`.
        enterprise: v1, in place of `trap_oid`, with the two below: the
            Trap-PDU's enterprise (a name with `mib`).
        generic_trap: its generic-trap, sent as it is (any int of 32 bits, as
            snmptrap sends any: ``generic_trap=0, specific_trap=17``).
        specific_trap: its specific-trap, sent as it is; the varbinds go as
            given. `version` defaults to v1 with these three.

    Raises:
        UnknownNameError: with `mib`, a name it does not know (nothing is sent).
        ConfigurationError: port 0 (`PortZeroError`), or arguments that cannot work.
        TimeoutError: TCP: no connection, or the trap not all sent, within 10 s.
        NetworkError: TCP: the connection is refused or breaks.
    """
    check_peer_port(port, "receiver", 162)
    encode = trap_message(
        trap_oid,
        varbinds,
        uptime,
        version=version,
        community=community,
        user=user,
        engine=(engine_id, engine_boots, engine_time),
        context=scoped_context(context_name, context_engine_id),
        agent_addr=agent_addr,
        mib=mib,
        v1=(enterprise, generic_trap, specific_trap),
    )
    data = encode() if user is None else await anyio.to_thread.run_sync(encode)
    endpoint, addr = await open_transport(transport, host, port, local_addr)
    try:
        await endpoint.send(data, addr)
    finally:
        await endpoint.__aexit__(None, None, None)


def _version(version: SnmpVersion | None, user: User | None) -> SnmpVersion:
    if version is None:
        return SnmpVersion.v3 if user is not None else SnmpVersion.v2c
    if (version == SnmpVersion.v3) != (user is not None):
        raise ConfigurationError("SNMPv3 notifications need user=User(...), and only they take one")
    return snmp_version(version)


S = TypeVar("S")
M = TypeVar("M")


def inform_request(
    session_type: Callable[..., S],
    manager_type: Callable[..., M],
    host: str,
    port: int,
    *,
    notification: tuple[str, OutVarbinds, int | None],
    version: SnmpVersion | None,
    user: User | None,
    local_addr: Address | None,
    transport: str,
    mib: Mib | None,
    **options: Any,
) -> tuple[S, M | None, list[tuple[str, int, object]]]:
    """The (unopened) session that sends `send_inform`'s InformRequest, its manager, its varbinds.

    `notification` is (trap OID, varbinds, uptime), with names when `mib` is given.

    An inform is a request to an authoritative receiver, like a GET to an agent:
    a session of `session_type` (async or blocking, with `options`) runs it, with
    its retries, and for v3 its discovery of the receiver's engine and resync. A
    `local_addr` is bound by a manager of `manager_type` the session sends through.

    Raises:
        ConfigurationError: an SNMPv1 inform, port 0, or `local_addr` over TCP.
    """
    check_peer_port(port, "receiver", 162)
    version = _version(version, user)
    if version == SnmpVersion.v1:
        raise ConfigurationError("informs are SNMP v2c or v3")
    check_transport(transport, local_addr)
    if user is not None and options.get("context_engine_id") is None:
        options["context_engine_id"] = _ENGINE_ID  # RFC 3413 3.2: the originator's
    manager = None if local_addr is None else manager_type(local_addr, recv_buffer=0)
    session = session_type(
        host, port, version=version, user=user, manager=manager, transport=transport, **options
    )
    trap_oid, varbinds, uptime = notification
    _check_uptime(uptime)
    trap_oid, varbinds = named(mib, trap_oid, varbinds)
    return session, manager, _v2_varbinds(trap_oid, uptime, varbinds)


async def send_inform(
    host: str,
    port: int = 162,
    *,
    trap_oid: str,
    varbinds: OutVarbinds = (),
    community: str | bytes = "public",
    version: SnmpVersion | None = None,
    user: User | None = None,
    context_name: bytes | str = b"",
    context_engine_id: bytes | None = None,
    engine_id: bytes | None = None,
    engine_boots: int | None = None,
    engine_time: int | None = None,
    uptime: int | None = None,
    timeout: float = 5.0,
    retries: int = 1,
    local_addr: Address | None = None,
    transport: str = "udp",
    mib: Mib | None = None,
) -> None:
    """Sends an InformRequest (v2c or v3) and waits for its acknowledgement.

    The inform is a request like a GET, run by an `SnmpSession` to the
    receiver: each of the ``1 + retries`` attempts waits ``timeout`` seconds
    for the Response with its request-id (v3: msgID); any Response, whatever
    its error-status, acknowledges it. SNMPv3 first discovers
    the receiver's engine (it is authoritative for informs) and
    resynchronizes once on a notInTimeWindow Report. Its `context_name` and
    `context_engine_id` (the sending engine's id when None, as for a trap: RFC 3413
    3.2, and snmpinform's) are as for `send_trap`; `local_addr` (UDP), `transport`
    and `mib` (names) too.
    `engine_id`, `engine_boots` and `engine_time` are the receiver's, as for an
    `SnmpSession`'s agent: with `engine_id` nothing is discovered (snmpinform's
    ``-e``), and the boots and time replace those discovered (``-Z``).

    Raises:
        TimeoutError: no acknowledgement after every retry.
        AuthError: v3: the receiver reported a USM error (unknown user,
            wrong digest...).
        ConfigurationError: an SNMPv1 inform (informs are v2c or v3), or port 0.
        UnknownNameError: with `mib`, a name it does not know (nothing is sent).
    """
    session, manager, triples = inform_request(
        SnmpSession,
        Manager,
        host,
        port,
        notification=(trap_oid, varbinds, uptime),
        community=community,
        version=version,
        user=user,
        context_name=context_name,
        context_engine_id=context_engine_id,
        engine_id=engine_id,
        engine_boots=engine_boots,
        engine_time=engine_time,
        timeout=timeout,
        retries=retries,
        local_addr=local_addr,
        transport=transport,
        mib=mib,
    )
    async with AsyncExitStack() as stack:
        if manager is not None:
            await stack.enter_async_context(manager)
        await stack.enter_async_context(session)
        with suppress(ErrorStatusError):  # any Response acknowledges, as for snmpinform
            await session.request(PduType.INFORM, triples)
