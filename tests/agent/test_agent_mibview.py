"""MibView: construction, snmprec parsing, order, dynamic values and updates."""

from __future__ import annotations

import bz2
import gc
import logging
import os
import re
import tracemalloc
from pathlib import Path

import pytest
from agent_helpers import DEMO

from anysnmp import (
    Agent,
    ArgumentTypeError,
    CommandResponder,
    RecordingError,
    SnmpError,
    SnmpSession,
)
from anysnmp._codec import core
from anysnmp._mibview import (
    DUPLICATES_LOGGED,
    MAX_LINE,
    MibView,
    parse_snmprec_line,
    read_snmprec,
    snmprec_records,
)
from anysnmp._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    Null,
    ObjectIdentifier,
    OctetString,
    Opaque,
    TimeTicks,
    TypedValue,
)


@pytest.mark.parametrize(
    ("line", "oid", "value"),
    [
        ("1.3.6.1.2.1.1.5.0|4|sw1", "1.3.6.1.2.1.1.5.0", OctetString("sw1")),
        (".1.3.6.1.2.1.1.5.0|4|a|b", "1.3.6.1.2.1.1.5.0", OctetString("a|b")),
        (
            "1.3.6.1.2.1.2.2.1.6.2|4x|001b213a0002",
            "1.3.6.1.2.1.2.2.1.6.2",
            OctetString(bytes.fromhex("001b213a0002")),
        ),
        ("1.3.6.1.2.1.1.7.0|2|-72", "1.3.6.1.2.1.1.7.0", Integer(-72)),
        ("1.3.6.1.4.1.1.0|5|", "1.3.6.1.4.1.1.0", Null()),
        (
            "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072",
            "1.3.6.1.2.1.1.2.0",
            ObjectIdentifier("1.3.6.1.4.1.8072"),
        ),
        (
            "1.3.6.1.2.1.4.20.1.1.10.0.0.1|64|10.0.0.1",
            "1.3.6.1.2.1.4.20.1.1.10.0.0.1",
            IpAddress("10.0.0.1"),
        ),
        (
            "1.3.6.1.2.1.4.20.1.3.10.0.0.1|64x|ffffff00",
            "1.3.6.1.2.1.4.20.1.3.10.0.0.1",
            IpAddress("255.255.255.0"),
        ),
        ("1.3.6.1.2.1.2.2.1.10.1|65|4294967295", "1.3.6.1.2.1.2.2.1.10.1", Counter32(2**32 - 1)),
        ("1.3.6.1.2.1.2.2.1.5.1|66|1000000000", "1.3.6.1.2.1.2.2.1.5.1", Gauge32(10**9)),
        ("1.3.6.1.2.1.1.3.0|67|123", "1.3.6.1.2.1.1.3.0", TimeTicks(123)),
        (
            "1.3.6.1.4.1.2021.10.1.6.1|68x|9f78043f800000",
            "1.3.6.1.4.1.2021.10.1.6.1",
            Opaque(bytes.fromhex("9f78043f800000")),
        ),
        (
            "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615",
            "1.3.6.1.2.1.31.1.1.1.6.1",
            Counter64(2**64 - 1),
        ),
        # snmpsim takes an IpAddress of four characters as its octets (linux-full-walk has
        # 74.125.77.125 recorded as "J}M}").
        ("1.3.6.1.2.1.6.13.1.4.1|64|J}M}", "1.3.6.1.2.1.6.13.1.4.1", IpAddress("74.125.77.125")),
        ("1.3.6.1.2.1.4.22.1.3.2|64|32VF", "1.3.6.1.2.1.4.22.1.3.2", IpAddress("51.50.86.70")),
        # An e suffix: Python's escapes, as snmpsim's recorder writes them.
        (
            r"1.3.6.1.2.1.1.1.0|4e|a\tb\n\x00\xff\\\'\"",
            "1.3.6.1.2.1.1.1.0",
            OctetString(b"a\tb\n\x00\xff\\'\""),
        ),
        (
            r"1.3.6.1.2.1.4.20.1.1.1|64e|\n\x00\x00\x01",
            "1.3.6.1.2.1.4.20.1.1.1",
            IpAddress("10.0.0.1"),
        ),
    ],
)
def test_snmprec_records(line: str, oid: str, value: object) -> None:
    assert parse_snmprec_line(line) == (oid, value)


