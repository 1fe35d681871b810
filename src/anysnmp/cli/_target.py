"""Net-SNMP command line conventions: agent addresses, OIDs, SNMPv3 users, SET values."""

from __future__ import annotations

import re
import socket
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .._address import TransportAddress
from .._address import parse_address as _parse_address
from .._codec import core
from .._errors import AddressError, ConfigurationError, EncodeError, SnmpError
from .._types import (
    SnmpVersion,
)
from .._usm import (
    AUTH_KEYS,
    PRIV_KEYS,
    BaseAuthKey,
    BaseKey,
    BasePrivKey,
    KeyExpansion,
    KeyType,
    User,
)

if TYPE_CHECKING:
    from .._protocol._session import SessionCore
    from .._session import SnmpSession
    from .._sync import SnmpSession as BlockingSnmpSession

__all__ = (
    "AUTH_PROTOCOLS",
    "PRIV_PROTOCOLS",
    "SECURITY_LEVELS",
    "VERSIONS",
    "Target",
    "UnknownOidError",
    "UsageError",
    "argument_bytes",
    "build_user",
    "check_key_text",
    "check_oid",
    "check_port",
    "parse_address",
    "parse_boots_time",
    "parse_engine_id",
    "parse_user_spec",
    "protocol_named",
    "refuse_short_passphrases",
    "request_oid",
)

K = TypeVar("K", bound=BaseKey)
S = TypeVar("S", bound="SessionCore")

#: Net-SNMP's -v: the version each of its words means (its 1 is SNMPv1, encoded 0).
VERSIONS = {"1": SnmpVersion.v1, "2c": SnmpVersion.v2c, "3": SnmpVersion.v3}

#: Net-SNMP's auth protocol names (and the registry's, which Net-SNMP accepts too): the key class.
AUTH_PROTOCOLS: dict[str, type[BaseAuthKey]] = {
    name: cls
    for cls in AUTH_KEYS.values()
    for name in (cls.ALGORITHM.netsnmp_name, cls.ALGORITHM.name)
}

#: Net-SNMP's privacy protocol names (and the registry's, which Net-SNMP accepts too): the key
#: class and how AES-192/256 keys are extended.
PRIV_PROTOCOLS: dict[str, tuple[type[BasePrivKey], KeyExpansion]] = {
    name: (cls, expansion)
    for cls in PRIV_KEYS.values()
    for name, expansion in (
        (cls.ALGORITHM.netsnmp_name, KeyExpansion.Blumenthal),
        (cls.ALGORITHM.name, KeyExpansion.Blumenthal),
        (cls.ALGORITHM.netsnmp_reeder_name, KeyExpansion.Reeder),
    )
    if name
}

SECURITY_LEVELS = ("noAuthNoPriv", "authNoPriv", "authPriv")

#: The names Net-SNMP's usm_lookup_auth_type and usm_lookup_priv_type know, in their order
#: (NOAUTH and NOPRIV: no protocol).
_NETSNMP_NAMES = {
    "auth": (
        "NOAUTH", "SHA", "SHA-1", "SHA1", "MD5", "SHA-224", "SHA224", "SHA-256", "SHA256",
        "SHA-384", "SHA384", "SHA-512", "SHA512",
    ),
    "privacy": (
        "NOPRIV", "DES", "AES", "AES-128", "AES128", "AES-192", "AES192", "AES-256", "AES256",
        "AES-192-C", "AES192C", "AES-256-C", "AES256C",
    ),
}  # fmt: skip


class UsageError(ValueError):
    """A command line argument that cannot be used (reported as one line); `logged`: a
    line Net-SNMP's tools log (`_log.log`: stderr unless -L says otherwise)."""

    def __init__(self, message: str, *, logged: bool = False) -> None:
        super().__init__(message)
        self.logged = logged


class UnknownFlagError(UsageError):
    """A ``-C`` letter the command does not take: Net-SNMP's line for it (``Unknown flag
    passed to -C: z``), printed as it is, exit status 1."""

    def __init__(self, letter: str) -> None:
        super().__init__(f"Unknown flag passed to -C: {letter}")
        self.letter = letter


