"""Every response fits what the requester can take: tooBig or nothing, never an oversized answer.

The size rule (RFC 3416 4.2.1-4.2.5, RFC 1157 4.1.2): a response, success or error, that
would exceed the smaller of ``max_response_size`` and the requester's msgMaxSize (v3)
becomes tooBig with an empty varbind list (v1: the request's), or is dropped when even
that does not fit; a Set that would not fit writes nothing.
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from anysnmp import Agent, CommandResponder, MibView, OctetString, Sha1Key, User
from anysnmp._codec import PduType, core
from anysnmp._usm import SessionCodec

V1, V2C = 0, 1
NO_ERROR, TOO_BIG, NO_ACCESS, WRONG_TYPE, AUTHORIZATION_ERROR = 0, 1, 6, 7, 16
OCTET_STRING, INTEGER = 4, 2
ENGINE_ID = bytes.fromhex("8000000005") + b"sizes"
#: A small value, a big one, and a writable one.
SMALL, BIG, NAME = "1.3.6.1.4.1.9.1.0", "1.3.6.1.4.1.9.2.0", "1.3.6.1.4.1.9.3.0"
WRITER = User("writer", auth_key=Sha1Key(b"writer-pass"))
READER = User("reader", auth_key=Sha1Key(b"reader-pass"))


def view() -> MibView:
    values = {SMALL: OctetString(b"s"), BIG: OctetString(b"B" * 2000), NAME: OctetString(b"n")}
    return MibView(values, writable=[NAME])


def responder(the_view: MibView) -> CommandResponder:
    return CommandResponder(
        the_view,
        communities={"public": "ro", "private": "rw"},
        users=[WRITER, READER],
        user_access={"writer": "rw"},
        engine_id=ENGINE_ID,
    )


def big_set(size: int, tag: int = OCTET_STRING) -> list[Any]:
    """A Set of NAME to a ``size``-octet value (of type ``tag``)."""
    return [(NAME, tag, b"x" * size)]


#: (pdu type, community, varbinds, the status an unbounded answer would carry).
V2_CASES = {
    "get-big-value": (PduType.GET, "public", [SMALL, BIG], NO_ERROR),
    "getnext-big-value": (PduType.GETNEXT, "public", [SMALL, SMALL + ".0"], NO_ERROR),
    "set-ok": (PduType.SET, "private", big_set(30_000), NO_ERROR),
    "set-no-access": (PduType.SET, "public", big_set(30_000), NO_ACCESS),
    "set-wrong-type": (PduType.SET, "private", big_set(30_000, 68), WRONG_TYPE),
    "get-many-oids": (PduType.GET, "public", [SMALL + f".{i}" for i in range(3000)], NO_ERROR),
}


@pytest.mark.parametrize("case", V2_CASES)
def test_v2c_oversized_answers_become_too_big(case: str) -> None:
    pdu, community, varbinds, _ = V2_CASES[case]
    served = view()
    agent = responder(served)
    data = core.encode_message(V2C, community.encode(), pdu, 9, 0, 0, varbinds)
    reply = agent.respond(data)
    assert reply is not None and len(reply) <= agent.max_response_size
    version, got_community, pdu_type, (request_id, status, index), answered = core.decode_message(
        reply
    )
    assert (version, got_community, pdu_type, request_id) == (
        V2C,
        community.encode(),
        PduType.RESPONSE,
        9,
    )
    assert (status, index, answered) == (TOO_BIG, 0, [])
    assert served[NAME] == OctetString(b"n")  # a Set that does not fit writes nothing
    assert agent.stats.too_big == 1


def test_v1_too_big_echoes_the_request_or_is_dropped() -> None:
    served = view()
    agent = responder(served)
    reply = agent.respond(core.encode_message(V1, b"public", PduType.GET, 9, 0, 0, [BIG]))
    assert reply is not None and len(reply) <= agent.max_response_size
    assert core.decode_message(reply)[3:] == ((9, TOO_BIG, 0), [(BIG, None)])
    huge = core.encode_message(V1, b"private", PduType.SET, 9, 0, 0, big_set(3000))
    assert agent.respond(huge) is None  # its echo would not fit either
    assert agent.stats.too_big == 2
    assert served[NAME] == OctetString(b"n")


def test_v2c_answer_that_fits_is_unchanged() -> None:
    served = view()
    agent = responder(served)
    data = core.encode_message(V2C, b"private", PduType.SET, 9, 0, 0, big_set(1000))
    reply = agent.respond(data)
    assert reply is not None
    assert core.decode_message(reply)[3:] == ((9, NO_ERROR, 0), [(NAME, b"x" * 1000)])
    assert served[NAME] == OctetString(b"x" * 1000)


def codec(agent: CommandResponder, user: User, max_size: int) -> SessionCodec:
    """A requester's codec for ``user`` that advertises msgMaxSize ``max_size``."""
    assert agent.engine is not None
    the_codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=max_size)
    the_codec.set_engine(ENGINE_ID, agent.engine.engine_boots, agent.engine.engine_time)
    return the_codec


