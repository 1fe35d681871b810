"""Blocking UDP: threads take turns reading the socket, each waits on its own lock.

No event loop: a request's thread sends and, when no other thread is reading,
reads the socket itself with a blocking ``recv`` bounded by its deadline
(SO_RCVTIMEO, so a reply costs one system call). Requests of other threads
meanwhile wait on a lock of their own, with their own deadline; the reader
routes their datagrams to them and releases their locks, and hands the
reading over to one of them when it leaves (leader/follower).

On a session's own (connected) socket, a request whose thread finds no reader
runs whole in `core.BlockingUdp` (send, recv with the GIL released, decode:
one C++ call), still as the reader that routes other threads' datagrams.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .._codec import core
from .._errors import ClosedError, network_error
from .._transport import RECV_BUFFER_SIZE, SockAddr, address_of
from ._udp import CLOSED, Pending, UdpEndpoint, decode_reply, log_malformed, random_ids

__all__ = ("BlockingUdpEndpoint",)

T = TypeVar("T")

#: The reader of a request that `core.BlockingUdp` runs whole.
_ALONE = Pending(("", 0))


class BlockingUdpEndpoint(UdpEndpoint):
    """A UDP socket shared by the requests of any number of threads.

    `exchange` runs one request to its end in the calling thread: it sends,
    waits, re-sends after a timeout, and returns the first reply its
    `decode` accepts (None once every attempt timed out).
    """

    def __init__(self, sock: socket.socket, peer: SockAddr | None = None) -> None:
        """Takes ownership of `sock` (made blocking); with `peer`, talks to that address only."""
        super().__init__(sock, peer)
        sock.setblocking(True)
        self._lock = threading.Lock()
        # The request whose thread reads the socket, and those waiting meanwhile.
        self._reader: Pending | None = None
        self._followers: set[Pending] = set()
        self._io = core.BlockingUdp(
            sock.fileno(),
            peer,
            RECV_BUFFER_SIZE,
            self._pending,
            random_ids.next,
            self._route_other,
            log_malformed,
        )
        # One C++ call per request when this thread reads alone (a connected socket:
        # the kernel checks the source address).
        self._solo = peer is not None

    def close(self) -> None:
        """Closes the socket; requests still waiting in other threads raise `ClosedError`."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            self._io.closed = True
            reading = self._reader is not None
            for pending in list(self._followers):
                self._wake(pending)
        if reading:
            # Wakes the reader's blocking recv (Linux); the reader then closes the socket.
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RD)
            return
        self.sock.close()

    def __enter__(self) -> BlockingUdpEndpoint:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
    ) -> T | None:
        """Sends ``encode(request_id)`` until ``decode(reply, request_id)`` accepts a reply.

        Each attempt has a fresh request id and waits `timeout` seconds;
        replies to earlier attempts still count. Returns None once every
        attempt timed out.
        """
        if self.closed:
            raise ClosedError(CLOSED)
        if self._solo and policer is None:
            with self._lock:
                alone = self._reader is None and not self.closed
                if alone:
                    self._reader = _ALONE
            if alone:  # this thread reads: the whole request in one C++ call
                try:
                    answer: T | None = self._io.exchange(encode, decode, timeout, attempts)
                except OSError as exc:
                    raise network_error(exc, f"cannot send to {address_of(addr)}") from None
                finally:
                    self._stop_reading()
                if answer is None and self.closed:
                    raise ClosedError(CLOSED)
                return answer
        pending = Pending(addr)
        queue = pending.queue
        keys = []
        try:
            for _ in range(attempts):
                key = self.new_request_id(pending)
                keys.append(key)
                data = encode(key)
                if policer is not None:
                    policer.wait_blocking()
                self.try_send(data, addr)
                pending.due = time.monotonic() + timeout
                while True:
                    if not queue:
                        if not self._wait(pending):
                            break
                        continue
                    result = decode_reply(decode, queue.popleft(), addr)
                    if result is not None:
                        return result
            return None
        finally:
            with self._lock:
                for key in keys:
                    del self._pending[key]

    def _wait(self, pending: Pending) -> bool:
        """Waits for a datagram for `pending`, or a turn to read; False once its deadline passed."""
        with self._lock:
            if self.closed:
                raise ClosedError(CLOSED)
            if pending.queue:
                return True
            left = pending.due - time.monotonic()
            if left <= 0:
                return False
            reading = self._reader is None
            if reading:
                self._reader = pending
            else:
                pending.waiter = waiter = threading.Lock()
                waiter.acquire()
                self._followers.add(pending)
        if reading:
            self._read(pending, left)
        elif not waiter.acquire(timeout=left):
            with self._lock:  # timed out, unless released meanwhile
                if pending.waiter is waiter:
                    pending.waiter = None
                    self._followers.discard(pending)
        return True

    def _read(self, pending: Pending, left: float) -> None:
        """As the reader: receives until a datagram for `pending` came or `left` passed."""
        try:
            self._io.set_receive_timeout(left)  # most reads then cost one recv
            while not self.closed:
                routed = self._receive()
                if routed is pending or routed is False:
                    return
                if routed is not None:
                    with self._lock:
                        self._wake(routed)
        finally:
            self._stop_reading()

    def _stop_reading(self) -> None:
        """Hands the reading over to a waiting thread; closes the socket if the endpoint closed."""
        with self._lock:
            self._reader = None
            for follower in self._followers:  # one of them reads next
                self._wake(follower)
                break
            closing = self.closed
        if closing:
            self.sock.close()

    def _route_other(self, data: bytes) -> None:
        """Queues a datagram the reading request got for another one, and wakes its thread."""
        routed = self.route(data, self._peer)  # type: ignore[arg-type]
        if routed is not None:
            with self._lock:
                self._wake(routed)

    def _wake(self, pending: Pending) -> None:
        """Releases `pending`'s waiting thread (the endpoint's lock held)."""
        waiter = pending.waiter
        if waiter is not None:
            pending.waiter = None
            self._followers.discard(pending)
            waiter.release()
