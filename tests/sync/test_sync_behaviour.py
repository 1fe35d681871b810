"""anysnmp.sync.SnmpSession against scripted agents and our own Agent: policy, threads, hostile peers."""

from __future__ import annotations

import errno
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from scripted import Request, ScriptedAgent, answer_in_reverse, scripted_agent, static_view
from sync_helpers import Interrupted, in_background, in_threads, signal_from_another_thread

import anysnmp
from anysnmp import (
    Agent,
    CommandResponder,
    ErrorStatusError,
    MibView,
    NetworkError,
    NoSuchInstance,
    OctetString,
    RPSPolicer,
    SnmpVersion,
    User,
)
from anysnmp.lowlevel import PduType
from anysnmp.sync import Manager, SnmpSession

NAME = "1.3.6.1.2.1.1.5.0"
#: A datagram past 65507 octets: the agent named as agents and the CLI write it.
SEND_TOO_LONG = (
    rf"^\[Errno {errno.EMSGSIZE}\] cannot send to udp:127\.0\.0\.1:\d+: Message too long$"
)
ANSWER = [(NAME, 0x04, b"router")]
TIMEOUT, RETRIES = 0.3, 1
VIEW = {f"1.3.6.1.2.1.1.{i}.0": (0x02, i) for i in range(1, 9)}


@contextmanager
def scripted(handler: Any, **kw: Any) -> Iterator[tuple[ScriptedAgent, SnmpSession]]:
    """A scripted agent in the background and a blocking session with it."""
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("retries", RETRIES)
    with (
        in_background(scripted_agent(handler)) as agent,
        SnmpSession("127.0.0.1", agent.port, **kw) as s,
    ):
        yield agent, s
        assert s._endpoint is not None and not s._endpoint.in_flight()


async def answer_normally(agent: ScriptedAgent, request: Request) -> None:
    await agent.reply(request, request.response(ANSWER))


async def silent(agent: ScriptedAgent, request: Request) -> None:
    pass


@pytest.mark.parametrize("host", ["a..example", "x" * 64 + ".example"])
def test_a_host_name_with_an_empty_or_long_label_raises_resolution_error(host: str) -> None:
    """As the async session says it (the idna codec raised a bare UnicodeError)."""
    with (
        pytest.raises(anysnmp.ResolutionError, match="cannot resolve"),
        SnmpSession(host, timeout=0.2, retries=0),
    ):
        pass


def test_timeout_after_every_retry() -> None:
    with scripted(silent, retries=2) as (agent, s):
        started = time.monotonic()
        with pytest.raises(anysnmp.TimeoutError, match="after 3 attempt"):
            s.get(NAME)
        elapsed = time.monotonic() - started
        assert 3 * TIMEOUT - 0.05 < elapsed < 3 * TIMEOUT + 1.0
        assert len(agent.requests) == 3
        ids = {r.request_id for r in agent.requests}
        assert len(ids) == 3  # each attempt has a fresh request id


def test_a_retry_gets_the_answer_and_late_replies_count() -> None:
    async def answer_first_late(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) == 2:  # the retry: answer the first attempt's id now
            await agent.reply(request, agent.requests[0].response(ANSWER))

    with scripted(answer_first_late) as (agent, s):
        assert s.get(NAME) == b"router"
        assert len(agent.requests) == 2


def test_hostile_replies_are_dropped() -> None:
    async def hostile(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response(ANSWER, request_id=request.request_id ^ 1))
        await agent.reply_from_other_port(request, request.response([(NAME, 0x04, b"spoof")]))
        await agent.reply(request, request.response(ANSWER, community=b"other"))
        await agent.reply(request, b"\x30\x03\x02\x01")  # truncated garbage
        await agent.reply(request, request.response(ANSWER))

    with scripted(hostile) as (_, s):
        assert s.get(NAME) == b"router"
        assert s._endpoint is not None and s._endpoint.dropped >= 2


