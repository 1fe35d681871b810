"""A MibView given MIBs does what SNMPv2-TC says SETs of TestAndIncr and RowStatus objects
do (RFC 2579), with the error-statuses Net-SNMP's snmpd answers for its own (spin locks,
snmpTargetAddrTable)."""

from __future__ import annotations

import anyio
import pytest
from agent_helpers import serve
from mib_helpers import MIB_TOOL_ENV, netsnmp_command
from peers import Snmpd

from anysnmp import ErrorStatusError, Integer, Mib, MibView, OctetString, SnmpSession
from anysnmp._types import TypedValue

pytestmark = pytest.mark.anyio

#: TestAndIncr objects snmpd serves (and no host's state hangs on).
SPIN_LOCKS = ["snmpTargetSpinLock.0", "usmUserSpinLock.0", "vacmViewSpinLock.0"]
#: A row of snmpTargetAddrTable no other test uses: its name "rows", IMPLIED.
ROW = ".114.111.119.115"
STATUS = f"SNMP-TARGET-MIB::snmpTargetAddrRowStatus{ROW}"
TABLE = "SNMP-TARGET-MIB::snmpTargetAddrTable"


async def _tool(tool: str, target: str, *args: str) -> str:
    command = netsnmp_command(tool, "-Ir", "-v2c", "-c", "private", target, *args)
    with anyio.fail_after(60):
        done = await anyio.run_process(command, env=MIB_TOOL_ENV, check=False)
    return f"{done.returncode}\n{done.stdout.decode()}{done.stderr.decode()}"


async def _current(target: str, oid: str) -> int:
    command = netsnmp_command("snmpget", "-Oqv", "-v2c", "-c", "private", target, oid)
    with anyio.fail_after(60):
        done = await anyio.run_process(command, env=MIB_TOOL_ENV)
    return int(done.stdout.decode().split()[-1])


@pytest.mark.parametrize("lock", SPIN_LOCKS)
async def test_test_and_incr_takes_its_value_only_then_counts_on_as_snmpd(
    mib: Mib, snmpd: Snmpd, lock: str
) -> None:
    """A value other than the current one: inconsistentValue; the current one: noError
    (the response echoes it), and the object holds one more."""
    value = await _current(snmpd.target, lock)
    view = MibView({lock: value}, writable=True, mib=mib)
    sets = [value + 1, value, value, value + 1]
    async with serve(view, communities={"private": "rw"}) as (target, _):
        ours = [await _tool("snmpset", target, lock, "i", str(sent)) for sent in sets]
        held = await _current(target, lock)
    theirs = [await _tool("snmpset", snmpd.target, lock, "i", str(sent)) for sent in sets]
    assert ours == theirs
    assert [out[0] for out in ours] == ["2", "0", "2", "0"]
    assert "inconsistentValue" in ours[0]
    assert held == await _current(snmpd.target, lock) == value + 2


