"""Option values read as Net-SNMP's tools read them (snmp_parse_args): a value they refuse
is their line alone (`UnknownOidError`, exit status 1), not click's wording."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import click

from ._target import UnknownOidError, UsageError, protocol_named

__all__ = ("CNumber", "NamedValue", "ProtocolName", "c_retries", "c_timeout")


class NamedValue(click.Choice[str]):
    """A choice of names, read as Net-SNMP's tools read them: any case (``-v``'s 1 too), with
    their other spellings (`aliases`, by lower case); another is their line (`refusal` of
    the value as given) alone, exit status 1, as for their other bad values."""

    def __init__(
        self, choices: Sequence[str], refusal: str, aliases: dict[str, str] | None = None
    ) -> None:
        super().__init__(choices, case_sensitive=False)
        self.refusal = refusal
        self.aliases = aliases or {}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return super().convert(value, param, ctx)
        try:
            return super().convert(self.aliases.get(value.lower(), value), param, ctx)
        except click.BadParameter:
            raise UnknownOidError(self.refusal.format(value), status=1) from None


class ProtocolName(click.ParamType[str | None]):
    """-a's or -x's protocol (`kind`: auth, privacy), read as Net-SNMP's tools read it
    (`protocol_named`: any case, a start of a name, NOAUTH and NOPRIV: None); another is
    their line (`refusal`) alone, exit status 1."""

    name = "protocol"

    def __init__(self, kind: str, refusal: str) -> None:
        self.kind = kind
        self.refusal = refusal

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return protocol_named(self.kind, value)
        except UsageError:
            raise UnknownOidError(self.refusal.format(value), status=1) from None


class CNumber(click.ParamType[float]):
    """``-t`` and ``-r``, read as Net-SNMP's tools read them (`read`: C's atof, atoi and
    their checks); a bad one is their line (`refusal`) alone, exit status 1."""

    def __init__(self, name: str, read: Callable[[str], float], refusal: str) -> None:
        self.name = name
        self.read = read
        self.refusal = refusal

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value  # snmp.conf's, read already
        try:
            return self.read(value)
        except ValueError:
            raise UnknownOidError(self.refusal, status=1) from None


#: What C's strtod reads at a text's start (atof's number): decimal, hexadecimal, inf, nan.
_C_FLOAT = re.compile(
    r"\s*[+-]?(?:0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(?:p[+-]?[0-9]+)?"
    r"|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?|inf(?:inity)?|nan)",
    re.IGNORECASE,
)


def c_timeout(text: str) -> float:
    """``-t``: seconds as atof reads them, kept in whole microseconds as a C long (Net-SNMP:
    ``(long)(atof(optarg) * 1000000L)``, refused unless above 0: ``1.5x`` is 1.5 s).

    Raises:
        ValueError: not above 0 (nothing read, 0, below a microsecond, past a long).
    """
    found = _C_FLOAT.match(text)
    number = found.group().strip() if found else "0"
    hexadecimal = number.lstrip("+-")[:2].lower() == "0x"
    value = float.fromhex(number) if hexadecimal else float(number)
    micro = value * 1_000_000
    if not 1 <= micro < 2**63:  # NaN, infinities and past a long: C's LONG_MIN
        raise ValueError(text)
    return int(micro) / 1_000_000


def c_retries(text: str) -> int:
    """``-r``: as Net-SNMP's ``atoi(optarg)``, refused unless it starts with a digit and the
    int is not negative (``3x`` is 3; strtol's long past an int wraps as glibc's cast).

    Raises:
        ValueError: it is refused.
    """
    digits = re.match(r"[0-9]+", text)
    if digits is None:
        raise ValueError(text)
    value = (min(int(digits.group()), 2**63 - 1) + 2**31) % 2**32 - 2**31
    if value < 0:
        raise ValueError(text)
    return value