class UnknownOidError(UsageError):
    """An OID or a name that names no object: Net-SNMP's line(s) (``TEXT: Unknown Object
    Identifier (WHY)``) and its exit status (None: 1, translate's 2)."""

    def __init__(self, message: str, status: int | None = None, *, logged: bool = False) -> None:
        super().__init__(message, logged=logged)
        self.status = status


def argument_bytes(text: str) -> bytes:
    """A command line's (or configuration file's) text as the bytes it was: each byte that
    is not UTF-8 kept, as Net-SNMP's tools send a community, context or passphrase."""
    return text.encode("utf-8", "surrogateescape")


def check_oid(text: str) -> str:
    """A numeric OID without its leading dot, as the core's OID parser takes it.

    Raises:
        UsageError: not a numeric OID (a name, when no MIBs are loaded).
    """
    try:
        return str(core.parse_oid(text))
    except EncodeError as exc:
        if text[:1].isalpha() or "::" in text:
            raise UnknownOidError(
                f"{text}: Unknown Object Identifier (no MIBs loaded: load them with -m ALL "
                "or -m MODULE, and -M DIR where their files are; or give a numeric OID)",
                logged=True,
            ) from None
        raise UnknownOidError(f"{text}: Unknown Object Identifier ({exc})", logged=True) from None


def check_bulk(target: Target) -> None:
    """Raises `UsageError` for a GETBULK on SNMPv1, which has none (Net-SNMP's tools' line)."""
    if target.version == "1":
        raise UsageError("Cannot send V2 PDU on V1 session", logged=True)


def request_oid(root: str) -> str:
    """The OID that requests `root`: a one-arc root X as 0.X, whose BER is the octet X, as
    Net-SNMP encodes the one-arc OID (BER encodes two arcs or more)."""
    return root if "." in root else f"0.{root}"


def parse_address(
    text: str,
    default_port: int = 161,
    transports: Collection[str] = ("udp",),
    *,
    peer: bool = False,
) -> TransportAddress:
    """`text` in Net-SNMP's syntax (``host:port``, ``udp6:[addr]:port``, ``tcp:host:port``);
    `peer`: the agent or receiver of a request or notification, whose bad address is
    logged as Net-SNMP's tools log it (``Unknown host (TEXT)``, then why), and whose host
    is resolved as theirs resolve it when its transport names a family (`_peer_host`).

    Raises:
        UsageError: a bad address, or a transport not in `transports`.
    """
    try:
        address = _parse_address(text, default_port)
    except AddressError as exc:
        if peer:
            why = str(exc).removeprefix(f"{text}: ")
            raise UsageError(f"Unknown host ({text}): {why}", logged=True) from None
        raise UsageError(str(exc)) from None
    if address.transport not in transports:
        raise UsageError(f"{text}: only {' and '.join(transports)} can be used here")
    if peer:
        return TransportAddress(
            address.transport, _peer_host(address, text), address.port, address.family
        )
    return address


_FAMILY_NAMES: dict[int, str] = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}


def _peer_host(address: TransportAddress, text: str) -> str:
    """The host of a peer's `address` (written `text`): when its transport names a family,
    its address of that family, for the session to go to; else the host as written.

    Net-SNMP's ``udp:`` and ``tcp:`` are IPv4 (``udp6:127.0.0.1`` is an unknown host),
    ``udp6:`` and ``tcp6:`` IPv6 (``udp:[::1]`` is one); with none named its tools try
    udp, then udp6, as a session takes a name's IPv4 address first.

    Raises:
        UsageError: no address of that family (logged, ``Unknown host (TEXT): why``).
    """
    host, family = address.host, address.family
    if not family and text.partition(":")[0].lower() in ("udp", "tcp"):
        family = socket.AF_INET
    if not family:
        return host
    from .._transport import resolve_blocking

    try:
        return str(resolve_blocking(host, address.port, family)[1][0])
    except OSError as exc:
        why = exc.strerror or str(exc)
    to_ipv6 = family == socket.AF_INET
    other = socket.AF_INET6 if to_ipv6 else socket.AF_INET
    written = f"[{host}]" if ":" in host else host
    instead = f"write {address.transport}{'6' if to_ipv6 else ''}:{written}:{address.port}"
    if _is_address(other, host):
        why = f"{host!r} is an {_FAMILY_NAMES[other]} address: {instead}"
    elif _resolves(host):
        why = f"{host!r} has no {_FAMILY_NAMES[family]} address: {instead}"
    raise UsageError(f"Unknown host ({text}): {why}", logged=True)


