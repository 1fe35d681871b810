"""core.GetRequest: a GET parsed and encoded once, its answer matched by encoded OID.

An answer naming exactly the requested OIDs, in order, comes back as a dict keyed
by the caller's own strs (exception values left out); every other answer comes
back exactly as `Codec.decode_response` returns it, so that the session applies
its usual rules to it.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from anysnmp import (
    Aes128Key,
    CommandResponder,
    EncodeError,
    MibView,
    Sha1Key,
    SnmpError,
    UnknownUserNameError,
    User,
)
from anysnmp._codec import core
from anysnmp._types import typed_value
from anysnmp._usm import SessionCodec
from anysnmp.lowlevel import PduType, SmiException

GET, RESPONSE = int(PduType.GET), int(PduType.RESPONSE)
COMMUNITY = b"public"
ENGINE_ID = bytes.fromhex("8000000005") + b"getrequest"
CORPUS = Path(__file__).resolve().parents[2] / "fuzz" / "corpus" / "community"

#: Arcs around every subidentifier length, and 2^32-1.
arc = st.one_of(
    st.integers(0, 127),
    st.sampled_from([128, 16383, 16384, 2**21 - 1, 2**21, 2**28 - 1, 2**28, 2**32 - 1]),
    st.integers(0, 2**32 - 1),
)


@st.composite
def oid_texts(draw: st.DrawFn, max_arcs: int = 20) -> str:
    """OID text as callers write it: canonical, sometimes with a leading dot."""
    first = draw(st.integers(0, 2))
    second = draw(st.integers(0, 39) if first < 2 else st.one_of(st.integers(0, 200), arc))
    assume(first < 2 or second <= 2**32 - 81)
    text = ".".join(map(str, [first, second, *draw(st.lists(arc, max_size=max_arcs))]))
    return "." + text if draw(st.integers(0, 9)) == 0 else text


def ipv4(t: tuple[int, ...]) -> str:
    return ".".join(map(str, t))


#: (tag, value) of every SMI type, and the exception values.
values = st.one_of(
    st.tuples(st.just(0x02), st.integers(-(2**31), 2**31 - 1)),
    st.tuples(st.just(0x04), st.binary(max_size=100)),
    st.tuples(st.just(0x05), st.none()),
    st.tuples(st.just(0x06), oid_texts().map(lambda t: t.lstrip("."))),
    st.tuples(st.just(0x40), st.tuples(*[st.integers(0, 255)] * 4).map(ipv4)),
    st.tuples(st.sampled_from([0x41, 0x42, 0x43]), st.integers(0, 2**32 - 1)),
    st.tuples(st.just(0x44), st.binary(max_size=30)),
    st.tuples(st.just(0x46), st.integers(0, 2**64 - 1)),
    st.tuples(st.sampled_from([0x80, 0x81, 0x82]), st.none()),
)

request_ids = st.integers(1, 2**31 - 1)
versions = st.sampled_from([0, 1])


def response(
    version: int, rid: int, varbinds: list[tuple[str, int, Any]], status: int = 0, index: int = 0
) -> bytes:
    return core.encode_message(version, COMMUNITY, RESPONSE, rid, status, index, varbinds)


def expected(oids: list[str], answer: list[tuple[int, Any]], typed: bool) -> dict[str, Any]:
    """What the session keeps of an answer in order: the asked OIDs' values, no exceptions."""
    out: dict[str, Any] = {}
    for oid, (tag, value) in zip(oids, answer, strict=True):
        if tag < 0x80:
            out[oid.lstrip(".")] = (tag, value) if typed else value
    return out


# --- encoding --------------------------------------------------------------------------


