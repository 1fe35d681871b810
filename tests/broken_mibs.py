"""MIB modules with the slips real-world MIBs have, written for the tests (tests/mib, tests/cli)."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path
from typing import Any

from mib_helpers import MIB_TOOL_ENV, require_test_mibs
from peers import require_tool

from anysnmp import Mib, MibWarning

#: Imports from a module that exists nowhere; a parent nobody defines, and a node below it;
#: two nodes below one another; a type nobody defines; a type defined elsewhere but not
#: imported.
PARTS_MIB = """\
BROKEN-PARTS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    DisplayString FROM SNMPv2-TC
    ghostRoot, GhostType FROM BROKEN-NOWHERE-MIB;

parts OBJECT IDENTIFIER ::= { enterprises 99980 }

partGood OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Nothing wrong here."
    ::= { parts 1 }

partGhostChild OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Below a node of the missing module."
    ::= { ghostRoot 1 }

partGhostTyped OBJECT-TYPE
    SYNTAX      GhostType
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Of a type of the missing module."
    ::= { parts 2 }

partOrphan OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Below a label no module defines."
    ::= { nowhereParent 1 }

partBelowOrphan OBJECT IDENTIFIER ::= { partOrphan 5 }
partLoopOne OBJECT IDENTIFIER ::= { partLoopTwo 1 }
partLoopTwo OBJECT IDENTIFIER ::= { partLoopOne 2 }

partUndefinedType OBJECT-TYPE
    SYNTAX      NoSuchConvention
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Of a type no module defines."
    ::= { parts 3 }

partUnimportedType OBJECT-TYPE
    SYNTAX      TruthValue
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Of a type SNMPv2-TC defines, not imported."
    ::= { parts 4 }

partLast OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "After all that."
    ::= { parts 5 }
END
"""

#: A table whose INDEX names a column nobody defines; an import its module lacks.
TABLE_MIB = """\
BROKEN-TABLE-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    DisplayString, NoSuchConvention FROM SNMPv2-TC;

shelf OBJECT IDENTIFIER ::= { enterprises 99981 }

shelfTable OBJECT-TYPE
    SYNTAX      SEQUENCE OF ShelfEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A table."
    ::= { shelf 1 }

shelfEntry OBJECT-TYPE
    SYNTAX      ShelfEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A row."
    INDEX       { shelfIndex, shelfNoSuchColumn }
    ::= { shelfTable 1 }

ShelfEntry ::= SEQUENCE { shelfIndex Integer32, shelfName DisplayString }

shelfIndex OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "The index."
    ::= { shelfEntry 1 }

shelfName OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A name."
    ::= { shelfEntry 2 }

shelfOdd OBJECT-TYPE
    SYNTAX      NoSuchConvention
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Of a type SNMPv2-TC does not define."
    ::= { shelf 2 }
END
"""

#: A row AUGMENTS a row nobody defines; an SMIv1 trap of an enterprise nobody defines.
LINKS_MIB = """\
BROKEN-LINKS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    TRAP-TYPE FROM RFC-1215;

links OBJECT IDENTIFIER ::= { enterprises 99985 }

linkTable OBJECT-TYPE
    SYNTAX      SEQUENCE OF LinkEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A table."
    ::= { links 1 }

linkEntry OBJECT-TYPE
    SYNTAX      LinkEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A row extending a row nobody defines."
    AUGMENTS    { noSuchEntry }
    ::= { linkTable 1 }

LinkEntry ::= SEQUENCE { linkValue Integer32 }

linkValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value."
    ::= { linkEntry 1 }

linkTrap TRAP-TYPE
    ENTERPRISE  noSuchEnterprise
    DESCRIPTION "A trap of an enterprise nobody defines."
    ::= 3
END
"""

#: A misspelt keyword in one definition: Net-SNMP drops the whole module.
TYPO_MIB = """\
BROKEN-TYPO-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;

typo OBJECT IDENTIFIER ::= { enterprises 99982 }

typoBefore OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Before the slip."
    ::= { typo 1 }

typoSlip OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACESS   read-only
    STATUS      current
    DESCRIPTION "The slip."
    ::= { typo 2 }
END
"""

#: Imports a node of the module that does not parse.
LEANING_MIB = """\
BROKEN-LEANING-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI
        typo FROM BROKEN-TYPO-MIB;

leaning OBJECT IDENTIFIER ::= { enterprises 99986 }
leaningOnTypo OBJECT IDENTIFIER ::= { typo 9 }
END
"""

#: Below a parent it neither defines nor imports (ADOPTIVE-MIB defines it), and below that.
ORPHAN_MIB = """\
BROKEN-ORPHAN-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;

orphans OBJECT IDENTIFIER ::= { enterprises 99984 }

orphanLeaf OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Its parent is another module's."
    ::= { adoptiveRoot 1 }

orphanBelow OBJECT IDENTIFIER ::= { orphanLeaf 2 }
END
"""

#: Imports that parent from a module that exists nowhere.
LOST_IMPORT_MIB = """\
BROKEN-LOST-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        adoptiveRoot FROM BROKEN-GONE-MIB;

lostLeaf OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Its parent's module is missing; another module defines the parent."
    ::= { adoptiveRoot 7 }
