"""SNMPv3 User-based Security Model: users, keys, and the session's v3 codec.

Keys are passwords, master keys (Ku) or localized keys (Kul); the C++ core derives,
localizes and extends them (RFC 3414, RFC 7860, RFC 3826 and the Blumenthal and
Reeder drafts for AES-192/256). Key material never appears in ``repr``.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

from ._codec import core
from ._errors import (
    ArgumentTypeError,
    AuthError,
    ConfigurationError,
    DecryptionError,
    EncodeError,
    NotInTimeWindowError,
    UnknownEngineIdError,
    UnknownUserNameError,
    UnsupportedSecurityLevelError,
    WrongDigestError,
)
from ._frozen import frozen, set_fields
from ._registry import (
    AUTH_ALGORITHMS,
    PRIV_ALGORITHMS,
    REPORT_COUNTERS,
    AuthAlgorithm,
    PrivAlgorithm,
    check_enum,
    check_names,
    numbers,
)
from ._types import SnmpVersion, octets

__all__ = (
    "AUTH_KEYS",
    "PRIV_KEYS",
    "Aes128Key",
    "Aes192Key",
    "Aes256Key",
    "BaseAuthKey",
    "BaseKey",
    "BasePrivKey",
    "DesKey",
    "KeyExpansion",
    "KeyType",
    "Md5Key",
    "Sha1Key",
    "Sha224Key",
    "Sha256Key",
    "Sha384Key",
    "Sha512Key",
    "User",
    "apply_key_change",
    "key_change",
)

T = TypeVar("T")


_KEY_TYPES = numbers("KeyType", core.key_types())
_KEY_EXPANSIONS = numbers("KeyExpansion", core.key_expansions())


class KeyType(enum.IntEnum):
    """What a key's octets are.

    Attributes:
        Password: a password, hashed to a master key (1 MB of hashing, once per process).
        Master: a master key Ku (the hash of the password).
        Localized: a key localized to the agent's engine id (Kul).
    """

    Password = _KEY_TYPES["Password"]
    Master = _KEY_TYPES["Master"]
    Localized = _KEY_TYPES["Localized"]


class KeyExpansion(enum.IntEnum):
    """How AES-192/256 keys are extended when the auth hash is too short.

    Attributes:
        Blumenthal: draft-blumenthal-aes-usm-04 (Net-SNMP's AES-192/AES-256).
        Reeder: draft-reeder-snmpv3-usm-3desede (Net-SNMP's AES-192-C/AES-256-C).
        Cisco: the same as Reeder (gufo_snmp's name).
    """

    Blumenthal = _KEY_EXPANSIONS["Blumenthal"]
    Reeder = _KEY_EXPANSIONS["Reeder"]
    Cisco = _KEY_EXPANSIONS["Reeder"]


check_enum(KeyType, _KEY_TYPES)
check_enum(KeyExpansion, _KEY_EXPANSIONS)


E = TypeVar("E", bound=enum.IntEnum)


def _member(kind: type[E], value: int, name: str) -> E:
    """`value` as a member of `kind`; `ConfigurationError` naming `name` and the members."""
    try:
        return kind(value)
    except ValueError:
        members = ", ".join(f"{kind.__name__}.{member.name}" for member in kind)
        raise ConfigurationError(f"{name} must be one of {members}; not {value!r}") from None


def _key_bytes(value: bytes | bytearray | memoryview) -> bytes:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise ArgumentTypeError(f"keys are bytes, not {type(value).__name__}")
    return bytes(value)


#: The shortest passphrase USM accepts (RFC 3414 11.2; Net-SNMP refuses shorter ones too).
MIN_PASSPHRASE = 8


@frozen("key", "key_type", secret=("key",))
class BaseKey:
    """A key: its octets (never shown in repr) and what they are.

    Raises:
        EncodeError: a passphrase (`KeyType.Password`) of fewer than 8 octets.
    """

    __slots__ = ("key", "key_type")
    key: bytes
    key_type: KeyType

    #: Protocol number of the C++ core.
    PROTOCOL: ClassVar[int] = 0
    #: Net-SNMP's name of the protocol (createUser).
    SNMPD_NAME: ClassVar[str] = ""

    def __init__(
        self, key: bytes | bytearray | memoryview, key_type: KeyType | int = KeyType.Password
    ) -> None:
        set_fields(self, key=_key_bytes(key), key_type=_member(KeyType, key_type, "key_type"))
        self._check()

    def _check(self) -> None:
        if not self.key:
            raise ConfigurationError(f"{type(self).__name__} needs a non-empty key")
        if self.key_type == KeyType.Password and len(self.key) < MIN_PASSPHRASE:
            raise EncodeError(
                f"{type(self).__name__}: a passphrase has at least {MIN_PASSPHRASE} characters "
                f"(RFC 3414 11.2), this one {len(self.key)}"
            )

    def _snmpd_key(self) -> str:
        if self.key_type == KeyType.Master:
            return f"-m 0x{self.key.hex()}"
        if self.key_type == KeyType.Localized:
            return f"-l 0x{self.key.hex()}"
        return _snmpd_word(self.key.decode())


#: The key class of each auth protocol of the core, by protocol name.
AUTH_KEYS: dict[str, type[BaseAuthKey]] = {}
#: The key class of each privacy protocol of the core, by protocol name.
PRIV_KEYS: dict[str, type[BasePrivKey]] = {}


class BaseAuthKey(BaseKey):
    """A key of an authentication protocol.

    A subclass names its protocol, a row of the C++ core's registry, which
    gives its class constants: ``class Sha256Key(BaseAuthKey, algorithm="SHA-256")``.
    """

    #: The protocol: the core's row.
    ALGORITHM: ClassVar[AuthAlgorithm]
    #: Octets of the protocol's hash (the length of master and localized keys).
    KEY_LENGTH: ClassVar[int] = 0

    def __init_subclass__(cls, algorithm: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if algorithm is not None:
            row = cls.ALGORITHM = AUTH_ALGORITHMS[algorithm]
            cls.PROTOCOL, cls.SNMPD_NAME, cls.KEY_LENGTH = row.id, row.netsnmp_name, row.digest_size
            AUTH_KEYS[algorithm] = cls

    def _check(self) -> None:
        super()._check()
        if self.key_type != KeyType.Password and len(self.key) != self.KEY_LENGTH:
            raise ConfigurationError(
                f"a {self.key_type.name.lower()} {type(self).__name__} has {self.KEY_LENGTH} "
                f"octets, got {len(self.key)}"
            )


class Md5Key(BaseAuthKey, algorithm="MD5"):
    """HMAC-MD5-96 (RFC 3414)."""


class Sha1Key(BaseAuthKey, algorithm="SHA-1"):
    """HMAC-SHA-96 (RFC 3414)."""


class Sha224Key(BaseAuthKey, algorithm="SHA-224"):
    """HMAC-SHA-224 with a 128-bit MAC (RFC 7860)."""


class Sha256Key(BaseAuthKey, algorithm="SHA-256"):
    """HMAC-SHA-256 with a 192-bit MAC (RFC 7860)."""


class Sha384Key(BaseAuthKey, algorithm="SHA-384"):
    """HMAC-SHA-384 with a 256-bit MAC (RFC 7860)."""


class Sha512Key(BaseAuthKey, algorithm="SHA-512"):
    """HMAC-SHA-512 with a 384-bit MAC (RFC 7860)."""


class BasePrivKey(BaseKey):
    """A key of a privacy protocol (derived with the user's auth hash).

    A subclass names its protocol, a row of the C++ core's registry, which
    gives its class constants: ``class Aes128Key(BasePrivKey, algorithm="AES-128")``.
    """

    #: The protocol: the core's row.
    ALGORITHM: ClassVar[PrivAlgorithm]
    #: Octets of localized key the protocol uses.
    KEY_LENGTH: ClassVar[int] = 0

    def __init_subclass__(cls, algorithm: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if algorithm is not None:
            row = cls.ALGORITHM = PRIV_ALGORITHMS[algorithm]
            cls.PROTOCOL, cls.SNMPD_NAME, cls.KEY_LENGTH = row.id, row.netsnmp_name, row.key_size
            PRIV_KEYS[algorithm] = cls

    def _check(self) -> None:
        super()._check()
        if (
            self.key_type == KeyType.Localized
            and len(self.key) < self.KEY_LENGTH
            and not self.ALGORITHM.netsnmp_reeder_name  # AES-192/256 extend shorter keys
        ):
            raise ConfigurationError(
                f"a localized {type(self).__name__} has at least {self.KEY_LENGTH} octets, "
                f"got {len(self.key)}"
            )


class DesKey(BasePrivKey, algorithm="DES"):
    """CBC-DES (RFC 3414); weak, for old agents only."""


class Aes128Key(BasePrivKey, algorithm="AES-128"):
    """CFB128-AES-128 (RFC 3826)."""


class Aes192Key(BasePrivKey, algorithm="AES-192"):
    """CFB128-AES-192 (draft-blumenthal-aes-usm-04), key extended per `KeyExpansion`."""


class Aes256Key(BasePrivKey, algorithm="AES-256"):
    """CFB128-AES-256 (draft-blumenthal-aes-usm-04), key extended per `KeyExpansion`."""


check_names("auth key classes", AUTH_KEYS, AUTH_ALGORITHMS)
check_names("privacy key classes", PRIV_KEYS, PRIV_ALGORITHMS)


def _snmpd_word(text: str) -> str:
    """A snmpd.conf word: quoted when it holds blanks or quotes."""
    if text and not any(c.isspace() or c in "\"'\\#" for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@frozen("name", "auth_key", "priv_key", "key_expansion")
class User:
    """An SNMPv3 user.

    Args:
        name: the user (security) name, at most 32 octets in UTF-8.
        auth_key: the authentication key; None for noAuthNoPriv.
        priv_key: the privacy key; needs `auth_key`.
        key_expansion: how AES-192/256 keys are extended over MD5 or SHA-1.
    """

    __slots__ = ("auth_key", "key_expansion", "name", "priv_key")
    name: str
    auth_key: BaseAuthKey | None
    priv_key: BasePrivKey | None
    key_expansion: KeyExpansion

    def __init__(
        self,
        name: str,
        *,
        auth_key: BaseAuthKey | None = None,
        priv_key: BasePrivKey | None = None,
        key_expansion: KeyExpansion | int = KeyExpansion.Blumenthal,
    ) -> None:
        set_fields(
            self,
            name=name,
            auth_key=auth_key,
            priv_key=priv_key,
            key_expansion=_member(KeyExpansion, key_expansion, "key_expansion"),
        )
        if not isinstance(self.name, str):
            raise ConfigurationError(f"a user name is a str, not {type(self.name).__name__}")
        try:
            length = len(self.name.encode())
        except UnicodeEncodeError:
            raise ConfigurationError(
                f"a user name is UTF-8 text: {self.name!r} holds a lone surrogate"
            ) from None
        if length > 32:
            raise ConfigurationError("SNMPv3 user names have at most 32 octets")
        if self.auth_key is not None and not isinstance(self.auth_key, BaseAuthKey):
            raise ArgumentTypeError("auth_key must be an auth key such as Sha256Key")
        if self.priv_key is not None:
            if not isinstance(self.priv_key, BasePrivKey):
                raise ArgumentTypeError("priv_key must be a privacy key such as Aes128Key")
            if self.auth_key is None:
                raise ConfigurationError("privacy needs authentication: give an auth_key too")
            if (
                self.priv_key.key_type == KeyType.Master
                and len(self.priv_key.key) != self.auth_key.KEY_LENGTH
            ):
                raise ConfigurationError(
                    f"a master privacy key is hashed with {type(self.auth_key).__name__}: it has "
                    f"{self.auth_key.KEY_LENGTH} octets, got {len(self.priv_key.key)}"
                )

    @property
    def security_level(self) -> str:
        """``noAuthNoPriv``, ``authNoPriv`` or ``authPriv``."""
        if self.priv_key is not None:
            return "authPriv"
        return "authNoPriv" if self.auth_key is not None else "noAuthNoPriv"

    @property
    def _snmpd_level(self) -> str:
        return {"noAuthNoPriv": "noauth", "authNoPriv": "auth", "authPriv": "priv"}[
            self.security_level
        ]

    def snmpd_create_user(self) -> str:
        """The snmpd.conf ``createUser`` line of this user (Net-SNMP protocol names)."""
        words = ["createUser", _snmpd_word(self.name)]
        if self.auth_key is not None:
            words += [self.auth_key.SNMPD_NAME, self.auth_key._snmpd_key()]
        if self.priv_key is not None:
            algorithm = self.priv_key.ALGORITHM
            reeder = self.key_expansion == KeyExpansion.Reeder and algorithm.netsnmp_reeder_name
            name = algorithm.netsnmp_reeder_name if reeder else algorithm.netsnmp_name
            words += [name, self.priv_key._snmpd_key()]
        return " ".join(words)

    def snmpd_rouser(self) -> str:
        """The snmpd.conf ``rouser`` line granting this user read access at its level."""
        return f"rouser {_snmpd_word(self.name)} {self._snmpd_level}"

    def snmpd_rwuser(self) -> str:
        """The snmpd.conf ``rwuser`` line granting this user read-write access."""
        return f"rwuser {_snmpd_word(self.name)} {self._snmpd_level}"


# --- KeyChange (RFC 3414 section 5) ---------------------------------------------------


def _key_change_pad(auth: type[BaseAuthKey], old_key: bytes, random: bytes, length: int) -> bytes:
    """The hash chain H(old || random), H(H(...) || random), ... covering `length` octets."""
    import hashlib

    pad, temp = b"", old_key
    while len(pad) < length:
        temp = hashlib.new(auth.ALGORITHM.digest, temp + random).digest()
        pad += temp
    return pad[:length]


def key_change(
    auth: type[BaseAuthKey], old_key: bytes, new_key: bytes, *, random: bytes | None = None
) -> bytes:
    """The KeyChange value (RFC 3414 section 5) that turns `old_key` into `new_key`.

    Set it on usmUserAuthKeyChange / usmUserPrivKeyChange (or their Own
    variants) to change a user's localized key without sending either key.

    Args:
        auth: the user's authentication protocol (e.g. ``Sha1Key``); its hash drives the change.
        old_key: the localized key in use now.
        new_key: the localized key wanted, as long as `old_key`.
        random: the random component (as long as the keys); fresh CSPRNG octets by default.
    """
    if len(new_key) != len(old_key):
        raise ConfigurationError("old and new keys must have the same length")
    if random is None:
        random = os.urandom(len(old_key))
    if len(random) != len(old_key):
        raise ConfigurationError("the random component must be as long as the keys")
    pad = _key_change_pad(auth, old_key, random, len(new_key))
    return random + bytes(a ^ b for a, b in zip(pad, new_key, strict=True))


def apply_key_change(auth: type[BaseAuthKey], old_key: bytes, value: bytes) -> bytes:
    """The new localized key a KeyChange `value` yields from `old_key` (what an agent computes)."""
    if len(value) != 2 * len(old_key):
        raise ConfigurationError(
            f"a KeyChange value for a {len(old_key)}-octet key has {2 * len(old_key)} octets"
        )
    random, delta = value[: len(old_key)], value[len(old_key) :]
    pad = _key_change_pad(auth, old_key, random, len(delta))
    return bytes(a ^ b for a, b in zip(pad, delta, strict=True))


def core_user_args(user: User) -> tuple[bytes, int, bytes, int, int, bytes, int, int]:
    """The user as the C++ core takes it: name, auth and priv protocol/key/type, expansion."""
    auth, priv = user.auth_key, user.priv_key
    return (
        user.name.encode(),
        auth.PROTOCOL if auth else 0,
        auth.key if auth else b"",
        int(auth.key_type) if auth else 0,
        priv.PROTOCOL if priv else 0,
        priv.key if priv else b"",
        int(priv.key_type) if priv else 0,
        int(user.key_expansion),
    )


def scoped_context(
    context_name: bytes | str, context_engine_id: bytes | None
) -> tuple[bytes, bytes]:
    """An SNMPv3 contextName (a str in UTF-8) and contextEngineID (None: b"") as bytes.

    Raises:
        ConfigurationError: either has more than 32 octets, or the engine id is a str.
    """
    if isinstance(context_engine_id, str):  # an engine id's hex text would go as its letters
        raise ConfigurationError(
            f"context_engine_id is bytes, not str: bytes.fromhex({context_engine_id!r}) if it "
            "is hex text"
        )
    name = octets("context_name", context_name)
    engine_id = b"" if context_engine_id is None else octets("context_engine_id", context_engine_id)
    if len(name) > 32:
        raise ConfigurationError(f"SNMPv3 context names have at most 32 octets, not {len(name)}")
    if len(engine_id) > 32:
        raise ConfigurationError(
            f"SNMPv3 context engine ids have at most 32 octets, not {len(engine_id)}"
        )
    return name, engine_id


def check_engine_version(version: SnmpVersion, **given: object) -> None:
    """Refuses settings of an SNMPv3 engine (``engine_id=...``, those not None) for v1 or v2c.

    Their messages name no engine (Net-SNMP's tools ignore ``-e`` and ``-Z`` there): the
    settings would go unused.

    Raises:
        ConfigurationError: one given with `version` v1 or v2c.
    """
    named = [f"{name}=" for name, value in given.items() if value is not None]
    if version != SnmpVersion.v3 and named:
        settings = " and ".join(named)
        raise ConfigurationError(
            f"{settings} {'is' if len(named) == 1 else 'are'} for SNMPv3, and "
            f"version={version.name} was given, whose messages name no engine: drop "
            f"{settings}, or use SNMPv3 (user=)"
        )


def check_context_version(version: SnmpVersion, context: tuple[bytes, bytes]) -> None:
    """Refuses a contextName or contextEngineID (`scoped_context`'s) for v1 or v2c.

    Their messages carry no context (Net-SNMP's tools ignore ``-n`` and ``-E``
    there): the requests would go to the community's default context.

    Raises:
        ConfigurationError: a context given with `version` v1 or v2c.
    """
    if version != SnmpVersion.v3 and context != (b"", b""):
        raise ConfigurationError(
            f"context_name= and context_engine_id= are for SNMPv3, and version={version.name} "
            "has no context (its requests would go to the community's default one): drop "
            "them, or use SNMPv3 (user=)"
        )


# --- the session side ------------------------------------------------------------------

_REPORTS: dict[str, tuple[type[AuthError], str]] = {
    REPORT_COUNTERS["usmStatsUnsupportedSecLevels"]: (
        UnsupportedSecurityLevelError,
        (
            "the agent does not allow user {user!r} at {level}: check which of auth_key/priv_key the "
            "agent configures for this user"
        ),
    ),
    REPORT_COUNTERS["usmStatsNotInTimeWindows"]: (
        NotInTimeWindowError,
        (
            "the request fell outside the agent's time window even after a resync: the agent's engine "
            "boots/time changed (restarted?); call refresh()"
        ),
    ),
    REPORT_COUNTERS["usmStatsUnknownUserNames"]: (
        UnknownUserNameError,
        "the agent has no SNMPv3 user {user!r}: check the user name",
    ),
    REPORT_COUNTERS["usmStatsUnknownEngineIDs"]: (
        UnknownEngineIdError,
        (
            "the agent rejected engine id {engine}: an engine_id= given is wrong (drop it to "
            "discover the agent's), or the agent's changed since it was discovered (refresh())"
        ),
    ),
    REPORT_COUNTERS["usmStatsWrongDigests"]: (
        WrongDigestError,
        "authentication failed for user {user!r}: check the auth protocol and auth key/password",
    ),
    REPORT_COUNTERS["usmStatsDecryptionErrors"]: (
        DecryptionError,
        (
            "the agent could not decrypt the request of user {user!r}: check the privacy protocol, "
            "privacy key/password and key expansion"
        ),
    ),
}
_CONTEXT_REPORTS = ("snmpUnknownContexts", "snmpUnavailableContexts")
_OTHER_REPORTS = {
    oid: name + (" (check context_name)" if name in _CONTEXT_REPORTS else "")
    for name, oid in REPORT_COUNTERS.items()
    if oid not in _REPORTS
}


class SessionCodec(core.UsmCodec):
    """The C++ USM codec, turning Reports into `AuthError` subclasses.

    Its decode methods raise instead of returning a Report (the C++ core
    checks, so no Python code runs per message): ``core.UsmResync`` for a
    notInTimeWindow Report (an authenticated one has moved the codec to the
    agent's boots/time; ``core.resync_once`` sends the request once more),
    and `report_error`'s error for any other.
    """

    def __init__(
        self, user: User, *, context_name: bytes, context_engine_id: bytes, max_size: int
    ) -> None:
        super().__init__(
            *core_user_args(user), context_name, context_engine_id, max_size, raise_reports=True
        )
        self.user = user

    def report_error(self, oid: str) -> AuthError:
        """The error a Report with this varbind OID stands for, saying what to fix."""
        if oid in _REPORTS:
            cls, message = _REPORTS[oid]
            engine = self.engine_id.hex() if self.has_engine else "(none)"
            return cls(
                message.format(user=self.user.name, level=self.user.security_level, engine=engine)
            )
        name = _OTHER_REPORTS.get(oid, oid or "no varbind")
        return AuthError(f"the agent answered with a Report: {name}")

    def boots_error(self) -> NotInTimeWindowError:
        """The error of an authenticated message whose engine boots are 2^31-1 (RFC 3414 2.2.2)."""
        error = NotInTimeWindowError(
            f"the agent's snmpEngineBoots is 2147483647, the most there is: RFC 3414 makes its engine "
            f"{self.engine_id.hex()} refuse every authenticated request (notInTimeWindow) until it is "
            "reconfigured with a new engine id or its boots reset; only noAuthNoPriv requests pass"
        )
        error.engine_boots = 2**31 - 1
        return error

    def resync_once_blocking(self, exchange: Callable[..., T], *args: Any, sent: Any = None) -> T:
        """``exchange(*args)``, run once more after a notInTimeWindow Report (`core.resync_once`).

        The blocking twin of `core.resync_once`: an authenticated Report has
        already moved the codec to the agent's boots/time; a second one raises
        `NotInTimeWindowError`. A request `sent` ahead is the first run's.
        """
        try:
            return exchange(*args, sent=sent)
        except core.UsmResync:
            pass
        try:
            return exchange(*args)
        except core.UsmResync:
            raise self.report_error(REPORT_COUNTERS["usmStatsNotInTimeWindows"]) from None

    async def exchange(self, send: Callable[[], Awaitable[T]]) -> T:
        """Runs a request, re-sending it once after a notInTimeWindow Report.

        An authenticated Report has already moved the codec to the agent's
        boots/time; a second one raises `NotInTimeWindowError`.
        """
        return await core.resync_once(self, send)

    def timeout_hint(self) -> str:
        """What a timeout may mean beyond a silent agent, for the TimeoutError's message."""
        if self.user.priv_key is None:
            return ""
        # Agents (Net-SNMP among them) drop what decrypts to garbage without a Report.
        return (
            "; agents also stay silent when they cannot decrypt a request: check the "
            "privacy protocol, privacy key/password and key expansion of user "
            f"{self.user.name!r}"
        )

    async def use_engine(self, engine_id: bytes, boots: int = 0, time: int = 0) -> None:
        """Localizes the keys for an engine, off the event loop (password hashing takes ms)."""
        import anyio.to_thread

        await anyio.to_thread.run_sync(self.set_engine, engine_id, boots, time)