@given(oids=st.lists(oid_texts(max_arcs=126), max_size=40), version=versions, rid=request_ids)
def test_encodes_what_encode_request_encodes(oids: list[str], version: int, rid: int) -> None:
    codec = core.Codec(version, COMMUNITY)
    request = core.GetRequest(codec, oids)
    assert request.encode(rid) == codec.encode_get(rid, request)
    assert request.encode(rid) == codec.encode_request(GET, rid, oids)
    assert request.encode(rid + 1) == codec.encode_request(GET, rid + 1, oids)  # re-used
    assert request.varbinds == core.encode_varbinds(oids)
    assert len(request) == len(oids) and request.keys == [o.lstrip(".") for o in oids]
    assert not request.typed and core.GetRequest(codec, oids, True).typed


@pytest.mark.parametrize(
    "oids",
    [
        ["1.3.x"],
        [""],
        ["."],
        ["1"],
        ["3.1"],
        ["1.40"],
        ["1.3.6.4294967296"],
        ["1." + ".".join(["1"] * 128)],
        ["1.3..6"],
        ["1.3.6."],
        ["..1.3"],
        [" 1.3"],
        ["1.3.x", "1.3.6", "1.3.y"],  # the last malformed one is named, as before
        [5],
        [b"1.3.6.1"],
        ["1.3.6.1", None],
        ["1.3.\udc80"],
    ],
)
def test_bad_oids_raise_what_encode_request_raises(oids: list[Any]) -> None:
    codec = core.Codec(1, COMMUNITY)
    with pytest.raises(EncodeError) as before:
        codec.encode_request(GET, 1, oids)
    with pytest.raises(EncodeError) as now:
        core.GetRequest(codec, oids)
    assert str(now.value) == str(before.value)


def test_a_set_style_varbind_is_no_oid() -> None:
    with pytest.raises(EncodeError, match="must be an OID str"):
        core.GetRequest(core.Codec(1, COMMUNITY), [("1.3.6.1", 5, None)])  # type: ignore[list-item]


