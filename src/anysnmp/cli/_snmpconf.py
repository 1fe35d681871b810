"""Net-SNMP's client configuration files (snmp.conf(5)), read as its tools read them.

The files: ``snmp.conf`` then ``snmp.local.conf`` in each folder of
``SNMPCONFPATH`` (``:``-separated), else of Net-SNMP's default path
(``/etc/snmp``, ``/usr/share/snmp``, ``/usr/lib/<arch>/snmp``, ``~/.snmp``);
then ``snmpapp.conf`` and ``snmpapp.local.conf`` the same way (where only
``[snmp]`` lines set anything). A later setting overrides an earlier one, options
and the environment (``MIBS``, ``MIBDIRS``) override them all.

With a host named on the command line (a bare name: letters, digits, ``.`` and ``-``),
its host files are read last: ``hosts/HOST.conf`` then ``hosts/HOST.local.conf`` in
each folder, where ``transport ADDRESS`` gives the agent's address too (unless
``dontLoadHostConfig`` is set).

A line is ``TOKEN VALUE``; ``#`` starts a comment line; ``[snmp] TOKEN VALUE``
is one line of the ``snmp`` type (in a file of another type), ``[TYPE]`` alone
switches the type of the lines after it; ``includeFile`` and ``includeDir`` read other files
where they stand. ``snmp`` tokens the CLI does not use are ignored; a
bad value is reported as Net-SNMP reports it (``FILE: line N: Error: ...``)
and the setting keeps its earlier value; so are tokens Net-SNMP does not
know (a warning) and types other than ``snmp`` and ``snmpapp`` (an error). As Net-SNMP,
the general files are read in two passes, before the MIBs load (their tokens) and after
(the others, and the unknown tokens' warnings), each ending with its count of errors.
The command line's ``--TOKEN=VALUE`` lines (`command_line_lines`) are read after the files
in each pass, said of no file (``(null): line 0``), as Net-SNMP's tools read them.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from .._mib._hint import strtol
from ._log import ERR, WARNING, log
from ._target import AUTH_PROTOCOLS, PRIV_PROTOCOLS, UsageError, protocol_named

__all__ = (
    "DIRECTIVES",
    "SECURITY_LEVEL_NAMES",
    "UNNAMED",
    "ClientConfig",
    "boolean",
    "client_config",
    "command_line_lines",
    "config_files",
    "config_folders",
    "config_lines",
    "counted",
    "log_config_problems",
    "long_option_line",
    "read_config",
    "skip_default_files",
    "snmp_line",
    "word",
)

#: The security levels' names Net-SNMP reads (by lower case).
SECURITY_LEVEL_NAMES = {
    "noauthnopriv": "noAuthNoPriv",
    "1": "noAuthNoPriv",
    "nanp": "noAuthNoPriv",
    "authnopriv": "authNoPriv",
    "2": "authNoPriv",
    "anp": "authNoPriv",
    "authpriv": "authPriv",
    "3": "authPriv",
    "ap": "authPriv",
}


class ClientConfig(NamedTuple):
    """The settings of the configuration files (None: not set)."""

    version: str | None = None
    community: str | None = None
    user: str | None = None
    level: str | None = None
    auth: str | None = None
    priv: str | None = None
    auth_pass: str | None = None
    priv_pass: str | None = None
    #: Keys in hex: master (Ku) and localized (Kul), auth and privacy.
    auth_master: str | None = None
    priv_master: str | None = None
    auth_local: str | None = None
    priv_local: str | None = None
    context: str | None = None
    timeout: int | None = None
    retries: int | None = None
    port: int | None = None
    mibs: str | None = None
    mibdirs: str | None = None
    #: ``showMibErrors``: it sets what ``-Pe`` toggles (and wins over it, as in Net-SNMP).
    show_mib_errors: bool | None = None
    #: ``mibAllowUnderline``: sets what ``-Pu`` toggles (and wins over it).
    mib_allow_underline: bool | None = None
    #: ``mibReplaceWithLatest``: sets what ``-PR`` toggles (and wins over it).
    mib_replace_with_latest: bool | None = None
    #: ``commentToEOL`` (``strictCommentTerm``): sets what ``-Pc`` toggles (and wins over it).
    mib_comment_to_eol: bool | None = None
    #: ``mibWarningLevel``: 0 none, 1 ``-Pw``'s, 2 ``-PW``'s; wins over ``-Pw`` and ``-PW``.
    mib_warning_level: int | None = None
    #: A host file's agent address (``transport``).
    transport: str | None = None
    #: ``dontLoadHostConfig``.
    no_host_files: bool | None = None
    #: The output directives (``quickPrinting``...), in their order: each an -O letter set
    #: on or off (an OID form: set); Net-SNMP reads them after the options, so they win.
    output: tuple[tuple[str, bool], ...] = ()
    #: ``noRangeCheck`` and ``noDisplayHint``: the -I letters ``r`` and ``h``, set likewise.
    input: tuple[tuple[str, bool], ...] = ()
    #: ``hexOutputLength``: the octets of a line of hex (not above 0: one line).
    hex_output_length: int | None = None
    #: ``outputPrecision``: what ``-Op`` sets (which wins over it).
    output_precision: str | None = None


def default_path(environ: Mapping[str, str]) -> list[str]:
    """Net-SNMP's default folders, in the order it reads them."""
    arch = getattr(sys.implementation, "_multiarch", None)  # Debian's /usr/lib/<arch>
    lib = f"/usr/lib/{arch}/snmp" if arch else "/usr/lib/snmp"
    home = environ.get("HOME")
    return ["/etc/snmp", "/usr/share/snmp", lib, *([f"{home}/.snmp"] if home else [])]


