"""Shared fixtures: both anyio backends, and a private Net-SNMP snmpd."""

from __future__ import annotations

import fcntl
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


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test runs under asyncio and under trio."""
    return str(request.param)


@pytest.fixture
def demo_view() -> MibView:
    """A fresh (writable) copy of the bundled demo device."""
    return MibView.from_snmprec(DEMO, writable=True)


@pytest.fixture(scope="session")
def mib() -> Mib:
    """Every module of the test MIB set, compiled into the session's MIB cache (`hermetic`),
    which the commands the tests run read too.

    The first worker to ask compiles the set (~4 s of CPU), the others wait for it, then
    restore its load from the cache. Some modules of the set are broken (a missing import,
    a bad grammar): they warn and load as far as they can.
    """
    with (SESSION / "mib-cache.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MibWarning)
            return Mib.load(("ALL",), dirs=require_test_mibs(), cache_dir=MIB_CACHE)


#: The tests of the command line, whose commands read the session's MIB cache.
CLI_TESTS = Path(__file__).parent / "cli"


@pytest.fixture(autouse=True)
def _cli_tests_find_the_test_mibs_compiled(request: pytest.FixtureRequest) -> None:
    """Before the first test of the command line, the test MIB set is compiled (`mib`): no
    command compiles it within its timeout (~4 s of CPU idle, far more under load)."""
    if CLI_TESTS in request.path.parents:
        request.getfixturevalue("mib")