def test_not_a_sequence_is_an_encode_error() -> None:
    with pytest.raises(EncodeError, match="sequence"):
        core.GetRequest(core.Codec(1, COMMUNITY), 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        core.GetRequest(b"not a codec", ["1.3.6.1"])  # type: ignore[arg-type]


# --- answers in order ------------------------------------------------------------------


@given(
    data=st.data(),
    oids=st.lists(oid_texts(), min_size=1, max_size=30),
    version=versions,
    rid=request_ids,
    typed=st.booleans(),
)
def test_answer_in_order_is_keyed_by_the_callers_strs(
    data: st.DataObject, oids: list[str], version: int, rid: int, typed: bool
) -> None:
    answer = [data.draw(values) for _ in oids]
    codec = core.Codec(version, COMMUNITY)
    request = core.GetRequest(codec, oids, typed)
    message = response(version, rid, [(o, t, v) for o, (t, v) in zip(oids, answer, strict=True)])
    decoded = request.decode(message, rid)
    assert decoded == (RESPONSE, 0, 0, expected(oids, answer, typed))
    assert decoded is not None and isinstance(decoded[3], dict)
    # The very str objects the caller passed (a new one only without the leading dot).
    for key in decoded[3]:
        assert any(key is o for o in oids) or "." + key in oids
    # What decode_response finds, less the exception values.
    general = codec.decode_response(message, rid, typed)
    assert general is not None
    kept = {vb[0]: (vb[1:] if typed else vb[1]) for vb in general[3] if not is_exception(vb, typed)}
    assert decoded[3] == kept
    assert codec.decode_get(message, rid, request) == decoded
    assert request.decode(message, rid ^ 1) is None  # another request's answer
    other = core.Codec(version, COMMUNITY + b"x")
    assert core.GetRequest(other, oids, typed).decode(message, rid) is None


def is_exception(varbind: tuple[Any, ...], typed: bool) -> bool:
    return bool(varbind[1] >= 0x80) if typed else isinstance(varbind[1], SmiException)


@given(oids=st.lists(oid_texts(), min_size=1, max_size=20), data=st.data(), typed=st.booleans())
def test_match_takes_a_varbind_list(oids: list[str], data: st.DataObject, typed: bool) -> None:
    answer = [data.draw(values) for _ in oids]
    request = core.GetRequest(core.Codec(1, COMMUNITY), oids, typed)
    triples = [(o, t, v) for o, (t, v) in zip(oids, answer, strict=True)]
    assert request.match(core.encode_varbinds(triples)) == expected(oids, answer, typed)
    assert request.match(core.encode_varbinds(triples[:-1])) is None
    assert request.match(core.encode_varbinds([*triples, triples[0]])) is None
    assert request.match(b"\x30\x03garbage") is None


# --- every other answer: the general form ----------------------------------------------


def same_length_neighbour(oid: str) -> str:
    """Another OID whose encoding has the same length: the last arc's low bit flipped.

    (A subidentifier keeps its length when its low bit flips; 40 * first + second
    flips with the second arc.)
    """
    arcs = [int(a) for a in oid.lstrip(".").split(".")]
    arcs[-1] ^= 1
    return ".".join(map(str, arcs))


@given(
    data=st.data(),
    oids=st.lists(oid_texts(), min_size=1, max_size=20),
    kind=st.sampled_from(["reorder", "extra", "missing", "other", "status", "empty"]),
    version=versions,
    rid=request_ids,
    typed=st.booleans(),
)
def test_any_other_answer_comes_back_as_decode_response_returns_it(
    data: st.DataObject, oids: list[str], kind: str, version: int, rid: int, typed: bool
) -> None:
    answer = [(o.lstrip("."), *data.draw(values)) for o in oids]
    status = 0
    if kind == "reorder":
        shuffled = data.draw(st.permutations(answer))
        assume([vb[0] for vb in shuffled] != [vb[0] for vb in answer])
        answer = shuffled
    elif kind == "extra":
        at = data.draw(st.integers(0, len(answer)))
        answer.insert(at, (data.draw(oid_texts()).lstrip("."), *data.draw(values)))
    elif kind == "missing":
        del answer[data.draw(st.integers(0, len(answer) - 1))]
    elif kind == "other":
        at = data.draw(st.integers(0, len(answer) - 1))
        answer[at] = (same_length_neighbour(answer[at][0]), *answer[at][1:])
    elif kind == "status":
        status = data.draw(st.integers(1, 18))
    else:
        answer = []
    codec = core.Codec(version, COMMUNITY)
    request = core.GetRequest(codec, oids, typed)
    message = response(version, rid, answer, status, 1 if status else 0)
    decoded = request.decode(message, rid)
    assert decoded is not None and isinstance(decoded[3], list)
    assert decoded == codec.decode_response(message, rid, typed)


@pytest.mark.parametrize("oid", ["1.3.6.1.2.01.1.0", "01.3.6.1", "1.3.00.1", ".1.3.6.1.2.1.1.00"])
def test_text_with_leading_zero_arcs_is_refused(oid: str) -> None:
    # Sent as its value ("06" as 6), it would match no answer: refused before sending.
    codec = core.Codec(1, COMMUNITY)
    with pytest.raises(EncodeError, match="an arc with a leading zero"):
        core.GetRequest(codec, [oid])
    with pytest.raises(EncodeError, match="an arc with a leading zero"):
        codec.encode_request(GET, 7, [oid])


def test_str_subclasses_become_plain_str_keys() -> None:
    class Name(str):
        pass

    oid = Name("1.3.6.1.2.1.1.5.0")
    request = core.GetRequest(core.Codec(1, COMMUNITY), [oid])
    decoded = request.decode(response(1, 3, [(oid, 0x04, b"x")]), 3)
    assert decoded is not None and isinstance(decoded[3], dict)
    (key,) = decoded[3]
    assert type(key) is str and key == oid


def test_duplicate_oids_keep_the_last_value_not_an_exception() -> None:
    oids = ["1.3.6.1.1.0", "1.3.6.1.1.0", "1.3.6.1.2.0"]
    request = core.GetRequest(core.Codec(1, COMMUNITY), oids)
    answer = [(oids[0], 0x02, 1), (oids[1], 0x81, None), (oids[2], 0x02, 3)]
    decoded = request.decode(response(1, 3, answer), 3)
    assert decoded == (RESPONSE, 0, 0, {"1.3.6.1.1.0": 1, "1.3.6.1.2.0": 3})


# --- malformed and mutated answers -----------------------------------------------------

SEEDS = [p.read_bytes() for p in sorted(CORPUS.iterdir())]


def outcome(decode: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", decode(*args)
    except SnmpError as exc:
        return type(exc).__name__, str(exc)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()) and data:
        del data[draw(st.integers(0, len(data) - 1)) :]
    return bytes(data)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(), typed=st.booleans(), shuffle=st.booleans())
