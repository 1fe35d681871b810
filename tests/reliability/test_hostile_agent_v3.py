"""SnmpSession (SNMPv3, SHA/AES) against a tampering relay in front of Net-SNMP's snmpd.

The relay holds the user's keys, so it forges properly signed but wrong
messages as well as broken ones. It also shifts the agent's boots and time
(by BOOTS_SHIFT and TIME_SHIFT, re-encrypting and re-signing both ways) so
that lower boots and a time outside the window exist however fresh snmpd is.
Each case ends with the right outcome (the forgery dropped and the request
completed, or a specific `SnmpError`) within timeout x (retries + 1); the
cached engine boots/time move only on authenticated messages, and the session
answers a normal request afterwards with no request slot left.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from time import monotonic

import anyio
import anyio.abc
import attrs
import pytest
from ber import integer, tlv
from peers import Snmpd

import anysnmp
from anysnmp import SnmpSession, User
from anysnmp._codec import core
from anysnmp._usm import Aes128Key, SessionCodec, Sha1Key
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

DESCR = "1.3.6.1.2.1.1.1.0"
TIMEOUT, RETRIES = 0.5, 1
#: Each case must end within every attempt's timeout, plus scheduling slack.
BOUND = TIMEOUT * (RETRIES + 1) + 1.5
BOOTS_SHIFT, TIME_SHIFT = 10, 100_000
AUTH, PRIV = 1, 2
SHA1, AES128 = Sha1Key.PROTOCOL, Aes128Key.PROTOCOL
USER = User("shaaes", auth_key=Sha1Key(b"shaaes-auth"), priv_key=Aes128Key(b"shaaes-priv"))
NOT_IN_TIME_WINDOW = "1.3.6.1.6.3.15.1.1.2.0"
UNKNOWN_ENGINE_ID = "1.3.6.1.6.3.15.1.1.4.0"


# --- SNMPv3 messages in Python: parse, re-encode, encrypt, sign -----------------------


def elements(data: bytes) -> list[tuple[bytes, bytes]]:
    """(content, whole element) of the consecutive elements of `data` (definite lengths)."""
    out, at = [], 0
    while at < len(data):
        size, start = data[at + 1], at + 2
        if size & 0x80:
            count = size & 0x7F
            size, start = int.from_bytes(data[start : start + count], "big"), start + count
        out.append((data[start : start + size], data[at : start + size]))
        at = start + size
    return out


def contents(data: bytes) -> list[bytes]:
    return [content for content, _ in elements(data)]


@attrs.frozen
class Msg:
    """An SNMPv3 message with USM parameters; `body` is the whole msgData element."""

    msg_id: int
    flags: int
    engine_id: bytes
    boots: int
    time: int
    user: bytes
    mac: bytes
    salt: bytes
    body: bytes
    max_size: int = 65507


def parse(data: bytes) -> Msg:
    _, (header, _), (params, _), (_, body) = elements(contents(data)[0])
    msg_id, max_size, flags, _ = (int.from_bytes(c, "big") for c in contents(header))
    engine, boots, time, user, mac, salt = contents(contents(params)[0])
    return Msg(
        msg_id,
        flags,
        engine,
        int.from_bytes(boots, "big"),
        int.from_bytes(time, "big"),
        user,
        mac,
        salt,
        body,
        max_size,
    )


def encode(m: Msg) -> tuple[bytes, int]:
    """The message as is (MAC field included), and its MAC field's offset."""
    before_mac = (
        tlv(0x04, m.engine_id)
        + integer(m.boots)
        + integer(m.time)
        + tlv(0x04, m.user)
        + tlv(0x04, m.mac)[: len(tlv(0x04, m.mac)) - len(m.mac)]
    )
    usm_content = before_mac + m.mac + tlv(0x04, m.salt)
    usm = tlv(0x30, usm_content)
    params = tlv(0x04, usm)
    head = integer(3) + tlv(
        0x30, integer(m.msg_id) + integer(m.max_size) + tlv(0x04, bytes([m.flags])) + integer(3)
    )
    body = head + params + m.body
    message = tlv(0x30, body)
    offset = (
        (len(message) - len(body))
        + len(head)
        + (len(params) - len(usm))
        + (len(usm) - len(usm_content))
        + len(before_mac)
    )
    return message, offset


@attrs.frozen
class Keys:
    auth: bytes
    priv: bytes


@functools.cache
def keys_for(engine_id: bytes) -> Keys:
    ku = core.usm_password_to_key(SHA1, b"shaaes-auth")
    return Keys(
        core.usm_localize_key(SHA1, ku, engine_id),
        core.usm_priv_key(SHA1, AES128, 0, 0, b"shaaes-priv", engine_id),
    )


