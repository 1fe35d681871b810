"""SNMPv3 traps and informs: Net-SNMP's snmptrap/snmpinform into our receiver, ours into snmptrapd.

Every test runs under asyncio and trio (the ``anyio_backend`` fixture).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import anyio
import attrs
import pytest
from agent_helpers import NOBODY, NOBODY_USERS, next_notification, receiving, run
from peers import V3_USERS, Trapd, snmptrapd

from anysnmp import (
    Agent,
    ConfigurationError,
    Integer,
    NotificationReceiver,
    OctetString,
    SnmpSession,
    SnmpVersion,
    UnknownEngineIdError,
    UnknownUserNameError,
    User,
    WrongDigestError,
    send_inform,
    send_trap,
)
from anysnmp._usm import SessionCodec
from anysnmp.lowlevel import PduType, Tag

pytestmark = pytest.mark.anyio

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
COLD_START = "1.3.6.1.6.3.1.1.5.1"
USERS = {u.name: u for u in V3_USERS}
MATRIX = ("noauth", "md5", "md5des", "shaaes", "sha256aes256", "sha512aes256", "shaaes256c")
SENDER_ENGINE = bytes.fromhex("8000000005") + b"trap-sender"
CONTEXT_ENGINE = bytes.fromhex("8000000005") + b"context-engine"


def receiving_matrix() -> AbstractAsyncContextManager[tuple[str, NotificationReceiver]]:
    """A receiver of the MATRIX users (see `receiving`)."""
    return receiving(users=[USERS[name].user() for name in MATRIX])


# --- Net-SNMP's tools into our receiver -----------------------------------------------


@pytest.mark.parametrize("name", MATRIX)
async def test_snmptrap_v3_into_receiver(name: str) -> None:
    async with receiving_matrix() as (target, receiver):
        await run(
            "snmptrap",
            *USERS[name].netsnmp_args(),
            "-e",
            f"0x{SENDER_ENGINE.hex()}",
            target,
            "4242",
            LINK_DOWN,
            "1.3.6.1.2.1.2.2.1.1.3",
            "i",
            "3",
            "1.3.6.1.2.1.2.2.1.2.3",
            "s",
            "eth 0",
        )
        n = await next_notification(receiver)
    assert (n.version, n.community, n.user, n.trap_oid, n.uptime, n.inform, n.engine_id) == (
        SnmpVersion.v3,
        None,
        name,
        LINK_DOWN,
        4242,
        False,
        SENDER_ENGINE,
    )
    assert n.security_level == USERS[name].level
    assert n.varbinds == (
        ("1.3.6.1.2.1.2.2.1.1.3", Integer(3)),
        ("1.3.6.1.2.1.2.2.1.2.3", OctetString("eth 0")),
    )


async def test_snmptrap_v3_from_several_engines_and_a_wrong_password() -> None:
    u = USERS["sha256aes256"]
    async with receiving_matrix() as (target, receiver):
        for engine, uptime in ((SENDER_ENGINE, "1"), (SENDER_ENGINE + b"-2", "2")):
            await run(
                "snmptrap", *u.netsnmp_args(), "-e", f"0x{engine.hex()}", target, uptime, LINK_DOWN
            )
        bad = [*u.netsnmp_args()]
        bad[bad.index("-A") + 1] = "not-the-password"
        await run("snmptrap", *bad, "-e", f"0x{SENDER_ENGINE.hex()}", target, "3", LINK_DOWN)
        await run("snmptrap", *u.netsnmp_args(), target, "4", LINK_DOWN)  # snmptrap's own engine id
        received = [await next_notification(receiver) for _ in range(3)]
    assert [(n.uptime, n.engine_id) for n in received[:2]] == [
        (1, SENDER_ENGINE),
        (2, SENDER_ENGINE + b"-2"),
    ]
    assert received[2].uptime == 4 and received[2].engine_id not in (None, SENDER_ENGINE)
    assert receiver.engine.stats.wrong_digests == 1


async def test_engine_users_take_each_engines_traps_with_its_keys_and_informs_of_their_own() -> (
    None
):
    """engine_users, as snmptrapd's createUser [-e]: one name under two sender engines
    (passwords of their own) and this receiver's: each engine's traps with its keys only,
    none from a third engine, informs as the receiver's user only; noAuthNoPriv alike."""
    other = SENDER_ENGINE + b"-2"
    users = {
        word: attrs.evolve(
            USERS["sha256aes256"], auth_password=f"{word}-pass", priv_password=f"{word}-priv"
        )
        for word in ("one", "two", "own")
    }
    by_engine = {SENDER_ENGINE: ["one", "noauth"], other: ["two"], None: ["own"]}
    engine_users = {
        engine: [(users[word] if word in users else USERS[word]).user() for word in words]
        for engine, words in by_engine.items()
    }
    async with receiving(engine_users=engine_users) as (target, receiver):
        for word, user in users.items():
            for engine in (SENDER_ENGINE, other, SENDER_ENGINE + b"-3"):
                hexed = f"0x{engine.hex()}"
                sent = ["1.3.6.1.2.1.1.5.0", "s", f"{word} {engine[-2:].decode()}"]
                await run(
                    "snmptrap", *user.netsnmp_args(), "-e", hexed, target, "1", LINK_DOWN, *sent
                )
            inform = ["-r", "0", *user.netsnmp_args(), target, "2", LINK_DOWN]
            assert (await run("snmpinform", *inform, check=False))[0] == (word != "own")
        for engine in (SENDER_ENGINE, other):
            await run(
                "snmptrap", "-v3", "-u", "noauth", "-e", f"0x{engine.hex()}", target, "3", LINK_DOWN
            )
        received = [await next_notification(receiver) for _ in range(4)]
        with anyio.move_on_after(0.2):
            received.append(await receiver.notifications.receive())
    assert [(n.uptime, n.engine_id, n.varbinds) for n in received] == [
        (1, SENDER_ENGINE, (("1.3.6.1.2.1.1.5.0", OctetString("one er")),)),
        (1, other, (("1.3.6.1.2.1.1.5.0", OctetString("two -2")),)),
        (2, receiver.engine.engine_id, ()),
        (3, SENDER_ENGINE, ()),
    ]


