"""Our agent against hostile requests: each is answered within bounds or dropped, never raised.

Extremes of GETBULK's fields, a PDU nested 10,000 levels deep, an SNMPv3 msgMaxSize
outside RFC 3412's 484..2^31-1, a 64 KiB community, the most varbinds a datagram
holds: the responder's sans-IO core answers each in bounded time and size (or drops
it), and an `Agent` fed all of them over UDP goes on serving.
"""

from __future__ import annotations

import socket

import anyio
import pytest
from ber import integer, tlv

from anysnmp import Agent, CommandResponder, MibView, SnmpSession, User
from anysnmp._codec import PduType, core
from anysnmp._usm import Aes128Key, Sha1Key

SYS = "1.3.6.1.2.1.1"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
USER = User("admin", auth_key=Sha1Key(b"authpassword"), priv_key=Aes128Key(b"privpassword"))
ENGINE_ID = bytes.fromhex("80001f8804616e79736e6d70")
NULL_VARBIND = tlv(0x30, tlv(0x06, b"\x2b\x06\x01\x02\x01\x01\x05\x00") + b"\x05\x00")


def responder(demo_view: MibView) -> CommandResponder:
    return CommandResponder(
        demo_view, communities={"public": "ro"}, users=[USER], engine_id=ENGINE_ID
    )


def community_message(
    pdu: int, varbinds: bytes, *, community: bytes = b"public", fields: tuple[int, int] = (0, 0)
) -> bytes:
    """A v2c message of `pdu` with raw `varbinds` (the varbind list's contents) and fields 2, 3."""
    body = integer(1) + integer(fields[0]) + integer(fields[1]) + tlv(0x30, varbinds)
    return tlv(0x30, integer(1) + tlv(0x04, community) + tlv(pdu, body))


def discovery(max_size: int) -> bytes:
    """An SNMPv3 discovery GET (reportable, no user, no engine) advertising `max_size`."""
    header = tlv(0x30, integer(4242) + integer(max_size) + tlv(0x04, b"\x04") + integer(3))
    usm = tlv(0x30, tlv(0x04, b"") + integer(0) + integer(0) + tlv(0x04, b"") * 3)
    pdu = tlv(PduType.GET, integer(7) + integer(0) + integer(0) + tlv(0x30, NULL_VARBIND))
    scoped = tlv(0x30, tlv(0x04, b"") + tlv(0x04, b"") + pdu)
    return tlv(0x30, integer(3) + header + tlv(0x04, usm) + scoped)


def nested(depth: int, inner: bytes = b"") -> bytes:
    for _ in range(depth):
        inner = tlv(0x30, inner)
    return inner


#: Requests that must be dropped: no answer, no exception.
DROPPED = {
    "nested-10000-message": nested(10_000),
    "nested-10000-value": community_message(
        PduType.GET, tlv(0x30, tlv(0x06, b"\x2b\x06") + nested(10_000))
    ),
    "community-64KiB": community_message(PduType.GET, NULL_VARBIND, community=b"p" * 65_000),
    "getbulk-fields-beyond-32-bits": community_message(
        PduType.GETBULK, NULL_VARBIND, fields=(2**80, -(2**80))
    ),
    **{f"v3-msgMaxSize-{size}": discovery(size) for size in (0, 483, 2**31, 2**32, -1)},
}


@pytest.mark.parametrize("request_", DROPPED.values(), ids=DROPPED.keys())
def test_malformed_and_out_of_range_requests_are_dropped(
    demo_view: MibView, request_: bytes
) -> None:
    agent = responder(demo_view)
    assert agent.respond(request_) is None


@pytest.mark.parametrize("max_size", [484, 2**31 - 1])
def test_v3_msg_max_size_at_the_bounds_is_answered(demo_view: MibView, max_size: int) -> None:
    report = responder(demo_view).respond(discovery(max_size))
    assert report is not None and len(report) <= 484


@pytest.mark.parametrize(
    ("non_repeaters", "max_repetitions", "count", "answered"),
    [
        (0, 2**31 - 1, 1, "walk"),  # one repeater, as many repetitions as fit
        (2**31 - 1, 2**31 - 1, 100, "first"),  # non-repeaters beyond the varbinds: N = 100
        (5, 2**31 - 1, 100, "first"),  # 5 non-repeaters, 95 repeaters: full at the first row
        (-(2**31), -(2**31), 100, "none"),  # N = M = 0: nothing asked, an empty answer
    ],
)
def test_getbulk_extremes_are_answered_within_the_size_limit(
    demo_view: MibView, non_repeaters: int, max_repetitions: int, count: int, answered: str
) -> None:
    request = core.encode_message(
        1, b"public", PduType.GETBULK, 9, non_repeaters, max_repetitions, [SYS] * count
    )
    reply = responder(demo_view).respond(request)
    assert reply is not None and len(reply) <= 1472
    _, _, _, (_, status, _), varbinds = core.decode_message(reply)
    oids = [oid for oid, _ in varbinds]
    assert status == 0
    if answered == "walk":
        assert len(oids) > 10 and oids == demo_view.oids()[: len(oids)]
    elif answered == "first":  # each varbind's successor, as many as fit
        assert 0 < len(oids) < count and set(oids) == {demo_view.oids()[0]}
    else:
        assert oids == []


def test_a_get_of_the_most_varbinds_a_datagram_holds_is_too_big(demo_view: MibView) -> None:
    request = community_message(PduType.GET, NULL_VARBIND * (65_000 // len(NULL_VARBIND)))
    reply = responder(demo_view).respond(request)
    assert reply is not None
    assert core.decode_message(reply)[3][1:] == (1, 0)  # tooBig, no varbinds


@pytest.mark.anyio
async def test_an_agent_fed_every_hostile_request_goes_on_serving(demo_view: MibView) -> None:
    handler = responder(demo_view)
    async with Agent([("127.0.0.1", 0)], handler) as agent:
        address = agent.addresses[0]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as attacker:
            for request in DROPPED.values():
                attacker.sendto(request, address)
        with anyio.fail_after(10):
            async with SnmpSession(*address, timeout=2) as session:
                assert await session.get(SYS_NAME) == b"demo-sw1.example.net"
    assert handler.stats.malformed + handler.stats.bad_community >= 4
