"""The walk commands: stream a subtree, then end the way snmpwalk/snmpbulkwalk do.

Net-SNMP prints an endOfMibView varbind that falls in the subtree, prints
``End of MIB`` when a v1 agent answers noSuchName, and GETs the root itself
when the walk found nothing under it. The library's walk stops silently at
those points, so one more GETNEXT after the walk tells which ending it was.
"""

from __future__ import annotations

from .._codec import PduType
from .._errors import ErrorStatusError
from .._session import SnmpSession
from .._types import SnmpVersion, Tag
from ._output import Output
from ._progress import Progress

__all__ = ("walk_subtree",)

_NO_SUCH_NAME = 2


def _in_subtree(oid: str, root: str) -> bool:
    return oid == root or oid.startswith(root + ".")


async def walk_subtree(
    session: SnmpSession,
    root: str,
    out: Output,
    *,
    bulk: bool,
    max_repetitions: int | None = None,
    check_increasing: bool = True,
    progress: Progress | None = None,
) -> int:
    """Walks `root`, printing each response's varbinds as it arrives; the count printed."""
    progress = progress or Progress()
    printed = 0
    last = root
    try:
        async for batch in session.walk_batches(
            root,
            bulk=bulk,
            max_repetitions=max_repetitions,
            typed=True,
            check_increasing=check_increasing,
        ):
            out.varbinds(batch)
            printed += len(batch)
            last = batch[-1][0]
            progress.add(len(batch))
    finally:
        progress.close()
    return printed + await _finish(session, root, last, printed, out)


async def _finish(session: SnmpSession, root: str, last: str, printed: int, out: Output) -> int:
    try:
        ((oid, tag, value),) = await session.request(PduType.GETNEXT, [last])
    except ErrorStatusError as exc:
        if session.version == SnmpVersion.v1 and exc.status == _NO_SUCH_NAME:
            out.text("End of MIB")
            return 0
        raise
    if tag == Tag.END_OF_MIB_VIEW and _in_subtree(oid, root):
        out.varbinds([(oid, tag, value)])
        return 1
    if printed:
        return 0
    try:
        answer = await session.request(PduType.GET, [root])
    except ErrorStatusError as exc:
        if exc.status == _NO_SUCH_NAME:
            return 0
        raise
    out.varbinds(answer)
    return len(answer)
