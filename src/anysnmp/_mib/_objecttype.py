"""An OBJECT-TYPE up to its ``::=`` as Net-SNMP's parse_objecttype reads it, for what it
says of a slip there before it drops the module (`_positions`): in its head (SYNTAX, UNITS,
ACCESS, STATUS) ``Bad syntax (x)``, ``Bad SIZE syntax (x)``, a range's or an enumeration's
words (``Expected ")" (x)``...), ``Should be ACCESS (x)``, ``Bad ACCESS type (x)``...; in
its optional clauses ``Bad DESCRIPTION (x)``, ``Bad INDEX list (INDEX)``,
``Bad DEFAULTVALUE (x)``, ``Bad format of optional clauses (x)``, ``Bad format (EOF)``..."""

from __future__ import annotations

import re

from ._clauses import Words, constant, enumeration, is_number, ranges
from ._cnumbers import strtoul_int
from ._lines import line_at
from ._records import UPPER_BOUND
from ._resync import is_label, is_name

__all__ = (
    "DEFVAL_MARK",
    "head_lines",
    "read_clauses",
    "read_defvals",
    "read_indexes",
    "read_ranges",
)

#: The types whose SYNTAX takes an enumeration or a range.
_RANGED = frozenset({"INTEGER", "Integer32", "UInteger32", "Unsigned32", "Counter", "Gauge"})
_RANGED |= {"Counter32", "Gauge32", "BITS"}
#: The types of no range.
_PLAIN = frozenset({"NetworkAddress", "IpAddress", "TimeTicks", "NULL", "NsapAddress"})
_PLAIN |= {"Counter64"}
_ACCESS = frozenset({"read-only", "read-write", "write-only", "not-accessible"})
_ACCESS |= {"read-create", "accessible-for-notify"}
_STATUS = frozenset({"mandatory", "current", "optional", "obsolete", "deprecated"})
#: The keywords of types Net-SNMP's getIndexes takes as names too (with labels and
#: `is_name`'s types).
_TYPE_WORDS = frozenset({"NULL", "BITS", "OCTETSTRING"})


def head_lines(text: str, start: int) -> list[tuple[str, int]] | None:
    """What Net-SNMP says of the OBJECT-TYPE whose keyword ends at offset `start` of `text`
    (comments blanked out), up to the slip it drops the module at; None: it reads it
    through to its ``::=``."""
    words = Words(text, start, underscores=False)
    if words.next() != "SYNTAX":
        return _said(words, "Bad format for OBJECT-TYPE")
    kind = words.next()
    if kind == "EOF":
        return _said(words, "Bad syntax")
    if kind == "OBJECT":
        if words.next() != "IDENTIFIER":
            return _said(words, "Expected IDENTIFIER")
        kind = "OBJECT IDENTIFIER"
    elif kind == "OCTET":  # OCTET STRING, joined by Net-SNMP's lexer
        kind = f"{kind} {words.next()}"
    words.next()
    sized = kind in ("OCTET STRING", "Opaque") or (is_label(kind) and _size_next(words))
    if kind == "SEQUENCE":
        if words.word == "OF":
            words.next()
            words.next()
    elif sized:
        if words.word == "(" and not _size(words):
            return _said(words, "Bad SIZE syntax", kind)
    elif kind in _RANGED or is_label(kind):
        if words.word in ("{", "("):
            (enumeration if words.word == "{" else ranges)(words)
            words.next()
    elif kind not in _PLAIN and kind != "OBJECT IDENTIFIER":
        return _said(words, "Bad syntax", kind)
    if words.word == "UNITS":
        words.next()
        if not words.string():
            return _said(words, "Bad UNITS")
        words.next()
    if words.word not in ("ACCESS", "MAX-ACCESS"):
        return _said(words, "Should be ACCESS")
    if words.next() not in _ACCESS:
        return _said(words, "Bad ACCESS type")
    if words.next() != "STATUS":
        return _said(words, "Should be STATUS")
    if words.next() not in _STATUS:
        return _said(words, "Bad STATUS")
    return _optional(words)


