"""SNMP versions, SMI tags, exception values and typed SMI values."""

from __future__ import annotations

import enum
import reprlib
from typing import ClassVar

from . import _core
from ._errors import ArgumentTypeError, ConfigurationError, DecodeError, EncodeError, not_an_oid
from ._frozen import frozen
from ._registry import check_enum, numbers

__all__ = (
    "Counter32",
    "Counter64",
    "EndOfMibView",
    "Gauge32",
    "Integer",
    "IpAddress",
    "NoSuchInstanceValue",
    "NoSuchObject",
    "Null",
    "ObjectIdentifier",
    "OctetString",
    "Opaque",
    "ReceivedValue",
    "SmiException",
    "SnmpVersion",
    "Tag",
    "TimeTicks",
    "TypedValue",
    "Value",
)


#: How a typed value's ``__init__`` sets its one field (they are immutable).
_set = object.__setattr__


def snmp_version(value: object) -> SnmpVersion:
    """`value` as an `SnmpVersion`: a member, or the number of v1 (0) or v3 (3) as encoded.

    A plain 1 is refused: encoded, it is v2c, but Net-SNMP's ``-v 1`` is SNMPv1.

    Raises:
        ConfigurationError: `value` is 1, or no version.
    """
    if isinstance(value, SnmpVersion):
        return value
    if type(value) is int and value in (SnmpVersion.v1, SnmpVersion.v3):
        return SnmpVersion(value)
    if type(value) is int and value == SnmpVersion.v2c:
        raise ConfigurationError(
            "SNMP version 1 is ambiguous: SNMPv1 for Net-SNMP's -v 1, v2c as encoded in a "
            "message: give anysnmp.SnmpVersion.v1 or anysnmp.SnmpVersion.v2c"
        )
    raise ConfigurationError(
        f"SNMP version {value!r} is not v1 (0), v2c or v3 (3): "
        "give anysnmp.SnmpVersion.v1, .v2c or .v3"
    )


def octets(name: str, value: object) -> bytes:
    """`value` (a str, in UTF-8, or bytes-like) as bytes; `ConfigurationError` naming `name`
    (of another type, or a str of no UTF-8: a lone surrogate)."""
    if isinstance(value, str):
        try:
            return value.encode()
        except UnicodeEncodeError as exc:
            raise ConfigurationError(
                f"{name} {reprlib.repr(value)} is no UTF-8 text ({exc.reason}): give bytes"
            ) from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise ConfigurationError(f"{name} must be a str or bytes, not {type(value).__name__}")


def engine_id_octets(value: object, when_none: str) -> bytes:
    """An SNMPv3 engine id given by the caller, as bytes (RFC 3411: 5 to 32 octets).

    `when_none` says what ``engine_id=None`` does, for the error's hint.
    """
    if isinstance(value, str):
        raise ConfigurationError(
            f"engine_id is bytes, not str: bytes.fromhex({value!r}) if it is hex text"
        )
    engine_id = octets("engine_id", value)
    if not 5 <= len(engine_id) <= 32:
        raise ConfigurationError(
            f"an SNMPv3 engine id has 5 to 32 octets, not {len(engine_id)} "
            f"(engine_id=None {when_none})"
        )
    return engine_id


class SnmpVersion(enum.IntEnum):
    """Protocol version, as encoded in the message."""

    v1 = 0
    v2c = 1
    v3 = 3


_TAGS = numbers("Tag", _core.smi_tags())
_SMI_NAMES = {value: smi_name for _, value, smi_name in _core.smi_tags()}


class Tag(enum.IntEnum):
    """BER tags of the SMI value types (numbers from the C++ core's registry)."""

    INTEGER = _TAGS["INTEGER"]
    #: Read only (RFC 1442's; old devices send it): ``bytes``, its octets as sent.
    BIT_STRING = _TAGS["BIT_STRING"]
    OCTET_STRING = _TAGS["OCTET_STRING"]
    NULL = _TAGS["NULL"]
    OBJECT_IDENTIFIER = _TAGS["OBJECT_IDENTIFIER"]
    IP_ADDRESS = _TAGS["IP_ADDRESS"]
    COUNTER32 = _TAGS["COUNTER32"]
    GAUGE32 = _TAGS["GAUGE32"]
    TIMETICKS = _TAGS["TIMETICKS"]
    OPAQUE = _TAGS["OPAQUE"]
    #: Read only (RFC 1442's): ``bytes``.
    NSAP_ADDRESS = _TAGS["NSAP_ADDRESS"]
    COUNTER64 = _TAGS["COUNTER64"]
    #: Read only (RFC 1442's): ``int``, as a Gauge32's.
    UINTEGER32 = _TAGS["UINTEGER32"]
    NO_SUCH_OBJECT = _TAGS["NO_SUCH_OBJECT"]
    NO_SUCH_INSTANCE = _TAGS["NO_SUCH_INSTANCE"]
    END_OF_MIB_VIEW = _TAGS["END_OF_MIB_VIEW"]

    @property
    def smi_name(self) -> str:
        """The SMI name: ``OBJECT IDENTIFIER``, ``Counter64``, ``noSuchInstance``..."""
        return _SMI_NAMES[self]


