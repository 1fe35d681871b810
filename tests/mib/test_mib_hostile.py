"""MIB folders and caches as an attacker or a careless vendor leaves them: every load ends,
with the modules it can read and a `MibWarning` or an `SnmpError` for the rest."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import tracemalloc
import warnings
from binascii import crc32
from pathlib import Path
from typing import Any

import pytest
from broken_mibs import broken_mib_dirs, netsnmp_stderr
from hypothesis import given
from hypothesis import strategies as st
from mib_helpers import require_test_mibs, snmptranslate

from anysnmp import (
    ArgumentTypeError,
    ConfigurationError,
    EncodeError,
    Mib,
    MibFormatter,
    MibWarning,
    UnknownNameError,
)
from anysnmp._mib._hint import parse_octet_hint
from anysnmp._mib._lines import line_at
from anysnmp._mib._search import head_of
from anysnmp.lowlevel import Tag


def _load(dirs: str | list[Path], modules: str, cache: Path) -> tuple[Mib, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        mib = Mib.load(modules, dirs=dirs, cache_dir=cache)
    return mib, [str(warning.message) for warning in caught]


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
        # Left out silently, as by snmptranslate.
        assert warned == netsnmp_stderr("snmptranslate", dirs, "DEEP-MIB", ".1") == []
    oid = mib.oid("DEEP-MIB::deep121")
    assert "." + oid == snmptranslate(dirs, "DEEP-MIB", "-On", "DEEP-MIB::deep121")
    assert len(oid.split(".")) == 128
    assert mib.name(oid) == "DEEP-MIB::deep121"
    assert snmptranslate(dirs, "DEEP-MIB", "-On", "DEEP-MIB::deep122") == ""
    for label in ("deep122", "deep1999"):
        with pytest.raises(UnknownNameError, match=f"DEEP-MIB has no object {label}"):
            mib.oid(f"DEEP-MIB::{label}")


#: A vendor module in Latin-1: a comment and a DESCRIPTION that are not UTF-8.
LATIN1_MIB = (
    b"LATIN-MIB DEFINITIONS ::= BEGIN\n"
    b"-- Soci\xe9t\xe9 G\xe9n\xe9rale des Capteurs\n"
    b"IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;\n"
    b"latinTemp OBJECT-TYPE\n"
    b"    SYNTAX      Integer32\n"
    b"    MAX-ACCESS  read-only\n"
    b"    STATUS      current\n"
    b'    DESCRIPTION "Temp\xe9rature en \xb0C"\n'
    b"    ::= { enterprises 99971 }\n"
    b"END\n"
)


def test_a_module_in_latin1_keeps_its_bytes(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path)
    (tmp_path / "mibs" / "LATIN-MIB").write_bytes(LATIN1_MIB)
    mib, warned = _load(dirs, "LATIN-MIB", tmp_path / "cache")
    assert warned == []
    # The text, readable and printable; the file's bytes, as Net-SNMP prints them: what
    # is not UTF-8 as surrogate escapes.
    node = mib.node("LATIN-MIB::latinTemp")
    assert node.description == "Température en °C"
    assert node.raw_description == "Temp\udce9rature en \udcb0C"
    assert node.raw_description.encode("utf-8", "surrogateescape") == b"Temp\xe9rature en \xb0C"


#: Words of a line each: letters, hyphenated, capitals.
_LONG_WORDS = ("x" * 200_000, "x-" * 100_000, "X" * 200_000)

#: LONG-MIB: an object per word of `_LONG_WORDS`, its DESCRIPTION that word (long0...).
LONG_MIB = "\n".join(
    [
        "LONG-MIB DEFINITIONS ::= BEGIN",
        "IMPORTS enterprises, OBJECT-TYPE, Integer32 FROM SNMPv2-SMI;",
        *(
            f"long{at} OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current\n"
            f'    DESCRIPTION "{word}"\n'
            f"    ::= {{ enterprises 9997{at} }}"
            for at, word in enumerate(_LONG_WORDS)
        ),
        "END\n",
    ]
)


def test_lines_of_one_long_word_load_at_once(tmp_path: Path, seeded_cache: Path) -> None:
    # The pre-pass looked for a module's name and a group's at every character of a word,
    # to the word's end each time: a 40,000-letter DESCRIPTION took 31 s to load, these
    # would take over 10 minutes each (snmptranslate: 0.02 s). Now each word is read once.
    dirs = broken_mib_dirs(tmp_path, LONG=LONG_MIB)
    labels = [f"long{at}" for at in range(len(_LONG_WORDS))]
    script = (
        "import sys; from anysnmp import Mib; "
        "mib = Mib.load('LONG-MIB', dirs=sys.argv[1], cache_dir=sys.argv[2]); "
        "print(*('.' + mib.oid(label) for label in sys.argv[3:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, dirs, str(seeded_cache), *labels],
        capture_output=True,
        text=True,
        timeout=120,  # a hang's guard, far above the load's few seconds
        check=True,
    )
    names = [f"LONG-MIB::{label}" for label in labels]
    assert done.stdout.split() == snmptranslate(dirs, "LONG-MIB", "-On", *names).split()


def test_a_utf8_description_reads_as_its_characters(tmp_path: Path) -> None:
    dirs = broken_mib_dirs(tmp_path)
    text = LATIN1_MIB.replace(b"LATIN-MIB", b"UTF8-MIB").decode("latin-1").encode("utf-8")
    (tmp_path / "mibs" / "UTF8-MIB").write_bytes(text)
    node = _load(dirs, "UTF8-MIB", tmp_path / "cache")[0].node("UTF8-MIB::latinTemp")
    assert node.description == node.raw_description == "Température en °C"


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"modules": [None]}, r"modules= holds None: each item must be a str"),
        ({"modules": 5}, r"modules= takes a ':'-separated str or a list of str, not int"),
        ({"modules": b"IF-MIB"}, r"modules= takes .* not bytes"),
        ({"dirs": 5}, r"dirs= takes a ':'-separated str, a path or a list of them, not int"),
        ({"dirs": [None]}, r"dirs= holds None"),
        ({"dirs": b"/usr/share/snmp/mibs"}, r"dirs= takes .* not bytes"),
        ({"cache_dir": 5}, r"cache_dir= takes a folder \(a str or a path\), not int"),
    ],
)
def test_load_arguments_of_another_type_say_what_to_give(
    tmp_path: Path, arguments: dict[str, Any], says: str
) -> None:
    arguments = {"modules": ["IF-MIB"], "dirs": [], "cache_dir": tmp_path, **arguments}
    with pytest.raises(ArgumentTypeError, match=says):
        Mib.load(**arguments)


def test_an_empty_cache_dir_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cache_dir='' (meant as no cache?) wrote the cache's entries into the current folder."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError, match="cache_dir='' names no folder"):
        Mib.load(["IF-MIB"], dirs=[], cache_dir="")
    assert list(tmp_path.iterdir()) == []


def test_a_cache_dir_with_a_nul_is_refused() -> None:
    """No folder is named so: Python's open raised ValueError out of Mib.load."""
    with pytest.raises(ConfigurationError, match="NUL"):
        Mib.load(["IF-MIB"], dirs=[], cache_dir="/tmp/cache\0mibs")


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the XDG base directory specification says: the cache was written below the
    current folder, wherever the program ran."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    Mib.load(["SNMPv2-SMI"], dirs=require_test_mibs())
    assert not (tmp_path / "cache").exists()
    assert any((tmp_path / "home" / ".cache" / "anysnmp" / "mibs").iterdir())


