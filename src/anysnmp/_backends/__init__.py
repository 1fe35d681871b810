"""Transports, one module per implementation; the async one is chosen on entering.

`_udp` holds what every UDP backend shares (request ids, routing, deadlines);
`_asyncio`, `_trio` and `_blocking` only how a request waits and their clock.
The asyncio and trio modules are imported only when a run of theirs opens an endpoint,
and `_tcp` (which runs on anyio) only for a TCP transport, so the blocking shell loads
no event loop and no anyio.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from .._transport import (
    CONNECT_TIMEOUT,
    Address,
    AsyncTransport,
    BlockingTransport,
    Request,
    ServerStats,
    SockAddr,
    check_transport,
    open_socket,
    resolve,
    resolve_blocking,
)
from ._blocking import BlockingUdpEndpoint
from ._udp import AsyncUdpEndpoint, UdpServer

__all__ = ("open_blocking_transport", "open_transport", "open_udp_endpoint", "udp_server")

_NO_OPTIONS: Mapping[str, int] = MappingProxyType({})

#: Net-SNMP's -d: called with each transport `open_transport` and `open_blocking_transport`
#: open (and its kind, its peer), returns the one to use (`_dump.dump_messages` sets it).
wrap_opened: Callable[[Any, str, SockAddr], Any] | None = None


async def open_udp_endpoint(sock: socket.socket, peer: SockAddr | None = None) -> AsyncUdpEndpoint:
    """An entered UDP endpoint on `sock` for the running backend (asyncio or trio).

    Takes ownership of `sock`; with `peer`, it talks to that address only.
    Leave it with ``await endpoint.__aexit__(None, None, None)``.
    """
    endpoint: AsyncUdpEndpoint
    if _in_asyncio():
        from ._asyncio import AsyncioUdpEndpoint

        endpoint = AsyncioUdpEndpoint(sock, peer)
    else:
        from ._trio import TrioUdpEndpoint

        endpoint = TrioUdpEndpoint(sock, peer)
    try:
        return await endpoint.__aenter__()
    except BaseException:
        sock.close()
        raise


def udp_server(
    sock: socket.socket,
    serve: Callable[[Request], bytes | None],
    stats: ServerStats,
    destinations: bool = False,
) -> UdpServer:
    """A `UdpServer` on `sock` for the running backend (asyncio or any other), to start;
    with `destinations`, each request's `local` is where its datagram was sent."""
    if not _in_asyncio():
        return UdpServer(sock, serve, stats, destinations)
    from ._asyncio import AsyncioUdpServer

    return AsyncioUdpServer(sock, serve, stats, destinations)


def _in_asyncio() -> bool:
    """Whether an asyncio task calls (asyncio is then imported: no import here to find out)."""
    if "asyncio" not in sys.modules:
        return False
    from ._asyncio import running_asyncio_loop

    return running_asyncio_loop() is not None


async def open_transport(
    transport: str,
    host: str,
    port: int,
    local_addr: Address | None = None,
    socket_options: Mapping[str, int] = _NO_OPTIONS,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> tuple[AsyncTransport, SockAddr]:
    """An entered transport to `host` (a TCP connection, or a connected UDP endpoint) and its address.

    Args:
        transport: "udp" or "tcp".
        host: the peer's host name or address.
        port: its port.
        local_addr: UDP: the address to send from.
        socket_options: UDP: `open_socket`'s options.
        connect_timeout: TCP: seconds a connection may take to open (each time).

    Raises:
        ConfigurationError: an unknown transport, or `local_addr` over TCP.
        ResolutionError: `host` or `local_addr` does not resolve.
        NetworkError: the socket cannot be made, bound or connected.
        TimeoutError: TCP: no connection within `connect_timeout`.
    """
    check_transport(transport, local_addr)
    family, peer = await resolve(host, port)
    endpoint: AsyncTransport
    if transport == "tcp":
        from ._tcp import AsyncTcpTransport

        endpoint = await AsyncTcpTransport(peer, family, connect_timeout).__aenter__()
    else:
        local = None if local_addr is None else (await resolve(*local_addr, family))[1]
        endpoint = await open_udp_endpoint(open_socket(family, local, **socket_options), peer)
    return (endpoint if wrap_opened is None else wrap_opened(endpoint, transport, peer)), peer


def open_blocking_transport(
    transport: str,
    host: str,
    port: int,
    local_addr: Address | None = None,
    socket_options: Mapping[str, int] = _NO_OPTIONS,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> tuple[BlockingTransport, SockAddr]:
    """`open_transport` for the blocking shells: a transport to close with ``close()``."""
    check_transport(transport, local_addr)
    family, peer = resolve_blocking(host, port)
    endpoint: BlockingTransport
    if transport == "tcp":
        from ._tcp import BlockingTcpTransport

        endpoint = BlockingTcpTransport(peer, family, connect_timeout)
    else:
        local = None if local_addr is None else resolve_blocking(*local_addr, family)[1]
        endpoint = BlockingUdpEndpoint(open_socket(family, local, **socket_options), peer)
    return (endpoint if wrap_opened is None else wrap_opened(endpoint, transport, peer)), peer
