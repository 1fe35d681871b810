"""MessageFramer: whole SNMP messages out of a byte stream, whatever the reads' boundaries."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anysnmp._codec import PduType, core
from anysnmp._errors import DecodeError, FramingError
from anysnmp._protocol._framing import MessageFramer


def _message(request_id: int, oids: int) -> bytes:
    codec = core.Codec(1, b"public")
    return bytes(
        codec.encode_request(PduType.GET, request_id, [f"1.3.6.1.2.1.{i}.0" for i in range(oids)])
    )


def _sequence(content: bytes, length_octets: int | None = None) -> bytes:
    """A SEQUENCE around `content`, its length in `length_octets` long-form octets if given."""
    if length_octets is None:
        return b"\x30" + bytes([len(content)]) + content
    return (
        b"\x30"
        + bytes([0x80 | length_octets])
        + len(content).to_bytes(length_octets, "big")
        + content
    )


#: Short and long length forms, a non-minimal one (82 00 05), an empty SEQUENCE, a big message.
MESSAGES = [
    _message(1, 1),
    _sequence(b""),
    _sequence(b"\x02\x01\x05", 2),
    _message(2, 40),
    _sequence(b"\x04\x00" * 5, 1),
    _message(3, 3),
]
STREAM = b"".join(MESSAGES)


def test_every_split_point_of_several_messages() -> None:
    for cut in range(len(STREAM) + 1):
        framer = MessageFramer(65535)
        assert framer.feed(STREAM[:cut]) + framer.feed(STREAM[cut:]) == MESSAGES
        assert framer.pending == 0


def test_one_octet_at_a_time() -> None:
    framer = MessageFramer(65535)
    out = [m for i in range(len(STREAM)) for m in framer.feed(STREAM[i : i + 1])]
    assert out == MESSAGES


@given(
    st.lists(st.binary(max_size=300), min_size=1, max_size=6),
    st.lists(st.sampled_from([None, 1, 2, 4]), min_size=6, max_size=6),
    st.lists(st.integers(0, 2000), max_size=8),
)
def test_any_chunking(contents: list[bytes], forms: list[int | None], cuts: list[int]) -> None:
    messages = [
        _sequence(c, 2 if form is None and len(c) >= 0x80 else form)
        for c, form in zip(contents, forms, strict=False)
    ]
    stream = b"".join(messages)
    bounds = sorted({0, len(stream), *(c % (len(stream) + 1) for c in cuts)})
    framer = MessageFramer(65535)
    out = [m for a, b in pairwise(bounds) for m in framer.feed(stream[a:b])]
    assert out == messages
    assert framer.pending == 0


def test_partial_message_is_held() -> None:
    framer = MessageFramer(65535)
    message = MESSAGES[3]
    assert framer.feed(message[:-1]) == []
    assert framer.pending == len(message) - 1
    assert framer.feed(message[-1:] + MESSAGES[0][:3]) == [message]
    assert framer.pending == 3


def test_huge_length_refused_at_its_header() -> None:
    framer = MessageFramer(65535)
    assert framer.feed(b"\x30\x84\x80\x00") == []  # the header is not complete yet
    with pytest.raises(FramingError, match="2147483654 octets exceeds the limit of 65535"):
        framer.feed(b"\x00\x00")  # a 2 GB message: refused before any content
    assert framer.pending == 0
    with pytest.raises(FramingError):  # and the stream stays refused
        framer.feed(MESSAGES[0])


def test_limit_counts_the_header() -> None:
    message = MESSAGES[3]
    assert MessageFramer(len(message)).feed(message) == [message]
    with pytest.raises(FramingError, match="exceeds the limit"):
        MessageFramer(len(message) - 1).feed(message)


@pytest.mark.parametrize(
    ("garbage", "reason"),
    [
        (b"GET / HTTP/1.1\r\n", "tag 0x47"),
        (b"\x02\x01\x00", "tag 0x02"),
        (b"\x30\x80\x02\x01\x00\x00\x00", "indefinite"),
    ],
)
def test_garbage_refused_at_once(garbage: bytes, reason: str) -> None:
    framer = MessageFramer(65535)
    with pytest.raises(FramingError, match=reason) as info:
        framer.feed(garbage[:2])
    assert isinstance(info.value, DecodeError)


def test_garbage_after_messages_in_the_same_read() -> None:
    """The messages before the garbage come out, then the framer is broken (it raised at
    once and lost them: whether a reply got through hung on how the octets were split)."""
    framer = MessageFramer(65535)
    assert framer.feed(MESSAGES[0] + MESSAGES[1] + b"\xff") == MESSAGES[:2]
    assert framer.failed is not None and "tag 0xff" in str(framer.failed)
    with pytest.raises(FramingError, match="tag 0xff"):
        framer.feed(MESSAGES[0])


def test_garbage_after_a_message_in_a_later_read() -> None:
    framer = MessageFramer(65535)
    assert framer.feed(MESSAGES[0]) == MESSAGES[:1]
    assert framer.failed is None
    with pytest.raises(FramingError, match="tag 0xff"):
        framer.feed(b"\xff")
    assert framer.failed is not None
