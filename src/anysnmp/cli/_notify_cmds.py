"""trap, inform and listen: notifications with snmptrap/snmpinform's arguments."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .._notify import (
    SNMP_TRAP_OID,
    send_inform,
    send_trap,
)
from .._types import TypedValue
from ._general import general_options
from ._mibs import MibContext, mib_options
from ._options import (
    backend_option,
    c_atoi,
    c_atol,
    chosen_version,
    community_option,
    configured_passphrases,
    context_option,
    engine_clock_option,
    engine_id_option,
    host_settings,
    output_option,
    parse_c_flags,
    retired_port_option,
    retries_option,
    timeout_option,
    user_from,
    user_options,
    version_option,
)
from ._run import run
from ._target import (
    VERSIONS,
    UnknownOidError,
    argument_bytes,
    check_opening,
    check_port,
    parse_address,
    refuse_short_passphrases,
)
from ._usage import UsageCommand

if TYPE_CHECKING:
    from .._address import TransportAddress

__all__ = ("inform", "trap")

#: Options before AGENT only, as Net-SNMP's tools: then ``i -5`` is a value, not an option.
_AS_NETSNMP = {"allow_interspersed_args": False}


def _notify_options(func: Any) -> Any:
    for decorator in reversed(
        [
            version_option("SNMP version (inform: 2c or 3)."),
            community_option,
            user_options,
            context_option,
            timeout_option(1.0, "Inform: seconds to wait for each attempt."),
            retries_option(5, "Inform: retries after a timeout."),
            retired_port_option,
            backend_option,
            mib_options,
            output_option,  # read and checked, as snmptrap's: nothing is printed with it
            general_options(),
            click.argument("agent_address", metavar="AGENT"),
            click.argument("args", nargs=-1),
        ]
    ):
        func = decorator(func)
    return func


def _varbinds(mibs: MibContext, args: tuple[str, ...]) -> list[tuple[str, TypedValue]]:
    """OID TYPE VALUE triples, as snmptrap reads them: any type letter (its first
    character) goes to the value's reader; the first that does not read ends the command
    with snmptrap's line.

    Raises:
        UnknownOidError: that line.
    """
    varbinds = []
    for i in range(0, len(args), 3):
        name = args[i]
        if i + 3 > len(args):
            raise UnknownOidError(f"{name}: Missing type/value for variable")
        oid = mibs.oid(name)
        varbinds.append((oid, _value(mibs, name, oid, args[i + 1][:1], args[i + 2])))
    return varbinds


def _value(mibs: MibContext, name: str, oid: str, kind: str, text: str) -> TypedValue:
    """`MibContext.set_value`, its words after ``NAME: `` when it does not read."""
    from ._values import ValueLineError

    try:
        return mibs.set_value(oid, kind, text)
    except ValueLineError as exc:
        raise ValueLineError(f"{name}: {exc}") from None


def _sent(varbinds: list[tuple[str, TypedValue]], *oids: TypedValue) -> None:
    """What Net-SNMP's encoder refuses of the notification's OID values: its lines.

    Raises:
        UnknownOidError: those lines.
    """
    from ._values import build_check

    build_check([*oids, *(value for _, value in varbinds)])


def _host_uptime() -> int:
    """The host's uptime in hundredths of a second (TimeTicks), as snmptrap sends for ``''``.

    Linux's /proc/uptime, read as snmptrap reads it; elsewhere the monotonic
    clock, which counts from boot on macOS, the BSDs and Windows.
    """
    try:
        seconds = Path("/proc/uptime").read_text().split()[0]
    except OSError:
        return int(time.monotonic() * 100) % 2**32
    whole, _, fraction = seconds.partition(".")
    return (int(whole) * 100 + int(fraction[:2].ljust(2, "0"))) % 2**32


def _uptime(text: str) -> int:
    if not text:
        return _host_uptime()
    if not text.isdigit():
        raise click.UsageError(f"uptime {text!r}: hundredths of a second, or '' for now")
    return int(text)


#: What snmptrap -v1 says of its parameters missing, by how many it has.
_V1_MISSING = (
    "No enterprise oid",
    "Missing agent parameter",
    "Missing generic-trap parameter",
    "Missing specific-trap parameter",
    "Missing uptime parameter",
)
#: snmptrap -v1's enterprise for '' (Net-SNMP's objid_enterprise).
_DEFAULT_ENTERPRISE = "1.3.6.1.4.1.3.1.1"


def _v1_trap(
    mibs: MibContext, args: tuple[str, ...]
) -> tuple[tuple[str, int, int], str, int, list[tuple[str, TypedValue]]]:
    """snmptrap -v1's ENTERPRISE AGENT-ADDR GENERIC SPECIFIC UPTIME as snmptrap reads them:
    the trap numbers and the uptime by atoi and atol (sent as they are, any of 32 bits),
    an enterprise '' Net-SNMP's own."""
    if len(args) < 5:
        raise click.UsageError(_V1_MISSING[len(args)])
    enterprise, agent_addr, generic, specific, uptime = args[:5]
    enterprise = mibs.oid(enterprise) if enterprise else _DEFAULT_ENTERPRISE
    varbinds = _varbinds(mibs, args[5:])
    _sent(varbinds)
    stamp = c_atol(uptime) % 2**32 if uptime else _host_uptime()
    trap = (enterprise, c_atoi(generic), c_atoi(specific))
    return trap, agent_addr or _own_address(), stamp, varbinds


