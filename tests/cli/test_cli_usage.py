"""-h, --help and usage errors: a usage screen laid out as Net-SNMP's tools lay theirs out
(``USAGE:``, the version, an option a line in their order), on stderr, exit status 1."""

from __future__ import annotations

import re

import pytest
from cli_helpers import run_anysnmp, run_netsnmp_tool

_V2C = ["-v2c", "-c", "x"]
#: An option's line: two spaces, its letter (-h, -3m) and what follows.
_OPTION = re.compile(r"^  (-[0-9A-Za-z]+)", re.MULTILINE)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["get", "-h"], ["snmpget", "-h"]),
        (["walk", "--help"], ["snmpwalk", "--help"]),
        (["table", "-h"], ["snmptable", "-h"]),
        (["translate", "-h"], ["snmptranslate", "-h"]),
        (["listen", "-h"], ["snmptrapd", "-h"]),  # every option of snmptrapd's
    ],
)
def test_the_usage_screen_lists_net_snmps_options_in_their_order(
    ours: list[str], theirs: list[str]
) -> None:
    mine, ref = run_anysnmp(*ours), run_netsnmp_tool(*theirs)
    assert (mine.rc, mine.out) == (ref.rc, ref.out)
    usage = ref.err.split(":")[0]  # USAGE, snmptrapd's Usage
    assert mine.err.startswith(f"{usage}: anysnmp {ours[0]} [OPTIONS] ")
    wanted = _OPTION.findall(ref.err + ref.out)
    listed = _OPTION.findall(mine.err)
    assert [o for o in listed if o in wanted] == list(dict.fromkeys(wanted))


#: Each command and its Net-SNMP tool.
TOOLS = {
    **{c: f"snmp{c}" for c in ("get", "getnext", "bulkget", "walk", "bulkwalk", "set")},
    **{c: f"snmp{c}" for c in ("table", "trap", "inform", "translate")},
    "listen": "snmptrapd",
}
#: Where ours is kept though the tool has none (docs/cli.md): translate's long ones, and
#: listen's --help (snmptrapd prints its version) and -V (snmptrapd refuses it).
OURS = {("translate", "--help"), ("translate", "--version"), ("listen", "--help"), ("listen", "-V")}


@pytest.mark.parametrize(
    ("command", "flag"),
    [
        (command, flag)
        for command in TOOLS
        for flag in ("-h", "--help", "-V", "--version")
        if (command, flag) not in OURS
    ],
)
def test_h_and_v_of_every_command_print_where_and_exit_as_its_tool(command: str, flag: str) -> None:
    """The usage screen (or the version) on the tool's stream, with its status."""
    mine, ref = run_anysnmp(command, flag), run_netsnmp_tool(TOOLS[command], flag)
    assert (mine.rc, bool(mine.out), bool(mine.err)) == (ref.rc, bool(ref.out), bool(ref.err))
    if "h" in flag:
        usage = ref.err.split(":")[0]  # USAGE, snmptrapd's Usage
        assert mine.err.startswith(f"{usage}: anysnmp {command} [OPTIONS] ")
    else:
        assert "version" in (mine.out + mine.err).lower()


@pytest.mark.parametrize(
    "args",
    [
        ["get", "-h", "-V"],
        ["get", "-V", "-h"],
        ["get", "-hV"],
        ["get", "-h", "-H"],
        ["get", "-H", "-h"],
        ["translate", "-h", "-V"],
        ["listen", "-h", "-v"],
        ["listen", "-v", "-h"],
    ],
)
def test_the_first_of_h_v_and_h_given_is_the_one_done(args: list[str]) -> None:
    """getopt meets them in order and the tool exits at the first (we did -h last)."""
    tool = "snmptrapd" if args[0] == "listen" else f"snmp{args[0]}"
    mine, ref = run_anysnmp(*args), run_netsnmp_tool(tool, *args[1:])
    assert mine.rc == ref.rc
    first = [(r.out + r.err).lstrip("\n").split(" ")[0] for r in (mine, ref)]
    assert first[0] == {"NET-SNMP": "anysnmp"}.get(first[1], first[1])