#: Whether the default files are left unread (snmptrapd's -C).
_skipped = False


def skip_default_files() -> None:
    """snmptrapd's -C: no file of the default folders is read (before any is)."""
    global _skipped
    _skipped = True


def config_folders(environ: Mapping[str, str]) -> list[str]:
    """The folders of the configuration files: ``SNMPCONFPATH``'s, else Net-SNMP's
    default path; none after `skip_default_files`."""
    if _skipped:
        return []
    path = environ.get("SNMPCONFPATH")
    return [f for f in path.split(":") if f] if path is not None else default_path(environ)


def config_files(environ: Mapping[str, str], host: str | None = None) -> list[tuple[str, str]]:
    """The files read, in order, each with the section its lines start in; with `host`,
    that host's files (``hosts/HOST.conf``) only."""
    folders = config_folders(environ)
    kinds = (
        [("snmp", "snmp"), ("snmpapp", "snmpapp")] if host is None else [("snmp", f"hosts/{host}")]
    )
    return [
        (f"{folder}/{name}{suffix}", kind)
        for kind, name in kinds
        for folder in folders
        for suffix in (".conf", ".local.conf")
    ]


#: The host names whose files are read (Net-SNMP's netsnmp_is_fqdn): no port, no transport.
_HOST_NAME = re.compile(r"[A-Za-z0-9.-]+")


#: The types of lines Net-SNMP's tools read (others: "No handlers" for their ``[TYPE]``).
_TYPES = ("snmp", "snmpapp")

#: The tokens of ``snmpapp`` lines Net-SNMP's tools know (any case; none the CLI uses):
#: those ``snmpget -H`` lists and those of its persistent state.
_APP_TOKENS = frozenset(
    token.lower()
    for token in (
        *("defDomain", "defTarget", "sourceFilterType", "sourceFilterAddress", "engineID"),
        *("engineIDType", "engineIDNic", "engineBoots", "oldEngineID", "exactEngineID", "enum"),
        *("userSetAuthPass", "userSetAuthKey", "userSetAuthLocalKey", "userSetPrivPass"),
        *("userSetPrivKey", "userSetPrivLocalKey"),
    )
)

#: The tokens of ``snmp`` lines Net-SNMP's tools know (any case), those ``snmpget -H`` lists:
#: a line of another token is warned of; of these, the CLI reads those of `_TOKENS`.
_SNMP_TOKENS = frozenset(
    token.lower()
    for token in (
        *("extraX509SubDir", "x509CRLFile", "tlsAlgorithms", "localCert", "peerCert", "alias"),
        *("doDebugging", "debugTokens", "debugLogLevel", "logTimestamp", "logOption", "mibdirs"),
        *("mibs", "mibfile", "showMibErrors", "commentToEOL", "strictCommentTerm"),
        *("mibAllowUnderline", "mibWarningLevel", "mibReplaceWithLatest", "printNumericEnums"),
        *("printNumericOids", "escapeQuotes", "dontBreakdownOids", "quickPrinting"),
        *("numericTimeticks", "oidOutputFormat", "suffixPrinting", "extendedIndex"),
        *("printHexText", "printValueOnly", "dontPrintUnits", "hexOutputLength", "dumpPacket"),
        *("reverseEncodeBER", "defaultPort", "disableSNMPv3", "disableSNMPv1", "disableSNMPv2c"),
        *("defCommunity", "noTokenWarnings", "noRangeCheck", "persistentDir", "tempFilePattern"),
        *("noDisplayHint", "16bitIDs", "clientaddr", "clientaddrUsesPort", "serverSendBuf"),
        *("serverRecvBuf", "clientSendBuf", "clientRecvBuf", "sendMessageMaxSize"),
        *("noPersistentLoad", "noPersistentSave", "noContextEngineIDDiscovery", "timeout"),
        *("retries", "outputPrecision", "defDomain", "defTarget", "dontLoadHostConfig"),
        *("defSecurityModel", "tsmUseTransportPrefix", "defAuthType", "defPrivType"),
        *("defSecurityName", "defContext", "defPassphrase", "defAuthPassphrase"),
        *("defPrivPassphrase", "defAuthMasterKey", "defPrivMasterKey", "defAuthLocalizedKey"),
        *("defPrivLocalizedKey", "defVersion", "defSecurityLevel", "trustCert"),
    )
)

