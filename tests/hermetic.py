"""The tests' environment: nothing of the user's home, of their SNMP settings or of /etc/snmp.

Applied when first imported (by peers.py, which every test process imports before it
starts anything), so every test and what it starts run with:

- a HOME of the session's own, empty: no ``~/.snmp`` (snmp.conf, MIB folder), no ``~/.cache``;
- ``XDG_CACHE_HOME`` the session's cache, shared by xdist's workers and the commands they
  run: anysnmp's MIB cache is `MIB_CACHE` (the `mib` fixture compiles the test MIB set
  into it once);
- ``SNMPCONFPATH`` an empty folder: Net-SNMP's tools and ours read no snmp.conf but the
  ones a test names;
- ``SNMP_PERSISTENT_DIR`` a folder of the process's own (`PERSISTENT_DIR`: Net-SNMP's tools
  run by parallel workers corrupt a shared one);
- none of the user's ``MIBS``, ``MIBDIRS``... (tests set them where they mean to);
- SIGINT handled as Python does by default, even when the suite was started in the background
  (a shell's ``&`` ignores it, and commands would inherit that: tests send them Ctrl-C);
- where the user writes no bytecode (``PYTHONDONTWRITEBYTECODE``, and no
  ``PYTHONPYCACHEPREFIX``), the Python processes it starts keep theirs in the session's folder
  (`PYCACHE`): each of the thousands of commands the tests run compiled anysnmp's modules
  again (~80 ms of CPU), and the tree stays free of it, as the user asked.

The session's folder is made by the first process (pytest, or xdist's controller), which
removes it at exit; its workers inherit it through ``ANYSNMP_TEST_SESSION``. Its `OWNER` file
names that process: a session killed before its exit leaves the folder, which the next
session removes (`remove_stale_sessions`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

#: What Net-SNMP's tools and anysnmp read from the environment besides the above.
NETSNMP_VARIABLES = (
    "MIBS",
    "MIBDIRS",
    "MIBFILES",
    "PREFIX",
    "SNMP_PERSISTENT_FILE",
)


#: The file of a session folder naming its owner: its pid and its pid namespace.
OWNER = "owner"


def _owner(pid: int) -> str:
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{pid} {namespace}"


def remove_stale_sessions(folder: Path) -> list[Path]:
    """Remove the session folders in `folder` that a killed session left (its atexit never
    ran): folders (not links) of this user whose owner, a process of this pid namespace,
    is gone. Returns them."""
    removed = []
    for path in folder.glob("anysnmp-tests-*"):
        try:
            if path.lstat().st_uid != os.getuid() or path.is_symlink():
                continue
            pid, _, namespace = (path / OWNER).read_text().partition(" ")
            if _owner(int(pid)) != f"{pid} {namespace}" or int(pid) <= 0:
                continue  # another namespace's pid: not known to be gone
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        except (OSError, ValueError):
            continue  # no owner file (an older session's, or one being made), or alive
    return removed


def _session() -> Path:
    """The session's folder: inherited, else made here (and removed at this process's exit,
    or by the next session when this one is killed)."""
    inherited = os.environ.get("ANYSNMP_TEST_SESSION")
    if inherited:
        return Path(inherited)
    remove_stale_sessions(Path(tempfile.gettempdir()))
    made = tempfile.mkdtemp(prefix="anysnmp-tests-")
    Path(made, OWNER).write_text(_owner(os.getpid()))
    atexit.register(shutil.rmtree, made, ignore_errors=True)
    os.environ["ANYSNMP_TEST_SESSION"] = made
    return Path(made)


SESSION = _session()
PERSISTENT_DIR = SESSION / f"netsnmp-{os.getpid()}"
(PERSISTENT_DIR / "cert_indexes").mkdir(parents=True, exist_ok=True)  # else the first tool says so
for _name in NETSNMP_VARIABLES:
    os.environ.pop(_name, None)
os.environ.update(
    HOME=str(SESSION / "home"),
    XDG_CACHE_HOME=str(SESSION / "cache"),
    SNMPCONFPATH=str(SESSION / "snmpconf"),
    SNMP_PERSISTENT_DIR=str(PERSISTENT_DIR),
)
for _name in ("HOME", "XDG_CACHE_HOME", "SNMPCONFPATH"):
    Path(os.environ[_name]).mkdir(parents=True, exist_ok=True)

#: Where the processes the tests start keep their bytecode, when the user writes none.
PYCACHE = SESSION / "pycache"
if os.environ.get("PYTHONDONTWRITEBYTECODE") and "PYTHONPYCACHEPREFIX" not in os.environ:
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = str(PYCACHE)

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

#: anysnmp's default MIB cache in the tests.
MIB_CACHE = SESSION / "cache" / "anysnmp" / "mibs"
