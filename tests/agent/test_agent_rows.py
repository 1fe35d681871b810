"""A MibView given MIBs does what SNMPv2-TC says SETs of TestAndIncr and RowStatus objects
do (RFC 2579), with the error-statuses Net-SNMP's snmpd answers for its own (spin locks,
snmpTargetAddrTable)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import anyio
import pytest
from agent_helpers import serve
from mib_helpers import MIB_TOOL_ENV, ROWS_MIB, netsnmp_command, require_test_mibs
from peers import Snmpd

from anysnmp import (
    ConfigurationError,
    ErrorStatusError,
    Integer,
    IpAddress,
    Mib,
    MibView,
    MibWarning,
    ObjectIdentifier,
    OctetString,
    SnmpSession,
)
from anysnmp._mibview import MAX_ROWS
from anysnmp._types import TypedValue

pytestmark = pytest.mark.anyio

#: TestAndIncr objects snmpd serves (and no host's state hangs on).
SPIN_LOCKS = ["snmpTargetSpinLock.0", "usmUserSpinLock.0", "vacmViewSpinLock.0"]
#: A row of snmpTargetAddrTable no other test uses: its name "rows", IMPLIED.
ROW = ".114.111.119.115"
STATUS = f"SNMP-TARGET-MIB::snmpTargetAddrRowStatus{ROW}"
TABLE = "SNMP-TARGET-MIB::snmpTargetAddrTable"


async def _tool(tool: str, *args: str, target: str = "", options: Sequence[str] = ()) -> str:
    """`tool` run against `target` (or the first of `args`): its exit status and output."""
    where = [target] if target else []
    command = netsnmp_command(tool, *options, "-Ir", "-v2c", "-c", "private", *where, *args)
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


@pytest.mark.parametrize("lock", SPIN_LOCKS)
async def test_a_test_and_incr_named_twice_takes_the_value_it_held_before_as_snmpd(
    mib: Mib, snmpd: Snmpd, lock: str
) -> None:
    """RFC 3416 4.2.5: a SET's varbinds take effect as if at once, each TestAndIncr varbind
    compared with the value held before the SET: its current value twice is noError, a
    second of one more inconsistentValue (nothing written); the object then holds one more
    (snmpd's snmpTargetSpinLock and vacmViewSpinLock two more, its usmUserSpinLock one)."""
    value = await _current(snmpd.target, lock)
    view = MibView({lock: value}, writable=True, mib=mib)
    sets = [(value, value + 1), (value, value)]
    commands = [_set(*(f"{lock} i {sent}" for sent in pair)) for pair in sets]
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["2", "0"] and "inconsistentValue" in ours[0]
    assert view[lock] == Integer(value + 1)


async def test_test_and_incr_wraps_to_zero(mib: Mib) -> None:
    view = MibView({"snmpSetSerialNo.0": 2147483647}, writable=True, mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        out = await _tool("snmpset", target, "snmpSetSerialNo.0", "i", "2147483647")
    assert out.startswith("0\n") and view["snmpSetSerialNo.0"] == Integer(0)


#: RowStatus SETs of a row of snmpTargetAddrTable, in turn, from no row to none: answered
#: alike by snmpd (a row createAndWait makes lacks its address and params: notReady).
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


#: A row of snmpTargetAddrTable: the columns it needs (no DEFVAL), and one of a DEFVAL.
COLUMNS: dict[str, TypedValue] = {
    "snmpTargetAddrTDomain": ObjectIdentifier("1.3.6.1.6.1.1"),
    "snmpTargetAddrTAddress": OctetString(b"\x7f\x00\x00\x01\x00\xa2"),
    "snmpTargetAddrParams": OctetString("edge"),
    "snmpTargetAddrTagList": OctetString("edge"),
}


def _row(name: str) -> str:
    return f"SNMP-TARGET-MIB::{name}{ROW}"


async def test_a_row_is_created_changed_and_destroyed(mib: Mib) -> None:
    """createAndGo creates the row's status (active), the columns set with it and the others'
    DEFVALs; a column of a row that exists is created; destroy removes every instance of the
    row."""
    view = MibView({"sysDescr.0": "rows"}, writable=[TABLE], mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            columns: dict[str, TypedValue] = {_row(name): v for name, v in COLUMNS.items()}
            await s.set_many({**columns, STATUS: Integer(4)})
            assert view[STATUS] == Integer(1)
            assert {oid: view[oid] for oid in columns} == columns
            assert view[_row("snmpTargetAddrRetryCount")] == Integer(3)  # its DEFVAL
            for value, held in ((2, 2), (1, 1)):  # notInService, active
                await s.set(STATUS, Integer(value))
                assert view[STATUS] == Integer(held)
            await s.set(_row("snmpTargetAddrRetryCount"), Integer(2))  # the row exists
            assert view[_row("snmpTargetAddrRetryCount")] == Integer(2)
            await s.set(STATUS, Integer(6))
            assert view.oids() == [mib.oid("sysDescr.0")]
            await s.set_many({**columns, STATUS: Integer(5)})  # createAndWait: ready
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


PARAMS = "SNMP-TARGET-MIB::snmpTargetParams"
NOTIFY = "SNMP-NOTIFICATION-MIB::snmpNotify"
ACCESS = "SNMP-VIEW-BASED-ACM-MIB::vacmAccess"
GROUPS = "SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroup"


def _set(*assignments: str) -> list[str]:
    """An snmpset command line's arguments: each assignment ``OID TYPE VALUE``."""
    return ["snmpset", *(word for assignment in assignments for word in assignment.split(" "))]


async def _alike(view: MibView, snmpd: Snmpd, commands: list[list[str]]) -> list[str]:
    """Runs each command (a tool and its arguments) against `view` served, then against
    snmpd, asserting the same exit status and output; returns ours."""
    async with serve(view, communities={"private": "rw"}) as (target, _):
        ours = [await _tool(tool, target, *args) for tool, *args in commands]
    theirs = [await _tool(tool, snmpd.target, *args) for tool, *args in commands]
    assert ours == theirs
    return ours


def _name(prefix: str, backend: str) -> str:
    """An IMPLIED string index no other test (nor the other backend's run) uses."""
    return ".".join(str(octet) for octet in f"{prefix}{backend}".encode())


async def test_a_row_waits_not_ready_until_its_needed_columns_are_set_as_snmpd(
    mib: Mib, snmpd: Snmpd, anyio_backend: str
) -> None:
    """RFC 2579: a row createAndWait makes lacking a read-create column of no DEFVAL is
    notReady, its DEFVALs set; it cannot be activated nor taken out of service; once every
    such column is set it is notInService (snmpTargetParamsTable: four columns needed)."""
    row = _name("wait-", anyio_backend)
    status, needed = f"{PARAMS}RowStatus.{row}", f"{PARAMS}MPModel.{row}"
    get = ["snmpget", status, f"{PARAMS}StorageType.{row}", needed]
    commands = [
        _set(f"{status} i 5"),
        get,
        _set(f"{status} i 1"),
        _set(f"{status} i 2"),
        _set(f"{needed} i 1", f"{PARAMS}SecurityModel.{row} i 2"),
        get,
        _set(f"{PARAMS}SecurityName.{row} s n", f"{PARAMS}SecurityLevel.{row} i 1"),
        get,
        _set(f"{status} i 1"),
        ["snmpget", status],
        _set(f"{status} i 6"),
    ]
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{PARAMS}Table"], mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["0", "0", "2", "2", "0", "0", "0", "0", "0", "0", "0"]
    assert "notReady(3)" in ours[1] and "nonVolatile(3)" in ours[1]
    assert "No Such Instance" in ours[1]  # a column the row lacks, of a table served
    assert "inconsistentValue" in ours[2] and "inconsistentValue" in ours[3]
    assert "notReady(3)" in ours[5] and "notInService(2)" in ours[7] and "active" in ours[9]
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_a_set_making_a_row_ready_may_activate_it_as_snmpd(
    mib: Mib, snmpd: Snmpd, anyio_backend: str
) -> None:
    """createAndGo of a row that would lack a needed column: inconsistentValue, no row
    (vacmSecurityToGroupTable needs vacmGroupName); createAndGo, active or notInService
    with the missing column in the same SET, before or after: done."""
    row = f'2."go-{anyio_backend}"'
    status, group = f"{GROUPS}Status.{row}", f"SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.{row}"
    commands = [
        _set(f"{status} i 4"),
        _set(f"{status} i 5"),
        _set(f"{status} i 1", f"{group} s grp"),
        ["snmpget", status],
        _set(f"{status} i 6"),
        _set(f"{status} i 5"),
        _set(f"{group} s grp", f"{status} i 2"),
        ["snmpget", status],
        _set(f"{status} i 6"),
        _set(f"{group} s grp", f"{status} i 4"),
        ["snmpget", status],
        _set(f"{status} i 6"),
    ]
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{GROUPS}Table"], mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["2", *"00000000000"]
    assert "inconsistentValue" in ours[0]
    assert "active(1)" in ours[3] and "notInService(2)" in ours[7] and "active(1)" in ours[10]
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_new_rows_take_their_defvals_and_active_rows_change_as_snmpd(
    mib: Mib, snmpd: Snmpd, anyio_backend: str
) -> None:
    """A row of snmpNotifyTable or vacmAccessTable (every read-create column of a DEFVAL)
    is ready at once: createAndWait makes it notInService, createAndGo active, each column
    its DEFVAL (an empty hex string, an enumeration's label); an active row's columns
    change (RFC 2579 leaves that to each MIB: these allow it)."""
    notify = _name("n-", anyio_backend)
    group = f'"g-{anyio_backend}"'
    access = f'{group}."".2.1'
    notified = [f"{NOTIFY}{column}.{notify}" for column in ("Tag", "Type", "StorageType")]
    accessed = [f"{ACCESS}{column}.{access}" for column in ("ContextMatch", "ReadViewName")]
    commands = [
        _set(f"{NOTIFY}RowStatus.{notify} i 5"),
        ["snmpget", *notified, f"{NOTIFY}RowStatus.{notify}"],
        _set(f"{ACCESS}Status.{access} i 4"),
        ["snmpget", *accessed, f"{ACCESS}StorageType.{access}", f"{ACCESS}Status.{access}"],
        _set(f"{NOTIFY}RowStatus.{notify} i 1"),
        _set(f"{NOTIFY}Tag.{notify} s edge", f"{NOTIFY}Type.{notify} i 2"),
        _set(f"{ACCESS}ContextMatch.{access} i 2", f"{ACCESS}ReadViewName.{access} s all"),
        ["snmpget", *notified[:2], *accessed, f"{ACCESS}Status.{access}"],
        _set(f"{NOTIFY}RowStatus.{notify} i 6", f"{ACCESS}Status.{access} i 6"),
    ]
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{NOTIFY}Table", f"{ACCESS}Table"], mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["0"] * len(commands)
    assert "trap(1)" in ours[1] and "nonVolatile(3)" in ours[1] and "notInService" in ours[1]
    assert "exact(1)" in ours[3] and "active(1)" in ours[3]
    assert "inform(2)" in ours[7] and "prefix(2)" in ours[7] and "STRING: all" in ours[7]
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_sets_a_row_refuses_as_snmpd(mib: Mib, snmpd: Snmpd, anyio_backend: str) -> None:
    """Wrong types and values of a RowStatus, or of a column created with its row; a GET
    of a row that does not exist is noSuchInstance (a table served)."""
    row = _name("w-", anyio_backend)
    status, kind = f"{NOTIFY}RowStatus.{row}", f"{NOTIFY}Type.{row}"
    commands = [
        _set(f"{status} s x"),
        _set(f"{status} u 4"),
        _set(f"{status} i 0"),
        _set(f"{kind} s x", f"{status} i 4"),
        _set(f"{kind} i 3", f"{status} i 4"),
        ["snmpget", status, kind],
    ]
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{NOTIFY}Table"], mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["2"] * (len(commands) - 1) + ["0"]
    assert ["wrongType" in ours[0], "wrongType" in ours[1], "wrongValue" in ours[2]] == [True] * 3
    assert "wrongType" in ours[3] and "wrongValue" in ours[4]
    assert ours[5].count("No Such Instance") == 2  # no row, in a table served
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_a_row_named_twice_or_destroyed_while_written_is_refused(mib: Mib) -> None:
    """A SET naming a row's RowStatus twice, or destroying a row it writes another column
    of: inconsistentValue at the later varbind, nothing written (snmpd 5.9.3 takes the
    first in turn, and dies of the second)."""
    row, other = _name("twice-", ""), _name("other-", "")
    status, tag = f"{NOTIFY}RowStatus.{row}", f"{NOTIFY}Tag.{row}"
    created = f"{NOTIFY}RowStatus.{other}"
    view = MibView({status: 1, tag: "kept"}, writable=[f"{NOTIFY}Table"], mib=mib)
    sets = [
        (f"{created} i 4", f"{created} i 4"),
        (f"{created} i 5", f"{created} i 6"),
        (f"{status} i 2", f"{status} i 1"),
        (f"{status} i 6", f"{tag} s gone"),
        (f"{tag} s gone", f"{status} i 6"),
        (f"{tag} s x", f"{created} i 4", f"{status} i 6"),
    ]
    async with serve(view, communities={"private": "rw"}) as (target, _):
        outs = [
            await _tool(*_set(*assignments), target=target, options=["-On"]) for assignments in sets
        ]
    for out, assignments in zip(outs, sets, strict=True):
        failed = mib.oid(assignments[-1].split()[0])
        assert out.startswith("2\n") and "inconsistentValue" in out
        assert f"Failed object: .{failed}\n" in out
    assert view.oids() == [mib.oid(tag), mib.oid(status)]
    assert view[status] == Integer(1) and view[tag] == OctetString("kept")


async def test_max_rows_bounds_the_rows_sets_create(mib: Mib) -> None:
    """A createAndGo or createAndWait that would give a table more than `max_rows` rows is
    resourceUnavailable (a SET creating several counts them all); other tables, and rows
    that exist, are not bounded by another's."""
    status = f"{NOTIFY}RowStatus"
    given = {f"{status}.1": 1}
    view = MibView(given, writable=[f"{NOTIFY}Table", f"{ACCESS}Table"], mib=mib, max_rows=3)
    answers = []
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            for sets in (
                {f"{status}.2": 4, f"{status}.3": 5, f"{status}.4": 4},
                {f"{status}.2": 4, f"{status}.3": 5},
                {f"{status}.4": 4},
                {f'{ACCESS}Status."g"."".2.1': 4},
                {f"{status}.1": 6},
                {f"{status}.4": 4},
            ):
                try:
                    await s.set_many({oid: Integer(value) for oid, value in sets.items()})
                    answers.append("")
                except ErrorStatusError as refused:
                    answers.append(f"{refused.status_name} {refused.index}")
    assert answers == ["resourceUnavailable 3", "", "resourceUnavailable 1", "", "", ""]
    assert [view[f"{status}.{n}"] for n in (2, 3, 4)] == [Integer(1), Integer(2), Integer(1)]


@pytest.mark.parametrize("bound", [0, -1, "3", 2.5, True])
def test_max_rows_is_a_positive_int(mib: Mib, bound: object) -> None:
    with pytest.raises(ConfigurationError, match="max_rows"):
        MibView({}, mib=mib, max_rows=bound)  # type: ignore[arg-type]


async def test_new_rows_take_each_kind_of_defval(tmp_path: Path, seeded_cache: Path) -> None:
    """A number, an enumeration's label, a string, hex and binary strings, an IpAddress in
    hex, an OID by name, BITS none set and some; a DEFVAL it does not read (a label no
    module defines, a number out of the column's range) is as none: the row needs it."""
    own = tmp_path / "mibs"
    own.mkdir()
    (own / "ANYSNMP-ROWS-TEST-MIB.txt").write_text(ROWS_MIB)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        mib = Mib.load(
            ("ANYSNMP-ROWS-TEST-MIB",), dirs=f"{own}:{require_test_mibs()}", cache_dir=seeded_cache
        )
    view = MibView({}, writable=["kindTable"], mib=mib)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            await s.set("kindStatus.1", Integer(5))
            held = {oid: view[oid] for oid in view.oids()}
            with pytest.raises(ErrorStatusError, match="inconsistentValue"):
                await s.set("kindStatus.1", Integer(1))
            await s.set_many(
                {"kindUnknown.1": ObjectIdentifier("1.3.6"), "kindRange.1": Integer(1)}
            )
            ready = view["kindStatus.1"]
    assert held == {
        mib.oid(f"{name}.1"): value
        for name, value in [
            ("kindNumber", Integer(-5)),
            ("kindStorage", Integer(2)),
            ("kindText", OctetString(b"ab c")),
            ("kindHex", OctetString(b"\x00\xff")),
            ("kindBinary", OctetString(b"\x01\x80")),
            ("kindAddress", IpAddress("127.0.0.1")),
            ("kindOid", ObjectIdentifier("0.0")),
            ("kindNoBits", OctetString(b"\x00\x00")),
            ("kindBits", OctetString(b"\x40\x40")),
            ("kindStatus", Integer(3)),
        ]
    }
    assert ready == Integer(2)


async def test_rows_are_bounded_by_default(mib: Mib) -> None:
    """A view not given max_rows lets a table grow to MAX_ROWS rows (10,000), no further:
    a manager with a writable community cannot fill the process's memory; None lifts it
    (rows named by two octets)."""
    status = f"{NOTIFY}RowStatus"
    given = {f"{status}.{n >> 8}.{n & 255}": 1 for n in range(1, MAX_ROWS)}
    bounded = MibView(given, writable=[f"{NOTIFY}Table"], mib=mib)
    unbounded = MibView(given, writable=[f"{NOTIFY}Table"], mib=mib, max_rows=None)
    answers = []
    for view in (bounded, unbounded):
        async with serve(view, communities={"private": "rw"}) as (target, _):
            host, port = target.rsplit(":", 1)
            async with SnmpSession(host, int(port), community="private", mib=mib) as s:
                for n in (MAX_ROWS, MAX_ROWS + 1):
                    try:
                        await s.set(f"{status}.{n >> 8}.{n & 255}", Integer(4))
                        answers.append("")
                    except ErrorStatusError as refused:
                        answers.append(refused.status_name)
    assert MAX_ROWS == 10_000
    assert answers == ["", "resourceUnavailable", "", ""]


#: SETs of rows whose index their table's INDEX cannot take, answered alike by snmpd
#: (vacmSecurityToGroupTable: INDEX { vacmSecurityModel (1..2147483647), vacmSecurityName
#: SIZE (1..32) }; snmpTargetAddrTable: INDEX { IMPLIED snmpTargetAddrName SIZE (1..32) }):
#: noCreation, whatever the status; a value a RowStatus never takes first (wrongValue); a
#: column created with such a row is refused at the row's status.
UNNAMED = [
    f"{GROUPS}Status.0.1.97 i 5",  # model 0
    f"{GROUPS}Status.2147483648.1.97 i 4",  # past an INTEGER's 2^31-1
    f"{GROUPS}Status.4294967295.1.97 i 1",
    f"{GROUPS}Status.2.0 i 5",  # an empty name, SIZE (1..32)
    f"{GROUPS}Status.2.33.{'.'.join(['97'] * 33)} i 6",
    f"{GROUPS}Status.0.1.97 i 7",  # wrongValue before noCreation (RFC 3416 4.2.5)
    f"{GROUPS}Status.0.1.97 i 3",
    f"SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.0.1.97 s g|{GROUPS}Status.0.1.97 i 4",
    f"{STATUS.removesuffix(ROW)}.{'.'.join(['97'] * 33)} i 5",
    f"{STATUS.removesuffix(ROW)} i 4",  # no index at all
]


async def test_a_row_its_index_cannot_name_is_not_created_as_snmpd(mib: Mib, snmpd: Snmpd) -> None:
    """RFC 3416 4.2.5: a variable that could never be created is noCreation: an INDEX
    integer out of its range, a string of a length its SIZE does not allow."""
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{GROUPS}Table", TABLE], mib=mib)
    ours = await _alike(view, snmpd, [_set(*sets.split("|")) for sets in UNNAMED])
    assert ["noCreation" in out for out in ours] == [*[True] * 5, False, False, True, True, True]
    assert [out[0] for out in ours] == ["2"] * len(UNNAMED) and "wrongValue" in ours[5]
    assert f"Failed object: {GROUPS}Status" in ours[7]  # at the status, not the column
    assert view.oids() == [mib.oid("sysDescr.0")]


async def test_empty_counted_indexes_name_rows_where_their_size_allows_as_snmpd(
    mib: Mib, snmpd: Snmpd, anyio_backend: str
) -> None:
    """RFC 2578 7.7: a counted string or OID of length 0 is the arc 0 alone. A row is made
    where the INDEX object's SIZE takes 0 (vacmAccessContextPrefix SIZE (0..32), mteOwner
    SIZE (0..32), vacmViewTreeFamilySubtree an OID of no arcs), noCreation where it does
    not (vacmGroupName SIZE (1..32), an IMPLIED mteTriggerName of SIZE (1..32) left empty),
    as snmpd answers for its own tables."""
    name = _name("z-", anyio_backend)
    counted = f"{len(name.split('.'))}.{name}"
    access = f"{ACCESS}Status.{counted}.0.3.1"  # the group, an empty context prefix
    view_tree = f"SNMP-VIEW-BASED-ACM-MIB::vacmViewTreeFamilyStatus.{counted}.0"
    trigger = f"DISMAN-EVENT-MIB::mteTriggerEntryStatus.0.{name}"  # an empty owner
    commands = [
        command
        for row in (access, view_tree, trigger)
        for command in (_set(f"{row} i 5"), ["snmpget", row], _set(f"{row} i 6"))
    ]
    commands += [
        _set(f"{ACCESS}Status.0.0.3.1 i 5"),
        _set("DISMAN-EVENT-MIB::mteTriggerEntryStatus.0 i 5"),
    ]
    tables = [f"{ACCESS}Table", "vacmViewTreeFamilyTable", "DISMAN-EVENT-MIB::mteTriggerTable"]
    view = MibView({"sysDescr.0": "rows"}, writable=tables, mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["0"] * 9 + ["2", "2"]
    assert [out.count("notInService(2)") for out in ours[1:9:3]] == [1, 1, 1]
    assert "noCreation" in ours[9] and "noCreation" in ours[10]
    assert view.oids() == [mib.oid("sysDescr.0")]


#: A table of each kind of INDEX: INDEX { pickLevel, pickCode, pickAddr, pickTree,
#: IMPLIED pickName }, and one of an IMPLIED OID after a ranged integer.
INDEX_MIB = """ANYSNMP-INDEX-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, Integer32, IpAddress, enterprises FROM SNMPv2-SMI
    RowStatus FROM SNMPv2-TC;
indexTestMib MODULE-IDENTITY
    LAST-UPDATED "202612070000Z" ORGANIZATION "anysnmp" CONTACT-INFO "tests"
    DESCRIPTION "Indexes of new rows." ::= { enterprises 99992 }
pickTable OBJECT-TYPE SYNTAX SEQUENCE OF PickEntry MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Rows." ::= { indexTestMib 1 }
pickEntry OBJECT-TYPE SYNTAX PickEntry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "A row." INDEX { pickLevel, pickCode, pickAddr, pickTree, IMPLIED pickName }
    ::= { pickTable 1 }
PickEntry ::= SEQUENCE { pickLevel INTEGER, pickCode OCTET STRING, pickAddr IpAddress,
    pickTree OBJECT IDENTIFIER, pickName OCTET STRING, pickStatus RowStatus }
pickLevel OBJECT-TYPE SYNTAX INTEGER { low(1), high(5) } MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "An enumeration." ::= { pickEntry 1 }
pickCode OBJECT-TYPE SYNTAX OCTET STRING (SIZE (3)) MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "A fixed size." ::= { pickEntry 2 }
pickAddr OBJECT-TYPE SYNTAX IpAddress MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "An address." ::= { pickEntry 3 }
pickTree OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "An OID." ::= { pickEntry 4 }
pickName OBJECT-TYPE SYNTAX OCTET STRING (SIZE (1..4)) MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Implied." ::= { pickEntry 5 }
pickStatus OBJECT-TYPE SYNTAX RowStatus MAX-ACCESS read-create
    STATUS current DESCRIPTION "Its status." ::= { pickEntry 6 }
treeTable OBJECT-TYPE SYNTAX SEQUENCE OF TreeEntry MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Rows." ::= { indexTestMib 2 }
treeEntry OBJECT-TYPE SYNTAX TreeEntry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "A row." INDEX { treeSlot, IMPLIED treeRoot } ::= { treeTable 1 }
TreeEntry ::= SEQUENCE { treeSlot Integer32, treeRoot OBJECT IDENTIFIER, treeStatus RowStatus }
treeSlot OBJECT-TYPE SYNTAX Integer32 (-5..5) MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "A range." ::= { treeEntry 1 }
treeRoot OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS not-accessible
    STATUS current DESCRIPTION "Implied." ::= { treeEntry 2 }
treeStatus OBJECT-TYPE SYNTAX RowStatus MAX-ACCESS read-create
    STATUS current DESCRIPTION "Its status." ::= { treeEntry 3 }
END
"""

#: pickStatus's indexes: level, code (3 octets, no count), address, tree (count first),
#: name (the rest, 1 to 4 octets); treeStatus's: slot, root (the rest).
PICKED = ["1.97.98.99.10.0.0.1.2.1.3.120", "5.0.0.0.255.255.255.255.0.120.121.122.123"]
TREES = ["5.1.3.4294967295", "0.0.0"]
UNPICKED = [
    "2.97.98.99.10.0.0.1.2.1.3.120",  # not an enumeration's number
    "4294967295.97.98.99.10.0.0.1.2.1.3.120",
    "1.97.98.256.10.0.0.1.2.1.3.120",  # a string's octet past 255
    "1.97.98.99.10.0.256.1.2.1.3.120",  # an address's
    "1.97.98.99.10.0.0.1.200.1.3.120",  # an OID's count past the arcs
    "1.97.98.99.10.0.0.1.2.1.3.120.121.122.123.124",  # SIZE (1..4)
    "1.97.98.99.10.0.0.1.2.1.3",  # an empty name
    "1.97.98.99.10.0.0.1.2.1.3.300",
    "1.97.98",  # too few arcs
]
UNTREED = ["6.1.3", "4294967291.1.3"]  # past the range; not -5 (an arc is not negative)


@pytest.mark.parametrize("value", [4, 5, 6])
async def test_each_kind_of_index_names_the_rows_it_can_hold(
    tmp_path: Path, seeded_cache: Path, value: int
) -> None:
    """Integers in their range or enumeration, strings of octets 0-255 of a length their
    SIZE allows (fixed: no count; IMPLIED: the rest), IpAddress 4 octets, OIDs, every arc
    used: else noCreation, nothing written (destroy too)."""
    own = tmp_path / "mibs"
    own.mkdir()
    (own / "ANYSNMP-INDEX-TEST-MIB.txt").write_text(INDEX_MIB)
    mib = Mib.load(
        ("ANYSNMP-INDEX-TEST-MIB",), dirs=f"{own}:{require_test_mibs()}", cache_dir=seeded_cache
    )
    view = MibView({}, writable=["indexTestMib"], mib=mib)
    statuses = [f"{mib.oid('pickStatus')}.{index}" for index in PICKED + UNPICKED]
    statuses += [f"{mib.oid('treeStatus')}.{index}" for index in TREES + UNTREED]
    answers = []
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", timeout=5) as s:
            for status in statuses:
                try:
                    await s.set(status, Integer(value))
                    answers.append("")
                except ErrorStatusError as refused:
                    answers.append(f"{refused.status_name} {refused.index}")
    named = [*statuses[: len(PICKED)], *statuses[len(PICKED) + len(UNPICKED) :][: len(TREES)]]
    assert answers == ["" if status in named else "noCreation 1" for status in statuses]
    assert sorted(view.oids()) == (sorted(named) if value != 6 else [])


async def test_an_oid_named_twice_in_a_set_takes_the_last_value_as_snmpd(
    mib: Mib, snmpd: Snmpd, anyio_backend: str
) -> None:
    """Each varbind is checked (a wrong second value refuses the SET at it) and the last
    value is written: a column created with its row, then of a row that exists."""
    row = _name("dup-", anyio_backend)
    tag, kind, status = (f"{NOTIFY}{column}.{row}" for column in ("Tag", "Type", "RowStatus"))
    commands = [
        _set(f"{tag} s a", f"{tag} s b", f"{status} i 4"),
        ["snmpget", tag, kind],
        _set(f"{tag} s c", f"{tag} s d", f"{kind} i 2", f"{kind} i 1"),
        _set(f"{kind} i 2", f"{kind} i 3"),
        ["snmpget", tag, kind],
        _set(f"{status} i 6"),
    ]
    view = MibView({"sysDescr.0": "rows"}, writable=[f"{NOTIFY}Table"], mib=mib)
    ours = await _alike(view, snmpd, commands)
    assert [out[0] for out in ours] == ["0", "0", "0", "2", "0", "0"]
    assert "STRING: b" in ours[1] and "wrongValue" in ours[3]
    assert "STRING: d" in ours[4] and "trap(1)" in ours[4]
    assert view.oids() == [mib.oid("sysDescr.0")]