def _is_address(family: int, host: str) -> bool:
    """Whether `host` is an address literal of `family` (an IPv6 one with its scope)."""
    try:
        socket.inet_pton(family, host.partition("%")[0])
    except OSError:
        return False
    return True


def _resolves(host: str) -> bool:
    """Whether `host` has an address of any family."""
    from .._transport import resolve_blocking

    try:
        resolve_blocking(host, 0)
    except OSError:
        return False
    return True


def check_port(
    address: TransportAddress, text: str, discovery: bool, *, notification: bool = False
) -> None:
    """Port 0: Net-SNMP's tools fail to send there, and say so in these words (status 1).

    `discovery`: an SNMPv3 request or inform, which discovers the engine id first;
    `notification`: snmptrap and snmpinform, whose TCP connection fails with no reason.

    Raises:
        UsageError: port 0.
    """
    if address.port != 0:
        return
    if address.transport == "tcp":
        raise UsageError("" if notification else f"Unknown host ({text}) (Connection refused)")
    raise UsageError(
        f"{'Unknown engine ID' if discovery else 'Failure in sendto'} (Invalid argument)"
    )


def check_opening(
    address: TransportAddress, text: str, timeout: float, *, notification: bool = False
) -> None:
    """Open a connection to `address` as a session would, and close it: snmpget,
    snmpgetnext, snmpset, snmptrap and snmpinform open their session before they read
    their OIDs and values, so a host that does not resolve, TCP to port 0 or a TCP
    connection refused is what they report of a command line with both. (UDP to port 0
    fails later, at sending: `check_port`.)

    Raises:
        UsageError: the failure, in the words of a request's (`text`: the agent's text;
            `notification`: snmptrap's and snmpinform's, `check_port`).
    """
    if address.port == 0:
        if address.transport == "tcp":
            check_port(address, text, False, notification=notification)
        return
    from .._backends import open_blocking_transport
    from ._run import describe_error

    try:
        transport, _ = open_blocking_transport(
            address.transport, address.host, address.port, connect_timeout=timeout
        )
    except (SnmpError, OSError) as exc:
        raise UsageError(describe_error(exc, text), logged=True) from None
    transport.close()


def refuse_short_passphrases(
    address: TransportAddress,
    text: str,
    timeout: float,
    passphrases: Collection[tuple[str, str]],
    *,
    notification: bool = False,
) -> None:
    """Net-SNMP's tools make the keys of the configuration files' `passphrases` (each with
    what it is, ``authentication`` or ``privacy``) once their session's transport opens, in
    any version: one under 8 octets is refused with their two logged lines, status 1.

    Raises:
        UsageError: what opening the session says first (`check_opening`), else a
            passphrase too short (its first line logged).
    """
    for secret, what in passphrases:
        if len(argument_bytes(secret)) < 8:
            from ._log import log

            check_opening(address, text, timeout, notification=notification)
            log("Error: passphrase chosen is below the length requirements of the USM (min=8).\n")
            raise UsageError(
                f"Generic error (Error generating a key (Ku) from the supplied {what} pass "
                "phrase.)",
                logged=True,
            )


