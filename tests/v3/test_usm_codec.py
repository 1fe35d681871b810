"""The v3 USM codec against a real Net-SNMP agent, with blocking sockets.

Covers discovery, every auth/priv pair at the message level, Reports, time
synchronisation, and the responses the codec must drop (tampered, replayed under
another msgID, less protected than the request).
"""

from __future__ import annotations

import hashlib
import hmac
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from peers import V3_USERS, Snmpd, V3User, netsnmp

from anysnmp._codec import PduType, core
from anysnmp._registry import AUTH_ALGORITHMS, AuthAlgorithm
from anysnmp._usm import core_user_args

ENGINE = bytes.fromhex("80001f8804") + b"anysnmp-tests"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
USM_STATS = "1.3.6.1.6.3.15.1.1."
NOT_IN_TIME_WINDOW = USM_STATS + "2.0"
UNKNOWN_USER = USM_STATS + "3.0"
WRONG_DIGEST = USM_STATS + "5.0"


def make_codec(
    user: V3User, *, auth_password: str | None = None, name: str | None = None
) -> core.UsmCodec:
    return core.UsmCodec(*core_user_args(user.user(auth_password=auth_password, name=name)))


@pytest.fixture
def sock(snmpd: Snmpd) -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(5)
        s.connect((snmpd.host, snmpd.port))
        yield s


def exchange(sock: socket.socket, request: bytes) -> bytes:
    sock.send(request)
    return sock.recv(65536)


def discover(sock: socket.socket, codec: core.UsmCodec) -> tuple[bytes, int, int]:
    found = codec.decode_discovery(exchange(sock, codec.encode_discovery(4242)), 4242)
    assert found is not None
    return found


def test_discovery(sock: socket.socket, snmpd: Snmpd) -> None:
    codec = make_codec(snmpd.user("sha"))
    engine, boots, time = discover(sock, codec)
    assert engine == ENGINE
    assert boots >= 1 and time >= 0
    # The discovery answer is not an answer to another request id.
    assert codec.decode_discovery(exchange(sock, codec.encode_discovery(7)), 8) is None


@pytest.mark.parametrize("name", [u.name for u in V3_USERS])
def test_get_every_user(sock: socket.socket, snmpd: Snmpd, name: str) -> None:
    user = snmpd.user(name)
    codec = make_codec(user)
    codec.set_engine(*discover(sock, codec))
    request_id = 1000
    answer = None
    for _ in range(
        2
    ):  # the first may be a notInTimeWindow Report (discovery time is unauthenticated)
        request_id += 1
        answer = codec.decode_response(
            exchange(sock, codec.encode_request(PduType.GET, request_id, [SYS_DESCR])), request_id
        )
        assert answer is not None
        if answer[0] == PduType.RESPONSE:
            break
    assert answer is not None and answer[0] == PduType.RESPONSE
    expected = netsnmp(
        "snmpget", *user.netsnmp_args(), "-On", "-Ov", "-Oq", snmpd.target, SYS_DESCR
    ).strip()
    assert answer[3] == [(SYS_DESCR, expected.strip('"').encode())]


@pytest.fixture
def sha_aes(sock: socket.socket, snmpd: Snmpd) -> core.UsmCodec:
    codec = make_codec(snmpd.user("shaaes"))
    codec.set_engine(*discover(sock, codec))
    return codec


def get(sock: socket.socket, codec: core.UsmCodec, request_id: int) -> tuple[bytes, Any]:
    data = exchange(sock, codec.encode_request(PduType.GET, request_id, [SYS_DESCR]))
    return data, codec.decode_response(data, request_id)


def test_time_sync_from_authenticated_report(sock: socket.socket, sha_aes: core.UsmCodec) -> None:
    sha_aes.set_engine(ENGINE, 0, 0)  # stale boots/time: the agent must report notInTimeWindow
    _, answer = get(sock, sha_aes, 11)
    assert answer is not None
    assert answer[0] == PduType.REPORT and answer[3][0][0] == NOT_IN_TIME_WINDOW
    assert sha_aes.engine_boots >= 1  # adopted from the authenticated Report
    _, answer = get(sock, sha_aes, 12)
    assert answer is not None and answer[0] == PduType.RESPONSE


def synced(sock: socket.socket, codec: core.UsmCodec) -> bytes:
    data, answer = get(sock, codec, 21)
    if answer is not None and answer[0] == PduType.REPORT:
        data, answer = get(sock, codec, 21)
    assert answer is not None and answer[0] == PduType.RESPONSE
    return data


