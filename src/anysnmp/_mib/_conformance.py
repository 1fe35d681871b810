"""MODULE-IDENTITY, MODULE-COMPLIANCE and AGENT-CAPABILITIES as Net-SNMP's parser reads
them, word by word (`_groups` reads past their slips): the checks it makes in its order,
what it says of each, and what it keeps (the DESCRIPTION; a compliance's modules and names,
checked by `_report`). A timestamp's checks (``Timestamp should end with Z``...) are said
without a slip."""

from __future__ import annotations

import re

from ._clauses import Words, enumeration, ranges
from ._resync import is_label

__all__ = ("read_capabilities", "read_compliance", "read_identity")

#: The access values of a compliance's MIN-ACCESS and of a capabilities' ACCESS.
_MIN_ACCESS = frozenset(
    {"not-accessible", "accessible-for-notify", "read-only", "write-only", "read-create"}
    | {"read-write"}
)
_ACCESS = (_MIN_ACCESS - {"not-accessible"}) | {"not-implemented"}

#: The SYNTAX types Net-SNMP's compliance reading takes: with an enumeration or a range,
#: with a SIZE, alone.
_RANGED = frozenset({"INTEGER", "Integer32", "UInteger32", "Unsigned32", "Counter", "Gauge"})
_RANGED |= {"Counter32", "Gauge32", "BITS"}
_SIZED = frozenset({"OCTET STRING", "Opaque"})
_PLAIN = frozenset({"NetworkAddress", "IpAddress", "TimeTicks", "NULL"})
_PLAIN |= {"NsapAddress", "Counter64"}


def _string(words: Words, wanted: str) -> None:
    """The next word must be a string, else Net-SNMP says `wanted`."""
    words.next()
    if not words.string():
        raise words.slip(wanted)


def _keyword(words: Words, keyword: str) -> None:
    """The next word must be `keyword`, else Net-SNMP says ``Expected keyword``."""
    if words.next() != keyword:
        raise words.slip(f"Expected {keyword}")


def _description(words: Words) -> None:
    """A DESCRIPTION (its keyword at `words`) and its string, which pysmi keeps."""
    if words.word != "DESCRIPTION":
        raise words.slip("Expected DESCRIPTION")
    _string(words, "Bad DESCRIPTION")


def _described(words: Words) -> None:
    """A DESCRIPTION (its keyword at `words`) and an optional REFERENCE, which pysmi keeps;
    `words` at the word after them."""
    _description(words)
    words.keep()
    if words.next() == "REFERENCE":
        _string(words, "Bad REFERENCE")
        words.keep()
        words.next()


def _labels(words: Words, bad: str, unclosed: str, *, kept: bool = False) -> None:
    """A list of labels after its ``{``, to its ``}`` (`bad`: what Net-SNMP says of a word
    that is no label, `unclosed`: of a word where a comma or the ``}`` goes); `kept`: each
    is a name `_report` checks. `words` at the word after it."""
    while True:
        if not is_label(words.next()):
            raise words.slip(bad)
        if kept:
            _kept(words)
        if words.next() != ",":
            break
    if words.word != "}":
        raise words.slip(unclosed)
    words.next()


def read_identity(words: Words, _macro: str) -> None:
    """A MODULE-IDENTITY after its keyword, up to its ``::=``.

    Raises:
        Slip: a slip Net-SNMP reads past.
    """
    _keyword(words, "LAST-UPDATED")
    _string(words, "Need STRING for LAST-UPDATED")
    _check_utc(words)
    for keyword, wanted in (("ORGANIZATION", "Bad"), ("CONTACT-INFO", "Bad")):
        _keyword(words, keyword)
        _string(words, f"{wanted} {keyword}")
    words.next()
    _description(words)
    words.keep()
    while words.next() == "REVISION":
        _string(words, "Bad REVISION")
        _check_utc(words)
        words.next()
        _description(words)
        words.keep()
    if words.word != "::=":
        raise words.slip('Expected "::="')


def read_compliance(words: Words, _macro: str) -> None:
    """A MODULE-COMPLIANCE after its keyword, up to its ``::=``: its modules and names read
    go to `words.entries`; after its last MODULE part Net-SNMP reads past any word silently.

    Raises:
        Slip: a slip Net-SNMP reads past.
    """
    entries = words.entries = []
    _keyword(words, "STATUS")
    if words.next() not in ("current", "deprecated", "obsolete"):
        raise words.slip("Bad STATUS")
    words.next()
    _described(words)
    if words.word != "MODULE":
        raise words.slip("Expected MODULE")
    while words.word == "MODULE":
        if is_label(words.next()) and words.word != words.module:
            entries.append(("MODULE", words.word, words.line()))
            words.next()
        else:
            entries.append(("MODULE", "", 0))
        if words.word == "MANDATORY-GROUPS":
            if words.next() != "{":
                raise words.slip('Expected "{"')
            _labels(words, "Bad group name", 'Expected "}"', kept=True)
        while words.word in ("GROUP", "OBJECT"):
            if words.word == "GROUP":
                _name(words, "Bad group name")
                words.next()
            else:
                _name(words, "Bad object name")
                _object_clauses(words, "MIN-ACCESS", _MIN_ACCESS, "Bad MIN-ACCESS spec")
            _description(words)
            words.next()
    if words.word != "::=":
        raise words.slip(None)


