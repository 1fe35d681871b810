"""anysnmp.sync.send_trap and send_inform into Net-SNMP's snmptrapd, over UDP and TCP."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from peers import V3_USERS, snmptrapd, trapd_config
from scripted import Request, ScriptedAgent, scripted_agent
from sync_helpers import in_background

from anysnmp import ConfigurationError, SnmpVersion, UnknownEngineIdError
from anysnmp import TimeoutError as SnmpTimeoutError
from anysnmp.lowlevel import ErrorStatus
from anysnmp.sync import send_inform, send_trap

LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
COLD_START = "1.3.6.1.6.3.1.1.5.1"
SHAAES = next(u for u in V3_USERS if u.name == "shaaes")
SENDER_ENGINE = bytes.fromhex("8000000005") + b"sync-trap-sender"
OTHER_ENGINE = bytes.fromhex("8000000005") + b"neither"


@pytest.mark.parametrize("transport", ["udp", "tcp"])
@pytest.mark.parametrize("version", ["v1", "v2c", "v3"])
def test_send_trap_and_inform_into_snmptrapd(tmp_path: Path, transport: str, version: str) -> None:
    user = SHAAES.user() if version == "v3" else None
    with snmptrapd(tmp_path, trapd_config(SHAAES, SENDER_ENGINE), transport=transport) as trapd:
        to = ("127.0.0.1", trapd.port)
        if version == "v1":
            send_trap(
                *to, transport=transport, trap_oid=LINK_DOWN, version=SnmpVersion.v1, uptime=31337
            )
            (trap,) = trapd.lines_blocking("|31337|")
            assert trap.startswith("V1 .1.3.6.1.6.3.1.1.5|2|0|0.0.0.0|31337|")  # RFC 3584 3.2
            return
        send_trap(
            *to,
            transport=transport,
            trap_oid=LINK_DOWN,
            user=user,
            engine_id=SENDER_ENGINE if user else None,  # v2c: refused (no engine)
            uptime=31337,
            varbinds=[("1.3.6.1.2.1.2.2.1.2.7", "ge-0/0/7")],
        )
        # Fails with a TimeoutError unless snmptrapd acknowledges it.
        send_inform(*to, transport=transport, trap_oid=COLD_START, user=user, uptime=27182)
        if user is not None:  # engine_id: the receiver's, not discovered (snmptrapd reports)
            with pytest.raises(UnknownEngineIdError):
                send_inform(*to, transport=transport, trap_oid=COLD_START, user=user,
                            engine_id=OTHER_ENGINE)  # fmt: skip
        (trap,) = trapd.lines_blocking("(31337)")
        (inform,) = trapd.lines_blocking("(27182)")
    assert trap.split("~") == [
        "V2 .1.3.6.1.2.1.1.3.0 = Timeticks: (31337) 0:05:13.37",
        f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{LINK_DOWN}",
        '.1.3.6.1.2.1.2.2.1.2.7 = STRING: "ge-0/0/7"',
    ]
    assert inform.split("~")[1] == f".1.3.6.1.6.3.1.1.4.1.0 = OID: .{COLD_START}"


def test_send_inform_times_out_after_retries() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        with pytest.raises(SnmpTimeoutError):
            send_inform(
                "127.0.0.1", silent.getsockname()[1], trap_oid=LINK_DOWN, timeout=0.1, retries=2
            )
        silent.setblocking(False)
        datagrams = 0
        while True:
            try:
                silent.recv(65536)
            except BlockingIOError:
                break
            datagrams += 1
    assert datagrams == 3


def test_bad_arguments_are_configuration_errors() -> None:
    with pytest.raises(ConfigurationError, match="informs are SNMP v2c or v3"):
        send_inform("127.0.0.1", 9, trap_oid=LINK_DOWN, version=SnmpVersion.v1)
    with pytest.raises(ConfigurationError, match="local_addr is for UDP"):
        send_trap("127.0.0.1", 9, trap_oid=LINK_DOWN, transport="tcp", local_addr=("127.0.0.1", 0))
    with pytest.raises(ConfigurationError, match="need user="):
        send_trap("127.0.0.1", 9, trap_oid=LINK_DOWN, version=SnmpVersion.v3)


def test_a_response_with_an_error_status_acknowledges_an_inform() -> None:
    async def handler(agent: ScriptedAgent, request: Request) -> None:
        await agent.reply(request, request.response([], status=int(ErrorStatus.GEN_ERR), index=1))

    with in_background(scripted_agent(handler)) as agent:
        send_inform("127.0.0.1", agent.port, trap_oid=LINK_DOWN, timeout=5, retries=0)
    assert len(agent.requests) == 1
