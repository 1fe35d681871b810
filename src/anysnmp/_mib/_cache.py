"""The compiled-MIB cache: one file per MIB file, keyed by what its compile read.

The cache lives in ``$XDG_CACHE_HOME/anysnmp/mibs`` (``~/.cache/anysnmp/mibs``)
unless told otherwise. Entries are `marshal` data: fast to load, no parser
needed. An entry holds the path, size and mtime of its file and the state of
every module its compile depended on (the file that held it, or its absence):
when one of them changes (a missing import appears, an imported module is
edited) the module is simply compiled again. A folder's scan (file -> module
name) is cached the same way.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ._records import ModuleRecord
from ._search import module_of

__all__ = ("FileState", "MibCache", "default_cache_dir")

#: Bumped whenever the record format changes: older entries are then ignored.
_FORMAT = 7

#: Where a module is: (path, size, mtime in ns); None: no file holds it.
FileState = tuple[str, int, int] | None


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/anysnmp/mibs``, else ``~/.cache/anysnmp/mibs``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "anysnmp" / "mibs"


def _stat_key(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


class MibCache:
    """Compiled modules and folder scans on disk (writes are atomic; failures to write are ignored)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self._stats: dict[str, tuple[int, int]] = {}  # path -> (size, mtime) as scanned

    def _entry(self, kind: str, path: str) -> Path:
        import hashlib  # here: the command line's start-up does not pay for it

        digest = hashlib.sha1(os.path.abspath(path).encode(), usedforsecurity=False).hexdigest()
        return self.directory / f"{kind}-{digest[:24]}"

    def _read(self, entry: Path) -> Any:
        try:
            data = marshal.loads(entry.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return data[1] if isinstance(data, tuple) and data and data[0] == _FORMAT else None

    def _write(self, entry: Path, value: Any) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
            temp.write_bytes(marshal.dumps((_FORMAT, value)))
            os.replace(temp, entry)
        except (OSError, ValueError):
            pass  # a read-only or full cache only costs a compile next time

    def scan(self, dirs: list[str]) -> dict[str, str]:
        """{module: file} of the folders, the first folder holding a module winning."""
        found: dict[str, str] = {}
        for folder in dirs:
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            entry_path = self._entry("dir", folder)
            known = self._read(entry_path) or {}
            seen: dict[str, tuple[int, int, str | None]] = {}
            for entry in entries:
                if entry.name.startswith(".") or entry.name.endswith("~"):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    stat = entry.stat()
                except OSError:
                    continue
                key = self._stats[entry.path] = (stat.st_size, stat.st_mtime_ns)
                old = known.get(entry.name)
                module = old[2] if old and (old[0], old[1]) == key else module_of(entry.path)
                seen[entry.name] = (*key, module)
                if module is not None:
                    found.setdefault(module, entry.path)
            if seen != known:
                self._write(entry_path, seen)
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
        data = self._read(self._entry("mib", path))
        if not data or data[0] != self.state(path):
            return None
        if any(state(module) != then for module, then in data[1]):
            return None
        record: ModuleRecord = data[2]
        return record

    def store(self, path: str, record: ModuleRecord, depends: Mapping[str, FileState]) -> None:
        """Keep the record of a file, compiled from its text and the modules of `depends`
        (by name: where each was when it was read)."""
        state = self.state(path)
        if state is not None:
            self._write(self._entry("mib", path), (state, sorted(depends.items()), record))
