"""Every public decoder, fed random and mutated octets, returns or raises `SnmpError`.

Mutations start from real traffic (the fuzz seeds captured from snmpd and our
agent) and from authenticated SNMPv3 messages re-signed after each mutation,
so that the mutated octets reach the code behind the MAC check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anysnmp import CommandResponder, MibView, SnmpError
from anysnmp._codec import core
from anysnmp.lowlevel import PduType

CORPUS = Path(__file__).resolve().parents[2] / "fuzz" / "corpus"
SEEDS = [p.read_bytes() for p in sorted((CORPUS / "community").iterdir())]
V3_SEEDS = [
    p.read_bytes()[1:] for p in sorted((CORPUS / "usm").iterdir()) if p.read_bytes()[:1] == b"\0"
]
ENGINE = b"\x80\x00\x1f\x88\x80prop"
#: What the GETs of decode_get ask for (sysDescr, sysUpTime: what many seeds answer).
GET_OIDS = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0"]
SHA1, MD5, AES128, DES, LOCALIZED = 2, 1, 2, 1, 2
#: Localized keys: the auth protocol's digest size.
KEYS = {MD5: bytes(range(16)), SHA1: bytes(range(20))}
RESPONDER = CommandResponder(
    MibView.from_snmprec(
        Path(__file__).resolve().parents[2] / "src" / "anysnmp" / "data" / "demo.snmprec"
    )
)


def usm_codec(auth: int, priv: int) -> Any:
    key = KEYS.get(auth, b"")
    codec = core.UsmCodec(b"prop", auth, key, LOCALIZED, priv, key if priv else b"", LOCALIZED, 0)
    codec.set_engine(ENGINE, 1, 100)
    return codec


def decoders(rid: int) -> list[Callable[[bytes], object]]:
    """Each public entry point that parses a datagram (walkers persist across calls)."""
    out: list[Callable[[bytes], object]] = [
        core.decode_message,
        partial(core.decode_message, typed=True),
        core.decode_request,
        core.decode_varbind,
    ]
    codecs: list[Any] = [core.Codec(0, b"public"), core.Codec(1, b"public")]
    codecs += [usm_codec(a, p) for a, p in ((0, 0), (SHA1, 0), (SHA1, AES128), (MD5, DES))]
    for codec in codecs:
        out += [
            partial(codec.decode_response, request_id=rid, typed=True),
            partial(codec.decode_walk, request_id=rid, walker=core.Walker("1.3.6.1.2.1")),
            partial(codec.decode_get, request_id=rid, request=core.GetRequest(codec, GET_OIDS)),
            partial(
                codec.decode_get, request_id=rid, request=core.GetRequest(codec, GET_OIDS, True)
            ),
        ]
        if isinstance(codec, core.UsmCodec):
            out.append(partial(codec.decode_discovery, request_id=rid))
    return out


def only_snmp_errors(data: bytes, rid: int) -> None:
    # Total functions: never raise at all.
    assert core.peek_request_id(data) is None or isinstance(core.peek_request_id(data), int)
    assert core.message_version(data) is None or isinstance(core.message_version(data), int)
    reply = RESPONDER.respond(data)
    assert reply is None or isinstance(reply, bytes)
    for decode in decoders(rid):
        with contextlib.suppress(SnmpError):
            decode(data)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few byte edits, insertions, deletions, a cut or an inflated length."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["set", "insert", "delete", "cut", "length"]))
        if kind == "set":
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and len(data) > 1:
            del data[at : at + draw(st.integers(1, 8))]
        elif kind == "cut":
            del data[at:]
        elif kind == "length":  # a long-form length claiming far more than there is
            data[at : at + 1] = bytes([0x84]) + draw(st.integers(0, 2**32 - 1)).to_bytes(4, "big")
        if not data:
            data.append(0x30)
    return bytes(data)


def peek(data: bytes) -> int:
    rid = core.peek_request_id(data)
    return rid if rid is not None else 1


def test_seeds_are_real_traffic() -> None:
    assert len(SEEDS) > 50 and len(V3_SEEDS) > 20
    assert all(core.decode_message(s) for s in SEEDS)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.integers(-(2**31), 2**31 - 1))
def test_random_octets(data: bytes, rid: int) -> None:
    only_snmp_errors(data, rid)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SEEDS))
def test_mutated_community_traffic(data: bytes) -> None:
    only_snmp_errors(data, peek(data))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(V3_SEEDS))
def test_mutated_v3_traffic(data: bytes) -> None:
    only_snmp_errors(data, peek(data))


def _children(data: bytes | bytearray, start: int, end: int) -> list[tuple[int, int, int]]:
    """(tag, content start, content end) of each element in data[start:end]."""
    out = []
    while start < end:
        tag, first, at = data[start], data[start + 1], start + 2
        size = first
        if first & 0x80:
            size = int.from_bytes(data[at : at + (first & 0x7F)], "big")
            at += first & 0x7F
        out.append((tag, at, at + size))
        start = at + size
    return out


def signed_response(rid: int) -> tuple[bytearray, int]:
    """An authNoPriv Response (a re-tagged, re-signed request) and its MAC offset."""
    codec = usm_codec(SHA1, 0)
    request = bytearray(
        codec.encode_request(PduType.GET, rid, ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0"])
    )
    _, start, end = _children(request, 0, len(request))[0]
    _, _, (_, pstart, pend), (_, sstart, send) = _children(request, start, end)
    _, ustart, uend = _children(request, pstart, pend)[0]
    mac = _children(request, ustart, uend)[4][1]
    pdu = _children(request, sstart, send)[2][1] - 2  # the PDU's tag (short-form length)
    assert request[pdu] == PduType.GET
    request[pdu] = PduType.RESPONSE
    return request, mac


def sign(message: bytearray, mac: int) -> bytes:
    message[mac : mac + 12] = bytes(12)
    message[mac : mac + 12] = core.usm_mac(SHA1, KEYS[SHA1], bytes(message), mac)
    return bytes(message)


def test_signed_response_is_accepted() -> None:
    message, mac = signed_response(7)
    result = usm_codec(SHA1, 0).decode_response(sign(message, mac), 7, False)
    assert result is not None and result[0] == PduType.RESPONSE


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutations_behind_a_valid_mac(data: st.DataObject) -> None:
    message, mac = signed_response(7)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(mac + 12, len(message) - 1))  # after the MAC: the scopedPDU
        message[at] = data.draw(st.integers(0, 255))
    codec = usm_codec(SHA1, 0)
    with contextlib.suppress(SnmpError):
        codec.decode_response(sign(message, mac), 7, True)


@pytest.mark.parametrize("size", [0, 1, 2, 100, 65507])
def test_all_zero_and_all_ff_datagrams(size: int) -> None:
    for fill in (b"\0", b"\xff", b"\x30"):
        only_snmp_errors(fill * size, 1)
