"""The Python snippets written into README.md and docs/*.md (the examples they include are run
by test_docs.py): each parses, as a module or as a coroutine's body, and what it takes from
anysnmp exists with the keyword arguments it passes, session methods too."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

import anysnmp
import anysnmp.sync

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Names the snippets give a session (async, or blocking where they import anysnmp.sync).
SESSION_NAMES = ("session", "s")


def _snippets() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text()
        for block in re.finditer(r"```python\n(.*?)```", text, re.S):
            if "--8<--" not in block.group(1):
                line = text[: block.start()].count("\n") + 1
                found.append((f"{page.name}:{line}", block.group(1)))
    return found


SNIPPETS = _snippets()


def _parse(code: str) -> ast.Module:
    """A snippet as a module, or as the body of a coroutine (a fragment with awaits)."""
    try:
        return ast.parse(code)
    except SyntaxError:
        return ast.parse("async def snippet():\n" + textwrap.indent(code, "    "))


def _resolve(node: ast.expr, names: dict[str, Any]) -> Any:
    """The anysnmp object `node` names (``SnmpSession``, ``anysnmp.sync.SnmpSession``), or None."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        if owner is None:
            return None
        found = getattr(owner, node.attr, None)
        if found is None and inspect.ismodule(owner):
            found = importlib.import_module(f"{owner.__name__}.{node.attr}")
        assert found is not None, f"{ast.unparse(node)} does not exist"
        return found
    return None


def _check_call(call: ast.Call, target: Any) -> None:
    """The keywords of `call` are parameters of `target` (a class: its constructor)."""
    try:
        params = inspect.signature(target).parameters
    except (TypeError, ValueError):  # a builtin or C function: no signature to read
        return
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return
    for keyword in call.keywords:
        assert keyword.arg is None or keyword.arg in params, (
            f"{ast.unparse(call)}: {target.__qualname__} takes no {keyword.arg}="
        )


def test_the_pages_have_snippets() -> None:
    assert len(SNIPPETS) >= 15
    assert any("names=True" in code for _, code in SNIPPETS)


@pytest.mark.parametrize(("where", "code"), SNIPPETS, ids=[where for where, _ in SNIPPETS])
def test_snippet_parses_and_names_what_exists(where: str, code: str) -> None:
    tree = _parse(code)
    names: dict[str, Any] = {"anysnmp": anysnmp}
    for node in ast.walk(tree):  # imports first, wherever they stand
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("anysnmp"):
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
                names[alias.asname or alias.name] = getattr(module, alias.name)
    blocking = names.get("SnmpSession") is anysnmp.sync.SnmpSession
    session = anysnmp.sync.SnmpSession if blocking else anysnmp.SnmpSession
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            _resolve(node, names)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        target = _resolve(func, names)
        if (
            target is None
            and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in SESSION_NAMES
        ):
            target = getattr(session, func.attr, None)
            assert target is not None, f"{session.__qualname__} has no {func.attr}()"
        if target is not None and callable(target):
            _check_call(node, target)


def test_the_default_timeout_the_pages_state_is_the_sessions() -> None:
    timeouts = (ROOT / "docs" / "timeouts.md").read_text()
    quickstart = (ROOT / "docs" / "quickstart.md").read_text()
    for session in (anysnmp.SnmpSession, anysnmp.sync.SnmpSession):
        params = inspect.signature(session).parameters
        timeout, retries = params["timeout"].default, params["retries"].default
        assert f"`timeout={timeout:g}` and `retries={retries}`" in timeouts
        assert (
            f"{timeout * (retries + 1):g} s with the defaults, `timeout={timeout:g}, " in quickstart
        )
