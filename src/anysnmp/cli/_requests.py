"""Single typed requests, as Net-SNMP's snmpget/getnext/bulkget/set send them.

Each sends one PDU and returns every varbind of the answer as
``(oid, tag, value)``, exception values included, so the command prints
exactly what the agent said.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._codec import PduType
from .._errors import ErrorStatusError
from .._session import SnmpSession

__all__ = ("Varbind", "request_typed")

Varbind = tuple[str, int, Any]


async def request_typed(
    session: SnmpSession,
    pdu_type: PduType,
    varbinds: Sequence[str | tuple[str, int, Any]],
    *,
    non_repeaters: int = 0,
    max_repetitions: int = 0,
) -> list[Varbind]:
    """One GET, GETNEXT, GETBULK or SET; the answer's typed varbinds.

    `varbinds` are OIDs, or ``(oid, tag, value)`` triples for a SET.

    Raises:
        ErrorStatusError: the agent answered with a non-zero error-status.
    """
    codec = session._codec
    response = await session._exchange(
        lambda key: codec.encode_request(
            pdu_type, key, list(varbinds), non_repeaters, max_repetitions
        ),
        lambda data, key: codec.decode_response(data, key, True),
    )
    session._check_pdu(response)
    _, status, index, answer = response
    if status:
        named = varbinds[index - 1] if 1 <= index <= len(varbinds) else None
        raise ErrorStatusError(
            status, index, named if isinstance(named, str) or named is None else named[0]
        )
    return [(str(oid), int(tag), value) for oid, tag, value in answer]
