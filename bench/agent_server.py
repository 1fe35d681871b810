"""Our CommandResponder in its own process, so its CPU is measured apart from the client.

Usage: python bench/agent_server.py [--backend asyncio|uvloop|trio] [--ports N] [--tcp]
       [--latency-ms X] (--demo | --synthetic N | --snmprec PATH)
Prints one JSON line ``{"ports": [...], "oids": n}`` once serving; serves until killed.

--latency-ms X sends every response X ms after its request arrived, as a network
round trip in front of the agent would: the response is computed at once and a
sleeping thread sends it when due, so requests keep being served (and no CPU is
spent) while others wait. See DelayedResponder.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import deque
from importlib.resources import files

import anyio
from common import SYNTHETIC_ENTRY

from anysnmp import Agent, CommandResponder, Counter32, MibView
from anysnmp.lowlevel import Request


def build_view(args: argparse.Namespace) -> MibView:
    if args.snmprec:
        return MibView.from_snmprec(args.snmprec)
    if args.synthetic:
        n = args.synthetic
        return MibView(
            {f"{SYNTHETIC_ENTRY}.{i % 10 + 1}.{i // 10 + 1}": Counter32(i) for i in range(n)}
        )
    return MibView.from_snmprec(str(files("anysnmp") / "data" / "demo.snmprec"))


class DelayedResponder:
    """A CommandResponder whose responses leave `latency` seconds after their requests arrived.

    The Agent calls `answer` inline for each datagram: the response is computed at
    once and queued with its due time, and `answer` returns None (nothing to send
    now). A sender thread sleeps until the oldest response is due and sends every
    response due by then; the latency is the same for all, so the queue is in
    due-time order. A thread rather than the event loop's timer: the loop's timers
    (asyncio, uvloop and trio alike) wait in epoll with millisecond resolution, so
    responses due a fraction of a millisecond apart would leave in one burst, which
    a network does not do; `time.sleep` wakes within ~0.1 ms. It spends no CPU
    while it waits, and the loop keeps serving requests meanwhile.
    """

    def __init__(self, responder: CommandResponder, latency: float) -> None:
        self.responder = responder
        self.latency = latency
        self.dropped = 0
        self._due: deque[tuple[float, Request, bytes]] = deque()
        self._queued = threading.Condition()
        threading.Thread(target=self._send_forever, name="delayed-sender", daemon=True).start()

    def answer(self, request: Request) -> None:
        due = time.monotonic() + self.latency
        reply = self.responder.answer(request)
        if reply is not None:
            with self._queued:
                self._due.append((due, request, reply))
                if len(self._due) == 1:
                    self._queued.notify()

    async def __call__(self, request: Request) -> None:
        self.answer(request)

    def _send_forever(self) -> None:
        due = self._due
        while True:
            with self._queued:
                while not due:
                    self._queued.wait()
                first = due[0][0]
            time.sleep(max(0.0, first - time.monotonic()))
            with self._queued:
                now = time.monotonic()
                ready = []
                while due and due[0][0] <= now:
                    ready.append(due.popleft())
            for _, request, reply in ready:
                self._send(request, reply)

    def _send(self, request: Request, reply: bytes) -> None:
        """Sends now, from this thread: `Request.reply` only suspends on a full send buffer.

        Then (or on a send error) the response is dropped, as a congested network would.
        """
        sending = request.reply(reply)
        try:
            sending.send(None)
        except StopIteration:
            return
        except Exception:  # OSError, or the event loop's wait_writable called from this thread
            pass
        else:
            sending.close()
        self.dropped += 1


async def serve(args: argparse.Namespace) -> None:
    view = build_view(args)
    ifaces = [f"{'tcp' if args.tcp else 'udp'}:127.0.0.1:0"] * args.ports
    responder = CommandResponder(view)
    handler: CommandResponder | DelayedResponder = responder
    if args.latency_ms > 0:
        handler = DelayedResponder(responder, args.latency_ms / 1000)
    async with Agent(ifaces, handler) as agent:
        print(
            json.dumps({"ports": [port for _, port in agent.addresses], "oids": len(view)}),
            flush=True,
        )
        await anyio.sleep_forever()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", default="asyncio", choices=("asyncio", "uvloop", "trio"))
    parser.add_argument("--ports", type=int, default=1)
    parser.add_argument("--tcp", action="store_true", help="listen on TCP (default: UDP)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="send each response X ms after its request arrived (default 0: at once)",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--demo", action="store_true", help="the bundled demo.snmprec (default)")
    view.add_argument(
        "--synthetic", type=int, default=0, help="N Counter32 cells in a 10-column table"
    )
    view.add_argument("--snmprec", help="an snmpsim recording")
    args = parser.parse_args()
    backend = "asyncio" if args.backend == "uvloop" else args.backend
    options = {"use_uvloop": True} if args.backend == "uvloop" else {}
    try:
        anyio.run(serve, args, backend=backend, backend_options=options)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
