"""The transport interface, and what every transport needs: sockets and address lookup.

A session talks to its agent through a transport: an object that runs one
request to its end (`exchange`: send, wait, re-send after a timeout, hand
each reply to the request's decoder) and knows its local address. The async
implementations live in `anysnmp._backends` (one module per backend, chosen
on entering); the blocking one in `anysnmp._backends._blocking`. A stream
transport (TCP) fits the same interface: it frames messages instead of
routing datagrams, and a session only ever calls `exchange` (or `send`, for
a message that takes no answer).

The receiving side (an `Agent`) has servers instead: each message that
arrives becomes a `Request`, handed to the agent's ``serve`` callback, and
its reply goes back through `Request.reply` (datagrams in, replies out; see
`Server`, `anysnmp._backends.udp_server` and `TcpServer`).
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._address import TRANSPORTS, TransportAddress, parse_address
from ._errors import (
    AddressError,
    ConfigurationError,
    NetworkError,
    ResolutionError,
    network_error,
)

if TYPE_CHECKING:
    import anyio.abc

__all__ = (
    "CONNECT_TIMEOUT",
    "MAX_TCP_MESSAGE_SIZE",
    "RECV_BUFFER_SIZE",
    "Address",
    "AsyncTransport",
    "BlockingTransport",
    "Later",
    "PortZeroError",
    "Request",
    "Server",
    "ServerStats",
    "SockAddr",
    "address_of",
    "check_local_addr",
    "check_peer_port",
    "check_transport",
    "connect",
    "is_port",
    "listen_socket",
    "open_socket",
    "resolve",
    "resolve_blocking",
    "udp_text",
)

T = TypeVar("T")

#: Larger than any UDP payload, so a datagram is never truncated.
RECV_BUFFER_SIZE = 65536
#: The largest message a TCP session takes (RFC 3430), and the msgMaxSize it advertises.
MAX_TCP_MESSAGE_SIZE = 1 << 20
#: Seconds a TCP connection may take to open when no session timeout bounds it (a trap's).
CONNECT_TIMEOUT = 10.0

#: A (host, port) pair as the API shows it; an IPv6 host carries its scope (``fe80::1%eth0``).
Address = tuple[str, int]
#: A socket address as getaddrinfo and recvfrom give it: (host, port), or for IPv6
#: (host, port, flowinfo, scope_id), the scope id naming a link-local address's interface.
SockAddr = tuple[Any, ...]


def check_transport(transport: str, local_addr: Address | None = None) -> None:
    """Raises `ConfigurationError` unless `transport` is "udp" or "tcp" (with no `local_addr`),
    and `local_addr` None or a (host, port) pair."""
    if transport not in ("udp", "tcp"):
        raise ConfigurationError(f"transport must be 'udp' or 'tcp', not {transport!r}")
    if transport == "tcp" and local_addr is not None:
        raise ConfigurationError("local_addr is for UDP; a TCP connection takes any local address")
    if local_addr is not None:
        check_local_addr(local_addr)


def is_port(port: object) -> bool:
    """Whether `port` is a port number: an int from 0 to 65535 (not a bool)."""
    return isinstance(port, int) and not isinstance(port, bool) and 0 <= port <= 65535


def check_local_addr(local_addr: object) -> None:
    """Raises `ConfigurationError` unless `local_addr` is a (host str, port int) pair."""
    if not (
        isinstance(local_addr, (tuple, list))
        and len(local_addr) == 2
        and isinstance(local_addr[0], str)
    ):
        raise ConfigurationError(
            f"local_addr is a (host, port) pair such as ('0.0.0.0', 0), not {local_addr!r}"
        )
    if not is_port(local_addr[1]):
        raise ConfigurationError(
            f"local_addr's port must be an int from 0 to 65535, not {local_addr[1]!r}"
        )


class PortZeroError(ConfigurationError):
    """Port 0 as the port of an agent or notification receiver: nothing listens there."""


def check_peer_port(port: object, peer: str, default: int) -> None:
    """Raises `ConfigurationError` unless `port` is an int from 1 to 65535: `PortZeroError`
    for 0 (Net-SNMP's tools fail to send to it); `peer` is "agent" or "receiver",
    `default` its usual port."""
    if not is_port(port):
        raise ConfigurationError(
            f"port must be an int from 1 to 65535, the {peer}'s port ({default} by default), "
            f"not {port!r}"
        )
    if port == 0:
        raise PortZeroError(
            f"port 0 is no {peer}'s port: give the {peer}'s port ({default} by default)"
        )


def address_of(sockaddr: SockAddr) -> Address:
    """`sockaddr` as (host, port), an IPv6 scope id written into the host (``fe80::1%eth0``)."""
    if len(sockaddr) < 4 or not sockaddr[3] or "%" in sockaddr[0]:
        return str(sockaddr[0]), int(sockaddr[1])
    host, _ = socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)
    return host, int(sockaddr[1])


def udp_text(sockaddr: SockAddr) -> str:
    """`sockaddr` as agents and the CLI write a UDP address (``udp:192.0.2.1:161``,
    ``udp6:[::1]:161``), for errors."""
    return str(TransportAddress("udp", *address_of(sockaddr)))


class _Transport(Protocol):
    """What every transport has besides `exchange`."""

    #: The socket's address family (AF_INET or AF_INET6).
    family: int
    #: Set once the transport is closed.
    closed: bool
    #: Messages received that answered no request (unknown id, wrong peer).
    dropped: int

    def in_flight(self) -> int:
        """How many requests are waiting for an answer."""
        ...

    @property
    def local_address(self) -> Address: ...


class AsyncTransport(_Transport, Protocol):
    """A transport for the async sessions (asyncio or trio, fixed on entering).

    ``exchange(addr, encode, decode, timeout, attempts, policer)`` sends
    ``encode(request_id)`` up to `attempts` times, each with a fresh request
    id, and returns the first ``decode(reply, request_id)`` that is not None
    (a decode raising DecodeError drops that reply); None when every attempt
    timed out. ``send(data, addr)`` sends a message that takes no answer.
    It is entered once and closed with ``__aexit__``.
    """

    def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
    ) -> Awaitable[T | None]: ...

    async def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends one message that takes no answer (a trap)."""
        ...

    async def __aexit__(self, *exc_info: Any) -> None: ...


class SentAhead(Protocol):
    """A request's first attempt sent before its answer is waited for (`send_ahead`)."""

    def forget(self) -> None:
        """Drops it unanswered: its reply, if one comes, is dropped."""
        ...


class BlockingTransport(_Transport, Protocol):
    """The blocking twin of `AsyncTransport`: `exchange` blocks its thread.

    ``send_ahead(addr, encode, policer)`` sends a request's first attempt
    before its answer is waited for (a walk's next request, sent while the
    caller handles the answer before it), or returns None when it sends
    nothing (then ``exchange`` sends it); ``exchange(..., sent=it)`` runs
    that request on, its first attempt waited for `timeout` from then.
    """

    def exchange(
        self,
        addr: SockAddr,
        encode: Callable[[int], bytes],
        decode: Callable[[bytes, int], T | None],
        timeout: float,
        attempts: int,
        policer: Any = None,
        sent: Any = None,
    ) -> T | None: ...

    def send_ahead(
        self, addr: SockAddr, encode: Callable[[int], bytes], policer: Any = None
    ) -> SentAhead | None: ...

    def send(self, data: bytes, addr: SockAddr) -> None:
        """Sends one message that takes no answer (a trap)."""
        ...

    def close(self) -> None: ...


class _Replier(Protocol):
    """Where a server sends a request's replies: its UDP socket, or its TCP connection."""

    async def reply(self, data: bytes, sockaddr: SockAddr) -> None: ...


class Later(Exception):
    """Raised by a handler's inline ``answer``: send `reply` `delay` seconds from now.

    The agent waits in a task (counted in its ``max_concurrency``), serving
    other requests meanwhile.
    """

    def __init__(self, reply: bytes, delay: float) -> None:
        super().__init__(reply, delay)
        self.reply = reply
        self.delay = delay


class Request:
    """One message received by an `Agent`: a datagram, or a message of a TCP connection.

    Attributes:
        data: the message's octets.
        sockaddr: the sender's socket address as received: (host, port), or
            for IPv6 (host, port, flowinfo, scope_id).
        local: the bound (host, port) of the interface it came in on; for a handler
            with ``wants_destinations`` (`NotificationReceiver`) on a UDP socket bound to a
            wildcard address, the address the datagram was sent to (Linux).
        transport: "udp" or "tcp".
        max_size: the largest reply the transport carries (over TCP, the
            agent's ``max_message_size``); None for a datagram, where the
            handler's own limit applies.
    """

    __slots__ = ("_replier", "data", "local", "max_size", "sockaddr", "transport")

    def __init__(
        self,
        data: bytes,
        sockaddr: SockAddr,
        local: Address,
        replier: _Replier,
        transport: str = "udp",
        max_size: int | None = None,
    ) -> None:
        self.data = data
        self.sockaddr = sockaddr
        self.local = local
        self._replier = replier
        self.transport = transport
        self.max_size = max_size

    def __repr__(self) -> str:
        return (
            f"Request(data={self.data!r}, sockaddr={self.sockaddr!r}, local={self.local!r}, "
            f"transport={self.transport!r}, max_size={self.max_size!r})"
        )

    @property
    def source(self) -> Address:
        """The sender's (host, port); a link-local IPv6 host names its interface (``%eth0``)."""
        return address_of(self.sockaddr)

    async def reply(self, data: bytes) -> None:
        """Sends ``data`` back to the source, the way the request came in.

        Raises:
            NetworkError: the reply cannot be sent.
        """
        await self._replier.reply(data, self.sockaddr)


class Server(Protocol):
    """The receiving side of a transport: serves its sockets from an agent's task group."""

    def start(self, task_group: anyio.abc.TaskGroup) -> None:
        """Serves from tasks of `task_group` (or the loop's callbacks) until it is cancelled."""
        ...

    def stop(self) -> None:
        """Stops what the task group does not end; its sockets close after this."""
        ...


class ServerStats(Protocol):
    """The counters a server keeps up to date (an `Agent`'s `AgentStats`)."""

    received: int
    send_errors: int
    connections: int
    evicted_connections: int
    bad_streams: int
    idle_timeouts: int


def open_socket(
    family: int,
    local_addr: SockAddr | None = None,
    *,
    tos: int = 0,
    send_buffer: int = 0,
    recv_buffer: int = 0,
) -> socket.socket:
    """A non-blocking UDP socket with the requested ToS and buffer sizes.

    Raises:
        NetworkError: the socket could not be made, set up or bound.
    """
    try:
        sock = socket.socket(family, socket.SOCK_DGRAM)
    except OSError as exc:
        raise network_error(exc, "cannot open a UDP socket") from None
    try:
        sock.setblocking(False)
        if tos:
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tos)
            else:
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
        if send_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
        if recv_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recv_buffer)
        if local_addr is not None:
            sock.bind(local_addr)
    except OSError as exc:
        sock.close()
        if local_addr is not None:
            raise _bind_error(exc, "cannot bind a UDP socket to", "udp", local_addr) from None
        raise network_error(exc, "cannot set up a UDP socket") from None
    except BaseException:
        sock.close()
        raise
    return sock