def plaintext(m: Msg, keys: Keys) -> bytes:
    """The scopedPDU element (decrypted when the message is encrypted)."""
    if not m.flags & PRIV:
        return m.body
    return core.usm_decrypt(AES128, keys.priv, m.boots, m.time, m.salt, contents(m.body)[0])


def seal(m: Msg, keys: Keys, scoped: bytes | None = None) -> bytes:
    """The message signed (and `scoped` encrypted) as its flags say, with a valid MAC."""
    if scoped is not None:
        if m.flags & PRIV:
            ciphertext, salt = core.usm_encrypt(AES128, keys.priv, m.boots, m.time, scoped)
            m = attrs.evolve(m, body=tlv(0x04, ciphertext), salt=salt)
        else:
            m = attrs.evolve(m, body=scoped, salt=b"")
    if not m.flags & AUTH:
        return encode(attrs.evolve(m, mac=b""))[0]
    message, offset = encode(attrs.evolve(m, mac=bytes(12)))
    mac = core.usm_mac(SHA1, keys.auth, message, offset)
    return message[:offset] + mac + message[offset + 12 :]


def shifted(data: bytes, boots: int, time: int) -> bytes:
    """The message with its boots/time moved (re-encrypted and re-signed)."""
    m = parse(data)
    moved = attrs.evolve(m, boots=max(m.boots + boots, 0), time=max(m.time + time, 0))
    if not m.flags & AUTH:
        return encode(moved)[0]
    keys = keys_for(m.engine_id)
    return seal(moved, keys, plaintext(m, keys))


def report(request: Msg, oid: str, *, boots: int, time: int) -> bytes:
    """An unauthenticated Report (noAuthNoPriv) answering `request` with one usmStats counter."""
    message = core.encode_message(1, b"", PduType.REPORT, 0, 0, 0, [(oid, 0x41, 1)])
    pdu = elements(contents(message)[0])[2][1]
    scoped = tlv(0x30, tlv(0x04, request.engine_id) + tlv(0x04, b"") + pdu)
    return encode(
        Msg(request.msg_id, 0, request.engine_id, boots, time, request.user, b"", b"", scoped)
    )[0]


# --- the relay ------------------------------------------------------------------------


@attrs.define
class Relay:
    """Client <-> relay <-> snmpd; `handler` decides what the client gets for each answer."""

    front: anyio.abc.UDPSocket
    handler: Handler
    client: tuple[str, int] | None = None
    requests: dict[int, Msg] = attrs.field(factory=dict)
    #: snmpd's answers to authenticated requests, as the client would see them.
    answers: list[bytes] = attrs.field(factory=list)

    @property
    def port(self) -> int:
        return int(self.front.extra(anyio.abc.SocketAttribute.local_port))

    async def send(self, data: bytes) -> None:
        assert self.client is not None
        await self.front.sendto(data, *self.client)


#: (relay, the client's request, snmpd's answer as the client would see it).
Handler = Callable[[Relay, Msg, bytes], Awaitable[None]]


async def forward(relay: Relay, request: Msg, answer: bytes) -> None:
    await relay.send(answer)


@asynccontextmanager
async def relay_to(snmpd: Snmpd) -> AsyncIterator[Relay]:
    async with (
        await anyio.create_udp_socket(local_host="127.0.0.1") as front,
        await anyio.create_connected_udp_socket(
            snmpd.host, snmpd.port, local_host="127.0.0.1"
        ) as back,
    ):
        relay = Relay(front, forward)

        async def requests() -> None:
            async for data, source in front:
                relay.client = (source[0], source[1])
                request = parse(data)
                relay.requests[request.msg_id] = request
                await back.send(shifted(data, -BOOTS_SHIFT, -TIME_SHIFT))

        async def answers() -> None:
            async for data in back:
                answer = shifted(data, BOOTS_SHIFT, TIME_SHIFT)
                request = relay.requests.pop(parse(answer).msg_id)
                if request.flags & AUTH:
                    relay.answers.append(answer)
                await relay.handler(relay, request, answer)

        async with anyio.create_task_group() as tg:
            tg.start_soon(requests)
            tg.start_soon(answers)
            yield relay
            tg.cancel_scope.cancel()


@asynccontextmanager
async def v3_session(snmpd: Snmpd) -> AsyncIterator[tuple[Relay, SnmpSession, bytes]]:
    """A session through a fresh relay, with one normal GET done: (relay, session, sysDescr)."""
    async with (
        relay_to(snmpd) as relay,
        SnmpSession("127.0.0.1", relay.port, user=USER, timeout=TIMEOUT, retries=RETRIES) as s,
    ):
        with anyio.fail_after(BOUND):
            descr = await s.get(DESCR)
        assert isinstance(descr, bytes)
        yield relay, s, descr


