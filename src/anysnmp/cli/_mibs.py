"""MIBs on the command line: Net-SNMP's -m, -M, -I and -O options, names in and out.

MIBs load when -m or -M is given, ``MIBS`` names modules or the configuration files
have a ``mibs`` line (`._snmpconf`), which is the module list as for Net-SNMP's tools
(Debian's ``mibs :``: none, even with -M or for translate; ``MODULE::name`` loads its
module), or, with no ``MIBS``, MIB folders are named (``MIBDIRS``, a ``mibdirs`` line, the
user's ``~/.snmp/mibs``): Net-SNMP's default list then. Then OIDs may be names and output is Net-SNMP's, names and all (with no module,
``iso.3.6.1...``). Without any of these the output is the numeric ``-On`` form. Names
and OIDs are read as Net-SNMP's tools read them (`MibContext.reader`: its reasons when
they do not). The library's MIB code
loads only when MIBs are asked for: no parser, no MIB cache read otherwise.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

import click

from ._log import ERR, WARNING, log
from ._output import Output
from ._snmpconf import UNNAMED, ClientConfig, client_config, log_config_problems
from ._target import UnknownOidError, UsageError, check_oid

if TYPE_CHECKING:
    from .._mib._format import MibFormatter
    from .._mib._mib import Mib
    from .._mib._objid import InputFlags, OidReader
    from .._types import TypedValue

__all__ = (
    "MibContext",
    "check_letters",
    "echoed_warnings",
    "input_flags",
    "mib_load_options",
    "mib_options",
    "output_flags",
    "sent_oid",
)

#: -O letters Net-SNMP toggles (given twice, they cancel out).
_TOGGLED = frozenset("0beEqtTUvX")
#: -O letters of which the last given wins: the OID form (or snmp.conf's form of no
#: names, `UNNAMED`), the string form.
_EXCLUSIVE = ("nfsSu" + UNNAMED, "ax")
#: The -O letters Net-SNMP's tools take (``p``: a precision follows).
_OUTPUT_LETTERS = frozenset("0abeEfnpqQsStTuUvxX")


def _output_letters(values: Iterable[str], translate: bool = False) -> tuple[str, str | None]:
    """The letters of -O arguments, and the precision of the last ``-Op`` (the rest of its
    argument, or the next argument, which `join_split_flags` joins after a NUL), None
    without one.

    Raises:
        UnknownOidError: a letter Net-SNMP's tools do not take (their line; with
            `translate`, snmptranslate's).
        UsageError: ``-Op`` with no precision after it (Net-SNMP's tools crash).
    """
    letters, precision = "", None
    for value in values:
        head, p, rest = value.partition("p")
        wrong = next((letter for letter in head if letter not in _OUTPUT_LETTERS), None)
        if wrong is not None:
            raise unknown_letter("O", wrong, translate)
        letters += head
        if p:
            if not rest:
                raise UsageError("-Op needs a precision (-OpPRECISION)")
            precision = rest.removeprefix("\0")
    return letters, precision


def output_flags(letters: str, configured: Iterable[tuple[str, bool]] = ()) -> str:
    """The -O letters as Net-SNMP applies them, in order: a toggle (``b``, ``q``, ``e``...)
    given twice is off, the last OID form (``n f s S u``) and string form (``a x``) win,
    ``Q`` toggles quick printing and turns its ``=`` on. Then the configuration files' settings
    (`configured`: letters set on or off), which Net-SNMP reads after the options: they
    win. Unknown letters stay."""
    on: dict[str, None] = {}  # insertion-ordered: the formatter reads the form letter
    for letter, value in [*((letter, None) for letter in letters), *configured]:
        group = next((group for group in _EXCLUSIVE if letter in group), "")
        for other in group:
            on.pop(other, None)
        toggled = "q" if letter == "Q" else letter
        if value is None and toggled in _TOGGLED and toggled in on:
            del on[toggled]
        elif value is not False:
            on[toggled] = None
        else:
            on.pop(toggled, None)
        if letter == "Q":
            on["Q"] = None
    if "Q" in on and "q" not in on:  # quick printing off: its "=" changes nothing
        del on["Q"]
    return "".join(on)


F = TypeVar("F", bound=Callable[..., Any])


class _Parsing(TypedDict):
    """`Mib.load`'s options of the -P letters (and their snmp.conf settings)."""

    errors: bool
    parser_warnings: int
    allow_underscores: bool
    replace_with_latest: bool
    comment_to_eol: bool
    descriptions: bool


#: The -P letters each of which toggles a setting (d: whether Net-SNMP keeps descriptions,
#: which only changes what its parser says: they are always kept here).
_TOGGLES = {
    "e": "errors",
    "u": "allow_underscores",
    "R": "replace_with_latest",
    "c": "comment_to_eol",
    "d": "descriptions",
}
#: The -P letters that set the level of the parser's warnings.
_LEVELS = {"w": 1, "W": 2}


#: How Net-SNMP's tools say an option has a letter they do not take: the tools of
#: snmp_parse_args, and snmptranslate's own (``translate``).
_UNKNOWN_LETTER = {
    "O": ("Unknown output option passed to -O: {}.", "Unknown OID option to -O: {}."),
    "I": ("Unknown input option passed to -I: {}.", "Unknown OID option to -I: {}."),
    "P": ("Unknown parsing option passed to -P: {}.", "Unknown parser option to -P: {}."),
}


def check_letters(option: str, value: str, translate: bool = False) -> None:
    """Whether Net-SNMP's tools take the letters of one ``-O``, ``-I`` or ``-P`` (`option`:
    its letter) argument, `value`, as they read them when they meet it.

    Raises:
        UnknownOidError: a letter they do not take (their line; with `translate`,
            snmptranslate's).
        UsageError: ``-Op``, ``-Is``, ``-IS`` without their text.
    """
    if option == "O":
        _output_letters([value], translate)
    elif option == "I":
        input_flags([value], translate)
    else:
        _parsing((value,), ClientConfig(), translate=translate, described=False)


def unknown_letter(option: str, letter: str, translate: bool) -> UnknownOidError:
    """Net-SNMP's line (status 1) for `letter`, which its option `option` does not take."""
    return UnknownOidError(_UNKNOWN_LETTER[option][translate].format(letter), status=1)


def _parsing(
    flags: tuple[str, ...], config: ClientConfig, translate: bool, described: bool
) -> _Parsing:
    """The MIB parser's settings of the -P letters `flags` (`described`: snmptranslate's
    -Td, keeping descriptions, which -Pd toggles), then of the files (which win, being read
    after the options, as in Net-SNMP).

    Raises:
        UnknownOidError: a letter Net-SNMP does not take (its line, with `translate`
            snmptranslate's).
    """
    parsing: _Parsing = {  # Net-SNMP's defaults
        "errors": True,
        "parser_warnings": 0,
        "allow_underscores": False,
        "replace_with_latest": False,
        "comment_to_eol": False,
        "descriptions": described,
    }
    for letters in flags:
        for letter in letters:
            if letter not in _TOGGLES and letter not in _LEVELS:
                raise unknown_letter("P", letter, translate)
            if letter in _LEVELS:
                parsing["parser_warnings"] = _LEVELS[letter]
            elif _TOGGLES[letter]:
                key = _TOGGLES[letter]
                parsing[key] = not parsing[key]  # type: ignore[literal-required]
    for key, value in (
        ("errors", config.show_mib_errors),
        ("allow_underscores", config.mib_allow_underline),
        ("replace_with_latest", config.mib_replace_with_latest),
        ("comment_to_eol", config.mib_comment_to_eol),
        ("parser_warnings", config.mib_warning_level),
    ):
        if value is not None:
            parsing[key] = value  # type: ignore[literal-required]
    return parsing


_MODULES = click.option(
    "-m",
    "mib_modules",
    metavar="MIB[:...]",
    help="MIB modules to load (ALL: every module found; +MIB: the default list too).",
)
_DIRS = click.option(
    "-M",
    "mib_dirs",
    metavar="DIR[:...]",
    help="Folders to find MIB files in (+DIR: the default path too).",
)
_INPUT = click.option(
    "-I",
    "input_flags",
    multiple=True,
    help="Input flags (each toggles): R labels only, b regular expressions only, r no "
    "range checks, u UCD-style, sSUFFIX, SPREFIX.",
)
_PARSING = click.option(
    "-P",
    "mib_flags",
    multiple=True,
    help="MIB parsing flags (each toggles, but w and W): u (underscores in MIB "
    "symbols), c (comments run to the line's end), e (the MIB errors shown), "
    "w (MIB warnings), W (detailed MIB warnings), R (definitions of the module "
    "read last), d (accepted: no change here).",
)


def mib_options(func: F) -> F:
    """``-m MIBS``, ``-M DIRS``, ``-I R``, ``-P e``."""
    for decorator in reversed([_MODULES, _DIRS, _INPUT, _PARSING]):
        func = decorator(func)
    return func


def mib_load_options(func: F) -> F:
    """``-m MIBS``, ``-M DIRS``, ``-P e``: the MIBs of a command that reads no names
    (`MibContext` then takes its -I flags as none given)."""
    for decorator in reversed([_MODULES, _DIRS, _PARSING]):
        func = decorator(func)
    return func


def _mib_folders_named(config: ClientConfig) -> bool:
    """Whether MIB folders are named (``MIBDIRS``, a ``mibdirs`` line) or the user's own
    (``~/.snmp/mibs``) exists: Net-SNMP's tools then load the default module list from them."""
    named = bool(os.environ.get("MIBDIRS")) or config.mibdirs is not None
    return named or os.path.isdir(os.path.join(os.path.expanduser("~"), ".snmp", "mibs"))


class MibContext:
    """A command's MIBs (or none) and output flags, from its options (removed from them).

    Args:
        options: the command's options.
        always: load MIBs even when no option nor ``MIBS`` asks for them
            (then ``MIBS`` or Net-SNMP's default module list).
        translate: snmptranslate's words for an unknown -O, -I or -P letter.
        described: snmptranslate's -Td (Net-SNMP's parser keeps descriptions).
    """

    def __init__(
        self,
        options: dict[str, Any],
        *,
        always: bool = False,
        translate: bool = False,
        described: bool = False,
    ) -> None:
        letters, precision = _output_letters(options.pop("output_flags", ()), translate)
        config = client_config()
        flags = output_flags(letters, config.output)
        #: Where the precision comes from: -Op wins over snmp.conf (as in Net-SNMP).
        self._precision_from = "-Op"
        if translate:  # snmptranslate prints no value
            precision = None
        elif precision is None:
            precision, self._precision_from = config.output_precision, "outputPrecision"
        modules, dirs = options.pop("mib_modules", None), options.pop("mib_dirs", None)
        self.input = input_flags(options.pop("input_flags", ()), translate, config.input)
        self._reader: OidReader | None = None
        env_modules = os.environ.get("MIBS")
        wanted = modules is not None or dirs is not None or bool(env_modules)
        parsing = _parsing(options.pop("mib_flags", ()), config, translate, described)
        if modules is None and env_modules is None and config.mibs is not None:
            # The files' list, as Net-SNMP takes it: Debian's ``mibs :`` loads none, even
            # with -M or for translate (``MODULE::name`` still loads its module), and the
            # output is Net-SNMP's over no module: ``iso.3.6.1...``.
            modules, wanted = config.mibs, True
        if dirs is None and "MIBDIRS" not in os.environ:
            dirs = config.mibdirs
        if not wanted and env_modules is None:  # MIBS (even empty) says which modules load
            wanted = _mib_folders_named(config)
        self._dirs, self._parsing = dirs, parsing
        self.mib = self._load(modules, dirs, parsing) if wanted or always else None
        log_config_problems()  # those Net-SNMP says after the MIBs load
        self._hex_width = 16 if config.hex_output_length is None else config.hex_output_length
        self._precision = precision
        self._flags = flags
        self.formatter = self._formatter(flags)

    @staticmethod
    def _load(modules: str | None, dirs: str | None, parsing: _Parsing) -> Mib:
        from .._errors import MibError
        from .._mib._mib import Mib

        with echoed_warnings():
            try:
                return Mib.load(modules, dirs=dirs, **parsing)
            except MibError as exc:
                raise UsageError(str(exc)) from None

    def _formatter(self, flags: str) -> MibFormatter | None:
        numeric = self._hex_width == 16 and self._precision is None
        if self.mib is None and set(flags) <= {"n"} and numeric:
            return None  # numeric output: the CLI's own fast path
        from .._mib._format import MibFormatter

        kind = MibFormatter
        if UNNAMED in flags:
            from ._unnamed import UnnamedFormatter as kind
        tree = self.mib.tree if self.mib is not None else None
        letters = flags.replace(UNNAMED, "")
        try:
            return kind(tree, letters, self._hex_width, self._precision, self._hints)
        except ValueError as exc:  # the letters were checked: the precision
            raise UsageError(f"{self._precision_from} {self._precision}: {exc}") from None

    def grid_formatter(self) -> MibFormatter:
        """The formatter, even for numeric output (which has no formatter of its own)."""
        if self.formatter is not None:
            return self.formatter
        from .._mib._format import MibFormatter

        tree = self.mib.tree if self.mib is not None else None
        return MibFormatter(tree, "", self._hex_width, self._precision, self._hints)

    def quick_formatter(self) -> MibFormatter:
        """The formatter with quick printing set (``-Oq`` on, as snmptrapd sets it for its
        traphandles' input); numeric without MIBs."""
        flags = self._flags if self.mib is not None or self.formatter is not None else "n"
        quick = flags if "q" in flags or "Q" in flags else flags + "q"
        formatter = self._formatter(quick)
        assert formatter is not None  # q is more than numeric output
        return formatter

    @property
    def _hints(self) -> bool:
        """Whether values print by their DISPLAY-HINT (not with -Ih or noDisplayHint)."""
        return self.input is None or self.input.display_hints

    @property
    def reader(self) -> OidReader:
        """Net-SNMP's parser of names and OIDs, over the MIBs (or none: the roots alone)."""
        if self._reader is None:
            if self.mib is not None:
                self._reader = self.mib.reader(self.input)
            else:
                from .._mib._objid import OidReader
                from .._mib._tree import MibTree

                self._reader = OidReader(MibTree(), self.input, self._read_module)
        return self._reader

    def _read_module(self, module: str) -> bool:
        """Without MIBs, a ``MODULE::name``'s module, read as Net-SNMP reads it (none
        else): the parser's tree becomes that of the MIBs then loaded."""
        mib = self._load("", self._dirs, self._parsing)
        self.reader.tree = mib.tree
        return mib.read_module(module)

    def arcs(self, text: str) -> list[int]:
        """The arcs of an OID or a name, as Net-SNMP's tools read it.

        Raises:
            UnknownOidError: Net-SNMP's line (``TEXT: Unknown Object Identifier (WHY)``).
        """
        from .._errors import UnknownObjectError

        try:
            with echoed_warnings():  # a MODULE:: name loads its module: Net-SNMP's lines
                return self.reader.parse(text)
        except UnknownObjectError as exc:
            raise UnknownOidError(str(exc), logged=True) from None

    def oid(self, text: str) -> str:
        """A numeric OID (no leading dot) for an OID or, with MIBs, a name."""
        if self._plain(text):
            try:  # what Net-SNMP's parser reads as it is: no need of it
                return check_oid(text)
            except UnknownOidError:
                pass
        return check_oid(sent_oid(self.arcs(text)))

    def _plain(self, text: str) -> bool:
        """Whether `text` is an OID Net-SNMP's parser takes as it is: numbers (no MIBs)."""
        return self.mib is None and self.input is None and bool(_CANONICAL.fullmatch(text))

    def oids(
        self,
        texts: Iterable[str],
        convert: Callable[[str], str] | None = None,
        first_failure: Callable[[], None] = lambda: None,
    ) -> list[str]:
        """`oid` (or `convert`) of each text; every one that does not parse is reported, a
        line each (as Net-SNMP's snmpget, snmpgetnext and snmpset do), after
        `first_failure` is called (which may raise: the session's opening, said first).

        Raises:
            UnknownOidError: (with no line of its own) some do not parse.
        """
        found, failed = [], False
        for text in texts:
            try:
                found.append((convert or self.oid)(text))
            except UnknownOidError as exc:  # said at once, between what loading MIBs says
                if not failed:
                    first_failure()
                log(f"{exc}\n")
                failed = True
        if failed:
            raise UnknownOidError("")
        return found

    def root(self, text: str) -> str:
        """Where a walk or GETNEXT starts: as `oid`, or one arc (``.1``)."""
        if self._plain(text):
            return self.oid(text)
        if self.input is None and _ROOT_ARC.fullmatch(text):  # as the parser reads it
            return text[-1]
        arcs = self.arcs(text)
        if len(arcs) == 1 and arcs[0] in (0, 1, 2):
            return str(arcs[0])
        return check_oid(sent_oid(arcs))

    def set_value(self, oid: str, kind: str, text: str) -> TypedValue:
        """`text` of type letter `kind` for `oid` (numeric), as Net-SNMP's tools read it:
        with MIBs, checked against the object's type and ranges (not with ``-Ir``), ``=``
        its type, ``i`` and ``b`` its labels, ``s`` its DISPLAY-HINT (not with ``-Ih``);
        ``o`` a name or OID, read as the command's names (``-I`` flags).

        Raises:
            ValueLineError: Net-SNMP's words (the command prints them after ``NAME: ``).
        """
        from ._values import read_value

        view = None
        # The MIBs, or those a MODULE:: name loaded (the reader's tree), as Net-SNMP's
        tree = self.mib.tree if self.mib is not None else None
        if tree is None and self._reader is not None:
            tree = self._reader.tree
        if tree is not None:
            from .._mib._describe import syntax_view

            node = tree.find([int(arc) for arc in oid.split(".")])[0]
            view = syntax_view(tree, node) if node.module else None
        flags = self.input
        return read_value(
            view,
            kind,
            text,
            check=flags is None or flags.check_ranges,
            hints=flags is None or flags.display_hints,
            oid=self._value_arcs,
        )

    def _value_arcs(self, text: str) -> list[int]:
        """The arcs of an ``o`` value; Net-SNMP's words when it does not parse."""
        from .._errors import UnknownObjectError
        from ._values import ValueLineError

        try:
            with echoed_warnings():
                return self.reader.parse(text)
        except UnknownObjectError as exc:
            message = str(exc)[len(exc.text) + 2 :]  # Net-SNMP's words after its text
            # (none when -Ib alone tried it: Net-SNMP then leaves the varbind out, silently)
            raise ValueLineError(message or "no name matches it (-Ib)") from None

    def output(self, *, json: bool) -> Output:
        """Where the command's varbinds go."""
        return Output(json=json, formatter=self.formatter)


@contextmanager
def echoed_warnings() -> Iterator[None]:
    """What MIBs warn of while loading, logged as Net-SNMP's tools log it: a line each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                text = str(warning.message)
                log(f"{text}\n", WARNING if _logged_as_warnings().match(text) else ERR)


@functools.cache
def _logged_as_warnings() -> re.Pattern[str]:
    """The MIB messages Net-SNMP logs as warnings (the others are errors); compiled when
    a load has something to say, not at every command's start."""
    return re.compile(
        r"Warning: (?:\S+ is both |expected anonymous node|Upper bound not handled"
        r"|Module \S+ was in )|Did not find '|Cannot resolve OID in |\S+ MACRO \(lines "
        r"|Loading replacement module |Importing \S+ from replacement module "
    )


def input_flags(
    options: Iterable[str], translate: bool = False, configured: Iterable[tuple[str, bool]] = ()
) -> InputFlags | None:
    """Net-SNMP's ``-I`` letters (each toggles; ``s`` and ``S`` take the rest as the
    suffix or prefix of every name), then the configuration files' (`configured`: letters
    set on or off, which win as in Net-SNMP); None: none given.

    Raises:
        UsageError: ``-Is``/``-IS`` without its text.
        UnknownOidError: a letter Net-SNMP does not take (its line; with `translate`,
            snmptranslate's).
    """
    options, configured = list(options), list(configured)
    if not options and not configured:
        return None
    from .._mib._objid import InputFlags

    settings = {
        "random_access": False,
        "regex": False,
        "check_ranges": True,
        "ucd": False,
        "display_hints": True,
    }
    texts = {"prefix": "", "suffix": ""}
    for letters in options:
        for at, letter in enumerate(letters):
            if letter in "sS":
                if at + 1 == len(letters):
                    raise UsageError(f"-I{letter} needs its text attached (-I{letter}TEXT)")
                texts["suffix" if letter == "s" else "prefix"] = letters[at + 1 :]
                break
            key = _INPUT_LETTERS.get(letter)
            if key is None:
                raise unknown_letter("I", letter, translate)
            settings[key] = not settings[key]
    for letter, value in configured:  # r and h: a check turned off
        settings[_INPUT_LETTERS[letter]] = not value
    return InputFlags(**settings, **texts)  # type: ignore[arg-type]


#: The -I letters that toggle a setting.
_INPUT_LETTERS = {
    "R": "random_access",
    "b": "regex",
    "r": "check_ranges",
    "u": "ucd",
    "h": "display_hints",
}
#: A root of one arc the parser reads as it is (with MIBs or not): 0, 1 or 2.
_ROOT_ARC = re.compile(r"\.?[012]", re.ASCII)
#: A numeric OID Net-SNMP's parser takes as it is, when no MIBs are loaded.
_CANONICAL = re.compile(r"\.?(?:0|[1-9][0-9]{0,9})(?:\.(?:0|[1-9][0-9]{0,9})){1,127}", re.ASCII)


def sent_oid(arcs: list[int]) -> str:
    """The OID Net-SNMP sends for `arcs`: each arc of its 64 bits encoded in 32."""
    return ".".join(str(arc & 0xFFFFFFFF) for arc in arcs)
