"""Values on the command line (OID TYPE VALUE) read as snmpset, snmptrap and snmpinform read
them: the same stdout, stderr and exit status, with the test MIB set.

snmpset reports every assignment that does not read, a line each, and then sends nothing:
a run holds many cases (up to its 128 assignments), towards an address where nothing
answers. What goes out of those that read is compared in `anysnmp listen`'s output.
"""

from __future__ import annotations

import re
import subprocess

import forked_cli
import pytest
from cli_helpers import ANYSNMP, ENV, notification_blocks
from mib_helpers import require_test_mibs
from peers import require_tool

#: An object of each base type (as Net-SNMP keeps it) and a value of its own.
OBJECTS = [
    ("IF-MIB::ifAdminStatus.1", "down"),  # INTEGER with labels
    ("UDP-MIB::udpLocalPort.1.2.3.4.5", "161"),  # Integer32 (0..65535)
    ("IP-MIB::ipv6InterfaceReasmMaxSize.1", "1500"),  # Unsigned32 (1500..65535)
    ("IF-MIB::ifHCInOctets.1", "5"),  # Counter64
    ("IF-MIB::ifLastChange.1", "5"),  # TimeTicks
    ("RFC1213-MIB::ipAdEntAddr.1.2.3.4", "1.2.3.4"),  # IpAddress
    ("SNMPv2-MIB::sysContact.0", "me"),  # DisplayString: "255a", (0..255)
    ("IF-MIB::ifPhysAddress.1", "00:1a:2b"),  # "1x:", no size
    ("SNMP-FRAMEWORK-MIB::snmpEngineID.0", "engine"),  # (5..32), no hint
    ("SNMPv2-MIB::sysObjectID.0", "1.3.6.1.4.1.8072"),  # OBJECT IDENTIFIER
    ("NET-SNMP-AGENT-MIB::nsModuleModes.0.1", "set"),  # BITS
    ("UCD-SNMP-MIB::laLoadFloat.1", "1"),  # Opaque
    ("IF-MIB::ifTable", "1"),  # no type
    ("1.3.6.1.4.1.99999.1", "1"),  # no MIB node
]
#: snmpset's letters, each with a value of its type (n, I, U, F, D: no MIB type checked).
LETTERS = {
    "i": "5",
    "u": "5",
    "t": "5",
    "a": "1.2.3.4",
    "o": "1.3.6",
    "s": "x",
    "x": "ab",
    "b": "1",
    "d": "1.2",
    "n": "x",
    "I": "-5",
    "U": "5",
    "F": "1.5",
    "D": "1.5",
}
#: Values out of their object's range, size or labels, or not of their letter.
BAD_VALUES = [
    ("IF-MIB::ifAdminStatus.1", "i", "sideways"),
    ("IF-MIB::ifAdminStatus.1", "i", "9"),  # no label, but no range either: it reads
    ("IF-MIB::ifAdminStatus.1", "i", ""),
    ("SNMPv2-MIB::snmpSetSerialNo.0", "i", "-1"),
    ("UDP-MIB::udpLocalPort.1.2.3.4.5", "i", "65536"),
    ("UDP-MIB::udpLocalPort.1.2.3.4.5", "=", "12x"),
    ("IP-MIB::ipv6InterfaceReasmMaxSize.1", "u", "1"),  # u: no range check
    ("IP-MIB::ipv6InterfaceReasmMaxSize.1", "u", "-"),
    ("IF-MIB::ifSpeed.1", "u", ""),
    ("IF-MIB::ifLastChange.1", "t", "5s"),
    ("RFC1213-MIB::ipAdEntAddr.1.2.3.4", "a", "1.2.3.4.5"),
    ("RFC1213-MIB::ipAdEntAddr.1.2.3.4", "a", "0xffffffff"),
    ("RFC1213-MIB::ipAdEntAddr.1.2.3.4", "=", "1"),
    ("RFC1213-MIB::atNetAddress.1.1.1.2.3.4", "a", "1.2.3.4"),  # NetworkAddress
    ("RFC1213-MIB::atNetAddress.1.1.1.2.3.4", "=", "1.2.3.4"),
    ("IF-MIB::ifSpeed.1", "=", "4294967295"),  # Gauge32
    ("IF-MIB::ifInOctets.1", "i", "5"),  # Counter32
    ("IF-MIB::ifInOctets.1", "=", "5"),
    ("SNMPv2-MIB::sysContact.0", "s", "x" * 256),
    ("SNMPv2-MIB::sysContact.0", "x", "41" * 256),
    ("SNMPv2-MIB::sysContact.0", "x", "4"),
    ("SNMPv2-MIB::sysContact.0", "d", "1.300"),
    ("SNMPv2-MIB::sysContact.0", "d", "1,2"),
    ("SNMP-FRAMEWORK-MIB::snmpEngineID.0", "s", "abc"),
    ("SNMP-FRAMEWORK-MIB::snmpEngineID.0", "x", "0x0102"),
    ("HOST-RESOURCES-MIB::hrSWInstalledName.1", "s", "y" * 65),
    ("IF-MIB::ifPhysAddress.1", "s", "00:1a:zz"),
    ("HOST-RESOURCES-MIB::hrSystemDate.0", "s", "2020-12"),  # DateAndTime: (8 | 11)
    ("HOST-RESOURCES-MIB::hrSystemDate.0", "s", "2020-1-2,3:4:5.6,+1:0:7"),
    ("HOST-RESOURCES-MIB::hrSystemDate.0", "s", "0x7e4-1-2,3:4:5.6,+1:30"),
    ("SNMPv2-MIB::sysObjectID.0", "o", "ifFoo"),
    ("SNMPv2-MIB::sysObjectID.0", "o", "IF-MIB::ifFoo"),
    ("SNMPv2-MIB::sysObjectID.0", "o", "1.3.x"),
    ("SNMPv2-MIB::sysObjectID.0", "o", ""),
    ("SNMPv2-MIB::sysObjectID.0", "=", "1.3.6.1.2.1.1.1.0."),
    ("NET-SNMP-AGENT-MIB::nsModuleModes.0.1", "b", "set nope"),
    ("NET-SNMP-AGENT-MIB::nsModuleModes.0.1", "b", "0x10,07 getBulk"),
    ("IF-MIB::ifHCInOctets.1", "=", "x5"),
    ("UCD-SNMP-MIB::laLoadFloat.1", "F", "x"),
    ("UCD-SNMP-MIB::laLoadFloat.1", "D", ""),
    ("UCD-SNMP-MIB::laLoadFloat.1", "U", "-"),
    ("UCD-SNMP-MIB::laLoadFloat.1", "I", "x"),
    ("UCD-SNMP-MIB::laLoadFloat.1", "=", "1"),
    ("IF-MIB::ifTable", "=", "1"),
    ("1.3.6.1.4.1.99999.1", "=", "1"),
    ("1.3.6.1.4.1.99999.1", "i", "1x"),
    ("IF-MIB::ifMtu.1", "3", "1"),  # UInteger32 (which anysnmp never sends)
    ("IF-MIB::ifFoo.1", "i", "1"),  # the name's line, in turn
    ("SNMPv2-MIB::sysContact.0", "sz", "a"),  # the letter is the first character
]
NOWHERE = ["-v2c", "-c", "public", "-t", "0.1", "-r", "0", "127.0.0.1:1"]