def test_decode_get_agrees_with_decode_response(data: bytes, typed: bool, shuffle: bool) -> None:
    """Same None, same error (type and message), same varbinds (less exceptions) as before."""
    rid = core.peek_request_id(data) or 1
    for version in (0, 1):
        codec = core.Codec(version, COMMUNITY)
        general = outcome(codec.decode_response, data, rid, typed)
        # Ask for the OIDs the datagram answers (so that the match path runs), or others.
        oids = ["1.3.6.1.2.1.1.1.0"]
        if general[0] == "ok" and general[1] is not None and general[1][3]:
            oids = [vb[0] for vb in general[1][3]]
            if shuffle:
                random.Random(len(data)).shuffle(oids)
        request = core.GetRequest(codec, oids, typed)
        got = outcome(request.decode, data, rid)
        if got[0] == "ok" and got[1] is not None and isinstance(got[1][3], dict):
            assert general[0] == "ok" and general[1] is not None
            assert got[1][:3] == general[1][:3] and general[1][1] == 0
            assert [vb[0] for vb in general[1][3]] == [o.lstrip(".") for o in oids]
            kept = {
                vb[0]: (vb[1:] if typed else vb[1])
                for vb in general[1][3]
                if not is_exception(vb, typed)
            }
            assert got[1][3] == kept
        else:
            assert got == general


# --- our agent, sans-IO: v1, v2c and v3 -------------------------------------------------


@st.composite
def views(draw: st.DrawFn) -> dict[str, tuple[int, Any]]:
    """{oid: (tag, value)} of an agent (no exception values, no Counter64 for v1's sake)."""
    kinds = values.filter(lambda tv: tv[0] < 0x80 and tv[0] != 0x46)
    return draw(st.dictionaries(oid_texts().map(lambda t: t.lstrip(".")), kinds, max_size=12))


def served(view: dict[str, tuple[int, Any]], **kw: Any) -> CommandResponder:
    typed = {oid: typed_value(tag, value) for oid, (tag, value) in view.items()}
    return CommandResponder(MibView(typed), max_response_size=65507, **kw)  # type: ignore[arg-type]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    view=views(),
    data=st.data(),
    version=versions,
    rid=request_ids,
    typed=st.booleans(),
)
def test_round_trip_through_our_agent(
    view: dict[str, tuple[int, Any]],
    data: st.DataObject,
    version: int,
    rid: int,
    typed: bool,
) -> None:
    missing = data.draw(st.lists(oid_texts().filter(lambda t: t.lstrip(".") not in view)))
    known = data.draw(st.lists(st.sampled_from(sorted(view)))) if view else []
    oids = data.draw(st.permutations(known + missing))
    assume(oids)
    codec = core.Codec(version, COMMUNITY)
    request = core.GetRequest(codec, oids, typed)
    reply = served(view).respond(request.encode(rid))
    assert reply is not None
    decoded = request.decode(reply, rid)
    assert decoded is not None
    if version == 0 and missing:  # v1: noSuchName names the first missing OID
        assert decoded[1] == 2 and isinstance(decoded[3], list)
        assert oids[decoded[2] - 1].lstrip(".") not in view
        return
    want = {o.lstrip("."): view[o.lstrip(".")] for o in oids if o.lstrip(".") in view}
    assert decoded == (RESPONSE, 0, 0, want if typed else {o: v for o, (_, v) in want.items()})