def test_folders_given_as_paths_and_odd_folder_names(tmp_path: Path) -> None:
    folders = [Path(folder) for folder in require_test_mibs().split(":")]
    mib, _ = _load(folders, "IF-MIB", tmp_path / "cache")
    assert mib.oid("ifDescr") == "1.3.6.1.2.1.2.2.1.2"
    # A folder name no system call takes (a NUL) is a folder holding nothing.
    mib, warned = _load("/nowhere\0:/no\0where", "IF-MIB", tmp_path / "cache")
    assert mib.modules == []
    assert warned == [
        "MIB search path: /nowhere\0:/no\0where",
        "Cannot find module (IF-MIB): At line 0 in (none)",  # no file scanned, as snmptranslate
    ]


@pytest.mark.parametrize("oid", ["1.3.6.", "\uff11.3.6", "1.3.\u0661", "", "."])
def test_name_of_what_is_no_numeric_oid_raises(mib: Mib, oid: str) -> None:
    with pytest.raises(UnknownNameError, match="is not a numeric OID"):
        mib.name(oid)


@pytest.mark.parametrize(
    "oid", ["1.3.6." + "9" * 5000, "1.3.6.1.4294967296", ".".join(["1"] * 129)]
)
def test_name_of_what_no_agent_sends_raises(mib: Mib, oid: str) -> None:
    # Arcs past 2^32 or 128 arcs make no SNMP OID (mib.oid refuses them): name() printed
    # them, and 4300 digits raised a bare ValueError (Python's int() limit).
    with pytest.raises(UnknownNameError, match="is no SNMP OID"):
        mib.name(oid)
    assert mib.name("1.3.6.1." + "0" * 20 + "4") == "SNMPv2-SMI::private"  # zeros are no size


