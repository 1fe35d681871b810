"""anysnmp against its peers, side by side: one command.

Usage: python bench/run.py [--rounds N] [--scenarios a,b,...] [--libraries x,y] [--quick]
       [--output DIR]

Starts a private Net-SNMP snmpd (and, for g, h, i, d-agent and t-agent, our own agent
in a separate process; for d-agent, one 1 ms away and one at 0 ms), then runs interleaved rounds: each round runs every
library once, in an order rotated from round to round. Every client library
lives in its own worker process (bench/worker.py) and measures its own CPU
time; Net-SNMP's command line tools are measured through RUSAGE_CHILDREN;
agents through /proc/<pid>. See bench/README.md for the scenarios.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import select
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import common
import mibs
import netsnmpd
import report
from common import BENCH_DIR, COMMUNITY, NETSNMP_ENV, stable_oids, tool
from poll_clients import POLL_SCENARIOS
from worker import CLIENTS, G_RETRIES, G_TIMEOUT, TCP

ALL_SCENARIOS = (
    *("a", "b", "c", "d", "d-agent", "e", "f", "g", "h", "i", "t", "t-agent"),
    *POLL_SCENARIOS,
    *mibs.SCENARIOS,
)
CLI = "netsnmp-cli"
#: A library whose first run of a scenario takes longer than this runs only SLOW_ROUNDS rounds.
SLOW_SECONDS = 4.0
SLOW_ROUNDS = 3
#: A library whose first run takes less than this runs SHORT_FACTOR times the rounds: on a
#: shared machine a run of a tenth of a second is mostly noise, and more runs cost little.
SHORT_SECONDS = 0.5
SHORT_FACTOR = 4


def snmpsim_command() -> Path | None:
    """snmpsim's responder: beside this Python (the bench extra), else in bench/.venv-peers."""
    for directory in (Path(sys.executable).parent, BENCH_DIR / ".venv-peers" / "bin"):
        path = directory / "snmpsim-command-responder"
        if path.exists():
            return path
    return None


@dataclass
class Settings:
    """Sizes of the scenarios (smaller with --quick)."""

    quick: bool
    root: str = "1.3.6"
    max_repetitions: int = 25
    concurrency: int = 4
    get_oid: str = "1.3.6.1.2.1.1.1.0"
    get_count: int = 1000
    many_count: int = 200
    many_size: int = 50
    g_ports: int = 100
    g_per_port: int = 10
    h_varbinds: int = 1_000_000
    h_pause_every: int = 1000
    h_pause: float = 0.005
    i_oids: int = 10_000
    d_latency_ms: float = 1.0
    poll_devices: int = 1000
    poll_concurrency: int = 100
    poll_concurrency_high: int = 1000
    poll_oids: int = 10
    poll_walk: str = "1.3.6.1.2.1.2.2"  # ifTable

    def __post_init__(self) -> None:
        if self.quick:
            self.root = "1.3.6.1.2.1.2"
            self.get_count, self.many_count = 100, 10
            self.g_ports, self.g_per_port = 10, 10
            self.h_varbinds, self.i_oids = 20_000, 1000
            self.poll_devices, self.poll_concurrency, self.poll_concurrency_high = 20, 5, 20


@dataclass
class Scenario:
    """Runs of one scenario: per library, one dict per round."""

    key: str
    title: str
    unit: str  # what "per" in the CPU-per-item column counts
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    reference: list[str] | None = None
    reference_source: str = ""
    mismatches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compared: int = 0

    def record(self, library: str, answer: dict[str, Any], round_: int) -> None:
        if "error" in answer:
            self.errors.setdefault(library, []).append(answer["error"])
            print(
                f"  !! {self.key} {library} round {round_}: {answer['error']}",
                file=sys.stderr,
                flush=True,
            )
            if answer.get("traceback"):
                print(answer["traceback"], file=sys.stderr, flush=True)
            return
        oids = answer.pop("oids", None)
        if oids is not None and not self.check(library, stable_oids(oids), round_):
            return  # a run that did not fetch everything does not count in the timings
        answer["round"] = round_
        self.runs.setdefault(library, []).append(answer)

    def check(self, library: str, oids: list[str], round_: int) -> bool:
        """Whether a run's OIDs (volatile subtrees removed) are the reference run's.

        The first run is the reference; a mismatch is listed in `mismatches`.
        """
        if self.reference is None:
            self.reference, self.reference_source = oids, library
            return True
        self.compared += 1
        if oids != self.reference:
            ref = self.reference
            first = next(
                (i for i, (x, y) in enumerate(zip(oids, ref, strict=False)) if x != y),
                min(len(oids), len(ref)),
            )
            got = oids[first] if first < len(oids) else "(end)"
            want = ref[first] if first < len(ref) else "(end)"
            self.mismatches.append(
                f"{library} round {round_}: {len(oids)} OIDs vs {len(ref)} of "
                f"{self.reference_source}; "
                f"first difference at #{first}: {got} vs {want}"
            )
            return False
        return True


