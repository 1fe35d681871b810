"""Binds the C++ core to the package: registers error classes and sentinels."""

from __future__ import annotations

import enum

from . import _core
from ._errors import DecodeError, EncodeError, OidNotIncreasingError
from ._types import SmiException

__all__ = ("PduType", "core")

_core.register(
    decode_error=DecodeError,
    encode_error=EncodeError,
    oid_not_increasing_error=OidNotIncreasingError,
    no_such_object=SmiException.NO_SUCH_OBJECT,
    no_such_instance=SmiException.NO_SUCH_INSTANCE,
    end_of_mib_view=SmiException.END_OF_MIB_VIEW,
)

core = _core


class PduType(enum.IntEnum):
    """BER tags of the SNMP PDUs."""

    GET = 0xA0
    GETNEXT = 0xA1
    RESPONSE = 0xA2
    SET = 0xA3
    TRAP_V1 = 0xA4
    GETBULK = 0xA5
    INFORM = 0xA6
    TRAP_V2 = 0xA7
    REPORT = 0xA8
