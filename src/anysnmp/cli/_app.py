"""The ``anysnmp`` command: Net-SNMP's tools, their options and their output."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from .. import __name__ as _package
from .._codec import PduType
from .._errors import ErrorStatus, ErrorStatusError, TimeoutError
from .._protocol._walk import arcs
from ._blocking import BlockingSession, CommandSession
from ._log import log
from ._mibs import MibContext, mib_options
from ._options import c_atoi, parse_c_flags, snmp_options, target_from
from ._progress import Progress
from ._request import error_reason, error_report, request_fixing
from ._run import BLOCKING, run
from ._target import (
    Target,
    UnknownFlagError,
    UnknownOidError,
    UsageError,
    check_bulk,
    request_oid,
)
from ._usage import UsageCommand, UsageScreen, usage_failed
from ._walk import NotIncreasing, WalkOptions, walk_subtree

if TYPE_CHECKING:
    from .._session import SnmpSession
    from ._output import Output

__all__ = ("cli",)

S = TypeVar("S")

#: Where snmpwalk starts without an OID: mib-2.
MIB_2 = "1.3.6.1.2.1"
#: The most OIDs snmpget, snmpgetnext and snmpset take in one request (Net-SNMP's
#: SNMP_MAX_CMDLINE_OIDS).
MAX_CMDLINE_OIDS = 128


class _BadArgument(click.ClickException):
    """An argument the command cannot use: one line on stderr, exit status 1 (Net-SNMP's)."""

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class _Untranslatable(_BadArgument):
    """An OID translate cannot translate: exit status 2, as snmptranslate's."""

    exit_code = 2


#: Commands of other modules, by the module that defines each: imported only when run
#: (or listed by --help), so that a command loads only what it needs.
_ELSEWHERE = {
    "agent": "_agent_cmd",
    "demo": "_demo",
    "inform": "_notify_cmds",
    "listen": "_listen",
    "translate": "_translate",
    "trap": "_notify_cmds",
}


#: Commands of this module: each built when run (or listed by --help), not at import.
_BUILDERS: dict[str, Callable[[], click.Command]] = {}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_ELSEWHERE, *_BUILDERS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        build = _BUILDERS.get(cmd_name)
        if build is not None:
            if cmd_name not in self.commands:
                self.add_command(build(), cmd_name)
            return self.commands[cmd_name]
        module = _ELSEWHERE.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        command: click.Command = getattr(
            importlib.import_module(f"{__package__}.{module}"), cmd_name
        )
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnknownOidError as exc:  # Net-SNMP's line, with no prefix
            status = exc.status or (2 if ctx.invoked_subcommand == "translate" else 1)
            if not str(exc) or exc.logged:  # its lines said, or a line Net-SNMP logs
                if str(exc):
                    log(f"{exc}\n")
                raise SystemExit(status) from None
            raise (_Untranslatable if status == 2 else _BadArgument)(str(exc)) from None
        except UnknownFlagError as exc:  # Net-SNMP's line, with no prefix
            raise _BadArgument(str(exc)) from None
        except UsageError as exc:
            if exc.logged:
                log(f"anysnmp: {exc}\n")
                raise SystemExit(1) from None
            raise _BadArgument(f"anysnmp: {exc}") from None
        except click.UsageError as exc:  # the reason and the usage screen, exit status 1
            usage_failed(exc)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=_package, message="%(prog)s %(version)s")
def cli() -> None:
    """Fast SNMP from the command line, with Net-SNMP's options and output.

    Values print as Net-SNMP's tools print them: with -On, or with names when
    MIBs are loaded (-m, -M, MIBS); --json prints one JSON object per varbind.
    """


def _finish(
    target: Target,
    backend: str,
    work: Callable[[CommandSession], Awaitable[int | None]],
    timeout_stop: bool = False,
) -> NoReturn:
    """Runs `work` on a session with `target` (`BLOCKING`: the blocking session, else the
    async one under `backend`); exits with the command's status.

    A timeout prints Net-SNMP's line, with a full stop when `timeout_stop`
    (snmpget's and snmpgetnext's), without one for the others.
    """
    if backend == BLOCKING:
        blocking = lambda: BlockingSession(target.blocking_session())  # noqa: E731
        _exit_after(blocking, work, backend, target, timeout_stop)
    _exit_after(target.session, work, backend, target, timeout_stop)


