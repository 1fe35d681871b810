"""``anysnmp translate``: snmptranslate's OID <-> name translation with the loaded MIBs.

Names read as snmptranslate reads them (`_translated`), a label of any module
too (snmptranslate's ``-IR``), its lines when they do not. The ``-T`` letters combine as
snmptranslate's: the last of ``p`` (draw each OID's subtree, or the whole tree), ``a``
(the tree as OBJECT IDENTIFIER lines) and the reports ``o s l z t`` (every node, each
report named; with OIDs these print their names) is the mode, ``d`` adds a node's full
details, ``B`` lists the objects whose label the first name matches as snmptranslate
finds them (case-insensitive; see `best_matches`).
"""

from __future__ import annotations

import re
from typing import Any

import click

from .._mib._describe import WIDTH
from ._general import general_options
from ._mibs import MibContext, echoed_warnings, mib_options
from ._target import UnknownOidError
from ._usage import TRANSLATE, UsageCommand, UsageScreen

__all__ = ("translate",)


def _check_t(letters: str) -> None:
    """snmptranslate's -T letters (its line for one it does not take)."""
    wrong = next((letter for letter in letters if letter not in "Bdposlzta"), None)
    if wrong is not None:
        raise UnknownOidError(f"Invalid -T<lostpad> character: {wrong}", status=1)


@click.command(
    cls=UsageCommand, layout=TRANSLATE, checks={"-T": _check_t, "-w": lambda w: _width(w)}
)
@mib_options
@click.option(
    "-O",
    "output_flags",
    multiple=True,
    help="Output form: n, f, s, S (default) or u; b, X, E; the letters of values (pPRECISION...) "
    "are taken and change nothing.",
)
@click.option(
    "-T",
    "trans_flags",
    multiple=True,
    help="B: objects whose label matches; d: full details; p: draw the tree; o s l z t a: reports.",
)
@click.option("-w", "width", metavar="WIDTH", help="Line width of -Td, -TBd and -Tp's lists.")
@general_options(packets=False, directives=False)
@click.argument("oids", nargs=-1, metavar="OID...")
def translate(
    oids: tuple[str, ...], trans_flags: tuple[str, ...], width: str | None, **options: Any
) -> None:
    """Translate OIDs and names as snmptranslate does (MIBs: -m, -M, MIBS, MIBDIRS)."""
    letters = "".join(trans_flags)
    _check_t(letters)
    columns = _width(width) if width is not None else WIDTH
    # snmptranslate's mode: the last of p (draw), a (dump), o s l z t (the reports, each on)
    mode = next((letter for letter in reversed(letters) if letter in "paoslzt"), None)
    if not oids and mode is None:  # snmptranslate's usage screen alone
        raise UsageScreen("")
    mibs = MibContext(options, always=True, translate=True, described="d" in letters)
    assert mibs.formatter is not None and mibs.mib is not None
    tree = mibs.mib.tree
    if not oids:
        from .._mib._drawing import ascii_dump, draw, report

        if mode == "p":
            lines = draw(tree, tree.root.children[1], columns)
        else:
            lines = ascii_dump(tree) if mode == "a" else report(tree, letters)
        if lines:  # a report of no module is nothing, not an empty line
            click.echo("\n".join(lines))
        return
    random_access = mibs.input is not None and mibs.input.random_access
    if "B" in letters and not random_access:
        _print_matches(mibs, oids[0], "d" in letters, columns)
        return
    for at, text in enumerate(oids):
        if text == "-" and mode is None:
            _translate_stdin(mibs)
            continue
        oid = _translated(mibs, text)  # what went before stays printed
        click.echo(_translation(mibs, oid, "p" if mode == "p" else letters, columns))
        if at < len(oids) - 1:
            click.echo()


def _width(text: str) -> int:
    """-w's WIDTH as snmptranslate reads it (C's ``atoi``: leading blanks, a sign, the
    digits up to anything else; a C long cut to an int).

    Raises:
        UnknownOidError: not above 0, snmptranslate's line.
    """
    found = re.match(r"[ \t\n\v\f\r]*([-+]?[0-9]+)", text)
    value = int(found.group(1)) if found else 0
    value = max(-(2**63), min(value, 2**63 - 1)) & 0xFFFFFFFF  # strtol's clamp, then an int
    if value == 0 or value >= 2**31:
        raise UnknownOidError(f"Invalid width specification: {text}", status=1)
    return value


