"""The compiled-MIB cache: one file per MIB file, keyed by what its compile read.

The cache lives in ``$XDG_CACHE_HOME/anysnmp/mibs`` (``~/.cache/anysnmp/mibs``)
unless told otherwise. Entries are `marshal` data after a CRC-32 of it (an entry cut
short or damaged, or not a regular file, is compiled again): fast to load, no parser needed. An entry holds the path, size, mtime and ctime of its file and the state of
every module its compile depended on (the file that held it, or its absence):
when one of them changes (a missing import appears, an imported module is
edited) the module is simply compiled again. A folder's scan (file -> module
name) is cached the same way, and so are the tables of the MIB grammar's parser
(`store_parser`): built, they cost a compiling process about 0.7 s of CPU, loaded 0.06.

A whole load (search path and module list) is kept too, as one entry: the built
tree and the modules' records, valid while the listing of every folder of the
path (each file's name, size, mtime and ctime) is the same; any other change of the
folders (a file changed, added or removed) loads module by module again.

The folder stays bounded: an entry read is marked used (its mtime, at most once a day),
and the first write of a load removes the least recently used entries while they hold
more than `MAX_BYTES`.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import time
from binascii import crc32
from collections.abc import Callable, Mapping
from stat import S_ISREG
from typing import Any

from .._errors import ArgumentTypeError, ConfigurationError
from ._records import ModuleRecord
from ._search import head_of, home_folder

__all__ = ("FileState", "MibCache", "default_cache_dir")

#: Bumped whenever the record format changes: older entries are then ignored.
_FORMAT = 76

#: The most the entries hold: past it the least recently used are removed (`MibCache.prune`).
MAX_BYTES = 256 << 20
#: An entry read is marked used when its mark is older than this (seconds).
_MARK_AFTER = 86_400

#: Where a module is: (path, size, mtime, ctime in ns); None: no file holds it. The ctime
#: changes with the mode too: a file made readable is read again.
FileState = tuple[str, int, int, int] | None

#: Each folder of a search path: its files (name, size, mtime, ctime in ns) by name, None if
#: unreadable.
Listing = list["list[tuple[str, int, int, int]] | None"]


def default_cache_dir() -> str | None:
    """``$XDG_CACHE_HOME/anysnmp/mibs``, else ``~/.cache/anysnmp/mibs``; None: neither is
    known (no ``XDG_CACHE_HOME``, no home folder, or a home that does not exist, as a
    system user's ``/nonexistent``, which is never created): nothing is cached. A relative
    ``XDG_CACHE_HOME`` is none, as the XDG base directory specification says."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = home_folder()
        if home is None or not os.path.isdir(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "anysnmp", "mibs")


#: The parts of a compiled record (`_compile`) and their types: a module compiled has
#: the first six, one that failed ``error`` (and some of the others).
_RECORD_PARTS = {
    "imports": dict,
    "sources": dict,
    "requires": list,
    "nodes": list,
    "types": dict,
    "diag": dict,
    "error": str,
    "grammar": list,
}
_COMPILED = ("imports", "sources", "requires", "nodes", "types", "diag")


def _a_record(value: Any) -> bool:
    """Whether `value` has a compiled record's parts (an entry of another shape, written
    by another version of the package or another program, is compiled again)."""
    if not isinstance(value, dict) or not set(value) <= _RECORD_PARTS.keys():
        return False
    if "error" not in value and not all(part in value for part in _COMPILED):
        return False
    return all(isinstance(part, _RECORD_PARTS[name]) for name, part in value.items())


def _stat_key(path: str) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


class MibCache:
    """Compiled modules and folder scans on disk (writes are atomic; failures to write are ignored)."""

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        underscores: bool = False,
        comment_to_eol: bool = False,
    ) -> None:
        """Args:
            directory: the cache folder (None: `default_cache_dir`).
            underscores: the modules are compiled with ``_`` in identifiers (``-Pu``): a
                module and its entry are found only so, and entries are apart from the
                others (the same file compiles to another record, or to none).
            comment_to_eol: the modules are compiled with comments running to their
                lines' ends (``-Pc``): entries are apart from the others.

        Raises:
            ArgumentTypeError: `directory` is not a str or a path.
            ConfigurationError: an empty `directory`, or one with a NUL.
        """
        if directory is not None and not isinstance(directory, (str, os.PathLike)):
            raise ArgumentTypeError(
                f"cache_dir= takes a folder (a str or a path), not {type(directory).__name__}"
            )
        if directory is not None and not os.fspath(directory):  # Path('') is the cwd
            raise ConfigurationError(
                "cache_dir='' names no folder (it would be the current one): give a folder, "
                "or leave it out for the default"
            )
        if directory is not None and "\0" in str(os.fspath(directory)):
            raise ConfigurationError(f"cache_dir={directory!r} holds a NUL: no folder is named so")
        #: None: no cache folder known (`default_cache_dir`): nothing is read nor written.
        self.directory = os.fspath(directory) if directory is not None else default_cache_dir()
        self._parsing = (underscores, comment_to_eol)  # what a record and a scan depend on
        self._stats: dict[str, tuple[int, int, int]] = {}  # path -> (size, mtime, ctime) as scanned
        #: What the last `scan` said, in Net-SNMP's order: (what, its line), what one of
        #: ``unreadable`` (``path: Permission denied``), ``long`` (``Warning: token too
        #: long``), ``moved`` (``Warning: Module X was in A now is B``).
        self.said: list[tuple[str, str]] = []
        self._pruned = False

    def _entry(self, kind: str, key: Any) -> str:
        """The file of an entry: named by a CRC of its key (which the entry holds, checked
        on reading: two keys of one name only miss each other)."""
        assert self.directory is not None
        return os.path.join(self.directory, f"{kind}-{crc32(repr(key).encode()):08x}")

    def _read(self, kind: str, key: Any) -> Any:
        """What was written under `key`, None when absent, unreadable, of another key or of
        another shape than `_write` gives an entry of `kind` (a file of another program)."""
        if self.directory is None:
            return None
        try:
            # Not through a link, nor waiting on a FIFO: an entry is a file `_write` made.
            fd = os.open(self._entry(kind, key), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with open(fd, "rb") as file:
                stat = os.fstat(fd)
                if not S_ISREG(stat.st_mode) or stat.st_size > MAX_BYTES:
                    return None  # a device, a FIFO, or more than the cache may hold
                raw = file.read(stat.st_size)
                if time.time() - stat.st_mtime > _MARK_AFTER:
                    with contextlib.suppress(OSError):
                        os.utime(fd)  # used: kept by `prune`
            body = memoryview(raw)[4:]  # not copied: an entry of every module is megabytes
            if raw[:4] != crc32(body).to_bytes(4, "big"):
                return None  # cut short or damaged: what a tree restores unpacks later
            data = marshal.loads(body)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if isinstance(data, tuple) and len(data) == 3 and data[:2] == (_FORMAT, key):
            value = data[2]
            if isinstance(value, dict if kind == "dir" else tuple):
                return value
        return None

    def _write(self, kind: str, key: Any, value: Any) -> None:
        if self.directory is None:
            return
        entry = self._entry(kind, key)
        temp = f"{entry}.{os.getpid()}.tmp"
        try:
            os.makedirs(self.directory, exist_ok=True)
            data = marshal.dumps((_FORMAT, key, value))
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)  # one a killed process of this pid left, or a link
            # Made here, never followed: a link planted in a shared folder writes nowhere.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with open(fd, "wb") as file:
                file.write(crc32(data).to_bytes(4, "big") + data)
            os.replace(temp, entry)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return  # a read-only or full cache only costs a compile next time
        if not self._pruned:
            self._pruned = True
            self.prune()

    def prune(self) -> None:
        """Removes the least recently used entries while the entries hold more than
        `MAX_BYTES` (the first write of each load does it)."""
        assert self.directory is not None
        entries = []
        try:
            with os.scandir(self.directory) as folder:
                for item in folder:
                    if item.name.startswith(("mib-", "dir-", "set-", "lark-")):
                        with contextlib.suppress(OSError):
                            stat = item.stat(follow_symlinks=False)
                            entries.append((stat.st_mtime, stat.st_size, item.path))
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= MAX_BYTES:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size

    @staticmethod
    def listing(dirs: list[str]) -> Listing:
        """What a load from the folders depends on: their files' names, sizes, mtimes and ctimes."""
        folders: Listing = []
        for folder in dirs:
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except (OSError, ValueError):  # ValueError: a NUL in the name
                folders.append(None)
                continue
            files = []
            for entry in entries:
                if entry.name.startswith(".") or entry.name.endswith("~"):
                    continue
                try:
                    stat = entry.stat()
                except OSError:  # a link to nothing, or a loop of links: Net-SNMP opens it
                    files.append((entry.name, 0, 0, 0))  # and says why it cannot (`scan`)
                    continue
                if S_ISREG(stat.st_mode):  # not a folder, a device, a FIFO
                    files.append((entry.name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
            folders.append(files)
        return folders

    def scan(self, dirs: list[str], listing: Listing) -> dict[str, str]:
        """{module: file} of the folders (`listing` their files) as Net-SNMP's scan reads
        their first words (`_scanline`): the last file holding a module wins (a later
        folder's, a later name's in one folder), the module keeping the place where it was
        first found."""
        found: dict[str, str] = {}
        self.said = []
        underscores, to_eol = self._parsing
        for folder, files in zip(dirs, listing, strict=True):
            if files is None:
                continue
            key = (os.path.abspath(folder), *self._parsing)
            known = self._read("dir", key) or {}
            seen: dict[str, tuple[int, int, int, str | None, list[tuple[str, int]]]] = {}
            for name, size, mtime, ctime in files:
                if name.startswith("#") or name.endswith("#"):  # editor files: not scanned
                    continue
                path = os.path.join(folder, name)
                self._stats[path] = (size, mtime, ctime)
                old = known.get(name)
                if isinstance(old, tuple) and len(old) == 5 and old[:3] == (size, mtime, ctime):
                    module, long = old[3], old[4]
                else:
                    try:
                        head = head_of(path, underscores=underscores, comment_to_eol=to_eol)
                    except OSError as error:  # not kept: read again by the next scan
                        self.said.append(("unreadable", f"{path}: {error.strerror}"))
                        continue
                    module, long = head.module, head.long
                seen[name] = (size, mtime, ctime, module, long)
                self.said += [
                    ("long", f"Warning: token too long ({word}): At line {line} in {path}")
                    for word, line in long
                ]
                if module is not None:
                    if module in found:
                        moved = f"Warning: Module {module} was in {found[module]} now is {path}"
                        self.said.append(("moved", moved))
                    found[module] = path
            if seen != known:
                self._write("dir", key, seen)
        return found

    def state(self, path: str | None) -> FileState:
        """A file's path, size and mtime (as the last scan saw them); None: no file."""
        if path is None:
            return None
        key = self._stats.get(path) or _stat_key(path)
        return None if key is None else (path, *key)

    def load(self, path: str, state: Callable[[str], FileState]) -> ModuleRecord | None:
        """The compiled record of a file, None when absent or stale.

        Args:
            path: the MIB file.
            state: where each module is now (`state`): a record compiled when a
                module it depends on was elsewhere, changed or missing is stale.
        """
        data = self._read("mib", (os.path.abspath(path), *self._parsing))
        if len(data or ()) != 3 or data[0] != self.state(path) or not _a_record(data[2]):
            return None
        try:
            if any(state(module) != then for module, then in data[1]):
                return None
        except (TypeError, ValueError):  # not the list of (module, state) `store` writes
            return None
        record: ModuleRecord = data[2]
        return record

    def store(self, path: str, record: ModuleRecord, depends: Mapping[str, FileState]) -> None:
        """Keep the record of a file, compiled from its text and the modules of `depends`
        (by name: where each was when it was read)."""
        state = self.state(path)
        if state is not None:
            key = (os.path.abspath(path), *self._parsing)
            self._write("mib", key, (state, sorted(depends.items()), record))

    def load_set(self, key: Any, listing: Listing) -> Any:
        """What `store_set` kept for a load (`key`) while the folders had `listing`, else None."""
        data = self._read("set", key)
        return data[1] if len(data or ()) == 2 and data[0] == listing else None

    def store_set(self, key: Any, listing: Listing, value: Any) -> None:
        """Keep what a load (`key`) built when the folders had `listing` (marshal-able)."""
        self._write("set", key, (listing, value))

    def load_parser(self, key: Any) -> Any:
        """The parser tables `store_parser` kept under `key`, else None."""
        return self._read("lark", key)

    def store_parser(self, key: Any, tables: tuple[Any, ...]) -> None:
        """Keep a parser's tables (marshal-able: never pickled, so an entry runs no code)."""
        self._write("lark", key, tables)