def read_line(pipe: Any, timeout: float) -> tuple[bytes, bool]:
    """A child's next line (``b""`` at its end) and whether `timeout` ran out first.

    The pipe is read chunk by chunk with the deadline checked before each read: a
    buffered readline would block past any timeout on a line the child never ends.
    """
    fd, data = pipe.fileno(), b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return b"", True
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"", False
        data += chunk
    return data, False


class Worker:
    """A client library's worker process (bench/worker.py)."""

    def __init__(self, library: str) -> None:
        self.library = library
        self.proc = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, str(BENCH_DIR / "worker.py"), self.library],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=BENCH_DIR,
        )

    def run(self, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Runs one scenario spec; a hung or dead worker is replaced by a fresh one."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(spec).encode() + b"\n")
        self.proc.stdin.flush()
        line, timed_out = read_line(self.proc.stdout, timeout)
        if line:
            try:
                return dict(json.loads(line))
            except ValueError:  # a stray line: the worker's state is unknown, replace it
                sys.stderr.write(f"{self.library}: not one JSON answer: {line[:200]!r}\n")
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        self.proc = self._spawn()
        if timed_out:
            return {"error": f"no answer within {timeout:.0f} s (worker restarted)"}
        return {"error": f"worker exited with status {code} (restarted)"}

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(spec: dict[str, Any]) -> dict[str, Any]:
    """Scenarios a-d with Net-SNMP's snmpwalk/snmpbulkwalk (client CPU: the children's)."""
    scenario = spec["scenario"]
    if scenario == "c":
        auth = [
            "-v3",
            "-u",
            spec["user"],
            "-l",
            "authPriv",
            "-a",
            "SHA",
            "-A",
            spec["auth"],
            "-x",
            "AES",
            "-X",
            spec["priv"],
        ]
    else:
        auth = ["-v2c", "-c", spec["community"]]
    if scenario == "a":
        command = [tool("snmpwalk"), *auth]
    else:
        command = [tool("snmpbulkwalk"), *auth, f"-Cr{spec['max_repetitions']}"]
    command += ["-On", "-Oq", "-r1", "-t10", f"{spec['host']}:{spec['port']}", spec["root"]]
    count = spec["concurrency"] if scenario == "d" else 1
    cpu, wall = children_cpu(), time.perf_counter()
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=NETSNMP_ENV)
        for _ in range(count)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
    for p, (_, err) in zip(procs, outputs, strict=True):
        if p.returncode:
            return {
                "error": f"{Path(command[0]).name} failed: {err.decode(errors='replace')[:300]}"
            }
    walks = [common.parse_numeric_oids(out) for out, _ in outputs]
    if any(stable_oids(w) != stable_oids(walks[0]) for w in walks[1:]):
        return {"error": "concurrent walks returned different OIDs"}
    return {"wall": wall, "cpu": cpu, "varbinds": sum(map(len, walks)), "oids": walks[0]}