def _optional(words: Words) -> list[tuple[str, int]] | None:
    """What Net-SNMP says of an OBJECT-TYPE's clauses after its STATUS (at `words`), to its
    ``::=``; None: nothing."""
    listed = ""  # INDEX or AUGMENTS, once read
    while words.next() not in ("::=", "EOF"):
        clause = words.word
        if clause in ("DESCRIPTION", "REFERENCE"):
            words.next()
            if not words.string():
                return _said(words, f"Bad {clause}")
        elif clause in ("INDEX", "AUGMENTS"):
            if listed:
                return _said(words, "Cannot have both INDEX and AUGMENTS")
            if not _index_list(words):
                return _said(words, f"Bad {clause} list", clause)
            listed = clause
        elif clause == "DEFVAL":
            if words.next() != "{":
                return _said(words, "Bad DEFAULTVALUE")
            if not _defval(words):
                return _said(words, "Bad DEFAULTVALUE")
        else:
            return _said(words, "Bad format of optional clauses")
    if words.word == "EOF":
        return _said(words, "Bad format")
    return None


#: The words an OBJECT-TYPE's clause after its INDEX or AUGMENTS list may start with.
_AFTER_LIST = frozenset({"DESCRIPTION", "REFERENCE", "INDEX", "AUGMENTS", "DEFVAL", "::="})


def read_indexes(text: str, *, underscores: bool = False) -> str:
    """`text` (comments blanked out) with each INDEX or AUGMENTS list holding words
    Net-SNMP's getIndexes reads past (``INDEX { a, ::=, b }``, ``{ { a }``) rewritten as the
    names it keeps (``IMPLIED`` before the name after it), its line breaks kept; a list it
    drops the module at (no name in it, not followed by a clause) is left to pysmi."""
    words = Words(text, 0, underscores)
    pieces: list[str] = []
    start = 0
    while words.seek(("INDEX", "AUGMENTS")) != "EOF":
        if words.next() != "{":
            continue
        opened, kept, implied = words.end, [], False
        while words.next() not in ("}", "EOF"):
            if is_name(words.word) or words.word in _TYPE_WORDS:
                kept.append(("IMPLIED " if implied else "") + words.word)
                implied = False
            elif words.word == "IMPLIED":
                implied = True
        if words.word == "EOF" or not kept:
            continue
        if Words(text, words.end, underscores).next() not in _AFTER_LIST:
            continue
        listed, inner = ", ".join(kept), text[opened : words.start]
        if re.sub(r"\s", "", listed) != re.sub(r"\s", "", inner):
            pieces += [text[start:opened], f" {listed} ", "\n" * inner.count("\n")]
            start = words.start
    return "".join([*pieces, text[start:]])


def _index_list(words: Words) -> bool:
    """An INDEX or AUGMENTS list (its keyword at `words`) as Net-SNMP's getIndexes reads it:
    ``{``, then words to the first ``}`` (or the text's end); False: no ``{``, or no name
    in it (Net-SNMP then shows the clause's keyword)."""
    if words.next() != "{":
        return False
    named = False
    while words.next() not in ("}", "EOF"):
        named = named or is_name(words.word) or words.word in _TYPE_WORDS
    return named


def _defval(words: Words) -> bool:
    """A DEFVAL's value after its ``{`` as Net-SNMP reads it, to the ``}`` closing it
    (braces counted); False: the text ends first, or the braces hold nothing."""
    depth, empty = 1, True
    while True:
        depth += {"{": 1, "}": -1}.get(words.next(), 0)
        if words.word == "EOF" or depth == 0:
            return words.word != "EOF" and not empty
        empty = False


def _size(words: Words) -> bool:
    """A SIZE after its ``(`` (at `words`), read as Net-SNMP reads it; False: a slip."""
    if words.next() == "SIZE" and words.next() == "(":
        ranges(words)
        if words.next() == ")":
            words.next()
            return True
    return False


def _size_next(words: Words) -> bool:
    """Whether a SIZE is within the parentheses at `words` (after a type's name): Net-SNMP
    reads a SIZE there when the type is an OCTET STRING's textual convention."""
    if words.word != "(":
        return False
    after = Words(words.text, words.end, underscores=False)
    while after.next() not in (")", "EOF"):
        if after.word == "SIZE":
            return True
    return False


