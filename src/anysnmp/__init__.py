"""anysnmp: fast SNMP for asyncio and trio."""
from ._codec import core as _core_module  # noqa: F401  registers errors with the C++ core
