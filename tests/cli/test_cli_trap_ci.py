"""trap -Ci: an inform, as snmptrap -Ci sends it (snmptrapd prints both alike)."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_anysnmp, run_netsnmp
from listen_helpers import INFORM, V2C, own, ports, received


def test_trap_ci_sends_an_inform_as_snmptrap_ci(tmp_path: Path) -> None:
    """Both acknowledged (snmptrap -Ci retries until snmptrapd is up), logged as informs."""
    sends = [
        (tool, [*V2C, "-Ci", "-t", "0.2", "-r", "60"], INFORM) for tool in ("snmptrap", "trap")
    ]
    text = received(tmp_path, "theirs", ["-Lf", "FILE", "-F", "%P|%v\\n"], sends=sends)["file"]
    first, second = [ports(line) for line in text.splitlines() if not own(line)][:2]
    assert first == second and first.startswith("INFORM, SNMP v2c, community public|")


def test_trap_ci_refuses_v1_as_snmptrap() -> None:
    args = ["-Ci", "-v1", "-c", "public", "127.0.0.1:9", "1.3.6.1.4.1.9", "10.0.0.1", "6", "1", "5"]
    ours, theirs = run_anysnmp("trap", *args), run_netsnmp("snmptrap", *args)
    assert (
        (ours.rc, ours.out, ours.err)
        == (theirs.rc, theirs.out, theirs.err)
        == (
            1,
            "",
            "Cannot send INFORM as SNMPv1 PDU\n",
        )
    )