def build_user(
    name: str | None,
    level: str | None,
    auth: str | None,
    auth_pass: str | None,
    priv: str | None,
    priv_pass: str | None,
    *,
    auth_key_type: KeyType = KeyType.Password,
    priv_key_type: KeyType = KeyType.Password,
) -> User:
    """The `User` of Net-SNMP's -u -l -a -A -x -X (level from the secrets when None).

    `auth_pass` and `priv_pass` are passphrases, or the hex of master keys (-3m, -3M)
    or localized keys (-3k, -3K) as `auth_key_type` and `priv_key_type` say.

    Raises:
        UsageError: no name, a level without its protocol and secret, a bad key.
    """
    if not name:
        raise UsageError("SNMPv3 needs a user name (-u NAME)")
    if level is None:
        level = "authPriv" if priv_pass else ("authNoPriv" if auth_pass else "noAuthNoPriv")
    auth_key = priv_key = None
    expansion = KeyExpansion.Blumenthal
    if level in ("authNoPriv", "authPriv"):
        if not auth or not auth_pass:
            raise UsageError(
                f"{level} needs an auth protocol and passphrase (-a PROTOCOL -A PASSPHRASE)"
            )
        auth_key = _key(AUTH_PROTOCOLS[auth], auth_pass, auth_key_type, "authentication")
    if level == "authPriv":
        if not priv or not priv_pass:
            raise UsageError(
                "authPriv needs a privacy protocol and passphrase (-x PROTOCOL -X PASSPHRASE)"
            )
        key_class, expansion = PRIV_PROTOCOLS[priv]
        priv_key = _key(key_class, priv_pass, priv_key_type, "privacy")
        length = auth_key.KEY_LENGTH if auth_key else 0  # (auth_key is set for authPriv)
        if priv_key_type == KeyType.Master and len(priv_key.key) != length:
            raise UsageError(
                f"{_bad_key(KeyType.Master, 'privacy')}: a master privacy key is hashed with "
                f"{auth}: it has {length} octets, got {len(priv_key.key)}"
            )
    return User(name, auth_key=auth_key, priv_key=priv_key, key_expansion=expansion)


#: The option and snmp.conf directive of each kind of key, by key type: auth, then privacy.
_KEY_OPTIONS = {
    KeyType.Master: (("-3m", "defAuthMasterKey"), ("-3M", "defPrivMasterKey")),
    KeyType.Localized: (("-3k", "defAuthLocalizedKey"), ("-3K", "defPrivLocalizedKey")),
}


def _bad_key(key_type: KeyType, what: str) -> str:
    """Net-SNMP's words for a key it cannot use, and where the key came from."""
    option, directive = _KEY_OPTIONS[key_type][what == "privacy"]
    return f"Bad key value after {option} flag (or {directive})"


def _key(key_class: type[K], secret: str, key_type: KeyType, what: str) -> K:
    """The key of a passphrase or a key's hex; a refused one is a UsageError worded as
    Net-SNMP's tools word it."""
    if key_type == KeyType.Password:
        try:
            return key_class(argument_bytes(secret), key_type)
        except EncodeError as exc:
            raise UsageError(
                f"Error generating a key (Ku) from the supplied {what} pass phrase: {exc}"
            ) from None
    digits = "".join((secret[2:] if secret[:2].lower() == "0x" else secret).split())
    try:
        return key_class(bytes.fromhex(digits), key_type)
    except ValueError as exc:  # not hex, empty, or a length the protocol cannot take
        reason = str(exc) if isinstance(exc, ConfigurationError) else "not hexadecimal octets"
        raise UsageError(f"{_bad_key(key_type, what)}: {reason}") from None


_HEX_DIGITS = "0123456789abcdefABCDEF"


def parse_engine_id(text: str, letter: str = "e") -> bytes:
    """An engine id given in hex, as Net-SNMP's tools read ``-e`` and ``-E`` (`letter`): an
    optional ``0x``, then pairs of hex digits, blanks between pairs.

    Raises:
        UnknownOidError: not hex, or not 5 to 32 octets: Net-SNMP's line, status 1.
    """
    octets = _hex_octets(text, " ")
    if octets is None:
        raise UnknownOidError(f"Bad engine ID value after -3{letter} flag.", status=1)
    if not 5 <= len(octets) <= 32:
        raise UnknownOidError(f"Invalid engine ID value after -{letter} flag.", status=1)
    return octets