def _mibs() -> list[str]:
    return ["-M", require_test_mibs(), "-m", "ALL"]


def _both(command: str, *args: str, env: dict[str, str] = ENV) -> tuple[int, str, str]:
    """Our command and Net-SNMP's tool, same arguments, side by side: the same status,
    stdout, stderr (Net-SNMP's ``snmpset:``, ``snmptrap:`` are our ``anysnmp:``); ours."""
    name = "snmptrap" if command in ("trap", "inform") else f"snmp{command}"
    runs = [
        subprocess.Popen(line, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for line in ([*ANYSNMP, command, *args], [require_tool(f"snmp{command}"), *args])
    ]
    (out, err), (ref_out, ref_err) = (run.communicate(timeout=60) for run in runs)
    mine = (runs[0].returncode, out.decode(), err.decode())
    theirs = (runs[1].returncode, ref_out.decode(), ref_err.decode().replace(name, "anysnmp"))
    assert mine == theirs
    return mine


def _sweep(letters: str) -> list[str]:
    return [
        part
        for name, value in OBJECTS
        for letter in letters
        for part in (name, letter, value if letter == "=" else LETTERS[letter])
    ]


@pytest.mark.parametrize(
    ("flags", "letters"),
    [([], "iutaosxb="), (["-Ir"], "iutaosxb="), ([], "dnIUFD")],  # up to snmpset's 128
    ids=["checked", "Ir", "checked-more"],
)
def test_every_letter_on_every_type(flags: list[str], letters: str) -> None:
    """Each type letter against each base type: snmpset's "Bad variable type (Type of
    attribute is ...)" lines (-Ir: none, the values read as their letter says)."""
    rc, out, err = _both("set", *_mibs(), *flags, *NOWHERE, *_sweep(letters))
    assert rc == 1 and out == ""
    assert ("Type of attribute is" in err) != bool(flags), err


@pytest.mark.parametrize("flags", [[], ["-Ir", "-Ih"]], ids=["checked", "Ir-Ih"])
def test_values_out_of_range_size_labels_or_notation(flags: list[str]) -> None:
    # (UInteger32 read, -Ir: Net-SNMP sends it, anysnmp never does.)
    cases = [case for case in BAD_VALUES if not (flags and case[1] == "3")]
    assignments = [part for case in cases for part in case]
    rc, _, err = _both("set", *_mibs(), *flags, *NOWHERE, *assignments)
    assert rc == 1 and "Value out of range" in err and "Bad value notation" in err


def test_decimal_octets_past_32_bits_are_read_as_snmpsets_atoi_reads_them() -> None:
    """snmpset reads a ``d`` value's numbers with C's atoi: 4294967296 is octet 0 (its int),
    2^63 octet 255 (LONG_MAX's): one octet, too short for snmpEngineID (5..32). anysnmp said
    Bad value notation; where snmpset sends those octets, it refuses with its own line."""
    args = ["SNMP-FRAMEWORK-MIB::snmpEngineID.0", "d", "4294967296"]
    args += ["SNMP-FRAMEWORK-MIB::snmpEngineID.0", "d", str(2**63), "sysContact.0", "d", "1.2.3"]
    args += ["SNMPv2-MIB::sysContact.0", "d", "4294967807"]  # its int: 511, past 255
    rc, out, err = _both("set", *_mibs(), *NOWHERE, *args)
    assert (rc, out) == (1, "") and err.count("Bad string length :: {(5..32)}") == 2
    assert err.endswith("SNMPv2-MIB::sysContact.0: Bad value notation (4294967807)\n")
    args = ["sysContact.0", "d", "1 2 4294967297", "sysContact.0", "d", "7"]
    done = forked_cli.run(
        [*ANYSNMP, "set", *_mibs(), *NOWHERE, *args], env=ENV, capture_output=True
    )
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode().endswith(
        "\nsysContact.0: 1 2 4294967297: octets are 0..255 (not sent)\n"
    )


@pytest.mark.parametrize(
    "assignment",
    [
        ["SNMPv2-MIB::sysContact.0", "c", "5"],  # snmpset's letters only
        ["ifFoo", "s", "x", "SNMPv2-MIB::sysContact.0", "", "5"],  # before any name
    ],
)
def test_arguments_snmpset_does_not_take(assignment: list[str]) -> None:
    assert _both("set", *_mibs(), *NOWHERE, *assignment)[0] == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["1.3.6.1.2.1.1.2.0", "o", "3.1", "1.3.6.1.2.1.1.2.0", "o", "0.41"], "bad second"),
    ],
)
def test_oids_net_snmp_cannot_encode(args: list[str], says: str) -> None:
    """Net-SNMP reads them, then fails to build the message (the last varbind first)."""
    assert says in _both("set", *NOWHERE, *args)[2]


