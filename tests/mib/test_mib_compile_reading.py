"""The shortcuts of a first compile read MIB text as the plain readings do: `Walk` as
lark's own walks of a parse tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mib_helpers import require_test_mibs

from anysnmp._mib._comments import blank_comments
from anysnmp._mib._compile import _grammar
from anysnmp._mib._positions import Walk


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