def test_tampered_responses_are_dropped(sock: socket.socket, sha_aes: core.UsmCodec) -> None:
    data = synced(sock, sha_aes)
    assert sha_aes.decode_response(data, 21) is not None
    assert sha_aes.decode_response(data, 22) is None  # another msgID
    for position in (len(data) - 1, len(data) // 2, 40):
        tampered = bytearray(data)
        tampered[position] ^= 0x01
        assert sha_aes.decode_response(bytes(tampered), 21) is None, position


def test_less_protected_response_is_dropped(
    sock: socket.socket, snmpd: Snmpd, sha_aes: core.UsmCodec
) -> None:
    synced(sock, sha_aes)
    noauth = make_codec(snmpd.user("noauth"))
    noauth.set_engine(ENGINE)
    plain = exchange(sock, noauth.encode_request(PduType.GET, 31, [SYS_DESCR]))
    assert noauth.decode_response(plain, 31) is not None
    assert sha_aes.decode_response(plain, 31) is None


def test_response_for_another_user_is_dropped(sock: socket.socket, snmpd: Snmpd) -> None:
    # Two users with the same auth protocol and password: only the user name differs.
    codec = make_codec(snmpd.user("sha"))
    codec.set_engine(ENGINE)
    data = synced(sock, codec)
    impostor = make_codec(snmpd.user("sha"), name="sha-other")
    impostor.set_engine(ENGINE)
    assert codec.decode_response(data, 21) is not None
    assert impostor.decode_response(data, 21) is None


def test_wrong_password_gets_wrong_digest_report(sock: socket.socket, snmpd: Snmpd) -> None:
    codec = make_codec(snmpd.user("shaaes"), auth_password="not-the-password")
    codec.set_engine(*discover(sock, codec))
    _, answer = get(sock, codec, 41)
    assert answer is not None
    assert answer[0] == PduType.REPORT and answer[3][0][0] == WRONG_DIGEST


def test_unknown_user_gets_report(sock: socket.socket, snmpd: Snmpd) -> None:
    codec = make_codec(snmpd.user("shaaes"), name="nobody")
    codec.set_engine(*discover(sock, codec))
    _, answer = get(sock, codec, 51)
    assert answer is not None
    assert answer[0] == PduType.REPORT and answer[3][0][0] == UNKNOWN_USER


def test_request_needs_engine(snmpd: Snmpd) -> None:
    with pytest.raises(Exception, match="engine id is unknown"):
        make_codec(snmpd.user("sha")).encode_request(PduType.GET, 1, [SYS_DESCR])


# --- the MAC placeholder: recorded while encoding, never searched for ------------------


def tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the element at pos."""
    tag, length, pos = data[pos], data[pos + 1], pos + 2
    if length & 0x80:
        n = length & 0x7F
        length, pos = int.from_bytes(data[pos : pos + n], "big"), pos + n
    return tag, pos, pos + length


def children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out = []
    while start < end:
        element = tlv(data, start)
        out.append(element)
        start = element[2]
    return out


@pytest.mark.parametrize("auth", AUTH_ALGORITHMS.values(), ids=lambda a: a.name)
def test_mac_offset_with_zero_runs(auth: AuthAlgorithm) -> None:
    engine = b"\x80\x00\x00\x00" + bytes(24) + b"\x01"  # zeros everywhere a search would look
    codec = core.UsmCodec(b"user", auth.id, b"auth-password", 0, 0, b"", 0, 0)
    codec.set_engine(engine, 5, 100)
    message = codec.encode_request(PduType.GET, 77, [SYS_DESCR])
    _, start, end = tlv(message, 0)
    _, _, params, _ = children(message, start, end)
    _, p_start, p_end = tlv(message, params[1])
    fields = children(message, p_start, p_end)
    engine_field, auth_field = fields[0], fields[4]
    assert message[engine_field[1] : engine_field[2]] == engine
    mac = message[auth_field[1] : auth_field[2]]
    zeroed = message[: auth_field[1]] + bytes(len(mac)) + message[auth_field[2] :]
    stream = b"auth-password" * (1048576 // 13 + 1)
    ku = hashlib.new(auth.digest, stream[:1048576]).digest()
    kul = hashlib.new(auth.digest, ku + engine + ku).digest()
    assert mac == hmac.new(kul, zeroed, auth.digest).digest()[: len(mac)]
    assert mac != bytes(len(mac))