#: OID values snmpset sends that BER reads back as other OIDs, and those.
REREAD = [("1.40", "2.0"), ("0.40.1", "1.0.1"), ("1", "0.1"), (".2", "0.2")]


def test_regular_expression_matching_nothing_is_refused() -> None:
    """snmptrap -Ib leaves a TRAP-OID no label matches out of the trap, silently; anysnmp
    refuses it."""
    args = ["-Ib", *_mibs(), *NOWHERE, "", "nothingLikeIt"]
    done = forked_cli.run([*ANYSNMP, "trap", *args], env=ENV, capture_output=True)
    assert done.returncode == 1
    assert done.stderr.decode().endswith("\nnothingLikeIt: no name matches it (-Ib)\n")


def test_oids_ber_reads_back_as_others_are_refused() -> None:
    """snmpset sends these, and the receiver reads another OID: anysnmp says so instead."""
    args = [part for value, _ in REREAD for part in ("1.3.6.1.2.1.1.2.0", "o", value)]
    done = forked_cli.run([*ANYSNMP, "set", *NOWHERE, *args], env=ENV, capture_output=True)
    assert (done.returncode, done.stdout) == (1, b"")
    rules = ["under 0 and 1 the second arc is 0..39"] * 2 + ["an OID has two arcs or more"] * 2
    assert done.stderr.decode().splitlines() == [
        f"1.3.6.1.2.1.1.2.0: OID value {value} is not sent: BER would carry it as {sent} ({rule})"
        for (value, sent), rule in zip(REREAD, rules, strict=True)
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["trap", "", "1.3.6.1.6.3.1.1.5.1", "1.3.1", "i", "1", "1.3.2", "z", "1", "1.3.3", "i"],
        ["trap", "", "3.1", "1.3.1", "", "1"],  # the value first, the encoder at the end
        ["inform", "", "1.3.6.1.6.3.1.1.5.1", "1.3.1", "c", "1.50", "1.3.1", "o", "4.1"],
    ],
)
def test_notifications_end_at_the_first_value_that_does_not_read(args: list[str]) -> None:
    _both(args[0], *_mibs(), *NOWHERE, *args[1:])