def _said(words: Words, wanted: str, word: str | None = None) -> list[tuple[str, int]]:
    """What Net-SNMP says up to a slip at `words` (``wanted (word)``)."""
    words.say(wanted, word)
    return words.said


#: What starts a DEFVAL's text as Net-SNMP keeps it, in a string standing for a value pysmi
#: does not read (`read_defvals`); its ``"`` are ``DEFVAL_QUOTE``.
DEFVAL_MARK, DEFVAL_QUOTE = "\x01", "\x02"
#: A number, string or constant: a DEFVAL's value pysmi reads.
_VALUE = re.compile(r"""-?[0-9]+|"[^"]*"|'[^']*'[HhBb]""")
#: Net-SNMP's buffer of a DEFVAL's text (its last character dropped).
_DEFVAL_BUFFER = 511


def _plain_defval(words: list[str]) -> bool:
    """Whether pysmi reads a DEFVAL of `words` (within its braces) as Net-SNMP does: one
    label (of a small letter first), number, string or constant, or braces of such labels
    between commas (BITS)."""
    if len(words) == 1:
        word = words[0]
        return _lower_label(word) or _VALUE.fullmatch(word) is not None
    if words == ["{", "}"]:
        return True
    inner = words[1:-1]
    return (
        (words[0], words[-1]) == ("{", "}")
        and len(inner) % 2 == 1
        and all(_lower_label(word) for word in inner[::2])
        and all(word == "," for word in inner[1::2])
    )


def _lower_label(word: str) -> bool:
    """Whether `word` is a label pysmi reads as one (a small letter first)."""
    return is_label(word) and word[:1].islower()


def _defval_text(words: list[str]) -> str:
    """A DEFVAL's words as Net-SNMP keeps them: joined by spaces, a string's text within
    ``\\"``, a constant as a number, ``::=`` and ``..`` as their first character."""
    shown = []
    for word in words:
        if word.startswith('"'):
            word = '\\"' + word[1:-1] + '\\"'
        elif word.startswith("'"):
            word = constant(word)
        elif word in ("::=", ".."):
            word = word[0]
        shown.append(word.split("\0", 1)[0] + " ")
    return "".join(shown)[:_DEFVAL_BUFFER][:-1]


def read_defvals(text: str, *, underscores: bool = False) -> str:
    """`text` (comments blanked out) with each DEFVAL's value that pysmi does not read as
    Net-SNMP reads it (any words to the ``}`` closing its ``{``: ``{ 0.0.0.0 }``,
    ``{ enabled(1) }``) given as a string of Net-SNMP's text of it after `DEFVAL_MARK`, its
    line breaks kept; a DEFVAL Net-SNMP drops the module at is left to pysmi."""
    words = Words(text, 0, underscores)
    pieces: list[str] = []
    start = 0
    while words.seek(("DEFVAL",)) != "EOF":
        if words.next() != "{":
            continue
        opened, inner, depth = words.end, [], 1
        while depth:
            depth += {"{": 1, "}": -1}.get(words.next(), 0)
            if words.word == "EOF":
                break
            inner.append(words.word)
        if words.word == "EOF" or len(inner) < 2 or _plain_defval(inner[:-1]):
            continue
        kept = _defval_text(inner[:-1]).replace('"', DEFVAL_QUOTE)
        lines = "\n" * (text.count("\n", opened, words.start) - kept.count("\n"))
        pieces += [text[start:opened], f' "{DEFVAL_MARK}{kept}" ', lines]
        start = words.start
    return "".join([*pieces, text[start:]])


def _bounds(words: Words) -> list[tuple[int, int, str, bool]] | None:
    """The words Net-SNMP's parse_ranges takes for numbers in ranges after their ``(`` (at
    `words`): (start, end, word, whether an upper bound); None: it says something of them
    (`ranges` says what)."""
    size = words.next() == "SIZE"
    if size and words.next() != "(":
        return None
    found, taken = [], not size
    while True:
        if not taken:
            words.next()
        taken = False
        found.append((words.start, words.end, words.word, False))
        if words.next() == "..":
            words.next()
            found.append((words.start, words.end, words.word, True))
            words.next()
        if words.word != "|":
            break
    if size:
        if words.word != ")":
            return None
        words.next()
    return found if words.word == ")" and "EOF" not in (word for *_, word, _ in found) else None


