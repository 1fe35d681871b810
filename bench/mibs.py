"""The MIB scenarios (m-load, m-walk, m-cli, m-start): anysnmp with names beside Net-SNMP.

All use the test MIB set (build/test-mibs, fetched by ``scripts/fetch-test-mibs``, which
``scripts/setup test`` runs), given to both sides with ``-M DIRS -m ALL``:

- m-load: ``Mib.load`` of every module from the compiled cache (CPU and wall of the
  call, in a fresh process) beside ``snmptranslate -m ALL -On .1`` (the process: Net-SNMP
  parses the MIB files at every start).
- m-walk: the API's GETBULK walk of snmpd's tree printed as Net-SNMP prints it, with
  names (a fresh ``Mib`` and formatter each run, as in one command: ``anysnmp-names``;
  the same formatter's next walk: ``anysnmp-names-warm``) and numerically
  (``anysnmp-numeric``): client CPU in the worker process. Beside them pysnmp's walk
  with ``lookupMib=True``, each varbind printed by its ``prettyPrint()``
  (``pysnmp-names``: a fresh engine each run, the same modules compiled by pysmi into
  pysnmp's form before the rounds, loaded before the clock).
- m-cli: ``anysnmp bulkwalk`` beside ``snmpbulkwalk`` with the same MIBs, whole processes,
  against an snmpd on a CPU of its own (as a device is another machine: a command's wall
  is then its own work and the agent's answers, not the two processes' CPU added up).
  Beside them the floor of any command line written in Python with click
  (``floor-click-walk``): a process that imports click, then sends the walk's GETBULKs
  (encoded before the rounds from a walk of the same subtree, the same max-repetitions)
  over a blocking socket, each when the last is answered, decoding nothing, printing
  nothing, loading no MIB: less than any such command must do.
- m-start: ``anysnmp get`` beside ``snmpget`` of one OID, numeric (no MIBs): process start.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import BENCH_DIR, COMMUNITY, Clock

#: The entries of each MIB scenario; the last is the baseline of its ratios.
ENTRIES: dict[str, tuple[str, ...]] = {
    "m-load": ("anysnmp-mib-load", "netsnmp-snmptranslate"),
    "m-walk": ("pysnmp-names", "anysnmp-names", "anysnmp-names-warm", "anysnmp-numeric"),
    "m-cli": ("anysnmp-bulkwalk", "floor-click-walk", "netsnmp-snmpbulkwalk"),
    "m-start": ("anysnmp-get", "netsnmp-snmpget"),
}
SCENARIOS = tuple(ENTRIES)
#: What each scenario's runs share.
NOTES = {
    "m-load": "Net-SNMP parses the MIB files at every start: snmptranslate's CPU is the whole "
    "process's; anysnmp's is the Mib.load call's, in a fresh process",
    "m-walk": "client CPU in one process: the walk and the text of every varbind; pysnmp: "
    "the modules of the set compiled by pysmi (pysnmp's own copies of the base ones), those "
    "that load (not UCD-SNMP-MIB nor UCD-DISKIO-MIB: HCNUM-TC is not in the set) loaded "
    "before the clock",
    "m-cli": "both print snmpd's tree with names; wall time includes snmpd's answers",
    "m-start": "numeric (MIBS empty): the process start, one request, one line",
}
TITLES = {
    "m-load": "loading every module of the test MIB set (anysnmp: its compiled cache)",
    "m-walk": "API GETBULK walk of snmpd's tree printed with names / numerically",
    "m-cli": "bulkwalk of snmpd's tree with names (-m ALL), whole processes",
    "m-start": "get of one OID, numeric: the whole process",
}
#: The OID m-start gets (sysName.0).
START_OID = "1.3.6.1.2.1.1.5.0"

_TEST_MIBS = BENCH_DIR.parent / "build" / "test-mibs"


def mib_dirs() -> str:
    """The test MIB set's search path (Net-SNMP's syntax)."""
    if not (_TEST_MIBS / ".complete").exists():
        raise SystemExit(f"{_TEST_MIBS} is missing: run scripts/fetch-test-mibs")
    return ":".join(str(_TEST_MIBS / folder) for folder in ("netsnmp", "erlang", "npm", "ietf"))


def tool_env(home: Path) -> dict[str, str]:
    """Both sides' environment: no user configuration, anysnmp's MIB cache under `home`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "SNMPCONFPATH": "/nonexistent",
        "XDG_CACHE_HOME": str(home / "cache"),
        "MIBS": "",
        "MIBDIRS": "/nonexistent",
    }


def _anysnmp_command() -> list[str]:
    script = Path(sys.executable).parent / "anysnmp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "anysnmp"]


