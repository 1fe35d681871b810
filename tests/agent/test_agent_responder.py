"""CommandResponder edge cases, sans-IO: request octets in, response octets out."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from agent_helpers import DEMO

from anysnmp import UnknownUserNameError, User
from anysnmp._codec import PduType, core
from anysnmp._mibview import MibView
from anysnmp._responder import CommandResponder
from anysnmp._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    OctetString,
    SmiException,
    TimeTicks,
)
from anysnmp._usm import SessionCodec

V1, V2C = 0, 1
TOO_BIG, NO_SUCH_NAME, BAD_VALUE, GEN_ERR, NO_ACCESS, WRONG_VALUE = 1, 2, 3, 5, 6, 10


def request(
    pdu: int,
    oids: list[Any],
    *,
    version: int = V2C,
    community: bytes = b"public",
    non_repeaters: int = 0,
    max_repetitions: int = 0,
    request_id: int = 77,
) -> bytes:
    data: bytes = core.encode_message(
        version, community, pdu, request_id, non_repeaters, max_repetitions, oids
    )
    return data


def answer(responder: CommandResponder, data: bytes) -> tuple[int, int, list[tuple[str, Any]]]:
    """(error_status, error_index, varbinds) of the responder's Response."""
    reply = responder.respond(data)
    assert reply is not None
    version, community, pdu_type, (request_id, status, index), varbinds = core.decode_message(reply)
    assert (version, community, pdu_type) == (
        core.decode_message(data)[0],
        b"public",
        PduType.RESPONSE,
    )
    assert request_id == core.decode_message(data)[3][0]
    return status, index, varbinds


def table(rows: int = 5) -> MibView:
    """Three columns 1.3.6.1.4.1.9.1.{1,2,3}.row, then one scalar 1.3.6.1.4.1.9.2.0."""
    values: dict[str, Any] = {
        f"1.3.6.1.4.1.9.1.{c}.{r}": Integer(c * 100 + r)
        for c in (1, 2, 3)
        for r in range(1, rows + 1)
    }
    values["1.3.6.1.4.1.9.2.0"] = Counter64(2**40)
    return MibView(values)


def test_getbulk_non_repeaters_and_repetitions_interleave() -> None:
    responder = CommandResponder(table())
    status, _, varbinds = answer(
        responder,
        request(
            PduType.GETBULK,
            ["1.3.6.1.4.1.9.1.3", "1.3.6.1.4.1.9.1.1", "1.3.6.1.4.1.9.1.2.3"],
            non_repeaters=1,
            max_repetitions=3,
        ),
    )
    assert status == 0
    assert varbinds == [
        ("1.3.6.1.4.1.9.1.3.1", 301),
        ("1.3.6.1.4.1.9.1.1.1", 101),
        ("1.3.6.1.4.1.9.1.2.4", 204),
        ("1.3.6.1.4.1.9.1.1.2", 102),
        ("1.3.6.1.4.1.9.1.2.5", 205),
        ("1.3.6.1.4.1.9.1.1.3", 103),
        ("1.3.6.1.4.1.9.1.3.1", 301),
    ]


@pytest.mark.parametrize(
    ("non_repeaters", "max_repetitions", "count"),
    [(5, 3, 2), (-4, 2, 4), (0, -1, 0), (-1, -1, 0), (0, 0, 0), (1, 0, 1)],
)
def test_getbulk_n_and_m_are_clamped(non_repeaters: int, max_repetitions: int, count: int) -> None:
    # RFC 3416 4.2.3: N = max(min(non-repeaters, L), 0), M = max(max-repetitions, 0); a
    # request that asks for no varbind gets an empty noError response, not tooBig.
    responder = CommandResponder(table())
    status, _, varbinds = answer(
        responder,
        request(
            PduType.GETBULK,
            ["1.3.6.1.4.1.9.1.1", "1.3.6.1.4.1.9.1.2"],
            non_repeaters=non_repeaters,
            max_repetitions=max_repetitions,
        ),
    )
    assert (status, len(varbinds)) == (0, count)


