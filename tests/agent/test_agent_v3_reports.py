"""USM Reports answer Confirmed Class messages only (RFC 3412 6.4, 7.1), whatever the flags say.

Raw SNMPv3 messages of every PDU type, all with the reportable flag set, meet the
USM failures that produce Reports (unknown engine, unknown user, unsupported
level, wrong digest): Get, GetNext, GetBulk, Set and Inform get a Report; Response,
SNMPv1 Trap, SNMPv2-Trap and Report get nothing (a Report to them would make the
agent a reflector). Where the PDU cannot be read (encrypted), the flag decides.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

import anyio
import pytest
from ber import integer, tlv
from peers import Snmpd

from anysnmp import Agent, CommandResponder, MibView, NotificationReceiver, Sha1Key, User
from anysnmp._codec import PduType

ENGINE_ID = bytes.fromhex("8000000005") + b"reports"
OTHER_ENGINE = bytes.fromhex("8000000005") + b"elsewhere"
USERS = [User("auth", auth_key=Sha1Key(b"auth-password")), User("noauth")]
AUTH, PRIV, REPORTABLE = 1, 2, 4
TRAP_V1 = 0xA4
CONFIRMED: list[int] = [PduType.GET, PduType.GETNEXT, PduType.GETBULK, PduType.SET, PduType.INFORM]
UNCONFIRMED: list[int] = [PduType.RESPONSE, TRAP_V1, PduType.TRAP_V2, PduType.REPORT]
SYS_NAME = bytes.fromhex("06082b06010201010500")  # OID 1.3.6.1.2.1.1.5.0


def octets(value: bytes) -> bytes:
    return tlv(4, value)


def usm_oid(counter: int) -> bytes:
    """The encoded OID usmStats<counter>.0 (1.3.6.1.6.3.15.1.1.<counter>.0)."""
    return tlv(6, bytes([0x2B, 6, 1, 6, 3, 15, 1, 1, counter, 0]))


UNKNOWN_USER_NAMES, UNKNOWN_ENGINE_IDS, WRONG_DIGESTS = 3, 4, 5
UNSUPPORTED_SEC_LEVELS = 1


def message(
    pdu_type: int,
    *,
    flags: int,
    engine_id: bytes,
    user: bytes,
    auth_params: bytes = b"",
    priv_params: bytes = b"",
    encrypted: bytes | None = None,
    msg_id: int = 99,
) -> bytes:
    """A whole SNMPv3 message (request-id 42) around a plaintext or opaque PDU."""
    varbinds = tlv(0x30, tlv(0x30, SYS_NAME + b"\x05\x00"))
    pdu = tlv(pdu_type, integer(42) + integer(0) + integer(0) + varbinds)
    data = (
        tlv(0x30, octets(engine_id) + octets(b"") + pdu) if encrypted is None else octets(encrypted)
    )
    params = tlv(
        0x30,
        octets(engine_id)
        + integer(1)
        + integer(0)
        + octets(user)
        + octets(auth_params)
        + octets(priv_params),
    )
    header = tlv(0x30, integer(msg_id) + integer(65507) + octets(bytes([flags])) + integer(3))
    return tlv(0x30, integer(3) + header + octets(params) + data)


#: The failures that produce Reports: (counter, message of a PDU type).
FAILURES: dict[str, tuple[int, Callable[..., bytes]]] = {
    "discovery": (
        UNKNOWN_ENGINE_IDS,
        lambda t, **kw: message(t, flags=REPORTABLE, engine_id=b"", user=b"", **kw),
    ),
    "unknown-user": (
        UNKNOWN_USER_NAMES,
        lambda t, **kw: message(t, flags=REPORTABLE, engine_id=ENGINE_ID, user=b"nobody", **kw),
    ),
    "unsupported-level": (
        UNSUPPORTED_SEC_LEVELS,
        lambda t, **kw: message(
            t,
            flags=AUTH | REPORTABLE,
            engine_id=ENGINE_ID,
            user=b"noauth",
            auth_params=bytes(12),
            **kw,
        ),
    ),
    "wrong-digest": (
        WRONG_DIGESTS,
        lambda t, **kw: message(
            t,
            flags=AUTH | REPORTABLE,
            engine_id=ENGINE_ID,
            user=b"auth",
            auth_params=bytes(12),
            **kw,
        ),
    ),
}


def elements(data: bytes) -> list[bytes]:
    """The contents of the TLVs that follow each other in ``data``."""
    out = []
    while data:
        size, start = data[1], 2
        if size & 0x80:
            start += size & 0x7F
            size = int.from_bytes(data[2:start], "big")
        out.append(data[start : start + size])
        data = data[start + size :]
    return out


def msg_id(data: bytes) -> int:
    """The msgID of an SNMPv3 message."""
    header = elements(elements(elements(data)[0])[1])
    return int.from_bytes(header[0], "big", signed=True)


def is_report(reply: bytes, counter: int) -> bool:
    """Whether ``reply`` is a Report (tag 0xa8, request-id 42) of usmStats<counter>."""
    return bytes([0xA8]) in reply and integer(42) in reply and usm_oid(counter) in reply


def agents() -> dict[str, Callable[[bytes], bytes | None]]:
    """The two v3 engines that answer with Reports: the command responder's, the receiver's."""
    responder = CommandResponder(MibView(), users=USERS, engine_id=ENGINE_ID)
    receiver = NotificationReceiver(users=USERS, engine_id=ENGINE_ID)
    return {"responder": responder.respond, "receiver": receiver.engine.decode}  # type: ignore[dict-item]


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("pdu_type", CONFIRMED + UNCONFIRMED)
def test_reports_answer_confirmed_pdus_only(failure: str, pdu_type: int) -> None:
    counter, build = FAILURES[failure]
    for name, answer in agents().items():
        reply = answer(build(pdu_type))
        if pdu_type in CONFIRMED:
            assert reply is not None and is_report(reply, counter), name
        else:
            assert reply is None, name


@pytest.mark.parametrize("pdu_type", CONFIRMED + UNCONFIRMED)
def test_reportable_flag_decides_only_for_confirmed_pdus(pdu_type: int) -> None:
    # RFC 3412 6.4: a confirmed PDU without the flag is processed as if it had it.
    for name, answer in agents().items():
        reply = answer(message(pdu_type, flags=0, engine_id=ENGINE_ID, user=b"nobody"))
        assert (reply is not None) == (pdu_type in CONFIRMED), name


@pytest.mark.parametrize("flags", [AUTH | PRIV, AUTH | PRIV | REPORTABLE])
def test_reportable_flag_decides_when_the_pdu_cannot_be_read(flags: int) -> None:
    encrypted = bytes(range(48))
    for name, answer in agents().items():
        for engine_id, user, counter in (
            (ENGINE_ID, b"nobody", UNKNOWN_USER_NAMES),
            (b"", b"", UNKNOWN_ENGINE_IDS),
        ):
            data = message(
                PduType.GET,
                flags=flags,
                engine_id=engine_id,
                user=user,
                auth_params=bytes(12),
                priv_params=bytes(8),
                encrypted=encrypted,
            )
            reply = answer(data)
            if flags & REPORTABLE:
                assert reply is not None and usm_oid(counter) in reply, name
            else:
                assert reply is None, name


def test_receiver_takes_unconfirmed_pdus_from_other_engines_without_reports() -> None:
    # A trap from another engine with the flag set (wrongly): not a discovery, no Report.
    receiver = NotificationReceiver(users=USERS, engine_id=ENGINE_ID)
    trap = message(PduType.TRAP_V2, flags=REPORTABLE, engine_id=OTHER_ENGINE, user=b"noauth")
    assert isinstance(receiver.engine.decode(trap), tuple)  # accepted as a foreign trap
    inform = message(PduType.INFORM, flags=REPORTABLE, engine_id=OTHER_ENGINE, user=b"noauth")
    reply = receiver.engine.decode(inform)
    assert isinstance(reply, bytes) and is_report(reply, UNKNOWN_ENGINE_IDS)


@pytest.mark.anyio
async def test_agent_and_receiver_send_no_report_to_unconfirmed_pdus() -> None:
    handlers: list[CommandResponder | NotificationReceiver] = [
        CommandResponder(MibView(), users=USERS, engine_id=ENGINE_ID),
        NotificationReceiver(users=USERS, engine_id=ENGINE_ID),
    ]
    sent = [
        (pdu_type, counter, build(pdu_type, msg_id=number))
        for number, (counter, build, pdu_type) in enumerate(
            ((c, b, t) for c, b in FAILURES.values() for t in CONFIRMED + UNCONFIRMED), 100
        )
    ]
    expected = [
        (counter, msg_id(data)) for pdu_type, counter, data in sent if pdu_type in CONFIRMED
    ]
    for handler in handlers:
        replies: list[bytes] = []
        async with (
            Agent([("127.0.0.1", 0)], handler) as agent,
            await anyio.create_udp_socket(local_host="127.0.0.1") as sock,
        ):
            for _, _, data in sent:
                await sock.sendto(data, *agent.addresses[0])
            while True:
                with anyio.move_on_after(0.3):
                    replies.append((await sock.receive())[0])
                    continue
                break
        assert len(replies) == len(expected)
        assert [
            (counter, msg_id(reply)) for reply, (counter, _) in zip(replies, expected, strict=True)
        ] == expected
        assert all(
            is_report(reply, counter) for reply, (counter, _) in zip(replies, expected, strict=True)
        )


def test_netsnmp_snmpd_answers_the_same_pdus(snmpd: Snmpd) -> None:
    """Net-SNMP's snmpd, the reference: Reports for the confirmed PDUs only."""
    failures: dict[str, Callable[[int], bytes]] = {
        "discovery": FAILURES["discovery"][1],
        "unknown-engine": lambda t: message(
            t, flags=REPORTABLE, engine_id=OTHER_ENGINE, user=b"sha"
        ),
    }
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        for name, build in failures.items():
            answered = []
            for pdu_type in CONFIRMED + UNCONFIRMED:
                sock.sendto(build(pdu_type), (snmpd.host, snmpd.port))
                try:
                    reply = sock.recv(65536)
                except TimeoutError:
                    continue
                assert is_report(reply, UNKNOWN_ENGINE_IDS), name
                answered.append(pdu_type)
            assert answered == CONFIRMED, name


