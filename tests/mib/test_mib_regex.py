"""Names read as regular expressions (``-Ib``, ``-TB``, a name no other way reads) are
compiled only when they could match a label: a hostile megabyte of name is refused
without compiling it, and every pattern that could match still does."""

from __future__ import annotations

import ctypes
import importlib
import locale
import random
import re
import sys
import warnings

import pytest

from anysnmp import Mib
from anysnmp._errors import UnknownObjectError
from anysnmp._mib._objid import InputFlags, OidReader
from anysnmp._mib._posix import PatternError, c_text, python_pattern
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


class _Glibc:
    """glibc's regcomp and regexec (what Net-SNMP's parse.c calls), through ctypes."""

    EXTENDED_ICASE = 1 | 2  # REG_EXTENDED | REG_ICASE

    def __init__(self) -> None:
        self.libc = ctypes.CDLL(None)
        self.libc.regerror.argtypes = [
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_size_t,
        ]

    def starts(self, pattern: str, labels: list[str]) -> list[int] | str:
        """Where `pattern` first matches each label (-1: nowhere), or regerror's line."""
        compiled = ctypes.create_string_buffer(256)  # a regex_t, with room
        code = self.libc.regcomp(compiled, pattern.encode(), self.EXTENDED_ICASE)
        if code:
            message = ctypes.create_string_buffer(200)
            self.libc.regerror(code, compiled, message, 200)
            return message.value.decode()
        match = (ctypes.c_int * 2)()  # a regmatch_t
        try:
            return [
                match[0] if self.libc.regexec(compiled, label.encode(), 1, match, 0) == 0 else -1
                for label in labels
            ]
        finally:
            self.libc.regfree(compiled)


def _ours(pattern: str, labels: list[str]) -> list[int] | str:
    try:
        compiled = re.compile(python_pattern(pattern), re.ASCII | re.DOTALL)
    except PatternError as exc:
        return str(exc)
    return [found.start() if (found := compiled.search(c_text(label))) else -1 for label in labels]


#: POSIX ERE as glibc reads it: bracket expressions, repeats, groups, escapes.
POSIX_PIECES = [
    *"abAdDif.-_0()|*+?^$]}", "[[:alpha:]]", "[[:digit:]]", "[^[:upper:]]", "[[:punct:]x]",
    "[[:lower:]]", "[[:foo:]]", "[]a-]", "[a-d]", "[^a]", "[a-Z]", "[_-a]", "[[.-.]-z]",
    "[[=a=]b]", "[[.ab.]]", "[\\]", "[", "{2}", "{,2}", "{1,}", "{2,1}", "{}", "{", "\\<",
    "\\>", "\\b", "\\B", "\\w", "\\W", "\\s", "\\1", "\\2", "\\d", "\\D", "\\.", "\\`", "\\'",
    "\\", "é",
]  # fmt: skip
LABELS = ["ifDescr", "ifAdminStatus", "sysUpTime", "a", "D", "d1", "x-y", "_", "AbA", "]", "é"]


def test_posix_patterns_match_where_glibcs_regcomp_matches() -> None:
    """The rewriting of POSIX patterns against glibc's own regcomp and regexec, with
    Net-SNMP's flags: the same start in every label, or the same refusal (its words)."""
    glibc = _Glibc()
    draw = random.Random(16)
    patterns = [
        "".join(draw.choice(POSIX_PIECES) for _ in range(draw.randint(1, 7))) for _ in range(6000)
    ]
    was = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # Net-SNMP's tools set no locale
    try:
        theirs = [glibc.starts(pattern, LABELS) for pattern in patterns]
    finally:
        locale.setlocale(locale.LC_CTYPE, was)
    ours = [_ours(pattern, LABELS) for pattern in patterns]
    assert [(p, o, t) for p, o, t in zip(patterns, ours, theirs, strict=True) if o != t] == []
    refused = sum(isinstance(found, str) for found in theirs)
    assert 1000 < refused < 5000
