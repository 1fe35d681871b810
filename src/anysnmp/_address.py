"""Transport addresses in Net-SNMP's syntax: ``[transport:]host[:port]``.

``udp:host:port``, ``udp6:[addr]:port``, ``tcp:host:port`` and
``tcp6:[addr]:port``; without a transport, UDP. An IPv6 address with a port
is written in brackets; a bare IPv6 address (``::1``) takes the default port.
A number alone is a port, of the wildcard address (``1162``, ``udp6:1162``).
"""

from __future__ import annotations

import socket

from ._errors import AddressError
from ._frozen import frozen, set_fields

__all__ = ("TRANSPORTS", "TransportAddress", "parse_address")

#: Net-SNMP's transport names: (transport, address family; 0 for any).
TRANSPORTS = {
    "udp": ("udp", 0),
    "udp6": ("udp", socket.AF_INET6),
    "udpv6": ("udp", socket.AF_INET6),
    "udpipv6": ("udp", socket.AF_INET6),
    "tcp": ("tcp", 0),
    "tcp6": ("tcp", socket.AF_INET6),
    "tcpv6": ("tcp", socket.AF_INET6),
    "tcpipv6": ("tcp", socket.AF_INET6),
}
#: Net-SNMP transports that anysnmp does not speak.
_UNSUPPORTED = ("unix", "dtlsudp", "dtlsudp6", "tls", "tlstcp", "tlstcp6", "ipx", "aal5pvc")


@frozen("transport", "host", "port", "family")
class TransportAddress:
    """A transport ("udp" or "tcp"), a host and a port.

    ``str()`` writes it back in Net-SNMP's syntax (``tcp6:[::1]:1161``).

    Attributes:
        transport: "udp" or "tcp".
        host: the host name or address.
        port: the port.
        family: the address family a ``udp6:``/``tcp6:`` address asks for; 0 for any.
    """

    __slots__ = ("family", "host", "port", "transport")
    transport: str
    host: str
    port: int
    family: int

    def __init__(self, transport: str, host: str, port: int, family: int = 0) -> None:
        set_fields(self, transport=transport, host=host, port=port, family=family)

    def __str__(self) -> str:
        if ":" in self.host:
            return f"{self.transport}6:[{self.host}]:{self.port}"
        return f"{self.transport}:{self.host}:{self.port}"


def parse_address(text: str, default_port: int = 161) -> TransportAddress:
    """`text` in Net-SNMP's syntax as a `TransportAddress`.

    Raises:
        AddressError: an unsupported transport, no host, or a bad port.
    """
    rest = text
    transport, family = "udp", 0
    prefix, sep, tail = text.partition(":")
    if sep and prefix.lower() in TRANSPORTS:
        transport, family = TRANSPORTS[prefix.lower()]
        rest = tail
    elif sep and prefix.lower() in _UNSUPPORTED:
        raise AddressError(f"{text}: only the udp and tcp transports are supported")
    port_text: str | None = None  # None: no port given
    if rest.isascii() and rest.isdigit() and int(rest) <= 65535:  # Net-SNMP: a port alone
        wildcard = "::" if family == socket.AF_INET6 else "0.0.0.0"
        return TransportAddress(transport, wildcard, int(rest), family)
    if rest.startswith("["):
        host, bracket, after = rest[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise AddressError(f"{text}: bad address, expected [ipv6-address]:port")
        port_text = after[1:] if after else None
    elif rest.count(":") == 1:
        host, _, port_text = rest.partition(":")
    else:
        host = rest  # a host name, IPv4 address, or bare IPv6 address
    if not host:
        raise AddressError(f"{text}: no host")
    if port_text is None:
        return TransportAddress(transport, host, default_port, family)
    if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise AddressError(f"{text}: bad port {port_text!r}")
    return TransportAddress(transport, host, int(port_text), family)
