"""SNMPv3 msgIDs and privacy salts over 1,000,000 authPriv messages of one session codec.

The msgID of every message is the request id the session drew from its CSPRNG
(`random_ids`, whose distribution test_load checks); the salts (AES: a 64-bit
counter, DES: boots and a 32-bit counter, both from a random start) never
repeat and start elsewhere for every new key.
"""

from __future__ import annotations

import os

import pytest

from anysnmp import User
from anysnmp._backends._udp import Pending, UdpEndpoint
from anysnmp._codec import core
from anysnmp._usm import (
    Aes128Key,
    BaseAuthKey,
    BasePrivKey,
    DesKey,
    KeyType,
    Md5Key,
    SessionCodec,
    Sha1Key,
)
from anysnmp.lowlevel import PduType

MESSAGES, CHUNK = 1_000_000, 50_000
ENGINE = bytes.fromhex("80001f8804") + b"ids-test"
BOOTS, TIME = 7, 100_000
VARBINDS = ["1.3.6.1.2.1.1.1.0"]


def salt_offset(message: bytes) -> int:
    """Where msgPrivacyParameters' 8 octets start: they end the USM parameters."""
    at, end = 0, 0
    for element in ("message", "version", "header", "params"):
        size, start = message[at + 1], at + 2
        if size & 0x80:
            count = size & 0x7F
            size, start = int.from_bytes(message[start : start + count], "big"), start + count
        end = start + size
        at = start if element == "message" else end
    return end - 8


def session_codec(auth: type[BaseAuthKey], priv: type[BasePrivKey]) -> SessionCodec:
    user = User(
        "ids",
        auth_key=auth(os.urandom(auth.KEY_LENGTH), KeyType.Localized),
        priv_key=priv(os.urandom(priv.KEY_LENGTH), KeyType.Localized),
    )
    codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=65507)
    codec.set_engine(ENGINE, BOOTS, TIME)
    return codec


@pytest.mark.parametrize(
    ("auth", "priv"), [(Sha1Key, Aes128Key), (Md5Key, DesKey)], ids=["SHA-AES", "MD5-DES"]
)
def test_msg_ids_and_salts_never_repeat(auth: type[BaseAuthKey], priv: type[BasePrivKey]) -> None:
    endpoint = UdpEndpoint.__new__(UdpEndpoint)
    endpoint._pending = {}
    slot = Pending.__new__(Pending)
    ids = [endpoint.new_request_id(slot) for _ in range(MESSAGES)]
    codec = session_codec(auth, priv)
    encode, get = codec.encode_request, PduType.GET
    offsets: dict[tuple[int, int], int] = {}  # by message length and msgID length
    salts: set[bytes] = set()
    first = codec.encode_request(get, ids[0], VARBINDS)
    for chunk in range(0, MESSAGES, CHUNK):  # encoded in chunks: bounded memory
        keys = ids[chunk : chunk + CHUNK]
        messages = [encode(get, key, VARBINDS) for key in keys]
        # Every msgID is the session's CSPRNG request id.
        assert list(map(core.peek_request_id, messages)) == keys
        for message, key in zip(messages, keys, strict=True):
            at = offsets.get(shape := (len(message), key.bit_length()))
            if at is None:
                at = offsets[shape] = salt_offset(message)
            salts.add(message[at : at + 8])
        # The shortcut checked against the full walk.
        assert offsets[len(messages[-1]), keys[-1].bit_length()] == salt_offset(messages[-1])
    assert len(set(ids)) == MESSAGES
    assert len(salts) == MESSAGES
    if priv is DesKey:  # DES: salt = boots || counter
        assert {salt[:4] for salt in salts} == {BOOTS.to_bytes(4, "big")}

    # A new key (a new engine, a new session) starts its salts elsewhere.
    other = session_codec(auth, priv).encode_request(get, ids[0], VARBINDS)
    assert other[salt_offset(other) :][:8] != first[salt_offset(first) :][:8]