END
"""

ADOPTIVE_MIB = """\
ADOPTIVE-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
adoptiveRoot OBJECT IDENTIFIER ::= { enterprises 99983 }
END
"""

#: Groups and compliances naming objects, groups and notifications nobody defines (of this
#: module, of another module, of a module that exists nowhere); one module imported twice.
COMPLY_MIB = """\
BROKEN-COMPLY-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, NOTIFICATION-TYPE, Integer32, enterprises
        FROM SNMPv2-SMI
    MODULE-COMPLIANCE, OBJECT-GROUP, NOTIFICATION-GROUP FROM SNMPv2-CONF
    ifIndex FROM IF-MIB
    ghostThing FROM BROKEN-NOWHERE-MIB
    otherGhost FROM BROKEN-NOWHERE-MIB;

comply MODULE-IDENTITY
    LAST-UPDATED "202601010000Z"
    ORGANIZATION "none"
    CONTACT-INFO "none"
    DESCRIPTION "Groups and compliances naming what nobody defines."
    ::= { enterprises 99987 }

complyValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value."
    ::= { comply 1 }

complyEvent NOTIFICATION-TYPE
    OBJECTS     { complyValue }
    STATUS      current
    DESCRIPTION "An event."
    ::= { comply 2 }

complyGroup OBJECT-GROUP
    OBJECTS     { complyValue, complyMissing, ifIndex, complyAbsent }
    STATUS      current
    DESCRIPTION "Objects, two of them nowhere."
    ::= { comply 3 }

complyEvents NOTIFICATION-GROUP
    NOTIFICATIONS { complyEvent, complyNoEvent }
    STATUS      current
    DESCRIPTION "Notifications, one nowhere."
    ::= { comply 4 }

complyCompliance MODULE-COMPLIANCE
    STATUS      current
    DESCRIPTION "Compliance."
    MODULE -- this module
        MANDATORY-GROUPS { complyGroup, complyNoGroup }
        GROUP       complyEvents
        DESCRIPTION "Events."
        OBJECT      complyNoObject
        MIN-ACCESS  read-only
        DESCRIPTION "Not there."
    MODULE IF-MIB
        MANDATORY-GROUPS { ifGeneralInformationGroup, ifNoSuchGroup }
    ::= { comply 5 }

complyOther MODULE-COMPLIANCE
    STATUS      current
    DESCRIPTION "Compliance to a module nowhere."
    MODULE BROKEN-NOWHERE-MIB
        MANDATORY-GROUPS { nowhereGroup }
    MODULE BROKEN-COMPLY-MIB
        MANDATORY-GROUPS { complyLastMissing }
    ::= { comply 6 }
END
"""

#: SMIv1 imports from old modules Net-SNMP replaces by newer ones when missing (RFC1213-MIB
#: by IF-MIB for ifIndex, RFC1158-MIB by RFC1213-MIB, RFC1271-MIB by RMON-MIB).
OLD_MIB = """\
BROKEN-OLD-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE FROM RFC-1212
    ifIndex, DisplayString, mib-2 FROM RFC1213-MIB
    nullOID FROM RFC1158-MIB
    cattle FROM RFC1271-MIB;

oldies OBJECT IDENTIFIER ::= { mib-2 9998 }

oldIndex OBJECT-TYPE
    SYNTAX  INTEGER
    ACCESS  read-only
    STATUS  mandatory
    DESCRIPTION "An SMIv1 object below an index of IF-MIB's."
    ::= { oldies 1 }
END
"""

#: A compliance naming a broken module it does not import: Net-SNMP reads that module there.
NAMING_MIB = """\
BROKEN-NAMING-MIB DEFINITIONS ::= BEGIN
IMPORTS MODULE-COMPLIANCE FROM SNMPv2-CONF
        enterprises FROM SNMPv2-SMI;

naming OBJECT IDENTIFIER ::= { enterprises 99988 }

namingCompliance MODULE-COMPLIANCE
    STATUS      current
    DESCRIPTION "Names a module it does not import."
    MODULE BROKEN-PARTS-MIB
        MANDATORY-GROUPS { partGood, partNoSuchGroup }
    ::= { naming 1 }
END
"""


def broken_mib_dirs(tmp_path: Path, **texts: str) -> str:
    """A folder holding the modules `texts` (file name: text), then the test MIB set."""
    folder = tmp_path / "mibs"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text)
    return f"{folder}:{require_test_mibs()}"


def netsnmp_stderr(tool: str, dirs: str, modules: str, *args: str) -> list[str]:
    """What a Net-SNMP tool prints on stderr with MIBs `modules` of `dirs` (and `args`)."""
    done = subprocess.run(
        [require_tool(tool), "-M", dirs, "-m", modules, *args],
        capture_output=True,
        text=True,
        check=False,
        env=MIB_TOOL_ENV,
    )
    return done.stderr.splitlines()


def load_warned(dirs: str, modules: str, cache: Path, **options: Any) -> tuple[Mib, list[str]]:
    """A `Mib.load` (with `options`: ``errors=False``...) and the messages of the
    `MibWarning`s it gave, in order."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=cache, **options)
    return mib, [str(warning.message) for warning in caught]


