"""anysnmp.sync.SnmpSession over TCP (RFC 3430): snmpd on TCP, and a peer that resets."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from peers import Snmpd, in_volatile_subtree
from scripted import (
    SYS_DESCR,
    TCP_GARBAGE,
    beyond_tcp_buffers,
    late_reading_tcp_agent,
    scripted_tcp_agent,
    syn_dropping_port,
    values_beyond_tcp_buffers,
)
from sync_helpers import Interrupted, in_background, signal_from_another_thread

from anysnmp import ClosedError, FramingError, NetworkError, SnmpVersion, TimeoutError
from anysnmp._backends import open_blocking_transport
from anysnmp.lowlevel import PduType
from anysnmp.sync import SnmpSession

MIB_2 = "1.3.6.1.2.1"


def tcp_session(snmpd: Snmpd, **kw: object) -> SnmpSession:
    return SnmpSession(snmpd.host, snmpd.tcp_port, transport="tcp", timeout=5, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
def test_get_and_walk_over_tcp_as_over_udp(snmpd: Snmpd, version: SnmpVersion) -> None:
    udp = SnmpSession(snmpd.host, snmpd.port, version=version, max_repetitions=100)
    with tcp_session(snmpd, version=version, max_repetitions=100) as s, udp:
        assert s.get(SYS_DESCR) == udp.get(SYS_DESCR)
        ours = [oid for oid, _ in s.fetch(MIB_2) if not in_volatile_subtree(oid)]
        assert ours == [oid for oid, _ in udp.fetch(MIB_2) if not in_volatile_subtree(oid)]
        assert len(ours) > 500


def test_v3_over_tcp(snmpd: Snmpd) -> None:
    with tcp_session(snmpd, user=snmpd.user("sha256aes256").user()) as s:
        assert isinstance(s.get(SYS_DESCR), bytes)
        assert len(s.request(PduType.GETBULK, [MIB_2], max_repetitions=100)) == 100


def test_threads_share_the_connection(snmpd: Snmpd) -> None:
    with tcp_session(snmpd) as s, ThreadPoolExecutor(4) as pool:
        values = list(pool.map(lambda _: s.get(SYS_DESCR), range(40)))
    assert len(set(values)) == 1


def test_a_reset_connection_is_reopened_once() -> None:
    script = {1: "reset", 3: "reset", 4: "reset"}
    with in_background(scripted_tcp_agent(lambda n: script.get(n, "answer"))) as (port, conns):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s:
            assert s.get(SYS_DESCR) == b"scripted"
            assert s.get(SYS_DESCR) == b"scripted"  # reset, reopened, sent again
            with pytest.raises(NetworkError, match="closed twice"):
                s.get(SYS_DESCR)
        assert conns[:3] == [2, 2, 1]


@pytest.mark.parametrize("garbage", TCP_GARBAGE)
def test_an_agent_sending_what_is_not_snmp_over_tcp_says_so(garbage: str) -> None:
    script = lambda n: "answer" if n == 0 else garbage  # noqa: E731
    with in_background(scripted_tcp_agent(script)) as (port, conns):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=5) as s:
            assert s.get(SYS_DESCR) == b"scripted"
            with pytest.raises(FramingError, match="closed twice in a request, after the agent"):
                s.get(SYS_DESCR)
        assert conns[:2] == [2, 1]


def test_a_reply_followed_by_what_is_not_snmp_over_tcp_is_taken() -> None:
    script = lambda n: "answer+garbage" if n == 0 else "answer"  # noqa: E731
    with in_background(scripted_tcp_agent(script)) as (port, conns):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=5, retries=0) as s:
            assert s.get(SYS_DESCR) == b"scripted"
            assert s.get(SYS_DESCR) == b"scripted"
        assert conns == [1, 1]


def test_an_agent_closing_or_stalling_mid_message_over_tcp() -> None:
    script = lambda n: "half-close" if n < 2 else "half"  # noqa: E731
    with in_background(scripted_tcp_agent(script)) as (port, conns):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.5, retries=1) as s:
            with pytest.raises(NetworkError, match=r"closed twice in a request$"):
                s.get(SYS_DESCR)
            with pytest.raises(TimeoutError):
                s.get(SYS_DESCR)
        assert conns == [1, 1, 2]


def test_a_connection_that_is_never_answered_times_out_within_the_request_budget() -> None:
    with syn_dropping_port() as port:
        started = time.monotonic()
        with pytest.raises(TimeoutError, match=f"no TCP connection to tcp:127.0.0.1:{port} within"):
            with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.3, retries=1):
                pass
        assert time.monotonic() - started < 3


def test_a_message_the_receiver_does_not_read_ends_in_the_connections_time() -> None:
    """As the async transport's: a trap the receiver takes none of waited for ever (here the
    receiver reads after 5 s, so that the parent's ends)."""
    reading = threading.Event()
    with late_reading_tcp_agent(reading) as (port, conns):
        later = threading.Timer(5, reading.set)
        later.start()
        endpoint, addr = open_blocking_transport("tcp", "127.0.0.1", port, connect_timeout=0.5)
        try:
            says = r"not all sent within 0\.5s \(does the receiver read\?\): connection closed"
            with pytest.raises(TimeoutError, match=says):
                endpoint.send(bytes(beyond_tcp_buffers()), addr)
        finally:
            later.cancel()
            endpoint.close()
    assert conns == [0]


def test_a_request_the_agent_does_not_read_times_out_saying_so() -> None:
    """As the async session's: NetworkError 'closed twice in a request' before (a send
    cut off counted as the agent closing the connection)."""
    with late_reading_tcp_agent(threading.Event()) as (port, conns):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=0.3, retries=2) as s:
            says = (
                rf"^the request to tcp:127\.0\.0\.1:{port} was not all sent in any of its 3 "
                r"attempt\(s\) of 0\.3s: the agent took no more of it \(does it read\?\)$"
            )
            with pytest.raises(TimeoutError, match=says):
                s.set_many(values_beyond_tcp_buffers())
    assert conns == [0, 0, 0]


def test_a_signal_that_lands_on_another_thread_ends_a_waiting_request_over_tcp() -> None:
    """As over UDP: its handler runs within a fraction of a second, not at the timeout."""
    with in_background(scripted_tcp_agent(lambda n: "silent")) as (port, _):
        with SnmpSession("127.0.0.1", port, transport="tcp", timeout=30, retries=0) as s:
            started = time.monotonic()
            with signal_from_another_thread(0.2), pytest.raises(Interrupted):
                s.get(SYS_DESCR)
            assert time.monotonic() - started < 10


def test_a_session_closed_while_a_request_waits_ends_it_at_once() -> None:
    """As over UDP: the request raises ClosedError at once. It waited for its timeout and
    raised TimeoutError, after opening a connection of the closed session (left open) to
    send the request again; or read another socket's descriptor, reused meanwhile."""
    with in_background(scripted_tcp_agent(lambda n: "ignore")) as (port, conns):
        s = SnmpSession("127.0.0.1", port, transport="tcp", timeout=5, retries=0)
        s.__enter__()
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(s.get, SYS_DESCR)
            while conns != [1]:  # the request is in: the agent read it
                time.sleep(0.01)
            started = time.monotonic()
            s.close()
            reused = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3)]
            with pytest.raises(ClosedError, match="closed while the request waited"):
                waiting.result(timeout=5)
            assert time.monotonic() - started < 1
            for sock in reused:
                sock.close()
        time.sleep(0.1)
        assert conns == [1]  # no connection opened after the close
