"""MIB names in the blocking session (``anysnmp.sync.SnmpSession(..., mib=mib)``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from mib_helpers import named_rows, named_tables_view
from peers import Snmpd
from sync_helpers import in_background

from anysnmp import Agent, CommandResponder, ConfigurationError, Mib, UnknownNameError
from anysnmp.lowlevel import PduType
from anysnmp.sync import SnmpSession

SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
IF_DESCR = "1.3.6.1.2.1.2.2.1.2"


@contextmanager
def peer(kind: str, snmpd: Snmpd) -> Iterator[tuple[str, int]]:
    """The address of snmpd, or of our Agent (in a background thread)."""
    if kind == "snmpd":
        yield snmpd.host, snmpd.port
        return
    responder = CommandResponder(named_tables_view(), communities={"public": "ro", "private": "rw"})
    with in_background(Agent([("127.0.0.1", 0)], responder)) as agent:
        yield agent.addresses[0]


PEERS = pytest.mark.parametrize("kind", ["snmpd", "agent"])


@PEERS
def test_names_give_what_numbers_give(kind: str, snmpd: Snmpd, mib: Mib) -> None:
    with (
        peer(kind, snmpd) as (host, port),
        SnmpSession(host, port, community="private", mib=mib) as s,
    ):
        assert s.get("SNMPv2-MIB::sysName.0") == s.get(SYS_NAME)
        assert s.get_typed("sysName.0") == s.get_typed(SYS_NAME)
        assert s.get_many(["sysName.0", "sysName.1"]) == s.get_many([SYS_NAME])
        descr = list(s.fetch(IF_DESCR))
        assert descr and list(s.fetch("IF-MIB::ifDescr")) == descr
        assert list(s.getnext("ifDescr")) == list(s.getbulk("IF-MIB::ifDescr", 2)) == descr
        assert [item for batch in s.walk_batches("ifDescr") for item in batch] == descr
        plan = s.walk_plan("IF-MIB::ifDescr", bulk=False)
        assert [item for batch in s.run_walk(plan) for item in batch] == descr
        assert s.next_oid("SNMPv2-MIB::sysName") == SYS_NAME
        assert s.request(PduType.GET, ["sysName.0"]) == s.request(PduType.GET, [SYS_NAME])
        assert s.set("SNMPv2-MIB::sysContact.0", "sync") == b"sync"
        assert s.set_many({"sysContact.0": b"by name"}) == {SYS_CONTACT: b"by name"}
        assert s.get(SYS_CONTACT) == b"by name"


@PEERS
@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("IF-MIB::ifTable", ["ifDescr", "ifType"]),
        ("vacmSecurityToGroupTable", ["SNMP-VIEW-BASED-ACM-MIB::vacmGroupName"]),
    ],
)
def test_table_with_names(
    kind: str, table: str, columns: list[str], snmpd: Snmpd, mib: Mib
) -> None:
    with peer(kind, snmpd) as (host, port), SnmpSession(host, port, mib=mib) as s:
        walks = {mib.oid(c): list(s.fetch(c)) for c in columns}
        named = s.table(columns, names=True, concurrency=2)
        whole = s.table(table, names=True)
        numeric = s.table(mib.oid(table) + ".1")
    assert named and named == named_rows(mib, walks)
    assert list(whole) == list(named) == [mib.index_decoder(table)(k) for k in numeric]


def test_unknown_names_send_nothing(mib: Mib) -> None:
    received = 0

    async def count(request: Any) -> None:
        nonlocal received
        received += 1

    with (
        in_background(Agent([("127.0.0.1", 0)], count)) as agent,
        SnmpSession(*agent.addresses[0], timeout=0.3, retries=0, mib=mib) as s,
    ):
        calls: list[Callable[[], Any]] = [
            lambda: s.get("IF-MIB::noSuchThing.0"),
            lambda: s.get_many([SYS_NAME, "noSuchThing.0"]),
            lambda: s.fetch("ifDescr.x"),
            lambda: s.set_many({"noSuchThing.0": 1}),
            lambda: s.table("IF-MIB::"),
            lambda: s.table("SNMPv2-MIB::system", names=True),  # scalars: test_session_names
        ]
        for call in calls:
            with pytest.raises(UnknownNameError):
                call()
        with SnmpSession(*agent.addresses[0], timeout=0.3, retries=0) as no_mib:
            with pytest.raises(ConfigurationError, match="mib="):
                no_mib.table("1.3.6.1.2.1.2.2.1", names=True)
    assert received == 0
