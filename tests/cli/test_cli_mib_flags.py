"""Net-SNMP's -P flags of MIB parsing (and their snmp.conf settings) on the command line:
what they change, compared with Net-SNMP's tools on the same MIB files."""

from __future__ import annotations

from pathlib import Path

import forked_cli
import pytest
from broken_mibs import (
    REDEFINE_FIRST_MIB,
    REDEFINE_SECOND_MIB,
    UNDERSCORE_MIB,
    UNDERSCORE_USER_MIB,
    broken_mib_dirs,
)
from cli_helpers import ANYSNMP, ENV, Result, run_anysnmp, run_netsnmp_tool, running
from peers import require_tool

UNDERSCORES = {"under.mib": UNDERSCORE_MIB, "user.mib": UNDERSCORE_USER_MIB}

#: Our agent's objects of the underscore modules: two ports, a wanted speed.
UNDERSCORE_RECORDS = """\
1.3.6.1.4.1.99970.1.1.2.4|2|1
1.3.6.1.4.1.99970.1.1.2.9|2|2
1.3.6.1.4.1.99970.1.1.3.4|4|uplink_a
1.3.6.1.4.1.99970.1.1.3.9|4|uplink_b
1.3.6.1.4.1.99970.2.1.1.1.9|2|1
"""


def _both(args: list[str], conf: Path | None = None) -> tuple[Result, Result]:
    """``anysnmp translate ARGS`` and ``snmptranslate ARGS`` (snmp.conf from `conf`)."""
    env = {**ENV, "SNMPCONFPATH": str(conf)} if conf is not None else ENV
    ours, theirs = (
        forked_cli.run(command, capture_output=True, text=True, env=env)
        for command in ([*ANYSNMP, "translate", *args], [require_tool("snmptranslate"), *args])
    )
    return (
        Result(ours.returncode, ours.stdout, ours.stderr),
        Result(theirs.returncode, theirs.stdout, theirs.stderr),
    )


@pytest.mark.parametrize("flags", [["-Pu"], [], ["-Pu", "-Pu"], ["-Puu"], ["-Pue"]])
def test_translate_of_underscore_modules_as_snmptranslate(tmp_path: Path, flags: list[str]) -> None:
    dirs = broken_mib_dirs(tmp_path, **UNDERSCORES)
    underscores = "".join(flags).count("u") % 2 == 1
    printed = ""
    for args in (
        ["-Tp", ".1.3.6.1.4.1.99970"],
        ["-Td", ".1.3.6.1.4.1.99970.1.1.2"],
        ["-Td", "VENDOR-USER-MIB::user_Wanted"],
        ["-On", "VENDOR-USER-MIB::user_Wanted.3", "-IR", "port_Name.2"],
        [".1.3.6.1.4.1.99970.2.1.1.1.7", "-Of", ".1.3.6.1.4.1.99970.1.1.3.5"],
    ):
        ours, theirs = _both(["-M", dirs, "-m", "VENDOR-USER-MIB", *flags, *args])
        assert (ours.rc, ours.out) == (theirs.rc, theirs.out)
        if underscores:  # without: the lines differ (see docs/mibs.md)
            assert ours.err == theirs.err == ""
        printed += ours.out
    assert ("port_Speed" in printed) == underscores


@pytest.mark.parametrize(
    ("setting", "flags"), [("yes", []), ("yes", ["-Pu"]), ("no", ["-Pu"]), ("no", [])]
)
def test_mib_allow_underline_of_snmp_conf_wins_over_pu(
    tmp_path: Path, setting: str, flags: list[str]
) -> None:
    plain = UNDERSCORE_MIB.replace("VENDOR_UNDER-MIB", "VENDOR-UNDERLINED-MIB")
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": plain})
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "snmp.conf").write_text(f"mibAllowUnderline {setting}\n")
    args = ["-M", dirs, "-m", "VENDOR-UNDERLINED-MIB", *flags, "-On", "port_Speed"]
    ours, theirs = _both(["-IR", *args], conf)
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out)
    # The MIB lines alike (the last line, of an unknown name, is in our words).
    assert ours.err.splitlines()[:-1] == theirs.err.splitlines()[:-1]
    assert (ours.out == ".1.3.6.1.4.1.99970.1.1.2\n") == (setting == "yes")
    assert ("Bad operator (_): At line 6 in" in ours.err) == (setting == "no")


def test_walk_and_get_print_underscore_names_as_net_snmp(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **UNDERSCORES)
    (tmp_path / "under.snmprec").write_text(UNDERSCORE_RECORDS)
    listen = ["--listen", "127.0.0.1:0", str(tmp_path / "under.snmprec")]
    with running("agent", *listen) as addr:
        args = ["-v2c", "-c", "public", "-Pu", "-M", dirs, "-m", "VENDOR-USER-MIB", addr]
        names = ["VENDOR-USER-MIB::user_Wanted.9", ".1.3.6.1.4.1.99970.1.1.3.4"]
        runs = [
            (
                run_anysnmp("walk", *args, ".1.3.6.1.4.1.99970"),
                run_netsnmp_tool("snmpwalk", *args, ".1.3.6.1.4.1.99970"),
            ),
            (
                run_anysnmp("get", *args, *names),
                run_netsnmp_tool("snmpget", *args, *names),
            ),
        ]
    for ours, theirs in runs:
        assert ours == theirs
    assert runs[0][0].out.splitlines() == [
        "VENDOR_UNDER-MIB::port_Speed.4 = INTEGER: slow_one(1)",
        "VENDOR_UNDER-MIB::port_Speed.9 = INTEGER: fast_two(2)",
        "VENDOR_UNDER-MIB::port_Name.4 = STRING: uplink_a",
        "VENDOR_UNDER-MIB::port_Name.9 = STRING: uplink_b",
        "VENDOR-USER-MIB::user_Wanted.9 = INTEGER: slow_one(1)",
        "VENDOR-USER-MIB::user_Wanted.9 = No more variables left in this MIB View "
        "(It is past the end of the MIB tree)",
    ]


