"""The walk commands: stream a subtree, then end the way snmpwalk/snmpbulkwalk do.

Net-SNMP prints an exception value (endOfMibView, noSuch*) that falls in the
subtree, and the varbinds after it in that response that do (snmpsim repeats
endOfMibView to fill a GETBULK response), prints ``End of MIB`` when an
agent answers noSuchName, and GETs the root itself when the walk found
nothing under it (also after an error-status, which it reports first). The walk's plan says which ending it
was (`WalkPlan.end`), so no request is sent to find out. An OID that does not
follow the one its request asked after (snmpsim serving an unsorted recording)
is printed, with what follows it in its response in the subtree, before the
error; OIDs of one GETBULK answer need not increase among themselves, as
snmpbulkwalk checks them.

snmpwalk's ``-C`` options change that (`WalkOptions`): ``-Ci`` GETs the root
first, ``-CI`` never GETs it, ``-CE OID`` ends the walk before that OID, ``-Cp``
prints ``Variables found: N`` (also after an error), ``-Ct`` the time it took.

A root of one arc (``.1``) is walked from the OID Net-SNMP sends for it (the
octet 01, which reads as 0.1) on, as the rest.
"""

from __future__ import annotations

import sys
import time
from contextlib import aclosing
from typing import TYPE_CHECKING, NamedTuple

from .._codec import PduType
from .._errors import ErrorStatusError, OidNotIncreasingError, SnmpError
from .._protocol._answers import NO_SUCH_NAME
from .._protocol._walk import WalkEnd, WalkPlan, arcs
from .._types import Tag
from ._output import Output
from ._progress import Progress
from ._request import error_report
from ._target import request_oid

if TYPE_CHECKING:
    from ._blocking import CommandSession

__all__ = ("NotIncreasing", "WalkOptions", "walk_subtree")

_EXCEPTION_ENDS = (WalkEnd.END_OF_MIB_VIEW, WalkEnd.NO_SUCH_OBJECT, WalkEnd.NO_SUCH_INSTANCE)
#: The first exception value's tag (noSuchObject).
_EXCEPTION_TAG = int(Tag.NO_SUCH_OBJECT)


class NotIncreasing(OidNotIncreasingError):
    """A walk stopped at an OID that did not increase, said as Net-SNMP's walks say it
    (`not_increasing`): the command exits with status 1 and no more words."""


def not_increasing(out: Output, asked: tuple[int, ...], oid: str) -> None:
    """snmpwalk's and snmpbulkwalk's lines for `oid`, answered to a request of `asked`
    (arcs: a root's may be past 32 bits) that it does not follow; `out` names the OIDs."""
    out.flush()
    sys.stderr.write(
        f"Error: OID not increasing: {out.oid('.'.join(map(str, asked)))}\n >= {out.oid(oid)}\n\n"
    )


def _in_subtree(oid: str, root: str) -> bool:
    return oid == root or oid.startswith(root + ".")


class WalkOptions(NamedTuple):
    """snmpwalk's and snmpbulkwalk's ``-C`` options besides ``-Cc`` and ``-Cr``.

    Attributes:
        include_root: ``-Ci``: GET the root first and print it (an exception value too).
        get_root: not ``-CI``: GET the root when the walk found nothing under it.
        end: ``-CE OID``: the walk stops before the first OID >= this one (numeric).
        print_count: ``-Cp``: print ``Variables found: N`` after the walk.
        print_time: ``-Ct``: print ``Total traversal time = S seconds`` on stderr.
        range_arcs: for a GETNEXT walk whose range is not the root's subtree, the arcs of its
            root and of ``-CE``'s OID (None: the root's next sibling) as given (past 32
            bits too): snmpwalk walks from the root to that end.
    """

    include_root: bool = False
    get_root: bool = True
    end: str | None = None
    print_count: bool = False
    print_time: bool = False
    range_arcs: tuple[tuple[int, ...], tuple[int, ...] | None] | None = None