@pytest.mark.parametrize("digits", ["9" * 5000, "0x" + "f" * 5000, "0" + "7" * 5000])
def test_an_index_of_thousands_of_digits_is_refused(mib: Mib, digits: str) -> None:
    # Read as C's strtoul reads it (its largest number), as Net-SNMP reads it: Python's
    # int() raised a bare ValueError past 4300 digits.
    with pytest.raises(
        EncodeError, match=r"arc exceeds 2\^32-1 in '1\.3\.6\.1\.2\.1\.2\.2\.1\.2\.1844"
    ):
        mib.oid(f"ifDescr.{digits}")
    with pytest.raises(EncodeError, match=r"in '1\.3\.6\.1\.6\.3\.16\.1\.2\.1\.3\.3\.1844"):
        mib.oid(f"vacmGroupName.3.{digits}")  # a string's length: a C int, -1 (as Net-SNMP)


def test_name_forms_and_formatter_flags_of_no_such_kind_raise(mib: Mib) -> None:
    with pytest.raises(ConfigurationError, match="form='nonsense': one of 'module', 'suffix'"):
        mib.name("1.3.6.1", "nonsense")
    with pytest.raises(ArgumentTypeError, match="flags= takes a str of -O letters, not NoneType"):
        mib.formatter(None)  # type: ignore[arg-type]
    # Python's AttributeError ('caches'), TypeError ('not iterable', 'unhashable') before.
    wrong: list[tuple[dict[str, Any], str]] = [
        ({"tree": mib}, r"MibFormatter takes the MIBs' tree, MibFormatter\(mib.tree, flags\)"),
        ({"tree": "IF-MIB"}, "or None, not str"),
        ({"tree": mib.tree, "flags": 5}, "flags= takes a str of -O letters, not int"),
        ({"flags": None}, "flags= takes a str of -O letters, not NoneType"),
        ({"precision": 2}, "precision= takes a str, printf's after %: '.2', not int"),
        ({"precision": [".2"]}, "not list"),
    ]
    for arguments, says in wrong:
        with pytest.raises(ArgumentTypeError, match=says):
            MibFormatter(**arguments)