#: A vendor's module with underscores in its name and its identifiers (object, type, row,
#: enum labels, INDEX and SEQUENCE entries): Net-SNMP reads it with -Pu only.
UNDERSCORE_MIB = """\
VENDOR_UNDER-MIB DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    TEXTUAL-CONVENTION, DisplayString FROM SNMPv2-TC;

vendor_Under MODULE-IDENTITY
    LAST-UPDATED "202601010000Z"
    ORGANIZATION "none"
    CONTACT-INFO "none"
    DESCRIPTION "Underscores in names; in this text_they stay as written."
    ::= { enterprises 99970 }

Port_Speed ::= TEXTUAL-CONVENTION
    STATUS      current
    DESCRIPTION "A speed."
    SYNTAX      INTEGER { slow_one(1), fast_two(2) }

port_Table OBJECT-TYPE
    SYNTAX      SEQUENCE OF Port_Entry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "Ports."
    ::= { vendor_Under 1 }

port_Entry OBJECT-TYPE
    SYNTAX      Port_Entry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A port."
    INDEX       { port_Index }
    ::= { port_Table 1 }

Port_Entry ::= SEQUENCE { port_Index Integer32, port_Speed Port_Speed, port_Name DisplayString }

port_Index OBJECT-TYPE
    SYNTAX      Integer32 (1..1000)
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "Its number."
    ::= { port_Entry 1 }

port_Speed OBJECT-TYPE
    SYNTAX      Port_Speed
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Its speed."
    ::= { port_Entry 2 }

port_Name OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Its name."
    ::= { port_Entry 3 }
END
"""

#: Imports a node, a type and a row of the module above (a name without underscores: a
#: ``MODULE::name`` of it is looked up by Net-SNMP too).
UNDERSCORE_USER_MIB = """\
VENDOR-USER-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE FROM SNMPv2-SMI
    vendor_Under, Port_Speed, port_Index FROM VENDOR_UNDER-MIB;

user_Group OBJECT IDENTIFIER ::= { vendor_Under 2 }

user_Table OBJECT-TYPE
    SYNTAX      SEQUENCE OF User_Entry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "Per port."
    ::= { user_Group 1 }

user_Entry OBJECT-TYPE
    SYNTAX      User_Entry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A port's."
    INDEX       { port_Index }
    ::= { user_Table 1 }

User_Entry ::= SEQUENCE { user_Wanted Port_Speed }

user_Wanted OBJECT-TYPE
    SYNTAX      Port_Speed
    MAX-ACCESS  read-write
    STATUS      current
    DESCRIPTION "The speed wanted."
    ::= { user_Entry 1 }
END
"""

#: Two modules defining one object (label and OID) with other details, and each an object
#: of its own at one OID: Net-SNMP keeps the first's details but with -PR.
REDEFINE_FIRST_MIB = """\
REDEFINE-FIRST-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI;

shared OBJECT IDENTIFIER ::= { enterprises 99972 }

sharedValue OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "The first module's."
    ::= { shared 1 }

firstOnly OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "The first module's own."
    ::= { shared 2 }
END
"""

REDEFINE_SECOND_MIB = """\
REDEFINE-SECOND-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI
        DisplayString FROM SNMPv2-TC;

shared OBJECT IDENTIFIER ::= { enterprises 99972 }

sharedValue OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-write
    STATUS      current
    DESCRIPTION "The second module's."
    ::= { shared 1 }

secondOther OBJECT-TYPE
    SYNTAX      DisplayString
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "At the first module's firstOnly."
    ::= { shared 2 }
END
"""

#: Nodes at OIDs other modules' nodes of other labels hold (below imported nodes of three
#: modules, and below one of its own), and an import its module lacks between them.
CLASH_MIB = """\
REDEFINE-CLASH-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI
        ucdavis FROM UCD-SNMP-MIB
        system, nowhereSymbol, snmp FROM SNMPv2-MIB;

clashSystemThree OBJECT IDENTIFIER ::= { system 3 }
clashSnmp OBJECT IDENTIFIER ::= { snmp 1 }
clashMemory OBJECT IDENTIFIER ::= { ucdavis 4 }
clashSystemFive OBJECT IDENTIFIER ::= { system 5 }
clashBelow OBJECT IDENTIFIER ::= { clashSystemFive 1 }
clashPr OBJECT IDENTIFIER ::= { ucdavis 2 }
clashOwn OBJECT IDENTIFIER ::= { enterprises 99972 }
clashOther OBJECT IDENTIFIER ::= { clashOwn 2 }
END
"""


def relabel_mib(number: int, label: str, arc: int) -> str:
    """A module RELABEL-`number`-MIB defining `label` at arc `arc` of enterprises.99973:
    read in turn (1: dupA at 1, 2: dupA at 2, 3: dupB at 1, 4: dupA at 1), Net-SNMP's
    last node of dupA is the fourth's, at 1 (a node of its own: dupB hides the first)."""
    return (
        f"RELABEL-{number}-MIB DEFINITIONS ::= BEGIN\n"
        "IMPORTS enterprises FROM SNMPv2-SMI;\n"
        f"relabelRoot{number} OBJECT IDENTIFIER ::= {{ enterprises 99973 }}\n"
        f"{label} OBJECT IDENTIFIER ::= {{ relabelRoot{number} {arc} }}\n"
        "END\n"
    )


#: The RELABEL modules, as `broken_mib_dirs` takes them.
RELABEL_MIBS = {
    f"relabel{number}.mib": relabel_mib(number, label, arc)
    for number, label, arc in ((1, "dupA", 1), (2, "dupA", 2), (3, "dupB", 1), (4, "dupA", 1))
}