def _name(words: Words, wanted: str) -> None:
    """A group's or an object's name, kept for `_report` to check."""
    if not is_label(words.next()):
        raise words.slip(wanted)
    _kept(words)


def _kept(words: Words) -> None:
    """The word is a compliance's name `_report` checks."""
    assert words.entries is not None
    words.entries.append(("REF", words.word, words.line()))


def _object_clauses(words: Words, access: str, values: frozenset[str], wanted: str) -> None:
    """An OBJECT's or a VARIATION's SYNTAX, WRITE-SYNTAX and access clause (`access`, its
    `values`), each optional; `words` at the word after them."""
    words.next()
    for keyword in ("SYNTAX", "WRITE-SYNTAX"):
        if words.word == keyword:
            _eat_syntax(words)
    if words.word == access:
        if words.next() not in values:
            raise words.slip(wanted)
        words.next()


def _eat_syntax(words: Words) -> None:
    """A SYNTAX of a compliance or capabilities as Net-SNMP reads past it (an enumeration,
    a range, a SIZE); `words` at the word after it, Net-SNMP's messages then showing the
    type's word. ``OBJECT IDENTIFIER`` is no type there (``Bad syntax (OBJECT)``, its
    IDENTIFIER the next word)."""
    kind = words.next()
    if kind == "OCTET":  # OCTET STRING, joined by Net-SNMP's lexer (`join_octet`)
        kind = f"{kind} {words.next()}"
    words.next()
    if kind in _SIZED:
        if words.word == "(":
            if words.next() == "SIZE" and words.next() == "(":
                ranges(words)
                if words.next() == ")":
                    words.next()
                    words.shown = kind
                    return
            words.say("Bad SIZE syntax", kind)
    elif kind in _RANGED or is_label(kind):
        if words.word == "{":
            enumeration(words)
            words.next()
        elif words.word == "(":
            ranges(words)
            words.next()
    elif kind not in _PLAIN:
        words.say("Bad syntax", kind)
    words.shown = kind  # Net-SNMP's word buffer holds the type until it reads a word into it


def read_capabilities(words: Words, _macro: str) -> None:
    """An AGENT-CAPABILITIES after its keyword, up to its ``::=``.

    Raises:
        Slip: a slip Net-SNMP reads past.
    """
    _keyword(words, "PRODUCT-RELEASE")
    _string(words, "Expected STRING after PRODUCT-RELEASE")
    _keyword(words, "STATUS")
    if words.next() not in ("current", "obsolete"):
        raise words.slip("STATUS should be current or obsolete")
    words.next()
    _described(words)
    while words.word == "SUPPORTS":
        if not is_label(words.next()):
            raise words.slip("Bad module name")
        _keyword(words, "INCLUDES")
        if words.next() != "{":
            raise words.slip('Expected "{"')
        _labels(words, "Expected group name", 'Expected "}" after group list')
        while words.word == "VARIATION":
            if not is_label(words.next()):
                raise words.slip("Bad object name")
            _object_clauses(words, "ACCESS", _ACCESS, "Bad ACCESS")
            _variation_lists(words)
            _description(words)
            words.next()
    if words.word != "::=":
        raise words.slip('Expected "::="')


def _variation_lists(words: Words) -> None:
    """A VARIATION's CREATION-REQUIRES and DEFVAL, each optional."""
    if words.word == "CREATION-REQUIRES":
        if words.next() != "{":
            raise words.slip('Expected "{"')
        _labels(words, "Bad object name in list", 'Expected "}" after list')
    if words.word == "DEFVAL":
        if words.next() != "{":
            raise words.slip('Expected "{" after DEFVAL')
        depth = 1
        while depth and words.next() != "EOF":
            depth += {"{": 1, "}": -1}.get(words.word, 0)
        if depth:
            raise words.slip('Missing "}" after DEFVAL')
        words.next()


def _check_utc(words: Words) -> None:
    """What Net-SNMP says of a LAST-UPDATED or REVISION timestamp (the string at `words`)
    that is not ``YYMMDDHHMMZ`` or ``YYYYMMDDHHMMZ``; nothing stops there."""
    utc = words.word[1:].removesuffix('"')
    if utc[-1:] not in ("Z", "z"):
        words.say("Timestamp should end with Z", utc)
        return
    if len(utc) not in (11, 13):
        words.say("Bad timestamp format (11 or 13 characters)", utc)
        return
    fields = _sscanf(utc, 4 if len(utc) == 13 else 2)
    if len(fields) != 5:
        words.say("Bad timestamp format", utc)
        return
    _year, month, day, hour, minute = fields
    for value, low, high, what in (
        (month, 1, 12, "month"),
        (day, 1, 31, "day"),
        (hour, 0, 23, "hour"),
        (minute, 0, 59, "minute"),
    ):
        if not low <= value <= high:
            words.say(f"Bad {what} in timestamp", utc)


def _sscanf(text: str, year: int) -> list[int]:
    """The numbers C's ``sscanf(text, "%<year>d%2d%2d%2d%2dZ")`` converts, in order."""
    numbers, at = [], 0
    for width in (year, 2, 2, 2, 2):
        # A field's width counts its sign and digits (not the blanks before them).
        match = re.compile(r"\s*").match(text, at)
        start = match.end() if match else at
        field = re.compile(r"[+-]?\d*").match(text, start, start + width)
        digits = field.group() if field else ""
        if not digits.lstrip("+-"):
            break
        numbers.append(int(digits))
        at = start + len(digits)
    return numbers