@pytest.mark.parametrize(
    "line",
    ["1.3.6.1|4", "1.3.6.1|99|x", "1.3.6.1|4:numeric|rate=1", "1.3.6.1|65|-1", "1.3.6.1|4x|zz"],
)
def test_bad_snmprec_records(line: str) -> None:
    with pytest.raises(ValueError):
        parse_snmprec_line(line)


def test_from_snmprec_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text("# comment\n\n1.3.6.1.2.1.1.5.0|4|ok\n1.3.6.1.2.1.1.6.0|2|notanumber\n")
    with pytest.raises(ValueError, match=r"bad\.snmprec:4:"):
        MibView.from_snmprec(path)


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ("1.3.6.1.2.1.2.2.1.7.1|2|up", "bad value for tag 2: 'up' is not a number"),
        ("1.3.6.1.2.1.2.2.1.10.1|65|", "bad value for tag 65: '' is not a number"),
        (
            "1.3.6.1.2.1.2.2.1.6.1|4x|00505",
            "bad value for tag 4x: '00505' is not hex digits in pairs",
        ),
        (
            "1.3.6.1.2.1.2.2.1.6.1|4x|0x0050",
            "bad value for tag 4x: '0x0050' is not hex digits in pairs",
        ),
    ],
)
def test_a_bad_number_or_hex_value_says_what_it_is(tmp_path: Path, record: str, says: str) -> None:
    # Python's words came out: "invalid literal for int() with base 10: b'up'", "non-hexadecimal
    # number found in fromhex() arg at position 5".
    path = tmp_path / "device.snmprec"
    path.write_bytes(b"1.3.6.1.2.1.1.5.0|4|ok\r\n" + record.encode() + b"\r\n")
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}:2: {re.escape(says)}$"):
        MibView.from_snmprec(path)


@pytest.mark.parametrize("name", ["missing.snmprec", "folder", "nul\0.snmprec"])
def test_a_recording_that_cannot_be_read_is_named(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    path = tmp_path / name
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}: cannot read") as info:
        MibView.from_snmprec(path)
    if "\0" not in name:  # still the OSError it was: except OSError keeps working
        assert isinstance(info.value, OSError) and info.value.errno is not None
        assert info.value.filename == str(path)


@pytest.mark.parametrize("path", [None, 0, 3.5])
def test_a_recording_given_as_something_else_than_a_path(path: object) -> None:
    # An int opened that file descriptor (and closed it).
    with pytest.raises(ArgumentTypeError, match="a recording is a file's path"):
        MibView.from_snmprec(path)  # type: ignore[arg-type]


def test_demo_dataset_is_a_realistic_device() -> None:
    view = MibView.from_snmprec(DEMO)
    assert 3000 <= len(view) <= 10000
    kinds = {type(view[oid]) for oid in view.oids()}
    assert kinds == {
        Integer,
        OctetString,
        Null,
        ObjectIdentifier,
        IpAddress,
        Counter32,
        Gauge32,
        TimeTicks,
        Opaque,
        Counter64,
    }
    for subtree in (
        "1.3.6.1.2.1.1.",
        "1.3.6.1.2.1.2.2.1.",
        "1.3.6.1.2.1.31.1.1.1.",
        "1.3.6.1.2.1.4.20.1.",
        "1.3.6.1.2.1.25.2.3.1.",
        "1.3.6.1.2.1.25.3.2.1.",
        "1.3.6.1.2.1.25.4.2.1.",
    ):
        assert any(oid.startswith(subtree) for oid in view.oids()), subtree
    assert int(view["1.3.6.1.2.1.2.1.0"].value) >= 24  # type: ignore[arg-type]


def test_plain_values_duplicates_and_updates() -> None:
    view = MibView(
        {"1.3.6.1.2.1.1.7.0": 72, "1.3.6.1.2.1.1.5.0": "sw1", ".1.3.6.1.2.1.1.6.0": b"rack"}
    )
    assert view.oids() == ["1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.7.0"]
    assert (
        view["1.3.6.1.2.1.1.7.0"] == Integer(72)
        and "1.3.6.1.2.1.1.5.0" in view
        and "1.3.6.1" not in view
    )
    view["1.3.6.1.2.1.1.4.0"] = OctetString("noc")
    view["1.3.6.1.2.1.1.7.0"] = Integer(4)
    assert (
        view.oids()[0] == "1.3.6.1.2.1.1.4.0"
        and view["1.3.6.1.2.1.1.7.0"] == Integer(4)
        and len(view) == 4
    )
    with pytest.raises(KeyError):
        view["1.3.6.1.2.1.1.8.0"]
    with pytest.raises(ValueError, match="duplicate"):
        MibView({"1.3.6.1.2.1.1.5.0": 1, ".1.3.6.1.2.1.1.5.0": 2})
    with pytest.raises(TypeError):
        MibView({"1.3.6.1.2.1.1.5.0": 1.5})  # type: ignore[dict-item]


