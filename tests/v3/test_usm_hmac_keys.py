"""The core's HMAC (keyed once, inner/outer digest states reused) against Python's hmac.

Covers keys shorter than, equal to and longer than the digest block (RFC 2104 hashes
long keys first) and MAC fields at either end of the message; the session codecs run
many messages through one keyed Authenticator in the interop tests.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

from anysnmp._codec import core

MD5, SHA1, SHA224, SHA256, SHA384, SHA512 = range(1, 7)
HASHES = {
    MD5: "md5",
    SHA1: "sha1",
    SHA224: "sha224",
    SHA256: "sha256",
    SHA384: "sha384",
    SHA512: "sha512",
}
MAC_SIZES = {MD5: 12, SHA1: 12, SHA224: 16, SHA256: 24, SHA384: 32, SHA512: 48}


def reference(auth: int, key: bytes, message: bytes, offset: int) -> bytes:
    size = MAC_SIZES[auth]
    zeroed = message[:offset] + bytes(size) + message[offset + size :]
    return hmac.new(key, zeroed, HASHES[auth]).digest()[:size]


@pytest.mark.parametrize("auth", list(HASHES))
@pytest.mark.parametrize("key_size", [1, 16, 63, 64, 65, 127, 128, 129, 300])
def test_key_lengths(auth: int, key_size: int) -> None:
    key = hashlib.sha512(str(key_size).encode()).digest() * 5
    key = key[:key_size]
    message = bytes((7 * i + 3) % 256 for i in range(333))
    assert core.usm_mac(auth, key, message, 101) == reference(auth, key, message, 101)


@pytest.mark.parametrize("auth", list(HASHES))
def test_mac_field_at_either_end(auth: int) -> None:
    key = bytes(range(1, 1 + hashlib.new(HASHES[auth]).digest_size))
    size = MAC_SIZES[auth]
    for length in (size, size + 1, 64, 65, 1000):
        message = bytes((i * 13) % 251 for i in range(length))
        for offset in (0, length - size):
            assert core.usm_mac(auth, key, message, offset) == reference(auth, key, message, offset)


def test_empty_key_is_refused() -> None:
    with pytest.raises(RuntimeError):
        core.usm_mac(SHA1, b"", bytes(40), 0)
