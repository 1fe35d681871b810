"""snmptrapd's ``-F FORMAT``: a notification as snmptrapd 5.9 prints its format sequences.

snmptrapd(8)'s FORMAT SPECIFICATIONS, read as snmptrapd reads them: ``%[-0#][WIDTH][.PREC]C``
(a flag after the width is text), ``%V`` then a separator up to the next ``%`` (which
starts the next sequence), backslash escapes, any other character after ``%`` printed
as it is. Fields pad as snmptrapd pads them: numbers (the times and ``%w``) with zeros,
other fields with one space then zeros, ``-`` with zeros on the right; a precision cuts
from the right (``%.2y`` is ``20``). ``%Y %M %L %H %J %K`` (snmptrapd formats a time it
never sets) and ``%E`` (it prints the engine id's octets as an OID it reads past) are
refused.

`TrapFormat.default` is snmptrapd's format when given none: what it prints through its
log (its v1 trap's lines: ``%Q``, of those only, is ``%q`` without its dot), and a
traphandle's input.
"""

from __future__ import annotations

import socket
import time
from typing import TYPE_CHECKING

import attrs

from .._mib._format import CUT_MARK
from .._notify import v1_trap_oid
from .._types import SnmpVersion
from ._target import UsageError

if TYPE_CHECKING:
    from .._mib._format import MibFormatter
    from .._notify import Notification
    from .._transport import Address

__all__ = ("TrapFormat", "own_lines", "transport_text", "trap_pdu")

_ESCAPES = {
    **{c: c for c in "\\?%'\""},
    **dict(zip("abfnrtv", "\a\b\f\n\r\t\v", strict=True)),
}
_TIMES = "tymlhjkT"
_COMMANDS = frozenset(_TIMES + "aAsSubBNPwWqv")
_NUMERIC = set(_TIMES + "w")
#: snmptrapd 5.9's formats when given none, by its format directive's words: the prints
#: of a v1 trap and of the others, and a traphandle's input (``%V\n``: a line per varbind).
_DEFAULTS = {
    "print1": "%.4y-%.2m-%.2l %.2h:%.2j:%.2k %A [%a] (via %b) %P\n\t%N %W Trap (%Q) Uptime: "
    "%#T\n%V\t%#v\n",
    "print2": "%.4y-%.2m-%.2l %.2h:%.2j:%.2k %B [%b]:\n%v\n",
    "execute": "%B\n%b\n%V\n%v\n",
}
_REFUSED = "YMLHJKE"
_DESCRIPTIONS = (
    "Cold Start",
    "Warm Start",
    "Link Down",
    "Link Up",
    "Authentication Failure",
    "EGP Neighbor Loss",
    "Enterprise Specific",
)
#: snmptrapd's separator buffer (32 octets, its last for the terminating NUL).
_SEPARATOR_MAX = 30
_UNSIGNED = 2**64


@attrs.define
class _Field:
    """One format sequence: its command letter and options."""

    command: str = ""
    width: int = 0
    precision: int | None = None
    left: bool = False
    zeros: bool = False
    alt: bool = False


@attrs.frozen
class _Separator:
    text: str


