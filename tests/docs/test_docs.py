"""The documentation: `mkdocs build --strict` passes, and every example runs against our agent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import anyio
import pytest
from mib_helpers import require_test_mibs

from anysnmp import Agent, CommandResponder, MibView

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.py"))
DEMO = Path(str(files("anysnmp") / "data" / "demo.snmprec"))

#: What each example prints when it works (against the demo recording where it uses one).
EXPECTED = {
    "agent.py": ["SET -> b'noc@example.net'", "1.3.6.1.2.1.31.1.1.1.6.1 1099511627776"],
    "notifications.py": [
        "v2c trap 1.3.6.1.6.3.1.1.5.3",
        "v1 trap",
        "v2c inform",
        "Integer(value=3)",
    ],
    "mibs.py": [
        "1.3.6.1.2.1.2.2.1.2.1 IF-MIB::ifDescr.1",
        "IF-MIB INTEGER read-only {'up': 1,",
        "{'1.3.6.1.2.1.2.2.1.2.1': b'lo', '1.3.6.1.2.1.2.2.1.3.1': 24}",
        "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24) index (1,)",
        "IF-MIB::ifPhysAddress.2 = STRING: 0:1b:21:3a:0:2",
        "ifTable: 52 rows, (1,): b'lo' type 24",
    ],
    "poll_devices.py": ["52 interfaces", "bad..name:161 failed: [Errno"],
    "quickstart_asyncio.py": [
        "b'Linux demo-sw1",
        "1.3.6.1.2.1.2.2.1.2.52 b'vlan20'",
        "no such instance",
    ],
    "quickstart_trio.py": ["b'demo-sw1.example.net'", "52 interfaces, first b'lo'"],
    "sync_session.py": [
        "b'demo-sw1.example.net'",
        "no such instance",
        "52 interfaces",
        "b'lo' b'ge-0/0/6'",
        "ifTable: 52 rows",
    ],
    "snmpv3.py": ["noAuthNoPriv", "SHA-512 + AES-256", "SHA + AES-256-C", "master keys"],
    "timeouts.py": ["timed out: no response", "walked 1144 varbinds", "b'demo-sw1.example.net'"],
    "walk_stream.py": ["1144 varbinds, one by one", "a response of 25 varbinds"],
}
#: Command line arguments of examples that take their targets there.
ARGS = {
    "mibs.py": ["{mibs}"],
    # The demo agent, and a name that does not resolve (at once: no name server asked),
    # whose error the example prints, polling the other.
    "poll_devices.py": ["{target}", "bad..name:161"],
}


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text()
    for name in (
        "SnmpSession",
        "walk_batches",
        "CommandResponder",
        "send_inform",
        "WrongDigestError",
        "MibFormatter",
    ):
        assert name in reference


def test_every_example_is_shown_on_a_page() -> None:
    pages = "".join(page.read_text() for page in DOCS.glob("*.md"))
    shown = set(re.findall(r'--8<-- "([^"]+)"', pages))
    assert shown == {example.name for example in EXAMPLES}
    assert set(EXPECTED) == shown


@pytest.mark.anyio
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
async def test_example_runs(example: Path, anyio_backend: str) -> None:
    async with Agent([("127.0.0.1", 0)], CommandResponder(MibView.from_snmprec(DEMO))) as agent:
        host, port = agent.addresses[0]
        target = f"{host}:{port}"
        args = [
            arg.format(target=target, mibs=require_test_mibs())
            for arg in ARGS.get(example.name, [])
        ]
        env = dict(os.environ, ANYSNMP_AGENT=target)
        with anyio.fail_after(60):
            result = await anyio.run_process(
                [sys.executable, str(example), *args], env=env, check=False
            )
    output = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    for text in EXPECTED[example.name]:
        assert text in output
