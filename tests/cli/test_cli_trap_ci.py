"""trap -Ci: an inform, as snmptrap -Ci sends it (snmptrapd prints both alike); an inform
of -v1 refused as snmptrap and snmpinform refuse it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from cli_helpers import run_anysnmp, run_netsnmp, run_netsnmp_tool
from listen_helpers import INFORM, V2C, own, ports, received


def test_trap_ci_sends_an_inform_as_snmptrap_ci(tmp_path: Path) -> None:
    """Both acknowledged (snmptrap -Ci retries until snmptrapd is up), logged as informs."""
    sends = [
        (tool, [*V2C, "-Ci", "-t", "0.2", "-r", "60"], INFORM) for tool in ("snmptrap", "trap")
    ]
    text = received(tmp_path, "theirs", ["-Lf", "FILE", "-F", "%P|%v\\n"], sends=sends)["file"]
    first, second = [ports(line) for line in text.splitlines() if not own(line)][:2]
    assert first == second and first.startswith("INFORM, SNMP v2c, community public|")


@pytest.mark.parametrize(
    ("ours", "theirs", "c_flags"), [("trap", "snmptrap", ["-Ci"]), ("inform", "snmpinform", [])]
)
def test_an_inform_refuses_v1_as_snmptrap(ours: str, theirs: str, c_flags: list[str]) -> None:
    """Before reading the rest: v1 trap parameters, or v2 ones."""
    refused = (1, "", "Cannot send INFORM as SNMPv1 PDU\n")
    for args in (["1.3.6.1.4.1.9", "10.0.0.1", "6", "1", "5"], ["5", "1.3.6.1.6.3.1.1.5.3"]):
        given = [*c_flags, "-v1", "-c", "public", "127.0.0.1:9", *args]
        mine, reference = run_anysnmp(ours, *given), run_netsnmp(theirs, *given)
        assert (mine.rc, mine.out, mine.err) == (reference.rc, reference.out, reference.err)
        assert (mine.rc, mine.out, mine.err) == refused


def test_trap_e_capital_sets_the_context_engine_id_as_snmptrap() -> None:
    """snmptrap's -E: the v3 trap's contextEngineID (an OCTET STRING in its scopedPDU), -e
    its sending engine; the same command line puts the same one in both traps."""
    context = "80001F8804AABB"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        sink.settimeout(30)
        args = ["-v3", "-u", "bob", "-l", "noAuthNoPriv", "-e", "0x8000000001020304"]
        args += ["-E", f"0x{context}", f"127.0.0.1:{sink.getsockname()[1]}", "123", "1.3.6"]
        for sent in (run_anysnmp("trap", *args), run_netsnmp_tool("snmptrap", *args)):
            assert (sent.rc, sent.out, sent.err) == (0, "", "")
            datagram = sink.recv(4096)
            assert bytes.fromhex(f"0407{context}") in datagram  # contextEngineID
            assert bytes.fromhex("04088000000001020304") in datagram  # the sender's


def test_a_community_and_context_of_bytes_not_utf8_are_sent_as_those_bytes() -> None:
    """Command-line bytes that are no UTF-8 (Python's argv holds them as lone surrogates)
    go as they are, as snmptrap sends them: the community of a v2c trap, the contextName
    of a v3 one; both ended in 'anysnmp: 'utf-8' codec can't encode...'."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        sink.settimeout(30)
        to = f"127.0.0.1:{sink.getsockname()[1]}"
        v3 = ["-v3", "-u", "bob", "-l", "noAuthNoPriv", "-e", "0x8000000001020304"]
        for args, octets in [
            (["-v2c", "-c", "c\udcff\udcfe", to, "123", "1.3.6"], b"\x04\x03c\xff\xfe"),
            ([*v3, "-n", "\udce9t\udce9", to, "123", "1.3.6"], b"\x04\x03\xe9t\xe9"),
        ]:
            for sent in (run_anysnmp("trap", *args), run_netsnmp_tool("snmptrap", *args)):
                assert (sent.rc, sent.out, sent.err) == (0, "", "")
                assert octets in sink.recv(4096)


def test_a_passphrase_of_bytes_not_utf8_is_taken_as_those_bytes() -> None:
    """-A of bytes that are no UTF-8: a key from those bytes (Net-SNMP's), not a traceback's
    words; the request then times out as snmpget's does (no agent answers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sink:
        sink.bind(("127.0.0.1", 0))
        args = ["-v3", "-u", "bob", "-l", "authNoPriv", "-a", "SHA", "-A", "\udcff" * 8]
        args += ["-t", "0.2", "-r", "0", f"127.0.0.1:{sink.getsockname()[1]}", "1.3.6.1"]
        ours, theirs = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
        assert (ours.rc, ours.err) == (theirs.rc, theirs.err.replace("snmpget", "anysnmp"))
        assert ours.err == "anysnmp: Timeout\n"
