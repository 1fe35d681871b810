"""The command line refuses OID text as the library does (tests/session/test_oid_text.py)."""

from __future__ import annotations

import re

import pytest
from oid_cases import CASES

from anysnmp.cli import main


@CASES
def test_the_command_line_refuses_bad_oids(
    text: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # One arc is a walk root for the command line, as for Net-SNMP's tools ("walk 1").
    for command in ("get",) if text == "1" else ("get", "walk"):
        with pytest.raises(SystemExit) as exited:
            main([command, "127.0.0.1:1", text])
        assert exited.value.code == 1
        error = capsys.readouterr().err
        assert "Unknown Object Identifier" in error and re.search(reason, error)