def test_getters_are_called_when_served() -> None:
    ticks = iter(range(100, 1000, 100))
    view = MibView({"1.3.6.1.2.1.1.3.0": lambda: TimeTicks(next(ticks))})
    assert view["1.3.6.1.2.1.1.3.0"] == TimeTicks(100)
    assert view["1.3.6.1.2.1.1.3.0"] == TimeTicks(200)


def test_writable_prefixes() -> None:

    view = MibView({"1.3.6.1.2.1.1.5.0": "sw1", "1.3.6.1.2.1.2.1.0": 3}, writable=["1.3.6.1.2.1.1"])
    assert view.writable(core.oid_key("1.3.6.1.2.1.1.5.0"))
    assert not view.writable(core.oid_key("1.3.6.1.2.1.2.1.0"))
    assert not MibView({}).writable(core.oid_key("1.3.6.1.2.1.1.5.0"))


#: A recording as real devices give them: CRLF and LF lines, indented comments, blank
#: lines of spaces, non-UTF-8 octets, records out of OID order, the same OID twice (the
#: first record is served, as snmpsim serves it), white space around records, no final
#: newline.
RECORDING = (
    b"# recorded from a switch\r\n"
    b"1.3.6.1.2.1.2.2.1.7.1|2|1\r\n"
    b"   \r\n"
    b"  # an indented comment\n"
    b"1.3.6.1.2.1.1.1.0|4|caf\xe9 \xff\xfe\x80 Gr\xfc\xdfe\r\n"
    b"\n"
    b"1.3.6.1.2.1.2.2.1.7.1|4|\r\n"
    b"\t.1.3.6.1.2.1.1.5.0|4|sw1 \xa0   \r\n"
    b"1.3.6.1.2.1.1.3.0|67|42\n"
    b"1.3.6.1.2.1.1.5.0|4|renamed\n"
    b"1.3.6.1.2.1.2.2.1.2.1|4x|6574683000ff"
)
SERVED: dict[str, TypedValue] = {
    "1.3.6.1.2.1.1.1.0": OctetString(b"caf\xe9 \xff\xfe\x80 Gr\xfc\xdfe"),
    "1.3.6.1.2.1.1.3.0": TimeTicks(42),
    "1.3.6.1.2.1.1.5.0": OctetString(b"sw1"),
    "1.3.6.1.2.1.2.2.1.2.1": OctetString(b"eth0\x00\xff"),
    "1.3.6.1.2.1.2.2.1.7.1": Integer(1),
}


def test_snmprec_is_read_as_snmpsim_reads_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "device.snmprec"
    path.write_bytes(RECORDING)
    with caplog.at_level(logging.WARNING, logger="anysnmp.agent"):
        view = MibView.from_snmprec(path)
    assert view.oids() == sorted(SERVED, key=lambda oid: [int(arc) for arc in oid.split(".")])
    assert {oid: view[oid] for oid in view.oids()} == SERVED
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == [
        f"{path}:7: OID 1.3.6.1.2.1.2.2.1.7.1 again: the record of line 2 is served",
        f"{path}:10: OID 1.3.6.1.2.1.1.5.0 again: the record of line 8 is served",
    ]


