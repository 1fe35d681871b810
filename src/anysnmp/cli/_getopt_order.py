"""The options of Net-SNMP's tools (snmpget..., snmptranslate) read in their order: getopt
hands them over one at a time and the tool stops at the first it refuses (``-v5 -v2c``: 5;
``-Oz -v9``: z). click takes the last of an option given twice and reads some values only
when the command runs; `check_in_order` finds the one Net-SNMP's tools stop at before click
reads them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import click

from ._log import log, set_log
from ._mibs import check_letters
from ._option_types import CNumber, NamedValue, ProtocolName
from ._target import UnknownOidError, check_key_text

__all__ = ("check_in_order",)

#: The options whose callback reads their value (and refuses it as Net-SNMP's tools do).
_CALLBACKS = frozenset(("-e", "-E", "-Z", "-p", "-D"))
#: The options of keys in hex.
_KEYS = frozenset(("-3m", "-3M", "-3k", "-3K"))


def check_in_order(
    ctx: click.Context,
    params: Sequence[click.Parameter],
    args: Sequence[str],
    checks: Mapping[str, Callable[[str], object]],
    translate: bool = False,
) -> None:
    """Reads `args` (after `join_split_flags`, without the configuration lines) as getopt
    hands them to Net-SNMP's tools, and checks each option's value in that order, as they
    check it when they meet it (`checks`: the command's own, by option: -C's letters,
    snmptranslate's -T and -w; `translate`: snmptranslate's words for -O, -I, -P). It
    stops where they stop reading: an option getopt refuses or without its value (click
    says those), one that exits (``-h``, ``-V``, ``-H``), ``--``, the first argument of a
    command whose options end there.

    Then, the options read (not after a refusal nor an exit), the passphrases' keys, as
    they make them there (`_check_passphrases`).

    Raises:
        UsageError: the first value refused, in its tool's words; -L's take effect in
            order (a refusal after ``-Ln`` is not logged).
    """
    options = {name: p for p in params if isinstance(p, click.Option) for name in p.opts}
    longer = sorted((n for n in options if len(n) > 2 and n[1] != "-"), key=len, reverse=True)
    logs: list[str] = []
    given: dict[str, str] = {}  # the last value of each option
    at = 0
    while at < len(args):
        arg = args[at]
        at += 1
        if arg == "--":
            break
        if arg[:1] != "-" or arg == "-":
            if not ctx.allow_interspersed_args:
                break
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
            _check(ctx, option, name, value, logs, checks, translate)
            given[name] = value
            break
    if not translate:
        _check_passphrases(given)


#: The shortest passphrase Net-SNMP makes a key of (RFC 3414 11.2), and its words for it.
_SHORTEST = 8
_MIN = f" (min={_SHORTEST})"


def _check_passphrases(given: dict[str, str]) -> None:
    """What Net-SNMP's tools do once their options are read, before their arguments: make
    the keys of -A's passphrase (any version) and of -X's, hashed with -a's protocol (or
    -A's, its default), and stop at one too short, with their lines (two logged, the last
    on stderr); -X with neither -a nor -A has no hash to make its key with: a line of no
    reason logged, then the last.

    Raises:
        UnknownOidError: a passphrase too short, or -X's with no hash.
    """
    for option, what in (("-A", "authentication"), ("-X", "privacy")):
        text = given.get(option)
        if text is None:
            continue
        if option == "-X" and "-a" not in given and "-A" not in given:
            log("anysnmp: \n")
            raise UnknownOidError(
                f"Error generating a key (Ku) from the supplied {what} pass phrase. ", status=1
            )
        if len(text.encode("utf-8", "surrogateescape")) < _SHORTEST:
            log(f"Error: passphrase chosen is below the length requirements of the USM{_MIN}.\n")
            log("anysnmp:  (The supplied password length is too short.)\n")
            raise UnknownOidError(
                f"Error generating a key (Ku) from the supplied {what} pass phrase. ", status=1
            )


def _takes_value(option: click.Option) -> bool:
    return not option.is_flag and not option.count


def _check(
    ctx: click.Context,
    option: click.Option,
    name: str,
    value: str,
    logs: list[str],
    checks: Mapping[str, Callable[[str], object]],
    translate: bool,
) -> None:
    """One option's value checked as its tool checks it when getopt hands it over."""
    if isinstance(option.type, (NamedValue, ProtocolName, CNumber)):
        option.type.convert(value, option, ctx)
    elif name in _CALLBACKS and option.callback is not None:
        option.callback(ctx, option, value)
    elif name in ("-O", "-I", "-P"):
        check_letters(name[1], value, translate)
    elif name in _KEYS:
        check_key_text(value, name)
    elif name == "-L":
        logs.append(value)
        set_log(logs)
    elif name in checks:
        try:
            checks[name](value)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise
