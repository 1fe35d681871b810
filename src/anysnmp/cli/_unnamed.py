"""snmp.conf's ``oidOutputFormat`` of no OID form (6, or any value but 0-5): Net-SNMP's
tools then print every OID, a varbind's and an OID value alike, as nothing."""

from __future__ import annotations

from typing import Any

from .._mib._format import MibFormatter

__all__ = ("UnnamedFormatter",)


class UnnamedFormatter(MibFormatter):
    """Varbinds with no OID: `` = STRING: x`` (``-Oq``: `` x``), ``OID: `` values."""

    def oid(self, oid: str) -> str:
        return ""

    def varbind(self, oid: str, tag: int, value: Any) -> str:
        text = self.value(oid, tag, value)
        return text if self.values_only else self.separator + text
