"""listen, trap and inform with MIBs: names in, and snmptrapd's lines out, line for line.

The same notifications (sent by name with our trap/inform and with Net-SNMP's
snmptrap/snmpinform) go to `anysnmp listen` and to snmptrapd, both loading
the test MIB set with the same -O flags. snmptrapd logs each as
``V2 %V~%v`` (v1: ``V1 %V~%v``): its varbinds as it prints them, which must
be our varbind lines.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import anyio
import anyio.to_thread
import pytest
from cli_helpers import (
    anysnmp,
    listening,
    notification_blocks,
    run_anysnmp,
    run_netsnmp,
)
from mib_helpers import require_test_mibs
from peers import V3_USERS, snmptrapd

#: The engine id our v3 traps come from (snmptrapd: createUser -e).
SENDER_ENGINE = "0x8000000001020304cc"
#: snmptrap's: a receiver drops an engine's traps whose time went back, and snmptrap's
#: engine time (from its start) is not ours.
NETSNMP_ENGINE = "0x8000000001020304dd"
USER = next(user for user in V3_USERS if user.name == "sha256aes256")
COMMUNITY = ["-v2c", "-c", "public"]

#: Varbinds by name, with snmptrap's type letters (= is the MIB's type), enums, strings,
#: a MAC address, OIDs, time ticks, a string index and OIDs no module of the set names.
VARBINDS = [
    *("IF-MIB::ifIndex.1", "i", "1"),
    *("ifAdminStatus.1", "i", "down"),
    *("ifType.1", "=", "ethernetCsmacd"),
    *("ifDescr.1", "s", "eth0"),
    *("ifPhysAddress.1", "x", "001b213a0002"),
    *("sysObjectID.0", "o", "NET-SNMP-TC::linux"),
    *("ifLastChange.1", "t", "12345"),
    *('SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."comm1"', "s", "ro group"),
    *("1.3.6.1.4.1.99999.1.2", "s", "x y"),
    *("1.3.6.1.4.1.99999.1.3", "i", "5"),
    *("1.3.6.1.4.1.99999.1.4", "x", "00ff10"),
]
#: What RFC 3584 appends to a v1 trap from 10.0.0.1 (enterprise netSnmp), sent as v2c.
V1_APPENDED = [
    *("SNMP-COMMUNITY-MIB::snmpTrapAddress.0", "a", "10.0.0.1"),
    *("snmpTrapCommunity.0", "s", "public"),
    *("snmpTrapEnterprise.0", "o", "NET-SNMP-MIB::netSnmp"),
]
#: (command, version options, arguments after AGENT): every kind of notification.
SENDS = [
    ("trap", COMMUNITY, ["31337", "IF-MIB::linkDown", *VARBINDS, "ifHCInOctets.1", "C", "7"]),
    ("inform", COMMUNITY, ["4242", "linkUp", *VARBINDS]),
    ("trap", [*USER.netsnmp_args(), "-e", SENDER_ENGINE], ["777", "IF-MIB::linkUp", *VARBINDS]),
    ("inform", USER.netsnmp_args(), ["778", "SNMPv2-MIB::coldStart", *VARBINDS]),
    ("trap", COMMUNITY, ["31338", "1.3.6.1.4.1.99999.0.1", *VARBINDS]),  # an unknown trap OID
]
V1_TRAP = ["NET-SNMP-MIB::netSnmp", "10.0.0.1", "2", "0", "555", *VARBINDS]


def _trapd_config() -> str:
    create = " ".join(USER.config_lines()[0].split()[1:])
    return (
        "authCommunity log public\n"
        "format2 V2 %V~%v\\n\n"
        "format1 V1 %V~%v\\n\n"
        f"createUser -e {SENDER_ENGINE} {create}\n"
        f"createUser {create}\n"
        f"authUser log {USER.name} noauth\n"
    )


def _send(
    command: str, addr: str, options: list[str], args: list[str], backend: tuple[str, ...] = ()
) -> None:
    """Our trap/inform, or Net-SNMP's snmptrap/snmpinform (``snmp`` prefix), with the MIBs."""
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    if command.startswith("snmp"):
        options = [NETSNMP_ENGINE if option == SENDER_ENGINE else option for option in options]
        done = run_netsnmp(command, *mibs, *options, addr, *args)
        done_err = "\n".join(
            line for line in done.err.splitlines() if "MIB" not in line and "module" not in line
        )
        assert done.rc == 0, done_err
        return
    done = run_anysnmp(command, *backend, *mibs, *options, addr, *args)
    assert done.rc == 0, done.err


