"""snmpsim's variation modules in recordings: numeric's values of time, delay's waits, and
what is refused."""

from __future__ import annotations

import math
import re
import time
from pathlib import Path

import pytest

from anysnmp import MibView, RecordingError
from anysnmp._mibview import parse_snmprec_line
from anysnmp._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    OctetString,
    TimeTicks,
    TypedValue,
)
from anysnmp._variation import Delay, VarbindError

OID = "1.3.6.1.2.1.2.2.1.10.1"


class FakeClock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def served(tmp_path: Path, record: str, clock: FakeClock, times: list[float]) -> list[TypedValue]:
    """The values the record ``OID|record`` serves at each of `times` (seconds since the start)."""
    path = tmp_path / "numeric.snmprec"
    path.write_text(f"{OID}|{record}\n")
    start = clock.now
    view = MibView.from_snmprec(path, clock=clock)
    values = []
    for t in times:
        clock.now = start + t
        values.append(view[OID])
    return values


@pytest.mark.parametrize(
    ("record", "times", "values"),
    [
        # initial + rate * seconds since the view started (what snmpsim's recorder writes).
        (
            "67:numeric|rate=100,initial=100000000",
            [0, 1.5, 10],
            [TimeTicks(v) for v in (100000000, 100000150, 100001000)],
        ),
        ("65:numeric|rate=2.5", [0, 0.5, 4], [Counter32(0), Counter32(1), Counter32(10)]),
        # Above max: held there, or wrapped to min with wrap (max + 1 is min).
        ("65:numeric|rate=100,initial=900,max=1000", [1, 2, 30], [Counter32(1000)] * 3),
        ("65:numeric|rate=100,initial=900,max=1000,wrap=0", [2], [Counter32(1000)]),
        (
            "65:numeric|rate=100,initial=900,max=1000,wrap=1",
            [1, 2],
            [Counter32(1000), Counter32(99)],
        ),
        (
            "65:numeric|rate=1,initial=4294967290,wrap=1",
            [5, 6, 7],
            [Counter32(v) for v in (2**32 - 1, 0, 1)],
        ),
        # Below min: held there.
        ("2:numeric|rate=-10,initial=5,min=-20", [1, 3], [Integer(-5), Integer(-20)]),
        # function(T * rate) * scale + offset (+ initial); the arguments after %.
        (
            "66:numeric|function=pow%<time>%2,scale=100,offset=100,rate=150",
            [0, 2],
            [Gauge32(100), Gauge32(9000100)],
        ),
        (
            "66:numeric|function=sin,scale=1000,offset=1000,rate=0.5",
            [math.pi, 3 * math.pi],
            [Gauge32(2000), Gauge32(0)],
        ),
        ("2:numeric|function=cos,scale=10,offset=100,rate=0", [0, 50], [Integer(110)] * 2),
        # Counter64: exact beyond a float's 53 bits, up to 2^64 - 1.
        (
            "70:numeric|initial=18446744073709551000,rate=1",
            [10, 1000],
            [Counter64(18446744073709551010), Counter64(2**64 - 1)],
        ),
        # cumulative: each served value adds function(T * rate) * scale to the previous
        # (snmpsim's formula), offset accrues per second times rate, a negative step adds 0.
        ("65:numeric|rate=2,cumulative=1", [1, 2, 2], [Counter32(2), Counter32(6), Counter32(10)]),
        (
            "65:numeric|scale=0,offset=5,cumulative=1",
            [1, 3, 3],
            [Counter32(5), Counter32(15), Counter32(15)],
        ),
        (
            "65:numeric|function=cos,scale=10,cumulative=1,initial=7",
            [math.pi, 2 * math.pi],
            [Counter32(7), Counter32(17)],
        ),
        (
            "65:numeric|scale=0,offset=0.4,cumulative=1",
            [1, 2, 3],
            [Counter32(0), Counter32(0), Counter32(1)],
        ),
    ],
)
def test_numeric_values_follow_the_clock(
    tmp_path: Path, record: str, times: list[float], values: list[TypedValue]
) -> None:
    assert served(tmp_path, record, FakeClock(), times) == values


def test_numeric_atime_follows_the_wall_clock(tmp_path: Path) -> None:
    (value,) = served(tmp_path, "70:numeric|atime=1,rate=1", FakeClock(), [100])
    assert abs(value.value - (time.time() + 100)) < 5  # type: ignore[operator]


def test_numeric_deviation_stays_within_its_bounds(tmp_path: Path) -> None:
    values = served(tmp_path, "66:numeric|rate=0,initial=100,deviation=5", FakeClock(), [0] * 200)
    numbers = {value.value for value in values}
    assert numbers <= set(range(95, 106)) and len(numbers) > 3


def test_numeric_without_a_value_at_this_time_answers_gen_err(tmp_path: Path) -> None:
    path = tmp_path / "log.snmprec"
    path.write_text(f"{OID}|2:numeric|function=log,rate=1\n")
    clock = FakeClock()
    view = MibView.from_snmprec(path, clock=clock)
    with pytest.raises(
        VarbindError, match=r"answers genErr: its function at 0\.0: math domain error"
    ):
        view[OID]
    clock.now += 1
    assert view[OID] == Integer(0)


