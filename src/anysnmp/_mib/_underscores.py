"""Underscores in MIB identifiers (Net-SNMP's ``-Pu``, ``mibAllowUnderline``) for pysmi,
whose grammar refuses them.

Before pysmi reads a text, each ``_`` of an identifier (outside strings and comments)
becomes a token of letters and digits that occurs nowhere else in the text; the compiled
records get their underscores back. Only characters of a line change, never its line
breaks, so pysmi's line numbers stay those of the file. Without ``-Pu`` only the places
where Net-SNMP still reads a ``_`` (as a word of its own) are rewritten so: IMPORTS, INDEX,
SEQUENCE, DEFVAL, a notification's or a trap's OBJECTS (`Underscores.hide_where_read`); an
OID value is rewritten as Net-SNMP's parser reads it there (`_oid_value`); a group's list
and a compliance's MANDATORY-GROUPS are `_groups`' (read up to the ``_``, then read past).
So too identifiers that start with a digit (``3COM-TEST-MIB``, labels to Net-SNMP), put
after a token (`Underscores.lead_digits`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ._cnumbers import strtoul_int
from ._lines import line_at
from ._resync import is_label

__all__ = ("LONGEST_VALUE", "Collision", "Underscores")

#: The most arcs (labels, numbers, name(number)s) Net-SNMP's getoid reads of an OID value
#: but one: it reads its 32nd, then says "Too long OID" of the word after it, a "}" too.
LONGEST_VALUE = 32

#: A string, a comment (to the line's end, as pysmi reads it) or a word of an identifier.
_PIECE = re.compile(r'"[^"]*"|--[^\r\n]*|\w+(?:-\w+)*', re.ASCII)


#: Where Net-SNMP reads ``_`` without ``-Pu`` (`Underscores.hide_where_read`): the start of
#: a region and how the parts of a word join there (None: into one word; "": into one word
#: that reads back with the ``_`` a word of its own, ``u _ p``; "oid": an OID value,
#: `_oid_value`). A notification's OBJECTS are read as an INDEX is, and so are a group's
#: list and a compliance's MANDATORY-GROUPS as far as `_groups` keeps them (a ``_`` first,
#: a label to Net-SNMP; those read past a ``_`` after a label are blanked out by then).
_REGIONS = (
    (re.compile(r"\bIMPORTS\b"), " "),
    (re.compile(r"\b(?:INDEX|VARIABLES)\s*(?=\{)"), ", "),
    (re.compile(r"::=\s*SEQUENCE\s*(?=\{)"), None),
    (re.compile(r"\bDEFVAL\s*(?=\{)"), ""),
    (re.compile(r"\b(?:OBJECTS|NOTIFICATIONS|MANDATORY-GROUPS)\s*(?=\{)"), ", "),
    (re.compile(r"::=\s*(?=\{)"), "oid"),
)

#: A byte Net-SNMP's lexer makes a label of its own, a character of the text read a
#: character per byte: a NUL, a byte of 0x80 or more (a UTF-8 character is a word per byte).
_STRAY = re.compile(r"[\x00\x80-\xff]")

#: An OID value holding a label after another word, or a number then a label: one
#: `Underscores._oid_value` may read otherwise than as written.
_SILLY = re.compile(r"::=\s*\{[^}]*?(?:\w\s+|\)\s*)[A-Za-z][^}]*\}", re.ASCII)

#: A definition's name and the keyword after it (that of an OID value after its ``::=``).
_DEFINITION = re.compile(
    r"(\S+)\s+(?:OBJECT\s+IDENTIFIER|OBJECT-TYPE|OBJECT-IDENTITY|MODULE-IDENTITY|"
    r"NOTIFICATION-TYPE|OBJECT-GROUP|NOTIFICATION-GROUP|MODULE-COMPLIANCE|AGENT-CAPABILITIES)\b"
)

#: A word of Net-SNMP's lexer within a list or an OID value (comments blanked out).
_WORD = re.compile(r"[A-Za-z0-9-]+|::=|\.\.|\S", re.ASCII)


#: An identifier starting with a digit or a ``-``: a label to Net-SNMP
#: (`Underscores.lead_digits`).
_LEADING_DIGIT = re.compile(r"(?<![\w-])(?:\d|-(?!-))[\w-]*[A-Za-z_]", re.ASCII)

#: A string, or a word of letters, digits, ``-`` and ``_`` (`Underscores.lead_digits`).
_IDENTIFIER = re.compile(r'"[^"]*"?|\'[^\']*\'?|[\w-]+|[()]', re.ASCII)
#: A string, or a word of letters, digits and ``-`` (`Underscores.lead_digits` without -Pu).
_WORD_OF_NO_UNDERSCORE = re.compile(r'"[^"]*"?|\'[^\']*\'?|[A-Za-z0-9-]+|[()]', re.ASCII)

#: A string, or a SYNTAX naming a label (the keywords, then the label).
_TYPED = re.compile(r'"[^"]*"?|\b(SYNTAX\s+(?:SEQUENCE\s+OF\s+)?)([a-z][\w-]*)', re.ASCII)

#: A string, or a mark that ends a region of `_regions`.
_MARKS = re.compile(r'"[^"]*"?|[{};]')


def _regions(text: str) -> list[tuple[int, int, str | None]]:
    """The regions of `text` where Net-SNMP reads ``_`` as a word: an IMPORTS list up to its
    ``;``, the braces of an INDEX, a SEQUENCE, a DEFVAL, an OBJECTS... list or an OID
    value (strings skipped); in order."""
    found = []
    for start, kind in _REGIONS:
        for match in start.finditer(text):
            end, depth = match.end(), 0
            for piece in _MARKS.finditer(text, match.end()):
                mark = piece.group()
                if kind == " " and mark == ";":
                    end = piece.end()
                    break
                if kind != " " and mark in "{}":
                    depth += 1 if mark == "{" else -1
                    if depth == 0:
                        end = piece.end()
                        break
            found.append((match.end(), end, kind))
    return sorted(found)


def _defined(text: str, before: int) -> str:
    """The name of the definition whose OID value starts at offset `before` of `text`."""
    names = [match.group(1) for match in _DEFINITION.finditer(text, 0, before)]
    return names[-1] if names else ""


class Collision(Exception):
    """A text holds the token where no underscore was: compile again with another."""


class Underscores:
    """The rewriting of one compile: identifiers' ``_`` <-> `token` (and the other tokens).

    Args:
        attempt: which token (each attempt after a `Collision` takes another).
    """

    def __init__(self, attempt: int = 0) -> None:
        self.token = f"Uu{attempt}x5fX"  # letters and digits: valid inside any identifier
        self.spaced = f"Uu{attempt}x5fS"  # reads back as " _ " (`hide_where_read`)
        self.lower = f"uu{attempt}x5fL"  # reads back as nothing: starts a lowercase label
        self.stray = f"Uu{attempt}c"  # then a byte's two hex digits and B: a stray byte
        self.typed = f"Uu{attempt}x5fT"  # reads back as nothing: a label read as a type
        self.module = f"Uu{attempt}dM"  # reads back as nothing: a module's name of a digit
        self.digit = f"uu{attempt}dL"  # reads back as nothing: another identifier of a digit

    def hide(self, text: str) -> str:
        """`text` with the underscores of its identifiers replaced by the token.

        Raises:
            Collision: the token occurs in the result elsewhere than where an underscore was.
        """
        replaced = 0

        def piece(match: re.Match[str]) -> str:
            nonlocal replaced
            word = match.group()
            if word[0] == '"' or word.startswith("--") or "_" not in word:
                return word
            replaced += word.count("_")
            return word.replace("_", self.token)

        hidden = _PIECE.sub(piece, text)
        # Each occurrence (overlapping ones too) must be one of those put there.
        if len(re.findall(f"(?={self.token})", hidden)) != replaced or self.spaced in hidden:
            raise Collision(self.token)
        return hidden

    def hide_where_read(self, text: str) -> tuple[str, list[tuple[str, int]]]:
        """`text` (comments blanked out) as pysmi may read it without ``-Pu`` where Net-SNMP
        reads an identifier's ``_`` as a word of its own: an IMPORTS list, an INDEX or a
        notification's OBJECTS (``a_b`` is ``a``, ``_`` and ``b`` there: the token stands
        for ``_``), a SEQUENCE's entries or a DEFVAL (which it reads past: the token joins
        the parts); and each OID value as Net-SNMP's parser reads it (`_oid_value`); and
        what Net-SNMP's parser says there: [(message, line)].

        Raises:
            Collision: the token occurs in the text.
        """
        said: list[tuple[str, int]] = []
        if "_" not in text and not _STRAY.search(text) and not _SILLY.search(text):
            return text, said
        if any(token in text for token in (self.token, self.spaced, self.lower, self.stray)):
            raise Collision(self.token)
        pieces, start = [], 0
        for begin, end, joiner in _regions(text):
            if begin < start:  # within the region before (an OID value in IMPORTS...)
                continue
            pieces.append(text[start:begin])
            if joiner == "oid":
                pieces.append(self._oid_value(text, begin, end, said))
            elif "_" not in text[begin:end] and not _STRAY.search(text, begin, end):
                pieces.append(text[begin:end])
            else:
                region = _PIECE.sub(functools.partial(self._parts, joiner=joiner), text[begin:end])
                if joiner in (None, ""):  # read past: a stray byte is nothing to pysmi
                    pieces.append(_STRAY.sub(" ", region))
                else:
                    pieces.append(_STRAY.sub(lambda byte: f" {self._label(byte.group())} ", region))
            start = end
        pieces.append(text[start:])
        return "".join(pieces), said

    def _words(self, text: str, begin: int, end: int) -> list[re.Match[str]]:
        """The words of Net-SNMP's lexer within the braces at `begin`..`end` of `text`."""
        return list(_WORD.finditer(text, begin + 1, end - 1))

    def _oid_value(self, text: str, begin: int, end: int, said: list[tuple[str, int]]) -> str:
        """An OID value at `begin`..`end` of `text` as Net-SNMP's parse_objectid reads it
        (an identifier's ``_`` a word of its own: ``{ a_b 1 }`` is ``a``, ``_``, ``b``,
        ``1``, a NUL or a byte of 0x80 or more a label): after the first, each label (but
        the last) a node of its own, a number there a node without a name, at their number
        (one that reads -1 in a C int, as none) or else at 0, and the definition at the last number, or else at 0 below a last
        label (each one at 0: ``Warning: This entry is pretty silly (label)``, the
        definition's name for the last, said at the closing brace); as pysmi reads that,
        ``{ a _(0) b(0) 1 }``. Other forms (a number first, a word that is no arc) are
        left as written, and so are one pysmi reads so already, one of `LONGEST_VALUE`
        arcs or more and one of a ``(`` not followed by a number and a ``)``."""
        elements: list[list[str]] = []
        closing = False  # a name(number)'s ")" is next
        for word in self._words(text, begin, end):
            item = word.group()
            if closing != (item == ")"):  # a ")" missing, or one of no name(number)
                return text[begin:end]
            if item == "(" and elements and len(elements[-1]) == 1:
                elements[-1].append("(")
            elif item.isdigit() and elements[-1:] and elements[-1][-1] == "(":
                elements[-1][-1], closing = item, True
            elif item == ")":
                closing = False
            elif is_label(item) or item.isdigit():
                elements.append([item])
            else:
                return text[begin:end]
        if closing or any(part[-1] == "(" for part in elements):  # a "(" and no number
            return text[begin:end]
        if len(elements) < 2 or elements[0][0].isdigit() or len(elements) >= LONGEST_VALUE:
            return text[begin:end]  # too long: Net-SNMP drops the module (`_positions`)
        *middle, last = elements[1:]
        for part in [*middle, last]:  # a number that reads -1 (2^32-1...): Net-SNMP's none
            if len(part) == 2 and strtoul_int(int(part[1])) == -1:
                del part[1]
        plain = not _STRAY.search(text, begin, end) and "_" not in text[begin:end]
        if plain and all(len(part) == 2 for part in middle) and last[0].isdigit():
            return text[begin:end]
        line = line_at(text, end)
        words = [self._label(elements[0][0]), *elements[0][1:2]]
        if len(elements[0]) == 2:
            words = [f"{self.lower}{words[0]}({words[1]})"]
        for label, *number in middle:
            if label.isdigit():
                words.append(label)
                continue
            if not number:
                said.append((f"Warning: This entry is pretty silly ({label})", line))
            words.append(f"{self.lower}{self._label(label)}({(number or ['0'])[0]})")
        if not last[0].isdigit() and len(last) == 1:
            said.append((f"Warning: This entry is pretty silly ({_defined(text, begin)})", line))
        words.append("0" if not last[0].isdigit() and len(last) == 1 else last[-1])
        return "{ " + " ".join(words) + "\n" * text.count("\n", begin, end) + " }"

    def _label(self, word: str) -> str:
        """A label of one character as pysmi reads it: ``_`` or a stray byte as a token."""
        if word == "_":
            return self.token
        return f"{self.stray}{ord(word):02x}B" if _STRAY.fullmatch(word) else word

    def _parts(self, match: re.Match[str], joiner: str | None) -> str:
        """A word of a region of `hide_where_read`: its ``_`` as the token, joined to the
        parts (`joiner` None) or a word of its own between them."""
        word = match.group()
        if word[0] == '"' or "_" not in word:
            return word
        if not joiner:
            return word.replace("_", self.token if joiner is None else self.spaced)
        parts = (self.token if part == "_" else part for part in re.split("(_)", word) if part)
        return joiner.join(parts)

    def name(self, name: str, underscores: bool) -> str:
        """A module name as pysmi knows it (`underscores`: Net-SNMP's ``-Pu``)."""
        if name[:1].isdigit():
            name = self.module + name
        return name.replace("_", self.token) if underscores else name

    def lead_digits(self, text: str, underscores: bool) -> str:
        """`text` (comments blanked out) with each identifier that starts with a digit or a
        ``-`` (a label to Net-SNMP's lexer: ``3COM-TEST-MIB``, ``4y``, ``-x``; pysmi's grammar
        takes none)
        after a token that reads back as nothing: `module` for a module's name (the word
        before ``DEFINITIONS``, after ``FROM``, ``MODULE`` or ``SUPPORTS``), `digit` for
        another's. A ``_`` ends a word unless `underscores` (Net-SNMP's ``-Pu``).

        Raises:
            Collision: a token is in the text.
        """
        if _LEADING_DIGIT.search(text) is None:
            return text
        if self.module in text or self.digit in text:
            raise Collision(self.module)
        words = list((_IDENTIFIER if underscores else _WORD_OF_NO_UNDERSCORE).finditer(text))
        pieces, start, depth = [], 0, 0
        for index, word in enumerate(words):
            found = word.group()
            depth = max(0, depth + (found == "(") - (found == ")"))
            if depth > 0 or not (found[0].isdigit() or found[0] == "-") or not is_label(found):
                continue  # within parentheses: a range's bound, read as a number
            after = words[index + 1].group() if index + 1 < len(words) else ""
            named = index and words[index - 1].group() in ("FROM", "MODULE", "SUPPORTS")
            token = self.module if named or after == "DEFINITIONS" else self.digit
            pieces += [text[start : word.start()], token]
            start = word.start()
        return "".join([*pieces, text[start:]])

    def type_labels(self, text: str) -> str:
        """`text` (comments blanked out) with each SYNTAX naming a label (``SYNTAX
        fooEntry``, ``SEQUENCE OF fooEntry``) naming it as a type pysmi reads (one no module
        defines), as Net-SNMP reads it: a type it does not know.

        Raises:
            Collision: the token is in the text.
        """
        if "SYNTAX" not in text:
            return text
        if self.typed in text:
            raise Collision(self.typed)
        return _TYPED.sub(
            lambda match: match[0] if match[1] is None else f"{match[1]}{self.typed}{match[2]}",
            text,
        )

    def restore(self, value: Any) -> Any:
        """`value` (a record, a name, or what they hold) with its underscores back."""
        if isinstance(value, str):
            if self.typed in value:
                value = value.replace(self.typed, "")
            for token in (self.module, self.digit):
                if token in value:
                    value = value.replace(token, "")
            if self.spaced in value:
                value = value.replace(self.spaced, " _ ")
            if self.lower in value:
                value = value.replace(self.lower, "")
            if self.stray in value:
                value = re.sub(
                    f"{self.stray}([0-9a-f]{{2}})B", lambda hex: chr(int(hex[1], 16)), value
                )
            return value.replace(self.token, "_") if self.token in value else value
        if isinstance(value, dict):
            return {self.restore(key): self.restore(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.restore(item) for item in value)
        return value