def _strtoul(word: str) -> int:
    """A word as Net-SNMP's parse_ranges reads it (C's strtoul): its leading digits, 0 when
    none."""
    digits = re.match(r"[+-]?[0-9]+", word)
    return int(digits.group()) if digits else 0


def read_ranges(text: str, *, underscores: bool = False) -> tuple[str, list[tuple[str, int]]]:
    """`text` (comments blanked out) with the words of a SYNTAX's ranges or SIZE that
    Net-SNMP's parse_ranges takes for numbers though they are none (``(,..1024)``,
    ``(0x10..20)``: C's strtoul of them, kept in an int) as those numbers, and what it says
    of an upper bound past strtoul's range (`UPPER_BOUND`, with -Pw: (message, line));
    ranges it says something else of are left to pysmi."""
    words = Words(text, 0, underscores)
    pieces: list[str] = []
    said: list[tuple[str, int]] = []
    start = 0
    while words.seek(("SYNTAX",)) != "EOF":
        kind = words.next()
        if kind in ("OCTET", "Opaque"):  # OCTET STRING's SIZE
            if kind == "OCTET":
                words.next()
        elif kind not in _RANGED and not is_label(kind):
            continue
        if words.next() != "(":
            continue
        for begin, end, word, upper in _bounds(words) or ():
            number = _strtoul(word)
            if upper and abs(number) >= 2**64:  # C's strtoul: ERANGE
                said.append((f"{UPPER_BOUND} ({word} != -1)", line_at(text, begin)))
            if not (is_number(word) or word.startswith("'")):
                pieces += [text[start:begin], str(strtoul_int(number)), "\n" * word.count("\n")]
                start = end
    return "".join([*pieces, text[start:]]), said


#: An OBJECT-TYPE's clauses after its STATUS, in the order pysmi reads them.
_CLAUSE_ORDER = {"DESCRIPTION": 0, "REFERENCE": 1, "AUGMENTS": 2, "INDEX": 3, "DEFVAL": 4}


def read_clauses(text: str, *, underscores: bool = False) -> str:
    """`text` (comments blanked out, DEFVALs read by `read_defvals`) with each OBJECT-TYPE's
    clauses after its STATUS put in the order pysmi reads them, its line breaks kept:
    Net-SNMP reads them in any order (``DEFVAL`` before ``DESCRIPTION``). One with any other
    word there is left to pysmi (Net-SNMP says what `_optional` says of it)."""
    words = Words(text, 0, underscores)
    pieces: list[str] = []
    start = 0
    while words.seek(("OBJECT-TYPE",)) != "EOF":
        words.seek(("STATUS", "::="))
        if words.word != "STATUS" or words.next() == "EOF":
            continue
        clauses = _clauses(words)
        ranks = [rank for rank, _, _ in clauses]
        if not clauses or ranks == sorted(ranks):
            continue
        first, last = clauses[0][1], clauses[-1][2]
        ordered = [text[begin:end] for _, begin, end in sorted(clauses)]
        kept = " ".join(ordered)
        lines = text.count("\n", first, last) - kept.count("\n")
        pieces += [text[start:first], kept, "\n" * lines]
        start = last
    return "".join([*pieces, text[start:]])


def _clauses(words: Words) -> list[tuple[int, int, int]]:
    """An OBJECT-TYPE's clauses after its STATUS value (at `words`), up to its ``::=``: the
    rank of each in pysmi's order, where it starts and ends; none when a word there is no
    clause pysmi reads, or a clause is not read to its end."""
    found: list[tuple[int, int, int]] = []
    while words.next() != "::=":
        begin, rank = words.start, _CLAUSE_ORDER.get(words.word)
        if words.word in ("DESCRIPTION", "REFERENCE"):
            if not words.next().startswith('"'):
                return []
        elif words.word in ("INDEX", "AUGMENTS", "DEFVAL"):
            if words.next() != "{":
                return []
            depth = 1
            while depth:
                depth += {"{": 1, "}": -1}.get(words.next(), 0)
                if words.word == "EOF":
                    return []
        else:
            return []
        found.append((rank or 0, begin, words.end))
    return found