def _netsnmp(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if path is None:
        raise SystemExit(f"{name} is not installed (Debian package snmp)")
    return path


#: Mib.load timed inside a fresh process (its start is not Net-SNMP's parse).
_LOAD = """
import json, sys, time, warnings
from anysnmp import Mib, MibWarning
warnings.simplefilter("ignore", MibWarning)
cpu, wall = time.process_time(), time.perf_counter()
mib = Mib.load(("ALL",), dirs=sys.argv[1])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "modules": len(mib.modules)}))
"""


#: The floor of a command line in Python with click: its imports, then the walk's requests
#: (encoded before the rounds, `floor_requests`) each sent when the last was answered, the
#: answers not decoded, nothing printed; how many requests it sent on stdout.
_CLICK_WALK = """
import socket, sys
import click
host, port, path = sys.argv[1:]
with open(path, "rb") as file:
    data = file.read()
requests, at = [], 0
while at < len(data):  # each request after its length in 4 octets
    size = int.from_bytes(data[at : at + 4], "big")
    requests.append(data[at + 4 : at + 4 + size])
    at += 4 + size
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.connect((host, int(port)))
sock.settimeout(10)
for request in requests:
    sock.send(request)
    sock.recv(65536)
print(len(requests))
"""


def floor_requests(spec: dict[str, Any], oids: list[str], path: Path) -> dict[str, Any]:
    """The GETBULKs of a walk of `spec`'s root that found `oids` (snmpbulkwalk's, before
    the rounds), with its max-repetitions, written to `path` for ``floor-click-walk``;
    the spec's entry for it."""
    from anysnmp._codec import core

    codec, reps = core.Codec(1, COMMUNITY.encode()), spec["max_repetitions"]
    starts = [spec["root"], *oids[reps - 1 :: reps]]
    requests = [codec.encode_request(0xA5, n, [oid], 0, reps) for n, oid in enumerate(starts, 1)]
    path.write_bytes(b"".join(len(request).to_bytes(4, "big") + request for request in requests))
    return {"floor_requests": str(path)}


def commands(entry: str, spec: dict[str, Any]) -> list[str]:
    """The command line of a process entry of m-load, m-cli or m-start."""
    target, dirs = f"{spec['host']}:{spec['port']}", spec["mib_dirs"]
    v2c = ["-v2c", "-c", COMMUNITY]
    walk = [*v2c, f"-Cr{spec['max_repetitions']}", "-M", dirs, "-m", "ALL", target, spec["root"]]
    host_port, requests = target.split(":"), spec.get("floor_requests", "")
    return {
        "anysnmp-mib-load": [sys.executable, "-c", _LOAD, dirs],
        "netsnmp-snmptranslate": [_netsnmp("snmptranslate"), "-M", dirs, "-m", "ALL", "-On", ".1"],
        "anysnmp-bulkwalk": [*_anysnmp_command(), "bulkwalk", *walk],
        "netsnmp-snmpbulkwalk": [_netsnmp("snmpbulkwalk"), *walk],
        "floor-click-walk": [sys.executable, "-c", _CLICK_WALK, *host_port, requests],
        "anysnmp-get": [*_anysnmp_command(), "get", *v2c, target, START_OID],
        "netsnmp-snmpget": [_netsnmp("snmpget"), *v2c, target, START_OID],
    }[entry]


def run_process(entry: str, spec: dict[str, Any], home: Path) -> dict[str, Any]:
    """One run of a process entry: wall and CPU of the process (RUSAGE_CHILDREN).

    anysnmp-mib-load reports its own Mib.load CPU and wall instead (and the modules
    loaded); a walk, the lines it printed (as varbinds).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(commands(entry, spec), capture_output=True, env=tool_env(home))
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        return {"error": f"{entry}: {done.stderr.decode(errors='replace')[:300]}"}
    if entry == "anysnmp-mib-load":
        return dict(json.loads(done.stdout))
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    answer = {"wall": wall, "cpu": cpu}
    if entry == "floor-click-walk":
        answer["requests"] = int(done.stdout)
    elif spec["scenario"] == "m-cli":
        answer["varbinds"] = len(done.stdout.splitlines())
    return answer


_warm: dict[str, Any] = {}


async def walk_run(spec: dict[str, Any]) -> dict[str, Any]:
    """m-walk in the worker: one walk printed as `spec["entry"]` says (see the module)."""
    import warnings

    from anysnmp import Mib, MibFormatter, MibWarning

    entry = spec["entry"]
    if entry == "anysnmp-numeric":
        formatter = MibFormatter()
    elif entry == "anysnmp-names-warm" and "formatter" in _warm:
        formatter = _warm["formatter"]
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MibWarning)
            mib = Mib.load(("ALL",), dirs=spec["mib_dirs"], cache_dir=spec["mib_cache"])
            formatter = mib.formatter()
        if entry == "anysnmp-names-warm":  # first run: print once, to warm it
            _warm["formatter"] = formatter
            await _printed_walk(spec, formatter, Clock())
    clock = Clock()
    oids = await _printed_walk(spec, formatter, clock)
    return {"wall": clock.wall, "cpu": clock.cpu, "varbinds": len(oids), "oids": oids}


def pysnmp_mibs(spec: dict[str, Any], out: Path) -> dict[str, Any]:
    """The modules of the test MIB set compiled by pysmi into pysnmp's Python form in `out`
    (before the rounds: pysnmp loads compiled modules only; its base modules are its own).

    Returns:
        What `pysnmp_walk_run` needs of them: their folder, the names of the modules.
    """
    import warnings

    from pysmi.codegen import PySnmpCodeGen
    from pysmi.compiler import MibCompiler
    from pysmi.parser import SmiStarParser
    from pysmi.reader import FileReader
    from pysmi.searcher import StubSearcher
    from pysmi.writer import PyFileWriter

    from anysnmp import Mib, MibWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        modules = Mib.load(("ALL",), dirs=spec["mib_dirs"], cache_dir=spec["mib_cache"]).modules
    compiler = MibCompiler(SmiStarParser(), PySnmpCodeGen(), PyFileWriter(str(out)))
    compiler.add_sources(*(FileReader(folder) for folder in spec["mib_dirs"].split(":")))
    compiler.add_searchers(StubSearcher(*PySnmpCodeGen.baseMibs))
    compiler.compile(*modules, ignoreErrors=True)
    return {"pysnmp_mibs": str(out), "mib_modules": modules}


async def pysnmp_walk_run(spec: dict[str, Any]) -> dict[str, Any]:
    """m-walk's pysnmp-names in its worker: a fresh engine with the compiled modules, then
    the walk with ``lookupMib=True``, each response's varbinds printed as they arrive."""
    from pysnmp.hlapi.v3arch import asyncio as hl
    from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject
    from pysnmp.smi.builder import DirMibSource
    from pysnmp.smi.error import MibLoadError

    exceptions = (EndOfMibView, NoSuchInstance, NoSuchObject)
    engine = hl.SnmpEngine()
    builder = engine.get_mib_builder()
    builder.add_mib_sources(DirMibSource(spec["pysnmp_mibs"]))
    for module in spec["mib_modules"]:
        # A module importing what the set lacks does not load (Net-SNMP loads it in part).
        with contextlib.suppress(MibLoadError):
            builder.load_modules(module)
    auth, context = hl.CommunityData(COMMUNITY, mpModel=1), hl.ContextData()
    target = await hl.UdpTransportTarget.create((spec["host"], spec["port"]), timeout=10)
    try:
        # A first request with names builds pysnmp's MIB view before the clock.
        await hl.get_cmd(engine, auth, target, context, hl.ObjectType(hl.ObjectIdentity(START_OID)))
        clock, oids, text = Clock(), [], []
        clock.start()
        walk = hl.bulk_walk_cmd(
            engine,
            auth,
            target,
            context,
            0,
            spec["max_repetitions"],
            hl.ObjectType(hl.ObjectIdentity(spec["root"])),
            lookupMib=True,
            lexicographicMode=False,
        )
        async for error, status, _, varbinds in walk:
            if error or status:
                raise RuntimeError(f"pysnmp walk failed: {error or status.prettyPrint()}")
            text.append("\n".join([varbind.prettyPrint() for varbind in varbinds]))
            oids += [
                str(name.get_oid()) for name, value in varbinds if not isinstance(value, exceptions)
            ]
        clock.stop()
    finally:
        engine.close_dispatcher()
    return {"wall": clock.wall, "cpu": clock.cpu, "varbinds": len(oids), "oids": oids}


async def _printed_walk(spec: dict[str, Any], formatter: Any, clock: Clock) -> list[str]:
    """The walk (timed by `clock`), each response's varbinds printed to text as it arrives."""
    from anysnmp import SnmpSession

    oids: list[str] = []
    async with SnmpSession(spec["host"], spec["port"], community=COMMUNITY) as session:
        clock.start()
        walk = session.walk_batches(
            spec["root"], bulk=True, max_repetitions=spec["max_repetitions"], typed=True
        )
        text = []
        async for batch in walk:
            line = formatter.varbind
            text.append("\n".join([line(oid, tag, value) for oid, tag, value in batch]))
            oids += [oid for oid, _, _ in batch]
        clock.stop()
    return oids
