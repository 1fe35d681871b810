"""`Mib`: load MIB modules (compiled once, then from the cache) and look names up."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .._codec import core
from .._errors import (
    ArgumentTypeError,
    ConfigurationError,
    MibError,
    UnknownNameError,
    UnknownObjectError,
)
from ._cache import FileState, MibCache
from ._format import MibFormatter
from ._names import decode_index, index_values, render
from ._node import MibNode
from ._objid import InputFlags, OidReader, module_name
from ._records import MibWarning, ModuleRecord
from ._report import (
    ALWAYS,
    DESCRIBED,
    DETAIL,
    ERROR,
    SEARCH_PATH,
    WARNING,
    Message,
    Report,
    also_read,
)
from ._scanline import scan_line
from ._search import resolve_dirs, resolve_modules
from ._tree import MibTree

__all__ = ("Mib",)

#: The package's folder: a `MibWarning` names the line of the first caller outside it.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
#: The forms of `Mib.name`.
_FORMS = ("module", "suffix", "full", "numeric")
#: How many modules a MibError names of those that need compiling.
_NAMES_SHOWN = 5
#: A numeric OID as `Mib.name` takes it (its leading dot removed).
_NUMERIC_OID = re.compile(r"[0-9]+(?:\.[0-9]+)*", re.ASCII)
#: Numeric OID text: the core's parser checks it (its rules, as where no MIBs are given).
_NUMERIC_TEXT = re.compile(r"[0-9.]+", re.ASCII).fullmatch

#: How `Mib.oid` reads names: as the tools with ``-Ir`` (a device's row 0 of a table
#: indexed 1.. is still named), and never by guessing the label a text matches best.
_LIBRARY_INPUT = InputFlags(check_ranges=False, best_match=False)
#: How many names `Mib.oid` keeps resolved (cleared when full).
_RESOLVED_NAMES = 4096

#: Index arcs (``table(index=...)``'s argument) -> the INDEX values (or the arcs).
IndexValues = Callable[[tuple[int, ...]], tuple[int | bytes | str, ...]]


def _read_text(path: str) -> str | None:
    """A MIB file's text, a character per byte (Latin-1), as Net-SNMP's lexer reads it (a
    UTF-8 character is a word per byte to it); None: unreadable."""
    try:
        with open(path, "rb") as file:
            return file.read().decode("latin-1")
    except OSError:
        return None


def _type_sources(record: ModuleRecord, files: dict[str, str]) -> list[str]:
    """The modules a module's types come from as written (``DisplayString FROM RFC1213-MIB``,
    where pysmi reads SNMPv2-TC's), when on the search path: Net-SNMP loads them too."""
    return [
        module
        for symbol, module in record.get("sources", {}).items()
        if symbol[:1].isupper() and not symbol.isupper() and module in files  # no macros
    ]


def _dependencies(name: str, records: dict[str, ModuleRecord], read: Iterable[str]) -> set[str]:
    """The modules the compile of `name` read: what it imports, what those import...

    A module that failed to compile read we know not what: every module of the compile
    (`read`) counts for it (an import that was missing may be why it failed).
    """
    found: set[str] = set()
    pending = [name]
    while pending:
        record = records.get(pending.pop())
        if record is None:
            continue  # missing: its absence is recorded
        if "error" in record:
            found.update(read)
            continue
        for module in (*record.get("requires", ()), *record.get("imports", {}).values()):
            if module not in found:
                found.add(module)
                pending.append(module)
    found.discard(name)
    return found


def _restored(
    kept: Any,
) -> tuple[dict[str, str], list[Message], MibTree, frozenset[str]] | None:
    """A whole load as `MibCache.store_set` kept it: its files, messages, tree and the
    modules it read (those that did not load too); None: none kept, or an entry of another
    shape (not written by this version)."""
    if kept is None:
        return None
    try:
        files, messages, state, read = kept
        messages = [(int(kind), str(text)) for kind, text in messages]
        return files, messages, MibTree.restore(state), frozenset(map(str, read))
    except (TypeError, ValueError, IndexError, KeyError):
        return None