def _exit_after(
    session: Callable[[], AbstractAsyncContextManager[S]],
    work: Callable[[S], Awaitable[int | None]],
    backend: str,
    target: Target,
    timeout_stop: bool = False,
) -> NoReturn:
    """Runs `work` on the opened `session()` under `backend`; exits with the command's status.

    The status is run's for an error, else the one `work` returns (None: 0). A v3 engine
    discovery that times out (on opening the session) is logged as Net-SNMP's tools log it
    (``snmpget: Timeout``), not said as a request's timeout.
    """
    status = 0

    async def main() -> None:
        nonlocal status
        opened = None
        try:
            async with session() as opened:
                status = await work(opened) or 0
        except TimeoutError:
            if opened is not None:
                raise
            raise UsageError("Timeout", logged=True) from None

    timeout = f"Timeout: No Response from {target.address}{'.' if timeout_stop else ''}"
    raise SystemExit(run(main, backend, target.address, timeout_line=timeout) or status)


def _request_command(
    name: str, pdu_type: PduType, summary: str, c_letters: str = ""
) -> click.Command:
    @click.command(
        name,
        cls=UsageCommand,
        help=summary,
        c_check=partial(parse_c_flags, allowed=c_letters),
    )
    @snmp_options(blocking=True)
    @mib_options
    @click.option("-C", "c_flags", multiple=True, help=f"Command options: {c_letters or 'none'}.")
    @click.argument("agent_address", metavar="AGENT")
    @click.argument("oids", nargs=-1, required=pdu_type != PduType.GETBULK)  # snmpbulkget: none
    def command(
        agent_address: str,
        oids: tuple[str, ...],
        c_flags: tuple[str, ...],
        backend: str,
        as_json: bool,
        **options: Any,
    ) -> None:
        mibs = MibContext(options)
        target = target_from(agent_address, options)
        if pdu_type == PduType.GETBULK:
            check_bulk(target)
        elif len(oids) > MAX_CMDLINE_OIDS:
            raise click.UsageError(
                f"Too many object identifiers specified. Only {MAX_CMDLINE_OIDS} allowed in one "
                "request."
            )
        flags = parse_c_flags(c_flags, c_letters, toggled=c_letters)  # snmpget's -Cf

        # An OID may be one arc (.1), as for walks: sent as Net-SNMP's tools send it.
        def convert(oid: str) -> str:
            return request_oid(mibs.root(oid))

        if pdu_type == PduType.GETBULK:  # snmpbulkget stops at the first that does not read
            names = [convert(oid) for oid in oids]
        else:  # snmpget and snmpgetnext report each, after opening their session
            names = mibs.oids(oids, convert, target.check_opening)
        out = mibs.output(json=as_json)

        async def main(session: CommandSession) -> int | None:
            if pdu_type != PduType.GETBULK:
                return await request_fixing(
                    session, pdu_type, names, out, fix=not flags.get("f", False)
                )
            try:
                answer = await session.request(
                    pdu_type,
                    names,
                    non_repeaters=int(flags.get("n", 0)),
                    max_repetitions=int(flags.get("r", 10)),
                )
            except ErrorStatusError as exc:  # as snmpbulkget reports it, exit status 2
                if exc.status == ErrorStatus.NO_SUCH_NAME:
                    out.text("End of MIB.")
                    return None
                sys.stderr.write(error_report(exc, "Error in packet.", out))
                return 2
            out.varbinds(answer)
            return None

        _finish(target, backend, main, timeout_stop=pdu_type != PduType.GETBULK)

    return command


_FIX_HELP = (
    " An error in the answer is printed as Net-SNMP prints it and the request goes again "
    "without the OID it names (-Cf: not again)."
)
_BUILDERS["get"] = partial(
    _request_command,
    "get",
    PduType.GET,
    "GET the OIDs in one request, like snmpget." + _FIX_HELP,
    "f",
)
_BUILDERS["getnext"] = partial(
    _request_command,
    "getnext",
    PduType.GETNEXT,
    "GETNEXT of the OIDs in one request, like snmpgetnext." + _FIX_HELP,
    "f",
)
_BUILDERS["bulkget"] = partial(
    _request_command,
    "bulkget",
    PduType.GETBULK,
    "One GETBULK, like snmpbulkget (-Cn non-repeaters, default 0; "
    "-Cr max-repetitions, default 10).",
    "nr",
)


