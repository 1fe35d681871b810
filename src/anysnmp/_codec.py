"""Binds the C++ core to the package: registers error classes and sentinels."""

from __future__ import annotations

import enum

from . import _core
from ._errors import DecodeError, EncodeError, OidNotIncreasingError, UsageError
from ._registry import check_enum, numbers
from ._types import SmiException

__all__ = ("PduType", "core")

_core.register(
    decode_error=DecodeError,
    encode_error=EncodeError,
    oid_not_increasing_error=OidNotIncreasingError,
    usage_error=UsageError,
    no_such_object=SmiException.NO_SUCH_OBJECT,
    no_such_instance=SmiException.NO_SUCH_INSTANCE,
    end_of_mib_view=SmiException.END_OF_MIB_VIEW,
)

core = _core


_PDU_TYPES = numbers("PduType", _core.pdu_types())


class PduType(enum.IntEnum):
    """BER tags of the SNMP PDUs (numbers from the C++ core's registry)."""

    GET = _PDU_TYPES["GET"]
    GETNEXT = _PDU_TYPES["GETNEXT"]
    RESPONSE = _PDU_TYPES["RESPONSE"]
    SET = _PDU_TYPES["SET"]
    TRAP_V1 = _PDU_TYPES["TRAP_V1"]
    GETBULK = _PDU_TYPES["GETBULK"]
    INFORM = _PDU_TYPES["INFORM"]
    TRAP_V2 = _PDU_TYPES["TRAP_V2"]
    REPORT = _PDU_TYPES["REPORT"]


check_enum(PduType, _PDU_TYPES)