#: The tokens the CLI reads that Net-SNMP reads in its first pass over the files, before
#: it loads MIBs (the others, in its second pass, after them).
_BEFORE_MIBS = frozenset(
    {
        *("mibs", "mibdirs", "showmiberrors", "miballowunderline", "mibreplacewithlatest"),
        *("commenttoeol", "strictcommentterm", "mibwarninglevel", "notokenwarnings"),
        *("printnumericenums", "printnumericoids", "escapequotes", "dontbreakdownoids"),
        *("quickprinting", "numerictimeticks", "oidoutputformat", "suffixprinting"),
        *("extendedindex", "printhextext", "printvalueonly", "dontprintunits"),
        "hexoutputlength",
    }
)

#: The tokens that read other files (of no value: said in Net-SNMP's second pass only).
_INCLUDES = ("includefile", "includedir")

#: What Net-SNMP says of an ``include`` line.
_AMBIGUOUS = "Ambiguous token 'include' - use 'includeSearch' (or 'includeFile') instead."
#: How a warning about a token Net-SNMP does not know ends (``noTokenWarnings`` drops it).
_UNKNOWN_TOKEN = ": Warning: Unknown token: "


#: Net-SNMP's bounds on included files: how deep they nest (its CONFIG_MAX_RECURSE_DEPTH),
#: and how many a file read from the top includes in all (CONFIG_MAX_FILES).
_MAX_DEPTH, _MAX_FILES = 16, 4096


def config_lines(
    path: str,
    section: str,
    problems: list[str],
    types: tuple[str, ...] = _TYPES,
    *,
    said: bool = True,
) -> Iterator[tuple[str, int, str, str, str]]:
    """The ``snmp`` and ``snmpapp`` lines of one file and the files it includes: (file,
    line number, type, token, value).

    ``includeFile FILE`` reads FILE (relative to this file's folder) there and then,
    ``includeDir DIR`` the ``.conf`` files of DIR (in the folder's order), as Net-SNMP does: a file
    including itself, directly or not, is read again, as deep as Net-SNMP reads (16
    includes, 4097 files in all), past which the include is an error. A file not
    found, or a folder, is said only when `said` (Net-SNMP's pass after the MIBs). A
    ``[TYPE]`` not of `types` is reported in `problems` as Net-SNMP reports it: its line
    is skipped, and the lines after ``[TYPE]`` alone keep the type they had.
    """
    lines = _text(path, problems)
    if lines is not None:
        yield from _file_lines(path, lines, section, problems, types, said, 1, [1])


def _text(path: str, problems: list[str]) -> list[str] | None:
    """A configuration file's lines (`_lines`); None: no file opens (a folder reads as
    empty, as fopen opens it), why said in `problems` as Net-SNMP's perror says it unless
    the file is missing or not readable."""
    try:
        with open(path, "rb") as file:
            return _lines(file.read())
    except IsADirectoryError:
        return []
    except (FileNotFoundError, PermissionError):
        return None
    except OSError as exc:  # a name too long, a loop of links...
        problems.append(f"{path}: {exc.strerror}")
        return None
    except ValueError:  # a NUL in the name
        return None


#: The size by which Net-SNMP's line buffer grows (fgets reads one less at a time).
_CHUNK = 256


