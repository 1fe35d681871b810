"""The local SNMPv3 engine: the authoritative side of USM for agents and notifications.

A `LocalEngine` owns an engine id, its boots and time, and users whose keys
are localized to that engine id. It turns incoming v3 messages into PDUs or
Reports (discovery, unknown user, wrong digest, decryption error,
unsupported security level, not in time window, unknown context), counting
the usmStats counters, and wraps outgoing PDUs (responses, traps, inform
acknowledgements) at the wanted security level. The work is done by the C++
core (``core.UsmEngine``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

import attrs

from ._codec import core
from ._errors import ArgumentTypeError, ConfigurationError
from ._types import engine_id_octets
from ._usm import User, core_user_args

__all__ = ("LocalEngine", "UsmStats", "generate_engine_id")

#: The largest UDP payload: the msgMaxSize a local engine advertises.
MAX_MESSAGE_SIZE = 65507

#: msgFlags bits of the security levels.
LEVEL_FLAGS = {"noAuthNoPriv": 0, "authNoPriv": 1, "authPriv": 3}


def generate_engine_id() -> bytes:
    """A new RFC 3411 engine id: ``80 00 00 00`` (no enterprise), format 5, 8 random octets."""
    return b"\x80\x00\x00\x00\x05" + secrets.token_bytes(8)


@attrs.frozen
class UsmStats:
    """The usmStats counters (RFC 3414 5) and the SNMPv3 counters of other MIBs."""

    unsupported_sec_levels: int
    not_in_time_windows: int
    unknown_user_names: int
    unknown_engine_ids: int
    wrong_digests: int
    decryption_errors: int
    unknown_security_models: int
    unknown_contexts: int
    unknown_pdu_handlers: int


def user_list(users: object, what: str = "users") -> list[User]:
    """`users` (an iterable of `User`) as a list.

    Raises:
        ArgumentTypeError: one User, or what is no iterable of them.
    """
    if isinstance(users, (User, str, bytes)) or not isinstance(users, Iterable):
        one = "one " if isinstance(users, User) else ""
        raise ArgumentTypeError(
            f"{what} is a list of anysnmp.User, not {one}{type(users).__name__}: [User(...)]"
        )
    found = list(users)
    for user in found:
        if not isinstance(user, User):
            raise ArgumentTypeError(f"users must be anysnmp.User, not {type(user).__name__}")
    return found


class LocalEngine(core.UsmEngine):
    """An SNMPv3 engine with its users.

    Args:
        users: the USM users (their keys are localized here: password hashing
            takes a few ms per user, once per process and password).
        engine_id: 5 to 32 octets; generated (`generate_engine_id`) when None.
        boots: msgAuthoritativeEngineBoots; raise it on each restart with the
            same engine id so that requesters resynchronize.
        time: the engine time now, in seconds (it then follows the clock).
        accept_foreign: also accept `users`' unconfirmed messages (traps) that
            are authoritative at any other engine, localizing the keys per engine id.
        engine_users: users by engine id (keys localized to each), as rows of
            usmUserTable: another engine's are accepted in that engine's traps
            only; this engine's (its id, or None) are its own only, for the
            messages sent to it. One name may be a user of several engines.
    """

    def __init__(
        self,
        users: Iterable[User],
        *,
        engine_id: bytes | None = None,
        boots: int = 1,
        time: int = 0,
        accept_foreign: bool = False,
        engine_users: Mapping[bytes | None, Iterable[User]] | None = None,
    ) -> None:
        for value in (boots, time):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
                raise ConfigurationError("engine boots and time are 0..2^31-1")
        super().__init__(
            generate_engine_id()
            if engine_id is None
            else engine_id_octets(engine_id, "generates one"),
            boots,
            time,
            MAX_MESSAGE_SIZE,
        )
        #: This engine's users, by name.
        self.users: dict[bytes, User] = {}
        rows = [(b"", user, accept_foreign) for user in user_list(users)]
        if engine_users is not None and not isinstance(engine_users, Mapping):
            raise ArgumentTypeError(
                "engine_users maps engine ids to their users: {bytes.fromhex('80...'): [user]}, "
                f"not {type(engine_users).__name__}"
            )
        for engine, some in (engine_users or {}).items():
            octets = b"" if engine is None else engine_id_octets(engine, "names this engine")
            rows += [
                (b"" if octets == self.engine_id else octets, user, False)
                for user in user_list(some, "engine_users' values")
            ]
        known = set()
        for engine, user, any_engine in rows:
            if (engine, user.name) in known:
                of = f" of engine {engine.hex()}" if engine else ""
                raise ConfigurationError(f"duplicate SNMPv3 user {user.name!r}{of}")
            known.add((engine, user.name))
            self.add_user(*core_user_args(user), engine, any_engine)
            if not engine:
                self.users[user.name.encode()] = user

    @property
    def stats(self) -> UsmStats:
        """The counters so far."""
        c = self.counters
        return UsmStats(
            c["usmStatsUnsupportedSecLevels"],
            c["usmStatsNotInTimeWindows"],
            c["usmStatsUnknownUserNames"],
            c["usmStatsUnknownEngineIDs"],
            c["usmStatsWrongDigests"],
            c["usmStatsDecryptionErrors"],
            c["snmpUnknownSecurityModels"],
            c["snmpUnknownContexts"],
            c["snmpUnknownPDUHandlers"],
        )

    def __repr__(self) -> str:
        return (
            f"LocalEngine(engine_id={self.engine_id.hex()}, boots={self.engine_boots}, "
            f"users={len(self.users)})"
        )
