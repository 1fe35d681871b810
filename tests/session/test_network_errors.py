"""Socket failures reach callers as SnmpError subclasses that are still OSErrors."""

from __future__ import annotations

import errno
import re
import socket
from collections.abc import Awaitable, Callable
from importlib.resources import files
from typing import Any

import pytest

import anysnmp.sync
from anysnmp import (
    Aes128Key,
    Agent,
    ArgumentTypeError,
    CommandResponder,
    ConfigurationError,
    DesKey,
    KeyType,
    Manager,
    Md5Key,
    Mib,
    MibView,
    NetworkError,
    NotificationReceiver,
    OctetString,
    ResolutionError,
    RPSPolicer,
    Sha1Key,
    SnmpError,
    SnmpSession,
    SnmpVersion,
    User,
    send_inform,
    send_trap,
)

pytestmark = pytest.mark.anyio

#: Fails to resolve at once, with no name server asked (no such interface).
UNRESOLVABLE = "fe80::1%no-such-if"
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"
USER = User("someone")
#: A datagram past 65507 octets: the agent named as agents and the CLI write it.
SEND_TOO_LONG = (
    rf"^\[Errno {errno.EMSGSIZE}\] cannot send to udp:127\.0\.0\.1:\d+: Message too long$"
)


async def _open_session() -> None:
    async with SnmpSession(UNRESOLVABLE):
        pass


async def _open_manager() -> None:
    async with Manager((UNRESOLVABLE, 0)):
        pass


async def _open_agent() -> None:
    async with Agent([(UNRESOLVABLE, 0)], NotificationReceiver()):
        pass


async def _trap() -> None:
    await send_trap(UNRESOLVABLE, trap_oid=LINK_DOWN)


async def _inform() -> None:
    await send_inform(UNRESOLVABLE, trap_oid=LINK_DOWN)


async def _trap_from() -> None:
    await send_trap("127.0.0.1", trap_oid=LINK_DOWN, local_addr=(UNRESOLVABLE, 0))


@pytest.mark.parametrize(
    "action", [_open_session, _open_manager, _open_agent, _trap, _inform, _trap_from]
)
async def test_an_unresolvable_host_raises_resolution_error(
    action: Callable[[], Awaitable[None]],
) -> None:
    with pytest.raises(ResolutionError, match="cannot resolve") as caught:
        await action()
    assert isinstance(caught.value, SnmpError)
    assert isinstance(caught.value, socket.gaierror)  # an OSError, as before
    assert caught.value.errno in (socket.EAI_NONAME, socket.EAI_ADDRFAMILY)


@pytest.mark.parametrize(
    ("host", "port", "error", "reason"),
    [
        ("127.0.0.1", 70000, ConfigurationError, "port .* not 70000"),
        ("127.0.0.1", -1, ConfigurationError, "port .* not -1"),
        ("127.0.0.1\0x", 161, ResolutionError, "NUL"),
    ],
)
async def test_a_port_out_of_range_or_a_nul_is_refused(
    host: str, port: int, error: type[Exception], reason: str
) -> None:
    """getaddrinfo would take port 70000 as 4464 and the host up to its NUL: never silently.
    A port is refused when the session, agent or manager is made (a ConfigurationError: a
    ResolutionError when opened, before), a host when it is resolved."""
    with pytest.raises(error, match=reason):
        async with SnmpSession(host, port, timeout=0.2, retries=0) as s:
            await s.get("1.3.6.1.2.1.1.5.0")
    with pytest.raises(error, match=reason):
        async with Agent([(host, port)], NotificationReceiver()):
            pass
    with pytest.raises(error, match=reason):
        async with Manager((host, port)):
            pass
    with pytest.raises(error, match=reason):
        await send_trap(host, port, trap_oid=LINK_DOWN)


@pytest.mark.parametrize("host", ["h\udcff", "\xe9" + "a" * 70, "\xe9..x"])
async def test_a_host_of_no_idna_name_raises_resolution_error(host: str) -> None:
    """A lone surrogate (a byte of no UTF-8 in argv), a label of more than 63 characters or
    an empty one in a non-ASCII name: the idna codec's bare UnicodeError."""
    with pytest.raises(ResolutionError, match="cannot resolve"):
        async with SnmpSession(host, timeout=0.2, retries=0) as s:
            await s.get("1.3.6.1.2.1.1.5.0")
    with pytest.raises(ResolutionError, match="cannot resolve"):
        await send_trap(host, trap_oid=LINK_DOWN)
    with pytest.raises(ResolutionError, match="cannot resolve"):
        with anysnmp.sync.SnmpSession(host, timeout=0.2, retries=0) as s:
            s.get("1.3.6.1.2.1.1.5.0")


