"""SNMPv3 on the agent side: Net-SNMP's tools and our SnmpSession against our CommandResponder."""

from __future__ import annotations

import anyio
import anyio.abc
import pytest
from agent_helpers import NOBODY, NOBODY_USERS, OUTPUT, expected_walk, normalize, parse, run, serve
from peers import V3_USERS, Snmpd, V3User

from anysnmp import (
    Agent,
    AuthError,
    CommandResponder,
    DecryptionError,
    ErrorStatusError,
    MibView,
    OctetString,
    SnmpSession,
    UnknownEngineIdError,
    UnknownUserNameError,
    UnsupportedSecurityLevelError,
    User,
    WrongDigestError,
)
from anysnmp._codec import PduType, core
from anysnmp._responder import Access
from anysnmp._types import Tag
from anysnmp._usm import SessionCodec, core_user_args

pytestmark = pytest.mark.anyio

#: One user per security level and per family of algorithms (Net-SNMP names).
MATRIX = ("noauth", "md5", "sha", "md5des", "shaaes", "sha256aes256", "sha512aes256", "shaaes256c")
NETSNMP_USERS = {u.name: u for u in V3_USERS}
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
ENGINE_ID = bytes.fromhex("8000000005") + b"agent-v3"


def users() -> list[User]:
    return [NETSNMP_USERS[name].user() for name in MATRIX]


def writers() -> dict[str, str]:
    """Every matrix user may write except "sha" (the read-only one)."""
    return {name: "rw" for name in MATRIX if name != "sha"}


def walked(output: str) -> list[tuple[str, str]]:
    return [(oid, normalize(text)) for oid, text in parse(output) if not text.startswith("No more")]


def address(target: str) -> tuple[str, int]:
    host, port = target.rsplit(":", 1)
    return host, int(port)


# --- Net-SNMP's tools ----------------------------------------------------------------


@pytest.mark.parametrize("name", MATRIX)
async def test_netsnmp_get_walk_and_set(demo_view: MibView, name: str) -> None:
    u = NETSNMP_USERS[name]
    async with serve(demo_view, users=users(), user_access=writers()) as (target, responder):
        _, out, _ = await run("snmpbulkwalk", *u.netsnmp_args(), *OUTPUT, "-Cr25", target, "1.3")
        assert walked(out) == expected_walk(demo_view)
        _, out, _ = await run("snmpget", *u.netsnmp_args(), *OUTPUT, target, SYS_DESCR, SYS_NAME)
        assert walked(out) == [
            (SYS_DESCR, normalize(text))
            for oid, text in expected_walk(demo_view)
            if oid == SYS_DESCR
        ] + [
            (SYS_NAME, normalize(text)) for oid, text in expected_walk(demo_view) if oid == SYS_NAME
        ]
        rc, out, err = await run(
            "snmpset",
            *u.netsnmp_args(),
            *OUTPUT,
            target,
            SYS_NAME,
            "s",
            f"set-by-{name}",
            check=False,
        )
    if name == "sha":
        assert rc != 0 and "noAccess" in err
        assert demo_view[SYS_NAME] == OctetString(b"demo-sw1.example.net")
    else:
        assert rc == 0, err
        assert demo_view[SYS_NAME] == OctetString(f"set-by-{name}".encode())
    assert responder.stats.requests > 100
    stats = responder.engine.stats
    assert (stats.wrong_digests, stats.decryption_errors, stats.not_in_time_windows) == (0, 0, 0)
    assert stats.unknown_engine_ids >= 1  # each tool discovers the engine first


def wrong(u: V3User, **kwargs: str) -> list[str]:
    bad = V3User(
        kwargs.get("name", u.name),
        u.auth,
        kwargs.get("auth_password", u.auth_password),
        kwargs.get("priv", u.priv),
        kwargs.get("priv_password", u.priv_password),
    )
    args = bad.netsnmp_args()
    if "level" in kwargs:
        args[args.index("-l") + 1] = kwargs["level"]
    return args


@pytest.mark.parametrize(
    ("name", "change", "message", "counter"),
    [
        (
            "sha256aes256",
            {"auth_password": "not-the-password"},
            "Authentication failure",
            "wrong_digests",
        ),
        ("md5", {"auth_password": "not-the-password"}, "Authentication failure", "wrong_digests"),
        ("shaaes", {"priv_password": "not-the-password"}, "Decryption error", "decryption_errors"),
        ("md5des", {"priv_password": "not-the-password"}, "Decryption error", "decryption_errors"),
        ("shaaes", {"name": "nobody"}, "Unknown user name", "unknown_user_names"),
        (
            "md5",
            {"priv": "AES", "priv_password": "any-password"},
            "Unsupported security level",
            "unsupported_sec_levels",
        ),
    ],
)
async def test_netsnmp_sees_usm_errors(
    demo_view: MibView, name: str, change: dict[str, str], message: str, counter: str
) -> None:
    args = wrong(NETSNMP_USERS[name], **change)
    async with serve(demo_view, users=users()) as (target, responder):
        rc, _, err = await run("snmpget", *args, "-r", "0", target, SYS_DESCR, check=False)
    assert rc != 0 and message in err
    assert getattr(responder.engine.stats, counter) == 1