def _own_address() -> str:
    """snmptrap -v1's agent-addr when given '': this host's first IPv4 address of an
    interface up, running and not the loopback (Net-SNMP's get_myaddr, over SIOCGIFCONF's
    list), else 0.0.0.0 (none, or a system without SIOCGIFCONF: not Linux)."""
    if sys.platform != "linux":
        return "0.0.0.0"
    import array
    import fcntl
    import socket
    import struct

    get_conf, get_flags, up_running, loopback = 0x8912, 0x8913, 0x41, 0x8
    size = 40  # a struct ifreq (64-bit Linux): a name of 16 octets, then an address or flags
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        table = array.array("B", bytes(size * 128))
        try:
            conf = struct.pack("@iP", len(table), table.buffer_info()[0])
            length = struct.unpack("@iP", fcntl.ioctl(sock.fileno(), get_conf, conf))[0]
            data = table.tobytes()[:length]
            for at in range(0, len(data) - size + 1, size):
                name, family = data[at : at + 16], struct.unpack_from("@H", data, at + 16)[0]
                ip = data[at + 20 : at + 24]
                if family != socket.AF_INET or ip == socket.inet_aton("127.0.0.1"):
                    continue
                request = name + bytes(size - 16)
                flags = struct.unpack_from(
                    "@H", fcntl.ioctl(sock.fileno(), get_flags, request), 16
                )[0]
                if flags & up_running == up_running and not flags & loopback:
                    return socket.inet_ntoa(ip)
        except OSError:
            pass
    return "0.0.0.0"


