"""``python -m anysnmp``: the anysnmp command."""

from __future__ import annotations

from .cli import command

command()
