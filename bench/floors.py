"""Floor rows: minimal Python loops over one UDP socket, no SNMP library in the loop.

Requests are encoded once before the clock starts (with anysnmp's codec) and
answers are received raw, not decoded: what any Python client must at least
spend on the event loop and the socket.

- e (one GET at a time): asyncio with the reader registered once and a future
  per request; trio waiting for readability per request; a blocking socket (`send`
  and `recv` bounded by SO_RCVTIMEO: two system calls per GET).
- p, p-walk, p-c1000 (N devices, C requests in flight): every answer from a
  device sends its next request (the GET, then the walk's GETBULKs, whose
  start OIDs are known from the spec's `walk_oids`), or starts the next
  device; asyncio with the reader registered once, draining the socket at each
  wake-up; trio likewise around `wait_readable`.
- p, p-walk, p-c1000 as users write it (`floor-tasks`): the pattern of
  `anysnmp-tasks` (an anyio task per device under a `CapacityLimiter`), each
  task awaiting its requests as the e floor does (a future per request, the
  reader registered once): what that pattern costs before any SNMP library.
- The same pattern with no I/O at all (`floor-pattern`): each request is a future
  resolved at the loop's next turn, no socket: what the anyio task group and
  limiter cost by themselves, a lower bound of every library's `floor-tasks`.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from typing import Any

from common import Clock
from poll_clients import POLL_SCENARIOS

Spec = dict[str, Any]

GET, GETBULK = 0xA0, 0xA5
RECV_SIZE = 65536
#: Seconds the poll floor waits for every answer before reporting the rest lost.
DEADLINE = 60.0


def _codec(spec: Spec) -> Any:
    from anysnmp._codec import core

    return core.Codec(1, spec["community"].encode())  # v2c


class PollFloor:
    """The bookkeeping of a poll floor: next request per device, devices started and done."""

    def __init__(self, spec: Spec) -> None:
        codec = _codec(spec)
        self.messages = [codec.encode_request(GET, 1, spec["get_oids"])]
        walk_oids: list[str] = spec.get("walk_oids") or []
        if spec.get("walk_root"):
            reps = spec["max_repetitions"]
            starts = [spec["walk_root"]]
            starts += [walk_oids[k * reps - 1] for k in range(1, len(walk_oids) // reps + 1)]
            self.messages += [codec.encode_request(GETBULK, 1, [o], 0, reps) for o in starts]
        self.per_device = len(spec["get_oids"]) + len(walk_oids)
        self.addrs = [(spec["host"], port) for port in spec["ports"]]
        self.device = {port: i for i, port in enumerate(spec["ports"])}
        self.steps = [0] * len(self.addrs)
        self.started = self.finished = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setblocking(False)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.clock = Clock()

    def start(self, concurrency: int) -> None:
        for _ in range(min(concurrency, len(self.addrs))):
            self._start_next()

    def _start_next(self) -> None:
        self.sock.sendto(self.messages[0], self.addrs[self.started])
        self.started += 1

    def drain(self) -> bool:
        """Handles every datagram waiting; True once every device is done."""
        recvfrom, sendto, messages, steps = (
            self.sock.recvfrom,
            self.sock.sendto,
            self.messages,
            self.steps,
        )
        last = len(messages) - 1
        while True:
            try:
                _, addr = recvfrom(RECV_SIZE)
            except BlockingIOError:
                return self.finished == len(self.addrs)
            i = self.device[addr[1]]
            step = steps[i]
            if step < last:
                steps[i] = step + 1
                sendto(messages[step + 1], addr)
            else:
                self.finished += 1
                if self.started < len(self.addrs):
                    self._start_next()

    def answer(self) -> dict[str, Any]:
        self.sock.close()
        return {
            "wall": self.clock.wall,
            "cpu": self.clock.cpu,
            "varbinds": self.finished * self.per_device,
            "devices_failed": len(self.addrs) - self.finished,
        }


async def tasks_run(spec: Spec) -> dict[str, Any]:
    """The task-per-device pattern (`poll_clients.anysnmp_tasks`) over the floor's requests."""
    loop = asyncio.get_running_loop()
    floor = PollFloor(spec)
    recvfrom, sendto, messages = floor.sock.recvfrom, floor.sock.sendto, floor.messages
    waiters: dict[int, asyncio.Future[bytes]] = {}  # by the device's port

    def readable() -> None:
        while True:
            try:
                data, addr = recvfrom(RECV_SIZE)
            except BlockingIOError:
                return
            waiter = waiters.pop(addr[1], None)
            if waiter is not None and not waiter.done():
                waiter.set_result(data)

    async def device(addr: tuple[str, int], limiter: Any) -> None:
        async with limiter:
            for message in messages:
                waiters[addr[1]] = waiter = loop.create_future()
                sendto(message, addr)
                await waiter
        floor.finished += 1

    loop.add_reader(floor.sock, readable)
    try:
        await _run_devices(floor, device, spec["concurrency"])
    finally:
        loop.remove_reader(floor.sock)
    return floor.answer()