def test_engine_users_refuse_a_user_twice_at_one_engine() -> None:
    user = USERS["sha"].user()
    with pytest.raises(ConfigurationError, match="duplicate SNMPv3 user 'sha' of engine 8000"):
        NotificationReceiver(engine_users={SENDER_ENGINE: [user, user]})
    engine = b"\x80\x00\x00\x00\x05local"
    with pytest.raises(ConfigurationError, match=r"duplicate SNMPv3 user 'sha'$"):
        NotificationReceiver(users=[user], engine_users={engine: [user]}, engine_id=engine)


@pytest.mark.parametrize("name", ["noauth", "sha", "md5des", "sha512aes256", "shaaes256c"])
async def test_snmpinform_v3_is_acknowledged(name: str) -> None:
    receiving_users = [USERS[name].user()]
    receiver = NotificationReceiver(users=receiving_users)
    async with Agent([("127.0.0.1", 0)], receiver) as agent:
        host, port = agent.addresses[0]
        await run(
            "snmpinform",
            *USERS[name].netsnmp_args(),
            "-t",
            "2",
            "-r",
            "0",
            f"{host}:{port}",
            "99",
            COLD_START,
            "1.3.6.1.2.1.1.5.0",
            "s",
            "up",
        )
        n = await next_notification(receiver)
    assert (n.version, n.user, n.inform, n.trap_oid, n.uptime) == (
        SnmpVersion.v3,
        name,
        True,
        COLD_START,
        99,
    )
    assert n.engine_id == receiver.engine.engine_id
    assert n.varbinds == (("1.3.6.1.2.1.1.5.0", OctetString("up")),)


async def test_snmptrap_and_snmpinform_v3_with_a_context_into_receiver() -> None:
    v3 = [*USERS["shaaes"].netsnmp_args(), "-E", f"0x{CONTEXT_ENGINE.hex()}"]
    async with receiving_matrix() as (target, receiver):
        trap = ["-e", f"0x{SENDER_ENGINE.hex()}", "-n", "trap-ctx", target, "1", LINK_DOWN]
        await run("snmptrap", *v3, *trap)
        inform = ["-n", "inform-ctx", "-t", "2", "-r", "0", target, "2", COLD_START]
        await run("snmpinform", *v3, *inform)  # fails unless acknowledged
        received = [await next_notification(receiver) for _ in range(2)]
    assert [(n.uptime, n.inform, n.context_name, n.context_engine_id) for n in received] == [
        (1, False, "trap-ctx", CONTEXT_ENGINE),
        (2, True, "inform-ctx", CONTEXT_ENGINE),
    ]


