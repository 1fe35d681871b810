"""listen and a varbind Net-SNMP gives up printing (-OX: an OID index of no known root,
`` [TRUNCATED]``): what snmptrapd 5.9.3 prints of that notification, byte for byte.

snmptrapd's ``%v`` then fails: its formats end before it, followed by `` [TRUNCATED]``
(a traphandle's input by nothing), and its own lines of a v1 trap end with that varbind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from listen_helpers import MIB_CONFIG, SENDS, printed_by_both
from mib_helpers import require_test_mibs

#: nsModuleModes indexed by an OID of no known root: -OX gives up inside its name.
VARBINDS = [
    *("ifIndex.1", "i", "1"),
    *('NET-SNMP-AGENT-MIB::nsModuleModes.""."1.3.6.1".5', "b", "set getBulk"),
    *("ifIndex.2", "i", "2"),
]


@pytest.mark.parametrize("form", [[], ["-F", "A %w %#v B\\n"]])
def test_a_cut_varbind_ends_what_prints_as_in_snmptrapd(tmp_path: Path, form: list[str]) -> None:
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    v1 = ["NET-SNMP-MIB::netSnmp", "10.0.0.1", "2", "0", "555"]
    sends = [
        SENDS[0],
        ("snmptrap", ["-v2c", "-c", "public", *mibs], ["5", "SNMPv2-MIB::warmStart", *VARBINDS]),
        ("snmptrap", ["-v1", "-c", "public", *mibs], [*v1, *VARBINDS]),
        SENDS[0],
    ]
    handler = f"traphandle default /bin/sh -c 'cat >> {tmp_path}/WHO.handled'\n"
    config = MIB_CONFIG + handler
    theirs, ours = printed_by_both(tmp_path, ["-OX", *form], sends, len(sends), config)
    assert ours == theirs
    assert ours.count(" [TRUNCATED]\n") == 2 and "IF-MIB::ifIndex[2]" not in ours
