"""More first mistakes, beyond sessions' settings: tables, streamed walks, poll, low-level
requests each say what is wrong, under asyncio and trio and anysnmp.sync.
"""

from __future__ import annotations

import gc
import math
import re
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from typing import Any

import anyio
import pytest

import anysnmp
import anysnmp.sync
from anysnmp import Agent, CommandResponder, MibView, OctetString, SnmpSession, SnmpVersion
from anysnmp.lowlevel import PduType

pytestmark = pytest.mark.anyio

IF_ENTRY = "1.3.6.1.2.1.2.2.1"
SYSTEM = "1.3.6.1.2.1.1"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
LINK_DOWN = "1.3.6.1.6.3.1.1.5.3"


@asynccontextmanager
async def demo_session(demo_view: MibView) -> AsyncIterator[SnmpSession]:
    """An async session with our agent serving the demo recording."""
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        async with SnmpSession("127.0.0.1", agent.addresses[0][1], timeout=2) as s:
            yield s


@pytest.mark.parametrize("concurrency", [0, -1, "4"])
async def test_a_table_with_bad_concurrency_says_so(demo_view: MibView, concurrency: Any) -> None:
    says = f"concurrency must be an int >= 1, not {concurrency!r}"
    async with demo_session(demo_view) as s:
        with anyio.fail_after(5), pytest.raises(anysnmp.ConfigurationError, match=says):
            await s.table(IF_ENTRY, concurrency=concurrency)  # 0 waited forever
        with anyio.fail_after(5), pytest.raises(anysnmp.ConfigurationError, match=says):
            async with s.table_rows(IF_ENTRY, concurrency=concurrency) as rows:
                [row async for row in rows]
        assert len(await s.table(IF_ENTRY, concurrency=1)) == 52


def test_a_blocking_table_with_bad_concurrency_says_so() -> None:
    s = anysnmp.sync.SnmpSession("127.0.0.1", 9)  # refused before anything is sent
    with pytest.raises(anysnmp.ConfigurationError, match="concurrency must be an int >= 1, not 0"):
        s.table(IF_ENTRY, concurrency=0)


def wrong(value: object) -> Any:
    """`value`, for an argument its type does not fit."""
    return value


@pytest.mark.parametrize(
    ("make", "error", "says"),
    [
        (
            lambda: SnmpSession("127.0.0.1", manager=wrong(anysnmp.sync.Manager())),
            anysnmp.ArgumentTypeError,
            "manager= takes an anysnmp.Manager, not anysnmp.sync.Manager",
        ),
        (
            lambda: anysnmp.sync.SnmpSession("127.0.0.1", manager=wrong(5)),
            anysnmp.ArgumentTypeError,
            "manager= takes an anysnmp.sync.Manager, not builtins.int",
        ),
        (lambda: MibView(writable=wrong(None)), anysnmp.ArgumentTypeError, "not NoneType"),
        (lambda: MibView(clock=wrong(5)), anysnmp.ArgumentTypeError, "clock= takes a function"),
        (
            lambda: anysnmp.NotificationReceiver(users=wrong(anysnmp.User("u"))),
            anysnmp.ArgumentTypeError,
            r"users is a list of anysnmp.User, not one User: \[User\(...\)\]",
        ),
        (
            lambda: anysnmp.NotificationReceiver(engine_users=wrong([anysnmp.User("u")])),
            anysnmp.ArgumentTypeError,
            "engine_users maps engine ids to their users",
        ),
        (
            lambda: anysnmp.NotificationReceiver(communities=wrong(5)),
            anysnmp.ArgumentTypeError,
            "communities is a list of names, not int",
        ),
        (
            lambda: CommandResponder(MibView(), users=wrong(None)),
            anysnmp.ArgumentTypeError,
            "users is a list of anysnmp.User, not NoneType",
        ),
        (
            lambda: CommandResponder(MibView(), user_access=wrong(["admin"])),
            anysnmp.ArgumentTypeError,
            "user_access maps user names to their access",
        ),
        (
            lambda: Agent(wrong(None), CommandResponder(MibView())),
            anysnmp.ArgumentTypeError,
            "ifaces are a list of addresses",
        ),
        (
            lambda: Agent([], CommandResponder(MibView())),
            anysnmp.ConfigurationError,
            r"an Agent's ifaces name no address, so it would serve nothing",
        ),
        (
            lambda: Agent(wrong([("127.0.0.1",)]), CommandResponder(MibView())),
            anysnmp.ArgumentTypeError,
            r"\(host, port\) pairs or 'udp:HOST:PORT' texts, not \('127.0.0.1',\)",
        ),
        (
            lambda: anysnmp.sync.send_trap("127.0.0.1", 9, trap_oid=LINK_DOWN, local_addr=wrong(5)),
            anysnmp.ConfigurationError,
            r"local_addr is a \(host, port\) pair such as \('0.0.0.0', 0\), not 5",
        ),
    ],
)
def test_objects_given_arguments_of_the_wrong_kind_say_so(
    make: Callable[[], object], error: type[Exception], says: str
) -> None:
    """They raised Python's AttributeError ('endpoint', 'items'), TypeError ('not iterable',
    'not callable', 'Value after * must be an iterable') or ValueError ('unpack')."""
    with pytest.raises(error, match=says):
        make()


