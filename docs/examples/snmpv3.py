"""SNMPv3 recipes: a `User` for every auth/priv pair, checked against our own agent.

The agent (an `Agent` with a `CommandResponder` knowing the same users) runs in
this process on a free loopback port, so the example needs nothing else. Against
a device, use the `User` lines only: ``SnmpSession(host, user=user)``.
"""

from __future__ import annotations

import anyio

from anysnmp import (
    Aes128Key,
    Aes192Key,
    Aes256Key,
    Agent,
    CommandResponder,
    DesKey,
    KeyExpansion,
    KeyType,
    Md5Key,
    MibView,
    Sha1Key,
    Sha224Key,
    Sha256Key,
    Sha384Key,
    Sha512Key,
    SnmpSession,
    User,
)

AUTH = {
    "MD5": Md5Key,
    "SHA": Sha1Key,
    "SHA-224": Sha224Key,
    "SHA-256": Sha256Key,
    "SHA-384": Sha384Key,
    "SHA-512": Sha512Key,
}
PRIV = {"DES": DesKey, "AES": Aes128Key, "AES-192": Aes192Key, "AES-256": Aes256Key}


def recipes() -> dict[str, User]:
    """One user per security level and auth/priv pair, named as Net-SNMP names the protocols."""
    users = {"noAuthNoPriv": User("guest")}
    for auth_name, auth in AUTH.items():
        # authNoPriv: a password is hashed into the key (Net-SNMP's -a SHA -A password).
        users[auth_name] = User(f"{auth_name}-user", auth_key=auth(b"auth-password"))
        for priv_name, priv in PRIV.items():
            users[f"{auth_name} + {priv_name}"] = User(
                f"{auth_name}-{priv_name}",
                auth_key=auth(b"auth-password"),
                priv_key=priv(b"priv-password"),
            )
    # AES-192/256 over a short hash, with Reeder's key extension (Net-SNMP's AES-256-C, Cisco's).
    users["SHA + AES-256-C"] = User(
        "cisco",
        auth_key=Sha1Key(b"auth-password"),
        priv_key=Aes256Key(b"priv-password"),
        key_expansion=KeyExpansion.Reeder,
    )
    # A master key (Ku, the password's hash) instead of a password: no 1 MB of hashing.
    users["SHA-256 + AES, master keys"] = User(
        "master",
        auth_key=Sha256Key(bytes(range(32)), KeyType.Master),
        priv_key=Aes128Key(bytes(range(32)), KeyType.Master),
    )
    return users


async def main() -> None:
    users = recipes()
    view = MibView({"1.3.6.1.2.1.1.5.0": "v3-demo"})
    async with Agent([("127.0.0.1", 0)], CommandResponder(view, users=users.values())) as agent:
        host, port = agent.addresses[0]
        for recipe, user in users.items():
            # version=None picks v3 because a user is given; the engine id is discovered.
            async with SnmpSession(host, port, user=user, timeout=2) as session:
                name = await session.get("1.3.6.1.2.1.1.5.0")
                print(f"{recipe:28} {user.security_level:13} {name!r}")


anyio.run(main)
