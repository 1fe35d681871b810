"""What a demanding manager or an attacker meets at our agent: getters that keep failing."""

from __future__ import annotations

import logging
from itertools import count

import pytest
from agent_helpers import serve

from anysnmp import ErrorStatusError, MibView, SnmpSession
from anysnmp._responder import GETTER_LOG_INTERVAL

pytestmark = pytest.mark.anyio

SENSOR, FAN = "1.3.6.1.4.1.9.2.0", "1.3.6.1.4.1.9.3.0"


async def test_a_failing_getter_logs_its_traceback_once_then_a_line_a_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each request serving a getter that raises is genErr; the first failure of each
    getter is logged with its traceback, the later ones counted in a line at most once per
    `GETTER_LOG_INTERVAL` of the view's clock, so requests cannot flood the log."""
    calls = count(1)

    def sensor() -> int:
        raise RuntimeError(f"sensor offline {next(calls)}")

    def fan() -> int:
        raise OSError("no fan")

    now = [0.0]
    view = MibView({"1.3.6.1.4.1.9.1.0": 1, SENSOR: sensor, FAN: fan}, clock=lambda: now[0])
    # Seconds of the view's clock at each GET of the sensor.
    times = [0, 0, 0, 30, 30, GETTER_LOG_INTERVAL, GETTER_LOG_INTERVAL + 1]
    with caplog.at_level(logging.ERROR, logger="anysnmp.agent"):
        async with serve(view) as (target, responder):
            host, port = target.rsplit(":", 1)
            async with SnmpSession(host, int(port), timeout=5, retries=0) as session:
                for seconds in times:
                    now[0] = seconds
                    with pytest.raises(ErrorStatusError) as failed:
                        await session.get(SENSOR)
                    assert (failed.value.status_name, failed.value.index) == ("genErr", 1)
                with pytest.raises(ErrorStatusError) as failed:  # another getter: its own
                    await session.get_many(["1.3.6.1.4.1.9.1.0", FAN])
                assert (failed.value.status_name, failed.value.index) == ("genErr", 2)
    logged = [(r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert logged == [
        (f"getter of {SENSOR} failed", True),
        (
            f"getter of {SENSOR} failed 5 more times since its last line, the last with "
            "RuntimeError: sensor offline 6",
            False,
        ),
        (f"getter of {FAN} failed", True),
    ]
    assert "RuntimeError: sensor offline 1" in str(caplog.records[0].exc_text)
    assert "OSError: no fan" in str(caplog.records[2].exc_text)
    assert responder.stats.getter_errors == len(times) + 1
