"""SET with typed values: plain ints/bytes accepted, ambiguity and range errors before sending."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from peers import Snmpd

import anysnmp
from anysnmp import (
    Agent,
    CommandResponder,
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    MibView,
    ObjectIdentifier,
    OctetString,
    Opaque,
    SnmpSession,
    SnmpVersion,
    TimeTicks,
)
from anysnmp._types import to_typed

pytestmark = pytest.mark.anyio

SYS_LOCATION = "1.3.6.1.2.1.1.6.0"

EVERY_TYPE: dict[str, Any] = {
    "1.3.6.1.4.1.9999.1.0": Integer(-5),
    "1.3.6.1.4.1.9999.2.0": OctetString(b"\x00\xffbin"),
    "1.3.6.1.4.1.9999.3.0": ObjectIdentifier("1.3.6.1.4.1.9999"),
    "1.3.6.1.4.1.9999.4.0": IpAddress("10.1.2.3"),
    "1.3.6.1.4.1.9999.5.0": Counter32(2**32 - 1),
    "1.3.6.1.4.1.9999.6.0": Gauge32(7),
    "1.3.6.1.4.1.9999.7.0": TimeTicks(12345),
    "1.3.6.1.4.1.9999.8.0": Opaque(b"\x9f\x78\x04\x3f\x80\x00\x00"),
    "1.3.6.1.4.1.9999.9.0": Counter64(2**64 - 1),
}


def test_plain_values_and_ambiguity() -> None:
    assert to_typed(5) == Integer(5)
    assert to_typed(b"x") == to_typed("x") == OctetString(b"x")
    with pytest.raises(TypeError, match="bool is ambiguous"):
        to_typed(True)
    with pytest.raises(TypeError, match="typed value"):
        to_typed(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Integer(2**31),
        lambda: Counter32(-1),
        lambda: Gauge32(2**32),
        lambda: Counter64(2**64),
        lambda: TimeTicks(-1),
        lambda: IpAddress("10.0.0.256"),
        lambda: ObjectIdentifier("1.3.x"),
    ],
)
def test_range_errors_are_encode_errors(make: Any) -> None:
    with pytest.raises(anysnmp.EncodeError):
        make()


async def test_set_every_type_on_our_agent_and_read_back() -> None:
    view = MibView(
        {oid: type(value)(value.value) for oid, value in EVERY_TYPE.items()}, writable=True
    )
    fresh = {oid: type(value)(value.value) for oid, value in EVERY_TYPE.items()}
    # Set each to a different value of the same type, all in one PDU.
    changed: dict[str, Any] = {
        "1.3.6.1.4.1.9999.1.0": Integer(2**31 - 1),
        "1.3.6.1.4.1.9999.2.0": OctetString("text"),
        "1.3.6.1.4.1.9999.3.0": ObjectIdentifier(".1.3.6.1.2"),
        "1.3.6.1.4.1.9999.4.0": IpAddress("192.0.2.9"),
        "1.3.6.1.4.1.9999.5.0": Counter32(0),
        "1.3.6.1.4.1.9999.6.0": Gauge32(2**32 - 1),
        "1.3.6.1.4.1.9999.7.0": TimeTicks(0),
        "1.3.6.1.4.1.9999.8.0": Opaque(b"\x01"),
        "1.3.6.1.4.1.9999.9.0": Counter64(0),
    }
    assert fresh
    responder = CommandResponder(view, communities={"private": "rw"})
    async with Agent([("127.0.0.1", 0)], responder) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, community="private", timeout=2) as s:
            echoed = await s.set_many(changed)
            assert echoed == {oid: value.value for oid, value in changed.items()}
            assert await s.get_many(list(changed)) == echoed
            assert await s.set("1.3.6.1.4.1.9999.1.0", 7) == 7  # a plain int is an Integer
            with pytest.raises(anysnmp.ErrorStatusError) as info:
                await s.set("1.3.6.1.4.1.9999.1.0", b"not an int")
            assert (
                info.value.status_name == "wrongType" and info.value.oid == "1.3.6.1.4.1.9999.1.0"
            )


async def test_range_errors_send_nothing() -> None:
    received = 0

    async def count(request: Any) -> None:
        nonlocal received
        received += 1

    async with Agent([("127.0.0.1", 0)], count) as agent:
        host, port = agent.addresses[0]
        async with SnmpSession(host, port, timeout=0.5, retries=0) as s:
            with pytest.raises(anysnmp.EncodeError):
                await s.set("1.3.6.1.4.1.9999.1.0", 2**40)  # a plain int out of Integer's range
            with pytest.raises(TypeError):
                await s.set("1.3.6.1.4.1.9999.1.0", False)
        await anyio.sleep(0.05)
    assert received == 0


async def test_v3_rwuser_sets_on_snmpd(snmpd: Snmpd) -> None:
    user = snmpd.user("shaaes").user()
    async with SnmpSession(snmpd.host, snmpd.port, user=user, timeout=5) as s:
        await s.set(SYS_LOCATION, OctetString("rack 7, anysnmp v3"))
        assert await s.get(SYS_LOCATION) == b"rack 7, anysnmp v3"
        with pytest.raises(anysnmp.ErrorStatusError, match="notWritable"):
            await s.set("1.3.6.1.2.1.1.3.0", TimeTicks(1))


async def test_v1_set_errors_are_v1_statuses(snmpd: Snmpd) -> None:
    async with SnmpSession(
        snmpd.host, snmpd.port, community="public", version=SnmpVersion.v1, timeout=5
    ) as s:
        with pytest.raises(anysnmp.ErrorStatusError) as info:
            await s.set(SYS_LOCATION, b"read-only community")
    assert info.value.status_name in ("noSuchName", "readOnly") and info.value.oid == SYS_LOCATION
