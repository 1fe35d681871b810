"""Values as buggy devices send them, and how Net-SNMP 5.9 reads each (found by experiment).

`PRINTED`: values Net-SNMP's tools print (a wrong length, integers past their type's
range, RFC 1442's types...), with the value our sessions return. `REJECTED`: values for
which Net-SNMP drops the whole response (its tools time out). `AT_MIB_OBJECTS`: some of
them at objects of the test MIB set, printed through the MIB's types.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ber import integer, oid, tlv

from anysnmp import User
from anysnmp.lowlevel import LocalEngine, PduType, SmiException

#: Where `PRINTED` and `REJECTED` values are served: BASE.N.0.
BASE = "1.3.6.1.4.1.99"
SNMP_TRAP_OID = "1.3.6.1.6.3.1.1.4.1.0"
COLD_START = "1.3.6.1.6.3.1.1.5.1"

#: Encoded value (hex) -> (tag, value) as a session returns it.
PRINTED: dict[str, tuple[int, Any]] = {
    "4106000000000001": (0x41, 1),  # Counter32: up to 8 octets...
    "41080100000002000000": (0x41, 0x02000000),  # ...of which the low 32 bits count
    "410900ffffffff00000001": (0x41, 1),  # or 9 with a leading 00
    "42050100000000": (0x42, 0),
    "4306000000000064": (0x43, 100),
    "4701ff": (0x47, 255),  # UInteger32
    "4709000000000000000001": (0x47, 1),
    "02050100000001": (0x02, 1),  # an INTEGER past Integer32: its low 32 bits
    "02050080000000": (0x02, 2**31),
    "0205ff7fffffff": (0x02, -(2**31 - 1)),  # below: minus its low 32 bits
    "0208ffffffff00000001": (0x02, -1),
    "02020001": (0x02, 1),
    "4600": (0x46, 0),  # an empty Counter64
    "0600": (0x06, "0"),  # an empty OID
    "06032b8001": (0x06, "1.3.1"),  # a non-minimal subidentifier
    "06058fffffff7f": (0x06, "2.4294967215"),
    "0501ff": (0x05, None),  # NULL with content
    "44029f78": (0x44, b"\x9f\x78"),  # too short for an Opaque-wrapped type: an Opaque
    "44049f770105": (0x44, b"\x9f\x77\x01\x05"),  # 9f 77: no such type
    "44059f7a810105": (0x44, b"\x9f\x7a\x81\x01\x05"),  # Int64 5, a long-form length
    "450401020304": (0x45, b"\x01\x02\x03\x04"),  # NsapAddress
    "4500": (0x45, b""),
    "03020001": (0x03, b"\x00\x01"),  # BIT STRING
    "03030580ff": (0x03, b"\x05\x80\xff"),
    "030100": (0x03, b"\x00"),
}

#: Exception values with content (Net-SNMP ignores it): hex -> the sentinel.
EXCEPTIONS: dict[str, SmiException] = {
    "8001ff": SmiException.NO_SUCH_OBJECT,
    "810100": SmiException.NO_SUCH_INSTANCE,
    "8202ffff": SmiException.END_OF_MIB_VIEW,
}

#: Values for which Net-SNMP drops the whole response (and anysnmp too).
REJECTED = (
    "4000",  # IpAddress of 0, 1, 3, 5 and 16 octets
    "4001ff",
    "4003010203",
    "400501020304ff",
    "4010" + "01" * 16,
    "4100",  # empty unsigned integers
    "4700",
    "4109010000000000000001",  # past 64 bits
    "460a0000000000000000000001",
    "0200",
    "02090000000000000000ff",
    "06059080808000",  # first subidentifier 2^32
    "06072b069080808000",  # arc 2^32
    "0300",
    "4901ff",  # tags no SMI has
    "8300",
    "a000",
    "0c024142",
    "44069f78043fc000",  # Opaque-wrapped floats: cut short, of 2 octets, of none...
    "44059f78023fc0",
    "44039f7800",
    "44089f78043fc00000ff",  # ...or with an octet after
    "44079f79043fc00000",  # a double of 4 octets
    "440d9f7a0a01010101010101010101",  # a 64-bit integer of 10 octets, of 9 not led by
    "440c9f7b0901ffffffffffffffff",  # a zero, or with an octet after
    "44059f7a01050a",
)


def printed_view() -> dict[str, bytes]:
    """`PRINTED` served at BASE.1.0, BASE.2.0..."""
    return {f"{BASE}.{i}.0": bytes.fromhex(h) for i, h in enumerate(PRINTED, 1)}


#: At objects of the test MIB set: (OID, encoded value hex).
AT_MIB_OBJECTS = {
    "1.3.6.1.2.1.1.1.0": "0501ff",  # sysDescr: NULL with content
    "1.3.6.1.2.1.1.2.0": "0600",  # sysObjectID: empty OID
    "1.3.6.1.2.1.1.3.0": "4306000000000064",  # sysUpTime
    "1.3.6.1.2.1.1.4.0": "450401020304",  # sysContact: NsapAddress
    "1.3.6.1.2.1.1.5.0": "03020001",  # sysName: BIT STRING
    "1.3.6.1.2.1.1.6.0": "06032b8001",
    "1.3.6.1.2.1.2.2.1.1.1": "02050100000001",  # ifIndex
    "1.3.6.1.2.1.2.2.1.5.1": "4206000000000001",  # ifSpeed
    "1.3.6.1.2.1.2.2.1.5.2": "4701ff",
    "1.3.6.1.2.1.2.2.1.7.1": "02050100000002",  # ifAdminStatus: down(2)
    "1.3.6.1.2.1.2.2.1.7.2": "0205ff7ffffffe",
    "1.3.6.1.2.1.2.2.1.10.1": "41080100000002000000",  # ifInOctets
    "1.3.6.1.2.1.2.2.1.10.2": "4709000000000000000001",
    "1.3.6.1.2.1.31.1.1.1.6.1": "4600",  # ifHCInOctets
    "1.3.6.1.2.1.88.1.2.2.1.4.1.97.1.98": "0301e0",  # mteTriggerTest (BITS): labels
    "1.3.6.1.2.1.88.1.2.2.1.4.1.97.1.99": "03020001",
}


# --- the same values in notifications (snmptrapd reads them as snmpget does) ----------

#: The v3 notifications' user (noAuthNoPriv) and their sender's engine id.
V3_USER = "noauth"
V3_ENGINE = bytes.fromhex("8000000001020304ee")
#: What an SNMPv2 notification's varbinds start with: sysUpTime.0 (5), snmpTrapOID.0.
_TRAP_PREFIX = (oid("1.3.6.1.2.1.1.3.0") + tlv(0x43, b"\x05"), oid(SNMP_TRAP_OID) + oid(COLD_START))


def _varbinds(
    values: Iterable[str], prefix: Iterable[bytes] = (), oids: Iterable[str] | None = None
) -> bytes:
    """A SEQUENCE OF varbinds: `prefix`'s, then each value (hex) at `oids` (by default
    BASE.1.0, BASE.2.0...)."""
    values = list(values)
    at = oids or [f"{BASE}.{i}.0" for i in range(1, len(values) + 1)]
    items = [*prefix, *(oid(o) + bytes.fromhex(h) for o, h in zip(at, values, strict=True))]
    return tlv(0x30, b"".join(tlv(0x30, item) for item in items))


def v1_trap(values: Iterable[str]) -> bytes:
    """An SNMPv1 Trap-PDU (community public, enterprise BASE, specific 3) of `values`."""
    fields = (
        oid(BASE) + tlv(0x40, b"\x0a\x00\x00\x01") + integer(6) + integer(3) + tlv(0x43, b"\x05")
    )
    pdu = tlv(PduType.TRAP_V1, fields + _varbinds(values))
    return tlv(0x30, integer(0) + tlv(0x04, b"public") + pdu)


def _v2_pdu(
    values: Iterable[str], inform: bool, oids: Iterable[str] | None = None
) -> tuple[int, bytes]:
    return PduType.INFORM if inform else PduType.TRAP_V2, _varbinds(values, _TRAP_PREFIX, oids)


def v2c_notification(
    values: Iterable[str], inform: bool = False, oids: Iterable[str] | None = None
) -> bytes:
    """An SNMPv2-Trap (or InformRequest), community public: sysUpTime.0 5, coldStart,
    `values` (at `oids`, by default BASE.N.0)."""
    pdu_type, varbinds = _v2_pdu(values, inform, oids)
    pdu = tlv(pdu_type, integer(7) + integer(0) + integer(0) + varbinds)
    return tlv(0x30, integer(1) + tlv(0x04, b"public") + pdu)


def v3_trap(values: Iterable[str]) -> bytes:
    """`v2c_notification`'s trap as SNMPv3, from `V3_USER` at engine `V3_ENGINE`."""
    engine = LocalEngine([User(V3_USER)], engine_id=V3_ENGINE, boots=1, time=10)
    pdu_type, varbinds = _v2_pdu(values, False)
    content = varbinds[2:] if varbinds[1] < 0x80 else varbinds[2 + (varbinds[1] & 0x7F) :]
    state = (1, 0, V3_USER.encode(), V3_ENGINE, b"")
    message: bytes = engine.encode(*state, pdu_type, 7, 0, 0, content)
    return message