V3_USERS = [
    User("plain"),
    User("secret", auth_key=Sha1Key(bytes(range(20)), 2), priv_key=Aes128Key(bytes(16), 2)),
]


@pytest.mark.parametrize("user", V3_USERS, ids=lambda u: u.security_level)
def test_v3_round_trip_through_our_agent(user: User) -> None:
    view = {
        "1.3.6.1.2.1.1.1.0": (0x04, b"desc"),
        "1.3.6.1.2.1.1.3.0": (0x43, 123),
        "1.3.6.1.2.1.2.2.1.10.4294967295": (0x41, 2**32 - 1),
        "1.3.6.1.4.1.9.9.1.0": (0x46, 2**64 - 1),
    }
    responder = served(view, users=[user], engine_id=ENGINE_ID, engine_boots=3)
    codec = SessionCodec(user, context_name=b"", context_engine_id=b"", max_size=65507)
    codec.set_engine(ENGINE_ID, 3, 0)
    oids = [*view, "1.3.6.1.2.1.1.99.0", ".1.3.6.1.2.1.1.3.0"]
    for typed in (False, True):
        request = core.GetRequest(codec, oids, typed)
        for rid in (11, 12):  # one request, encoded again for a second attempt
            reply = responder.respond(request.encode(rid))
            assert reply is not None
            decoded = codec.decode_get(reply, rid, request)
            want = {o: (t, v) if typed else v for o, (t, v) in view.items()}
            assert decoded == (RESPONSE, 0, 0, want)
    # Answers for other OIDs take the general form here too.
    swapped = core.GetRequest(codec, oids[1::-1])
    reply = responder.respond(core.GetRequest(codec, oids[:2]).encode(13))
    assert reply is not None
    decoded = codec.decode_get(reply, 13, swapped)
    assert decoded is not None and isinstance(decoded[3], list)
    assert decoded == core.UsmCodec.decode_response(codec, reply, 13, False)


def test_v3_reports_still_raise() -> None:
    responder = served(
        {"1.3.6.1.2.1.1.5.0": (0x04, b"x")}, users=[User("plain")], engine_id=ENGINE_ID
    )
    codec = SessionCodec(User("nobody"), context_name=b"", context_engine_id=b"", max_size=65507)
    codec.set_engine(ENGINE_ID, 0, 0)
    request = core.GetRequest(codec, ["1.3.6.1.2.1.1.5.0"])
    reply = responder.respond(request.encode(21))
    assert reply is not None
    with pytest.raises(UnknownUserNameError, match="no SNMPv3 user 'nobody'"):
        request.decode(reply, 21)
    with pytest.raises(UnknownUserNameError):
        codec.decode_get(reply, 21, request)
    # A codec without raise_reports returns the Report, in general form.
    raw = core.UsmCodec(b"nobody", 0, b"", 0, 0, b"", 0, 0)
    raw.set_engine(ENGINE_ID, 0, 0)
    raw_request = core.GetRequest(raw, ["1.3.6.1.2.1.1.5.0"])
    reply = responder.respond(raw_request.encode(22))
    assert reply is not None
    report = raw_request.decode(reply, 22)
    assert report is not None and report[0] == int(PduType.REPORT) and isinstance(report[3], list)
    assert report[3][0][0] == "1.3.6.1.6.3.15.1.1.3.0"  # usmStatsUnknownUserNames


def test_arbitrary_octets_only_raise_snmp_errors() -> None:
    codec = core.Codec(1, COMMUNITY)
    request = core.GetRequest(codec, ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0"])
    rng = random.Random(5)
    for _ in range(2000):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(80)))
        with contextlib.suppress(SnmpError):
            request.decode(data, rng.randrange(1, 5))
