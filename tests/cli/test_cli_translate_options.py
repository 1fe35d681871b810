"""snmptranslate's options beyond -T, -O forms and names: ``-w WIDTH``, every -O letter,
and its lines for letters it does not take (stdout, stderr and status compared)."""

from __future__ import annotations

import pytest
from cli_helpers import ANYSNMP, ENV, Result, run
from mib_helpers import MIB_TOOL_ENV, require_test_mibs

#: Net-SNMP's environment, with the session's MIB cache for ours (HOME is /nonexistent).
_OURS = {**MIB_TOOL_ENV, "XDG_CACHE_HOME": ENV["XDG_CACHE_HOME"]}


def both(*args: str) -> tuple[Result, Result]:
    """``anysnmp translate`` and snmptranslate on the test MIB set (-m ALL)."""
    command = ["-M", require_test_mibs(), "-m", "ALL", *args]
    return (
        run([*ANYSNMP, "translate", *command], env=_OURS),
        run(["snmptranslate", *command], env=MIB_TOOL_ENV),
    )


#: -w breaks -Td's FROM list, enums, INDEX, OBJECTS and ``::=`` path, and -Tp's INDEX and
#: enum lists (a width of 1 breaks before every item); "12x" reads as 12, as atoi reads it.
@pytest.mark.parametrize(
    "args",
    [
        ["-w", "40", "-Td", "IF-MIB::ifIndex", "IF-MIB::ifType", "IF-MIB::linkDown"],
        ["-w", "1", "-Td", "IF-MIB::ifStackStatus", "SNMPv2-MIB::sysDescr"],
        ["-w12x", "-Td", "SNMP-VIEW-BASED-ACM-MIB::vacmAccessEntry"],
        ["-w", "30", "-Tp", "IF-MIB::ifTable", "IF-MIB::ifStackTable"],
        ["-w", "1", "-Tp", "SNMP-VIEW-BASED-ACM-MIB::vacmAccessTable"],
        ["-w", "10", "-TBd", "ifAdminStatus"],
        ["-w", "99999999999", "-Td", "IF-MIB::ifType"],
    ],
)
def test_width_breaks_lines_as_snmptranslate_does(args: list[str]) -> None:
    ours, theirs = both(*args)
    assert ours == theirs and theirs.rc == 0
    assert "\n\t\t  " in theirs.out or "\n     " in theirs.out or "  |         " in theirs.out


@pytest.mark.parametrize("width", ["0", "-5", "abc", "4294967296"])
def test_a_width_not_above_zero_is_refused_as_snmptranslate_refuses_it(width: str) -> None:
    ours, theirs = both("-w", width, "-Td", "IF-MIB::ifIndex")
    assert ours == theirs == Result(1, "", f"Invalid width specification: {width}\n")


#: The -O letters of values change nothing snmptranslate prints; u, E and the forms do.
@pytest.mark.parametrize(
    "flags", [["-Ou"], ["-OqvextTUQ0a"], ["-Op%.2f"], ["-OE"], ["-Oe", "-OuX"]]
)
def test_every_output_letter_is_taken(flags: list[str]) -> None:
    ours, theirs = both(*flags, "-IR", 'vacmGroupName.3."comm1"', "ifDescr.1")
    assert ours == theirs and theirs.rc == 0


#: A letter an option does not take: snmptranslate's line (then its usage screen, which
#: anysnmp does not print), status 1.
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["-Oz"], "Unknown OID option to -O: z."),
        (["-Ibz"], "Unknown OID option to -I: z."),
        (["-PeZ"], "Unknown parser option to -P: Z."),
        (["-Tdq"], "Invalid -T<lostpad> character: q"),
    ],
)
def test_unknown_letters_get_snmptranslates_line(args: list[str], line: str) -> None:
    ours, theirs = both(*args, "IF-MIB::ifDescr.1")
    assert (ours.rc, ours.out, ours.err) == (1, "", line + "\n")
    assert (theirs.rc, theirs.out, theirs.err.splitlines()[0]) == (1, "", line)


def test_other_commands_refuse_letters_in_their_tools_words() -> None:
    """snmp_parse_args's lines (snmpget's), where snmptranslate has its own."""
    for option, word in (("-O", "output"), ("-I", "input"), ("-P", "parsing")):
        command = ["-m", "ALL", "-M", require_test_mibs(), f"{option}z", "127.0.0.1:1", ".1.3"]
        ours = run([*ANYSNMP, "get", *command], env=_OURS)
        theirs = run(["snmpget", *command], env=MIB_TOOL_ENV)
        line = f"Unknown {word} option passed to {option}: z."
        assert (ours.rc, ours.out, ours.err) == (1, "", line + "\n")
        assert (theirs.rc, theirs.out, theirs.err.splitlines()[0]) == (1, "", line)


#: POSIX patterns as Net-SNMP's regcomp reads them (extended, case-insensitive), where
#: Python's re reads them otherwise or refuses them: bracket classes, collating elements,
#: ranges compared in upper case, repeats of repeats, GNU's word ends.
@pytest.mark.parametrize(
    "args",
    [
        ["-TB", "^if[[:upper:]][[:lower:]]+Status$"],
        ["-TB", "[[:digit:]]{2}"],
        ["-TB", "[^[:alnum:]]"],
        ["-TB", "^[a-Z]{2}Descr$"],
        ["-TB", "a**dmin"],
        ["-TB", "\\<ifDescr\\>"],
        ["-TB", "ifin(de)?x{1,}{1}"],
        ["-TB", "[[.-.]]"],
        ["-TB", "^[_-a]"],
        ["-Ib", "sys[[:upper:]]escr", "^ip[[:alpha:]]{2}Forwarding$"],
    ],
)
def test_posix_patterns_read_as_snmptranslate_reads_them(args: list[str]) -> None:
    ours, theirs = both(*args)
    assert ours == theirs
