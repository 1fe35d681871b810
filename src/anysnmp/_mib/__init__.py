"""MIBs: loading (pysmi once, then a compact cache), names <-> OIDs, formatting.

`_mib.Mib` loads and looks up, `_format.MibFormatter` prints; each is imported
where it is used (numeric output needs the formatter, not the loader).
"""

from __future__ import annotations

from .._errors import ArgumentTypeError

__all__ = ("check_mib",)


def check_mib(mib: object) -> None:
    """Raises `ArgumentTypeError` when `mib` (a ``mib=`` argument) is neither None nor a
    `Mib` (``mib="IF-MIB"``); the loader is imported only then, where it is loaded already."""
    if mib is None:
        return
    from ._mib import Mib

    if not isinstance(mib, Mib):
        raise ArgumentTypeError(
            f"mib= takes the MIBs loaded: mib=anysnmp.Mib.load([...]), not {type(mib).__name__}"
        )