async def test_test_and_incr_wraps_to_zero(mib: Mib) -> None:
    view = MibView({"snmpSetSerialNo.0": 2147483647}, writable=True, mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        out = await _tool("snmpset", target, "snmpSetSerialNo.0", "i", "2147483647")
    assert out.startswith("0\n") and view["snmpSetSerialNo.0"] == Integer(0)


#: RowStatus SETs of a row of snmpTargetAddrTable, in turn, from no row to none: answered
#: alike by snmpd (whose rows createAndWait makes are notReady, ours notInService).
ROW_SETS = [
    "1",  # active, no row: inconsistentValue
    "2",  # notInService, no row: inconsistentValue
    "3",  # notReady: wrongValue, always
    "7",  # no such status: wrongValue
    "6",  # destroy, no row: noError
    "5",  # createAndWait: noError
    "5",  # again: inconsistentValue
    "4",  # createAndGo of a row that exists: inconsistentValue
    "3",
    "6",  # destroy: noError, no row
    "6",
]


async def test_row_status_changes_answer_as_snmpd(mib: Mib, snmpd: Snmpd) -> None:
    view = MibView({"sysDescr.0": "rows"}, writable=[TABLE], mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        ours = [await _tool("snmpset", target, STATUS, "i", value) for value in ROW_SETS]
        gone = await _tool("snmpget", target, STATUS)
    theirs = [await _tool("snmpset", snmpd.target, STATUS, "i", value) for value in ROW_SETS]
    assert ours == theirs
    assert [out[0] for out in ours] == ["2", "2", "2", "2", "0", "0", "2", "2", "2", "0", "0"]
    assert "No Such" in gone and "No Such Instance" in await _tool("snmpget", snmpd.target, STATUS)
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_a_not_ready_row_is_neither_activated_nor_taken_out_of_service_as_snmpd(
    mib: Mib, snmpd: Snmpd
) -> None:
    """RFC 2579: active or notInService of a notReady row the PDU does not complete is
    inconsistentValue (snmpd's row after createAndWait lacks its address: notReady)."""
    view = MibView({STATUS: 3}, writable=[TABLE], mib=mib)
    sets = ["1", "2", "6"]
    async with serve(view, communities={"private": "rw"}) as (target, _):
        ours = [await _tool("snmpset", target, STATUS, "i", value) for value in sets]
    assert (await _tool("snmpset", snmpd.target, STATUS, "i", "5")).startswith("0\n")
    theirs = [await _tool("snmpset", snmpd.target, STATUS, "i", value) for value in sets]
    assert ours == theirs
    assert [out[0] for out in ours] == ["2", "2", "0"] and "inconsistentValue" in ours[0]
    assert view.oids() == []


COLUMNS: dict[str, TypedValue] = {
    "snmpTargetAddrTimeout": Integer(300),
    "snmpTargetAddrTagList": OctetString("edge"),
}


def _row(name: str) -> str:
    return f"SNMP-TARGET-MIB::{name}{ROW}"


async def test_a_row_is_created_changed_and_destroyed(mib: Mib) -> None:
    """createAndGo creates the row's status (active) and the columns set with it; a column
    of a row that exists is created; destroy removes every instance of the row."""
    view = MibView({"sysDescr.0": "rows"}, writable=[TABLE], mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            columns: dict[str, TypedValue] = {_row(name): v for name, v in COLUMNS.items()}
            await s.set_many({**columns, STATUS: Integer(4)})
            assert view[STATUS] == Integer(1)
            assert {oid: view[oid] for oid in columns} == columns
            for value, held in ((2, 2), (1, 1)):  # notInService, active
                await s.set(STATUS, Integer(value))
                assert view[STATUS] == Integer(held)
            await s.set(_row("snmpTargetAddrRetryCount"), Integer(2))  # the row exists
            assert view[_row("snmpTargetAddrRetryCount")] == Integer(2)
            await s.set(STATUS, Integer(6))
            assert view.oids() == [mib.oid("sysDescr.0")]
            await s.set(STATUS, Integer(5))  # createAndWait
            assert view[STATUS] == Integer(2)


#: SETs refused, (OID, value, error-status and index); nothing of them written.
REFUSED: list[tuple[dict[str, TypedValue], str, int]] = [
    # a column of a row that does not exist, and that the SET does not create
    ({_row("snmpTargetAddrTimeout"): Integer(300)}, "noCreation", 1),
    # created with a row, a column's value is still checked
    ({_row("snmpTargetAddrTimeout"): Integer(-1), STATUS: Integer(4)}, "wrongValue", 1),
    ({STATUS: OctetString("x")}, "wrongType", 1),
    ({"sysDescr.0": OctetString("x")}, "notWritable", 1),
    # a status outside the writable subtrees: as any object, notWritable
    ({"SNMP-TARGET-MIB::snmpTargetParamsRowStatus.1": Integer(4)}, "notWritable", 1),
]


@pytest.mark.parametrize(("sets", "status", "index"), REFUSED, ids=lambda v: str(v)[:40])
async def test_row_sets_are_refused(
    mib: Mib, sets: dict[str, TypedValue], status: str, index: int
) -> None:
    view = MibView({"sysDescr.0": "rows"}, writable=[TABLE], mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            with pytest.raises(ErrorStatusError) as refused:
                await s.set_many(sets)
    assert (refused.value.status_name, refused.value.index) == (status, index)
    assert view.oids() == [mib.oid("sysDescr.0")]
