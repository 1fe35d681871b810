"""A SEQUENCE type (``X ::= SEQUENCE { ... }``) as Net-SNMP's parse_asntype reads it: it
reads past every word to the ``}`` that closes its ``{`` (braces counted, nothing else
looked at), then its main loop reads on from the word after (`_resync`). `read_sequences`
finds where that ends a module pysmi reads otherwise: a ``}`` missing (read to the text's
end: ``Expected "}" (EOF)``), or one too early whose next words Net-SNMP's main loop drops
the module at (``X (is a reserved word)``, ``Bad operator (y)``)."""

from __future__ import annotations

from ._clauses import Words
from ._groups import ReadPast
from ._resync import STARTS, is_name, read_on

__all__ = ("read_sequences",)


def read_sequences(text: str, *, underscores: bool = False) -> ReadPast:
    """What Net-SNMP says of `text`'s (comments blanked out) first SEQUENCE type it drops
    the module at, as a `ReadPast` whose `fatal` holds it (None: none)."""
    words = Words(text, 0, underscores)
    before = ("", "")  # the two words before the current
    while words.next() != "EOF":
        if words.word != "{" or before not in (("::=", "SEQUENCE"), ("::=", "CHOICE")):
            before = (before[1], words.word)
            continue
        line, depth = text.count("\n", 0, words.start) + 1, 1
        while depth and words.next() != "EOF":
            depth += {"{": 1, "}": -1}.get(words.word, 0)
        if depth:
            end = text.count("\n") + 1
            said = [('Expected "}" (EOF)', end), (": (is a reserved word)", end)]
            return ReadPast(text, [], {}, (line, said))
        after = Words(text, words.end, underscores)
        if not is_name(after.next()) or after.next() not in STARTS:  # not the next definition
            resync = read_on(text, words.end)
            if resync.at is None:
                return ReadPast(text, [], {}, (line, resync.said))
        before = ("", "")
    return ReadPast(text, [], {}, None)
