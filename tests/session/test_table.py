"""session.table / table_rows: parallel column walks assembled into rows."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from peers import Snmpd
from scripted import ScriptedAgent, scripted_agent, static_view

import anysnmp
from anysnmp import SnmpSession
from anysnmp._table import TableAssembler

pytestmark = pytest.mark.anyio

IF_ENTRY = "1.3.6.1.2.1.2.2.1"
IF_DESCR = IF_ENTRY + ".2"
IF_TYPE = IF_ENTRY + ".3"


async def test_table_by_entry_matches_column_walks(snmpd: Snmpd) -> None:
    async with SnmpSession(snmpd.host, snmpd.port, timeout=5) as s:
        table = await s.table(IF_ENTRY, concurrency=3)
        descr = {oid: value async for oid, value in s.fetch(IF_DESCR)}
        columns = {oid.rsplit(".", 1)[0] async for oid, _ in s.fetch(IF_ENTRY)}
    assert table and all(isinstance(k, tuple) for k in table)
    assert {(int(oid.rsplit(".", 1)[1]),): value for oid, value in descr.items()} == {
        index: row[IF_DESCR] for index, row in table.items()
    }
    assert set().union(*(row.keys() for row in table.values())) == columns


async def test_table_by_columns_and_streamed_rows(snmpd: Snmpd) -> None:
    async with SnmpSession(snmpd.host, snmpd.port, timeout=5) as s:
        table = await s.table([IF_DESCR, "." + IF_TYPE], index=lambda arcs: arcs[0])
        async with s.table_rows([IF_DESCR, IF_TYPE], index=lambda arcs: arcs[0]) as rows:
            streamed = [item async for item in rows]
    assert list(table.items()) == streamed
    assert all(set(row) == {IF_DESCR, IF_TYPE} for row in table.values())


def view_with_holes() -> dict[str, tuple[int, Any]]:
    view: dict[str, tuple[int, Any]] = {}
    for i in range(1, 41):
        view[f"1.3.6.1.9.1.1.{i}"] = (0x02, i)
        if i % 3:
            view[f"1.3.6.1.9.1.2.{i}"] = (0x04, f"name{i}".encode())
        if i % 5 == 0:
            view[f"1.3.6.1.9.1.4.{i}.7"] = (0x41, i * 100)
    view["1.3.6.1.9.2.0"] = (0x02, 0)  # after the table
    return view


async def test_rows_with_holes_are_complete_when_streamed() -> None:
    async with (
        scripted_agent(static_view(view_with_holes())) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=2, max_repetitions=3) as s,
    ):
        table = await s.table("1.3.6.1.9.1", concurrency=2)
        async with s.table_rows("1.3.6.1.9.1") as rows:
            streamed = [item async for item in rows]
    assert set().union(*(r.keys() for r in table.values())) == {
        "1.3.6.1.9.1.1",
        "1.3.6.1.9.1.2",
        "1.3.6.1.9.1.4",
    }
    assert table[(3,)] == {"1.3.6.1.9.1.1": 3}
    assert table[(5,)] == {"1.3.6.1.9.1.1": 5, "1.3.6.1.9.1.2": b"name5"}
    assert table[(10, 7)] == {"1.3.6.1.9.1.4": 1000}
    assert list(table) == sorted(table) and streamed == list(table.items())


async def test_rows_are_sent_before_the_walks_end() -> None:
    view = {f"1.3.6.1.9.1.{c}.{i}": (0x02, i) for c in (1, 2) for i in range(1, 201)}
    async with (
        scripted_agent(static_view(view)) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=2, max_repetitions=5) as s,
    ):
        async with s.table_rows("1.3.6.1.9.1", buffer=1) as rows:
            first = await rows.__anext__()
            requests_at_first_row = len(agent.requests)
            rest = [item async for item in rows]
    assert first == ((1,), {"1.3.6.1.9.1.1": 1, "1.3.6.1.9.1.2": 1})
    assert len(rest) == 199 and requests_at_first_row < len(agent.requests) / 2


async def test_a_failing_column_raises_as_itself() -> None:
    async def half_dead(agent: ScriptedAgent, request: Any) -> None:
        if request.varbinds[0][0].startswith("1.3.6.1.9.1.2"):
            return
        await static_view({"1.3.6.1.9.1.1.1": (0x02, 1), "1.3.6.1.9.1.2.1": (0x02, 2)})(
            agent, request
        )

    async with (
        scripted_agent(half_dead) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=0.2, retries=0) as s,
    ):
        with pytest.raises(anysnmp.TimeoutError):
            await s.table(["1.3.6.1.9.1.1", "1.3.6.1.9.1.2"])
        with pytest.raises(anysnmp.TimeoutError):
            async with s.table_rows(["1.3.6.1.9.1.1", "1.3.6.1.9.1.2"]) as rows:
                async for _ in rows:
                    pass
        with anyio.fail_after(5):
            assert await s.get("1.3.6.1.9.1.1.1") == 1


async def test_a_rows_columns_are_in_column_order_whichever_walk_answered_first() -> None:
    """Column 1's first request is answered after column 3's: rows still list 1, 2, 3."""
    columns = [f"1.3.6.1.9.1.{c}" for c in (1, 2, 3)]
    serve = static_view({f"{column}.{i}": (0x02, i) for column in columns for i in (1, 2, 3)})
    held: list[Any] = []
    third_answered = [False]

    async def first_column_last(agent: ScriptedAgent, request: Any) -> None:
        oid = request.varbinds[0][0]
        if oid == columns[0] and not third_answered[0]:
            held.append(request)  # answered once column 3 has its first answer (as it
            # may be already: trio starts the walks last first)
            return
        await serve(agent, request)
        if oid == columns[2]:
            third_answered[0] = True
            for waiting in held:
                await serve(agent, waiting)

    async with (
        scripted_agent(first_column_last) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=5, retries=0) as s,
    ):
        table = await s.table(columns, concurrency=3)
        third_answered[0] = False
        async with s.table_rows(columns, concurrency=3) as rows:
            streamed = dict([item async for item in rows])
    for rows_of in (table, streamed):
        assert [list(row) for row in rows_of.values()] == [columns] * 3


def test_rows_keyed_by_labels_keep_the_column_order() -> None:
    columns = ["1.3.6.1.9.1.1", "1.3.6.1.9.1.2", "1.3.6.1.9.1.3"]
    assembler = TableAssembler(columns, dict(zip(columns, ("one", "two", "three"), strict=True)))
    for column in reversed(columns):
        assembler.add_batch(column, [(f"{column}.{i}", i) for i in (1, 2)])
    assembler.add_batch(columns[0], [(f"{columns[0]}.3", 3)])
    for column in columns:
        assembler.finish(column)
    rows = assembler.ready()
    assert [(index, list(row)) for index, row in rows] == [
        ((1,), ["one", "two", "three"]),
        ((2,), ["one", "two", "three"]),
        ((3,), ["one"]),
    ]
    assert rows[0][1] == {"one": 1, "two": 1, "three": 1}
