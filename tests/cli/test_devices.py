"""snmpsim-data's recordings of real devices, served by our agent: anysnmp prints them as Net-SNMP.

``scripts/setup test`` fetches the ~116 recordings of PyPI's ``snmpsim-data`` (switches,
routers, firewalls, UPSes, cameras, Linux and Windows hosts; most ``.snmprec.bz2``) into
build/test-recordings, never into this repository. Every recording is a test: a sample of
it (`device_sample`: one record of each column and type of its first 256 KiB, at most
`SAMPLE_SIZE`) is served by our agent, and ``anysnmp bulkwalk`` prints what
``snmpbulkwalk`` prints of it, byte for byte, with the test MIB set (vendor subtrees print
numerically: their modules are not in it) and numerically; a few devices with more -O sets
and ``snmpwalk -v1``; our sessions read the values Net-SNMP reads. A recording our agent
refuses is refused for a reason snmpsim has too (its responder cannot serve that record).
"""

from __future__ import annotations

import bz2
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from cli_helpers import ANYSNMP
from peers import require_tool, snmpsim_responder
from recording_helpers import comparable, mib_options, netsnmp_values, run_command, same_output

from anysnmp import Agent, CommandResponder, MibView, RecordingError, SnmpSession

#: Where scripts/fetch-test-recordings puts snmpsim-data's recordings.
RECORDINGS = Path(__file__).resolve().parents[2] / "build" / "test-recordings"

#: Each recording by name: its path under `RECORDINGS`, less ``.snmprec[.bz2]``.
DEVICES = {
    path.relative_to(RECORDINGS).as_posix().removesuffix(".bz2").removesuffix(".snmprec"): path
    for path in sorted(RECORDINGS.rglob("*.snmprec*"))
}
if not (RECORDINGS / ".complete").is_file():  # fails the module's collection, skips nothing
    raise AssertionError(f"{RECORDINGS} is missing: run scripts/setup test")

#: Recordings our agent refuses, and why: a record snmpsim cannot serve either (its responder
#: answers noSuchInstance to a GET of it, and a walk stops at it).
REFUSED = {"UPS/juniper-ac": "bad value for tag 4x"}  # sysDescr.0|4x|Juniper: not hex

#: The most records of a recording served (walked with each tool, for each -O set).
SAMPLE_SIZE = 250