def _set_command() -> click.Command:
    @click.command(
        cls=UsageCommand,
        context_settings={"allow_interspersed_args": False},  # i -5
        c_check=partial(parse_c_flags, allowed="q"),
    )
    @snmp_options(blocking=True)
    @mib_options
    @click.option("-C", "c_flags", multiple=True, help="q: print nothing on success.")
    @click.argument("agent_address", metavar="AGENT")
    @click.argument(
        "assignments", nargs=-1, required=True, metavar="OID TYPE VALUE [OID TYPE VALUE]..."
    )
    def set(
        agent_address: str,
        assignments: tuple[str, ...],
        c_flags: tuple[str, ...],
        backend: str,
        as_json: bool,
        **options: Any,
    ) -> None:
        """SET OIDs in one request, like snmpset; prints the agent's answer.

        TYPE is snmpset's letter (its first character): i INTEGER, u Unsigned32,
        t TimeTicks, a IpAddress, o OID, s STRING, x hex STRING, d decimal STRING,
        b BITS (bit numbers: "1 3"), n NULL, and Net-SNMP's Opaque-wrapped I Int64,
        U UInt64, F float, D double; with MIBs, = (the MIB's type), labels for i
        and b, names for o, and values checked against the object's type, ranges
        and DISPLAY-HINT as snmpset checks them (-Ir: neither type nor ranges).
        """
        from ._values import ValueLineError, build_check

        quiet = parse_c_flags(c_flags, "q").get("q", False)
        mibs = MibContext(options)
        _set_arguments(assignments)
        target = target_from(agent_address, options)
        varbinds, failed = [], False
        for name, kind, text in zip(
            assignments[::3], assignments[1::3], assignments[2::3], strict=True
        ):
            try:  # each that does not read is reported, a line each, as snmpset does
                oid = mibs.oid(name)
                typed = mibs.set_value(oid, kind[0], text)
            except (ValueLineError, UnknownOidError) as exc:
                if not failed:  # snmpset opens its session first: what that says goes first
                    target.check_opening()
                line = f"{name}: {exc}" if isinstance(exc, ValueLineError) else str(exc)
                log(f"{line}\n")
                failed = True
            else:
                varbinds.append((oid, typed))
        if failed:
            raise UnknownOidError("")
        build_check([typed for _, typed in varbinds])
        request = [(oid, int(typed.tag), typed.value) for oid, typed in varbinds]
        out = mibs.output(json=as_json)

        async def main(session: CommandSession) -> int:
            try:
                answer = await session.request(PduType.SET, request)
            except ErrorStatusError as exc:  # reported as snmpset reports it, exit status 2
                sys.stderr.write(error_report(exc, "Error in packet.", out))
                return 2
            if not quiet:
                out.varbinds(answer)
            return 0

        _finish(target, backend, main)

    return set


_BUILDERS["set"] = _set_command


def _set_arguments(assignments: tuple[str, ...]) -> None:
    """snmpset's reading of OID TYPE VALUE triples: its line for the first that lacks a
    part or has a type letter it does not take.

    Raises:
        UsageError: more than snmpset takes in one request.
        UnknownOidError: that line.
    """
    from ._values import SET_LETTERS

    if len(assignments) > 3 * MAX_CMDLINE_OIDS:
        raise click.UsageError(
            f"Too many assignments specified. Only {MAX_CMDLINE_OIDS} allowed in one request."
        )
    for i in range(0, len(assignments), 3):
        name, kind = assignments[i], assignments[i + 1 : i + 2]
        if not kind:
            raise UnknownOidError(f"{name}: Needs type and value")
        if kind[0][:1] not in SET_LETTERS:
            raise UnknownOidError(f"{name}: Bad object type: {kind[0][:1] or chr(0)}")
        if i + 2 >= len(assignments):
            raise UnknownOidError(f"{name}: Needs value")


def _table_error(exc: ErrorStatusError, getnext: bool, out: Output) -> int:
    """snmptable's report of an error-status (of a GETNEXT read, the failed object as `out`
    prints it); its exit status, 2."""
    if getnext:
        sys.stderr.write(error_report(exc, "Error in packet.", out))
    else:
        sys.stderr.write(f"Error in packet.\nReason: {error_reason(exc)}\n")
    return 2


