"""OID text that is not an OID, on the command line without MIBs: Net-SNMP's line where its
tools refuse it (tests/cli/test_cli_unknown_names.py has names); where they send it anyway
(arcs the BER cannot encode, which they encode as other OIDs), the library's reason
(tests/session/test_oid_text.py)."""

from __future__ import annotations

import re
import subprocess

import pytest
from cli_helpers import ENV
from oid_cases import CASES
from peers import require_tool

from anysnmp.cli import main


@CASES
def test_the_command_line_refuses_bad_oids(
    text: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("get", "walk"):
        args = [command, "-v2c", "-c", "public", "-t", "0.05", "-r", "0", "127.0.0.1:1", text]
        with pytest.raises(SystemExit) as exited:
            main(args)
        error = capsys.readouterr().err
        tool = require_tool(f"snmp{command}")
        ref = subprocess.run([tool, *args[1:]], env=ENV, capture_output=True, text=True)
        # A GET or walk of one arc (1) is sent (as .0.1), as Net-SNMP's tools send it.
        if not re.search("first arc|second arc|at least two", reason) or text == "1":
            assert (exited.value.code, error) == (ref.returncode, ref.stderr)
        else:  # Net-SNMP sends what the BER cannot encode (as another OID): we refuse
            assert exited.value.code == 1
            assert "Unknown Object Identifier" in error and re.search(reason, error)
