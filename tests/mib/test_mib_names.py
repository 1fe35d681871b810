"""Names <-> OIDs, node details and index decoding, against snmptranslate on the same MIB files."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from mib_helpers import TEST_MIBS, all_nodes, netsnmp, require_test_mibs, snmptranslate
from oid_cases import BAD

from anysnmp import ArgumentTypeError, EncodeError, Mib, MibWarning, SnmpError, UnknownNameError


def _translate(*args: str, modules: str = "ALL") -> list[str]:
    return [line for line in netsnmp("snmptranslate", *args, modules=modules) if line]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compiled-MIB cache the module's tests share."""
    return tmp_path_factory.mktemp("mib-cache")


@pytest.mark.parametrize(("form", "flag"), [("module", "-OS"), ("full", "-Of"), ("suffix", "-Os")])
def test_every_node_prints_as_snmptranslate_prints_it(mib: Mib, form: str, flag: str) -> None:
    oids = ["." + node.oid for node in all_nodes(mib)]
    assert len(oids) > 900
    assert [mib.name(oid, form) for oid in oids] == _translate(flag, *oids)


def test_every_module_label_parses_as_snmptranslate_parses_it(mib: Mib) -> None:
    names = [
        f"{module}::{label}"
        for module, labels in sorted(mib.tree.by_module.items())
        for label in sorted(labels)
        if not label.startswith("pysmi")
    ]
    assert len(names) > 900
    assert ["." + mib.oid(name) for name in names] == _translate("-On", *names)


def test_every_bare_label_resolves_as_snmptranslate_ir_resolves_it(mib: Mib) -> None:
    # Labels two modules define at different OIDs (coldStart: SNMPv2-MIB's notification
    # and STANDARD-MIB's TRAP-TYPE; aix: UCD-SNMP-MIB and NET-SNMP-TC) stand for the node
    # Net-SNMP created last, which follows the order it read the modules in.
    oids: dict[str, set[str]] = {}
    for record in mib.tree.records.values():
        for item in record["nodes"]:
            oids.setdefault(item[0], set()).add(item[1])
    labels = sorted(oids)
    ambiguous = {label for label, found in oids.items() if len(found) > 1}
    assert {"coldStart", "warmStart", "authenticationFailure", "aix"} <= ambiguous
    assert ["." + mib.oid(label) for label in labels] == _translate("-IR", "-On", *labels)


