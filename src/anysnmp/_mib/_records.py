"""The compact forms shared by the compiler, the cache and the tree."""

from __future__ import annotations

from typing import Any, TypeAlias

__all__ = ("UNSAVED_DESCRIPTION", "UPPER_BOUND", "MibWarning", "ModuleRecord", "Syntax")

#: What Net-SNMP's parser says of a DESCRIPTION not followed by a string, which it reads as
#: a string only while it keeps descriptions (snmptranslate's ``-Td``, ``-Pd``).
UNSAVED_DESCRIPTION = "DESCRIPTION must be string"
#: What Net-SNMP's parse_ranges says (with -Pw) of an upper bound past strtoul's range.
UPPER_BOUND = "Warning: Upper bound not handled correctly"

#: (type name, named numbers or None, sizes [(min, max)] or None, value ranges or None)
Syntax: TypeAlias = (
    "tuple[str, dict[str, int] | None, list[tuple[int, int]] | None, list[tuple[int, int]] | None]"
)

#: One compiled module: see `_compile`.
ModuleRecord: TypeAlias = "dict[str, Any]"


class MibWarning(UserWarning):
    """A MIB module that loads only in part, or not at all (the others load)."""
