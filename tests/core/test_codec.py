"""The C++ BER/PDU codec: strictness on malformed input, values as gufo_snmp returns them."""

from __future__ import annotations

import pytest

import anysnmp
from anysnmp import DecodeError, EncodeError
from anysnmp._codec import core
from anysnmp.lowlevel import PduType, SmiException

RESPONSE = PduType.RESPONSE


def tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def integer(v: int) -> bytes:
    return tlv(0x02, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True))


OID_SYSDESCR = tlv(0x06, bytes.fromhex("2b06010201010100"))  # 1.3.6.1.2.1.1.1.0


def message(
    value: bytes,
    *,
    name: bytes = OID_SYSDESCR,
    request_id: int = 7,
    version: int = 1,
    community: bytes = b"public",
    pdu: int = RESPONSE,
    status: int = 0,
) -> bytes:
    varbind = tlv(0x30, name + value)
    body = integer(request_id) + integer(status) + integer(0) + tlv(0x30, varbind)
    return tlv(0x30, integer(version) + tlv(0x04, community) + tlv(pdu, body))


def decode_value(value: bytes) -> object:
    _, _, _, _, varbinds = core.decode_message(message(value))
    return varbinds[0][1]


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (tlv(0x02, b"\x05"), 5),
        (tlv(0x02, b"\xff"), -1),
        (tlv(0x02, b"\x80\x00\x00\x00"), -(2**31)),
        (tlv(0x04, b"abc"), b"abc"),
        (tlv(0x04, b""), b""),
        (tlv(0x05, b""), None),
        (tlv(0x06, bytes.fromhex("2b060104")), "1.3.6.1.4"),
        (tlv(0x06, bytes.fromhex("8837")), "2.999"),
        (tlv(0x40, bytes([10, 0, 0, 1])), "10.0.0.1"),
        (tlv(0x41, b"\x00\xff\xff\xff\xff"), 2**32 - 1),
        (tlv(0x42, b"\x80"), 128),  # a missing sign octet is read as unsigned
        (tlv(0x43, b"\x01\x00"), 256),
        (tlv(0x44, b"\x9f\x78\x04\x3f\x80\x00\x00"), b"\x9f\x78\x04\x3f\x80\x00\x00"),
        (tlv(0x46, b"\x00" + b"\xff" * 8), 2**64 - 1),
        (tlv(0x80, b""), SmiException.NO_SUCH_OBJECT),
        (tlv(0x81, b""), SmiException.NO_SUCH_INSTANCE),
        (tlv(0x82, b""), SmiException.END_OF_MIB_VIEW),
        # What devices send malformed, read as Net-SNMP reads it (tests/cli compares
        # the printed values with Net-SNMP's tools).
        (tlv(0x41, b"\x00" * 5 + b"\x01"), 1),  # up to 8 octets, or 9 with a leading 00
        (tlv(0x41, bytes.fromhex("0100000002000000")), 0x02000000),  # the low 32 bits
        (tlv(0x43, bytes.fromhex("00ffffffff00000001")), 1),
        (tlv(0x47, b"\xff"), 255),  # UInteger32 (RFC 1442)
        (tlv(0x02, bytes.fromhex("0100000001")), 1),  # past Integer32: the low 32 bits
        (tlv(0x02, bytes.fromhex("0080000000")), 2**31),
        (tlv(0x02, bytes.fromhex("ff7fffffff")), -(2**31 - 1)),  # below: minus those bits
        (tlv(0x02, bytes.fromhex("ffffffff80000000")), -(2**31)),
        (tlv(0x46, b""), 0),  # an empty Counter64 is 0
        (tlv(0x06, b""), "0"),  # an empty OID is the OID 0
        (tlv(0x06, bytes.fromhex("2b8001")), "1.3.1"),  # a non-minimal subidentifier
        (tlv(0x06, bytes.fromhex("8fffffff7f")), "2.4294967215"),
        (tlv(0x05, b"\xff"), None),  # content after NULL is ignored
        (tlv(0x81, b"\x00"), SmiException.NO_SUCH_INSTANCE),  # and after an exception
        (tlv(0x45, b"\x01\x02"), b"\x01\x02"),  # NsapAddress (RFC 1442)
        (tlv(0x03, b"\x00\x01"), b"\x00\x01"),  # BIT STRING: its octets as sent
    ],
)
def test_values_decode_as_gufo_snmp_returns_them(encoded: bytes, expected: object) -> None:
    assert decode_value(encoded) == expected