def _varbinds(line: str) -> list[str]:
    """The varbinds of a ``V2 %V~%v`` (or ``V1 ...``) line of snmptrapd's log."""
    return line.split(" ", 1)[1].split("~")


def _listen_beside_snmptrapd(tmp_path: Path, flags: str, backend: tuple[str, ...] = ()) -> None:
    """Every kind of notification sent by us and by Net-SNMP to `anysnmp listen` (with
    `backend`: ``--backend NAME``, or the default), and by us to snmptrapd: all print alike."""
    output = [f"-O{flags}"] if flags else []
    mibs = ["-M", require_test_mibs(), "-m", "ALL", *output]
    listen = ["listen", *backend, *mibs, "--community", "public"]
    listen += ["--user", f"{USER.name}:SHA-256:{USER.auth_password}:AES-256:{USER.priv_password}"]
    # Each notification twice (ours, Net-SNMP's), the v1 trap and its v2c form once each more.
    listen += ["--count", str(2 * len(SENDS) + 2), "127.0.0.1:0"]
    with snmptrapd(tmp_path, _trapd_config(), mibs) as trapd:
        trapd_addr = f"127.0.0.1:{trapd.port}"
        with listening(*listen, deadline=120) as (addr, read):
            for command, options, args in SENDS:
                _send(command, addr, options, args, backend)
                _send(f"snmp{command}", addr, options, args)
                _send(command, trapd_addr, options, args, backend)
            v1 = ["-v1", "-c", "public"]
            _send("trap", addr, v1, V1_TRAP, backend)
            _send("snmptrap", addr, v1, V1_TRAP)
            _send("trap", trapd_addr, v1, V1_TRAP, backend)
            as_v2 = ["555", "linkDown", *VARBINDS, *V1_APPENDED]
            _send("trap", trapd_addr, COMMUNITY, as_v2, backend)
            text = read()
        blocks = notification_blocks(text)
        assert len(blocks) == 2 * len(SENDS) + 2
        # Sent one after another (an inform once acknowledged): logged in that order.
        *logged, converted = trapd.lines_blocking("V2 ", len(SENDS) + 1)
        (v1_logged,) = trapd.lines_blocking("V1 ")
    for i, line in enumerate(logged):
        ours, theirs = blocks[2 * i], blocks[2 * i + 1]
        assert ours == theirs  # our trap/inform sent what snmptrap/snmpinform sent
        assert ours[1:] == _varbinds(line)
    v1_ours, v1_theirs = blocks[-2:]
    assert v1_ours == v1_theirs
    n = len(VARBINDS) // 3
    assert v1_ours[3 : 3 + n] == _varbinds(v1_logged)  # snmptrapd's %v of a v1 trap
    # RFC 3584's form of the v1 trap: as snmptrapd prints it sent as v2c.
    assert v1_ours[1:] == _varbinds(converted)
    if not flags:
        assert blocks[0][:4] == [
            "TRAP v2c community public",
            "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (31337) 0:05:13.37",
            "SNMPv2-MIB::snmpTrapOID.0 = OID: IF-MIB::linkDown",
            "IF-MIB::ifIndex.1 = INTEGER: 1",
        ]
        assert "IF-MIB::ifPhysAddress.1 = STRING: 0:1b:21:3a:0:2" in blocks[0]
        assert "SNMPv2-MIB::snmpTrapOID.0 = OID: SNMPv2-SMI::enterprises.99999.0.1" in blocks[8]
        assert "SNMPv2-SMI::enterprises.99999.1.4 = Hex-STRING: 00 FF 10 " in blocks[8]


@pytest.mark.parametrize("flags", ["fe", "qs", "X"])
def test_listen_prints_what_snmptrapd_prints_with_the_same_mibs(tmp_path: Path, flags: str) -> None:
    _listen_beside_snmptrapd(tmp_path, flags)


@pytest.mark.anyio
async def test_listen_trap_and_inform_print_as_net_snmp_under_each_event_loop(
    tmp_path: Path, anyio_backend: str
) -> None:
    """`_listen_beside_snmptrapd` (no -O flags) with --backend asyncio and trio."""
    await anyio.to_thread.run_sync(
        functools.partial(
            _listen_beside_snmptrapd,
            tmp_path,
            "",
            backend=("--backend", anyio_backend),
        )
    )