class Mib:
    """The loaded MIB modules: names <-> OIDs, node details, index decoding.

    Build one with `Mib.load`; it is immutable afterwards except that
    ``MODULE::name`` lookups load a module of the search path on demand.
    """

    def __init__(
        self,
        dirs: list[str],
        cache: MibCache,
        files: dict[str, str],
        tree: MibTree,
        *,
        shown: frozenset[int] = frozenset({ALWAYS, ERROR}),
        underscores: bool = False,
        comment_to_eol: bool = False,
    ) -> None:
        self.dirs = dirs
        self._underscores = underscores  # Net-SNMP's -Pu
        self._comment_to_eol = comment_to_eol  # Net-SNMP's -Pc
        self._shown = shown  # the kinds of `_report` messages warned of
        self._said_path = False  # Net-SNMP prints the search path once
        self._line = 0  # Net-SNMP's line counter after its scan of the folders (`scan_line`)
        self._report: Report | None = None
        #: The modules a load restored whole read (`_restored`): read again on demand
        #: neither (a module that did not load says its errors once, as in Net-SNMP).
        self._read: frozenset[str] = frozenset()
        self._cache = cache
        self._files = files
        self._states: dict[str, FileState] = {}
        self._tree = tree
        self._oids: dict[str, str] = {}
        #: The modules the load was asked for (not ``ALL``), for `_not_found`.
        self._asked: list[str] = []

    @classmethod
    def load(
        cls,
        modules: str | Iterable[str] | None = ("ALL",),
        *,
        dirs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        errors: bool = True,
        parser_warnings: bool | int = False,
        allow_underscores: bool = False,
        replace_with_latest: bool = False,
        comment_to_eol: bool = False,
        descriptions: bool = False,
    ) -> Mib:
        """Load MIB modules as Net-SNMP finds them.

        Args:
            modules: module names, ``ALL`` for every module of the search
                path, a ``:``-separated string, or a list starting with
                ``+MOD`` to add to Net-SNMP's default list (``-MOD``: before it); None: ``MIBS``
                or that default list.
            dirs: the search path (a ``:``-separated string, a path, or a list of
                folders; a leading ``+`` adds to the default path, ``-`` before it); None: ``MIBDIRS``
                or the default (``~/.snmp/mibs:/usr/share/snmp/mibs:...``).
            cache_dir: where compiled modules are kept (default
                ``$XDG_CACHE_HOME/anysnmp/mibs``).
            errors: warn of what Net-SNMP's parser calls errors (missing modules and
                symbols, grammar slips, undefined group members); False as Net-SNMP's
                ``-Pe`` (``showMibErrors no``). Unlinked definitions warn either way.
            parser_warnings: warn of what Net-SNMP's parser warns of at its first level
                (True or 1, ``-Pw``): MACRO definitions read past, modules read in place of
                old ones missing; 2 (``-PW``) adds its second level (with `errors`): strings
                it cuts short, SYNTAX types it knows none of.
            allow_underscores: read identifiers holding ``_`` (vendor MIBs' slip), as
                Net-SNMP's ``-Pu`` (``mibAllowUnderline yes``); without it such a module
                does not parse (a grammar error) and a module named so is not found.
            replace_with_latest: a module read later that defines an object again (the same
                label at the same OID) gives it its definition (syntax, access,
                description...), as Net-SNMP's ``-PR`` (``mibReplaceWithLatest yes``);
                by default the first module's stands. The name stays the first module's.
            comment_to_eol: a ``--`` comment runs to the line's end, as with Net-SNMP's
                ``-Pc`` (``mibCommentToEOL yes``); by default a second ``--`` on its line
                ends it too (``x OBJECT-TYPE -- note -- SYNTAX ...``), as Net-SNMP reads it.
            descriptions: with `errors`, warn of what Net-SNMP's parser says only while it
                keeps descriptions (snmptranslate's ``-Td``; each ``-Pd`` toggles it): a
                TEXTUAL-CONVENTION's DESCRIPTION not followed by a string.

        A broken module loads as far as Net-SNMP loads it (the definitions it
        can link), and a module that is missing or does not parse never stops the
        others: each line Net-SNMP's tools print of it (with file names and line
        numbers, in their order) is a `MibWarning`. With no MIB files found the Mib
        is empty (`modules` is ``[]``): names raise `UnknownNameError` (for a
        ``MODULE::name``, saying that the search path lacks MODULE).

        Raises:
            MibError: modules need compiling and pysmi (``anysnmp[mib]``) is not installed.
            ArgumentTypeError: an argument of another type (``modules=[None]``, ``dirs=5``).
        """
        level = parser_warnings if isinstance(parser_warnings, int) else int(bool(parser_warnings))
        shown = frozenset(
            {ALWAYS, *(ERROR,) * bool(errors), *(WARNING,) * (level > 0)}
            | ({DETAIL} if errors and level > 1 else set())
            | ({DESCRIBED} if errors and descriptions else set())
        )
        underscores, to_eol = bool(allow_underscores), bool(comment_to_eol)
        search = resolve_dirs(dirs)
        cache = MibCache(cache_dir, underscores=underscores, comment_to_eol=to_eol)
        names = resolve_modules(modules)
        # Kept whole while no file of the folders changes: the tree and what it warned.
        replace = bool(replace_with_latest)
        key, listing = (search, names, underscores, replace, to_eol), cache.listing(search)
        kept = _restored(cache.load_set(key, listing))
        line = scan_line(search, listing, underscores=underscores, comment_to_eol=to_eol)

        def new(files: dict[str, str], tree: MibTree) -> Mib:
            mib = cls(
                search, cache, files, tree, shown=shown, underscores=underscores,
                comment_to_eol=to_eol,
            )  # fmt: skip
            mib._line = line
            return mib

        if kept is not None:
            files, messages, tree, read = kept
            mib = new(files, tree)
            mib._read = read
            mib._said_path = any(text.startswith(SEARCH_PATH) for _, text in messages)
        else:
            files = cache.scan(search, listing)
            tree = MibTree(replace=replace)
            mib = new(files, tree)
            everything = "ALL" in names
            if everything:
                names = list(reversed(mib._files))  # Net-SNMP reads the last file found first
            # Net-SNMP says what it cannot read as it lists the folders, before reading.
            kinds = {"unreadable": ALWAYS, "long": ERROR, "moved": WARNING}
            scanned: list[Message] = [(kinds[what], text) for what, text in cache.said]
            messages = [*scanned, *mib._load_names(names, everything=everything)]
            assert mib._report is not None  # made by the load
            kept_set = (mib._files, messages, mib._tree.state(), mib._report.read)
            cache.store_set(key, listing, kept_set)
        mib._asked = [name for name in names if name != "ALL"] if "ALL" not in names else []
        mib._warn(messages)
        return mib

    def _warn(self, messages: list[Message]) -> None:
        """Each message shown as a `MibWarning` of the caller's line (the first frame
        outside the package: `Mib.load`'s caller, or a session's for a name's module)."""
        shown = [text for kind, text in messages if kind in self._shown]
        if not shown:
            return
        frame, level = sys._getframe(1), 2
        while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
            frame, level = frame.f_back, level + 1
        for text in shown:
            warnings.warn(text, MibWarning, stacklevel=level)

    @property
    def modules(self) -> list[str]:
        """The names of the modules loaded."""
        return sorted(self._tree.modules)

    @property
    def tree(self) -> MibTree:
        """The OID tree (for the formatter and the CLI)."""
        return self._tree

    def _load_names(
        self, names: list[str], *, everything: bool = False, adopt: bool = True
    ) -> list[Message]:
        """Load modules and what they import: from the cache, compiling what is stale.

        Args:
            names: the modules, in the order asked (``ALL``'s: `everything`).
            adopt: link orphans to the nodes of their parents' labels (a load of a list,
                not a module loaded on demand).

        Returns:
            What Net-SNMP prints of the load (`_report`).
        """
        compiled: set[str] = set()
        fresh: dict[str, ModuleRecord] = {}  # as compiled: the cache may not keep them
        while True:
            records, stale = self._closure(names, fresh)
            stale = [name for name in stale if name not in compiled]
            if not stale:
                break
            fresh.update(self._compile(stale))
            compiled.update(stale)
        if self._report is None:
            self._report = Report(
                self.dirs,
                self._files,
                self._tree.by_label,
                said_path=self._said_path,
                line=self._line,
            )
        before = set(self._tree.modules)
        messages = self._report.load(
            names,
            {**self._tree.records, **records},
            everything=everything,
            adopt=adopt,
            loaded=before | self._read,
        )
        # What Net-SNMP reads, in its order: not a module it imports nothing but keywords
        # from (SNMPv2-SMI's OBJECT-TYPE, Integer32...), which pysmi compiles all the same.
        self._tree.add_modules(
            {
                name: records[name]
                for name in self._report.order
                if name in records and "error" not in records[name]
            },
            self._report.orphans if adopt else {},
            self._report.unfound,
            self._report.replaced,
            self._report.resolved,
        )
        self._oids.clear()  # a label may now stand for another module's node
        return messages

    def _closure(
        self, names: list[str], fresh: dict[str, ModuleRecord]
    ) -> tuple[dict[str, ModuleRecord], list[str]]:
        """The records of `names` and their imports (`fresh` ones, else cached ones), and
        the stale ones (a missing one is `_report`'s)."""
        records: dict[str, ModuleRecord] = {}
        stale: list[str] = []
        seen = set(self._tree.modules)
        pending = list(names)
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            path = self._files.get(name)
            record = fresh.get(name) or (self._cache.load(path, self._state) if path else None)
            if path is None:
                continue
            if record is None:
                stale.append(name)
            else:
                records[name] = record
                pending.extend(record.get("imports", {}).values())
                pending.extend(record.get("requires", ()))  # Net-SNMP reads those too,
                pending.extend(also_read(record, self._files))  # and more
                pending.extend(_type_sources(record, self._files))
        return records, stale

    def _compile(self, names: list[str]) -> dict[str, ModuleRecord]:
        """Compile modules (and their imports) with pysmi into the cache, failures too.

        Returns:
            The records compiled and those of the failures, by module.
        """
        try:
            import pysmi  # noqa: F401

            from ._compile import compile_modules
        except ImportError:
            shown = sorted(names)[:_NAMES_SHOWN]
            more = f" and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
            raise MibError(
                f"MIB modules {', '.join(shown)}{more} need compiling and pysmi is not "
                "installed: pip install 'anysnmp[mib]'"
            ) from None
        read: dict[str, FileState] = {}  # every module pysmi asked for, and where it was

        def text(name: str) -> str | None:
            path = self._files.get(name)
            read[name] = self._state(name)
            return _read_text(path) if path else None

        compiled, failures = compile_modules(
            names,
            text,
            underscores=self._underscores,
            comment_to_eol=self._comment_to_eol,
            parsers=self._cache,
        )
        records: dict[str, ModuleRecord] = {}
        for name in self._files:
            if name in compiled:
                records[name] = compiled[name]
            elif name in failures or name in names:
                records[name] = failures.get(name, {"error": "does not compile"})
        for name, record in records.items():
            depends = {
                module: read[module] if module in read else self._state(module)
                for module in _dependencies(name, records, read)
            }
            self._cache.store(self._files[name], record, depends)
        return records

    def _state(self, name: str) -> FileState:
        """Where module `name` is (its file's path, size, mtime, as scanned), None: nowhere."""
        try:
            return self._states[name]
        except KeyError:
            state = self._states[name] = self._cache.state(self._files.get(name))
            return state

    def oid(self, name: str) -> str:
        """The numeric OID of a name (``IF-MIB::ifDescr.1``, ``ifDescr.1``, ``.iso.org...``)
        or of an OID: ``mib.oid("ifDescr.1") == "1.3.6.1.2.1.2.2.1.2.1"``.

        Names are read as snmpget reads them with ``-Ir`` (index values are not checked
        against their ranges), except that it never guesses: where snmpget would take the
        label a regular expression matches best (``descr``), this raises. Numeric text
        follows the library's OID rules.

        Raises:
            UnknownObjectError: Net-SNMP's reason (``Sub-id not found: (top) -> ifFoo``,
                ``Index out of range: x (ifIndex)``: not a value of the index's type); for
                a first label unknown, then why when the load says: a module defines it
                below an import not found, or no file of a module it was asked for (or
                none at all) was found in the search path's folders.
            UnknownNameError: no reason of Net-SNMP's: an unknown module or label
                (``IF-MIB::ifFoo``), a module that does not load, not a str.
            EncodeError: numbers that make no OID (``3.1``, an arc of 2^32).
        """
        try:
            oid = self._oids.get(name)
        except TypeError:  # unhashable: no name
            oid = None
        if oid is None:
            if not isinstance(name, str):
                raise UnknownNameError(f"{name!r} is not a name or OID (a str)")
            if _NUMERIC_TEXT(name):  # checked as everywhere else, with or without MIBs
                oid = str(core.parse_oid(name))
            else:
                try:
                    arcs = OidReader(self._tree, _LIBRARY_INPUT, self.read_module).parse(name)
                except UnknownObjectError as exc:
                    if exc.reason is not None:
                        missing = self._not_found(exc.reason)
                        if missing:
                            exc.args = (f"{exc}; {missing}",)
                        raise
                    raise UnknownNameError(self._unknown(name)) from None
                oid = str(core.parse_oid(".".join(map(str, arcs))))
            if len(self._oids) >= _RESOLVED_NAMES:
                self._oids.clear()
            self._oids[name] = oid
        return oid

    def _not_found(self, reason: str) -> str | None:
        """Why a name's first label may be unknown (Net-SNMP's `reason` says it is): a module
        defines it below an import not found, or the load did not find a module it was asked
        for, or none at all; None when neither."""
        if not reason.startswith("Sub-id not found: (top) -> "):
            return None
        label = reason.removeprefix("Sub-id not found: (top) -> ")
        for module in self._tree.modules:
            unlinked = self._unlinked(module, label)
            if unlinked:
                return unlinked
        missing = [name for name in self._asked if name not in self._tree.modules]
        if self._tree.modules and not missing:
            return None
        folders = ", ".join(
            folder if os.path.isdir(folder) else f"{folder} (no such folder)"
            for folder in self.dirs
        )
        where = f"in {folders}" if folders else "(the search path is empty)"
        if not missing:
            return f"no MIB files found {where}: give their folder with dirs= or MIBDIRS"
        its = "its folder" if len(missing) == 1 else "their folders"
        return f"no MIB file of {', '.join(missing)} found {where}: add {its} with dirs= or MIBDIRS"

    def _unknown(self, name: str) -> str:
        """Why `name` is unknown where Net-SNMP says nothing: its first label is no
        object's, or no object of its module's (``MODULE::label``), or that module is
        nowhere or does not load."""
        module = module_name(name)
        if module is None:
            if "::" in name:
                return (
                    f"{name!r}: {name.partition('::')[0]!r} is no module name (letters, "
                    "digits and '-', as Net-SNMP reads them)"
                )
            return f"{name!r}: unknown object {name.lstrip('.').partition('.')[0]}"
        label = name[len(module) + 1 :].removeprefix(":").partition(".")[0]
        if not module:
            return f"{name!r}: empty module name"
        if not label:
            return f"{name!r}: no object named after '::'"
        if module == "ANY":
            return f"{name!r}: unknown object {label}"
        if module not in self._tree.modules:
            if module in self._files:
                return (
                    f"{name!r}: module {module} ({self._files[module]}) does not load: "
                    "see the MibWarning of its file"
                )
            return (
                f"{name!r}: unknown module {module} (no MIB file of it in the search "
                "path: add its folder with dirs= or MIBDIRS, -M on the command line)"
            )
        unlinked = self._unlinked(module, label)
        return f"{name!r}: {unlinked or f'{module} has no object {label}'}"

    def _unlinked(self, module: str, label: str) -> str | None:
        """Why `module`'s `label` is not in the tree, when the module defines it: it hangs
        below a label no module loaded defines (an import whose module is missing)."""
        labels = {item[0]: item[1] for item in self._tree.records[module]["nodes"]}
        if label not in labels:
            return None
        top, seen = label, set()
        while top in labels and top not in seen:
            seen.add(top)
            oid = labels[top]
            if oid[:1].isdigit():
                return None  # linked: not why it was not found
            top = oid.partition(".")[0]
        source = self._tree.records[module].get("imports", {}).get(top)
        below = f"{top}, imported from {source}, which" if source else f"{top}, which"
        return (
            f"{module} defines {label}, but below {below} no module loaded "
            "defines (see the MibWarnings of the load)"
        )

    def read_module(self, module: str) -> bool:
        """Whether `module` is loaded, reading it first if need be (as a ``MODULE::name``
        makes Net-SNMP read it: a `MibWarning` says why it cannot)."""
        if module not in self._tree.modules:
            self._warn(self._load_names([module], adopt=False))
        return module in self._tree.modules

    def reader(self, flags: InputFlags | None = None) -> OidReader:
        """A parser of names and OIDs as Net-SNMP's tools read them with these MIBs and
        their ``-I`` `flags`, its errors the tools' lines: see `OidReader`."""
        return OidReader(self._tree, flags, self.read_module)

    def name(self, oid: str, form: str = "module", *, breakdown: bool = True) -> str:
        """A numeric OID as Net-SNMP prints it: ``IF-MIB::ifDescr.1`` by default.

        Args:
            oid: dotted numeric OID (a leading dot is allowed).
            form: ``module``, ``suffix`` (``ifDescr.1``), ``full`` (``.iso.org...``)
                or ``numeric``.
            breakdown: decode string and IP indexes (Net-SNMP's ``-Ob`` is False).

        Raises:
            UnknownNameError: `oid` is not a numeric OID.
            ConfigurationError: a `form` of no such name.
        """
        if not isinstance(oid, str):
            raise UnknownNameError(f"{oid!r} is not a numeric OID (a str)")
        if form not in _FORMS:
            raise ConfigurationError(f"form={form!r}: one of {', '.join(map(repr, _FORMS))}")
        oid = oid.removeprefix(".")
        if not _NUMERIC_OID.fullmatch(oid):
            raise UnknownNameError(f"{oid!r} is not a numeric OID")
        arcs = [arc.lstrip("0") for arc in oid.split(".")]
        if len(arcs) > 128 or any(len(arc) > 10 or int(arc or 0) >> 32 for arc in arcs):
            shown = oid if len(oid) <= 60 else f"{oid[:60]}..."
            raise UnknownNameError(  # no agent sends it, no request takes it
                f"{shown!r} is no SNMP OID (at most 128 arcs, each below 2^32)"
            )
        return render(self._tree, oid, form, breakdown=breakdown)

    def formatter(self, flags: str = "") -> MibFormatter:
        """A printer of varbinds as Net-SNMP prints them with these MIBs and ``-O`` `flags`.

        ``mib.formatter().varbind("1.3.6.1.2.1.2.2.1.3.1", Tag.INTEGER, 24)`` ==
        ``"IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)"``.

        Raises:
            ConfigurationError: a flag the formatter does not know.
            ArgumentTypeError: `flags` is not a str.
        """
        return MibFormatter(self._tree, flags)

    def index(self, oid: str) -> tuple[int | bytes | str, ...]:
        """The INDEX values of a table cell (a name or OID): integers as int,
        strings as bytes, IpAddress and OID as dotted str.

        ``mib.index('vacmGroupName.3."comm1"') == (3, b"comm1")``.

        Raises:
            UnknownNameError: unknown name, or not a cell of a table the MIBs define.
        """
        return decode_index(self._tree, self.oid(oid))

    def index_decoder(self, name: str) -> IndexValues:
        """Row keys of the table, row or column `name` by its INDEX clause, for
        ``session.table(..., index=mib.index_decoder("IF-MIB::ifTable"))``.

        The decoder takes a row's index arcs (a tuple of int) and returns the INDEX
        values as `index` does (``(3, b"comm1")``); arcs that do not decode by the
        INDEX (an agent's mistake) come back as they are. Given a str or None,
        not arcs, it raises `ArgumentTypeError`.

        Raises:
            UnknownNameError: unknown name, or not a table, row or column of the MIBs.
        """
        node = self.node(name)
        if node.kind == "table":
            node = node.children.get(1, node)
        if node.kind == "column" and node.parent is not None:
            node = node.parent
        indexes = node.row_indexes if node.kind == "row" else None
        if not indexes:
            raise UnknownNameError(f"{name}: not a table, row or column of the loaded MIBs")

        def decode(arcs: tuple[int, ...]) -> tuple[int | bytes | str, ...]:
            if not isinstance(arcs, str):
                with contextlib.suppress(TypeError):  # not a sequence, or not of ints
                    return index_values(indexes, list(arcs)) or arcs
            raise ArgumentTypeError(
                f"an index decoder takes a row's arcs, a tuple of int: not {arcs!r}"
            )

        return decode

    def node(self, name: str) -> MibNode:
        """The deepest node on the path of a name or OID (``IF-MIB::ifDescr``, ``ifDescr.1``).

        Raises:
            UnknownNameError: a name the loaded modules do not know.
        """
        arcs = [int(arc) for arc in self.oid(name).split(".")]
        return self._tree.find(arcs)[0]