#: An arc that may be past 32 bits (Net-SNMP's tools read OIDs in 64).
_LONG_ARC = re.compile(r"[0-9]{10}")


def _walk_range(
    mibs: MibContext, text: str, root: str, end: str | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None] | None:
    """snmpwalk's range (`WalkOptions.range_arcs`) where it is not the subtree of the root
    sent: a root with an arc past 32 bits (snmpbulkwalk's too), or ``-CE``'s OID outside
    the subtree."""
    sent = arcs(root)
    full = tuple(mibs.arcs(text)) if _LONG_ARC.search(text) else sent  # the parser if needed
    if end is None:
        return None if full == sent else (full, None)
    last = arcs(mibs.oid(end))
    if _LONG_ARC.search(end):
        given = tuple(mibs.arcs(end))
        last, within = given, given == last
    else:
        within = True
    within = within and last[: len(full)] == full and len(last) > len(full)
    return None if full == sent and within else (full, last)


def _walk_command(name: str, bulk: bool, summary: str, c_letters: str) -> click.Command:
    @click.command(
        name,
        cls=UsageCommand,
        help=summary,
        c_check=partial(parse_c_flags, allowed=c_letters, texts="E"),
        context_settings={"allow_extra_args": True},  # after OID: ignored, as by snmpwalk
    )
    @snmp_options(blocking=True)
    @mib_options
    @click.option("-C", "c_flags", multiple=True, help=f"Command options: {c_letters}.")
    @click.argument("agent_address", metavar="AGENT")
    @click.argument("oid", default=MIB_2)
    def command(
        agent_address: str,
        oid: str,
        c_flags: tuple[str, ...],
        backend: str,
        as_json: bool,
        **options: Any,
    ) -> None:
        mibs = MibContext(options)
        target = target_from(agent_address, options)
        if bulk:
            check_bulk(target)
        flags = parse_c_flags(c_flags, c_letters, texts="E", toggled=c_letters)
        root = mibs.root(oid)
        out = mibs.output(json=as_json)
        end = str(flags["E"]) if "E" in flags else None
        walk_options = WalkOptions(
            include_root=bool(flags.get("i")),
            get_root=not flags.get("I"),
            end=mibs.oid(end) if end is not None else None,
            print_count=bool(flags.get("p")),
            print_time=bool(flags.get("t")),
            range_arcs=_walk_range(mibs, oid, root, end),
        )

        async def main(session: CommandSession) -> int:
            try:
                await walk_subtree(
                    session,
                    root,
                    out,
                    bulk=bulk,
                    max_repetitions=_walk_repetitions(flags) if bulk else None,
                    check_increasing=not flags.get("c", False),
                    progress=Progress(),
                    options=walk_options,
                )
            except ErrorStatusError:  # reported as snmpwalk reports it: exit status 2
                return 2
            except NotIncreasing:  # its lines printed, as snmpwalk's: exit status 1
                return 1
            return 0

        _finish(target, backend, main)

    return command


def _walk_repetitions(flags: dict[str, int | bool | str]) -> int | None:
    """snmpbulkwalk's max-repetitions (-Cr, default 10; 0: the session's). Its one OID
    made a non-repeater (-Cn N, N >= 1) is answered one varbind per GETBULK, as with 1."""
    if int(flags.get("n", 0)):
        return 1
    return int(flags.get("r", 10)) or None


_BUILDERS["walk"] = partial(
    _walk_command,
    "walk",
    False,
    "Walk a subtree with GETNEXT, like snmpwalk (-Cc: allow non-increasing OIDs; -Ci: GET "
    "the OID first; -CI: never GET it; -CE OID: end before OID; -Cp: print the count; -Ct: "
    "print the time).",
    "ciIEpt",
)
_BUILDERS["bulkwalk"] = partial(
    _walk_command,
    "bulkwalk",
    True,
    "Walk a subtree with GETBULK, like snmpbulkwalk (-Cr max-repetitions, default 10; -Cn "
    "non-repeaters; -Cc: allow non-increasing OIDs; -Ci: GET the OID first; -Cp: print the count).",
    "cripn",
)


