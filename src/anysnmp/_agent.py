"""Agent: UDP sockets on several interfaces, each datagram handed to a handler.

One receiver per socket drains it into a reused buffer. Under asyncio the
socket's reader stays registered with the loop for the socket's whole life;
under trio (and any other anyio backend) one task per socket waits for
readability. A handler that also has a synchronous ``answer(request)`` method
(CommandResponder, NotificationReceiver) is called inline by the receiver and
its reply sent at once: no task per datagram. Otherwise each datagram runs
``await handler(request)`` in the agent's task group, at most
``max_concurrency`` at a time; datagrams beyond that are dropped and counted.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Protocol

import anyio
import anyio.abc
import attrs

from ._errors import network_error
from ._transport import RECV_BUFFER_SIZE, Address, SockAddr, address_of, open_socket, resolve

__all__ = ("Agent", "AgentStats", "Handler", "Request")

logger = logging.getLogger("anysnmp.agent")

#: A handler: ``await handler(request)`` for each datagram.
Handler = Callable[["Request"], Awaitable[None]]


class InlineHandler(Protocol):
    """A handler that can also answer synchronously, without a task."""

    def answer(self, request: Request) -> bytes | None: ...


@attrs.define(eq=False)
class Request:
    """One datagram received by an `Agent`.

    Attributes:
        data: the datagram's octets.
        sockaddr: the sender's socket address as received: (host, port), or
            for IPv6 (host, port, flowinfo, scope_id).
        local: the bound (host, port) of the interface it came in on.
    """

    data: bytes
    sockaddr: SockAddr
    local: Address
    _sock: socket.socket = attrs.field(repr=False)

    @property
    def source(self) -> Address:
        """The sender's (host, port); a link-local IPv6 host names its interface (``%eth0``)."""
        return address_of(self.sockaddr)

    async def reply(self, data: bytes) -> None:
        """Sends ``data`` back to the source, from the socket the request came in on.

        Raises:
            NetworkError: the reply cannot be sent.
        """
        while True:
            try:
                self._sock.sendto(data, self.sockaddr)
                return
            except BlockingIOError:
                await anyio.wait_writable(self._sock)
            except OSError as exc:
                raise network_error(exc, f"cannot reply to {self.source}") from None


@attrs.define
class AgentStats:
    """Counters of an `Agent`."""

    received: int = 0
    dropped: int = 0
    handler_errors: int = 0
    send_errors: int = 0


class _Receiver:
    """One bound socket and its receive loop."""

    def __init__(self, agent: Agent, sock: socket.socket) -> None:
        self.agent = agent
        self.sock = sock
        self.local: Address = address_of(sock.getsockname())
        self._view = memoryview(bytearray(RECV_BUFFER_SIZE))

    async def receive_forever(self) -> None:
        while True:
            await anyio.wait_readable(self.sock)
            self.drain()

    def drain(self) -> None:
        agent, sock, view, local = self.agent, self.sock, self._view, self.local
        stats, inline = agent.stats, agent._inline
        while True:
            try:
                size, source = sock.recvfrom_into(view)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionError as exc:  # an ICMP error queued on the socket
                logger.debug("receive error on %s: %s", local, exc)
                continue
            except OSError as exc:
                logger.warning("receive failed on %s: %s", local, exc)
                return
            stats.received += 1
            request = Request(bytes(view[:size]), source, local, sock)
            if inline is not None:
                try:
                    reply = inline(request)
                except Exception:
                    stats.handler_errors += 1
                    logger.exception("handler failed on a datagram from %s", request.source)
                    continue
                if reply is not None:
                    try:
                        sock.sendto(reply, source)
                    except OSError as exc:
                        stats.send_errors += 1
                        logger.debug("reply to %s failed: %s", request.source, exc)
            elif agent._active >= agent.max_concurrency:
                stats.dropped += 1
            else:
                agent._active += 1
                agent._task_group.start_soon(agent._run, request)  # type: ignore[union-attr]


class Agent:
    """UDP sockets bound on interfaces, serving each datagram with a handler.

    Use as ``async with Agent([("127.0.0.1", 0)], handler) as agent:``; the
    agent serves until the block exits (or is cancelled), then closes its
    sockets.

    Args:
        ifaces: (host, port) pairs to bind, IPv4 or IPv6 (a link-local
            address names its interface: ``("fe80::1%eth0", 161)``); port 0
            picks a free port (see `addresses`).
        handler: ``await handler(request)`` for each datagram; a handler with
            a synchronous ``answer(request) -> bytes | None`` is called inline
            and its reply sent. Exceptions are logged, never stop the agent.
        max_concurrency: handler tasks running at once; datagrams beyond it
            are dropped and counted in ``stats.dropped``.
        send_buffer: SO_SNDBUF, 0 for the system default.
        recv_buffer: SO_RCVBUF, 0 for the system default.
    """

    def __init__(
        self,
        ifaces: Iterable[Address] = (("127.0.0.1", 161),),
        handler: Handler | None = None,
        *,
        max_concurrency: int = 1000,
        send_buffer: int = 0,
        recv_buffer: int = 0,
    ) -> None:
        if handler is None:
            raise TypeError("Agent needs a handler")
        self.handler = handler
        answer = getattr(handler, "answer", None)
        self._inline: Callable[[Request], bytes | None] | None = (
            answer if callable(answer) else None
        )
        self.max_concurrency = max_concurrency
        self.stats = AgentStats()
        self._ifaces = list(ifaces)
        self._buffers = {"send_buffer": send_buffer, "recv_buffer": recv_buffer}
        self._receivers: list[_Receiver] = []
        self._active = 0
        self._task_group: anyio.abc.TaskGroup | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def addresses(self) -> list[Address]:
        """The bound (host, port) of every interface, in ``ifaces`` order."""
        return [r.local for r in self._receivers]

    async def __aenter__(self) -> Agent:
        try:
            for host, port in self._ifaces:
                family, addr = await resolve(host, port)
                self._receivers.append(_Receiver(self, open_socket(family, addr, **self._buffers)))
            self._task_group = anyio.create_task_group()
            await self._task_group.__aenter__()
        except BaseException:
            self._close()
            raise
        self._loop = _running_asyncio_loop()
        for receiver in self._receivers:
            if self._loop is not None:
                self._loop.add_reader(receiver.sock.fileno(), receiver.drain)
            else:
                self._task_group.start_soon(receiver.receive_forever)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        task_group, self._task_group = self._task_group, None
        try:
            if self._loop is not None:
                for receiver in self._receivers:
                    self._loop.remove_reader(receiver.sock.fileno())
            if task_group is not None:
                # The body's own exception propagates as is, not in a group:
                # the agent's tasks never raise (handler errors are logged).
                task_group.cancel_scope.cancel()
                await task_group.__aexit__(None, None, None)
        finally:
            self._close()

    def _close(self) -> None:
        for receiver in self._receivers:
            receiver.sock.close()

    async def _run(self, request: Request) -> None:
        try:
            await self.handler(request)
        except Exception:
            self.stats.handler_errors += 1
            logger.exception("handler failed on a datagram from %s", request.source)
        finally:
            self._active -= 1


def _running_asyncio_loop() -> asyncio.AbstractEventLoop | None:
    """The asyncio loop when running under asyncio (not trio), else None."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if asyncio.current_task() is not None else None