@pytest.mark.parametrize(
    "modules",
    [
        "SNMPv2-MIB:STANDARD-MIB",
        "STANDARD-MIB:SNMPv2-MIB",
        "UCD-SNMP-MIB:NET-SNMP-TC",
        "NET-SNMP-TC:UCD-SNMP-MIB",
        "SNMP-COMMUNITY-MIB:SNMPv2-MIB",
        "SNMPv2-MIB:SNMP-COMMUNITY-MIB",
    ],
)
def test_the_module_read_last_wins_a_bare_label(mib: Mib, modules: str, cache: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        ours = Mib.load(modules, dirs=mib.dirs, cache_dir=cache)
    labels = [
        label
        for label in ("coldStart", "aix", "snmpCommunityGroup", "sysDescr.0", "ifDescr.1")
        if label.partition(".")[0] in ours.tree.by_label
    ]
    assert {"coldStart", "aix", "snmpCommunityGroup"} & set(labels)
    theirs = _translate("-IR", "-On", *labels, modules=modules)
    assert ["." + ours.oid(label) for label in labels] == theirs


#: Instances of table cells: integer, string, implied, enum, IpAddress and
#: unknown-column indexes, and OIDs below nodes no loaded module defines.
INSTANCES = [
    "1.3.6.1.2.1.2.2.1.2.1",
    "1.3.6.1.2.1.2.2.1.99.4",
    "1.3.6.1.2.1.31.1.1.1.1.2",
    "1.3.6.1.2.1.4.20.1.1.127.0.0.1",
    "1.3.6.1.6.3.16.1.2.1.3.1.5.99.111.109.109.49",
    "1.3.6.1.6.3.16.1.4.1.4.7.118.51.103.114.111.117.112.0.3.1",
    "1.3.6.1.6.3.16.1.4.1.4.2.103.49.3.99.116.120.1.3",
    "1.3.6.1.6.3.15.1.2.2.1.3.5.128.0.31.136.128.4.117.115.101.114",
    "1.3.6.1.6.3.12.1.2.1.2.116.97.114.103.101",
    "1.3.6.1.6.3.13.1.1.1.2.110.49",
    "1.3.6.1.4.1.8072.1.3.2.2.1.2.4.116.101.115.116",
    "1.3.6.1.2.1.25.1.1.0",
    "1.3.6.1.4.1.2021.10.1.3.1",
    "1.3.6.1.6.3.16.1.2.1.3.1.0",
    "1.3.6.1.2.1.1.9.1.2.3",
    "1.3.6.1.2.1.4.20.1.1.127.0",
    "1.3.6.1.6.3.16.1.5.2.1.2.3.97.108.108.3.1.3.6",
]


@pytest.mark.parametrize(
    ("flags", "form", "breakdown"),
    [
        ("-OS", "module", True),
        ("-Os", "suffix", True),
        ("-Of", "full", True),
        ("-OSb", "module", False),
    ],
)
def test_instances_print_as_snmptranslate_prints_them(
    mib: Mib, flags: str, form: str, breakdown: bool
) -> None:
    ours = [mib.name(oid, form, breakdown=breakdown) for oid in INSTANCES]
    assert ours == _translate(flags, *("." + oid for oid in INSTANCES))


def test_printed_instances_parse_back(mib: Mib) -> None:
    for oid in INSTANCES:
        if oid == INSTANCES[7]:
            continue  # a binary engine id prints with dots for its octets, as in Net-SNMP
        if oid == INSTANCES[13]:  # an empty vacmSecurityName, out of its SIZE (1..32):
            name = mib.name(oid)  # read as snmptranslate -Ir reads it, not as without
            assert _translate("-IR", "-On", name) == []
            assert _translate("-IR", "-Ir", "-On", name) == [f".{oid}"] == [f".{mib.oid(name)}"]
        assert mib.oid(mib.name(oid)) == oid
        assert mib.oid(mib.name(oid, "full")) == oid


@pytest.mark.parametrize(
    ("name", "oid"),
    [
        ("IF-MIB::ifDescr.1", "1.3.6.1.2.1.2.2.1.2.1"),
        ("ifDescr.1", "1.3.6.1.2.1.2.2.1.2.1"),
        ("sysDescr.0", "1.3.6.1.2.1.1.1.0"),
        (".iso.org.dod.internet.mgmt.mib-2.system.sysDescr.0", "1.3.6.1.2.1.1.1.0"),
        (".1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0"),
        ("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0"),
        ("1.3.6.1.99.7", "1.3.6.1.99.7"),
        ("system.sysDescr.0", "1.3.6.1.2.1.1.1.0"),
        ('vacmGroupName.3."comm1"', "1.3.6.1.6.3.16.1.2.1.3.3.5.99.111.109.109.49"),
        ("snmpTargetAddrTDomain.'targ'", "1.3.6.1.6.3.12.1.2.1.2.116.97.114.103"),
        ("ipAdEntAddr.127.0.0.1", "1.3.6.1.2.1.4.20.1.1.127.0.0.1"),
        ("SNMPv2-SMI::enterprises.8072", "1.3.6.1.4.1.8072"),
    ],
)
def test_name_input_forms(mib: Mib, name: str, oid: str) -> None:
    assert mib.oid(name) == oid


def test_names_match_the_issue_examples(mib: Mib) -> None:
    assert mib.oid("IF-MIB::ifDescr.1") == "1.3.6.1.2.1.2.2.1.2.1"
    assert mib.name("1.3.6.1.2.1.2.2.1.2.1") == "IF-MIB::ifDescr.1"
    assert mib.name(".1.3.6.1.2.1.2.2.1.2.1", "numeric") == ".1.3.6.1.2.1.2.2.1.2.1"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "NO-SUCH-MIB::ifDescr",
        "IF-MIB::noSuchObject",
        "noSuchObject.1",
        "ifDescr.x",
        'ifDescr."open',
        "::ifDescr",
        "IF-MIB::.1.3",
        ".1.3.nosuch.label",
    ],
)
def test_bad_names_raise_unknown_name_error(mib: Mib, name: str) -> None:
    with (
        warnings.catch_warnings()
    ):  # NO-SUCH-MIB:: is read, as in Net-SNMP: tests/mib/test_mib_broken
        warnings.simplefilter("ignore", MibWarning)
        with pytest.raises(UnknownNameError):
            mib.oid(name)