def _lines(data: bytes) -> list[str]:
    """The lines of a file as Net-SNMP's read_config reads them with fgets: ended by a
    newline only; a NUL ends what a read holds (the rest of that read, up to the newline
    or the buffer's end, is lost, and the line runs on into the next read). Each line is
    its bytes as UTF-8, another byte a surrogate escape."""
    lines: list[str] = []
    line, size, at = b"", 0, 0
    while at < len(data):
        if size <= len(line) + 1:
            size += _CHUNK  # the buffer, kept for the lines after
        room = size - len(line) - 1
        end = data.find(b"\n", at, at + room)
        read = data[at : end + 1] if end >= 0 else data[at : at + room]
        at += len(read)
        line += read.partition(b"\0")[0]
        if line.endswith(b"\n"):
            lines.append(line[:-1].decode("utf-8", "surrogateescape"))
            line = b""
    if line:
        lines.append(line.decode("utf-8", "surrogateescape"))
    return lines


#: What C's isspace takes as white space (Python's str.split takes more: \x1c, U+0085...).
_SPACES = " \t\n\v\f\r"
_SPACE_BYTES = _SPACES.encode()
#: The longest word Net-SNMP's read_config keeps of a token (its STRINGMAX, less the NUL).
_LONGEST_WORD = 1023


def _word(line: str) -> tuple[str, str]:
    """A line's first word as Net-SNMP's copy_nword reads it (quoted or not, a backslash
    taking the character after it, cut to `_LONGEST_WORD` octets), and the rest between white
    space: "" when none, or a ``#`` follows (Net-SNMP's skip_white: no value)."""
    data = line.encode("utf-8", "surrogateescape")
    word, at = bytearray(), 0
    quote = data[:1] if data[:1] in (b'"', b"'") else b""
    at = len(quote)
    while at < len(data) and (
        data[at : at + 1] != quote if quote else data[at : at + 1] not in _SPACE_BYTES
    ):
        if data[at : at + 1] == b"\\" and at + 1 < len(data):
            at += 1
        word += data[at : at + 1]
        at += 1
    if quote and at < len(data):
        at += 1  # the closing quote
    rest = data[at:].lstrip(_SPACE_BYTES)
    return (
        bytes(word[:_LONGEST_WORD]).decode("utf-8", "surrogateescape"),
        "" if rest.startswith(b"#") else rest.decode("utf-8", "surrogateescape"),
    )


def _file_lines(
    path: str,
    lines: list[str],
    section: str,
    problems: list[str],
    types: tuple[str, ...],
    said: bool,
    depth: int,
    files: list[int],
) -> Iterator[tuple[str, int, str, str, str]]:
    """`config_lines` of a file read, `depth` includes deep, the `files` read so far
    from the top one."""
    for number, raw in enumerate(lines, 1):
        line = raw.lstrip(_SPACES)
        if not line or line.startswith("#"):
            continue
        kind, typed = section, False
        token, value = _word(line)
        if token.startswith("["):
            if not token.endswith("]"):
                problems.append(
                    f"{path}: line {number}: Error: no matching ']' for type {token[1:]}."
                )
                continue
            kind = token[1:-1]
            if kind not in types:
                problems.append(
                    f"{path}: line {number}: Error: No handlers regestered for type {kind}."
                )
                continue
            if not value:
                section = kind
                continue
            token, value, typed = *_word(value), True  # a line of that type: no include
        lower = token.lower()
        if typed and lower in (*_INCLUDES, "include") and not value:  # no value: each pass
            problems.append(f"{path}: line {number}: Error: Blank line following {token} token.")
            continue
        if lower not in _INCLUDES or not value or typed:  # a value as handlers take it,
            yield path, number, kind, token, value.rstrip(_SPACES)  # no white space after
            continue
        where = f"{path}: line {number}: Error: "
        for included in _included(path, lower, value, problems if said else None, where):
            read = _text(included, problems)
            if read is not None and files[0] <= _MAX_FILES and depth <= _MAX_DEPTH:
                files[0] += 1
                yield from _file_lines(
                    included, read, section, problems, types, said, depth + 1, files
                )
                continue
            if read is not None:  # said in each pass, as Net-SNMP's message (and its newline)
                bound = f"maximum conf file count ({_MAX_FILES}) exceeded"
                deep = f"nested include depth > {_MAX_DEPTH}"
                problems.append(f"{where}{bound if files[0] > _MAX_FILES else deep}\n")
            if lower == "includefile" and said:
                problems.append(f"{where}Included file '{included}' not found.")


def _included(
    path: str, token: str, value: str, problems: list[str] | None, where: str
) -> list[str]:
    """The files an ``includeFile`` or ``includeDir`` line of `path` names (a folder that
    does not open said in `problems`, when given)."""
    if token == "includefile":
        return [os.path.join(os.path.dirname(path), value)]
    try:
        names = os.listdir(value)  # in the folder's order (readdir's), as Net-SNMP reads it
    except (OSError, ValueError):
        if problems is not None:
            problems.append(f"{where}Can't open include dir '{value}'.")
        return []
    # Not a hidden file, nor ".conf" alone, as in Net-SNMP.
    kept = [name for name in names if name[0] != "." and name.endswith(".conf")]
    return [f"{value}/{name}" for name in kept]


