"""The exception hierarchy (everything anysnmp raises derives from `SnmpError`) and error-statuses."""

from __future__ import annotations

import builtins
import enum
import math
import socket
from typing import cast

from . import _core
from ._registry import check_enum, numbers

__all__ = (
    "AddressError",
    "ArgumentTypeError",
    "AuthError",
    "ConfigurationError",
    "DecodeError",
    "DecryptionError",
    "EncodeError",
    "ErrorStatus",
    "ErrorStatusError",
    "FramingError",
    "MibError",
    "NetworkError",
    "NoSuchInstance",
    "NotInTimeWindowError",
    "OidNotIncreasingError",
    "RecordingError",
    "ResolutionError",
    "SnmpError",
    "TimeoutError",
    "UnknownEngineIdError",
    "UnknownNameError",
    "UnknownObjectError",
    "UnknownUserNameError",
    "UnsupportedSecurityLevelError",
    "UsageError",
    "WrongDigestError",
    "check_setting",
)

_STATUSES = numbers("ErrorStatus", _core.error_statuses())
_RFC_NAMES = {value: rfc_name for _, value, rfc_name in _core.error_statuses()}


class ErrorStatus(enum.IntEnum):
    """The error-status of a Response (RFC 3416; numbers from the C++ core's registry)."""

    NO_ERROR = _STATUSES["NO_ERROR"]
    TOO_BIG = _STATUSES["TOO_BIG"]
    NO_SUCH_NAME = _STATUSES["NO_SUCH_NAME"]
    BAD_VALUE = _STATUSES["BAD_VALUE"]
    READ_ONLY = _STATUSES["READ_ONLY"]
    GEN_ERR = _STATUSES["GEN_ERR"]
    NO_ACCESS = _STATUSES["NO_ACCESS"]
    WRONG_TYPE = _STATUSES["WRONG_TYPE"]
    WRONG_LENGTH = _STATUSES["WRONG_LENGTH"]
    WRONG_ENCODING = _STATUSES["WRONG_ENCODING"]
    WRONG_VALUE = _STATUSES["WRONG_VALUE"]
    NO_CREATION = _STATUSES["NO_CREATION"]
    INCONSISTENT_VALUE = _STATUSES["INCONSISTENT_VALUE"]
    RESOURCE_UNAVAILABLE = _STATUSES["RESOURCE_UNAVAILABLE"]
    COMMIT_FAILED = _STATUSES["COMMIT_FAILED"]
    UNDO_FAILED = _STATUSES["UNDO_FAILED"]
    AUTHORIZATION_ERROR = _STATUSES["AUTHORIZATION_ERROR"]
    NOT_WRITABLE = _STATUSES["NOT_WRITABLE"]
    INCONSISTENT_NAME = _STATUSES["INCONSISTENT_NAME"]

    @property
    def rfc_name(self) -> str:
        """The RFC 3416 name, such as ``notWritable``."""
        return _RFC_NAMES[self]


check_enum(ErrorStatus, _STATUSES)


class SnmpError(Exception):
    """Root of every error anysnmp raises."""


class DecodeError(SnmpError):
    """Octets that are not a well-formed SNMP message."""


class FramingError(DecodeError):
    """A byte stream (SNMP over TCP) that is not a sequence of SNMP messages within the limit."""


class EncodeError(SnmpError, ValueError):
    """A value or OID that cannot be encoded (bad syntax or out of range)."""


class MibError(SnmpError):
    """MIBs that cannot be loaded (no parser to compile them, a module not found...)."""


class UnknownNameError(MibError, ValueError):
    """A name or OID that the loaded MIBs do not know, or that is not well formed."""


class UnknownObjectError(UnknownNameError):
    """A name or OID that Net-SNMP's parser refuses: its message is Net-SNMP's line,
    ``TEXT: Unknown Object Identifier (REASON)`` (no reason: none in parentheses; an
    empty `message` when nothing set Net-SNMP's error number: only ``-Ib`` tried).

    Attributes:
        text: the name or OID as given.
        reason: Net-SNMP's reason (``Sub-id not found: (top) -> ifFoo``), or None.
    """

    def __init__(
        self, text: str, reason: str | None, message: str = "Unknown Object Identifier"
    ) -> None:
        line = f"{text}: {message}"
        super().__init__(line if reason is None else f"{line} ({reason})")
        self.text, self.reason = text, reason


