"""Options as getopt hands them to Net-SNMP's tools: in their order, the first refused
stops the tool (an option given twice: the first bad one, not the last given), and -C
letters those tools toggle, given twice, are off again."""

from __future__ import annotations

import re

import pytest
from cli_helpers import run_anysnmp, run_netsnmp, run_netsnmp_tool
from peers import Snmpd

SYS_NAME = "1.3.6.1.2.1.1.5.0"


@pytest.mark.parametrize(
    "options",
    [
        "-v5 -v2c",  # the first -v refused, though the last is good
        "-a foo -a SHA",
        "-t x -t 1",
        "-l foo -v9",  # the first of two bad ones
        "-v9 -l foo",
        "-Oz -v9",  # -O read when met, not when the command runs
        "-Iz -Oz",
        "-Pz -Oz",
        "-Oz -Lx",  # -L too, though it takes effect first
        "-Lx -Oz",
        "-Cz -Oz",
        "-Oz -e xyz",
        "-3m xyz -Oz",  # a key not in hex, even for v2c
        "-3mxyz",
        "-Oz -p 5",
        "-Oz -j",  # before the option getopt refuses
        "-Ln -v9",  # said on stderr, -L or not
        "-c -v9 -Oz",  # -v9: -c's value
    ],
)
def test_the_first_option_refused_in_order_is_said(snmpd: Snmpd, options: str) -> None:
    """snmpget's line (its usage screen after it aside), status and stdout."""
    args = ["-v2c", "-c", "public", *options.split(), snmpd.target, SYS_NAME]
    mine, ref = run_anysnmp("get", *args), run_netsnmp("snmpget", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    said = ref.err.splitlines()[0].replace("snmpget:", "anysnmp get:")
    assert mine.err.splitlines()[0] == said


@pytest.mark.parametrize(
    ("command", "options", "root"),
    [
        ("walk", "-Cp -Cp", "1.3.6.1.2.1.1.9.1.2"),  # no "Variables found"
        ("walk", "-Cpc -Cp", "1.3.6.1.2.1.1.9.1.2"),
        ("walk", "-Ci -Ci", "1.3.6.1.2.1.1.9.1.2"),  # no GET of the root first
        ("walk", "-CI -CI", SYS_NAME),  # the GET of the root again
        ("bulkwalk", "-Cpp", "1.3.6.1.2.1.1.9.1.2"),
        ("bulkwalk", "-Ci -Ci", "1.3.6.1.2.1.1.9.1.2"),
        ("walk", "-Cw -Cw", SYS_NAME),  # the first bad letter
        ("bulkget", "-Cr1 -Cr3", "1.3.6.1.2.1.1.9.1.2"),  # the last number
        ("get", "-Cf -Cf", f"{SYS_NAME} 1.3.6.1.2.1.1.5.7"),  # the request fixed again
        ("set", "-Cq -Cq", f"{SYS_NAME} s vm"),  # set, not toggled: quiet
    ],
)
def test_c_letters_given_twice_as_net_snmps_tools_read_them(
    snmpd: Snmpd, command: str, options: str, root: str
) -> None:
    """The letters snmpwalk, snmpbulkwalk and snmpget toggle (walk's c i I p t, bulkwalk's
    c i p, get's and getnext's f) are off again when given twice; others are set."""
    community = "private" if command == "set" else "public"
    version = "-v1" if command == "get" else "-v2c"
    args = [version, "-c", community, *options.split(), snmpd.target, *root.split()]
    mine, ref = run_anysnmp(command, *args), run_netsnmp(f"snmp{command}", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out)
    assert mine.err.splitlines()[:3] == ref.err.splitlines()[:3]


@pytest.mark.parametrize("command", ["walk", "bulkwalk"])
def test_arguments_after_the_walks_oid_are_ignored_as_by_snmpwalk(
    snmpd: Snmpd, command: str
) -> None:
    """snmpwalk and snmpbulkwalk walk their first OID and read no argument after it (we
    refused them: click's 'Got unexpected extra argument'); options there still count."""
    args = ["-v2c", "-c", "public", snmpd.target, SYS_NAME, "1.3.6.1.2.1.1.1.0", "x", "-Cp"]
    mine, ref = run_anysnmp(command, *args), run_netsnmp(f"snmp{command}", *args)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.rc == 0 and ref.out.endswith("Variables found: 1\n")


@pytest.mark.parametrize(
    "options",
    ["-Iz -Oz", "-Pz -Oz", "-Oz -Tx", "-Oz -Lx", "-Oz -j", "-Oz -w x", "-w x -Oz", "-Tx -Oz"],
)
def test_translate_says_the_first_option_refused_in_order(options: str) -> None:
    """snmptranslate's line for the first (its usage screen after it aside), and status."""
    args = [*options.split(), "1.3"]
    mine, ref = run_anysnmp("translate", *args), run_netsnmp_tool("snmptranslate", *args)
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    said = re.sub(r"^\S*snmptranslate:", "anysnmp translate:", ref.err.splitlines()[0])
    assert mine.err.splitlines()[0] == said