class TrapFormat:
    """A parsed -F FORMAT, which `render` applies to each notification.

    Args:
        text: the format.
        numeric: snmptrapd's ``-n``: ``%B`` is ``%b`` (no name looked up); as in
            snmptrapd 5.9, ``%A`` then looks the agent's name up (and only then).

    Raises:
        UsageError: a sequence refused (see the module's docstring), or a ``%V`` separator
            with no ``%`` after it or longer than snmptrapd's buffer.
    """

    def __init__(self, text: str, numeric: bool, commands: frozenset[str] = _COMMANDS) -> None:
        self.numeric = numeric
        self._parts = _parse(text, commands)
        #: snmptrapd's own lines of a v1 trap (not a format: its varbinds go straight out).
        self._plain = False

    @classmethod
    def default(cls, use: str, numeric: bool) -> TrapFormat:
        """snmptrapd's format for `use` when given none: ``print1`` (a v1 trap), ``print2``
        (the others), ``execute`` (a traphandle's input)."""
        made = cls(_DEFAULTS[use], numeric, _COMMANDS | {"Q"})
        made._plain = use == "print1"
        return made

    def render(
        self, n: Notification, formatter: MibFormatter, lines: list[str], truncated: str = ""
    ) -> str:
        """`n` as the format prints it; `formatter` prints OIDs (``%N``, ``%q``) and
        `lines` are its varbinds as ``%v`` prints them (a v1 trap's own only).

        A varbind Net-SNMP gives up printing (-OX: a line ending in `CUT_MARK`) ends it
        as it ends snmptrapd's: with what came before ``%v`` (snmptrapd's v1 lines: with
        the varbinds up to that one's cut text), then `truncated` (what snmptrapd logs
        then: `` [TRUNCATED]\n``; a traphandle's input gets nothing more)."""
        out: list[str] = []
        separator = ""
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, _Separator):
                separator = part.text
            elif part.command == "P":
                out.append(_wrapper(n))
            elif part.command == "u" and n.version != SnmpVersion.v3:
                out.append(_printable(n.community or ""))  # written as it is, then ""
                out.append(_padded(part, ""))
            elif part.command == "v":
                sep = separator or (", " if part.alt else "\t")
                cut = next((i for i, line in enumerate(lines) if line.endswith(CUT_MARK)), None)
                if cut is not None:
                    if self._plain:
                        out.extend(sep + line for line in lines[:cut])
                        out.append(sep + lines[cut].removesuffix(CUT_MARK))
                    return "".join(out) + truncated
                text = "".join(sep + line for line in lines) if part.alt else sep.join(lines)
                out.append(_padded(part, text))
            else:
                out.append(_padded(part, self._value(part, n, formatter)))
        return "".join(out)

    def _value(self, part: _Field, n: Notification, formatter: MibFormatter) -> str:
        command = part.command
        v1 = trap_pdu(n)
        generic = (n.generic_trap or 0) if v1 else 0
        if command in _TIMES:
            return _time(command, part.alt, n.uptime if v1 else 0)
        if command in "aA":
            agent = (n.agent_addr or "0.0.0.0") if v1 else "0.0.0.0"
            # snmptrapd 5.9 looks %A's name up with -n only (%B's without -n only)
            return _host_name(agent, agent) if command == "A" and self.numeric else agent
        if command == "b" or (command == "B" and self.numeric):
            return transport_text(n.transport, n.source, n.local)
        if command == "B":
            return _host_name(n.source[0], "<UNKNOWN>")
        if command == "s":
            return {SnmpVersion.v1: "0", SnmpVersion.v2c: "1"}.get(n.version, "3")
        if command == "S":
            return {SnmpVersion.v1: "1", SnmpVersion.v2c: "2"}.get(n.version, "3")
        if command == "u":
            return n.user or ""
        if command == "N":
            return formatter.oid(n.enterprise) if v1 and n.enterprise else "."
        if command == "w":
            return str(generic)
        if command == "W":
            return _DESCRIPTIONS[generic] if 0 <= generic <= 6 else "Unknown Type"
        # q: the specific trap; of an enterprise-specific trap, its OID's last arc (Q: no dot)
        if generic != 6 or not n.enterprise:
            return str((n.specific_trap or 0) if v1 else 0)
        arcs = n.enterprise.split(".")
        oid = v1_trap_oid(".".join(arcs[:-1] if arcs[-1] == "0" else arcs), 6, n.specific_trap or 0)
        text = formatter.oid(oid)
        return text[text.rfind(".") + (command == "Q") :] if "." in text else text


def _parse(text: str, commands: frozenset[str]) -> list[str | _Field | _Separator]:
    """The format's literal text, sequences (of `commands`) and separators, in order."""
    parts: list[str | _Field | _Separator] = []
    state, field, i = "normal", _Field(), 0
    while i < len(text):
        c = text[i]
        if state == "normal":
            if c == "\\":
                state = "backslash"
            elif c == "%":
                state, field = "format", _Field()
            else:
                parts.append(c)
        elif state == "backslash":
            parts.append(_ESCAPES.get(c, "\\" + c))
            state = "normal"
        elif state == "format" and c in "-0#.V":
            if c == "V":
                separator, i = _separator(text, i + 1)
                parts.append(_Separator(separator))  # i: the % that ends it, skipped
            elif c == ".":
                state = "precision"
            else:
                field.left |= c == "-"
                field.zeros |= c == "0"
                field.alt |= c == "#"
        elif c in "0123456789" and (state != "format" or c != "0"):
            if state == "precision":
                field.precision = (field.precision or 0) * 10 + int(c)
            else:
                field.width, state = field.width * 10 + int(c), "width"
        elif c == "." and state == "width":
            state = "precision"
        else:
            if c in _REFUSED:
                raise UsageError(f"-F: %{c} is not supported (snmptrapd prints no sound value)")
            if c in commands:
                if field.precision is not None:
                    field.width = max(field.width, field.precision)
                parts.append(attrs.evolve(field, command=c))
            else:
                parts.append(c)
            state = "normal"
        i += 1
    return parts


