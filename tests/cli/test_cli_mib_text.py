"""MIB text read as Net-SNMP's lexer and parser read it: comments (ended at a second ``--``
on their line, or at the line's end with -Pc), a module without its END, a
TEXTUAL-CONVENTION's slips, slips read past in a MODULE-IDENTITY, MODULE-COMPLIANCE or
AGENT-CAPABILITIES, words read past, identifiers with ``_`` without -Pu (lists and
OID values too), an import cycle, modules and labels named with a digit or a ``-`` first, IMPORTS naming labels
after their last FROM. Each case is compared with snmptranslate on the same files:
output, stderr line for line, exit status."""

from __future__ import annotations

from pathlib import Path

import forked_cli
import pytest
from broken_mibs import (
    COMMENT_SLIPS,
    COMMENTS_MIB,
    COMPLY_MIB,
    CONFORMANCE_SLIPS,
    CYCLE_A_MIB,
    CYCLE_B_MIB,
    DASH_MIB,
    DIGIT_MIB,
    DIGIT_USER_MIB,
    ENDLESS_MIB,
    ENDLESS_USER_MIB,
    MISSING_TYPE_MIB,
    SLIPS_MIB,
    TAIL_MIB,
    TAIL_ONLY_MIB,
    TC_MIB,
    TC_SLIPS,
    TYPELESS_MIB,
    UNDERSCORE_COMPLY_SLIPS,
    UNDERSCORE_SLIPS,
    broken_mib_dirs,
    conformance_mib,
)
from cli_helpers import (
    ANYSNMP,
    ENV,
    run_anysnmp,
    run_netsnmp_tool,
    running,
    same_as_snmptranslate,
)
from mib_helpers import ROWS_MIB, require_test_mibs
from peers import require_tool


@pytest.mark.parametrize("flags", [[], ["-Pc"]])
@pytest.mark.parametrize("slip", COMMENT_SLIPS)
def test_comments_and_stray_words_read_as_net_snmp_reads_them(
    tmp_path: Path, slip: str, flags: list[str]
) -> None:
    old, new = COMMENT_SLIPS[slip]
    text = COMMENTS_MIB.replace(old, new) if old else COMMENTS_MIB
    dirs = broken_mib_dirs(tmp_path, **{"comments.mib": text})
    theirs = same_as_snmptranslate(
        ["-M", dirs, "-m", "BROKEN-COMMENTS-MIB", *flags, "-Tp", ".1.3.6.1.4.1"]
    )
    to_eol = "".join(flags).count("c") % 2 == 1
    if slip == "as written":  # the definition after "-- an aside --" is read without -Pc only
        assert ("noteAside(1)" in theirs.stdout) != to_eol
        assert "noteValue(2)" in theirs.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["-Td", "BROKEN-ENDLESS-USER-MIB::endlessUserValue"],
        ["-Tp", ".1.3.6.1.4.1"],
    ],
)
def test_a_module_without_end_links_nothing_as_in_net_snmp(tmp_path: Path, args: list[str]) -> None:
    dirs = broken_mib_dirs(tmp_path, endless=ENDLESS_MIB, user=ENDLESS_USER_MIB)
    modules = "BROKEN-ENDLESS-MIB:BROKEN-ENDLESS-USER-MIB"
    theirs = same_as_snmptranslate(["-M", dirs, "-m", modules, *args])
    assert "endlessValue" not in theirs.stdout  # its nodes: none; its type: known
    assert "Cannot adopt OID in BROKEN-ENDLESS-USER-MIB: endlessUserBelow" in theirs.stderr


@pytest.mark.parametrize("slip", TC_SLIPS)
def test_textual_convention_slips_read_as_net_snmp_reads_them(tmp_path: Path, slip: str) -> None:
    old, new = TC_SLIPS[slip]
    assert TC_MIB.count(old) == 1
    dirs = broken_mib_dirs(tmp_path, **{"tc.mib": TC_MIB.replace(old, new)})
    # -PW: what Net-SNMP's parser says at its second level (a type it does not know, a
    # string it cuts short) too.
    command = ["-M", dirs, "-m", "BROKEN-TC-MIB", "-PW", "-Td", ".1.3.6.1.4.1.99978.1"]
    theirs = same_as_snmptranslate(command)
    lost = slip.startswith("SYNTAX of an unknown type")
    untyped = lost or slip == "defined below its object"
    assert ("-- TEXTUAL CONVENTION TenthsOf" in theirs.stdout) != untyped
    assert ('DISPLAY-HINT\t"d-1"' in theirs.stdout) == (
        not untyped and slip != "DISPLAY-HINT not quoted"
    )
    assert ("DESCRIPTION must be string (d-1)" in theirs.stderr) == ("not a string" in slip)
    assert ("Textual convention doesn't map to real type" in theirs.stderr) == lost
    dropped = slip.startswith("SYNTAX of an unknown type") and "range" not in slip
    assert ("conventionValue OBJECT-TYPE" in theirs.stdout) != dropped
    assert ("Warning: string too long (Tenths. " in theirs.stderr) == (
        slip == "a DESCRIPTION too long"
    )


