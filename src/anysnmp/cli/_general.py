"""The general options of Net-SNMP's tools: -L (log), -d (packets), -D, -H, -V."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ._target import UsageError

__all__ = ("general_options", "show_directives")

F = TypeVar("F", bound=Callable[..., Any])


def _set_log(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> None:
    from ._log import set_log

    set_log(values)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """-V: the version on stderr, as Net-SNMP's tools print theirs; exits."""
    if value:
        from importlib.metadata import version

        click.echo(f"anysnmp version: {version('anysnmp')}", err=True)
        ctx.exit(0)


def _listener_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """listen's -v: the version on stdout between empty lines, as snmptrapd's; exits."""
    if value:
        from importlib.metadata import version

        click.echo(f"\nanysnmp Version:  {version('anysnmp')}\n")
        ctx.exit(0)


def show_directives(
    ctx: click.Context, files: Sequence[tuple[str, Sequence[tuple[str, str]]]]
) -> None:
    """-H: the directives read in each kind of `files` (its names, its directives and their
    values), on stderr as Net-SNMP's tools list theirs; exits."""
    lines = ["Configuration directives understood:"]
    for names, directives in files:
        lines.append(f"  In {names}:")
        lines += [f"    {name:<24} {syntax}" for name, syntax in directives]
    click.echo("\n".join(lines), err=True)
    ctx.exit(0)


def _directives(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """-H: the snmp.conf directives read; exits."""
    if value:
        from ._snmpconf import DIRECTIVES

        show_directives(ctx, [("snmp.conf and snmp.local.conf", DIRECTIVES)])


def _dump(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """-d: every transport opened logs its messages (at priority debug)."""
    if value:
        from .._backends._dump import dump_messages
        from ._log import DEBUG, log

        dump_messages(lambda text: log(text, DEBUG))


def _debug(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise UsageError(f"-D{value}: Net-SNMP's debugging output is not available")


def _optional_value(optional: bool) -> dict[str, Any]:
    """click's settings of an option whose value may be left out (none when it may not)."""
    return {"is_flag": False, "flag_value": ""} if optional else {}


def general_options(
    *,
    packets: bool = True,
    directives: bool = True,
    version: Sequence[str] = ("-V", "--version"),
    listener: bool = False,
) -> Callable[[F], F]:
    """-L, -D, -V (--version: `version`, the names of that option) and, with `packets`, -d,
    with `directives`, -H. -D takes its TOKENs as getopt gives them: snmptrapd's
    (`listener`) may be left out, the other tools' may not."""

    def decorate(func: F) -> F:
        options = [
            click.option(
                "-L",
                "log",
                multiple=True,
                metavar="LOGOPTS",
                is_eager=True,
                expose_value=False,
                callback=_set_log,
                help="Where Net-SNMP's logged messages go: e (stderr), o (stdout), n (nowhere), "
                "f FILE, s FACILITY (syslog: d, u, 0-7); E O N F S: from a priority (0-7 or "
                "emerg...debug's letter: 'E 3', 'E 2-5').",
            ),
            click.option(
                "-D",
                "debug",
                metavar="TOKEN[,...]",
                **_optional_value(listener),
                expose_value=False,
                callback=_debug,
                help="Net-SNMP's debugging output: not available.",
            ),
            click.option(
                *version,
                "show_version",
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_listener_version if listener else _version,
                help="Print the version (on "
                + ("stdout, as snmptrapd" if listener else "stderr, as Net-SNMP's tools")
                + ") and exit.",
            ),
        ]
        if directives:
            options.append(
                click.option(
                    "-H",
                    is_flag=True,
                    is_eager=True,
                    expose_value=False,
                    callback=_directives,
                    help="List the snmp.conf directives read (on stderr) and exit.",
                )
            )
        if packets:
            options.append(
                click.option(
                    "-d",
                    "dump",
                    is_flag=True,
                    expose_value=False,
                    callback=_dump,
                    help="Dump the packets sent and received in hexadecimal (logged).",
                )
            )
        for decorator in reversed(options):
            func = decorator(func)
        return func

    return decorate
