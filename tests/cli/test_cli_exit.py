"""How the ``anysnmp`` program ends: its status, its last output, its exit handlers.

The program skips the interpreter's teardown (`anysnmp.cli.command`); these check that
nothing a normal exit does is lost with it. It also starts without the garbage collector,
which its requests run with.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_helpers import ANYSNMP, ENV, run_anysnmp, run_netsnmp_tool
from peers import Snmpd

#: The program with an exit handler of its own, as a plugin or sitecustomize could add.
_WITH_HANDLER = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
    "from anysnmp.cli import command\n"
    "sys.argv[1:] = ['translate', '-On', '.1.3.6.1']\n"
    "command()\n"
)


#: The program, printing on stderr whether the garbage collector was on when the command
#: started, and when its requests ran (and start-up's objects frozen).
_COLLECTOR = (
    "import atexit, gc, sys\n"
    "import anysnmp.cli as cli, anysnmp.cli._run as run\n"
    "states = []\n"
    "main, run_to_end = cli.main, run.run_to_end\n"
    "def started():\n"
    "    states.append(gc.isenabled())\n"
    "    main()\n"
    "def requests(coroutine):\n"
    "    states.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
    "    return run_to_end(coroutine)\n"
    "cli.main, run.run_to_end = started, requests\n"
    "atexit.register(lambda: print(states, file=sys.stderr))\n"
    "cli.command()\n"
)


def _to_full_disk(*args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [*ANYSNMP, *args], env=ENV, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
        )


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "-On", ".1.3.6.1"],  # one line, written by click
        ["walk", "-v2c", "-c", "public", "AGENT", ".1.3.6.1.2.1.1"],  # lines of ours, buffered
    ],
)
def test_output_to_a_full_disk_is_one_line_and_status_1(snmpd: Snmpd, args: list[str]) -> None:
    done = _to_full_disk(*(snmpd.target if arg == "AGENT" else arg for arg in args))
    assert (done.returncode, done.stderr) == (1, "anysnmp: [Errno 28] No space left on device\n")


def test_output_closed_early_is_not_an_error(snmpd: Snmpd) -> None:
    walk = [*ANYSNMP, "walk", "-v2c", "-c", "public", snmpd.target, ".1.3.6.1.2.1"]
    with subprocess.Popen(walk, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith(b".1.3.6.1.2.1.1.1.0 = ")
        proc.stdout.close()
        assert (proc.wait(60), proc.stderr.read()) == (0, b"")


def test_exit_handlers_run() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITH_HANDLER], env=ENV, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, ".1.3.6.1\n", "handler ran\n")


def test_every_line_of_a_long_output_is_written_and_the_status_kept(snmpd: Snmpd) -> None:
    # v1: an error-status (status 2), the error's lines, then the GET again without it
    args = ("-v1", "-c", "public", snmpd.target, ".1.3.6.1.2.1.1.5.0", ".1.3.6.1.2.1.1.99.0")
    mine, ref = run_anysnmp("get", *args), run_netsnmp_tool("snmpget", "-On", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.rc != 0
    walk = run_anysnmp("walk", "-v2c", "-c", "public", snmpd.target, ".1.3.6.1.2.1")
    assert walk.rc == 0
    assert walk.out.endswith("\n") and walk.out.count("\n") > 100


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [("None", 0, ""), ("3", 3, ""), ("-1", 255, ""), ("'bad'", 1, "bad\n")],
)
def test_a_system_exit_ends_with_pythons_status(code: str, status: int, stderr: str) -> None:
    program = (
        "import sys, anysnmp.cli\n"
        f"def main(): raise SystemExit({code})\n"
        "anysnmp.cli.main = main\n"
        "anysnmp.cli.command()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env=ENV, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (status, stderr)


def test_the_collector_is_off_while_a_command_starts_and_on_for_its_requests(
    snmpd: Snmpd,
) -> None:
    """Start-up (imports, the MIB load) makes no garbage worth the collector's passes; a
    long walk, `listen` or `agent` do, and run with it."""
    get = ["get", "-v2c", "-c", "public", "-On", snmpd.target, "1.3.6.1.2.1.1.5.0"]
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTOR, *get],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(".1.3.6.1.2.1.1.5.0 = STRING: ")
    assert done.stderr == "[False, (True, True)]\n"
