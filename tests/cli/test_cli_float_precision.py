"""Float and double values as Net-SNMP prints them with -Op PRECISION and snmp.conf's
``outputPrecision`` (C's printf of ``%PRECISIONf``), served by our agent from a recording."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import ANYSNMP, ENV, Result, run, start_agent
from netsnmpd import stop_process
from peers import require_tool

from anysnmp import ConfigurationError
from anysnmp._mib._printf import float_printer

#: Net-SNMP's Opaque float (9f 78) and double (9f 79) values served.
VALUES = [("78", ">f", 2.130859375), ("79", ">d", -1234.56789), ("79", ">d", 1e300)]
VALUES += [("78", ">f", float("inf")), ("79", ">d", -float("nan")), ("78", ">f", -0.0)]
ROOT = "1.3.6.1.4.1.99999.7"


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Our agent serving the values: its address."""
    lines = []
    for n, (kind, fmt, value) in enumerate(VALUES, 1):
        octets = struct.pack(fmt, value)
        lines.append(f"{ROOT}.{n}.0|68x|9f{kind}{len(octets):02x}{octets.hex()}")
    path = tmp_path_factory.mktemp("floats") / "floats.snmprec"
    path.write_text("\n".join(lines) + "\n")
    proc, address = start_agent(str(path))
    try:
        yield address
    finally:
        stop_process(proc)


def _both(folder: str, *args: str) -> tuple[Result, Result]:
    """``anysnmp walk`` and snmpwalk with `args` (and the configuration folder `folder`)."""
    env = {**ENV, "SNMPCONFPATH": folder}
    return run([*ANYSNMP, "walk", *args], env), run([require_tool("snmpwalk"), *args], env)


@pytest.mark.parametrize(
    "letters",
    [
        ("-Op", ".2"),  # the next argument
        ("-Onp", "8.3e"),  # after other letters; a conversion of its own, then an "f"
        ("-O", "np", "-+010.1"),  # -O's argument apart
        ("-Op", ""),  # an empty precision: %f
        ("-Op", ".3 junk"),  # a conversion glibc does not know: printed back
        ("-Op", "0-.+"),  # printed back as glibc writes it: %-.0+f
        ("-Op.1", "-Op", "5"),  # attached; the last wins
    ],
)
def test_precision_prints_floats_as_snmpwalk(agent: str, letters: tuple[str, ...]) -> None:
    ours, theirs = _both("/nonexistent", "-On", "-v2c", "-c", "public", *letters, agent, ROOT)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert theirs.rc == 0 and theirs.out.count("Opaque: Float: ") == len(VALUES)


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("outputPrecision 6.3\noutputPrecision 4.1", ("-Op", "")),  # -Op wins over the file
        ("outputPrecision 6.3\noutputPrecision 4.1", ()),  # the last line wins
        ('outputPrecision "%5.1" junk', ()),  # quoted: %%5.1f
        ('outputPrecision ".1\\"x"', ()),  # a backslash in quotes: %.1"xf
        ("outputPrecision", ("-Op.1",)),  # no value: Net-SNMP's errors, in each pass
    ],
)
def test_output_precision_is_read_as_snmpwalk_reads_it(
    agent: str, tmp_path: Path, text: str, letters: tuple[str, ...]
) -> None:
    (tmp_path / "snmp.conf").write_text(f"{text}\n")
    ours, theirs = _both(str(tmp_path), "-On", "-v2c", "-c", "public", *letters, agent, ROOT)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)


def test_a_precision_of_undefined_output_is_refused(agent: str) -> None:
    """Where snmpwalk prints whatever memory holds (or crashes), we refuse."""
    ours = run([*ANYSNMP, "walk", "-v2c", "-c", "public", "-Opx", agent, ROOT])
    message = "anysnmp: -Op x: %x converts no double (C prints garbage)\n"
    assert (ours.rc, ours.out, ours.err) == (1, "", message)


@pytest.mark.parametrize(
    ("precision", "message"),
    [
        (".1f%", "%f converts a second value (C prints garbage)"),
        ("*", "%*f reads a width from an argument (C prints garbage)"),
        ("Le", "%Le converts no double (C prints garbage)"),  # a long double
        ("5%", "%5% converts no double (C prints garbage)"),
        ("99999999999", "a width or precision past C's int (C prints nothing)"),
    ],
)
def test_formats_of_undefined_output(precision: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        float_printer(precision)
    assert str(raised.value) == message