#: ACCESS and STATUS values Net-SNMP's parser does not take: an OBJECT-GROUP's bad STATUS
#: is said (the module loads), an OBJECT-TYPE's drops the module (`VALUES_SLIPS`).
VALUES_MIB = """\
BROKEN-VALUES-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, NOTIFICATION-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    OBJECT-GROUP FROM SNMPv2-CONF;

values OBJECT IDENTIFIER ::= { enterprises 99973 }

valuesObject OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  write-only
    STATUS      mandatory
    DESCRIPTION "Values Net-SNMP takes."
    ::= { values 1 }

valuesEvent NOTIFICATION-TYPE
    OBJECTS     { valuesObject }
    STATUS      curent
    DESCRIPTION "A notification's STATUS is not checked."
    ::= { values 2 }

valuesGroup OBJECT-GROUP
    OBJECTS     { valuesObject }
    STATUS      curent
    DESCRIPTION "A group's is, and said."
    ::= { values 3 }

valuesLast OBJECT-TYPE
    SYNTAX      Integer32
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Where the slips of VALUES_SLIPS go."
    ::= { values 4 }
END
"""

#: Slips in valuesLast's ACCESS or STATUS (old, new), each dropping the module.
VALUES_SLIPS = {
    "access": ("read-only", "read-onyl"),
    "old access": ("read-only", "not-implemented"),
    "status": ("STATUS      current", "STATUS      curent"),
}

#: A sound module for the grammar slips of `GRAMMAR_SLIPS` (Net-SNMP drops it for each).
SLIPS_MIB = """\
BROKEN-SLIPS-MIB DEFINITIONS ::= BEGIN
IMPORTS
    OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
    TEXTUAL-CONVENTION, DisplayString FROM SNMPv2-TC;

slips OBJECT IDENTIFIER ::= { enterprises 99974 }

SpeedKind ::= TEXTUAL-CONVENTION
    STATUS      current
    DESCRIPTION "A kind."
    SYNTAX      INTEGER { slowOne(1), fast(2) }

portTable OBJECT-TYPE
    SYNTAX      SEQUENCE OF PortEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A table."
    ::= { slips 1 }

portEntry OBJECT-TYPE
    SYNTAX      PortEntry
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "A row."
    INDEX       { portIndex }
    ::= { portTable 1 }

PortEntry ::= SEQUENCE { portIndex Integer32, portKind SpeedKind }

portIndex OBJECT-TYPE
    SYNTAX      Integer32 (1..100)
    MAX-ACCESS  not-accessible
    STATUS      current
    DESCRIPTION "The index."
    ::= { portEntry 1 }

portKind OBJECT-TYPE
    SYNTAX      SpeedKind
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "The kind."
    ::= { portEntry 2 }
END
"""

#: Grammar slips real MIBs have, as (old text of SLIPS_MIB, new text): Net-SNMP's words
#: for each are compared.
GRAMMAR_SLIPS = {
    "macro misspelt longer": ("portIndex OBJECT-TYPE", "portIndex OBJECT-TYPES"),
    "macro misspelt shorter": ("portIndex OBJECT-TYPE", "portIndex OBJECT-TYP"),
    "SEQUENCE without OF": ("SEQUENCE OF PortEntry", "SEQUENCE PortEntry"),
    "OID value not closed at the end": ("::= { portEntry 2 }", "::= { portEntry 2"),
    "OID value not closed": ("::= { portEntry 1 }", "::= { portEntry 1"),
    "OBJECT IDENTIFIER not closed": ("{ enterprises 99974 }", "{ enterprises 99974"),
    "quote not closed": ('"The index."', '"The index.'),
    "the last quote not closed": ('"The kind."', '"The kind.'),  # read to the end: (EOF)
    "a name, then braces": ("slips OBJECT IDENTIFIER ::= {", "slips {"),
    "OBJECT IDENTIFIER without ::=": ("IDENTIFIER ::= { enterprises", "IDENTIFIER { enterprises"),
    "DESCRIPTION misspelt": ('DESCRIPTION "The kind."', 'DESCRIPTON "The kind."'),
    "MAX-ACCESS misspelt": ("MAX-ACCESS  read-only", "MAX-ACESS   read-only"),
    "ACCESS value misspelt": ("MAX-ACCESS  read-only", "MAX-ACCESS  read-onyl"),
    "IMPORTS without its semicolon": ("FROM SNMPv2-TC;", "FROM SNMPv2-TC"),
    "IMPORTS without its semicolon, a type next": (
        "FROM SNMPv2-TC;\n\nslips OBJECT IDENTIFIER ::= { enterprises 99974 }\n",
        "FROM SNMPv2-TC\n",
    ),
    "STATUS value misspelt": (
        'STATUS      current\n    DESCRIPTION "A table',
        'STATUS      curent\n    DESCRIPTION "A table',
    ),
}

