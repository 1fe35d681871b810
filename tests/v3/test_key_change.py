"""KeyChange (RFC 3414 section 5): vectors, Net-SNMP's encode_keychange, a live change on snmpd."""

from __future__ import annotations

import pytest
from peers import Snmpd, netsnmp

from anysnmp import (
    Integer,
    Md5Key,
    ObjectIdentifier,
    OctetString,
    Sha1Key,
    Sha224Key,
    Sha256Key,
    Sha384Key,
    Sha512Key,
    SnmpSession,
    User,
    WrongDigestError,
)
from anysnmp._codec import core
from anysnmp._usm import BaseAuthKey, apply_key_change, key_change

ENGINE = bytes.fromhex("000000000000000000000002")  # RFC 3414 appendix A


def localized(auth: type[BaseAuthKey], password: str, engine: bytes = ENGINE) -> bytes:
    return core.usm_localize_key(
        auth.PROTOCOL, core.usm_password_to_key(auth.PROTOCOL, password.encode()), engine
    )


@pytest.mark.parametrize(
    ("auth", "old", "new"),
    [
        # RFC 3414 A.3.1 / A.5.1 (MD5) and A.3.2 / A.5.2 (SHA): "maplesyrup" -> "newsyrup"
        (Md5Key, "526f5eed9fcce26f8964c2930787d82b", "87021d7bd9d101ba05ea6e3bf9d9bd4a"),
        (
            Sha1Key,
            "6695febc9288e36282235fc7151f128497b38f3f",
            "78e2dcce79d59403b58c1bbaa5bff46391f1cd25",
        ),
    ],
)
def test_rfc3414_a5_keys_and_key_change(auth: type[BaseAuthKey], old: str, new: str) -> None:
    assert localized(auth, "maplesyrup").hex() == old
    assert localized(auth, "newsyrup").hex() == new
    value = key_change(
        auth, bytes.fromhex(old), bytes.fromhex(new), random=bytes(len(bytes.fromhex(old)))
    )
    assert len(value) == 2 * len(bytes.fromhex(old))
    assert apply_key_change(auth, bytes.fromhex(old), value).hex() == new


@pytest.mark.parametrize("auth", [Md5Key, Sha1Key, Sha224Key, Sha256Key, Sha384Key, Sha512Key])
def test_key_change_round_trips_with_random_components(auth: type[BaseAuthKey]) -> None:
    old, new = localized(auth, "maplesyrup"), localized(auth, "newsyrup")
    first, second = key_change(auth, old, new), key_change(auth, old, new)
    assert first != second  # fresh random components
    assert apply_key_change(auth, old, first) == apply_key_change(auth, old, second) == new
    assert apply_key_change(auth, new, key_change(auth, new, old)) == old


@pytest.mark.parametrize(("auth", "name"), [(Md5Key, "md5"), (Sha1Key, "sha1")])
def test_net_snmp_encode_keychange_values_apply(auth: type[BaseAuthKey], name: str) -> None:
    out = netsnmp(
        "encode_keychange",
        "-t",
        name,
        "-O",
        "maplesyrup",
        "-N",
        "newsyrup",
        "-E",
        "0x" + ENGINE.hex(),
        "-P",
    )
    value = bytes.fromhex(out.split()[-1])
    assert apply_key_change(auth, localized(auth, "maplesyrup"), value) == localized(
        auth, "newsyrup"
    )


def test_bad_lengths_are_rejected() -> None:
    with pytest.raises(ValueError):
        key_change(Md5Key, bytes(16), bytes(20))
    with pytest.raises(ValueError):
        apply_key_change(Md5Key, bytes(16), bytes(31))


USM_USER_ENTRY = "1.3.6.1.6.3.15.1.2.2.1"


def column(number: int, engine: bytes, user: str) -> str:
    """A usmUserTable column instance: <column>.<engine id>.<user name> (RFC 3414)."""
    index = [len(engine), *engine, len(user), *user.encode()]
    return f"{USM_USER_ENTRY}.{number}." + ".".join(map(str, index))


@pytest.mark.anyio
async def test_clone_a_user_and_change_its_key_on_snmpd(snmpd: Snmpd) -> None:
    """What `snmpusm create` + `snmpusm passwd` do, with our client: clone, KeyChange, use."""
    template = snmpd.user("keychange")
    admin = User("keychange", auth_key=Sha1Key(str(template.auth_password).encode()))
    async with SnmpSession(snmpd.host, snmpd.port, user=admin, timeout=5) as s:
        engine = s.get_engine_id()
        await s.set_many(
            {
                column(13, engine, "keyclone"): Integer(4),  # usmUserStatus: createAndGo
                column(4, engine, "keyclone"): ObjectIdentifier(column(3, engine, "keychange")),
            }
        )
        try:
            old = localized(Sha1Key, str(template.auth_password), engine)  # the clone's key
            new = localized(Sha1Key, "keyclone-new", engine)
            await s.set(column(6, engine, "keyclone"), OctetString(key_change(Sha1Key, old, new)))
            clone = User("keyclone", auth_key=Sha1Key(b"keyclone-new"))
            async with SnmpSession(snmpd.host, snmpd.port, user=clone, timeout=5) as c:
                assert await c.get("1.3.6.1.2.1.1.5.0")
            stale = User("keyclone", auth_key=Sha1Key(str(template.auth_password).encode()))
            with pytest.raises(WrongDigestError):
                async with SnmpSession(snmpd.host, snmpd.port, user=stale, timeout=5) as c:
                    await c.get("1.3.6.1.2.1.1.5.0")
        finally:
            await s.set(column(13, engine, "keyclone"), Integer(6))  # destroy