def check_key_text(text: str, option: str) -> None:
    """Whether Net-SNMP's tools read `text` as the hex of a key of `option` (``-3m``...):
    an optional ``0x``, then pairs of hex digits, white space between pairs.

    Raises:
        UnknownOidError: they do not: their line, status 1.
    """
    if _hex_octets(text, " \t\n\v\f\r") is None:
        raise UnknownOidError(f"Bad key value after {option} flag.", status=1)


def _hex_octets(text: str, blanks: str) -> bytes | None:
    """The octets of hex `text` as Net-SNMP reads them (an optional ``0x``, pairs of hex
    digits, `blanks` between pairs), None when it is not."""
    digits = text[2:] if text[:2] in ("0x", "0X") else text
    octets = bytearray()
    at = 0
    while at < len(digits):
        pair = digits[at : at + 2]
        if len(pair) == 2 and all(c in _HEX_DIGITS for c in pair):
            octets.append(int(pair, 16))
            at += 2
        elif digits[at] in blanks:
            at += 1
        else:
            return None
    return bytes(octets)


def parse_boots_time(value: str) -> tuple[int, int]:
    """``-Z BOOTS,TIME`` as Net-SNMP's tools read it: each as C's strtoul reads it (blanks,
    a sign, digits: the octets of an unsigned int kept); ``-Z BOOTS TIME`` too, where the
    argument after BOOTS (which stays an argument: `join_split_flags` adds it after a NUL)
    gives TIME.

    Raises:
        UnknownOidError: Net-SNMP's line, status 1.
    """
    text, _, following = value.partition("\0")
    boots, rest = _strtoul(text)
    if boots is None:
        raise UnknownOidError("Need engine boots value after -3Z flag.", status=1)
    if rest[:1] == ",":
        time, _ = _strtoul(rest[1:])
    elif following:
        time, _ = _strtoul(following)
        if time is None:
            raise UnknownOidError('Need engine time after "-Z engineBoot".', status=1)
    else:
        time = None
    if time is None:
        raise UnknownOidError('Need engine time after "-3Z engineBoot,".', status=1)
    return boots, time


def _strtoul(text: str) -> tuple[int | None, str]:
    """C's strtoul in base 10, its value cut to an unsigned int (None: no digits, or past an
    unsigned long); what follows."""
    found = re.match(r"[ \t\n\v\f\r]*([-+]?)([0-9]+)", text)
    if found is None:
        return None, text
    value = int(found.group(2))
    if value >= 2**64:
        return None, text
    if found.group(1) == "-":
        value = -value % 2**64
    return value & 0xFFFFFFFF, text[found.end() :]


def protocol_named(kind: str, name: str) -> str | None:
    """The protocol (`kind` auth or privacy) Net-SNMP reads `name` as: the first of its names
    that starts with `name` in any case (``sha2``: SHA-224, ``a``: AES), as
    `AUTH_PROTOCOLS` or `PRIV_PROTOCOLS` names it; None for NOAUTH and NOPRIV.

    Raises:
        UsageError: none starts so.
    """
    names = _NETSNMP_NAMES[kind]
    found = next((known for known in names if known.lower().startswith(name.lower())), None)
    if found is None:
        raise UsageError(f"{name}: unknown {kind} protocol (one of {', '.join(names)})")
    protocols = AUTH_PROTOCOLS if kind == "auth" else PRIV_PROTOCOLS
    undashed = found.replace("-", "")
    return next((p for p in protocols if p.replace("-", "") == undashed), None)