def codec(s: SnmpSession) -> SessionCodec:
    assert isinstance(s._codec, SessionCodec)
    return s._codec


@attrs.frozen
class EngineClock:
    """The session's cached engine boots and time estimate at one moment."""

    boots: int
    time: int
    at: float = attrs.field(factory=monotonic)

    @classmethod
    def of(cls, s: SnmpSession) -> EngineClock:
        return cls(codec(s).engine_boots, codec(s).engine_time)

    def unmoved(self, s: SnmpSession) -> bool:
        """True when the cache only advanced with the clock since."""
        elapsed = monotonic() - self.at
        return (
            codec(s).engine_boots == self.boots
            and 0 <= codec(s).engine_time - self.time <= elapsed + 1
        )


async def still_usable(relay: Relay, s: SnmpSession, descr: bytes) -> None:
    """The session answers a normal request afterwards and holds no request slot."""
    relay.handler = forward
    with anyio.fail_after(BOUND):
        assert await s.get(DESCR) == descr
    assert s._endpoint is not None and not s._endpoint.in_flight()


# --- forgeries: each is dropped -------------------------------------------------------

Forge = Callable[[Relay, Msg, bytes], bytes]


def resigned(edit: Callable[[Msg], Msg] = lambda m: m) -> Forge:
    """The answer's fields edited, its scopedPDU re-encrypted and the whole signed, correctly."""

    def forge(relay: Relay, request: Msg, answer: bytes) -> bytes:
        m = parse(answer)
        keys = keys_for(m.engine_id)
        return seal(edit(m), keys, plaintext(m, keys))

    return forge


def edited(edit: Callable[[Msg], Msg], *, sign: bool) -> Forge:
    """The answer's fields edited (keeping the ciphertext), then signed or left as is."""

    def forge(relay: Relay, request: Msg, answer: bytes) -> bytes:
        m = edit(parse(answer))
        return seal(m, keys_for(m.engine_id)) if sign else encode(m)[0]

    return forge


def flip_bit(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1 :]


def replayed(relay: Relay, request: Msg, answer: bytes) -> bytes:
    return relay.answers[0]  # the genuine, signed answer to the session's first GET


FORGERIES: dict[str, Forge] = {
    "mac-random": edited(lambda m: attrs.evolve(m, mac=os.urandom(12)), sign=False),
    "mac-bit-flipped": edited(lambda m: attrs.evolve(m, mac=flip_bit(m.mac, 5)), sign=False),
    "mac-truncated": edited(lambda m: attrs.evolve(m, mac=m.mac[:11]), sign=False),
    "mac-empty": edited(lambda m: attrs.evolve(m, mac=b""), sign=False),
    "mac-too-long": edited(lambda m: attrs.evolve(m, mac=m.mac + b"\0" * 4), sign=False),
    "ciphertext-bit-flipped": edited(
        lambda m: attrs.evolve(m, body=flip_bit(m.body, len(m.body) - 3)), sign=False
    ),
    "truncated": lambda relay, request, answer: answer[:-4],
    "replayed-old-answer": replayed,
    "wrong-engine-id": resigned(lambda m: attrs.evolve(m, engine_id=b"\x80\x00\x1f\x88\x04forged")),
    "wrong-msg-id": resigned(lambda m: attrs.evolve(m, msg_id=m.msg_id ^ 1)),
    "wrong-user": resigned(lambda m: attrs.evolve(m, user=b"sha")),
    "authNoPriv-answer": resigned(lambda m: attrs.evolve(m, flags=AUTH)),
    "noAuthNoPriv-answer": resigned(lambda m: attrs.evolve(m, flags=0)),
    "garbage-ciphertext": edited(
        lambda m: attrs.evolve(m, body=tlv(0x04, os.urandom(len(contents(m.body)[0])))), sign=True
    ),
    "garbage-ciphertext-odd-size": edited(
        lambda m: attrs.evolve(m, body=tlv(0x04, os.urandom(13))), sign=True
    ),
    "plaintext-in-authPriv": edited(lambda m: attrs.evolve(m, body=tlv(0x30, b"")), sign=True),
    "priv-params-empty": edited(lambda m: attrs.evolve(m, salt=b""), sign=True),
    "priv-params-7": edited(lambda m: attrs.evolve(m, salt=m.salt[:7]), sign=True),
    "priv-params-16": edited(lambda m: attrs.evolve(m, salt=m.salt * 2), sign=True),
    "boots-lower": resigned(lambda m: attrs.evolve(m, boots=m.boots - 1)),
    "boots-lower-time-later": resigned(
        lambda m: attrs.evolve(m, boots=m.boots - 1, time=m.time + 1000)
    ),
    "time-outside-window": resigned(lambda m: attrs.evolve(m, time=m.time - 200)),
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
async def test_forgery_before_the_answer_is_dropped(snmpd: Snmpd, forge: Forge) -> None:
    async with v3_session(snmpd) as (relay, s, descr):
        clock = EngineClock.of(s)
        sent: list[bytes] = []

        async def handler(relay: Relay, request: Msg, answer: bytes) -> None:
            sent.append(forge(relay, request, answer))
            await relay.send(sent[-1])
            await relay.send(answer)

        relay.handler = handler
        with anyio.fail_after(BOUND):
            assert await s.get(DESCR) == descr
        assert len(sent) == 1  # answered on the first attempt
        assert clock.unmoved(s)
        await still_usable(relay, s, descr)


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
async def test_only_forgeries_time_out(snmpd: Snmpd, forge: Forge) -> None:
    async with v3_session(snmpd) as (relay, s, descr):
        clock = EngineClock.of(s)
        sent: list[bytes] = []

        async def handler(relay: Relay, request: Msg, answer: bytes) -> None:
            sent.append(forge(relay, request, answer))
            await relay.send(sent[-1])

        relay.handler = handler
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.TimeoutError):
            await s.get(DESCR)
        assert len(sent) == RETRIES + 1
        assert clock.unmoved(s)
        await still_usable(relay, s, descr)


