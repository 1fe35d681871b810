"""Net-SNMP's command line tools against our CommandResponder."""

from __future__ import annotations

import pytest
from agent_helpers import (
    DEMO,
    OUTPUT,
    expected_walk,
    netsnmp_text,
    normalize,
    parse,
    quick_get,
    run,
    serve,
)

from anysnmp._mibview import MibView
from anysnmp._types import (
    Counter32,
    Counter64,
    Gauge32,
    Integer,
    IpAddress,
    Null,
    ObjectIdentifier,
    OctetString,
    Opaque,
    TimeTicks,
)

pytestmark = pytest.mark.anyio

SYS_NAME, SYS_SERVICES = "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.7.0"
#: An instance the demo view does not have, and no SET creates.
NEW_INSTANCE = "1.3.6.1.2.1.1.5.9"
#: A write community beside the default read-only "public" (nothing may SET by default).
WRITERS = {"public": "ro", "private": "rw"}


def every_type_view() -> MibView:
    """Every SMI type, with edge values (empty, long, high bit, maximum)."""
    return MibView(
        {
            "1.3.6.1.4.1.99999.1.1.0": Integer(-(2**31)),
            "1.3.6.1.4.1.99999.1.2.0": Integer(2**31 - 1),
            "1.3.6.1.4.1.99999.2.1.0": OctetString(b""),
            "1.3.6.1.4.1.99999.2.2.0": OctetString(bytes(range(256)) * 3),
            "1.3.6.1.4.1.99999.3.0": Null(),
            "1.3.6.1.4.1.99999.4.1.0": ObjectIdentifier("0.0"),
            "1.3.6.1.4.1.99999.4.2.0": ObjectIdentifier("1.3.6.1.4.1.4294967295.128.16384"),
            "1.3.6.1.4.1.99999.5.0": IpAddress("255.0.128.1"),
            "1.3.6.1.4.1.99999.6.0": Counter32(2**32 - 1),
            "1.3.6.1.4.1.99999.7.0": Gauge32(2**31),
            "1.3.6.1.4.1.99999.8.0": TimeTicks(2**32 - 1),
            "1.3.6.1.4.1.99999.9.1.0": Opaque(b"\x01\x02\x03"),
            "1.3.6.1.4.1.99999.9.2.0": Opaque(b"\x9f\x78\x04\x3f\xc0\x00\x00"),
            "1.3.6.1.4.1.99999.10.1.0": Counter64(0),
            "1.3.6.1.4.1.99999.10.2.0": Counter64(2**64 - 1),
            "1.3.6.1.4.1.99999.10.3.4294967295": Counter64(2**63),
        }
    )


def walked(output: str) -> list[tuple[str, str]]:
    return [
        (oid, normalize(text))
        for oid, text in parse(output)
        if not text.startswith("No more variables")
    ]


@pytest.mark.parametrize("max_repetitions", ["1", "10", "50"])
async def test_bulkwalk_demo_view(demo_view: MibView, max_repetitions: str) -> None:
    async with serve(demo_view) as (target, _):
        _, out, _ = await run(
            "snmpbulkwalk", "-v2c", "-c", "public", *OUTPUT, f"-Cr{max_repetitions}", target, "1.3"
        )
    assert walked(out) == expected_walk(demo_view)
    assert len(demo_view) > 3000


async def test_every_smi_type_round_trips_through_snmpbulkwalk(tmp_path: object) -> None:
    view = every_type_view()
    async with serve(view) as (target, _):
        _, out, _ = await run(
            "snmpbulkwalk", "-v2c", "-c", "public", *OUTPUT, target, "1.3.6.1.4.1.99999"
        )
    assert walked(out) == expected_walk(view)


