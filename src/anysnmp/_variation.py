"""snmpsim's variation modules: snmprec records whose value is computed when served.

A record ``OID|TAG:MODULE|OPTIONS`` names a module; the ones served here, as
snmpsim documents them, are ``numeric`` (a value that changes with time),
``writecache`` (a value SET changes), ``error`` (an error-status answered
for the OID) and ``delay`` (a response sent late). Each record becomes a
`Variation`: a `MibView` entry called when served, like a getter, which
reads the time from the view's `Clock`; what is not a value (an
error-status, a wait) it raises for the responder (`VarbindError`, `Delayed`).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from ._errors import ErrorStatus, RecordingError, SnmpError
from ._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    Tag,
    TimeTicks,
    TypedValue,
)

__all__ = ("SUPPORTED", "Clock", "Delay", "Delayed", "VarbindError", "Variation", "variation")

#: The variation modules served, by name.
SUPPORTED = ("numeric", "writecache", "error", "delay")

#: snmpsim's other modules: they need what a recording does not hold (a database, a
#: program to run, other files, notification targets).
_UNSUPPORTED = ("notification", "sql", "redis", "multiplex", "subprocess")

#: Makes a record's typed value from its octets (and whether they were hex).
Typer = Callable[[bytes, bool], TypedValue]


class Clock:
    """The time variations see: seconds since it started (monotonic), and the wall time.

    Args:
        monotonic: the clock read, in seconds (`time.monotonic`; tests give
            their own to fix the time).
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.started = monotonic()
        #: The wall time at monotonic 0: `now` follows the monotonic clock.
        self.epoch = time.time() - self.started

    def uptime(self) -> float:
        """Seconds since the clock started."""
        return self.monotonic() - self.started

    def now(self) -> float:
        """The wall time (UNIX seconds), as the monotonic clock advanced it."""
        return self.epoch + self.monotonic()


class VarbindError(SnmpError):
    """A variation's answer for its varbind: an error-status, or an exception value's tag."""

    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        name = ErrorStatus(status).rfc_name if status < Tag.NO_SUCH_OBJECT else Tag(status).smi_name
        super().__init__(f"the record answers {name}{reason}")


class Variation:
    """A record served by a variation module: called when served, like a getter.

    Attributes:
        tag: the type of its values (an SMI tag).
        settable: whether SET may change it (the record says so, not the view).
        clock: the time source, set by the `MibView` serving it.
    """

    settable = False

    def __init__(self, tag: int) -> None:
        self.tag = tag
        self.clock = Clock()

    def __call__(self) -> TypedValue:
        """The value served now.

        Raises:
            VarbindError: the record answers with an error-status instead.
        """
        value = self.current()
        if value is None:
            raise VarbindError(Tag.NO_SUCH_INSTANCE)
        return value

    def current(self) -> TypedValue | None:
        """The value it holds now (None: none yet), without its errors."""
        raise NotImplementedError

    def refusal(self, value: TypedValue) -> int:
        """The error-status refusing a SET to `value` (of its type), 0 to accept it."""
        return int(ErrorStatus.NOT_WRITABLE)

    def write(self, value: TypedValue) -> None:
        """Takes the value of an accepted SET."""
        raise NotImplementedError

    def seconds(self, value: TypedValue | None) -> float:
        """How long its answer to a request (a SET's: `value`) waits (`math.inf`: none)."""
        return 0.0


def variation(module: str, tag: int | None, text: str, typer: Typer | None) -> Variation:
    """The variation of a record ``OID|TAG:MODULE|TEXT``.

    Args:
        module: the module's name.
        tag: the record's type tag (None when the record has none: a subtree).
        text: the module's options, ``key=value,...``.
        typer: makes a value of the record's type from octets (None: no such type).

    Raises:
        RecordingError: a module not served, or options it does not take.
    """
    if module not in SUPPORTED:
        known = "snmpsim's" if module in _UNSUPPORTED else "an unknown"
        raise RecordingError(
            f"{known} variation module {module!r} is not supported (anysnmp serves "
            f"{', '.join(SUPPORTED)}): record this OID without it (OID|TAG|VALUE)"
        )
    if tag is None or typer is None:
        raise RecordingError(f"variation module {module!r} needs a type tag (TAG:{module})")
    options = _options(text)
    if module == "numeric":
        return Numeric(tag, options)
    if module == "delay":
        return Delay(tag, options, typer)
    return Settable(tag, options, typer, error_module=module == "error")


def _split(text: str, sep: str) -> list[str]:
    """`text` split at `sep`, or at `sep` doubled or tripled when the text holds that run.

    snmpsim's escape: a value holding a separator is written with the
    separators between items doubled (``a=1,,b=x,y``).
    """
    for run in (sep * 3, sep * 2, sep):
        if run in text:
            return text.split(run)
    return [text]