async def test_lower_level_than_the_users_is_not_authorized(demo_view: MibView) -> None:
    args = wrong(NETSNMP_USERS["shaaes"], level="authNoPriv")
    async with serve(demo_view, users=users()) as (target, _):
        rc, _, err = await run("snmpget", *args, target, SYS_DESCR, check=False)
    assert rc != 0 and "authorizationError" in err


async def test_only_the_default_context(demo_view: MibView) -> None:
    args = NETSNMP_USERS["sha"].netsnmp_args()
    async with serve(demo_view, users=users()) as (target, responder):
        rc, _, err = await run("snmpget", *args, "-n", "other", target, SYS_DESCR, check=False)
    assert rc != 0 and "Bad context" in err
    assert responder.engine.stats.unknown_contexts == 1


@pytest.mark.parametrize("level", NOBODY)
async def test_without_users_netsnmp_hears_what_snmpd_without_users_says(
    demo_view: MibView, snmpd_without_users: Snmpd, level: str
) -> None:
    """No user: v3 is answered with Reports alone (discovery, unknown user), as snmpd does."""
    args = ("-v3", "-u", "nobody", *NOBODY[level], "-r", "0")
    theirs = await run("snmpget", *args, snmpd_without_users.target, SYS_DESCR, check=False)
    async with serve(demo_view) as (target, responder):
        ours = await run("snmpget", *args, target, SYS_DESCR, check=False)
    assert ours == theirs and theirs[0] != 0
    stats = responder.engine.stats
    assert (stats.unknown_engine_ids, stats.unknown_user_names, responder.stats.requests) == (
        1,
        1,
        0,
    )


# --- our SnmpSession ----------------------------------------------------------------


@pytest.mark.parametrize("name", MATRIX)
async def test_session_against_our_agent(demo_view: MibView, name: str) -> None:
    user = NETSNMP_USERS[name].user()
    async with serve(demo_view, users=users(), user_access=writers()) as (target, _):
        host, port = address(target)
        async with SnmpSession(host, port, user=user, max_repetitions=25, timeout=5) as session:
            assert [item async for item in session.fetch("1.3.6")] == [
                (oid, demo_view[oid].value) for oid in demo_view.oids()
            ]
            assert await session.get(SYS_NAME) == b"demo-sw1.example.net"
            if name != "sha":
                await session.set(SYS_NAME, OctetString(b"by-session"))
                assert await session.get(SYS_NAME) == b"by-session"
            else:
                with pytest.raises(ErrorStatusError) as err:
                    await session.set(SYS_NAME, OctetString(b"by-session"))
                assert err.value.status == 6  # noAccess


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda u: u.user(auth_password="not-the-password"), WrongDigestError),
        (lambda u: u.user(priv_password="not-the-password"), DecryptionError),
        (lambda u: User("nobody"), UnknownUserNameError),
        (lambda u: NETSNMP_USERS["sha256aes256"].user(), UnsupportedSecurityLevelError),
    ],
)
async def test_session_auth_errors(
    demo_view: MibView, make: object, error: type[AuthError]
) -> None:
    user = make(NETSNMP_USERS["shaaes"])  # type: ignore[operator]
    configured = [NETSNMP_USERS["shaaes"].user(), User("sha256aes256")]  # the latter without keys
    async with serve(demo_view, users=configured) as (target, _):
        async with SnmpSession(*address(target), user=user, timeout=5, retries=0) as session:
            with pytest.raises(error):
                await session.get(SYS_DESCR)


@NOBODY_USERS
async def test_session_to_an_agent_without_users_gets_unknown_user_name(
    demo_view: MibView, user: User
) -> None:
    async with serve(demo_view) as (target, responder):
        async with SnmpSession(*address(target), user=user, timeout=5, retries=0) as session:
            with pytest.raises(UnknownUserNameError):
                await session.get(SYS_DESCR)
    assert responder.engine.stats.unknown_user_names == 1 and responder.stats.requests == 0


async def serve_until(
    responder: CommandResponder,
    stop: anyio.Event,
    stopped: anyio.Event,
    *,
    task_status: anyio.abc.TaskStatus[tuple[str, int]],
) -> None:
    """Serves on a free loopback port (reported at start) until ``stop``; then sets ``stopped``."""
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        task_status.started(agent.addresses[0])
        await stop.wait()
    stopped.set()