@pytest.mark.parametrize(("command", "version"), [("trap", "-v2c"), ("inform", "-v3")])
def test_notifications_over_tcp_to_port_0(command: str, version: str) -> None:
    """Their TCP connection fails with no reason."""
    who = ["-c", "public"] if version == "-v2c" else ["-u", "x", "-l", "noAuthNoPriv"]
    args = [version, *who, "tcp:127.0.0.1:0", "", "1.3.6.1.6.3.1.1.5.1"]
    assert _both(command, *args) == (1, "", "anysnmp: \n")


V2 = ["-v2c", "-c", "public"]
LINK_UP = ["5", "1.3.6.1.6.3.1.1.5.4"]
#: What goes out (options, then what follows AGENT): values read by labels, hints, -I
#: flags (the v1 enterprise and its varbind too), and with -Ir as their letter says.
SENT = [
    (
        [*V2, "-Ir", "-Ih"],
        [*LINK_UP, "IF-MIB::ifInOctets.1", "i", "5", "ifPhysAddress.1", "s", "0:1a"],
    ),
    ([*V2, "-Is.0"], [*LINK_UP, "sysObjectID", "o", "sysDescr"]),
    (
        ["-v1", "-c", "public", "-Is.0"],
        ["1.3.6.1.4.1.99", "127.0.0.1", "2", "0", "5", "1.3.1", "i", "1"],
    ),
    (
        V2,
        [
            *LINK_UP,
            *("IF-MIB::ifPhysAddress.1", "s", "00:1a:2b", "IF-MIB::ifPhysAddress.2", "s", "ab"),
            *("IF-MIB::ifPhysAddress.3", "s", "abz", "SNMPv2-MIB::sysContact.0", "s", "me"),
            *("NET-SNMP-AGENT-MIB::nsModuleModes.0.1", "b", "", "1.3.1", "b", "0x10,9 3"),
            *("NET-SNMP-AGENT-MIB::nsModuleModes.0.1", "=", "set getBulk"),
            *("1.3.1", "i", " +12", "1.3.2", "C", "12abc", "1.3.3", "I", "-1", "1.3.4", "U", "-1"),
            *("1.3.1", "F", " 1.5e3x", "1.3.2", "D", "-inf", "1.3.3", "a", "1", "1.3.4", "n", "x"),
            *("1.3.1", "x", "0xab cd", "1.3.2", "d", "1.2 3", "1.3.3", "c", "5", "1.3.4", "C", "5"),
            *("1.3.1", "o", "2.500", "1.3.2", "o", "0.39.1"),
            *("HOST-RESOURCES-MIB::hrSystemDate.0", "s", "2020-1-2,3:4:5.6,+1:0"),  # DateAndTime
        ],
    ),
]