# --- a receiver without users --------------------------------------------------------


@pytest.mark.parametrize("level", NOBODY)
async def test_without_users_snmpinform_hears_what_snmptrapd_without_users_says(
    tmp_path: Path, level: str
) -> None:
    """No user: an inform gets Reports alone (discovery, then unknown user), as from
    snmptrapd with no user, not silence; nothing is received."""
    args = ("-v3", "-u", "nobody", *NOBODY[level], "-r", "0")
    with snmptrapd(tmp_path, "authCommunity log,net public\n") as trapd:
        theirs = await run(
            "snmpinform", *args, f"127.0.0.1:{trapd.port}", "1", COLD_START, check=False
        )
    async with receiving() as (target, receiver):
        ours = await run("snmpinform", *args, target, "1", COLD_START, check=False)
        with pytest.raises(anyio.WouldBlock):
            receiver.notifications.receive_nowait()
    assert ours == theirs and theirs[0] != 0
    stats = receiver.engine.stats
    assert (stats.unknown_engine_ids, stats.unknown_user_names) == (1, 1)


@NOBODY_USERS
async def test_send_inform_to_a_receiver_without_users_gets_unknown_user_name(user: User) -> None:
    async with receiving() as (target, receiver):
        host, port = target.split(":")
        with pytest.raises(UnknownUserNameError):
            await send_inform(host, int(port), trap_oid=COLD_START, user=user, timeout=5, retries=0)
        with pytest.raises(anyio.WouldBlock):
            receiver.notifications.receive_nowait()
    assert receiver.engine.stats.unknown_user_names == 1


async def test_a_receiver_without_users_drops_v3_traps_and_counts_them() -> None:
    """Traps get no Report: each is dropped and counted in the engine's stats, one from
    another engine as of an unknown engine (no user takes its traps), one naming the
    receiver's engine as of an unknown user; nothing is received."""
    async with receiving() as (target, receiver):
        for engine in (SENDER_ENGINE, receiver.engine.engine_id):
            for level in NOBODY.values():
                trap = ["-e", f"0x{engine.hex()}", target, "1", LINK_DOWN]
                await run("snmptrap", "-v3", "-u", "nobody", *level, *trap)
        await run("snmptrap", "-v2c", "-c", "public", target, "2", LINK_DOWN)
        n = await next_notification(receiver)  # the v2c one: none of v3 came before it
    assert (n.version, n.uptime) == (SnmpVersion.v2c, 2)
    stats = receiver.engine.stats
    assert (stats.unknown_engine_ids, stats.unknown_user_names, receiver.stats.malformed) == (
        3,
        3,
        0,
    )


# --- our senders -------------------------------------------------------------------------


async def test_send_trap_and_inform_v3_into_our_receiver() -> None:
    user = USERS["shaaes256c"].user()
    async with receiving_matrix() as (target, receiver):
        host, port = target.split(":")
        await send_trap(
            host,
            int(port),
            trap_oid=LINK_DOWN,
            user=user,
            uptime=5,
            engine_id=SENDER_ENGINE,
            varbinds=[("1.3.6.1.2.1.2.2.1.1.3", 3)],
        )
        await send_trap(
            host, int(port), trap_oid=LINK_DOWN, user=user, uptime=6
        )  # the process's engine id
        await send_inform(host, int(port), trap_oid=COLD_START, user=user, uptime=7, timeout=5)
        trap, default_engine, inform = [await next_notification(receiver) for _ in range(3)]
        with pytest.raises(WrongDigestError):
            await send_inform(
                host,
                int(port),
                trap_oid=COLD_START,
                uptime=8,
                timeout=5,
                user=USERS["shaaes256c"].user(auth_password="not-the-password"),
            )
    assert (trap.user, trap.uptime, trap.engine_id, trap.varbinds) == (
        "shaaes256c",
        5,
        SENDER_ENGINE,
        (("1.3.6.1.2.1.2.2.1.1.3", Integer(3)),),
    )
    assert default_engine.uptime == 6 and default_engine.engine_id not in (None, SENDER_ENGINE)
    assert inform.inform and inform.uptime == 7