def test_listen_json_names_varbinds_as_snmptrapd_prints_them(tmp_path: Path) -> None:
    mibs = ["-M", require_test_mibs(), "-m", "ALL", "-Os"]
    listen = ["listen", "--json", *mibs, "--count", "1", "127.0.0.1:0"]
    args = ["31337", "IF-MIB::linkDown", *VARBINDS]
    with snmptrapd(tmp_path, _trapd_config(), mibs) as trapd:
        with listening(*listen) as (addr, read):
            _send("trap", addr, COMMUNITY, args)
            _send("trap", f"127.0.0.1:{trapd.port}", COMMUNITY, args)
            text = read()
        (logged,) = trapd.lines_blocking("V2 ")
    (notification,) = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    varbinds = notification["varbinds"]
    assert [f"{item['name']} = {item['text']}" for item in varbinds] == _varbinds(logged)
    # The numeric fields are still there, and OID values are named too.
    assert varbinds[1]["oid"] == "1.3.6.1.6.3.1.1.4.1.0"
    assert varbinds[1]["value"] == "1.3.6.1.6.3.1.1.5.3"
    assert varbinds[1]["value_name"] == "linkDown"
    assert varbinds[3] == {
        "oid": "1.3.6.1.2.1.2.2.1.7.1",
        "type": "INTEGER",
        "value": 2,
        "name": "ifAdminStatus.1",
        "text": "INTEGER: down(2)",
    }


def test_listen_without_mibs_stays_numeric() -> None:
    with listening("listen", "--count", "1", "127.0.0.1:0") as (addr, read):
        _send("trap", addr, COMMUNITY, ["5", "IF-MIB::linkDown"])
        text = read()
    assert notification_blocks(text) == [
        [
            "TRAP v2c community public",
            ".1.3.6.1.2.1.1.3.0 = Timeticks: (5) 0:00:00.05",
            ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.6.3.1.1.5.3",
        ]
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["5", "IF-MIB::noSuchTrap"], "IF-MIB::noSuchTrap: Unknown Object Identifier"),
        (["5", "linkDown", "ifNoSuchColumn.1", "i", "1"], "ifNoSuchColumn.1: Unknown Object"),
        (["5", "linkDown", "ifAdminStatus.1", "i", "sideways"], "Value out of range (sideways)"),
        (["5", "linkDown", "1.3.6.1.4.1.99999.1", "=", "1"], 'Bad variable type ("=")'),
        (["5", "linkDown", "1.3.6.1.4.1.99999.1", "D", "x"], "Bad value notation (x)"),
        (["5", "linkDown", "1.3.6.1.4.1.99999.1", "b", "1 -2"], "bit numbers are 0..524287"),
        (["5", "linkDown", "nsModuleModes.0.1", "b", "set nope"], "Value out of range (nope)"),
    ],
)
def test_trap_refuses_names_and_values_the_mibs_do_not_know(args: list[str], message: str) -> None:
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    for command in ("trap", "inform"):
        done = run_anysnmp(command, *mibs, "127.0.0.1:9", *args)
        assert done.rc == 1 and done.out == ""
        assert message in done.err.splitlines()[-1], done.err


#: Every snmptrap type letter beyond the common ones: Net-SNMP's Opaque-wrapped 64-bit
#: integers, float and double, BITS by number and by label (b, and = for a BITS object),
#: a negative number after AGENT, NULL.
TYPED = [
    *("1.3.6.1.4.1.99999.2.1", "U", "18446744073709551615"),
    *("1.3.6.1.4.1.99999.2.2", "I", "-5"),
    *("1.3.6.1.4.1.99999.2.3", "I", "-128"),
    *("1.3.6.1.4.1.99999.2.4", "U", "128"),
    *("1.3.6.1.4.1.99999.2.5", "F", "1.5"),
    *("1.3.6.1.4.1.99999.2.6", "D", "-2.25"),
    *("1.3.6.1.4.1.99999.2.7", "b", "1 3 9"),
    *("1.3.6.1.4.1.99999.2.8", "b", "0,15"),
    *("NET-SNMP-AGENT-MIB::nsModuleModes.0.2.1.3.5", "b", "set,getBulk"),
    *("nsModuleModes.0.2.1.3.6", "=", "getAndGetNext 2"),
    *("1.3.6.1.4.1.99999.2.9", "i", "-7"),
    *("1.3.6.1.4.1.99999.2.10", "n", "x"),
]


