"""anysnmp: fast SNMP v1/v2c/v3 for asyncio and trio.

A C++ core encodes and decodes BER and does the SNMPv3 security; an anyio
layer does the I/O, so the same code runs under asyncio and trio. This
namespace holds what applications need; `anysnmp.lowlevel` the protocol-level
pieces experts use (PDU types, BER tags, engines, raw agent datagrams).

Names are imported when first used (PEP 562): ``import anysnmp`` loads none of
the I/O layer, so a command or a script pays only for what it uses.
"""

from __future__ import annotations

import typing

from ._exports import lazy_exports as _lazy_exports

if typing.TYPE_CHECKING:
    from . import lowlevel as lowlevel
    from . import sync as sync
    from ._address import TransportAddress as TransportAddress
    from ._agent import Agent as Agent
    from ._closed import ClosedError as ClosedError
    from ._errors import AddressError as AddressError
    from ._errors import ArgumentTypeError as ArgumentTypeError
    from ._errors import AuthError as AuthError
    from ._errors import ConfigurationError as ConfigurationError
    from ._errors import DecodeError as DecodeError
    from ._errors import DecryptionError as DecryptionError
    from ._errors import EncodeError as EncodeError
    from ._errors import ErrorStatusError as ErrorStatusError
    from ._errors import FramingError as FramingError
    from ._errors import MibError as MibError
    from ._errors import NetworkError as NetworkError
    from ._errors import NoSuchInstance as NoSuchInstance
    from ._errors import NotInTimeWindowError as NotInTimeWindowError
    from ._errors import OidNotIncreasingError as OidNotIncreasingError
    from ._errors import RecordingError as RecordingError
    from ._errors import ResolutionError as ResolutionError
    from ._errors import SnmpError as SnmpError
    from ._errors import TimeoutError as TimeoutError
    from ._errors import UnknownEngineIdError as UnknownEngineIdError
    from ._errors import UnknownNameError as UnknownNameError
    from ._errors import UnknownUserNameError as UnknownUserNameError
    from ._errors import UnsupportedSecurityLevelError as UnsupportedSecurityLevelError
    from ._errors import UsageError as UsageError
    from ._errors import WrongDigestError as WrongDigestError
    from ._manager import Manager as Manager
    from ._mib._format import MibFormatter as MibFormatter
    from ._mib._mib import Mib as Mib
    from ._mib._node import MibNode as MibNode
    from ._mib._records import MibWarning as MibWarning
    from ._mibview import MibView as MibView
    from ._notify import Notification as Notification
    from ._notify import NotificationReceiver as NotificationReceiver
    from ._notify import send_inform as send_inform
    from ._notify import send_trap as send_trap
    from ._policer import BasePolicer as BasePolicer
    from ._policer import RPSPolicer as RPSPolicer
    from ._poll import PollResult as PollResult
    from ._poll import poll as poll
    from ._responder import CommandResponder as CommandResponder
    from ._session import SnmpSession as SnmpSession
    from ._types import Counter32 as Counter32
    from ._types import Counter64 as Counter64
    from ._types import Gauge32 as Gauge32
    from ._types import Integer as Integer
    from ._types import IpAddress as IpAddress
    from ._types import Null as Null
    from ._types import ObjectIdentifier as ObjectIdentifier
    from ._types import OctetString as OctetString
    from ._types import Opaque as Opaque
    from ._types import SnmpVersion as SnmpVersion
    from ._types import TimeTicks as TimeTicks
    from ._usm import Aes128Key as Aes128Key
    from ._usm import Aes192Key as Aes192Key
    from ._usm import Aes256Key as Aes256Key
    from ._usm import BaseAuthKey as BaseAuthKey
    from ._usm import BaseKey as BaseKey
    from ._usm import BasePrivKey as BasePrivKey
    from ._usm import DesKey as DesKey
    from ._usm import KeyExpansion as KeyExpansion
    from ._usm import KeyType as KeyType
    from ._usm import Md5Key as Md5Key
    from ._usm import Sha1Key as Sha1Key
    from ._usm import Sha224Key as Sha224Key
    from ._usm import Sha256Key as Sha256Key
    from ._usm import Sha384Key as Sha384Key
    from ._usm import Sha512Key as Sha512Key
    from ._usm import User as User

    #: The installed distribution's version (pyproject.toml's).
    __version__: str

