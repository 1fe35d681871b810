"""MIB names in sessions (``SnmpSession(..., mib=mib)``), against snmpd and our Agent.

Every method taking an OID takes a name; results stay numeric, the same as
for the numeric OIDs; ``table(..., names=True)`` keys columns by name and
rows by the INDEX clause; a name the MIB does not know sends nothing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from mib_helpers import MIB_TOOL_ENV, named_rows, named_tables_view, netsnmp_command
from peers import Snmpd
from scripted import Request, ScriptedAgent, scripted_agent

import anysnmp
import anysnmp.sync
from anysnmp import (
    Agent,
    CommandResponder,
    ConfigurationError,
    EncodeError,
    Integer,
    Mib,
    MibView,
    MibWarning,
    NoSuchInstance,
    OctetString,
    SnmpSession,
    UnknownNameError,
)
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
IF_ENTRY = "1.3.6.1.2.1.2.2.1"
IF_DESCR = IF_ENTRY + ".2"
IF_TYPE = IF_ENTRY + ".3"

#: The names of one OID, each as another input form would give it.
NAMES = ["SNMPv2-MIB::sysName.0", "sysName.0", ".iso.org.dod.internet.mgmt.mib-2.system.5.0"]


@asynccontextmanager
async def peer(kind: str, snmpd: Snmpd) -> AsyncIterator[tuple[str, int]]:
    """The address of snmpd, or of our Agent serving `named_tables_view`."""
    if kind == "snmpd":
        yield snmpd.host, snmpd.port
        return
    responder = CommandResponder(named_tables_view(), communities={"public": "ro", "private": "rw"})
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        yield agent.addresses[0]


PEERS = pytest.mark.parametrize("kind", ["snmpd", "agent"])


async def items(results: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in results]


@PEERS
async def test_names_give_what_numbers_give(kind: str, snmpd: Snmpd, mib: Mib) -> None:
    async with peer(kind, snmpd) as (host, port), SnmpSession(host, port, mib=mib) as s:
        name = await s.get(SYS_NAME)
        assert [await s.get(text) for text in NAMES] == [name] * 3
        assert await s.get_typed("sysName.0") == await s.get_typed(SYS_NAME)
        many = await s.get_many(["SNMPv2-MIB::sysName.0", "sysDescr.0", "sysName.1"])
        assert many == await s.get_many([SYS_NAME, SYS_DESCR]) and list(many) == [
            SYS_NAME,
            SYS_DESCR,
        ]
        descr = await items(s.fetch(IF_DESCR))
        assert descr and all(oid.startswith(IF_DESCR + ".") for oid, _ in descr)
        assert await items(s.fetch("IF-MIB::ifDescr")) == descr
        assert await items(s.getnext("ifDescr")) == descr
        assert await items(s.getbulk("IF-MIB::ifDescr", 3)) == descr
        async with s.walk("IF-MIB::ifDescr") as walked:
            assert await items(walked) == descr
        batches = await items(s.walk_batches("ifDescr", bulk=False, typed=True))
        assert [(oid, value) for batch in batches for oid, _, value in batch] == descr
        plan = s.walk_plan("IF-MIB::ifDescr")
        assert [item for batch in await items(s.run_walk(plan)) for item in batch] == descr
        assert plan.end is not None and plan.walker.root == IF_DESCR
        assert await s.next_oid("SNMPv2-MIB::sysName") == SYS_NAME
        assert await s.request(PduType.GET, ["sysName.0"]) == await s.request(
            PduType.GET, [SYS_NAME]
        )
        columns = await s.table(["IF-MIB::ifDescr", "ifType"])
        assert columns == await s.table([IF_DESCR, IF_TYPE]) and columns
        by_table, by_entry = await s.table("IF-MIB::ifTable"), await s.table("ifEntry")
        assert list(by_table) == list(by_entry) == list(columns)
        assert {index: row[IF_DESCR] for index, row in by_table.items()} == dict(
            (index, row[IF_DESCR]) for index, row in columns.items()
        )
        async with s.table_rows("IF-MIB::ifTable", names=True) as rows:
            assert [index async for index, _ in rows] == list(columns)


async def test_get_many_by_name_when_the_agent_splits_and_reorders(mib: Mib) -> None:
    """tooBig above two OIDs, answers in reverse order: the plan's own matching, by name."""
    view = {f"1.3.6.1.2.1.1.{n}.0": (0x04, f"value {n}".encode()) for n in range(1, 7)}

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        oids = [varbind[0] for varbind in request.varbinds]
        if len(oids) > 2:
            await agent.reply(request, request.response([], status=1))
        else:
            answer = [(oid, *view[oid]) for oid in reversed(oids) if oid in view]
            await agent.reply(request, request.response(answer))

    names = ["sysDescr.0", "SNMPv2-MIB::sysContact.0", "sysName.0", "sysLocation.0", "nope.0"]
    async with (
        scripted_agent(handler) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=2, mib=mib) as s,
    ):
        with pytest.raises(UnknownNameError):
            await s.get_many(names)
        found = await s.get_many(names[:4])
    assert found == {oid: view[oid][1] for oid in sorted(view) if oid[-3] in "1456"}


