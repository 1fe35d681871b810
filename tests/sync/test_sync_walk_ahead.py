"""A blocking walk asked to (``walk_plan(..., ahead=True)``) sends its next request
before handing a batch out.

The agent answers it while the caller handles the batch (a command prints it);
the request is then waited for, retried and checked as any other: timeouts counted
from the wait, replies to earlier attempts and replies another thread read meanwhile
taken, spoofed ones dropped, errors raised after the batch before them, nothing
left in flight when the caller stops early. A session of its own runs a request in
C++ (`core.BlockingUdp`); one on a `Manager`, in Python: both are run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from peers import V3_USERS
from scripted import Request, ScriptedAgent, scripted_agent, static_view
from sync_helpers import Interrupted, in_background, signal_from_another_thread

import anysnmp
from anysnmp import Agent, CommandResponder, Integer, MibView
from anysnmp._engine import LocalEngine
from anysnmp.sync import Manager, SnmpSession

ROOT = "1.3.6.1.2.1.1"
VIEW = {f"{ROOT}.{i}.0": (0x02, i) for i in range(1, 9)}
ITEMS = [(oid, value) for oid, (_, value) in VIEW.items()]
NAME = f"{ROOT}.1.0"
TIMEOUT = 0.3
serve = static_view(VIEW)

pytestmark = pytest.mark.parametrize("manager", [False, True], ids=["own-socket", "manager"])


def opened(stack: ExitStack, manager: bool, port: int, **kw: Any) -> SnmpSession:
    """A session with 127.0.0.1:`port` (max-repetitions 3), on a `Manager` if `manager`."""
    kw = {"timeout": TIMEOUT, "retries": 1, "max_repetitions": 3, **kw}
    if manager:
        kw["manager"] = stack.enter_context(Manager())
    return stack.enter_context(SnmpSession("127.0.0.1", port, **kw))


@contextmanager
def scripted(handler: Any, manager: bool, **kw: Any) -> Iterator[tuple[ScriptedAgent, SnmpSession]]:
    """A scripted agent in the background and a session with it."""
    with ExitStack() as stack:
        agent = stack.enter_context(in_background(scripted_agent(handler)))
        yield agent, opened(stack, manager, agent.port, **kw)


def ahead(s: SnmpSession) -> Iterator[list[Any]]:
    """The walk of ROOT, each next request sent before a batch is handed out."""
    return s.run_walk(s.walk_plan(ROOT, ahead=True))


def arrived(agent: ScriptedAgent, count: int) -> bool:
    """Whether the agent received `count` requests within 2 s."""
    deadline = time.monotonic() + 2
    while len(agent.requests) < count:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def on_second(answer: Any) -> Any:
    """A handler serving the view, but the walk's second request (sent ahead) with `answer`."""

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) == 2:
            await answer(agent, request)
        else:
            await serve(agent, request)

    return handler


def test_the_next_request_is_asked_while_the_caller_holds_a_batch(manager: bool) -> None:
    with scripted(serve, manager) as (agent, s):
        got = []
        for n, batch in enumerate(ahead(s), 1):
            if n < 3:
                assert arrived(agent, n + 1)
            got += batch
        # 3 + 3 + 2 and endOfMibView: none after the walk's end
        assert (got, len(agent.requests)) == (ITEMS, 3)
        assert not s._endpoint.in_flight()  # type: ignore[union-attr]


def test_only_when_asked(manager: bool) -> None:
    """The API's walks send no request ahead (for a caller that does little per batch,
    sending ahead costs CPU and saves no time)."""
    with scripted(serve, manager) as (agent, s):
        for walk in (s.walk_batches(ROOT), s.run_walk(s.walk_plan(ROOT))):
            assert next(walk) == ITEMS[:3]
            assert not s._endpoint.in_flight()  # type: ignore[union-attr]
            assert [*next(walk), *next(walk)] == ITEMS[3:]
        assert len(agent.requests) == 6


def test_its_timeout_counts_from_the_wait(manager: bool) -> None:
    """Held longer than its timeout, the answer that came meanwhile is read: no re-send."""
    with scripted(serve, manager, retries=0) as (agent, s):
        batches = ahead(s)
        assert next(batches) == ITEMS[:3]
        assert arrived(agent, 2)
        time.sleep(TIMEOUT + 0.05)
        assert [*next(batches), *next(batches)] == ITEMS[3:]
        assert len(agent.requests) == 3


async def first_only(agent: ScriptedAgent, request: Request) -> None:
    """Answers the first request alone."""
    if len(agent.requests) == 1:
        await serve(agent, request)


def test_unanswered_it_is_retried_then_times_out(manager: bool) -> None:
    with scripted(first_only, manager) as (agent, s):
        batches = ahead(s)
        assert next(batches) == ITEMS[:3]
        assert arrived(agent, 2)
        started = time.monotonic()
        with pytest.raises(anysnmp.TimeoutError, match="after 2 attempt"):
            next(batches)
        assert time.monotonic() - started > 2 * TIMEOUT - 0.05
        assert len({r.request_id for r in agent.requests[1:]}) == len(agent.requests) - 1 == 2
        assert not s._endpoint.in_flight()  # type: ignore[union-attr]