REDEFINED = {"first.mib": REDEFINE_FIRST_MIB, "second.mib": REDEFINE_SECOND_MIB}


@pytest.mark.parametrize(
    ("setting", "flags"),
    [(None, []), (None, ["-PR"]), (None, ["-PRR"]), ("yes", []), ("no", ["-PR"]), ("yes", ["-PR"])],
)
def test_translate_pr_and_mib_replace_with_latest_as_snmptranslate(
    tmp_path: Path, setting: str | None, flags: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **REDEFINED)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "snmp.conf").write_text(f"mibReplaceWithLatest {setting}\n" if setting else "")
    modules = "REDEFINE-FIRST-MIB:REDEFINE-SECOND-MIB"
    args = ["-M", dirs, "-m", modules, *flags, "-Td", "REDEFINE-FIRST-MIB::sharedValue"]
    ours, theirs = _both(args, conf)
    assert ours == theirs
    replaced = setting == "yes" if setting else "".join(flags).count("R") % 2 == 1
    assert ("MAX-ACCESS\tread-write" in ours.out) == replaced


def test_get_prints_values_by_the_latest_definition_with_pr(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path, **REDEFINED)
    (tmp_path / "shared.snmprec").write_text("1.3.6.1.4.1.99972.1.0|4|widget\n")
    listen = ["--listen", "127.0.0.1:0", str(tmp_path / "shared.snmprec")]
    modules = "REDEFINE-FIRST-MIB:REDEFINE-SECOND-MIB"
    printed = []
    with running("agent", *listen) as addr:
        for flags in ([], ["-PR"]):
            args = ["-v2c", "-c", "public", *flags, "-M", dirs, "-m", modules, addr]
            ours = run_anysnmp("get", *args, "REDEFINE-FIRST-MIB::sharedValue.0")
            theirs = run_netsnmp_tool("snmpget", *args, "REDEFINE-FIRST-MIB::sharedValue.0")
            assert ours == theirs
            printed.append(ours.out)
    assert printed == [
        'REDEFINE-FIRST-MIB::sharedValue.0 = Wrong Type (should be INTEGER): STRING: "widget"\n',
        "REDEFINE-FIRST-MIB::sharedValue.0 = STRING: widget\n",
    ]


#: A module without underscores, and a definition after a comment that ends at its "--"
#: (Net-SNMP's default) on one line, with a node below it.
PLAIN = UNDERSCORE_MIB.replace("VENDOR_UNDER-MIB", "VENDOR-PLAIN-MIB").replace("_", "")
COMMENTED = PLAIN.replace(
    "\nEND\n",
    "\n-- an aside -- plainExtra OBJECT IDENTIFIER ::= { vendorUnder 9 }"
    "\nplainBelow OBJECT IDENTIFIER ::= { plainExtra 1 }\nEND\n",
)


@pytest.mark.parametrize(
    ("text", "flags"),
    [(PLAIN, ["-Pd"]), (PLAIN, ["-Pdd"]), (COMMENTED, ["-Pc"]), (COMMENTED, ["-Pdc"])],
)
def test_pd_changes_nothing_and_pc_ends_comments_at_the_line_s_end_as_net_snmp(
    tmp_path: Path, text: str, flags: list[str]
) -> None:
    # -Pd: Net-SNMP keeps the DESCRIPTIONs for -Td anyway; we always keep them. -Pc: comments
    # end at the line's end (without: at a second "--", see test_cli_mib_text).
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": text})
    for args in (["-Td", "VENDOR-PLAIN-MIB::portName"], ["-Tp", ".1.3.6.1.4.1.99970"]):
        command = ["-M", dirs, "-m", "VENDOR-PLAIN-MIB", *args]
        ours, theirs = _both([*flags, *command])
        assert ours == theirs
        assert ours.rc == 0 and "portName" in ours.out
        if text == PLAIN:
            assert ours == _both(command)[0]
    commented = "Undefined identifier: plainExtra near line " in ours.err
    assert commented == (text == COMMENTED)


@pytest.mark.parametrize(
    ("level", "flags"), [("0", ["-Pw"]), ("1", []), ("0", []), ("2", []), ("1", ["-PW"])]
)
def test_mib_warning_level_of_snmp_conf_wins_over_pw(
    tmp_path: Path, level: str, flags: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **REDEFINED)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "snmp.conf").write_text(f"mibWarningLevel {level}\n")
    args = ["-M", dirs, "-m", "REDEFINE-FIRST-MIB", *flags, "-On", "REDEFINE-FIRST-MIB::shared"]
    ours, theirs = _both(args, conf)
    assert ours == theirs
    assert ("OBJECT-TYPE MACRO (lines " in ours.err) == (level != "0")


@pytest.mark.parametrize(
    ("setting", "flags"), [("commentToEOL yes", []), ("strictCommentTerm no", ["-Pc"])]
)
def test_comment_to_eol_of_snmp_conf_wins_over_pc(
    tmp_path: Path, setting: str, flags: list[str]
) -> None:
    dirs = broken_mib_dirs(tmp_path, **{"plain.mib": COMMENTED})
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "snmp.conf").write_text(f"{setting}\n")
    ours, theirs = _both(["-M", dirs, "-m", "VENDOR-PLAIN-MIB", *flags, "-Tp", ".1.3.6"], conf)
    assert ours == theirs
    assert ("plainExtra" in ours.out) == setting.endswith("no")