@PEERS
async def test_a_get_of_an_object_not_its_instance_says_where_its_values_are(
    kind: str, snmpd: Snmpd, mib: Mib
) -> None:
    """The first mistake with names: sysName for sysName.0 (NoSuchInstance said 'sysName')."""
    async with peer(kind, snmpd) as (host, port):
        async with SnmpSession(host, port, mib=mib) as s:
            for get in (s.get, s.get_typed):
                with pytest.raises(
                    NoSuchInstance, match=r"^sysName: the scalar sysName: its value "
                ):
                    await get("sysName")
                with pytest.raises(NoSuchInstance, match=r"^IF-MIB::ifDescr: the column ifDescr: "):
                    await get("IF-MIB::ifDescr")
                with pytest.raises(NoSuchInstance, match=r"^ifDescr\.9999$"):
                    await get("ifDescr.9999")
                with pytest.raises(
                    NoSuchInstance,
                    match=r"^IF-MIB::ifTable: the table ifTable: its rows are read with "
                    r"table\('IF-MIB::ifTable'\)$",
                ):
                    await get("IF-MIB::ifTable")
                with pytest.raises(
                    NoSuchInstance, match=r"^ifEntry: the row ifEntry: its table's rows are "
                ):
                    await get("ifEntry")
                with pytest.raises(
                    NoSuchInstance, match=r"^system: the node system: walk it: fetch\('system'\)$"
                ):
                    await get("system")

        def blocking_get() -> None:  # in a thread: our agent answers from this event loop
            with anysnmp.sync.SnmpSession(host, port, mib=mib) as b:
                b.get(SYS_NAME[:-2])

        with pytest.raises(NoSuchInstance) as caught:
            await anyio.to_thread.run_sync(blocking_get)
    assert str(caught.value) == (
        "1.3.6.1.2.1.1.5: the scalar sysName: its value is 1.3.6.1.2.1.1.5.0"
    )


@pytest.mark.parametrize(
    ("oids", "says"),
    [
        (
            ["sysName.0", "sysUpTime"],
            "'sysUpTime' is the scalar sysUpTime: its value is sysUpTime.0",
        ),
        (
            ["IF-MIB::ifDescr"],
            r"'IF-MIB::ifDescr' is the column ifDescr: its values are IF-MIB::ifDescr.INDEX \(walk",
        ),
        (
            ["sysName.0", "IF-MIB::ifTable"],
            r"'IF-MIB::ifTable' is the table ifTable: its rows are read with table\(",
        ),
        (["ifEntry"], r"'ifEntry' is the row ifEntry: its table's rows are read with table\("),
    ],
)
async def test_get_many_of_an_object_not_its_instance_is_refused(
    oids: list[str], says: str, mib: Mib
) -> None:
    """An agent has no value of the object itself: get_many left it out of its dict without
    a word ({} for ["sysUpTime"]), where get() raises NoSuchInstance saying so."""
    async with counting_agent() as (agent, received):
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.3, retries=0, mib=mib
        ) as s:
            for _ in range(2):  # the names checked are kept: refused again
                with pytest.raises(ConfigurationError, match=r"get_many\(\): " + says):
                    await s.get_many(oids)
        with anysnmp.sync.SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.3, retries=0, mib=mib
        ) as b:
            with pytest.raises(ConfigurationError, match=says):
                b.get_many(oids)
            with pytest.raises(anysnmp.TimeoutError):  # numeric: sent as given
                b.get_many(["1.3.6.1.2.1.1.3"])
        await anyio.sleep(0.05)
    assert len(received) == 1


