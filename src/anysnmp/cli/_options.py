"""Net-SNMP's common options as click decorators, and the -C/-O option letters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from click.core import ParameterSource

from .._mib._cnumbers import strtol_int
from .._mib._hint import strtol
from .._usm import KeyType, User
from ._general import general_options
from ._log import log_arguments
from ._option_types import CNumber, NamedValue, ProtocolName, c_retries, c_timeout
from ._run import BLOCKING
from ._snmpconf import SECURITY_LEVEL_NAMES, ClientConfig, client_config, log_config_problems
from ._target import (
    AUTH_PROTOCOLS,
    PRIV_PROTOCOLS,
    SECURITY_LEVELS,
    Target,
    UnknownFlagError,
    UnknownOidError,
    UsageError,
    build_user,
    parse_boots_time,
    parse_engine_id,
    parse_user_spec,
)
from ._usage import UsageScreen

__all__ = (
    "BACKENDS",
    "backend_option",
    "blocking_backend_option",
    "c_atoi",
    "c_atol",
    "community_option",
    "configured_passphrases",
    "context_option",
    "engine_clock_option",
    "engine_id_option",
    "host_settings",
    "join_split_flags",
    "json_option",
    "output_option",
    "parse_c_flags",
    "retired_port_option",
    "retries_option",
    "snmp_options",
    "target_from",
    "timeout_option",
    "user_from",
    "user_options",
    "user_spec_option",
    "version_option",
)

F = TypeVar("F", bound=Callable[..., Any])

BACKENDS = ("asyncio", "trio")


def _apply(func: F, decorators: Sequence[Callable[[F], F]]) -> F:
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def _configured(field: str, default: Any = None) -> Callable[[], Any]:
    """An option's default: the configuration files' setting (snmp.conf), else `default`."""

    def value() -> Any:
        setting = getattr(client_config(), field)
        return default if setting is None else setting

    return value


#: -l's names: snmp.conf's, and noauth, auth, priv.
_LEVEL_NAMES = {
    **SECURITY_LEVEL_NAMES,
    "noauth": "noAuthNoPriv",
    "auth": "authNoPriv",
    "priv": "authPriv",
}


def version_option(help_text: str) -> Callable[[F], F]:
    """``-v 1|2c|3``; None when neither given nor configured (see `chosen_version`)."""
    return click.option(
        "-v",
        "version",
        type=NamedValue(["1", "2c", "3"], "Invalid version specified after -v flag: {}"),
        default=_configured("version"),
        show_default="snmp.conf's defVersion, else 3 when -u names a user, else 2c",
        help=help_text,
    )


def chosen_version(version: str | None, user: str | None) -> str:
    """`version` (-v or snmp.conf's defVersion), else the default for `user` (-u).

    Net-SNMP's tools default to 3: ``-u NAME -l authPriv ...`` needs no ``-v3``.
    With no user named (-u, snmp.conf's defSecurityName) that default could
    only fail, so it is 2c, where ``-c`` (default public) applies.
    """
    if version is not None:
        return version
    return "3" if user else "2c"


def community_option(func: F) -> F:
    """``-c COMMUNITY`` (default: snmp.conf's defCommunity, else public)."""
    return click.option(
        "-c",
        "community",
        default=_configured("community", "public"),
        show_default="snmp.conf's defCommunity, else public",
        help="Community (v1, v2c).",
    )(func)


def timeout_option(default: float, help_text: str) -> Callable[[F], F]:
    """``-t SECONDS`` (default: snmp.conf's timeout, else `default`)."""
    return click.option(
        "-t",
        "timeout",
        type=CNumber("timeout", c_timeout, "Invalid timeout in seconds after -t flag."),
        default=_configured("timeout", default),
        show_default=f"snmp.conf's timeout, else {default:g}",
        help=help_text,
    )


def retries_option(default: int, help_text: str) -> Callable[[F], F]:
    """``-r N`` (default: snmp.conf's retries, else `default`)."""
    return click.option(
        "-r",
        "retries",
        type=CNumber("retries", c_retries, "Invalid number of retries after -r flag."),
        default=_configured("retries", default),
        show_default=f"snmp.conf's retries, else {default}",
        help=help_text,
    )


def backend_option(func: F) -> F:
    """``--backend asyncio|trio``."""
    return click.option(
        "--backend",
        type=click.Choice(BACKENDS),
        default="asyncio",
        show_default=True,
        help="Event loop to run on.",
    )(func)


def blocking_backend_option(func: F) -> F:
    """``--backend blocking|asyncio|trio``: by default, no event loop."""
    return click.option(
        "--backend",
        type=click.Choice((BLOCKING, *BACKENDS)),
        default=BLOCKING,
        show_default=True,
        help="Event loop to run on (blocking: none, the blocking session).",
    )(func)


def output_option(func: F) -> F:
    """``-O FLAGS``: Net-SNMP's output flags."""
    return click.option(
        "-O",
        "output_flags",
        multiple=True,
        help="Output flags, as Net-SNMP's: 0 n f s S u b q Q v e E x a t T U X.",
    )(func)


def json_option(func: F) -> F:
    """``--json``."""
    return click.option(
        "--json", "as_json", is_flag=True, help="One JSON object per line instead of Net-SNMP text."
    )(func)


def user_options(func: F) -> F:
    """Net-SNMP's SNMPv3 user options: -u -l -a -A -x -X -3m -3M -3k -3K."""
    return _apply(
        func,
        [
            click.option(
                "-u",
                "user",
                default=_configured("user"),
                help="SNMPv3 security name (default: snmp.conf's defSecurityName).",
            ),
            click.option(
                "-l",
                "level",
                type=NamedValue(
                    SECURITY_LEVELS,
                    "Invalid security level specified after -3l flag: {}",
                    _LEVEL_NAMES,
                ),
                default=_configured("level"),
                help="SNMPv3 security level (default: snmp.conf's defSecurityLevel, else "
                "from the passphrases and keys given).",
            ),
            click.option(
                "-a",
                "auth",
                metavar="AUTH",
                type=ProtocolName(
                    "auth",
                    "Invalid authentication protocol specified after -3a flag: {}",
                ),
                default=_configured("auth"),
                help=f"SNMPv3 authentication protocol: {'|'.join(AUTH_PROTOCOLS)} (any case, "
                "or its start, as Net-SNMP's: sha2 is SHA-224; NOAUTH: none; default: "
                "snmp.conf's defAuthType).",
            ),
            click.option(
                "-A",
                "auth_pass",
                default=_configured("auth_pass"),
                help="SNMPv3 authentication passphrase (default: snmp.conf's "
                "defAuthPassphrase or defPassphrase).",
            ),
            click.option(
                "-x",
                "priv",
                metavar="PRIV",
                type=ProtocolName(
                    "privacy",
                    "Invalid privacy protocol specified after -3x flag: {}",
                ),
                default=_configured("priv"),
                help=f"SNMPv3 privacy protocol: {'|'.join(PRIV_PROTOCOLS)} (-C variants: "
                "Reeder key extension; any case, or its start; NOPRIV: none; default: "
                "snmp.conf's defPrivType).",
            ),
            click.option(
                "-X",
                "priv_pass",
                default=_configured("priv_pass"),
                help="SNMPv3 privacy passphrase (default: snmp.conf's defPrivPassphrase or "
                "defPassphrase).",
            ),
            _key_option("-3m", "auth_master", "master authentication key (Ku)", "AuthMaster"),
            _key_option("-3M", "priv_master", "master privacy key (Ku)", "PrivMaster"),
            _key_option("-3k", "auth_local", "localized authentication key (Kul)", "AuthLocalized"),
            _key_option("-3K", "priv_local", "localized privacy key (Kul)", "PrivLocalized"),
        ],
    )


def _key_option(flag: str, field: str, what: str, directive: str) -> Callable[[F], F]:
    """A key option, in hex (``0x`` optional), in place of a passphrase, as Net-SNMP's."""
    return click.option(
        flag,
        field,
        metavar="HEX",
        default=_configured(field),
        help=f"SNMPv3 {what} in hex, in place of a passphrase (default: snmp.conf's "
        f"def{directive}Key).",
    )


#: Which secret Net-SNMP's tools use, the first one given: a localized key (-3k), a
#: passphrase (-A) or a master key (-3m) on the command line, then the configuration
#: files' master key, passphrase (or defPassphrase) and localized key.
_SECRET_ORDER = (
    (KeyType.Localized, True),
    (KeyType.Password, True),
    (KeyType.Master, True),
    (KeyType.Master, False),
    (KeyType.Password, False),
    (KeyType.Localized, False),
)
_SECRET_FIELDS = {KeyType.Password: "pass", KeyType.Master: "master", KeyType.Localized: "local"}


def _given(name: str) -> bool:
    """Whether the option `name` of the running command was given (not a default)."""
    ctx = click.get_current_context(silent=True)
    source = ctx.get_parameter_source(name) if ctx else None
    return source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def _chosen_secret(options: dict[str, Any], kind: str) -> tuple[str | None, KeyType, bool]:
    """The secret of `kind` (auth, priv) used, what it is and whether the configuration files
    gave it."""
    names = {key_type: f"{kind}_{field}" for key_type, field in _SECRET_FIELDS.items()}
    for key_type, given in _SECRET_ORDER:
        value = options[names[key_type]]
        if value is not None and _given(names[key_type]) == given:
            return value, key_type, not given
    return None, KeyType.Password, False


def configured_passphrases(options: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The configuration files' passphrases the secrets of `options` are (none given on the
    command line wins over them), each with what it is: ``authentication``, ``privacy``."""
    found = []
    for kind, what in (("auth", "authentication"), ("priv", "privacy")):
        secret, key_type, configured = _chosen_secret(options, kind)
        if secret is not None and configured and key_type == KeyType.Password:
            found.append((secret, what))
    return tuple(found)


def _pop_secret(options: dict[str, Any], kind: str) -> tuple[str | None, KeyType]:
    """The secret of `kind` (auth, priv) used and what it is; its options removed."""
    secret, key_type, _ = _chosen_secret(options, kind)
    for field in _SECRET_FIELDS.values():
        del options[f"{kind}_{field}"]
    return secret, key_type


def _pop_user_fields(options: dict[str, Any]) -> dict[str, Any]:
    """The -u -l -a -A -x -X -3m -3M -3k -3K values (removed from `options`), names as
    `Target` spells them."""
    auth, priv, level = options.pop("auth"), options.pop("priv"), options.pop("level")
    configured = configured_passphrases(options)
    auth_pass, auth_key_type = _pop_secret(options, "auth")
    priv_pass, priv_key_type = _pop_secret(options, "priv")
    return {
        "user": options.pop("user"),
        "level": next(
            (name for name in SECURITY_LEVELS if level and name.lower() == level.lower()), None
        ),
        "auth": auth.upper() if auth else None,
        "auth_pass": auth_pass,
        "auth_key_type": auth_key_type,
        "priv": priv.upper() if priv else None,
        "priv_pass": priv_pass,
        "priv_key_type": priv_key_type,
        "configured_passphrases": configured,
    }


def user_from(options: dict[str, Any]) -> User:
    """The `User` of the -u -l -a -A -x -X -3m -3M -3k -3K values (removed from `options`)."""
    fields = _pop_user_fields(options)
    del fields["configured_passphrases"]
    return build_user(
        fields.pop("user"),
        fields.pop("level"),
        fields.pop("auth"),
        fields.pop("auth_pass"),
        fields.pop("priv"),
        fields.pop("priv_pass"),
        **fields,
    )


def _user_specs(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> list[User]:
    try:
        return [parse_user_spec(text) for text in value]
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def user_spec_option(func: F) -> F:
    """``--user NAME[:AUTH:AUTHPASS[:PRIV:PRIVPASS]]`` (repeatable) as a list of `User`."""
    return click.option(
        "--user",
        "users",
        multiple=True,
        metavar="NAME[:AUTH:AUTHPASS[:PRIV:PRIVPASS]]",
        callback=_user_specs,
        help="SNMPv3 user (repeatable): -a and -x protocol names, such as "
        "admin:SHA-256:authpass:AES:privpass; no ':' in names or passphrases.",
    )(func)


def engine_id_option(description: str, letter: str = "e") -> Callable[[F], F]:
    """``-e ENGINE-ID`` (hex; `letter` E: ``-E``, the contextEngineID) as bytes, or None."""

    def convert(_ctx: click.Context, _param: click.Parameter, value: str | None) -> bytes | None:
        return None if value is None else parse_engine_id(value, letter)

    name = "engine_id" if letter == "e" else "context_engine_id"
    return click.option(f"-{letter}", name, metavar="ENGINE-ID", callback=convert, help=description)


def _engine_clock(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    clock = None if value is None else parse_boots_time(value)
    return None if clock == (0, 0) else clock  # 0,0: none given, as Net-SNMP reads it


def engine_clock_option(description: str) -> Callable[[F], F]:
    """``-Z BOOTS,TIME`` (or ``-Z BOOTS TIME``) as two integers, or None (none, or 0,0)."""
    return click.option(
        "-Z", "engine_clock", metavar="BOOTS,TIME", callback=_engine_clock, help=description
    )


def context_option(func: F) -> F:
    """``-n CONTEXT``: the SNMPv3 context name."""
    return click.option(
        "-n",
        "context",
        default=_configured("context", ""),
        help="SNMPv3 context name (default: snmp.conf's defContext, else empty).",
    )(func)


def _retired_port(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise UnknownOidError(
            "Warning: -p option is no longer used - specify the remote host as HOST:PORT",
            status=1,
        )


#: ``-p PORT``, which Net-SNMP's tools refuse with their line (hidden).
retired_port_option = click.option(
    "-p", "port", hidden=True, expose_value=False, callback=_retired_port
)


def snmp_options(
    default_timeout: float = 1.0, default_retries: int = 5, *, blocking: bool = False
) -> Callable[[F], F]:
    """The protocol options of Net-SNMP's tools (-v -c -u -l -a -A -x -X -e -n -t -r -O) and
    their general options (`general_options`).

    With `blocking`, the command runs without an event loop unless ``--backend`` names one.
    """

    def decorate(func: F) -> F:
        return _apply(
            func,
            [
                version_option("SNMP version."),
                community_option,
                user_options,
                engine_id_option("SNMPv3 authoritative engine id, hex (discovered if absent)."),
                engine_id_option("SNMPv3 contextEngineID, hex (default: the engine id).", "E"),
                context_option,
                engine_clock_option(
                    "SNMPv3: the agent's engine boots and time to start from (default: "
                    "discovered; 0,0 with -e, which the agent's first refusal corrects)."
                ),
                timeout_option(default_timeout, "Seconds to wait for each attempt."),
                retries_option(default_retries, "Retries after a timeout."),
                retired_port_option,
                output_option,
                general_options(),
                blocking_backend_option if blocking else backend_option,
                json_option,
            ],
        )

    return decorate


#: The options a host file (hosts/HOST.conf) gives defaults for: all but -v, which
#: Net-SNMP's tools settle before they read it.
_HOST_OPTIONS = (
    "community",
    "user",
    "level",
    "auth",
    "priv",
    "auth_pass",
    "priv_pass",
    "auth_master",
    "priv_master",
    "auth_local",
    "priv_local",
    "context",
    "timeout",
    "retries",
)


#: A passphrase given on the command line (-A, -X) takes its protocol (-a, -x) from the
#: command line or the other files, never from a host file: Net-SNMP's tools settle it
#: with the passphrase's key, before they read host files.
_SETTLED_BY = {"auth": "auth_pass", "priv": "priv_pass"}


def host_settings(address: str, options: dict[str, Any]) -> ClientConfig:
    """The configuration files' settings for AGENT `address`, with its host files'
    (``hosts/ADDRESS.conf``, where ``transport`` may say where it is); the options of
    `options` not given on the command line take them (but `_SETTLED_BY`)."""
    config = client_config(address)
    for name in _HOST_OPTIONS:
        value = getattr(config, name)
        settled = name in _SETTLED_BY and _given(_SETTLED_BY[name])
        if name in options and value is not None and not _given(name) and not settled:
            options[name] = value
    return config


def target_from(address: str, options: dict[str, Any]) -> Target:
    """The `Target` of a command's AGENT argument and common options (removed from `options`).

    The options not given default to the host files' settings (``hosts/AGENT.conf``,
    over the other files'), where ``transport`` may give the agent's address.
    """
    log_config_problems()  # when no MIB context said them
    config = host_settings(address, options)
    return Target(
        address,
        version=chosen_version(options.pop("version"), options["user"]),
        community=options.pop("community"),
        **_pop_user_fields(options),
        engine_id=options.pop("engine_id"),
        context_engine_id=options.pop("context_engine_id"),
        engine_clock=options.pop("engine_clock"),
        context=options.pop("context"),
        timeout=options.pop("timeout"),
        retries=options.pop("retries"),
        default_port=config.port or 161,
        transport=config.transport,
    )


#: The bulk tools' -C letters that take a number: what Net-SNMP names it when it is refused.
_BULK_NUMBERS = {"r": "max-repetitions", "n": "non-repeaters"}


def parse_c_flags(
    flags: Sequence[str], allowed: str, texts: str = "", toggled: str = ""
) -> dict[str, int | bool | str]:
    """Net-SNMP's ``-C`` letters: ``-Cc`` -> {"c": True}, ``-Cr25`` -> {"r": 25} (snmpbulkwalk's
    and snmpbulkget's -Cr and -Cn: C's strtol of base 0 into an int, ``-Cr0x10`` is 16, the
    rest of the argument ignored after a space), for a letter in `texts` (snmptable's
    ``f``, snmpwalk's ``E``) ``-Cf,`` -> {"f": ","}, and letters grouped as Net-SNMP's tools
    read them: ``-Cpc`` -> {"p": True, "c": True}; a letter of `toggled` given twice is off
    again, as the tools that toggle it read it (snmpwalk's ``-Cp -Cp``: {"p": False}).

    Raises:
        UnknownFlagError: a letter not in `allowed`.
        UsageScreen: -Cr or -Cn without a number (its tool's usage screen alone), a letter
            of `texts` without its text.
        UsageError: -Cr or -Cn below 0, as Net-SNMP refuses to send it.
    """
    result: dict[str, int | bool | str] = {}
    for flag in flags:
        rest = flag or " "
        while rest:
            letter, rest = rest[0], rest[1:]
            if letter not in allowed:
                raise UnknownFlagError(letter)
            if letter in texts:
                if not rest:
                    raise UsageScreen(f"Bad -C{letter} option: no argument given")
                result[letter], rest = rest, ""
            elif letter in _BULK_NUMBERS:
                read = strtol(rest.encode("utf-8", "surrogateescape"), 0, 0)
                if read is None:
                    raise UsageScreen("")
                number, rest = strtol_int(read[0]), rest[read[1] :]
                if number < 0:
                    raise UsageError(f"Bad value for {_BULK_NUMBERS[letter]}", logged=True)
                result[letter] = number
                if rest[:1] and rest[0] in " \t\n\v\f\r":
                    rest = ""
            else:
                result[letter] = not result.get(letter) if letter in toggled else True
    return result


def c_atol(text: str) -> int:
    """`text` as C's atol reads it (a 64-bit long): 0 when it starts with no number."""
    read = strtol(text.encode("utf-8", "surrogateescape"))
    return read[0] if read else 0


def c_atoi(text: str) -> int:
    """`text` as C's atoi reads it (snmptable's -Cc, -Cw, -Cr, snmptrap -v1's trap numbers):
    0 when it starts with no number, cut to an int."""
    return strtol_int(c_atol(text))


#: snmptable's -C letters, and those of them that take the next argument as their value.
TABLE_LETTERS = "bBcfhHilrw"
TABLE_VALUES = "cfrw"


def _split_table_flags(args: list[str]) -> list[str]:
    """snmptable's ``-C`` groups, one ``-C`` argument a letter: ``-Cib`` -> ``-Ci -Cb``,
    ``-Cci 8`` -> ``-Cc8 -Ci`` (each of c, f, r, w takes the next argument, in order).

    A group with other characters stays as it is: our joined forms ``-Cw80``, ``-Cf,``.
    """
    split: list[str] = []
    rest = iter(args)
    for arg in rest:
        group = arg[2:] if arg.startswith("-C") else ""
        if not group or not set(group) <= set(TABLE_LETTERS):
            split.append(arg)
            continue
        for letter in group:
            value = next(rest, "") if letter in TABLE_VALUES else ""
            split.append(f"-C{letter}{value}")
    return split


def _precision_at(args: list[str], i: int) -> int | None:
    """Where -Op's precision is when `args[i]` is an -O argument whose first ``p`` ends it
    (``-Op``, ``-Onp``, ``-O np``): the argument after it; None: no such -O, or nothing
    after it."""
    if args[i] == "-O":
        letters, at = (args[i + 1] if i + 1 < len(args) else ""), i + 2
    elif args[i].startswith("-O"):
        letters, at = args[i][2:], i + 1
    else:
        return None
    ends = letters.endswith("p") and letters.index("p") == len(letters) - 1
    return at if ends and at < len(args) else None


def join_split_flags(args: list[str]) -> list[str]:
    """``-Cr 25`` -> ``-Cr25``, ``-CE OID`` -> ``-CEOID``, ``-3mKEY`` -> ``-3m KEY``, -Op's
    precision after it (``-Op .2`` -> ``-O p\\0.2``, snmptranslate's attached only), an -L
    with the arguments it takes (`log_arguments`) as one value, ``-Z`` with the argument
    after it (`parse_boots_time`), as Net-SNMP's tools
    accept them; the table command's ``-C`` groups as snmptable reads them (`_split_table_flags`)."""
    if args[:1] == ["table"]:
        args = _split_table_flags(args)
    joined: list[str] = []
    i = 0
    while i < len(args):
        at = _precision_at(args, i) if args[:1] != ["translate"] else None
        if at is not None:  # after a NUL: -Op '' is not -Op with nothing after it
            joined += ["-O", f"{args[at - 1] if args[i] == '-O' else args[i][2:]}\0{args[at]}"]
            i = at + 1
        elif args[i].startswith("-L") and (args[i] != "-L" or i + 1 < len(args)):
            value, i = log_arguments(args, i)  # -Lf FILE, -LE 3...: one value
            joined += ["-L", value]
        elif args[i].startswith("-Z") and (args[i] != "-Z" or i + 1 < len(args)):
            value, i = (args[i][2:], i + 1) if args[i] != "-Z" else (args[i + 1], i + 2)
            # -Z BOOTS TIME: the argument after, which stays one, may be the time
            joined += ["-Z", value + ("\0" + args[i] if i < len(args) else "")]
        elif args[i][:3] in ("-3m", "-3M", "-3k", "-3K") and args[i][3:4] not in ("", "="):
            joined += [args[i][:3], args[i][3:]]  # -3mKEY, as Net-SNMP takes it
            i += 1
        elif i + 1 < len(args) and (
            (args[i] in ("-Cr", "-Cn") and args[i + 1].isdigit()) or args[i] == "-CE"
        ):  # snmpwalk's -CE takes the next argument, an OID, whatever it is
            joined.append(args[i] + args[i + 1])
            i += 2
        else:
            joined.append(args[i])
            i += 1
    return joined