def word(value: str) -> str:
    """A string value: the whole rest of the line, or the quoted text when quoted (a
    backslash takes the character after it as it is)."""
    if value.startswith('"'):
        quoted = re.match(r'"((?:[^"\\]|\\.)*)', value, re.S)
        assert quoted is not None  # it matches at least the quote
        return re.sub(r"\\(.)", r"\1", quoted.group(1), flags=re.S)
    return value


def _integer(value: str) -> int:
    """The first word of `value` as Net-SNMP reads an integer (strtol, all of the word, a
    long's value cut to an int)."""
    data = _first_word(value).encode("utf-8", "surrogateescape")
    read = strtol(data)
    if read is None or read[1] != len(data):
        raise ValueError("Bad integer value")
    number = read[0] & 0xFFFFFFFF
    return number - (1 << 32) if number >> 31 else number


def _timeout(value: str) -> int:
    """``timeout``: seconds as `_integer` reads them; not above 0, Net-SNMP's default (1)."""
    seconds = _integer(value)
    return seconds if seconds > 0 else 1


def _retries(value: str) -> int:
    """``retries``: as `_integer` reads it; below 0, Net-SNMP's default (5)."""
    count = _integer(value)
    return count if count >= 0 else 5


def _first_word(value: str) -> str:
    """The first word of a value, as Net-SNMP's strtok cuts it (at spaces, tabs, newlines)."""
    return re.split(r"[ \t\n]+", value.lstrip(" \t\n"), maxsplit=1)[0]


def _version(value: str) -> str:
    version = value.lower()
    if version not in ("1", "2c", "3"):
        raise ValueError("Unknown version specification")
    return version


def _level(value: str) -> str:
    try:
        return SECURITY_LEVEL_NAMES[value.lower()]
    except KeyError:
        raise ValueError(f"Unknown security level: {value}") from None


def _protocol(kind: str) -> Callable[[str], str | None]:
    """A protocol name as Net-SNMP reads it (`protocol_named`: `kind` auth or privacy)."""

    def convert(value: str) -> str | None:
        try:
            return protocol_named(kind, value)
        except UsageError:
            word = "authentication" if kind == "auth" else "privacy"
            raise ValueError(f"Unknown {word} type") from None

    return convert


def boolean(value: str) -> bool:
    """yes, true, no, false, or 0 or 1 as strtol reads them (``+1``, ``01``)."""
    first = _first_word(value)
    if first.lower() in ("yes", "true", "no", "false"):
        return first.lower() in ("yes", "true")
    data = first.encode("utf-8", "surrogateescape")
    read = strtol(data)
    if read is None or read[1] != len(data) or read[0] not in (0, 1):
        raise ValueError("Should be yes|no|true|false|0|1")
    return read[0] == 1


def _letter(letter: str) -> Callable[[str], tuple[str, bool]]:
    """A yes/no directive: the -O or -I letter it sets on or off."""
    return lambda value: (letter, boolean(value))


#: ``oidOutputFormat`` (and ``suffixPrinting``, the same setting in Net-SNMP): the -O
#: letter of each value (0: the default form).
_OID_FORMATS = {0: "S", 1: "s", 2: "S", 3: "f", 4: "n", 5: "u"}
#: The OID form of any other value, a mark among the -O letters: Net-SNMP's tools print
#: no OID at all (no name, ``OID: `` values).
UNNAMED = "!"


def _oid_format(value: str) -> tuple[str, bool]:
    """An OID form's letter (`UNNAMED` for a value of no form)."""
    return _OID_FORMATS.get(_integer(value), UNNAMED), True


def _numeric_oids(value: str) -> tuple[str, bool] | None:
    """``printNumericOids``: ``-On`` for yes, true or anything starting with 1; any other
    value changes nothing and is no error (as Net-SNMP reads it)."""
    word = next(iter(value.split()), "")
    return ("n", True) if word.lower() in ("yes", "true") or word[:1] == "1" else None


def _joined(old: str | None, value: str) -> str:
    """``mibs``/``mibdirs``: ``+X`` adds to the earlier files' list, ``-X`` puts X first."""
    if old is not None and value[:1] == "+":
        return f"{old}:{value[1:]}"
    if old is not None and value[:1] == "-":
        return f"{value[1:]}:{old}"
    return value