class RecordingError(SnmpError, ValueError):
    """A record of a recording (snmprec file) that cannot be served; names its file and line."""


class RecordingFileError(RecordingError, OSError):
    """A recording file that cannot be read (missing, a folder, no permission): a
    `RecordingError` naming it, and still the `OSError` it was (``errno`` kept)."""

    def __init__(self, path: str, exc: OSError | ValueError) -> None:
        """Args:
        path: the file.
        exc: what opening or reading it raised (ValueError: a NUL in the path).
        """
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        super().__init__(f"{path}: cannot read the recording: {reason}")
        self.errno = exc.errno if isinstance(exc, OSError) else None
        self.strerror, self.filename = reason, path

    def __str__(self) -> str:
        return str(self.args[0])  # not OSError's "[Errno N] ..."


class TimeoutError(SnmpError, builtins.TimeoutError):
    """No valid answer within timeout, after every retry."""


class ConfigurationError(SnmpError, ValueError):
    """An argument that cannot be used: out of range, missing or contradictory.

    Also a `ValueError`, as raised before.
    """


class ArgumentTypeError(SnmpError, TypeError):
    """An argument of a type that cannot be used (a str where a list of OIDs goes...).

    Also a `TypeError`, as raised before; the message says what to give.
    """


class UsageError(SnmpError, RuntimeError):
    """An object used where it cannot work: a session or `Manager` outside its ``async with``.

    Also a `RuntimeError`, as raised before.
    """


class AddressError(ConfigurationError):
    """A transport address (Net-SNMP's ``tcp:host:port`` syntax) that cannot be used."""


class NetworkError(SnmpError, OSError):
    """A socket could not be opened, bound, connected or sent from.

    Also an `OSError`, with the failed call's ``errno`` and ``strerror``, so
    ``except OSError`` catches it as before.
    """


class ResolutionError(NetworkError, socket.gaierror):
    """A host name or address that does not resolve (``getaddrinfo`` failed).

    Also a `socket.gaierror` (an `OSError`), with its ``errno``.
    """


def network_error(exc: OSError, what: str) -> NetworkError:
    """`exc` (an OSError of a socket call) as a `NetworkError` saying what failed."""
    kind = ResolutionError if isinstance(exc, socket.gaierror) else NetworkError
    if exc.errno is None:
        return kind(f"{what}: {exc}")
    return kind(exc.errno, f"{what}: {exc.strerror}")


def check_setting(
    name: str, value: object, least: int, seconds: bool = False, most: int = 2**31 - 1
) -> None:
    """Raises `ConfigurationError` naming `name` unless `value` is an int from `least` to `most`.

    With `seconds`, a finite float too, and it must be above `least`.
    """
    kind = type(value)
    if (kind is int or (seconds and kind is float)) and (
        least < value <= most if seconds else least <= value <= most  # type: ignore[operator]
    ):
        return  # the common case, first: sessions are made by the thousand
    number = cast(float, value)
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float) if seconds else int)
        or not least <= number <= most  # NaN too
        or (seconds and (number == least or not math.isfinite(number)))
    ):
        if seconds and isinstance(value, float) and not math.isfinite(value):
            raise ConfigurationError(f"{name} must be a finite number of seconds, not {value!r}")
        if isinstance(value, (int, float)) and number > most:
            raise ConfigurationError(f"{name} must be at most {most}, not {value!r}")
        what = f"a number of seconds > {least}" if seconds else f"an int >= {least}"
        raise ConfigurationError(f"{name} must be {what}, not {value!r}")


