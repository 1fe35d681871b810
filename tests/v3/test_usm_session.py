"""SNMPv3 sessions against our own agent: Reports, resynchronization, MACs and ciphers.

The C++ codec raises Reports itself (no Python code per message) and
`core.resync_once` re-sends after a notInTimeWindow Report; the MACs use the
digests' own states and AES-CFB runs on one keyed ECB context. Our agent can
be made to misbehave in ways Net-SNMP cannot (its engine time jumps, forwards
or back, while a session runs), and serves sans-IO for message-level checks.
"""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread
import pytest
from peers import V3_USERS

import anysnmp.sync
from anysnmp import (
    Agent,
    AuthError,
    CommandResponder,
    DecodeError,
    DecryptionError,
    MibView,
    NotInTimeWindowError,
    OctetString,
    SnmpSession,
    UnknownEngineIdError,
    UnknownUserNameError,
    UnsupportedSecurityLevelError,
    User,
    WrongDigestError,
)
from anysnmp._codec import PduType
from anysnmp._engine import LocalEngine
from anysnmp._types import Tag
from anysnmp._usm import SessionCodec

pytestmark = pytest.mark.anyio

USERS = {u.name: u for u in V3_USERS}
ENGINE_ID = bytes.fromhex("8000000005") + b"usm-session"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
NOT_IN_TIME_WINDOW = (
    "the request fell outside the agent's time window even after a resync: the agent's "
    "engine boots/time changed (restarted?); call refresh()"
)


def session(address: tuple[str, int], user: User, **options: Any) -> SnmpSession:
    options.setdefault("timeout", 5)
    options.setdefault("retries", 0)
    return SnmpSession(*address, user=user, max_repetitions=25, **options)


def clock_jump(responder: CommandResponder, users: list[User], *, time: int) -> None:
    """The agent's engine, same id and boots, now at engine time `time`."""
    boots = responder.engine.engine_boots
    responder.engine = LocalEngine(users, engine_id=ENGINE_ID, boots=boots, time=time)


# --- every Report kind: the same error class and message, from GET, walk and request ----

SHAAES = USERS["shaaes"]
REPORTS: dict[str, tuple[Any, dict[str, Any], type[AuthError], str]] = {
    "unsupported-level": (
        USERS["sha256aes256"].user(),
        {},
        UnsupportedSecurityLevelError,
        "the agent does not allow user 'sha256aes256' at authPriv: check which of "
        "auth_key/priv_key the agent configures for this user",
    ),
    "unknown-user": (
        User("nobody"),
        {},
        UnknownUserNameError,
        "the agent has no SNMPv3 user 'nobody': check the user name",
    ),
    "unknown-engine": (
        SHAAES.user(),
        {"engine_id": bytes.fromhex("8000000005") + b"other"},
        UnknownEngineIdError,
        "the agent rejected engine id 80000000056f74686572: an engine_id= given is wrong (drop "
        "it to discover the agent's), or the agent's changed since it was discovered (refresh())",
    ),
    "wrong-digest": (
        SHAAES.user(auth_password="not-the-auth-password"),
        {},
        WrongDigestError,
        "authentication failed for user 'shaaes': check the auth protocol and auth key/password",
    ),
    "decryption": (
        SHAAES.user(priv_password="not-the-priv-password"),
        {},
        DecryptionError,
        "the agent could not decrypt the request of user 'shaaes': check the privacy "
        "protocol, privacy key/password and key expansion",
    ),
    "unknown-context": (
        SHAAES.user(),
        {"context_name": "elsewhere"},
        AuthError,
        "the agent answered with a Report: snmpUnknownContexts (check context_name)",
    ),
}


async def by_get(s: SnmpSession) -> None:
    await s.get(SYS_DESCR)


async def by_walk(s: SnmpSession) -> None:
    async for _ in s.getbulk("1.3.6"):
        pass


async def by_request(s: SnmpSession) -> None:
    await s.request(PduType.GETNEXT, ["1.3.6"])


@pytest.mark.parametrize("call", [by_get, by_walk, by_request], ids=["get", "walk", "request"])
@pytest.mark.parametrize("kind", REPORTS)
async def test_reports_raise_the_same_errors(demo_view: MibView, kind: str, call: Any) -> None:
    user, options, error, message = REPORTS[kind]
    configured = [SHAAES.user(), User("sha256aes256")]  # the latter without keys
    responder = CommandResponder(demo_view, users=configured, engine_id=ENGINE_ID)
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        async with session(agent.addresses[0], user, **options) as s:
            with anyio.fail_after(4), pytest.raises(AuthError) as info:
                await call(s)
    assert type(info.value) is error
    assert str(info.value) == message


