"""SNMPv3 sessions against Net-SNMP's snmpd, with Net-SNMP's tools as the reference.

Every test runs under asyncio and trio (the ``anyio_backend`` fixture).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from netsnmpd import launch_snmpd, stop_process
from peers import (
    V3_USERS,
    Snmpd,
    V3User,
    agent_answers,
    in_volatile_subtree,
    netsnmp,
    parse_netsnmp,
    require_tool,
    start_snmpd,
)

from anysnmp import (
    Aes128Key,
    Aes192Key,
    Aes256Key,
    AuthError,
    DesKey,
    EncodeError,
    ErrorStatusError,
    KeyExpansion,
    KeyType,
    Md5Key,
    Sha1Key,
    Sha256Key,
    SnmpSession,
    TimeoutError,
    UnknownEngineIdError,
    UnknownUserNameError,
    UnsupportedSecurityLevelError,
    User,
    WrongDigestError,
)
from anysnmp._codec import core
from anysnmp._usm import AUTH_KEYS, PRIV_KEYS, BaseKey, BasePrivKey

ENGINE = bytes.fromhex("80001f8804") + b"anysnmp-tests"
SYSTEM = "1.3.6.1.2.1.1"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SCALARS = [
    "1.3.6.1.2.1.1.1.0",
    "1.3.6.1.2.1.1.2.0",
    "1.3.6.1.2.1.1.4.0",
    "1.3.6.1.2.1.1.5.0",
    "1.3.6.1.2.1.1.6.0",
    "1.3.6.1.2.1.1.7.0",
]
NETSNMP_FORMAT = ("-On", "-Oe", "-Ot", "-Ox", "-OU")
TIMEOUT = 5.0

pytestmark = pytest.mark.anyio


def session(snmpd: Snmpd, user: User, **kwargs: Any) -> SnmpSession:
    kwargs.setdefault("timeout", TIMEOUT)
    return SnmpSession(snmpd.host, snmpd.port, user=user, **kwargs)


def reference(snmpd: Snmpd, u: V3User, tool: str, *oids: str) -> list[tuple[str, str, Any]]:
    items = parse_netsnmp(netsnmp(tool, *u.netsnmp_args(), *NETSNMP_FORMAT, snmpd.target, *oids))
    # -Ot prints TimeTicks as a bare number, without a type.
    return [
        (oid, "Timeticks", int(kind)) if kind.isdigit() else (oid, kind, value)
        for oid, kind, value in items
    ]


def test_fixture_users_render_as_the_fixture_configures_them() -> None:
    for u in V3_USERS:
        assert u.user().snmpd_create_user() == u.config_lines()[0]


@pytest.mark.parametrize("user_name", [u.name for u in V3_USERS])
async def test_matrix(snmpd: Snmpd, user_name: str) -> None:
    u = snmpd.user(user_name)
    got = reference(snmpd, u, "snmpget", *SCALARS)
    expected = {oid: value for oid, kind, value in got if not kind.startswith("No Such")}
    walk_expected = reference(snmpd, u, "snmpbulkwalk", SYSTEM)
    async with session(snmpd, u.user()) as s:
        assert s.get_engine_id() == ENGINE
        assert await s.get(SCALARS[0]) == expected[SCALARS[0]]
        assert await s.get_many(SCALARS) == expected
        walked = [item async for item in s.getbulk(SYSTEM)]
    assert [oid for oid, _ in walked] == [oid for oid, _, _ in walk_expected]
    for (oid, value), (_, _, ref) in zip(walked, walk_expected, strict=True):
        if oid != SYS_UPTIME:
            assert value == ref, oid


async def test_walk_of_mib2(snmpd: Snmpd) -> None:
    u = snmpd.user("sha256aes256")
    expected = [
        oid
        for oid, _, _ in reference(snmpd, u, "snmpbulkwalk", "1.3.6.1.2.1")
        if not in_volatile_subtree(oid)
    ]
    async with session(snmpd, u.user()) as s, s.walk("1.3.6.1.2.1", bulk=True) as results:
        walked = [oid async for oid, _ in results if not in_volatile_subtree(oid)]
    assert walked == expected
    assert len(walked) > 100


# --- engine id, time synchronisation ---------------------------------------------------


async def test_given_engine_id_resyncs_time_transparently(snmpd: Snmpd) -> None:
    u = snmpd.user("shaaes")
    # No discovery: boots/time start at 0, so the agent reports notInTimeWindow first.
    async with session(snmpd, u.user(), engine_id=ENGINE) as s:
        assert s.get_engine_id() == ENGINE
        assert isinstance(await s.get(SCALARS[0]), bytes)
        await s.refresh()
        assert s.get_engine_id() == ENGINE
        assert isinstance(await s.get(SCALARS[0]), bytes)


async def test_wrong_engine_id(snmpd: Snmpd) -> None:
    started = time.monotonic()
    with pytest.raises(UnknownEngineIdError, match="engine id"):
        async with session(
            snmpd, snmpd.user("noauth").user(), engine_id=b"\x80\x00\x1f\x88\x04nobody"
        ) as s:
            await s.get(SCALARS[0])
    assert time.monotonic() - started < TIMEOUT


# --- errors: the right AuthError, within one timeout -----------------------------------


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (
            lambda snmpd: snmpd.user("shaaes").user(auth_password="wrong-auth-pw"),
            WrongDigestError,
        ),
        (lambda snmpd: snmpd.user("md5").user(auth_password="wrong-auth-pw"), WrongDigestError),
        (lambda snmpd: snmpd.user("shaaes").user(name="nobody"), UnknownUserNameError),
        # A user snmpd only knows at authNoPriv, asked for authPriv.
        (
            lambda snmpd: User(
                "sha", auth_key=Sha1Key(b"sha-auth-pass"), priv_key=Aes128Key(b"whatever-pw")
            ),
            UnsupportedSecurityLevelError,
        ),
        # A noAuthNoPriv user asked for authNoPriv.
        (
            lambda snmpd: User("noauth", auth_key=Sha1Key(b"some-password")),
            UnsupportedSecurityLevelError,
        ),
    ],
    ids=["wrong-auth", "wrong-auth-md5", "unknown-user", "level-priv", "level-auth"],
)
async def test_auth_errors(snmpd: Snmpd, make: Any, error: type[AuthError]) -> None:
    started = time.monotonic()
    async with session(snmpd, make(snmpd)) as s:
        with pytest.raises(error) as info:
            await s.get(SCALARS[0])
    assert time.monotonic() - started < TIMEOUT
    assert "-pw" not in str(info.value) and "-pass" not in str(info.value)  # no secrets in messages


@pytest.mark.parametrize(
    "user",
    [User("shaaes", auth_key=Sha1Key(b"shaaes-auth")), User("shaaes")],
    ids=["auth-no-priv", "no-auth"],
)
async def test_a_user_below_its_access_level_is_told_to_give_its_keys(
    snmpd: Snmpd, user: User
) -> None:
    """snmpd's rwuser shaaes priv: the same user at a lower level passes USM (no Report) and
    VACM refuses it, authorizationError, which said 'refuse this user or community' only."""
    async with session(snmpd, user) as s:
        with pytest.raises(
            ErrorStatusError, match=r"authorizationError .*security level .*auth_key, priv_key"
        ):
            await s.get(SCALARS[0])


@pytest.mark.parametrize("user_name", ["sha256aes256", "md5des", "shaaes256c"])
async def test_wrong_privacy_password(snmpd: Snmpd, user_name: str) -> None:
    # snmpd decrypts to garbage and drops it without a Report (its usmStatsDecryptionErrors
    # stays 0; its own snmpget times out too): one timeout, with a hint at the privacy key.
    started = time.monotonic()
    async with session(
        snmpd, snmpd.user(user_name).user(priv_password="wrong-priv-pw"), timeout=0.5, retries=0
    ) as s:
        with pytest.raises(TimeoutError, match="privacy key") as info:
            await s.get(SCALARS[0])
    assert time.monotonic() - started < 2
    assert "wrong-priv-pw" not in str(info.value)


def test_keys_stay_out_of_repr() -> None:
    user = User(
        "u", auth_key=Sha256Key(b"secret-auth"), priv_key=Aes256Key(b"\x01" * 32, KeyType.Localized)
    )
    assert "secret" not in repr(user)
    assert "01" * 32 not in repr(user) and "\\x01" not in repr(user)


def test_user_validation() -> None:
    with pytest.raises(ValueError, match="needs authentication"):
        User("u", priv_key=Aes128Key(b"password"))
    with pytest.raises(ValueError, match="20 octets"):
        Sha1Key(b"short", KeyType.Master)
    with pytest.raises(ValueError, match="master privacy key"):
        User("u", auth_key=Sha1Key(b"password"), priv_key=Aes128Key(b"\x00" * 16, KeyType.Master))
    with pytest.raises(ValueError, match="32 octets"):
        User("u" * 33)
    with pytest.raises(TypeError):
        Sha1Key("text")  # type: ignore[arg-type]


@pytest.mark.parametrize("key_class", [*AUTH_KEYS.values(), *PRIV_KEYS.values()])
def test_passphrases_shorter_than_8_characters_are_refused(key_class: type[BaseKey]) -> None:
    for short in (b"p", b"secret7", "pässw".encode()):
        with pytest.raises(EncodeError, match="at least 8 characters") as info:
            key_class(short)
        assert isinstance(info.value, ValueError) and "secret7" not in str(info.value)
    assert key_class(b"12345678").key == b"12345678"
    # Master and localized keys are not passphrases: their hash decides their length (a
    # privacy master key's is the user's auth hash, a localized one's at least the cipher's).
    length = getattr(key_class, "KEY_LENGTH", 0) or 16
    for key_type in (KeyType.Master, KeyType.Localized):
        if issubclass(key_class, BasePrivKey) and key_type == KeyType.Master:
            assert key_class(b"\x01" * 4, key_type).key == b"\x01" * 4
        else:
            assert key_class(b"\x01" * length, key_type).key_type == key_type


# --- master and localized keys, rendered into snmpd.conf by User -----------------------

KEY_ENGINE = bytes.fromhex("80001f8804") + b"anysnmp-keyforms"


def key_form_users() -> list[tuple[User, User]]:
    """(user as configured in snmpd, user as the session gives it) pairs."""
    out = []
    cases = [
        ("m-sha-aes", Sha1Key, Aes128Key, KeyExpansion.Blumenthal, 2),
        ("m-sha256-aes256", Sha256Key, Aes256Key, KeyExpansion.Blumenthal, 4),
        ("m-md5-aes256c", Md5Key, Aes256Key, KeyExpansion.Reeder, 1),
        ("m-sha-aes192", Sha1Key, Aes192Key, KeyExpansion.Blumenthal, 2),
        ("m-md5-des", Md5Key, DesKey, KeyExpansion.Blumenthal, 1),
    ]
    for name, auth_cls, priv_cls, expansion, auth_id in cases:
        ku_auth = core.usm_password_to_key(auth_id, f"{name}-auth".encode())
        ku_priv = core.usm_password_to_key(auth_id, f"{name}-priv".encode())
        password_user = User(
            name,
            auth_key=auth_cls(f"{name}-auth".encode()),
            priv_key=priv_cls(f"{name}-priv".encode()),
            key_expansion=expansion,
        )
        master = User(
            name,
            auth_key=auth_cls(ku_auth, KeyType.Master),
            priv_key=priv_cls(ku_priv, KeyType.Master),
            key_expansion=expansion,
        )
        kul_auth = core.usm_localize_key(auth_id, ku_auth, KEY_ENGINE)
        kul_priv = core.usm_priv_key(
            auth_id, priv_cls.PROTOCOL, 1, int(expansion), ku_priv, KEY_ENGINE
        )
        localized = User(
            name,
            auth_key=auth_cls(kul_auth, KeyType.Localized),
            priv_key=priv_cls(kul_priv, KeyType.Localized),
            key_expansion=expansion,
        )
        out += [(master, password_user), (password_user, localized)]
    return out


KEY_FORMS = key_form_users()


@pytest.fixture(scope="module")
def keyforms_snmpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    configured = {configured.name: configured for configured, _ in KEY_FORMS[::2]}
    lines = [f"engineID {KEY_ENGINE[5:].decode()}"]
    lines += [u.snmpd_create_user() for u in configured.values()] + [
        u.snmpd_rouser() for u in configured.values()
    ]
    agent, proc = start_snmpd(
        tmp_path_factory.mktemp("snmpd-keyforms"), extra_config="\n".join(lines) + "\n"
    )
    yield agent
    stop_process(proc)


@pytest.mark.parametrize(
    ("configured", "used"),
    KEY_FORMS,
    ids=[
        f"{c.name}-{c.auth_key.key_type.name}-vs-{u.auth_key.key_type.name}"  # type: ignore[union-attr]
        for c, u in KEY_FORMS
    ],
)
async def test_key_forms(keyforms_snmpd: Snmpd, configured: User, used: User) -> None:
    async with session(keyforms_snmpd, used) as s:
        assert s.get_engine_id() == KEY_ENGINE
        assert isinstance(await s.get(SCALARS[0]), bytes)


# --- an agent restarted mid-session ----------------------------------------------------


def relaunch(agent: Snmpd) -> subprocess.Popen[bytes]:
    """Starts snmpd again on the same port and state (its engine boots go up by one)."""
    workdir = agent.workdir
    # -C skips the persistent file too: name it, so snmpd reads (and increments) engineBoots.
    config = f"{workdir / 'snmpd.conf'},{workdir / 'persist' / 'snmpd.conf'}"
    return launch_snmpd(require_tool("snmpd"), workdir, config)


async def test_agent_restart_is_resynced(tmp_path: Path) -> None:
    agent, proc = start_snmpd(tmp_path / "restart")
    try:
        u = agent.user("sha512aes256")
        async with session(agent, u.user(), retries=0, timeout=2) as s:
            await s.get(SCALARS[0])
            codec = s._codec
            boots = codec.engine_boots
            stop_process(proc)
            proc = relaunch(agent)
            while not agent_answers(agent.host, agent.port, agent.community):
                await anyio.sleep(0.05)
            value = await s.get(SCALARS[0])  # notInTimeWindow, resync, retry
            assert isinstance(value, bytes)
            assert codec.engine_boots == boots + 1
    finally:
        stop_process(proc)