async def test_a_streamed_walk_with_a_negative_buffer_says_so(demo_view: MibView) -> None:
    async with demo_session(demo_view) as s:
        with pytest.raises(anysnmp.ConfigurationError, match="buffer must be an int >= 0, not -1"):
            s.walk(SYSTEM, buffer=-1)
        with pytest.raises(anysnmp.ConfigurationError, match="buffer must be an int >= 0, not -1"):
            s.table_rows(IF_ENTRY, buffer=-1)
        async with s.walk(SYSTEM, buffer=0) as results:
            assert len([item async for item in results]) == 32


async def test_poll_given_one_oid_str_or_no_async_session_says_so(demo_view: MibView) -> None:
    """One OID str, and a device that is no async session, are arguments of the wrong kind:
    ArgumentTypeError, as get_many(str) (they were ConfigurationError); settings out of
    range ConfigurationError."""
    async with demo_session(demo_view) as s:
        one_str: list[tuple[dict[str, Any], str]] = [
            ({"get": SYS_NAME}, r"get is a list of OIDs, not one str: get=\['1.3.6.1.2.1.1.5.0'\]"),
            ({"walk": SYSTEM}, r"walk is a list of OIDs, not one str: walk=\['1.3.6.1.2.1.1'\]"),
        ]
        for given, says in one_str:
            with pytest.raises(anysnmp.ArgumentTypeError, match=says):
                async with anysnmp.poll([s], **given):
                    pass
        cases: list[tuple[dict[str, Any], str]] = [
            # Were an ExceptionGroup of anyio's ValueError, Python's TypeError, or taken.
            ({"timeout": math.nan}, "timeout must be a finite number of seconds, not nan"),
            ({"concurrency": "2"}, "concurrency must be an int >= 1, not '2'"),
            ({"concurrency": 2.5}, "concurrency must be an int >= 1, not 2.5"),
        ]
        for given, says in cases:
            with pytest.raises(anysnmp.ConfigurationError, match=says):
                async with anysnmp.poll([s], **given):
                    pass
        blocking = anysnmp.sync.SnmpSession("127.0.0.1", 9)
        for device, name in [("127.0.0.1", "builtins.str"), (blocking, "anysnmp.sync.SnmpSession")]:
            with pytest.raises(anysnmp.ArgumentTypeError, match=f"SnmpSession objects.*not {name}"):
                async with anysnmp.poll([s, device], get=[SYS_NAME]):  # type: ignore[list-item]
                    pass
        async with anysnmp.poll([s], get=[SYS_NAME]) as results:
            with pytest.raises(anysnmp.UsageError, match="'async for r in results', not 'for'"):
                for _ in results:
                    pass
            assert [r.values async for r in results] == [{SYS_NAME: b"demo-sw1.example.net"}]


async def test_poll_given_one_session_or_no_list_of_oids_says_so(demo_view: MibView) -> None:
    """poll(session, ...) and get=None raised Python's TypeError ('not iterable'); OIDs
    given as an iterator were read once, by the names' check, then polled as none."""
    async with demo_session(demo_view) as s:
        cases: list[tuple[Any, dict[str, Any], str]] = [
            (s, {"get": [SYS_NAME]}, r"poll\(\) takes a list of sessions, not SnmpSession: "),
            ([s], {"get": None}, r"get is a list of OIDs, not NoneType: get=\[oid, ...\]"),
            ([s], {"walk": 5}, r"walk is a list of OIDs, not int: walk=\[oid, ...\]"),
        ]
        for sessions, given, says in cases:
            with pytest.raises(anysnmp.ArgumentTypeError, match=says):
                async with anysnmp.poll(sessions, **given):
                    pass
        for walk in ([], [SYSTEM]):
            oids: Any = (iter([SYS_NAME]), iter(walk))
            async with anysnmp.poll([s], get=oids[0], walk=oids[1]) as results:
                assert [(r.values, list(r.walks)) async for r in results] == [
                    ({SYS_NAME: b"demo-sw1.example.net"}, walk)
                ]