def test_plain_records_stay_stored_values(tmp_path: Path) -> None:
    path = tmp_path / "mixed.snmprec"
    path.write_text(f"1.3.6.1.2.1.1.5.0|4|sw1\n{OID}|65:numeric|rate=1\n")
    view = MibView.from_snmprec(path)
    static, dynamic = view.entries
    assert isinstance(static, bytes) and callable(dynamic)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("4:numeric|rate=1", "'numeric' serves INTEGER, Counter32, Gauge32, TimeTicks and"),
        ("65:numeric|rate=1,speed=2", "'numeric' takes no option speed"),
        ("65:numeric|rate=fast", "option rate='fast' is not a number"),
        ("65:numeric|rate=nan", "option rate='nan' is not a finite number"),
        ("65:numeric|rate", "option 'rate' is not KEY=VALUE"),
        ("65:numeric|max=4294967296", "max 4294967296 must lie within 0..4294967295"),
        ("2:numeric|min=5,max=4", "min 5 and max 4 must lie"),
        ("65:numeric|function=system", "no function 'system' in math"),
        ("65:numeric|function=__loader__", "no function '__loader__' in math"),
        ("65:numeric|function=pow", "function='pow': pow expected 2 arguments"),
        ("65:numeric|function=pow%<time>%x", "its arguments are numbers or <time>"),
        (":numeric|rate=1", "'numeric' needs a type tag (TAG:numeric)"),
        ("99:numeric|rate=1", "unsupported snmprec tag '99'"),
        # snmpsim's modules that need more than a recording, and names it does not have.
        ("4:sql|snmprec", "snmpsim's variation module 'sql' is not supported (anysnmp serves"),
        (":multiplex|dir=variation/snapshots", "snmpsim's variation module 'multiplex'"),
        ("4:subprocess|date", "snmpsim's variation module 'subprocess'"),
        ("4:notification|op=get", "snmpsim's variation module 'notification'"),
        ("4:redis|key-spaces-id=1", "snmpsim's variation module 'redis'"),
        ("2:delay|wait=soon", "option wait='soon' is not a number"),
        ("2:delay|vlist=eq:0", "option vlist='eq:0': triples of op:value:outcome"),
        ("2:delay|vlist=ne:0:100", "option vlist: 'ne' is not eq, lt or gt"),
        ("2:delay|tlist=gt:tomorrow:100", "option tlist: bad triple gt:tomorrow:100"),
        ("2:delay|value=x", "variation module 'delay': bad value"),
        ("2:delay|value=1,op=get", "variation module 'delay' takes no option op"),
        ("2:writecache|vlist=eq:1:nosuchstatus", "unknown error status 'nosuchstatus'"),
        ("2:error|op=sometimes", "option op='sometimes': get, set or any"),
        ("2:volatilecache|value=42", "an unknown variation module 'volatilecache'"),
    ],
)
def test_bad_variation_records_name_the_file_and_line(
    tmp_path: Path, record: str, reason: str
) -> None:
    path = tmp_path / "bad.snmprec"
    path.write_text(f"1.3.6.1.2.1.1.5.0|4|ok\n{OID}|{record}\n")
    with pytest.raises(RecordingError, match=rf"^{re.escape(str(path))}:2: .*{re.escape(reason)}"):
        MibView.from_snmprec(path)


def delay(record: str) -> Delay:
    _, variation = parse_snmprec_line(f"{OID}|{record}")
    assert isinstance(variation, Delay)
    return variation


def test_delay_waits_as_its_options_say() -> None:
    assert delay("2:delay|value=1").seconds(None) == 0.5  # 500 ms by default
    assert delay("4:delay|hexvalue=00127962f940,wait=800").current() == OctetString(
        b"\x00\x12\x79\x62\xf9\x40"
    )
    waits = {delay("2:delay|value=6,wait=100,deviation=200").seconds(None) for _ in range(200)}
    assert min(waits) == 0 and max(waits) <= 0.3 and len(waits) > 3  # negative waits are 0
    # A SET's wait by its value (vlist), else the default; a GET's by the time (tlist).
    chosen = delay("2:delay|vlist=eq:0:100:lt:0:1:gt:300:1000000,value=1,tlist=lt:1:7")
    assert [chosen.seconds(Integer(v)) for v in (0, -5, 5, 301)] == [0.1, 0.001, 0.5, math.inf]
    assert chosen.seconds(None) == 0.5
    # tlist: past 2013-04-01, never answered; the same before it would be the default.
    assert delay("65:delay|tlist=gt:1364860800:1000000,value=12345").seconds(None) == math.inf
    assert delay("65:delay|tlist=lt:1364860800:1000000,value=12345").seconds(None) == 0.5
    assert delay("2:delay|wait=999999,value=1").seconds(None) == 999.999
    assert delay("2:delay|wait=1000000,value=1").seconds(None) == math.inf
