"""Shared pieces of the benchmark: the private snmpd, process CPU, scenario constants."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from netsnmpd import (
    VOLATILE_SUBTREES,
    free_udp_ports,
    in_subtrees,
    launch_snmpd,
    stop_process,
    wait_until_answering,
)

#: Environment for Net-SNMP tools and snmpd: numeric OIDs, no MIB loading.
NETSNMP_ENV = dict(os.environ, MIBS="", MIBDIRS="/nonexistent")

COMMUNITY = "public"
#: The v3 user of scenario c (Net-SNMP names: SHA = HMAC-SHA-96, AES = AES-128-CFB).
V3_USER = "bench"
V3_AUTH_PASSWORD = "bench-auth-pass"
V3_PRIV_PASSWORD = "bench-priv-pass"

BENCH_DIR = Path(__file__).resolve().parent


class Clock:
    """Wall and process CPU time of a scenario's body."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def start(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def stable(oid: str) -> bool:
    """Whether `oid` lies outside the volatile subtrees."""
    return not in_subtrees(oid)


def stable_oids(oids: list[str]) -> list[str]:
    return [oid for oid in oids if stable(oid)]


def tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if path is None:
        raise SystemExit(f"{name} is not installed (Debian packages snmpd and snmp)")
    return path


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by process `pid`, all threads (ns resolution via schedstat)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        total = 0
    if total:
        return total / 1e9
    with open(f"/proc/{pid}/stat") as f:  # fallback: clock ticks
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


_OID_LINE = re.compile(rb"^\.?((?:\d+\.)+\d+)[ =]")


def parse_numeric_oids(output: bytes) -> list[str]:
    """OIDs of Net-SNMP tool output printed with ``-On -Oq`` (exception values left out)."""
    oids = []
    for line in output.splitlines():
        m = _OID_LINE.match(line)
        if m and b"No more variables left" not in line and b"No Such " not in line:
            oids.append(m.group(1).decode())
    return oids


@dataclass
class Snmpd:
    """A running private Net-SNMP snmpd on a loopback port."""

    host: str
    port: int
    proc: subprocess.Popen[bytes]
    workdir: Path
    #: Every UDP port it listens on (`port` is the first).
    ports: list[int]
    #: The TCP port it listens on (scenario t).
    tcp_port: int

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    def stop(self) -> None:
        stop_process(self.proc)


def free_tcp_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on `host` (IPv4) at the moment."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def answers(host: str, port: int) -> bool:
    """Whether an SNMP v2c agent answers on host:port (any response, even noSuchObject)."""
    result = subprocess.run(
        [
            tool("snmpget"),
            "-v2c",
            "-c",
            COMMUNITY,
            "-r0",
            "-t0.3",
            "-On",
            f"{host}:{port}",
            "1.3.6.1.2.1.1.1.0",
        ],
        capture_output=True,
        env=NETSNMP_ENV,
        timeout=10,
    )
    return result.returncode == 0 or b"Timeout" not in result.stderr


def answer_all(host: str, ports: tuple[int, ...]) -> bool:
    """Whether an agent answers on every one of `ports`."""
    return all(answers(host, port) for port in ports)


#: The CPUs the agents run on when the run is pinned (`pin_cpus`); None: wherever the
#: scheduler puts them.
_agent_cpus: set[int] | None = None
#: The CPU of an agent that stands for another machine (`start_snmpd(remote=True)`): one
#: the clients do not run on, when the run is pinned and the machine has one.
_remote_cpus: set[int] | None = None


def pin_cpus(mode: str) -> str:
    """Pins this process (so the clients it starts) and the agents started after it.

    Unpinned, the scheduler puts each client's worker on the agent's CPU or on
    the other for the worker's whole life: a wake-up across CPUs costs more, so
    a library's figures came out in one of two modes from run to run (e asyncio
    at 47 or 70 ms wall; spreads of 30-40% between runs, 2-4% within one).

    Args:
        mode: "shared": everything on the first CPU (a client's CPU is then its
            own work: the default); "split": clients on the first CPU, agents on
            the second (as with a remote device, the client's CPU idles while
            the agent works, and every library pays about 13 µs a request for
            waking up); "off": no pinning.

    Returns:
        What was done, for the report.
    """
    global _agent_cpus, _remote_cpus
    cpus = sorted(os.sched_getaffinity(0))
    if mode == "off" or (mode == "split" and len(cpus) < 2):
        return "not pinned"
    client, agent = cpus[0], cpus[1] if mode == "split" else cpus[0]
    os.sched_setaffinity(0, {client})
    _agent_cpus = {agent}
    _remote_cpus = {cpus[1]} if len(cpus) > 1 else None
    return f"clients on CPU {client}, agents on CPU {agent}"


