"""``listen -d``: each message received and each reply sent, in hexadecimal and ASCII, as
snmptrapd -d logs them and in its order: a message, the notification it carries, then the
reply (snmptrapd handles a message whole before the next)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from .._backends._dump import hex_dump
from ._trap_format import transport_text

if TYPE_CHECKING:
    from anyio.streams.memory import MemoryObjectReceiveStream

    from .._notify import Notification
    from .._transport import Request

__all__ = ("DumpingReceiver",)

#: Where a notification prints among the texts.
_NOTIFICATION = None

#: Characters of texts held behind a notification not printed yet (a slow traphandle, a
#: name looked up); past them, messages are dropped, as a busy snmptrapd leaves them to
#: the kernel, which drops them.
HELD = 4 << 20


class _Receiver(Protocol):
    """What the dump wraps: an agent's handler and the notifications it streams."""

    #: Notifications, and lines logged of messages refused, in their messages' order.
    notifications: MemoryObjectReceiveStream[Notification | tuple[str, int]]

    def answer(self, request: Request) -> bytes | None: ...


class DumpingReceiver:
    """`receiver` as an agent's handler, writing each message and reply with `write`;
    the texts after a notification wait until `printed` says it printed."""

    #: As the receiver's: each datagram's destination (its lines say it).
    wants_destinations = True

    def __init__(self, receiver: _Receiver, write: Callable[[str], None]) -> None:
        self._receiver = receiver
        self._write = write
        self._pending: list[str | None] = []
        self._held = 0  # characters of `_pending`

    async def __call__(self, request: Request) -> None:
        reply = self.answer(request)
        if reply is not None:
            await request.reply(reply)

    def answer(self, request: Request) -> bytes | None:
        """The receiver's answer, the message and the answer written around it; None, the
        message dropped, while `HELD` characters wait for a notification to print."""
        if self._held >= HELD:
            return None
        where = transport_text(request.transport, request.source, request.local)
        data = bytes(request.data)
        self._hold(f"\nReceived {len(data)} byte packet from {where}\n{hex_dump(data)}")
        self._flush()  # before what the receiver logs of it, as snmptrapd
        before = self._queued()
        reply = self._receiver.answer(request)
        if self._queued() > before:
            self._pending.append(_NOTIFICATION)
        if reply is not None:
            self._hold(f"\nSending {len(reply)} bytes to {where}\n{hex_dump(reply)}")
        self._flush()
        return reply

    def _hold(self, text: str) -> None:
        self._pending.append(text)
        self._held += len(text)

    def _queued(self) -> int:
        """The notifications waiting in the receiver's stream (less the readers waiting,
        which take them at once)."""
        stats = self._receiver.notifications.statistics()
        return stats.current_buffer_used - stats.tasks_waiting_receive

    def printing(self) -> None:
        """A notification is about to print: what came before it is written."""
        self._flush()
        if self._pending:
            self._pending.pop(0)

    def printed(self) -> None:
        """The notification printed: what came after it, up to the next, is written."""
        self._flush()

    def _flush(self) -> None:
        while self._pending and self._pending[0] is not _NOTIFICATION:
            text = self._pending.pop(0) or ""
            self._held -= len(text)
            self._write(text)
