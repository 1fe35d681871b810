"""The compact forms shared by the compiler, the cache and the tree."""

from __future__ import annotations

from typing import Any, TypeAlias

__all__ = ("MibWarning", "ModuleRecord", "Syntax")

#: (type name, named numbers or None, sizes [(min, max)] or None, value ranges or None)
Syntax: TypeAlias = (
    "tuple[str, dict[str, int] | None, list[tuple[int, int]] | None, list[tuple[int, int]] | None]"
)

#: One compiled module: see `_compile`.
ModuleRecord: TypeAlias = "dict[str, Any]"


class MibWarning(UserWarning):
    """A MIB module that loads only in part, or not at all (the others load)."""