def pin_agent(pid: int, remote: bool = False) -> None:
    """Moves an agent process to the agents' CPU when the run is pinned (`remote`: to a CPU
    the clients do not run on, whatever the mode, if there is one)."""
    cpus = _remote_cpus if remote and _remote_cpus is not None else _agent_cpus
    if cpus is not None:
        os.sched_setaffinity(pid, cpus)


def remote_cpus() -> set[int] | None:
    """Where `start_snmpd(remote=True)` runs snmpd (None: with the other agents)."""
    return _remote_cpus


#: Launches of snmpd tried: a port found free can be taken by another process before snmpd
#: binds it (other benchmarks and tests share the machine), more likely with 1000 ports.
SNMPD_LAUNCHES = 3


def start_snmpd(
    workdir: Path, host: str = "127.0.0.1", ports: int = 1, remote: bool = False
) -> Snmpd:
    """Starts Net-SNMP's snmpd with a private config, state dir and a v3 SHA/AES user.

    Its view leaves out the subtrees that follow host state (`VOLATILE_SUBTREES`:
    processes, sockets...), so every run walks the same tree whatever else runs
    on the machine (the process table's command lines made gufo_snmp's v3 walk,
    which advertises a msgMaxSize of 2048, stop early on a busy machine).

    It listens on `ports` UDP ports of `host` (one per polled "device" of the p
    scenarios) and one TCP port (scenario t), given on its command line; new ports are
    tried when one was taken.
    A `remote` snmpd stands for another machine: it runs on a CPU of its own (`pin_agent`).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    config = [
        "view bench included .1",
        *(f"view bench excluded .{subtree}" for subtree in VOLATILE_SUBTREES),
        f"rocommunity {COMMUNITY} {host} -V bench",
        "master no",
        "dontLogTCPWrappersConnects yes",
        f"createUser {V3_USER} SHA {V3_AUTH_PASSWORD} AES {V3_PRIV_PASSWORD}",
        f"rouser {V3_USER} priv -V bench",
    ]
    (workdir / "snmpd.conf").write_text("\n".join(config) + "\n")
    for _ in range(SNMPD_LAUNCHES):
        listen, tcp = free_udp_ports(ports, host), free_tcp_port(host)
        addresses = [*(f"udp:{host}:{p}" for p in listen), f"tcp:{host}:{tcp}"]
        proc = launch_snmpd(tool("snmpd"), workdir, listen=addresses)
        pin_agent(proc.pid, remote)
        if wait_until_answering(proc, partial(answer_all, host, (listen[0], listen[-1])), 30):
            return Snmpd(host, listen[0], proc, workdir, listen, tcp)
    log = (workdir / "snmpd.log").read_text(errors="replace")[-2000:]
    raise SystemExit(f"snmpd did not start on {host} ({SNMPD_LAUNCHES} tries):\n{log}")


def memory_status() -> dict[str, int]:
    """VmRSS and VmHWM of this process, in bytes."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) * 1024
    return values


#: The table that synthetic views fill: 10 columns of mixed types.
SYNTHETIC_ENTRY = "1.3.6.1.4.1.99999.1.1"


def synthetic_records(n: int) -> list[str]:
    """n snmprec records (``oid|tag|value``) in a 10-column table of mixed SMI types."""
    records = []
    for i in range(n):
        column, row = i % 10 + 1, i // 10 + 1
        oid = f"{SYNTHETIC_ENTRY}.{column}.{row}"
        value = {
            1: f"2|{row}",
            2: f"4|row-{row}",
            3: f"65|{i}",
            4: f"66|{i % 1000}",
            5: f"67|{i * 100}",
            6: f"64|10.{row >> 16 & 255}.{row >> 8 & 255}.{row & 255}",
            7: f"6|1.3.6.1.4.1.99999.{row}",
            8: f"70|{i << 33}",
            9: f"4x|{i:08x}",
            10: f"2|-{i}",
        }[column]
        records.append(f"{oid}|{value}")
    records.sort(key=lambda r: tuple(int(a) for a in r.split("|", 1)[0].split(".")))
    return records