def test_a_usage_error_prints_the_reason_then_the_usage_screen() -> None:
    mine, ref = run_anysnmp("get"), run_netsnmp_tool("snmpget")
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    for err in (mine.err, ref.err):
        assert err.splitlines()[1].startswith("USAGE: ")


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (["listen", "-f", "-T", "TCP"], ["snmptrapd", "-f", "-T", "TCP"]),
        (["listen", "-fY", "x"], ["snmptrapd", "-fY", "x"]),
        (["listen", "-c"], ["snmptrapd", "-c"]),
        (["translate", "-j"], ["snmptranslate", "-j"]),
        (["get", "-j"], ["snmpget", "-j"]),
        (["walk", "-c"], ["snmpwalk", "-c"]),
        (["listen", "-f", "-o", "out.log"], ["snmptrapd", "-f", "-o", "out.log"]),
        # -D last: the tools' getopt wants its TOKENs (snmptrapd's may be left out)
        (["get", "127.0.0.1:9", "1.3.6.1", "-D"], ["snmpget", "127.0.0.1:9", "1.3.6.1", "-D"]),
        (["translate", "1.3.6.1", "-D"], ["snmptranslate", "1.3.6.1", "-D"]),
    ],
)
def test_an_option_refused_is_said_in_getopts_words(ours: list[str], theirs: list[str]) -> None:
    """An unknown option, or one with no value: getopt's line (snmptrapd and snmptranslate
    add their own), then the usage screen, exit status 1, as Net-SNMP's tools; snmptrapd's
    withdrawn -o FILE: its line alone."""
    mine, ref = run_anysnmp(*ours), run_netsnmp_tool(*theirs)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    said = ref.err.split("\nUsage")[0].split("\nUSAGE")[0]
    said = re.sub(rf"^\S*{theirs[0]}:", f"anysnmp {ours[0]}:", said)  # argv[0]: its path
    assert mine.err.startswith(said.rstrip("\n") + "\n")


@pytest.mark.parametrize(
    "args",
    [
        *[[command] for command in ("get", "getnext", "bulkget", "walk", "set", "table")],
        ["get", *_V2C, "127.0.0.1:9"],
        ["getnext", *_V2C, "127.0.0.1:9"],
        ["set", *_V2C, "127.0.0.1:9"],
        ["table", *_V2C, "127.0.0.1:9"],
        ["table", *_V2C, "127.0.0.1:9", "1.3.6.1.2.1.2.2", "1.3.6.1.2.1.4.20"],
        *[["trap", "-v1", "-c", "x", "127.0.0.1:9", *["0"] * count] for count in range(5)],
        ["trap", *_V2C],
        *[
            [command, *_V2C, "127.0.0.1:9", *[""] * count]
            for command in ("trap", "inform")
            for count in range(2)
        ],
        ["translate"],
    ],
)
def test_an_argument_missing_is_said_in_the_tools_words(args: list[str]) -> None:
    """``No hostname specified.``, ``Missing object name``, ``Must have exactly one table
    name``, snmptrap's ``Missing generic-trap parameter``...: the line, then the usage
    screen, status 1; snmptranslate without an OID: its usage screen alone."""
    command, *rest = args
    mine, ref = run_anysnmp(command, *rest), run_netsnmp_tool(f"snmp{command}", *rest)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    said = ref.err.split("USAGE: ")[0]
    assert mine.err.startswith(f"{said}USAGE: anysnmp {command} [OPTIONS] ")
    assert said.count("\n") == (command != "translate")


@pytest.mark.parametrize("command", ["get", "getnext", "bulkget", "set", "table"])
def test_c_letters_are_read_before_the_arguments_are_counted(command: str) -> None:
    """``-C AGENT OID``: -C takes AGENT as its letters, which the tool refuses (getopt reads
    them first) before it finds an argument missing: ``Unknown flag passed to -C: 1`` alone,
    snmptable's ``Bad option after -C: 1`` then its usage screen."""
    args = [*_V2C, "-C", "127.0.0.1:9", "1.3.6.1.2.1.1.4.0"]
    mine, ref = run_anysnmp(command, *args), run_netsnmp_tool(f"snmp{command}", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    said = ref.err.split("USAGE: ")[0]
    assert said.endswith(" -C: 1\n")
    assert mine.err == said if command != "table" else mine.err.startswith(f"{said}USAGE: ")
