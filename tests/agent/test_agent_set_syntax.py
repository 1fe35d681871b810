"""A MibView given MIBs refuses the SETs its objects' MAX-ACCESS and syntax forbid, with
RFC 3416 4.2.5's error-status and index, as Net-SNMP's snmpd answers them."""

from __future__ import annotations

import warnings
from pathlib import Path

import anyio
import pytest
from agent_helpers import serve
from mib_helpers import MIB_TOOL_ENV, netsnmp_command, require_test_mibs
from peers import Snmpd

from anysnmp import (
    ErrorStatusError,
    Gauge32,
    Integer,
    Mib,
    MibView,
    MibWarning,
    OctetString,
    SnmpSession,
    SnmpVersion,
    _mibview,
)
from anysnmp._codec import core
from anysnmp._mib._node import MibNode
from anysnmp._mib._setrule import SetRule, set_rule
from anysnmp._mib._tree import MibTree
from anysnmp._types import TypedValue

pytestmark = pytest.mark.anyio

#: Objects snmpd serves too, writable there (no sys* line in its config).
SHARED: dict[str, TypedValue | int | bytes | str] = {
    "sysDescr.0": "anysnmp agent",
    "sysContact.0": "noc",
    "sysLocation.0": "rack 1",
    "snmpEnableAuthenTraps.0": "disabled",
    "snmpSetSerialNo.0": 7,
    "ifIndex.1": 1,
    "ifAdminStatus.1": "up",
    "ifAlias.1": "uplink",
}
#: Objects of multiple ranges, fixed sizes, BITS, textual conventions' ranges and sizes.
OTHERS: dict[str, TypedValue | int | bytes | str] = {
    "expResourceDeltaMinimum.0": 1,  # Integer32 (-1 | 1..600)
    "ipv6RouterAdvertDefaultLifetime.1": 1800,  # Unsigned32 (0 | 4..9000)
    "hrSystemDate.0": bytes(8),  # DateAndTime: SIZE (8 | 11)
    "dot1dStaticAddress.1.2.3.4.5.6.0": bytes(6),  # MacAddress: SIZE (6)
    "schedWeekDay.1.97": "sunday",  # BITS sunday(0) .. saturday(6)
    "snmpTargetAddrTimeout.1.120": 1500,  # TimeInterval: (0..2147483647)
}

LONG = "x" * 256
#: SETs snmpd refuses (nothing of them is written there), as snmpset -Ir sends them.
REFUSED = [
    ["sysContact.0", "s", LONG],  # wrongLength: DisplayString (SIZE (0..255))
    ["ifAlias.1", "s", "x" * 65],  # wrongLength: SIZE (0..64)
    ["snmpEnableAuthenTraps.0", "i", "7"],  # wrongValue: not an enum
    ["ifAdminStatus.1", "i", "99"],  # wrongValue (never a valid one: snmpd would apply it)
    ["ifAdminStatus.1", "i", "0"],
    ["snmpSetSerialNo.0", "s", "x"],  # wrongType
    ["ifAlias.1", "i", "3"],
    ["sysContact.0", "u", "3"],
    ["sysDescr.0", "s", "x"],  # notWritable: read-only
    ["sysDescr.0", "i", "1"],  # notWritable comes before wrongType
    ["ifIndex.1", "i", "1"],
    # the first failing varbind's index; the others are not written
    ["sysContact.0", "s", "ok2", "snmpEnableAuthenTraps.0", "i", "7", "sysLocation.0", "s", "b"],
    ["sysLocation.0", "s", "fine", "sysContact.0", "s", LONG],
]


def _view(mib: Mib | None, values: dict[str, TypedValue | int | bytes | str]) -> MibView:
    return MibView(values, writable=True, mib=mib)


async def _snmpset(target: str, *args: str) -> str:
    command = netsnmp_command("snmpset", "-Ir", "-v2c", "-c", "private", target, *args)
    with anyio.fail_after(60):
        done = await anyio.run_process(command, env=MIB_TOOL_ENV, check=False)
    return f"{done.returncode}\n{done.stdout.decode()}{done.stderr.decode()}"


