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


def netsnmp(tool: str, *args: str, modules: str = "ALL") -> list[str]:
    """The output lines of a Net-SNMP tool run with the test MIB set only."""
    result = subprocess.run(
        [require_tool(tool), "-M", require_test_mibs(), "-m", modules, *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "SNMPCONFPATH": "/nonexistent"},
    )
    return result.stdout.splitlines()