def test_getbulk_repetitions_capped() -> None:
    responder = CommandResponder(table(50), max_repetitions=7)
    _, _, varbinds = answer(
        responder, request(PduType.GETBULK, ["1.3.6.1.4.1.9.1.1"], max_repetitions=2**31 - 1)
    )
    assert len(varbinds) == 7


def test_getbulk_response_fits_the_size_limit() -> None:
    view = MibView.from_snmprec(DEMO)
    for limit in (484, 1472, 9000):
        responder = CommandResponder(view, max_response_size=limit)
        reply = responder.respond(request(PduType.GETBULK, ["1.3.6"], max_repetitions=10_000))
        assert reply is not None and limit - 100 < len(reply) <= limit
        oids = [oid for oid, _ in core.decode_message(reply)[4]]
        assert oids == view.oids()[: len(oids)]


def test_getbulk_end_of_mib_view_stops_after_the_first_full_repetition() -> None:
    responder = CommandResponder(table(2))
    _, _, varbinds = answer(
        responder,
        request(PduType.GETBULK, ["1.3.6.1.4.1.9.1.3.1", "1.3.6.1.4.1.9.2.0"], max_repetitions=10),
    )
    end = SmiException.END_OF_MIB_VIEW
    assert varbinds == [
        ("1.3.6.1.4.1.9.1.3.2", 302),
        ("1.3.6.1.4.1.9.2.0", end),
        ("1.3.6.1.4.1.9.2.0", 2**40),
        ("1.3.6.1.4.1.9.2.0", end),
        ("1.3.6.1.4.1.9.2.0", end),
        ("1.3.6.1.4.1.9.2.0", end),
    ]
    _, _, single = answer(
        responder, request(PduType.GETBULK, ["1.3.6.1.4.1.9.1.3.2"], max_repetitions=10)
    )
    assert single == [("1.3.6.1.4.1.9.2.0", 2**40), ("1.3.6.1.4.1.9.2.0", end)]
    _, _, past = answer(responder, request(PduType.GETBULK, ["1.3.6.1.4.1.10"], max_repetitions=10))
    assert past == [("1.3.6.1.4.1.10", end)]


def test_getbulk_too_big_when_not_one_varbind_fits() -> None:
    view = MibView({"1.3.6.1.4.1.9.1.0": OctetString(b"x" * 600)})
    responder = CommandResponder(view, max_response_size=484)
    assert answer(responder, request(PduType.GETBULK, ["1.3.6"], max_repetitions=5)) == (
        TOO_BIG,
        0,
        [],
    )
    assert responder.stats.too_big == 1


@pytest.mark.parametrize(("version", "echoed"), [(V2C, []), (V1, [("1.3.6.1.4.1.9.1.0", None)])])
def test_get_too_big(version: int, echoed: list[tuple[str, None]]) -> None:
    view = MibView({"1.3.6.1.4.1.9.1.0": OctetString(b"x" * 600)})
    responder = CommandResponder(view, max_response_size=484)
    assert answer(responder, request(PduType.GET, ["1.3.6.1.4.1.9.1.0"], version=version)) == (
        TOO_BIG,
        0,
        echoed,
    )


def test_getnext_past_the_end() -> None:
    responder = CommandResponder(table())
    oids = ["1.3.6.1.4.1.9.1.1.5", "1.3.6.1.4.1.9.2.0"]
    assert answer(responder, request(PduType.GETNEXT, oids))[2] == [
        ("1.3.6.1.4.1.9.1.2.1", 201),
        ("1.3.6.1.4.1.9.2.0", SmiException.END_OF_MIB_VIEW),
    ]
    assert answer(responder, request(PduType.GETNEXT, oids, version=V1)) == (
        NO_SUCH_NAME,
        2,
        [(oid, None) for oid in oids],
    )


