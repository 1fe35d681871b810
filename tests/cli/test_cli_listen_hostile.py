"""listen and notifications no sender should send: what snmptrapd 5.9.3 prints of each, or
drops with its log line, byte for byte.

Hand-built v2c traps: varbinds in another order, no snmpTrapOID.0 (snmptrapd: ``Cannot
find TrapOID in TRAP2 PDU``), one that is no OID (``Can't determine trap identifier;
refusing to authorize it``, unless authorization is disabled), sysUpTime.0 of another
type, an empty varbind name; a v1 message carrying a v2 trap or an inform, a v2c one
carrying a v1 Trap-PDU. Each with snmptrapd's authorization and without.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from listen_helpers import LAST_INFORM, MIB_CONFIG, SENDS, TRAPD_CONFIG, printed_by_both

from anysnmp._codec import PduType, core

UPTIME = ("1.3.6.1.2.1.1.3.0", 0x43, 5)
LINK_DOWN = ("1.3.6.1.6.3.1.1.4.1.0", 0x06, "1.3.6.1.6.3.1.1.5.3")
DESCR = ("1.3.6.1.2.1.1.1.0", 0x04, b"x")


def _v2(
    varbinds: list[tuple[str, int, object]], version: int = 1, pdu: int = PduType.TRAP_V2
) -> str:
    return core.encode_message(version, b"public", pdu, 1, 0, 0, varbinds).hex()


def _messages() -> list[tuple[str, bool, bool]]:
    """(message, printed with authorization, printed without)."""
    trap_pdu = bytearray(core.encode_trap_v1(b"public", "1.3.6.1.4.1.9", "10.0.0.1", 6, 3, 5, []))
    trap_pdu[4] = 1  # version 2c
    empty_name = core.encode_varbinds([UPTIME, LINK_DOWN]) + bytes.fromhex("300506000201 01")
    return [
        (_v2([UPTIME, DESCR, LINK_DOWN]), True, True),
        (_v2([LINK_DOWN]), True, True),
        (_v2([LINK_DOWN, UPTIME, ("1.3.6.1.2.1.1.3.0", 0x02, 5)]), True, True),
        (_v2([UPTIME]), False, False),
        (_v2([]), False, False),
        (_v2([UPTIME, ("1.3.6.1.6.3.1.1.4.1.0", 0x02, 5)]), False, True),
        (
            core.encode_response(1, b"public", PduType.TRAP_V2, 1, 0, 0, empty_name).hex(),
            True,
            True,
        ),
        (_v2([UPTIME, LINK_DOWN, DESCR], version=0), True, True),
        (_v2([UPTIME, LINK_DOWN], version=0, pdu=PduType.INFORM), True, True),
        (bytes(trap_pdu).hex(), False, True),
    ]


@pytest.mark.parametrize("authorization", [True, False])
def test_odd_notifications_print_or_drop_as_in_snmptrapd(
    tmp_path: Path, authorization: bool
) -> None:
    messages = _messages()
    sends = [SENDS[0], ("udp", [], [m for m, *_ in messages]), LAST_INFORM]
    count = 2 + sum(printed[0 if authorization else 1] for _, *printed in messages)
    config = TRAPD_CONFIG if authorization else MIB_CONFIG
    theirs, ours = printed_by_both(tmp_path, ["-F", "%P|%w|%q|%v\\n"], sends, count, config)
    assert ours == theirs
    assert ours.count("Cannot find TrapOID in TRAP2 PDU\n") == 2
    refused = "Can't determine trap identifier; refusing to authorize it\n"
    assert ours.count(refused) == (2 if authorization else 0)
    assert "TRAP2, SNMP v1, community public|0|0|" in ours
