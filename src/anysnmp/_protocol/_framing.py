"""Sans-IO framing of SNMP messages on a byte stream (RFC 3430: SNMP over TCP).

A message on a stream carries no other delimiter than its own BER header:
the outer SEQUENCE's tag (0x30) and definite length say where it ends.
`MessageFramer` takes the octets as they arrive (any split: part of a
message, several messages) and gives back whole messages. A header naming
more octets than the limit is refused as soon as the header is complete,
before any of the content is buffered, so a peer cannot make it hold more
than ``max_size`` octets; a stream that is not SNMP (another tag, an
indefinite length) is refused at its first octets. A stream cannot be
resynchronised after either: the framer stays broken and the connection
should be closed. The messages completed before the break are handed out
first, however the octets were split (`failed` then says the stream broke).
"""

from __future__ import annotations

from typing import NoReturn

from .._errors import FramingError

__all__ = ("MessageFramer",)

_SEQUENCE = 0x30


class MessageFramer:
    """Splits a byte stream into whole SNMP messages by their BER length.

    Args:
        max_size: the largest message accepted, header included, in octets.
    """

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._buffer = bytearray()
        self._need = 0  # the current message's whole size, 0 while its header is incomplete
        self._error: FramingError | None = None

    @property
    def failed(self) -> FramingError | None:
        """Why the stream broke, once it did (after the messages before the break)."""
        return self._error

    @property
    def pending(self) -> int:
        """Octets held of a message not yet complete."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        """The messages completed by `data`, in order (maybe none).

        Those completed before a break in `data` are returned (`failed` is
        then set), and the next call raises.

        Raises:
            FramingError: the stream is not a sequence of SNMP messages of at
                most ``max_size`` octets (then every later call raises it too).
        """
        if self._error is not None:
            raise self._error
        buffer = self._buffer
        if not buffer and len(data) > 1 and data[0] == _SEQUENCE:
            # The common read: one whole message (a header of at most 4 length octets).
            first, size = data[1], len(data)
            if first < 0x80:
                whole = first + 2
            elif first == 0x81 and size > 2:
                whole = data[2] + 3
            elif first == 0x82 and size > 3:
                whole = (data[2] << 8 | data[3]) + 4
            else:
                whole = 0
            if whole == size and size <= self.max_size:
                return [data]
        buffer += data
        messages: list[bytes] = []
        start = 0
        end = len(buffer)
        while True:
            if not self._need:
                try:
                    need = self._message_size(buffer, start, end)
                except FramingError:
                    if messages:
                        return messages
                    raise
                if need is None:
                    break
                self._need = need
            if end - start < self._need:
                break
            messages.append(bytes(buffer[start : start + self._need]))
            start += self._need
            self._need = 0
        if start:
            del buffer[:start]
        return messages

    def _message_size(self, buffer: bytearray, start: int, end: int) -> int | None:
        """The whole size of the message at `start`, or None while its header is incomplete."""
        if start == end:
            return None
        if buffer[start] != _SEQUENCE:
            self._fail(f"not an SNMP message: tag 0x{buffer[start]:02x}, expected 0x30")
        if end - start < 2:
            return None
        first = buffer[start + 1]
        if first < 0x80:
            return 2 + first
        if first == 0x80:
            self._fail("indefinite BER length: not an SNMP message")
        n = first & 0x7F
        if end - start < 2 + n:
            return None
        size = 2 + n + int.from_bytes(buffer[start + 2 : start + 2 + n], "big")
        if size > self.max_size:
            self._fail(f"a message of {size} octets exceeds the limit of {self.max_size}")
        return size

    def _fail(self, reason: str) -> NoReturn:
        self._buffer.clear()
        self._error = FramingError(reason)
        raise self._error