#: Slips of SLIPS_MIB Net-SNMP reads silently, loading the whole module.
LAX_SLIPS = {
    "IMPORTS without a comma": (
        "OBJECT-TYPE, Integer32, enterprises",
        "OBJECT-TYPE Integer32 enterprises",
    ),
    "SEQUENCE without a comma": ("portIndex Integer32, portKind", "portIndex Integer32 portKind"),
    "trailing commas": ("DisplayString FROM", "DisplayString, FROM"),
    # A macro's keyword in a text (after a word, as in RFC 4439's and RFC 4011's) starts no
    # definition, whatever words follow it there.
    "a MODULE-IDENTITY in a description": (
        '"The kind."',
        "\"The kind, as the\n        MODULE-IDENTITY's DESCRIPTION and its\n"
        "        MODULE-IDENTITY's ::= say.\"",
    ),
    # An OBJECT-TYPE's clauses after its STATUS in any order (Kamailio's KAMAILIO-MIB).
    "DEFVAL before DESCRIPTION": (
        'STATUS      current\n    DESCRIPTION "The kind."',
        'STATUS      current\n    DEFVAL      { fast }\n    DESCRIPTION "The kind."',
    ),
    "DEFVAL before its brace with no space": (
        'STATUS      current\n    DESCRIPTION "The kind."',
        'STATUS      current\n    DESCRIPTION "The kind."\n    DEFVAL{fast}',
    ),
    "INDEX before DESCRIPTION": (
        'DESCRIPTION "A row."\n    INDEX       { portIndex }',
        'INDEX       { portIndex }\n    DESCRIPTION "A row."',
    ),
    # Net-SNMP makes nothing of a SEQUENCE type, whatever its name (Kamailio's
    # KAMAILIO-SIP-SERVER-MIB names one as its row).
    "a SEQUENCE type of a lowercase name": ("PortEntry ::= SEQUENCE", "portEntry ::= SEQUENCE"),
    # A SYNTAX naming a label (Net-SNMP's VELOCITY-MIB, Cradlepoint's CP-ETHERNET-MIB): a
    # type Net-SNMP does not know.
    "a SYNTAX naming a label": ("SYNTAX      PortEntry", "SYNTAX      portEntry"),
    "a SEQUENCE OF a label": ("SEQUENCE OF PortEntry", "SEQUENCE OF portEntry"),
    "a MODULE-COMPLIANCE in a description": (
        '"The index."',
        '"The index: see a MODULE-COMPLIANCE macro,\n        whose value follows its ::= sign."',
    ),
}

#: Comments as Net-SNMP's lexer ends them: at a second ``--`` on their line (a definition
#: after one), not within a string; a line of dashes (a multiple of four: comments only).
COMMENTS_MIB = """\
BROKEN-COMMENTS-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI; -- what it needs --
--------------------------------------------------------------------------------
notes OBJECT IDENTIFIER ::= { enterprises 99975 } -- its root
-- an aside -- noteAside OBJECT IDENTIFIER ::= { notes 1 }
noteAsideBelow OBJECT IDENTIFIER ::= { noteAside 1 }
noteValue OBJECT-TYPE
    SYNTAX      Integer32 -- a number -- (0..9)
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Not -- a comment -- here."
    ::= { notes 2 }
noteLast OBJECT IDENTIFIER ::= { notes 3 } ----
END
"""

#: Variants of COMMENTS_MIB (old, new): comments, words Net-SNMP's parser reads past or cuts
#: short.
COMMENT_SLIPS = {
    "as written": ("", ""),
    "a clause after a comment's end": (
        "noteValue OBJECT-TYPE\n    SYNTAX",
        "noteValue OBJECT-TYPE -- the value -- SYNTAX",
    ),
    "a line of dashes, a dash left": ("-" * 80, "-" * 77),  # a word: the module dropped
    "words between definitions, read past": (
        "noteLast OBJECT IDENTIFIER",
        "( 1 2 )\nnoteLast OBJECT IDENTIFIER",
    ),
    "a name too long (cut short)": ("noteLast OBJECT", "noteLast" + "Long" * 33 + " OBJECT"),
    "words after its END": ("END\n", "END\n-- its end -- ( trailing words )\n"),
    "a comment not closed before a string": (
        '"Not -- a comment -- here."',
        '"Not -- a comment -- here." -- "quoted',
    ),
}

#: A module whose text ends before its END (Net-SNMP links none of its nodes, keeps its
#: types), and a module importing from it.
ENDLESS_MIB = """\
BROKEN-ENDLESS-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC;
endless OBJECT IDENTIFIER ::= { enterprises 99976 }
EndlessCount ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "d-1"
    STATUS      current
    DESCRIPTION "A count."
    SYNTAX      Integer32
endlessValue OBJECT-TYPE
    SYNTAX      EndlessCount
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "No END below."
    ::= { endless 1 }
"""

ENDLESS_USER_MIB = """\
BROKEN-ENDLESS-USER-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI
        endless, EndlessCount FROM BROKEN-ENDLESS-MIB;
endlessUser OBJECT IDENTIFIER ::= { enterprises 99977 }
endlessUserBelow OBJECT IDENTIFIER ::= { endless 2 }
endlessUserValue OBJECT-TYPE
    SYNTAX      EndlessCount
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "Of the type of a module without END."
    ::= { endlessUser 1 }
END
"""

#: A sound module with a TEXTUAL-CONVENTION, for the slips of `TC_SLIPS`.
TC_MIB = """\
BROKEN-TC-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32, enterprises FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC;
conventions OBJECT IDENTIFIER ::= { enterprises 99978 }
TenthsOf ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "d-1"
    STATUS      current
    DESCRIPTION "Tenths."
    SYNTAX      Integer32 (0..1000)
conventionValue OBJECT-TYPE
    SYNTAX      TenthsOf
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A value in tenths."
    ::= { conventions 1 }
END
"""