@pytest.mark.parametrize("args", REFUSED, ids=lambda args: " ".join(args)[:60])
async def test_refused_sets_answer_as_snmpd_answers(
    mib: Mib, snmpd: Snmpd, args: list[str]
) -> None:
    """snmpset's output (status, failed object) is snmpd's; nothing is written."""
    view = _view(mib, SHARED)
    before = {oid: view[oid] for oid in view.oids()}
    async with serve(view, communities={"private": "rw"}) as (target, _):
        ours = await _snmpset(target, *args)
    theirs = await _snmpset(snmpd.target, *args)
    assert "Error in packet." in ours
    assert ours == theirs
    assert {oid: view[oid] for oid in view.oids()} == before


FITTING = [
    ("sysContact.0", "s", "y" * 255, OctetString("y" * 255)),
    ("ifAlias.1", "s", "z" * 64, OctetString("z" * 64)),
    ("ifAlias.1", "s", "", OctetString("")),
    ("ifAdminStatus.1", "i", "2", Integer(2)),
    ("snmpEnableAuthenTraps.0", "i", "1", Integer(1)),
    ("snmpSetSerialNo.0", "i", "7", Integer(8)),  # TestAndIncr: its value, then one more
    ("expResourceDeltaMinimum.0", "i", "-1", Integer(-1)),
    ("expResourceDeltaMinimum.0", "i", "600", Integer(600)),
    ("ipv6RouterAdvertDefaultLifetime.1", "u", "0", Gauge32(0)),
    ("ipv6RouterAdvertDefaultLifetime.1", "u", "4", Gauge32(4)),
    (
        "hrSystemDate.0",
        "x",
        "07EA0C06140000002B0000",
        OctetString(bytes.fromhex("07EA0C06140000002B0000")),
    ),
    (
        "dot1dStaticAddress.1.2.3.4.5.6.0",
        "x",
        "001b213a0002",
        OctetString(bytes.fromhex("001b213a0002")),
    ),
    ("schedWeekDay.1.97", "b", "0 6", OctetString(b"\x82")),
    ("snmpTargetAddrTimeout.1.120", "i", "0", Integer(0)),
]


async def test_values_that_fit_are_stored(mib: Mib) -> None:
    """Each value at its syntax's edges is written (snmpset echoes it)."""
    view = _view(mib, {**SHARED, **OTHERS})
    async with serve(view, communities={"private": "rw"}) as (target, _):
        for oid, kind, text, stored in FITTING:
            out = await _snmpset(target, oid, kind, text)
            assert out.startswith("0\n"), out
            assert view[oid] == stored


#: (OID, value sent by our session, error-status).
SESSION_REFUSED: list[tuple[str, TypedValue, str]] = [
    ("ifAlias.1", OctetString("x" * 65), "wrongLength"),
    ("ifAlias.1", Integer(3), "wrongType"),
    ("expResourceDeltaMinimum.0", Integer(0), "wrongValue"),  # between its two ranges
    ("expResourceDeltaMinimum.0", Integer(601), "wrongValue"),
    ("expResourceDeltaMinimum.0", Gauge32(5), "wrongType"),
    ("ipv6RouterAdvertDefaultLifetime.1", Gauge32(3), "wrongValue"),
    ("ipv6RouterAdvertDefaultLifetime.1", Gauge32(9001), "wrongValue"),
    ("ipv6RouterAdvertDefaultLifetime.1", Integer(5), "wrongType"),
    ("hrSystemDate.0", OctetString(bytes(9)), "wrongLength"),  # neither 8 nor 11
    ("dot1dStaticAddress.1.2.3.4.5.6.0", OctetString(bytes(5)), "wrongLength"),
    ("dot1dStaticAddress.1.2.3.4.5.6.0", OctetString(bytes(7)), "wrongLength"),
    ("schedWeekDay.1.97", OctetString(b"\x01"), "wrongValue"),  # bit 7: not named
    ("schedWeekDay.1.97", OctetString(b"\x80\x80"), "wrongValue"),  # bit 8
    ("snmpTargetAddrTimeout.1.120", Integer(-1), "wrongValue"),  # TimeInterval's range
    ("snmpSetSerialNo.0", Integer(-1), "wrongValue"),  # TestAndIncr's range
    ("sysDescr.0", OctetString("x"), "notWritable"),
    ("ifIndex.1", Integer(1), "notWritable"),
    ("snmpTargetAddrName.1.120", OctetString("x"), "notWritable"),  # not-accessible
    ("ifAlias.2", Integer(3), "wrongType"),  # no such entry: its type before noCreation
    ("ifAlias.2", OctetString("x" * 65), "wrongLength"),
    ("ifAlias.2", OctetString("x"), "noCreation"),
    ("ifDescr.2", OctetString("x"), "notWritable"),  # read-only: no creation either
]