@PEERS
async def test_set_by_name(kind: str, snmpd: Snmpd, mib: Mib) -> None:
    async with (
        peer(kind, snmpd) as (host, port),
        SnmpSession(host, port, community="private", mib=mib) as s,
    ):
        assert (
            await s.set("SNMPv2-MIB::sysLocation.0", f"{kind} by name")
            == f"{kind} by name".encode()
        )
        echoed = await s.set_many({"sysContact.0": b"noc", "SNMPv2-MIB::sysLocation.0": b"rack 1"})
        assert echoed == {"1.3.6.1.2.1.1.4.0": b"noc", "1.3.6.1.2.1.1.6.0": b"rack 1"}
        assert await s.get_many(["sysContact.0", "sysLocation.0"]) == echoed


def recorder(view: MibView) -> MibView:
    """The same entries, numeric, every one writable with any value of its type: a view
    given MIBs refuses what their MAX-ACCESS and syntax forbid (read-only objects, values
    out of range), and these tests record what a session sends."""
    return MibView({oid: view[oid] for oid in view.oids()}, writable=True)


async def test_set_gives_plain_values_their_mib_type(mib: Mib) -> None:
    # As send_trap and MibView do: ("ifAdminStatus.1", "down") is INTEGER 2. A session
    # sent every str as an OCTET STRING and every int as an INTEGER: the agent's wrongType.
    mask = "ipAdEntNetMask.192.0.2.1"
    plain: dict[str, int | str] = {
        "ifAdminStatus.1": "up",
        "sysObjectID.0": "IF-MIB::ifTable",
        "ifSpeed.1": 10,
    }
    view = recorder(MibView({**plain, mask: "255.0.0.0"}, mib=mib))
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view, communities={"private": "rw"})) as agent,
        SnmpSession(*agent.addresses[0], community="private", mib=mib) as s,
    ):
        assert await s.set("IF-MIB::ifAdminStatus.1", "down") == 2
        values: dict[str, int | str] = {
            "sysObjectID.0": "SNMPv2-MIB::sysDescr",
            "ifSpeed.1": 1000,
            mask: "255.255.0.0",
        }
        assert await s.set_many(values) == {
            "1.3.6.1.2.1.1.2.0": "1.3.6.1.2.1.1.1",
            "1.3.6.1.2.1.2.2.1.5.1": 1000,
            "1.3.6.1.2.1.4.20.1.3.192.0.2.1": "255.255.0.0",
        }
        assert await s.set(".1.3.6.1.2.1.2.2.1.7.1", "testing") == 3  # numeric, with a Mib
        with pytest.raises(ConfigurationError, match="'sideways' is not a label of IF-MIB::"):
            await s.set("ifAdminStatus.1", "sideways")  # said before anything is sent
        assert await s.get_typed("ifAdminStatus.1") == (int(Integer(3).tag), 3)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ifPhysAddress.1", "0:1b:21:3a:0:2"),  # PhysAddress, "1x:": 6 octets (were 14)
        ("hrSystemDate.0", "2022-1-2,3:4:5.6,+2:0"),  # DateAndTime: 11 octets
        ("ifPhysAddress.2", "zz"),  # no hex: the text as it is
        ("ifAlias.1", "0:1"),  # DisplayString, "255a": the text
        ("sysContact.0", "h\u00e9llo"),
    ],
)
async def test_set_reads_a_str_by_its_display_hint_as_snmpset_does(
    name: str, text: str, mib: Mib
) -> None:
    """A str for an OCTET STRING with a DISPLAY-HINT is read as snmpset reads its `s` value;
    what each stores in our agent is compared."""
    view = recorder(MibView({name: b"before"}, mib=mib))
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view, communities={"private": "rw"})) as agent,
        SnmpSession(*agent.addresses[0], community="private", mib=mib) as s,
    ):
        host, port = agent.addresses[0]
        snmpset = netsnmp_command("snmpset", "-v2c", "-c", "private", f"{host}:{port}")
        await anyio.run_process([*snmpset, name, "s", text], env=MIB_TOOL_ENV)
        tag, octets = await s.get_typed(name)
        assert isinstance(octets, bytes)
        await s.set(name, b"before")
        assert await s.set(name, text) == octets
        assert await s.get_typed(name) == (tag, octets)
    assert MibView({name: text}, mib=mib)[name] == OctetString(octets)