async def test_send_trap_and_inform_v3_with_a_context_into_our_receiver() -> None:
    user = USERS["sha256aes256"].user()
    async with receiving_matrix() as (target, receiver):
        host, port = target.split(":")
        to = (host, int(port))
        await send_trap(*to, trap_oid=LINK_DOWN, user=user, uptime=1, context_name="trap-ctx")
        # Acknowledged, else TimeoutError: the acknowledgement carries the context back.
        await send_inform(*to, trap_oid=COLD_START, user=user, uptime=2, context_name=b"inform-ctx")
        await send_trap(
            *to, trap_oid=LINK_DOWN, user=user, uptime=3, context_engine_id=CONTEXT_ENGINE
        )
        await send_inform(
            *to,
            trap_oid=COLD_START,
            user=user,
            uptime=4,
            context_name="c" * 32,
            context_engine_id=CONTEXT_ENGINE,
        )
        with pytest.raises(ConfigurationError, match="version=v2c has no context"):
            await send_trap(*to, trap_oid=LINK_DOWN, uptime=5, context_name="v2c-has-none")
        await send_trap(*to, trap_oid=LINK_DOWN, uptime=5)  # v2c
        received = [await next_notification(receiver) for _ in range(5)]
    assert [(n.uptime, n.inform, n.context_name, n.context_engine_id) for n in received] == [
        (1, False, "trap-ctx", received[0].engine_id),  # the sending engine's
        (2, True, "inform-ctx", received[0].engine_id),  # the sending engine's (RFC 3413 3.2)
        (3, False, "", CONTEXT_ENGINE),
        (4, True, "c" * 32, CONTEXT_ENGINE),
        (5, False, "", b""),
    ]


async def test_send_inform_to_an_engine_given() -> None:
    """`engine_id` is the receiver's: nothing is discovered; the first inform goes with
    boots and time 0 (or `engine_boots`, `engine_time`), refused notInTimeWindow, then
    again with the receiver's clock. Another engine's id: the receiver's Report."""
    user = USERS["md5"].user()
    async with receiving_matrix() as (target, receiver):
        host, port = target.split(":")
        to = (host, int(port))
        own = receiver.engine.engine_id
        await send_inform(*to, trap_oid=COLD_START, user=user, uptime=1, engine_id=own)
        await send_inform(
            *to, trap_oid=COLD_START, user=user, uptime=2, engine_id=own, engine_boots=7,
            engine_time=100,
        )  # fmt: skip
        with pytest.raises(UnknownEngineIdError):
            await send_inform(*to, trap_oid=COLD_START, user=user, engine_id=SENDER_ENGINE)
        received = [await next_notification(receiver) for _ in range(2)]
    assert [(n.uptime, n.inform, n.engine_id) for n in received] == [(1, True, own), (2, True, own)]


@pytest.mark.parametrize("send", [send_trap, send_inform])
async def test_a_context_of_more_than_32_octets_is_refused(send: Any) -> None:
    user = USERS["md5"].user()
    with pytest.raises(ValueError, match=r"^SNMPv3 context names have at most 32 octets, not 34$"):
        await send("127.0.0.1", 9, trap_oid=LINK_DOWN, user=user, context_name="é" * 17)
    with pytest.raises(ValueError, match="context engine ids have at most 32 octets, not 33"):
        await send("127.0.0.1", 9, trap_oid=LINK_DOWN, user=user, context_engine_id=b"\x80" * 33)


def test_the_session_refuses_the_same_contexts() -> None:
    with pytest.raises(ValueError, match=r"^SNMPv3 context names have at most 32 octets, not 34$"):
        SnmpSession("127.0.0.1", user=User("u"), context_name="é" * 17)


