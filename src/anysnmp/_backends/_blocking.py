"""Blocking UDP: threads take turns reading the socket, each waits on its own lock.

No event loop: a request's thread sends and, when no other thread is reading,
reads the socket itself with a blocking ``recv`` bounded by its deadline
(SO_RCVTIMEO, so a reply costs one system call). Requests of other threads
meanwhile wait on a lock of their own, with their own deadline; the reader
routes their datagrams to them and releases their locks, and hands the
reading over to one of them when it leaves (leader/follower).

Who reads is claimed in `core.BlockingUdp`, with the GIL held. On a
session's own (connected) socket, a request whose thread finds no reader runs
whole there (send, recv with the GIL released, decode: one C++ call), still
as the reader that routes other threads' datagrams through `_route_other`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .._codec import core
from .._errors import network_error
from .._transport import RECV_BUFFER_SIZE, SockAddr, udp_text
from ._udp import (
    Pending,
    UdpEndpoint,
    closed_error,
    decode_reply,
    log_malformed,
    random_ids,
)

__all__ = ("BlockingUdpEndpoint", "SentAhead")

T = TypeVar("T")


class SentAhead:
    """A request's first attempt, sent before its answer is waited for (`send_ahead`).

    ``exchange(..., sent=it)`` waits for its answer; `forget` drops it unanswered
    (its id then routes nowhere: a late reply is dropped).
    """

    __slots__ = ("_ids", "key", "pending")

    def __init__(self, ids: dict[int, Pending], pending: Pending, key: int) -> None:
        self._ids = ids
        self.pending = pending
        self.key = key

    def forget(self) -> None:
        """Stops routing replies to it (the walk that sent it stopped before its answer)."""
        self._ids.pop(self.key, None)


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
        # The requests waiting while another thread reads the socket.
        self._followers: set[Pending] = set()
        # Who reads is claimed there; on a connected socket it runs whole requests.
        self._io = core.BlockingUdp(
            sock.fileno(),
            peer,
            RECV_BUFFER_SIZE,
            self._pending,
            random_ids,
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
            reading = self._io.reading
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
        sent: SentAhead | None = None,
    ) -> T | None:
        """Sends ``encode(request_id)`` until ``decode(reply, request_id)`` accepts a reply.

        Each attempt has a fresh request id and waits `timeout` seconds;
        replies to earlier attempts still count. Returns None once every
        attempt timed out. With `sent` (`send_ahead`'s), the first attempt is
        that one, waited for `timeout` seconds from now.
        """
        if self.closed:
            if sent is not None:
                sent.forget()
            raise closed_error()
        if self._solo and policer is None:
            # The whole request in one C++ call, unless another thread reads.
            try:
                if sent is None:
                    answer: Any = self._io.exchange(encode, decode, timeout, attempts)
                else:
                    answer = self._io.exchange(
                        encode, decode, timeout, attempts, sent.pending, sent.key
                    )
            except OSError as exc:
                raise network_error(exc, f"cannot send to {udp_text(addr)}") from None
            finally:
                if self._followers or self.closed:
                    self._hand_over()
            if answer is not NotImplemented:
                if answer is None and self.closed:
                    raise closed_error()
                return answer  # type: ignore[no-any-return]
        pending = Pending(addr) if sent is None else sent.pending
        queue = pending.queue
        keys = [] if sent is None else [sent.key]
        try:
            for attempt in range(attempts):
                if attempt or sent is None:
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

    def send_ahead(
        self, addr: SockAddr, encode: Callable[[int], bytes], policer: Any = None
    ) -> SentAhead | None:
        """Sends a request's first attempt now, its answer waited for by ``exchange(..., sent)``.

        None when nothing was sent: the endpoint is closed, or the send failed (the
        request's `exchange` then sends it, and meets the error in its turn).
        """
        if self.closed:
            return None
        pending = Pending(addr)
        if self._solo and policer is None:  # the C++ send
            key = self._io.send_ahead(pending, encode)
            return None if key is None else SentAhead(self._pending, pending, key)
        key = self.new_request_id(pending)
        try:
            data = encode(key)
            if policer is not None:
                policer.wait_blocking()
            self.try_send(data, addr)
        except Exception:  # raised again by the request's exchange, in its place
            del self._pending[key]
            return None
        return SentAhead(self._pending, pending, key)

    def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends a datagram that takes no answer (the socket blocks until it has room)."""
        self.try_send(data, addr)

    def _wait(self, pending: Pending) -> bool:
        """Waits for a datagram for `pending`, or a turn to read; False once its deadline passed."""
        with self._lock:
            if self.closed:
                raise closed_error()
            if pending.queue:
                return True
            left = pending.due - time.monotonic()
            if left <= 0:
                return False
            reading = self._io.claim()
            if not reading:
                pending.waiter = waiter = threading.Lock()
                waiter.acquire()
                self._followers.add(pending)
                # A reader that left meanwhile saw this follower, or this claim succeeds.
                if reading := self._io.claim():
                    pending.waiter = None
                    self._followers.discard(pending)
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
            self._io.release()
            self._hand_over()

    def _hand_over(self) -> None:
        """After a reader left: wakes a follower to read next; closes the socket if closing.

        The reader checks for followers after it stopped reading, and a new follower
        claims the reading after it joined them: one of the two sees the other.
        """
        with self._lock:
            if self._io.reading:  # a new reader: it hands over in turn
                return
            for follower in self._followers:
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
