"""Real device recordings (snmpsim's), served by our agent: anysnmp prints them as Net-SNMP does.

The recordings come from the installed ``snmpsim`` package (the test extra),
never from this repository: full walks of a Linux host and a Windows XP host,
a UPS, parts of others, and the MIB-II groups snmpsim ships. Our agent serves
each one; anysnmp's commands and Net-SNMP's tools, given the same options and
the test MIB set, must print the very same bytes; our sessions must read the
values Net-SNMP reads.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import anysnmp, run_anysnmp, start_agent
from netsnmpd import stop_process
from peers import require_tool, snmpsim_responder
from recording_helpers import comparable, mib_options, netsnmp_values, run_command, same_output

from anysnmp import (
    Aes128Key,
    Mib,
    MibView,
    RecordingError,
    Sha1Key,
    SnmpSession,
    SnmpVersion,
    User,
)

#: snmpsim's data folder: recordings of real devices, and examples of its variation modules.
SNMPSIM_DATA = Path(str(files("snmpsim") / "data"))

#: The recordings of devices (recorded values only), as paths under `SNMPSIM_DATA`.
RECORDINGS = (
    "recorded/linux-full-walk",
    "recorded/winxp-full-walk",
    "recorded/eaton-9PX-partial-walk",
    "recorded/udp-endpoint-table-walk",
    "recorded/solaris-system",
    "recorded/linksys-system",
    "mib2dev/host-resources-mib",
    "mib2dev/ip-mib",
    "mib2dev/tcp-mib",
    "mib2dev/udp-mib",
    "1.3.6.1.6.1.1.0/127.0.0.1",
    "public/1.3.6.1.6.1.1.0/127.0.0.1",
    "public/1.3.6.1.2.1.100.1.2.0/__1",
)


#: The SNMPv3 user our agents serve (authPriv), in Net-SNMP's options and as our `User`.
V3_ARGS = (
    *("-v3", "-u", "walker", "-l", "authPriv"),
    *("-a", "SHA", "-A", "authpass1", "-x", "AES", "-X", "privpass1"),
)
V3_USER = User("walker", auth_key=Sha1Key(b"authpass1"), priv_key=Aes128Key(b"privpass1"))


def recording_path(name: str) -> Path:
    """The snmprec file of recording `name` (fails when snmpsim is not installed)."""
    path = SNMPSIM_DATA / f"{name}.snmprec"
    assert path.is_file(), f"{path} is missing: run scripts/setup test (snmpsim>=1.2)"
    return path


class RecordingAgents:
    """Our agent (``anysnmp agent``, a process) for each recording asked for, started once."""

    def __init__(self) -> None:
        self._running: dict[str, tuple[subprocess.Popen[bytes], str]] = {}

    def address(self, name: str) -> str:
        """``127.0.0.1:PORT`` of the agent serving recording `name`."""
        if name not in self._running:
            self._running[name] = start_agent(
                str(recording_path(name)), "--user", "walker:SHA:authpass1:AES:privpass1"
            )
        return self._running[name][1]

    def stop(self) -> None:
        """Stops every agent started."""
        for proc, _ in self._running.values():
            stop_process(proc)
        self._running.clear()


@pytest.fixture(scope="module")
def agents() -> Iterator[RecordingAgents]:
    running = RecordingAgents()
    try:
        yield running
    finally:
        running.stop()


#: -O flags compared on the full walks of real hosts (snmpbulkwalk -v2c): each OID form and
#: value form; on the other recordings, a few.
WALK_FLAGS: tuple[str, ...] = ("", "n", "f", "S", "qs", "Qv", "e", "xb", "a", "t", "U", "X")
WALK_FLAGS += ("Xqs", "ab", "uT", "EX", "0q", "qqs", "xa")  # qq: toggled off; xa: a wins
FEW_WALK_FLAGS = ("", "n", "Xqs", "fe")


@pytest.mark.parametrize("name", RECORDINGS)
def test_walks_print_as_net_snmp(agents: RecordingAgents, name: str) -> None:
    addr = agents.address(name)
    lines = 0
    for flags in WALK_FLAGS if name in RECORDINGS[:2] else FEW_WALK_FLAGS:
        options = ["-On"] if flags == "n" else [*mib_options(), *([f"-O{flags}"] if flags else [])]
        out = same_output(
            "bulkwalk", "snmpbulkwalk", ["-v2c", "-c", "public", *options, addr, ".1"]
        )
        lines = max(lines, len(out.splitlines()))
    for version, options in (("1", mib_options()), ("1", ["-On"]), ("2c", [*mib_options(), "-Os"])):
        same_output("walk", "snmpwalk", [f"-v{version}", "-c", "public", *options, addr, ".1"])
    assert lines >= sum(1 for _ in recording_path(name).open("rb")) - 1


#: Scalars asked of every recording with snmpget (present or not).
SCALARS = (
    "SNMPv2-MIB::sysDescr.0",
    "SNMPv2-MIB::sysObjectID.0",
    "SNMPv2-MIB::sysUpTime.0",
    "SNMPv2-MIB::sysContact.0",
    "SNMPv2-MIB::sysName.0",
    "IF-MIB::ifNumber.0",
    "IF-MIB::ifDescr.1",
    "IF-MIB::ifPhysAddress.2",
)


@pytest.mark.parametrize("name", RECORDINGS)
def test_gets_print_as_snmpget(agents: RecordingAgents, name: str) -> None:
    addr = agents.address(name)
    for options in ([], ["-On"]):
        same_output(
            "get", "snmpget", ["-v2c", "-c", "public", *mib_options(), *options, addr, *SCALARS]
        )


#: Tables with rows in the recordings, of the modules the test MIB set holds.
TABLES: tuple[tuple[str, str, list[str]], ...] = (
    ("recorded/linux-full-walk", "IF-MIB::ifTable", []),
    ("recorded/linux-full-walk", "IF-MIB::ifXTable", ["-Cb", "-Ci"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::ipAddrTable", ["-Ci", "-Cf", ","]),
    ("recorded/linux-full-walk", "RFC1213-MIB::tcpConnTable", ["-Cw", "80", "-Os"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::udpTable", ["-Cl", "-OX"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::ipRouteTable", ["-CH", "-Cr", "3"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::ipNetToMediaTable", ["-Ci", "-Ob"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::atTable", ["-Ox"]),
    # -OX: an OID in an index prints in the -O form ([IF-MIB::ifTable], -Os [ifTable]...).
    ("recorded/linux-full-walk", "NET-SNMP-AGENT-MIB::nsCacheTable", ["-OX", "-Ci"]),
    ("recorded/linux-full-walk", "NET-SNMP-AGENT-MIB::nsCacheTable", ["-OXs", "-Ci", "-CB"]),
    ("recorded/linux-full-walk", "NET-SNMP-AGENT-MIB::nsModuleTable", ["-OXf", "-Ci", "-Cr", "50"]),
    ("recorded/linux-full-walk", "SNMP-USER-BASED-SM-MIB::usmUserTable", ["-OX", "-Ci"]),
    ("recorded/winxp-full-walk", "IF-MIB::ifTable", ["-Ci", "-Cw", "120"]),
    ("recorded/winxp-full-walk", "RFC1213-MIB::ipRouteTable", ["-Cb", "-Oe"]),
    ("recorded/winxp-full-walk", "RFC1213-MIB::tcpConnTable", ["-v1"]),
    ("recorded/linux-full-walk", "RFC1213-MIB::tcpConnTable", ["-v1", "-Cb"]),  # 26 rows
    ("recorded/linux-full-walk", "RFC1213-MIB::tcpConnTable", ["-CB", "-Ci", "-Cr", "7"]),
    ("recorded/winxp-full-walk", "RFC1213-MIB::ipNetToMediaTable", ["-Cf", "|"]),
    ("mib2dev/ip-mib", "RFC1213-MIB::ipAddrTable", ["-Ci"]),
    ("mib2dev/tcp-mib", "RFC1213-MIB::tcpConnTable", ["-Cb", "-Ci", "-Of"]),
    ("mib2dev/udp-mib", "RFC1213-MIB::udpTable", ["-v1", "-Ci"]),
    ("1.3.6.1.6.1.1.0/127.0.0.1", "IF-MIB::ifTable", ["-Cl"]),
    # The IETF modules: enums, OID values, units, InetAddress indexes, OID indexes (-OX
    # prints the inetCidrRoutePolicy "5" as Net-SNMP gives up on it; -OXb: no rows read).
    ("recorded/linux-full-walk", "HOST-RESOURCES-MIB::hrStorageTable", []),
    ("recorded/winxp-full-walk", "HOST-RESOURCES-MIB::hrSWRunPerfTable", ["-Ci"]),
    ("mib2dev/host-resources-mib", "HOST-RESOURCES-MIB::hrDeviceTable", ["-Cb"]),
    ("mib2dev/ip-mib", "IP-MIB::ipAddressPrefixTable", ["-Ci", "-OX"]),
    ("mib2dev/tcp-mib", "TCP-MIB::tcpConnectionTable", ["-Ci"]),
    ("mib2dev/udp-mib", "UDP-MIB::udpEndpointTable", ["-Ci", "-Cf", ","]),
    ("recorded/linux-full-walk", "IP-FORWARD-MIB::inetCidrRouteTable", ["-Ci", "-OX"]),
    ("recorded/linux-full-walk", "IP-FORWARD-MIB::inetCidrRouteTable", ["-Ci", "-OXb"]),
    # Column names alone (-Ch), then "No entries" as snmptable says.
    ("recorded/linux-full-walk", "IF-MIB::ifTable", ["-Ch", "-Ci", "-Cw", "50"]),
    ("recorded/linux-full-walk", "IF-MIB::ifTable", ["-Ch", "-CH"]),
    # Tables without rows: "TABLE: No entries"; in v1, "End of MIB" first when the walk ran
    # past the agent's last OID.
    ("recorded/eaton-9PX-partial-walk", "IF-MIB::ifTable", []),
    ("mib2dev/udp-mib", "IF-MIB::ifXTable", ["-v1"]),
    ("mib2dev/udp-mib", "RFC1213-MIB::ipRouteTable", ["-Cw", "60", "-Os"]),
    ("mib2dev/ip-mib", "RFC1213-MIB::tcpConnTable", ["-Cf", "|", "-CH"]),
)


@pytest.mark.parametrize(("name", "table", "options"), TABLES)
def test_tables_print_as_snmptable(
    agents: RecordingAgents, name: str, table: str, options: list[str]
) -> None:
    args = ["-v2c", "-c", "public", *mib_options(), *options, agents.address(name), table]
    out = same_output("table", "snmptable", args)
    assert out


@pytest.mark.parametrize("name", RECORDINGS[:2])
async def test_the_cli_under_each_backend_prints_as_net_snmp(
    agents: RecordingAgents, anyio_backend: str, name: str
) -> None:
    """The flag matrix above runs the default (blocking) commands; here the async ones, in
    v2c and v3 (authPriv)."""
    addr = agents.address(name)
    for credentials in (["-v2c", "-c", "public"], list(V3_ARGS)):
        args = [*credentials, *mib_options(), addr]
        ours = await anysnmp("bulkwalk", "--backend", anyio_backend, *args, ".1")
        theirs = run_command([require_tool("snmpbulkwalk"), *args, ".1"])
        assert (ours.rc, ours.out) == (0, theirs[1])
        table = [*args, "IF-MIB::ifTable"]
        ours = await anysnmp("table", "--backend", anyio_backend, *table)
        theirs = run_command([require_tool("snmptable"), *table])
        assert (ours.rc, ours.out) == (theirs[0], theirs[1])


#: Recordings read with each version (v3: the full walks and the UPS).
SESSION_READS = [
    *((name, version) for name in RECORDINGS for version in (SnmpVersion.v1, SnmpVersion.v2c)),
    *((name, SnmpVersion.v3) for name in RECORDINGS[:3]),
]


@pytest.mark.parametrize(("name", "version"), SESSION_READS)
async def test_sessions_read_what_net_snmp_reads(
    agents: RecordingAgents, anyio_backend: str, name: str, version: SnmpVersion
) -> None:
    host, port = agents.address(name).split(":")
    credentials = {
        SnmpVersion.v1: ("-v1", "-c", "public"),
        SnmpVersion.v2c: ("-v2c", "-c", "public"),
        SnmpVersion.v3: V3_ARGS,
    }[version]
    walked = netsnmp_values("snmpwalk", *credentials, f"{host}:{port}", ".1")
    assert walked
    user = V3_USER if version == SnmpVersion.v3 else None
    async with SnmpSession(host, int(port), version=version, user=user, timeout=5) as session:
        fetched = [item async for item in session.fetch("1.3")]
        async with session.walk("1.3.6.1.2.1.1") as items:
            system = [item async for item in items]
        oids = [oid for oid, _, _ in walked[:40]]
        got = await session.get_many(oids)
    assert [oid for oid, _ in fetched] == [oid for oid, _, _ in walked]
    for (oid, value), (_, _, reference) in zip(fetched, walked, strict=True):
        assert comparable(value, reference) == reference, oid
    assert system == [item for item in fetched if item[0].startswith("1.3.6.1.2.1.1.")]
    assert got == dict(fetched[:40])


#: Table entries read by `SnmpSession.table` against snmpwalk's values of their columns.
SESSION_TABLES = (
    ("recorded/linux-full-walk", "IF-MIB::ifEntry"),
    ("recorded/winxp-full-walk", "RFC1213-MIB::ipRouteEntry"),
    ("recorded/udp-endpoint-table-walk", "1.3.6.1.2.1.7.7.1"),  # udpEndpointEntry
    ("mib2dev/tcp-mib", "RFC1213-MIB::tcpConnEntry"),
)


@pytest.mark.parametrize(("name", "entry"), SESSION_TABLES)
async def test_session_tables_hold_what_snmpwalk_reads(
    agents: RecordingAgents, anyio_backend: str, mib: Mib, name: str, entry: str
) -> None:
    host, port = agents.address(name).split(":")
    prefix = mib.oid(entry) + "."
    walked = netsnmp_values("snmpwalk", "-v2c", "-c", "public", f"{host}:{port}", prefix[:-1])
    expected: dict[str, dict[str, Any]] = {}
    for oid, _, value in walked:
        column, _, index = oid[len(prefix) :].partition(".")
        expected.setdefault(index, {})[prefix + column] = value
    async with SnmpSession(host, int(port), timeout=5, mib=mib) as session:
        rows = await session.table(entry, index=lambda arcs: ".".join(map(str, arcs)))
    assert rows
    assert list(rows) == list(expected)  # rows in index order, as the walk has them
    got = {
        index: {column: comparable(value, expected[index][column]) for column, value in row.items()}
        for index, row in rows.items()
    }
    assert got == expected


def test_every_recording_snmpsim_ships_is_served_or_refused_clearly() -> None:
    """Recordings with records of the variation modules not served are refused, naming the
    module; the others load, whatever their records hold (hex values, odd types, empty
    values, the numeric, writecache, error and delay modules)."""
    loaded = set()
    refused = {}
    for path in sorted(SNMPSIM_DATA.rglob("*.snmprec")):
        name = path.relative_to(SNMPSIM_DATA).with_suffix("").as_posix()
        try:
            view = MibView.from_snmprec(path)
        except RecordingError as exc:
            found = re.search(rf"^{re.escape(str(path))}:\d+: .*variation module '(\w+)'", str(exc))
            assert found, exc
            refused[name] = found.group(1)
            continue
        loaded.add(name)
        assert len(view) == len(set(view.oids())) > 0
    assert loaded >= {
        *RECORDINGS,
        "variation/virtualtable",
        "variation/writecache",
        "variation/error",
        "variation/delay",
    }
    assert refused == {
        "public": "numeric",  # laLoad as an OCTET STRING of numeric (snmpsim: noSuchInstance)
        "variation/multiplex": "multiplex",
        "variation/notification": "notification",
        "variation/sql": "sql",
        "variation/subprocess": "subprocess",
    }


@pytest.fixture(scope="module")
def snmpsim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """snmpsim's responder serving its recorded devices (community: the recording's name);
    yields its address."""
    cache = tmp_path_factory.mktemp("snmpsim-cache")
    with snmpsim_responder(SNMPSIM_DATA / "recorded", cache, "linksys-system") as address:
        yield address


#: What is walked of each recording snmpsim serves: the small ones whole, parts of the others
#: (snmpsim spends ~0.6 ms per varbind).
SNMPSIM_WALKS = (
    ("linux-full-walk", ".1.3.6.1.2.1.2"),
    ("winxp-full-walk", ".1.3.6.1.2.1.1"),
    ("eaton-9PX-partial-walk", ".1"),
    ("udp-endpoint-table-walk", ".1"),
)


@pytest.mark.parametrize(("name", "root"), SNMPSIM_WALKS)
def test_walks_of_snmpsim_print_as_net_snmp(snmpsim: str, name: str, root: str) -> None:
    # snmpsim fills a GETBULK response past the end with endOfMibView varbinds: snmpbulkwalk
    # prints each.
    for command, args in (
        ("walk", ["-v2c", "-On"]),
        ("walk", ["-v1", *mib_options()]),
        ("bulkwalk", ["-v2c", "-On"]),
        ("bulkwalk", ["-v2c", "-Cr3", *mib_options(), "-OXs"]),
    ):
        arguments = [*args, "-c", name, snmpsim, root]
        ours = run_anysnmp(command, *arguments)
        theirs = run_command([require_tool(f"snmp{command}"), *arguments])
        assert (ours.rc, ours.out) == (0, theirs[1]), (command, arguments)


@pytest.mark.parametrize(("name", "root"), SNMPSIM_WALKS)
async def test_sessions_fetch_from_snmpsim_what_snmpwalk_reads(
    snmpsim: str, anyio_backend: str, name: str, root: str
) -> None:
    walked = netsnmp_values("snmpwalk", "-v2c", "-c", name, snmpsim, root)
    host, port = snmpsim.split(":")
    async with SnmpSession(host, int(port), community=name, timeout=10) as session:
        fetched = [
            item async for item in session.fetch(root.lstrip(".") if root != ".1" else "1.3")
        ]
    assert [oid for oid, _ in fetched] == [oid for oid, _, _ in walked]
    for (oid, value), (_, _, reference) in zip(fetched, walked, strict=True):
        assert comparable(value, reference) == reference, oid


#: snmpsim's examples of the variation modules served, and what is walked of each (delay's
#: records wait 0.5 s each, the last one for ever: one of them).
VARIATION_WALKS = (
    ("writecache", ".1"),
    ("error", ".1.3"),
    ("delay", ".1.3.6.1.2.1.2.2.1.6"),
    ("virtualtable", ".1.3.6.1.2.1.2.2.1.1"),
)


@pytest.fixture(scope="module")
def snmpsim_variations(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """snmpsim's responder serving its examples of variation modules; yields its address."""
    cache = tmp_path_factory.mktemp("snmpsim-cache")
    with snmpsim_responder(SNMPSIM_DATA / "variation", cache, "writecache") as address:
        yield address


@pytest.mark.parametrize(("name", "root"), VARIATION_WALKS)
def test_variation_examples_walk_as_snmpsim_serves_them(
    agents: RecordingAgents, snmpsim_variations: str, name: str, root: str
) -> None:
    """``anysnmp agent`` serves snmpsim's examples as snmpsim does: snmpwalk prints the same,
    error-statuses included (the error and writecache examples end their walks with one)."""
    ours = run_command(
        [
            require_tool("snmpwalk"),
            "-v2c",
            "-c",
            "public",
            agents.address(f"variation/{name}"),
            root,
        ]
    )
    theirs = run_command([require_tool("snmpwalk"), "-v2c", "-c", name, snmpsim_variations, root])
    assert ours == theirs
    assert ours[1]