async def test_an_address_of_the_wrong_family_for_the_manager_raises_resolution_error() -> None:
    """'cannot resolve '::1'' alone: a literal address that seemed not to resolve."""
    says = "and the socket it would go from is {}" + re.escape(
        " (a Manager() sends to IPv4 agents, a Manager(('::', 0)) to IPv6 ones)"
    )
    async with Manager(("127.0.0.1", 0)) as manager:
        with pytest.raises(
            ResolutionError,
            match="^.*cannot resolve '::1': an IPv6 address, " + says.format("IPv4"),
        ):
            async with SnmpSession("::1", manager=manager):
                pass
    async with Manager(("::1", 0)) as manager:
        with pytest.raises(
            ResolutionError,
            match="cannot resolve '127.0.0.1': an IPv4 address, " + says.format("IPv6"),
        ):
            async with SnmpSession("127.0.0.1", manager=manager):
                pass
    with anysnmp.sync.Manager() as blocking:
        with pytest.raises(ResolutionError, match="'::1': an IPv6 address, " + says.format("IPv4")):
            with anysnmp.sync.SnmpSession("::1", manager=blocking):
                pass


async def test_an_address_in_use_raises_network_error() -> None:
    """Naming the address as agents and the command line write it, and what to do."""
    async with Agent(["udp:127.0.0.1:0", "tcp:127.0.0.1:0"], NotificationReceiver()) as agent:
        for taken, says in zip(
            agent.endpoints,
            ["cannot bind a UDP socket to udp:", "cannot listen on tcp:"],
            strict=True,
        ):
            with pytest.raises(NetworkError) as caught:
                async with Agent([str(taken)], NotificationReceiver()):
                    pass
            assert str(caught.value) == (
                f"[Errno {errno.EADDRINUSE}] {says}127.0.0.1:{taken.port}: Address already in "
                "use: another program has it (port 0 picks a free one)"
            )
            assert isinstance(caught.value, OSError) and caught.value.errno == errno.EADDRINUSE