async def test_a_poll_iterated_or_entered_without_async_with_says_how(demo_view: MibView) -> None:
    """'async for r in anysnmp.poll(...)' and 'with anysnmp.poll(...)' say what to write (they
    raised Python's TypeErrors about an _AsyncGeneratorContextManager)."""
    async with demo_session(demo_view) as s:
        for walk in ([], [SYSTEM]):
            polling = anysnmp.poll([s], get=[SYS_NAME], walk=walk)
            with pytest.raises(
                anysnmp.ArgumentTypeError,
                match=r"'async with anysnmp.poll\(sessions, ...\) as results:' then "
                "'async for r in results:'",
            ):
                [r async for r in polling]  # type: ignore[attr-defined]
            with pytest.raises(TypeError, match=r"'async with anysnmp\.poll"):
                [r for r in polling]  # type: ignore[attr-defined]
            with pytest.raises(anysnmp.UsageError, match=r"'async with anysnmp\.poll"):
                with polling:  # type: ignore[attr-defined]
                    pass
            async with polling as results:
                assert [r.values async for r in results] == [{SYS_NAME: b"demo-sw1.example.net"}]


async def test_a_request_of_no_pdu_type_or_a_negative_count_says_so(demo_view: MibView) -> None:
    async with demo_session(demo_view) as s:
        with pytest.raises(anysnmp.ConfigurationError, match="153 is not an SNMP PDU type"):
            await s.request(0x99, [SYS_NAME])  # it was sent, and timed out
        with pytest.raises(anysnmp.ConfigurationError, match=r"\[<PduType.GET: 160>\] is not an"):
            await s.request([PduType.GET], [SYS_NAME])  # type: ignore[arg-type]  # unhashable
        with pytest.raises(anysnmp.ConfigurationError, match="max_repetitions must be an int >= 0"):
            await s.request(PduType.GETBULK, [SYSTEM], max_repetitions=-5)
        with pytest.raises(anysnmp.ConfigurationError, match="non_repeaters must be an int >= 0"):
            await s.request(PduType.GETBULK, [SYSTEM], non_repeaters=-1)
        assert len(await s.request(PduType.GETBULK, [SYSTEM], max_repetitions=0)) == 0


@pytest.mark.parametrize("manager", [anysnmp.Manager, anysnmp.sync.Manager], ids=["async", "sync"])
@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"local_addr": "0.0.0.0"}, r"local_addr is a \(host, port\) pair .* not '0.0.0.0'"),
        ({"local_addr": ("0.0.0.0",)}, r"local_addr is a \(host, port\) pair"),
        ({"local_addr": ("0.0.0.0", "0")}, "local_addr's port must be an int .* not '0'"),
        ({"recv_buffer": -5}, "recv_buffer must be an int >= 0, not -5"),
        ({"tos": 256}, "tos must be at most 255, not 256"),
    ],
)
def test_a_manager_built_wrongly_says_how(manager: Any, given: dict[str, Any], says: str) -> None:
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        manager(**given)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda: anysnmp.Sha1Key(b"x" * 20, "master"),  # type: ignore[arg-type]
            "key_type must be one of KeyType.Password, KeyType.Master, KeyType.Localized; "
            "not .master.",
        ),
        (
            lambda: anysnmp.User("u", key_expansion="cisco"),  # type: ignore[arg-type]
            "key_expansion must be one of KeyExpansion.Blumenthal, KeyExpansion.Reeder; "
            "not .cisco.",
        ),
    ],
    ids=["key-type-str", "key-expansion-str"],
)
def test_objects_built_wrongly_say_how(make: Any, says: str) -> None:
    with pytest.raises(anysnmp.ConfigurationError, match=says):
        make()