check_enum(Tag, _TAGS)


class SmiException(enum.Enum):
    """The v2 exception values an agent returns in place of a value."""

    NO_SUCH_OBJECT = Tag.NO_SUCH_OBJECT
    NO_SUCH_INSTANCE = Tag.NO_SUCH_INSTANCE
    END_OF_MIB_VIEW = Tag.END_OF_MIB_VIEW

    def __repr__(self) -> str:
        return f"<{self.name}>"


NoSuchObject = SmiException.NO_SUCH_OBJECT
NoSuchInstanceValue = SmiException.NO_SUCH_INSTANCE
EndOfMibView = SmiException.END_OF_MIB_VIEW

#: A plain decoded value, as gufo_snmp returns them.
Value = int | bytes | str | None | SmiException


def _int_in_range(owner: str, value: int, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"value must be an int, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise EncodeError(f"{owner} value {value} is out of range {lo}..{hi}")
    return value


#: The longest OCTET STRING or Opaque the core encodes (no SNMP message holds more).
_MAX_OCTETS = 65535


def _to_bytes(owner: str, value: bytes | bytearray | str) -> bytes:
    if isinstance(value, str):
        try:
            octets = value.encode()
        except UnicodeEncodeError as exc:  # a lone surrogate
            raise EncodeError(
                f"{owner}: {reprlib.repr(value)} is no UTF-8 text ({exc.reason}): give bytes"
            ) from None
    elif isinstance(value, (bytes, bytearray)):
        octets = bytes(value)
    else:
        raise ArgumentTypeError(f"expected bytes or str, not {type(value).__name__}")
    if len(octets) > _MAX_OCTETS:
        raise EncodeError(f"{owner} of {len(octets)} octets: at most {_MAX_OCTETS}")
    return octets


def _oid_text(value: object) -> str:
    """The OID as the core's parser checks and writes it (`EncodeError` with the reason;
    for no str, `not_an_oid`'s: arcs as ints shown written as text)."""
    if not isinstance(value, str):
        raise not_an_oid(value)
    from ._codec import core  # registers the core's errors (EncodeError); _codec imports us

    text: str = core.parse_oid(value)
    return text


def _ipv4_text(value: str | bytes | int) -> str:
    import ipaddress

    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError as exc:
        raise EncodeError(f"IpAddress {value!r}: {exc}") from None


@frozen("value")
class Integer:
    """INTEGER / Integer32."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.INTEGER
    value: int

    def __init__(self, value: int) -> None:
        _set(self, "value", _int_in_range("Integer", value, -(2**31), 2**31 - 1))


@frozen("value")
class OctetString:
    """OCTET STRING; a str is stored UTF-8 encoded. Longer than 65535 octets, or a str that is
    no UTF-8 text (a lone surrogate): EncodeError."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.OCTET_STRING
    value: bytes

    def __init__(self, value: bytes | bytearray | str) -> None:
        _set(self, "value", _to_bytes("OctetString", value))


@frozen("value")
class Opaque:
    """Opaque (BER-wrapped arbitrary octets). Longer than 65535 octets: EncodeError."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.OPAQUE
    value: bytes

    def __init__(self, value: bytes | bytearray | str) -> None:
        _set(self, "value", _to_bytes("Opaque", value))


@frozen()
class Null:
    """NULL."""

    __slots__ = ()
    tag: ClassVar[Tag] = Tag.NULL

    @property
    def value(self) -> None:
        return None


@frozen("value")
class ObjectIdentifier:
    """OBJECT IDENTIFIER, dotted text without a leading dot."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.OBJECT_IDENTIFIER
    value: str

    def __init__(self, value: object) -> None:
        _set(self, "value", _oid_text(value))


@frozen("value")
class IpAddress:
    """IpAddress (IPv4 only, as in SMIv2)."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.IP_ADDRESS
    value: str

    def __init__(self, value: str | bytes | int) -> None:
        _set(self, "value", _ipv4_text(value))


@frozen("value")
class Counter32:
    """Counter32."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.COUNTER32
    value: int

    def __init__(self, value: int) -> None:
        _set(self, "value", _int_in_range("Counter32", value, 0, 2**32 - 1))


@frozen("value")
class Gauge32:
    """Gauge32 / Unsigned32."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.GAUGE32
    value: int

    def __init__(self, value: int) -> None:
        _set(self, "value", _int_in_range("Gauge32", value, 0, 2**32 - 1))


@frozen("value")
class TimeTicks:
    """TimeTicks: hundredths of a second."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.TIMETICKS
    value: int

    def __init__(self, value: int) -> None:
        _set(self, "value", _int_in_range("TimeTicks", value, 0, 2**32 - 1))


@frozen("value")
class Counter64:
    """Counter64."""

    __slots__ = ("value",)
    tag: ClassVar[Tag] = Tag.COUNTER64
    value: int

    def __init__(self, value: int) -> None:
        _set(self, "value", _int_in_range("Counter64", value, 0, 2**64 - 1))


TypedValue = (
    Integer
    | OctetString
    | Opaque
    | Null
    | ObjectIdentifier
    | IpAddress
    | Counter32
    | Gauge32
    | TimeTicks
    | Counter64
)

_TYPED_BY_TAG: dict[int, type[TypedValue]] = {
    cls.tag: cls
    for cls in (
        Integer,
        OctetString,
        Opaque,
        Null,
        ObjectIdentifier,
        IpAddress,
        Counter32,
        Gauge32,
        TimeTicks,
        Counter64,
    )
}


def typed_value(tag: int, value: Value) -> TypedValue | SmiException:
    """The typed value of a decoded ``(tag, value)`` pair.

    Raises:
        DecodeError: a type that is read but has no typed value (RFC 1442's BIT STRING,
            NsapAddress and UInteger32).
    """
    if tag >= Tag.NO_SUCH_OBJECT:
        return SmiException(tag)
    cls = _TYPED_BY_TAG.get(tag)
    if cls is None:
        name = _SMI_NAMES.get(tag, f"tag {tag:#04x}")
        raise DecodeError(f"a {name} value has no typed value (anysnmp reads it, never sends it)")
    return Null() if cls is Null else cls(value)  # type: ignore[call-arg, arg-type]


@frozen("tag", "value")
class ReceivedValue:
    """A value received as Net-SNMP reads it that no typed value holds (never sent).

    RFC 1442's UInteger32 (``int``), NsapAddress and BIT STRING (``bytes``, as sent),
    an INTEGER past Integer32 that Net-SNMP keeps (``2**31`` from ``02 05 00 80 00 00 00``),
    the empty OID (``"0"``). A `NotificationReceiver`'s notifications carry them.
    """

    __slots__ = ("tag", "value")
    tag: Tag
    value: Value

    def __init__(self, tag: int, value: Value) -> None:
        _set(self, "tag", Tag(tag))
        _set(self, "value", value)


def received_value(tag: int, value: Value) -> TypedValue | SmiException | ReceivedValue:
    """`typed_value`, or a `ReceivedValue` for what Net-SNMP reads that no typed value holds."""
    try:
        return typed_value(tag, value)
    except (DecodeError, ValueError):
        return ReceivedValue(tag, value)


_TYPED_CLASSES = tuple(_TYPED_BY_TAG.values())


def to_typed(value: TypedValue | int | bytes | str) -> TypedValue:
    """Accepts a typed value, or a plain int (Integer) or bytes/str (OctetString)."""
    if isinstance(value, _TYPED_CLASSES):
        return value
    if isinstance(value, bool):
        raise ArgumentTypeError("bool is ambiguous as an SNMP value: use Integer(1) or Integer(2)")
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, (bytes, bytearray, str)):
        return OctetString(value)
    raise ArgumentTypeError(
        f"cannot send {type(value).__name__} as an SNMP value: use a typed value such as "
        "Integer, OctetString, Gauge32 or IpAddress"
    )
