"""DISPLAY-HINTs no MIB should have (a careless vendor's, a hostile one's): values print as
snmpget prints them where it reads the hint as C does (``atoi``, an int), and at once,
without the hint, where Net-SNMP overflows its buffers or reads on for ever."""

from __future__ import annotations

from pathlib import Path

from broken_mibs import broken_mib_dirs
from cli_helpers import run_anysnmp, run_netsnmp_tool, running

#: Type name -> (its DISPLAY-HINT, its syntax); object absurdNAME is at enterprises.99970.N.
_HINTS = {
    "Shifted": ("d-4294967296", "Integer32"),  # atoi: an int, 0 (it read 4 GB of zeros)
    "Signed": ("d- +3x", "Integer32"),  # atoi: blanks, a sign, digits (read as no hint)
    "Wide": ("4294967297x", "OCTET STRING"),  # a C int: 1x (it read 4 GB of zeros)
    "Far": ("d-99999999", "Integer32"),  # past Net-SNMP's buffer: it crashes
    "Back": ("d--1", "Integer32"),  # Net-SNMP's loop runs off its buffer: it crashes
    "Huge": ("2147483647x", "OCTET STRING"),  # Net-SNMP reads past the value's end
}


def _absurd_mib() -> str:
    lines = [
        "ABSURD-HINT-MIB DEFINITIONS ::= BEGIN",
        "IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI",
        "    TEXTUAL-CONVENTION FROM SNMPv2-TC;",
        "absurd OBJECT IDENTIFIER ::= { enterprises 99970 }",
    ]
    for arc, (name, (hint, syntax)) in enumerate(_HINTS.items(), 1):
        lines += [
            f"{name} ::= TEXTUAL-CONVENTION",
            f'    DISPLAY-HINT "{hint}"',
            "    STATUS current",
            '    DESCRIPTION "An absurd hint."',
            f"    SYNTAX {syntax}",
            f"absurd{name} OBJECT-TYPE",
            f"    SYNTAX {name}",
            "    MAX-ACCESS read-only",
            "    STATUS current",
            '    DESCRIPTION "Of that type."',
            f"    ::= {{ absurd {arc} }}",
        ]
    return "\n".join([*lines, "END"]) + "\n"


def test_absurd_display_hints_print_as_net_snmp_or_at_once_without_them(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"absurd.mib": _absurd_mib()})
    values = {"Integer32": "2|-1234567", "OCTET STRING": "4|hello"}
    records = tmp_path / "absurd.snmprec"
    records.write_text(
        "".join(
            f"1.3.6.1.4.1.99970.{arc}.0|{values[syntax]}\n"
            for arc, (_, syntax) in enumerate(_HINTS.values(), 1)
        )
    )
    names = [f"ABSURD-HINT-MIB::absurd{name}.0" for name in _HINTS]
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        args = ["-v2c", "-c", "public", "-M", dirs, "-m", "ABSURD-HINT-MIB", addr]
        ours = run_anysnmp("get", *args, *names)
        theirs = run_netsnmp_tool("snmpget", *args, *names[:3])
    assert ours.rc == 0, ours.err
    assert ours.out.splitlines()[:3] == theirs.out.splitlines()
    assert ours.out.splitlines() == [
        "ABSURD-HINT-MIB::absurdShifted.0 = INTEGER: -1234567",
        "ABSURD-HINT-MIB::absurdSigned.0 = INTEGER: -1234.567",
        "ABSURD-HINT-MIB::absurdWide.0 = STRING: 68656c6c6f",
        "ABSURD-HINT-MIB::absurdFar.0 = INTEGER: -1234567",
        "ABSURD-HINT-MIB::absurdBack.0 = INTEGER: -1234567",
        # the value's 5 octets shifted past a C long's 64 bits: 0 (it built a 2 GB number)
        "ABSURD-HINT-MIB::absurdHuge.0 = STRING: 0",
    ]


#: Integer DISPLAY-HINTs of a letter Net-SNMP puts in a printf format of a C long (``%lu``,
#: ``%lX``, ``%lp``; ``%li`` as ``d``; ``u-2``: only ``d`` takes a point).
_LETTERS = {"Unsigned": "u", "Upper": "X", "Pointer": "p", "Plain": "i", "Shiftless": "u-2"}


def _letters_mib() -> str:
    lines = [
        "LETTER-HINT-MIB DEFINITIONS ::= BEGIN",
        "IMPORTS enterprises, OBJECT-TYPE, Integer32, Gauge32 FROM SNMPv2-SMI",
        "    TEXTUAL-CONVENTION FROM SNMPv2-TC;",
        "letters OBJECT IDENTIFIER ::= { enterprises 99951 }",
    ]
    for arc, (name, hint) in enumerate(_LETTERS.items(), 1):
        for kind, syntax in (("", "Integer32"), ("Gauge", "Gauge32")):
            lines += [
                f"{name}{kind} ::= TEXTUAL-CONVENTION",
                f'    DISPLAY-HINT "{hint}"',
                "    STATUS current",
                '    DESCRIPTION "A hint of that letter."',
                f"    SYNTAX {syntax}",
                f"letter{name}{kind} OBJECT-TYPE",
                f"    SYNTAX {name}{kind}",
                "    MAX-ACCESS read-only",
                "    STATUS current",
                '    DESCRIPTION "Of that type."',
                f"    ::= {{ letters {arc} {2 if kind else 1} }}",
            ]
    return "\n".join([*lines, "END"]) + "\n"


def test_integer_hints_of_other_letters_print_as_snmpwalk(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"letters.mib": _letters_mib()})
    records = tmp_path / "letters.snmprec"
    records.write_text(
        "".join(
            f"1.3.6.1.4.1.99951.{arc}.1.{row}|2|{value}\n"
            f"1.3.6.1.4.1.99951.{arc}.2.{row}|66|{abs(value)}\n"
            for arc in range(1, len(_LETTERS) + 1)
            for row, value in enumerate((1234, -56, 0))
        )
        + "1.3.6.1.4.1.99952.0|2|1\n"
    )
    with running("agent", "--listen", "127.0.0.1:0", str(records)) as addr:
        args = ["-v2c", "-c", "public", "-M", dirs, "-m", "LETTER-HINT-MIB", addr, "letters"]
        ours = run_anysnmp("walk", *args)
        theirs = run_netsnmp_tool("snmpwalk", *args)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert "letterUnsigned.1 = INTEGER: 18446744073709551560" in theirs.out
    assert "letterUpperGauge.0 = Gauge32: 4D2" in theirs.out
    assert "letterPointer.2 = INTEGER: (nil)" in theirs.out