def test_a_view_of_pairs_is_an_argument_type_error() -> None:
    """As set_many(pairs) is: a list where a dict goes is a TypeError, not a bad setting."""
    with pytest.raises(
        anysnmp.ArgumentTypeError, match=r"a MibView takes a dict \{oid: value\}, not list"
    ):
        MibView([("1.3.6.1.2.1.1.5.0", 1)])  # type: ignore[arg-type]


def test_a_mib_asked_to_name_what_is_not_an_oid_says_so() -> None:
    mib = anysnmp.Mib.load([], dirs=[])
    with pytest.raises(anysnmp.UnknownNameError, match=r"5 is not a numeric OID \(a str\)"):
        mib.name(5)  # type: ignore[arg-type]
    assert mib.name("1.3.6.1") == "iso.3.6.1"


async def test_calls_given_the_wrong_kind_of_argument_say_what_to_give(demo_view: MibView) -> None:
    """ArgumentTypeError: an SnmpError, and a TypeError as these errors were before."""
    async with demo_session(demo_view) as s:
        wrong: list[tuple[Any, str]] = [
            (
                lambda: s.request(PduType.GET, SYS_NAME),
                r"a list of varbinds, not one str: request\(",
            ),
            (
                lambda: s.request(PduType.GET, None),  # type: ignore[arg-type]
                "request.. takes a list of varbinds, not NoneType",
            ),
            (lambda: s.set_many([(SYS_NAME, b"x")]), r"set_many\(\) takes a dict \{oid: value\}"),  # type: ignore[arg-type]
            (lambda: s.table(IF_ENTRY, index=5), "index is a function of the index arcs"),  # type: ignore[arg-type]
            (lambda: s.get_many(SYS_NAME), r"get_many\(\) takes a list of OIDs, not one str"),
        ]
        for call, says in wrong:
            with pytest.raises(anysnmp.ArgumentTypeError, match=says) as caught:
                await call()
            assert isinstance(caught.value, anysnmp.SnmpError) and isinstance(
                caught.value, TypeError
            )
        async with s.walk(SYSTEM, typed=1) as results:  # type: ignore[arg-type]
            assert len(await results.__anext__()) == 3  # (oid, tag, value): a truthy typed


async def test_get_many_of_more_oids_than_a_datagram_holds(demo_view: MibView) -> None:
    """A GET of 7,068 OIDs (~120 KB) cannot be sent: it is split as a tooBig answer splits it.

    Half of them the demo device does not have (left out, as always).
    """
    oids = demo_view.oids()
    asked = oids + [oid + ".99" for oid in oids]
    async with demo_session(demo_view) as s:
        assert (await s.get_many(asked)).keys() == set(oids)  # it raised NetworkError EMSGSIZE

        def blocking() -> dict[str, Any]:
            with anysnmp.sync.SnmpSession(*s._addr[:2], timeout=2) as b:
                return b.get_many(asked)

        assert (await anyio.to_thread.run_sync(blocking)).keys() == set(oids)


def test_agent_side_oids_that_are_not_str_say_so() -> None:
    """OIDs as ints or tuples of arcs in a view, and one subtree str as `writable`: errors that
    say what to give (were TypeErrors of the C++ binding naming its oid_key())."""
    makers: list[Callable[[], MibView]] = [
        lambda: MibView({5: OctetString("x")}),  # type: ignore[dict-item]
        lambda: MibView({(1, 3, 6, 1): OctetString("x")}),  # type: ignore[dict-item]
        lambda: MibView({SYS_NAME: OctetString("x")}, writable=[1]),  # type: ignore[list-item]
    ]
    for make in makers:
        with pytest.raises(anysnmp.EncodeError, match=r"an OID must be a str, not (int|tuple)"):
            make()
    # One str where a list goes: ArgumentTypeError, as get_many(str) (was ConfigurationError).
    with pytest.raises(anysnmp.ArgumentTypeError, match=r"not one str: writable=\['1.3.6.1'\]"):
        MibView({SYS_NAME: OctetString("x")}, writable="1.3.6.1")
    with pytest.raises(
        anysnmp.ArgumentTypeError,
        match=r"communities is a list of names, not one str: communities=\['public'\]",
    ):
        anysnmp.NotificationReceiver(communities="public")


