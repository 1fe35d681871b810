"""Shared fixtures: both anyio backends, and a private Net-SNMP snmpd."""

from __future__ import annotations

import fcntl
import os
import shutil
import warnings
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest
from hermetic import MIB_CACHE, SESSION
from hypothesis import settings
from mib_helpers import require_test_mibs
from netsnmpd import stop_process
from peers import Snmpd, start_snmpd

from anysnmp import Mib, MibView, MibWarning

# No deadline per example: tests never judge timings, and the shared machines run at
# loads of 10 and more (an example over hypothesis's default 200 ms failed a run).
settings.register_profile("anysnmp", deadline=None)
settings.load_profile("anysnmp")

#: The bundled demo device's data.
DEMO = Path(str(files("anysnmp") / "data" / "demo.snmprec"))


@pytest.fixture(scope="session")
def snmpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    """A private Net-SNMP agent on 127.0.0.1, shared by the session."""
    agent, proc = start_snmpd(tmp_path_factory.mktemp("snmpd"))
    yield agent
    stop_process(proc)


@pytest.fixture(scope="session")
def snmpd6(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    """A private Net-SNMP agent on ::1."""
    agent, proc = start_snmpd(tmp_path_factory.mktemp("snmpd6"), host="::1")
    yield agent
    stop_process(proc)


@pytest.fixture(scope="session")
def snmpd_without_users(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snmpd]:
    """A private Net-SNMP agent on 127.0.0.1 with communities and no SNMPv3 user."""
    agent, proc = start_snmpd(tmp_path_factory.mktemp("snmpd-no-users"), v3_users=False)
    yield agent
    stop_process(proc)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test runs under asyncio and under trio."""
    return str(request.param)


@pytest.fixture
def demo_view() -> MibView:
    """A fresh (writable) copy of the bundled demo device."""
    return MibView.from_snmprec(DEMO, writable=True)


@pytest.fixture(scope="session")
def compiled_test_set() -> Path:
    """A cache folder holding every module of the test MIB set compiled, and their load:
    the first worker to ask compiles the set (~4 s of CPU), the others wait for it. `mib`
    and `seeded_cache` copy it."""
    folder = SESSION / "test-set-cache"
    with (SESSION / "test-set-cache.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MibWarning)
            Mib.load(("ALL",), dirs=require_test_mibs(), cache_dir=folder)
    return folder


@pytest.fixture(scope="session")
def mib(compiled_test_set: Path) -> Mib:
    """Every module of the test MIB set, from the session's MIB cache (`hermetic`), which the
    commands the tests run read too: the entries of `compiled_test_set` it lacks are copied
    into it (each written whole, then renamed, as the cache writes its own: commands may be
    reading it). Some modules of the set are broken (a missing import, a bad grammar): they
    warn and load as far as they can.
    """
    MIB_CACHE.mkdir(parents=True, exist_ok=True)
    for entry in compiled_test_set.iterdir():
        if not (MIB_CACHE / entry.name).exists():
            copied = MIB_CACHE / f"{entry.name}.{os.getpid()}.tmp"
            shutil.copyfile(entry, copied)
            copied.replace(MIB_CACHE / entry.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        return Mib.load(("ALL",), dirs=require_test_mibs(), cache_dir=MIB_CACHE)


@pytest.fixture
def seeded_cache(tmp_path: Path, compiled_test_set: Path) -> Path:
    """The test's own cache folder (``tmp_path / "cache"``) holding the test MIB set compiled:
    a load of the modules the test writes beside the set compiles those only, not the whole
    set (~4 s of CPU). A test of how the set itself compiles keeps a cache of its own."""
    cache = tmp_path / "cache"
    shutil.copytree(compiled_test_set, cache)
    return cache


#: The tests of the command line, whose commands read the session's MIB cache.
CLI_TESTS = Path(__file__).parent / "cli"


@pytest.fixture(autouse=True)
def _cli_tests_find_the_test_mibs_compiled(request: pytest.FixtureRequest) -> None:
    """Before the first test of the command line, the test MIB set is compiled (`mib`): no
    command compiles it within its timeout (~4 s of CPU idle, far more under load)."""
    if CLI_TESTS in request.path.parents:
        request.getfixturevalue("mib")