# --- resynchronization ------------------------------------------------------------------


async def test_walk_resyncs_once_when_the_engine_time_jumps_ahead(demo_view: MibView) -> None:
    users = [SHAAES.user()]
    responder = CommandResponder(demo_view, users=users, engine_id=ENGINE_ID)
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        async with session(agent.addresses[0], users[0]) as s:
            walked: list[Any] = []
            async for batch in s.walk_batches("1.3.6"):
                if not walked:  # between two requests of the walk, far outside the window
                    clock_jump(responder, users, time=100_000)
                walked.extend(batch)
            assert walked == [(oid, demo_view[oid].value) for oid in demo_view.oids()]
            assert s._usm is not None and s._usm.engine_time >= 100_000  # adopted, authenticated
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"  # and kept
    assert responder.engine.stats.not_in_time_windows == 1  # one Report, one re-send


class RunawayClock(CommandResponder):
    """An agent whose engine time leaps 100,000 s ahead before it answers each request."""

    def __init__(self, view: MibView, users: list[User]) -> None:
        super().__init__(view, users=users, engine_id=ENGINE_ID)
        self.user_list = users
        self.answered = 0

    def _respond(self, data: bytes, max_size: int | None) -> bytes | None:
        # What every way in calls (the Agent's inline `answer`, `respond`, ``__call__``).
        clock_jump(self, self.user_list, time=self.engine.engine_time + 100_000)
        self.answered += 1
        return super()._respond(data, max_size)


@pytest.mark.parametrize("call", [by_get, by_walk, by_request], ids=["get", "walk", "request"])
async def test_a_second_not_in_time_window_report_raises(demo_view: MibView, call: Any) -> None:
    users = [USERS["sha512aes256"].user()]
    responder = RunawayClock(demo_view, users)
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        async with session(agent.addresses[0], users[0]) as s:
            assert s._usm is not None
            responder.answered = 0
            with anyio.fail_after(4), pytest.raises(NotInTimeWindowError) as info:
                await call(s)
            assert str(info.value) == NOT_IN_TIME_WINDOW
            assert info.value.__cause__ is None and info.value.__suppress_context__
            assert responder.answered == 2  # the request and one re-send, never a third
            assert s._usm.engine_time >= 200_000  # both Reports were authenticated and newer


async def test_older_boots_or_time_are_not_adopted(demo_view: MibView) -> None:
    # An authenticated Report older than what the session trusts is outside the window
    # and dropped (RFC 3414 3.2 7b): the request times out, and nothing moves back.
    users = [USERS["sha256aes256"].user()]
    responder = CommandResponder(demo_view, users=users, engine_id=ENGINE_ID, engine_boots=9)
    clock_jump(responder, users, time=50_000)
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        async with session(agent.addresses[0], users[0], timeout=0.3) as s:
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"
            assert s._usm is not None
            boots, time = s._usm.engine_boots, s._usm.engine_time
            assert (boots, time >= 50_000) == (9, True)

            clock_jump(responder, users, time=10)  # same boots, an older time
            with anyio.fail_after(4), pytest.raises(TimeoutError):
                await s.get(SYS_NAME)
            assert (s._usm.engine_boots, s._usm.engine_time >= time) == (9, True)

            responder.engine = LocalEngine(users, engine_id=ENGINE_ID, boots=8, time=60_000)
            with anyio.fail_after(4), pytest.raises(TimeoutError):
                await s.get(SYS_NAME)
            assert (s._usm.engine_boots, s._usm.engine_time >= time) == (9, True)

            responder.engine = LocalEngine(users, engine_id=ENGINE_ID, boots=10, time=5)
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"  # newer boots: resynced
            assert (s._usm.engine_boots, s._usm.engine_time < 1000) == (10, True)
            assert responder.engine.stats.not_in_time_windows == 1

            clock_jump(responder, users, time=0)  # the clock went back: only refresh() helps
            await s.refresh()
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"


BOOTS_AT_MOST = (
    "the agent's snmpEngineBoots is 2147483647, the most there is: RFC 3414 makes its engine "
    f"{ENGINE_ID.hex()} refuse every authenticated request (notInTimeWindow) until it is "
    "reconfigured with a new engine id or its boots reset; only noAuthNoPriv requests pass"
)