@pytest.mark.parametrize(
    ("place", "flags"), [*((place, []) for place in UNDERSCORE_SLIPS), ("DEFVAL", ["-Pu"])]
)
def test_underscores_load_where_net_snmp_reads_them_without_pu(
    tmp_path: Path, place: str, flags: list[str]
) -> None:
    old, new = UNDERSCORE_SLIPS[place]
    assert SLIPS_MIB.count(old) == 1
    dirs = broken_mib_dirs(tmp_path, **{"slips.mib": SLIPS_MIB.replace(old, new)})
    shown = ["-Td", ".1.3.6.1.4.1.99974.1.1.2"] if place == "DEFVAL" else ["-Tp", ".1.3.6.1.4.1"]
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "BROKEN-SLIPS-MIB", *flags, *shown])
    assert "portKind" in theirs.stdout
    if place == "INDEX":
        assert "Index: port, _, Index" in theirs.stdout
    if place == "DEFVAL":
        assert ("{ fast _ One }" in theirs.stdout) != bool(flags)


@pytest.mark.parametrize("place", UNDERSCORE_COMPLY_SLIPS)
def test_underscores_in_lists_and_oid_values_read_as_net_snmp_reads_them(
    tmp_path: Path, place: str
) -> None:
    old, new = UNDERSCORE_COMPLY_SLIPS[place]
    assert COMPLY_MIB.count(old) == 1
    dirs = broken_mib_dirs(tmp_path, **{"comply.mib": COMPLY_MIB.replace(old, new)})
    shown = ["-Td", "complyEvent"] if "NOTIFICATION-TYPE" in place else ["-Tp", "comply"]
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "BROKEN-COMPLY-MIB", "-IR", *shown])
    if "NOTIFICATION-TYPE" in place:
        assert "OBJECTS\t{ comply, _, Value }" in theirs.stdout
    else:
        assert "+--complyCompliance(5)" in theirs.stdout  # the module loads
    assert ("pretty silly" in theirs.stderr) == place.startswith("OID value")
    assert ('Expected "}"' in theirs.stderr) == ("list" in place or "GROUPS" in place)


@pytest.mark.parametrize("slip", CONFORMANCE_SLIPS)
def test_conformance_slips_are_read_past_as_net_snmp_reads_them(tmp_path: Path, slip: str) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"comply.mib": conformance_mib(*CONFORMANCE_SLIPS[slip])})
    names = ["complyValue", "complyCompliance", "complyCaps", "comply"]
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "BROKEN-COMPLY-MIB", "-IR", "-Td", *names])
    dropped = slip.endswith("read to the end")
    assert ("complyCaps AGENT-CAPABILITIES" in theirs.stdout) != dropped
    assert ("Bad parse of MODULE-IDENTITY" in theirs.stderr) == dropped
    if "timestamps" in slip:
        assert "Bad month in timestamp (9913320000Z)" in theirs.stderr


