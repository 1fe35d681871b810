"""A user's first mistakes get an SnmpError (or a TypeError) that says what to do.

Against our own agent serving the demo recording and Net-SNMP's snmpd, under
both shells: the async session and `anysnmp.sync`.
"""

from __future__ import annotations

import math
import re
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from peers import Snmpd

import anysnmp
import anysnmp.sync
from anysnmp import (
    Agent,
    CommandResponder,
    MibView,
    OctetString,
    SnmpSession,
    SnmpVersion,
    TransportAddress,
)
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
IF_ENTRY = "1.3.6.1.2.1.2.2.1"
SHELLS = [SnmpSession, anysnmp.sync.SnmpSession]


@asynccontextmanager
async def demo_agent(demo_view: MibView, host: str = "127.0.0.1") -> AsyncIterator[int]:
    """Our agent serving the demo recording read-only; yields its port."""
    async with Agent([(host, 0)], CommandResponder(demo_view)) as agent:
        yield agent.addresses[0][1]


async def test_a_session_used_outside_its_block_says_how_to_open_it(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port:
        s = SnmpSession("127.0.0.1", port)
        with pytest.raises(anysnmp.UsageError, match=r"not open .* 'async with SnmpSession"):
            await s.get(SYS_NAME)
        async with s:
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"
            with pytest.raises(anysnmp.UsageError, match="already open"):
                await s.__aenter__()
        with pytest.raises(anysnmp.UsageError, match="closed"):
            await s.get(SYS_NAME)
        with pytest.raises(RuntimeError):  # as before
            [item async for item in s.fetch("1.3.6.1.2.1.1")]
        with pytest.raises(anysnmp.UsageError, match="'async with Manager"):
            assert anysnmp.Manager().local_address


def test_a_blocking_session_asked_for_a_background_stream_says_what_to_use() -> None:
    """walk() and table_rows(), the async session's streams, raised Python's AttributeError
    from the blocking session, whose docstring said it had the same methods."""
    says = r"session\.fetch\(oid\).*table"
    with anysnmp.sync.SnmpSession("127.0.0.1", 9) as s:
        with pytest.raises(anysnmp.UsageError, match=says):
            s.walk(SYS_DESCR)
        with pytest.raises(anysnmp.UsageError, match=says):
            s.table_rows("1.3.6.1.2.1.2.2.1")


def test_a_blocking_session_used_outside_its_block_says_how_to_open_it(snmpd: Snmpd) -> None:
    s = anysnmp.sync.SnmpSession(snmpd.host, snmpd.port)
    with pytest.raises(anysnmp.UsageError, match=r"not open .* 'with SnmpSession"):
        s.get(SYS_NAME)
    with s:
        with pytest.raises(anysnmp.UsageError, match="already open"):
            s.__enter__()
    with pytest.raises(anysnmp.UsageError, match="closed"):
        s.get_many([SYS_NAME])
    with pytest.raises(anysnmp.UsageError, match="'with Manager"):
        assert anysnmp.sync.Manager().local_address


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("timeout", "2", "timeout must be a number of seconds > 0, not '2'"),
        ("timeout", 0, "timeout must be a number of seconds > 0, not 0"),
        ("timeout", None, "timeout must be a number of seconds > 0, not None"),
        ("retries", -1, "retries must be an int >= 0, not -1"),
        ("retries", 1.5, "retries must be an int >= 0, not 1.5"),
        ("max_repetitions", 0, "max_repetitions must be an int >= 1, not 0"),
        ("max_repetitions", True, "max_repetitions must be an int >= 1, not True"),
        ("version", 2, r"version 2 is not .* give anysnmp.SnmpVersion.v1, .v2c or .v3"),
        ("timeout", float("nan"), "timeout must be a finite number of seconds, not nan"),
        ("timeout", float("inf"), "timeout must be a finite number of seconds, not inf"),
        ("retries", 2**40, "retries must be at most 2147483647, not 1099511627776"),
        ("max_repetitions", 2**31, "max_repetitions must be at most 2147483647, not 2147483648"),
        ("tos", 256, "tos must be at most 255, not 256"),
        ("tos", -1, "tos must be an int >= 0, not -1"),
        ("send_buffer", -1, "send_buffer must be an int >= 0, not -1"),
        ("recv_buffer", 2**40, "recv_buffer must be at most 2147483647"),
        ("community", 5, "community must be a str or bytes, not int"),
        ("community", None, "community must be a str or bytes, not NoneType"),
        ("context_name", 5, "context_name must be a str or bytes, not int"),
        ("engine_id", "80001f8880", r"engine_id is bytes, not str: bytes.fromhex\('80001f8880'\)"),
        ("engine_id", b"", "an SNMPv3 engine id has 5 to 32 octets, not 0"),
        ("user", "admin", r"user must be a User, not str: user=User\('name'"),
        ("limit_rps", "10", r"rps \(limit_rps\) must be a number > 0, not '10'"),
        ("limit_rps", float("nan"), r"rps \(limit_rps\) must be a number > 0, not nan"),
        ("policer", object(), "policer must be a BasePolicer .* not object"),
        ("allow_bulk", "no", r"allow_bulk is True or False, not the text 'no' \(a text is true\)"),
        # Before, the next two passed here: v3 failed when the session opened, a str
        # context engine id went as its letters' octets.
        ("version", SnmpVersion.v3, r"SNMPv3 needs user=User\(...\)"),
        (
            "context_engine_id",
            "80001f8804",
            r"context_engine_id is bytes, not str: bytes.fromhex\('80001f8804'\)",
        ),
    ],
)
def test_settings_name_what_is_wrong_with_them(
    shell: Callable[..., Any], setting: str, value: object, says: str
) -> None:
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        shell("127.0.0.1", **{setting: value})


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize(
    ("addr", "agent_port", "error", "says"),
    [
        (None, 161, anysnmp.ConfigurationError, "addr must be a host name .* not NoneType"),
        (b"127.0.0.1", 161, anysnmp.ConfigurationError, "as a str, not bytes"),
        ("127.0.0.1", 0, anysnmp.ConfigurationError, "port 0 is no agent's port"),
        # Before, each was a ResolutionError when the session opened ([Errno -8]).
        *(
            ("127.0.0.1", port, anysnmp.ConfigurationError, f"port must be an int .* not {says}")
            for port, says in [("161", "'161'"), (70000, "70000"), (-1, "-1"), (161.0, "161.0")]
        ),
        ("127.0.0.1", True, anysnmp.ConfigurationError, "port must be an int from 1 to 65535"),
        ("127.0.0.1", None, anysnmp.ConfigurationError, r"agent's port \(161 by default\)"),
    ],
)
def test_a_host_or_port_that_cannot_be_an_agent_says_so(
    shell: Callable[..., Any], addr: Any, agent_port: int, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        shell(addr, agent_port)


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize(
    ("args", "kwargs", "says"),
    [
        ((), {"hostname": "192.0.2.1"}, r"no hostname=: the agent's host is the first argument"),
        (("192.0.2.1",), {"remote_port": 1161}, "no remote_port=: give port="),
        (("192.0.2.1",), {"security_username": "ops"}, r"give user=User\(name, auth_key="),
        (("192.0.2.1",), {"comunity": "public"}, r"no comunity=: did you mean community=\?$"),
        # Net-SNMP's own Python bindings: netsnmp.Session(DestHost=..., Timeout=500000).
        ((), {"DestHost": "192.0.2.1"}, r"no DestHost=: the agent's host is the first argument"),
        (("192.0.2.1",), {"Timeout": 500000}, r"no Timeout=: give timeout= in seconds \(Net-"),
        (("192.0.2.1",), {"Community": "public"}, r"no Community=: did you mean community=\?$"),
        (("192.0.2.1",), {"zzz": 1}, "no zzz=$"),
        (("192.0.2.1", 161, "public"), {}, r"the rest by name: SnmpSession\('192.0.2.1', 161, "),
        (("192.0.2.1",), {"addr": "192.0.2.2"}, "got addr twice"),
        ((), {"port": 161}, r"needs the agent's host first: SnmpSession\("),
    ],
)
def test_arguments_of_other_clients_say_what_they_are_called_here(
    shell: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], says: str
) -> None:
    """easysnmp's Session(hostname=...) said 'SessionCore.__init__() got an unexpected
    keyword argument', naming a class the user never wrote."""
    with pytest.raises(anysnmp.ArgumentTypeError, match="^SnmpSession\\(\\) .*" + says):
        shell(*args, **kwargs)