@click.command(cls=UsageCommand, context_settings=_AS_NETSNMP)
@_notify_options
@click.option(
    "-C",
    "c_flags",
    multiple=True,
    metavar="APPOPTS",
    help="i: send an inform instead of a trap, as inform does (snmptrap -Ci).",
)
@engine_id_option("v3: the sending engine's id, hex (the receiver localizes keys with it).")
@engine_id_option("v3: the contextEngineID, hex (default: the sending engine's id).", "E")
@engine_clock_option(
    "v3: the sending engine's boots and time (default: 1, and the seconds since "
    "2020-01-01 by the system clock, which move forward from run to run)."
)
def trap(
    agent_address: str,
    args: tuple[str, ...],
    version: str | None,
    backend: str,
    c_flags: tuple[str, ...],
    engine_id: bytes | None,
    context_engine_id: bytes | None,
    engine_clock: tuple[int, int] | None,
    **options: Any,
) -> None:
    """Send a trap, like snmptrap (default port 162).

    \b
    v2c, v3: AGENT UPTIME TRAP-OID [OID TYPE VALUE]...
    v1:      AGENT ENTERPRISE AGENT-ADDR GENERIC SPECIFIC UPTIME [OID TYPE VALUE]...
    UPTIME '' is the host's uptime (as snmptrap); TYPE letters as for set, and c
    Counter32, C Counter64. With MIBs (-m, -M, MIBS) the OIDs may be names, TYPE = takes
    the MIB's type, and values are checked as set checks them. A v3 trap comes from
    engine -e (default: one generated per run), which receivers such as
    snmptrapd need to know: createUser -e ENGINEID. AGENT is in Net-SNMP's
    syntax: tcp:HOST:PORT sends over TCP (RFC 3430). -Ci sends an inform, as inform.
    """
    if parse_c_flags(c_flags, "i").get("i"):
        engine = (engine_id, context_engine_id, engine_clock)
        _send_inform(agent_address, args, version, backend, engine, options)
    target, text = _receiver(agent_address, options)
    passphrases = configured_passphrases(options)
    refuse_short_passphrases(target, text, options["timeout"], passphrases, notification=True)
    version = chosen_version(version, options["user"])
    mibs = MibContext(options)
    v3_user = user_from(options) if version == "3" else None
    agent_addr, trap_oid = "0.0.0.0", None
    v1_trap: tuple[str | None, int | None, int | None] = (None, None, None)
    with _opened_first(target, text, options["timeout"]):
        if version == "1":
            v1_trap, agent_addr, uptime, varbinds = _v1_trap(mibs, args)
        else:
            uptime, trap_oid, varbinds = _v2_notification(mibs, args)
    check_port(target, text, False, notification=True)

    async def main() -> None:
        await send_trap(
            target.host,
            target.port,
            transport=target.transport,
            trap_oid=trap_oid,
            varbinds=varbinds,
            community=argument_bytes(options["community"]),
            version=VERSIONS[version],
            user=v3_user,
            # snmptrap ignores -e, -Z, -n and -E for v1 and v2c, whose messages carry none
            engine_id=engine_id if v3_user else None,
            engine_boots=engine_clock[0] if engine_clock and v3_user else 1,
            engine_time=engine_clock[1] if engine_clock and v3_user else None,
            context_name=argument_bytes(options["context"]) if v3_user else b"",
            context_engine_id=context_engine_id if v3_user else None,
            uptime=uptime,
            agent_addr=agent_addr,
            enterprise=v1_trap[0],
            generic_trap=v1_trap[1],
            specific_trap=v1_trap[2],
        )

    raise SystemExit(run(main, backend, agent_address))


@click.command(cls=UsageCommand, context_settings=_AS_NETSNMP)
@_notify_options
@click.option(
    "-C", "c_flags", multiple=True, metavar="APPOPTS", help="i: an inform (as it is anyway)."
)
@engine_id_option("v3: the receiver's engine id, hex (then none is discovered).")
@engine_id_option("v3: the contextEngineID, hex (default: the receiver's engine id).", "E")
@engine_clock_option(
    "v3: the receiver's engine boots and time, replacing those discovered (unused with -e)."
)
def inform(
    agent_address: str,
    args: tuple[str, ...],
    version: str | None,
    backend: str,
    c_flags: tuple[str, ...],
    engine_id: bytes | None,
    context_engine_id: bytes | None,
    engine_clock: tuple[int, int] | None,
    **options: Any,
) -> None:
    """Send an inform and wait for its acknowledgement, like snmpinform (default port 162).

    \b
    AGENT UPTIME TRAP-OID [OID TYPE VALUE]...
    UPTIME '' is the host's uptime (as snmpinform); names and TYPE = with MIBs, as for trap.
    v3 discovers the receiver's engine id first (the receiver is authoritative for informs),
    unless -e gives it. AGENT tcp:HOST:PORT sends over TCP (RFC 3430).
    """
    parse_c_flags(c_flags, "i")  # snmpinform's -Ci (it is snmptrap -Ci): no other letter
    engine = (engine_id, context_engine_id, engine_clock)
    _send_inform(agent_address, args, version, backend, engine, options)


