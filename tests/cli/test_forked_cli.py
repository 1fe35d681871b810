"""The suite's ``anysnmp`` commands run in forks (tests/forked_cli.py) give what a process
of their own gives: output, errors, exit status, stdin, environment, working directory."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import forked_cli
import pytest
from cli_helpers import ANYSNMP, ENV
from peers import Snmpd

CASES = [
    pytest.param(["--help"], id="help"),
    pytest.param(["get", "--no-such-option"], id="usage-error"),
    pytest.param(["translate", "-On", "SNMPv2-MIB::sysName.0"], id="unknown-module"),
    pytest.param(["translate", "-On", "-IR", "-m", "", "-"], id="stdin"),
    pytest.param(["get", "-v2c", "-c", "x", "-t", "0.05", "-r", "0", "127.0.0.1:9", "1.3"],
                 id="timeout"),
]  # fmt: skip


def _both(args: list[str], env: dict[str, str], data: bytes = b"", text: bool = False) -> None:
    """`args` in a fork and in a process: alike."""
    command, given = [*ANYSNMP, *args], data.decode() if text else data
    forked = forked_cli.run(command, env=env, capture_output=True, input=given, text=text)
    process = subprocess.run(command, env=env, capture_output=True, input=given, text=text)
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        process.returncode,
        process.stdout,
        process.stderr,
    )


@pytest.mark.parametrize("args", CASES)
def test_commands_alike(args: list[str]) -> None:
    _both(args, ENV, b"1.3.6.1\n")


def test_a_walk_alike(snmpd: Snmpd) -> None:
    target = ["-v2c", "-c", snmpd.community, "-On", snmpd.target]
    _both(["walk", *target, "1.3.6.1.2.1.1.9"], ENV, text=True)


def test_environment_and_folder_are_the_commands(tmp_path: Path) -> None:
    """MIBDIRS, MIBS and a relative -M are read in the command's environment and folder."""
    (tmp_path / "mibs").mkdir()
    env = {**ENV, "MIBS": "NO-SUCH-MIB", "MIBDIRS": str(tmp_path / "elsewhere")}
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        _both(["translate", "-M", "+mibs", "-On", "sysName"], env)
    finally:
        os.chdir(here)
    assert b"NO-SUCH-MIB" in forked_cli.run([*ANYSNMP, "translate", "x"], env=env,
                                            capture_output=True).stderr  # fmt: skip


def test_a_command_past_its_timeout_is_stopped() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        target = f"127.0.0.1:{silent.getsockname()[1]}"
        start = time.monotonic()
        with pytest.raises(subprocess.TimeoutExpired):
            forked_cli.run([*ANYSNMP, "get", "-v2c", "-c", "x", "-t", "30", target, "1.3"],
                           env=ENV, capture_output=True, timeout=0.5)  # fmt: skip
        assert time.monotonic() - start < 10


def test_other_commands_are_processes() -> None:
    assert forked_cli.run(["true"]).returncode == 0