def _options(text: str) -> dict[str, str]:
    """A record's ``key=value,...`` options.

    Raises:
        RecordingError: an item that is not ``key=value``.
    """
    options = {}
    for item in _split(text, ",") if text else ():
        parts = _split(item, "=")
        if len(parts) != 2 or not parts[0]:
            raise RecordingError(f"variation option {item!r} is not KEY=VALUE")
        options[parts[0]] = parts[1]
    return options


def _number(options: dict[str, str], key: str, default: float) -> float:
    text = options.get(key)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        raise RecordingError(f"variation option {key}={text!r} is not a number") from None
    if not math.isfinite(number):
        raise RecordingError(f"variation option {key}={text!r} is not a finite number")
    return number


#: The types `numeric` serves: their class and range.
_NUMERIC: dict[int, tuple[Callable[[int], TypedValue], int, int]] = {
    Tag.INTEGER: (Integer, -(2**31), 2**31 - 1),
    Tag.COUNTER32: (Counter32, 0, 2**32 - 1),
    Tag.GAUGE32: (Gauge32, 0, 2**32 - 1),
    Tag.TIMETICKS: (TimeTicks, 0, 2**32 - 1),
    Tag.COUNTER64: (Counter64, 0, 2**64 - 1),
}

_NUMERIC_OPTIONS = frozenset(
    {"min", "max", "initial", "atime", "wrap", "function", "rate", "scale", "offset"}
    | {"deviation", "cumulative"}
)


class Numeric(Variation):
    """``numeric``: a value of time, as snmpsim documents it.

    ``v = function(T * rate) * scale + offset + RAND(-deviation, deviation)``,
    T the seconds since the view started (the wall time with ``atime``);
    ``initial`` (default ``min``) is added, or with ``cumulative`` the
    previous value (a negative step counts 0, and ``offset`` accrues per
    second times ``rate``). The result stays within ``min`` (default 0) and
    ``max`` (default the type's largest): above ``max`` it wraps to ``min``
    with ``wrap``, else stays at ``max``. ``function`` is a function of
    Python's math module (``sin``), with its arguments after ``%``
    (``pow%<time>%2``: ``<time>`` is ``T * rate``).
    """

    def __init__(self, tag: int, options: dict[str, str]) -> None:
        super().__init__(tag)
        if tag not in _NUMERIC:
            raise RecordingError(
                f"variation module 'numeric' serves INTEGER, Counter32, Gauge32, TimeTicks "
                f"and Counter64 (tags 2, 65, 66, 67, 70), not tag {tag}"
            )
        unknown = sorted(set(options) - _NUMERIC_OPTIONS)
        if unknown:
            raise RecordingError(
                f"variation module 'numeric' takes no option {', '.join(unknown)} (it takes "
                f"{', '.join(sorted(_NUMERIC_OPTIONS))})"
            )
        self._make, low, high = _NUMERIC[tag]
        self.min = _number(options, "min", 0)
        self.max = _number(options, "max", high)
        if not low <= self.min <= self.max <= high:
            raise RecordingError(
                f"variation module 'numeric': min {self.min} and max {self.max} must lie "
                f"within {low}..{high}, min <= max"
            )
        self.initial = _number(options, "initial", self.min)
        self.rate = _number(options, "rate", 1)
        self.scale = _number(options, "scale", 1)
        self.offset = _number(options, "offset", 0)
        self.deviation = _number(options, "deviation", 0)
        self.atime = bool(_number(options, "atime", 0))
        self.wrap = bool(_number(options, "wrap", 0))
        self.cumulative = bool(_number(options, "cumulative", 0))
        self._function, self._arguments = _function(options.get("function"))
        #: The cumulative value: its whole part and fraction, and when it was taken.
        self._whole, self._part = math.floor(self.initial), self.initial - math.floor(self.initial)
        self._then = 0.0

    def current(self) -> TypedValue:
        """The value now.

        Raises:
            VarbindError: genErr, when the function has no value at this time (log(0)).
        """
        uptime = self.clock.uptime()
        x = (self.clock.now() if self.atime else uptime) * self.rate
        try:
            step = self._function(*(x if a is None else a for a in self._arguments)) * self.scale
            math.floor(step)  # no value: nan, inf
        except (ValueError, OverflowError) as exc:
            raise VarbindError(ErrorStatus.GEN_ERR, f": its function at {x}: {exc}") from None
        if self.deviation:
            step += random.uniform(-self.deviation, self.deviation)
        if self.cumulative:
            step = max(step + self.offset * (uptime - self._then) * self.rate, 0.0)
            self._then = uptime
            whole = math.floor(self._part + step)
            self._whole, self._part = self._whole + whole, self._part + step - whole
            value = self._within(self._whole)
            if value != self._whole:
                self._whole, self._part = value, 0.0
        else:
            value = self._within(self._whole + math.floor(self._part + step + self.offset))
        return self._make(value)

    def _within(self, value: int) -> int:
        """`value` kept within min..max: wrapped, or held at the bound."""
        low, high = math.ceil(self.min), math.floor(self.max)
        if value < low:
            return low
        if value > high:
            return low + (value - low) % (high - low + 1) if self.wrap else high
        return value