def _send_inform(
    agent_address: str,
    args: tuple[str, ...],
    version: str | None,
    backend: str,
    engine: tuple[bytes | None, bytes | None, tuple[int, int] | None],
    options: dict[str, Any],
) -> None:
    """inform (and trap -Ci): sends it, waits for its acknowledgement and exits.

    `engine` is -e, -E and -Z: the receiver's engine id, the contextEngineID, the
    receiver's boots and time (as snmpinform's: unused with -e, whose first inform goes
    with 0, 0 and resynchronizes on the receiver's notInTimeWindow Report)."""
    version = chosen_version(version, options["user"])
    if version == "1":  # snmpinform's words, before it reads the rest
        raise UnknownOidError("Cannot send INFORM as SNMPv1 PDU", status=1)
    target, text = _receiver(agent_address, options)
    passphrases = configured_passphrases(options)
    refuse_short_passphrases(target, text, options["timeout"], passphrases, notification=True)
    mibs = MibContext(options)
    v3_user = user_from(options) if version == "3" else None
    with _opened_first(target, text, options["timeout"]):
        uptime, trap_oid, varbinds = _v2_notification(mibs, args)
    engine_id, context_engine_id, engine_clock = engine
    check_port(target, text, version == "3" and not engine_id, notification=True)
    clock = None if engine_id else engine_clock

    async def main() -> None:
        await send_inform(
            target.host,
            target.port,
            transport=target.transport,
            trap_oid=trap_oid,
            varbinds=varbinds,
            community=argument_bytes(options["community"]),
            version=VERSIONS[version],
            user=v3_user,
            context_name=argument_bytes(options["context"]) if v3_user else b"",  # v1/v2c: ignored
            context_engine_id=context_engine_id if v3_user else None,
            engine_id=engine_id if v3_user else None,
            engine_boots=clock[0] if clock and v3_user else None,
            engine_time=clock[1] if clock and v3_user else None,
            uptime=uptime,
            timeout=options["timeout"],
            retries=options["retries"],
        )

    # snmpinform names no agent: snmp_sess_perror's "snmpinform: Timeout".
    raise SystemExit(
        run(main, backend, agent_address, timeout_line="anysnmp: Timeout", timeout_logged=True)
    )


def _receiver(address: str, options: dict[str, Any]) -> tuple[TransportAddress, str]:
    """Where AGENT is (default port 162), with the settings of its host files in `options`
    (``hosts/AGENT.conf``: its ``transport``, and the options not given); and its text."""
    text = host_settings(address, options).transport or address
    return parse_address(text, 162, ("udp", "tcp"), peer=True), text


@contextmanager
def _opened_first(target: TransportAddress, text: str, timeout: float) -> Iterator[None]:
    """A notification's OIDs and values read: when one does not, what opening the
    session says goes first, as snmptrap and snmpinform open it before they read them
    (a host that does not resolve, TCP; UDP to port 0 fails at sending, after them)."""
    try:
        yield
    except UnknownOidError:
        check_opening(target, text, timeout, notification=True)
        raise


def _v2_notification(
    mibs: MibContext, args: tuple[str, ...]
) -> tuple[int, str, list[tuple[str, TypedValue]]]:
    """UPTIME TRAP-OID [OID TYPE VALUE]... of an SNMPv2 trap or inform (TRAP-OID read as
    snmptrap reads it: an ``o`` value of snmpTrapOID.0)."""
    if len(args) < 2:  # snmptrap's and snmpinform's words
        raise click.UsageError(f"Missing {('up-time', 'trap-oid')[len(args)]} parameter")
    uptime = _uptime(args[0])
    trap = _value(mibs, args[1], SNMP_TRAP_OID, "o", args[1])
    varbinds = _varbinds(mibs, args[2:])
    _sent(varbinds, trap)
    return uptime, str(trap.value), varbinds