_DEFAULTS = WalkOptions()


async def walk_subtree(
    session: CommandSession,
    root: str,
    out: Output,
    *,
    bulk: bool,
    max_repetitions: int | None = None,
    check_increasing: bool = True,
    progress: Progress | None = None,
    options: WalkOptions = _DEFAULTS,
) -> int:
    """Walks `root`, printing each response's varbinds as it arrives; the count printed.

    With ``-Cp`` the count is printed after the walk, also when it stops with an
    `SnmpError` (which is then raised), as snmpwalk prints it. An `ErrorStatusError` is
    reported on stderr as snmpwalk reports it before the root is asked for (when nothing
    was printed), then raised.
    """
    started = time.monotonic()
    found = [0]
    try:
        await _walk(
            session, root, out, bulk, max_repetitions, check_increasing, progress, options, found
        )
    except SnmpError:
        if options.print_count:
            out.text(f"Variables found: {found[0]}")
        raise
    finally:
        if options.print_time:
            sys.stderr.write(f"Total traversal time = {time.monotonic() - started:f} seconds\n")
    if options.print_count:
        out.text(f"Variables found: {found[0]}")
    return found[0]


async def _walk(
    session: CommandSession,
    root: str,
    out: Output,
    bulk: bool,
    max_repetitions: int | None,
    check_increasing: bool,
    progress: Progress | None,
    options: WalkOptions,
    found: list[int],
) -> None:
    """`walk_subtree`, counting what it prints in ``found[0]`` (read after an error too)."""
    progress = progress or Progress()
    if options.include_root:
        found[0] += await _get_and_print(session, root, out)
    if options.range_arcs is not None and bulk:
        # snmpbulkwalk: no OID an agent has lies under a root past 32 bits; asked once
        await _ask_once(session, root, out, max_repetitions or 10, options, found)
        return
    if options.range_arcs is not None:
        await _walk_before_end(session, root, out, check_increasing, options, found)
        return
    end = None if options.end is None else arcs(options.end)
    # A root of one arc (.1) is the walker's too: its first request is after 0.1, which
    # BER encodes as Net-SNMP encodes the OID .1 (the octet 01).
    plan = session.walk_plan(
        root,
        bulk=bulk,
        max_repetitions=max_repetitions,
        typed=True,
        check_increasing=check_increasing,
        against_request=True,  # as snmpwalk and snmpbulkwalk check OIDs
        ahead=True,  # the agent answers the next request while a batch prints
        stop=options.end,  # none past -CE's OID
    )
    try:
        async with aclosing(session.run_walk(plan)) as batches:
            async for batch in batches:
                ended = end is not None and arcs(batch[-1][0]) >= end
                if end is not None and ended:  # -CE: the walk ends before `end`
                    batch = [item for item in batch if arcs(item[0]) < end]
                out.varbinds(batch)
                found[0] += len(batch)
                progress.add(len(batch))
                if ended:
                    break
    except OidNotIncreasingError:
        # Net-SNMP prints the varbind that did not increase and the rest of its
        # response in the subtree, each with its error when it does not follow the
        # request's OID.
        tail, asked = plan.walker.ended_tail, plan.walker.error_after
        out.varbinds(tail)
        found[0] += len(tail)
        if asked is None:  # an empty varbind list (Net-SNMP's walks would ask again forever)
            raise
        for oid, tag, _ in tail:
            if tag < _EXCEPTION_TAG and arcs(oid) <= arcs(asked):
                not_increasing(out, arcs(asked), oid)
        raise NotIncreasing from None
    except ErrorStatusError as exc:  # snmpwalk GETs the root after any answer (tooBig...)
        progress.close()  # its line erased before the report
        out.flush()
        sys.stderr.write(error_report(exc, "Error in packet.", out))
        if not found[0] and options.get_root:
            found[0] += await _get_and_print(session, root, out)
        raise
    finally:
        progress.close()
    found[0] += await _finish(session, root, plan, found[0], out, options.get_root)