def listen_socket(family: int, addr: SockAddr) -> socket.socket:
    """A non-blocking TCP socket listening on `addr`.

    Raises:
        NetworkError: it cannot be made, bound or put to listen.
    """
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise network_error(exc, "cannot open a TCP socket") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise _bind_error(exc, "cannot listen on", "tcp", addr) from None
    return sock


_BIND_HINTS = {
    errno.EADDRINUSE: "another program has it (port 0 picks a free one)",
    errno.EACCES: "ports below 1024 need privileges (root, or CAP_NET_BIND_SERVICE)",
}


def _bind_error(exc: OSError, what: str, transport: str, addr: SockAddr) -> NetworkError:
    """`exc` of a bind or listen, naming the address as agents and the CLI write it, and
    for the usual two causes what to do."""
    failed = network_error(exc, f"{what} {TransportAddress(transport, *address_of(addr))}")
    hint = _BIND_HINTS.get(exc.errno or 0)
    return NetworkError(exc.errno, f"{failed.strerror}: {hint}") if hint else failed


def connect(sock: socket.socket, peer: SockAddr) -> None:
    """Connects `sock` to `peer`; on failure closes it and raises `NetworkError`."""
    try:
        sock.connect(peer)
    except OSError as exc:
        sock.close()
        raise network_error(exc, f"cannot connect to {udp_text(peer)}") from None


