"""The blocking API: ``from anysnmp.sync import SnmpSession``.

``with SnmpSession("192.0.2.1") as s: s.get("1.3.6.1.2.1.1.5.0")``: the
async session's arguments, methods and errors, as plain calls; walks are
plain iterators. `send_trap` and `send_inform` are the blocking notification
senders. No event loop is involved.
"""

from __future__ import annotations

from ._exports import fix_module_names as _fix_module_names
from ._sync import Manager as Manager
from ._sync import SnmpSession as SnmpSession
from ._sync_notify import send_inform as send_inform
from ._sync_notify import send_trap as send_trap

__all__ = ("Manager", "SnmpSession", "send_inform", "send_trap")

_fix_module_names(__name__, globals(), __all__)
