"""scripts/setup: it builds and installs only when the build's inputs or the extras changed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: Stands in for .venv/bin/python: logs each pip command; `import anysnmp` succeeds.
FAKE_PYTHON = """#!/bin/sh
[ "$1" = -c ] && exit 0
echo "$*" >>"$(dirname "$0")/../pip.log"
"""


def _setup(project: Path, *extras: str) -> list[str]:
    """Runs the project's scripts/setup; the pip commands it ran."""
    log = project / ".venv" / "pip.log"
    log.unlink(missing_ok=True)
    subprocess.run([project / "scripts" / "setup", *extras], check=True, capture_output=True)
    return log.read_text().splitlines() if log.exists() else []


def test_setup_installs_only_when_the_build_inputs_or_the_extras_change(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    for script in ("setup", "apt-install"):
        shutil.copy(REPO / "scripts" / script, project / "scripts")
    inputs = ("cpp/ber/oid.cpp", "src/anysnmp/__init__.py", "CMakeLists.txt", "pyproject.toml")
    for name in (*inputs, "README.md", "LICENSE"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, project / name)
    python = project / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)

    install = "-m pip install -q ."
    assert install in _setup(project)
    assert _setup(project) == []  # nothing changed: no pip at all
    assert "-m pip install -q .[cli]" in _setup(project, "cli")
    assert _setup(project, "cli") == _setup(project) == []  # both installed from this build
    with (project / "cpp" / "ber" / "oid.cpp").open("a") as source:
        source.write("// changed\n")
    assert install in _setup(project)
    assert "-m pip install -q .[cli]" in _setup(project, "cli")
    (project / "src" / "anysnmp" / "new.py").write_text("")
    assert install in _setup(project)