@pytest.mark.parametrize("name", ["descr", "admin", "sysDesc"])
def test_names_are_never_guessed(mib: Mib, name: str) -> None:
    """snmpget takes a text no other way reads as a regular expression, the label it matches
    best (what snmptranslate -Ib prints); the library raises instead."""
    assert _translate("-Ib", "-On", name)[0].startswith(".1.3.6.1.")
    with pytest.raises(UnknownNameError, match=re.escape(f"(Sub-id not found: (top) -> {name})")):
        mib.oid(name)


@pytest.mark.parametrize(
    ("modules", "dirs", "says"),
    [
        (["IF-MIB"], "{tmp}/none", "no MIB file of IF-MIB found in {tmp}/none (no such folder): "),
        (["IF-MIBB"], "{mibs}", "no MIB file of IF-MIBB found in {mibs}: add its folder"),
        (["ALL"], "{tmp}", "no MIB files found in {tmp}: give their folder with dirs="),
        (["ALL"], "", "no MIB files found (the search path is empty): give"),
    ],
)
def test_a_name_unknown_after_a_load_that_missed_its_modules_says_so(
    tmp_path: Path, modules: list[str], dirs: str, says: str
) -> None:
    """Net-SNMP's line alone (Sub-id not found) hid that the load found no module, as
    a folder misspelt or a module not installed leaves it, when MibWarnings are off."""
    mibs = str(TEST_MIBS / "ietf")
    dirs, says = (
        text.replace("{tmp}", str(tmp_path)).replace("{mibs}", mibs) for text in (dirs, says)
    )
    line = "ifDescr.1: Unknown Object Identifier (Sub-id not found: (top) -> ifDescr); "
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=tmp_path / "cache")
    with pytest.raises(UnknownNameError, match=re.escape(line + says)):
        mib.oid("ifDescr.1")
    found = Mib.load(["IF-MIB"], dirs=require_test_mibs(), cache_dir=tmp_path / "cache")
    with pytest.raises(UnknownNameError, match=r"\(Sub-id not found: \(top\) -> sysFoo\)$"):
        found.oid("sysFoo.0")  # what it was asked for found: Net-SNMP's line alone


def test_a_label_below_an_import_not_found_says_so_by_its_bare_name_too(tmp_path: Path) -> None:
    """A vendor module in a folder of its own, the standard modules not in the search path:
    its labels are unlinked, and said so of ``MODULE::label`` only."""
    (tmp_path / "VENDOR-MIB.my").write_text(
        "VENDOR-MIB DEFINITIONS ::= BEGIN\n"
        "IMPORTS enterprises FROM SNMPv2-SMI;\n"
        "vendorRoot OBJECT IDENTIFIER ::= { enterprises 99999 }\n"
        "vendorThing OBJECT IDENTIFIER ::= { vendorRoot 1 }\n"
        "END\n"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MibWarning)
        mib = Mib.load(["VENDOR-MIB"], dirs=str(tmp_path), cache_dir=tmp_path / "cache")
    below = (
        "VENDOR-MIB defines vendorThing, but below enterprises, imported from SNMPv2-SMI, "
        "which no module loaded defines"
    )
    with pytest.raises(UnknownNameError, match=re.escape(f"-> vendorThing); {below}")):
        mib.oid("vendorThing.1")
    with pytest.raises(UnknownNameError, match=re.escape(f"'VENDOR-MIB::vendorThing': {below}")):
        mib.oid("VENDOR-MIB::vendorThing")


