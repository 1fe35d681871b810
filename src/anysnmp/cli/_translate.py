"""``anysnmp translate``: snmptranslate's OID <-> name translation with the loaded MIBs.

Labels are looked up in every loaded module (snmptranslate's ``-IR``, always
on); ``-TB REGEX`` lists the objects whose label matches.
"""

from __future__ import annotations

import re
from typing import Any

import click

from ._mibs import MibContext, mib_options
from ._target import UsageError

__all__ = ("translate",)


@click.command()
@mib_options
@click.option("-O", "output_flags", multiple=True, help="Output form: n, f, s or S (default).")
@click.option("-T", "trans_flags", multiple=True, help="B: list objects whose label matches.")
@click.argument("oids", nargs=-1, required=True, metavar="OID...")
def translate(oids: tuple[str, ...], trans_flags: tuple[str, ...], **options: Any) -> None:
    """Translate OIDs and names as snmptranslate does (MIBs: -m, -M, MIBS, MIBDIRS)."""
    flags = "".join(options["output_flags"])
    if set(flags) - set("nfsS"):
        raise UsageError(f"-O{flags}: translate takes -On, -Of, -Os or -OS")
    modes = set("".join(trans_flags))
    if modes - {"B"}:
        raise UsageError(f"-T{''.join(sorted(modes - {'B'}))}: translate takes -TB")
    mibs = MibContext(options, always=True)
    assert mibs.formatter is not None and mibs.mib is not None
    if "B" in modes:
        _print_matches(mibs, oids)
        return
    lines = [mibs.formatter.oid(mibs.oid(text)) for text in oids]
    click.echo("\n\n".join(lines))


def _print_matches(mibs: MibContext, patterns: tuple[str, ...]) -> None:
    """-TB: every labelled node whose label matches a pattern (anywhere in it)."""
    assert mibs.formatter is not None and mibs.mib is not None
    for pattern in patterns:
        try:
            regex = re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"{pattern}: bad regular expression ({exc})") from None
        for label, nodes in sorted(mibs.mib.tree.by_label.items()):
            if regex.search(label):
                for node in nodes:
                    click.echo(mibs.formatter.oid(node.oid))