#: (pdu type, user, varbinds, the status an unbounded answer would carry).
V3_CASES = {
    "get-big-value": (PduType.GET, WRITER, [BIG], NO_ERROR),
    "getnext-big-value": (PduType.GETNEXT, WRITER, [SMALL], NO_ERROR),
    "set-ok": (PduType.SET, WRITER, big_set(2000), NO_ERROR),
    "set-no-access": (PduType.SET, READER, big_set(2000), NO_ACCESS),
    "set-wrong-type": (PduType.SET, WRITER, big_set(2000, 68), WRONG_TYPE),
    "authorization-error": (PduType.SET, User("writer"), big_set(2000), AUTHORIZATION_ERROR),
}


@pytest.mark.parametrize("case", V3_CASES)
@pytest.mark.parametrize("max_size", [484, 1000])
def test_v3_answers_fit_the_requesters_msg_max_size(case: str, max_size: int) -> None:
    pdu, user, varbinds, _ = V3_CASES[case]
    served = view()
    agent = responder(served)
    requester = codec(agent, user, max_size)
    reply = agent.respond(requester.encode_request(pdu, 11, varbinds))
    assert reply is not None and len(reply) <= max_size
    assert requester.decode_response(reply, 11) == (PduType.RESPONSE, TOO_BIG, 0, [])
    assert served[NAME] == OctetString(b"n")
    # The same request from a requester that takes 64 kB gets the whole answer.
    roomy = codec(agent, user, 65507)
    agent.max_response_size = 65507
    reply = agent.respond(roomy.encode_request(pdu, 12, varbinds))
    assert reply is not None and len(reply) > max_size
    answered = roomy.decode_response(reply, 12)
    assert answered is not None and answered[1] == V3_CASES[case][3]


async def exchange(port: int, data: bytes) -> bytes | None:
    """Sends one datagram to the agent: its answer, or None after 0.5 s of silence."""
    async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
        await sock.sendto(data, "127.0.0.1", port)
        with anyio.move_on_after(0.5):
            answer, _ = await sock.receive()
            return answer
    return None


@pytest.mark.anyio
async def test_datagrams_sent_fit_what_the_requester_takes() -> None:
    served = view()
    agent = responder(served)
    async with Agent([("127.0.0.1", 0)], agent) as server:
        port = server.addresses[0][1]
        for community in (b"public", b"private"):  # noAccess, then a Set that would succeed
            request = core.encode_message(V2C, community, PduType.SET, 5, 0, 0, big_set(30_000))
            reply = await exchange(port, request)
            assert reply is not None and len(reply) <= 1472
            assert core.decode_message(reply)[3:] == ((5, TOO_BIG, 0), [])
        for user in (READER, WRITER):
            requester = codec(agent, user, 484)
            reply = await exchange(port, requester.encode_request(PduType.SET, 6, big_set(2000)))
            assert reply is not None and len(reply) <= 484
            assert requester.decode_response(reply, 6) == (PduType.RESPONSE, TOO_BIG, 0, [])
        v1_set = core.encode_message(V1, b"private", PduType.SET, 7, 0, 0, big_set(3000))
        assert await exchange(port, v1_set) is None  # not even the v1 tooBig fits
    assert served[NAME] == OctetString(b"n")