@pytest.mark.parametrize(
    ("name", "oid"),
    [("ifDescr.0", "1.3.6.1.2.1.2.2.1.2.0"), ("hrStorageDescr.0", "1.3.6.1.2.1.25.2.3.1.3.0")],
)
def test_index_values_out_of_their_ranges_are_named_as_with_ir(
    mib: Mib, name: str, oid: str
) -> None:
    """A device's row 0 of a table its MIB indexes from 1: named as snmptranslate -Ir names
    it (without -Ir: Index out of range)."""
    assert _translate("-IR", "-On", name) == []
    assert _translate("-IR", "-Ir", "-On", name) == [f".{oid}"]
    assert mib.oid(name) == oid


def test_a_module_not_found_says_where_to_add_its_folder(mib: Mib) -> None:
    with warnings.catch_warnings(), pytest.raises(UnknownNameError) as caught:
        warnings.simplefilter("ignore", MibWarning)  # Net-SNMP's: Cannot find module (...)
        mib.oid("NO-SUCH-MIB::ifDescr.1")
    assert str(caught.value) == (
        "'NO-SUCH-MIB::ifDescr.1': unknown module NO-SUCH-MIB (no MIB file of it in the search "
        "path: add its folder with dirs= or MIBDIRS, -M on the command line)"
    )


def test_a_definition_below_a_missing_import_says_so(cache: Path) -> None:
    """IF-MIB's folder alone (SNMPv2-SMI missing): its objects are not in the tree, as in
    snmptranslate; the error said "IF-MIB has no object ifDescr", which it defines."""
    npm = str(TEST_MIBS / "npm")
    assert snmptranslate(npm, "IF-MIB", "-On", "IF-MIB::ifDescr.1") == ""
    with warnings.catch_warnings(), pytest.raises(UnknownNameError) as caught:
        warnings.simplefilter("ignore", MibWarning)  # Cannot find module (SNMPv2-SMI)...
        mib = Mib.load(["IF-MIB"], dirs=npm, cache_dir=cache)
        mib.oid("IF-MIB::ifDescr.1")
    assert str(caught.value) == (
        "'IF-MIB::ifDescr.1': IF-MIB defines ifDescr, but below mib-2, imported from "
        "SNMPv2-SMI, which no module loaded defines (see the MibWarnings of the load)"
    )
    with pytest.raises(UnknownNameError, match=r"^'IF-MIB::ifDescrr': IF-MIB has no object ifDe"):
        mib.oid("IF-MIB::ifDescrr")


@pytest.mark.parametrize(
    ("text", "reason"), [(t, r) for t, r in BAD.items() if re.fullmatch(r"[0-9.]+", t, re.ASCII)]
)
def test_numeric_text_is_checked_by_the_core_parser(mib: Mib, text: str, reason: str) -> None:
    """The OID rules hold with MIBs loaded too (one parser): ``1.3.06`` is refused, not read as 1.3.6."""
    with pytest.raises(EncodeError, match=reason):
        mib.oid(text)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("sysName.\u00b2", re.escape("sysName.\u00b2: Unknown Object Identifier (\u00b2)")),
        ("SNMPv2-MIB::sysName.4294967296", "exceeds 2\\^32-1"),
        (".iso.3.6.\u0661", re.escape("(Sub-id not found: dod -> \u0661)")),
    ],
)
def test_numbers_in_names_follow_the_oid_rules(mib: Mib, name: str, reason: str) -> None:
    with pytest.raises(SnmpError, match=reason):
        mib.oid(name)


@pytest.mark.parametrize("oid", ["ifDescr.1", "1..3", "1.3.x", "-1.3"])
def test_name_of_a_non_numeric_oid_raises(mib: Mib, oid: str) -> None:
    with pytest.raises(UnknownNameError):
        mib.name(oid)


