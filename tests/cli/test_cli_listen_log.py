"""listen with snmptrapd's -f, -L and -n: notifications go where snmptrapd logs them.

snmptrapd prints each notification through its log, at priority info (6). Each case
runs snmptrapd and `anysnmp listen` with the same options, sends each an inform
(snmpinform retries until the receiver is up and returns once it is acknowledged) and
compares where its varbinds went: stdout, stderr, the -Lf file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_helpers import ANYSNMP, ENV, run_netsnmp
from netsnmpd import free_udp_port
from peers import require_tool

#: The inform's last varbind, as both print it with -On.
VARBIND = '.1.3.6.1.2.1.1.5.0 = STRING: "hi"'
INFORM = ["123", "1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", "hi"]


def _received(tmp_path: Path, who: str, log: str) -> dict[str, str]:
    """snmptrapd's (`who` ``theirs``) or listen's outputs with the options `log` (FILE: a
    file of each's own), once an inform is acknowledged: stdout, stderr, the file."""
    file = tmp_path / f"{who}.log"
    options = ["-f", "-On", *log.replace("FILE", str(file)).split()]
    port = free_udp_port()
    env = ENV
    if who == "theirs":
        (tmp_path / "snmptrapd.conf").write_text("authCommunity log public\n")
        env = dict(ENV, SNMP_PERSISTENT_DIR=str(tmp_path / "persist"))
        conf = ["-C", "-c", str(tmp_path / "snmptrapd.conf")]
        command = [require_tool("snmptrapd"), *conf, *options]
    else:
        command = [*ANYSNMP, "listen", "--count", "1", *options]
    out, err = tmp_path / f"{who}.out", tmp_path / f"{who}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [*command, f"udp:127.0.0.1:{port}"], stdout=stdout, stderr=stderr, env=env
        )
        try:
            addr = f"127.0.0.1:{port}"
            sent = run_netsnmp(
                "snmpinform", "-v2c", "-c", "public", "-t", "0.2", "-r", "60", addr, *INFORM
            )
            assert sent.rc == 0, sent.err
        finally:
            if who == "theirs":
                proc.terminate()
            proc.wait(10)
    texts = {"stdout": out.read_text(), "stderr": err.read_text()}
    return {**texts, "file": file.read_text() if file.exists() else ""}


def _carrying(texts: dict[str, str]) -> set[str]:
    return {name for name, text in texts.items() if VARBIND in text}


@pytest.mark.parametrize(
    ("log", "where"),
    [
        ("-Lo", {"stdout"}),
        ("-Le", {"stderr"}),
        ("-Ln", set()),
        ("-Lf FILE", {"file"}),
        ("-L o -LE 6", {"stdout", "stderr"}),
        ("-LO 5 -LF 6-7 FILE", {"file"}),  # info is not in 0-5
        ("-Le -Ln -Lf FILE -n", {"file"}),  # n drops what came before it
    ],
)
def test_listen_logs_notifications_where_snmptrapd_does(
    tmp_path: Path, log: str, where: set[str]
) -> None:
    assert _carrying(_received(tmp_path, "theirs", log)) == where
    ours = _received(tmp_path, "ours", log)
    assert _carrying(ours) == where
    # The header names the sender by its address, -n or not (snmptrapd's %B is localhost
    # without -n): no name lookup.
    printed = ours["stdout"] + ours["stderr"] + ours["file"]
    assert "TRAP" not in printed
    assert all(
        line.startswith("INFORM v2c from udp:127.0.0.1:")
        for line in printed.splitlines()
        if line.startswith("INFORM")
    )


def test_listen_without_l_prints_on_stdout(tmp_path: Path) -> None:
    """Without -L, listen prints on stdout, where snmptrapd -f logs to syslog (not compared:
    without a syslog daemon it writes to the console)."""
    ours = _received(tmp_path, "ours", "-n")
    assert _carrying(ours) == {"stdout"}
    assert ours["stdout"].startswith("INFORM v2c from udp:127.0.0.1:")
