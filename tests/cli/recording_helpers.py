"""Comparing what anysnmp and Net-SNMP's tools print and read of recordings our agent serves."""

from __future__ import annotations

import subprocess
from typing import Any

import forked_cli
from cli_helpers import ANYSNMP, ENV
from mib_helpers import require_test_mibs
from peers import TOOL_ENV, opaque_number, parse_netsnmp, require_tool


def run_command(command: list[str]) -> tuple[int, str, str]:
    """Runs `command` (anysnmp's in a fork, `forked_cli`): its exit status, stdout and stderr."""
    done = forked_cli.run(command, capture_output=True, env=ENV, timeout=120, check=False)
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode()


def mib_options() -> list[str]:
    """The options loading every module of the test MIB set."""
    return ["-M", require_test_mibs(), "-m", "ALL"]


def same_output(ours: str, tool: str, args: list[str]) -> str:
    """Runs ``anysnmp OURS ARGS`` and Net-SNMP's `tool` with ARGS: both succeed, same stdout."""
    mine = run_command([*ANYSNMP, ours, *args])
    theirs = run_command([require_tool(tool), *args])
    assert (mine[0], theirs[0]) == (0, 0), (args, mine[2], theirs[2])
    assert mine[1] == theirs[1], f"anysnmp {ours} {' '.join(args)}"
    return mine[1]


#: Net-SNMP's output that `peers.parse_netsnmp` reads: numeric, enums as numbers, hex strings.
PARSED = ("-On", "-Oe", "-Ox", "-OU")


def netsnmp_values(tool: str, *args: str) -> list[tuple[str, str, Any]]:
    """What Net-SNMP's `tool` reads: (oid, type, value) in our value forms."""
    done = subprocess.run(
        [require_tool(tool), *PARSED, *args], capture_output=True, env=TOOL_ENV, check=True
    )
    out = done.stdout.decode("utf-8", errors="surrogateescape")
    return parse_netsnmp(out.removesuffix("End of MIB\n"))  # a v1 walk's last line


def comparable(value: Any, reference: Any) -> Any:
    """Our value as Net-SNMP prints it: an Opaque float rounded as it prints floats."""
    if isinstance(reference, float) and isinstance(value, bytes):
        number = opaque_number(value)
        return None if number is None else round(number, 6)
    return value
