"""trap -v1's ENTERPRISE AGENT-ADDR GENERIC SPECIFIC UPTIME read as snmptrap reads them
(atoi, atol, Net-SNMP's enterprise for ''): the same datagram on the wire."""

from __future__ import annotations

import socket

import pytest
from cli_helpers import Result, run_anysnmp, run_netsnmp_tool

#: (enterprise, generic, specific, uptime) as given on the command line.
CASES = [
    ("1.3.6.1.4.1.9999", "6", "17", "55"),  # enterprise-specific
    ("1.3.6.1.4.1.9999", "0", "17", "55"),  # a generic trap with a specific number: sent
    ("1.3.6.1.4.1.9999", "5", "3", "55"),
    ("1.3.6.1.4.1.9999", " 3", "0", "55"),  # atoi: leading blanks
    ("1.3.6.1.4.1.9999", "0x5", "0", "55"),  # atoi: decimal only, 0
    ("1.3.6.1.4.1.9999", "-1", "0", "55"),  # sent as it is
    ("1.3.6.1.4.1.9999", "7", "2", "55"),  # past 0..6: sent as it is
    ("1.3.6.1.4.1.9999", "99999999999", "0", "55"),  # cut to a C int
    ("1.3.6.1.4.1.9999", "6", "-1", "55"),
    ("1.3.6.1.4.1.9999", "6", "99999999999", "55"),
    ("1.3.6.1.4.1.9999", "abc", "x", "55"),  # no number: 0
    ("1.3.6.1.4.1.9999", "6", "1", "-1"),  # uptime by atol, its low 32 bits
    ("1.3.6.1.4.1.9999", "6", "1", "99999999999"),
    ("1.3.6.1.4.1.9999", "6", "1", "0x10"),
    ("", "6", "1", "5"),  # Net-SNMP's own enterprise
]


def _sent(tool: str, fields: tuple[str, str, str, str]) -> tuple[Result, bytes | None]:
    """What `tool` (snmptrap, or our trap) prints and the datagram it sends to a socket."""
    enterprise, generic, specific, uptime = fields
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(5)
        target = f"127.0.0.1:{sock.getsockname()[1]}"
        args = ["-v1", "-c", "public", target, enterprise, "10.0.0.1", generic, specific, uptime]
        result = run_netsnmp_tool(tool, *args) if tool == "snmptrap" else run_anysnmp(tool, *args)
        if result.rc != 0:
            return result, None
        return result, sock.recv(65536)


@pytest.mark.parametrize("fields", CASES)
def test_v1_trap_fields_go_on_the_wire_as_snmptrap_sends_them(
    fields: tuple[str, str, str, str],
) -> None:
    ours, mine = _sent("trap", fields)
    theirs, reference = _sent("snmptrap", fields)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err) == (0, "", "")
    assert mine == reference