def _table_c_flags(c_flags: tuple[str, ...]) -> dict[str, int | bool | str]:
    """snmptable's -C letters; one it does not take: its words, then its usage screen."""
    try:
        return parse_c_flags(c_flags, "fibhHwlrBc", texts="fcwr")
    except UnknownFlagError as exc:
        raise click.UsageError(f"Bad option after -C: {exc.letter}") from None


def _table_command() -> click.Command:
    @click.command(
        cls=UsageCommand, extra="Must have exactly one table name", c_check=_table_c_flags
    )
    @snmp_options()
    @mib_options
    @click.option(
        "-C",
        "c_flags",
        multiple=True,
        help="Table options: f SEP (separator), i (index column), b (brief names), "
        "h (column names only), H (no headers), B (GETNEXT, no GETBULK), w WIDTH (split the "
        "grid), c WIDTH (columns WIDTH wide), l (left-justify), r N (max-repetitions).",
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1),
        default=4,
        show_default=True,
        help="Column walks at once.",
    )
    @click.argument("agent_address", metavar="AGENT")
    @click.argument("table_oid", metavar="TABLE-OID")
    def table(
        agent_address: str,
        table_oid: str,
        c_flags: tuple[str, ...],
        concurrency: int,
        backend: str,
        as_json: bool,
        **options: Any,
    ) -> None:
        """Fetch a table (its columns walked in parallel), printed as snmptable prints it.

        TABLE-OID is the table, such as IF-MIB::ifTable; its columns and their
        names come from the MIBs (loaded as for snmptable: MIBS or Net-SNMP's
        default modules when no -m is given). With --json, any table (no MIBs
        needed) prints as JSON varbinds, row by row.
        """
        from ._table import (
            Layout,
            NotATable,
            RepeatedIndex,
            print_grid_table,
            print_json_table,
            table_columns,
        )

        flags = _table_c_flags(c_flags)  # as snmptable reads them: before the MIBs load
        for letter, least in (("c", 3), ("w", 1), ("r", 1)):  # read by atoi, as snmptable
            if letter in flags:
                value, flags[letter] = flags[letter], c_atoi(str(flags[letter]))
                if int(flags[letter]) < least:  # its usage screen, then its words
                    raise UsageScreen(f"Bad -C{letter} option: {value}")
        mibs = MibContext(options, always=not as_json)
        target = target_from(agent_address, options)
        root = mibs.oid(table_oid)
        repetitions = int(flags["r"]) or None if "r" in flags else None
        if as_json:
            out = mibs.output(json=True)

            async def main(session: SnmpSession) -> int | None:
                try:
                    await print_json_table(
                        session, root, out, concurrency=concurrency, max_repetitions=repetitions
                    )
                except ErrorStatusError as exc:
                    return _table_error(exc, "B" in flags or target.version == "1", out)
                return None

            _exit_after(target.session, main, backend, target)
        formatter = mibs.grid_formatter()
        layout = Layout(
            separator=str(flags["f"]) if "f" in flags else None,
            index="i" in flags,
            brief="b" in flags,
            headers="H" not in flags,
            headers_only="h" in flags,
            width=int(flags["w"]) if "w" in flags else None,
            left="l" in flags,
            column_width=int(flags["c"]) if "c" in flags else None,
        )
        try:
            # An arc past 32 bits (sent cut to 32) is no table's: said with its 64 bits.
            wide = ".".join(map(str, mibs.arcs(table_oid)))
            table_columns(formatter, root if wide == root else wide)
        except NotATable as exc:
            click.echo(str(exc), err=True)
            raise SystemExit(1) from None

        async def grid(session: SnmpSession) -> int | None:
            try:
                await print_grid_table(
                    session,
                    root,
                    formatter,
                    layout,
                    concurrency=concurrency,
                    max_repetitions=repetitions,
                    getnext="B" in flags,
                )
            except RepeatedIndex as exc:  # snmptable's words and status; no table
                click.echo(f"OID not increasing: {exc}", err=True)
                return 2
            except ErrorStatusError as exc:
                return _table_error(
                    exc, "B" in flags or target.version == "1", mibs.output(json=False)
                )
            return None

        _exit_after(target.session, grid, backend, target)

    return table


_BUILDERS["table"] = _table_command
