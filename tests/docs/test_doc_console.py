"""The command lines README.md and docs/*.md show in ``console`` blocks against the demo agent
(``127.0.0.1:1161``, where `anysnmp agent` serves it), run against our agent serving the demo
recording: each prints the lines the page shows after it, stderr then stdout (a last line
``...`` stands for the lines left out)."""

from __future__ import annotations

import os
import re
import shlex
from importlib.resources import files
from pathlib import Path

import anyio
import anyio.to_thread
import forked_cli
import pytest
from mib_helpers import require_test_mibs

from anysnmp import Agent, CommandResponder, MibView

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DEMO = Path(str(files("anysnmp") / "data" / "demo.snmprec"))
#: The demo agent's address as the pages write it.
DEMO_AGENT = "127.0.0.1:1161"


def _commands() -> list[tuple[str, str, list[str]]]:
    """(where, command, the lines shown after it) of each ``$ anysnmp`` line of a console
    block that names the demo agent."""
    found = []
    for page in PAGES:
        text = page.read_text()
        for block in re.finditer(r"```console\n(.*?)```", text, re.S):
            first = text[: block.start()].count("\n") + 2
            lines = block.group(1).split("\n")[:-1]  # the block ends with a newline
            starts = [n for n, line in enumerate(lines) if line.startswith("$ ")]
            for n, end in zip(starts, [*starts[1:], len(lines)], strict=True):
                command = lines[n].removeprefix("$ ")
                if command.startswith("anysnmp ") and DEMO_AGENT in shlex.split(command):
                    found.append((f"{page.name}:{first + n}", command, lines[n + 1 : end]))
    return found


COMMANDS = _commands()


def test_the_pages_show_commands_against_the_demo_agent() -> None:
    assert len(COMMANDS) >= 4
    assert any(" table " in command for _, command, _ in COMMANDS)


@pytest.mark.anyio
@pytest.mark.parametrize(("where", "command", "shown"), COMMANDS, ids=[c[0] for c in COMMANDS])
async def test_console_command_prints_what_the_page_shows(
    where: str, command: str, shown: list[str], anyio_backend: str
) -> None:
    args = shlex.split(command)[1:]
    # No snmp.conf (the tests' environment); MIB folders only where the command loads MIBs.
    env = dict(os.environ)
    if "-m" in args:
        env["MIBDIRS"] = require_test_mibs()
    view = MibView.from_snmprec(DEMO)
    async with Agent([("127.0.0.1", 0)], CommandResponder(view)) as agent:
        host, port = agent.addresses[0]
        args = [f"{host}:{port}" if arg == DEMO_AGENT else arg for arg in args]
        with anyio.fail_after(60):
            done = await anyio.to_thread.run_sync(
                lambda: forked_cli.run(
                    [*forked_cli.ANYSNMP, *args], env=env, capture_output=True, text=True
                )
            )
    printed = (done.stderr + done.stdout).split("\n")[:-1]
    printed = [line.replace(f"{host}:{port}", DEMO_AGENT) for line in printed]
    if shown and shown[-1] == "...":
        assert printed[: len(shown) - 1] == shown[:-1], (where, done.stderr)
    else:
        assert printed == shown, (where, done.stderr)