def engine_id_of(message: bytes) -> bytes:
    """The msgAuthoritativeEngineID of an SNMPv3 message."""
    return elements(elements(elements(elements(message)[0])[2])[0])[0]


def test_without_users_the_reports_of_snmpd_without_users(snmpd_without_users: Snmpd) -> None:
    """An agent with no user (nothing served over v3) reports as snmpd with none: discovery,
    then an unknown user; no larger than snmpd's, but for the engine ids (each in a Report
    twice: the sender, the context), so it amplifies no more than snmpd does."""
    responder = CommandResponder(MibView())
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)

        def snmpd(data: bytes) -> bytes:
            sock.sendto(data, (snmpd_without_users.host, snmpd_without_users.port))
            return sock.recv(65536)

        sizes = []
        for agent in (responder.respond, snmpd):
            report = agent(message(PduType.GET, flags=REPORTABLE, engine_id=b"", user=b""))
            assert report is not None and is_report(report, UNKNOWN_ENGINE_IDS)
            engine = engine_id_of(report)
            get = message(PduType.GET, flags=REPORTABLE, engine_id=engine, user=b"nobody")
            unknown = agent(get)
            assert unknown is not None and is_report(unknown, UNKNOWN_USER_NAMES)
            sizes.append([len(reply) - 2 * len(engine) for reply in (report, unknown)])
    ours, theirs = sizes
    assert all(o <= t for o, t in zip(ours, theirs, strict=True)), sizes
    assert responder.stats.requests == 0