def _function(text: str | None) -> tuple[Callable[..., float], tuple[float | None, ...]]:
    """``numeric``'s function and its arguments (None where ``<time>`` goes).

    Raises:
        RecordingError: not a function of the math module, or not one of those arguments.
    """
    if text is None:
        return (lambda x: x), (None,)
    name, *rest = _split(text, "%")
    function = getattr(math, name, None) if not name.startswith("_") else None
    if not callable(function):
        raise RecordingError(f"variation option function={text!r}: no function {name!r} in math")
    try:
        arguments = tuple(None if a == "<time>" else float(a) for a in rest) if rest else (None,)
    except ValueError:
        raise RecordingError(
            f"variation option function={text!r}: its arguments are numbers or <time>"
        ) from None
    try:
        function(*(1.0 if a is None else a for a in arguments))
    except TypeError as exc:
        raise RecordingError(f"variation option function={text!r}: {exc}") from None
    except (ValueError, OverflowError):
        pass  # outside the domain at 1.0: time decides
    return function, arguments


#: Status names in snmpsim's options (any case) -> error-status, or exception value's tag.
_STATUSES: dict[str, int] = {
    **{status.rfc_name.lower(): int(status) for status in ErrorStatus if status},
    "generror": int(ErrorStatus.GEN_ERR),
    "nosuchobject": int(Tag.NO_SUCH_OBJECT),
    "nosuchinstance": int(Tag.NO_SUCH_INSTANCE),
    "endofmib": int(Tag.END_OF_MIB_VIEW),
    "endofmibview": int(Tag.END_OF_MIB_VIEW),
}

_SETTABLE_OPTIONS = frozenset(("value", "hexvalue", "vlist", "op", "status"))
_DELAY_OPTIONS = frozenset(("value", "hexvalue", "wait", "deviation", "vlist", "tlist"))


class Settable(Variation):
    """``writecache`` and ``error``: a value SET may change, and errors it answers with.

    ``value`` (or ``hexvalue``, its octets in hex) is the value served until
    a SET; ``status`` the error-status answered for the OID on ``op`` (get:
    GET, GETNEXT and GETBULK; set; any, the default); ``vlist`` triples
    ``eq|lt|gt:CONSTANT:STATUS`` refuse a SET whose value compares so.
    `error_module`: with ``vlist``, ``status`` no longer answers SETs.
    """

    settable = True

    def __init__(
        self, tag: int, options: dict[str, str], typer: Typer, *, error_module: bool
    ) -> None:
        super().__init__(tag)
        name = "error" if error_module else "writecache"
        self.value = _record_value(name, options, _SETTABLE_OPTIONS, typer)
        op = options.get("op", "any").lower()
        if op not in ("get", "set", "any"):
            raise RecordingError(f"variation option op={op!r}: get, set or any")
        status = _status(options["status"]) if "status" in options else 0
        self._get_status = status if op in ("get", "any") else 0
        self._set_status = status if op in ("set", "any") else 0
        self._vlist = _triples("vlist", options.get("vlist"), _plain(typer), _status)
        if error_module and self._vlist:
            self._set_status = 0

    def __call__(self) -> TypedValue:
        if self._get_status:
            raise VarbindError(self._get_status)
        return super().__call__()

    def current(self) -> TypedValue | None:
        return self.value

    def refusal(self, value: TypedValue) -> int:
        status = _first(self._vlist, value.value)
        return _set_status(self._set_status if status is None else status)

    def write(self, value: TypedValue) -> None:
        self.value = value


class Delayed(Exception):
    """A `Delay`'s answer: its value (None: noSuchInstance), to be sent `seconds` later."""

    def __init__(self, value: TypedValue | None, seconds: float) -> None:
        self.value = value
        self.seconds = seconds


#: Milliseconds beyond which snmpsim's delay module never answers (the request is dropped).
_DROP_MS = 999999


