"""SnmpSession against a real Net-SNMP snmpd, cross-checked with Net-SNMP's own tools."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from peers import Snmpd, in_volatile_subtree, netsnmp, opaque_number, parse_netsnmp

import anysnmp
from anysnmp import NoSuchInstance, SnmpSession, SnmpVersion
from anysnmp._backends._udp import UdpEndpoint

pytestmark = pytest.mark.anyio

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
OUTPUT = ("-On", "-Oe", "-Ox", "-OU")

#: Values compared by OID and type only: those that flip with the agent's own state
#: (nsCacheStatus: cache valid/expired), and host gauges that move both ways between the
#: reference walks while the machine is busy (hrSystemNumUsers and hrSystemProcesses,
#: hrStorageUsed, hrProcessorLoad, UCD-SNMP-MIB's memory, disks and load averages), so ours
#: need not lie between theirs.
UNSTABLE_VALUES = (
    "1.3.6.1.4.1.8072.1.5.3.1.3.",
    "1.3.6.1.2.1.25.1.5.",
    "1.3.6.1.2.1.25.1.6.",
    "1.3.6.1.2.1.25.2.3.1.5.",  # hrStorageSize: some sizes move both ways on a busy host
    "1.3.6.1.2.1.25.2.3.1.6.",
    "1.3.6.1.2.1.25.3.3.1.2.",
    "1.3.6.1.2.1.6.9.",  # tcpCurrEstab: connections open and close between the walks
    "1.3.6.1.4.1.2021.4.",
    "1.3.6.1.4.1.2021.9.",
    "1.3.6.1.4.1.2021.10.",
)

TYPE_NAMES = {
    0x02: "INTEGER",
    0x04: "Hex-STRING",
    0x05: "NULL",
    0x06: "OID",
    0x40: "IpAddress",
    0x41: "Counter32",
    0x42: "Gauge32",
    0x43: "Timeticks",
    0x44: "Opaque",
    0x46: "Counter64",
}


def session(snmpd: Snmpd, version: SnmpVersion = SnmpVersion.v2c, **kw: Any) -> SnmpSession:
    return SnmpSession(
        snmpd.host, snmpd.port, community=snmpd.community, version=version, timeout=5, **kw
    )


def netsnmp_get(snmpd: Snmpd, *oids: str, version: str = "2c") -> dict[str, Any]:
    out = netsnmp("snmpget", *OUTPUT, f"-v{version}", "-c", snmpd.community, snmpd.target, *oids)
    return {oid: value for oid, _, value in parse_netsnmp(out)}


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_get_matches_snmpget(snmpd: Snmpd, version: SnmpVersion) -> None:
    expected = netsnmp_get(snmpd, SYS_DESCR, SYS_OBJECT_ID, SYS_NAME)
    async with session(snmpd, version) as s:
        assert await s.get(SYS_DESCR) == expected[SYS_DESCR]
        assert await s.get(SYS_OBJECT_ID) == expected[SYS_OBJECT_ID]
        assert await s.get(SYS_NAME) == expected[SYS_NAME]
        assert isinstance(await s.get(SYS_UPTIME), int)


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_get_of_a_missing_oid_raises_no_such_instance(
    snmpd: Snmpd, version: SnmpVersion
) -> None:
    async with session(snmpd, version) as s:
        with pytest.raises(NoSuchInstance):
            await s.get("1.3.6.1.2.1.1.99.0")
        with pytest.raises(NoSuchInstance):
            await s.get("1.3.6.1.2.1.1.1.5")
        assert await s.get(SYS_NAME)  # still usable


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_get_many_omits_missing_oids(snmpd: Snmpd, version: SnmpVersion) -> None:
    expected = netsnmp_get(snmpd, SYS_DESCR, SYS_NAME)
    async with session(snmpd, version) as s:
        result = await s.get_many([SYS_DESCR, "1.3.6.1.2.1.1.99.0", SYS_NAME, SYS_UPTIME])
    assert set(result) == {SYS_DESCR, SYS_NAME, SYS_UPTIME}
    assert result[SYS_DESCR] == expected[SYS_DESCR] and result[SYS_NAME] == expected[SYS_NAME]


async def test_get_many_keys_answers_without_the_leading_dot(snmpd: Snmpd) -> None:
    async with session(snmpd) as s:
        every = await s.get_many(["." + SYS_DESCR, SYS_NAME])
        missing = await s.get_many(["." + SYS_DESCR, ".1.3.6.1.2.1.1.99.0"])
    assert set(every) == {SYS_DESCR, SYS_NAME} and set(missing) == {SYS_DESCR}


async def test_get_typed_reports_the_smi_type(snmpd: Snmpd) -> None:
    async with session(snmpd) as s:
        tag, ticks = await s.get_typed(SYS_UPTIME)
        assert tag == 0x43 and isinstance(ticks, int)
        assert (await s.get_typed(SYS_OBJECT_ID))[0] == 0x06


def moved_between(value: Any, first: Any, last: Any) -> bool:
    """`value` equals a reference value, or (a counter or clock) lies between them."""
    if value in (first, last):
        return True
    return type(value) is type(first) is int and min(first, last) <= value <= max(first, last)


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_get_many_and_get_typed_agree_with_a_walk(snmpd: Snmpd, version: SnmpVersion) -> None:
    async def walk(s: SnmpSession) -> list[tuple[str, int, Any]]:
        items: list[tuple[str, int, Any]] = []
        for root in ("1.3.6.1.2.1.1", "1.3.6.1.2.1.2.2.1"):
            async for batch in s.walk_batches(root, typed=True):
                items += batch
        return [item for item in items if not in_volatile_subtree(item[0])]

    async with session(snmpd, version) as s:
        before = await walk(s)
        oids = [oid for oid, _, _ in before][:120]
        missing = ["1.3.6.1.2.1.1.99.0", "1.3.6.1.2.1.2.2.1.1.999999"]
        asked = [*oids[:40], missing[0], *oids[40:], missing[1]]
        got = await s.get_many(asked)
        reversed_ = await s.get_many(asked[::-1])
        dotted = await s.get_many(["." + oid for oid in oids[:30]])
        typed = {oid: await s.get_typed(oid) for oid in oids[:30]}
        after = await walk(s)
    first = {oid: value for oid, _, value in before}
    last = {oid: value for oid, _, value in after}
    tags = {oid: tag for oid, tag, _ in before}
    assert len(oids) == 120 and list(got) == oids and set(reversed_) == set(oids)
    assert list(dotted) == oids[:30]
    for result in (got, reversed_, dotted):
        for oid, value in result.items():
            assert moved_between(value, first[oid], last.get(oid, first[oid])), (oid, value)
    for oid, (tag, value) in typed.items():
        assert tag == tags[oid] and moved_between(value, first[oid], last.get(oid, first[oid]))


def comparable(items: list[tuple[str, int, Any]]) -> list[tuple[str, str]]:
    return [(oid, TYPE_NAMES[tag]) for oid, tag, _ in items if not in_volatile_subtree(oid)]


def netsnmp_walk(
    snmpd: Snmpd, tool: str, root: str, version: str = "2c"
) -> list[tuple[str, str, Any]]:
    args = [*OUTPUT, f"-v{version}", "-c", snmpd.community]
    if tool == "snmpbulkwalk":
        args += ["-Cr25"]
    out = netsnmp(tool, *args, snmpd.target, root)
    return [item for item in parse_netsnmp(out) if not in_volatile_subtree(item[0])]


def assert_same_walk(
    ours: list[tuple[str, int, Any]],
    before: list[tuple[str, str, Any]],
    after: list[tuple[str, str, Any]],
) -> None:
    """Same OIDs and types as Net-SNMP; each value equals Net-SNMP's before or after ours,
    or (numbers that moved meanwhile) lies between them."""
    ours = [item for item in ours if not in_volatile_subtree(item[0])]
    assert [(o, t) for o, t, _ in before] == comparable(ours) or [
        (o, t) for o, t, _ in after
    ] == comparable(ours)
    reference = before if [(o, t) for o, t, _ in before] == comparable(ours) else after
    after_values = {oid: value for oid, _, value in after}
    for (oid, tag, value), (_, _, first) in zip(ours, reference, strict=True):
        last = after_values.get(oid, first)
        if tag == 0x44 and isinstance(first, float):
            number = opaque_number(value)
            assert number is not None, (oid, value)
            value = round(number, 6)  # Net-SNMP prints floats with 6 decimals
        if value in (first, last) or oid.startswith(UNSTABLE_VALUES):
            continue
        # Moved between the two reference walks (counters, clocks such as hrSystemDate).
        assert type(value) is type(first) is type(last), (oid, value, first, last)
        assert min(first, last) <= value <= max(first, last), (oid, value, first, last)


@pytest.mark.parametrize("method", ["getnext", "getbulk"])
async def test_full_walk_matches_net_snmp(snmpd: Snmpd, method: str) -> None:
    tool = "snmpbulkwalk" if method == "getbulk" else "snmpwalk"
    before = netsnmp_walk(snmpd, tool, "1.3.6")
    async with session(snmpd, max_repetitions=25) as s:
        ours: list[tuple[str, int, Any]] = []
        async for batch in s.walk_batches("1.3.6", bulk=method == "getbulk", typed=True):
            ours.extend(batch)
    after = netsnmp_walk(snmpd, tool, "1.3.6")
    assert len(ours) > 1000
    assert_same_walk(ours, before, after)


async def test_plain_walk_values_match_typed_walk(snmpd: Snmpd) -> None:
    async with session(snmpd) as s:
        plain = [item async for item in s.getbulk("1.3.6.1.2.1.1")]
        fetched = [item async for item in s.fetch("1.3.6.1.2.1.1")]
        nexted = [item async for item in s.getnext("1.3.6.1.2.1.1")]
    assert [o for o, _ in plain] == [o for o, _ in fetched] == [o for o, _ in nexted]
    assert plain[0] == (SYS_DESCR, netsnmp_get(snmpd, SYS_DESCR)[SYS_DESCR])


async def test_v1_walk_ends_at_no_such_name_and_skips_nothing(snmpd: Snmpd) -> None:
    expected = netsnmp_walk(snmpd, "snmpwalk", "1.3.6.1.2.1.1", version="1")
    async with session(snmpd, SnmpVersion.v1) as s:
        ours = [oid async for oid, _ in s.fetch("1.3.6.1.2.1.1")]
        with pytest.raises(anysnmp.SnmpError, match="GETBULK"):
            s.getbulk("1.3.6.1.2.1.1")
        # The end of the whole MIB: v1 agents answer noSuchName.
        tail = [oid async for oid, _ in s.getnext("1.3.6.1.6.3.16.1.5.2.1.6")]
    assert ours == [oid for oid, _, _ in expected]
    assert isinstance(tail, list)


async def test_streamed_walk_matches_iterator(snmpd: Snmpd) -> None:
    async with session(snmpd) as s:
        expected = [oid async for oid, _ in s.getbulk("1.3.6.1.2.1.2")]
        async with s.walk("1.3.6.1.2.1.2") as results:
            streamed = [oid async for oid, _ in results]
    assert streamed == expected and len(expected) > 10


async def test_set_and_error_status(snmpd: Snmpd) -> None:
    async with SnmpSession(
        snmpd.host, snmpd.port, community=snmpd.write_community, timeout=5
    ) as rw:
        await rw.set("1.3.6.1.2.1.1.4.0", anysnmp.OctetString(b"ops@example.net"))
        assert await rw.get("1.3.6.1.2.1.1.4.0") == b"ops@example.net"
        with pytest.raises(anysnmp.ErrorStatusError) as info:
            await rw.set(SYS_UPTIME, anysnmp.TimeTicks(5))
        assert info.value.status_name == "notWritable" and info.value.oid == SYS_UPTIME
        with pytest.raises(anysnmp.ErrorStatusError, match="wrongType"):
            await rw.set("1.3.6.1.2.1.1.4.0", anysnmp.Integer(5))
    async with session(snmpd) as ro:
        with pytest.raises(
            anysnmp.ErrorStatusError, match=r"noAccess|notWritable|authorizationError"
        ):
            await ro.set("1.3.6.1.2.1.1.4.0", b"nobody")
    reference = netsnmp_get(snmpd, "1.3.6.1.2.1.1.4.0")
    assert reference["1.3.6.1.2.1.1.4.0"] == b"ops@example.net"


async def test_ipv6(snmpd6: Snmpd) -> None:
    async with SnmpSession("::1", snmpd6.port, community="public", timeout=5) as s:
        descr = await s.get(SYS_DESCR)
        assert isinstance(descr, bytes) and descr.startswith(b"Linux")
        assert s._endpoint is not None and s._endpoint.family == socket.AF_INET6


async def test_socket_options_are_applied(snmpd: Snmpd) -> None:
    async with session(snmpd, tos=0xB8, send_buffer=1 << 18, recv_buffer=1 << 18) as s:
        assert isinstance(s._endpoint, UdpEndpoint)
        sock = s._endpoint.sock
        assert sock.getsockopt(socket.IPPROTO_IP, socket.IP_TOS) == 0xB8
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) >= 1 << 18
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) >= 1 << 18
        assert await s.get(SYS_NAME)


async def test_sessions_share_a_manager_socket(snmpd: Snmpd) -> None:
    async with anysnmp.Manager(("127.0.0.1", 0)) as manager:
        sessions = [
            SnmpSession(snmpd.host, snmpd.port, manager=manager, timeout=5) for _ in range(20)
        ]
        results = []
        for s in sessions:
            async with s:
                results.append(await s.get(SYS_NAME))
                assert s._endpoint is manager.endpoint
        assert len(set(results)) == 1


class _Counting(anysnmp.BasePolicer):
    """Counts the messages sent (each waits once)."""

    def __init__(self) -> None:
        self.sent = 0

    async def wait(self) -> None:
        self.sent += 1

    def wait_blocking(self) -> None:
        self.sent += 1


@pytest.mark.parametrize("clock", [True, False])
async def test_engine_boots_and_time_spare_the_refused_request(snmpd: Snmpd, clock: bool) -> None:
    """With the agent's engine id, boots and time given (Net-SNMP's -e and -Z), a GET is one
    message; with the engine id alone the agent first refuses it (notInTimeWindow: 0, 0)."""
    async with SnmpSession(snmpd.host, snmpd.port) as v2c:
        values = await v2c.get_many(["1.3.6.1.6.3.10.2.1.1.0", "1.3.6.1.6.3.10.2.1.2.0"])
        engine_time = await v2c.get("1.3.6.1.6.3.10.2.1.3.0")
    engine_id, boots = values["1.3.6.1.6.3.10.2.1.1.0"], values["1.3.6.1.6.3.10.2.1.2.0"]
    assert isinstance(engine_id, bytes) and isinstance(boots, int) and isinstance(engine_time, int)
    user = snmpd.user("md5").user()
    for blocking in (False, True):
        policer = _Counting()
        options: dict[str, Any] = dict(user=user, engine_id=engine_id, policer=policer)
        if clock:
            options.update(engine_boots=boots, engine_time=engine_time)
        if blocking:
            with anysnmp.sync.SnmpSession(snmpd.host, snmpd.port, **options) as s:
                assert s.get(SYS_NAME)
        else:
            async with SnmpSession(snmpd.host, snmpd.port, **options) as session:
                assert await session.get(SYS_NAME)
        assert policer.sent == (1 if clock else 2)


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"engine_boots": 1}, "engine_boots and engine_time are given together"),
        ({"engine_boots": -1, "engine_time": 0}, "engine_boots"),
        ({"engine_boots": 0, "engine_time": 2**31}, "engine_time"),
    ],
)
def test_engine_clock_checked(given: dict[str, int], error: str) -> None:
    with pytest.raises(anysnmp.ConfigurationError, match=error):
        SnmpSession("127.0.0.1", **given)  # type: ignore[arg-type]
