"""GET and GETNEXT as snmpget and snmpgetnext send them.

An answer with an error-status is reported on stderr in Net-SNMP's words,
and the request goes again without the varbind the error-index names, so
the other OIDs still print (``-Cf`` turns that off); the exit status is
then 2 (of a GETNEXT, only for an answer naming an error-index, as snmpgetnext).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from .._codec import PduType
from .._errors import ErrorStatusError
from ._output import Output

if TYPE_CHECKING:
    from ._blocking import CommandSession

__all__ = ("error_reason", "error_report", "request_fixing")

#: Net-SNMP's reasons for error-statuses (its tools' output, word for word: its
#: snmp_errstring): the SNMPv1 ones, and the SNMPv2 ones it explains or names.
_REASONS = {
    1: "(tooBig) Response message would have been too large.",
    2: "(noSuchName) There is no such variable name in this MIB.",
    3: "(badValue) The value given has the wrong type or length.",
    4: "(readOnly) The two parties used do not have access to use the specified SNMP PDU.",
    5: "(genError) A general failure occured",
    6: "noAccess",
    7: "wrongType (The set datatype does not match the data type the agent expects)",
    8: "wrongLength (The set value has an illegal length from what the agent expects)",
    9: "wrongEncoding",
    10: "wrongValue (The set value is illegal or unsupported in some way)",
    11: "noCreation (That table does not support row creation or that object can not ever "
    "be created)",
    12: "inconsistentValue (The set value is illegal or unsupported in some way)",
    13: "resourceUnavailable (This is likely a out-of-memory failure within the agent)",
    14: "commitFailed",
    15: "undoFailed",
    16: "authorizationError (access denied to that object)",
    17: "notWritable (That object does not support modification)",
    18: "inconsistentName (That object can not currently be created)",
}


def error_report(exc: ErrorStatusError, header: str, out: Output) -> str:
    """Net-SNMP's report: `header`, the reason, and the failed object followed by a blank line.

    The failed object prints as `out` prints OIDs (a name with MIBs, as -O says).
    """
    lines = [header, f"Reason: {error_reason(exc)}"]
    if exc.oid and exc.index:
        lines += [f"Failed object: {out.oid(exc.oid)}", ""]
    elif exc.index:  # an error-index past the varbinds: no object, and no blank line
        lines.append("Failed object: ")
    return "\n".join(lines) + "\n"


def error_reason(exc: ErrorStatusError) -> str:
    """Net-SNMP's reason for the error-status: 'Unknown Error' past RFC 3416's."""
    return _REASONS.get(exc.status, "Unknown Error")


async def request_fixing(
    session: CommandSession,
    pdu_type: PduType,
    oids: Sequence[str],
    out: Output,
    *,
    fix: bool = True,
    err: TextIO | None = None,
) -> int:
    """Sends a GET or GETNEXT of `oids`, printing the answer; 2 when an error was reported
    (of a GETNEXT, one with an error-index), else 0.

    Each answer with an error-status is reported on `err` (stderr) and, when
    `fix`, the request is sent again without the varbind it names, until an
    answer has none or no OID is left.
    """
    header = "Error in packet" if pdu_type == PduType.GET else "Error in packet."
    names = list(oids)
    status = 0
    while names:
        try:
            answer = await session.request(pdu_type, names)
        except ErrorStatusError as exc:
            (err or sys.stderr).write(error_report(exc, header, out))
            if pdu_type == PduType.GET or exc.index:  # snmpgetnext: 2 only with an index
                status = 2
            if not fix or not 1 <= exc.index <= len(names):
                break
            del names[exc.index - 1]
        else:
            out.varbinds(answer)
            break
    return status
