"""listen and SNMPv1 traps with MIB names: each as snmptrapd 5.9.3 prints it, byte for byte.

Generic traps 0-5 and enterprise-specific ones (their OID named by a NOTIFICATION-TYPE
or not, an enterprise ending in 0), agent-addr, and Trap-PDUs no sender should send
(a generic trap past 0..6, numbers past 32 bits, negative ones), sent to snmptrapd and
to `anysnmp listen` with the test MIB set: logged with no format, with -F, and given to
a traphandle (RFC 3584's v2 form, which snmptrapd prints nowhere else).
"""

from __future__ import annotations

from pathlib import Path

from listen_helpers import LAST_INFORM, MIB_CONFIG, SENDS, printed_by_both
from mib_helpers import require_test_mibs

from anysnmp._codec import core

#: snmptrap -v1 with names: (enterprise, agent-addr, generic, specific, uptime, varbinds).
NAMED = [
    ["NET-SNMP-MIB::netSnmp", "10.0.0.1", "0", "0", "555", "sysName.0", "s", "hi"],
    [
        "IF-MIB::ifMIB",
        "10.0.0.2",
        "2",
        "0",
        "556",
        "ifIndex.1",
        "i",
        "1",
        "ifAdminStatus.1",
        "i",
        "2",
    ],
    ["1.3.6.1.6.3.1.1.5", "0.0.0.0", "3", "9", "557", "ifIndex.1", "i", "1"],
    ["NET-SNMP-MIB::netSnmp", "10.0.0.1", "4", "0", "558"],
    ["NET-SNMP-MIB::netSnmpNotificationPrefix", "10.0.0.3", "6", "1", "8640556"],
    ["1.3.6.1.2.1.88.2.0", "10.0.0.1", "6", "1", "1", "sysName.0", "s", "x"],
    ["1.3.6.1.4.1.99999", "10.0.0.1", "6", "17", "0"],
]
#: Trap-PDUs past what snmptrap sends (generic, specific): snmptrapd keeps a number's low
#: 32 bits, prints a generic trap past 0..6 as ``Unknown Type`` and a negative specific
#: trap of an enterprise-specific one as an OID's arc of 64 bits.
ODD = [(7, 3), (-1, 5), (2**31, 2), (6, -1), (6, 2**32 - 1), (6, 2**32 + 7), (2, -5)]
#: (community, agent-addr, varbinds): what RFC 3584's conversion appends, as snmptrapd
#: appends it: no snmpTrapAddress.0 for 0.0.0.0, no snmpTrapCommunity.0 for an empty
#: community, none the trap carries already (whatever its type).
APPENDS = [
    (b"", "0.0.0.0", []),
    (
        b"public",
        "10.0.0.4",
        [("1.3.6.1.6.3.18.1.4.0", 2, 5), ("1.3.6.1.6.3.18.1.3.1", 0x40, "1.2.3.4")],
    ),
    (
        b"public",
        "0.0.0.1",
        [("1.3.6.1.6.3.1.1.4.3.0", 4, b"x"), ("1.3.6.1.6.3.18.1.3.0", 0x40, "1.2.3.4")],
    ),
]


def _sends() -> list[tuple[str, list[str], list[str]]]:
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    sends = [("snmptrap", ["-v1", "-c", "public", *mibs], args) for args in NAMED]
    enterprise = "1.3.6.1.4.1.99999"
    odd = [core.encode_trap_v1(b"public", enterprise, "10.0.0.9", g, s, 5, []) for g, s in ODD]
    odd += [core.encode_trap_v1(c, enterprise, a, 6, 2, 6, vbs) for c, a, vbs in APPENDS]
    # An inform last: acknowledged once snmptrapd is done with what came before it.
    return [SENDS[0], *sends, ("udp", [], [message.hex() for message in odd]), LAST_INFORM]


def _printed(tmp_path: Path, options: list[str], config: str = MIB_CONFIG) -> list[str]:
    count = 2 + len(NAMED) + len(ODD) + len(APPENDS)
    return printed_by_both(tmp_path, options, _sends(), count, config)


def test_v1_traps_log_as_snmptrapd_logs_them_with_mib_names(tmp_path: Path) -> None:
    theirs, ours = _printed(tmp_path, [])
    assert ours == theirs
    assert "\tIF-MIB::ifMIB Link Down Trap (0) Uptime: 0:00:05.56\n" in ours
    assert " Enterprise Specific Trap (NET-SNMP-AGENT-MIB::nsNotifyStart) Uptime: 1 day" in ours
    assert " Unknown Type Trap (3) Uptime: " in ours
    assert " Enterprise Specific Trap (18446744073709551615) Uptime: " in ours


def test_v1_traps_format_as_snmptrapd_formats_them(tmp_path: Path) -> None:
    fields = "%w|%W|%q|%N|%a|%T|%#T|%u|%v\\n"
    theirs, ours = _printed(tmp_path, ["-F", fields])
    assert ours == theirs
    assert "2147483648|Unknown Type|2|SNMPv2-SMI::enterprises.99999|10.0.0.9|5|" in ours
    assert "6|Enterprise Specific|.4294967295|" in ours and "6|Enterprise Specific|.7|" in ours


def test_v1_traps_reach_traphandles_converted_as_snmptrapd_converts_them(
    tmp_path: Path,
) -> None:
    """RFC 3584's trap OID, as snmptrapd gives it where RFC 3584 gives none: snmpTraps.8
    for generic trap 7, snmpTraps.0 for -1, an arc of 64 bits for a negative specific trap."""
    handler = f"traphandle default /bin/sh -c 'cat >> {tmp_path}/WHO.handled'\n"
    config = MIB_CONFIG + handler
    theirs, ours = _printed(tmp_path, [], config)
    assert ours == theirs
    assert "SNMPv2-MIB::snmpTrapOID.0 SNMPv2-MIB::snmpTraps.8\n" in ours
    assert "SNMPv2-MIB::snmpTrapOID.0 SNMPv2-MIB::snmpTraps.0\n" in ours
    assert ".99999.0.18446744073709551615\n" in ours
    assert "SNMPv2-MIB::snmpTrapEnterprise.0 Wrong Type (should be OBJECT IDENTIFIER): " in ours


def test_v1_agent_addr_left_empty_is_this_hosts_as_snmptrap_sends_it(tmp_path: Path) -> None:
    """snmptrap -v1's AGENT-ADDR '': this host's first address (not the loopback's)."""
    args = ["1.3.6.1.4.1.9", "", "6", "1", "5"]
    v1 = ["-v1", "-c", "public"]
    sends = [SENDS[0], ("snmptrap", v1, args), ("trap", v1, args), LAST_INFORM]
    theirs, _ = printed_by_both(tmp_path, ["-F", "%a %P\\n"], sends, len(sends))
    first, second = [
        line for line in theirs.splitlines() if line.endswith("SNMP v1, community public")
    ]
    assert first == second
