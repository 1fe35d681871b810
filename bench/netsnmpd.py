"""A private Net-SNMP snmpd process: shared by the benchmark and the tests (pytest's pythonpath)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

#: Subtrees of snmpd whose rows follow host state (DESIGN.md): left out of OID comparisons.
VOLATILE_SUBTREES = (
    "1.3.6.1.2.1.25.4.2",
    "1.3.6.1.2.1.25.5.1",
    "1.3.6.1.2.1.7.5",
    "1.3.6.1.2.1.7.7",
    "1.3.6.1.2.1.6.13",
    "1.3.6.1.2.1.6.19",
    "1.3.6.1.2.1.6.20",
    "1.3.6.1.2.1.4.22",
    "1.3.6.1.2.1.4.35",
    "1.3.6.1.2.1.25.3.3",
    "1.3.6.1.4.1.2021.11",
)


def udp_address(host: str, port: int) -> tuple[int, tuple[object, ...]]:
    """(family, socket address) of a numeric IPv4 or IPv6 `host` (``fe80::1%eth0`` kept scoped)."""
    family, _, _, _, sockaddr = socket.getaddrinfo(
        host, port, type=socket.SOCK_DGRAM, flags=socket.AI_NUMERICHOST
    )[0]
    return family, sockaddr


def free_udp_port(host: str = "127.0.0.1") -> int:
    """A UDP port that is free on `host` (IPv4 or IPv6) at the moment."""
    return free_udp_ports(1, host)[0]


def free_udp_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct UDP ports that are free on `host` at the moment."""
    family, sockaddr = udp_address(host, 0)
    socks = [socket.socket(family, socket.SOCK_DGRAM) for _ in range(count)]
    try:
        for s in socks:
            s.bind(sockaddr)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


def in_subtrees(oid: str, subtrees: Iterable[str] = VOLATILE_SUBTREES) -> bool:
    """Whether `oid` is one of `subtrees` or lies below one."""
    return any(oid == s or oid.startswith(s + ".") for s in subtrees)


def launch_snmpd(
    snmpd: str, workdir: Path, config: str | None = None, listen: Iterable[str] = ()
) -> subprocess.Popen[bytes]:
    """Runs `snmpd` in the foreground with no MIBs, its log, pid file and state in `workdir`.

    `config` is snmpd's -c (files, comma-separated); default: workdir/snmpd.conf.
    `listen`: addresses (``udp:127.0.0.1:1161``) given on the command line, which
    replace the config's agentaddress and, unlike it, are not cut at 2,560 characters.
    """
    env = dict(
        os.environ, SNMP_PERSISTENT_DIR=str(workdir / "persist"), MIBS="", MIBDIRS="/nonexistent"
    )
    return subprocess.Popen(
        [
            snmpd,
            "-f",
            "-C",
            "-c",
            config or str(workdir / "snmpd.conf"),
            "-Lf",
            str(workdir / "snmpd.log"),
            "-p",
            str(workdir / "snmpd.pid"),
            "-I",
            "-smux",
            *listen,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_answering(
    proc: subprocess.Popen[bytes], answers: Callable[[], bool], seconds: float
) -> bool:
    """Whether `answers()` holds before `proc` exits or `seconds` pass; if not, `proc` is killed."""
    deadline = time.monotonic() + seconds
    while not answers():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            return False
        time.sleep(0.05)
    return True


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, and SIGKILL if `proc` has not exited 5 s later."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