def trapd_v3_config(log_format: str) -> str:
    """snmptrapd.conf with the matrix users, for our traps (SENDER_ENGINE) and informs (own engine)."""
    lines = [f"format2 {log_format}\\n"]
    for name in MATRIX:
        u = USERS[name]
        create = " ".join(u.config_lines()[0].split()[1:])
        lines += [
            f"createUser -e 0x{SENDER_ENGINE.hex()} {create}",
            f"createUser {create}",
            f"authUser log {name} noauth",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def trapd_v3(tmp_path: Path) -> Iterator[Trapd]:
    with snmptrapd(tmp_path, trapd_v3_config("V2 %V~%v")) as running:
        yield running


@pytest.mark.parametrize("name", MATRIX)
async def test_send_trap_and_inform_v3_into_snmptrapd(trapd_v3: Trapd, name: str) -> None:
    user: User = USERS[name].user()
    await send_trap(
        "127.0.0.1",
        trapd_v3.port,
        trap_oid=LINK_DOWN,
        user=user,
        engine_id=SENDER_ENGINE,
        uptime=31337,
        varbinds=[("1.3.6.1.2.1.2.2.1.2.7", "ge-0/0/7")],
    )
    await send_inform(
        "127.0.0.1", trapd_v3.port, trap_oid=COLD_START, user=user, uptime=27182, timeout=5
    )
    (trap,) = await trapd_v3.lines("(31337)")
    (inform,) = await trapd_v3.lines("(27182)")
    assert trap.split("~") == [
        "V2 .1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        '.1.3.6.1.2.1.2.2.1.2.7 = STRING: "ge-0/0/7"',
    ]
    assert inform.split("~")[1] == f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{COLD_START}"


@pytest.mark.parametrize("name", ["md5des", "shaaes256c"])
async def test_send_trap_and_inform_v3_with_a_context_into_snmptrapd(
    tmp_path: Path, name: str
) -> None:
    """snmptrapd logs the context (%P) of our trap, and acknowledges our inform with it."""
    user = USERS[name].user()
    with snmptrapd(tmp_path, trapd_v3_config("%P~%V~%v")) as trapd:
        await send_trap(
            "127.0.0.1",
            trapd.port,
            trap_oid=LINK_DOWN,
            user=user,
            engine_id=SENDER_ENGINE,
            uptime=31337,
            context_name="trap-ctx",
        )
        await send_inform(
            "127.0.0.1",
            trapd.port,
            trap_oid=COLD_START,
            user=user,
            uptime=27182,
            timeout=5,
            context_name="inform-ctx",
        )
        (trap,) = await trapd.lines("(31337)")
        (inform,) = await trapd.lines("(27182)")
    assert trap.split("~")[0] == f"TRAP2, SNMP v3, user {name}, context trap-ctx"
    assert inform.split("~")[0] == f"INFORM, SNMP v3, user {name}, context inform-ctx"


async def test_inform_acknowledgement_fits_the_senders_msg_max_size() -> None:
    """An acknowledgement over the sender's msgMaxSize is tooBig, empty (RFC 3416 4.2.7)."""
    user = USERS["shaaes"].user()
    async with receiving(users=[user]) as (target, receiver):
        host, port = target.rsplit(":", 1)
        codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=484)
        async with await anyio.create_connected_udp_socket(host, int(port)) as sock:
            await sock.send(codec.encode_discovery(1))
            with anyio.fail_after(5):
                discovered = codec.decode_discovery(await sock.receive(), 1)
            assert discovered is not None
            await codec.use_engine(*discovered)
            varbinds = [
                ("1.3.6.1.2.1.1.3.0", int(Tag.TIMETICKS), 5),
                ("1.3.6.1.6.3.1.1.4.1.0", int(Tag.OBJECT_IDENTIFIER), COLD_START),
                ("1.3.6.1.4.1.8072.9999.1", int(Tag.OCTET_STRING), b"x" * 2000),
            ]
            await sock.send(codec.encode_request(PduType.INFORM, 2, varbinds, 0, 0))
            with anyio.fail_after(5):
                answer = await sock.receive()
        notification = await next_notification(receiver)
    assert notification.inform and len(notification.varbinds) == 1
    assert len(answer) <= 484
    assert codec.decode_response(answer, 2) == (int(PduType.RESPONSE), 1, 0, [])