#: BITS values as snmpset's ``=`` (the MIB's type: ``b``) reads them: labels, bit numbers
#: (hex, octal), both, none; as many octets as the highest bit or label needs.
BITS_TEXTS = {
    "schedWeekDay.1": "sunday monday",  # C0 (was the 13 octets of the text)
    "schedWeekDay.2": "0,6",  # 82
    "schedWeekDay.3": "friday 1\t0x3,,  010",  # 54 80: bit 8 (octal) is past the labels
    "schedWeekDay.4": "",  # 00
    "schedWeekDay.5": "20",  # 00 00 08
    "schedMonth.1": "january",  # 80 00: december is bit 11
    "schedMinute.1": "59",  # 8 octets
}


async def test_set_reads_a_str_for_bits_as_snmpset_does(mib: Mib) -> None:
    """A str for a BITS object is its labels or bit numbers, as snmpset reads it; what
    snmpset, set() (async and sync) and a MibView store in our agent is compared."""
    view = recorder(MibView(dict.fromkeys(BITS_TEXTS, b"before"), mib=mib))
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view, communities={"private": "rw"})) as agent,
        SnmpSession(*agent.addresses[0], community="private", mib=mib) as s,
    ):
        host, port = agent.addresses[0]
        snmpset = netsnmp_command("snmpset", "-v2c", "-c", "private", f"{host}:{port}")
        triples = [word for name, text in BITS_TEXTS.items() for word in (name, "=", text)]
        await anyio.run_process([*snmpset, *triples], env=MIB_TOOL_ENV)
        stored = {name: view[mib.oid(name)] for name in BITS_TEXTS}
        assert stored["schedWeekDay.3"] == OctetString(b"\x54\x80")
        assert stored["schedMinute.1"] == OctetString(bytes(7) + b"\x10")

        def blocking_set(name: str) -> None:  # in a thread: our agent answers from this loop
            with anysnmp.sync.SnmpSession(host, port, community="private", mib=mib) as b:
                b.set(name, BITS_TEXTS[name])

        for name, text in BITS_TEXTS.items():
            view[mib.oid(name)] = b"before"
            assert await s.set(name, text) == stored[name].value
            assert view[mib.oid(name)] == stored[name]
            view[mib.oid(name)] = b"before"
            await anyio.to_thread.run_sync(blocking_set, name)
            assert view[mib.oid(name)] == stored[name]
    typed = MibView(BITS_TEXTS, mib=mib)
    assert {name: typed[name] for name in BITS_TEXTS} == stored


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("sunday bogus", r"'bogus' in 'sunday bogus': not a label of it \(sunday, monday, "),
        ("Sunday", "'Sunday' in 'Sunday': not a label of it"),  # snmpset: Value out of range
        ("sunday(0)", "'sunday\\(0\\)' in 'sunday\\(0\\)': not a label of it"),
        ("1a", "'1a' in '1a': not a label of it"),
        ("-1", "'-1' in '-1': bit numbers are 0..524287"),  # snmpset sends 01
        ("524288", "'524288' in '524288': bit numbers are 0..524287"),
    ],
)
async def test_a_bits_str_that_names_no_bit_is_refused(text: str, says: str, mib: Mib) -> None:
    """A word that is no label of the BITS object nor a bit number raises
    ConfigurationError, in set() before anything is sent and in a MibView."""
    says = r"schedWeekDay\.1: " + says

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        pass

    async with (
        scripted_agent(handler) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=0.5, retries=0, mib=mib) as s,
    ):
        with pytest.raises(ConfigurationError, match=says):
            await s.set("schedWeekDay.1", text)
        await anyio.sleep(0.05)
    assert agent.requests == []
    with pytest.raises(ConfigurationError, match=says):
        MibView({"schedWeekDay.1": text}, mib=mib)