#: snmptranslate's line buffer: a longer line is read in pieces of one less.
_LINE_BUFFER = 10240


def _translate_stdin(mibs: MibContext) -> None:
    """``-``: each line of stdin as snmptranslate's ``process_stdin`` prints it: its text up
    to the first blank (a space, else a tab) read from the root and printed as a name
    (unless it is 5 characters or less and more follows), else as it was; the rest after."""
    import sys

    assert mibs.formatter is not None
    stdin, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout.flush()
    while piece := stdin.readline(_LINE_BUFFER - 1):
        line = piece.split(b"\0", 1)[0].split(b"\n", 1)[0]
        delimiter = b" " if b" " in line else b"\t" if b"\t" in line else b""
        head, _, rest = line.partition(delimiter) if delimiter else (line, b"", b"")
        arcs = None
        if not (delimiter and len(head) <= 5):
            arcs = mibs.reader.read_objid(head.decode("utf-8", "surrogateescape"))
        if arcs is not None:
            head = mibs.formatter.oid(_dotted(arcs)).encode("utf-8", "surrogateescape")
        out.write(head + (delimiter + rest if delimiter else b"") + b"\n")
    out.flush()


def _translation(mibs: MibContext, oid: str, letters: str, width: int) -> str:
    """What snmptranslate prints of `oid`: its subtree drawn (``p``), else its name (and
    its details: ``d``), lists broken into lines of `width`."""
    from .._mib._describe import describe
    from .._mib._drawing import draw

    assert mibs.formatter is not None and mibs.mib is not None
    tree = mibs.mib.tree
    arcs = [int(arc) for arc in oid.split(".")]
    if letters == "p":
        return "\n".join(draw(tree, tree.find(arcs)[0], width))
    text = mibs.formatter.oid(oid)
    return f"{text}\n{describe(tree, arcs, width)}" if "d" in letters else text


def _translated(mibs: MibContext, text: str) -> str:
    """The OID of `text` as snmptranslate reads it: from the root (a bare label of a module
    is unknown, where the other commands fall back to it); with -IR a label (or
    ``MODULE::label``); with -Ib the label a regular expression matches best.

    Raises:
        UnknownOidError: snmptranslate's line and exit status.
    """
    from .._errors import UnknownObjectError

    reader = mibs.reader
    flags = mibs.input
    with echoed_warnings():
        if flags is not None and flags.random_access:
            found = reader.get_node(text)
            if found is None:
                raise UnknownOidError(f"Unknown object identifier: {text}", status=2)
        elif flags is not None and flags.regex:
            if reader.marks is None:  # snmptranslate never clears its marks between names
                reader.marks = set()
            found = reader.get_wild_node(text)
            if found is None:
                raise UnknownOidError(
                    f'Unable to find a matching object identifier for "{text}"', status=1
                )
        else:
            found = reader.read_objid(text)
            if found is None:
                error: UnknownObjectError = reader.error(text)
                raise UnknownOidError(str(error), status=2, logged=True)
    return _dotted(found)


def _dotted(arcs: list[int]) -> str:
    """The OID of `arcs` as snmptranslate prints it: never sent, each arc kept to its 64
    bits (``.1.3.6.1.4294967296``), where the other commands send 32."""
    return ".".join(map(str, arcs))


def _print_matches(mibs: MibContext, pattern: str, details: bool, width: int) -> None:
    """-TB: the nodes whose label `pattern` matches, as snmptranslate finds them (it reads
    no other name), each with its details (``d``, lines of `width`); none (an empty
    pattern, or not a regular expression): its line.

    Raises:
        UnknownOidError: no label matches.
    """
    from .._mib._drawing import best_matches
    from .._mib._regex import label_pattern

    assert mibs.mib is not None
    tree = mibs.mib.tree
    regex = label_pattern(pattern, tree.links.longest)
    found = best_matches(tree, regex) if regex is not None else []
    if not found:
        raise UnknownOidError(
            f'Unable to find a matching object identifier for "{pattern}"', status=1
        )
    letters = "d" if details else ""
    click.echo("\n".join(_translation(mibs, oid, letters, width) for oid in found))
