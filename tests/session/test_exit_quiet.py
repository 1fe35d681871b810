"""A process whose core objects outlive the interpreter's teardown exits without nanobind's
leak report on stderr.

Python's finalization can keep a module global alive past nanobind's own teardown (a
`random_ids` whose reset `os.register_at_fork` held did so); release builds do not report
it. The test keeps a core object alive for good (one reference more than its owners
release), as such a global is, and reads what the process prints as it ends.
"""

from __future__ import annotations

import subprocess
import sys

OUTLIVES_TEARDOWN = """
import ctypes
from anysnmp import _core
ids = _core.RandomIds()
ctypes.pythonapi.Py_IncRef(ctypes.py_object(ids))
"""


def test_a_core_object_alive_at_exit_gives_no_leak_report() -> None:
    done = subprocess.run(
        [sys.executable, "-c", OUTLIVES_TEARDOWN], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "nanobind" not in done.stdout + done.stderr, done.stderr[-2000:]
