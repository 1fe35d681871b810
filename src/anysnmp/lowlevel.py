"""What experts use beyond the top level: protocol numbers, raw datagrams, engines, key changes.

``anysnmp`` keeps what an application needs (sessions, the agent, notifications,
users and keys, typed values, errors). This namespace holds the pieces below
them: the BER tags and PDU types of the typed API (``SnmpSession.request``,
``get_typed``, ``walk(..., typed=True)``, ``walk_batches``), the error-statuses,
the stream type of ``SnmpSession.walk``, the datagrams an ``Agent`` handler
receives, the values of received notifications that no typed value holds, the SNMPv3
engine of agents and notification receivers, and the KeyChange computation of RFC 3414;
and the sans-IO session core under both sessions (``SessionCore``, ``WalkPlan``,
``WalkEnd``) and the managers' base.
"""

from __future__ import annotations

from ._agent import Request as Request
from ._codec import PduType as PduType
from ._engine import LocalEngine as LocalEngine
from ._engine import UsmStats as UsmStats
from ._engine import generate_engine_id as generate_engine_id
from ._errors import ErrorStatus as ErrorStatus
from ._exports import fix_module_names as _fix_module_names
from ._manager import ManagerBase as ManagerBase
from ._protocol._session import SessionCore as SessionCore
from ._protocol._walk import WalkEnd as WalkEnd
from ._protocol._walk import WalkPlan as WalkPlan
from ._types import ReceivedValue as ReceivedValue
from ._types import SmiException as SmiException
from ._types import Tag as Tag
from ._usm import apply_key_change as apply_key_change
from ._usm import key_change as key_change
from ._walk import WalkResults as WalkResults

__all__ = (
    "ErrorStatus",
    "LocalEngine",
    "ManagerBase",
    "PduType",
    "ReceivedValue",
    "Request",
    "SessionCore",
    "SmiException",
    "Tag",
    "UsmStats",
    "WalkEnd",
    "WalkPlan",
    "WalkResults",
    "apply_key_change",
    "generate_engine_id",
    "key_change",
)

_fix_module_names(__name__, globals(), __all__)
