"""MibView: the sorted OID -> value data a CommandResponder serves.

Entries are kept as parallel lists ordered by OID: order-preserving keys (4
big-endian octets per arc, so octet order is MIB order and a key prefix is an
OID prefix), each static value already encoded as a whole varbind, and the
value tags. A GETNEXT is one ``bisect`` (O(log n)); a GETBULK repetition is
the next list item; a response is a concatenation of encoded varbinds.
"""

from __future__ import annotations

import bz2
import functools
import gc
import logging
import os
import re
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from operator import itemgetter
from typing import IO, TYPE_CHECKING, cast

from ._codec import core
from ._errors import (
    ArgumentTypeError,
    ConfigurationError,
    RecordingError,
    RecordingFileError,
    check_setting,
    not_an_oid,
    refuse_name,
)
from ._mib import check_mib
from ._mib._defval import row_columns
from ._mib._setrule import SetRule, set_rule
from ._mib._typed import mib_typer, named_value, object_node
from ._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    Null,
    ObjectIdentifier,
    OctetString,
    Opaque,
    Tag,
    TimeTicks,
    TypedValue,
    to_typed,
    typed_value,
)
from ._variation import Clock, Variation, variation

if TYPE_CHECKING:
    from ._mib._mib import Mib
    from ._mib._node import MibNode

__all__ = (
    "DUPLICATES_LOGGED",
    "DYNAMIC",
    "MAX_LINE",
    "MAX_ROWS",
    "Getter",
    "MibView",
    "parse_snmprec_line",
    "read_snmprec",
    "snmprec_records",
)

logger = logging.getLogger("anysnmp.agent")

#: A dynamic value: called each time the entry is served (a plain result is typed as a plain
#: static value is: `MibView`).
Getter = Callable[[], TypedValue | int | bytes | str]

#: The tag recorded for entries whose value comes from a getter.
DYNAMIC = 0

#: The most rows a table may hold for a SET's RowStatus to create one more, by default.
MAX_ROWS = 10_000

_NO_SUCH_OBJECT = int(Tag.NO_SUCH_OBJECT)
_NO_SUCH_INSTANCE = int(Tag.NO_SUCH_INSTANCE)


def _number(raw: bytes) -> int:
    """A record's number (Python's int() of its text: signs, spaces and ``_`` as snmpsim's).

    Raises:
        RecordingError: not a number.
    """
    try:
        return int(raw)
    except ValueError:
        raise RecordingError(f"{raw.decode('latin-1')!r} is not a number") from None


_SNMPREC_TYPES: dict[int, Callable[[bytes, bool], TypedValue]] = {
    2: lambda raw, _: Integer(_number(raw)),
    4: lambda raw, _: OctetString(raw),
    5: lambda _, __: Null(),
    6: lambda raw, _: ObjectIdentifier(raw.decode("latin-1")),
    64: lambda raw, encoded: IpAddress(_ipv4(raw, encoded)),
    65: lambda raw, _: Counter32(_number(raw)),
    66: lambda raw, _: Gauge32(_number(raw)),
    67: lambda raw, _: TimeTicks(_number(raw)),
    68: lambda raw, _: Opaque(raw),
    70: lambda raw, _: Counter64(_number(raw)),
}


#: Records of an OID recorded before that a file's reading logs one by one; the others are
#: counted in one last line (a real recording has 65,917).
DUPLICATES_LOGGED = 10

#: The longest line a recording may hold (1 MiB, its newline not counted). The longest record an
#: agent can serve is under 264 KiB: 65,535 octets escaped (``4e``, 4 characters an octet)
#: after an OID of 128 arcs of 10 digits; snmpsim-data's longest line is 5,603 octets. A
#: longer line is no record (``/dev/zero``, a binary file, a ``.bz2`` expanding to one line):
#: reading stops there instead of holding it all in memory.
MAX_LINE = 1 << 20

#: How much of a recording is read at a time.
_PIECE = 1 << 16

#: The UTF-8 byte order mark some editors write at the start of a text file.
_BOM = b"\xef\xbb\xbf"