def parse_user_spec(text: str) -> User:
    """A user given as ``NAME``, ``NAME:AUTH:AUTHPASS`` or ``NAME:AUTH:AUTHPASS:PRIV:PRIVPASS``.

    AUTH and PRIV are -a and -x protocol names (any case); the level follows
    from the parts given. Names and passphrases cannot contain ':'.

    Raises:
        UsageError: another number of parts, or an unknown protocol.
    """
    parts = text.split(":")
    if len(parts) not in (1, 3, 5) or not all(parts):
        raise UsageError(
            f"{text!r}: a user is NAME, NAME:AUTH:AUTHPASS or NAME:AUTH:AUTHPASS:PRIV:PRIVPASS"
        )
    auth = priv = auth_pass = priv_pass = None
    if len(parts) > 1:
        auth = protocol_named("auth", parts[1])
        auth_pass = parts[2] if auth else None
    if len(parts) > 3:
        priv = protocol_named("privacy", parts[3])
        priv_pass = parts[4] if priv else None
    return build_user(parts[0], None, auth, auth_pass, priv, priv_pass)


class Target(NamedTuple):
    """The agent and the protocol options of one command (Net-SNMP's flags)."""

    address: str
    version: str = "2c"
    community: str = "public"
    user: str | None = None
    level: str | None = None
    auth: str | None = None
    auth_pass: str | None = None
    priv: str | None = None
    priv_pass: str | None = None
    #: What `auth_pass` and `priv_pass` are: passphrases, or master or localized keys in hex.
    auth_key_type: KeyType = KeyType.Password
    priv_key_type: KeyType = KeyType.Password
    #: The configuration files' passphrases used (`configured_passphrases`).
    configured_passphrases: tuple[tuple[str, str], ...] = ()
    #: -e: the agent's engine id; -E: the contextEngineID; -Z: its boots and time.
    engine_id: bytes | None = None
    context_engine_id: bytes | None = None
    engine_clock: tuple[int, int] | None = None
    context: str = ""
    timeout: float = 1.0
    retries: int = 5
    #: The port when `address` gives none (snmp.conf's defaultPort).
    default_port: int = 161
    #: Where `address` is, when a host file (hosts/ADDRESS.conf) says (``transport``).
    transport: str | None = None

    def session(self, **options: Any) -> SnmpSession:
        """An `SnmpSession` for these options (`options` go to its constructor)."""
        from .._session import SnmpSession

        return self._open(SnmpSession, options)

    def blocking_session(self) -> BlockingSnmpSession:
        """The blocking session (`anysnmp.sync.SnmpSession`) for these options."""
        from .._sync import SnmpSession

        return self._open(SnmpSession, {})

    def check_opening(self) -> None:
        """`check_opening` of this target's address (a bad one is an unknown host).

        Raises:
            UsageError: what opening its session would fail with.
        """
        text = self.transport or self.address
        address = parse_address(text, self.default_port, ("udp", "tcp"), peer=True)
        check_opening(address, text, self.timeout)
        refuse_short_passphrases(address, text, self.timeout, self.configured_passphrases)

    def _open(self, session_class: type[S], options: dict[str, Any]) -> S:
        text = self.transport or self.address
        address = parse_address(text, self.default_port, ("udp", "tcp"), peer=True)
        version = VERSIONS[self.version]
        refuse_short_passphrases(address, text, self.timeout, self.configured_passphrases)
        check_port(address, text, version == SnmpVersion.v3 and not self.engine_id)
        user = None
        if version == SnmpVersion.v3:
            user = build_user(
                self.user,
                self.level,
                self.auth,
                self.auth_pass,
                self.priv,
                self.priv_pass,
                auth_key_type=self.auth_key_type,
                priv_key_type=self.priv_key_type,
            )
        clock = None if self.engine_id else self.engine_clock
        return session_class(
            address.host,
            address.port,
            transport=address.transport,
            community=argument_bytes(self.community),
            version=version,
            user=user,
            # Net-SNMP's tools ignore -e, -Z, -n and -E for v1 and v2c, whose messages carry
            # no engine nor context
            engine_id=self.engine_id if user else None,
            context_name=argument_bytes(self.context) if user else b"",
            context_engine_id=self.context_engine_id if user else None,
            # Net-SNMP 5.9.3's -Z replaces the clock discovered; with -e it goes unused
            engine_boots=clock[0] if clock and user else None,
            engine_time=clock[1] if clock and user else None,
            timeout=self.timeout,
            retries=self.retries,
            **options,
        )