async def test_restarted_agent_is_resynced(demo_view: MibView) -> None:
    """The same engine id with boots + 1: one notInTimeWindow Report, then the request succeeds."""
    user = NETSNMP_USERS["sha512aes256"].user()
    first = CommandResponder(demo_view, users=[user], engine_id=ENGINE_ID, engine_boots=7)
    second = CommandResponder(demo_view, users=[user], engine_id=ENGINE_ID, engine_boots=8)
    stop, stopped = anyio.Event(), anyio.Event()
    async with anyio.create_task_group() as tg:
        host, port = await tg.start(serve_until, first, stop, stopped)
        async with SnmpSession(host, port, user=user, timeout=5, retries=0) as session:
            assert await session.get(SYS_NAME) == b"demo-sw1.example.net"
            assert session.get_engine_id() == ENGINE_ID
            stop.set()
            await stopped.wait()
            async with Agent([(host, port)], second):
                assert await session.get(SYS_DESCR) == demo_view[SYS_DESCR].value
                assert await session.get(SYS_NAME) == b"demo-sw1.example.net"
    assert second.engine.stats.not_in_time_windows == 1
    assert second.stats.requests == 2


# --- the sans-IO responder --------------------------------------------------------------


def sans_io(boots: int = 3) -> tuple[CommandResponder, SessionCodec]:
    view = MibView({SYS_DESCR: OctetString(b"x" * 600), SYS_NAME: OctetString(b"sw")})
    responder = CommandResponder(
        view, users=[User("plain")], engine_id=ENGINE_ID, engine_boots=boots
    )
    codec = SessionCodec(User("plain"), context_name=b"", context_engine_id=b"", max_size=484)
    return responder, codec


def test_discovery_report_carries_engine_and_counter() -> None:
    responder, codec = sans_io()
    for count in (1, 2):
        report = responder.respond(codec.encode_discovery(40 + count))
        assert report is not None
        engine_id, boots, engine_time = codec.decode_discovery(report, 40 + count)  # type: ignore[misc]
        assert (engine_id, boots) == (ENGINE_ID, 3) and engine_time >= 0
        codec.set_engine(ENGINE_ID, boots, engine_time)
        with pytest.raises(UnknownEngineIdError):  # a session's codec raises Reports
            codec.decode_response(report, 40 + count, True)
        raw = core.UsmCodec(*core_user_args(User("plain")), max_size=484)  # returns them
        raw.set_engine(ENGINE_ID, boots, engine_time)
        answer = raw.decode_response(report, 40 + count, True)
        assert answer == (PduType.REPORT, 0, 0, [("1.3.6.1.6.3.15.1.1.4.0", Tag.COUNTER32, count)])


def answer(responder: CommandResponder, request: bytes) -> bytes:
    response = responder.respond(request)
    assert response is not None
    return response


def test_requesters_msg_max_size_is_honoured() -> None:
    responder, codec = sans_io()
    codec.set_engine(ENGINE_ID, 3, 0)
    request = codec.encode_request(PduType.GET, 5, [SYS_DESCR], 0, 0)
    assert codec.decode_response(answer(responder, request), 5) == (PduType.RESPONSE, 1, 0, [])
    request = codec.encode_request(PduType.GET, 6, [SYS_NAME], 0, 0)
    assert codec.decode_response(answer(responder, request), 6) == (
        PduType.RESPONSE,
        0,
        0,
        [(SYS_NAME, b"sw")],
    )
    assert responder.stats.too_big == 1


def test_no_report_answers_a_trap() -> None:
    responder, codec = sans_io()
    codec.set_engine(bytes.fromhex("8000000005") + b"elsewhere", 1, 0)
    trap = codec.encode_request(PduType.TRAP_V2, 9, [SYS_NAME], 0, 0)
    get = codec.encode_request(PduType.GET, 10, [SYS_NAME], 0, 0)
    assert responder.respond(trap) is None
    assert responder.respond(get) is not None  # a Report: unknown engine id
    assert responder.engine.stats.unknown_engine_ids == 2


@pytest.mark.parametrize("communities", [None, {"public": "ro"}])
def test_users_alone_answer_no_community(communities: dict[str, Access] | None) -> None:
    # Given SNMPv3 users (and no communities), the responder answered v1/v2c "public"
    # too, without authentication (the CLI's agent gave it none; nor does snmpd).
    user = User("plain")
    view = MibView({SYS_NAME: OctetString("sw")})
    responder = CommandResponder(view, communities=communities, users=[user])
    for version in (0, 1):
        v1_v2c = core.Codec(version, b"public").encode_request(PduType.GET, 3, [SYS_NAME])
        assert (responder.respond(v1_v2c) is None) == (communities is None)
    assert responder.stats.bad_community == (2 if communities is None else 0)
    codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=65507)
    codec.set_engine(responder.engine.engine_id, 1, 0)
    request = codec.encode_request(PduType.GET, 4, [SYS_NAME], 0, 0)
    assert codec.decode_response(answer(responder, request), 4) == (
        PduType.RESPONSE,
        0,
        0,
        [(SYS_NAME, b"sw")],
    )
    assert CommandResponder(view).respond(v1_v2c) is not None  # no users: public
