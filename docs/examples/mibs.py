"""MIBs: names in, Net-SNMP's text out, table indexes decoded.

`Mib.load` compiles the MIB files once (with pysmi) into a cache; later loads
read the cache and need no parser. A session given the Mib takes names where it
takes OIDs; its results stay numeric OIDs and plain values: names are added
where they are wanted (a formatter, `mib.name`, `table(..., names=True)`).
"""

from __future__ import annotations

import os
import sys

import anyio

import anysnmp

HOST, _, PORT = os.environ.get("ANYSNMP_AGENT", "127.0.0.1:1161").rpartition(":")
# A search path as Net-SNMP's -M takes it (default: ~/.snmp/mibs:/usr/share/snmp/mibs:...).
MIB_DIRS = sys.argv[1] if len(sys.argv) > 1 else None


async def main() -> None:
    mib = anysnmp.Mib.load(["IF-MIB"], dirs=MIB_DIRS)
    print(mib.oid("IF-MIB::ifDescr.1"), mib.name("1.3.6.1.2.1.2.2.1.2.1"))
    node = mib.node("ifOperStatus")
    print(node.module, node.syntax, node.access, node.enums)

    fmt = mib.formatter()  # Net-SNMP's default form; mib.formatter("s") is like -Os
    # With mib=, every method that takes an OID takes a name; results stay numeric.
    async with anysnmp.SnmpSession(HOST, int(PORT), mib=mib) as session:
        print(await session.get_many(["ifDescr.1", "IF-MIB::ifType.1"]))
        async with session.walk("ifType", typed=True) as results:
            async for oid, tag, value in results:
                print(fmt.varbind(oid, tag, value), "index", mib.index(oid))
                break
        ((oid, tag, value),) = await session.request(
            anysnmp.lowlevel.PduType.GET, ["IF-MIB::ifPhysAddress.2"]
        )
        print(fmt.varbind(oid, tag, value))
        # names=True: columns by name, rows by the INDEX clause's values.
        table = await session.table("IF-MIB::ifTable", names=True)
        index, row = next(iter(table.items()))
        print(f"ifTable: {len(table)} rows, {index}: {row['ifDescr']!r} type {row['ifType']!r}")


anyio.run(main)
