"""anysnmp.sync.SnmpSession against Net-SNMP's snmpd, cross-checked with Net-SNMP's tools."""

from __future__ import annotations

from typing import Any

import pytest
from peers import Snmpd, in_volatile_subtree, netsnmp, parse_netsnmp

from anysnmp import (
    ErrorStatusError,
    NoSuchInstance,
    OctetString,
    SnmpError,
    SnmpVersion,
    UnknownUserNameError,
    WrongDigestError,
)
from anysnmp.sync import Manager, SnmpSession

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYSTEM = "1.3.6.1.2.1.1"
IF_ENTRY = "1.3.6.1.2.1.2.2.1"


def session(snmpd: Snmpd, version: SnmpVersion | None = None, **kw: Any) -> SnmpSession:
    kw.setdefault("community", snmpd.community)
    return SnmpSession(snmpd.host, snmpd.port, version=version, timeout=5, **kw)


def netsnmp_walk(snmpd: Snmpd, root: str, *auth: str) -> list[tuple[str, Any]]:
    out = netsnmp("snmpbulkwalk", "-On", "-Oe", "-Ox", "-OU", *auth, snmpd.target, root)
    return stable([(oid, value) for oid, _, value in parse_netsnmp(out)])


def stable(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The items outside volatile subtrees, sysUpTime's value left out (it moves)."""
    return [
        (oid, None if oid == SYS_UPTIME else value)
        for oid, value in items
        if not in_volatile_subtree(oid)
    ]


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
def test_gets_and_walks_match_net_snmp(snmpd: Snmpd, version: SnmpVersion) -> None:
    expected = dict(netsnmp_walk(snmpd, SYSTEM, "-v2c", "-c", snmpd.community))
    with session(snmpd, version) as s:
        assert s.get(SYS_DESCR) == expected[SYS_DESCR]
        assert s.get_typed(SYS_NAME) == (0x04, expected[SYS_NAME])
        missing = "1.3.6.1.2.1.1.99.0"
        assert s.get_many([SYS_DESCR, missing, SYS_NAME]) == {
            SYS_DESCR: expected[SYS_DESCR],
            SYS_NAME: expected[SYS_NAME],
        }
        with pytest.raises(NoSuchInstance):
            s.get(missing)
        walked = stable(list(s.getnext(SYSTEM)))
        assert [oid for oid, _ in walked] == list(expected)
        assert stable(list(s.fetch(SYSTEM))) == walked
        if version == SnmpVersion.v1:
            with pytest.raises(SnmpError, match="GETBULK"):
                s.getbulk(SYSTEM)
        else:
            assert stable(list(s.getbulk(SYSTEM, max_repetitions=3))) == walked


def test_table_matches_the_async_columns(snmpd: Snmpd) -> None:
    walk = netsnmp_walk(snmpd, IF_ENTRY, "-v2c", "-c", snmpd.community)
    with session(snmpd) as s:
        rows = s.table(IF_ENTRY, concurrency=3)
        named = s.table([f"{IF_ENTRY}.1", f"{IF_ENTRY}.2"], index=lambda arcs: arcs[0])
    assert len(rows) >= 1
    cells = {
        f"{column}.{'.'.join(map(str, index))}" for index, row in rows.items() for column in row
    }
    assert cells == {oid for oid, _ in walk}
    assert named == {
        index[0]: {c: v for c, v in row.items() if c in (f"{IF_ENTRY}.1", f"{IF_ENTRY}.2")}
        for index, row in rows.items()
    }


def test_set_and_request(snmpd: Snmpd) -> None:
    with session(snmpd, community=snmpd.write_community) as s:
        old = s.get(SYS_CONTACT)
        assert isinstance(old, bytes)
        assert s.set(SYS_CONTACT, OctetString("sync contact")) == b"sync contact"
        assert s.request(0xA0, [SYS_CONTACT]) == [(SYS_CONTACT, 0x04, b"sync contact")]
        assert s.set_many({SYS_CONTACT: OctetString(old)}) == {SYS_CONTACT: old}
        with pytest.raises(ErrorStatusError) as info:
            s.set(SYS_DESCR, OctetString("read-only"))
        assert info.value.oid == SYS_DESCR
    with session(snmpd) as s, pytest.raises(ErrorStatusError):
        s.set(SYS_CONTACT, OctetString("no write access"))


@pytest.mark.parametrize("name", ["noauth", "md5des", "shaaes", "sha256aes256", "shaaes256c"])
def test_v3_users(snmpd: Snmpd, name: str) -> None:
    v3 = snmpd.user(name)
    expected = netsnmp_walk(snmpd, SYSTEM, *v3.netsnmp_args())
    with session(snmpd, user=v3.user()) as s:
        engine_id = s.get_engine_id()
        assert stable(list(s.fetch(SYSTEM))) == expected
        assert s.get(SYS_DESCR) == dict(expected)[SYS_DESCR]
        s.refresh()
        assert s.get_engine_id() == engine_id


def test_v3_resyncs_once_on_not_in_time_window(snmpd: Snmpd) -> None:
    v3 = snmpd.user("shaaes")
    with session(snmpd, user=v3.user()) as s:
        engine_id = s.get_engine_id()
    # A given engine id starts at boots 0, time 0: the agent's first answer is an
    # authenticated notInTimeWindow Report, and only a re-send gets the value.
    with session(snmpd, user=v3.user(), engine_id=engine_id) as s:
        assert s.get(SYS_NAME)
        assert s.get_engine_id() == engine_id


def test_v3_errors(snmpd: Snmpd) -> None:
    v3 = snmpd.user("shaaes")
    with session(snmpd, user=v3.user(auth_password="wrong-password")) as s:
        with pytest.raises(WrongDigestError):
            s.get(SYS_NAME)
    with session(snmpd, user=v3.user(name="nobody")) as s, pytest.raises(UnknownUserNameError):
        s.get(SYS_NAME)


def test_sessions_share_a_manager(snmpd: Snmpd) -> None:
    with Manager(("127.0.0.1", 0)) as manager:
        with session(snmpd, manager=manager) as a, session(snmpd, manager=manager) as b:
            assert a.get(SYS_NAME) == b.get(SYS_NAME)
            assert manager.endpoint.local_address == manager.local_address
        assert not manager.endpoint.in_flight()


def test_unopened_session_says_how_to_open_it(snmpd: Snmpd) -> None:
    with pytest.raises(RuntimeError, match="with SnmpSession"):
        session(snmpd).get(SYS_NAME)
