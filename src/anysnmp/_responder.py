"""CommandResponder: an SNMP agent answering Get, GetNext, GetBulk and Set from a MibView.

The protocol core is sans-IO (`CommandResponder.respond`: request octets in,
response octets or None out); `Agent` calls it inline for each datagram.

Message size: v1 and v2c requests do not state how large a response the
manager accepts, so responses are kept within ``max_response_size`` (1472
octets by default: the UDP payload of an unfragmented IPv4 packet on a 1500
octet MTU; RFC 3417 only guarantees 484); v3 responses also within the
requester's msgMaxSize. Any response that does not fit, success or error,
becomes tooBig with no varbinds (v1: the request's, RFC 1157), or is dropped
when even that does not fit; a Set that would not fit writes nothing. A
GetBulk response is shortened instead (RFC 3416 4.2.3), and is tooBig only
when not even one varbind fits. By default (``max_response_size`` None) a
read answered with one varbind may take up to a datagram's 65507 octets (and
the requester's msgMaxSize): a value longer than 1472 octets, which a manager
cannot ask for in smaller parts, is served as Net-SNMP's snmpd and snmpsim
serve it, where a limit of 1472 made it tooBig and stopped every walk there.

Over TCP (RFC 3430) the limit is not a datagram's: `Agent` gives its
connections' ``max_message_size`` with each request (`Request.max_size`),
which replaces ``max_response_size``; a v3 response is still kept within the
requester's msgMaxSize.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from itertools import accumulate
from typing import TYPE_CHECKING, Literal

import attrs

from ._codec import PduType, core
from ._engine import LEVEL_FLAGS, MAX_MESSAGE_SIZE, LocalEngine, user_list
from ._errors import (
    ArgumentTypeError,
    ConfigurationError,
    DecodeError,
    ErrorStatus,
    check_setting,
)
from ._failures import FailureLog
from ._mibview import DYNAMIC, MibView
from ._rows import RowChanges, test_and_incr
from ._transport import Later
from ._types import SnmpVersion, Tag, octets, typed_value
from ._usm import User
from ._variation import Delayed, VarbindError, Variation

if TYPE_CHECKING:
    from ._agent import Request

__all__ = ("CommandResponder", "ResponderStats")

logger = logging.getLogger("anysnmp.agent")

Access = Literal["ro", "rw"]

# The error-statuses it answers with, as ints.
NO_ERROR = int(ErrorStatus.NO_ERROR)
TOO_BIG = int(ErrorStatus.TOO_BIG)
NO_SUCH_NAME = int(ErrorStatus.NO_SUCH_NAME)
BAD_VALUE = int(ErrorStatus.BAD_VALUE)
GEN_ERR = int(ErrorStatus.GEN_ERR)
NO_ACCESS = int(ErrorStatus.NO_ACCESS)
WRONG_TYPE = int(ErrorStatus.WRONG_TYPE)
WRONG_VALUE = int(ErrorStatus.WRONG_VALUE)
NO_CREATION = int(ErrorStatus.NO_CREATION)
AUTHORIZATION_ERROR = int(ErrorStatus.AUTHORIZATION_ERROR)
NOT_WRITABLE = int(ErrorStatus.NOT_WRITABLE)

#: RFC 3584 4.4: v2 error-status -> v1 error-status.
_V1_STATUS: dict[int, int] = {
    ErrorStatus.NO_ACCESS: NO_SUCH_NAME,
    ErrorStatus.WRONG_TYPE: BAD_VALUE,
    ErrorStatus.WRONG_LENGTH: BAD_VALUE,
    ErrorStatus.WRONG_ENCODING: BAD_VALUE,
    ErrorStatus.WRONG_VALUE: BAD_VALUE,
    ErrorStatus.NO_CREATION: NO_SUCH_NAME,
    ErrorStatus.INCONSISTENT_VALUE: BAD_VALUE,
    ErrorStatus.RESOURCE_UNAVAILABLE: GEN_ERR,
    ErrorStatus.COMMIT_FAILED: GEN_ERR,
    ErrorStatus.UNDO_FAILED: GEN_ERR,
    ErrorStatus.AUTHORIZATION_ERROR: NO_SUCH_NAME,
    ErrorStatus.NOT_WRITABLE: NO_SUCH_NAME,
    ErrorStatus.INCONSISTENT_NAME: NO_SUCH_NAME,
}

#: Octets a response message adds around its varbinds, beyond the community:
#: message and PDU headers (4 each), version (3), community header (up to 4),
#: request-id (up to 6), error-status (3), error-index (up to 5), list header (4).
_OVERHEAD = 33

#: The default size of responses: the UDP payload of an unfragmented IPv4 packet on a
#: 1500-octet MTU.
DEFAULT_RESPONSE_SIZE = 1472

_V1 = SnmpVersion.v1
_V3 = SnmpVersion.v3
_NO_SUCH_OBJECT = int(Tag.NO_SUCH_OBJECT)
_NO_SUCH_INSTANCE = int(Tag.NO_SUCH_INSTANCE)
_END_OF_MIB_VIEW = int(Tag.END_OF_MIB_VIEW)
_INTEGER = int(Tag.INTEGER)
#: A v1 response carries only tags below Counter64's (RFC 3584 4.2.2.1): not Counter64 nor
#: the exception values (128-130) some variations answer with; those are skipped or noSuchName.
_V1_TAGS_BELOW = int(Tag.COUNTER64)


@attrs.define
class ResponderStats:
    """Counters of what a CommandResponder received and did not answer."""

    requests: int = 0
    malformed: int = 0
    bad_community: int = 0
    ignored: int = 0
    too_big: int = 0
    #: Calls of the view's getters that raised (each answered genErr).
    getter_errors: int = 0


class _Error(Exception):
    """An error-status for the whole request (internal control flow)."""

    def __init__(self, status: int, index: int) -> None:
        self.status = status
        self.index = index


class CommandResponder:
    """An SNMP agent's command responder: a handler for `Agent` serving a `MibView`.

    Answers Get, GetNext, GetBulk and Set for v1, v2c (RFC 3416, with the
    RFC 3584 v1 translations: noSuchName/badValue, no Counter64 and no
    exception values for v1) and v3 (USM, contextName "" only). Never
    answers a Response, Report, Trap or Inform; malformed requests and
    unknown communities are dropped and counted in `stats` (USM failures
    in ``engine.stats``). A response the view's records delay (snmpsim's
    delay module) is sent late by `answer` (raising `Later` for the agent)
    and ``__call__``; `respond` returns it at once.

    Args:
        view: the data served (and changed by Set).
        communities: ``{community: "ro" | "rw"}`` (a community a str, or bytes);
            only "rw" communities may Set. Default: ``{"public": "ro"}`` (nothing
            may Set), or none when `users` are given (v3 only, as Net-SNMP's snmpd
            configured with users alone).
        users: SNMPv3 users (`User`); they may read.
        user_access: ``{user name: "ro" | "rw"}``; only "rw" users may Set
            (users not named here are read-only).
        engine_id: the SNMPv3 engine id (5-32 octets); generated when None.
        engine_boots: the SNMPv3 engine boots: raise it when restarting with
            the same engine id.
        max_response_size: the largest response message sent over UDP, in octets (484
            to 65507, the largest datagram). None: 1472 (an unfragmented datagram on
            a 1500-octet MTU), but a Get's, GetNext's or GetBulk's answer of one
            varbind up to 65507, so that every value is served.
        max_repetitions: cap on a GetBulk's max-repetitions (at least 1).
    """

    def __init__(
        self,
        view: MibView,
        *,
        communities: Mapping[str, Access] | None = None,
        users: Iterable[User] = (),
        user_access: Mapping[str, Access] | None = None,
        engine_id: bytes | None = None,
        engine_boots: int = 1,
        max_response_size: int | None = None,
        max_repetitions: int = 1000,
    ) -> None:
        if not isinstance(view, MibView):
            raise ArgumentTypeError(
                f"CommandResponder serves a MibView, not a {type(view).__name__}: "
                "CommandResponder(MibView({oid: value}))"
            )
        users = user_list(users)
        if communities is None:
            communities = {} if users else {"public": "ro"}
        if not isinstance(communities, Mapping):
            raise ArgumentTypeError(
                "communities maps each community to its access: {'public': 'ro', 'private': 'rw'}"
            )
        if user_access is not None and not isinstance(user_access, Mapping):
            raise ArgumentTypeError(
                f"user_access maps user names to their access: {{'admin': 'rw'}}, "
                f"not {type(user_access).__name__}"
            )
        user_access = dict(user_access or {})
        for kind, table in (("community", communities), ("user", user_access)):
            for name, access in table.items():
                if access not in ("ro", "rw"):
                    raise ConfigurationError(
                        f"{kind} {name!r}: access must be 'ro' or 'rw', not {access!r}"
                    )
        unknown = set(user_access) - {user.name for user in users}
        if unknown:
            raise ConfigurationError(
                f"user_access names users that are not in users: {sorted(unknown)}"
            )
        check_setting("max_repetitions", max_repetitions, 1)
        self.view = view
        self.stats = ResponderStats()
        #: Getters that raise: each OID's first failure with its traceback, then a line a minute.
        self._getter_failures = FailureLog(logger)
        #: Seconds the response to the request being answered waits (`math.inf`: never sent).
        self._wait = 0.0
        self.max_response_size = max_response_size
        self.max_repetitions = max_repetitions
        self._communities = {
            octets("community", name): access for name, access in communities.items()
        }
        #: The SNMPv3 engine. Without users it serves nothing over v3, but answers as
        #: snmpd does: discovery, then usmStatsUnknownUserNames Reports.
        self.engine = LocalEngine(users, engine_id=engine_id, boots=engine_boots)
        self._users: dict[bytes, tuple[Access, int]] = {
            user.name.encode(): (user_access.get(user.name, "ro"), LEVEL_FLAGS[user.security_level])
            for user in users
        }

    @property
    def max_response_size(self) -> int | None:
        """The largest response sent over UDP (None: 1472, a read's one varbind up to 65507)."""
        return self._max_response_size

    @max_response_size.setter
    def max_response_size(self, size: int | None) -> None:
        if size is not None:
            check_setting("max_response_size", size, 484, most=MAX_MESSAGE_SIZE)
        self._max_response_size = size
        #: The size of a response over UDP, and of a read's answer of one varbind.
        self._sizes = (DEFAULT_RESPONSE_SIZE, MAX_MESSAGE_SIZE) if size is None else (size, size)

    async def __call__(self, request: Request) -> None:
        reply = self._respond(request.data, request.max_size)
        wait, self._wait = self._wait, 0.0
        if reply is not None and wait != math.inf:
            if wait:
                import anyio

                await anyio.sleep(wait)
            await request.reply(reply)

    def answer(self, request: Request) -> bytes | None:
        """The reply to a request (`Agent` calls this inline, without a task).

        Raises:
            Later: a reply that waits (records of snmpsim's delay module).
        """
        reply = self._respond(request.data, request.max_size)
        if self._wait:
            wait, self._wait = self._wait, 0.0
            if reply is not None and wait != math.inf:
                raise Later(reply, wait)
            return None
        return reply

    def respond(self, data: bytes, max_size: int | None = None) -> bytes | None:
        """The response message to a request message, or None to drop it.

        The response is returned at once: a wait some records ask for
        (snmpsim's delay module) is kept by `answer` and ``__call__``.

        Args:
            data: the request message.
            max_size: the largest response the transport carries, instead of
                ``max_response_size`` (a TCP connection's limit).
        """
        reply = self._respond(data, max_size)
        self._wait = 0.0
        return reply

    def _respond(self, data: bytes, max_size: int | None) -> bytes | None:
        """`respond`, leaving in `_wait` how long the response waits."""
        limit, lone = self._sizes if max_size is None else (max_size, max_size)
        try:
            version, community, pdu_type, request_id, field2, field3, varbinds, raw = (
                core.decode_request(data)
            )
        except DecodeError:
            if core.message_version(data) == _V3:
                return self._respond_v3(self.engine, data, limit, lone)
            self.stats.malformed += 1
            return None
        access = self._communities.get(community)
        if access is None:
            self.stats.bad_community += 1
            return None
        if (pdu_type == PduType.GETBULK and version == _V1) or pdu_type not in _HANDLED:
            self.stats.ignored += 1
            return None
        self.stats.requests += 1
        overhead = _OVERHEAD + len(community)
        result = self._answer(
            version,
            pdu_type,
            field2,
            field3,
            varbinds,
            raw,
            access,
            limit - overhead,
            lone - overhead,
        )
        if result is None:
            return None
        response: bytes = core.encode_response(
            version, community, PduType.RESPONSE, request_id, *result
        )
        return response

    def _respond_v3(self, engine: LocalEngine, data: bytes, limit: int, lone: int) -> bytes | None:
        """The USM layer: a Report, nothing, or the response at the request's security level."""
        try:
            decoded = engine.decode(data)
            if decoded is None or isinstance(decoded, bytes):
                return decoded  # dropped, or a Report (counted by the engine)
            state, _, max_size, overhead, pdu = decoded
            pdu_type, request_id, field2, field3, varbinds, raw = core.decode_pdu_request(pdu)
        except DecodeError:
            self.stats.malformed += 1
            return None
        if pdu_type not in _HANDLED:
            self.stats.ignored += 1
            return None
        self.stats.requests += 1
        _, level, user, _, _ = state
        access, needed = self._users[user]
        result = self._answer(
            _V3,
            pdu_type,
            field2,
            field3,
            varbinds,
            raw,
            access if level >= needed else None,
            min(max_size, limit) - overhead,
            min(max_size, lone) - overhead,
        )
        if result is None:
            return None
        response: bytes = engine.encode(*state, PduType.RESPONSE, request_id, *result)
        return response

    def _answer(
        self,
        version: int,
        pdu_type: int,
        field2: int,
        field3: int,
        varbinds: list[tuple[bytes, int, object]],
        raw: bytes,
        access: Access | None,
        budget: int,
        lone: int,
    ) -> tuple[int, int, bytes] | None:
        """(error-status, error-index, varbind list content) answering a request, or None.

        ``access`` None: the request's security level is below its user's
        (authorizationError). The one size rule of every response (RFC 3416
        4.2.1-4.2.5, RFC 1157 4.1.2): varbinds beyond ``budget`` octets (what
        fits in the smaller of the requester's msgMaxSize and the
        transport's limit; a read's one varbind, ``lone``) make it tooBig with
        no varbinds (v1: the request's), dropped (None) when even that does not
        fit; a Set whose response would not fit writes nothing (RFC 3416 4.2.5).
        """
        status = index = NO_ERROR
        try:
            if access is None:
                raise _Error(AUTHORIZATION_ERROR, 0)
            if pdu_type == PduType.GET:
                body = b"".join(self._get(version, varbinds))
            elif pdu_type == PduType.GETNEXT:
                body = b"".join(self._getnext(version, varbinds))
            elif pdu_type == PduType.GETBULK:
                body = b"".join(self._getbulk(varbinds, field2, field3, budget, lone))
                if not body and varbinds and (field2 > 0 or field3 > 0):
                    raise _Error(TOO_BIG, 0)  # varbinds were due, and not one fits
            elif len(raw) > budget:  # a Set: its response echoes the request
                raise _Error(TOO_BIG, 0)
            else:
                self._set(varbinds, access)
                body = raw
        except _Error as err:
            status, index, body = err.status, err.index, raw
        if status != TOO_BIG and (
            len(body) <= budget
            or (  # a read's one varbind (a GetBulk's, past budget, is one)
                not status
                and len(body) <= lone
                and (len(varbinds) == 1 or pdu_type == PduType.GETBULK)
            )
        ):
            if version == _V1 and status:
                status = _V1_STATUS.get(status, status)
            return status, index, body
        self.stats.too_big += 1
        body = raw if version == _V1 else b""
        return (TOO_BIG, 0, body) if len(body) <= budget else None

    def _value(self, i: int, index: int) -> tuple[bytes, int]:
        """Entry i's encoded varbind and tag; a variation's error-status as `_Error`."""
        try:
            return self.view.encoded(i)
        except VarbindError as answer:
            status = answer.status
        except Delayed as late:
            self._wait += late.seconds
            if late.value is not None:
                tag = int(late.value.tag)
                return core.encode_varbind(self.view.keys[i], tag, late.value.value), tag
            status = _NO_SUCH_INSTANCE
        except Exception as error:
            self.stats.getter_errors += 1
            key = self.view.keys[i]
            now = self.view.clock.monotonic()
            self._getter_failures.failed(key, now, error, f"getter of {core.key_oid(key)}")
            raise _Error(GEN_ERR, index) from None
        if status < _NO_SUCH_OBJECT:
            raise _Error(status, index)
        return core.encode_varbind(self.view.keys[i], status, None), status

    def _get(self, version: int, varbinds: list[tuple[bytes, int, object]]) -> list[bytes]:
        view = self.view
        parts = []
        for index, (key, _, _) in enumerate(varbinds, 1):
            i = view.index_of(key)
            if i >= 0:
                encoded, tag = self._value(i, index)
                if tag < _V1_TAGS_BELOW or version != _V1:
                    parts.append(encoded)
                    continue
            if version == _V1:
                raise _Error(NO_SUCH_NAME, index)
            parts.append(core.encode_varbind(key, view.missing(key), None))
        return parts

    def _next(self, version: int, i: int, index: int) -> tuple[bytes, int] | None:
        """The first entry at or after position i (skipping, for v1, what v1 cannot carry)."""
        n = len(self.view.keys)
        while i < n:
            encoded, tag = self._value(i, index)
            if tag < _V1_TAGS_BELOW or version != _V1:
                return encoded, i
            i += 1
        return None

    def _getnext(self, version: int, varbinds: list[tuple[bytes, int, object]]) -> list[bytes]:
        parts = []
        for index, (key, _, _) in enumerate(varbinds, 1):
            found = self._next(version, self.view.index_after(key), index)
            if found is not None:
                parts.append(found[0])
            elif version == _V1:
                raise _Error(NO_SUCH_NAME, index)
            else:
                parts.append(core.encode_varbind(key, _END_OF_MIB_VIEW, None))
        return parts

    def _getbulk(
        self,
        varbinds: list[tuple[bytes, int, object]],
        non_repeaters: int,
        max_repetitions: int,
        budget: int,
        lone: int,
    ) -> list[bytes]:
        """RFC 3416 4.2.3, shortened to ``budget`` octets of varbinds (one varbind, up to
        ``lone`` octets, when not one fits)."""
        view = self.view
        keys, entries, tags = view.keys, view.entries, view.tags
        n_keys = len(keys)
        n = min(max(non_repeaters, 0), len(varbinds))
        m = min(max(max_repetitions, 0), self.max_repetitions)
        parts: list[bytes] = []
        size = 0
        for index in range(n):
            key = varbinds[index][0]
            found = self._next(SnmpVersion.v2c, view.index_after(key), index + 1)
            encoded = (
                found[0] if found is not None else core.encode_varbind(key, _END_OF_MIB_VIEW, None)
            )
            size += len(encoded)
            if size > budget and (parts or size > lone):
                return parts
            parts.append(encoded)
        repeaters = varbinds[n:]
        if not repeaters or not m:
            return parts
        positions = [view.index_after(key) for key, _, _ in repeaters]
        if len(positions) == 1 and DYNAMIC not in tags[positions[0] : positions[0] + m]:
            # A walk's request: one slice of static varbinds, cut to the budget.
            i = positions[0]
            chunk = entries[i : i + m]
            sizes = list(accumulate(map(len, chunk), initial=size))  # type: ignore[arg-type]
            fit = bisect_right(sizes, budget) - 1
            if fit < 1:  # none fits: a value longer than budget alone, or (non-repeaters') none
                fit = 1 if not parts and len(sizes) > 1 and sizes[1] <= lone else 0
            parts += chunk[:fit]  # type: ignore[arg-type]
            if fit == len(chunk) < m:  # the view ended before m repetitions
                name = keys[-1] if chunk else repeaters[0][0]
                end = core.encode_varbind(name, _END_OF_MIB_VIEW, None)
                if sizes[-1] + len(end) <= budget:
                    parts.append(end)
            return parts
        last = [key for key, _, _ in repeaters]
        for _ in range(m):
            at_end = 0
            for j, i in enumerate(positions):
                if i < n_keys:
                    entry = entries[i]
                    encoded = self._value(i, n + j + 1)[0] if callable(entry) else entry
                    positions[j] = i + 1
                    last[j] = keys[i]
                else:
                    encoded = core.encode_varbind(last[j], _END_OF_MIB_VIEW, None)
                    at_end += 1
                size += len(encoded)
                if size > budget and (parts or size > lone):
                    return parts
                parts.append(encoded)
            if at_end == len(positions):
                break
        return parts

    def _set(self, varbinds: list[tuple[bytes, int, object]], access: Access) -> None:
        """Validates every varbind, then writes them all (or none): with MIBs, TestAndIncr
        and RowStatus objects as SNMPv2-TC says (`_rows`)."""
        if access != "rw":
            raise _Error(NO_ACCESS, 1)
        view = self.view
        writes: list[tuple[int, int, object]] = []
        rows = RowChanges(view, varbinds)
        for index, (key, tag, value) in enumerate(varbinds, 1):
            i = view.index_of(key)
            rule = view.set_rule(key)  # with MIBs: its MAX-ACCESS and syntax (RFC 3416 4.2.5)
            if rule is not None and not rule.writable:
                raise _Error(NOT_WRITABLE, index)
            if i < 0:
                if not view.writable(key):
                    raise _Error(NOT_WRITABLE, index)
                status = rule.refusal(tag, value) if rule else 0
                if status or rule is None:
                    raise _Error(status or NO_CREATION, index)
                if rule.convention == "RowStatus":
                    status = rows.status(index, rule, key, None, value)
                elif rule.status is not None:
                    status = rows.column(index, rule, key, tag, value)
                else:
                    status = NO_CREATION
                if status:
                    raise _Error(status, index)
                continue
            entry = view.entries[i]
            variation = entry if isinstance(entry, Variation) else None
            if not (
                variation.settable
                if variation is not None
                else view.tags[i] != DYNAMIC and view.writable(key)
            ):
                raise _Error(NOT_WRITABLE, index)
            status = rule.refusal(tag, value) if rule is not None else 0
            if status:
                raise _Error(status, index)
            if tag != (view.tags[i] if variation is None else variation.tag):
                raise _Error(WRONG_TYPE, index)
            try:
                typed = typed_value(tag, value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise _Error(WRONG_VALUE, index) from None
            if variation is not None:
                status = variation.refusal(typed)  # type: ignore[arg-type]
                if status:
                    raise _Error(status, index)
                self._wait += variation.seconds(typed)  # type: ignore[arg-type]
            elif rule is not None and rule.convention == "TestAndIncr":
                status, value = test_and_incr(view.static_value(i), value)
            elif rule is not None and rule.convention == "RowStatus":
                current = view.static_value(i)
                current = current if isinstance(current, int) else None
                status = rows.status(index, rule, key, current, value)
                if not status:
                    continue
            elif rule is not None and rule.status is not None:
                status = rows.column(index, rule, key, tag, value)
            if status:
                raise _Error(status, index)
            writes.append((i, tag, value))
        refused = rows.settle()
        if refused is not None:
            raise _Error(*refused)
        for i, tag, value in writes:
            view.write(i, tag, value)
        rows.apply()


_HANDLED = frozenset((PduType.GET, PduType.GETNEXT, PduType.GETBULK, PduType.SET))