async def test_notifications_given_the_wrong_kinds_say_so() -> None:
    """A trap OID or varbind OID that is not a str, a community that is neither str nor
    bytes: EncodeError and ConfigurationError before anything is sent (were TypeError and
    AttributeError); a community as bytes is taken, as sessions take it."""
    calls: list[Callable[[], Awaitable[None]]] = [
        lambda: anysnmp.send_trap("127.0.0.1", 9, trap_oid=5),  # type: ignore[arg-type]
        lambda: anysnmp.send_trap(
            "127.0.0.1",
            9,
            trap_oid=LINK_DOWN,
            varbinds=[(5, 1)],  # type: ignore[list-item]
        ),
        lambda: anysnmp.send_inform("127.0.0.1", 9, trap_oid=(1, 3)),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(anysnmp.EncodeError, match=r"an OID must be a str, not (int|tuple)"):
            await call()
    with pytest.raises(anysnmp.ConfigurationError, match="community must be a str or bytes"):
        await anysnmp.send_trap("127.0.0.1", 9, trap_oid=LINK_DOWN, community=None)  # type: ignore[arg-type]
    # An uptime that is not TimeTicks says so (for v1: Python's TypeError of the encoder);
    # a v1 trap OID too short to convert names what is missing (was "OID '1' needs...").
    for uptime in (-1, 2**32, "5"):
        for version in (SnmpVersion.v1, SnmpVersion.v2c):
            with pytest.raises(anysnmp.ConfigurationError, match=r"uptime must be (an int|at)"):
                await anysnmp.send_trap(
                    "127.0.0.1",
                    9,
                    trap_oid=LINK_DOWN,
                    uptime=uptime,  # type: ignore[arg-type]
                    version=version,
                )
        with pytest.raises(anysnmp.ConfigurationError, match="uptime must be"):
            await anysnmp.send_inform("127.0.0.1", 9, trap_oid=LINK_DOWN, uptime=uptime)  # type: ignore[arg-type]
    with pytest.raises(anysnmp.EncodeError, match=r"trap OID 1\.3 leaves no SNMPv1 enterprise"):
        await anysnmp.send_trap("127.0.0.1", 9, trap_oid="1.3", version=SnmpVersion.v1)
    # A name without MIBs says how to give them (was the OID parser's 'malformed OID').
    named: list[dict[str, Any]] = [
        {"trap_oid": "IF-MIB::linkDown"},
        {"varbinds": [("ifIndex.1", 1)]},
    ]
    for name in named:
        given: dict[str, Any] = {"trap_oid": LINK_DOWN, **name}
        for send in (anysnmp.send_trap, anysnmp.send_inform):
            with pytest.raises(anysnmp.EncodeError, match=r"MIB name.*mib=anysnmp\.Mib\.load"):
                await send("127.0.0.1", 9, **given)
        with pytest.raises(anysnmp.EncodeError, match=r"MIB name.*mib=anysnmp\.Mib\.load"):
            anysnmp.sync.send_trap("127.0.0.1", 9, **given)
    with pytest.raises(anysnmp.EncodeError, match="an OID must be a str, not int"):
        anysnmp.sync.send_trap("127.0.0.1", 9, trap_oid=5)  # type: ignore[arg-type]
    receiver = anysnmp.NotificationReceiver([b"priv"])
    async with Agent([("127.0.0.1", 0)], receiver) as agent:
        await anysnmp.send_trap(*agent.addresses[0], trap_oid=LINK_DOWN, community=b"priv")
        with anyio.fail_after(5):
            assert (await receiver.notifications.receive()).community == "priv"


async def test_a_responder_takes_communities_as_bytes(demo_view: MibView) -> None:
    responder = CommandResponder(demo_view, communities={b"secret": "ro"})  # type: ignore[dict-item]
    async with (
        Agent([("127.0.0.1", 0)], responder) as agent,
        SnmpSession(*agent.addresses[0], community=b"secret", timeout=2) as s,
    ):
        assert await s.get(SYS_NAME) == b"demo-sw1.example.net"


async def test_a_notification_receiver_leaves_no_stream_open() -> None:
    """The docs' receiver, dropped after its agent: no ResourceWarning of anyio's memory
    streams (both warned under -W error)."""
    receiver = anysnmp.NotificationReceiver()
    async with Agent([("127.0.0.1", 0)], receiver) as agent:
        await anysnmp.send_trap(*agent.addresses[0], trap_oid=LINK_DOWN)
        with anyio.fail_after(5):
            await receiver.notifications.receive()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del receiver, agent
        gc.collect()
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


#: What a session says when another thread's event loop uses it.
OTHER_LOOP = "opened in another thread's event loop.*open a session in each event loop"


async def test_a_session_used_from_another_threads_event_loop_says_so(
    demo_view: MibView,
) -> None:
    """A session, a Manager's session or a TCP session used from another event loop (another
    thread, either backend) says a session serves the loop that opened it; the loop's own
    session then still works. Before, asyncio raised Python's RuntimeError about a Future
    attached to a different loop, trio a TypeError or AttributeError, and a trio session
    used from another trio run waited forever."""
    async with (
        Agent([("127.0.0.1", 0), "tcp:127.0.0.1:0"], CommandResponder(demo_view)) as agent,
        anysnmp.Manager() as manager,
    ):
        (_, udp_port), (_, tcp_port) = agent.addresses
        sessions = [
            SnmpSession("127.0.0.1", udp_port, timeout=1, retries=0),
            SnmpSession("127.0.0.1", udp_port, timeout=1, retries=0, manager=manager),
            SnmpSession("127.0.0.1", tcp_port, timeout=1, retries=0, transport="tcp"),
        ]
        async with AsyncExitStack() as stack:
            for s in sessions:
                await stack.enter_async_context(s)

            async def use(s: SnmpSession) -> None:
                with anyio.fail_after(5):
                    with pytest.raises(anysnmp.UsageError, match=OTHER_LOOP):
                        await s.get(SYS_NAME)
                    with pytest.raises(anysnmp.UsageError, match=OTHER_LOOP):
                        [item async for item in s.fetch(SYSTEM)]
                    # A poll's GETs in C++ (a Manager's sessions) refuse on entering; a
                    # device's requests otherwise fail that device (its result's error).
                    try:
                        async with anysnmp.poll([s], get=[SYS_NAME]) as results:
                            (error,) = [r.error async for r in results]
                    except anysnmp.UsageError as exc:
                        assert s._manager is not None
                        error = exc
                    assert isinstance(error, anysnmp.UsageError)
                    assert re.search(OTHER_LOOP, str(error))

            for backend in ("asyncio", "trio"):
                for s in sessions:
                    await anyio.to_thread.run_sync(partial(anyio.run, use, s, backend=backend))
            for s in sessions:
                assert await s.get(SYS_NAME) == b"demo-sw1.example.net"


async def test_nothing_to_get_or_set_sends_nothing(anyio_backend: str) -> None:
    """get_many([]) and set_many({}) return {} at once, async and blocking: no request goes
    (set_many({}) sent an empty SET, here to a port nothing answers: a timeout)."""
    with anyio.fail_after(0.5):
        async with SnmpSession("127.0.0.1", 9, timeout=2, retries=0) as session:
            assert await session.get_many([]) == {}
            assert await session.set_many({}) == {}
        with anysnmp.sync.SnmpSession("127.0.0.1", 9, timeout=2, retries=0) as blocking:
            assert blocking.get_many([]) == {}
            assert blocking.set_many({}) == {}


async def test_engine_ids_of_a_v2c_or_unopened_session_say_why(demo_view: MibView) -> None:
    """SNMPv3's engine calls on a v2c session are a ConfigurationError, on a session not
    open a UsageError (both were a bare SnmpError), async and blocking alike."""
    v2c = "is for SNMPv3 sessions \\(user=\\): a v2c agent has no engine id to discover"
    async with Agent([("127.0.0.1", 0)], CommandResponder(demo_view)) as agent:
        port = agent.addresses[0][1]
        async with SnmpSession("127.0.0.1", port) as s:
            with pytest.raises(anysnmp.ConfigurationError, match=f"get_engine_id\\(\\) {v2c}"):
                s.get_engine_id()
            with anyio.fail_after(5), pytest.raises(anysnmp.ConfigurationError, match=v2c):
                await s.refresh()
        with anysnmp.sync.SnmpSession("127.0.0.1", port) as blocking:
            with pytest.raises(anysnmp.ConfigurationError, match=v2c):
                blocking.refresh()
    user = anysnmp.User("ops")
    with pytest.raises(anysnmp.UsageError, match="the session is not open"):
        SnmpSession("127.0.0.1", 161, user=user).get_engine_id()
    with pytest.raises(anysnmp.UsageError, match="the session is not open"):
        anysnmp.sync.SnmpSession("127.0.0.1", 161, user=user).refresh()
