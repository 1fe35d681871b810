"""The modules a load reads as Net-SNMP reads IMPORTS: not a module a module imports only
keywords from (``OBJECT-TYPE, Integer32 FROM SNMPv2-SMI``), so neither SNMPv2-SMI's nodes
for an SMIv1 module; old modules' spellings (``FROM RFC-1213``) read as their replacement,
what hangs below their imports linked and their types that module's. Each case compared
with snmptranslate (output, stderr line for line, status) and snmpwalk on the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_mibs import broken_mib_dirs
from cli_helpers import (
    run_anysnmp,
    run_netsnmp_tool,
    running,
    same_as_snmptranslate,
)
from mib_helpers import TEST_MIBS

#: An SMIv1 module of SMIv1 imports only (RFC1155-SMI, RFC-1212, RFC1213-MIB).
SMIV1_MIB = """\
IMPORTS-SMIV1-MIB DEFINITIONS ::= BEGIN
IMPORTS
    enterprises, Counter FROM RFC1155-SMI
    OBJECT-TYPE FROM RFC-1212
    DisplayString FROM RFC1213-MIB;

vOne OBJECT IDENTIFIER ::= { enterprises 99957 }
vOneName OBJECT-TYPE
    SYNTAX  DisplayString (SIZE (0..32))
    ACCESS  read-only
    STATUS  mandatory
    DESCRIPTION "A name."
    ::= { vOne 1 }
vOneCount OBJECT-TYPE
    SYNTAX  Counter
    ACCESS  read-only
    STATUS  mandatory
    DESCRIPTION "A count."
    ::= { vOne 2 }
END
"""

#: Imports from RFC-1213, an old spelling of RFC1213-MIB, which Net-SNMP reads in its place.
SPELLING_MIB = """\
IMPORTS-SPELLING-MIB DEFINITIONS ::= BEGIN
IMPORTS
    mib-2, DisplayString FROM RFC-1213
    OBJECT-TYPE FROM RFC-1212;

spelling OBJECT IDENTIFIER ::= { mib-2 9956 }
spellingName OBJECT-TYPE
    SYNTAX  DisplayString
    ACCESS  read-only
    STATUS  mandatory
    DESCRIPTION "A name."
    ::= { spelling 1 }
spellingBelow OBJECT IDENTIFIER ::= { spelling 2 }
END
"""

#: Below a node of the old spelling's module hanging below its import.
USER_MIB = """\
IMPORTS-USER-MIB DEFINITIONS ::= BEGIN
IMPORTS spelling FROM IMPORTS-SPELLING-MIB;
user OBJECT IDENTIFIER ::= { spelling 3 }
END
"""

#: Keywords alone from SNMPv2-SMI (Net-SNMP reads none of it), and a parent not imported.
KEYWORDS_MIB = """\
IMPORTS-KEYWORDS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
    DisplayString FROM SNMPv2-TC;

keywords OBJECT IDENTIFIER ::= { iso 3 6 1 4 1 99955 }
keywordsName OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A name."
    ::= { keywords 1 }
keywordsAside OBJECT IDENTIFIER ::= { enterprises 99954 }
END
"""

TEXTS = {
    "smiv1.mib": SMIV1_MIB,
    "spelling.mib": SPELLING_MIB,
    "keywords.mib": KEYWORDS_MIB,
    "user.mib": USER_MIB,
}


@pytest.mark.parametrize("module", ["IMPORTS-SMIV1-MIB", "IMPORTS-KEYWORDS-MIB", "SNMPv2-TC"])
@pytest.mark.parametrize("shown", [["-Tz"], ["-Tt"], ["-Tp"]])
def test_a_module_imported_only_keywords_from_is_not_read(
    tmp_path: Path, module: str, shown: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", module, *shown])
    assert "snmpV2" not in theirs.stdout  # SNMPv2-SMI's: imported nothing but keywords from
    if shown == ["-Tz"] and module != "SNMPv2-TC":
        assert '"mib-2"' in theirs.stdout or "Cannot adopt OID" in theirs.stderr


@pytest.mark.parametrize("flags", [[], ["-Pw"]])
@pytest.mark.parametrize(
    "shown",
    [["-Tz"], ["-Tt"], ["-Td", "-IR", "spellingName"], ["-Tp", "-IR", "spelling"]],
)
def test_an_old_spelling_of_rfc1213_mib_is_read_as_rfc1213_mib(
    tmp_path: Path, flags: list[str], shown: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "IMPORTS-SPELLING-MIB", *flags, *shown])
    assert "Unlinked" not in theirs.stderr and "spelling" in theirs.stdout
    said = "Importing mib-2 from replacement module RFC1213-MIB instead of RFC-1213"
    assert (said in theirs.stderr) == bool(flags)


@pytest.mark.parametrize("shown", [["-Tz"], ["-Ta"], ["-Tp", "-IR", "spelling"]])
def test_what_hangs_below_an_old_spelling_s_node_is_linked(
    tmp_path: Path, shown: list[str]
) -> None:
    """A module importing a node the old spelling's module linked below its import: found
    and linked, in Net-SNMP's order (-Ta), not adopted nor unlinked."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "IMPORTS-USER-MIB", *shown])
    assert "user" in theirs.stdout and theirs.stderr == ""


