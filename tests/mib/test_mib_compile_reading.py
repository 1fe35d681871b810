"""The shortcuts of a first compile read MIB text as the plain readings do: `Words.seek`
as stepping through the words, `Walk` as lark's own walks of a parse tree, and the
parser's lexer reading past spaces at once as lark's reads them one run at a time."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from mib_helpers import require_test_mibs

from anysnmp._mib import _compile
from anysnmp._mib._clauses import Words
from anysnmp._mib._comments import blank_comments
from anysnmp._mib._compile import _LARK_OPTIONS, _grammar, _grammar_text
from anysnmp._mib._groups import _DEFINITIONS, _MACRO, _after_runs
from anysnmp._mib._positions import Walk

#: Pieces of MIB text where a word may or may not start: strings and constants holding
#: keywords (a constant's last character glued to the next word), underscores, marks.
_PIECES = (
    "INDEX", "AUGMENTS", "SYNTAX", "STATUS", "::=", "{", "}", "::", ":", "=", ".", "..",
    "'ff'H", "'01'BINDEX", "'", '"', '"an INDEX { }"', "_", "x", "INDEXES", "-", "fooINDEX",
    "\xe9", " ", "\n", "\t", "x_INDEX", "_INDEX", "INDEX_", "9", "'ab'{", "'a'::=",
)  # fmt: skip
_WANTED = (("INDEX", "AUGMENTS"), ("STATUS", "::="), ("{", "}"), ("::=",), ("SYNTAX",))


def _stepped(words: Words, wanted: tuple[str, ...]) -> str:
    while words.next() not in (*wanted, "EOF"):
        pass
    return words.word


@given(
    st.lists(st.sampled_from(_PIECES), max_size=40),
    st.sampled_from(_WANTED),
    st.booleans(),
    st.integers(0, 3),
)
@example(["'01'BINDEX", " ", "INDEX"], ("INDEX", "AUGMENTS"), False, 0)  # a word after 'B
@example(["'01'BINDEX"], ("INDEX", "AUGMENTS"), False, 1)  # from after 'B
@example(["'a'_INDEX", "{"], ("INDEX",), True, 0)  # a label of -Pu
@example(['"a', "INDEX"], ("SYNTAX",), False, 1)  # a string not closed: the end
@example(["SYNTAX", "INDEX", "x"], ("INDEX",), False, 1)  # from where the last word ends
def test_seek_finds_the_word_stepping_through_the_words_finds(
    pieces: list[str], wanted: tuple[str, ...], underscores: bool, skipped: int
) -> None:
    text = "".join(pieces)
    sought, stepped = Words(text, 0, underscores), Words(text, 0, underscores)
    for _ in range(skipped):  # from a place after some words
        sought.next(), stepped.next()
    for _ in range(3):
        assert sought.seek(wanted) == _stepped(stepped, wanted)
        if sought.word != "EOF":
            assert (sought.start, sought.end) == (stepped.start, stepped.end)
        # the words after it too
        assert (sought.next(), sought.start, sought.end) == (
            stepped.next(),
            stepped.start,
            stepped.end,
        )


#: Pieces of text around a macro's keyword or DEFINITIONS.
_RUNS = (
    *("x", "1", "_", "-", " ", "\n", "\xa0", "\xe9", "OBJECT-GROUP", "NOTIFICATION-TYPE"),
    *("DEFINITIONS", "DEFINITIONSx", "a-b", "Z9", "::="),
)


@given(st.lists(st.sampled_from(_RUNS), max_size=30))
@example(["1", "x", " ", "DEFINITIONS", " ", "DEFINITIONS"])  # a run of a digit first
@example(["a", " ", "OBJECT-GROUP", " ", "OBJECT-GROUP", "-", "x", " ", "OBJECT-GROUP"])
def test_keywords_after_runs_are_those_the_expressions_find(pieces: list[str]) -> None:
    text = "".join(pieces)
    for keyword, first in ((_MACRO, "[A-Za-z0-9_-]"), (_DEFINITIONS, "[A-Za-z]")):
        expression = rf"(?<![A-Za-z0-9_-])({first}[A-Za-z0-9_-]*)\s+({keyword.pattern})"
        expected = [
            (match.start(), match.end(1), match.group(2), match.start(2), match.end())
            for match in re.finditer(expression, text)
        ]
        letter = keyword is _DEFINITIONS
        assert [tuple(found) for found in _after_runs(text, keyword, letter=letter)] == expected


def _texts() -> list[str]:
    folders = [Path(folder) for folder in require_test_mibs().split(":")]
    files = sorted(path for folder in folders for path in folder.iterdir())
    texts = [path.read_bytes().decode("latin-1") for path in files[::4]]
    texts = [blank_comments(text, to_eol=False, underscores=False) for text in texts]
    # spaces of every kind the grammar ignores, and a slip (where lark's error is)
    return [
        *texts,
        texts[0].replace("\n", "\r\n").replace("    ", "\t\f "),
        re.sub(r"::=", ":: =", texts[1], count=3),
        texts[2][: len(texts[2]) // 2] + "\n\n\t  ",
    ]


def _where(token: Any) -> tuple[Any, ...]:
    lines = (token.line, token.column, token.end_line, token.end_column)
    return (token.type, str(token), *lines, token.start_pos, token.end_pos)


def _slip(error: Any) -> tuple[Any, ...]:
    """lark's error, with the terminals it expected as a set: lark lists them in its set's
    order, which differs between two parsers (and runs) with the same tables."""
    said, _, expected = str(error).partition("Expected one of:")
    return (type(error), error.line, error.column, said, sorted(expected.splitlines()))


@pytest.mark.parametrize("loaded", [False, True], ids=["built", "loaded"])
def test_the_parsers_tokens_and_slips_are_lark_s_own(
    loaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut (`_skip_spaces`) is taken by a parser built from the grammar and by one
    loaded from the cache's tables (the usual one), and reads as lark reads."""
    import lark
    from lark.grammar import Rule
    from lark.lexer import TerminalDef

    plain = lark.Lark(_grammar_text(), **_LARK_OPTIONS)
    tables = plain.memo_serialize([TerminalDef, Rule])

    class Store:
        def load_parser(self, key: Any) -> Any:
            return tables if loaded else None

        def store_parser(self, key: Any, value: Any) -> None:
            pass

    monkeypatch.setattr(_compile, "_parsers", {})  # this process's parser: made again
    ours = _grammar(Store())
    assert ours.parser.lexer.root_lexer.next_token.__name__ == "read"  # the shortcut's
    for text in _texts():
        results: list[Any] = []
        for parser in (plain, ours):
            try:
                tree = parser.parse(text)
            except lark.UnexpectedInput as error:
                results.append(_slip(error))
            else:
                tokens = tree.scan_values(lambda value: isinstance(value, lark.Token))
                results.append([_where(token) for token in tokens])
        assert results[0] == results[1]


@pytest.mark.parametrize(
    "rules",
    [("declaration",), ("object_identifier", "subidentifier"), ("syntax", "ranges", "size")],
)
def test_walk_finds_the_nodes_and_tokens_lark_s_walks_find(rules: tuple[str, ...]) -> None:
    import lark

    parser = _grammar(None)
    walked = 0
    for text in _texts()[:-2]:
        try:  # some need the readings before pysmi's (`_compile`)
            tree = parser.parse(text)
        except lark.UnexpectedInput:
            continue
        walked += 1
        walk = Walk(tree)
        for node in [tree, *walk.find(tree, "declaration")[:40]]:
            found = [item for item in node.iter_subtrees_topdown() if item.data in rules]
            assert walk.find(node, *rules) == found
            tokens = list(node.scan_values(lambda value: isinstance(value, lark.Token)))
            assert walk.tokens(node) == tokens
            assert walk.first(node) is tokens[0]
    assert walked > 10
