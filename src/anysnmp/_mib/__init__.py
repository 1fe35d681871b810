"""MIBs: loading (pysmi once, then a compact cache), names <-> OIDs, formatting."""

from __future__ import annotations

from ._format import MibFormatter as MibFormatter
from ._mib import Mib as Mib
from ._node import MibNode as MibNode
from ._records import MibWarning as MibWarning

__all__ = ("Mib", "MibFormatter", "MibNode", "MibWarning")
