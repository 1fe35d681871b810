"""A process that used sessions exits without nanobind's leak report on stderr.

Python's finalization can keep a module global (`random_ids`, whose reset
`os.register_at_fork` holds) alive past nanobind's teardown; release builds
do not report it. Two test modules run together reproduced the report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_a_process_with_many_sessions_exits_quietly() -> None:
    modules = [str(HERE / "test_first_hour.py"), str(HERE / "test_oid_text.py")]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            *modules,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=HERE.parents[1],
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "nanobind" not in done.stdout + done.stderr, done.stderr[-2000:]
