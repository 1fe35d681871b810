"""The usage screen of the commands that stand for Net-SNMP's tools (``-h``, ``--help``, and
after a usage error), laid out as theirs: a ``USAGE:`` line, the version, then every option
a line, its letter and value, then what it does from the 24th column, in Net-SNMP's sections
and order (the words are ours). On stderr, exit status 1 (snmptrapd's -h: 0), as Net-SNMP's
tools."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, NoReturn

import click

from ._getopt_order import check_in_order
from ._snmpconf import command_line_lines, long_option_line

__all__ = (
    "COMMANDS",
    "TRANSLATE",
    "TRAPD",
    "UsageCommand",
    "UsageScreen",
    "usage_failed",
    "usage_screen",
)


class Layout(NamedTuple):
    """How a tool lays its usage screen out: its sections of options (title, letters), the
    word its first line starts with, the exit status of -h."""

    sections: tuple[tuple[str | None, tuple[str, ...]], ...]
    usage: str = "USAGE"
    status: int = 1
    #: Whether an option getopt refuses is said twice (``invalid option: -?``).
    twice: bool = False
    #: Whether a long option none of the command's is a configuration line (``--TOKEN=VALUE``:
    #: `UsageCommand.take_lines`); else getopt refuses its ``-``.
    long_lines: bool = True


#: The sections of snmp_parse_args' tools' options (snmpget...), in their order (each
#: option's place in its section is Net-SNMP's too); the options no section names come
#: last, as anysnmp's own.
COMMANDS = Layout(
    (
        (None, ("-h", "-H", "-v", "-V")),
        ("Communities (SNMP v1 and v2c)", ("-c",)),
        ("Users (SNMP v3)", ("-a", "-A", "-e", "-E", "-l", "-n", "-u", "-x", "-X", "-Z")),
        ("Keys (SNMP v3)", ("-3m", "-3M", "-3k", "-3K")),
        ("Waiting for answers", ("-r", "-t")),
        ("Debugging", ("-d", "-D")),
        ("MIBs, names and output", ("-m", "-M", "-P", "-O", "-I", "-L", "-C")),
    )
)
#: snmptranslate's options, in its order (no sections).
TRANSLATE = Layout(
    ((None, ("-h", "-V", "-m", "-M", "-D", "-w", "-T", "-P", "-O", "-I", "-L")),),
    twice=True,
    long_lines=False,
)
#: snmptrapd's; its -h exits with 0.
TRAPD = Layout(
    (
        (
            None,
            ("-a", "-A", "-c", "-C", "-d", "-D", "-f", "-F", "-g", "-h", "-H", "-m", "-M", "-n"),
        ),
        (None, ("-p", "-t", "-u", "-v", "-x", "-X", "-O", "-L")),
    ),
    usage="Usage",
    status=0,
    twice=True,
)
#: The column descriptions start at (Net-SNMP's tabs: stops of 8).
_COLUMN = 24
#: The longest list of choices shown as an option's value (else its name, the list after).
_SHORT = 12


def usage_screen(ctx: click.Context, layout: Layout = COMMANDS) -> str:
    """`ctx`'s command's usage screen, its options laid out as `layout` says."""
    from importlib.metadata import version

    command = ctx.command
    pieces = " ".join(command.collect_usage_pieces(ctx))
    summary = (command.help or "").strip().split("\n")[0]
    lines = [
        f"{layout.usage}: {ctx.command_path} {pieces}",
        "",
        f"  Version:  {version('anysnmp')}",
        *([f"  Command:  {summary}"] if summary else []),
        "",
        "OPTIONS:",
    ]
    options = [p for p in command.get_params(ctx) if isinstance(p, click.Option) and not p.hidden]
    by_name = {name: option for option in options for name in option.opts}
    placed = {name for _, names in layout.sections for name in names}
    own = tuple(option.opts[0] for option in options if not placed & set(option.opts))
    for title, names in (*layout.sections, ("anysnmp's own", own)):
        rows = [_row(by_name[name]) for name in names if name in by_name]
        if rows:
            lines += [*([title] if title else []), *rows]
    return "\n".join(lines) + "\n"


def _row(option: click.Option) -> str:
    """One option's line: ``  -c COMMUNITY``, tabs to the column, what it does."""
    names = ", ".join(sorted(option.opts, key=len))
    words = " ".join((option.help or "").split())
    if not option.is_flag and not option.count:
        choices = "|".join(getattr(option.type, "choices", ()))
        metavar = option.metavar or (choices if 0 < len(choices) <= _SHORT else None)
        if metavar is None:
            metavar = (option.name or "value").upper()
            words += f" ({choices})" if choices else ""
        names += f" {metavar}"
    text = f"  {names}"
    tabs = max(1, (_COLUMN - len(text) + 7) // 8)
    return text + "\t" * tabs + words


def _show(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        assert isinstance(ctx.command, UsageCommand)
        click.echo(usage_screen(ctx, ctx.command.layout), err=True, nl=False)
        ctx.exit(ctx.command.layout.status)


#: What snmp_parse_args' tools say of an argument missing (by the argument's name).
_MISSING = {
    "agent_address": "No hostname specified.",
    "oids": "Missing object name",
    "assignments": "Missing object name",
    "table_oid": "Must have exactly one table name",
}


class UsageCommand(click.Command):
    """A command whose ``-h``/``--help`` prints its usage screen (`usage_screen`, laid out
    as `layout` says: `COMMANDS`, `TRANSLATE`, `TRAPD`) on stderr and exits with status 1,
    as Net-SNMP's tools do; an argument missing is said in their words, and arguments
    past the last with `extra` (else click's words), each after `c_check` of the -C
    letters given (they are read before the arguments are counted, as getopt meets them).
    The options are checked in getopt's order first (`check_in_order`: `checks`, the
    command's own checks of an option's value, by option)."""

    def __init__(
        self,
        *args: Any,
        layout: Layout = COMMANDS,
        extra: str | None = None,
        c_check: Callable[[tuple[str, ...]], object] | None = None,
        checks: Mapping[str, Callable[[str], object]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.extra = extra
        self.c_check = c_check
        self.checks = checks or {}
        self._help_option: click.Option | None = None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if self.layout.long_lines:
            args = self._lines_taken(ctx, args)
        if self.layout is not TRAPD:
            checks = dict(self.checks)
            c_check = self.c_check
            if c_check is not None:
                checks["-C"] = lambda value: c_check((value,))
            check_in_order(ctx, self.get_params(ctx), args, checks, self.layout is TRANSLATE)
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter as exc:
            line = _MISSING.get(exc.param.name or "") if exc.param is not None else None
            if line is None:
                raise
            self._check_c(ctx)
            raise click.UsageError(line, ctx) from None
        except click.UsageError as exc:  # click's parser names no context for some
            if self.extra is not None and exc.message.startswith("Got unexpected extra"):
                self._check_c(ctx)
                raise click.UsageError(self.extra, ctx) from None
            exc.ctx = exc.ctx or ctx
            raise

    def _lines_taken(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`args` but the long options none of the command's (``--TOKEN=VALUE``,
        ``--TOKEN``), given to `take_lines` as configuration lines, met as getopt meets
        them: not an option's value (``-c --x``), not after ``--``, nor after the first
        argument when the options stop there; ``--HELP``, ``--Version``: ours."""
        options = {
            name: param
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
            for name in param.opts
        }
        kept: list[str] = []
        lines: list[str] = []
        at = 0
        while at < len(args):
            arg = args[at]
            at += 1
            name = arg.partition("=")[0]
            positional = arg[:1] != "-" or arg == "-"
            if arg == "--" or (positional and not ctx.allow_interspersed_args):
                kept += args[at - 1 :]
                break
            if arg.lower() in ("--help", "--version") and arg.lower() in options:
                arg = name = arg.lower()  # as Net-SNMP's, in any case
            if arg[:2] == "--" and name not in options:
                lines.append(long_option_line(arg[2:]))
                continue
            kept.append(arg)
            if at < len(args) and _value_follows(arg, options, args[at]):
                kept.append(args[at])
                at += 1
        self.take_lines(ctx, lines)
        return kept

    def take_lines(self, ctx: click.Context, lines: list[str]) -> None:
        """Keeps the configuration lines of the command line: snmp.conf's."""
        command_line_lines(lines)

    def _check_c(self, ctx: click.Context) -> None:
        if self.c_check is not None:
            try:
                self.c_check(ctx.params.get("c_flags") or ())
            except click.UsageError as exc:
                exc.ctx = exc.ctx or ctx
                raise

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # One object: click orders the eager options by where the parser met that object,
        # so -h -V is -h's, as getopt meets them (a new one each call came last).
        if self._help_option is None:
            self._help_option = click.Option(
                ctx.help_option_names,
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_show,
                help="Print this usage screen (on stderr) and exit.",
            )
        return self._help_option


def _value_follows(arg: str, options: dict[str, click.Option], after: str) -> bool:
    """Whether option `arg` takes `after`, the argument after it, as its value (as click
    reads it): a group of letters, when its last one is the first taking a value."""
    option = options.get(arg)
    if option is None and arg[:2] != "--":
        for at, letter in enumerate(arg[1:], 2):
            option = options.get(f"-{letter}")
            if option is None or (_takes_value(option) and at < len(arg)):
                return False  # unknown, or its value in `arg`
            if _takes_value(option):
                break
    if option is None or not _takes_value(option):
        return False
    optional = getattr(option, "_flag_needs_value", False)  # listen's -D [TOKEN]
    return not (optional and after[:1] == "-" and len(after) > 1)


def _takes_value(option: click.Option) -> bool:
    return not option.is_flag and not option.count


class UsageScreen(click.UsageError):
    """A command line its Net-SNMP tool answers with its usage screen first, then `message`
    (a line; empty: the screen alone), such as a ``-C`` letter without its number."""


def usage_failed(exc: click.UsageError) -> NoReturn:
    """What Net-SNMP's tools print for a command line they cannot use: the reason (an option
    getopt refuses in getopt's words), then the usage screen (click's report for a command
    that has none); a `UsageScreen`: the screen, then its line; exit status 1."""
    ctx: Any = exc.ctx
    if ctx is not None and isinstance(ctx.command, UsageCommand):
        layout = ctx.command.layout
        if isinstance(exc, UsageScreen):
            click.echo(usage_screen(ctx, layout), err=True, nl=False)
            if exc.message:
                click.echo(exc.message, err=True)
            raise SystemExit(1)
        refused = _refused_option(exc, layout)
        if refused is None:
            click.echo(exc.format_message(), err=True)
        else:
            click.echo(f"{ctx.command_path}: {refused}", err=True)
            if layout.twice:  # snmptrapd's and snmptranslate's own line for getopt's '?'
                click.echo("invalid option: -?", err=True)
        click.echo(usage_screen(ctx, layout), err=True, nl=False)
    else:
        exc.show()
    raise SystemExit(1)


def _refused_option(exc: click.UsageError, layout: Layout) -> str | None:
    """What glibc's getopt says of an option `exc` refuses (unknown, or its value
    missing; a long one, to a tool of no long options: its ``-``), or None."""
    name = getattr(exc, "option_name", "")
    letter = name[1:] if len(name) == 2 and name[0] == "-" else None
    if name[:2] == "--" and not layout.long_lines:
        letter = "-"
    if isinstance(exc, click.NoSuchOption):
        return f"invalid option -- '{letter}'" if letter else f"unrecognized option '{name}'"
    if isinstance(exc, click.BadOptionUsage) and "requires" in exc.message:
        if letter:
            return f"option requires an argument -- '{letter}'"
        return f"option '{name}' requires an argument"
    return None
