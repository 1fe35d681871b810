"""snmptrapd's configuration files (snmptrapd.conf(5)), read as snmptrapd 5.9 reads the
directives a receiver acts on.

The files: ``snmptrapd.conf`` then ``snmptrapd.local.conf`` in each folder of the
configuration path (as snmp.conf's; none with -C), then those of ``-c FILE[,FILE...]``.
Directives read: ``authCommunity``, ``authUser``, ``createUser``, ``disableAuthorization``,
``format1``/``format2``/``format``, ``traphandle``, ``ignoreAuthFailure``, ``snmpTrapdAddr``,
``pidFile``, ``outputOption``, ``agentuser``/``agentgroup``. Those snmptrapd takes that
would change what is done with a notification and that listen does not do (forwarding,
VACM tables, SNMP over TLS, perl, SQL, syslog formats, an authorization by source or
view) stop it, each with its line (`TrapdConfig.refused`); those that change nothing for
a receiver in the foreground are taken; any other is warned of as Net-SNMP warns
(``Unknown token``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

import attrs

from .._usm import KeyType, User
from ._snmpconf import boolean, config_folders, config_lines
from ._target import (
    AUTH_PROTOCOLS,
    UsageError,
    build_user,
    parse_engine_id,
    protocol_named,
)

__all__ = ("ALL_TYPES", "DIRECTIVES", "LEVELS", "TrapHandle", "TrapdConfig", "read_trapd_config")

#: snmptrapd's authorization types: print, run traphandles, forward.
ALL_TYPES = frozenset({"log", "execute", "net"})

#: The directives read, and their values, as -H lists them.
DIRECTIVES = (
    ("authCommunity", "log,execute,net COMMUNITY [default]"),
    ("authUser", "log,execute,net [-s usm] USER [noauth|auth|priv]"),
    ("createUser", "[-e ENGINEID] USER [AUTH [-m|-l] AUTHPASS [PRIV [-m|-l] PRIVPASS]]"),
    ("disableAuthorization", "yes|no"),
    ("format1", "FORMAT (v1 traps, as -F)"),
    ("format2", "FORMAT (v2c and v3 notifications, as -F)"),
    ("format", "[print{,1,2}|execute{,1,2}] FORMAT"),
    ("traphandle", '[-F FORMAT] OID|OID*|OID.*|"default" PROGRAM [ARGS...]'),
    ("ignoreAuthFailure", "yes|no"),
    ("snmpTrapdAddr", "ADDRESS[,ADDRESS...]"),
    ("pidFile", "FILE"),
    ("outputOption", "-O letters"),
    ("agentuser", "USER|UID"),
    ("agentgroup", "GROUP|GID"),
)

#: Tokens snmptrapd takes that change nothing for a receiver in the foreground (any case).
_IGNORED = frozenset(
    token.lower()
    for token in (
        *("doNotFork", "doNotLogTraps", "leave_pidfile", "dontLogTCPWrappersConnects"),
        *("dontRetainLogs", "doNotRetainNotificationLogs", "addForwarderInfo", "quit"),
        *("authtrapenable", "maxGetbulkRepeats", "maxGetbulkResponses", "avgBulkVarbindSize"),
        *("pduStatsMax", "pduStatsThreshold", "disablePerl", "trapcommunity", "v1trapaddress"),
        *("agentxRetries", "agentxTimeout", "agentxperms", "defDomain", "defTarget"),
        *("sourceFilterType", "sqlMaxQueue", "sqlSaveInterval"),
    )
)

#: Tokens snmptrapd takes that listen does not do, with what they are.
_REFUSED = {
    "forward": "forwarding notifications",
    **dict.fromkeys(
        ("com2sec", "com2sec6", "com2secunix", "group", "access", "setaccess", "view"),
        "VACM tables (authCommunity and authUser only)",
    ),
    **dict.fromkeys(("authgroup", "authaccess"), "VACM groups (authCommunity, authUser)"),
    **dict.fromkeys(
        ("rwcommunity", "rocommunity", "rwcommunity6", "rocommunity6", "rwuser", "rouser"),
        "an agent's access (authCommunity, authUser)",
    ),
    **dict.fromkeys(("perl", "perlinitfile"), "perl handlers"),
    **dict.fromkeys(("certsecname", "snmptlstmparams", "snmptlstmaddr"), "SNMP over TLS"),
    **dict.fromkeys(("trapsink", "trap2sink", "informsink", "trapsess"), "sending traps"),
    **dict.fromkeys(("master", "agentxsocket", "smuxpeer", "smuxsocket"), "AgentX and SMUX"),
    **dict.fromkeys(("agentaddress", "injecthandler", "table", "add_row"), "an agent's tables"),
    **dict.fromkeys(
        ("agentsecname", "iquerysecname", "iqueryversion", "iqueryseclevel"), "an agent's queries"
    ),
}

_LEVELS = {"noauth": "noAuthNoPriv", "auth": "authNoPriv", "priv": "authPriv"}
#: The security levels, lowest first.
LEVELS = tuple(_LEVELS.values())


@attrs.frozen
class TrapHandle:
    """A ``traphandle``: the program run for the notifications of its OID (None: those no
    other traphandle's OID matches), with the notification on its stdin."""

    #: The OID as written (resolved once the MIBs are loaded); None for ``default``.
    oid: str | None
    #: ``OID*``: the OID and those below it; ``OID.*``: those below it only.
    tree: bool
    strict: bool
    command: str
    #: Its own format (``-F``), else the configured execute formats.
    format: str | None
    where: str
    #: How many of the files' problems were said before its line.
    after: int


@attrs.define
class TrapdConfig:
    """The settings of the snmptrapd.conf files read."""

    #: Community -> its authorization types (``log``, ``execute``, ``net``).
    communities: dict[str, set[str]] = attrs.Factory(dict)
    #: ``disableAuthorization yes``: every community and user, every type.
    everyone: bool = False
    #: The ``createUser`` users by engine id (``-e``; None: the receiver's) and name.
    created: dict[tuple[bytes | None, str], User] = attrs.Factory(dict)
    #: User name -> its authorization types (``authUser``), each with the lowest security
    #: level it is given at (a notification at a lower one does not have it).
    authorized: dict[str, dict[str, str]] = attrs.Factory(dict)
    #: Print formats (1: v1 traps, 2: the others), and traphandles' formats.
    print_formats: dict[int, str] = attrs.Factory(dict)
    execute_formats: dict[int, str] = attrs.Factory(dict)
    handles: list[TrapHandle] = attrs.Factory(list)
    ignore_auth_failure: bool = False
    addresses: str | None = None
    pid_file: str | None = None
    output_options: list[str] = attrs.Factory(list)
    agent_user: str | None = None
    agent_group: str | None = None
    #: Lines Net-SNMP would say (warnings, errors: listen goes on), those of its first pass
    #: over the files (tokens of no value, said again in `problems`) before.
    first_problems: list[str] = attrs.Factory(list)
    problems: list[str] = attrs.Factory(list)
    #: Directives listen does not do, a line each (listen stops).
    refused: list[str] = attrs.Factory(list)

    @property
    def users(self) -> dict[tuple[bytes | None, str], User]:
        """The users created and authorized (all of them with ``disableAuthorization``)."""
        return {
            key: user
            for key, user in self.created.items()
            if self.everyone or key[1] in self.authorized
        }

    def configures_access(self) -> bool:
        """Whether the files say who may send (else listen's default applies)."""
        return self.everyone or bool(self.communities) or bool(self.users)


def read_trapd_config(
    environ: Mapping[str, str], files: str | None, lines: Sequence[str] = ()
) -> TrapdConfig:
    """The settings of the default snmptrapd.conf files, then of `files` (-c's
    comma-separated list), then of `lines` (``--TOKEN=VALUE``: no file's, snmptrapd's
    ``(null): line 0``).

    Raises:
        UsageError: a file of `files` cannot be read (snmptrapd goes on, accepting nothing).
    """
    paths = [
        f"{folder}/snmptrapd{suffix}"
        for folder in config_folders(environ)
        for suffix in (".conf", ".local.conf")
    ]
    for path in (files or "").split(","):
        if path:
            if not os.access(path, os.R_OK):
                reason = "No such file or directory" if not os.path.exists(path) else "not readable"
                raise UsageError(f"{path}: {reason}")
            paths.append(path)
    config = TrapdConfig()
    for path in paths:
        read = config_lines(path, "snmptrapd", config.problems, types=("snmptrapd", "snmp"))
        for file, number, kind, token, value in read:
            where = f"{file}: line {number}"
            if not value:
                config.first_problems.append(f"{where}: Error: Blank line following {token} token.")
                config.problems.append(config.first_problems[-1])
            elif kind == "snmp":
                config.refused.append(f"{where}: [snmp] {token}: put it in snmp.conf")
            else:
                _apply(config, where, token, value)
    for line in lines:
        token, value = _token(line)
        if token == "[snmptrapd]":  # its own type, as snmptrapd.conf's lines are
            token, value = _token(value)
        _apply(config, "(null): line 0", token, value.strip())
    return config


def _token(line: str) -> tuple[str, str]:
    """A command line's line's token (its first word, ended by a space, a tab or ``=``, as
    Net-SNMP's strtok ends it) and its value (after the character that ends it)."""
    found = re.match(r"[ \t=]*([^ \t=]*)", line)
    assert found is not None  # it matches the empty string at least
    return found.group(1), line[found.end() + 1 :].lstrip(" \t")


def _apply(config: TrapdConfig, where: str, token: str, value: str) -> None:
    """One line, its error said as Net-SNMP says it."""
    try:
        _directive(config, where, token.lower(), token, value)
    except ValueError as exc:
        if isinstance(exc, _KeyRefused) and exc.said:
            config.problems.append(exc.said)
        config.problems.append(f"{where}: Error: {exc}")


def _directive(config: TrapdConfig, where: str, lower: str, token: str, value: str) -> None:
    """Applies one line to `config`.

    Raises:
        ValueError: its value does not read (an error of Net-SNMP's kind).
    """
    if lower in _REFUSED:
        config.refused.append(f"{where}: {token}: {_REFUSED[lower]} is not supported")
    elif lower == "authcommunity":
        _auth_community(config, where, token, _words(value)[0])
    elif lower == "authuser":
        _auth_user(config, where, token, _words(value)[0])
    elif lower == "createuser":
        engine, user = _created(_words(value)[0])
        config.created[engine, user.name] = user
    elif lower == "disableauthorization":
        config.everyone = boolean(value)
    elif lower in ("format1", "format2"):
        config.print_formats[int(lower[-1])] = value
    elif lower == "format":
        _format(config, where, value)
    elif lower == "traphandle":
        config.handles.append(_trap_handle(value, where, len(config.problems)))
    elif lower == "ignoreauthfailure":
        config.ignore_auth_failure = boolean(value)
    elif lower == "snmptrapdaddr":
        config.addresses = value
    elif lower == "pidfile":
        config.pid_file = value
    elif lower == "outputoption":
        config.output_options.append(value)
    elif lower in ("agentuser", "agentgroup"):
        setattr(config, f"agent_{lower[5:]}", value.split()[0] if value.split() else value)
    elif lower not in _IGNORED:
        config.problems.append(f"{where}: Warning: Unknown token: {token}.")


_WORD = re.compile(r"\"((?:[^\"\\]|\\.)*)\"?|'((?:[^'\\]|\\.)*)'?|(\S+)")


def _words(text: str, count: int | None = None) -> tuple[list[str], str]:
    """The words of a value, as Net-SNMP's copy_nword cuts them (quotes, ``"`` or ``'``,
    hold spaces; a backslash takes the character after it), and, after `count` of them,
    the rest of the value."""
    words: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        if count is not None and len(words) == count:
            break
        found = next(group for group in match.groups() if group is not None)
        words.append(re.sub(r"\\(.)", r"\1", found))
        end = match.end()
    return words, text[end:].strip()


def _types(text: str) -> set[str]:
    types = {t.lower() for t in text.split(",") if t}
    if types - ALL_TYPES or not types:
        raise ValueError("Illegal view name")  # snmptrapd's words for an unknown type
    return types


def _auth_community(config: TrapdConfig, where: str, token: str, words: list[str]) -> None:
    """``authCommunity TYPES COMMUNITY [SOURCE [OID | -V VIEW [CONTEXT]]]``."""
    if len(words) < 2:
        raise ValueError("authcommunity: a community is needed")
    if len(words) > 2 and (words[2] != "default" or len(words) > 3):
        restriction = " ".join(words[2:])
        config.refused.append(
            f"{where}: {token} ... {restriction}: a source or view restriction is not supported"
        )
        return
    config.communities.setdefault(words[1], set()).update(_types(words[0]))


def _auth_user(config: TrapdConfig, where: str, token: str, words: list[str]) -> None:
    """``authUser TYPES [-s MODEL] USER [LEVEL [OID | -V VIEW [CONTEXT]]]`` (LEVEL: auth
    when not given)."""
    if len(words) > 2 and words[1] == "-s":
        if words[2].lower() != "usm":
            config.refused.append(f"{where}: {token} -s {words[2]}: only usm users are")
            return
        words = [words[0], *words[3:]]
    if len(words) < 2:
        raise ValueError("authuser: a user name is needed")
    if len(words) > 2 and words[2].lower() not in _LEVELS:
        raise ValueError(f"authuser: unknown security level {words[2]}")
    if len(words) > 3:
        config.refused.append(
            f"{where}: {token} ... {' '.join(words[3:])}: a view restriction is not supported"
        )
        return
    level = _LEVELS[words[2].lower() if len(words) > 2 else "auth"]
    types = config.authorized.setdefault(words[1], {})
    for kind in _types(words[0]):
        types[kind] = min(types.get(kind, level), level, key=LEVELS.index)


def _created(words: list[str]) -> tuple[bytes | None, User]:
    """``createUser [-e ENGINEID] NAME [AUTH [-m|-l] AUTHPASS [PRIV [-m|-l] PRIVPASS]]``:
    the engine id (None: the receiver's) and the user."""
    engine = None
    if words[:1] == ["-e"]:
        try:
            engine = parse_engine_id(words[1] if len(words) > 1 else "")
        except UsageError:
            raise ValueError("invalid EngineID argument to -e") from None
        words = words[2:]
    if not words:
        raise ValueError("createUser: a user name is needed")
    name, given = words[0], words[1:]
    auth, auth_pass, auth_type, rest = _secret(given, "auth")
    if given and auth is None:  # NOAUTH: Net-SNMP makes no key of it
        raise ValueError("could not generate the authentication key from the supplied pass phrase.")
    priv, priv_pass, priv_type, rest = _secret(rest, "privacy")
    if auth is not None and auth_pass is None:
        raise ValueError("createUser: no authentication passphrase")
    if priv is not None and priv_pass is None:  # Net-SNMP: the authentication's
        priv_pass, priv_type = auth_pass, auth_type
    if priv is None:  # NOPRIV: none
        priv_pass = None
    if auth is not None and auth_pass is not None:
        _check_secret(auth_pass, auth_type, "authentication", AUTH_PROTOCOLS[auth].KEY_LENGTH)
    if priv is not None and priv_pass is not None:
        _check_secret(priv_pass, priv_type, "privacy")
    try:
        return engine, build_user(
            name,
            None,
            auth,
            auth_pass,
            priv,
            priv_pass,
            auth_key_type=auth_type,
            priv_key_type=priv_type,
        )
    except UsageError as exc:
        raise ValueError(f"createUser: {exc}") from None


class _KeyRefused(ValueError):
    """A createUser secret Net-SNMP makes no key of: its error, and the line it logs
    before it (`said`: none, or its word on a short passphrase)."""

    def __init__(self, message: str, said: str | None = None) -> None:
        super().__init__(message)
        self.said = said


def _check_secret(secret: str, key_type: KeyType, what: str, length: int = 0) -> None:
    """Refuses, in Net-SNMP's words, a passphrase too short, a key not in hex (``-l``,
    ``-m``), a key of another length than `length` octets (authentication keys: Net-SNMP
    checks no privacy key's).

    Raises:
        _KeyRefused: one of these.
    """
    if key_type == KeyType.Password:
        if len(secret.encode("utf-8", "surrogateescape")) < 8:
            raise _KeyRefused(
                f"could not generate the {what} key from the supplied pass phrase.",
                "Error: passphrase chosen is below the length requirements of the USM (min=8).",
            )
        return
    flag = "-m" if key_type == KeyType.Master else "-l"
    digits = "".join((secret[2:] if secret[:2].lower() == "0x" else secret).split())
    if not digits or len(digits) % 2 or digits.strip("0123456789abcdefABCDEF"):
        raise _KeyRefused(f"invalid key value argument to {flag}")
    if length and len(digits) // 2 != length:
        raise _KeyRefused(
            "improper key length to -l"
            if flag == "-l"
            else "could not generate localized authentication key (Kul) from the master key (Ku)."
        )


def _secret(words: list[str], kind: str) -> tuple[str | None, str | None, KeyType, list[str]]:
    """A protocol (`kind` auth or privacy; None: none given, or NOAUTH, NOPRIV), its secret
    (``-m`` a master key, ``-l`` a localized one, in hex) and the words after them."""
    if not words:
        return None, None, KeyType.Password, []
    try:
        protocol = protocol_named(kind, words[0])
    except UsageError:  # Net-SNMP's words
        raise ValueError(
            f"unknown {'authProtocol' if kind == 'auth' else 'privProtocol'}"
        ) from None
    key_type, rest = KeyType.Password, words[1:]
    if rest[:1] in (["-m"], ["-l"]):
        key_type = KeyType.Master if rest[0] == "-m" else KeyType.Localized
        rest = rest[1:]
    secret = rest[0] if rest else None
    return protocol, secret, key_type, rest[1:]


def _format(config: TrapdConfig, where: str, value: str) -> None:
    """``format [print{,1,2}|syslog{,1,2}|execute{,1,2}] FORMAT``."""
    kind, _, text = value.partition(" ")
    versions = {"": (1, 2), "1": (1,), "2": (2,)}
    for name, formats in (("print", config.print_formats), ("execute", config.execute_formats)):
        if kind.startswith(name) and kind[len(name) :] in versions:
            for version in versions[kind[len(name) :]]:
                formats[version] = text.strip()
            return
    if kind.startswith("syslog"):
        config.refused.append(f"{where}: format {kind}: syslog formats are not supported")
    # another type: snmptrapd takes the line and sets nothing


def _trap_handle(value: str, where: str, after: int) -> TrapHandle:
    """``traphandle [-F FORMAT] OID|default PROGRAM [ARGS...]`` (the program: the rest of
    the line, run by the shell)."""
    format_text = None
    words, rest = _words(value, 1)
    if words == ["-F"]:
        words, rest = _words(rest, 1)
        format_text = words[0] if words else ""
        words, rest = _words(rest, 1)
    if not words or not rest:
        raise ValueError(f"Missing traphandle command ({words[0] if words else ''})")
    oid = words[0]
    if oid == "default":
        return TrapHandle(None, False, False, rest, format_text, where, after)
    tree = oid.endswith("*")
    strict = oid.endswith(".*")
    oid = oid.removesuffix("*").removesuffix(".")
    return TrapHandle(oid, tree, strict, rest, format_text, where, after)