def test_v1_getnext_skips_counter64_and_v1_get_refuses_it() -> None:
    view = MibView({"1.3.6.1.4.1.9.1.0": Counter64(1), "1.3.6.1.4.1.9.2.0": Counter32(2)})
    responder = CommandResponder(view)
    assert answer(responder, request(PduType.GETNEXT, ["1.3.6"], version=V1))[2] == [
        ("1.3.6.1.4.1.9.2.0", 2)
    ]
    assert answer(responder, request(PduType.GET, ["1.3.6.1.4.1.9.1.0"], version=V1))[:2] == (
        NO_SUCH_NAME,
        1,
    )
    assert answer(responder, request(PduType.GET, ["1.3.6.1.4.1.9.1.0"]))[2] == [
        ("1.3.6.1.4.1.9.1.0", 1)
    ]


def test_oid_order_is_numeric_not_ber() -> None:
    arcs = [2, 127, 128, 16383, 16384, 2**21, 2**28, 2**32 - 1]
    view = MibView({f"1.3.6.1.4.1.{a}.0": Integer(i) for i, a in enumerate(reversed(arcs))})
    assert view.oids() == [f"1.3.6.1.4.1.{a}.0" for a in arcs]
    responder = CommandResponder(view)
    _, _, varbinds = answer(
        responder, request(PduType.GETBULK, ["1.3.6.1.4.1.127.0"], max_repetitions=3)
    )
    assert [oid for oid, _ in varbinds] == [f"1.3.6.1.4.1.{a}.0" for a in arcs[2:5]]


def tlv(tag: int, content: bytes) -> bytes:
    assert len(content) < 128
    return bytes([tag, len(content)]) + content


@pytest.mark.parametrize(("version", "status"), [(V2C, WRONG_VALUE), (V1, BAD_VALUE)])
@pytest.mark.parametrize(("tag", "typed"), [(2, Integer(2)), (0x42, Gauge32(2))])
def test_set_out_of_range_integer_is_wrong_value_and_nothing_is_written(
    version: int, status: int, tag: int, typed: Integer | Gauge32
) -> None:
    view = MibView({"1.3.6.1.4.1.9.1.0": Integer(1), "1.3.6.1.4.1.9.2.0": typed}, writable=True)
    responder = CommandResponder(view, communities={"private": "rw"})
    # 2^40: decodable, but outside 32 bits (the encoder would refuse it, so build by hand).
    # The agent reads it whole, where a client folds it into 32 bits as Net-SNMP does.
    varbinds = tlv(0x30, tlv(6, bytes([0x2B, 6, 1, 4, 1, 9, 1, 0])) + tlv(2, b"\x05")) + tlv(
        0x30, tlv(6, bytes([0x2B, 6, 1, 4, 1, 9, 2, 0])) + tlv(tag, (2**40).to_bytes(6, "big"))
    )
    pdu = tlv(
        PduType.SET, tlv(2, b"\x2a") + tlv(2, b"\x00") + tlv(2, b"\x00") + tlv(0x30, varbinds)
    )
    data = tlv(0x30, tlv(2, bytes([version])) + tlv(4, b"private") + pdu)
    reply = responder.respond(data)
    assert reply is not None
    _, _, _, (request_id, got_status, index), echoed = core.decode_message(reply)
    assert (request_id, got_status, index) == (42, status, 2)
    assert echoed == [("1.3.6.1.4.1.9.1.0", 5), ("1.3.6.1.4.1.9.2.0", 0)]  # 2^40's low 32 bits
    assert view["1.3.6.1.4.1.9.1.0"] == Integer(1)