def test_node_details(mib: Mib) -> None:
    phys = mib.node("IF-MIB::ifPhysAddress")
    assert (phys.name, phys.module, phys.oid, phys.kind) == (
        "ifPhysAddress",
        "IF-MIB",
        "1.3.6.1.2.1.2.2.1.6",
        "column",
    )
    assert (phys.syntax, phys.textual_convention, phys.base_type) == (
        "PhysAddress",
        "PhysAddress",
        "OCTET STRING",
    )
    assert (phys.display_hint, phys.access, phys.status) == ("1x:", "read-only", "current")
    assert phys.description is not None and "protocol sub-layer" in phys.description
    kind = mib.node("ifType")
    assert kind.enums is not None and kind.enums["softwareLoopback"] == 24
    assert kind.enum_label(6) == "ethernetCsmacd"
    assert mib.node("sysDescr.0").display_hint == "255a"
    assert mib.node("UCD-SNMP-MIB::memTotalReal").units == "kB"
    entry = mib.node("ifXEntry")
    assert entry.kind == "row" and entry.augments is mib.node("ifEntry")
    assert entry.indexes is None
    assert entry.row_indexes == [(mib.node("ifIndex"), False)]
    target = mib.node("snmpTargetAddrEntry")
    assert target.indexes == [(mib.node("snmpTargetAddrName"), True)]
    assert mib.node("snmpEngineID").sizes == [(5, 32)]
    assert mib.node("ifTable").kind == "table"
    assert mib.node("linkDown").kind == "notification"


def test_index_decoding(mib: Mib) -> None:
    assert mib.index("ifDescr.7") == (7,)
    assert mib.index('vacmGroupName.3."comm1"') == (3, b"comm1")
    assert mib.index(INSTANCES[5]) == (b"v3group", b"", 3, 1)
    assert mib.index("snmpTargetAddrTDomain.'targ'") == (b"targ",)
    assert mib.index("ipAdEntAddr.127.0.0.1") == ("127.0.0.1",)
    assert mib.index(INSTANCES[7]) == (bytes.fromhex("80001f8880"), b"user")
    assert mib.index("sysORDescr.3") == (3,)
    assert mib.index(INSTANCES[-1]) == (b"all", "1.3.6")
    # SMIv1 NetworkAddress (RFC 1212 4.1.6): internet(1), then the IPv4 address.
    assert mib.index("RFC1213-MIB::atPhysAddress.2.1.192.0.2.1") == (2, "192.0.2.1")


@pytest.mark.parametrize(
    "name",
    [
        "sysDescr.0",
        "ifTable",
        "ifDescr",
        "ifDescr.1.2",
        "ipAdEntAddr.127.0",
        "1.3.99.1",
        ".1.3.6.1.2.1.4.20.1.1.300.2.3.4",  # no IpAddress: an arc past 255 (was "300.2.3.4")
        ".1.3.6.1.2.1.3.1.1.2.2.2.192.0.2.1",  # a NetworkAddress not internet(1)
        ".1.3.6.1.2.1.3.1.1.2.2.1.192.0.2",  # cut short
    ],
)
def test_index_of_a_non_cell_raises(mib: Mib, name: str) -> None:
    with pytest.raises(UnknownNameError):
        mib.index(name)