@PEERS
@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("IF-MIB::ifTable", ["ifDescr", "ifType", "ifPhysAddress"]),
        ("SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupTable", ["vacmGroupName"]),
        ("RFC1213-MIB::ipAddrTable", ["ipAdEntAddr", "ipAdEntIfIndex", "ipAdEntNetMask"]),
    ],
)
async def test_table_with_names(
    kind: str, table: str, columns: list[str], snmpd: Snmpd, mib: Mib
) -> None:
    async with peer(kind, snmpd) as (host, port), SnmpSession(host, port, mib=mib) as s:
        walks = {mib.oid(c): await items(s.fetch(mib.oid(c))) for c in columns}
        named = await s.table(columns, names=True)
        whole = await s.table(table, names=True)
        numeric = await s.table(mib.oid(table) + ".1")
        alone = await s.table(columns[0], names=True)  # a column's name: that column alone
    expected = named_rows(mib, walks)
    assert expected and named == expected
    first = mib.node(columns[0]).name
    assert alone == {i: {first: row[first]} for i, row in expected.items() if first in row}
    assert list(whole) == list(expected) == [mib.index_decoder(table)(k) for k in numeric]
    assert {label for row in whole.values() for label in row} == {
        mib.node(column).name for row in numeric.values() for column in row
    }
    assert all(row[c] == whole[index][c] for index, row in named.items() for c in columns[:1])
    if "vacm" in table:
        assert all(isinstance(index[1], bytes) for index in whole) and (
            kind == "snmpd" or (3, b"a.b") in whole
        )


async def test_table_names_of_columns_of_rows_indexed_otherwise_are_refused(mib: Mib) -> None:
    """Rows are keyed by one INDEX: columns of a table and of one AUGMENTing it share it,
    others are refused before anything is sent (they were keyed by the first's INDEX)."""
    view = MibView({f"{IF_ENTRY}.2.1": OctetString(b"lo"), "1.3.6.1.2.1.31.1.1.1.1.1": b"lo"})
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent,
        SnmpSession(*agent.addresses[0], mib=mib) as s,
    ):
        assert await s.table(["ifDescr", "IF-MIB::ifName"], names=True) == {
            (1,): {"ifDescr": b"lo", "ifName": b"lo"}
        }
    async with counting_agent() as (agent, received):
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as s:
            with pytest.raises(ConfigurationError, match=r"\(ifEntry, vacmSecurityToGroupEntry\)"):
                await s.table(["ifDescr", "vacmGroupName"], names=True)
        await anyio.sleep(0.05)
    assert received == []