#: The escapes of an ``e``-suffixed value (a Python string literal's, less ``\x``/``\<newline>``).
_ESCAPES = {"\\": 92, "'": 39, '"': 34, "a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}


def _value_octets(text: str, encoding: str) -> bytes:
    """A record's value as octets: hex digits (``x``), escaped text (``e``) or as it is."""
    if encoding == "x":
        try:
            return bytes.fromhex(text)
        except ValueError:
            raise RecordingError(f"{text[:40]!r} is not hex digits in pairs") from None
    return _unescaped(text) if encoding == "e" else text.encode("latin-1")


def _unescaped(text: str) -> bytes:
    r"""The octets of an ``e``-suffixed value: ``\xHH`` and the escapes of `_ESCAPES`.

    Raises:
        RecordingError: an unknown escape, or one cut short.
    """
    out = bytearray()
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\\":
            out.append(ord(char))
            i += 1
            continue
        code = text[i + 1 : i + 2]
        if code == "x" and re.fullmatch("[0-9a-fA-F]{2}", text[i + 2 : i + 4]):
            out.append(int(text[i + 2 : i + 4], 16))
            i += 4
        elif code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
        else:
            raise RecordingError(f"bad escape {text[i : i + 4]!r} in an e-suffixed value")
    return bytes(out)


def _ipv4(raw: bytes, encoded: bool) -> bytes | str:
    """An IpAddress record's value: its octets when hex or escaped, or when four (snmpsim
    takes four characters as the address's octets), else dotted text."""
    return raw if encoded or len(raw) == 4 else raw.decode("latin-1")


def _shown(raw: bytes) -> str:
    """A line as an error shows it: its first 80 octets, and whether it holds a NUL."""
    shown = repr(raw) if len(raw) <= 80 else f"{raw[:80]!r}..."
    return f"{shown} (NUL octets: not a text file)" if b"\0" in raw else shown


def _recording_lines(path: str | os.PathLike[str]) -> Iterator[bytes]:
    """The lines of a recording file without their newlines, decompressed when its name
    ends ``.bz2`` (snmpsim serves ``.snmprec.bz2`` files as their text). A line longer
    than `MAX_LINE` ends them: what was read of it is the last line (read in pieces and
    split, not line by line: a line costs no call).

    Raises:
        RecordingFileError: the file cannot be opened or read (a ``.bz2`` file that is
            not one, or cut short).
    """
    try:
        file: IO[bytes] = (
            bz2.open(path, "rb") if os.fsdecode(path).endswith(".bz2") else open(path, "rb")  # noqa: SIM115
        )
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise RecordingFileError(os.fsdecode(path), exc) from exc
    rest = b""
    with file:
        try:
            while chunk := file.read(_PIECE):
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                yield from lines
                if len(rest) > MAX_LINE:
                    break
        except (OSError, EOFError) as exc:
            raise RecordingFileError(os.fsdecode(path), OSError(str(exc))) from exc
    if rest:
        yield rest


def read_snmprec(path: str | os.PathLike[str]) -> dict[str, TypedValue | Variation]:
    """The records of an snmprec file, read as snmpsim reads it: `snmprec_records`'s
    ``{oid: value}``."""
    return {oid: value for oid, (_, value) in snmprec_records(path).items()}


def snmprec_records(
    path: str | os.PathLike[str],
) -> dict[str, tuple[bytes, TypedValue | Variation]]:
    """The records of an snmprec file, read as snmpsim reads it: ``{oid: (key, value)}``
    (the OID as written, its key as `MibView` orders it, its value).

    The file is read as bytes (values keep their exact octets, UTF-8 or
    not; a UTF-8 byte order mark opening the file is skipped), decompressed
    when its name ends ``.bz2`` (snmpsim's ``.snmprec.bz2``); blank lines
    and lines starting with ``#`` (after white space) are
    skipped; white space around a record (CR of CRLF included) is not part
    of it. The first record of an OID is kept: a later one with the same OID
    is logged and left out, as snmpsim's walks serve the first (the first
    `DUPLICATES_LOGGED` one by one, then how many more). Records may come
    in any order (a view serves them in OID order). A record of a variation
    module (`parse_snmprec_line`) is a `Variation`, started by the view
    serving it (one view: it keeps its own state, such as a SET's value).

    Raises:
        RecordingError: a record that cannot be served or a line longer than `MAX_LINE`,
            naming ``path:line``; a `RecordingFileError` (also an `OSError`) when the
            file cannot be read.
        ArgumentTypeError: `path` is not a path (a str or os.PathLike).
    """
    if not isinstance(path, (str, os.PathLike)):  # an int would open a file descriptor
        raise ArgumentTypeError(
            f"a recording is a file's path (a str or os.PathLike), not {type(path).__name__}"
        )
    with _collector_paused():
        return _records(path)


def _records(path: str | os.PathLike[str]) -> dict[str, tuple[bytes, TypedValue | Variation]]:
    """`snmprec_records`'s reading."""
    records: dict[str, tuple[bytes, TypedValue | Variation]] = {}
    first: dict[bytes, int] = {}
    duplicates = 0
    for number, line in enumerate(_recording_lines(path), 1):
        if len(line) > MAX_LINE:
            raise RecordingError(
                f"{os.fspath(path)}:{number}: a line longer than {MAX_LINE} octets is no "
                f"snmprec record: {_shown(line)}"
            )
        stripped = line.strip()
        if number == 1:
            stripped = stripped.removeprefix(_BOM)
        if not stripped or stripped.startswith(b"#"):
            continue
        try:
            oid, value = parse_snmprec_line(stripped)
            key = core.oid_key(oid)
        except ValueError as exc:  # RecordingError, EncodeError
            raise RecordingError(f"{os.fspath(path)}:{number}: {exc}") from None
        if key in first:
            duplicates += 1
            if duplicates <= DUPLICATES_LOGGED:
                logger.warning(
                    "%s:%d: OID %s again: the record of line %d is served",
                    os.fspath(path),
                    number,
                    oid,
                    first[key],
                )
            continue
        first[key] = number
        records[oid] = key, value
    if duplicates > DUPLICATES_LOGGED:
        logger.warning(
            "%s: %d more records of OIDs recorded before: the first record of each is served",
            os.fspath(path),
            duplicates - DUPLICATES_LOGGED,
        )
    return records


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (unless paused already): the millions of
    records a recording may hold are kept, no garbage, and its collections went over them
    again and again as they were made (a sixth of a reading's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_snmprec_line(line: bytes | str) -> tuple[str, TypedValue | Variation]:
    """Parses one snmprec record ``oid|tag|value``.

    A tag with an ``x`` suffix has a hex value, with an ``e`` suffix a value
    with Python's backslash escapes (``\\n``, ``\\xff``...), as snmpsim writes them.
    A tag ``TYPE:MODULE`` names one of snmpsim's variation modules, whose
    options the value holds (`anysnmp._variation`: numeric, writecache, error, delay).

    A str line is taken as its UTF-8 octets; an OCTET STRING or Opaque value
    that is not hex is the record's octets as they are.

    Raises:
        RecordingError: not a record of a supported tag or variation module.
    """
    raw = line.encode() if isinstance(line, str) else line
    fields = raw.decode("latin-1").strip().split("|", 2)  # latin-1: one char per octet
    if len(fields) != 3 or not fields[0] or not fields[1]:
        raise RecordingError(f"not an snmprec record (OID|TAG|VALUE): {_shown(raw)}")
    oid, field, text = fields
    oid = oid.strip().lstrip(".")
    tag = _tag(field)
    if tag is None:
        raise RecordingError(
            f"unsupported snmprec tag {field.partition(':')[0]!r} in {_shown(raw)}"
        )
    number, encoding, module = tag
    if module is not None:  # a variation module's record
        typer = _SNMPREC_TYPES[number] if number is not None else None
        return oid, variation(module, number, text, typer)
    try:
        octets = _value_octets(text, encoding)
        return oid, _SNMPREC_TYPES[cast("int", number)](octets, bool(encoding))
    except (TypeError, ValueError) as exc:
        raise RecordingError(f"bad value for tag {field}: {exc}") from None


@functools.lru_cache(maxsize=64)  # a recording has a few tags: each is read once
def _tag(field: str) -> tuple[int | None, str, str | None] | None:
    """A record's TAG field: its type's number, its suffix (``x``, ``e`` or none) and its
    variation module (snmpsim's ``TAG:MODULE``; None: a plain record), or None when no
    tag served. A variation's TAG may be empty (a subtree; None) and its suffix does not
    apply."""
    tag_text, colon, module = field.partition(":")
    encoding = tag_text[-1] if tag_text.endswith(("x", "e")) else ""
    number = tag_text.removesuffix(encoding) if encoding else tag_text
    known = number.isascii() and number.isdigit() and int(number) in _SNMPREC_TYPES
    if not known and (number or not colon):
        return None
    return (int(number) if known else None), encoding, (module if colon else None)


def _getter(value: object) -> bool:
    """Whether a view's value is a getter (a Variation, called alike, is none)."""
    return callable(value) and not isinstance(value, (type, Variation))


def _typed_getter(
    getter: Getter,
    typer: Callable[[TypedValue | int | bytes | str], TypedValue | int | bytes | str],
) -> Getter:
    """`getter`, its plain results given its object's MIB type by `typer` (`mib_typer`)."""

    def typed() -> TypedValue | int | bytes | str:
        return typer(getter())

    return typed


class MibView:
    """OID -> value data for a CommandResponder, sorted for O(log n) GETNEXT.

    Args:
        values: ``{oid: value}``; a value is typed (``Integer(5)``,
            ``Counter64(...)``...), a plain int (Integer) or bytes/str
            (OctetString), a getter called each time the OID is served, or
            a `Variation` (a record of snmpsim's variation modules).
        writable: True to let SET change every static entry, or OID prefixes
            of the writable subtrees. SET only changes existing static
            entries, to a value of the same type (no row creation, but for a
            RowStatus's with `mib`), and the
            variations that say they take SETs (``writecache``, ``error``),
            whatever `writable` says.
        mib: MIBs (`anysnmp.Mib`) to take names where OIDs are taken: keys
            such as ``"SNMPv2-MIB::sysName.0"`` or ``'vacmGroupName.3."c1"'``,
            writable subtrees such as ``"system"``, and the OIDs given to
            ``view[...]``. Names resolve here, once; the views' entries stay
            numeric. A plain static value then takes its object's MIB type
            (an int for ``sysUpTime.0`` is TimeTicks, for ``ifSpeed.1``
            Gauge32; an enum label for an INTEGER such as ``ifAdminStatus.1``
            is its number; a str for an OBJECT IDENTIFIER may be a name), and so
            does a getter's plain result, at each call (the rule worked out once,
            here; a typed result is served as it is; one its object's type cannot
            take is a ConfigurationError, which a responder answers genErr and
            logs, as a getter raising). A SET is then also checked
            against its object's MAX-ACCESS and syntax (`set_rule`): RFC 3416's
            notWritable, wrongType, wrongLength, wrongValue; TestAndIncr and
            RowStatus objects act as RFC 2579 says (`anysnmp._rows`: a RowStatus
            creates and destroys its row's entries).
        clock: the monotonic clock (seconds) its variations read, counting
            from the view's creation (tests give their own to fix the time).
        max_rows: with `mib`, the most rows a table may hold for a SET to create one
            more (counting its RowStatus instances, those given too; a createAndGo or
            createAndWait past it is resourceUnavailable): `MAX_ROWS` (10,000) unless
            given; None: no bound (a manager with a writable community may then create
            rows until the process runs out of memory).

    Raises:
        UnknownNameError: a name the MIBs do not know (without `mib`, a
            name is a malformed OID: EncodeError).
        ConfigurationError: duplicate OIDs, a plain value that does not
            fit its object's MIB type, or `max_rows` not a positive int.
        ArgumentTypeError: `values` not a mapping (a list of pairs), or
            `writable` neither a bool nor a list (one str).
    """

    def __init__(
        self,
        values: Mapping[str, TypedValue | int | bytes | str | Getter] | None = None,
        *,
        writable: bool | Iterable[str] = False,
        mib: Mib | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_rows: int | None = MAX_ROWS,
    ) -> None:
        if values is not None and not isinstance(values, Mapping):
            raise ArgumentTypeError(
                f"a MibView takes a dict {{oid: value}}, not {type(values).__name__}"
            )
        check_mib(mib)
        if not callable(clock):
            raise ArgumentTypeError(
                f"clock= takes a function of no arguments returning seconds (time.monotonic), "
                f"not {type(clock).__name__}"
            )
        if max_rows is not None:
            check_setting("max_rows", max_rows, 1)
        self.mib = mib
        #: The most rows a table may hold for a SET to create one more (None: no bound).
        self.max_rows = max_rows
        #: The time its variations read.
        self.clock = Clock(clock)
        self._fill(self._item(oid, value) for oid, value in (values or {}).items())
        if isinstance(writable, str):
            raise ArgumentTypeError(
                f"writable is True or a list of subtrees, not one str: writable=[{writable!r}]"
            )
        if not isinstance(writable, (bool, Iterable)):
            raise ArgumentTypeError(
                f"writable is True, False or a list of subtrees, not {type(writable).__name__}"
            )
        self._writable_all = writable is True
        self._writable = (
            tuple(self._key(p) for p in writable) if not isinstance(writable, bool) else ()
        )
        #: With `mib`: the SET rule of each entry's OID, and of each MIB object, once known.
        self._rules: dict[bytes, SetRule | None] = {}
        self._object_rules: dict[MibNode, SetRule] = {}

    @classmethod
    def from_snmprec(
        cls,
        path: str | os.PathLike[str],
        *,
        writable: bool | Iterable[str] = False,
        mib: Mib | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_rows: int | None = MAX_ROWS,
    ) -> MibView:
        """Loads an snmpsim recording (``oid|tag|value`` lines; ``#`` comments; a file
        named ``*.bz2`` is read decompressed).

        Tags as in snmpsim: 2 Integer, 4 OctetString, 5 Null, 6 OID, 64
        IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 68 Opaque, 70
        Counter64; an ``x`` suffix (``4x``) means a hex-encoded value. Read
        as snmpsim reads it (`read_snmprec`): the first record of an OID is
        served, values keep their octets, any order; records of snmpsim's
        variation modules numeric, writecache, error and delay are served as
        it documents them. `mib`, `clock` and `max_rows` are as for `MibView` (records are
        numeric and typed: `mib` serves `writable` names and later
        ``view[name]`` updates).

        Raises:
            RecordingError: a bad record, naming the file and line; a
                `RecordingFileError` (also an `OSError`) when the file cannot be read.
            ArgumentTypeError: `path` is not a path (a str or os.PathLike).
        """
        records = snmprec_records(path)
        return cls._from_records(
            records, writable=writable, mib=mib, clock=clock, max_rows=max_rows
        )

    @classmethod
    def _from_records(
        cls,
        records: Mapping[str, tuple[bytes, TypedValue | Variation]],
        *,
        writable: bool | Iterable[str] = False,
        mib: Mib | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_rows: int | None = MAX_ROWS,
    ) -> MibView:
        """The view of `snmprec_records`'s ``{oid: (key, value)}`` (of one file or more):
        ``MibView({oid: value}, ...)``, without the OIDs' keys computed again (but with `mib`,
        which reads each OID)."""
        view = cls(writable=writable, mib=mib, clock=clock, max_rows=max_rows)
        if mib is None:
            view._fill(records.values())
        else:
            view._fill(view._item(oid, value) for oid, (_, value) in records.items())
        return view

    def _fill(self, items: Iterable[tuple[bytes, TypedValue | int | bytes | str | Getter]]) -> None:
        """Holds the entries of ``(key, value)`` pairs, in key order.

        Raises:
            ConfigurationError: a key given twice.
        """
        ordered = sorted(items, key=itemgetter(0))  # keys only: values of one OID do not compare
        self.keys: list[bytes] = [key for key, _ in ordered]
        self.entries: list[bytes | Getter] = []
        self.tags = bytearray()
        previous = None
        for key, value in ordered:
            if key == previous:
                raise ConfigurationError(f"duplicate OID {core.key_oid(key)}")
            previous = key
            encoded, tag = self._entry(key, value)
            self.entries.append(encoded)
            self.tags.append(tag)

    def _key(self, oid: str) -> bytes:
        """The order-preserving key of an OID (or, with `mib`, a name).

        Raises:
            EncodeError: `oid` is not a str (an int, a tuple of arcs), or a name without `mib`.
        """
        if not isinstance(oid, str):
            raise not_an_oid(oid)
        if self.mib is None:
            refuse_name(oid, "MibView({...}, mib=anysnmp.Mib.load())")
        key: bytes = core.oid_key(oid if self.mib is None else self.mib.oid(oid))
        return key

    def _item(
        self, oid: str, value: TypedValue | int | bytes | str | Getter
    ) -> tuple[bytes, TypedValue | int | bytes | str | Getter]:
        """An entry's key and value, a plain static value typed by the MIB's object, a getter
        made to type its plain results so (the object's rule worked out here, once)."""
        if self.mib is None or not isinstance(oid, str):
            return self._key(oid), value
        if not _getter(value):
            numeric, value = named_value(self.mib, oid, value)
            return core.oid_key(numeric), value
        numeric = self.mib.oid(oid)
        typer = mib_typer(self.mib, numeric, f"the getter of {oid}")
        getter = cast("Getter", value)
        return core.oid_key(numeric), getter if typer is None else _typed_getter(getter, typer)

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, oid: object) -> bool:
        return isinstance(oid, str) and self.index_of(self._key(oid)) >= 0

    def __getitem__(self, oid: str) -> TypedValue:
        i = self.index_of(self._key(oid))
        if i < 0:
            raise KeyError(oid)
        entry = self.entries[i]
        if isinstance(entry, Variation):
            value = entry.current()
            if value is None:
                raise KeyError(oid)  # a writecache record without a value yet
            return value
        if callable(entry):  # with `mib`, typed; without, a plain result as it is
            return cast("TypedValue", entry())
        tag, value = core.decode_varbind(entry)
        return typed_value(tag, value)  # type: ignore[return-value]  # never an exception value

    def __setitem__(self, oid: str, value: TypedValue | int | bytes | str | Getter) -> None:
        key, value = self._item(oid, value)
        encoded, tag = self._entry(key, value)
        i = bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            self.entries[i] = encoded
            self.tags[i] = tag
        else:
            self.keys.insert(i, key)
            self.entries.insert(i, encoded)
            self.tags.insert(i, tag)

    def oids(self) -> list[str]:
        """Every OID of the view, in MIB order."""
        return [core.key_oid(key) for key in self.keys]

    # --- for responders: positions, encoded varbinds and writes ---------------------

    def index_of(self, key: bytes) -> int:
        """The position of ``key``, or -1."""
        i = bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def index_after(self, key: bytes) -> int:
        """The position of the first entry after ``key`` (``len(view)`` at the end)."""
        return bisect_right(self.keys, key)

    def has_subtree(self, prefix: bytes) -> bool:
        """Whether some entry lies strictly under ``prefix``."""
        i = bisect_right(self.keys, prefix)
        return i < len(self.keys) and self.keys[i].startswith(prefix)

    def encoded(self, i: int) -> tuple[bytes, int]:
        """The encoded varbind and tag of entry ``i`` (calling its getter if dynamic)."""
        entry = self.entries[i]
        if callable(entry):
            value = to_typed(entry())
            return core.encode_varbind(self.keys[i], int(value.tag), value.value), int(value.tag)
        return entry, self.tags[i]

    def missing(self, key: bytes) -> int:
        """The exception a GET of ``key``, which the view does not hold, answers (its tag):
        noSuchInstance where the view serves its object, else noSuchObject. With `mib`, the
        object is the MIB object ``key`` is an instance of, served when the view holds an
        instance of it or it is a column of a `writable` table whose rows a RowStatus
        creates; without, or for an OID of no MIB object, the OID one arc shorter, served
        when the view holds an entry under it."""
        rule = self.set_rule(key)
        if rule is None:
            served = self.has_subtree(key[:-4])
        else:
            served = self.has_subtree(key[: rule.arcs * 4]) or (
                rule.status is not None and self.writable(key)
            )
        return _NO_SUCH_INSTANCE if served else _NO_SUCH_OBJECT

    def writable(self, key: bytes) -> bool:
        """Whether SET may change the entry at ``key`` (or would, if it existed)."""
        return self._writable_all or any(key.startswith(p) for p in self._writable)

    def set_rule(self, key: bytes) -> SetRule | None:
        """What the MIBs let a SET write at ``key`` (`_mib._setrule`): None without `mib`, or
        where no MIB object has instances. Computed once per object, and per OID of the view."""
        if self.mib is None:
            return None
        if key in self._rules:
            return self._rules[key]
        node = object_node(self.mib.tree, [int(arc) for arc in core.key_oid(key).split(".")])
        rule = None
        if node is not None:
            rule = self._object_rules.get(node)
            if rule is None:
                rule = self._object_rules[node] = self._object_rule(self.mib, node)
        if self.index_of(key) >= 0:  # the OIDs of SETs that create nothing are not kept
            self._rules[key] = rule
        return rule

    @staticmethod
    def _object_rule(mib: Mib, node: MibNode) -> SetRule:
        """`node`'s SET rule; a RowStatus column's with what its table's columns give a new
        row (their DEFVALs) and need of it."""
        rule = set_rule(mib.tree, node)
        if rule.convention == "RowStatus" and rule.status == node.subid and node.parent:
            rule = replace(rule, row=row_columns(mib, node.parent, node.subid))
        return rule

    def rows_under(self, prefix: bytes) -> int:
        """How many entries lie strictly under ``prefix`` (a RowStatus column's: its rows)."""
        after = int.from_bytes(prefix, "big") + 1
        if after >> (8 * len(prefix)):  # every octet 0xff: nothing sorts after its subtree
            return len(self.keys) - bisect_right(self.keys, prefix)
        end = bisect_left(self.keys, after.to_bytes(len(prefix), "big"))
        return end - bisect_right(self.keys, prefix)

    def static_value(self, i: int) -> object:
        """The value of static entry ``i`` as decoded (an int for an INTEGER); None for a
        getter or a variation."""
        entry = self.entries[i]
        return None if callable(entry) else core.decode_varbind(entry)[1]

    def insert(self, key: bytes, tag: int, value: object) -> None:
        """Adds a static entry at ``key`` (one a SET creates: a row's instance), or replaces
        the one there."""
        i = bisect_left(self.keys, key)
        encoded = core.encode_varbind(key, tag, value)
        if i < len(self.keys) and self.keys[i] == key:
            self.entries[i], self.tags[i] = encoded, tag
        else:
            self.keys.insert(i, key)
            self.entries.insert(i, encoded)
            self.tags.insert(i, tag)

    def remove_row(self, entry: bytes, index: bytes) -> None:
        """Removes every instance of a conceptual row: the entries at ``entry``, a column's
        arc, then ``index`` (a RowStatus's destroy)."""
        end = len(entry) + 4 + len(index)
        i = bisect_right(self.keys, entry)
        while i < len(self.keys) and self.keys[i].startswith(entry):
            key = self.keys[i]
            if len(key) == end and key.endswith(index):
                del self.keys[i], self.entries[i], self.tags[i]
            else:
                i += 1

    def write(self, i: int, tag: int, value: object) -> None:
        """Replaces the value of entry ``i`` (static, or a settable variation) by a valid one."""
        entry = self.entries[i]
        if isinstance(entry, Variation):
            entry.write(typed_value(tag, value))  # type: ignore[arg-type]
        else:
            self.entries[i] = core.encode_varbind(self.keys[i], tag, value)

    def _entry(
        self, key: bytes, value: TypedValue | int | bytes | str | Getter
    ) -> tuple[bytes | Getter, int]:
        """What the view holds for `value`: its encoded varbind and tag, or its getter."""
        if isinstance(value, Variation):
            value.clock = self.clock
        if callable(value) and not isinstance(value, type):
            return value, DYNAMIC
        typed = to_typed(cast("TypedValue | int | bytes | str", value))
        tag = int(typed.tag)
        return core.encode_varbind(key, tag, typed.value), tag