def test_index_decoder_keys_rows_by_the_index_clause(mib: Mib) -> None:
    for name in ("IF-MIB::ifTable", "ifEntry", "ifDescr", "ifXTable"):  # ifXEntry AUGMENTS ifEntry
        assert mib.index_decoder(name)((7,)) == (7,)
    vacm = mib.index_decoder("SNMP-VIEW-BASED-ACM-MIB::vacmAccessTable")
    assert vacm((7, *b"v3group", 0, 3, 1)) == (b"v3group", b"", 3, 1)
    assert mib.index_decoder("snmpTargetAddrTable")(tuple(b"targ")) == (b"targ",)  # IMPLIED
    assert mib.index_decoder("ipAddrTable")((127, 0, 0, 1)) == ("127.0.0.1",)
    assert mib.index_decoder("RFC1213-MIB::atTable")((2, 1, 10, 0, 0, 1)) == (2, "10.0.0.1")
    # Arcs an agent got wrong (too few, too many, not octets) stay as they are.
    for arcs in [(9, 1), (1, 300, 0, 3, 1), ()]:
        assert vacm(arcs) == arcs
    assert mib.index_decoder("ipAddrTable")((300, 2, 3, 4)) == (300, 2, 3, 4)  # no address
    assert mib.formatter("X").oid("1.3.6.1.2.1.4.20.1.1.300.2.3.4") == (
        "RFC1213-MIB::ipAdEntAddr[300.2.3.4]"  # printed as snmptranslate prints it
    )
    assert mib.index_decoder("ifIndex")((1, 2)) == (1, 2)


@pytest.mark.parametrize("arcs", ["7", "3.1.65", None, 7, (3, None), (3, "a", 65)])
def test_index_decoder_given_no_arcs_raises(mib: Mib, arcs: object) -> None:
    decode = mib.index_decoder("vacmSecurityToGroupTable")
    with pytest.raises(ArgumentTypeError, match="takes a row's arcs, a tuple of int: not"):
        decode(arcs)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["sysDescr", "sysDescr.0", "system", "1.3.99", "noSuchTable"])
def test_index_decoder_of_no_table_raises(mib: Mib, name: str) -> None:
    with pytest.raises(UnknownNameError):
        mib.index_decoder(name)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "::",
        "IF-MIB::",
        "IF-MIB:::ifDescr",
        "\x00",
        "\ud800",
        "ifDescr.\u0661",
        "\u0661.\u0663.\u0666",
        "1." * 500_000 + "x",
        "iso." + "1." * 500_000,
        "ifDescr." + '"a".' * 300_000,
        "a" * 1_000_000,
        "ifDescr." + "\u00e9" * 1_000_000,
    ],
    ids=range(14),
)
def test_hostile_text_raises_snmp_errors(mib: Mib, text: str) -> None:
    """Never a builtin exception; huge text is refused once past 128 arcs, not read whole."""
    with warnings.catch_warnings(), pytest.raises(SnmpError):
        warnings.simplefilter("ignore", MibWarning)  # "::": Cannot find module, as Net-SNMP
        mib.oid(text)


@pytest.mark.parametrize(
    "oid",
    [
        "1.3.6.1.2.1.2.2.1.2.1",  # a column's cell
        "1.3.6.1.2.1.2.2.1.2",  # the column itself
        "1.3.6.1.2.1.2.2.1.99.1",  # a column no module defines: its row
        "1.3.6.1.2.1.1.1.0",
        "1.3.6.1.6.3.16.1.2.1.3.3.5.99.111.109.109.49",  # a string index
        "1.3.6.1.4.1.99999.1.2.3",  # below what modules define
        "2.5",
        "7.1",  # below no root: the tree's root
    ],
)
def test_deepest_node_by_text_is_the_deepest_by_arcs(mib: Mib, oid: str) -> None:
    assert mib.tree.deepest(oid) is mib.tree.find([int(arc) for arc in oid.split(".")])[0]


@pytest.mark.parametrize(
    "name",
    [
        "ifDescr.",
        "IF-MIB::ifDescr.",
        "ifDescr.1.",
        "ifDescr.1..2",
        "ifEntry..2.1",
        'ifDescr."a".',
        ".iso.org.",
        ".iso..org",
    ],
)
def test_empty_arcs_are_refused_as_snmptranslate_refuses_them(mib: Mib, name: str) -> None:
    assert _translate("-IR", "-On", name) == []
    with pytest.raises(UnknownNameError, match=re.escape(f"{name}: Unknown Object Identifier (")):
        mib.oid(name)


def test_dots_in_quoted_strings_belong_to_the_string(mib: Mib) -> None:
    name = 'vacmGroupName.3."a..b."'
    assert ["." + mib.oid(name)] == _translate("-IR", "-On", name)