_TC_TEXT = TC_MIB[TC_MIB.index("TenthsOf ::=") : TC_MIB.index("conventionValue OBJECT-TYPE")]
_TC_OBJECT = TC_MIB[TC_MIB.index("conventionValue OBJECT-TYPE") : TC_MIB.index("END\n")]

#: Slips of TC_MIB's TEXTUAL-CONVENTION as Net-SNMP reads them (its clauses before SYNTAX
#: in any order, each optional, a hint not quoted said and left out).
TC_SLIPS = {
    "DISPLAY-HINT not quoted": ('"d-1"', "d-1"),
    "no STATUS nor DESCRIPTION": ('    STATUS      current\n    DESCRIPTION "Tenths."\n', ""),
    "no DESCRIPTION": ('    DESCRIPTION "Tenths."\n', ""),
    "defined below its object": (  # unknown to Net-SNMP there: the object has no type
        _TC_TEXT + _TC_OBJECT,
        _TC_OBJECT + _TC_TEXT,
    ),
    "a DESCRIPTION too long": ('"Tenths."', '"' + "Tenths. " * 520 + '"'),
    # A SYNTAX of no type Net-SNMP knows: its parser reads on from the word after it, past
    # the range to the next definition (the type lost), or into that definition (dropped).
    "SYNTAX of an unknown type, a range": ("Integer32 (0..1000)", "Tenths32 (0..1000)"),
    "SYNTAX of an unknown type": ("Integer32 (0..1000)", "DisplayString"),
    # A quote not closed: read to the end, no SYNTAX (its type: EOF), the module dropped.
    "SYNTAX of an unknown type: a hint's quote not closed": ('"d-1"', '"d-1'),
    # Said (the word Net-SNMP's buffer holds: the hint) and read past; the type kept.
    "a DESCRIPTION not a string": ('DESCRIPTION "Tenths."', "DESCRIPTION Tenths"),
    "an object defined twice": (  # Net-SNMP keeps both, the later for what follows
        _TC_OBJECT,
        _TC_OBJECT + _TC_OBJECT.replace("conventions 1", "conventions 2"),
    ),
    "clauses in another order": (
        '    DISPLAY-HINT "d-1"\n    STATUS      current\n',
        '    STATUS      current\n    REFERENCE "r"\n    DISPLAY-HINT "d-1"\n',
    ),
}

#: An AGENT-CAPABILITIES for COMPLY_MIB (`conformance_mib`).
_CAPABILITIES = """\
complyCaps AGENT-CAPABILITIES
    PRODUCT-RELEASE "v1"
    STATUS      current
    DESCRIPTION "Capabilities."
    SUPPORTS IF-MIB
        INCLUDES { ifGeneralInformationGroup }
        VARIATION ifAdminStatus
            SYNTAX INTEGER { up(1) }
            ACCESS read-only
            DESCRIPTION "Read-only."
    ::= { comply 7 }
END
"""


def conformance_mib(old: str = "", new: str = "") -> str:
    """COMPLY_MIB with an AGENT-CAPABILITIES, `old` (once in it) replaced by `new`."""
    text = COMPLY_MIB.replace("END\n", _CAPABILITIES).replace(
        "MODULE-COMPLIANCE,", "MODULE-COMPLIANCE, AGENT-CAPABILITIES,"
    )
    assert not old or text.count(old) == 1
    return text.replace(old, new) if old else text


#: Slips of COMPLY_MIB's MODULE-IDENTITY, MODULE-COMPLIANCEs and AGENT-CAPABILITIES
#: (`conformance_mib`) Net-SNMP reads past to their ``::=``, saying what it wanted (or
#: nothing, after a compliance's last MODULE part), the module kept; a timestamp it says is
#: wrong; a slip read past to the text's end (the module dropped); a group without its
#: list (none said).
CONFORMANCE_SLIPS = {
    "identity: a keyword missing": ('    ORGANIZATION "none"\n', '    "none"\n'),
    "identity: a string missing": ('LAST-UPDATED "202601010000Z"', "LAST-UPDATED"),
    "identity: timestamps": (
        'naming what nobody defines."\n',
        'naming what nobody defines."\n REVISION "2026130100x0Z" DESCRIPTION "x"\n'
        ' REVISION "9913320000Z" DESCRIPTION "y"\n REVISION "2026" DESCRIPTION "z"\n',
    ),
    "identity: a revision without DESCRIPTION": (
        'naming what nobody defines."\n',
        'naming what nobody defines."\n REVISION "202601010000Z" "x"\n',
    ),
    "identity: read to the end": ('DESCRIPTION "Groups and', "DESCRIPTION Groups and"),
    "compliance: no STATUS": ('STATUS      current\n    DESCRIPTION "Compliance."', "DESCRIPTION"),
    "compliance: no MODULE": ("MODULE -- this module\n", ""),
    "compliance: its own module named": ("MODULE -- this module\n", "MODULE BROKEN-COMPLY-MIB\n"),
    "compliance: a group's list not closed": ("ifNoSuchGroup }", "ifNoSuchGroup"),
    "compliance: a bad MIN-ACCESS": ("MIN-ACCESS  read-only", "MIN-ACCESS  readonly"),
    "compliance: SYNTAX OBJECT IDENTIFIER": (
        "MIN-ACCESS  read-only",
        "SYNTAX OBJECT IDENTIFIER MIN-ACCESS  read-only",
    ),
    "compliance: SYNTAX with a SIZE": (
        "MIN-ACCESS  read-only",
        "SYNTAX OCTET STRING (SIZE (0..3)) MIN-ACCESS  read-only",
    ),
    "compliance: a word after its last part": (
        "ifNoSuchGroup }\n",
        "ifNoSuchGroup }\n        junk\n",
    ),
    "group: no list": (
        "    OBJECTS     { complyValue, complyMissing, ifIndex, complyAbsent }\n",
        "",
    ),
    "capabilities: no PRODUCT-RELEASE": ('PRODUCT-RELEASE "v1"', '"v1"'),
    "capabilities: no INCLUDES": ("INCLUDES {", "{"),
    "capabilities: a bad ACCESS": ("ACCESS read-only", "ACCESS readonly"),
    "capabilities: a word before its ::=": ('"Read-only."', '"Read-only." junk'),
}