#: token (lower case) -> (field, how its value converts).
_TOKENS: dict[str, tuple[str, Callable[[str], object]]] = {
    "defversion": ("version", _version),
    "defcommunity": ("community", word),
    "defsecurityname": ("user", word),
    "defsecuritylevel": ("level", _level),
    "defauthtype": ("auth", _protocol("auth")),
    "defprivtype": ("priv", _protocol("privacy")),
    "defauthpassphrase": ("auth_pass", word),
    "defprivpassphrase": ("priv_pass", word),
    "defpassphrase": ("passphrase", word),
    "defauthmasterkey": ("auth_master", word),
    "defprivmasterkey": ("priv_master", word),
    "defauthlocalizedkey": ("auth_local", word),
    "defprivlocalizedkey": ("priv_local", word),
    "defcontext": ("context", word),
    "timeout": ("timeout", _timeout),
    "retries": ("retries", _retries),
    "defaultport": ("port", _integer),
    "mibs": ("mibs", str),
    "mibdirs": ("mibdirs", str),
    "showmiberrors": ("show_mib_errors", boolean),
    "miballowunderline": ("mib_allow_underline", boolean),
    "mibreplacewithlatest": ("mib_replace_with_latest", boolean),
    "commenttoeol": ("mib_comment_to_eol", boolean),
    "strictcommentterm": ("mib_comment_to_eol", boolean),
    "mibwarninglevel": ("mib_warning_level", _integer),
    "dontloadhostconfig": ("no_host_files", boolean),
    "notokenwarnings": ("no_token_warnings", boolean),
    "printnumericenums": ("output", _letter("e")),
    "printnumericoids": ("output", _numeric_oids),
    "escapequotes": ("output", _letter("E")),
    "dontbreakdownoids": ("output", _letter("b")),
    "quickprinting": ("output", _letter("q")),
    "numerictimeticks": ("output", _letter("t")),
    "oidoutputformat": ("output", _oid_format),
    "suffixprinting": ("output", _oid_format),
    "extendedindex": ("output", _letter("X")),
    "printhextext": ("output", _letter("T")),
    "printvalueonly": ("output", _letter("v")),
    "dontprintunits": ("output", _letter("U")),
    "hexoutputlength": ("hex_output_length", _integer),
    "outputprecision": ("output_precision", word),
    "norangecheck": ("input", _letter("r")),
    "nodisplayhint": ("input", _letter("h")),
}


#: The directives read (those of `_TOKENS`, as Net-SNMP spells them) and their values, as
#: -H lists them.
DIRECTIVES = (
    ("defVersion", "1|2c|3"),
    ("defCommunity", "community"),
    ("defSecurityName", "user name"),
    ("defSecurityLevel", "noAuthNoPriv|authNoPriv|authPriv"),
    ("defAuthType", "|".join(AUTH_PROTOCOLS)),
    ("defPrivType", "|".join(PRIV_PROTOCOLS)),
    ("defAuthPassphrase", "passphrase"),
    ("defPrivPassphrase", "passphrase"),
    ("defPassphrase", "passphrase"),
    ("defAuthMasterKey", "hex"),
    ("defPrivMasterKey", "hex"),
    ("defAuthLocalizedKey", "hex"),
    ("defPrivLocalizedKey", "hex"),
    ("defContext", "context name"),
    ("timeout", "seconds"),
    ("retries", "count"),
    ("defaultPort", "port"),
    ("mibs", "[+|-]MODULE[:...]"),
    ("mibdirs", "[+|-]DIR[:...]"),
    ("showMibErrors", "yes|no"),
    ("mibAllowUnderline", "yes|no"),
    ("mibReplaceWithLatest", "yes|no"),
    ("commentToEOL", "yes|no"),
    ("strictCommentTerm", "yes|no"),
    ("mibWarningLevel", "0|1|2"),
    ("dontLoadHostConfig", "yes|no"),
    ("noTokenWarnings", "yes|no"),
    ("printNumericEnums", "yes|no"),
    ("printNumericOids", "yes|no"),
    ("escapeQuotes", "yes|no"),
    ("dontBreakdownOids", "yes|no"),
    ("quickPrinting", "yes|no"),
    ("numericTimeticks", "yes|no"),
    ("oidOutputFormat", "0-5 (another: no OIDs)"),
    ("suffixPrinting", "0|1|2"),
    ("extendedIndex", "yes|no"),
    ("printHexText", "yes|no"),
    ("printValueOnly", "yes|no"),
    ("dontPrintUnits", "yes|no"),
    ("hexOutputLength", "octets"),
    ("outputPrecision", "printf format of floats (-Op)"),
    ("noRangeCheck", "yes|no"),
    ("noDisplayHint", "yes|no"),
)


