"""`ClosedError`: apart from `_errors`, since its base class is anyio's.

The blocking session imports it only when it raises it, so a command without an
event loop never imports anyio.
"""

from __future__ import annotations

import anyio

from ._errors import SnmpError

__all__ = ("ClosedError",)


class ClosedError(SnmpError, anyio.ClosedResourceError):
    """The socket a request waited on was closed (its session or `Manager` ended).

    Also an `anyio.ClosedResourceError`, as raised before.
    """