@pytest.mark.parametrize("flags", ["", "n", "v", "X"])
@pytest.mark.parametrize(
    ("oid", "tag", "value", "says"),
    [
        ("1.3.6.1.2.1.1.1.0", Tag.OCTET_STRING, 5, "argument of type 'int'"),
        ("1.3.6.1.2.1.1.3.0", Tag.TIMETICKS, "a", "divmod"),
        ("x", Tag.INTEGER, 1, "invalid literal"),
        (None, Tag.INTEGER, 1, "NoneType"),
        (["1", "3"], Tag.INTEGER, 1, "list"),
        ("1.3.6.1.2.1.1.1.0", 999, 1, "tag 999: no SMI type"),
        ("1.3.6.1.2.1.1.1.0", None, 1, "tag None: no SMI type"),
    ],
)
def test_a_formatter_given_what_it_does_not_print_says_so(
    mib: Mib, flags: str, oid: Any, tag: Any, value: Any, says: str
) -> None:
    # Bare AttributeError, TypeError and ValueError came out of the formatter before.
    formatter = mib.formatter(flags)
    with pytest.raises(ArgumentTypeError, match=says):
        formatter.varbind(oid, tag, value)
    with pytest.raises(ArgumentTypeError, match=says):
        formatter.value(oid, tag, value)
    with pytest.raises(ArgumentTypeError, match="cannot print the OID None"):
        formatter.oid(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("flags", ["", "n", "X", "s"])
def test_a_formatter_takes_net_snmps_numeric_oids_and_says_what_to_do_with_a_name(
    mib: Mib, flags: str
) -> None:
    """`.1.3.6...` (Net-SNMP's -On text, what mib.name takes) was refused ("invalid literal
    for int() with base 10: ''"); a name (sysUpTime.0) now says how to get its OID."""
    formatter = mib.formatter(flags)
    dotted, plain = ".1.3.6.1.2.1.2.2.1.2.5", "1.3.6.1.2.1.2.2.1.2.5"
    assert formatter.varbind(dotted, Tag.OCTET_STRING, b"eth4") == formatter.varbind(
        plain, Tag.OCTET_STRING, b"eth4"
    )
    assert formatter.value(dotted, Tag.INTEGER, 5) == formatter.value(plain, Tag.INTEGER, 5)
    assert formatter.oid(dotted) == formatter.oid(plain)
    says = re.escape("'ifDescr.5' is no numeric OID (a name's: mib.oid('ifDescr.5'))")
    with pytest.raises(ArgumentTypeError, match=says):
        formatter.varbind("ifDescr.5", Tag.OCTET_STRING, b"eth4")
    with pytest.raises(ArgumentTypeError, match=says):
        formatter.value("ifDescr.5", Tag.OCTET_STRING, b"eth4")


@pytest.mark.parametrize("flags", ["", "E", "s"])
def test_an_index_arc_that_is_no_number_says_so(mib: Mib, flags: str) -> None:
    # The core reads a row's INDEX values (cpp/mib/instance.cpp): a string's length here.
    with pytest.raises(ArgumentTypeError, match="an arc that is not a number: 'x'"):
        mib.formatter(flags).varbind("1.3.6.1.6.3.16.1.2.1.3.3.x.1", Tag.INTEGER, 1)


def test_a_module_name_with_no_object_after_it(mib: Mib) -> None:
    with pytest.raises(UnknownNameError, match="'IF-MIB::': no object named after '::'"):
        mib.oid("IF-MIB::")


def _load_bound_by_file_modes(dirs: str, modules: str, cache: Path) -> Any:
    """`_load` in a process that file modes bind: its modules and warnings.

    Root reads and writes any file through two capabilities; as root, the process runs
    without them (setpriv), so that a file of mode 0 is unreadable wherever the checkout
    lies (a user such as nobody could not read a checkout in a folder of mode 0700).
    """
    code = (
        "import json, sys, warnings\n"
        "from anysnmp import Mib\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    mib = Mib.load(sys.argv[2], dirs=sys.argv[1], cache_dir=sys.argv[3])\n"
        "print(json.dumps([mib.modules, [str(w.message) for w in caught]]))\n"
    )
    command = [sys.executable, "-c", code, dirs, modules, str(cache)]
    if os.geteuid() == 0:
        overrides = "-dac_override,-dac_read_search"
        command = ["setpriv", "--inh-caps", overrides, "--bounding-set", overrides, *command]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_an_unreadable_file_warns_and_loads_once_made_readable(tmp_path: Path) -> None:
    # Net-SNMP says "path: Permission denied" and goes on. The listing of the folders and
    # the scans were kept by size and mtime, which chmod leaves: a module stayed missing
    # from the cache after its file was made readable.
    cache = tmp_path / "cache"
    (tmp_path / "mibs").mkdir()
    unreadable = tmp_path / "mibs" / "UNREADABLE-MIB"
    unreadable.write_text(_chain_mib(1).replace("DEEP-MIB", "UNREADABLE-MIB"))
    unreadable.chmod(0)
    dirs = f"{tmp_path / 'mibs'}:{require_test_mibs()}"
    for _ in range(2):  # the second from the cache: the same warnings
        modules, warned = _load_bound_by_file_modes(dirs, "UNREADABLE-MIB", cache)
        assert (modules, warned) == (
            [],
            [
                f"{unreadable}: Permission denied",  # as Net-SNMP lists the folders
                f"MIB search path: {dirs}",
                "Cannot find module (UNREADABLE-MIB): At line 1 in (none)",
            ],
        )
    unreadable.chmod(0o644)
    modules, warned = _load_bound_by_file_modes(dirs, "UNREADABLE-MIB", cache)
    assert "UNREADABLE-MIB" in modules and warned == []


def test_links_in_a_mib_folder_warn_as_net_snmp_warns_of_them(tmp_path: Path) -> None:
    # A link to nothing, or a loop of links: Net-SNMP cannot open it and says why; ours
    # passed over it. A link to a device or to a folder: passed over by both.
    dirs = broken_mib_dirs(tmp_path, **{"OK-MIB.txt": "OK-MIB DEFINITIONS ::= BEGIN\nEND\n"})
    folder = tmp_path / "mibs"
    (folder / "loop1").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop1")
    (folder / "dangling").symlink_to(tmp_path / "nowhere")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "up").symlink_to(tmp_path)
    expected = netsnmp_stderr("snmptranslate", dirs, "OK-MIB", "-On", ".1")
    assert expected == [
        f"{folder / 'dangling'}: No such file or directory",
        *(f"{folder / name}: Too many levels of symbolic links" for name in ("loop1", "loop2")),
    ]
    for _ in range(2):  # the second from the cache: the same warnings
        mib, warned = _load(dirs, "OK-MIB", tmp_path / "cache")
        assert ("OK-MIB" in mib.modules, warned) == (True, expected)
    (tmp_path / "nowhere").write_text("NOWHERE-MIB DEFINITIONS ::= BEGIN\nEND\n")
    mib, warned = _load(dirs, "NOWHERE-MIB", tmp_path / "cache")  # the link's file now read
    assert ("NOWHERE-MIB" in mib.modules, warned) == (True, expected[1:])


