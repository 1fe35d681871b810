"""The public namespaces: complete, sorted, documented, and showing only public names.

Every public module of the package (``anysnmp``, ``anysnmp.lowlevel``, and any other
module without a leading underscore but the command line) is checked.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

import anysnmp

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
NAMESPACES = [
    "anysnmp",
    *(
        f"anysnmp.{m.name}"
        for m in pkgutil.iter_modules(anysnmp.__path__)
        if not m.name.startswith("_") and m.name not in ("cli", "data")
    ),
]


def public_objects(namespace: str) -> list[tuple[str, object]]:
    module = importlib.import_module(namespace)
    return [(name, getattr(module, name)) for name in module.__all__]


def test_the_namespaces_include_lowlevel() -> None:
    assert "anysnmp.lowlevel" in NAMESPACES


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_all_is_sorted_complete_and_resolves(namespace: str) -> None:
    module = importlib.import_module(namespace)
    assert isinstance(module.__all__, tuple)
    assert list(module.__all__) == sorted(set(module.__all__))
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    unlisted = [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name not in module.__all__
        and not isinstance(value, types.ModuleType)
        and type(value).__module__ != "__future__"  # from __future__ import annotations
    ]
    assert unlisted == [], f"{namespace} has public names missing from __all__"


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_public_objects_say_their_public_namespace(namespace: str) -> None:
    for name, obj in public_objects(namespace):
        assert (obj.__module__, obj.__qualname__) == (namespace, name)  # type: ignore[attr-defined]
        if isinstance(obj, type) and not issubclass(obj, enum.Enum):
            assert repr(obj) == f"<class '{namespace}.{name}'>"


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_type_hints_resolve_after_the_move(namespace: str) -> None:
    """get_type_hints looks names up in __module__: the move must not break it."""
    for _, obj in public_objects(namespace):
        if isinstance(obj, type):
            typing.get_type_hints(obj)


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_no_private_module_leaks(namespace: str) -> None:
    """Public classes derive only from public classes (the C++ core's bases aside)."""
    for name, obj in public_objects(namespace):
        if not isinstance(obj, type):
            continue
        for base in obj.__mro__:
            module = base.__module__
            private = module.startswith("anysnmp._") and module != "anysnmp._core"
            assert not private, f"{name} derives from {module}.{base.__qualname__}"
    public = {id(obj) for ns in NAMESPACES for _, obj in public_objects(ns)}
    assert len(public) == sum(len(public_objects(ns)) for ns in NAMESPACES), "exported twice"


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_public_objects_are_documented(namespace: str) -> None:
    documented = set(re.findall(r"^::: ([\w.]+)$", REFERENCE.read_text(), re.MULTILINE))
    for name, obj in public_objects(namespace):
        assert inspect.getdoc(obj), f"{namespace}.{name} has no docstring"
        assert f"{namespace}.{name}" in documented, f"{namespace}.{name} is not in reference.md"


def test_what_a_first_name_imports_shows_its_public_name() -> None:
    """The classes a first name's module imported say their public names before they are used
    by name: a traceback shows ``anysnmp.ArgumentTypeError``, a message ``anysnmp.Manager``."""
    script = (
        "import anysnmp.sync\n"
        "from anysnmp import SnmpSession\n"
        "try:\n"
        "    SnmpSession('127.0.0.1', manager=anysnmp.sync.Manager())\n"
        "except Exception as exc:\n"
        "    print(type(exc).__module__, type(exc).__qualname__, exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines() == [
        "anysnmp ArgumentTypeError manager= takes an anysnmp.Manager, not anysnmp.sync.Manager"
    ], result.stderr


def test_names_are_imported_when_first_used() -> None:
    """``import anysnmp`` loads no private module; a name loads its own module only."""
    script = (
        "import sys, anysnmp\n"
        "def loaded(): return sorted(m for m in sys.modules if m.startswith('anysnmp.'))\n"
        "print(loaded())\n"
        "print(anysnmp.Counter32(5), anysnmp.Counter32.__module__, 'Mib' in dir(anysnmp))\n"
        "print('anysnmp._types' in loaded(), 'anysnmp._session' in loaded())\n"
        "print(anysnmp.lowlevel.Tag.INTEGER.name, anysnmp.__version__ == anysnmp.__version__)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines() == [
        "['anysnmp._exports']",
        "Counter32(value=5) anysnmp True",
        "True False",
        "INTEGER True",
    ], result.stderr
    # As the docs write it (docs/tcp.md): the blocking twin without its own import.
    script = "import anysnmp\nprint(anysnmp.sync.SnmpSession.__module__, 'sync' in dir(anysnmp))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.splitlines() == ["anysnmp.sync True"], result.stderr
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchName'"):
        anysnmp.NoSuchName  # type: ignore[attr-defined]  # noqa: B018