def test_getter_failure_is_gen_err(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> TimeTicks:
        raise RuntimeError("sensor offline")

    view = MibView({"1.3.6.1.4.1.9.1.0": Integer(1), "1.3.6.1.4.1.9.2.0": broken})
    responder = CommandResponder(view)
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        status, index, _ = answer(
            responder, request(PduType.GET, ["1.3.6.1.4.1.9.1.0", "1.3.6.1.4.1.9.2.0"])
        )
    assert (status, index) == (GEN_ERR, 2)
    assert "1.3.6.1.4.1.9.2.0" in caplog.text


@pytest.mark.parametrize("pdu", [PduType.RESPONSE, PduType.REPORT, PduType.TRAP_V2, PduType.INFORM])
def test_never_answers_non_requests(pdu: int) -> None:
    responder = CommandResponder(table())
    assert responder.respond(request(pdu, ["1.3.6.1.4.1.9.1.1.1"])) is None
    assert (
        responder.respond(request(PduType.GETBULK, ["1.3.6"], version=V1, max_repetitions=3))
        is None
    )
    trap = core.encode_trap_v1(b"public", "1.3.6.1.4.1.9", "10.0.0.1", 6, 1, 5, [])
    assert responder.respond(trap) is None
    assert (
        responder.stats.ignored == 2
        and responder.stats.malformed == 1
        and responder.stats.requests == 0
    )


def test_malformed_requests_are_dropped_and_counted() -> None:
    responder = CommandResponder(table())
    valid = request(PduType.GETBULK, ["1.3.6.1.4.1.9.1.1", "1.3.6.1.4.1.9.1.2"], max_repetitions=3)
    broken = [valid[:n] for n in range(len(valid))]
    broken += [valid[:i] + bytes([valid[i] ^ 0x80]) + valid[i + 1 :] for i in (0, 1, 2, 5, 9)]
    broken += [b"", b"\x30\x80\x00\x00", b"\x30\x03\x02\x01\x01", valid + b"\x00"]
    for data in broken:
        assert responder.respond(data) is None
    # Flipping octet 9 changes the community: dropped as unknown, not as malformed.
    assert responder.stats.bad_community == 1 and responder.stats.requests == 0
    assert responder.stats.malformed == len(broken) - 1
    assert responder.respond(valid) is not None


def test_v3_without_users_is_answered_with_reports_alone() -> None:
    """As snmpd with no user: discovery, then usmStatsUnknownUserNames; nothing served."""
    responder = CommandResponder(table())
    codec = SessionCodec(User("nobody"), context_name=b"", context_engine_id=b"", max_size=484)
    report = responder.respond(codec.encode_discovery(1))
    assert report is not None
    engine_id, boots, engine_time = codec.decode_discovery(report, 1)  # type: ignore[misc]
    assert engine_id == responder.engine.engine_id
    codec.set_engine(engine_id, boots, engine_time)
    report = responder.respond(codec.encode_request(PduType.GET, 2, ["1.3.6.1.4.1.9.1.1"], 0, 0))
    assert report is not None
    with pytest.raises(UnknownUserNameError):
        codec.decode_response(report, 2, True)
    assert responder.stats.requests == 0 and responder.engine.stats.unknown_user_names == 1
    with pytest.raises(TypeError):
        CommandResponder(table(), users=[object()])  # type: ignore[list-item]


@pytest.mark.parametrize("version", [V1, V2C])
def test_no_community_may_set_by_default(version: int) -> None:
    view = MibView({"1.3.6.1.4.1.9.1.0": Integer(1)}, writable=True)
    responder = CommandResponder(view)
    set_one = [("1.3.6.1.4.1.9.1.0", 2, 2)]
    for community in (b"private", b"write", b""):
        assert responder.respond(request(PduType.SET, set_one, community=community)) is None
    assert responder.stats.bad_community == 3
    status, index, _ = answer(responder, request(PduType.SET, set_one, version=version))
    assert (status, index) == ((NO_SUCH_NAME, 1) if version == V1 else (NO_ACCESS, 1))
    assert view["1.3.6.1.4.1.9.1.0"] == Integer(1)
    writer = CommandResponder(view, communities={"private": "rw"})
    reply = writer.respond(request(PduType.SET, set_one, community=b"private"))
    assert reply is not None and core.decode_message(reply)[3][1] == 0
    assert view["1.3.6.1.4.1.9.1.0"] == Integer(2)


def test_community_access_must_be_ro_or_rw() -> None:
    with pytest.raises(ValueError):
        CommandResponder(table(), communities={"public": "write"})  # type: ignore[dict-item]
