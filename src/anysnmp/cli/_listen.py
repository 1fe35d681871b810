"""listen: snmptrapd, with its options and its snmptrapd.conf files (`_trapdconf`)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import anyio.to_thread
import click

from .._agent import Agent
from .._codec import core
from .._engine import generate_engine_id
from .._notify import SNMP_TRAPS, Notification, NotificationReceiver
from .._types import SnmpVersion
from .._usm import User
from ._format import format_json
from ._general import general_options, show_directives
from ._log import DEBUG, ERR, INFO, WARNING, append_to_files, log, log_given
from ._mibs import MibContext, mib_options
from ._options import (
    backend_option,
    engine_id_option,
    json_option,
    output_option,
    user_spec_option,
)
from ._run import run
from ._target import UnknownOidError, UsageError, parse_address
from ._trap_format import TrapFormat, own_lines, trap_pdu
from ._trapdconf import ALL_TYPES, LEVELS, TrapdConfig, read_trapd_config
from ._usage import TRAPD, UsageCommand

if TYPE_CHECKING:
    from .._mib._format import MibFormatter
    from .._transport import Request
    from ._listen_dump import DumpingReceiver

__all__ = ("listen", "notification_lines")

F = TypeVar("F", bound=Callable[..., Any])


def notification_lines(
    n: Notification, as_json: bool, formatter: MibFormatter | None = None
) -> str:
    """A received notification: a header line, then its varbinds from sysUpTime.0 on.

    The varbinds print as snmptrapd prints them (``%v``, a line each) with
    `formatter` (MIBs and -O flags), else numeric (-On); in JSON, `format_json`'s
    objects (with names when `formatter` has MIBs).
    """
    kind = "INFORM" if n.inform else "TRAP"
    if as_json:
        fields = {
            "source": f"{n.source[0]}:{n.source[1]}",
            "type": kind,
            "version": n.version.name,
            "community": n.community,
            "user": n.user,
            **({"context": n.context_name} if n.context_name else {}),
            "varbinds": [json.loads(format_json(*vb, formatter)) for vb in n.varbind_triples()],
        }
        return json.dumps(fields)
    sender = f"user {n.user}" if n.version == SnmpVersion.v3 else f"community {n.community}"
    if n.context_name:
        sender += f" context {n.context_name}"
    header = f"{kind} {n.version.name} from {n.transport}:{n.source[0]}:{n.source[1]} {sender}"
    return "\n".join([header, *n.lines(formatter)])


def _skip_defaults(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        from ._snmpconf import skip_default_files

        skip_default_files()


def _directives(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        from ._snmpconf import DIRECTIVES
        from ._trapdconf import DIRECTIVES as TRAPD_DIRECTIVES

        show_directives(
            ctx,
            [
                ("snmptrapd.conf and snmptrapd.local.conf", TRAPD_DIRECTIVES),
                ("snmp.conf and snmp.local.conf", DIRECTIVES),
            ],
        )


def _no_agentx(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise UsageError(
            f"-x {value}: listen is no AgentX subagent (it serves no NOTIFICATION-LOG-MIB)"
        )


def _withdrawn(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise UnknownOidError(
            "Warning: -o option has been withdrawn; use -Lf <file> instead", status=1
        )


def _eager_flag(
    letter: str, callback: Callable[[click.Context, click.Parameter, bool], None], text: str
) -> Callable[[F], F]:
    """A flag acted on (by `callback`) before the other options are read."""
    return click.option(
        letter, is_flag=True, is_eager=True, expose_value=False, callback=callback, help=text
    )


class _TrapdCommand(UsageCommand):
    """snmptrapd's command line: its configuration lines (``--TOKEN=VALUE``) are
    snmptrapd.conf's, read after the files (Net-SNMP's handle_long_opt), kept in
    ``ctx.meta``; those of snmp.conf's tokens (``--oidOutputFormat=1``) are snmp.conf's."""

    def take_lines(self, ctx: click.Context, lines: list[str]) -> None:
        from ._snmpconf import command_line_lines, snmp_line

        command_line_lines([line for line in lines if snmp_line(line)])
        ctx.meta[_LINES] = [line for line in lines if not snmp_line(line)]


#: Where `_TrapdCommand` keeps the lines of the command line.
_LINES = "anysnmp.listen.lines"


@click.command(cls=_TrapdCommand, layout=TRAPD)
@click.option(
    "-c",
    "config_files",
    metavar="FILE",
    help="Read FILE[,FILE...] as snmptrapd.conf files, after the default ones (authCommunity, "
    "authUser, createUser, traphandle, format1...: -H lists them).",
)
@_eager_flag(
    "-C",
    _skip_defaults,
    "Do not read the default configuration files (snmptrapd.conf, snmp.conf).",
)
@_eager_flag(
    "-H",
    _directives,
    "List the snmptrapd.conf and snmp.conf directives read (on stderr) and exit.",
)
@click.option(
    "--community",
    "communities",
    multiple=True,
    metavar="NAME",
    help="Accepted community, for every use (repeatable; as authCommunity log,execute,net; "
    "default public when neither these, --user nor the files say who may send).",
)
@user_spec_option
@engine_id_option("v3: this receiver's engine id, hex, which informs go to (default: generated).")
@click.option("--count", type=click.IntRange(min=1), help="Exit after this many notifications.")
@click.option(
    "-f",
    is_flag=True,
    expose_value=False,
    help="Stay in the foreground (snmptrapd's -f: listen always does).",
)
@_eager_flag(
    "-A",
    lambda _ctx, _param, value: append_to_files() if value else None,
    "Append to the -Lf files that follow, not empty them (snmptrapd's -A: before -L).",
)
@click.option(
    "-a",
    "ignore_auth",
    is_flag=True,
    help="Print no v1 authenticationFailure trap (snmptrapd's -a; traphandles still run).",
)
@click.option(
    "-p",
    "pid_file",
    metavar="FILE",
    help="Write the process id to FILE once listening (snmptrapd's -p).",
)
@click.option(
    "-d",
    "dump",
    is_flag=True,
    help="Dump each message received and reply sent in hexadecimal (logged, as snmptrapd -d).",
)
@click.option(
    "-n",
    "numeric",
    is_flag=True,
    help="Numeric addresses: no name lookups (for -F's %B; the header's never is).",
)
@click.option(
    "-F",
    "trap_format",
    metavar="FORMAT",
    help="Print each notification with snmptrapd's format sequences (%B %b %P %v...).",
)
@click.option(
    "-u",
    "run_user",
    metavar="UID",
    help="Run as this user (name or number) once listening (snmptrapd's -u; needs root).",
)
@click.option(
    "-g",
    "run_group",
    metavar="GID",
    help="Run as this group (name or number) once listening (snmptrapd's -g; needs root).",
)
@click.option(
    "-t",
    is_flag=True,
    expose_value=False,
    help="Taken as snmptrapd 5.9 takes it: it changes nothing (-Ls still logs notifications).",
)
@click.option(
    "-x",
    "agentx",
    metavar="ADDRESS",
    expose_value=False,
    callback=_no_agentx,
    help="AgentX master's address: refused, listen is no AgentX subagent.",
)
@click.option("-o", hidden=True, expose_value=False, callback=_withdrawn)
@click.option(
    "-X",
    is_flag=True,
    expose_value=False,
    help="Do not become an AgentX subagent (listen never does).",
)
@backend_option
@json_option
@mib_options
@output_option
@general_options(packets=False, directives=False, version=("-v", "-V", "--version"), listener=True)
@click.argument("address", required=False)
def listen(
    config_files: str | None,
    communities: tuple[str, ...],
    users: list[User],
    engine_id: bytes | None,
    count: int | None,
    ignore_auth: bool,
    pid_file: str | None,
    dump: bool,
    numeric: bool,
    trap_format: str | None,
    run_user: str | None,
    run_group: str | None,
    backend: str,
    as_json: bool,
    address: str | None,
    **options: Any,
) -> None:
    """Receive traps and informs (v1, v2c, v3) and print them, like snmptrapd -f -Lo -On.

    ADDRESS[,ADDRESS...] defaults to snmptrapd.conf's snmpTrapdAddr, else 0.0.0.0:162
    (port 162 needs privileges; try 127.0.0.1:1162); tcp:HOST:PORT listens on TCP (RFC
    3430). Who may send, what is printed and which programs run come from snmptrapd.conf
    files as snmptrapd reads them (-c FILE, -C; -H lists the directives), and
    --community and --user. Each notification prints as a header line and its varbinds,
    a line each as snmptrapd prints them (%v): numeric (-On), or with names when MIBs are
    loaded (-m, -M, MIBS), changed by -O flags as snmptrapd's; -F FORMAT (or format1,
    format2) prints it as snmptrapd -F does (%B %b %P %v %W...). Informs are
    acknowledged. As snmptrapd's, a createUser user is of one engine: with -e ENGINEID
    that engine's (its traps), without this receiver's (informs); a --user user sends
    traps from any engine id, and informs. A v3 notification's context name, when
    not empty, follows its user. Notifications go to stdout, or, with -L, where snmptrapd
    logs them (at priority info: -Lf FILE, -Le, -Ln...; snmptrapd -f without -L logs to
    syslog), printed as snmptrapd prints them when given no format (no header line).
    """
    if trap_format is not None and as_json:
        raise click.UsageError("-F and --json: one or the other")
    lines = click.get_current_context().meta.get(_LINES, [])
    config = read_trapd_config(os.environ, config_files, lines)
    if config.refused:
        raise UsageError("not supported by listen:\n" + "\n".join(config.refused))
    options["output_flags"] = (*options.get("output_flags", ()), *config.output_options)
    mibs = MibContext(options)
    formats = {1: trap_format, 2: trap_format} if trap_format is not None else config.print_formats
    printers = {} if as_json else {v: TrapFormat(text, numeric) for v, text in formats.items()}
    if log_given() and not as_json:  # snmptrapd's own prints, where no format is given
        for v in (1, 2):
            printers.setdefault(v, TrapFormat.default(f"print{v}", numeric))
    from ._traphandle import TrapHandlers

    handlers = TrapHandlers(config.handles, config.execute_formats, mibs, numeric)
    for problem in [*config.first_problems, *_in_order(config.problems, handlers.problems)]:
        log(f"{problem}\n", WARNING if ": Warning: " in problem else ERR)
    texts = (address or config.addresses or "0.0.0.0:162").split(",")
    targets = [parse_address(text, 162, ("udp", "tcp")) for text in texts if text]
    if not targets:  # snmptrapd opens its default address for an empty one; we refuse it
        raise UsageError(f"no address to listen on in {','.join(texts)!r}")
    ids = _ids(run_user or config.agent_user, run_group or config.agent_group)
    access = _Access(config, communities, users)
    engine_id = engine_id or generate_engine_id()
    receiver = NotificationReceiver(
        access.communities,
        users=users,
        engine_users=access.engine_users(engine_id),
        engine_id=engine_id,
    )
    refusals = _Refusals(receiver)
    handler: _Refusals | DumpingReceiver = refusals
    dumper = None
    if dump:
        from ._listen_dump import DumpingReceiver

        handler = dumper = DumpingReceiver(refusals, lambda text: log(text, DEBUG))
    ignored = ignore_auth or config.ignore_auth_failure
    pid_file = pid_file or config.pid_file

    async def main() -> None:
        async with Agent(targets, handler) as server:
            for endpoint in server.endpoints:
                print(f"anysnmp listen: receiving on {endpoint}", file=sys.stderr, flush=True)
            _run_as(*ids)
            if pid_file is not None:
                _write_pid(pid_file)
            received = 0
            async for item in refusals.notifications:
                text, priority = item if isinstance(item, tuple) else ("", INFO)
                if isinstance(item, Notification):
                    types = access.types(item)
                    if "execute" in types and handlers:
                        await anyio.to_thread.run_sync(handlers.run, item)
                    if "log" in types and not (ignored and _authentication_failure(item)):
                        text = await _text(item, printers, mibs, as_json)
                if dumper is not None:
                    dumper.printing()
                if text:
                    log(text, priority, unset=sys.stdout)
                if dumper is not None:
                    dumper.printed()
                received += isinstance(item, Notification)
                if count is not None and received >= count:
                    return

    raise SystemExit(run(main, backend, texts[0]))


class _Refusals:
    """`receiver` as an agent's handler, refusing as snmptrapd refuses: a v3 message of
    a wrong digest or that does not decrypt logged (priority warning) as snmptrapd logs
    it, and the latter answered with nothing (snmptrapd finds no PDU in what it
    decrypts, and sends no decryptionError Report: the inform's sender times out), and
    a notification of no snmpTrapOID.0 (or one no OID) logged as snmptrapd logs it."""

    wants_destinations = True

    def __init__(self, receiver: NotificationReceiver) -> None:
        self._receiver = receiver
        #: The receiver's notifications and the lines logged of messages refused
        #: (text, priority), in the order their messages came.
        self._send, self.notifications = anyio.create_memory_object_stream[
            Notification | tuple[str, int]
        ](_BUFFERED)

    async def __call__(self, request: Request) -> None:
        reply = self.answer(request)
        if reply is not None:
            await request.reply(reply)

    def answer(self, request: Request) -> bytes | None:
        """The receiver's answer, but to a message that does not decrypt."""
        engine = self._receiver.engine
        if core.message_version(request.data) != SnmpVersion.v3:
            return self._checked(request)
        before = engine.stats
        reply = self._checked(request)
        after = engine.stats
        if after.wrong_digests > before.wrong_digests:
            user = (core.usm_message_user(bytes(request.data)) or b"").decode(errors="replace")
            self._queue((f"Authentication failed for {user}\n", WARNING))
        if after.decryption_errors > before.decryption_errors:
            self._queue(("security service 3 error parsing ScopedPDU\n", WARNING))
            return None
        return reply

    def _checked(self, request: Request) -> bytes | None:
        """The receiver's answer, its notification passed on; a notification dropped for
        its snmpTrapOID.0 logged (priority err) as snmptrapd logs it."""
        stats = self._receiver.stats
        before = (stats.no_trap_oid, stats.bad_trap_oid)
        reply = self._receiver.answer(request)
        with contextlib.suppress(anyio.WouldBlock):
            while True:
                self._queue(self._receiver.notifications.receive_nowait())
        if stats.no_trap_oid > before[0]:
            self._queue(("Cannot find TrapOID in TRAP2 PDU\n", ERR))
        if stats.bad_trap_oid > before[1]:
            self._queue(("Can't determine trap identifier; refusing to authorize it\n", ERR))
        return reply

    def _queue(self, item: Notification | tuple[str, int]) -> None:
        try:
            self._send.send_nowait(item)
        except anyio.WouldBlock:  # the printing lags too far behind: dropped
            if isinstance(item, Notification):
                self._receiver.stats.dropped += 1


#: Notifications and lines `_Refusals` keeps for printing before it drops them.
_BUFFERED = 1024


def _in_order(problems: list[str], later: list[tuple[int, str]]) -> list[str]:
    """`problems` with those of `later` (each after so many of `problems`) among them."""
    merged = list(problems)
    for after, problem in reversed(later):
        merged.insert(after, problem)
    return merged


class _Access:
    """Who may send (communities, users) and what is done with what each sends (its
    authorization types): the files' and the command line's (every type)."""

    def __init__(
        self, config: TrapdConfig, communities: tuple[str, ...], users: list[User]
    ) -> None:
        self._config = config
        given_any = communities or users or config.configures_access()
        default = () if given_any else ("public",)
        self._communities = {*communities, *default}
        self._users = {user.name for user in users}
        self.communities = (
            None if config.everyone else sorted({*self._communities, *config.communities})
        )

    def engine_users(self, own: bytes) -> dict[bytes | None, list[User]]:
        """The files' users by engine id (those of no ``-e``: `own`'s, this receiver's), but
        those named by --user (theirs win): each user of its engine only, as snmptrapd's."""
        rows = {
            (engine or own, name): user
            for (engine, name), user in self._config.users.items()
            if name not in self._users
        }
        by_engine: dict[bytes | None, list[User]] = {}
        for (engine, _), user in rows.items():
            by_engine.setdefault(engine, []).append(user)
        return by_engine

    def types(self, n: Notification) -> frozenset[str] | set[str]:
        if self._config.everyone:
            return ALL_TYPES
        if n.version == SnmpVersion.v3:
            if n.user in self._users:
                return ALL_TYPES
            level = LEVELS.index(n.security_level or "noAuthNoPriv")
            types = self._config.authorized.get(n.user or "", {})
            return {kind for kind, lowest in types.items() if level >= LEVELS.index(lowest)}
        if n.community in self._communities:
            return ALL_TYPES
        return self._config.communities.get(n.community or "", set())


async def _text(
    n: Notification, printers: dict[int, TrapFormat], mibs: MibContext, as_json: bool
) -> str:
    """What is printed of `n`: the format of its version (-F, format1, format2), else its
    header and lines."""
    printer = printers.get(1 if trap_pdu(n) else 2)
    if printer is None:
        return notification_lines(n, as_json, mibs.formatter) + "\n"
    return await anyio.to_thread.run_sync(_formatted, printer, n, mibs)  # %B looks a name up


def _authentication_failure(n: Notification) -> bool:
    """Whether -a ignores `n`: a v1 trap of generic trap 4 (snmptrapd checks no other)."""
    return trap_pdu(n) and n.trap_oid == f"{SNMP_TRAPS}.5"


def _ids(user: str | None, group: str | None) -> tuple[int | None, int | None]:
    """-u and -g's user and group ids (names or numbers).

    Raises:
        UsageError: one names none (snmptrapd's words).
    """
    import grp
    import pwd

    uid = gid = None
    try:
        if user is not None:
            uid = int(user) if user.isdigit() else pwd.getpwnam(user).pw_uid
    except KeyError:
        raise UsageError(f"Bad user id: {user}") from None
    try:
        if group is not None:
            gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
    except KeyError:
        raise UsageError(f"Bad group id: {group}") from None
    return uid, gid


def _run_as(uid: int | None, gid: int | None) -> None:
    """-g and -u, once listening, as snmptrapd: the group (alone in the groups), then the
    user (with no other group when no -g).

    Raises:
        UsageError: the system refuses (not root).
    """
    try:
        if gid is not None:
            os.setgroups([gid])
            os.setgid(gid)
        if uid is not None:
            if gid is None:
                os.setgroups([])
            os.setuid(uid)
    except OSError as exc:
        ids = ", ".join(f"{name} {n}" for name, n in (("gid", gid), ("uid", uid)) if n is not None)
        raise UsageError(f"cannot run as {ids}: {exc.strerror}") from None


def _write_pid(path: str) -> None:
    """-p FILE: the process id and a newline, as snmptrapd writes it.

    Raises:
        UsageError: the file cannot be written.
    """
    try:
        with open(path, "w", encoding="ascii") as file:
            file.write(f"{os.getpid()}\n")
    except OSError as exc:
        raise UsageError(f"cannot write the process id to {path}: {exc.strerror}") from None


def _formatted(printer: TrapFormat, n: Notification, mibs: MibContext) -> str:
    """`n` as -F prints it: a v1 trap's own varbinds only, as snmptrapd's %v."""
    lines = n.lines(mibs.formatter)
    return printer.render(n, mibs.grid_formatter(), own_lines(n, lines), " [TRUNCATED]\n")
