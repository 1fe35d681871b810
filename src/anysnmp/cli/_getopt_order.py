"""The options of snmp_parse_args' tools (snmpget...) read in their order: getopt hands
them over one at a time and the tool stops at the first it refuses (``-v5 -v2c``: 5; ``-Oz
-v9``: z). click takes the last of an option given twice and reads some values only when
the command runs; `check_in_order` finds the one Net-SNMP's tools stop at before click
reads them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from ._log import set_log
from ._mibs import check_letters
from ._option_types import CNumber, NamedValue, ProtocolName
from ._target import check_key_text

__all__ = ("check_in_order",)

#: The options whose callback reads their value (and refuses it as Net-SNMP's tools do).
_CALLBACKS = frozenset(("-e", "-E", "-Z", "-p", "-D"))
#: The options of keys in hex.
_KEYS = frozenset(("-3m", "-3M", "-3k", "-3K"))


def check_in_order(
    ctx: click.Context,
    params: Sequence[click.Parameter],
    args: Sequence[str],
    c_check: Callable[[tuple[str, ...]], object] | None,
) -> None:
    """Reads `args` (after `join_split_flags`, without the configuration lines) as getopt
    hands them to Net-SNMP's tools, and checks each option's value in that order, as they
    check it when they meet it (`c_check`: the command's -C letters). It stops where they
    stop reading: an option getopt refuses or without its value (click says those), one
    that exits (``-h``, ``-V``, ``-H``), ``--``, the first argument of a command whose
    options end there.

    Raises:
        UsageError: the first value refused, in its tool's words; -L's take effect in
            order (a refusal after ``-Ln`` is not logged).
    """
    options = {name: p for p in params if isinstance(p, click.Option) for name in p.opts}
    longer = sorted((n for n in options if len(n) > 2 and n[1] != "-"), key=len, reverse=True)
    logs: list[str] = []
    at = 0
    while at < len(args):
        arg = args[at]
        at += 1
        if arg == "--":
            return
        if arg[:1] != "-" or arg == "-":
            if not ctx.allow_interspersed_args:
                return
            continue
        if arg[:2] == "--":  # ours (--backend, --json, --help...)
            option = options.get(arg.partition("=")[0])
            if option is None or option.is_eager:
                return
            at += _takes_value(option) and "=" not in arg
            continue
        name = next((n for n in longer if arg.startswith(n)), None)
        letters = [name] if name is not None else [f"-{letter}" for letter in arg[1:]]
        used = 1
        for name in letters:
            used += len(name) - 1
            option = options.get(name)
            if option is None:
                return
            if not _takes_value(option):
                if option.is_eager:
                    return
                continue
            value: str | None = arg[used:].removeprefix("=") if name in _KEYS else arg[used:]
            if not value and not arg[used:]:
                value = args[at] if at < len(args) else None
                at += 1
            if value is None:
                return
            _check(ctx, option, name, value, logs, c_check)
            break


def _takes_value(option: click.Option) -> bool:
    return not option.is_flag and not option.count


def _check(
    ctx: click.Context,
    option: click.Option,
    name: str,
    value: str,
    logs: list[str],
    c_check: Callable[[tuple[str, ...]], object] | None,
) -> None:
    """One option's value checked as its tool checks it when getopt hands it over."""
    if isinstance(option.type, (NamedValue, ProtocolName, CNumber)):
        option.type.convert(value, option, ctx)
    elif name in _CALLBACKS and option.callback is not None:
        option.callback(ctx, option, value)
    elif name in ("-O", "-I", "-P"):
        check_letters(name[1], value)
    elif name in _KEYS:
        check_key_text(value, name)
    elif name == "-L":
        logs.append(value)
        set_log(logs)
    elif name == "-C" and c_check is not None:
        try:
            c_check((value,))
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise
