"""Values devices send malformed print as Net-SNMP's tools print them, byte for byte.

A raw agent (tests/raw_agent.py) serves the values of tests/malformed_values.py:
lengths Net-SNMP reads though no encoder writes them, integers past their type's range,
RFC 1442's BIT STRING, NsapAddress and UInteger32, content after NULL or an exception.
Where Net-SNMP drops the whole response (an IpAddress of other than 4 octets...), both
commands time out alike. In notifications, `anysnmp listen` prints them as snmptrapd
does, and drops the notifications snmptrapd drops.
"""

from __future__ import annotations

from pathlib import Path

import anyio
import anyio.to_thread
import pytest
from cli_helpers import (
    anysnmp,
    background,
    cli_backend,
    compare,
    notification_blocks,
    read_all,
    run,
    run_anysnmp,
)
from malformed_values import (
    AT_MIB_OBJECTS,
    BASE,
    EXCEPTIONS,
    PRINTED,
    REJECTED,
    V3_ENGINE,
    V3_USER,
    printed_view,
    v1_trap,
    v2c_notification,
    v3_trap,
)
from mib_helpers import netsnmp_command, require_test_mibs
from peers import snmptrapd
from raw_agent import RawAgent

COMMUNITY = ("-v2c", "-c", "public")


@pytest.mark.parametrize("flags", ["", "q", "Q", "v", "x", "T", "e", "t", "a"])
def test_walk_of_malformed_values_prints_as_snmpwalk(flags: str) -> None:
    with RawAgent(printed_view()) as agent:
        options = [f"-O{flags}"] if flags else []
        ours, theirs = compare("walk", "snmpwalk", *COMMUNITY, *options, agent.address, BASE)
    assert ours == theirs
    assert len(ours.splitlines()) >= 22


def test_exception_values_with_content_print_as_snmpget() -> None:
    view = {f"{BASE}.{i}.0": bytes.fromhex(h) for i, h in enumerate(EXCEPTIONS, 1)}
    with RawAgent(view) as agent:
        ours, theirs = compare("get", "snmpget", *COMMUNITY, agent.address, *view)
    assert ours == theirs
    assert "No more variables left" in ours


@pytest.mark.parametrize("flags", ["", "Qs", "Xe", "vT", "n"])
def test_malformed_values_of_mib_objects_print_as_snmpwalk(flags: str) -> None:
    view = {oid: bytes.fromhex(h) for oid, h in AT_MIB_OBJECTS.items()}
    options = [*COMMUNITY, *([f"-O{flags}"] if flags else [])]
    with RawAgent(view) as agent:
        theirs = run([*netsnmp_command("snmpwalk"), *options, agent.address, "1.3.6.1.2.1"])
        ours = run_anysnmp(
            "walk", "-M", require_test_mibs(), "-m", "ALL",
            *options, agent.address, "1.3.6.1.2.1",
        )  # fmt: skip
    assert (ours.rc, theirs.rc) == (0, 0), ours.err
    assert ours.out == theirs.out
    assert len(ours.out.splitlines()) == len(AT_MIB_OBJECTS) + 1  # the endOfMibView line


@pytest.mark.parametrize("value", (*REJECTED[:5], "4901ff", "44059f78023fc0"))
@pytest.mark.anyio
async def test_values_net_snmp_drops_the_response_for_time_out_alike(
    anyio_backend: str, value: str
) -> None:
    """An IpAddress of 0, 1, 3, 5 or 16 octets, an unknown tag, an Opaque-wrapped float of
    2 octets: Net-SNMP drops the response, and so do we."""
    view = {f"{BASE}.1.0": bytes.fromhex("0401aa"), f"{BASE}.2.0": bytes.fromhex(value)}
    args = [*COMMUNITY, "-t", "0.3", "-r", "0"]
    with RawAgent(view) as agent:
        ours = await anysnmp(
            "get", "--backend", cli_backend(anyio_backend), *args, agent.address, *view
        )
        theirs = await anyio.to_thread.run_sync(
            run, ["snmpget", "-On", *args, agent.address, *view]
        )
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out) == (1, "")
    # Net-SNMP says why for a tag it does not know ("bad type returned (49)"), then times out.
    assert ours.err == f"Timeout: No Response from {agent.address}.\n"
    assert theirs.err.endswith(ours.err)