def test_what_goes_out() -> None:
    """snmptrap/snmpinform and our trap/inform, same values, into one `anysnmp listen`:
    the same varbinds."""
    sends = [("trap", *send) for send in SENT] + [("inform", *SENT[-1])]
    listen = [*ANYSNMP, "listen", "--count", str(2 * len(sends)), "127.0.0.1:0"]
    with subprocess.Popen(listen, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stderr is not None and proc.stdout is not None
        try:
            found = re.search(r"udp:([0-9.]+:[0-9]+)", proc.stderr.readline().decode())
            assert found is not None
            for command, options, rest in sends:
                assert _both(command, *_mibs(), *options, found.group(1), *rest)[0] == 0
            output = proc.stdout.read().decode()
        finally:
            proc.kill()
    blocks = notification_blocks(output)
    assert len(blocks) == 2 * len(sends)
    for i in range(len(sends)):
        assert blocks[2 * i] == blocks[2 * i + 1]


@pytest.mark.parametrize(
    "args",
    [
        ["-ISIF-MIB::", "ifDescr.1", "o", "ifFoo", "ifDescr.1", "o", "1.3.6.1"],
        ["-IR", "sysObjectID.0", "o", "ifDescr", "sysObjectID.0", "o", "ifFoo"],
        ["-Iu", "sysObjectID.0", "o", "system.sysFoo", "sysObjectID.0", "o", "x.y"],
    ],
)
def test_input_flags_on_oid_values(args: list[str]) -> None:
    """-IS, -Is, -IR, -Ib read an ``o`` value as they read the names."""
    _both("set", *_mibs(), *args[:1], *NOWHERE, *args[1:])


def test_a_module_named_without_mibs_gives_the_types() -> None:
    """No MIBs loaded but the one a ``MODULE::`` name reads: its types are checked."""
    args = [*NOWHERE, "SNMPv2-MIB::sysContact.0", "i", "5", "sysObjectID.0", "o", "sysDescr.0"]
    env = {**ENV, "MIBDIRS": require_test_mibs()}
    assert "Type of attribute" in _both("set", *args, env=env)[2]


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("99999999999999999999", "020500ffffffff"),  # strtol's LONG_MAX, cut as the encoder cuts
        ("2147483648", "02050080000000"),  # past Integer32, in five octets
        ("4294967296", "020100"),  # 0
    ],
)
def test_an_integer_past_32_bits_is_refused_where_snmpset_sends_another(
    value: str, encoded: str
) -> None:
    """snmpset sends what its encoder makes of strtol's long; ours refuses it, sends nothing
    (docs/cli.md, deliberately)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        agent = f"127.0.0.1:{sock.getsockname()[1]}"
        args = ["-v2c", "-c", "private", "-t", "0.1", "-r", "0", agent, "1.3.6.1.2.1.1.4.0"]
        ours = forked_cli.run([*ANYSNMP, "set", *args, "i", value], env=ENV, capture_output=True)
        assert ours.returncode == 1
        error = f"1.3.6.1.2.1.1.4.0: {value}: INTEGER is -2147483648..2147483647 (not sent)\n"
        assert ours.stderr.decode() == error
        with pytest.raises(BlockingIOError):
            sock.recv(65536, socket.MSG_DONTWAIT)  # nothing sent
        theirs = subprocess.run(
            [require_tool("snmpset"), *args, "i", value], env=ENV, capture_output=True, check=False
        )
        assert theirs.returncode == 1  # sent, unanswered
        sent = sock.recv(65536, socket.MSG_DONTWAIT)
    assert sent.endswith(bytes.fromhex("06082b06010201010400" + encoded))