def _read(
    files: list[tuple[str, str]], settings: dict[str, object], problems: list[str], stage: str
) -> None:
    """Adds the settings of `files` to `settings`, and what was wrong in them to `problems`,
    in one of Net-SNMP's passes over them (`stage`): ``before`` the MIBs load (their
    tokens), ``after`` (the others), or ``host`` (a host's files, read whole when a session
    opens, where ``transport`` is read).

    Each pass reports a line of no value and a ``[TYPE]`` of no handler; the last
    reports tokens Net-SNMP does not know (as it warns of them, unless
    ``noTokenWarnings``: in the host files, from where it is set; in the others,
    wherever), each its own bad values.
    """
    tokens = {**_TOKENS, "transport": ("transport", word)} if stage == "host" else _TOKENS
    for path, section in files:
        for where, number, kind, token, value in config_lines(
            path, section, problems, said=stage != "before"
        ):
            lower = token.lower()
            if lower == "include":  # Net-SNMP's ambiguous token: a warning, never an error
                if stage == "after" and not settings.get("no_token_warnings"):
                    problems.append(f"{where}: line {number}: Warning: {_AMBIGUOUS}")
                continue
            if not value and (stage == "after" or (stage == "before" and lower not in _INCLUDES)):
                problems.append(
                    f"{where}: line {number}: Error: Blank line following {token} token."
                )
                continue
            early = kind == "snmp" and lower in _BEFORE_MIBS
            if (stage == "before" and not early) or (stage == "after" and early):
                continue  # the other pass's
            known = tokens.get(lower) if kind == "snmp" else None
            if known is None:
                names = _APP_TOKENS if kind == "snmpapp" else _SNMP_TOKENS
                warned = kind == "snmpapp" or stage == "after"
                if warned and lower not in names and not settings.get("no_token_warnings"):
                    problems.append(f"{where}: line {number}{_UNKNOWN_TOKEN}{token}.")
                continue
            _set(settings, problems, f"{where}: line {number}", known, value)


def _set(
    settings: dict[str, object],
    problems: list[str],
    where: str,
    known: tuple[str, Callable[[str], object]],
    value: str,
) -> None:
    """Sets the field of a token of `_TOKENS` (`known`) to `value`, or says what is wrong
    with it (`where`: its file and line)."""
    field, convert = known
    try:
        converted = convert(value)
    except ValueError as exc:
        problems.append(f"{where}: Error: {exc}")
        return
    if field in ("mibs", "mibdirs"):
        converted = _joined(settings.get(field), value)  # type: ignore[arg-type]
    elif field in ("output", "input"):  # letters, each set in its turn
        old: tuple[tuple[str, bool], ...] = settings.get(field, ())  # type: ignore[assignment]
        converted = (*old, converted) if converted is not None else old
    settings[field] = converted


#: The lines of the command line (``--TOKEN=VALUE``), read after the files in each pass.
_command_line: list[str] = []


def command_line_lines(lines: list[str]) -> None:
    """Sets the lines of the command line (before any file is read): ``--TOKEN=VALUE``,
    as Net-SNMP's handle_long_opt makes them (`long_option_line`)."""
    _command_line[:] = lines


def long_option_line(option: str) -> str:
    """The configuration line of a long option (after its ``--``): its first ``=`` a space,
    or ``TOKEN 1`` for a word alone, as Net-SNMP's tools read it."""
    if "=" in option:
        return option.replace("=", " ", 1)
    return option if " " in option else f"{option} 1"


def snmp_line(line: str) -> bool:
    """Whether a command line's line is of a token Net-SNMP's ``snmp`` (or ``snmpapp``)
    lines know, or of a ``[TYPE]`` not ``[snmptrapd]`` (snmptrapd's other lines are
    snmptrapd.conf's)."""
    token = re.split(r"[ \t=]+", line.lstrip(" \t="), maxsplit=1)[0].lower()
    if token.startswith("["):
        return token != "[snmptrapd]"
    return token in _SNMP_TOKENS or token in _APP_TOKENS


#: A word of a command line's line: Net-SNMP's strtok over " \t=".
_WORD = re.compile(r"[ \t=]*([^ \t=]+)")