@pytest.mark.parametrize(
    ("modules", "shown"),
    [
        ("BROKEN-CYCLE-A-MIB", ["-Tp", ".1.3.6.1.4.1"]),
        ("BROKEN-CYCLE-B-MIB:BROKEN-CYCLE-A-MIB", ["-Tp", ".1.3.6.1.4.1"]),
        # -Ta lists children in Net-SNMP's order: the orphans of both modules adopted at
        # the load's end, the last module's first (cycleAUnderB before cycleBBelow).
        ("BROKEN-CYCLE-A-MIB", ["-Ta"]),
        ("BROKEN-CYCLE-B-MIB:BROKEN-CYCLE-A-MIB", ["-Ta"]),
        # The types of the module whose IMPORTS are being read are none to the other: its
        # objects of them have no SYNTAX (-PW: 'No known translation for type').
        ("BROKEN-CYCLE-A-MIB", ["-PW", "-Td", "-IR", "cycleBCents", "cycleBHex"]),
        ("BROKEN-CYCLE-B-MIB", ["-PW", "-Td", "-IR", "cycleAHex", "cycleACents"]),
    ],
)
def test_an_import_cycle_is_read_as_net_snmp_reads_it(
    tmp_path: Path, modules: str, shown: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, a=CYCLE_A_MIB, b=CYCLE_B_MIB)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", modules, *shown])
    assert "Unlinked OID in BROKEN-CYCLE-" in theirs.stderr
    if "-Td" not in shown:
        assert "cycleAUnderB" in theirs.stdout  # adopted at the load's end
        return
    first = modules.removeprefix("BROKEN-CYCLE-")[0]
    assert f"No known translation for type (Cycle{first}" in theirs.stderr
    assert theirs.stdout.count("SYNTAX") == 1 and "Integer32 (0.." in theirs.stdout


def test_walk_prints_values_of_types_an_import_cycle_hides_as_snmpwalk(tmp_path: Path) -> None:
    """An object whose type Net-SNMP did not find (in an import cycle) prints without
    that type's DISPLAY-HINT; one of its module's own type with it."""
    dirs = broken_mib_dirs(tmp_path, a=CYCLE_A_MIB, b=CYCLE_B_MIB)
    records = tmp_path / "cycle.snmprec"
    records.write_text(
        "".join(
            f"1.3.6.1.4.1.{arcs}.0|2|1234\n"
            for arcs in ("99961.1", "99961.2", "99961.5.3", "99961.5.4", "99962")
        )
    )
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        for modules, hidden in (
            ("BROKEN-CYCLE-A-MIB", "cycleBCents"),
            ("BROKEN-CYCLE-B-MIB", "cycleAHex"),
        ):
            args = ["-v2c", "-c", "public", "-M", dirs, "-m", modules, addr, ".1.3.6.1.4.1.99961"]
            ours = run_anysnmp("walk", *args)
            theirs = run_netsnmp_tool("snmpwalk", *args)
            assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
            assert len(theirs.out.splitlines()) == 4
            assert f"{hidden}.0 = INTEGER: 1234" in theirs.out


#: A module whose texts hold bytes outside ASCII, Latin-1 and UTF-8 alike: a comment, a
#: DISPLAY-HINT, UNITS, DESCRIPTIONs.
_BYTES_MIB = (
    b"BROKEN-BYTES-MIB DEFINITIONS ::= BEGIN\n"
    b"-- Soci\xe9t\xe9 \xe2\x82\xac\n"
    b"IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI\n"
    b"        TEXTUAL-CONVENTION FROM SNMPv2-TC;\n"
    b"Grade ::= TEXTUAL-CONVENTION\n"
    b'    DISPLAY-HINT "d-1\xc2\xb0"\n'
    b"    STATUS      current\n"
    b'    DESCRIPTION "Degr\xc3\xa9s \xb0"\n'
    b"    SYNTAX      Integer32\n"
    b"bytesTemp OBJECT-TYPE\n"
    b"    SYNTAX      Grade\n"
    b'    UNITS       "\xb0C"\n'
    b"    MAX-ACCESS  read-only\n"
    b"    STATUS      current\n"
    b'    DESCRIPTION "Temp\xe9rature en \xc2\xb0C \xe2\x82\xac"\n'
    b"    ::= { enterprises 99971 }\n"
    b"END\n"
)

#: Bytes Net-SNMP's lexer reads as a word each, a label to its parser (old, new).
_STRAY_BYTES = {
    "as written": (b"", b""),
    "a NUL between IMPORTS symbols": (b"Integer32 FROM", b"Integer32\0 FROM"),
    "a UTF-8 character between IMPORTS symbols": (b"Integer32 FROM", b"Integer32 \xc3\xa9 FROM"),
    "a no-break space within an OID value": (b"enterprises 99971", b"enterprises \xc2\xa0 99971"),
    "a Latin-1 byte within an OID value": (b"enterprises 99971", b"enterprises \xe9 99971"),
}