def test_a_subclass_of_a_session_takes_its_own_arguments() -> None:
    class Named(anysnmp.sync.SnmpSession):
        def __init__(self, name: str, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.name = name

    assert Named(name="core-1", addr="192.0.2.1").name == "core-1"


@pytest.mark.parametrize(
    ("port", "says"),
    [
        (0, r"port 0 is no receiver's port: give the receiver's port \(162 by default\)"),
        # Before, a ResolutionError ([Errno -8]) as it was sent.
        ("162", r"port must be an int from 1 to 65535, the receiver's port .* not '162'"),
        (65536, "port must be an int from 1 to 65535, .* not 65536"),
    ],
)
async def test_port_0_is_no_receivers_port(port: Any, says: str) -> None:
    """Nothing is sent to port 0 (Net-SNMP's snmptrap fails to send) nor to what is no
    port: a ConfigurationError, before anything is opened."""
    for send in (anysnmp.send_trap, anysnmp.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            await send("127.0.0.1", port, trap_oid="1.3.6.1.6.3.1.1.5.1")
    for send_blocking in (anysnmp.sync.send_trap, anysnmp.sync.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            send_blocking("127.0.0.1", port, trap_oid="1.3.6.1.6.3.1.1.5.1")


#: linkDown, a notification's trap OID.
LINK = "1.3.6.1.6.3.1.1.5.3"


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
def test_a_user_with_a_community_version_says_so(
    shell: Callable[..., Any], version: SnmpVersion
) -> None:
    # The user's keys went unused: the session sent community "public" in clear text.
    user = anysnmp.User("admin", auth_key=anysnmp.Sha256Key(b"auth-secret"))
    says = rf"user= is for SNMPv3, and version={version.name} was given: drop version="
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        shell("127.0.0.1", user=user, version=version)
    assert shell("127.0.0.1", user=user, version=SnmpVersion.v3).version == SnmpVersion.v3


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
@pytest.mark.parametrize(
    ("engine", "named"),
    [
        ({"engine_id": b"\x80\x00\x1f\x88\x04"}, "engine_id= is"),
        ({"engine_boots": 3, "engine_time": 70}, "engine_boots= and engine_time= are"),
    ],
)
def test_an_engine_with_a_community_version_says_so(
    shell: Callable[..., Any], version: SnmpVersion, engine: dict[str, Any], named: str
) -> None:
    # v1/v2c messages name no engine: the settings went unused without a word.
    says = rf"{named} for SNMPv3, and version={version.name} was given, whose messages name no"
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        shell("127.0.0.1", version=version, **engine)
    user = anysnmp.User("admin", auth_key=anysnmp.Sha256Key(b"auth-secret"))
    assert shell("127.0.0.1", user=user, **engine).version == SnmpVersion.v3


async def test_a_trap_given_an_engine_with_a_community_version_says_so() -> None:
    """A v1/v2c trap names no engine: its engine_id and engine_time went unused."""
    says = r"engine_id= is for SNMPv3, and version=v2c was given"
    trap: dict[str, Any] = {"trap_oid": LINK, "engine_id": b"\x80\x00\x1f\x88\x04"}
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        await anysnmp.send_trap("127.0.0.1", 162, **trap)
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        anysnmp.sync.send_trap("127.0.0.1", 162, **trap)
    with pytest.raises(anysnmp.ConfigurationError, match=says):  # the receiver's engine
        await anysnmp.send_inform("127.0.0.1", 162, **trap)
    with pytest.raises(anysnmp.ConfigurationError, match="engine_time= is for SNMPv3"):
        await anysnmp.send_trap(
            "127.0.0.1", 162, trap_oid=LINK, version=SnmpVersion.v1, engine_time=5
        )


@pytest.mark.parametrize("shell", SHELLS, ids=["async", "sync"])
@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
@pytest.mark.parametrize(
    "context", [{"context_name": "vrf-blue"}, {"context_engine_id": b"\x80\x00\x1f\x88\x04"}]
)
def test_a_context_with_a_community_version_says_so(
    shell: Callable[..., Any], version: SnmpVersion, context: dict[str, Any]
) -> None:
    # v1/v2c messages carry no context: the requests went to the default one without a word.
    says = rf"context_name= and context_engine_id= are for SNMPv3, and version={version.name}"
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        shell("127.0.0.1", version=version, **context)
    assert shell("127.0.0.1", version=version, context_name="").version == version


async def test_a_notification_given_a_context_engine_id_as_text_says_so() -> None:
    """It went as the octets of its letters (a hex id's text), where the engine id's is
    refused: each a ConfigurationError saying bytes.fromhex."""
    text: Any = "80001f8804"
    given = {"trap_oid": LINK, "context_engine_id": text}
    given["user"] = anysnmp.User("ops", auth_key=anysnmp.Sha256Key(b"auth-secret"))
    says = r"context_engine_id is bytes, not str: bytes.fromhex\('80001f8804'\)"
    for send in (anysnmp.send_trap, anysnmp.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            await send("127.0.0.1", 162, **given)
    for send_blocking in (anysnmp.sync.send_trap, anysnmp.sync.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            send_blocking("127.0.0.1", 162, **given)


async def test_a_notification_with_a_context_and_a_community_version_says_so() -> None:
    says = r"context_name= and context_engine_id= are for SNMPv3, and version=v2c"
    trap: dict[str, Any] = {"trap_oid": "1.3.6.1.6.3.1.1.5.1", "context_name": "vrf-blue"}
    for send in (anysnmp.send_trap, anysnmp.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            await send("127.0.0.1", 162, **trap)
    for send_blocking in (anysnmp.sync.send_trap, anysnmp.sync.send_inform):
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            send_blocking("127.0.0.1", 162, **trap)


def test_a_user_name_that_is_not_a_str_says_so() -> None:
    with pytest.raises(anysnmp.ConfigurationError, match="a user name is a str, not bytes"):
        anysnmp.User(b"admin")  # type: ignore[arg-type]


async def test_a_walk_with_bad_max_repetitions_says_so(demo_view: MibView) -> None:
    says = "max_repetitions must be an int >= 1, not "
    async with demo_agent(demo_view) as port:
        async with SnmpSession("127.0.0.1", port) as s:
            for bad in (0, -1, "5"):
                with pytest.raises(anysnmp.ConfigurationError, match=says + repr(bad)):
                    [item async for item in s.getbulk("1.3.6.1.2.1.1", bad)]  # type: ignore[arg-type]
                with pytest.raises(anysnmp.ConfigurationError, match=says + repr(bad)):
                    async with s.walk("1.3.6.1.2.1.1", max_repetitions=bad) as results:  # type: ignore[arg-type]
                        [item async for item in results]
            assert len([item async for item in s.getbulk("1.3.6.1.2.1.1", 5)]) == 32


def test_a_blocking_walk_with_bad_max_repetitions_says_so(snmpd: Snmpd) -> None:
    says = "max_repetitions must be an int >= 1, not "
    with anysnmp.sync.SnmpSession(snmpd.host, snmpd.port, community=snmpd.community) as s:
        for bad in (0, -1, "5"):
            with pytest.raises(anysnmp.ConfigurationError, match=says + repr(bad)):
                list(s.getbulk("1.3.6.1.2.1.1", bad))  # type: ignore[arg-type]
        assert next(iter(s.getbulk("1.3.6.1.2.1.1.1", 5)))[0] == SYS_DESCR


@pytest.mark.parametrize(
    ("host", "port", "says"),
    [
        ("127.0.0.1:1161", 161, r"give the port apart: \('127.0.0.1', 1161\)"),
        ("[::1]", 161, "write an IPv6 address without brackets: '::1'"),
        ("[::1]:1161", 161, r"without brackets and the port apart: \('::1', 1161\)"),
        # Net-SNMP's transport prefixes, which agents and the command line take.
        (
            "tcp:127.0.0.1:1161",
            161,
            r"host, port and transport apart: \('127.0.0.1', 1161, transport='tcp'\)",
        ),
        ("udp6:[::1]:1161", 161, r"apart: \('::1', 1161, transport='udp'\)"),
        ("UDP:localhost", 1161, r"apart: \('localhost', 1161, transport='udp'\)"),
    ],
)
async def test_a_host_written_with_its_port_says_how_to_give_them(
    host: str, port: Any, says: str
) -> None:
    with pytest.raises(anysnmp.ResolutionError, match=says):
        async with SnmpSession(host, port):
            pass
    with pytest.raises(anysnmp.ResolutionError, match=says):
        with anysnmp.sync.SnmpSession(host, port):
            pass


async def test_an_ipv6_address_scoped_by_an_interface_name_resolves(demo_view: MibView) -> None:
    """::1%lo, as Net-SNMP's tools take it (udp6:[::1%lo]): glibc's getaddrinfo takes a
    scope's interface name for link-local addresses only (ResolutionError before)."""
    loopback = socket.if_indextoname(1)
    async with demo_agent(demo_view, "::1") as port:
        async with SnmpSession(f"::1%{loopback}", port, timeout=2) as s:
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"

        def blocking() -> object:  # in a thread: the agent answers from this event loop
            with anysnmp.sync.SnmpSession(f"::1%{loopback}", port, timeout=2) as b:
                return b.get(SYS_NAME)

        assert await anyio.to_thread.run_sync(blocking) == b"demo-sw1.example.net"
        with pytest.raises(anysnmp.ResolutionError, match="cannot resolve '::1%nosuchif'"):
            async with SnmpSession("::1%nosuchif", port):
                pass


async def test_a_timeout_says_what_to_check(demo_view: MibView) -> None:
    async with demo_agent(demo_view, "::1") as port:
        async with SnmpSession("::1", port, community="wrong", timeout=0.2, retries=1) as s:
            with pytest.raises(anysnmp.TimeoutError) as caught:
                await s.get(SYS_NAME)
    assert str(caught.value) == (
        f"no response from [::1]:{port} after 2 attempt(s) of 0.2s; agents drop what they do "
        "not accept without a word: check the host and port, the community and SNMP version "
        "(v2c), and that the agent accepts requests from this host"
    )


def test_a_blocking_timeout_says_what_to_check(snmpd: Snmpd) -> None:
    with anysnmp.sync.SnmpSession(
        snmpd.host, snmpd.port, community="wrong", timeout=0.2, retries=0
    ) as s:
        with pytest.raises(anysnmp.TimeoutError, match="check the host and port, the community"):
            s.get(SYS_NAME)


async def test_names_without_mibs_say_how_to_load_them(demo_view: MibView) -> None:
    says = r"is a MIB name, not a numeric OID: names need MIBs, .* mib=anysnmp.Mib.load\(\)"
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        with pytest.raises(anysnmp.EncodeError, match=f"'SNMPv2-MIB::sysName.0' {says}"):
            await s.get("SNMPv2-MIB::sysName.0")
        with pytest.raises(anysnmp.EncodeError, match=f"'sysName.0' {says}"):
            await s.get_many([SYS_DESCR, "sysName.0"])
        with pytest.raises(anysnmp.EncodeError, match=f"'ifDescr' {says}"):
            [item async for item in s.fetch("ifDescr")]
        with pytest.raises(anysnmp.EncodeError, match=f"'sysContact.0' {says}"):
            await s.set("sysContact.0", OctetString(b"noc"))
        with pytest.raises(anysnmp.EncodeError, match="an arc that is not ASCII digits"):
            await s.get("1.3.x")  # not a name: the OID parser says which rule


async def test_wrong_calls_are_type_errors_that_say_what_to_call(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        with pytest.raises(TypeError, match=r"a list of OIDs, not one str: get_many\(\[oid\]\)"):
            await s.get_many(SYS_NAME)
    with anysnmp.sync.SnmpSession("127.0.0.1", port) as blocking:
        with pytest.raises(TypeError, match="a list of OIDs"):
            blocking.get_many(SYS_NAME)


@pytest.mark.parametrize(
    "pdu_type",
    [PduType.RESPONSE, PduType.TRAP_V1, PduType.TRAP_V2, PduType.REPORT],
    ids=lambda t: t.name,
)
async def test_a_request_no_agent_answers_says_so(demo_view: MibView, pdu_type: PduType) -> None:
    # Sent, it waited out every attempt (20 s by default) for an answer that never comes.
    says = rf"no agent answers a {pdu_type.name} PDU: a request is a GET, GETNEXT"
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port, timeout=5) as s:
        with anyio.fail_after(2), pytest.raises(anysnmp.ConfigurationError, match=says):
            await s.request(pdu_type, [SYS_NAME])
        assert await s.request(PduType.GET, [SYS_NAME]) == [(SYS_NAME, 4, b"demo-sw1.example.net")]
    with anysnmp.sync.SnmpSession("127.0.0.1", port, timeout=5) as blocking:
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            blocking.request(pdu_type, [SYS_NAME])


@pytest.mark.parametrize("pdu_type", [PduType.GETBULK, PduType.INFORM], ids=lambda t: t.name)
async def test_a_v2_request_on_a_v1_session_says_so(demo_view: MibView, pdu_type: PduType) -> None:
    # Sent, the agent dropped it and the request timed out (snmpbulkget -v1 refuses it).
    says = f"Cannot send V2 PDU on V1 session: SNMPv1 has no {pdu_type.name}, give version="
    async with (
        demo_agent(demo_view) as port,
        SnmpSession("127.0.0.1", port, version=SnmpVersion.v1, timeout=5) as s,
    ):
        with anyio.fail_after(2), pytest.raises(anysnmp.ConfigurationError, match=says):
            await s.request(pdu_type, [SYS_NAME])
    with anysnmp.sync.SnmpSession("127.0.0.1", port, version=SnmpVersion.v1) as blocking:
        with pytest.raises(anysnmp.ConfigurationError, match=says):
            blocking.request(pdu_type, [SYS_NAME])


#: Calls given something other than an OID str, and what their EncodeError says.
NOT_OIDS: list[tuple[str, tuple[Any, ...], str]] = [
    ("get", ([SYS_NAME],), r"not list: one OID here, get_many\(\) takes many"),
    # pysnmp's and Net-SNMP's bindings' arcs (said "one OID here, get_many() takes many").
    (
        "get",
        ((1, 3, 6, 1, 2, 1, 1, 5, 0),),
        r"not tuple: write its arcs as text, '1.3.6.1.2.1.1.5.0'$",
    ),
    ("get_many", ([[1, 3, 6, 1]],), r"not list: write its arcs as text, '1.3.6.1'$"),
    ("fetch", ((1, 3, 6, 1, 2, 1, 1),), r"not tuple: write its arcs as text, '1.3.6.1.2.1.1'$"),
    ("get", ((SYS_NAME,),), r"not tuple: one OID here, get_many\(\) takes many$"),
    ("get", (123,), "an OID must be a str, not int$"),
    ("get", (b"1.3.6.1.2.1.1.5.0",), r"not bytes: give it as text, '1.3.6.1.2.1.1.5.0'$"),
    ("get", (b"\xff",), "not bytes$"),
    ("get_many", ([SYS_NAME, None],), "not NoneType$"),
    ("get_many", ([[SYS_NAME]],), "not list$"),
    ("set", ([SYS_NAME], 1), r"one OID here, set_many\(\) takes many"),
    ("set_many", ({1: 1},), "not int$"),
    ("getnext", ([SYS_NAME],), "not list$"),
    ("fetch", (None,), "not NoneType$"),
    ("table", (7,), "not int$"),
]
WALKS = ("getnext", "fetch")


async def test_oids_that_are_not_str_say_so(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port:
        async with SnmpSession("127.0.0.1", port) as s:
            for name, args, message in NOT_OIDS:
                with pytest.raises(anysnmp.EncodeError, match=message):
                    if name in WALKS:
                        [item async for item in getattr(s, name)(*args)]
                    else:
                        await getattr(s, name)(*args)
            with pytest.raises(TypeError, match="a list of OIDs, not NoneType"):
                await s.get_many(None)  # type: ignore[arg-type]
        with anysnmp.sync.SnmpSession("127.0.0.1", port) as blocking:
            for name, args, message in NOT_OIDS:
                with pytest.raises(anysnmp.EncodeError, match=message):
                    result = getattr(blocking, name)(*args)
                    if name in WALKS:
                        list(result)


async def test_a_set_refused_says_why(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        with pytest.raises(anysnmp.ErrorStatusError) as caught:
            await s.set(SYS_NAME, OctetString(b"x"))
    assert str(caught.value) == (
        f"agent returned noAccess (6) at {SYS_NAME}: the community or user may not access it "
        "(a SET needs a read-write one)"
    )


async def test_getbulk_on_v1_says_how_to_walk(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port:
        async with SnmpSession("127.0.0.1", port, version=SnmpVersion.v1) as s:
            with pytest.raises(anysnmp.ConfigurationError, match=r"fetch\(\) or getnext\(\)"):
                s.getbulk("1.3.6.1.2.1.1", 10)
            assert [oid async for oid, _ in s.fetch("1.3.6.1.2.1.1.1")] == [SYS_DESCR]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda view: Agent([("127.0.0.1", 0)], view),
            r"not a MibView: serve a MibView with Agent\(ifaces, CommandResponder\(view\)\)",
        ),
        (
            lambda view: Agent("127.0.0.1:0", CommandResponder(view)),
            r"a list of addresses, not one: Agent\(\['127.0.0.1:0'\], handler\)",
        ),
        (
            lambda view: Agent(("127.0.0.1", 0), CommandResponder(view)),  # type: ignore[arg-type]
            r"a list of addresses, not one: Agent\(\[\('127.0.0.1', 0\)\], handler\)",
        ),
        (
            lambda view: CommandResponder({SYS_NAME: "router"}),  # type: ignore[arg-type]
            r"serves a MibView, not a dict: CommandResponder\(MibView\(\{oid: value\}\)\)",
        ),
        (
            lambda view: CommandResponder(view, communities=["public"]),  # type: ignore[arg-type]
            r"communities maps each community to its access: \{'public': 'ro'",
        ),
        # Before, the next three raised when the agent opened: ResolutionError ([Errno -8]),
        # a bare TypeError ('a bytes-like object is required'), ResolutionError.
        (
            lambda view: Agent([("127.0.0.1", "1161")], CommandResponder(view)),  # type: ignore[list-item]
            r"texts, not \('127.0.0.1', '1161'\): a host is a str, a port an int",
        ),
        (
            lambda view: Agent([(b"127.0.0.1", 1161)], CommandResponder(view)),  # type: ignore[list-item]
            r"texts, not \(b'127.0.0.1', 1161\): a host is a str, a port an int",
        ),
        (
            lambda view: Agent(
                [TransportAddress("tcp", "127.0.0.1", "1161")],  # type: ignore[arg-type]
                CommandResponder(view),
            ),
            r"texts, not TransportAddress\(.*port='1161'.*\): a host is a str, a port an int",
        ),
    ],
    ids=[
        "view-as-handler",
        "one-address-str",
        "one-address-pair",
        "dict-view",
        "community-list",
        "port-str",
        "host-bytes",
        "transport-address-port-str",
    ],
)
def test_an_agent_built_wrongly_says_how_to_build_it(
    demo_view: MibView, make: Callable[[MibView], object], says: str
) -> None:
    with pytest.raises(TypeError, match=says):
        make(demo_view)


#: An SNMPv3 user, for a responder that has an engine.
V3 = [anysnmp.User("ops")]


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda v: CommandResponder(v, engine_id=b"ab"), "engine id has 5 to 32 octets, not 2"),
        (
            lambda v: CommandResponder(v, engine_id="80001f88"),  # type: ignore[arg-type]
            r"bytes.fromhex\('80001f88'\)",
        ),
        (
            lambda v: CommandResponder(v, users=V3, engine_boots=-1),
            r"boots and time are 0..2\^31-1",
        ),
        (
            lambda v: CommandResponder(v, users=V3, engine_boots=2**31),
            r"boots and time are 0..2\^31",
        ),
        (
            lambda v: CommandResponder(v, max_response_size=100),
            "max_response_size must be .*>= 484",
        ),
        (
            lambda v: CommandResponder(v, max_response_size=65508),
            "max_response_size must be at most 65507",
        ),
        (lambda v: CommandResponder(v, max_repetitions=0), "max_repetitions must be an int >= 1"),
        (lambda v: anysnmp.NotificationReceiver(engine_id=b"a" * 33), "5 to 32 octets, not 33"),
        (lambda v: anysnmp.NotificationReceiver(buffer_size=-1), "buffer_size must be an int >= 0"),
        (lambda v: Agent(handler=CommandResponder(v), max_concurrency=0), "max_concurrency must"),
        (lambda v: Agent(handler=CommandResponder(v), max_connections=0), "max_connections must"),
        (lambda v: Agent(handler=CommandResponder(v), max_message_size=100), "max_message_size"),
        (lambda v: Agent(handler=CommandResponder(v), idle_timeout=0), "idle_timeout must be a"),
        (lambda v: Agent(handler=CommandResponder(v), idle_timeout=math.nan), "finite number"),
        (
            lambda v: Agent(handler=CommandResponder(v), recv_buffer="x"),  # type: ignore[arg-type]
            "recv_buffer must be",
        ),
        (lambda v: Agent(handler=CommandResponder(v), send_buffer=-1), "send_buffer must be"),
        # Before, the next two opened: a ResolutionError, then a UDP socket for sctp.
        (
            lambda v: Agent([("127.0.0.1", 70000)], CommandResponder(v)),
            r"\('127.0.0.1', 70000\): port must be an int from 0 to 65535, not 70000",
        ),
        (
            lambda v: Agent([TransportAddress("sctp", "127.0.0.1", 0)], CommandResponder(v)),
            "only the udp and tcp transports are supported",
        ),
    ],
)
def test_an_agent_given_settings_out_of_range_says_which(
    demo_view: MibView, make: Callable[[MibView], object], says: str
) -> None:
    """Each a ConfigurationError naming the setting. Before: a bare ValueError for an engine
    id or boots out of range (TypeError for an engine id as str), a buffer_size below 0,
    recv_buffer as str; nothing for the rest, which then answered nothing (every response
    over the size, no GetBulk repetition, each connection closed at once, every TCP
    connection or delayed reply refused)."""
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        make(demo_view)


def test_a_view_keyed_by_names_without_mibs_says_how_to_load_them() -> None:
    says = r"'sysName.0' is a MIB name, not a numeric OID: names need MIBs, MibView\(\{...\}, mib="
    with pytest.raises(anysnmp.EncodeError, match=says):
        MibView({"sysName.0": "router"})


async def test_a_streamed_walk_iterated_without_async_with_says_how(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        with pytest.raises(TypeError, match=r"'async with session.walk\(oid\) as results:'"):
            [item async for item in s.walk("1.3.6.1.2.1.1")]  # type: ignore[attr-defined]
        async with s.walk("1.3.6.1.2.1.1") as results:
            assert len([item async for item in results]) == 32
        async with s.table_rows("1.3.6.1.2.1.2.2.1") as rows:
            assert len([row async for row in rows]) == 52


async def test_an_async_walk_iterated_with_a_plain_for_says_async_for(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        for walk in (s.fetch, s.getnext, s.getbulk):
            with pytest.raises(anysnmp.UsageError, match="iterate with 'async for', not 'for'"):
                for _ in walk("1.3.6.1.2.1.1"):  # type: ignore[attr-defined]
                    pass
        assert len([item async for item in s.fetch("1.3.6.1.2.1.1")]) == 32


async def test_walks_awaited_as_lists_say_how_to_read_them(demo_view: MibView) -> None:
    """easysnmp's walk() returns a list: `await session.walk(oid)` raised Python's "object
    Streamed can't be used in 'await' expression", `await session.fetch(oid)` said "not
    'for'" only."""
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        streams = [
            (s.walk("1.3.6.1.2.1.1"), r"'async with session.walk\(oid\) as results:' then "),
            (s.table_rows(IF_ENTRY), r"\(or 'rows = await session.table\(entry\)'\)"),
            (anysnmp.poll([s], get=[SYS_NAME]), r"'async with anysnmp.poll\(sessions, \.\.\.\)"),
        ]
        for stream, says in streams:
            with pytest.raises(anysnmp.ArgumentTypeError, match=says):
                await stream  # type: ignore[misc]
        for walk in (s.fetch, s.getnext, s.getbulk):
            with pytest.raises(
                anysnmp.UsageError,
                match=r"not 'for' nor 'await' \(a list of it: \[item async for item in session",
            ):
                await walk("1.3.6.1.2.1.1")  # type: ignore[misc]
        assert len([item async for item in s.fetch("1.3.6.1.2.1.1")]) == 32


async def test_async_objects_entered_with_a_plain_with_say_async_with(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        blocks = [
            (SnmpSession("127.0.0.1", port), "async with SnmpSession"),
            (anysnmp.Manager(), "async with Manager"),
            (Agent([("127.0.0.1", 0)], CommandResponder(demo_view)), "async with Agent"),
            (s.walk("1.3.6.1.2.1.1"), r"async with session.walk\(oid\)"),
        ]
        for block, says in blocks:
            with pytest.raises(anysnmp.UsageError, match=f"open it with '{says}.*', not 'with'"):
                with block:  # type: ignore[attr-defined]
                    pass
        assert await s.get(SYS_NAME) == b"demo-sw1.example.net"


async def test_blocking_objects_entered_with_async_with_say_with(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port:
        for block, says in [
            (anysnmp.sync.SnmpSession("127.0.0.1", port), "'with SnmpSession"),
            (anysnmp.sync.Manager(), "'with Manager"),
        ]:
            with pytest.raises(anysnmp.UsageError, match=f"open it with {says}.*not 'async with'"):
                async with block:  # type: ignore[attr-defined]
                    pass


async def test_a_streamed_walk_entered_twice_says_it_runs_once(demo_view: MibView) -> None:
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        walk = s.walk("1.3.6.1.2.1.1")
        async with walk as results:
            assert len([item async for item in results]) == 32
        with pytest.raises(anysnmp.UsageError, match=r"runs once: call session.walk\(oid\) again"):
            async with walk:
                pass


async def test_streamed_rows_used_wrongly_say_how_to_stream_rows(demo_view: MibView) -> None:
    """table_rows() iterated, entered with 'with' or entered twice names its own forms, not a
    walk's ('async with session.walk(oid) as results')."""
    async with demo_agent(demo_view) as port, SnmpSession("127.0.0.1", port) as s:
        entered = re.escape("'async with session.table_rows(entry) as rows:'")
        with pytest.raises(
            anysnmp.ArgumentTypeError,
            match=f"a streamed table is entered first: {entered} then 'async for index, row in "
            r"rows:' \(or 'rows = await session.table\(entry\)'\)",
        ):
            async for _ in s.table_rows(IF_ENTRY):  # type: ignore[attr-defined]
                pass
        with pytest.raises(anysnmp.UsageError, match=f"open it with {entered}, not 'with'"):
            with s.table_rows(IF_ENTRY):  # type: ignore[attr-defined]
                pass
        rows = s.table_rows(IF_ENTRY)
        async with rows as results:
            assert len([row async for row in results]) == 52
        with pytest.raises(
            anysnmp.UsageError, match=r"table runs once: call session.table_rows\(entry\) again"
        ):
            async with rows:
                pass


@pytest.fixture
def localhost_ipv6_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "localhost" resolving as on most hosts (``::1 localhost`` in /etc/hosts): ::1 first.

    This machine's /etc/hosts names 127.0.0.1 only; the answer's order is what is
    simulated, the agent and the sessions are real.
    """
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, family: int = 0, *args: Any, **kw: Any) -> Any:
        if host in ("localhost", b"localhost") and family in (0, socket.AF_UNSPEC):
            v6 = real("::1", port, socket.AF_INET6, *args, **kw)
            return v6 + real("127.0.0.1", port, socket.AF_INET, *args, **kw)
        return real(host, port, family, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.usefixtures("localhost_ipv6_first")
async def test_localhost_reaches_an_agent_on_ipv4_as_net_snmp_does(demo_view: MibView) -> None:
    """A name is its IPv4 address first, as for Net-SNMP's tools (udp): an agent listening
    on 127.0.0.1 only answers "localhost" even where ::1 comes first (it timed out)."""
    async with demo_agent(demo_view) as port:
        async with SnmpSession("localhost", port, timeout=0.5, retries=0) as s:
            assert await s.get(SYS_NAME) == b"demo-sw1.example.net"
        with anysnmp.sync.SnmpSession("localhost", port, timeout=0.5, retries=0) as blocking:
            assert await anyio.to_thread.run_sync(blocking.get, SYS_NAME) == b"demo-sw1.example.net"