def _read_command_line(settings: dict[str, object], problems: list[str], stage: str) -> None:
    """The command line's lines, as Net-SNMP reads them after the files of a pass (`stage`):
    said of no file (``(null): line 0``), not counted; a token Net-SNMP does not know is
    warned of in its pass after the MIBs, and in the one before too under
    ``noTokenWarnings`` (so Net-SNMP's test reads); a line of no token, in each. A first
    word ``[TYPE]`` gives the line's type, as in a file (``[snmp] defCommunity=x``): a
    type of no handler, or a ``[`` with no ``]`` closing the word, is an error of each pass.
    """
    for line in _command_line:
        first = _WORD.match(line)
        if first is None:
            problems.append(f"(null): line 0: Warning: Wrong format: {line}")
            continue
        kind = "snmp"
        found: re.Match[str] | None = first  # the token's (None: no word after [TYPE])
        if first.group(1).startswith("["):
            bracketed = first.group(1)[1:]
            if not bracketed.endswith("]"):
                problems.append(f"(null): line 0: Error: no matching ']' for type {bracketed}.")
                continue
            kind = bracketed[:-1]
            if kind not in _TYPES:
                problems.append(f"(null): line 0: Error: No handlers regestered for type {kind}.")
                continue
            found = _WORD.match(line, first.end())
        token = found.group(1) if found else "(null)"
        value = line[found.end() + 1 :].lstrip(" \t") if found else ""
        lower = token.lower()
        known = _TOKENS.get(lower) if kind == "snmp" else None
        if known is None:
            names = _APP_TOKENS if kind == "snmpapp" else _SNMP_TOKENS | _APP_TOKENS
            quiet = stage == "before" and not settings.get("no_token_warnings")
            if lower not in names and not quiet:
                problems.append(f"(null): line 0{_UNKNOWN_TOKEN}{token}.")
        elif (lower in _BEFORE_MIBS) == (stage == "before"):
            _set(settings, problems, "(null): line 0", known, value)


def counted(problems: list[str], start: int) -> None:
    """Net-SNMP's count of the errors of a pass over the general files (from `start`)."""
    errors = sum(": Error: " in problem for problem in problems[start:])
    if errors:
        problems.append(f"net-snmp: {errors} error(s) in config file(s)")


def read_config(
    environ: Mapping[str, str], host: str | None = None
) -> tuple[ClientConfig, list[str]]:
    """The settings of the files `environ` names, then of `host`'s files when the host is
    a bare name (as Net-SNMP reads them when it opens a session to it), and what was wrong
    in them (one line each, in the order Net-SNMP says them)."""
    config, problems, _, _ = _read_all(environ, host)
    return config, problems


def _read_all(
    environ: Mapping[str, str], host: str | None = None
) -> tuple[ClientConfig, list[str], int, int]:
    """`read_config`'s, and where the problems of Net-SNMP's pass after the MIBs begin and
    where those of the host's files do."""
    settings: dict[str, object] = {}
    problems: list[str] = []
    files = config_files(environ)
    _read(files, settings, problems, "before")
    counted(problems, 0)
    _read_command_line(settings, problems, "before")
    after = len(problems)
    _read(files, settings, problems, "after")
    counted(problems, after)
    _read_command_line(settings, problems, "after")
    host_from = len(problems)
    if host and _HOST_NAME.fullmatch(host) and not settings.get("no_host_files"):
        _read(config_files(environ, host), settings, problems, "host")
    settings.pop("no_token_warnings", None)
    passphrase = settings.pop("passphrase", None)  # defPassphrase: for either one not set
    for field in ("auth_pass", "priv_pass"):
        settings.setdefault(field, passphrase)
    return ClientConfig(**settings), problems, after, host_from  # type: ignore[arg-type]


@functools.cache
def client_config(host: str | None = None) -> ClientConfig:
    """This process's settings, with those of `host`'s files when given (read once;
    problems are logged, as Net-SNMP logs them: those of its pass after the MIBs load
    when `log_config_problems` says so)."""
    config, problems, after, host_from = _read_all(os.environ, host)
    if host is not None:  # the general files' problems are client_config()'s to print
        problems = problems[host_from:]
    else:
        problems, _LATER[:] = problems[:after], problems[after:]
    _log(problems)
    return config


#: The problems of the general files Net-SNMP says after the MIBs load.
_LATER: list[str] = []


def log_config_problems() -> None:
    """Logs the configuration files' problems that Net-SNMP says once its MIBs are loaded
    (those of its second pass over them), if not yet."""
    client_config()
    _log(_LATER)
    _LATER.clear()


def _log(problems: list[str]) -> None:
    for problem in problems:
        log(f"{problem}\n", WARNING if ": Warning: " in problem else ERR)