@pytest.mark.parametrize("case", _STRAY_BYTES)
@pytest.mark.parametrize("shown", [["-Td", "bytesTemp"], ["-Tp", "enterprises"]])
def test_bytes_outside_ascii_read_and_print_as_net_snmp_reads_them(
    tmp_path: Path, case: str, shown: list[str]
) -> None:
    old, new = _STRAY_BYTES[case]
    folder = tmp_path / "mibs"
    folder.mkdir()
    (folder / "bytes.mib").write_bytes(_BYTES_MIB.replace(old, new) if old else _BYTES_MIB)
    args = ["-M", f"{folder}:{require_test_mibs()}", "-m", "BROKEN-BYTES-MIB", "-IR", *shown]
    ours, theirs = (
        forked_cli.run(command, capture_output=True, env=ENV)
        for command in ([*ANYSNMP, "translate", *args], [require_tool("snmptranslate"), *args])
    )
    assert (ours.returncode, ours.stdout, ours.stderr) == (
        theirs.returncode,
        theirs.stdout,
        theirs.stderr,
    )
    assert (b"\xb0" in theirs.stdout) == (shown[0] == "-Td")  # Latin-1 and UTF-8 bytes as read


#: Named arcs whose number reads -1 in a C int (2^32-1, 2^33-1, past 2^64): Net-SNMP's mark
#: of an arc without a number, so at 0 ("This entry is pretty silly"); the last arc too.
_MINUS_ONE_MIB = """\
MINUS-ONE-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;
minusRoot OBJECT IDENTIFIER ::= { enterprises 99949 }
minusNamed OBJECT IDENTIFIER ::= { minusRoot minus(4294967295) 2 }
minusWide OBJECT IDENTIFIER ::= { minusRoot wide(8589934591) 3 }
minusHuge OBJECT IDENTIFIER ::= { minusRoot huge(99999999999999999999) 4 }
minusValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Below a named arc of -1."
    ::= { minusRoot inner(4294967295) 6 }
minusLast OBJECT IDENTIFIER ::= { minusRoot last(4294967295) }
minusOther OBJECT IDENTIFIER ::= { minusRoot 7 }
END
"""


@pytest.mark.parametrize("shown", [["-Tp", "-IR", "minusRoot"], ["-Tz"], ["-Ta"]])
def test_a_named_arc_of_minus_one_is_read_as_net_snmp_reads_it(
    tmp_path: Path, shown: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"minus.mib": _MINUS_ONE_MIB})
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "MINUS-ONE-MIB", *shown])
    assert "This entry is pretty silly (minus)" in theirs.stderr
    assert "This entry is pretty silly (minusLast)" in theirs.stderr
    assert "minusValue" in theirs.stdout and "4294967295" not in theirs.stdout


def test_defvals_of_every_kind_print_as_net_snmps(tmp_path: Path) -> None:
    """The compiled record keeps a hex or binary DEFVAL as written (a new row's octets);
    -Td prints Net-SNMP's number of it, and the other kinds as Net-SNMP's text."""
    dirs = broken_mib_dirs(tmp_path, **{"rows.mib": ROWS_MIB})
    columns = ["kindNumber", "kindStorage", "kindText", "kindHex", "kindBinary", "kindAddress"]
    columns += ["kindOid", "kindNoBits", "kindBits", "kindUnknown"]
    for column in columns:
        theirs = same_as_snmptranslate(
            ["-M", dirs, "-m", "ANYSNMP-ROWS-TEST-MIB", "-IR", "-Td", column]
        )
        assert "DEFVAL" in theirs.stdout


def _long_mib(name: str, arc: int, value: str) -> str:
    """A module of a root (at `arc`) and a definition of OID value `value` below it (its
    NAME, of a value below ROOT)."""
    label = name.lower().partition("-")[0]
    return (
        f"{name} DEFINITIONS ::= BEGIN\n"
        "IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;\n"
        f"{label}Root OBJECT IDENTIFIER ::= {{ enterprises {arc} }}\n"
        f"{value.replace('ROOT', f'{label}Root').replace('NAME', f'{label}Value')}\n"
        f"{label}After OBJECT IDENTIFIER ::= {{ {label}Root 2 }}\n"
        "END\n"
    )