def test_old_modules_missing_are_read_as_their_replacements(tmp_path: Path) -> None:
    """Without RFC1213-MIB (erlang-snmp's folder but it): mib-2 is SNMPv2-SMI's, the
    replacement of RFC1213-MIB's, DisplayString found in no module, as Net-SNMP reads them."""
    erlang = tmp_path / "erlang"
    erlang.mkdir()
    for file in (TEST_MIBS / "erlang").iterdir():
        if not file.name.startswith("RFC1213-MIB"):
            (erlang / file.name).symlink_to(file)
    own = broken_mib_dirs(tmp_path, **TEXTS).split(":")[0]
    folders = [own, str(erlang), *(str(TEST_MIBS / name) for name in ("netsnmp", "npm", "ietf"))]
    for shown in (["-Tz"], ["-Td", "-IR", "spellingName"], ["-Tt"]):
        args = ["-M", ":".join(folders), "-m", "IMPORTS-SPELLING-MIB", "-Pw", *shown]
        theirs = same_as_snmptranslate(args)
        assert "spelling" in theirs.stdout and "Unlinked" not in theirs.stderr
        assert "Did not find 'DisplayString' in module #-1" in theirs.stderr


def test_walk_names_as_snmpwalk_with_smiv1_modules(tmp_path: Path) -> None:
    """An OID below what SNMPv2-SMI names prints below RFC1155-SMI's internet, the old
    spelling's objects named, with RFC1213-MIB's DisplayString."""
    dirs = broken_mib_dirs(tmp_path, **TEXTS)
    records = tmp_path / "v1.snmprec"
    records.write_text(
        "1.3.6.1.2.1.9956.1.0|4|named\n"
        "1.3.6.1.4.1.99957.1.0|4|vone\n"
        "1.3.6.1.4.1.99957.2.0|65|7\n"
        "1.3.6.1.6.3.1.1.4.1.0|6|1.3.6.1.4.1.99957\n"
        "1.3.7.1.0|2|1\n"
    )
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        for module in ("IMPORTS-SMIV1-MIB", "IMPORTS-SPELLING-MIB"):
            args = ["-v2c", "-c", "public", "-M", dirs, "-m", module, addr, ".1.3.6.1"]
            ours = run_anysnmp("walk", *args)
            theirs = run_netsnmp_tool("snmpwalk", *args)
            assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
            assert "RFC1155-SMI::internet.6.3.1.1.4.1.0 = OID: " in theirs.out
    assert 'IMPORTS-SPELLING-MIB::spellingName.0 = STRING: "named"' in theirs.out


#: A module importing from itself: a node before the import that links its parent, a type
#: of its own, nodes after it, and a label it does not define.
SELF_MIB = """\
IMPORTS-SELF-MIB DEFINITIONS ::= BEGIN
IMPORTS selfRoot, SelfTenths FROM IMPORTS-SELF-MIB
        enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC
        selfBranch, selfValue, selfNowhere FROM IMPORTS-SELF-MIB;
SelfTenths ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "d-1"
    STATUS       current
    DESCRIPTION  "Tenths."
    SYNTAX       Integer32
selfRoot OBJECT IDENTIFIER ::= { enterprises 99940 }
selfBranch OBJECT IDENTIFIER ::= { selfRoot 1 }
selfValue OBJECT-TYPE
    SYNTAX      SelfTenths
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Below its own imports."
    ::= { selfBranch 1 }
END
"""


@pytest.mark.parametrize("shown", [["-Tz"], ["-Td", "-IR", "selfValue"], ["-Ta"]])
def test_imports_of_a_module_from_itself_are_found_as_net_snmp_finds_them(
    tmp_path: Path, shown: list[str]
) -> None:
    """Net-SNMP looks each import up once the module is read, in the IMPORTS' order: its own
    type, and its own nodes that an import before linked, are found; the others not (we
    said 'Did not find' of each)."""
    dirs = broken_mib_dirs(tmp_path, **{"self.mib": SELF_MIB})
    theirs = same_as_snmptranslate(["-M", dirs, "-m", "IMPORTS-SELF-MIB", *shown])
    assert theirs.stderr.count("Did not find") == 2  # selfRoot, selfNowhere
