"""Every response fits what the requester can take: tooBig or nothing, never an oversized answer.

The size rule (RFC 3416 4.2.1-4.2.5, RFC 1157 4.1.2): a response, success or error, that
would exceed the smaller of ``max_response_size`` and the requester's msgMaxSize (v3)
becomes tooBig with an empty varbind list (v1: the request's), or is dropped when even
that does not fit; a Set that would not fit writes nothing. By default (1472 octets) a
read's answer of one varbind may take a whole datagram: every value is served.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from agent_helpers import run, serve

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
#: The default response size, given: a strict limit.
LIMIT = 1472


VALUES = {SMALL: OctetString(b"s"), BIG: OctetString(b"B" * 2000), NAME: OctetString(b"n")}


def view() -> MibView:
    return MibView(VALUES, writable=[NAME])


def responder(the_view: MibView, max_response_size: int | None = LIMIT) -> CommandResponder:
    return CommandResponder(
        the_view,
        max_response_size=max_response_size,
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
    assert reply is not None and len(reply) <= LIMIT
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
    assert reply is not None and len(reply) <= LIMIT
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


#: A value no datagram carries (with its OID and the message around it: over 65507).
HUGE = "1.3.6.1.4.1.9.4.0"


def long_values(more: dict[str, OctetString] | None = None) -> MibView:
    """`VALUES`, `HUGE` and `more`."""
    return MibView({**VALUES, HUGE: OctetString(b"H" * 65490), **(more or {})})


def read(
    agent: CommandResponder, version: int, pdu: PduType, oids: list[str], reps: int = 0
) -> Any:
    """A read's reply, decoded: ((request-id, status, index), varbinds); and its size."""
    reply = agent.respond(core.encode_message(version, b"public", pdu, 3, 0, reps, oids))
    assert reply is not None
    return core.decode_message(reply)[3:], len(reply)


@pytest.mark.parametrize("version", [V1, V2C])
def test_by_default_a_read_of_one_long_value_is_answered_whole(version: int) -> None:
    # With 1472 for every response, a value longer than that was tooBig: no walk passed it
    # (snmpd and snmpsim serve it, up to a datagram).
    agent = CommandResponder(long_values())
    whole = (BIG, b"B" * 2000)
    assert read(agent, version, PduType.GET, [BIG])[0] == ((3, NO_ERROR, 0), [whole])
    (status, varbinds), size = read(agent, version, PduType.GETNEXT, [SMALL])
    assert (status, varbinds, size > LIMIT) == ((3, NO_ERROR, 0), [whole], True)
    # Two varbinds over 1472 (the manager can ask for each alone), one over a datagram:
    (status, varbinds), size = read(agent, version, PduType.GET, [SMALL, BIG])
    assert (status[1], size <= LIMIT) == (TOO_BIG, True)
    (status, varbinds), size = read(agent, version, PduType.GET, [HUGE])
    assert (status[1], size <= LIMIT) == (TOO_BIG, True)
    assert agent.stats.too_big == 2


def test_by_default_a_getbulk_is_shortened_to_1472_octets_or_one_long_value() -> None:
    agent = CommandResponder(long_values(small_table()))
    (status, varbinds), _ = read(agent, V2C, PduType.GETBULK, [SMALL], reps=200)
    assert (status, varbinds) == ((3, NO_ERROR, 0), [(BIG, b"B" * 2000)])
    (status, varbinds), size = read(agent, V2C, PduType.GETBULK, [BIG], reps=200)
    assert (status, [oid for oid, _ in varbinds]) == ((3, NO_ERROR, 0), [NAME])
    (status, varbinds), size = read(agent, V2C, PduType.GETBULK, [HUGE], reps=200)
    assert (status, size <= LIMIT) == ((3, NO_ERROR, 0), True)
    assert len(varbinds) > 10 and varbinds[0][0] == "1.3.6.1.4.1.9.5.1"
    # Non-repeaters, and a walk of several columns (the general loop), alike:
    for oids, reps in (([SMALL, NAME], 200), ([SMALL, "1.3.6.1.4.1.9.5"], 3)):
        reply = agent.respond(
            core.encode_message(V2C, b"public", PduType.GETBULK, 4, 1, reps, oids)
        )
        assert reply is not None
        (_, status, _), varbinds = core.decode_message(reply)[3:]
        assert (status, varbinds) == (NO_ERROR, [(BIG, b"B" * 2000)])
    (status, varbinds), size = read(agent, V2C, PduType.GETBULK, [NAME], reps=200)
    assert (status[1], varbinds, size <= LIMIT) == (TOO_BIG, [], True)  # HUGE: no datagram


def small_table() -> dict[str, OctetString]:
    return {f"1.3.6.1.4.1.9.5.{i}": OctetString(b"x" * 100) for i in range(1, 40)}


def test_by_default_a_v3_read_of_one_long_value_fits_the_requesters_msg_max_size() -> None:
    agent = responder(long_values(), None)
    for max_size, status in ((65507, NO_ERROR), (1000, TOO_BIG)):
        requester = codec(agent, READER, max_size)
        reply = agent.respond(requester.encode_request(PduType.GET, 5, [BIG]))
        assert reply is not None and len(reply) <= max_size
        answered = requester.decode_response(reply, 5)
        assert answered is not None and answered[1] == status


def long_recording(path: Path) -> list[str]:
    """Writes a recording of long values (as devices have: 700 octets, 3000, 2000 in hex)
    to `path`; the lines snmpwalk prints of it (numeric), in OID order."""
    values = {f"1.3.6.1.2.1.2.2.1.2.{i}": chr(64 + i) * 700 for i in range(1, 27)}
    values |= {f"1.3.6.1.2.1.31.1.1.1.18.{i}": chr(96 + i) * 3000 for i in (1, 2, 3)}
    records = [f"{oid}|4|{value}" for oid, value in values.items()]
    records.append("1.3.6.1.2.1.25.1.4.0|4x|" + b"kernel=".hex() * 300)
    path.write_text("\n".join([*reversed(records), "1.3.6.1.4.1.1.0|2|1", ""]))
    values["1.3.6.1.2.1.25.1.4.0"] = "kernel=" * 300
    return [f'.{oid} = STRING: "{values[oid]}"' for oid in MibView(values).oids()]


@pytest.mark.anyio
async def test_net_snmp_walks_a_recording_of_long_values_whole(tmp_path: Path) -> None:
    """snmpwalk (v1, v2c) and snmpbulkwalk -Cr200 print every value of the recording: values
    over 1472 octets were tooBig, which ended each walk there (snmpd and snmpsim serve them);
    a GetBulk's response is shortened to 1472 octets, or to one value longer than that."""
    expected = long_recording(tmp_path / "long.snmprec")
    async with serve(MibView.from_snmprec(tmp_path / "long.snmprec")) as (target, agent):
        for tool, options in (
            ("snmpwalk", ["-v1"]),
            ("snmpwalk", ["-v2c"]),
            ("snmpbulkwalk", ["-v2c", "-Cr200"]),
        ):
            _, out, err = await run(tool, "-On", *options, "-c", "public", target, "1.3.6.1.2.1")
            assert (out.splitlines(), err) == (expected, ""), (tool, options)
    assert agent.stats.too_big == 0