async def pattern_run(spec: Spec) -> dict[str, Any]:
    """`tasks_run` with no I/O: each request is a future the loop resolves at its next turn.

    Nothing is sent: the varbinds it reports are the ones `tasks_run` would receive.
    """
    loop = asyncio.get_running_loop()
    floor = PollFloor(spec)
    requests = range(len(floor.messages))

    async def device(addr: tuple[str, int], limiter: Any) -> None:
        async with limiter:
            for _ in requests:
                waiter = loop.create_future()
                loop.call_soon(waiter.set_result, None)
                await waiter
        floor.finished += 1

    await _run_devices(floor, device, spec["concurrency"])
    return floor.answer()


async def _run_devices(floor: PollFloor, device: Any, concurrency: int) -> None:
    """Clocks an anyio task per device of `floor`, each `device(addr, limiter)`."""
    import anyio

    limiter = anyio.CapacityLimiter(concurrency)
    floor.clock.start()
    with anyio.move_on_after(DEADLINE):
        async with anyio.create_task_group() as tg:
            for addr in floor.addrs:
                tg.start_soon(device, addr, limiter)
    floor.clock.stop()


def _get_message(spec: Spec) -> bytes:
    return bytes(_codec(spec).encode_request(GET, 1, [spec["get_oid"]]))


def _connected(spec: Spec, blocking: bool) -> socket.socket:
    """A UDP socket (TCP in scenario t) connected to the agent: non-blocking, or blocking
    with a kernel timeout.

    The blocking one waits in `recv` itself, bounded by SO_RCVTIMEO, as gufo_snmp's
    and anysnmp's blocking clients do: a `send` and a `recv` per GET, two system
    calls (a Python socket timeout would add a poll before each).
    """
    tcp = spec.get("transport") == "tcp"  # scenario t: a reply is read whole on loopback
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
    sock.connect((spec["host"], spec["port"]))
    if blocking:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 10, 0))
    else:
        sock.setblocking(False)
    return sock


def _e_answer(clock: Clock, spec: Spec) -> dict[str, Any]:
    return {
        "wall": clock.wall,
        "cpu": clock.cpu,
        "varbinds": spec["get_count"],
        "oids": [spec["get_oid"]],
    }


async def asyncio_run(spec: Spec) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    if spec["scenario"] in POLL_SCENARIOS:
        floor = PollFloor(spec)
        done = loop.create_future()

        def readable() -> None:
            if floor.drain() and not done.done():
                done.set_result(None)

        floor.clock.start()
        loop.add_reader(floor.sock, readable)
        floor.start(spec["concurrency"])
        try:
            await asyncio.wait_for(done, DEADLINE)
        except TimeoutError:
            pass
        finally:
            loop.remove_reader(floor.sock)
        floor.clock.stop()
        return floor.answer()
    message, clock = _get_message(spec), Clock()
    with _connected(spec, blocking=False) as sock:
        waiter: asyncio.Future[bytes] | None = None

        def on_readable() -> None:
            try:
                data = sock.recv(RECV_SIZE)
            except BlockingIOError:
                return
            if waiter is not None and not waiter.done():
                waiter.set_result(data)

        loop.add_reader(sock, on_readable)
        clock.start()
        for _ in range(spec["get_count"]):
            waiter = loop.create_future()
            sock.send(message)
            await waiter
        clock.stop()
        loop.remove_reader(sock)
    return _e_answer(clock, spec)


async def trio_run(spec: Spec) -> dict[str, Any]:
    import trio

    if spec["scenario"] in POLL_SCENARIOS:
        floor = PollFloor(spec)
        floor.clock.start()
        floor.start(spec["concurrency"])
        with trio.move_on_after(DEADLINE):
            while not floor.drain():
                await trio.lowlevel.wait_readable(floor.sock)
        floor.clock.stop()
        return floor.answer()
    message, clock = _get_message(spec), Clock()
    with _connected(spec, blocking=False) as sock:
        clock.start()
        for _ in range(spec["get_count"]):
            sock.send(message)
            await trio.lowlevel.wait_readable(sock)
            sock.recv(RECV_SIZE)
        clock.stop()
    return _e_answer(clock, spec)


def blocking_run(spec: Spec) -> dict[str, Any]:
    message, clock = _get_message(spec), Clock()
    with _connected(spec, blocking=True) as sock:
        clock.start()
        for _ in range(spec["get_count"]):
            sock.send(message)
            sock.recv(RECV_SIZE)
        clock.stop()
    return _e_answer(clock, spec)