@pytest.mark.parametrize(("oid", "value", "status"), SESSION_REFUSED, ids=lambda v: str(v)[:30])
async def test_our_session_gets_each_error(
    mib: Mib, oid: str, value: TypedValue, status: str
) -> None:
    view = _view(mib, {**SHARED, **OTHERS})
    before = {name: view[name] for name in view.oids()}
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            with pytest.raises(ErrorStatusError) as refused:
                await s.set_many({"sysLocation.0": OctetString("moved"), oid: value})
    assert (refused.value.status_name, refused.value.index) == (status, 2)
    assert {name: view[name] for name in view.oids()} == before


async def test_v1_hears_bad_value_and_no_such_name(mib: Mib) -> None:
    """RFC 3584 4.4: wrongLength/wrongValue/wrongType are badValue, notWritable noSuchName."""
    view = _view(mib, SHARED)
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(
            host, int(port), community="private", version=SnmpVersion.v1, timeout=5
        ) as s:
            statuses = []
            sets: list[tuple[str, TypedValue]] = [
                ("1.3.6.1.2.1.31.1.1.1.18.1", OctetString("x" * 65)),
                ("1.3.6.1.2.1.2.2.1.7.1", Integer(99)),
                ("1.3.6.1.2.1.1.1.0", OctetString("x")),
            ]
            for oid, value in sets:
                with pytest.raises(ErrorStatusError) as refused:
                    await s.set(oid, value)
                statuses.append(refused.value.status_name)
    assert statuses == ["badValue", "badValue", "noSuchName"]


async def test_without_mibs_nothing_is_checked_but_the_stored_type() -> None:
    """A numeric view without `mib` writes any value of the entry's type, as before."""
    view = MibView(
        {"1.3.6.1.2.1.31.1.1.1.18.1": OctetString("uplink"), "1.3.6.1.2.1.2.2.1.7.1": Integer(1)},
        writable=True,
    )
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", timeout=5) as s:
            await s.set("1.3.6.1.2.1.31.1.1.1.18.1", OctetString("x" * 65))
            await s.set("1.3.6.1.2.1.2.2.1.7.1", Integer(99))
    assert view["1.3.6.1.2.1.31.1.1.1.18.1"] == OctetString("x" * 65)
    assert view["1.3.6.1.2.1.2.2.1.7.1"] == Integer(99)


