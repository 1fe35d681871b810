"""Runs snmptrapd and `anysnmp listen` alike (the same options and snmptrapd.conf), sends
each the same notifications and gives back what each printed."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from cli_helpers import ANYSNMP, ENV, run_anysnmp, run_netsnmp
from mib_helpers import require_test_mibs
from netsnmpd import free_udp_port
from peers import V3_USERS, require_tool

#: The inform's last varbind, as both print it with -On.
VARBIND = '.1.3.6.1.2.1.1.5.0 = STRING: "hi"'
INFORM = ["123", "1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", "hi"]
USER = next(user for user in V3_USERS if user.name == "sha256aes256")


#: Every kind of notification (the first an inform: snmpinform retries until the receiver
#: is up): v2c, v1 (generic; enterprise-specific, up for a day), v3 with a context.
V2C = ["-v2c", "-c", "public"]
SENDS = [
    ("snmpinform", [*V2C, "-t", "0.2", "-r", "60"], INFORM),
    ("snmptrap", V2C, ["4242", "1.3.6.1.4.1.99.0.3", "1.3.6.1.2.1.1.5.0", "s", "hi"]),
    ("snmptrap", ["-v1", "-c", "public"], ["1.3.6.1.4.1.8072", "10.0.0.1", "2", "0", "555"]),
    (
        "snmptrap",
        ["-v1", "-c", "p\x01"],
        ["1.3.6.1.4.1.8072.4", "127.0.0.1", "6", "17", "8640556", "1.3.6.1.2.1.1.5.0", "s", "hi"],
    ),
    ("snmpinform", [*USER.netsnmp_args(), "-n", "ctx"], INFORM),
]
#: The inform that ends a run of sends: the receiver is up by then, so it is sent once and
#: waited for (SENDS[0] re-sent every 0.2 s: a receiver still busy with the sends before
#: it logged the copies, and snmptrapd and listen --count each logged a different number).
LAST_INFORM = ("snmpinform", [*V2C, "-t", "10", "-r", "0"], INFORM)
TRAPD_CONFIG = (
    "authCommunity log public\n"
    "authCommunity log p\x01\n"
    f"createUser {' '.join(USER.config_lines()[0].split()[1:])}\n"
    f"authUser log {USER.name} noauth\n"
)
#: Every community accepted (an empty one too), for `printed_by_both`.
MIB_CONFIG = TRAPD_CONFIG + "disableAuthorization yes\n"
#: The time of day snmptrapd prints first (not compared).
_NOW = re.compile(r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


def received(
    tmp_path: Path,
    who: str,
    options: list[str],
    transport: str = "udp",
    sends: list[tuple[str, list[str], list[str]]] = SENDS[:1],
    before: str | None = None,
    config: str = TRAPD_CONFIG,
    *,
    defaults: bool = False,
    count: int | None = None,
    environ: Mapping[str, str] | None = None,
    host: str | None = "127.0.0.1",
    refused: bool = False,
    numeric: bool = True,
) -> dict[str, str]:
    """snmptrapd's (`who` ``theirs``) or listen's outputs with `options` and the same
    snmptrapd.conf, `config` (FILE: a file of each's own, holding `before` first when
    given; in `config` too, and ADDRESS: where it listens, then given there only, and
    WHO: `who`) once `sends` are sent: stdout, stderr, the file. The config is read with
    -C -c, or, `defaults`, as the default file of SNMPCONFPATH's folder; `environ` adds to
    the environment. Both listen on `host` (None: the port alone, every address; sends go
    to 127.0.0.1). Listen exits after
    `count` notifications (default: one a send). A send that fails fails the test, unless
    `refused`: then ``sent`` gives each send's tool, status and what it said on stderr, a
    line each. A send's tool is Net-SNMP's (snmptrap, snmpinform), anysnmp's command, or
    ``udp``: its arguments messages in hexadecimal, sent as they are. Both print OIDs
    numerically (-On) unless not `numeric`."""
    file = tmp_path / f"{who}.log"
    if before is not None:
        file.write_text(before)
    options = [
        "-f",
        *(["-On"] if numeric else []),
        *(option.replace("FILE", str(file)) for option in options),
    ]
    port = free_udp_port() if transport == "udp" else free_tcp_port()
    addr = f"{transport}:{port}" if host is None else f"{transport}:{host}:{port}"
    folder = tmp_path / who
    folder.mkdir(exist_ok=True)
    text = config.replace("FILE", str(file)).replace("WHO", who)
    (folder / "snmptrapd.conf").write_text(text.replace("ADDRESS", addr))
    env = {**ENV, **(environ or {}), **({"SNMPCONFPATH": str(folder)} if defaults else {})}
    conf = [] if defaults else ["-C", "-c", str(folder / "snmptrapd.conf")]
    if who == "theirs":
        env = dict(env, SNMP_PERSISTENT_DIR=str(tmp_path / "persist"))
        command = [require_tool("snmptrapd"), *conf, *options]
    else:
        command = [*ANYSNMP, "listen", "--count", str(count or len(sends)), *conf, *options]
    if "ADDRESS" not in config:
        command.append(addr)
    out, err = tmp_path / f"{who}.out", tmp_path / f"{who}.err"
    addr = f"{transport}:127.0.0.1:{port}"
    said = []
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        try:
            if transport == "tcp":  # snmpinform retries over UDP only
                wait_for(file if who == "theirs" else err, "NET-SNMP version", "receiving on")
            for tool, version, args in sends:
                if tool == "udp":
                    _send_udp(addr, args)
                    continue
                run = run_netsnmp if tool.startswith("snmp") else run_anysnmp  # trap, inform
                sent = run(tool, *version, addr, *args)
                assert refused or sent.rc == 0, sent.err
                said.append(f"{tool} {sent.rc} {sent.err.strip()}\n")
        finally:
            if who == "theirs":
                proc.terminate()
            try:
                proc.wait(10)
            finally:
                proc.kill()  # listen still waiting for notifications it did not get: gone
    texts = {"stdout": out.read_text(), "stderr": err.read_text(), "sent": "".join(said)}
    return {**texts, "file": file.read_text() if file.exists() else ""}


def _send_udp(addr: str, messages: list[str]) -> None:
    """Each message (hexadecimal) in a datagram to `addr` (``udp:HOST:PORT``)."""
    _, host, port = addr.split(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for message in messages:
            sock.sendto(bytes.fromhex(message), (host, int(port)))


def printed_by_both(
    tmp_path: Path,
    options: list[str],
    sends: list[tuple[str, list[str], list[str]]],
    count: int,
    config: str = MIB_CONFIG,
) -> list[str]:
    """What snmptrapd and listen (theirs, ours), loading the test MIB set with `options`,
    wrote to -Lf FILE once `sends` (`count` notifications, the last an inform: acknowledged
    once snmptrapd is done with the others) came: their own lines left out, the time of
    day and ports masked; what a traphandle wrote to ``WHO.handled`` in `tmp_path` after
    a line ``--``."""
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    texts = []
    for who in ("theirs", "ours"):
        given = [*mibs, *options, "-Lf", "FILE"]
        done = received(
            tmp_path, who, given, sends=sends, config=config, count=count, numeric=False
        )
        text = done["file"].split("Stopping snmptrapd")[0]
        kept = "".join(line for line in text.splitlines(True) if not own(line))
        handled = tmp_path / f"{who}.handled"
        if handled.exists():
            kept += "--\n" + handled.read_text()
        texts.append(_NOW.sub("TIME ", ports(kept)))
    return texts


def wait_for(path: Path, *words: str) -> None:
    """Until `path` (snmptrapd's log, listen's stderr) says one of `words`: it listens."""
    deadline = time.monotonic() + 20
    while not any(w in (path.read_text() if path.exists() else "") for w in words):
        assert time.monotonic() < deadline, f"{path} says nothing of {words}"
        time.sleep(0.02)


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def own(line: str) -> bool:
    """A line of snmptrapd's own: its start and stop, its persistent folder made."""
    own = ("NET-SNMP version", "Created directory")
    return any(words in line for words in own)


def ports(text: str) -> str:
    """The ports of `text`'s transport addresses left out (each receiver has its own)."""
    return re.sub(r"\]:\d+", "]:N", text)
