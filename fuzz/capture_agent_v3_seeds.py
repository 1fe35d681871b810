"""Records real SNMPv3 requests to our agent into fuzz/corpus/usm_agent.

Net-SNMP's snmpget/snmpbulkwalk/snmpset and our SnmpSession (every security
level, DES and AES) talk to our CommandResponder through a recording relay;
the agent has fuzz_usm_agent.cpp's engine id, boots, users and passwords, so
each request is a seed as it is (mode 0). Plaintext and decrypted scopedPDUs
also become seeds of the signed modes (1, 2, 4), and DES ciphertexts of mode 3.

Run from the repository root: ``PYTHONPATH=tests:fuzz python fuzz/capture_agent_v3_seeds.py``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from pathlib import Path

import anyio
from capture_seeds import Recorder, children, read_tlv
from peers import netsnmp

from anysnmp import Agent, CommandResponder, MibView, SnmpError, SnmpSession, User
from anysnmp._codec import core
from anysnmp._usm import Aes128Key, DesKey, Md5Key, Sha1Key

CORPUS = Path(__file__).parent / "corpus" / "usm_agent"
#: fuzz_usm_agent.cpp's engine.
ENGINE, BOOTS = bytes.fromhex("80001f88806167656e74"), 5
AUTH, PRIV = b"fuzz-auth-pass", b"fuzz-priv-pass"
USERS = [
    User("auth", auth_key=Sha1Key(AUTH)),
    User("aes", auth_key=Sha1Key(AUTH), priv_key=Aes128Key(PRIV)),
    User("des", auth_key=Md5Key(AUTH), priv_key=DesKey(PRIV)),
    User("noauth"),
]
NETSNMP_ARGS = {
    "auth": ["-l", "authNoPriv", "-a", "SHA", "-A", AUTH.decode()],
    "aes": ["-l", "authPriv", "-a", "SHA", "-A", AUTH.decode(), "-x", "AES", "-X", PRIV.decode()],
    "des": ["-l", "authPriv", "-a", "MD5", "-A", AUTH.decode(), "-x", "DES", "-X", PRIV.decode()],
    "noauth": ["-l", "noAuthNoPriv"],
}


async def exercise(port: int) -> None:
    target = f"udp:127.0.0.1:{port}"
    for user in USERS:
        args = ["-v3", "-u", user.name, *NETSNMP_ARGS[user.name], "-On", "-t", "2", target]
        for tool, *extra in (
            ("snmpget", *args, "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0"),
            ("snmpbulkwalk", "-Cr5", *args, "1.3.6.1.2.1.1"),
        ):
            await anyio.to_thread.run_sync(functools.partial(netsnmp, tool, *extra))
        async with SnmpSession("127.0.0.1", port, user=user, timeout=2, max_repetitions=5) as s:
            async with s.walk("1.3.6.1.2.1.1") as items:
                async for _ in items:
                    pass
            await s.get_many(["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.99.0"])
            with contextlib.suppress(SnmpError):  # a refused SET is traffic too
                await s.set("1.3.6.1.2.1.1.4.0", b"fuzz seeds")


def scoped_pdu(data: bytes) -> bytes | None:
    """The plaintext scopedPDU element of a request (decrypted with the fuzz keys)."""
    _, start, end = read_tlv(data, 0)
    _, header, params, body = children(data, start, end)
    flags = data[children(data, header[2], header[3])[2][2]]
    if not flags & 2:
        return data[body[1] : body[3]] if body[0] == 0x30 else None
    usm = children(data, params[2], params[3])[0]
    _, boots, time, user, _, salt = children(data, usm[2], usm[3])
    name = data[user[2] : user[3]]
    auth, priv = (Sha1Key, Aes128Key) if name == b"aes" else (Md5Key, DesKey)
    key = core.usm_priv_key(auth.PROTOCOL, priv.PROTOCOL, 0, 0, PRIV, ENGINE)
    plain = core.usm_decrypt(
        priv.PROTOCOL,
        key,
        int.from_bytes(data[boots[2] : boots[3]], "big"),
        int.from_bytes(data[time[2] : time[3]], "big"),
        data[salt[2] : salt[3]],
        data[body[2] : body[3]],
    )
    return plain[: read_tlv(plain, 0)[2]]  # without DES padding


def seeds(datagrams: list[bytes]) -> set[bytes]:
    out = set()
    for data in datagrams:
        if core.message_version(data) != 3 or not _is_request(data):
            continue  # only what the clients sent: the agent's answers are fuzz_usm's seeds
        out.add(b"\x00" + data)
        with contextlib.suppress(IndexError, ValueError, SnmpError):
            scoped = scoped_pdu(data)
            if scoped is not None and scoped[:2] != b"\x30\x00":
                out.update({b"\x01\x01" + scoped, b"\x02\x01" + scoped, b"\x04\x00" + scoped})
    return out


async def capture() -> set[bytes]:
    view = MibView.from_snmprec(Path(__file__).parents[1] / "src/anysnmp/data/demo.snmprec")
    responder = CommandResponder(
        view, users=USERS, user_access={"aes": "rw"}, engine_id=ENGINE, engine_boots=BOOTS
    )
    recorder = Recorder()
    async with Agent([("127.0.0.1", 0)], responder) as agent, anyio.create_task_group() as tg:
        port = await tg.start(recorder.relay, agent.addresses[0])
        await exercise(port)
        tg.cancel_scope.cancel()
    return seeds(recorder.datagrams)


def _is_request(data: bytes) -> bool:
    _, start, end = read_tlv(data, 0)
    header = children(data, start, end)[1]
    flags = data[children(data, header[2], header[3])[2][2]]
    return bool(flags & 4)  # reportable: GET/GETNEXT/GETBULK/SET


def main() -> None:
    items = anyio.run(capture)
    CORPUS.mkdir(parents=True, exist_ok=True)
    for data in items:
        (CORPUS / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"usm_agent: {len(items)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