def test_a_rule_is_worked_out_once_per_object(mib: Mib, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is cheap: each object's rule is made once, then found by OID."""
    made: list[str | None] = []

    def counted(tree: MibTree, node: MibNode) -> SetRule:
        made.append(node.name)
        return set_rule(tree, node)

    monkeypatch.setattr(_mibview, "set_rule", counted)
    view = _view(mib, SHARED)
    names = ["ifAlias.1", "ifAlias.1", "ifAlias.7", "sysContact.0", "sysContact.0"]
    rules = [view.set_rule(core.oid_key(mib.oid(name))) for name in names]
    assert made == ["ifAlias", "sysContact"]
    assert rules[0] is rules[1] is rules[2]
    assert rules[3] is rules[4]
    assert rules[0] == SetRule(True, 4, sizes=((0, 64),), arcs=11)  # ifXEntry.18: 11 arcs
    assert MibView({mib.oid("ifAlias.1"): "x"}).set_rule(core.oid_key(mib.oid("ifAlias.1"))) is None


#: Textual conventions refining others, an object refining one, ranges of one value.
CONVENTIONS_MIB = """ANYSNMP-SET-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC;
setTestMib MODULE-IDENTITY
    LAST-UPDATED "202612060000Z" ORGANIZATION "anysnmp" CONTACT-INFO "tests"
    DESCRIPTION "SET checks." ::= { enterprises 99998 }
Tiny ::= TEXTUAL-CONVENTION
    STATUS current DESCRIPTION "Two or four octets." SYNTAX OCTET STRING (SIZE (2 | 4))
Tinier ::= TEXTUAL-CONVENTION
    STATUS current DESCRIPTION "A Tiny, again." SYNTAX Tiny
Level ::= TEXTUAL-CONVENTION
    STATUS current DESCRIPTION "1 to 3, or 7." SYNTAX Integer32 (1..3 | 7)
chained OBJECT-TYPE SYNTAX Tinier MAX-ACCESS read-write STATUS current
    DESCRIPTION "Tiny's sizes." ::= { setTestMib 1 }
refined OBJECT-TYPE SYNTAX Tiny (SIZE (4)) MAX-ACCESS read-write STATUS current
    DESCRIPTION "Its own size wins." ::= { setTestMib 2 }
level OBJECT-TYPE SYNTAX Level MAX-ACCESS read-write STATUS current
    DESCRIPTION "Level's ranges." ::= { setTestMib 3 }
notified OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS accessible-for-notify STATUS current
    DESCRIPTION "Only in notifications." ::= { setTestMib 4 }
END
"""


async def test_conventions_refining_conventions(tmp_path: Path, seeded_cache: Path) -> None:
    """A convention's ranges hold through one that refines it; an object's own win."""
    own = tmp_path / "mibs"
    own.mkdir()
    (own / "ANYSNMP-SET-TEST-MIB.txt").write_text(CONVENTIONS_MIB)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        mib = Mib.load(
            ("ANYSNMP-SET-TEST-MIB",), dirs=f"{own}:{require_test_mibs()}", cache_dir=seeded_cache
        )
    values: dict[str, TypedValue | int | bytes | str] = {
        "chained.0": b"ab",
        "refined.0": b"abcd",
        "level.0": 1,
        "notified.0": 1,
    }
    view = _view(mib, values)
    sets: list[tuple[str, TypedValue, str]] = [
        ("chained.0", OctetString(b"abc"), "wrongLength"),
        ("refined.0", OctetString(b"ab"), "wrongLength"),
        ("level.0", Integer(4), "wrongValue"),
        ("level.0", Integer(0), "wrongValue"),
        ("notified.0", Integer(2), "notWritable"),
        ("chained.0", OctetString(b"abcd"), ""),
        ("refined.0", OctetString(b"wxyz"), ""),
        ("level.0", Integer(7), ""),
        ("level.0", Integer(3), ""),
    ]
    answers = []
    async with serve(view, communities={"private": "rw"}) as (target, _):
        host, port = target.rsplit(":", 1)
        async with SnmpSession(host, int(port), community="private", mib=mib, timeout=5) as s:
            for name, value, _status in sets:
                try:
                    await s.set(name, value)
                    answers.append("")
                except ErrorStatusError as refused:
                    answers.append(refused.status_name)
    assert answers == [status for _, _, status in sets]
    assert [view[name] for name in values] == [
        OctetString(b"abcd"),
        OctetString(b"wxyz"),
        Integer(3),
        Integer(1),
    ]


async def test_recorded_variations_are_checked_first(mib: Mib, tmp_path: Path) -> None:
    """writecache records take SETs whatever `writable` says, but not what the MIB forbids:
    its checks come before the record's own (vlist=)."""
    path = tmp_path / "device.snmprec"
    path.write_text(
        "1.3.6.1.2.1.1.1.0|4:writecache|value=agent\n"  # sysDescr: read-only
        "1.3.6.1.2.1.2.2.1.7.1|2:writecache|value=1,vlist=gt:2:inconsistentValue\n"
        "1.3.6.1.2.1.31.1.1.1.18.1|4:writecache|value=uplink\n"  # ifAlias: SIZE (0..64)
    )
    sets: list[tuple[str, TypedValue]] = [
        ("1.3.6.1.2.1.1.1.0", OctetString("x")),
        ("1.3.6.1.2.1.2.2.1.7.1", Integer(99)),
        ("1.3.6.1.2.1.2.2.1.7.1", Integer(3)),
        ("1.3.6.1.2.1.31.1.1.1.18.1", OctetString("x" * 65)),
        ("1.3.6.1.2.1.31.1.1.1.18.1", OctetString("x" * 64)),
    ]
    answers: dict[str, list[str]] = {}
    for with_mib in (mib, None):
        view = MibView.from_snmprec(path, mib=with_mib)
        async with serve(view, communities={"private": "rw"}) as (target, _):
            host, port = target.rsplit(":", 1)
            async with SnmpSession(host, int(port), community="private", timeout=5) as s:
                statuses = []
                for oid, value in sets:
                    try:
                        await s.set(oid, value)
                        statuses.append("")
                    except ErrorStatusError as refused:
                        statuses.append(refused.status_name)
        answers["mib" if with_mib else "none"] = statuses
    assert answers == {
        "mib": ["notWritable", "wrongValue", "inconsistentValue", "wrongLength", ""],
        "none": ["", "inconsistentValue", "inconsistentValue", "", ""],
    }