async def test_every_smi_type_from_snmprec(tmp_path: pytest.TempPathFactory) -> None:
    view = every_type_view()
    path = tmp_path / "every.snmprec"  # type: ignore[operator]
    lines = []
    tags = {
        "Integer": 2,
        "OctetString": 4,
        "Null": 5,
        "ObjectIdentifier": 6,
        "IpAddress": 64,
        "Counter32": 65,
        "Gauge32": 66,
        "TimeTicks": 67,
        "Opaque": 68,
        "Counter64": 70,
    }
    for oid in view.oids():
        value = view[oid]
        tag = tags[type(value).__name__]
        if isinstance(value, (OctetString, Opaque)):
            lines.append(f"{oid}|{tag}x|{value.value.hex()}")
        elif isinstance(value, Null):
            lines.append(f"{oid}|{tag}|")
        else:
            lines.append(f"{oid}|{tag}|{value.value}")
    path.write_text("\n".join(reversed(lines)) + "\n")
    loaded = MibView.from_snmprec(path)
    async with serve(loaded) as (target, _):
        _, out, _ = await run(
            "snmpbulkwalk", "-v2c", "-c", "public", *OUTPUT, target, "1.3.6.1.4.1.99999"
        )
    assert walked(out) == expected_walk(view)


async def test_walk_v1_skips_counter64() -> None:
    view = every_type_view()
    async with serve(view) as (target, _):
        _, out, _ = await run(
            "snmpwalk", "-v1", "-c", "public", *OUTPUT, target, "1.3.6.1.4.1.99999"
        )
    lines = walked(out)
    assert lines == expected_walk(view, v1=True)
    assert not any(text.startswith("Counter64") for _, text in lines)


async def test_walk_demo_v1_and_v2c_getnext(demo_view: MibView) -> None:
    async with serve(demo_view) as (target, _):
        _, v2, _ = await run("snmpwalk", "-v2c", "-c", "public", *OUTPUT, target, "1.3.6.1.2.1.2")
        _, v1, _ = await run("snmpwalk", "-v1", "-c", "public", *OUTPUT, target, "1.3.6.1.2.1.31")
    interfaces = [(o, t) for o, t in expected_walk(demo_view) if o.startswith("1.3.6.1.2.1.2.")]
    assert walked(v2) == interfaces
    if_x = [(o, t) for o, t in expected_walk(demo_view, v1=True) if o.startswith("1.3.6.1.2.1.31.")]
    assert walked(v1) == if_x


async def test_get_v2c_exceptions_and_ipv6(demo_view: MibView) -> None:
    async with serve(demo_view, host="::1") as (target, _):
        _, out, _ = await run(
            "snmpget",
            "-v2c",
            "-c",
            "public",
            *OUTPUT,
            target,
            SYS_NAME,
            "1.3.6.1.2.1.1.5.1",
            "1.3.6.1.2.1.77.1.0",
            "1.3.6.1.2.1.31.1.1.1.6.2",
        )
    assert [normalize(text) for _, text in parse(out)] == [
        netsnmp_text(demo_view[SYS_NAME]),
        "No Such Instance currently exists at this OID",
        "No Such Object available on this agent at this OID",
        netsnmp_text(demo_view["1.3.6.1.2.1.31.1.1.1.6.2"]),
    ]


async def test_get_v1_no_such_name_for_missing_and_counter64(demo_view: MibView) -> None:
    async with serve(demo_view) as (target, responder):
        _, ok, _ = await run("snmpget", "-v1", "-c", "public", *OUTPUT, target, SYS_NAME)
        # -Cf: errors are not fixed and retried
        unfixed = ("snmpget", "-v1", "-c", "public", "-Cf", *OUTPUT, target)
        rc, _, missing = await run(*unfixed, SYS_NAME, "1.3.6.1.2.1.1.5.1", check=False)
        rc64, _, c64 = await run(*unfixed, "1.3.6.1.2.1.31.1.1.1.6.2", check=False)
    assert parse(ok) == [(SYS_NAME, netsnmp_text(demo_view[SYS_NAME]))]
    assert rc != 0 and "noSuchName" in missing and ".1.3.6.1.2.1.1.5.1" in missing
    assert rc64 != 0 and "noSuchName" in c64
    assert responder.stats.requests == 3