#: Identifiers with ``_`` in SLIPS_MIB where Net-SNMP reads them without -Pu (each ``_`` a
#: word of its own: ``port``, ``_``, ``Index``): the module loads.
UNDERSCORE_SLIPS = {
    "INDEX": ("INDEX       { portIndex }", "INDEX       { port_Index }"),
    "SEQUENCE": ("SEQUENCE { portIndex", "SEQUENCE { port_Index"),
    "IMPORTS": ("DisplayString FROM", "DisplayString, vendor_Thing FROM"),
    "DEFVAL": ("    ::= { portEntry 2 }", "    DEFVAL { fast_One }\n    ::= { portEntry 2 }"),
}

#: Identifiers with ``_`` in COMPLY_MIB where Net-SNMP reads them without -Pu: a
#: notification's OBJECTS as an INDEX; a group's list up to the ``_`` (said), its other
#: clauses read past; an OID value's ``_`` and the label after it as nodes of their own
#: (``comply.0``, ``comply.0.0``), said; the module loads.
UNDERSCORE_COMPLY_SLIPS = {
    "NOTIFICATION-TYPE's OBJECTS": ("OBJECTS     { complyValue }", "OBJECTS     { comply_Value }"),
    "OBJECT-GROUP's list": ("complyMissing, ifIndex", "comply_Missing,\n ifIndex"),
    "NOTIFICATION-GROUP's list": ("complyEvent, complyNoEvent", "_complyEvent, complyNoEvent"),
    "MANDATORY-GROUPS": ("complyGroup, complyNoGroup", "complyGroup, comply_NoGroup"),
    "another module's MANDATORY-GROUPS": ("Group, ifNoSuchGroup", "Group, if_NoSuchGroup"),
    "OID value": ("::= { comply 1 }", "::= { comply_x 1 }"),
    "OID value below no label": ("::= { comply 3 }", "::= { comp_ly 3 }"),
}

#: Two modules importing from each other, nodes and types (a TEXTUAL-CONVENTION each, used
#: by both): Net-SNMP finds nothing of a module it is reading the IMPORTS of (no node, no
#: type: its objects of that type have none), nor what hangs below that, and adopts those
#: nodes at the load's end.
CYCLE_A_MIB = """\
BROKEN-CYCLE-A-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC
        cycleB, CycleBHex FROM BROKEN-CYCLE-B-MIB;
CycleACents ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "d-2"
    STATUS      current
    DESCRIPTION "Hundredths."
    SYNTAX      Integer32 (0..100000)
cycleA OBJECT IDENTIFIER ::= { enterprises 99961 }
cycleAUnderB OBJECT IDENTIFIER ::= { cycleB 1 }
cycleACents OBJECT-TYPE
    SYNTAX      CycleACents
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A's own type."
    ::= { cycleA 1 }
cycleAHex OBJECT-TYPE
    SYNTAX      CycleBHex
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "B's type."
    ::= { cycleA 2 }
END
"""

CYCLE_B_MIB = """\
BROKEN-CYCLE-B-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        TEXTUAL-CONVENTION FROM SNMPv2-TC
        cycleA, CycleACents FROM BROKEN-CYCLE-A-MIB;
CycleBHex ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "x"
    STATUS      current
    DESCRIPTION "Hexadecimal."
    SYNTAX      Integer32 (0..65535)
cycleB OBJECT IDENTIFIER ::= { cycleA 5 }
cycleBBelow OBJECT IDENTIFIER ::= { cycleB 2 }
cycleBCents OBJECT-TYPE
    SYNTAX      CycleACents
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "A's type."
    ::= { cycleB 3 }
cycleBHex OBJECT-TYPE
    SYNTAX      CycleBHex
    MAX-ACCESS  read-only
    STATUS      current
    DESCRIPTION "B's own type."
    ::= { cycleB 4 }
END
"""


#: Modules named with a digit first, and labels so named (a label to Net-SNMP's lexer: any
#: word that is no number), which pysmi's grammar refuses: imported, in a table, a group
#: and a compliance's MODULE.
DIGIT_MIB = """\
3COM-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM RFC1155-SMI;
a3com OBJECT IDENTIFIER ::= { enterprises 43 }
END
"""

