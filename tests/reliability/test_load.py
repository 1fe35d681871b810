"""Load: many agents through one Manager, lossy agents, request-id quality."""

from __future__ import annotations

import array
import gc
import os
import random
import sys

import anyio
import pytest

from anysnmp import Agent, CommandResponder, Manager, MibView, OctetString, SnmpSession
from anysnmp._agent import Request
from anysnmp._backends._udp import UdpEndpoint, random_ids

pytestmark = pytest.mark.anyio

AGENTS, OIDS_PER_AGENT = 1000, 10
OIDS = [f"1.3.6.1.4.1.99999.{i}.0" for i in range(OIDS_PER_AGENT)]


def expected(port: int, oid: str) -> bytes:
    return f"{port}/{oid}".encode()


class PerPort:
    """Our CommandResponder, one per bound port, each serving port-specific values.

    With `loss`, drops that fraction of the requests (seeded, so reproducible).
    """

    def __init__(self, loss: float = 0.0) -> None:
        self.responders: dict[int, CommandResponder] = {}
        self.loss = loss
        self.random = random.Random(8)
        self.dropped = 0

    def answer(self, request: Request) -> bytes | None:
        if self.loss and self.random.random() < self.loss:
            self.dropped += 1
            return None
        port = request.local[1]
        responder = self.responders.get(port)
        if responder is None:
            view = MibView({oid: OctetString(expected(port, oid)) for oid in OIDS})
            responder = self.responders[port] = CommandResponder(view)
        return responder.respond(request.data)

    async def __call__(self, request: Request) -> None:
        reply = self.answer(request)
        if reply is not None:
            await request.reply(reply)


async def poll_all(manager: Manager, ports: list[int]) -> None:
    """Gets every OID of every agent, all requests in flight at once; checks each answer.

    The timeout is longer than a round takes on a loaded host (12 s at load 12): a timeout
    shorter than that resends every request still queued, in bursts of thousands that one
    socket's buffer (net.core.rmem_max) cannot hold, and the resends are lost in turn. With
    5 s and 3 retries a CI run at load 9 lost 84 requests 4 times over; with 2 s and 9, the
    kernel dropped 110,000 datagrams at load 12 and requests timed out. With 20 s it dropped
    88 and every request was answered.
    """
    results: dict[tuple[int, str], object] = {}
    sessions = [SnmpSession("127.0.0.1", p, manager=manager, timeout=20, retries=3) for p in ports]

    async def one(s: SnmpSession, port: int, oid: str) -> None:
        results[(port, oid)] = await s.get(oid)

    async with anyio.create_task_group() as tg:
        for s in sessions:
            await s.__aenter__()
        for s, port in zip(sessions, ports, strict=True):
            for oid in OIDS:
                tg.start_soon(one, s, port, oid)
    for s in sessions:
        await s.__aexit__(None, None, None)
    assert len(results) == len(ports) * OIDS_PER_AGENT
    assert all(value == expected(port, oid) for (port, oid), value in results.items())


async def test_ten_thousand_requests_to_a_thousand_agents_through_one_manager() -> None:
    async with Agent([("127.0.0.1", 0)] * AGENTS, PerPort()) as agent:
        ports = [port for _, port in agent.addresses]
        async with Manager(("127.0.0.1", 0), recv_buffer=4 << 20) as manager:
            with anyio.fail_after(300):
                await poll_all(manager, ports)  # the first round warms caches and pools
                gc.collect()
                before = sys.getallocatedblocks()
                await poll_all(manager, ports)
                gc.collect()
                growth = sys.getallocatedblocks() - before
            assert not manager.endpoint._pending
    # Memory stays flat: after a second round of 10,000 requests the Python heap holds
    # fewer than 1,000 more blocks, one per session of the round (a leaked request slot or
    # response would leave at least one block per request: 10,000). The rounds after it
    # leave it where the second left it (4-32 blocks on 3.10, 3.11 and 3.13, both loops).
    assert growth < 1000


async def test_retries_recover_every_request_from_a_lossy_agent() -> None:
    lossy = PerPort(loss=0.05)
    async with Agent([("127.0.0.1", 0)] * 10, lossy) as agent:
        ports = [port for _, port in agent.addresses]
        async with Manager(("127.0.0.1", 0)) as manager:
            results: dict[tuple[int, str], object] = {}

            async def one(port: int, oid: str) -> None:
                async with SnmpSession(
                    "127.0.0.1", port, manager=manager, timeout=0.25, retries=5
                ) as s:
                    for i in range(10):
                        results[(port, f"{oid}/{i}")] = await s.get(oid)

            with anyio.fail_after(60):
                async with anyio.create_task_group() as tg:
                    for port in ports:
                        for oid in OIDS:
                            tg.start_soon(one, port, oid)
            assert not manager.endpoint._pending
    assert len(results) == 10 * OIDS_PER_AGENT * 10
    assert all(
        value == expected(port, key.rsplit("/", 1)[0]) for (port, key), value in results.items()
    )
    assert lossy.dropped > 0  # the loss happened, and every request still completed


# Python 3.12+ warns of a fork while the worker has threads (earlier tests' idle anyio
# workers); the child only draws ids and leaves with os._exit.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_draws_ids_of_its_own() -> None:
    random_ids.next()  # the buffer the child inherits is filled
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: 64 ids to the parent, then out
        try:
            os.write(write, array.array("I", [random_ids.next() for _ in range(64)]).tobytes())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        child = array.array("I", pipe.read()).tolist()
    os.waitpid(pid, 0)
    parent = [random_ids.next() for _ in range(64)]
    assert len(child) == 64 and not set(child) & set(parent)


def test_request_ids_are_unique_while_outstanding_and_random() -> None:
    endpoint = UdpEndpoint.__new__(UdpEndpoint)
    endpoint._pending = {}
    slot = object()
    draws = 1_000_000
    ids = [endpoint.new_request_id(slot) for _ in range(draws)]  # type: ignore[arg-type]
    # No two outstanding requests ever share an id, and 0 is never used.
    assert len(set(ids)) == draws and 0 not in endpoint._pending
    assert all(0 < i < 2**31 for i in ids)
    # Raw draws behave like independent uniform 31-bit values: the number of
    # repeats among 1,000,000 is near the birthday expectation n^2 / 2^32
    # (~233), which a counter (0) or a weak generator would miss by far.
    raw = [random_ids.next() for _ in range(draws)]
    repeats = draws - len(set(raw))
    assert 120 < repeats < 380
    top_bits = sum(i >> 30 for i in raw)
    assert abs(top_bits - draws / 2) < 5 * (draws**0.5) / 2