@pytest.mark.parametrize(("host", "where"), [("127.0.0.1", "tcp:127.0.0.1"), ("::1", "tcp6:[::1]")])
async def test_a_tcp_connection_refused_names_the_agent_and_what_to_check(
    host: str, where: str
) -> None:
    """Under both backends and blocking alike: the system's reason (asyncio and trio said
    anyio's 'All connection attempts failed'), the address as the command line writes it."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as closed:
        closed.bind((host, 0))  # bound, not listening: a connection is refused
        port = closed.getsockname()[1]
        says = (
            rf"^\[Errno {errno.ECONNREFUSED}\] cannot connect to {re.escape(where)}:{port}: "
            r"Connection refused: is the agent listening on TCP at that port\?$"
        )

        async def session() -> None:
            async with SnmpSession(host, port, transport="tcp"):
                pass

        def blocking() -> None:
            with anysnmp.sync.SnmpSession(host, port, transport="tcp"):
                pass

        async def trap() -> None:
            await send_trap(host, port, trap_oid=LINK_DOWN, transport="tcp")

        def blocking_trap() -> None:
            anysnmp.sync.send_trap(host, port, trap_oid=LINK_DOWN, transport="tcp")

        for attempt in (session, trap):
            with pytest.raises(NetworkError, match=says) as caught:
                await attempt()
            assert caught.value.errno == errno.ECONNREFUSED
        for call in (blocking, blocking_trap):
            with pytest.raises(NetworkError, match=says) as caught:
                call()
            assert caught.value.errno == errno.ECONNREFUSED


@pytest.mark.parametrize("shared", [False, True])
async def test_a_datagram_too_long_to_send_raises_network_error(shared: bool) -> None:
    view = MibView({"1.3.6.1.2.1.1.5.0": OctetString(b"x")})
    async with (
        Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent,
        Manager() as manager,
        SnmpSession(*agent.addresses[0], manager=manager if shared else None) as session,
    ):
        with pytest.raises(NetworkError, match=SEND_TOO_LONG) as caught:  # over 65507 octets
            await session.set_many({"1.3.6.1.2.1.1.5.0": b"x" * 65_535, "1.3.6.1.2.1.1.6.0": b""})
        assert caught.value.errno == errno.EMSGSIZE
        assert await session.get("1.3.6.1.2.1.1.5.0") == b"x"  # the session still works


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: SnmpSession("127.0.0.1", timeout=0), "timeout must be a number of seconds > 0"),
        (lambda: SnmpSession("127.0.0.1", retries=-1), "retries must be an int >= 0"),
        (lambda: SnmpSession("127.0.0.1", limit_rps=5, policer=RPSPolicer(5)), "not both"),
        (lambda: SnmpSession("127.0.0.1", version=2), "SNMP version 2 is not"),
        (lambda: SnmpSession("127.0.0.1", context_name="x" * 33), "at most 32 octets"),
        (lambda: RPSPolicer(0), r"rps \(limit_rps\) must be a number > 0, not 0"),
        (lambda: NotificationReceiver(users=[USER, USER]), "duplicate SNMPv3 user"),
        (lambda: MibView({"1.3.6.1": 1, ".1.3.6.1": 2}), "duplicate OID"),
        (lambda: CommandResponder(MibView(), communities={"c": "admin"}), "'ro' or 'rw'"),  # type: ignore[dict-item]
        (lambda: CommandResponder(MibView(), user_access={"x": "ro"}), "not in users"),
        (lambda: User("u" * 33), "at most 32 octets"),
        (lambda: User("u", priv_key=Aes128Key(b"privpass1")), "needs authentication"),
        (lambda: Sha1Key(b"short", key_type=KeyType.Master), "has 20 octets"),
        (lambda: Md5Key(b""), "non-empty key"),
        (lambda: Aes128Key(b"k" * 15, KeyType.Localized), "at least 16 octets, got 15"),
        (lambda: DesKey(b"k" * 8, KeyType.Localized), "at least 16 octets, got 8"),
        (lambda: Mib.formatter(Mib.load([], dirs=[]), "nZ"), "unknown -O flags"),
        # a lone surrogate (a byte of no UTF-8 in argv): UnicodeEncodeError
        (lambda: SnmpSession("127.0.0.1", community="\udcff"), "community .* no UTF-8"),
        (lambda: SnmpSession("::1", user=USER, context_name="c\udcff"), "context_name .* no UTF"),
        (lambda: User("\udcffbob"), "a user name is UTF-8 text"),
    ],
    ids=range(20),
)
def test_arguments_that_cannot_be_used_raise_configuration_error(
    make: Callable[[], object], reason: str
) -> None:
    with pytest.raises(ConfigurationError, match=reason) as caught:
        make()
    assert isinstance(caught.value, SnmpError) and isinstance(caught.value, ValueError)


async def test_configuration_errors_of_sessions_and_notifications() -> None:
    with pytest.raises(ConfigurationError, match="SNMPv3 needs user"):
        async with SnmpSession("127.0.0.1", version=SnmpVersion.v3):
            pass
    with pytest.raises(ConfigurationError, match="need user="):
        await send_trap("127.0.0.1", trap_oid=LINK_DOWN, version=SnmpVersion.v3)
    with pytest.raises(ConfigurationError, match="SNMP version 7"):
        await send_inform("127.0.0.1", trap_oid=LINK_DOWN, version=7)  # type: ignore[arg-type]


async def test_a_plain_version_1_is_refused_as_ambiguous() -> None:
    # SnmpVersion.v2c is encoded as 1: version=1 meant v2c silently, where a Net-SNMP user
    # (-v 1) means SNMPv1.
    ambiguous = "SNMP version 1 is ambiguous: .*SnmpVersion.v1 or anysnmp.SnmpVersion.v2c"
    with pytest.raises(ConfigurationError, match=ambiguous):
        SnmpSession("127.0.0.1", version=1)
    with pytest.raises(ConfigurationError, match=ambiguous):
        anysnmp.sync.SnmpSession("127.0.0.1", version=1)
    with pytest.raises(ConfigurationError, match=ambiguous):
        await send_trap("127.0.0.1", trap_oid=LINK_DOWN, version=1)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="SNMP version True is not"):
        SnmpSession("127.0.0.1", version=True)
    # The members, and the numbers no one reads otherwise (0: v1, 3: v3 as encoded).
    for version, member in [
        (SnmpVersion.v1, SnmpVersion.v1),
        (SnmpVersion.v2c, SnmpVersion.v2c),
        (0, SnmpVersion.v1),
    ]:
        assert SnmpSession("127.0.0.1", version=version).version is member
    assert SnmpSession("127.0.0.1", version=3, user=USER).version is SnmpVersion.v3


async def test_a_mib_given_as_something_else_says_what_to_give() -> None:
    # mib="IF-MIB" was taken: sessions failed at their first name, views and receivers
    # with AttributeError.
    says = r"mib= takes the MIBs loaded: mib=anysnmp.Mib.load\(\[...\]\), not str"
    wrong: Any = "IF-MIB"
    recording = str(files("anysnmp") / "data" / "demo.snmprec")
    for make in (
        lambda: SnmpSession("127.0.0.1", mib=wrong),
        lambda: anysnmp.sync.SnmpSession("127.0.0.1", mib=wrong),
        lambda: MibView({"1.3.6.1.2.1.1.5.0": OctetString(b"x")}, mib=wrong),
        lambda: MibView.from_snmprec(recording, mib=wrong),
        lambda: NotificationReceiver(mib=wrong),
    ):
        with pytest.raises(ArgumentTypeError, match=says):
            make()
    with pytest.raises(ArgumentTypeError, match=says):
        await send_trap("127.0.0.1", trap_oid=LINK_DOWN, mib=wrong)