class Delay(Variation):
    """``delay``: the response waits ``wait`` ms (default 500) ± ``deviation`` ms.

    ``value`` (or ``hexvalue``) is served; ``vlist`` triples
    ``eq|lt|gt:CONSTANT:MS`` choose the wait of a SET by its value, else
    ``tlist`` triples ``eq|lt|gt:UNIX-TIME:MS`` by the wall time; beyond
    999999 ms the request is never answered (`math.inf`). A SET is answered
    (after its wait) and changes nothing, as in snmpsim.
    """

    settable = True

    def __init__(self, tag: int, options: dict[str, str], typer: Typer) -> None:
        super().__init__(tag)
        self.value = _record_value("delay", options, _DELAY_OPTIONS, typer)
        self.wait = _number(options, "wait", 500)
        self.deviation = _number(options, "deviation", 0)
        self._vlist = _triples("vlist", options.get("vlist"), _plain(typer), _milliseconds)
        self._tlist = _triples("tlist", options.get("tlist"), _milliseconds, _milliseconds)

    def __call__(self) -> TypedValue:
        raise Delayed(self.value, self.seconds(None))

    def current(self) -> TypedValue | None:
        return self.value

    def refusal(self, value: TypedValue) -> int:
        return 0

    def write(self, value: TypedValue) -> None:
        """Keeps nothing: snmpsim's delay module echoes a SET's value, and serves its own."""

    def seconds(self, value: TypedValue | None) -> float:
        if value is not None and self._vlist:
            chosen = _first(self._vlist, value.value)
        else:
            chosen = _first(self._tlist, int(self.clock.now()))
        wait = self.wait if chosen is None else chosen
        if self.deviation:
            wait += random.uniform(-self.deviation, self.deviation)
        return math.inf if wait > _DROP_MS else max(wait, 0) / 1000


def _record_value(
    name: str, options: dict[str, str], takes: frozenset[str], typer: Typer
) -> TypedValue | None:
    """The value a record's options give (``value``, or ``hexvalue`` in hex), or None.

    Raises:
        RecordingError: options the module does not take, or a value not of the type.
    """
    unknown = sorted(set(options) - takes)
    if unknown:
        raise RecordingError(
            f"variation module {name!r} takes no option {', '.join(unknown)} (it takes "
            f"{', '.join(sorted(takes))})"
        )
    try:
        if "hexvalue" in options:
            return typer(bytes.fromhex(options["hexvalue"]), True)
        text = options.get("value")
        return None if text is None else typer(text.encode("latin-1"), False)
    except (TypeError, ValueError) as exc:
        raise RecordingError(f"variation module {name!r}: bad value: {exc}") from None


def _status(name: str) -> int:
    status = _STATUSES.get(name.lower())
    if status is None:
        raise RecordingError(f"unknown error status {name!r} (tooBig, genError, noAccess...)")
    return status


def _set_status(status: int) -> int:
    """A status answering a SET: an exception value's refuses it as noCreation."""
    return int(ErrorStatus.NO_CREATION) if status >= Tag.NO_SUCH_OBJECT else status


def _plain(typer: Typer) -> Callable[[str], object]:
    """Reads a constant of the record's type, as its plain value (int, bytes...)."""
    return lambda text: typer(text.encode("latin-1"), False).value


def _milliseconds(text: str) -> float:
    return float(text)


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "gt": lambda a, b: a > b,
}

T = TypeVar("T")
Triple = tuple[Callable[[Any, Any], bool], object, T]


def _triples(
    key: str, text: str | None, constant: Callable[[str], object], outcome: Callable[[str], T]
) -> list[Triple[T]]:
    """The triples ``eq|lt|gt:CONSTANT:OUTCOME`` of option `key`, equalities first (as
    snmpsim compares them).

    Raises:
        RecordingError: not triples of a comparison, a constant, an outcome.
    """
    if not text:
        return []
    parts = _split(text, ":")
    if len(parts) % 3:
        raise RecordingError(f"variation option {key}={text!r}: triples of op:value:outcome")
    triples = []
    for i in range(0, len(parts), 3):
        op, value, result = parts[i : i + 3]
        if op not in _COMPARISONS:
            raise RecordingError(f"variation option {key}: {op!r} is not eq, lt or gt")
        try:
            triples.append((_COMPARISONS[op], constant(value), outcome(result)))
        except (TypeError, ValueError) as exc:
            raise RecordingError(
                f"variation option {key}: bad triple {op}:{value}:{result}: {exc}"
            ) from None
    triples.sort(key=lambda triple: triple[0] is not _COMPARISONS["eq"])
    return triples


def _first(triples: list[Triple[T]], value: object) -> T | None:
    """The outcome of the first triple `value` compares true with, or None."""
    for compare, constant, outcome in triples:
        try:
            if compare(value, constant):
                return outcome
        except TypeError:  # no order between values of this type (Null)
            continue
    return None