def _check_address(host: str, port: int) -> None:
    """Raises `ResolutionError` for what getaddrinfo would take wrongly.

    It takes port 70000 as 4464, "161" as 161 in one call and not in another, and a
    host up to its first NUL character.
    """
    if not is_port(port):
        raise ResolutionError(socket.EAI_SERVICE, f"port must be an int 0-65535, not {port!r}")
    if "\0" in host:
        raise ResolutionError(socket.EAI_NONAME, f"cannot resolve {host!r}: a NUL character")


def _cannot_resolve(host: str, port: int, family: int = 0) -> str:
    """What a failed resolution of `host` says: with a port, brackets or a transport prefix
    (Net-SNMP's ``tcp:host:port``, which agents and the command line take), how to give them;
    an address of another family than `family`'s (a `Manager`'s socket), that it is."""
    other = _other_family(host, family)
    if other:
        return f"cannot resolve {host!r}: {other}"
    prefix, colon, _ = host.partition(":")
    if colon and prefix.lower() in TRANSPORTS:
        with suppress(AddressError):
            address = parse_address(host, port)
            return (
                f"cannot resolve {host!r}: give the host, port and transport apart: "
                f"({address.host!r}, {address.port}, transport={address.transport!r})"
            )
    if host.startswith("[") and "]" in host:  # "[::1]" or "[::1]:161"
        name, _, rest = host[1:].partition("]")
        if rest[1:].isdigit() and rest.startswith(":"):
            how = f"write the address without brackets and the port apart: ({name!r}, {rest[1:]})"
        else:
            how = f"write an IPv6 address without brackets: {name!r}"
        return f"cannot resolve {host!r}: {how}"
    name, colon, written = host.rpartition(":")
    if colon and written.isdigit() and name and ":" not in name:  # "host:161"
        return f"cannot resolve {host!r}: give the port apart: ({name!r}, {written})"
    return f"cannot resolve {host!r}"


