"""A transport that shows each message it sends and receives, as Net-SNMP's ``-d`` does.

`DumpingTransport` wraps a transport (blocking or async, UDP or TCP: a session's, a
trap's, an inform's) and writes every message's octets, in hexadecimal and ASCII, before
it is sent and before it is decoded; the transport it wraps does the rest.
`dump_messages` has every transport opened from then on wrapped: only then, so that no
other transport checks anything per message.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from .. import _backends
from .._transport import SockAddr

__all__ = ("DumpingTransport", "dump_messages", "hex_dump")


def hex_dump(data: bytes) -> str:
    """`data` as Net-SNMP's ``xdump`` prints it: lines of 16 octets (their offset in
    decimal, four groups of four in hex, their ASCII with ``.`` for what does not print),
    then an empty line."""
    lines = []
    for at in range(0, len(data), 16):
        row = data[at : at + 16]
        groups = [" ".join(f"{octet:02X}" for octet in row[i : i + 4]) for i in range(0, 16, 4)]
        head = f"{at:04d}: " + "".join(f"{group:<11}  " for group in groups) + "  "
        text = "".join(chr(octet) if 0x20 <= octet < 0x7F else "." for octet in row)
        lines.append(head[:60] + text + "\n")  # the ASCII at column 60, as Net-SNMP puts it
    return "".join(lines) + "\n"


def peer_text(transport: str, family: int, peer: SockAddr, local_port: int) -> str:
    """How Net-SNMP's -d names the agent: ``UDP: [192.0.2.1]:161->[0.0.0.0]:PORT`` (its
    socket's port; TCP's 0), ``UDP/IPv6: [2001:db8::1]:161``, ``TCP/IPv6: ...``."""
    host = str(peer[0])
    if len(peer) >= 4 and peer[3] and "%" not in host:
        host = socket.getnameinfo(peer, socket.NI_NUMERICHOST)[0]
    if family == socket.AF_INET6:
        return f"{transport.upper()}/IPv6: [{host}]:{peer[1]}"
    return f"{transport.upper()}: [{host}]:{peer[1]}->[0.0.0.0]:{local_port}"


class DumpingTransport:
    """`inner`, with each message written by `write` before it is sent and when it is
    received (``Sending N bytes to PEER``, ``Received N byte packet from PEER``, then
    `hex_dump`); `peer` names the agent as `peer_text` does."""

    def __init__(self, inner: Any, peer: str, write: Callable[[str], None]) -> None:
        self._inner = inner
        self._peer = peer
        self._write = write

    def __getattr__(self, name: str) -> Any:  # family, closed, local_address, close...
        return getattr(self._inner, name)

    def _sent(self, data: bytes) -> None:
        self._write(f"\nSending {len(data)} bytes to {self._peer}\n{hex_dump(data)}")

    def _encoder(self, encode: Callable[[int], bytes]) -> Callable[[int], bytes]:
        def dumped(request_id: int) -> bytes:
            data = encode(request_id)
            self._sent(data)
            return data

        return dumped

    def _decoder(self, decode: Callable[[bytes, int], Any]) -> Callable[[bytes, int], Any]:
        def dumped(data: bytes, request_id: int) -> Any:
            octets = bytes(data)
            self._write(
                f"\nReceived {len(octets)} byte packet from {self._peer}\n{hex_dump(octets)}"
            )
            return decode(data, request_id)

        return dumped

    def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        return self._inner.exchange(
            addr, self._encoder(encode), self._decoder(decode), *args, **kwargs
        )

    def send_ahead(self, addr: SockAddr, encode: Callable[[int], bytes], *args: Any) -> Any:
        return self._inner.send_ahead(addr, self._encoder(encode), *args)

    def send(self, data: bytes, addr: SockAddr) -> Any:
        self._sent(data)
        return self._inner.send(data, addr)

    async def __aexit__(self, *exc_info: Any) -> None:
        await self._inner.__aexit__(*exc_info)


def dump_messages(write: Callable[[str], None]) -> None:
    """Every transport opened from now on (`_backends.open_transport`,
    `open_blocking_transport`) writes its messages with `write` (`DumpingTransport`)."""

    def wrap(endpoint: Any, transport: str, peer: SockAddr) -> DumpingTransport:
        port = endpoint.local_address[1] if transport == "udp" else 0
        return DumpingTransport(endpoint, peer_text(transport, endpoint.family, peer, port), write)

    _backends.wrap_opened = wrap