def device_sample(path: Path, head: int = 256 * 1024) -> bytes:
    """A recording's sample, as snmprec text: of the records of its first `head` octets, the
    first of each column and type (the OID less its last arc, the tag: an OCTET STRING in hex
    and one in text are two), in the recording's order, spread over at most `SAMPLE_SIZE`;
    records of variation modules (values that change while served) are left out."""
    with bz2.open(path, "rb") if path.name.endswith(".bz2") else path.open("rb") as file:
        text = file.read(head)
    lines = text.splitlines()[:-1] if len(text) == head else text.splitlines()
    seen = set()
    kept = []
    for line in lines:
        fields = line.strip().split(b"|", 2)
        if len(fields) != 3 or b":" in fields[1]:  # a comment, or a variation module's record
            continue
        shape = (fields[1], fields[0].strip().rpartition(b".")[0])
        if shape not in seen:
            seen.add(shape)
            kept.append(line)
    step = max(1, -(-len(kept) // SAMPLE_SIZE))
    return b"".join(line + b"\n" for line in kept[::step])


class DeviceAgents:
    """Our agents serving recordings' samples in this process (an event loop in a thread of
    its own), each on its own port, started when first asked for."""

    def __init__(self, portal: BlockingPortal, stack: ExitStack, folder: Path) -> None:
        self._portal, self._stack, self._folder = portal, stack, folder
        self._addresses: dict[str, str] = {}
        self._read: dict[str, list[tuple[str, str, Any]]] = {}

    def sample(self, name: str) -> Path:
        """The file of recording `name`'s sample (`device_sample`)."""
        path = self._folder / f"{name.replace('/', '_')}.snmprec"
        if not path.exists():
            path.write_bytes(device_sample(DEVICES[name]))
        return path

    def address(self, name: str) -> str:
        """``127.0.0.1:PORT`` of the agent serving recording `name`'s sample (community
        ``public``); raises RecordingError when our agent refuses it."""
        if name not in self._addresses:
            view = MibView.from_snmprec(self.sample(name))
            agent = Agent([("127.0.0.1", 0)], CommandResponder(view))
            self._stack.enter_context(self._portal.wrap_async_context_manager(agent))
            host, port = agent.addresses[0]
            self._addresses[name] = f"{host}:{port}"
        return self._addresses[name]

    def netsnmp_read(self, name: str) -> list[tuple[str, str, Any]]:
        """What snmpbulkwalk reads of recording `name` (`netsnmp_values`), read once."""
        if name not in self._read:
            args = ("-v2c", "-c", "public", self.address(name), ".1")
            self._read[name] = netsnmp_values("snmpbulkwalk", *args)
        return self._read[name]


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeviceAgents]:
    with start_blocking_portal() as portal, ExitStack() as stack:
        yield DeviceAgents(portal, stack, tmp_path_factory.mktemp("devices"))


def test_every_recording_of_snmpsim_data_is_a_test() -> None:
    assert len(DEVICES) == 116
    assert set(REFUSED) < set(DEVICES)


SERVED = [name for name in DEVICES if name not in REFUSED]

#: Devices of each kind walked with more -O sets, and with snmpwalk -v1 (GETNEXT).
FLAG_DEVICES = (
    "UPS/apc-8641",
    "bmc/hp-onboard-administrator",
    "camera/samsung-ipolis",
    "cloud/arista-dcs-7150s-52-cl",
    "iot/geist-temperature-sensor",
    "network/firewall/paloalto-pa-5000",
    "network/router/juniper-mx960-13-3r9-13",
    "network/switch/cisco-c3750",
    "network/wifi/aruba-7210",
    "os/linux/unknown-001",
    "os/windows/XP",
    "storage/netapp-fas3270",
)
MORE_FLAGS = ("X", "e", "x", "qv", "fT", "Sab", "QU", "st")


@pytest.mark.parametrize("name", SERVED)
def test_device_walks_print_as_net_snmp(devices: DeviceAgents, name: str) -> None:
    addr = devices.address(name)
    flags = ("", "n", *(MORE_FLAGS if name in FLAG_DEVICES else ()))
    for flag in flags:
        options = ["-On"] if flag == "n" else [*mib_options(), *([f"-O{flag}"] if flag else [])]
        out = same_output(
            "bulkwalk", "snmpbulkwalk", ["-v2c", "-c", "public", *options, addr, ".1"]
        )
        assert len(out.splitlines()) >= len(devices.sample(name).read_bytes().splitlines()) // 2
    if name in FLAG_DEVICES:
        same_output("walk", "snmpwalk", ["-v1", "-c", "public", *mib_options(), addr, ".1"])


@pytest.mark.parametrize("name", SERVED)
async def test_sessions_read_what_net_snmp_reads_of_devices(
    devices: DeviceAgents, anyio_backend: str, name: str
) -> None:
    walked = devices.netsnmp_read(name)
    host, port = devices.address(name).split(":")
    async with SnmpSession(host, int(port), timeout=5) as session:
        fetched = [item async for item in session.fetch("1")]
    assert [oid for oid, _ in fetched] == [oid for oid, _, _ in walked]
    for (oid, value), (_, _, reference) in zip(fetched, walked, strict=True):
        assert comparable(value, reference) == reference, oid


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_device_holds_a_record_snmpsim_cannot_serve(
    devices: DeviceAgents, tmp_path: Path, name: str
) -> None:
    sample = devices.sample(name)
    with pytest.raises(RecordingError, match=re.escape(REFUSED[name])) as info:
        devices.address(name)
    found = re.match(rf"{re.escape(str(sample))}:(\d+): ", str(info.value))
    assert found, info.value
    oid = sample.read_bytes().splitlines()[int(found.group(1)) - 1].split(b"|")[0].decode()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "device.snmprec").write_bytes(sample.read_bytes())
    with snmpsim_responder(tmp_path / "data", tmp_path / "cache", "device") as address:
        got = run_command([require_tool("snmpget"), "-v2c", "-c", "device", "-On", address, oid])
    assert got[1] == f".{oid} = No Such Instance currently exists at this OID\n"


#: A recording whose OIDs are not in order (its agent answered so), as snmpsim serves it: a
#: walk meets OIDs that do not increase, and Net-SNMP's tools print them before they stop
#: (snmpwalk), or go on where they follow the request's (snmpbulkwalk).
UNSORTED = "network/appliance/network-research-squid"


def test_walks_of_an_unsorted_device_served_by_snmpsim_print_as_net_snmp(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "device.snmprec.bz2").write_bytes(DEVICES[UNSORTED].read_bytes())
    errors = []
    with snmpsim_responder(tmp_path / "data", tmp_path / "cache", "device") as address:
        for command, args in (
            ("walk", ["-v2c", "-On"]),
            ("walk", ["-v1", *mib_options()]),
            ("bulkwalk", ["-v2c", *mib_options()]),
            ("bulkwalk", ["-v2c", "-Cr7", "-On"]),
        ):
            arguments = [*args, "-c", "device", address, ".1"]
            ours = run_command([*ANYSNMP, command, *arguments])
            theirs = run_command([require_tool(f"snmp{command}"), *arguments])
            assert ours[:2] == theirs[:2], (command, arguments)
            errors.append(("OID not increasing" in ours[2], "OID not increasing" in theirs[2]))
    assert errors[:2] == [(True, True)] * 2 and all(ours == theirs for ours, theirs in errors)