async def _ask_once(
    session: CommandSession,
    root: str,
    out: Output,
    max_repetitions: int,
    options: WalkOptions,
    found: list[int],
) -> None:
    """snmpbulkwalk's walk of a root past 32 bits: one GETBULK of the OID sent (an
    error-status reported), nothing of its answer in the root's subtree, then the root."""
    try:
        await session.request(PduType.GETBULK, [request_oid(root)], max_repetitions=max_repetitions)
    except ErrorStatusError as exc:
        out.flush()
        sys.stderr.write(error_report(exc, "Error in packet.", out))
        if options.get_root:
            found[0] += await _get_and_print(session, root, out)
        raise
    if options.get_root:
        found[0] += await _get_and_print(session, root, out)


async def _walk_before_end(
    session: CommandSession,
    root: str,
    out: Output,
    check_increasing: bool,
    options: WalkOptions,
    found: list[int],
) -> None:
    """snmpwalk's own loop, where its range is not our walker's subtree (`WalkOptions.range_arcs`):
    GETNEXT after GETNEXT from the root (`root`, the OID sent) while the answers come
    before the end (-CE's OID, past the subtree too, else the root's next sibling), each
    after the OID asked (the root's as given: its arcs past 32 bits too)."""
    assert options.range_arcs is not None
    full, end = options.range_arcs
    if end is None:
        end = (*full[:-1], full[-1] + 1)
    asked, name = root, full
    while True:
        try:
            answer = await session.request(PduType.GETNEXT, [request_oid(asked)])
        except ErrorStatusError as exc:
            if exc.status == NO_SUCH_NAME:
                out.text("End of MIB")
                break
            out.flush()
            sys.stderr.write(error_report(exc, "Error in packet.", out))
            if not found[0] and options.get_root:
                found[0] += await _get_and_print(session, root, out)
            raise
        oid, tag, _ = answer[0]
        got = arcs(oid)
        size = min(len(end), len(got))
        if got[:size] >= end[:size]:  # Net-SNMP's snmp_oidtree_compare: past the end
            break
        out.varbinds(answer[:1])
        found[0] += 1
        if tag >= _EXCEPTION_TAG:
            break
        if check_increasing and name >= got:
            not_increasing(out, name, oid)
            raise NotIncreasing
        asked, name = oid, got
    if not found[0] and options.get_root:
        found[0] += await _get_and_print(session, root, out)


async def _finish(
    session: CommandSession,
    root: str,
    plan: WalkPlan | None,
    printed: int,
    out: Output,
    get_root: bool,
) -> int:
    """What Net-SNMP prints after a walk, by why it ended (`plan`, None if none ran);
    the root itself when nothing was printed, unless not `get_root` (``-CI``)."""
    end = plan.end if plan is not None else None
    if end is WalkEnd.NO_SUCH_NAME:  # any version's (then the root is asked for, as below)
        out.text("End of MIB")
    ended_by = plan.end_varbind if plan is not None else None
    if end in _EXCEPTION_ENDS and ended_by is not None and _in_subtree(ended_by[0], root):
        assert plan is not None
        # Net-SNMP prints the exception value and what follows it in the subtree.
        items = [(ended_by[0], ended_by[1], None), *plan.walker.ended_tail]
        out.varbinds(items)
        return len(items)
    if printed or not get_root:
        return 0
    return await _get_and_print(session, root, out)


async def _get_and_print(session: CommandSession, root: str, out: Output) -> int:
    """GETs the root and prints the answer, exception values too; an error-status prints
    nothing (as snmpwalk's). The count printed."""
    try:
        answer = await session.request(PduType.GET, [request_oid(root)])
    except ErrorStatusError:
        return 0
    out.varbinds(answer)
    return len(answer)