@pytest.mark.parametrize(
    ("columns", "says"),
    [
        (["ifDescr", "sysName"], "'sysName' is a scalar, not a column"),
        (
            ["ifDescr", "SNMPv2-MIB::sysName.0"],
            "'SNMPv2-MIB::sysName.0' is an instance of the scalar",
        ),
        (["IF-MIB::ifTable", "ifXTable"], "'IF-MIB::ifTable' is a table, not a column"),
        (["ifDescr", "ifEntry"], "'ifEntry' is a row, not a column"),
        (["ifDescr", "ifDescr.1"], "'ifDescr.1' is an instance of the column ifDescr"),
    ],
)
async def test_table_names_of_what_is_no_column_in_a_list_are_refused(
    columns: list[str], says: str, mib: Mib
) -> None:
    """A table, row, scalar or instance among columns was walked as a column, keyed by its own
    name, its rows' arcs decoded by another INDEX (`(0,)` for sysName) or not at all."""
    async with counting_agent() as (agent, received):
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as s:
            with pytest.raises(ConfigurationError, match=f"takes columns in a list: {says}"):
                await s.table(columns, names=True)
        with anysnmp.sync.SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as b:
            with pytest.raises(ConfigurationError, match=f"takes columns in a list: {says}"):
                b.table(iter(columns), names=True)  # type: ignore[arg-type]  # read once
            with pytest.raises(EncodeError, match="an OID must be a str, not bytes"):
                b.table(b"ifTable")  # type: ignore[arg-type]  # was "not int"
        await anyio.sleep(0.05)
    assert received == []


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ("sysName", r"table\('sysName'\) is the scalar sysName: get\('sysName.0'\) reads"),
        ("1.3.6.1.2.1.1.5", "is the scalar sysName"),
        ("SNMPv2-MIB::sysName.0", "is an instance of the scalar sysName: get"),
        ("ifDescr.1", r"column ifDescr: table\('ifDescr'\) reads the column, table\('ifTable'\)"),
    ],
)
@pytest.mark.parametrize("names", [False, True])
async def test_a_table_of_a_scalar_or_an_instance_is_refused(
    table: str, says: str, names: bool, mib: Mib
) -> None:
    """table("sysName") walked sysName's "columns" (sysName.1, ...) and returned {}."""
    async with counting_agent() as (agent, received):
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as s:
            with pytest.raises(ConfigurationError, match=says):
                await s.table(table, names=names)
            with pytest.raises(ConfigurationError, match=says):
                async with s.table_rows(table, names=names):
                    pass
        with anysnmp.sync.SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as b:
            with pytest.raises(ConfigurationError, match=says):
                b.table(table, names=names)
        await anyio.sleep(0.05)
    assert received == []


@pytest.mark.parametrize("table", ["SNMPv2-MIB::system", "1.3.6.1.2.1.1", "interfaces"])
async def test_table_names_of_no_table_say_so_of_the_name_given(table: str, mib: Mib) -> None:
    """It said '1.3.6.1.2.1.1: not a table, row or column of the loaded MIBs', the OID
    whatever the name given, and not what to give."""
    label = mib.name(mib.oid(table))
    says = f"table({table!r}, names=True): {label} is not a table, row or column of the loaded"
    async with counting_agent() as (agent, received):
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.3, retries=0, mib=mib
        ) as s:
            with pytest.raises(UnknownNameError, match=re.escape(says) + ".*: give a table"):
                await s.table(table, names=True)
        await anyio.sleep(0.05)
    assert received == []


async def test_table_names_keep_numbers_for_columns_the_mib_does_not_name(mib: Mib) -> None:
    view = MibView({f"{IF_ENTRY}.2.1": OctetString(b"lo"), f"{IF_ENTRY}.99.1": Integer(7)})
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent,
        SnmpSession(*agent.addresses[0], mib=mib) as s,
    ):
        assert await s.table("ifTable", names=True, index=lambda arcs: arcs[0]) == {
            1: {"ifDescr": b"lo", f"{IF_ENTRY}.99": 7}
        }


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get("IF-MIB::noSuchThing.0"),
        lambda s: s.get_typed("noSuchThing.0"),
        lambda s: s.get_many([SYS_NAME, "NO-SUCH-MIB::sysName.0"]),
        lambda s: items(s.fetch("IF-MIB::")),
        lambda s: items(s.getnext("::")),
        lambda s: items(s.getbulk("noSuchThing")),
        lambda s: items(s.walk_batches("ifDescr.x")),
        lambda s: s.next_oid("noSuchThing"),
        lambda s: s.request(PduType.GET, [SYS_NAME, "noSuchThing"]),
        lambda s: s.set("noSuchThing.0", 1),
        lambda s: s.set_many({SYS_NAME: b"x", "noSuchThing.0": b"y"}),
        lambda s: s.table("noSuchTable"),
        lambda s: s.table(["ifDescr", "noSuchColumn"]),
        lambda s: s.table("SNMPv2-MIB::system", names=True),
    ],
)
async def test_unknown_names_send_nothing(call: Any, mib: Mib) -> None:
    async with (
        counting_agent() as (agent, received),
        SnmpSession(*agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib) as s,
    ):
        with warnings.catch_warnings():  # NO-SUCH-MIB:: warns as Net-SNMP reads it (tests/mib)
            warnings.simplefilter("ignore", MibWarning)
            with pytest.raises(UnknownNameError):
                await call(s)
        with pytest.raises(UnknownNameError):
            s.walk_plan("\u0661.\u0663")
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0
        ) as no_mib:
            with pytest.raises(EncodeError, match="sysName"):  # a name without a Mib
                await no_mib.get("SNMPv2-MIB::sysName.0")
            with pytest.raises(ConfigurationError, match="needs a session with mib="):
                await no_mib.table(IF_ENTRY, names=True)
        await anyio.sleep(0.05)
    assert received == []


