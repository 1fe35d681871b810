"""listen with snmptrapd's -f, -L and -n: notifications go where snmptrapd logs them.

snmptrapd prints each notification through its log, at priority info (6). Each case
runs snmptrapd and `anysnmp listen` with the same options, sends each an inform
(snmpinform retries until the receiver is up and returns once it is acknowledged) and
compares where its varbinds went: stdout, stderr, the -Lf file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import pytest
from listen_helpers import SENDS, VARBIND, own, ports, received

from anysnmp import NotificationReceiver
from anysnmp._backends._dump import hex_dump
from anysnmp._codec import PduType, core
from anysnmp._transport import Request
from anysnmp.cli._listen import _Refusals
from anysnmp.cli._listen_dump import HELD, DumpingReceiver
from anysnmp.cli._target import UsageError
from anysnmp.cli._trap_format import TrapFormat


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
    assert _carrying(received(tmp_path, "theirs", log.split())) == where
    ours = received(tmp_path, "ours", log.split())
    assert _carrying(ours) == where


#: The time of day snmptrapd prints first (not compared).
_NOW = re.compile(r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


@pytest.mark.parametrize(("transport", "options"), [("udp", []), ("tcp", ["-n"])])
def test_listen_logs_as_snmptrapd_prints_when_given_no_format(
    tmp_path: Path, transport: str, options: list[str]
) -> None:
    """-L and no format: v1 traps, a v2c trap, v2c and v3 informs print byte for byte as
    snmptrapd prints them (the time of day masked): a v1 trap's own lines (its agent's
    name looked up with -n only, as snmptrapd 5.9's), the others' ``%B [%b]:`` then %v."""
    options = [*options, "-Lf", "FILE"]
    texts = []
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, options, transport, SENDS)["file"]
        text = text.split("Stopping snmptrapd")[0]
        kept = "".join(line for line in text.splitlines(True) if not own(line))
        texts.append(_NOW.sub("TIME ", ports(kept)))
    assert texts[1] == texts[0]
    assert texts[1].count("TIME ") == len(SENDS) and "INFORM" not in texts[1]
    assert " Trap (17) Uptime: 1 day, " in texts[1] and "[127.0.0.1] (via " in texts[1]


def test_a_appends_to_the_log_file_as_snmptrapd(tmp_path: Path) -> None:
    """snmptrapd's -A: the -Lf file after it is appended to, not emptied."""
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, ["-A", "-Lf", "FILE"], before="old line\n")["file"]
        assert text.startswith("old line\n") and VARBIND in text, who


def test_listen_without_l_prints_on_stdout(tmp_path: Path) -> None:
    """Without -L, listen prints on stdout, where snmptrapd -f logs to syslog (not compared:
    without a syslog daemon it writes to the console)."""
    ours = received(tmp_path, "ours", ["-n"])
    assert _carrying(ours) == {"stdout"}
    assert ours["stdout"].startswith("INFORM v2c from udp:127.0.0.1:")


#: Every sequence snmptrapd prints the same from run to run, with snmptrapd's quirks:
#: numbers padded with zeros, other fields with a space then zeros, '-' with zeros on the
#: right, a precision cutting from the right, a flag after the width printed as it is.
FORMAT = (
    "<%.4y-%.2m-%.2l|%#.4y|a=%a|A=%A|b=%b|B=%B|N=%N|P=%P|q=%q|w=%w|W=%W|s=%s|S=%S|u=%u"
    "|T=%T|%#T|%5w|%-5w|%05w|%5.3w|%.2y|%8u|%-8u|%3s|%.3P|%12B|%-10q|%.2#T|%-3a|%x%%|\\q"
    "|%V%v|%V, \\t%v|%#v>\\n%#V;%v\\n"
)


@pytest.mark.parametrize(("transport", "options"), [("udp", []), ("tcp", ["-n"])])
def test_listen_formats_as_snmptrapd_formats(
    tmp_path: Path, transport: str, options: list[str]
) -> None:
    """-F FORMAT: v1, v2c and v3, traps and informs print byte for byte as snmptrapd's."""
    options = [*options, "-Lf", "FILE", "-F", FORMAT]
    theirs = received(tmp_path, "theirs", options, transport, SENDS)["file"]
    ours = received(tmp_path, "ours", options, transport, SENDS)["file"]
    theirs = theirs[: theirs.rindex("Stopping snmptrapd")]  # and its last lines
    kept = "".join(line for line in theirs.splitlines(True) if not own(line))
    assert ours.count("<") == len(SENDS)
    assert ports(ours) == ports(kept)


UPTIME = ("1.3.6.1.2.1.1.3.0", 0x43, 5)
TRAP_OID = ("1.3.6.1.6.3.1.1.4.1.0", 0x06, "1.3.6.1.6.3.1.1.5.3")