def test_only_spoofed_replies_time_out() -> None:
    async def spoof(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply_from_other_port(request, request.response(ANSWER))

    with scripted(spoof) as (_, s), pytest.raises(anysnmp.TimeoutError):
        s.get(NAME)


def test_a_malformed_reply_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    async def malformed_first(agent: ScriptedAgent, request: Request) -> None:
        good = request.response([(NAME, 0x40, "1.2.3.4")])  # an IpAddress, then a broken OID
        await agent.reply(
            request, good.replace(b"\x40\x04\x01\x02\x03\x04", b"\x06\x04" + b"\x80" * 4)
        )
        await agent.reply(request, request.response(ANSWER))

    with caplog.at_level(logging.DEBUG, logger="anysnmp"), scripted(malformed_first) as (_, s):
        assert s.get(NAME) == b"router"
        assert s._endpoint is not None and s._endpoint.dropped == 0
    assert "dropped a malformed reply" in caplog.text


@pytest.mark.parametrize("shared", [False, True])
def test_a_datagram_too_long_to_send_raises_network_error(shared: bool) -> None:
    view = MibView({NAME: OctetString(b"x")})
    with (
        in_background(Agent([("127.0.0.1", 0)], CommandResponder(view))) as agent,
        Manager() as manager,
        SnmpSession(*agent.addresses[0], manager=manager if shared else None) as s,
    ):
        with pytest.raises(NetworkError, match=SEND_TOO_LONG) as caught:  # over 65507 octets
            s.set_many({NAME: b"x" * 65_535, "1.3.6.1.2.1.1.6.0": b""})
        assert caught.value.errno == errno.EMSGSIZE
        assert s.get(NAME) == b"x"  # the session still works
        assert s._endpoint is not None and not s._endpoint.in_flight()


@contextmanager
def alarm(after: float) -> Iterator[None]:
    """SIGALRM in `after` seconds (to the process: its main thread, as Ctrl-C's SIGINT),
    whose handler raises `Interrupted`."""

    def interrupt(*_: Any) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, after)
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_signal_handler_that_raises_ends_a_waiting_request() -> None:
    with scripted(silent, timeout=5, retries=0) as (_, s):
        started = time.monotonic()
        with alarm(0.2), pytest.raises(Interrupted):
            s.get(NAME)
        assert time.monotonic() - started < 2  # not after the 5 s timeout
        assert s.get_many([]) == {}


def test_a_signal_during_a_table_leaves_it_without_waiting_for_its_columns() -> None:
    """Ctrl-C during table(): the caller waited for every column's timeouts (8 columns of a
    silent agent, 2 threads, 2 attempts of 1 s: 8 s); it leaves at once, and the session
    closed, no thread of the table is left."""
    with (
        in_background(scripted_agent(silent)) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=1, retries=1) as s,
    ):
        started = time.monotonic()
        with alarm(0.2), pytest.raises(Interrupted):
            s.table([f"1.3.6.1.2.1.2.2.1.{c}" for c in range(1, 9)], concurrency=2)
        assert time.monotonic() - started < 1
        # Leaving the block closes the session: the columns being walked end with it.
    workers = [t for t in threading.enumerate() if t.name.startswith("anysnmp-table")]
    for worker in workers:
        worker.join(2)
    assert not [worker for worker in workers if worker.is_alive()]


def test_a_signal_that_lands_on_another_thread_ends_a_waiting_request() -> None:
    """Its handler runs within a fraction of a second, not at the 30 s timeout (Ctrl-C)."""
    with scripted(silent, timeout=30, retries=0) as (_, s):
        started = time.monotonic()
        with signal_from_another_thread(0.2), pytest.raises(Interrupted):
            s.get(NAME)
        assert time.monotonic() - started < 10
        assert s.get_many([]) == {}


def test_error_statuses_and_pdus() -> None:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        oid = request.varbinds[0][0]
        if oid.endswith(".1.0"):
            await agent.reply(request, request.response(ANSWER, status=5, index=1))
        elif oid.endswith(".2.0"):
            await agent.reply(request, request.response([(oid, 0x81, None)]))
        else:
            data = anysnmp._codec.core.encode_message(
                1, b"public", PduType.REPORT, request.request_id, 0, 0, ANSWER
            )
            await agent.reply(request, data)

    with scripted(handler) as (_, s):
        with pytest.raises(ErrorStatusError) as info:
            s.get("1.3.6.1.2.1.1.1.0")
        assert info.value.status_name == "genErr"
        with pytest.raises(NoSuchInstance):
            s.get("1.3.6.1.2.1.1.2.0")
        with pytest.raises(anysnmp.SnmpError, match=r"Report \(1.3.6.1.2.1.1.5.0\).*user="):
            s.get("1.3.6.1.2.1.1.3.0")


def test_get_many_splits_on_too_big_and_drops_v1_no_such_name() -> None:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        oids = [oid for oid, _ in request.varbinds]
        if len(oids) > 2:
            await agent.reply(request, request.response([], status=1))  # tooBig
        elif "1.3.6.1.2.1.1.9.0" in oids:
            index = oids.index("1.3.6.1.2.1.1.9.0") + 1
            await agent.reply(request, request.response([], status=2, index=index))
        else:
            await agent.reply(request, request.response([(o, *VIEW[o]) for o in oids]))

    asked = [*VIEW, "1.3.6.1.2.1.1.9.0"]
    with scripted(handler, version=SnmpVersion.v1) as (agent, s):
        assert s.get_many(asked) == {oid: value for oid, (_, value) in VIEW.items()}
        assert max(len(r.varbinds) for r in agent.requests) == len(asked)


def test_walk_shrinks_max_repetitions_on_too_big() -> None:
    serve = static_view(VIEW)

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        if request.max_repetitions > 2:
            await agent.reply(request, request.response([], status=1))
            return
        await serve(agent, request)

    with scripted(handler, max_repetitions=8) as (agent, s):
        assert list(s.getbulk("1.3.6.1.2.1.1")) == [(o, v) for o, (_, v) in VIEW.items()]
        assert [r.max_repetitions for r in agent.requests[:3]] == [8, 4, 2]


