"""OID text is checked once, by the core's parser, wherever it is given.

The rules: ASCII digits, no arc with a leading zero, first arc 0-2, second arc
under 40 below 0 and 1, arcs under 2^32, 2 to 128 arcs, an optional leading
dot. Every rejection is an `EncodeError` saying why: in a session's requests,
typed values, views, tables, notifications and the command line alike.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oid_cases import CASES
from peers import TOOL_ENV

import anysnmp.sync
from anysnmp import (
    Agent,
    CommandResponder,
    EncodeError,
    MibView,
    ObjectIdentifier,
    SnmpError,
    SnmpSession,
    SnmpVersion,
    send_trap,
)
from anysnmp._codec import PduType, core

SYS_NAME = "1.3.6.1.2.1.1.5.0"


def reference(text: str) -> str | None:
    """The rules, written out: the canonical OID, or None for text that is not one."""
    body = text[1:] if text.startswith(".") else text
    if not re.fullmatch(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+", body, flags=re.ASCII):
        return None
    arcs = [int(arc) for arc in body.split(".")]
    if len(arcs) > 128 or max(arcs) >= 2**32 or arcs[0] > 2:
        return None
    if (arcs[0] < 2 and arcs[1] >= 40) or (arcs[0] == 2 and arcs[1] > 2**32 - 81):
        return None
    return body


def valid_arcs() -> st.SearchStrategy[list[int]]:
    first = st.integers(0, 2)
    return first.flatmap(
        lambda a: st.tuples(
            st.just(a),
            st.integers(0, 39 if a < 2 else 2**32 - 81),
            st.lists(st.integers(0, 2**32 - 1), max_size=126),
        ).map(lambda t: [t[0], t[1], *t[2]])
    )


@given(valid_arcs(), st.booleans())
def test_every_valid_oid_is_taken_everywhere_in_one_form(arcs: list[int], dot: bool) -> None:
    canonical = ".".join(map(str, arcs))
    text = "." * dot + canonical
    assert core.parse_oid(text) == canonical
    assert ObjectIdentifier(text).value == canonical
    assert core.key_oid(core.oid_key(text)) == canonical
    assert canonical in MibView({text: 1}) and MibView({canonical: 1}).keys == [core.oid_key(text)]


@given(st.one_of(st.text(max_size=40), st.from_regex(r"\.?[0-9.]{0,30}", fullmatch=True)))
def test_any_text_is_an_oid_by_the_rules_or_an_encode_error(text: str) -> None:
    expected = reference(text)
    if expected is None:
        with pytest.raises(EncodeError):
            core.parse_oid(text)
        with pytest.raises(EncodeError):
            ObjectIdentifier(text)
    else:
        assert core.parse_oid(text) == expected == ObjectIdentifier(text).value


@CASES
def test_typed_values_and_views_refuse_bad_oids(text: str, reason: str) -> None:
    with pytest.raises(EncodeError, match=reason):
        ObjectIdentifier(text)
    with pytest.raises(EncodeError, match=reason):
        MibView({text: 1})
    with pytest.raises(EncodeError, match=reason):
        MibView({SYS_NAME: 1}, writable=[text])
    assert reference(text) is None


@asynccontextmanager
async def session() -> AsyncIterator[SnmpSession]:
    view = MibView({SYS_NAME: b"name"}, writable=True)
    async with Agent(
        [("127.0.0.1", 0)], CommandResponder(view, communities={"private": "rw"})
    ) as agent:
        async with SnmpSession(*agent.addresses[0], community="private", timeout=1) as s:
            yield s


@pytest.mark.anyio
@CASES
async def test_sessions_refuse_bad_oids_before_sending(text: str, reason: str) -> None:
    async with session() as s:
        with pytest.raises(EncodeError, match=reason):
            await s.get(text)
        with pytest.raises(EncodeError, match=reason):
            await s.get_many([SYS_NAME, text])
        with pytest.raises(EncodeError, match=reason):
            await s.set(text, 1)
        with pytest.raises(EncodeError, match=reason):
            await s.set(SYS_NAME, ObjectIdentifier(text))
        if text != "1":  # a walk's root of one arc is everything under it
            for walk in (s.fetch, s.getnext):
                with pytest.raises(EncodeError, match=reason):
                    async for _ in walk(text):
                        pass
            with pytest.raises(EncodeError, match=reason):
                await s.table([text])
        assert await s.get(SYS_NAME) == b"name"  # nothing broken


@pytest.mark.anyio
async def test_a_walk_from_one_arc_walks_everything_under_it() -> None:
    """As `snmpwalk HOST .1`: the walk starts after 0.1, whose BER is the octet 01."""
    everything = [(SYS_NAME, b"name")]
    async with Agent([("127.0.0.1", 0)], CommandResponder(MibView({SYS_NAME: b"name"}))) as agent:
        async with SnmpSession(*agent.addresses[0]) as s:
            for root, expected in (("1", everything), (".1", everything), ("0", []), ("2", [])):
                assert [item async for item in s.fetch(root)] == expected, root
                assert [item async for item in s.getnext(root)] == expected, root
                async with s.walk(root) as results:
                    assert [item async for item in results] == expected, root

        def blocking_walks() -> None:  # in a thread: the agent answers from this event loop
            with anysnmp.sync.SnmpSession(*agent.addresses[0]) as blocking:
                assert list(blocking.fetch(".1")) == everything
                assert list(blocking.getnext("0")) == []

        await anyio.to_thread.run_sync(blocking_walks)


@pytest.mark.anyio
async def test_a_walk_from_one_arc_takes_nothing_outside_it() -> None:
    """A walk of ``1`` starts after 0.1: an agent's 0.1.5 is after it but not under 1."""
    view = MibView({"0.1.5": b"zero", SYS_NAME: b"name"})
    async with Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent:
        async with SnmpSession(*agent.addresses[0]) as s:
            for root, expected in (("1", []), ("0", [("0.1.5", b"zero")]), ("2", [])):
                assert [item async for item in s.fetch(root)] == expected, root
                assert [item async for item in s.getnext(root)] == expected, root