DIGIT_USER_MIB = """\
4X-MIB DEFINITIONS ::= BEGIN
IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI
        MODULE-COMPLIANCE, OBJECT-GROUP FROM SNMPv2-CONF
        a3com FROM 3COM-TEST-MIB;
4xMib MODULE-IDENTITY
    LAST-UPDATED "202612070000Z"
    ORGANIZATION "anysnmp tests"
    CONTACT-INFO "none"
    DESCRIPTION "A module named with a digit first."
    ::= { a3com 7 }
x4 OBJECT IDENTIFIER ::= { 4xMib 1 }
4y OBJECT IDENTIFIER ::= { 4xMib 2 }
4table OBJECT-TYPE
    SYNTAX SEQUENCE OF 4Entry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "rows"
    ::= { x4 1 }
4entry OBJECT-TYPE
    SYNTAX 4Entry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "a row"
    INDEX { 4index }
    ::= { 4table 1 }
4Entry ::= SEQUENCE { 4index Integer32, 4value Integer32 }
4index OBJECT-TYPE
    SYNTAX Integer32 (1..10)
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "its index"
    ::= { 4entry 1 }
4value OBJECT-TYPE
    SYNTAX Integer32
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "its value"
    ::= { 4entry 2 }
4group OBJECT-GROUP
    OBJECTS { 4value }
    STATUS current
    DESCRIPTION "the values"
    ::= { 4y 1 }
4compliance MODULE-COMPLIANCE
    STATUS current
    DESCRIPTION "all of it"
    MODULE 4X-MIB
        MANDATORY-GROUPS { 4group }
    ::= { 4y 2 }
END
"""

#: Labels starting with a ``-`` (a label to Net-SNMP's lexer, where ``-1`` is a number), and
#: enumeration labels of a digit or a ``-`` first, named in a DEFVAL too.
DASH_MIB = """\
DASH-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE FROM SNMPv2-SMI
        a3com FROM 3COM-TEST-MIB;
-dash OBJECT IDENTIFIER ::= { a3com 1 }
plain OBJECT IDENTIFIER ::= { -dash 2 }
-kind OBJECT-TYPE
    SYNTAX INTEGER { -up(1), 2down(2), plain(3) }
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "a kind"
    DEFVAL { -up }
    ::= { -dash 3 }
4kind OBJECT-TYPE
    SYNTAX INTEGER { up(1), 2down(2) }
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "another"
    DEFVAL { 2down }
    ::= { -dash 4 }
END
"""

#: IMPORTS naming labels after their last FROM (a keyword, a type, a node, one no module
#: defines): Net-SNMP looks them up in any module loaded (its "module #-1").
TAIL_MIB = """\
TAIL-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE FROM SNMPv2-SMI
        a3com FROM 3COM-TEST-MIB
        DisplayString, OBJECT-GROUP, enterprises stray;
tail OBJECT-TYPE
    SYNTAX DisplayString (SIZE (0..8))
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "a tail"
    ::= { a3com 5 }
tail2 OBJECT IDENTIFIER ::= { enterprises 44 }
END
"""

#: IMPORTS of no FROM at all.
TAIL_ONLY_MIB = """\
TAIL-ONLY-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises;
tail4 OBJECT IDENTIFIER ::= { enterprises 46 }
END
"""

#: A type imported from a module that defines none (3COM-TEST-MIB, of SMIv1's RFC1155-SMI
#: imports, which pysmi's record extends with SMIv1's types).
MISSING_TYPE_MIB = """\
MISSING-TYPE-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE FROM SNMPv2-SMI
        a3com, DisplayString FROM 3COM-TEST-MIB;
typeless OBJECT-TYPE
    SYNTAX DisplayString (SIZE (0..8))
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "of a type not found"
    ::= { a3com 5 }
END
"""

#: OBJECT-TYPEs of a type no module defines: with a SIZE, a range, two of each, none, and in
#: a table column (one of enums is left out: snmptranslate -Td crashes on it).
TYPELESS_MIB = """\
BROKEN-TYPELESS-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;
typeless OBJECT IDENTIFIER ::= { enterprises 99969 }
typelessSized OBJECT-TYPE
    SYNTAX NoSuchType (SIZE (0..10))
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "sized"
    ::= { typeless 1 }
typelessRanged OBJECT-TYPE
    SYNTAX NoSuchType (-5..-1 | 7)
    MAX-ACCESS read-write
    STATUS current
    DESCRIPTION "ranged"
    DEFVAL { 7 }
    ::= { typeless 2 }
typelessUnits OBJECT-TYPE
    SYNTAX NoSuchType (SIZE (1 | 4..8))
    UNITS "bytes"
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "two sizes"
    ::= { typeless 3 }
typelessPlain OBJECT-TYPE
    SYNTAX NoSuchType
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "plain"
    ::= { typeless 4 }
typelessTable OBJECT-TYPE
    SYNTAX SEQUENCE OF TypelessEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "table"
    ::= { typeless 5 }
typelessEntry OBJECT-TYPE
    SYNTAX TypelessEntry
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "row"
    INDEX { typelessIndex }
    ::= { typelessTable 1 }
TypelessEntry ::= SEQUENCE { typelessIndex Integer32, typelessColumn NoSuchType }
typelessIndex OBJECT-TYPE
    SYNTAX Integer32 (1..10)
    MAX-ACCESS not-accessible
    STATUS current
    DESCRIPTION "index"
    ::= { typelessEntry 1 }
typelessColumn OBJECT-TYPE
    SYNTAX NoSuchType (SIZE (1..4))
    MAX-ACCESS read-only
    STATUS current
    DESCRIPTION "column"
    ::= { typelessEntry 2 }
END
"""
