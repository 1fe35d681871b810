"""A connected TCP socket that a task reads and writes itself, with no stream object.

anyio's streams cost a message three event-loop turns, two cancel scopes and an
add and a remove of the socket's reader (two epoll_ctl); here a read is one wait
(asyncio: a reader callback registered while a task waits, which reads and hands
the octets over; trio: its `wait_readable`) and a send is the system call itself
when the socket's buffer has room. Used by the agent's connections (`_tcp_server`)
and the async sessions' (`_tcp`).
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import suppress

import anyio

__all__ = ("READ_SIZE", "TcpSocket")

#: The most one read takes from a socket.
READ_SIZE = 65536


class _Receiver:
    """What a connection's socket receives: a wait until it is readable, then a read."""

    def __init__(self, sock: socket.socket) -> None:
        import trio

        self._sock = sock
        self._fd = sock.fileno()
        self._wait = trio.lowlevel.wait_readable

    async def receive(self) -> bytes:
        """The next octets (``b""`` at the end of the stream).

        Raises:
            OSError: the connection is broken.
        """
        while True:
            await self._wait(self._fd)
            try:
                chunk: bytes = self._sock.recv(READ_SIZE)
            except BlockingIOError:
                continue
            return chunk

    def close(self) -> None:
        """Before the socket closes."""


class _AsyncioReceiver(_Receiver):
    """asyncio: the socket read by the loop's reader callback, watched from the first
    wait until one finds no task waiting (anyio's `wait_readable` registers the socket
    and unregisters it at every wait: two epoll_ctl calls and their Python)."""

    def __init__(self, sock: socket.socket, loop: asyncio.AbstractEventLoop) -> None:
        self._sock = sock
        self._fd = sock.fileno()
        self._loop = loop
        self._waiter: asyncio.Future[bytes] | None = None
        #: What the callback read while no task waited (octets, or the error).
        self._held: bytes | OSError | None = None
        self._watching = False

    async def receive(self) -> bytes:
        held = self._held
        if held is not None:
            self._held = None
            if isinstance(held, OSError):
                raise held
            return held
        if not self._watching:
            self._loop.add_reader(self._fd, self._ready)
            self._watching = True
        waiter: asyncio.Future[bytes] = self._loop.create_future()
        self._waiter = waiter
        try:
            return await waiter
        finally:
            self._waiter = None

    def _ready(self) -> None:
        """The reader callback: reads, and hands what it read to the waiting task."""
        try:
            chunk: bytes | OSError = self._sock.recv(READ_SIZE)
        except BlockingIOError:
            return
        except OSError as exc:
            chunk = exc
        waiter, self._waiter = self._waiter, None
        if waiter is None or waiter.done():  # no task waits: hold it, and read no further
            self._held = chunk
            self.close()
        elif isinstance(chunk, OSError):
            waiter.set_exception(chunk)
            self.close()
        else:
            waiter.set_result(chunk)
            if not chunk:
                self.close()

    def close(self) -> None:
        if self._watching:
            self._loop.remove_reader(self._fd)
            self._watching = False


def _receiver(sock: socket.socket) -> _Receiver:
    """A `_Receiver` of `sock` for the running backend."""
    from ._asyncio import running_asyncio_loop

    loop = running_asyncio_loop()
    return _Receiver(sock) if loop is None else _AsyncioReceiver(sock, loop)


class TcpSocket:
    """A connected non-blocking TCP socket: `receive`, and `send` of whole messages in
    turn (one message's octets are never mixed with another's).

    `stop_reading` before the socket closes.
    """

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.fd = sock.fileno()
        self.sending = anyio.Lock()
        receiver = _receiver(sock)
        #: The next octets (``b""`` at the end of the stream); OSError: a broken connection.
        self.receive = receiver.receive
        #: Stops the reads (before the socket closes).
        self.stop_reading = receiver.close

    async def send(self, data: bytes) -> None:
        """Sends all of `data`: at once when no other message is being sent and the socket's
        buffer has room, else in turn (a message's octets are never mixed with another's).

        Raises:
            OSError: the connection is broken.
        """
        rest = self.send_nowait(data)
        if rest is not None:
            await self.send_rest(rest)

    def send_nowait(self, data: bytes) -> memoryview | None:
        """Sends what the socket's buffer takes of `data` now, unless another message is
        being sent; None when that was all, else the rest, for `send_rest` (next)."""
        if self.sending.locked():
            return memoryview(data)
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        return None if sent == len(data) else memoryview(data)[sent:]

    async def send_rest(self, rest: memoryview) -> None:
        """Sends `rest` in turn, as the socket's buffer makes room.

        Called right after `send_nowait` (no checkpoint between), the turn is taken at
        once when the rest is a message's that `send_nowait` began. Ended (cancelled)
        with part of the message sent, it shuts the connection down: the peer would read
        the next message's octets as the rest of this one.
        """
        try:
            self.sending.acquire_nowait()
        except anyio.WouldBlock:
            await self.sending.acquire()
        try:
            while rest:
                await anyio.wait_writable(self.fd)
                try:
                    sent = self.sock.send(rest)
                except BlockingIOError:
                    continue
                rest = rest[sent:]
        except BaseException:
            if rest.nbytes < memoryview(rest.obj).nbytes:  # part of the message went out
                with suppress(OSError):
                    self.sock.shutdown(socket.SHUT_RDWR)
            raise
        finally:
            self.sending.release()
