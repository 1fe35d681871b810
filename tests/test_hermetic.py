"""The tests see nothing of the user's: a home, snmp.conf and MIBS of theirs change no result."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from hermetic import MIB_CACHE, NETSNMP_VARIABLES, OWNER, SESSION
from mib_helpers import require_test_mibs
from peers import TOOL_ENV, Snmpd, require_tool

from anysnmp._mib._cache import default_cache_dir

REPO = Path(__file__).resolve().parents[1]

#: A module of our own, written for this test.
HERMETIC_MIB = """\
HERMETIC-TEST-MIB DEFINITIONS ::= BEGIN
hermetic OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99997 }
END
"""

#: A user's snmp.conf that changes what Net-SNMP's tools (and ours) print and send.
USERS_SNMP_CONF = "quickPrinting yes\ndefVersion 3\nmibs +ALL\n"


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_tests_see_nothing_of_the_users_environment(tmp_path: Path) -> None:
    assert os.environ["HOME"] == str(SESSION / "home") == str(Path.home())
    assert not [name for name in NETSNMP_VARIABLES if name in os.environ]
    assert not any(Path(os.environ["SNMPCONFPATH"]).iterdir())
    assert default_cache_dir() == str(MIB_CACHE)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # commands take Ctrl-C
    assert TOOL_ENV["HOME"] == os.environ["HOME"]  # Net-SNMP's tools' and our commands'
    assert Path(TOOL_ENV["SNMPCONFPATH"]).parent == SESSION
    # A command compiles into the session's cache.
    (tmp_path / "HERMETIC-TEST-MIB.txt").write_text(HERMETIC_MIB)
    names = ("-M", str(tmp_path), "-m", "HERMETIC-TEST-MIB", "-On", "HERMETIC-TEST-MIB::hermetic")
    done = _run([sys.executable, "-m", "anysnmp", "translate", *names], TOOL_ENV)
    assert (done.returncode, done.stdout, done.stderr) == (0, ".1.3.6.1.4.1.99997\n", "")
    assert any(str(tmp_path).encode() in entry.read_bytes() for entry in MIB_CACHE.iterdir())


def test_a_users_home_snmp_conf_and_mibs_change_no_result(snmpd: Snmpd, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".snmp").mkdir(parents=True)
    (home / ".snmp" / "snmp.conf").write_text(USERS_SNMP_CONF)
    users = {name: value for name, value in os.environ.items() if name != "ANYSNMP_TEST_SESSION"}
    users.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        SNMPCONFPATH=str(home / ".snmp"),
        MIBS="ALL",
        MIBDIRS=require_test_mibs(),
    )
    # What the user's settings do to a Net-SNMP tool's output...
    get = [require_tool("snmpget"), "-v2c", "-c", snmpd.community, "-On", snmpd.target]
    sys_name = "1.3.6.1.2.1.1.5.0"
    assert " = STRING: " in _run([*get, sys_name], TOOL_ENV).stdout
    assert " = " not in _run([*get, sys_name], users).stdout
    # ... changes nothing in tests that compare with one, nor in a command's MIB cache.
    inner = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
            f"{__file__}::test_the_tests_see_nothing_of_the_users_environment",
            "tests/session/test_session_netsnmp.py::test_get_matches_snmpget",
        ],
        cwd=REPO, env=users, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert inner.returncode == 0, inner.stdout + inner.stderr
    assert "5 passed" in inner.stdout
    assert not (tmp_path / "cache").exists()
    assert [path.name for path in home.rglob("*")] == [".snmp", "snmp.conf"]


def test_a_killed_sessions_folder_is_removed_by_the_next_session(tmp_path: Path) -> None:
    # A session killed (SIGKILL, a CI timeout) never ran its atexit: its folder (a home,
    # a MIB cache of compiled modules) stayed in /tmp for good.
    gone = subprocess.Popen(["true"])
    gone.wait()
    namespace = os.readlink("/proc/self/ns/pid")
    dead = f"{gone.pid} {namespace}"
    owners = {
        "dead": dead,
        "alive": f"{os.getpid()} {namespace}",
        "elsewhere": f"{gone.pid} pid:[1]",  # a pid of another namespace: not known gone
        "older": None,  # no owner file
        "others": dead if os.geteuid() == 0 else None,
    }
    for kind, owner in owners.items():
        (tmp_path / f"anysnmp-tests-{kind}" / "cache").mkdir(parents=True)
        if owner is not None:
            (tmp_path / f"anysnmp-tests-{kind}" / OWNER).write_text(owner)
    if os.geteuid() == 0:
        os.chown(tmp_path / "anysnmp-tests-others", 65534, 65534)  # another user's
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / OWNER).write_text(dead)
    (tmp_path / "anysnmp-tests-link").symlink_to(tmp_path / "outside")  # no folder of ours
    environment = {key: value for key, value in TOOL_ENV.items() if key != "ANYSNMP_TEST_SESSION"}
    environment["TMPDIR"] = str(tmp_path)
    made = subprocess.run(
        [sys.executable, "-c", "import hermetic; print(hermetic.SESSION)"],
        cwd=REPO / "tests", env=environment, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert Path(made).parent == tmp_path and not Path(made).exists()  # its own: at its exit
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        *(f"anysnmp-tests-{kind}" for kind in ("alive", "elsewhere", "link", "older", "others")),
        "outside",
    ]


def test_commands_keep_their_bytecode_in_the_session_where_the_user_writes_none(
    tmp_path: Path,
) -> None:
    # With PYTHONDONTWRITEBYTECODE, each command the tests run compiled anysnmp's modules
    # again: a fifth of the CPU of a test of the command line.
    code = (
        "import os, subprocess, sys, hermetic\n"
        "subprocess.run([sys.executable, '-c', 'import anysnmp'], check=True)\n"
        "kept = [p for p in hermetic.PYCACHE.rglob('__init__.*.pyc') if p.parent.name == 'anysnmp']\n"
        "print(os.environ.get('PYTHONDONTWRITEBYTECODE'), os.environ.get('PYTHONPYCACHEPREFIX'),"
        " len(kept), hermetic.PYCACHE)\n"
    )
    environment = {key: value for key, value in TOOL_ENV.items() if key != "ANYSNMP_TEST_SESSION"}
    environment.pop("PYTHONPYCACHEPREFIX", None)
    environment.update(TMPDIR=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")

    def session_of_one() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO / "tests", env=environment, capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip

    dont_write, prefix, kept, pycache = session_of_one()
    assert (dont_write, prefix, kept) == ("None", pycache, "1")
    assert Path(pycache).parent.parent == tmp_path  # in the session's folder, gone at its end
    # A prefix of the user's own is theirs to keep or not.
    environment["PYTHONPYCACHEPREFIX"] = str(tmp_path / "theirs")
    assert session_of_one()[:3] == ["1", str(tmp_path / "theirs"), "0"]