class AgentProcess:
    """Our CommandResponder (bench/agent_server.py) or another agent in a child process."""

    def __init__(
        self,
        command: list[str],
        *,
        env: dict[str, str] | None = None,
        ready_line: bool = True,
        port: int = 0,
        timeout: float = 180,
    ) -> None:
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE if ready_line else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=BENCH_DIR,
        )
        common.pin_agent(self.proc.pid)
        self.ports = [port]
        if ready_line:
            assert self.proc.stdout is not None
            line, _ = read_line(self.proc.stdout, timeout)
            if not line:
                self.stop()
                raise RuntimeError(f"{' '.join(command[:3])} did not start")
            self.ports = list(json.loads(line)["ports"])
        else:
            deadline = time.monotonic() + timeout
            while not common.answers("127.0.0.1", port):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"{' '.join(command[:3])} did not start")
                time.sleep(0.2)

    @classmethod
    def ours(cls, backend: str, *args: str) -> AgentProcess:
        return cls(
            [sys.executable, str(BENCH_DIR / "agent_server.py"), "--backend", backend, *args]
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        netsnmpd.stop_process(self.proc)


def rotated(items: list[str], round_: int) -> list[str]:
    shift = round_ % len(items) if items else 0
    return items[shift:] + items[:shift]


class Bench:
    """Runs the selected scenarios and collects their results."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.settings = Settings(args.quick)
        self.rounds: int = args.rounds
        self.libraries: list[str] = args.libraries
        self.workdir = workdir
        self.workers: dict[str, Worker] = {}
        self.snmpd: common.Snmpd | None = None
        self.poll_snmpd: common.Snmpd | None = None
        self.remote_snmpd: common.Snmpd | None = None
        self.results: dict[str, Scenario] = {}
        self.timeout = 120.0 if args.quick else 300.0

    def worker(self, library: str) -> Worker:
        if library not in self.workers:
            self.workers[library] = Worker(library)
        return self.workers[library]

    def close(self) -> None:
        for worker in self.workers.values():
            worker.close()
        for snmpd in (self.snmpd, self.poll_snmpd, self.remote_snmpd):
            if snmpd is not None:
                snmpd.stop()

    def base_spec(self, scenario: str, host: str, port: int) -> dict[str, Any]:
        s = self.settings
        return {
            "scenario": scenario,
            "host": host,
            "port": port,
            "community": COMMUNITY,
            "user": common.V3_USER,
            "auth": common.V3_AUTH_PASSWORD,
            "priv": common.V3_PRIV_PASSWORD,
            "root": s.root,
            "max_repetitions": s.max_repetitions,
            "concurrency": s.concurrency,
            "get_oid": s.get_oid,
            "get_count": s.get_count,
            "many_count": s.many_count,
        }

    def clients_for(self, scenario: str) -> list[str]:
        names = [lib for lib, implemented in CLIENTS.items() if scenario in implemented]
        if scenario in "abcd":
            names.append(CLI)
        return [n for n in names if n in self.libraries]

    def interleave(
        self,
        result: Scenario,
        libraries: list[str],
        run: Callable[[str], dict[str, Any]],
        rounds: int | None = None,
        route: Callable[[str], tuple[Scenario, str]] | None = None,
    ) -> None:
        """Rounds of every library once, order rotated; slow libraries capped at SLOW_ROUNDS.

        Libraries whose first run was shorter than SHORT_SECONDS go on for SHORT_FACTOR
        times the rounds, still interleaved with each other.
        ``route(entry)`` gives the scenario and name an entry's runs are recorded under
        (default: `result`, the entry itself).
        """
        rounds = rounds or self.rounds
        total = rounds * SHORT_FACTOR if rounds > 1 else rounds
        where = route or (lambda entry: (result, entry))
        slow: set[str] = set()
        short: set[str] = set()
        for round_ in range(total):
            ran = False
            for library in rotated(libraries, round_):
                limit = SLOW_ROUNDS if library in slow else total if library in short else rounds
                if round_ >= limit:
                    continue
                ran = True
                answer = run(library)
                if round_ == 0:
                    if answer.get("wall", 0) > SLOW_SECONDS and rounds > SLOW_ROUNDS:
                        slow.add(library)
                    elif answer.get("wall", math.inf) < SHORT_SECONDS:
                        short.add(library)
                scenario, name = where(library)
                scenario.record(name, answer, round_)
            if not ran:
                break
            print(f"  {result.key}: round {round_ + 1} done", flush=True)
        for group, note in (
            (slow, f"over {SLOW_SECONDS:g} s a run, capped at {SLOW_ROUNDS} rounds"),
            (short, f"under {SHORT_SECONDS:g} s a run, {total} rounds"),
        ):
            named: dict[str, tuple[Scenario, list[str]]] = {}
            for library in sorted(group):
                scenario, name = where(library)
                named.setdefault(scenario.key, (scenario, []))[1].append(name)
            for scenario, names in named.values():
                scenario.notes.append(f"{', '.join(names)}: {note}")

    # --- scenarios a-f: clients against snmpd ---------------------------------------

    def ensure_snmpd(self) -> common.Snmpd:
        if self.snmpd is None:
            self.snmpd = common.start_snmpd(self.workdir / "snmpd")
        return self.snmpd

    def walk_oids(self, snmpd: common.Snmpd, root: str) -> list[str]:
        """The OIDs under `root` (snmpbulkwalk; its stderr said if it fails). Not timed:
        snmpd's first walk of mib-2 reads /proc per process, which a loaded host can make
        slower than snmpbulkwalk's default 1 s x 6 attempts (a CI run at load 9 timed out)."""
        done = subprocess.run(
            [
                tool("snmpbulkwalk"),
                "-v2c",
                "-c",
                COMMUNITY,
                "-On",
                "-Oq",
                "-Cr50",
                "-t",
                "10",
                snmpd.target,
                root,
            ],
            capture_output=True,
            env=NETSNMP_ENV,
            timeout=120,
        )
        if done.returncode:
            raise RuntimeError(f"snmpbulkwalk of {root}: {done.stderr.decode(errors='replace')}")
        return common.parse_numeric_oids(done.stdout)

    def many_oids(self, snmpd: common.Snmpd | None = None, size: int | None = None) -> list[str]:
        """The first `size` (f's `many_size`) stable OIDs under mib-2 (scenario f's GET list)."""
        oids = [
            o
            for o in stable_oids(self.walk_oids(snmpd or self.ensure_snmpd(), "1.3.6.1.2.1"))
            if not o.startswith("1.3.6.1.2.1.1.9.")
        ]
        return oids[: size or self.settings.many_size]

    def against_snmpd(self, key: str, title: str, unit: str) -> Scenario:
        snmpd = self.ensure_snmpd()
        result = Scenario(key, title, unit)
        spec = self.base_spec(key, snmpd.host, snmpd.port)
        if key == "f":
            spec["many_oids"] = self.many_oids()
        self.against(result, spec, snmpd.proc.pid)
        return result

    def against(self, result: Scenario, spec: dict[str, Any], agent_pid: int) -> None:
        """Interleaved rounds of the scenario's clients with `spec`, the agent's CPU beside."""
        libraries = self.clients_for(result.key)
        if not self.settings.quick:  # warm up each worker on a small version of the scenario
            small = dict(spec, root="1.3.6.1.2.1.1", get_count=20, many_count=2)
            for library in libraries:
                if library != CLI:
                    self.worker(library).run(small, self.timeout)

        def run(library: str) -> dict[str, Any]:
            agent_cpu = common.process_cpu(agent_pid)
            answer = (
                run_cli(spec) if library == CLI else self.worker(library).run(spec, self.timeout)
            )
            answer["agent_cpu"] = common.process_cpu(agent_pid) - agent_cpu
            return answer

        self.interleave(result, libraries, run)

    # --- t, t-agent: sequential GETs over TCP ------------------------------------------

    def tcp(self, key: str) -> Scenario:
        """e over TCP: against snmpd's TCP port (t) or our agent's (t-agent, asyncio)."""
        where = "our agent (asyncio)" if key == "t-agent" else "snmpd"
        result = Scenario(
            key, f"{self.settings.get_count} sequential GETs over TCP, {where}", "GET"
        )
        agent = None
        try:
            if key == "t-agent":
                agent = AgentProcess.ours("asyncio", "--demo", "--tcp")
                host, port, pid = "127.0.0.1", agent.ports[0], agent.pid
            else:
                snmpd = self.ensure_snmpd()
                host, port, pid = snmpd.host, snmpd.tcp_port, snmpd.proc.pid
            self.against(result, dict(self.base_spec(key, host, port), transport="tcp"), pid)
        finally:
            if agent is not None:
                agent.stop()
        result.notes.append(
            "one connection per client, opened before the clock; floor-blocking: a blocking "
            "send and recv of pre-encoded requests on a TCP socket; agent CPU per GET beside"
        )
        return result

    # --- d-agent: 1 walk vs 4 concurrent walks against our agent, with and without latency --

    def d_agent(self) -> dict[str, Scenario]:
        """d's wall-time ratio: our agent 1 ms away (d-agent) and at 0 ms (d-agent-0ms).

        Both agents run at once and every entry ("<library> x1", "<library> x4") of both
        is interleaved in the same rounds.
        """
        s = self.settings
        walks = f"1 vs {s.concurrency} concurrent GETBULK walks of our agent (demo view)"
        results = {
            key: Scenario(key, f"{walks}, {label}", "varbind")
            for key, label in (
                ("d-agent", f"{s.d_latency_ms:g} ms latency"),
                ("d-agent-0ms", "no latency: agent-CPU-bound"),
            )
        }
        latencies = {"d-agent": s.d_latency_ms, "d-agent-0ms": 0.0}
        agents: dict[str, AgentProcess] = {}
        try:
            for key, ms in latencies.items():
                agents[key] = AgentProcess.ours(
                    "asyncio", "--demo", "--ports", "1", "--latency-ms", f"{ms:g}"
                )
            libraries = [lib for lib in self.clients_for("d") if lib != CLI]
            specs = {
                key: dict(self.base_spec("d", "127.0.0.1", agent.ports[0]), root="1.3.6")
                for key, agent in agents.items()
            }
            if not s.quick:  # warm up each worker on a small walk
                small = dict(specs["d-agent-0ms"], root="1.3.6.1.2.1.1", concurrency=1)
                for library in libraries:
                    self.worker(library).run(small, self.timeout)
            entries = {
                f"{lib} x{n} @{key}": (results[key], f"{lib} x{n}")
                for key in results
                for lib in libraries
                for n in (1, s.concurrency)
            }

            def run(entry: str) -> dict[str, Any]:
                name, key = entry.split(" @")
                library, n = name.split(" x")
                agent = agents[key]
                agent_cpu = common.process_cpu(agent.pid)
                answer = self.worker(library).run(
                    dict(specs[key], concurrency=int(n)), self.timeout
                )
                answer["agent_cpu"] = common.process_cpu(agent.pid) - agent_cpu
                answer.pop("oids", None)  # the demo view differs from snmpd's: compared in b/d
                return answer

            self.interleave(results["d-agent"], list(entries), run, route=entries.__getitem__)
        finally:
            for agent in agents.values():
                agent.stop()
        results["d-agent"].notes.append(
            f"our agent (asyncio) sends each response {s.d_latency_ms:g} ms after its request "
            "arrived (bench/agent_server.py --latency-ms: a sender thread, within ~0.1 ms), "
            "as a LAN round trip would: a walk's wall time is its round trips, so the ratio "
            "of 4 walks to 1 shows whether the client overlaps them (target d: <= 1.3)"
        )
        results["d-agent-0ms"].notes.append(
            "no latency on loopback: the walks' wall time is the agent's and the client's CPU "
            f"({s.concurrency} walks need {s.concurrency}x the agent's CPU, on "
            f"{os.cpu_count()} CPUs), so the ratio measures CPU, not the client's concurrency"
        )
        return results

    # --- g: 1000 sessions' GETs in flight through one Manager -------------------------

    def g(self) -> Scenario:
        s = self.settings
        total = s.g_ports * s.g_per_port
        result = Scenario(
            "g",
            f"{total} GETs in flight at once: {s.g_ports} agent ports x {s.g_per_port} sessions",
            "GET",
        )
        agent = AgentProcess.ours("asyncio", "--demo", "--ports", str(s.g_ports))
        try:
            spec = self.base_spec("g", "127.0.0.1", 0)
            spec.update(ports=agent.ports, per_port=s.g_per_port)

            def run(library: str) -> dict[str, Any]:
                agent_cpu = common.process_cpu(agent.pid)
                answer = self.worker(library).run(spec, self.timeout)
                answer["agent_cpu"] = common.process_cpu(agent.pid) - agent_cpu
                if "error" not in answer and answer["varbinds"] != total:
                    answer = {"error": f"{answer['varbinds']} of {total} GETs answered"}
                return answer

            self.interleave(result, self.clients_for("g"), run)
        finally:
            agent.stop()
        result.notes.append(
            "anysnmp: one Manager socket (SO_RCVBUF 4 MiB) for all sessions; gufo async: a socket "
            "per session; pysnmp: one engine, a transport target per session; 2 s timeouts, "
            "3 re-sends (gufo: none)"
        )
        return result

    # --- h: a huge streamed walk with a slow consumer: peak RSS growth ----------------

    def h(self) -> Scenario:
        s = self.settings
        result = Scenario(
            "h",
            f"{s.h_varbinds:,}-varbind streamed walk of our agent, slow consumer: peak RSS growth",
            "varbind",
        )
        agent = AgentProcess.ours("asyncio", "--synthetic", str(s.h_varbinds), "--ports", "1")
        try:
            backends: list[str] = [
                lib
                for lib in ("anysnmp-asyncio", "anysnmp-uvloop", "anysnmp-trio")
                if lib in self.libraries
            ]

            def run(library: str) -> dict[str, Any]:
                command = [
                    sys.executable,
                    str(BENCH_DIR / "rss_walk.py"),
                    "--port",
                    str(agent.ports[0]),
                    "--backend",
                    library.removeprefix("anysnmp-"),
                    "--root",
                    common.SYNTHETIC_ENTRY,
                    "--pause-every",
                    str(s.h_pause_every),
                    "--pause",
                    str(s.h_pause),
                ]
                done = subprocess.run(
                    command, capture_output=True, timeout=self.timeout, cwd=BENCH_DIR
                )
                if done.returncode:
                    return {"error": done.stderr.decode(errors="replace")[-500:]}
                answer = dict(json.loads(done.stdout))
                if answer["varbinds"] != s.h_varbinds:
                    answer["error"] = f"walked {answer['varbinds']} of {s.h_varbinds} varbinds"
                return answer

            self.interleave(result, backends, run, rounds=1)
        finally:
            agent.stop()
        result.notes.append(
            f"consumer sleeps {s.h_pause * 1e3:g} ms every {s.h_pause_every} varbinds; "
            "one run per backend (memory, not time, is measured)"
        )
        return result

    # --- i: agents serving snmpbulkwalk: agent CPU per varbind -----------------------

    def i(self) -> Scenario:
        s = self.settings
        result = Scenario(
            "i",
            f"agents serving snmpbulkwalk -Cr25 (static {s.i_oids:,}-OID view): agent CPU",
            "varbind served",
        )
        data = self.workdir / "snmpsim-data"
        data.mkdir(exist_ok=True)
        recording = data / f"{COMMUNITY}.snmprec"
        recording.write_text("\n".join(common.synthetic_records(s.i_oids)) + "\n")
        agents: dict[str, tuple[AgentProcess | None, int, str]] = {}
        try:
            for backend in ("asyncio", "uvloop", "trio"):
                if f"anysnmp-{backend}" in self.libraries:
                    agent = AgentProcess.ours(backend, "--snmprec", str(recording))
                    agents[f"anysnmp-{backend}"] = (agent, agent.ports[0], common.SYNTHETIC_ENTRY)
            if "snmpsim" in self.libraries:
                snmpsim = snmpsim_command()
                if snmpsim is not None:
                    port = netsnmpd.free_udp_port()
                    agent = AgentProcess(
                        [
                            str(snmpsim),
                            f"--data-dir={data}",
                            f"--cache-dir={self.workdir / 'snmpsim-cache'}",
                            f"--agent-udpv4-endpoint=127.0.0.1:{port}",
                            "--logging-method=null",
                        ],
                        env=dict(os.environ, SNMPSIM_ALLOW_ROOT="true"),
                        ready_line=False,
                        port=port,
                    )
                    agents["snmpsim"] = (agent, port, common.SYNTHETIC_ENTRY)
                else:
                    result.errors["snmpsim"] = [
                        "snmpsim-command-responder not found: pip install -e '.[bench]'"
                    ]
            if "netsnmp-snmpd" in self.libraries:
                snmpd = self.ensure_snmpd()
                agents["netsnmp-snmpd"] = (None, snmpd.port, "1.3.6")

            def run(name: str) -> dict[str, Any]:
                agent, port, root = agents[name]
                pid = agent.pid if agent is not None else self.ensure_snmpd().proc.pid
                command = [
                    tool("snmpbulkwalk"),
                    "-v2c",
                    "-c",
                    COMMUNITY,
                    "-On",
                    "-Oq",
                    "-Cr25",
                    "-r1",
                    "-t10",
                    f"127.0.0.1:{port}",
                    root,
                ]
                cpu, wall = common.process_cpu(pid), time.perf_counter()
                done = subprocess.run(
                    command, capture_output=True, env=NETSNMP_ENV, timeout=self.timeout
                )
                wall, cpu = time.perf_counter() - wall, common.process_cpu(pid) - cpu
                if done.returncode:
                    return {"error": done.stderr.decode(errors="replace")[:300]}
                oids = common.parse_numeric_oids(done.stdout)
                answer: dict[str, Any] = {"wall": wall, "cpu": cpu, "agent_cpu": cpu}
                answer["varbinds"] = len(oids)
                if name != "netsnmp-snmpd":
                    answer["oids"] = oids
                return answer

            self.interleave(result, list(agents), run)
        finally:
            for process, _, _ in agents.values():
                if process is not None:
                    process.stop()
        result.notes.append(
            "CPU is the agent process's (/proc/<pid>/task/*/schedstat); Net-SNMP snmpd serves "
            "its live MIB from 1.3.6, the others the same synthetic recording"
        )
        return result

    # --- m-load, m-walk, m-cli, m-start: MIBs, anysnmp beside Net-SNMP -------------------

    def mib(self, key: str) -> Scenario:
        if key == "m-cli":  # the wall of a command against a device: snmpd on a CPU of its own
            if self.remote_snmpd is None:
                self.remote_snmpd = common.start_snmpd(self.workdir / "snmpd-remote", remote=True)
            snmpd = self.remote_snmpd
        else:
            snmpd = self.ensure_snmpd()
        result = Scenario(key, mibs.TITLES[key], "varbind" if key == "m-walk" else "run")
        home = self.workdir / "mib-home"
        spec = self.base_spec(key, snmpd.host, snmpd.port)
        spec.update(mib_dirs=mibs.mib_dirs(), mib_cache=str(home / "cache" / "anysnmp" / "mibs"))
        entries = mibs.ENTRIES[key]
        if key == "m-cli":
            oids = self.walk_oids(snmpd, spec["root"])
            spec.update(mibs.floor_requests(spec, oids, self.workdir / "floor-requests"))
        # Warm-up (untimed): compiles the cache (and pysnmp's modules), then each entry once.
        mibs.run_process("anysnmp-mib-load", spec, home)
        if any(entry.startswith("pysnmp") for entry in entries):
            spec.update(mibs.pysnmp_mibs(spec, self.workdir / "pysnmp-mibs"))
        for entry in entries if not self.settings.quick else ():
            self.run_mib_entry(entry, spec, home)

        self.interleave(result, list(entries), lambda entry: self.run_mib_entry(entry, spec, home))
        result.notes.append(f"{mibs.NOTES[key]}; ratios paired per round against {entries[-1]}")
        if key == "m-cli":
            cpus = common.remote_cpus()
            result.notes.append(
                f"snmpd on CPU {min(cpus)} of its own, as another machine (both tools alike)"
                if cpus
                else "snmpd shares the clients' CPU (no CPU of its own on this machine)"
            )
        return result

    def run_mib_entry(self, entry: str, spec: dict[str, Any], home: Path) -> dict[str, Any]:
        if spec["scenario"] == "m-walk":
            worker = "pysnmp-mib" if entry.startswith("pysnmp") else "anysnmp-mib"
            return self.worker(worker).run(dict(spec, entry=entry), self.timeout)
        return mibs.run_process(entry, spec, home)

    # --- p, p-walk, p-c1000: N devices (one snmpd on N ports), C requests in flight ----

    def poll(self, key: str) -> Scenario:
        s = self.settings
        if self.poll_snmpd is None:
            self.poll_snmpd = common.start_snmpd(self.workdir / "snmpd-poll", ports=s.poll_devices)
        snmpd = self.poll_snmpd
        concurrency = s.poll_concurrency_high if key == "p-c1000" else s.poll_concurrency
        get_oids = self.many_oids(snmpd, s.poll_oids)
        walk_root = s.poll_walk if key == "p-walk" else None
        walk_oids = self.walk_oids(snmpd, walk_root) if walk_root else []
        what = f"GET of {len(get_oids)} OIDs" + (" + GETBULK walk of ifTable" if walk_root else "")
        result = Scenario(
            key, f"{s.poll_devices} devices, {what} each, {concurrency} in flight", "varbind"
        )
        spec = dict(
            self.base_spec(key, snmpd.host, snmpd.port),
            ports=snmpd.ports,
            get_oids=get_oids,
            walk_root=walk_root,
            walk_oids=walk_oids,
            concurrency=concurrency,
            timeout=G_TIMEOUT,
            retries=G_RETRIES,
        )
        expected = s.poll_devices * (len(get_oids) + len(walk_oids))
        libraries = self.clients_for(key)
        if not s.quick:  # warm up each worker on a tenth of the devices
            small = dict(spec, ports=snmpd.ports[: s.poll_devices // 10])
            for library in libraries:
                self.worker(library).run(small, self.timeout)

        def run(library: str) -> dict[str, Any]:
            agent_cpu = common.process_cpu(snmpd.proc.pid)
            answer = self.worker(library).run(spec, self.timeout)
            answer["agent_cpu"] = common.process_cpu(snmpd.proc.pid) - agent_cpu
            if "error" not in answer:
                answer["lost"] = expected - answer["varbinds"]
                if answer["lost"]:
                    result.notes.append(
                        f"{library}: {answer['lost']} of {expected} varbinds lost, "
                        f"{answer['devices_failed']} devices failed "
                        f"({answer.get('first_failure', 'no answer')})"
                    )
            return answer

        self.interleave(result, libraries, run)
        result.notes.append(
            f"one snmpd listening on {s.poll_devices} UDP ports (its command line), a device per "
            f"port; anysnmp: one Manager; {G_TIMEOUT:g} s timeouts, {G_RETRIES} re-sends "
            "(gufo: none); anysnmp-tasks: a task per device under an anyio.CapacityLimiter; "
            "gufo async, pysnmp: a coroutine per device under an asyncio.Semaphore; gufo sync: "
            "a thread pool of C threads; floors: pre-encoded requests, raw answers, one socket"
        )
        return result

    def run(self, scenarios: list[str]) -> None:
        titles = {
            "a": ("v2c GETNEXT walk", "varbind"),
            "b": (f"v2c GETBULK walk, max-repetitions {self.settings.max_repetitions}", "varbind"),
            "c": ("v3 SHA-1/AES-128 GETBULK walk", "varbind"),
            "d": (f"{self.settings.concurrency} concurrent GETBULK walks", "varbind"),
            "e": (f"{self.settings.get_count} sequential GETs", "GET"),
            "f": (f"GET of {self.settings.many_size} OIDs x {self.settings.many_count}", "varbind"),
        }
        for key in scenarios:
            print(f"scenario {key}", flush=True)
            if key in titles:
                self.results[key] = self.against_snmpd(key, *titles[key])
            elif key == "d-agent":
                self.results.update(self.d_agent())
            elif key in TCP:
                self.results[key] = self.tcp(key)
            elif key in POLL_SCENARIOS:
                self.results[key] = self.poll(key)
            elif key in mibs.SCENARIOS:
                self.results[key] = self.mib(key)
            else:
                self.results[key] = {
                    "g": self.g,
                    "h": self.h,
                    "i": self.i,
                }[key]()


def source_state() -> str:
    """The commit under test, with "+dirty" when src/ or cpp/ have uncommitted changes."""
    root = BENCH_DIR.parent
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=root
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src", "cpp"],
        capture_output=True,
        text=True,
        cwd=root,
    ).stdout.strip()
    return commit + ("+dirty" if dirty else "")


def metadata(
    args: argparse.Namespace, started: float, load_before: tuple[float, ...], commit: str
) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("anysnmp", "gufo_snmp", "pysnmp", "uvloop", "trio", "anyio"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    snmpd_version = subprocess.run([tool("snmpd"), "-v"], capture_output=True, text=True).stdout
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "pinning": args.pinning,
        "versions": versions,
        "netsnmp": next(
            (
                line.split(":", 1)[1].strip()
                for line in snmpd_version.splitlines()
                if "version" in line.lower()
            ),
            "?",
        ),
        "rounds": args.rounds,
        "quick": args.quick,
        "d_latency_ms": Settings(args.quick).d_latency_ms,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "duration_s": time.monotonic() - started,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds", type=int, default=None, help="interleaved rounds (default 5; 1 with --quick)"
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(ALL_SCENARIOS),
        help="comma-separated, of " + ", ".join(ALL_SCENARIOS),
    )
    every = [*CLIENTS, CLI, "snmpsim", "netsnmp-snmpd"]
    parser.add_argument(
        "--libraries", default=",".join(every), help="comma-separated, of " + ", ".join(every)
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, no warm-up: a smoke run")
    parser.add_argument(
        "--cpus",
        choices=("shared", "split", "off"),
        default="shared",
        help="shared (default): clients and agents on one CPU; split: clients on one, agents "
        "on another; off: where the scheduler puts them (runs then vary by 30-40%%)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="write JSON, markdown and plot here (default: bench/results and docs/benchmarks)",
    )
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 5)
    args.scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    args.libraries = [s.strip() for s in args.libraries.split(",") if s.strip()]
    for name, allowed in ((args.scenarios, ALL_SCENARIOS), (args.libraries, every)):
        unknown = set(name) - set(allowed)
        if unknown:
            parser.error(f"unknown: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started, load_before, commit = time.monotonic(), os.getloadavg(), source_state()
    args.pinning = common.pin_cpus(args.cpus)
    with tempfile.TemporaryDirectory(prefix="anysnmp-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        try:
            bench.run(args.scenarios)
        finally:
            bench.close()
    data = {
        "meta": metadata(args, started, load_before, commit),
        "scenarios": {k: report.scenario_json(v) for k, v in bench.results.items()},
    }
    results_dir = args.output or BENCH_DIR / "results"
    docs_dir = args.output or BENCH_DIR.parent / "docs" / "benchmarks"
    paths = report.write_all(data, results_dir, docs_dir)
    print(report.console_summary(data))
    print("wrote " + ", ".join(str(p) for p in paths))
    failed = [k for k, v in data["scenarios"].items() if v["errors"] or v["mismatches"]]
    if failed:
        print(
            f"FAILED: errors or OID mismatches in scenario(s) {', '.join(failed)}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
