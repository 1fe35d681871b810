"""The compiled-MIB cache: one file per MIB file, keyed by its path, size and mtime.

The cache lives in ``$XDG_CACHE_HOME/anysnmp/mibs`` (``~/.cache/anysnmp/mibs``)
unless told otherwise. Entries are `marshal` data: fast to load, no parser
needed, and an entry whose source file changed is simply compiled again.
A folder's scan (file -> module name) is cached the same way.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from ._records import ModuleRecord
from ._search import module_of

__all__ = ("MibCache", "default_cache_dir")

#: Bumped whenever the record format changes: older entries are then ignored.
_FORMAT = 6


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
                key = (stat.st_size, stat.st_mtime_ns)
                old = known.get(entry.name)
                module = old[2] if old and (old[0], old[1]) == key else module_of(entry.path)
                seen[entry.name] = (*key, module)
                if module is not None:
                    found.setdefault(module, entry.path)
            if seen != known:
                self._write(entry_path, seen)
        return found

    def load(self, path: str) -> ModuleRecord | None:
        """The compiled record of a file, None when absent or stale."""
        key = _stat_key(path)
        data = self._read(self._entry("mib", path))
        if key is None or not data or (data[0], data[1], data[2]) != (path, *key):
            return None
        record: ModuleRecord = data[3]
        return record

    def store(self, path: str, record: ModuleRecord) -> None:
        """Keep the record of a file (under the file's current size and mtime)."""
        key = _stat_key(path)
        if key is not None:
            self._write(self._entry("mib", path), (path, *key, record))
