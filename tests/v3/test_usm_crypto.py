"""USM crypto primitives of the C++ core, checked against independent references.

References: RFC 3414 A.3 vectors, Python's hashlib/hmac, the ``openssl enc`` command,
and the localized keys Net-SNMP's snmpd itself persists for users it creates.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import subprocess

import pytest
from netsnmpd import stop_process
from peers import AUTH_NAMES, PRIV_NAMES, start_snmpd

from anysnmp._codec import core
from anysnmp.cli._target import AUTH_PROTOCOLS, PRIV_PROTOCOLS

MD5, SHA1, SHA224, SHA256, SHA384, SHA512 = range(1, 7)
DES, AES128, AES192, AES256 = range(1, 5)
PASSWORD, MASTER, LOCALIZED = range(3)
BLUMENTHAL, REEDER = range(2)

HASHES = {
    MD5: "md5",
    SHA1: "sha1",
    SHA224: "sha224",
    SHA256: "sha256",
    SHA384: "sha384",
    SHA512: "sha512",
}
MAC_SIZES = {MD5: 12, SHA1: 12, SHA224: 16, SHA256: 24, SHA384: 32, SHA512: 48}
PRIV_SIZES = {DES: 16, AES128: 16, AES192: 24, AES256: 32}
RFC_ENGINE = bytes.fromhex("000000000000000000000002")


def h(auth: int, data: bytes) -> bytes:
    return hashlib.new(HASHES[auth], data).digest()


def py_ku(auth: int, password: bytes) -> bytes:
    stream = (password * (1048576 // len(password) + 1))[:1048576]
    return h(auth, stream)


def py_kul(auth: int, ku: bytes, engine: bytes) -> bytes:
    return h(auth, ku + engine + ku)


def py_extend(auth: int, method: int, kul: bytes, engine: bytes, need: int) -> bytes:
    while len(kul) < need:
        more = h(auth, kul) if method == BLUMENTHAL else py_kul(auth, py_ku(auth, kul), engine)
        kul += more[: need - len(kul)]
    return kul


# --- password to key and localization -------------------------------------------------


def test_rfc3414_a3_md5() -> None:
    ku = core.usm_password_to_key(MD5, b"maplesyrup")
    assert ku.hex() == "9faf3283884e92834ebc9847d8edd963"
    assert core.usm_localize_key(MD5, ku, RFC_ENGINE).hex() == "526f5eed9fcce26f8964c2930787d82b"


def test_rfc3414_a3_sha1() -> None:
    ku = core.usm_password_to_key(SHA1, b"maplesyrup")
    assert ku.hex() == "9fb5cc0381497b3793528939ff788d5d79145211"
    kul = core.usm_localize_key(SHA1, ku, RFC_ENGINE)
    assert kul.hex() == "6695febc9288e36282235fc7151f128497b38f3f"


@pytest.mark.parametrize("auth", list(HASHES))
@pytest.mark.parametrize(
    "password", [b"x", b"seven77", b"maplesyrup", b"p" * 64, bytes(range(256)) * 17]
)
def test_password_to_key_matches_hashlib(auth: int, password: bytes) -> None:
    ku = core.usm_password_to_key(auth, password)
    assert ku == py_ku(auth, password)
    assert core.usm_password_to_key(auth, password) == ku  # cached path
    engine = bytes.fromhex("80001f8804616e79736e6d702d7465737473")
    assert core.usm_localize_key(auth, ku, engine) == py_kul(auth, ku, engine)


def test_empty_password_is_rejected() -> None:
    with pytest.raises(ValueError, match="empty password"):
        core.usm_password_to_key(SHA1, b"")


# --- key extension --------------------------------------------------------------------


@pytest.mark.parametrize("auth", [MD5, SHA1])
@pytest.mark.parametrize("priv", [AES192, AES256])
@pytest.mark.parametrize("method", [BLUMENTHAL, REEDER])
def test_key_extension_matches_python(auth: int, priv: int, method: int) -> None:
    engine = b"\x80\x00\x1f\x88\x80" + bytes(8)
    kul = py_kul(auth, py_ku(auth, b"priv-password"), engine)
    expected = py_extend(auth, method, kul, engine, PRIV_SIZES[priv])
    got = core.usm_priv_key(auth, priv, PASSWORD, method, b"priv-password", engine)
    assert got == expected
    assert len(got) == PRIV_SIZES[priv]
    assert got[: len(kul)] == kul


def test_extensions_differ() -> None:
    blumenthal = core.usm_priv_key(SHA1, AES256, PASSWORD, BLUMENTHAL, b"priv-password", RFC_ENGINE)
    reeder = core.usm_priv_key(SHA1, AES256, PASSWORD, REEDER, b"priv-password", RFC_ENGINE)
    assert blumenthal[:20] == reeder[:20]
    assert blumenthal[20:] != reeder[20:]


def test_long_hash_needs_no_extension() -> None:
    key = core.usm_priv_key(SHA512, AES256, PASSWORD, REEDER, b"priv-password", RFC_ENGINE)
    assert key == py_kul(SHA512, py_ku(SHA512, b"priv-password"), RFC_ENGINE)[:32]


def test_master_and_localized_keys() -> None:
    ku = py_ku(SHA256, b"priv-password")
    kul = py_kul(SHA256, ku, RFC_ENGINE)
    assert core.usm_priv_key(SHA256, AES128, MASTER, 0, ku, RFC_ENGINE) == kul[:16]
    assert core.usm_priv_key(SHA256, AES128, LOCALIZED, 0, kul, RFC_ENGINE) == kul[:16]
    with pytest.raises(ValueError, match="master key"):
        core.usm_priv_key(SHA256, AES128, MASTER, 0, ku[:20], RFC_ENGINE)
    with pytest.raises(ValueError, match="at least 16"):
        core.usm_priv_key(SHA256, DES, LOCALIZED, 0, kul[:8], RFC_ENGINE)


# --- cross-check with the keys Net-SNMP localizes -------------------------------------

NETSNMP_ENGINE = bytes.fromhex("80001f8804") + b"anysnmp-keys"
KEY_USERS = [
    (f"k{i}", auth, priv)
    for i, (auth, priv) in enumerate([(a, p) for a in AUTH_NAMES for p in PRIV_NAMES])
]


@pytest.fixture(scope="module")
def netsnmp_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """Localized (auth, priv) keys snmpd derives and persists for users it creates."""
    workdir = tmp_path_factory.mktemp("snmpd-keys")
    lines = [
        f"createUser -e 0x{NETSNMP_ENGINE.hex()} {name} {auth} {name}-auth-pw {priv} {name}-priv-pw"
        for name, auth, priv in KEY_USERS
    ]
    _, proc = start_snmpd(workdir, extra_config="\n".join(lines) + "\n")
    stop_process(proc)  # snmpd writes its users, keys localized, when it exits
    persisted = (workdir / "persist" / "snmpd.conf").read_text()
    keys = {}
    for m in re.finditer(
        r'^usmUser .* "(k\d+)" "k\d+" \S+ \S+ 0x([0-9a-f]+) \S+ 0x([0-9a-f]+)',
        persisted,
        re.MULTILINE,
    ):
        keys[m.group(1)] = (bytes.fromhex(m.group(2)), bytes.fromhex(m.group(3)))
    assert len(keys) == len(KEY_USERS), persisted
    return keys


@pytest.mark.parametrize(("name", "auth", "priv"), KEY_USERS)
def test_keys_match_netsnmp(
    netsnmp_keys: dict[str, tuple[bytes, bytes]], name: str, auth: str, priv: str
) -> None:
    auth_id = AUTH_PROTOCOLS[auth].PROTOCOL
    priv_class, method = PRIV_PROTOCOLS[priv]
    priv_id = priv_class.PROTOCOL
    auth_kul, priv_kul = netsnmp_keys[name]
    ku = core.usm_password_to_key(auth_id, f"{name}-auth-pw".encode())
    assert core.usm_localize_key(auth_id, ku, NETSNMP_ENGINE) == auth_kul
    ours = core.usm_priv_key(
        auth_id, priv_id, PASSWORD, method, f"{name}-priv-pw".encode(), NETSNMP_ENGINE
    )
    assert ours == priv_kul[: PRIV_SIZES[priv_id]]


# --- HMAC -----------------------------------------------------------------------------


def py_mac(auth: int, key: bytes, message: bytes, offset: int) -> bytes:
    """The truncated HMAC of `message` with its MAC field at `offset` zeroed."""
    size = MAC_SIZES[auth]
    zeroed = message[:offset] + bytes(size) + message[offset + size :]
    return hmac.new(key, zeroed, HASHES[auth]).digest()[:size]


@pytest.mark.parametrize("auth", list(HASHES))
def test_mac_matches_hmac_module(auth: int) -> None:
    key = py_kul(auth, py_ku(auth, b"auth-password"), RFC_ENGINE)
    message = bytes(range(200))
    assert core.usm_mac(auth, key, message, 37) == py_mac(auth, key, message, 37)


# The core keys an HMAC once (inner/outer digest states reused per message): keys
# shorter than, equal to and longer than the digest block (RFC 2104 hashes long keys
# first), and MAC fields at either end of the message.
@pytest.mark.parametrize("auth", list(HASHES))
@pytest.mark.parametrize("key_size", [1, 16, 63, 64, 65, 127, 128, 129, 300])
def test_mac_key_lengths(auth: int, key_size: int) -> None:
    key = (hashlib.sha512(str(key_size).encode()).digest() * 5)[:key_size]
    message = bytes((7 * i + 3) % 256 for i in range(333))
    assert core.usm_mac(auth, key, message, 101) == py_mac(auth, key, message, 101)


@pytest.mark.parametrize("auth", list(HASHES))
def test_mac_field_at_either_end(auth: int) -> None:
    key = bytes(range(1, 1 + hashlib.new(HASHES[auth]).digest_size))
    size = MAC_SIZES[auth]
    for length in (size, size + 1, 64, 65, 1000):
        message = bytes((i * 13) % 251 for i in range(length))
        for offset in (0, length - size):
            assert core.usm_mac(auth, key, message, offset) == py_mac(auth, key, message, offset)


def test_mac_empty_key_is_refused() -> None:
    with pytest.raises(RuntimeError):
        core.usm_mac(SHA1, b"", bytes(40), 0)


def test_mac_placeholder_outside_message() -> None:
    with pytest.raises(ValueError):
        core.usm_mac(SHA1, bytes(20), bytes(20), 10)


# --- privacy: openssl enc as the reference --------------------------------------------


def openssl_enc(cipher: str, key: bytes, iv: bytes, data: bytes, decrypt: bool = False) -> bytes:
    args = ["openssl", "enc", f"-{cipher}", "-K", key.hex(), "-iv", iv.hex(), "-nopad"]
    if cipher.startswith("des"):
        args += ["-provider", "legacy", "-provider", "default"]
    if decrypt:
        args.append("-d")
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


def be32(v: int) -> bytes:
    return v.to_bytes(4, "big")


@pytest.mark.parametrize("size", [1, 8, 15, 16, 100])
def test_des_matches_openssl(size: int) -> None:
    key = bytes(range(1, 17))
    plaintext = bytes((i * 7) & 0xFF for i in range(size))
    ciphertext, salt = core.usm_encrypt(DES, key, 7, 1234, plaintext)
    assert salt[:4] == be32(7)  # salt = boots || counter
    padded = plaintext + bytes(-len(plaintext) % 8)
    iv = bytes(a ^ b for a, b in zip(salt, key[8:16], strict=True))
    assert ciphertext == openssl_enc("des-cbc", key[:8], iv, padded)
    assert core.usm_decrypt(DES, key, 7, 1234, salt, ciphertext) == padded


def test_des_rejects_partial_blocks() -> None:
    with pytest.raises(Exception, match="decrypt"):
        core.usm_decrypt(DES, bytes(16), 0, 0, bytes(8), bytes(12))


@pytest.mark.parametrize(
    ("priv", "cipher"), [(AES128, "aes-128-cfb"), (AES192, "aes-192-cfb"), (AES256, "aes-256-cfb")]
)
@pytest.mark.parametrize("size", [1, 16, 33, 200])
def test_aes_matches_openssl(priv: int, cipher: str, size: int) -> None:
    key = bytes(range(100, 100 + PRIV_SIZES[priv]))
    plaintext = bytes((i * 13) & 0xFF for i in range(size))
    ciphertext, salt = core.usm_encrypt(priv, key, 3, 987654, plaintext)
    iv = be32(3) + be32(987654) + salt  # RFC 3826 3.1.2.1
    assert len(ciphertext) == size
    assert ciphertext == openssl_enc(cipher, key, iv, plaintext)
    assert core.usm_decrypt(priv, key, 3, 987654, salt, ciphertext) == plaintext


@pytest.mark.parametrize("priv", [DES, AES128])
def test_salts_differ(priv: int) -> None:
    key = bytes(16)
    salts = {core.usm_encrypt(priv, key, 1, 1, b"x" * 8)[1] for _ in range(100)}
    assert len(salts) == 100


def test_wrong_key_length() -> None:
    with pytest.raises(ValueError, match="wrong length"):
        core.usm_encrypt(AES256, bytes(16), 0, 0, b"x")


def test_openssl_reference_is_real() -> None:
    # The reference must disagree with a wrong key, or the checks above prove nothing.
    assert openssl_enc("aes-128-cfb", bytes(16), bytes(16), b"abc") != openssl_enc(
        "aes-128-cfb", b"\x01" * 16, bytes(16), b"abc"
    )
