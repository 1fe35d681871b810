"""Records real traffic of our sessions into the fuzz corpora.

Walks, GETs and SETs against a private Net-SNMP snmpd (v1, v2c, v3 at every
security level) and against our own Agent pass through a recording UDP
relay; the datagrams become seeds:

- ``corpus/community``: every v1/v2c datagram, both directions;
- ``corpus/agent``: the v1/v2c requests;
- ``corpus/usm``: each v3 datagram (mode 0), and each v1/v2c PDU as the
  scopedPDU of an authNoPriv (mode 1) and authPriv (mode 2) message, and
  captured DES ciphertexts (mode 3), in fuzz_usm.cpp's input format.

Run from the repository root: ``PYTHONPATH=tests python fuzz/capture_seeds.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import tempfile
from pathlib import Path

import anyio
import anyio.abc
from peers import Snmpd, start_snmpd, stop

from anysnmp import Agent, CommandResponder, MibView, SnmpError, SnmpSession, User
from anysnmp._usm import Aes128Key, DesKey, Md5Key, Sha1Key

CORPUS = Path(__file__).parent / "corpus"
#: The engine id fuzz_usm.cpp's codecs are set up with.
FUZZ_ENGINE = bytes.fromhex("80001f888066757a7a")


def tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes([tag, n]) + content
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def read_tlv(data: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the element at offset."""
    tag, first = data[offset], data[offset + 1]
    start = offset + 2
    size = first
    if first & 0x80:
        count = first & 0x7F
        size = int.from_bytes(data[start : start + count], "big")
        start += count
    return tag, start, start + size


def children(data: bytes, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(tag, element start, content start, content end) of the elements in a range."""
    out = []
    while start < end:
        tag, cstart, cend = read_tlv(data, start)
        out.append((tag, start, cstart, cend))
        start = cend
    return out


class Recorder:
    """A UDP relay from a local port to a target that keeps every datagram."""

    def __init__(self) -> None:
        self.datagrams: list[bytes] = []

    async def relay(
        self, target: tuple[str, int], *, task_status: anyio.abc.TaskStatus[int]
    ) -> None:
        async with (
            await anyio.create_udp_socket(local_host="127.0.0.1") as front,
            await anyio.create_connected_udp_socket(*target, local_host="127.0.0.1") as back,
        ):
            client: tuple[str, int] | None = None

            async def replies() -> None:
                async for data in back:
                    self.datagrams.append(data)
                    if client is not None:
                        await front.sendto(data, *client)

            async with anyio.create_task_group() as tg:
                tg.start_soon(replies)
                task_status.started(int(front.extra(anyio.abc.SocketAttribute.local_port)))
                async for data, source in front:
                    client = (source[0], source[1])
                    self.datagrams.append(data)
                    await back.send(data)


async def exercise(port: int, users: list[User]) -> None:
    """Walks, GETs and a SET through the relay on `port`."""
    for version in (0, 1):
        async with SnmpSession(
            "127.0.0.1", port, version=version, timeout=2, max_repetitions=10
        ) as s:
            async with s.walk("1.3.6.1.2.1.1") as items:
                async for _ in items:
                    pass
            await s.get_many(["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.99.0"])
    async with SnmpSession("127.0.0.1", port, community="private", timeout=2) as s:
        with contextlib.suppress(SnmpError):  # a refused SET is traffic too
            await s.set("1.3.6.1.2.1.1.4.0", b"fuzz seeds")
    for user in users:
        async with SnmpSession("127.0.0.1", port, user=user, timeout=2) as s:
            async with s.walk("1.3.6.1.2.1.1") as items:
                async for _ in items:
                    pass


def seeds(datagrams: list[bytes]) -> dict[str, set[bytes]]:
    out: dict[str, set[bytes]] = {"community": set(), "agent": set(), "usm": set()}
    for data in datagrams:
        _, start, end = read_tlv(data, 0)
        fields = children(data, start, end)
        version = data[fields[0][2]]
        if version in (0, 1):
            out["community"].add(data)
            tag, pdu_start, _, pdu_end = fields[2]
            if tag in (0xA0, 0xA1, 0xA3, 0xA5):
                out["agent"].add(data)
            scoped = tlv(0x30, tlv(4, FUZZ_ENGINE) + tlv(4, b"") + data[pdu_start:pdu_end])
            out["usm"].update({b"\x01" + scoped, b"\x02" + scoped})
        else:
            out["usm"].add(b"\x00" + data)
            tag, _, cstart, cend = fields[3]
            if tag == 0x04:  # encryptedPDU
                out["usm"].add(b"\x03\x08" + data[cstart:cend])
    return out


async def capture() -> dict[str, set[bytes]]:
    recorder = Recorder()
    users = [
        User("noauth"),
        User("sha", auth_key=Sha1Key(b"sha-auth-pass")),
        User("md5des", auth_key=Md5Key(b"md5des-auth"), priv_key=DesKey(b"md5des-priv")),
        User("shaaes", auth_key=Sha1Key(b"shaaes-auth"), priv_key=Aes128Key(b"shaaes-priv")),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        snmpd, proc = start_snmpd(Path(tmp))
        try:
            await run_against(recorder, snmpd, users)
        finally:
            stop(proc)
    view = MibView.from_snmprec(Path(__file__).parents[1] / "src/anysnmp/data/demo.snmprec")
    responder = CommandResponder(view, communities={"public": "ro", "private": "rw"})
    async with Agent([("127.0.0.1", 0)], responder) as agent, anyio.create_task_group() as tg:
        port = await tg.start(recorder.relay, agent.addresses[0])
        await exercise(port, [])
        tg.cancel_scope.cancel()
    return seeds(recorder.datagrams)


async def run_against(recorder: Recorder, snmpd: Snmpd, users: list[User]) -> None:
    async with anyio.create_task_group() as tg:
        port = await tg.start(recorder.relay, (snmpd.host, snmpd.port))
        await exercise(port, users)
        tg.cancel_scope.cancel()


def main() -> None:
    for name, items in anyio.run(capture).items():
        folder = CORPUS / name
        folder.mkdir(parents=True, exist_ok=True)
        for data in items:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
        print(f"{name}: {len(items)} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