def _other_family(host: str, family: int) -> str:
    """What `host` is when it is an address literal of another family than `family`'s, or ''."""
    names: dict[int, str] = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}
    if family not in names:
        return ""
    other = socket.AF_INET6 if family == socket.AF_INET else socket.AF_INET
    try:
        socket.inet_pton(other, host.partition("%")[0])
    except OSError:
        return ""
    return (
        f"an {names[other]} address, and the socket it would go from is {names[family]} "
        "(a Manager() sends to IPv4 agents, a Manager(('::', 0)) to IPv6 ones)"
    )


def _first_address(host: str, infos: list[Any]) -> tuple[int, SockAddr]:
    """(family, socket address) of getaddrinfo's first IPv4 answer for `host`, else its first.

    A name is an IPv4 address first, as Net-SNMP's tools take it (their default
    transport is udp, IPv4; udp6 only for a name with no IPv4 address): getaddrinfo
    puts ``::1`` before ``127.0.0.1`` for "localhost" on most hosts, and an agent
    listening on IPv4 only (snmpd's ``udp:161``) would never hear a request to ``::1``.
    """
    if not infos:
        raise ResolutionError(f"cannot resolve {host!r}")
    fam, _, _, _, sockaddr = next((info for info in infos if info[0] == socket.AF_INET), infos[0])
    return int(fam), sockaddr


async def resolve(host: str, port: int, family: int = 0) -> tuple[int, SockAddr]:
    """Resolves a host name or address literal to (family, socket address).

    The socket address is whole, as getaddrinfo gives it: an IPv6 one keeps
    its scope id (``fe80::1%eth0``) and flowinfo.

    Raises:
        ResolutionError: `host` does not resolve (for `family`), or `port` is not 0-65535.
    """
    import anyio

    _check_address(host, port)
    try:
        infos = await anyio.getaddrinfo(host, port, family=family, type=socket.SOCK_DGRAM)
    except UnicodeError as exc:  # no IDNA name: a lone surrogate, an empty or long label
        raise ResolutionError(socket.EAI_NONAME, f"{_cannot_resolve(host, port)}: {exc}") from None
    except OSError as exc:
        indexed = _indexed_scope(host)
        if indexed is not None:
            return await resolve(indexed, port, family)
        raise network_error(exc, _cannot_resolve(host, port, family)) from None
    family, sockaddr = _first_address(host, infos)
    if family != socket.AF_INET6:
        return family, sockaddr
    # anyio writes the scope id into the host ("fe80::1%3", port): the whole
    # sockaddr again, from the numeric text (no name lookup).
    return resolve_blocking(sockaddr[0], sockaddr[1], family)


def resolve_blocking(host: str, port: int, family: int = 0) -> tuple[int, SockAddr]:
    """`resolve`, blocking the calling thread (socket.getaddrinfo gives whole addresses).

    An ASCII host goes as bytes: getaddrinfo encodes text with the idna codec, whose
    import costs a command ~1 ms, and which raises UnicodeError for an empty label.
    """
    _check_address(host, port)
    name = host.encode() if host.isascii() else host
    try:
        infos = socket.getaddrinfo(name, port, family=family, type=socket.SOCK_DGRAM)
    except UnicodeError as exc:  # no IDNA name: a lone surrogate, an empty or long label
        raise ResolutionError(socket.EAI_NONAME, f"{_cannot_resolve(host, port)}: {exc}") from None
    except OSError as exc:
        indexed = _indexed_scope(host)
        if indexed is not None:
            return resolve_blocking(indexed, port, family)
        raise network_error(exc, _cannot_resolve(host, port, family)) from None
    return _first_address(host, infos)


def _indexed_scope(host: str) -> str | None:
    """`host`, an IPv6 address whose scope id is an interface's name (``::1%lo``), with
    that interface's index (``::1%1``): glibc's getaddrinfo takes a name only for
    link-local addresses, Net-SNMP's tools for any. None: no such host or interface."""
    address, percent, scope = host.partition("%")
    if not percent or ":" not in address or not scope or scope.isdigit():
        return None
    try:
        return f"{address}%{socket.if_nametoindex(scope)}"
    except (OSError, ValueError):  # no such interface; a NUL in the name
        return None
