"""Property tests: encode -> decode round trips, and arbitrary octets only raise DecodeError."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from anysnmp import DecodeError
from anysnmp._codec import core
from anysnmp.lowlevel import PduType

arcs = st.lists(st.integers(0, 2**32 - 1), min_size=0, max_size=30)


@st.composite
def oids(draw: st.DrawFn) -> str:
    first = draw(st.integers(0, 2))
    second = draw(st.integers(0, 39 if first < 2 else 2**32 - 81))
    return ".".join(map(str, [first, second, *draw(arcs)]))


values = st.one_of(
    st.tuples(st.just(0x02), st.integers(-(2**31), 2**31 - 1)),
    st.tuples(st.just(0x04), st.binary(max_size=300)),
    st.tuples(st.just(0x05), st.none()),
    st.tuples(st.just(0x06), oids()),
    st.tuples(
        st.just(0x40), st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
    ),
    st.tuples(st.sampled_from([0x41, 0x42, 0x43]), st.integers(0, 2**32 - 1)),
    st.tuples(st.just(0x44), st.binary(max_size=50)),
    st.tuples(st.just(0x46), st.integers(0, 2**64 - 1)),
    st.tuples(st.sampled_from([0x80, 0x81, 0x82]), st.none()),
)


@given(
    version=st.sampled_from([0, 1]),
    community=st.binary(max_size=40),
    request_id=st.integers(-(2**31), 2**31 - 1),
    varbinds=st.lists(st.tuples(oids(), values), max_size=20),
)
def test_every_smi_type_round_trips(
    version: int, community: bytes, request_id: int, varbinds: list[tuple[str, tuple[int, object]]]
) -> None:
    triples = [(oid, tag, value) for oid, (tag, value) in varbinds]
    data = core.encode_message(version, community, PduType.RESPONSE, request_id, 0, 0, triples)
    decoded = core.decode_message(data, typed=True)
    assert decoded == (version, community, PduType.RESPONSE, (request_id, 0, 0), triples)


@settings(max_examples=500)
@given(st.binary(max_size=200))
def test_arbitrary_octets_only_raise_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        core.decode_message(data)


@settings(max_examples=500)
@given(st.data())
def test_mutated_messages_only_raise_decode_error(data: st.DataObject) -> None:
    message = bytearray(
        core.encode_message(
            1,
            b"public",
            PduType.RESPONSE,
            42,
            0,
            0,
            [
                ("1.3.6.1.2.1.1.1.0", 0x04, b"text"),
                ("1.3.6.1.2.1.1.3.0", 0x43, 12345),
                ("1.3.6.1.2.1.4.20.1.1.10.0.0.1", 0x40, "10.0.0.1"),
                ("1.3.6.1.2.1.31.1.1.1.6.1", 0x46, 2**40),
            ],
        )
    )
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(message) - 1))
        message[at] = data.draw(st.integers(0, 255))
    for typed in (False, True):
        with contextlib.suppress(DecodeError):
            core.decode_message(bytes(message), typed=typed)
