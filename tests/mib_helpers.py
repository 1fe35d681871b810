"""The test MIB set (fetched by scripts/fetch-test-mibs) and Net-SNMP run on the same files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from peers import require_tool

#: Fetched from package registries by `scripts/setup test` (never committed).
TEST_MIBS = Path(__file__).resolve().parents[1] / "build" / "test-mibs"
#: The search path of the test MIB set, in Net-SNMP's syntax.
MIB_DIRS = ":".join(str(TEST_MIBS / folder) for folder in ("netsnmp", "erlang", "npm"))


def require_test_mibs() -> str:
    """The test MIB search path; fails (never skips) when the MIB texts are missing."""
    if not (TEST_MIBS / ".complete").exists():
        raise AssertionError(
            f"{TEST_MIBS} is missing: run scripts/setup test (or scripts/fetch-test-mibs)"
        )
    return MIB_DIRS


#: Net-SNMP's tools with no configuration of the host's (no snmp.conf, no ~/.snmp).
MIB_TOOL_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "SNMPCONFPATH": "/nonexistent"}


def netsnmp_command(tool: str, *args: str, modules: str = "ALL") -> list[str]:
    """A Net-SNMP tool's command line with the test MIB set only (run it with `MIB_TOOL_ENV`)."""
    return [require_tool(tool), "-M", require_test_mibs(), "-m", modules, *args]


def netsnmp(tool: str, *args: str, modules: str = "ALL") -> list[str]:
    """The output lines of a Net-SNMP tool run with the test MIB set only."""
    result = subprocess.run(
        netsnmp_command(tool, *args, modules=modules),
        capture_output=True,
        text=True,
        check=False,
        env=MIB_TOOL_ENV,
    )
    return result.stdout.splitlines()
