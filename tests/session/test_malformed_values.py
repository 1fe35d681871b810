"""Values devices send malformed: sessions read what Net-SNMP reads, drop what it drops.

The values and what Net-SNMP's tools make of them are in tests/malformed_values.py
(tests/cli compares the printed text with Net-SNMP's); here, the values a session
returns, plain and typed, and the formatter's text of them.
"""

from __future__ import annotations

import pytest
from malformed_values import BASE, EXCEPTIONS, PRINTED, REJECTED, printed_view
from raw_agent import RawAgent

from anysnmp import DecodeError, MibFormatter, SnmpSession, TimeoutError
from anysnmp._codec import core
from anysnmp._types import typed_value
from anysnmp.lowlevel import PduType, Tag

pytestmark = pytest.mark.anyio


async def test_values_read_as_net_snmp_reads_them() -> None:
    view = printed_view()
    with RawAgent(view) as agent:
        async with SnmpSession("127.0.0.1", port=agent.port, timeout=2, retries=1) as session:
            typed = {oid: await session.get_typed(oid) for oid in view}
            plain = await session.get_many(list(view))
    assert list(typed.values()) == list(PRINTED.values())
    assert plain == {oid: value for oid, (_, value) in typed.items()}


async def test_exception_values_with_content_are_exceptions() -> None:
    view = {f"{BASE}.{i}.0": bytes.fromhex(h) for i, h in enumerate(EXCEPTIONS, 1)}
    with RawAgent(view) as agent:
        async with SnmpSession("127.0.0.1", port=agent.port, timeout=2, retries=1) as session:
            answer = await session.request(PduType.GET, list(view))
            plain = await session.get_many(list(view))
    tags = [e.value for e in EXCEPTIONS.values()]
    assert answer == [(oid, tag, None) for oid, tag in zip(view, tags, strict=True)]
    assert plain == {}  # get_many leaves exception values out


@pytest.mark.parametrize("value", REJECTED)
async def test_responses_net_snmp_drops_time_out(value: str) -> None:
    """Net-SNMP drops these responses (its tools time out): a session ignores them too, and
    the codec says why."""
    view = {f"{BASE}.1.0": bytes.fromhex("0401aa"), f"{BASE}.2.0": bytes.fromhex(value)}
    with RawAgent(view) as agent:
        data = agent.answer(core.encode_message(1, b"public", PduType.GET, 7, 0, 0, list(view)))
        with pytest.raises(DecodeError):
            core.decode_message(data)
        async with SnmpSession("127.0.0.1", port=agent.port, timeout=0.2, retries=0) as session:
            with pytest.raises(TimeoutError):
                await session.get_many(list(view))


def test_read_only_types_print_as_net_snmp_and_have_no_typed_value() -> None:
    numeric = MibFormatter()
    lines = [
        numeric.varbind("1.3.6.1", tag, value)
        for tag, value in [(0x47, 255), (0x45, b"\x01"), (0x03, b"\x05\x80\xff")]
    ]
    # snmpget -On of 47 01 ff, 45 01 01 and 03 03 05 80 ff (tests/cli compares them all)
    assert lines == [
        ".1.3.6.1 = 255",
        ".1.3.6.1 = Variable has bad type",
        ".1.3.6.1 = BITS: 05 80 FF 5 7 8 16 17 18 19 20 21 22 23 ",
    ]
    for tag in (Tag.UINTEGER32, Tag.NSAP_ADDRESS, Tag.BIT_STRING):
        with pytest.raises(DecodeError, match=tag.smi_name):
            typed_value(tag, 1)