def test_trap_takes_every_type_letter_as_snmptrap_does() -> None:
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    listen = ["listen", *mibs, "--count", "2", "127.0.0.1:0"]
    with listening(*listen, deadline=60) as (addr, read):
        for command in ("trap", "snmptrap"):
            _send(command, addr, COMMUNITY, ["5", "SNMPv2-MIB::coldStart", *TYPED])
        text = read()
    ours, theirs = notification_blocks(text)
    assert ours == theirs
    assert ours[3:] == [
        "SNMPv2-SMI::enterprises.99999.2.1 = Opaque: UInt64: 18446744073709551615",
        "SNMPv2-SMI::enterprises.99999.2.2 = Opaque: Int64: -5",
        "SNMPv2-SMI::enterprises.99999.2.3 = Opaque: Int64: -128",
        "SNMPv2-SMI::enterprises.99999.2.4 = Opaque: UInt64: 128",
        "SNMPv2-SMI::enterprises.99999.2.5 = Opaque: Float: 1.500000",
        "SNMPv2-SMI::enterprises.99999.2.6 = Opaque: Float: -2.250000",
        'SNMPv2-SMI::enterprises.99999.2.7 = STRING: "P@"',
        "SNMPv2-SMI::enterprises.99999.2.8 = Hex-STRING: 80 01 ",
        'NET-SNMP-AGENT-MIB::nsModuleModes."".2.1.3.5 = BITS: 60 set(1) getBulk(2) ',
        'NET-SNMP-AGENT-MIB::nsModuleModes."".2.1.3.6 = BITS: A0 getAndGetNext(0) getBulk(2) ',
        "SNMPv2-SMI::enterprises.99999.2.9 = INTEGER: -7",
        "SNMPv2-SMI::enterprises.99999.2.10 = NULL",
    ]


@pytest.mark.anyio
async def test_set_takes_a_negative_value_after_the_agent(anyio_backend: str) -> None:
    """``i -5`` is a value, as for snmpset (options come before AGENT): the SET goes out."""
    args = ["-t", "0.1", "-r", "0", "127.0.0.1:9", "1.3.6.1.2.1.1.7.0", "i", "-5"]
    done = await anysnmp("set", "--backend", anyio_backend, *args)
    assert (done.rc, done.err) == (1, "Timeout: No Response from 127.0.0.1:9\n")


def test_listen_refuses_output_flags_it_does_not_know() -> None:
    """snmp_parse_args's line (snmptrapd's own lacks the full stop)."""
    done = run_anysnmp("listen", "-Oz", "127.0.0.1:0")
    assert (done.rc, done.out, done.err) == (1, "", "Unknown output option passed to -O: z.\n")


def test_listen_ov_prints_each_value_where_snmptrapd_keeps_the_last(tmp_path: Path) -> None:
    """-Ov: snmptrapd 5.9's %v keeps the last varbind's value only (Net-SNMP's
    sprint_realloc_variable empties the buffer it prints into under -Ov, and %v prints
    every varbind into one buffer); listen prints each, as snmptrapd prints each value
    without -Ov (the difference docs/cli.md keeps)."""
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    listen = ["listen", *mibs, "-Ov", "--count", "1", "127.0.0.1:0"]
    args = ["31337", "IF-MIB::linkDown", *VARBINDS]
    (tmp_path / "v").mkdir()
    (tmp_path / "full").mkdir()
    with (
        snmptrapd(tmp_path / "v", _trapd_config(), [*mibs, "-Ov"]) as values,
        snmptrapd(tmp_path / "full", _trapd_config(), mibs) as full,
    ):
        with listening(*listen) as (addr, read):
            for where in (addr, f"127.0.0.1:{values.port}", f"127.0.0.1:{full.port}"):
                _send("trap", where, COMMUNITY, args)
            text = read()
        (last,) = values.lines_blocking("V2 ")
        (lines,) = full.lines_blocking("V2 ")
    ((_, *ours),) = notification_blocks(text)
    assert ours == [line.split(" = ", 1)[1] for line in _varbinds(lines)]
    assert _varbinds(last) == ours[-1:] == ["Hex-STRING: 00 FF 10 "]