def refuse_name(text: object, usage: str) -> None:
    """Raises `EncodeError` when `text` is a MIB name (``sysName.0``, ``IF-MIB::ifDescr``).

    For where numeric OIDs are taken because no MIBs were given; `usage`
    shows how to give them.
    """
    if isinstance(text, str) and (text[:1].isalpha() or "::" in text):
        raise EncodeError(f"{text!r} is a MIB name, not a numeric OID: names need MIBs, {usage}")


def not_an_oid(value: object, many: str = "") -> EncodeError:
    """The error for an OID given as something other than a str; `many`: the call for many.
    Arcs as ints (pysnmp's and Net-SNMP's bindings' tuples), and ASCII bytes, are shown
    written as text."""
    hint = ""
    if isinstance(value, bytes) and value.isascii():
        hint = f": give it as text, {value.decode()!r}"
    elif isinstance(value, (list, tuple)):
        if value and all(type(arc) is int for arc in value):
            hint = f": write its arcs as text, {'.'.join(map(str, value))!r}"
        elif many:
            hint = f": one OID here, {many} takes many"
    return EncodeError(f"an OID must be a str, not {type(value).__name__}{hint}")


class NoSuchInstance(SnmpError):
    """The agent has no such object or instance (noSuchObject, noSuchInstance, v1 noSuchName)."""


class OidNotIncreasingError(SnmpError):
    """A walk response broke OID order (or was empty): the agent is looping."""


#: What an error-status usually means, for the errors' messages.
_STATUS_HINTS: dict[int, str] = {
    ErrorStatus.TOO_BIG: ": the response would not fit in a message; ask for fewer OIDs",
    ErrorStatus.NO_ACCESS: (
        ": the community or user may not access it (a SET needs a read-write one)"
    ),
    ErrorStatus.READ_ONLY: ": the object cannot be set",
    ErrorStatus.NOT_WRITABLE: ": the object cannot be set (or not created)",
    ErrorStatus.AUTHORIZATION_ERROR: (
        ": the agent's access rules refuse this user or community, or this SNMPv3 user at "
        "this security level (its rule may ask for authPriv: give the User its auth_key, "
        "priv_key)"
    ),
    ErrorStatus.WRONG_TYPE: (
        ": the value's type is not the object's; give a typed value (Integer, OctetString...)"
    ),
}


class ErrorStatusError(SnmpError):
    """The agent answered with a non-zero error-status.

    Attributes:
        status: the error-status number (RFC 3416).
        index: the 1-based error-index (0 when not about one varbind).
        oid: the OID the error-index points at, when known.
    """

    def __init__(self, status: int, index: int, oid: str | None = None) -> None:
        self.status = status
        self.index = index
        self.oid = oid
        where = f" at {oid}" if oid else (f" at varbind {index}" if index else "")
        hint = _STATUS_HINTS.get(status, "")
        super().__init__(f"agent returned {self.status_name} ({status}){where}{hint}")

    @property
    def status_name(self) -> str:
        """The RFC 3416 name of the status, such as ``notWritable``."""
        if self.status in _RFC_NAMES:
            return _RFC_NAMES[self.status]
        return f"error-status {self.status}"


class AuthError(SnmpError):
    """SNMPv3 security failure reported by the agent or detected locally."""


class UnknownUserNameError(AuthError):
    """The agent does not know the user (usmStatsUnknownUserNames)."""


class WrongDigestError(AuthError):
    """Authentication failed: wrong auth protocol or password (usmStatsWrongDigests)."""


class DecryptionError(AuthError):
    """Decryption failed: wrong privacy protocol or password (usmStatsDecryptionErrors)."""


class UnsupportedSecurityLevelError(AuthError):
    """The user cannot be used at this security level (usmStatsUnsupportedSecLevels)."""


class UnknownEngineIdError(AuthError):
    """The agent rejected the engine id (usmStatsUnknownEngineIDs)."""


class NotInTimeWindowError(AuthError):
    """The message fell outside the agent's time window (usmStatsNotInTimeWindows)."""

    #: The agent's snmpEngineBoots when they are 2147483647, the most (RFC 3414 2.2.2: its
    #: engine refuses every authenticated request until reconfigured), else None.
    engine_boots: int | None = None