@pytest.mark.anyio
@pytest.mark.parametrize("bulk", [False, True])
async def test_a_walk_from_one_arc_asks_what_net_snmp_asks(bulk: bool) -> None:
    """The first request's varbinds: snmpwalk's (snmpbulkwalk's) for ``.1``, the octet 01."""
    tool = ["snmpbulkwalk" if bulk else "snmpwalk", "-v2c", "-c", "public", "-t", "0.2", "-r", "0"]
    async with await anyio.create_udp_socket(local_host="127.0.0.1") as sock:
        port = sock.extra(anyio.abc.SocketAttribute.local_port)
        async with SnmpSession("127.0.0.1", port, timeout=0.2, retries=0) as s:
            with pytest.raises(anysnmp.TimeoutError):
                _ = [item async for item in s.walk_batches(".1", bulk=bulk)]
        await anyio.run_process([*tool, f"127.0.0.1:{port}", ".1"], env=TOOL_ENV, check=False)
        with anyio.fail_after(5):
            requests = [core.decode_request((await sock.receive())[0]) for _ in range(2)]
    ours, theirs = [(pdu_type, raw) for _, _, pdu_type, *_, raw in requests]
    assert (
        ours
        == theirs
        == (PduType.GETBULK if bulk else PduType.GETNEXT, b"0\x05\x06\x01\x01\x05\x00")
    )


@pytest.mark.anyio
@CASES
@pytest.mark.parametrize("version", [SnmpVersion.v1, SnmpVersion.v2c])
async def test_notifications_refuse_bad_trap_oids(
    text: str, reason: str, version: SnmpVersion
) -> None:
    with pytest.raises(EncodeError, match=reason) as caught:
        await send_trap("127.0.0.1", 9, trap_oid=text, version=version)
    assert isinstance(caught.value, SnmpError)


@pytest.mark.parametrize(
    "value",
    [(1, 3, 6, 1, 2, 1, 1, 5, 0), [1, 3, 6], b"1.3.6", 5, None, ("1", "3")],
    ids=repr,
)
def test_an_object_identifier_of_no_str_says_what_a_request_says(value: object) -> None:
    """ObjectIdentifier((1, 3, 6)) said "malformed OID '(1, 3, 6)'": now the words of a
    request given the same (arcs and bytes shown written as text)."""
    with pytest.raises(EncodeError, match=r"^an OID must be a str, not ") as typed:
        ObjectIdentifier(value)
    with anysnmp.sync.SnmpSession("127.0.0.1", 9, timeout=0.1, retries=0) as s:
        with pytest.raises(EncodeError) as asked:
            list(s.fetch(value))  # type: ignore[arg-type]
    assert str(typed.value) == str(asked.value)


def test_a_malformed_object_identifier_is_an_encode_error_in_a_fresh_process() -> None:
    """The first use of the package: ObjectIdentifier("1.x") raised a bare ValueError
    (the core's errors were not registered until a session or codec was imported)."""
    code = "import anysnmp\ntry: anysnmp.ObjectIdentifier('1.x')\nexcept anysnmp.EncodeError: pass"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
