"""MIB folders and caches as an attacker or a careless vendor leaves them: every load ends,
with the modules it can read and a `MibWarning` or an `SnmpError` for the rest."""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import pytest
from broken_mibs import broken_mib_dirs
from mib_helpers import MIB_TOOL_ENV

from anysnmp import Mib, MibWarning, UnknownNameError


def _load(dirs: str, modules: str, cache: Path) -> tuple[Mib, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=cache)
    return mib, [str(warning.message) for warning in caught]


def _snmptranslate(dirs: str, modules: str, *args: str) -> str:
    return subprocess.run(
        ["snmptranslate", "-M", dirs, "-m", modules, *args],
        capture_output=True,
        text=True,
        env=MIB_TOOL_ENV,
    ).stdout.strip()


def _chain_mib(depth: int) -> str:
    """DEEP-MIB: `depth` definitions each below the one before (deep0 at enterprises.99970)."""
    lines = [
        "DEEP-MIB DEFINITIONS ::= BEGIN",
        "IMPORTS enterprises FROM SNMPv2-SMI;",
        "deep0 OBJECT IDENTIFIER ::= { enterprises 99970 }",
        *(f"deep{at} OBJECT IDENTIFIER ::= {{ deep{at - 1} 1 }}" for at in range(1, depth)),
        "END",
    ]
    return "\n".join(lines) + "\n"


def test_definitions_nested_past_the_longest_oid_are_left_out(tmp_path: Path) -> None:
    # pysmi resolves an OID recursively, a label at a time: 500 labels deep raised
    # RecursionError out of Mib.load. An OID has at most 128 arcs: deep0 has 7, deep121
    # 128; snmptranslate knows no deeper one either.
    dirs = broken_mib_dirs(tmp_path, DEEP=_chain_mib(2000))
    for _ in range(2):  # compiled, then from the cache
        mib, warned = _load(dirs, "DEEP-MIB", tmp_path / "cache")
        assert warned == [
            "MIB module DEEP-MIB: 1878 definitions left out, their OIDs longer than 128 "
            "arcs: deep122, deep123, deep124, ..."
        ]
    oid = mib.oid("DEEP-MIB::deep121")
    assert "." + oid == _snmptranslate(dirs, "DEEP-MIB", "-On", "DEEP-MIB::deep121")
    assert len(oid.split(".")) == 128
    assert mib.name(oid) == "DEEP-MIB::deep121"
    assert _snmptranslate(dirs, "DEEP-MIB", "-On", "DEEP-MIB::deep122") == ""
    for label in ("deep122", "deep1999"):
        with pytest.raises(UnknownNameError, match=f"DEEP-MIB has no object {label}"):
            mib.oid(f"DEEP-MIB::{label}")
