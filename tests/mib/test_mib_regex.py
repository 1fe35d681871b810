"""Names read as regular expressions (``-Ib``, ``-TB``, a name no other way reads) are
compiled only when they could match a label: a hostile megabyte of name is refused
without compiling it, and every pattern that could match still does."""

from __future__ import annotations

import importlib
import random
import re
import sys
import warnings

import pytest

from anysnmp import Mib
from anysnmp._errors import UnknownObjectError
from anysnmp._mib._objid import InputFlags, OidReader
from anysnmp._mib._regex import label_pattern, min_width

#: Python's own parser of patterns (renamed in 3.11).
sre_parse = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

#: Python's regular expression syntax: groups of every kind, repeats, sets, escapes.
PIECES = [
    *"ab.|()*+?[]{}^$\\1,-:=!<>P#ixdbBAZz0",
    "(?:", "(?P<n>", "(?P=n)", "(?#", "(?i)", "(?=", "(?<=", "(?!", "(?>",
    "{2}", "{0}", "{,3}", "{2,}", "{1,4}", "[^", "\\x4", "\\d", "[a-z]",
]  # fmt: skip
WRITTEN = ["a(?#c)*b", "(a|bb)c{3}", "[]a]{2}", "(?:ab|)c", "x{0}y", "(?x) a b c", "a\\bb"]


def _python_width(pattern: str) -> int | None:
    """The shortest match of `pattern` by Python's own parser; None: no pattern."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            re.compile(pattern)
            return int(sre_parse.parse(pattern).getwidth()[0])
        except (re.error, OverflowError, RecursionError):
            return None


def test_min_width_never_exceeds_the_shortest_match() -> None:
    draw = random.Random(16)
    patterns = WRITTEN + [
        "".join(draw.choice(PIECES) for _ in range(draw.randint(1, 10))) for _ in range(20000)
    ]
    widths = [(pattern, _python_width(pattern)) for pattern in patterns]
    valid = [(pattern, width) for pattern, width in widths if width is not None]
    assert len(valid) > 3000
    assert [(p, min_width(p), w) for p, w in valid if min_width(p) > w] == []
    # Exact where the pattern holds no look-around, back reference or verbose text.
    assert [min_width(pattern) for pattern in WRITTEN] == [1, 4, 2, 1, 1, 0, 2]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "ifDescr." + "1." * 500_000,
        "[a-z]" * 200_000,
        "x{1000000}",
        "(ab|cd)" + "e" * 1_000_000,
    ],
)
def test_a_megabyte_name_is_refused_without_compiling_it(mib: Mib, text: str) -> None:
    """No label is that long: the pattern is never compiled (a compiled pattern would be
    returned), and the name does not read, as Net-SNMP's search matches nothing."""
    longest = mib.tree.links.longest
    assert 0 < longest < 200
    assert label_pattern(text, longest) is None
    reader = OidReader(mib.tree, InputFlags())
    with pytest.raises(UnknownObjectError):
        reader.parse(text)


@pytest.mark.parametrize(
    "text", ["x" * 5000 + "|ifdescr", "(" + "y" * 5000 + ")?IFDESCR", "ifD.scr"]
)
def test_a_long_pattern_that_can_match_still_does(mib: Mib, text: str) -> None:
    reader = OidReader(mib.tree, InputFlags(regex=True))
    assert label_pattern(text, mib.tree.links.longest) is not None
    assert reader.parse(text) == reader.parse("ifDescr")
