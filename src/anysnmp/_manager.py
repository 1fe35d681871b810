"""Manager: one UDP socket shared by many async sessions (the blocking one: `anysnmp.sync`)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from ._backends import open_udp_endpoint
from ._backends._udp import AsyncUdpEndpoint, UdpEndpoint
from ._errors import UsageError
from ._protocol._session import socket_options
from ._transport import Address, check_local_addr, open_socket, resolve
from ._usage import never_exit, refuse_with

__all__ = ("Manager", "ManagerBase")

E = TypeVar("E", bound=UdpEndpoint)


class ManagerBase(Generic[E]):
    """A shared UDP socket's settings and, while open, its endpoint."""

    #: How the manager is opened, for the error of one used unopened.
    _usage = "with Manager(...) as manager"

    def __init__(
        self,
        local_addr: Address = ("0.0.0.0", 0),
        *,
        tos: int = 0,
        send_buffer: int = 0,
        recv_buffer: int = 4 << 20,
    ) -> None:
        check_local_addr(local_addr)
        self._local_addr = local_addr
        self._options = socket_options(tos, send_buffer, recv_buffer)
        self._endpoint: E | None = None

    @property
    def endpoint(self) -> E:
        """The shared endpoint (while the manager is open)."""
        if self._endpoint is None:
            raise UsageError(
                f"the Manager is not open (never entered, or closed): use it inside "
                f"'{self._usage}:'"
            )
        return self._endpoint

    @property
    def local_address(self) -> Address:
        """The bound (host, port)."""
        return self.endpoint.local_address


class Manager(ManagerBase[AsyncUdpEndpoint]):
    """One UDP endpoint shared by many sessions (``SnmpSession(..., manager=mgr)``).

    Responses are routed to the waiting request by source address and
    request-id (msgID for v3), so thousands of sessions use one socket.

    Args:
        local_addr: address to bind; ``("::", 0)`` for IPv6, ``("fe80::1%eth0", 0)``
            for a link-local address of interface eth0.
        tos: IP ToS / IPv6 traffic class of outgoing requests.
        send_buffer: SO_SNDBUF size, 0 for the system default.
        recv_buffer: SO_RCVBUF size (the kernel caps it at net.core.rmem_max). The
            default, 4 MiB, holds the replies of thousands of requests in flight;
            0 keeps the system default (often 208 KiB, which overflows first).
    """

    _usage = "async with Manager(...) as manager"

    __enter__ = refuse_with
    __exit__ = never_exit

    async def __aenter__(self) -> Manager:
        family, addr = await resolve(*self._local_addr)
        self._endpoint = await open_udp_endpoint(open_socket(family, addr, **self._options))
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            await endpoint.__aexit__(*exc_info)