#: The forging machinery without a fault: what it signs, the session takes.
CONTROLS: dict[str, Forge] = {
    "resigned": resigned(),
    "edited-and-signed": edited(lambda m: m, sign=True),
    "time-later": resigned(lambda m: attrs.evolve(m, time=m.time + 1)),
}


@pytest.mark.parametrize("forge", CONTROLS.values(), ids=CONTROLS.keys())
async def test_forged_but_correct_answers_are_taken(snmpd: Snmpd, forge: Forge) -> None:
    async with v3_session(snmpd) as (relay, s, descr):

        async def handler(relay: Relay, request: Msg, answer: bytes) -> None:
            await relay.send(forge(relay, request, answer))

        relay.handler = handler
        with anyio.fail_after(BOUND):
            assert await s.get(DESCR) == descr
        assert codec(s).engine_boots == parse(relay.answers[-1]).boots > BOOTS_SHIFT


# --- unauthenticated Reports ----------------------------------------------------------


async def test_unauthenticated_not_in_time_window_report_moves_nothing(snmpd: Snmpd) -> None:
    async with v3_session(snmpd) as (relay, s, descr):
        clock = EngineClock.of(s)
        reports: list[bytes] = []

        async def once(relay: Relay, request: Msg, answer: bytes) -> None:
            if not reports:  # the first answer only: the session re-sends once
                reports.append(report(request, NOT_IN_TIME_WINDOW, boots=clock.boots + 5, time=7))
                await relay.send(reports[-1])
            await relay.send(answer)

        relay.handler = once
        with anyio.fail_after(BOUND):
            assert await s.get(DESCR) == descr
        assert clock.unmoved(s)
        await still_usable(relay, s, descr)


async def test_unauthenticated_not_in_time_window_reports_only(snmpd: Snmpd) -> None:
    async with v3_session(snmpd) as (relay, s, descr):
        clock = EngineClock.of(s)

        async def always(relay: Relay, request: Msg, answer: bytes) -> None:
            await relay.send(report(request, NOT_IN_TIME_WINDOW, boots=clock.boots + 5, time=7))
            await relay.send(answer)

        relay.handler = always
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.NotInTimeWindowError):
            await s.get(DESCR)
        assert clock.unmoved(s)
        await still_usable(relay, s, descr)


async def test_unauthenticated_unknown_engine_report(snmpd: Snmpd) -> None:
    async with v3_session(snmpd) as (relay, s, descr):
        clock, engine = EngineClock.of(s), s.get_engine_id()

        async def spoof(relay: Relay, request: Msg, answer: bytes) -> None:
            await relay.send(
                report(
                    attrs.evolve(request, engine_id=b"\x80\x00\x00\x00\x01evil"),
                    UNKNOWN_ENGINE_ID,
                    boots=0,
                    time=0,
                )
            )
            await relay.send(answer)

        relay.handler = spoof
        with anyio.fail_after(BOUND), pytest.raises(anysnmp.UnknownEngineIdError):
            await s.get(DESCR)
        assert s.get_engine_id() == engine
        assert clock.unmoved(s)
        await still_usable(relay, s, descr)
