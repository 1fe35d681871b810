"""Transports, one module per implementation; the async one is chosen on entering.

`_udp` holds what every UDP backend shares (request ids, routing, deadlines);
`_asyncio`, `_trio` and `_blocking` only how a request waits and their clock.
The trio module is imported only when a trio run opens an endpoint.
"""

from __future__ import annotations

import socket

from .._transport import SockAddr
from ._asyncio import AsyncioUdpEndpoint, running_asyncio_loop
from ._udp import AsyncUdpEndpoint

__all__ = ("open_udp_endpoint",)


async def open_udp_endpoint(sock: socket.socket, peer: SockAddr | None = None) -> AsyncUdpEndpoint:
    """An entered UDP endpoint on `sock` for the running backend (asyncio or trio).

    Takes ownership of `sock`; with `peer`, it talks to that address only.
    Leave it with ``await endpoint.__aexit__(None, None, None)``.
    """
    endpoint: AsyncUdpEndpoint
    if running_asyncio_loop() is not None:
        endpoint = AsyncioUdpEndpoint(sock, peer)
    else:
        from ._trio import TrioUdpEndpoint

        endpoint = TrioUdpEndpoint(sock, peer)
    try:
        return await endpoint.__aenter__()
    except BaseException:
        sock.close()
        raise