def test_many_records_of_oids_recorded_before_are_counted_not_each_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A real recording (snmpsim-data's huawei-unknown-002) has 65,917 records of OIDs
    recorded before: a line each for the first ones, then one line saying how many more."""
    rows = range(1, DUPLICATES_LOGGED + 4)
    path = tmp_path / "rewalked.snmprec"
    path.write_text("".join(f"1.3.6.1.2.1.2.2.1.1.{i}|2|{i}\n" for i in [*rows, *rows]))
    with caplog.at_level(logging.WARNING, logger="anysnmp.agent"):
        view = MibView.from_snmprec(path)
    assert len(view) == len(rows)
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings[: DUPLICATES_LOGGED + 1 : DUPLICATES_LOGGED] == [
        f"{path}:{len(rows) + 1}: OID 1.3.6.1.2.1.2.2.1.1.1 again: the record of line 1 is served",
        f"{path}: 3 more records of OIDs recorded before: the first record of each is served",
    ]
    assert len(warnings) == DUPLICATES_LOGGED + 1


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"1.3.6.1.2.1.1.6.0|2|notanumber", "bad value for tag 2"),
        (b"1.3.6.1.2.1.1.6.0 4 text", "not an snmprec record"),
        (b"|4|no OID", "not an snmprec record"),
        (b"1.3.6.1.2.1.1.6.0||no tag", "not an snmprec record"),
        (
            b"1.3.6.1.2.1.1.6.0|4:sql|snmprec",
            r"snmpsim's variation module 'sql' is not supported \(anysnmp serves numeric, "
            r"writecache, error, delay\): record this OID without it \(OID\|TAG\|VALUE\)",
        ),
        (b"1.3.6.1.2.1.99.4294967296|2|1", "OID arc exceeds 2\\^32-1"),
        (b"1.3.6.1.2.1.1.6.0|64x|0a0000", r"bad value for tag 64x: .* \(len 3 != 4\)"),
        (b"1.3.6.x.1|4|bad OID", "malformed OID"),
        (b"1.3.6.1.2.1.1.6.0|4x|\xff\xfe", "bad value for tag 4x"),
        (b"1.3.6.1.2.1.1.6.0|4e|a\\qb", r"bad value for tag 4e: bad escape '\\\\qb'"),
        (b"1.3.6.1.2.1.1.6.0|4e|cut \\x4", "bad value for tag 4e: bad escape"),
        (b"1.3.6.1.2.1.1.6.0|64|1.2.3", "bad value for tag 64: .* Expected 4 octets"),
        # Longer than an SNMP message holds (no message holds it, even over TCP).
        (b"1.3.6.1.2.1.1.6.0|4|" + b"a" * 65536, "tag 4: OctetString of 65536 octets: at most"),
        (b"1.3.6.1.2.1.1.6.0|68x|" + b"00" * 65536, "tag 68x: Opaque of 65536 octets"),
    ],
)
def test_snmprec_errors_name_the_file_and_line(tmp_path: Path, line: bytes, reason: str) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_bytes(b"# comment\r\n\r\n1.3.6.1.2.1.1.5.0|4|ok\r\n" + line + b"\r\n1.3.6.1|2|1\n")
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}:4: .*{reason}") as info:
        MibView.from_snmprec(path)
    assert isinstance(info.value, SnmpError) and isinstance(info.value, ValueError)


def test_a_byte_order_mark_opening_a_recording_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "notepad.snmprec"
    path.write_bytes(b"\xef\xbb\xbf" + RECORDING)
    view = MibView.from_snmprec(path)
    assert {oid: view[oid] for oid in view.oids()} == SERVED
    path.write_bytes(b"1.3.6.1.2.1.1.5.0|4|ok\n\xef\xbb\xbf1.3.6.1|2|1\n")  # only the file's start
    with pytest.raises(RecordingError, match=":2: malformed OID"):
        MibView.from_snmprec(path)


@pytest.mark.anyio
async def test_a_recording_is_served_as_recorded(tmp_path: Path) -> None:
    path = tmp_path / "device.snmprec"
    path.write_bytes(RECORDING)
    async with Agent([("127.0.0.1", 0)], CommandResponder(MibView.from_snmprec(path))) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, timeout=5) as session:
            walked = [item async for item in session.fetch("1.3.6")]
    assert walked == [(oid, value.value) for oid, value in SERVED.items()]


def test_a_bz2_recording_is_read_decompressed(tmp_path: Path) -> None:
    """snmpsim serves ``.snmprec.bz2`` files (most of snmpsim-data's devices) as their text."""
    path = tmp_path / "device.snmprec.bz2"
    path.write_bytes(bz2.compress(RECORDING))
    view = MibView.from_snmprec(path)
    assert {oid: view[oid] for oid in view.oids()} == SERVED
    path.write_bytes(bz2.compress(b"1.3.6.1.2.1.1.5.0|4|ok\n1.3.6.1.2.1.1.6.0|2|x\n"))
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}:2: bad value for tag 2"):
        MibView.from_snmprec(path)


@pytest.mark.parametrize(
    "data",
    [RECORDING, bz2.compress(RECORDING)[:-10]],  # not bz2; cut short
)
def test_a_bz2_recording_that_is_not_one_is_named(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "device.snmprec.bz2"
    path.write_bytes(data)
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}: cannot read") as info:
        MibView.from_snmprec(path)
    assert isinstance(info.value, OSError)


def _zeros_bz2(size: int) -> bytes:
    """`size` NUL octets bz2-compressed (a few hundred octets), compressed a MiB at a time."""
    compressor = bz2.BZ2Compressor()
    chunks = [compressor.compress(bytes(1 << 20)) for _ in range(size >> 20)]
    return b"".join(chunks) + compressor.flush()


@pytest.mark.parametrize("name", ["zeros.snmprec", "bomb.snmprec.bz2"])
def test_a_line_longer_than_any_record_is_not_read_whole(tmp_path: Path, name: str) -> None:
    """/dev/zero, or a small .bz2 expanding to one line, was read as one endless line (4 GB
    in 9 s): reading stops past MAX_LINE, the line named (16 MiB here, no newline)."""
    path = tmp_path / name
    if name.endswith(".bz2"):
        path.write_bytes(_zeros_bz2(16 << 20))
    else:
        path.touch()
        os.truncate(path, 16 << 20)  # sparse: NULs read, none stored
    tracemalloc.start()
    try:
        with pytest.raises(RecordingError) as info:
            read_snmprec(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(info.value).startswith(
        f"{path}:1: a line longer than {MAX_LINE} octets is no snmprec record: "
        f"{bytes(80)!r}... (NUL octets: not a text file)"
    )
    assert peak < 4 * MAX_LINE


def test_a_line_as_long_as_max_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.snmprec"
    record = b"1.3.6.1.2.1.1.1.0|4|" + b"a" * 65535
    path.write_bytes(record + b" " * (MAX_LINE - len(record)) + b"\n1.3.6.1|2|1")
    assert read_snmprec(path)["1.3.6.1.2.1.1.1.0"] == OctetString(b"a" * 65535)


def test_a_binary_file_is_said_to_be_no_text(tmp_path: Path) -> None:
    path = tmp_path / "program.snmprec"
    elf = b"\x7fELF\x02\x01\x01"
    path.write_bytes(elf + bytes(200) + b"\n|x|y\n")
    with pytest.raises(RecordingError) as info:
        read_snmprec(path)
    assert str(info.value) == (
        f"{path}:1: not an snmprec record (OID|TAG|VALUE): "
        f"{elf + bytes(73)!r}... (NUL octets: not a text file)"
    )


def test_records_hold_the_keys_a_view_orders_them_by(tmp_path: Path) -> None:
    """A recording's view is made of its records' keys, computed once (_from_records): the
    very view of its values (a duplicate, a variation and every tag of RECORDING)."""
    path = tmp_path / "device.snmprec"
    path.write_bytes(
        RECORDING + b"\n1.3.6.1.2.1.1.3.1|67:numeric|rate=100\n1.3.6.1.2.1.1.9|6|1.3.6"
    )
    records = snmprec_records(path)
    values = read_snmprec(path)

    def same(value: object) -> object:  # a variation is a new one at each reading
        return type(value) if callable(value) else value

    assert {oid: (key, same(value)) for oid, (key, value) in records.items()} == {
        oid: (core.oid_key(oid), same(value)) for oid, value in values.items()
    }
    view, expected = MibView._from_records(records), MibView(values)
    assert (view.keys, view.tags) == (expected.keys, expected.tags)
    assert list(map(same, view.entries)) == list(map(same, expected.entries))


def test_lines_are_read_whole_across_the_pieces_of_a_file(tmp_path: Path) -> None:
    """Lines are split from pieces of the file: those crossing a piece's end (CRLF ones, a
    last one without a newline) are read whole."""
    lines = [f"1.3.6.1.4.1.9.{i}|4x|{'ab' * (i * 997)}".encode() for i in range(1, 66)]
    path = tmp_path / "long.snmprec"
    path.write_bytes(b"\r\n".join(lines))
    assert read_snmprec(path) == dict(parse_snmprec_line(line) for line in lines)


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_recording_runs_no_garbage_collection(tmp_path: Path, enabled: bool) -> None:
    """Its records are kept, no garbage: the collector, paused while they are read (it went
    over them again and again: 29 collections here), is left as it was (enabled, it goes
    over them once, at its next allocation)."""
    path = tmp_path / "many.snmprec"
    path.write_text("".join(f"1.3.6.1.2.1.2.2.1.10.{i}|65|{i}\n" for i in range(20_000)))
    collections: list[str] = []

    def count(phase: str, info: dict[str, int]) -> None:
        collections.append(phase)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(count)
    try:
        assert len(read_snmprec(path)) == 20_000
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(count)
        (gc.enable if was else gc.disable)()
    assert collections.count("start") <= enabled