async def test_engine_boots_at_most_is_an_error_not_a_timeout(demo_view: MibView) -> None:
    # An engine whose boots reached 2^31-1 answers every authenticated request with an
    # authenticated notInTimeWindow Report that is itself outside the window (RFC 3414
    # 2.2.2, 3.2 7): dropped, it timed out (Net-SNMP's snmpget: "Timeout: No Response").
    users = [USERS["sha256aes256"].user(), User("noauth")]
    responder = CommandResponder(
        demo_view, users=users, engine_id=ENGINE_ID, engine_boots=2**31 - 1
    )
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        address = agent.addresses[0]
        async with session(address, users[0]) as s:  # discovery: boots 2^31-1, unauthenticated
            for call in (by_get, by_walk, by_request):
                with anyio.fail_after(4), pytest.raises(NotInTimeWindowError) as info:
                    await call(s)
                assert str(info.value) == BOOTS_AT_MOST
                assert info.value.engine_boots == 2**31 - 1

        def blocking() -> None:
            with (
                anysnmp.sync.SnmpSession(*address, user=users[0], timeout=5, retries=0) as b,
                pytest.raises(NotInTimeWindowError, match=r"snmpEngineBoots is 2147483647"),
            ):
                b.get(SYS_NAME)

        with anyio.fail_after(4):
            await anyio.to_thread.run_sync(blocking)
        async with session(address, users[1]) as s:  # no time window without authentication
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"

        responder.engine = LocalEngine(users, engine_id=ENGINE_ID, boots=7)  # reconfigured
        async with session(address, users[0]) as s:
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"
            responder.engine = LocalEngine(users, engine_id=ENGINE_ID, boots=2**31 - 1)
            with anyio.fail_after(4), pytest.raises(NotInTimeWindowError, match="2147483647"):
                await s.get(SYS_NAME)  # reached while the session was open


# --- MACs and ciphers, message by message (sans-IO) ---------------------------------------


def sans_io(view: MibView, user: User, **options: Any) -> tuple[CommandResponder, SessionCodec]:
    responder = CommandResponder(view, users=[user], engine_id=ENGINE_ID, **options)
    codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=65507)
    codec.set_engine(ENGINE_ID, responder.engine.engine_boots, responder.engine.engine_time)
    return responder, codec


def answer(responder: CommandResponder, request: bytes) -> bytes:
    response = responder.respond(request)
    assert response is not None
    return response


AUTH_USERS = [
    "md5",
    "sha",
    "md5des",
    "sha224aes192",
    "sha256aes256",
    "sha384aes256",
    "sha512aes256",
]


@pytest.mark.parametrize("name", AUTH_USERS)
def test_every_tampered_octet_is_dropped(demo_view: MibView, name: str) -> None:
    responder, codec = sans_io(demo_view, USERS[name].user())
    data = answer(responder, codec.encode_request(PduType.GET, 7, [SYS_DESCR]))
    for position in range(len(data)):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        try:
            result = codec.decode_response(bytes(tampered), 7)
        except DecodeError:
            continue  # a broken length or tag
        assert result is None, position  # the MAC check drops everything else
    expected = (PduType.RESPONSE, 0, 0, [(SYS_DESCR, demo_view[SYS_DESCR].value)])
    assert codec.decode_response(data, 7) == expected


@pytest.mark.parametrize("name", ["md5des", "shaaes", "sha224aes192", "sha256aes256", "shaaes256c"])
def test_ciphers_keep_no_state_between_messages(demo_view: MibView, name: str) -> None:
    # Requests and responses of many sizes through one codec and one agent engine, each
    # with its own cipher contexts kept across messages: short requests are encrypted
    # block by block, longer ones in one call; every response is decrypted at once.
    user = USERS[name].user()
    responder, codec = sans_io(demo_view, user, user_access={name: "rw"})
    request_id = 100
    for size in (1, 15, 16, 17, 40, 60, 61, 62, 100, 127, 128, 129, 300, 1000, 2, 700, 3):
        value = bytes((i * 7 + size) % 256 for i in range(size))
        request_id += 1
        request = codec.encode_request(
            PduType.SET, request_id, [(SYS_NAME, int(Tag.OCTET_STRING), value)]
        )
        assert codec.decode_response(answer(responder, request), request_id) == (
            PduType.RESPONSE,
            0,
            0,
            [(SYS_NAME, value)],
        )
        request_id += 1
        request = codec.encode_request(PduType.GET, request_id, [SYS_NAME, SYS_DESCR])
        assert codec.decode_response(answer(responder, request), request_id) == (
            PduType.RESPONSE,
            0,
            0,
            [(SYS_NAME, value), (SYS_DESCR, demo_view[SYS_DESCR].value)],
        )
    assert demo_view[SYS_NAME] == OctetString(value)
    assert responder.engine.stats.decryption_errors == 0
