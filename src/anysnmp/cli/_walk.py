"""The walk commands: stream a subtree, then end the way snmpwalk/snmpbulkwalk do.

Net-SNMP prints an exception value (endOfMibView, noSuch*) that falls in the
subtree, and the varbinds after it in that response that do (snmpsim repeats
endOfMibView to fill a GETBULK response), prints ``End of MIB`` when a v1
agent answers noSuchName, and GETs the root itself when the walk found
nothing under it. The walk's plan says which ending it
was (`WalkPlan.end`), so no request is sent to find out.

A root of one arc (``.1``) walks every two-arc subtree under it that the
agent has, one after the other, each found by a GETNEXT after the last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._codec import PduType
from .._errors import ErrorStatus, ErrorStatusError
from .._protocol._walk import WalkEnd, WalkPlan
from .._types import SnmpVersion, Tag
from ._output import Output
from ._progress import Progress
from ._target import request_oid

if TYPE_CHECKING:
    from ._blocking import CommandSession

__all__ = ("walk_subtree",)

_NO_SUCH_NAME = ErrorStatus.NO_SUCH_NAME
_EXCEPTION_ENDS = (WalkEnd.END_OF_MIB_VIEW, WalkEnd.NO_SUCH_OBJECT, WalkEnd.NO_SUCH_INSTANCE)


def _in_subtree(oid: str, root: str) -> bool:
    return oid == root or oid.startswith(root + ".")


async def walk_subtree(
    session: CommandSession,
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
    last = request_oid(root)
    plan: WalkPlan | None = None
    subtree = root if "." in root else await _next_subtree(session, root, last)
    try:
        while subtree is not None:
            plan = session.walk_plan(
                subtree,
                bulk=bulk,
                max_repetitions=max_repetitions,
                typed=True,
                check_increasing=check_increasing,
            )
            async for batch in session.run_walk(plan):
                out.varbinds(batch)
                printed += len(batch)
                last = batch[-1][0]
                progress.add(len(batch))
            subtree = None if subtree == root else await _next_subtree(session, root, last)
    finally:
        progress.close()
    return printed + await _finish(session, root, plan, printed, out)


async def _next_subtree(session: CommandSession, arc: str, after: str) -> str | None:
    """The two-arc subtree of the first OID after `after` when it is under `arc`, else None."""
    try:
        ((oid, tag, _),) = await session.request(PduType.GETNEXT, [after])
    except ErrorStatusError as exc:
        if exc.status == _NO_SUCH_NAME:
            return None
        raise
    if tag >= Tag.NO_SUCH_OBJECT or not _in_subtree(oid, arc):
        return None
    return ".".join(oid.split(".")[:2])


async def _finish(
    session: CommandSession, root: str, plan: WalkPlan | None, printed: int, out: Output
) -> int:
    """What Net-SNMP prints after a walk, by why it ended (`plan`, None if none ran)."""
    end = plan.end if plan is not None else None
    if end is WalkEnd.NO_SUCH_NAME and session.version == SnmpVersion.v1:
        out.text("End of MIB")
        return 0
    ended_by = plan.end_varbind if plan is not None else None
    if end in _EXCEPTION_ENDS and ended_by is not None and _in_subtree(ended_by[0], root):
        assert plan is not None
        # Net-SNMP prints the exception value and what follows it in the subtree.
        items = [(ended_by[0], ended_by[1], None), *plan.walker.ended_tail]
        out.varbinds(items)
        return len(items)
    if printed:
        return 0
    try:
        answer = await session.request(PduType.GET, [request_oid(root)])
    except ErrorStatusError as exc:
        if exc.status == _NO_SUCH_NAME:
            return 0
        raise
    out.varbinds(answer)
    return len(answer)