def _separator(text: str, start: int) -> tuple[str, int]:
    """The %V separator from `start` (escapes read) and the index of the % that ends it."""
    out, i = [], start
    while i < len(text) and text[i] != "%":
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
            out.append(_ESCAPES.get(text[i], "\\" + text[i]))
        else:
            out.append(text[i])
        i += 1
    separator = "".join(out)
    if i >= len(text) or len(separator.encode()) > _SEPARATOR_MAX:
        raise UsageError(f"-F: %V's separator ends at a %, within {_SEPARATOR_MAX} characters")
    return separator, i


def _padded(field: _Field, text: str) -> str:
    """`text` cut to the precision and padded to the width, as snmptrapd pads it."""
    data = text.encode("utf-8", "surrogateescape")
    if field.precision is not None:
        data = data[: field.precision]
    pad = max(field.width - len(data), 0)
    if field.left:
        return (data + b"0" * pad).decode("utf-8", "surrogateescape")
    zeros = 0
    if field.command in _NUMERIC:  # snmptrapd's unsigned count: past 0 it wraps
        zeros = (_UNSIGNED - 1 if field.precision is None else field.precision) - len(data)
    head = []
    for _ in range(pad):
        if field.zeros:
            head.append("0")
            continue
        head.append("0" if zeros % _UNSIGNED > 0 else " ")
        zeros -= 1
    return "".join(head) + data.decode("utf-8", "surrogateescape")


def _time(command: str, alt: bool, uptime: int) -> str:
    """A current-time field (``#``: UTC), ``%t``, or ``%T`` (the v1 time-stamp)."""
    if command == "T":
        return _uptime(uptime) if alt else str(uptime)
    now = time.time()
    if command == "t":
        return str(int(now))
    tm = time.gmtime(now) if alt else time.localtime(now)
    fields = {"y": tm.tm_year, "m": tm.tm_mon, "l": tm.tm_mday}
    fields |= {"h": tm.tm_hour, "j": tm.tm_min, "k": tm.tm_sec}
    return str(fields[command])


def _uptime(ticks: int) -> str:
    """``%#T``: days, hours, minutes, seconds and hundredths, as snmptrapd prints them."""
    days, rest = divmod(ticks // 100, 86400)
    hours, rest = divmod(rest, 3600)
    clock = f"{hours}:{rest // 60:02}:{rest % 60:02}.{ticks % 100:02}"
    if days == 0:
        return clock
    return f"{days} day, {clock}" if days == 1 else f"{days} days, {clock}"


def trap_pdu(n: Notification) -> bool:
    """Whether `n` came as a v1 Trap-PDU (snmptrapd's choices go by the PDU: a v1 message
    may carry a v2 trap, which prints as one)."""
    return n.generic_trap is not None


def own_lines(n: Notification, lines: list[str]) -> list[str]:
    """`n`'s varbind `lines` as snmptrapd's ``%v`` prints them: a v1 trap's own (not
    sysUpTime.0, snmpTrapOID.0, nor those RFC 3584's conversion appended), else all."""
    if not trap_pdu(n):
        return lines
    return lines[2 : len(lines) - n.appended]


def transport_text(transport: str, source: Address, local: Address) -> str:
    """``%b`` (and -d's): snmptrapd's text of a message's transport, from `source` to
    `local` (over TCP it names no local end)."""
    host, port = local if transport == "udp" else ("0.0.0.0", 0)
    return f"{transport.upper()}: [{source[0]}]:{source[1]}->[{host}]:{port}"


def _host_name(address: str, unknown: str) -> str:
    """The host name of `address`, else `unknown` (``%B``: ``<UNKNOWN>``)."""
    try:
        return socket.gethostbyaddr(address)[0]
    except OSError:
        return unknown


def _printable(text: str) -> str:
    """A community as snmptrapd prints it: a dot for each octet isprint refuses."""
    return "".join(c if " " <= c <= "~" else "." * len(c.encode("utf-8", "replace")) for c in text)


def _wrapper(n: Notification) -> str:
    """``%P``: the PDU type, version and community or user and context."""
    kind = "INFORM" if n.inform else ("TRAP" if trap_pdu(n) else "TRAP2")
    version = {SnmpVersion.v1: "v1", SnmpVersion.v2c: "v2c"}.get(n.version, "v3")
    if n.version == SnmpVersion.v3:
        who = f"user {_printable(n.user or '')}, context {_printable(n.context_name)}"
    else:
        who = f"community {_printable(n.community or '')}"
    return f"{kind}, SNMP {version}, {who}"