#: OID values of as many arcs as Net-SNMP's getoid reads (31) and more: past 31, "Too long
#: OID" of the word after the 32nd (the "}" too, on its own line) and the module dropped.
_LONG_MIBS = {
    "long.mib": _long_mib(
        "LONG-MIB", 99944, "NAME OBJECT IDENTIFIER ::= { ROOT " + "1 " * 30 + "}"
    ),
    "longer.mib": _long_mib(
        "LONGER-MIB", 99943, "NAME OBJECT IDENTIFIER ::= { ROOT\n    " + "1 " * 31 + "\n    }"
    ),
    "longest.mib": _long_mib(
        "LONGEST-MIB",
        99942,
        "NAME OBJECT-TYPE\n    SYNTAX      Integer32\n    MAX-ACCESS  read-only\n"
        '    STATUS      current\n    DESCRIPTION "x"\n    ::= { ROOT '
        + " ".join(f"a{at}({at})" for at in range(20))
        + "\n      "
        + "2 " * 19
        + "}",
    ),
}


@pytest.mark.parametrize("shown", [["-Tp", "-IR", "longRoot"], ["-Tz"], ["-Ta"]])
def test_an_oid_value_of_more_arcs_than_net_snmp_reads_drops_its_module(
    tmp_path: Path, shown: list[str]
) -> None:
    # Each loaded whole: the arcs past the 31st as more nodes below.
    dirs = broken_mib_dirs(tmp_path, **_LONG_MIBS)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "LONG-MIB:LONGER-MIB:LONGEST-MIB", *shown])
    assert f"Too long OID (}}): At line 6 in {tmp_path}/mibs/longer.mib" in theirs.stderr
    assert f"Bad parse of OBJECT-TYPE: At line 10 in {tmp_path}/mibs/longest.mib" in theirs.stderr
    assert "longValue" in theirs.stdout and "longerValue" not in theirs.stdout


@pytest.mark.parametrize("flags", [[], ["-Pu"]])
@pytest.mark.parametrize(
    ("module", "shown"),
    [
        ("3COM-TEST-MIB", ["-On", "3COM-TEST-MIB::a3com"]),
        ("3COM-TEST-MIB", [".1.3.6.1.4.1.43"]),
        ("4X-MIB", ["-Tp", ".1.3.6.1.4.1.43"]),
        ("4X-MIB", ["-Td", "4X-MIB::4entry"]),
        ("4X-MIB", ["-On", "4X-MIB::4value.3"]),
        ("4X-MIB", [".1.3.6.1.4.1.43.7.2.2"]),
        ("ALL", ["-IR", "-On", "4value"]),
        ("DASH-MIB", ["-Tp", ".1.3.6.1.4.1.43"]),
        ("DASH-MIB", ["-On", "DASH-MIB::-dash"]),
        ("DASH-MIB", [".1.3.6.1.4.1.43.1.2"]),
        ("DASH-MIB", ["-Td", "DASH-MIB::-kind"]),
        ("DASH-MIB", ["-Td", "DASH-MIB::4kind"]),
    ],
)
def test_modules_and_labels_named_with_a_digit_first_load_as_in_net_snmp(
    tmp_path: Path, module: str, shown: list[str], flags: list[str]
) -> None:
    """A word that is no number is a label to Net-SNMP's lexer, a module's name too
    (``3COM-TEST-MIB``), one of a ``-`` first too (``-dash``): such a module loads, and its
    labels are names. Before, pysmi's grammar took none, so the module did not load:
    ``3COM-TEST-MIB::a3com: Unknown Object Identifier``, and in silence."""
    texts = {"3com.mib": DIGIT_MIB, "4x.mib": DIGIT_USER_MIB, "dash.mib": DASH_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", module, *flags, *shown])
    assert theirs.returncode == 0 and "Unknown" not in theirs.stdout + theirs.stderr


@pytest.mark.parametrize(
    ("modules", "shown"),
    [
        ("TAIL-MIB", ["-Tp", ".1.3.6.1.4.1"]),
        ("TAIL-MIB", ["-On", "TAIL-MIB::tail2"]),
        ("SNMPv2-TC:TAIL-MIB", ["-Td", "TAIL-MIB::tail"]),
        ("TAIL-ONLY-MIB", ["-Tp", ".1.3.6.1.4.1"]),
        ("SNMPv2-SMI:TAIL-ONLY-MIB", ["-On", "TAIL-ONLY-MIB::tail4"]),
    ],
)
def test_imports_after_the_last_from_are_looked_up_in_any_module_as_in_net_snmp(
    tmp_path: Path, modules: str, shown: list[str]
) -> None:
    """Labels an IMPORTS names after its last FROM (or with no FROM) come from no module
    read for them: Net-SNMP looks each up in any module loaded, saying ``Did not find
    'stray' in module #-1`` of one none defines, and loads the module. Before, pysmi's
    grammar took none: the module did not load, and nothing said so."""
    texts = {"3com.mib": DIGIT_MIB, "tail.mib": TAIL_MIB, "only.mib": TAIL_ONLY_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", modules, "-Pw", *shown])
    # enterprises is found once SNMPv2-SMI is loaded; stray never is.
    assert ("in module #-1" in theirs.stderr) != modules.startswith("SNMPv2-SMI")


@pytest.mark.parametrize(
    "shown", [["-Tp", ".1.3.6.1.4.1.43"], ["-On", "MISSING-TYPE-MIB::typeless"]]
)
def test_a_type_imported_from_a_module_of_none_is_not_found_as_in_net_snmp(
    tmp_path: Path, shown: list[str]
) -> None:
    """A module of SMIv1 imports (RFC1155-SMI) defines no DisplayString, though pysmi's record
    of it lists SMIv1's types among its imports: ``Did not find 'DisplayString' in module
    3COM-TEST-MIB``, as Net-SNMP says, where nothing was said."""
    dirs = broken_mib_dirs(tmp_path, **{"3com.mib": DIGIT_MIB, "type.mib": MISSING_TYPE_MIB})
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "MISSING-TYPE-MIB", *shown])
    assert "Did not find 'DisplayString' in module 3COM-TEST-MIB" in theirs.stderr


