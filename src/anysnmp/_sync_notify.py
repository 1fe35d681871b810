"""The blocking notification senders: `anysnmp.sync.send_trap` and `anysnmp.sync.send_inform`.

The twins of `anysnmp.send_trap` and `anysnmp.send_inform`, on the blocking
transports: a trap is encoded and sent with the transport's `send`; an inform
is a request run by a blocking `SnmpSession`. No event loop is involved.
"""

from __future__ import annotations

from contextlib import ExitStack, suppress
from typing import TYPE_CHECKING

from ._backends import open_blocking_transport
from ._codec import PduType
from ._errors import ErrorStatusError
from ._notify import OutVarbinds, inform_request, trap_message
from ._sync import Manager, SnmpSession
from ._transport import Address, check_peer_port
from ._types import SnmpVersion
from ._usm import User, scoped_context

if TYPE_CHECKING:
    from ._mib._mib import Mib

__all__ = ("send_inform", "send_trap")


def send_trap(
    host: str,
    port: int = 162,
    *,
    trap_oid: str | None = None,
    varbinds: OutVarbinds = (),
    community: str | bytes = "public",
    version: SnmpVersion | None = None,
    user: User | None = None,
    engine_id: bytes | None = None,
    engine_boots: int = 1,
    engine_time: int | None = None,
    context_name: bytes | str = b"",
    context_engine_id: bytes | None = None,
    uptime: int | None = None,
    agent_addr: str = "0.0.0.0",
    local_addr: Address | None = None,
    transport: str = "udp",
    mib: Mib | None = None,
    enterprise: str | None = None,
    generic_trap: int | None = None,
    specific_trap: int | None = None,
) -> None:
    """Sends a trap, blocking until it is sent.

    Args: as `anysnmp.send_trap`'s, with the same errors.
    """
    check_peer_port(port, "receiver", 162)
    encode = trap_message(
        trap_oid,
        varbinds,
        uptime,
        version=version,
        community=community,
        user=user,
        engine=(engine_id, engine_boots, engine_time),
        context=scoped_context(context_name, context_engine_id),
        agent_addr=agent_addr,
        mib=mib,
        v1=(enterprise, generic_trap, specific_trap),
    )
    data = encode()
    endpoint, addr = open_blocking_transport(transport, host, port, local_addr)
    try:
        endpoint.send(data, addr)
    finally:
        endpoint.close()


def send_inform(
    host: str,
    port: int = 162,
    *,
    trap_oid: str,
    varbinds: OutVarbinds = (),
    community: str | bytes = "public",
    version: SnmpVersion | None = None,
    user: User | None = None,
    context_name: bytes | str = b"",
    context_engine_id: bytes | None = None,
    engine_id: bytes | None = None,
    engine_boots: int | None = None,
    engine_time: int | None = None,
    uptime: int | None = None,
    timeout: float = 5.0,
    retries: int = 1,
    local_addr: Address | None = None,
    transport: str = "udp",
    mib: Mib | None = None,
) -> None:
    """Sends an InformRequest and blocks until it is acknowledged.

    Args: as `anysnmp.send_inform`'s, with the same errors (`TimeoutError`
    after every retry, `AuthError` for a v3 USM error, `ConfigurationError`).
    """
    session, manager, triples = inform_request(
        SnmpSession,
        Manager,
        host,
        port,
        notification=(trap_oid, varbinds, uptime),
        version=version,
        user=user,
        local_addr=local_addr,
        transport=transport,
        mib=mib,
        community=community,
        context_name=context_name,
        context_engine_id=context_engine_id,
        engine_id=engine_id,
        engine_boots=engine_boots,
        engine_time=engine_time,
        timeout=timeout,
        retries=retries,
    )
    with ExitStack() as stack:
        if manager is not None:
            stack.enter_context(manager)
        stack.enter_context(session)
        with suppress(ErrorStatusError):  # any Response acknowledges, as for snmpinform
            session.request(PduType.INFORM, triples)