#: The private module of each public name, imported when one of its names is first used.
_SOURCES: dict[str, tuple[str, ...]] = {
    "_address": ("TransportAddress",),
    "_agent": ("Agent",),
    "_closed": ("ClosedError",),
    "_errors": (
        "AddressError",
        "ArgumentTypeError",
        "AuthError",
        "ConfigurationError",
        "DecodeError",
        "DecryptionError",
        "EncodeError",
        "ErrorStatusError",
        "FramingError",
        "MibError",
        "NetworkError",
        "NoSuchInstance",
        "NotInTimeWindowError",
        "OidNotIncreasingError",
        "RecordingError",
        "ResolutionError",
        "SnmpError",
        "TimeoutError",
        "UnknownEngineIdError",
        "UnknownNameError",
        "UnknownUserNameError",
        "UnsupportedSecurityLevelError",
        "UsageError",
        "WrongDigestError",
    ),
    "_manager": ("Manager",),
    "_mib._format": ("MibFormatter",),
    "_mib._mib": ("Mib",),
    "_mib._node": ("MibNode",),
    "_mib._records": ("MibWarning",),
    "_mibview": ("MibView",),
    "_notify": (
        "Notification",
        "NotificationReceiver",
        "send_inform",
        "send_trap",
    ),
    "_policer": (
        "BasePolicer",
        "RPSPolicer",
    ),
    "_poll": (
        "PollResult",
        "poll",
    ),
    "_responder": ("CommandResponder",),
    "_session": ("SnmpSession",),
    "_types": (
        "Counter32",
        "Counter64",
        "Gauge32",
        "Integer",
        "IpAddress",
        "Null",
        "ObjectIdentifier",
        "OctetString",
        "Opaque",
        "SnmpVersion",
        "TimeTicks",
    ),
    "_usm": (
        "Aes128Key",
        "Aes192Key",
        "Aes256Key",
        "BaseAuthKey",
        "BaseKey",
        "BasePrivKey",
        "DesKey",
        "KeyExpansion",
        "KeyType",
        "Md5Key",
        "Sha1Key",
        "Sha224Key",
        "Sha256Key",
        "Sha384Key",
        "Sha512Key",
        "User",
    ),
}

__all__ = (
    "AddressError",
    "Aes128Key",
    "Aes192Key",
    "Aes256Key",
    "Agent",
    "ArgumentTypeError",
    "AuthError",
    "BaseAuthKey",
    "BaseKey",
    "BasePolicer",
    "BasePrivKey",
    "ClosedError",
    "CommandResponder",
    "ConfigurationError",
    "Counter32",
    "Counter64",
    "DecodeError",
    "DecryptionError",
    "DesKey",
    "EncodeError",
    "ErrorStatusError",
    "FramingError",
    "Gauge32",
    "Integer",
    "IpAddress",
    "KeyExpansion",
    "KeyType",
    "Manager",
    "Md5Key",
    "Mib",
    "MibError",
    "MibFormatter",
    "MibNode",
    "MibView",
    "MibWarning",
    "NetworkError",
    "NoSuchInstance",
    "NotInTimeWindowError",
    "Notification",
    "NotificationReceiver",
    "Null",
    "ObjectIdentifier",
    "OctetString",
    "OidNotIncreasingError",
    "Opaque",
    "PollResult",
    "RPSPolicer",
    "RecordingError",
    "ResolutionError",
    "Sha1Key",
    "Sha224Key",
    "Sha256Key",
    "Sha384Key",
    "Sha512Key",
    "SnmpError",
    "SnmpSession",
    "SnmpVersion",
    "TimeTicks",
    "TimeoutError",
    "TransportAddress",
    "UnknownEngineIdError",
    "UnknownNameError",
    "UnknownUserNameError",
    "UnsupportedSecurityLevelError",
    "UsageError",
    "User",
    "WrongDigestError",
    "poll",
    "send_inform",
    "send_trap",
)

if not typing.TYPE_CHECKING:  # type checkers see the imports above
    __getattr__, __dir__ = _lazy_exports(
        __name__, globals(), _SOURCES, submodules=("lowlevel", "sync")
    )