@pytest.mark.parametrize(
    ("modules", "shown"),
    [
        ("BROKEN-TYPELESS-MIB", ["-Td", "BROKEN-TYPELESS-MIB::typelessSized"]),
        ("BROKEN-TYPELESS-MIB", ["-Td", "BROKEN-TYPELESS-MIB::typelessRanged"]),
        ("BROKEN-TYPELESS-MIB", ["-Td", "BROKEN-TYPELESS-MIB::typelessUnits"]),
        ("BROKEN-TYPELESS-MIB", ["-Td", "BROKEN-TYPELESS-MIB::typelessPlain"]),
        ("BROKEN-TYPELESS-MIB", ["-Td", "-On", "BROKEN-TYPELESS-MIB::typelessColumn.3"]),
        ("BROKEN-TYPELESS-MIB", ["-Tp", "BROKEN-TYPELESS-MIB::typeless"]),
        ("MISSING-TYPE-MIB:BROKEN-TYPELESS-MIB", ["-Td", "MISSING-TYPE-MIB::typeless"]),
    ],
)
def test_td_of_a_type_not_found_prints_as_in_net_snmp(
    tmp_path: Path, modules: str, shown: list[str]
) -> None:
    """An OBJECT-TYPE whose type is not found has no base type to Net-SNMP, but keeps its
    own ranges: -Td prints them as it prints an Opaque's (the last module named, once per
    range) where the SYNTAX line would be, and ends that line only after a type's name, so
    the next clause follows on it. Before, no SYNTAX line was printed."""
    texts = {"3com.mib": DIGIT_MIB, "type.mib": MISSING_TYPE_MIB, "typeless.mib": TYPELESS_MIB}
    dirs = broken_mib_dirs(tmp_path, **texts)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", modules, *shown])
    assert "SYNTAX" not in theirs.stdout  # no type, no SYNTAX keyword


@pytest.mark.parametrize("modules", ["TAIL-MIB", "SNMPv2-SMI:TAIL-MIB"])
def test_a_module_without_its_end_says_no_import_not_found_as_in_net_snmp(
    tmp_path: Path, modules: str
) -> None:
    """Net-SNMP says ``Did not find 'x' in module M`` as it links a module's nodes, at its
    END: of a text that ends before it, nothing (here a FROM module's label it lacks, and
    labels after the last FROM). Before, each import not found was said."""
    text = TAIL_MIB.replace("a3com FROM", "a3com, nothere FROM").removesuffix("END\n")
    dirs = broken_mib_dirs(tmp_path, **{"3com.mib": DIGIT_MIB, "tail.mib": text})
    theirs = same_as_snmptranslate(["-M", dirs, "-m", modules, "-On", "TAIL-MIB::tail2"])
    assert "Unknown Object Identifier" in theirs.stderr  # the module's nodes: none