def test_a_late_reply_to_it_counts_and_a_spoofed_one_is_dropped(manager: bool) -> None:
    async def late(agent: ScriptedAgent, request: Request) -> None:
        if len(agent.requests) == 3:  # the retry: the answer to the attempt sent ahead
            first = agent.requests[1]
            spoofed = first.response([(NAME, 0x02, 99)])
            await agent.reply_from_other_port(first, spoofed)
            await agent.reply(first, first.response([], request_id=first.request_id ^ 1))
            await serve(agent, first)

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await (serve if len(agent.requests) not in (2, 3) else late)(agent, request)

    with scripted(handler, manager) as (agent, s):
        assert [oid for batch in ahead(s) for oid, _ in batch] == list(VIEW)
        # the first, the one sent ahead and its retry (answered as the first), the last
        assert len(agent.requests) == 4
        assert s._endpoint.dropped == 1 + manager  # type: ignore[union-attr]


def test_a_reply_another_thread_read_meanwhile_is_the_walks(manager: bool) -> None:
    with scripted(serve, manager, timeout=5, retries=0) as (agent, s):
        batches = ahead(s)
        assert next(batches) == ITEMS[:3]
        assert arrived(agent, 2)
        # Answered after the walk's request: this thread reads that reply first.
        thread = threading.Thread(target=s.get, args=(NAME,))
        thread.start()
        thread.join()
        started = time.monotonic()
        assert [*next(batches), *next(batches)] == ITEMS[3:]
        assert time.monotonic() - started < 2  # not waited for on the socket
        assert len(agent.requests) == 4


def vb(i: int) -> tuple[str, int, int]:
    return (f"{ROOT}.{i}.0", 0x02, i)


@pytest.mark.parametrize(
    ("answer", "printed"),
    [
        (lambda a, r: a.reply(r, r.response([], status=5)), []),  # genErr
        (lambda a, r: a.reply(r, r.response([vb(4), vb(6), vb(5)])), [vb(4), vb(6)]),
    ],
    ids=["error-status", "not-increasing"],
)
def test_an_error_in_its_answer_raises_after_the_batch_before(
    manager: bool, answer: Any, printed: list[tuple[str, int, int]]
) -> None:
    with scripted(on_second(answer), manager) as (agent, s):
        got = []
        with pytest.raises((anysnmp.ErrorStatusError, anysnmp.OidNotIncreasingError)):
            for batch in ahead(s):
                got += batch
        # and the broken answer's OIDs before the one that did not increase
        assert got == ITEMS[:3] + [(oid, value) for oid, _, value in printed]
        assert len(agent.requests) == 2  # nothing sent ahead after a broken answer
        assert not s._endpoint.in_flight()  # type: ignore[union-attr]


def test_a_walk_left_early_forgets_it(manager: bool) -> None:
    with scripted(serve, manager) as (agent, s):
        for _ in ahead(s):
            break
        assert arrived(agent, 2)
        endpoint = s._endpoint
        assert endpoint is not None and not endpoint.in_flight()
        assert s.get(NAME) == 1  # its late reply dropped, not taken for this one
        assert len(agent.requests) == 3


def test_a_walk_whose_session_closed_forgets_it(manager: bool) -> None:
    with scripted(serve, manager) as (agent, s):
        endpoint = s._endpoint
        batches = ahead(s)
        next(batches)
        assert arrived(agent, 2)
        s.close()
        with pytest.raises(anysnmp.UsageError, match="not open"):
            next(batches)
        assert endpoint is not None and not endpoint.in_flight()


def test_a_signal_ends_the_wait_for_it(manager: bool) -> None:
    with scripted(first_only, manager, timeout=30, retries=0) as (_, s):
        batches = ahead(s)
        next(batches)
        started = time.monotonic()
        with signal_from_another_thread(0.2), pytest.raises(Interrupted):
            next(batches)
        assert time.monotonic() - started < 10  # not the 30 s timeout
        assert not s._endpoint.in_flight()  # type: ignore[union-attr]


def test_a_not_in_time_window_report_to_it_resyncs_once(manager: bool) -> None:
    """The agent's clock jumps while the caller holds a batch: the request sent ahead after
    the next one is answered with a Report, and sent once more, as any request."""
    user = next(u for u in V3_USERS if u.name == "shaaes").user()
    engine_id = bytes.fromhex("8000000005") + b"walk-ahead"
    view = MibView({oid: Integer(value) for oid, (_, value) in VIEW.items()})
    responder = CommandResponder(view, users=[user], engine_id=engine_id)
    with ExitStack() as stack:
        agent = stack.enter_context(in_background(Agent([("127.0.0.1", 0)], responder)))
        s = opened(stack, manager, agent.addresses[0][1], user=user, timeout=5)
        before = responder.stats.requests
        got: list[tuple[str, Any]] = []
        for batch in ahead(s):
            if not got:
                deadline = time.monotonic() + 2
                while responder.stats.requests < before + 2 and time.monotonic() < deadline:
                    time.sleep(0.001)
                engine = responder.engine
                boots, now = engine.engine_boots, engine.engine_time
                responder.engine = LocalEngine(
                    [user], engine_id=engine_id, boots=boots, time=now + 100_000
                )
            got += batch
        assert got == ITEMS
        assert responder.engine.stats.not_in_time_windows == 1
        assert s._usm is not None and s._usm.engine_time >= 100_000