#: The community of the sessions a `counting_agent` counts the requests of.
COUNTED = "counted-by-this-test"


@asynccontextmanager
async def counting_agent() -> AsyncIterator[tuple[Agent, list[object]]]:
    """An agent that answers nothing and keeps the requests of community `COUNTED` it
    receives (not another test's late retry to a port that was its agent's)."""
    received: list[object] = []

    async def count(request: Any) -> None:
        if COUNTED.encode() in request.data:
            received.append(request)

    async with Agent([("127.0.0.1", 0)], count) as agent:
        yield agent, received


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get(123),
        lambda s: s.get(None),
        lambda s: s.get(b"sysName.0"),
        lambda s: s.get_many([SYS_NAME, None]),
        lambda s: s.request(PduType.GET, [SYS_NAME, 5]),
        lambda s: s.request(PduType.GET, [["sysName.0"]]),
        lambda s: s.set_many({7: b"x"}),
    ],
)
async def test_oids_that_are_not_text_are_encode_errors_with_a_mib_too(call: Any, mib: Mib) -> None:
    async with counting_agent() as (agent, received):
        for session_mib in (None, mib):
            async with SnmpSession(
                *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=session_mib
            ) as s:
                with pytest.raises(EncodeError):
                    await call(s)
        with pytest.raises(UnknownNameError):
            mib.oid(123)  # type: ignore[arg-type]
        await anyio.sleep(0.05)
    assert received == []


@pytest.mark.parametrize(
    ("get", "walk", "error"),
    [
        (["sysName.0", "noSuchThing.0"], [], UnknownNameError),
        ([], ["IF-MIB::ifDescr", "IF-MIB::noSuchColumn"], UnknownNameError),
        (["NO-SUCH-MIB::sysName.0"], ["ifDescr"], UnknownNameError),
        (["sysName.0.x"], [], UnknownNameError),
        (["1.3.06.1"], [], EncodeError),
        (["sysName.0", "SNMPv2-MIB::sysUpTime"], [], ConfigurationError),  # the object
    ],
)
async def test_poll_refuses_unknown_names_before_any_request(
    get: list[str], walk: list[str], error: type[Exception], mib: Mib
) -> None:
    async with (
        counting_agent() as (agent, received),
        SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0, mib=mib
        ) as named,
    ):
        with warnings.catch_warnings(), pytest.raises(error):
            warnings.simplefilter("ignore", MibWarning)  # NO-SUCH-MIB:: as Net-SNMP reads it
            async with anysnmp.poll([named] * 3, get=get, walk=walk):
                raise AssertionError("poll started")
        # A session without a Mib takes no name: found before any request, too.
        async with SnmpSession(
            *agent.addresses[0], community=COUNTED, timeout=0.5, retries=0
        ) as numeric:
            with pytest.raises(EncodeError, match="sysName"):
                async with anysnmp.poll([named, numeric], get=["sysName.0"]):
                    raise AssertionError("poll started")
        await anyio.sleep(0.05)
    assert received == []


async def test_poll_with_names(snmpd: Snmpd, mib: Mib) -> None:
    async with (
        SnmpSession(snmpd.host, snmpd.port, mib=mib) as named,
        SnmpSession(snmpd.host, snmpd.port) as numeric,
    ):
        expected = await numeric.get_many([SYS_NAME, SYS_DESCR])
        walk = await items(numeric.fetch(IF_DESCR))
        async with anysnmp.poll(
            [named, named], get=["sysName.0", "SNMPv2-MIB::sysDescr.0"], walk=["IF-MIB::ifDescr"]
        ) as results:
            found = [r async for r in results]
    assert [(r.error, r.values, r.walks) for r in found] == [
        (None, expected, {"IF-MIB::ifDescr": walk})
    ] * 2