@pytest.mark.parametrize(
    ("encoded", "reason"),
    [
        # Net-SNMP drops a response holding any of these (its tools time out).
        (tlv(0x06, b"\x2b\x86"), "ends inside"),  # trailing continuation bit
        (tlv(0x06, b"\x2b\x90\x80\x80\x80\x00"), "2\\^32-1"),  # arc 2^32
        (tlv(0x06, b"\x90\x80\x80\x80\x00"), "2\\^32-1"),  # first subidentifier 2^32
        (tlv(0x06, b"\x2b" + b"\x01" * 127), "128 arcs"),  # 129 arcs
        (tlv(0x41, b"\x01" + b"\x00" * 8), "64 bits"),  # 9 octets without a leading 00
        (tlv(0x41, b"\x00" * 10), "64 bits"),
        (tlv(0x41, b""), "empty unsigned"),
        (tlv(0x47, b""), "empty unsigned"),
        (tlv(0x46, b"\x01" + b"\x00" * 8), "64 bits"),
        (tlv(0x02, b""), "empty INTEGER"),
        (tlv(0x02, b"\x00" * 9), "too long"),
        (tlv(0x03, b""), "empty BIT STRING"),
        *((tlv(0x40, bytes(n)), "4 octets") for n in (0, 1, 3, 5, 16)),
        (tlv(0x24, tlv(0x04, b"ab")), "unsupported value tag"),  # constructed OCTET STRING
        *((tlv(t, b"\x00"), "unsupported value tag") for t in (0x01, 0x0C, 0x48, 0x49, 0x83, 0xC0)),
        (tlv(0xA0, b""), "unsupported value tag"),
        (b"\x04\x80\x00\x00", "indefinite"),
        (b"\x1f\x01\x00", "multi-octet"),
    ],
)
def test_malformed_values_raise_decode_error(encoded: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        core.decode_message(message(encoded))


def test_oid_with_128_arcs_is_accepted() -> None:
    oid = decode_value(tlv(0x06, b"\x2b" + b"\x01" * 126))
    assert isinstance(oid, str) and len(oid.split(".")) == 128


def test_non_minimal_long_form_lengths_are_accepted() -> None:
    value = b"\x04\x82\x00\x05hello"  # length 5 as 82 00 05
    assert core.decode_message(message(value))[4] == [("1.3.6.1.2.1.1.1.0", b"hello")]


def test_indefinite_message_length_is_rejected() -> None:
    with pytest.raises(DecodeError, match="indefinite"):
        core.decode_message(b"\x30\x80" + message(tlv(0x05, b""))[2:] + b"\x00\x00")


def test_truncation_at_every_offset_raises_decode_error() -> None:
    data = message(tlv(0x04, b"x" * 200), name=tlv(0x06, bytes.fromhex("2b0601040182b7690101")))
    for cut in range(len(data)):
        with pytest.raises(DecodeError):
            core.decode_message(data[:cut])


def test_length_beyond_the_datagram_is_rejected() -> None:
    data = bytearray(message(tlv(0x04, b"abc")))
    data[1] = 0x84  # claims a 4-octet length next: 4 GiB
    with pytest.raises(DecodeError):
        core.decode_message(bytes(data[:2]) + b"\xff\xff\xff\xff" + bytes(data[2:]))


def test_trailing_octets_after_the_message_are_rejected() -> None:
    with pytest.raises(DecodeError, match="trailing"):
        core.decode_message(message(tlv(0x05, b"")) + b"\x00")


def test_wrong_version_is_rejected() -> None:
    with pytest.raises(DecodeError, match="version"):
        core.decode_message(message(tlv(0x05, b""), version=2))


def test_decode_error_is_an_snmp_error_not_a_base_exception() -> None:
    assert issubclass(DecodeError, anysnmp.SnmpError)
    assert issubclass(anysnmp.TimeoutError, TimeoutError)
    with pytest.raises(anysnmp.SnmpError):
        core.decode_message(b"\x30")


def test_typed_decode_gives_tags() -> None:
    data = message(tlv(0x43, b"\x10"))
    assert core.decode_message(data, typed=True)[4] == [("1.3.6.1.2.1.1.1.0", 0x43, 16)]
    data = message(tlv(0x81, b""))
    assert core.decode_message(data, typed=True)[4] == [("1.3.6.1.2.1.1.1.0", 0x81, None)]


def test_peek_request_id() -> None:
    assert core.peek_request_id(message(tlv(0x05, b""), request_id=123456)) == 123456
    assert core.peek_request_id(b"garbage") is None


# --- encoding -------------------------------------------------------------------------


def test_encode_get_request_matches_hand_encoding() -> None:
    codec = core.Codec(1, b"public")
    data = codec.encode_request(PduType.GET, 7, ["1.3.6.1.2.1.1.1.0"])
    assert data == message(tlv(0x05, b""), pdu=PduType.GET)


def test_encode_getbulk_carries_non_repeaters_and_max_repetitions() -> None:
    codec = core.Codec(1, b"public")
    data = codec.encode_request(PduType.GETBULK, 9, ["1.3.6"], 0, 25)
    assert core.decode_message(data)[2:4] == (PduType.GETBULK, (9, 0, 25))


@pytest.mark.parametrize(
    ("varbind", "reason"),
    [
        (("1.3.6.1", 0x02, 2**31), "out of range"),
        (("1.3.6.1", 0x41, -1), "out of range"),
        (("1.3.6.1", 0x46, 2**64), "out of range"),
        (("1.3.6.1", 0x40, "300.1.1.1"), "dotted IPv4"),
        (("1.3.6.1", 0x06, "1"), "two arcs"),
        (("1.3.6.1", 0x06, "3.1"), "invalid first arcs"),
        (("1.3.x", 0x05, None), "malformed OID"),
        (("1.3.6.1", 0x02, "5"), "needs an int"),
        (("1.3.6.1", 0x99, 1), "unsupported value tag"),
        (("1." + ".".join(["1"] * 128), 0x05, None), "128 arcs"),
        (("1.3.6.4294967296", 0x05, None), "2\\^32-1"),
    ],
)
def test_encode_rejects_bad_values(varbind: tuple[str, int, object], reason: str) -> None:
    with pytest.raises(EncodeError, match=reason):
        core.encode_message(1, b"public", PduType.SET, 1, 0, 0, [varbind])


def test_leading_dot_oids_are_accepted() -> None:
    data = core.encode_message(1, b"c", PduType.GET, 1, 0, 0, [".1.3.6.1"])
    assert core.decode_message(data)[4] == [("1.3.6.1", None)]


def test_trap_v1_round_trip() -> None:
    data = core.encode_trap_v1(
        b"public",
        "1.3.6.1.4.1.8072",
        "192.0.2.1",
        6,
        17,
        1234,
        [("1.3.6.1.2.1.1.5.0", 0x04, b"host")],
    )
    version, community, pdu, fields, varbinds = core.decode_message(data)
    assert (version, community, pdu) == (0, b"public", PduType.TRAP_V1)
    assert fields == ("1.3.6.1.4.1.8072", "192.0.2.1", 6, 17, 1234)
    assert varbinds == [("1.3.6.1.2.1.1.5.0", b"host")]


# --- walks ----------------------------------------------------------------------------


def walk_response(*names: str, request_id: int = 7) -> bytes:
    varbinds = [(name, 0x02, i) for i, name in enumerate(names)]
    return core.encode_message(1, b"public", RESPONSE, request_id, 0, 0, varbinds)


def test_walker_stops_at_the_end_of_the_subtree() -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3.6.1.2")
    result = codec.decode_walk(walk_response("1.3.6.1.2.1", "1.3.6.1.2.2", "1.3.6.1.3"), 7, walker)
    assert result == (RESPONSE, 0, 0, [("1.3.6.1.2.1", 0), ("1.3.6.1.2.2", 1)])
    assert walker.done and walker.last == "1.3.6.1.2.2"


def test_walker_compares_arcs_numerically() -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3")
    codec.decode_walk(walk_response("1.3.9", "1.3.10", "1.3.100"), 7, walker)
    assert walker.last == "1.3.100" and not walker.done


@pytest.mark.parametrize(
    ("names", "kept"),
    [
        (("1.3.6.2", "1.3.6.1"), ["1.3.5", "1.3.6.2"]),
        (("1.3.6.2", "1.3.6.2", "1.3.7"), ["1.3.5", "1.3.6.2"]),
        (("1.3.4",), ["1.3.5"]),
        (("1.3.5",), ["1.3.5"]),
    ],
)
def test_walker_keeps_the_varbinds_before_a_non_increasing_oid(
    names: tuple[str, ...], kept: list[str]
) -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3")
    result = codec.decode_walk(walk_response("1.3.5", *names), 7, walker)
    assert result is not None and [oid for oid, _ in result[3]] == kept
    assert walker.done and walker.last == kept[-1]
    assert (
        walker.error
        == f"agent returned OID {names[len(kept) - 1]} after {kept[-1]} (not increasing)"
    )


def test_walker_keeps_the_non_increasing_varbind_and_the_rest_in_the_subtree() -> None:
    """What Net-SNMP's walks print before their 'OID not increasing' error."""
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3.6")
    codec.decode_walk(walk_response("1.3.6.5", "1.3.6.2", "1.3.7", "1.3.6.9"), 7, walker)
    assert walker.error is not None and walker.last == "1.3.6.5"
    assert walker.ended_tail == [("1.3.6.2", 1), ("1.3.6.9", 3)]


def test_walker_against_the_request_takes_oids_not_increasing_among_themselves() -> None:
    """snmpbulkwalk checks each OID of an answer against its request's only."""
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3", against_request=True)
    result = codec.decode_walk(walk_response("1.3.6.2", "1.3.6.1", "1.3.6.3"), 7, walker)
    assert result is not None and len(result[3]) == 3
    assert walker.error is None and walker.last == "1.3.6.3"
    codec.decode_walk(walk_response("1.3.7", "1.3.6.3", "1.3.8", request_id=8), 8, walker)
    assert walker.error == "agent returned OID 1.3.6.3 after 1.3.6.3 (not increasing)"
    assert walker.last == "1.3.7" and walker.ended_tail == [("1.3.6.3", 1), ("1.3.8", 2)]


def test_walker_rejects_a_first_oid_not_after_the_root() -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3.5")
    result = codec.decode_walk(walk_response("1.3.5"), 7, walker)
    assert result is not None and result[3] == []
    assert walker.done and walker.error is not None and walker.last == "1.3.5"


def test_walker_rejects_an_empty_varbind_list() -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3")
    with pytest.raises(anysnmp.OidNotIncreasingError, match="empty"):
        codec.decode_walk(walk_response(), 7, walker)


def test_walker_can_allow_non_increasing_oids() -> None:
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3", check_increasing=False)
    codec.decode_walk(walk_response("1.3.6.2", "1.3.6.1"), 7, walker)
    assert walker.last == "1.3.6.1"


def test_walker_ends_at_end_of_mib_view() -> None:
    data = core.encode_message(
        1, b"public", RESPONSE, 7, 0, 0, [("1.3.6.1", 0x02, 1), ("1.3.6.2", 0x82, None)]
    )
    codec, walker = core.Codec(1, b"public"), core.Walker("1.3")
    assert codec.decode_walk(data, 7, walker) == (RESPONSE, 0, 0, [("1.3.6.1", 1)])
    assert walker.done


def test_codec_ignores_answers_to_other_requests_and_communities() -> None:
    codec = core.Codec(1, b"public")
    assert codec.decode_response(walk_response("1.3.6", request_id=8), 7) is None
    other = core.encode_message(1, b"private", RESPONSE, 7, 0, 0, [])
    assert codec.decode_response(other, 7) is None
    v1 = core.encode_message(0, b"public", RESPONSE, 7, 0, 0, [])
    assert codec.decode_response(v1, 7) is None
    request = core.encode_message(1, b"public", PduType.GET, 7, 0, 0, [])
    assert codec.decode_response(request, 7) is None
