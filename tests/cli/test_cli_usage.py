"""-h, --help and usage errors: a usage screen laid out as Net-SNMP's tools lay theirs out
(``USAGE:``, the version, an option a line in their order), on stderr, exit status 1."""

from __future__ import annotations

import re

import pytest
from cli_helpers import run_anysnmp, run_netsnmp_tool

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


def test_a_usage_error_prints_the_reason_then_the_usage_screen() -> None:
    mine, ref = run_anysnmp("get"), run_netsnmp_tool("snmpget")
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    for err in (mine.err, ref.err):
        assert err.splitlines()[1].startswith("USAGE: ")