async def test_unknown_community_gets_no_answer(demo_view: MibView) -> None:
    async with serve(demo_view) as (target, responder):
        rc, _, err = await quick_get(target, "wrong")
    assert rc != 0 and "Timeout" in err
    assert responder.stats.bad_community == 1


async def test_set_rw_community_writes_back(demo_view: MibView) -> None:
    async with serve(demo_view, communities=WRITERS) as (target, _):
        _, out, _ = await run(
            "snmpset",
            "-v2c",
            "-c",
            "private",
            *OUTPUT,
            target,
            SYS_NAME,
            "s",
            "renamed",
            SYS_SERVICES,
            "i",
            "72",
        )
        _, after, _ = await run(
            "snmpget",
            "-v2c",
            "-c",
            "public",
            *OUTPUT,
            target,
            SYS_NAME,
            SYS_SERVICES,
        )
    assert (
        parse(out)
        == parse(after)
        == [
            (SYS_NAME, netsnmp_text(OctetString("renamed"))),
            (SYS_SERVICES, "INTEGER: 72"),
        ]
    )
    assert demo_view[SYS_NAME] == OctetString("renamed")


@pytest.mark.parametrize(
    ("version", "community", "varbinds", "reason", "failed"),
    [
        ("2c", "public", [SYS_NAME, "s", "x"], "noAccess", SYS_NAME),
        ("1", "public", [SYS_NAME, "s", "x"], "noSuchName", SYS_NAME),
        ("2c", "private", [SYS_NAME, "s", "x", SYS_SERVICES, "s", "x"], "wrongType", SYS_SERVICES),
        ("1", "private", [SYS_NAME, "s", "x", SYS_SERVICES, "s", "x"], "badValue", SYS_SERVICES),
        ("2c", "private", [SYS_NAME, "s", "x", NEW_INSTANCE, "s", "x"], "noCreation", NEW_INSTANCE),
        ("1", "private", [SYS_NAME, "s", "x", NEW_INSTANCE, "s", "x"], "noSuchName", NEW_INSTANCE),
    ],
)
async def test_set_errors_are_atomic(
    demo_view: MibView, version: str, community: str, varbinds: list[str], reason: str, failed: str
) -> None:
    before = demo_view[SYS_NAME]
    async with serve(demo_view, communities=WRITERS) as (target, _):
        rc, _, err = await run(
            "snmpset", f"-v{version}", "-c", community, *OUTPUT, target, *varbinds, check=False
        )
    assert rc != 0
    assert reason in err and f"Failed object: .{failed}" in err
    assert demo_view[SYS_NAME] == before


async def test_set_read_only_view_is_not_writable() -> None:
    view = MibView({SYS_NAME: OctetString("fixed")})
    async with serve(view, communities=WRITERS) as (target, _):
        rc, _, err = await run(
            "snmpset", "-v2c", "-c", "private", target, SYS_NAME, "s", "x", check=False
        )
    assert rc != 0 and "notWritable" in err
    assert view[SYS_NAME] == OctetString("fixed")


async def test_dynamic_values_are_computed_per_request() -> None:
    calls: list[int] = []

    def uptime() -> TimeTicks:
        calls.append(1)
        return TimeTicks(100 * len(calls))

    view = MibView({"1.3.6.1.2.1.1.3.0": uptime, SYS_NAME: OctetString("dyn")})
    async with serve(view) as (target, _):
        _, first, _ = await run(
            "snmpget", "-v2c", "-c", "public", *OUTPUT, target, "1.3.6.1.2.1.1.3.0"
        )
        _, walk, _ = await run(
            "snmpbulkwalk", "-v2c", "-c", "public", *OUTPUT, target, "1.3.6.1.2.1.1"
        )
    assert [normalize(t) for _, t in parse(first)] == ["Timeticks: (100)"]
    assert walked(walk) == [
        ("1.3.6.1.2.1.1.3.0", "Timeticks: (200)"),
        (SYS_NAME, "Hex-STRING: 64 79 6E"),
    ]


async def test_demo_file_is_the_bundled_one() -> None:
    assert DEMO.name == "demo.snmprec" and DEMO.is_file()
