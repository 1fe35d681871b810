"""``anysnmp translate`` against snmptranslate over the MIBs Debian's server packages ship
(build/test-mibs/apps: keepalived, Kamailio, Squid, Pacemaker, Corosync, ProFTPD; see
scripts/fetch-test-mibs) beside the test MIB set, loaded with -m ALL as a user's folder is:
their projects' own texts, with slips Net-SNMP reads past (clauses out of order, a SEQUENCE
type of a label's name) and files named otherwise than their modules."""

from __future__ import annotations

import sys
import warnings

import forked_cli
import pytest
from mib_helpers import MIB_TOOL_ENV, TEST_MIBS, all_nodes, require_test_mibs

from anysnmp import Mib, MibWarning

#: The modules of the folder (each file's).
APP_MODULES = (
    "COROSYNC-MIB",
    "KAMAILIO-MIB",
    "KAMAILIO-REG-MIB",
    "KAMAILIO-SIP-COMMON-MIB",
    "KAMAILIO-SIP-SERVER-MIB",
    "KAMAILIO-TC",
    "KEEPALIVED-MIB",
    "PACEMAKER-MIB",
    "PROFTPD-MIB",
    "SQUID-MIB",
    "VRRP-MIB",
    "VRRPV3-MIB",
)


def _dirs() -> str:
    return f"{require_test_mibs()}:{TEST_MIBS / 'apps'}"


def assert_same(*args: str) -> str:
    """Both print the same (stdout, stderr, status) with `args`; the output."""
    common = ["-M", _dirs(), "-m", "ALL", *args]
    ours = forked_cli.run(
        [sys.executable, "-m", "anysnmp", "translate", *common], capture_output=True, text=True
    )
    theirs = forked_cli.run(
        ["snmptranslate", *common], capture_output=True, text=True, env=MIB_TOOL_ENV
    )
    assert (ours.stdout, ours.stderr, ours.returncode) == (
        theirs.stdout,
        theirs.stderr,
        theirs.returncode,
    )
    return str(ours.stdout)


@pytest.fixture(scope="module")
def app_nodes() -> list[str]:
    """The OIDs of the nodes the folder's modules define, in OID order."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)  # the test set's own (as snmptranslate's)
        mib = Mib.load(("ALL",), dirs=_dirs())
    assert set(APP_MODULES) <= set(mib.modules)
    return [f".{node.oid}" for node in all_nodes(mib) if node.module in APP_MODULES]


def test_every_label_and_oid_loads_as_in_net_snmp(app_nodes: list[str]) -> None:
    """-Tz: each label of the load and its OID; and what both say loading it (the test
    set's one line)."""
    labels = assert_same("-Tz")
    assert len(app_nodes) > 1000
    assert all(f'"{oid[1:]}"' in labels for oid in app_nodes[::50])


def test_the_objects_are_described_as_in_net_snmp(app_nodes: list[str]) -> None:
    assert assert_same("-Td", *app_nodes[::4]).count("::= {") == len(app_nodes[::4])


def test_the_trees_are_drawn_as_in_net_snmp() -> None:
    roots = [".1.3.6.1.4.1.9586", ".1.3.6.1.4.1.34352", ".1.3.6.1.4.1.3495", ".1.3.6.1.4.1.17852"]
    assert assert_same("-Tp", *roots).count("Index: ") > 10