def test_megabytes_of_comments_before_a_module_line_are_read_once(tmp_path: Path) -> None:
    # The scan of a folder read a file's leading comments again after each 16 KB read, in
    # a buffer of all of them: 2 MB took 6 s, 25 MB minutes (snmptranslate: 0.08 s).
    text = "-- a comment\n" * 200_000 + _chain_mib(1)
    dirs = broken_mib_dirs(tmp_path, **{"long.txt": text, "short.txt": "--\n-"})
    tracemalloc.start()
    try:
        found = head_of(str(tmp_path / "mibs" / "long.txt")).module
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (found, head_of(str(tmp_path / "mibs" / "short.txt")).module) == ("DEEP-MIB", None)
    assert peak < len(text) // 20  # pieces of the file, never all its comments at once
    mib, warned = _load(dirs, "DEEP-MIB", tmp_path / "cache")
    assert (mib.oid("DEEP-MIB::deep0"), warned) == ("1.3.6.1.4.1.99970", [])


def test_a_file_changed_with_its_size_and_mtime_kept_is_compiled_again(tmp_path: Path) -> None:
    # cp -p, rsync -t, tar x: a new text of the same size under the old mtime. Only the
    # ctime (which no one sets) tells; the cache went by size and mtime and kept the old text.
    dirs = broken_mib_dirs(tmp_path)
    module = tmp_path / "mibs" / "DEEP-MIB"
    module.write_text(_chain_mib(2))
    mib, _ = _load(dirs, "DEEP-MIB", tmp_path / "cache")
    assert mib.oid("DEEP-MIB::deep1") == "1.3.6.1.4.1.99970.1"
    stat = module.stat()
    module.write_text(_chain_mib(2).replace("deep1", "peek1"))
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (module.stat().st_size, module.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    mib, _ = _load(dirs, "DEEP-MIB", tmp_path / "cache")
    assert mib.oid("DEEP-MIB::peek1") == "1.3.6.1.4.1.99970.1"


def _damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    if how == "empty":
        entry.write_bytes(b"")
    elif how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "junk":
        entry.write_bytes(os.urandom(len(data)))
    elif how == "directory":
        entry.unlink()
        entry.mkdir()
    elif how == "a FIFO":  # Mib.load waited on it for good
        entry.unlink()
        os.mkfifo(entry)
    elif how == "a link to /dev/zero":  # read to no end
        entry.unlink()
        entry.symlink_to("/dev/zero")
    elif how == "a byte changed":
        # In a whole load's entry: the first of the records a tree unpacks when first asked
        # (a lookup raised ValueError: bad marshal data), else a byte amid the entry.
        _, _, stored = marshal.loads(data[4:])
        packed = stored[1][2][5] if entry.name.startswith("set-") else b""
        at = data.find(packed) if packed else len(data) // 2
        entry.write_bytes(data[:at] + b"\xff" + data[at + 1 :])
    elif how in ("no parts", "parts of other types"):
        # A module's entry of the right format, key, checksum and file state, holding a
        # record of another shape (another version's): a bare KeyError ('nodes') or
        # AttributeError out of every load. The whole load's entry goes, so that it is read.
        if not entry.name.startswith("mib-"):
            entry.unlink()
            return
        version, key, (state, depends, record) = marshal.loads(data[4:])
        record = {} if how == "no parts" else {part: 5 for part in record}
        payload = marshal.dumps((version, key, (state, depends, record)))
        entry.write_bytes(crc32(payload).to_bytes(4, "big") + payload)
    else:  # an entry of the right format, key and checksum, of something else
        version, key, _ = marshal.loads(data[4:])
        value: Any = {"older": (1, 2), "text": "x", "dict": {"a": 1}}[how]
        payload = marshal.dumps((version - 1 if how == "older" else version, key, value))
        entry.write_bytes(crc32(payload).to_bytes(4, "big") + payload)


@pytest.mark.parametrize(
    "how",
    [
        "empty",
        "truncated",
        "junk",
        "directory",
        "a FIFO",
        "a link to /dev/zero",
        "a byte changed",
        "older",
        "text",
        "dict",
        "no parts",
        "parts of other types",
    ],
)
def test_damaged_cache_entries_are_compiled_again(tmp_path: Path, how: str) -> None:
    dirs = broken_mib_dirs(tmp_path)
    cache = tmp_path / "cache"
    mib, _ = _load(dirs, "IF-MIB", cache)
    expected = (mib.modules, mib.oid("ifDescr.1"), mib.name("1.3.6.1.2.1.2.2.1.8.1"))
    entries = sorted(cache.iterdir())
    assert {entry.name.partition("-")[0] for entry in entries} == {"dir", "mib", "set"}
    for entry in entries:
        _damage(entry, how)
    for _ in range(2):  # compiled again (where an entry is a folder: every time)
        mib, warned = _load(dirs, "IF-MIB", cache)
        assert (mib.modules, mib.oid("ifDescr.1"), mib.name("1.3.6.1.2.1.2.2.1.8.1")) == expected
        assert warned == []


def test_links_planted_in_the_cache_folder_write_nowhere(tmp_path: Path) -> None:
    # A cache folder others may write (cache_dir= a shared folder): the temporary file of
    # an entry had a name known in advance and was written through whatever was there.
    dirs, cache = broken_mib_dirs(tmp_path), tmp_path / "cache"
    _load(dirs, "IF-MIB", cache)
    entries = sorted(cache.iterdir())
    for at, entry in enumerate(entries):
        (tmp_path / f"victim-{at}").write_text("precious")
        entry.unlink()
        entry.with_name(f"{entry.name}.{os.getpid()}.tmp").symlink_to(tmp_path / f"victim-{at}")
    mib, warned = _load(dirs, "IF-MIB", cache)
    assert (mib.oid("ifDescr.1"), warned) == ("1.3.6.1.2.1.2.2.1.2.1", [])
    assert [(tmp_path / f"victim-{at}").read_bytes() for at in range(len(entries))] == [
        b"precious"
    ] * len(entries)
    assert sorted(cache.iterdir()) == entries and not any(e.is_symlink() for e in entries)


def test_two_processes_compiling_into_one_cache_at_once(tmp_path: Path) -> None:
    dirs, cache = require_test_mibs(), tmp_path / "cache"
    code = (
        "import sys, warnings\n"
        "from anysnmp import Mib\n"
        "warnings.simplefilter('ignore')\n"
        "mib = Mib.load('ALL', dirs=sys.argv[1], cache_dir=sys.argv[2])\n"
        "print(len(mib.modules), mib.oid('ifDescr'))\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, dirs, str(cache)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = {run.communicate(timeout=120)[0] for run in runs}
    assert [run.returncode for run in runs] == [0, 0]
    mib, _ = _load(dirs, "ALL", cache)  # from what they left
    assert outputs == {f"{len(mib.modules)} 1.3.6.1.2.1.2.2.1.2\n"}
    assert not [entry for entry in cache.iterdir() if entry.suffix == ".tmp"]


def test_a_lone_plus_adds_nothing_to_the_default_lists(seeded_cache: Path) -> None:
    # "-m +" (or a list starting "+") warned 'Cannot find module ()'.
    mib, warned = _load(require_test_mibs(), "+", seeded_cache)
    assert not [message for message in warned if "()" in message]
    assert {"IF-MIB", "SNMPv2-MIB"} <= set(mib.modules)


def test_a_chain_of_a_thousand_imports_loads(tmp_path: Path) -> None:
    # Each module imports the next: the reading of the modules in Net-SNMP's order
    # recursed once per import (RecursionError out of Mib.load).
    count = 1200
    texts = {}
    for at in range(count):
        more = f" chain{at + 1} FROM CHAIN{at + 1}-MIB" if at + 1 < count else ""
        texts[f"CHAIN{at}-MIB"] = (
            f"CHAIN{at}-MIB DEFINITIONS ::= BEGIN\n"
            f"IMPORTS enterprises FROM SNMPv2-SMI{more};\n"
            f"chain{at} OBJECT IDENTIFIER ::= {{ enterprises 99900 {at} }}\n"
            "END\n"
        )
    dirs = broken_mib_dirs(tmp_path, **texts)
    for _ in range(2):  # compiled, then from the cache
        mib, warned = _load(dirs, "CHAIN0-MIB", tmp_path / "cache")
        assert warned == []
        assert (
            mib.oid(f"CHAIN{count - 1}-MIB::chain{count - 1}") == f"1.3.6.1.4.1.99900.{count - 1}"
        )
        assert len(mib.modules) == count + 1  # and SNMPv2-SMI (none imports from -TC, -CONF)


def test_a_cache_that_cannot_be_written_costs_a_compile_only(tmp_path: Path) -> None:
    dirs = require_test_mibs()
    plain, _ = _load(dirs, "IF-MIB", tmp_path / "cache")
    expected = (plain.modules, plain.oid("ifDescr.1"))
    (tmp_path / "a-file").write_text("")
    for cache in (tmp_path / "a-file", tmp_path / "a-file" / "below"):
        for _ in range(2):
            mib, warned = _load(dirs, "IF-MIB", cache)
            assert (mib.modules, mib.oid("ifDescr.1"), warned) == (*expected, [])
    # A folder its user may not write.
    (tmp_path / "read-only").mkdir(mode=0o555)
    for _ in range(2):
        modules, warned = _load_bound_by_file_modes(dirs, "IF-MIB", tmp_path / "read-only")
        assert (modules, warned) == (expected[0], [])
    assert list((tmp_path / "read-only").iterdir()) == []


def test_a_user_of_no_home_folder_loads_without_a_cache(tmp_path: Path) -> None:
    # A container's user: no passwd entry, no HOME, USER or XDG_CACHE_HOME. The default
    # paths raised RuntimeError ('Could not determine home directory') and pysmi's
    # getpass.getuser() KeyError.
    code = (
        "import json, pwd, sys, warnings\n"
        "def nobody(uid): raise KeyError(f'getpwuid(): uid not found: {uid}')\n"
        "pwd.getpwuid = nobody\n"
        "from anysnmp import Mib\n"
        "from anysnmp._mib._cache import default_cache_dir\n"
        "from anysnmp._mib._search import default_dirs\n"
        "warnings.simplefilter('ignore')\n"
        "mib = Mib.load('IF-MIB', dirs=sys.argv[1])\n"
        "print(json.dumps([mib.oid('ifDescr'), str(default_cache_dir()), default_dirs()]))\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("HOME", "USER", "LOGNAME", "USERNAME", "XDG_CACHE_HOME")
    }
    result = subprocess.run(
        [sys.executable, "-c", code, require_test_mibs()],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=True,
    )
    oid, cache, dirs = json.loads(result.stdout)
    assert (oid, cache) == ("1.3.6.1.2.1.2.2.1.2", "None")  # nothing cached, nowhere
    assert dirs[0] == "/usr/share/snmp/mibs" and not [d for d in dirs if "~" in d]
    assert list(tmp_path.iterdir()) == []


def test_a_name_of_a_module_whose_file_does_not_parse(tmp_path: Path) -> None:
    # It said "unknown module ... (no MIB file of it in the search path ...)".
    dirs = broken_mib_dirs(tmp_path, **{"garbled.txt": "GARBLED-MIB DEFINITIONS ::= BEGIN\n!!\n"})
    mib, _ = _load(dirs, "IF-MIB", tmp_path / "cache")
    garbled = tmp_path / "mibs" / "garbled.txt"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MibWarning)
        with pytest.raises(UnknownNameError, match=rf"module GARBLED-MIB \({garbled}\) does not"):
            mib.oid("GARBLED-MIB::anything")
    (said,) = [str(warning.message) for warning in caught]
    assert said.endswith(f"At line 2 in {garbled}")  # Net-SNMP's words, of the grammar slip


@given(
    st.text(alphabet="ab\n", max_size=60), st.integers(-70, 70), st.text(alphabet="\nc", max_size=9)
)
def test_line_at_counts_newlines_as_a_slice_does(text: str, offset: int, other: str) -> None:
    # The pre-pass's line numbers (Net-SNMP's "At line N"): newlines found once per text,
    # as counting them anew for each definition made a module of 60,000 minutes long.
    for each in (text, other, text):  # texts in turn: each its own newlines
        assert line_at(each, offset) == each.count("\n", 0, offset) + 1


@pytest.mark.parametrize("hint", ["99999999999x", "4294967296d", "1x:99999999999d"])
def test_a_hint_part_longer_than_any_string_reads_no_value(hint: str) -> None:
    """A value given by such a hint (a SET's, ``anysnmp set ... s 'ff'``) fits none: it
    was read an octet at a time into memory (Net-SNMP's parse_hints does so, for ever)."""
    assert parse_octet_hint(hint, b"ff:ff") is None
