"""``anysnmp translate``: snmptranslate's OID <-> name translation with the loaded MIBs.

Names read as snmptranslate reads them (`_translated`), a label of any module
too (snmptranslate's ``-IR``), its lines when they do not; ``-TB REGEX`` lists the objects whose label matches as snmptranslate finds them
(case-insensitive; see `best_matches`), ``-Td`` prints a
node's full details, ``-Tp`` draws its subtree (the whole tree without OIDs), ``-To``,
``-Ts``, ``-Tl``, ``-Tz``, ``-Tt`` and ``-Ta`` list every node (without OIDs; with OIDs they
translate them, as snmptranslate does).
"""

from __future__ import annotations

from typing import Any

import click

from ._mibs import MibContext, echoed_warnings, mib_options, sent_oid
from ._target import UnknownOidError, UsageError

__all__ = ("translate",)


@click.command()
@mib_options
@click.option(
    "-O", "output_flags", multiple=True, help="Output form: n, f, s or S (default); b, X."
)
@click.option(
    "-T",
    "trans_flags",
    multiple=True,
    help="B: objects whose label matches; d: full details; p: draw the tree; o s l z t a: reports.",
)
@click.argument("oids", nargs=-1, metavar="OID...")
def translate(oids: tuple[str, ...], trans_flags: tuple[str, ...], **options: Any) -> None:
    """Translate OIDs and names as snmptranslate does (MIBs: -m, -M, MIBS, MIBDIRS)."""
    flags = "".join(options["output_flags"])
    if set(flags) - set("nfsSbX"):
        raise UsageError(f"-O{flags}: translate takes -On, -Of, -Os, -OS, -Ob or -OX")
    modes = set("".join(trans_flags))
    if modes - set("Bdposlzta") or len(modes) > 1:
        raise UsageError(
            f"-T{''.join(sorted(modes))}: translate takes one of -TB, -Td, -Tp, -To, -Ts, -Tl, "
            "-Tz, -Tt, -Ta"
        )
    if not oids and not modes & set("poslzta"):
        raise UsageError(
            "translate needs an OID (or -Tp, -To, -Ts, -Tl, -Tz, -Tt, -Ta for the whole tree)"
        )
    mibs = MibContext(options, always=True)
    assert mibs.formatter is not None and mibs.mib is not None
    if not oids and modes & set("oslzta"):
        from .._mib._drawing import ascii_dump, report

        letter = modes.pop()
        lines = ascii_dump(mibs.mib.tree) if letter == "a" else report(mibs.mib.tree, letter)
        click.echo("\n".join(lines))
        return
    if "B" in modes:
        _print_matches(mibs, oids)
        return
    if "p" in modes:
        _draw(mibs, oids)
        return
    from .._mib._describe import describe

    lines = []
    for text in oids:
        try:
            oid = _translated(mibs, text)
        except UnknownOidError:
            click.echo("".join(f"{line}\n\n" for line in lines), nl=False)  # as it went
            raise
        line = mibs.formatter.oid(oid)
        if "d" in modes:
            line += "\n" + describe(mibs.mib.tree, [int(arc) for arc in oid.split(".")])
        lines.append(line)
    click.echo("\n\n".join(lines))


def _translated(mibs: MibContext, text: str) -> str:
    """The OID of `text` as snmptranslate reads it: from the root (then, here, a label of
    any module as with -IR); with -IR a label (or ``MODULE::label``); with -Ib the label a
    regular expression matches best.

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
            before = reader.detail
            found = reader.read_objid(text)
            if found is None:
                said, reader.detail = reader.detail, before
                found = reader.get_node(text)
                reader.detail = before if found is not None else said
            if found is None:
                error: UnknownObjectError = reader.error(text)
                raise UnknownOidError(str(error), status=2)
    return sent_oid(found)


def _draw(mibs: MibContext, oids: tuple[str, ...]) -> None:
    """-Tp: each OID's subtree as snmptranslate draws it, the whole tree (iso) without OIDs."""
    from .._mib._drawing import draw

    assert mibs.mib is not None
    tree = mibs.mib.tree
    roots = [
        tree.find([int(arc) for arc in _translated(mibs, text).split(".")])[0] for text in oids
    ]
    drawings = ["\n".join(draw(tree, root)) for root in roots or [tree.root.children[1]]]
    click.echo("\n\n".join(drawings))


def _print_matches(mibs: MibContext, patterns: tuple[str, ...]) -> None:
    """-TB: the nodes whose label the first pattern matches, as snmptranslate finds them
    (it reads no other); none (an empty pattern, or not a regular expression): its line.

    Raises:
        UnknownOidError: no label matches.
    """
    from .._mib._drawing import best_matches
    from .._mib._regex import label_pattern

    assert mibs.formatter is not None and mibs.mib is not None
    tree = mibs.mib.tree
    regex = label_pattern(patterns[0], tree.links.longest)
    found = best_matches(tree, regex) if regex is not None else []
    if not found:
        raise UnknownOidError(
            f'Unable to find a matching object identifier for "{patterns[0]}"', status=1
        )
    click.echo("\n".join(mibs.formatter.oid(oid) for oid in found))