def test_walk_ends_and_why() -> None:
    with scripted(static_view(VIEW)) as (_, s):
        plan = s.walk_plan("1.3.6.1.2.1.1", max_repetitions=3)
        batches = list(s.run_walk(plan))
        assert sum(map(len, batches)) == len(VIEW)
        assert plan.end is not None and plan.end.name == "END_OF_MIB_VIEW"
        assert plan.end_varbind == (
            "1.3.6.1.2.1.1.6.0",
            0x82,
        )  # the OID asked, as this agent answers
        inner = s.walk_plan("1.3.6.1.2.1.1.3")
        assert list(s.run_walk(inner)) == [[("1.3.6.1.2.1.1.3.0", 3)]]
        assert inner.end is not None and inner.end.name == "END_OF_SUBTREE"
        assert inner.end_varbind == ("1.3.6.1.2.1.1.4.0", 0x02)


def test_threads_share_a_session_with_requests_in_flight_together() -> None:
    """Requests of 4 threads are answered in reverse order: only concurrent waits finish."""
    oids = list(VIEW)[:4]
    results: dict[str, Any] = {}
    with scripted(answer_in_reverse(VIEW), timeout=3, retries=0) as (_, s):
        threads = [
            threading.Thread(target=lambda o=o: results.__setitem__(o, s.get(o))) for o in oids
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == {oid: VIEW[oid][1] for oid in oids}


def test_many_threads_get_their_own_answers(demo_view: MibView) -> None:
    oids = demo_view.oids()[:64]
    with (
        in_background(Agent([("127.0.0.1", 0)], CommandResponder(demo_view))) as agent,
        SnmpSession(*agent.addresses[0], timeout=5) as s,
    ):

        def work(part: list[str]) -> None:
            for _ in range(10):
                for oid in part:
                    assert s.get(oid) == demo_view[oid].value
                assert s.get_many(part) == {oid: demo_view[oid].value for oid in part}

        failures = in_threads(work, [(oids[i::8],) for i in range(8)])
        assert s._endpoint is not None and not s._endpoint.in_flight()
    assert not failures, failures[0]


def test_the_reading_is_handed_over_with_no_wait_for_a_timeout(demo_view: MibView) -> None:
    """Threads come and go as the socket's reader: one left with no reader would time out."""
    oids = demo_view.oids()[:8]
    with (
        in_background(Agent([("127.0.0.1", 0)], CommandResponder(demo_view))) as agent,
        SnmpSession(*agent.addresses[0], timeout=3, retries=0) as s,
    ):

        def work(oid: str) -> None:
            for _ in range(150):
                assert s.get(oid) == demo_view[oid].value

        failures = in_threads(work, [(oid,) for oid in oids])
        assert s._endpoint is not None and not s._endpoint.in_flight()
    assert not failures, failures[0]


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c, SnmpVersion.v3])
def test_our_agent(demo_view: MibView, version: SnmpVersion) -> None:
    user = User("plain")
    responder = CommandResponder(demo_view, communities={"public": "ro"}, users=[user])
    with (
        in_background(Agent([("127.0.0.1", 0)], responder)) as agent,
        SnmpSession(
            *agent.addresses[0],
            version=version,
            user=user if version == SnmpVersion.v3 else None,
            timeout=5,
        ) as s,
    ):
        walked = list(s.fetch("1.3.6.1.2.1.1"))
        assert walked == [
            (oid, demo_view[oid].value)
            for oid in demo_view.oids()
            if oid.startswith("1.3.6.1.2.1.1.")
        ]
        assert s.get(NAME) == b"demo-sw1.example.net"


def test_rps_policer_spaces_requests() -> None:
    with scripted(answer_normally, limit_rps=20) as (_, s):
        started = time.monotonic()
        for _ in range(5):
            s.get(NAME)
        assert time.monotonic() - started >= 4 / 20 - 0.01


def test_a_policer_without_wait_blocking_is_refused() -> None:
    class AsyncOnly(anysnmp.BasePolicer):
        async def wait(self) -> None:
            pass

    with pytest.raises(ValueError, match="wait_blocking"):
        SnmpSession("127.0.0.1", policer=AsyncOnly())
    assert isinstance(RPSPolicer(1), anysnmp.BasePolicer)


def test_closing_ends_the_requests_of_other_threads() -> None:
    errors: list[BaseException] = []
    with scripted(silent, timeout=5, retries=0) as (_, s):
        endpoint = s._endpoint
        assert endpoint is not None

        def wait() -> None:
            try:
                s.get(NAME)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=wait) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        started = time.monotonic()
        endpoint.close()
        for t in threads:
            t.join()
        assert time.monotonic() - started < 1
    assert len(errors) == 3 and all(isinstance(e, anysnmp.ClosedError) for e in errors)