@pytest.mark.anyio
async def test_notifications_of_malformed_values_print_as_snmptrapd_prints_them(
    tmp_path: Path, anyio_backend: str
) -> None:
    """A v1 trap, a v2c trap, an inform and a v3 trap of every value snmpget prints, each
    value Net-SNMP drops a response for in a v1 and a v2c trap of its own (both drop them),
    to `anysnmp listen` and to snmptrapd."""
    values = [*PRINTED, *EXCEPTIONS]
    printed = [v1_trap(values), v2c_notification(values), v2c_notification(values, True)]
    printed.append(v3_trap(values))
    dropped = [message([value]) for value in REJECTED for message in (v1_trap, v2c_notification)]
    config = (
        "authCommunity log public\nformat1 V1 %V~%v\\n\nformat2 V2 %V~%v\\n\n"
        f"createUser -e 0x{V3_ENGINE.hex()} {V3_USER}\nauthUser log {V3_USER} noauth\n"
    )
    listen = ["listen", "--backend", anyio_backend, "--community", "public", "--user", V3_USER]
    listen += ["--count", str(len(printed)), "127.0.0.1:0"]
    with snmptrapd(tmp_path, config) as trapd:
        async with background(*listen) as (proc, addr):
            host, port = addr.split(":")
            async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
                for message in [*dropped, *printed]:
                    await sock.sendto(message, host, int(port))
                    await sock.sendto(message, "127.0.0.1", trapd.port)
                blocks = notification_blocks(await read_all(proc))
            logged = [*await trapd.lines("V1 "), *await trapd.lines("V2 ", 3)]
    headers = ["TRAP v1 community public", "TRAP v2c community public"]
    assert [b[0] for b in blocks] == [
        *headers,
        "INFORM v2c community public",
        "TRAP v3 user noauth",
    ]
    v1, *v2 = blocks
    theirs = [line.split(" ", 1)[1].split("~") for line in logged]
    assert v1[3 : 3 + len(values)] == theirs[0]  # a v1 trap's %v: before what RFC 3584 appends
    assert [block[1:] for block in v2] == theirs[1:]
    assert "No more variables left" in v1[-4] and "= BITS: 00 " in v2[0][-4]
    assert len(logged) == len(printed)  # nor did snmptrapd log the dropped ones


@pytest.mark.anyio
async def test_notifications_of_malformed_values_of_mib_objects_print_as_snmptrapd(
    tmp_path: Path, anyio_backend: str
) -> None:
    """`AT_MIB_OBJECTS` in a v2c trap, with the test MIB set loaded by both: enum labels of
    the folded numbers, BITS labels, MIB types over the values' (snmptrapd's -OvT is left
    out: it prints the BITS value alone in place of the whole %v)."""
    mibs = ["-M", require_test_mibs(), "-m", "ALL"]
    message = v2c_notification(AT_MIB_OBJECTS.values(), oids=AT_MIB_OBJECTS)
    config = "authCommunity log public\nformat2 V2 %V~%v\\n\n"
    listen = ["listen", "--backend", anyio_backend, *mibs, "--count", "1", "127.0.0.1:0"]
    with snmptrapd(tmp_path, config, mibs) as trapd:
        async with background(*listen, deadline=60) as (proc, addr):
            host, port = addr.split(":")
            async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
                await sock.sendto(message, host, int(port))
                await sock.sendto(message, "127.0.0.1", trapd.port)
                (block,) = notification_blocks(await read_all(proc))
            (logged,) = await trapd.lines("V2 ")
    assert block[1:] == logged.split(" ", 1)[1].split("~")
    assert "SNMPv2-MIB::sysName.0 = Wrong Type (should be OCTET STRING): BITS: 00 01 15 " in block
    assert len(block) == 3 + len(AT_MIB_OBJECTS)
