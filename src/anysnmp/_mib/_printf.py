"""Float and double values as Net-SNMP prints them with ``-Op PRECISION`` (snmp.conf's
``outputPrecision``): C's ``snprintf`` of the format ``%`` PRECISION ``f`` into 128 octets.

glibc's printf is followed where its output is defined for one double: flags (``-+ #0``;
``'`` and ``I`` change nothing in the C locale), width, precision, the conversions of a
double (``e E f F g G``, ``l`` allowed before them), ``%%``, and a specification of no
conversion glibc knows, printed back as glibc prints it (``%.3 junkf``). A format glibc would
read another argument for (``%d``, ``%s``, ``*``, a second double...) prints what
happens to be in memory, or crashes: refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from .._errors import ConfigurationError

__all__ = ("float_printer", "plain_float")

#: A conversion specification as glibc reads it: flags, width, precision, length, conversion.
_SPEC = re.compile(r"%([-+ #0'I]*)([0-9]+|\*)?(?:\.([0-9]*|\*))?(hh|ll|[hlLqjzZt])?(.?)", re.S)
#: The conversions of a double.
_DOUBLES = frozenset("eEfFgG")
#: The conversions glibc knows that read another argument than a double (``%``: with a
#: flag, width or precision; ``$``: an argument's position).
_OTHERS = frozenset("aAdiouxXbBcsCSpnm%$")
#: The characters Net-SNMP keeps of a value (its buffer of 128 octets, with the NUL).
_KEPT = 127
#: Widths and precisions past these print, within `_KEPT`, as these do (a double's
#: digits in full and more than `_KEPT` of padding).
_WIDEST, _LONGEST = 2000, 1100


def plain_float(value: float) -> str:
    """``%f``, Net-SNMP's default."""
    return _glibc(value, "%f", "%f")[:_KEPT]


def _glibc(value: float, spec: str, unpadded: str) -> str:
    """`value` through the Python printf `spec` as glibc prints it: an infinity or a NaN
    through `unpadded` (`spec` with no ``0`` flag), a NaN with its sign (``-nan``)."""
    if math.isfinite(value):
        return spec % value
    text = unpadded % math.copysign(math.inf, value)
    return text.replace("inf", "nan").replace("INF", "NAN") if math.isnan(value) else text


def float_printer(precision: str) -> Callable[[float], str]:
    """How Net-SNMP prints a float or double with -Op `precision`.

    Raises:
        ConfigurationError: a format whose output glibc leaves undefined (or crashes on).
    """
    fmt = f"%{precision}f"
    pieces: list[str] = []  # literal text, and the one Python spec of the value
    spec_at = -1
    at = 0
    while at < len(fmt):
        start = fmt.find("%", at)
        if start < 0:
            pieces.append(fmt[at:])
            break
        pieces.append(fmt[at:start])
        found = _SPEC.match(fmt, start)
        assert found is not None  # every part is optional
        flags, width, digits, length, conversion = found.groups()
        at = found.end()
        written = found.group()
        if written == "%%":
            pieces.append("%")
        elif conversion in _DOUBLES and length in (None, "l") and "*" not in (width, digits):
            if spec_at >= 0:
                raise ConfigurationError(f"{written} converts a second value (C prints garbage)")
            spec_at = len(pieces)
            pieces.append(_python_spec(flags, width, digits, conversion))
            unpadded = _python_spec(flags.replace("0", ""), width, digits, conversion)
        elif "*" in written:
            raise ConfigurationError(f"{written} reads a width from an argument (C prints garbage)")
        elif conversion in _OTHERS or conversion in _DOUBLES or not conversion:
            raise ConfigurationError(f"{written} converts no double (C prints garbage)")
        else:
            pieces.append(_unknown(flags, width, digits, conversion))
    if spec_at < 0:
        text = "".join(pieces)[:_KEPT]
        return lambda value: text
    before, spec, after = "".join(pieces[:spec_at]), pieces[spec_at], "".join(pieces[spec_at + 1 :])
    return lambda value: (before + _glibc(value, spec, unpadded) + after)[:_KEPT]


def _unknown(flags: str, width: str | None, digits: str | None, conversion: str) -> str:
    """A specification of no conversion glibc knows, as glibc prints it back: its flags in
    glibc's order (``+`` over a space, no ``0`` padding with ``-``), width, precision and
    conversion (no length)."""
    left = "-" in flags
    text = "%" + "".join(
        flag
        for flag, on in (
            ("#", "#" in flags),
            ("'", "'" in flags),
            ("+", "+" in flags),
            (" ", " " in flags and "+" not in flags),
            ("-", left),
            ("0", "0" in flags and not left),
            ("I", "I" in flags),
        )
        if on
    )
    if width is not None and int(width):
        text += str(int(width))
    if digits is not None:
        text += "." + str(int(digits or 0))
    return text + conversion


def _python_spec(flags: str, width: str | None, digits: str | None, conversion: str) -> str:
    """The Python printf spec printing as glibc's (its flags of no effect left out, width
    and precision kept to what shows)."""
    if int(width or 0) >= 2**31 or int(digits or 0) >= 2**31:
        raise ConfigurationError("a width or precision past C's int (C prints nothing)")
    spec = "%" + "".join(flag for flag in flags if flag not in "'I")
    if width is not None:
        spec += str(min(int(width), _WIDEST))
    if digits is not None:
        spec += "." + str(min(int(digits or 0), _LONGEST))
    return spec + conversion