#: -d's lines of octets, and the sizes of its packets.
_DUMP = re.compile(r"(?m)^\d{4}: .*\n")
_SIZES = re.compile(r"(?:(?<=Received )|(?<=Sending ))\d+(?= byte)")


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_d_dumps_each_message_and_reply_as_snmptrapd(tmp_path: Path, host: str) -> None:
    """-d: each message, the notification it carries, then the reply (an inform's), in
    snmptrapd's words, order and lines of hex; listening on 0.0.0.0, its lines and %b name
    the address each message was sent to, as snmptrapd's."""
    options, sends = ["-d", "-Lf", "FILE", "-F", "%b %v\n"], SENDS[:2]
    theirs = received(tmp_path, "theirs", options, sends=sends, host=host)["file"]
    ours = received(tmp_path, "ours", options, sends=sends, host=host)["file"]
    theirs = theirs[: theirs.rindex("Stopping snmptrapd")]
    kept = "".join(line for line in theirs.splitlines(True) if not own(line))
    # The octets differ (request ids, and so their lengths: 1-4 octets each), so do the sizes
    # by a few octets: the lines around the dumps are compared, and the sizes within 4.
    masked = [_SIZES.sub("N", _DUMP.sub("", ports(text))) for text in (ours, kept)]
    assert masked[0] == masked[1] and ours.count("\nSending ") == 1
    sizes = [[int(size) for size in _SIZES.findall(text)] for text in (ours, kept)]
    assert all(abs(a - b) <= 4 for a, b in zip(*sizes, strict=True))
    assert ours.count("\n0000: ") == kept.count("\n0000: ") == len(sizes[0])
    assert "->[127.0.0.1]:" in ours and "0.0.0.0" not in ours


def test_d_holds_a_bounded_text_while_a_notification_waits_to_print() -> None:
    """-d writes a message's lines once the notification before it printed (snmptrapd
    handles a message whole before the next): while one waited (a slow traphandle), every
    message after it was held, its dump kept, without bound (a flood of 60 KB datagrams:
    some 280 KB each). Past `HELD` characters they are now dropped, unanswered, as a busy
    snmptrapd leaves them to the kernel."""
    written: list[str] = []
    dumper = DumpingReceiver(_Refusals(NotificationReceiver(None)), written.append)

    def answer(data: bytes) -> bytes | None:
        return dumper.answer(Request(data, ("127.0.0.1", 5), ("127.0.0.1", 162), cast(Any, None)))

    trap = core.encode_message(1, b"public", PduType.TRAP_V2, 1, 0, 0, [UPTIME, TRAP_OID])
    inform = core.encode_message(1, b"public", PduType.INFORM, 2, 0, 0, [UPTIME, TRAP_OID])
    assert answer(trap) is None and len(written) == 1  # its dump, before it
    size = len(hex_dump(bytes(60_000)))
    floods = HELD // size + 2
    assert all(answer(bytes(60_000)) is None for _ in range(floods))
    assert answer(inform) is None  # not acknowledged: dropped
    dumper.printing()
    dumper.printed()
    held = HELD // size + 1  # the flood's dumps held until HELD was passed
    assert "".join(written).count("\nReceived 60000 byte packet") == held < floods
    assert answer(inform) is not None  # printed: served again


def test_a_ignores_authentication_failures_and_p_writes_the_pid_as_snmptrapd(
    tmp_path: Path,
) -> None:
    """-a: a v1 authenticationFailure trap prints nothing (a v2c one does: snmptrapd's
    check is of a v1 trap's generic trap), the others as they do; -p FILE."""
    failure = ("snmptrap", ["-v1", "-c", "public"], ["1.3.6.1.4.1.8072", "", "4", "0", "777"])
    options = ["-a", "-p", "PID", "-Lf", "FILE", "-F", "%v\n"]
    sends = [SENDS[0], failure, SENDS[1]]
    texts = []
    for who in ("theirs", "ours"):
        where = [option.replace("PID", str(tmp_path / f"{who}.pid")) for option in options]
        text = received(tmp_path, who, where, sends=sends)["file"].split("Stopping snmptrapd")[0]
        texts.append("".join(line for line in text.splitlines(True) if not own(line)))
        assert re.fullmatch(r"[0-9]+\n", (tmp_path / f"{who}.pid").read_text())
    assert texts[0] == texts[1] and texts[0].count("\n") == 2  # the v1 trap: none


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("%Y", "%Y is not supported"),  # snmptrapd formats a time it never sets
        ("%.2E", "%E is not supported"),  # it reads past the engine id
        ("%V~%v %V;", "separator ends at a %"),  # it reads past the format's end
        ("%V" + "~" * 31 + "%v", "within 30 characters"),  # past its buffer
    ],
)
def test_listen_refuses_the_formats_snmptrapd_prints_no_sound_value_for(
    text: str, said: str
) -> None:
    with pytest.raises(UsageError, match=said):
        TrapFormat(text, numeric=False)
