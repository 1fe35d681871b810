"""listen's snmptrapd.conf files and the rest of snmptrapd's options, compared with snmptrapd
given the same files and options: who may send, what prints, the traphandle programs' input,
-u and -g; and the directives and options listen refuses (snmptrapd takes them)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from cli_helpers import ANYSNMP, ENV, run_anysnmp, run_netsnmp_tool
from listen_helpers import (
    INFORM,
    LAST_INFORM,
    SENDS,
    TRAPD_CONFIG,
    USER,
    own,
    ports,
    received,
    wait_for,
)
from netsnmpd import free_udp_port
from peers import require_tool

#: A traphandle program: its arguments (after the file it appends to) on a line, then its
#: stdin, appended to that file.
#: A varbind of the level a trap is sent at (its value).
TAG = ["1.3.6.1.2.1.1.5.0", "s"]
#: The engine id v3 traps are sent from (snmptrapd knows a trap sender's user by it).
SENDER = "0x80001f8880aabbccdd"
HANDLER = 'out=$1; shift; { echo "$*"; cat; } >> "$out"\n'


def _handled(tmp_path: Path, config: str, options: list[str]) -> list[tuple[str, str]]:
    """What snmptrapd and listen printed to their -Lf FILE and what their traphandles
    read (HANDLE in `config`: the program, with a file of each's own), `SENDS` sent."""
    (tmp_path / "handler.sh").write_text(HANDLER)
    config = config.replace("HANDLE", f"/bin/sh {tmp_path}/handler.sh {tmp_path}/WHO.handled")
    texts = []
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, options, sends=SENDS, config=config)["file"]
        text = text.split("Stopping snmptrapd")[0]
        kept = "".join(line for line in text.splitlines(True) if not own(line))
        handled = tmp_path / f"{who}.handled"
        texts.append((ports(kept), ports(handled.read_text() if handled.exists() else "")))
    return texts


def test_traphandle_and_formats_as_snmptrapd(tmp_path: Path) -> None:
    """traphandle: the handlers of the first OID that matches (the OID itself, or below
    it with .*), else the default ones, each reading the notification in snmptrapd's
    execute format (its own -F; format execute1 for a v1 trap: its own varbinds); none for
    a community authorized to log only; format1 and format2 print."""
    config = (
        "authCommunity log,execute public\n"
        "authCommunity log p\x01\n"
        f"{USER.config_lines()[0]}\n"
        f"authUser log,execute {USER.name} noauth\n"
        "format1 P1 %w %q %v\\n\n"
        "format2 P2 %v\\n\n"
        "format execute1 E1 %N %w %q %v\\n\n"
        'traphandle -F "T %B %v\\\\n" 1.3.6.1.4.1.99.0.* HANDLE tree\n'
        "traphandle 1.3.6.1.6.3.1.1.5.1 HANDLE inform\n"
        "traphandle default HANDLE default\n"
    )
    (theirs, their_input), (ours, our_input) = _handled(tmp_path, config, ["-Lf", "FILE"])
    assert ours == theirs and ours.count("P2 ") == 3 and ours.count("P1 ") == 2
    assert our_input == their_input
    calls = re.findall(r"(?m)^(tree|inform|default)$", our_input)
    assert calls == ["inform", "tree", "default", "inform"]  # the p\x01 trap: none
    assert "\nT localhost .1.3.6.1.2.1.1.3.0 0:0:00:42.42\t" in our_input  # -Oq, %B's name


def test_default_files_authorization_address_pid_and_output_options_as_snmptrapd(
    tmp_path: Path,
) -> None:
    """The default snmptrapd.conf (SNMPCONFPATH's, no -C); disableAuthorization (any
    community), snmpTrapdAddr (no address given), pidFile, outputOption; -t and -X taken."""
    config = (
        "disableAuthorization yes\nsnmpTrapdAddr ADDRESS\npidFile FILE.pid\n"
        "outputOption q\nformat2 %v\\n\ndoNotFork yes\n"
    )
    sends = [("snmpinform", ["-v2c", "-c", "nobody", "-t", "0.2", "-r", "60"], INFORM)]
    texts = []
    for who in ("theirs", "ours"):
        options = ["-t", "-X", "-Lf", "FILE"]
        text = received(tmp_path, who, options, sends=sends, config=config, defaults=True)
        texts.append("".join(line for line in text["file"].splitlines(True) if not own(line)))
        assert re.fullmatch(r"[0-9]+\n", (tmp_path / f"{who}.log.pid").read_text())
    assert texts[0].split("Stopping")[0] == texts[1]
    assert texts[1].startswith(".1.3.6.1.2.1.1.3.0 0:0:00:01.23\t")  # outputOption q


def test_problems_of_the_files_are_said_as_snmptrapd_says_them(tmp_path: Path) -> None:
    """Unknown tokens, bad values, traphandles with no OID or program, createUser's unknown
    protocols, passphrases too short (with snmptrapd's line before), keys not in hex or
    of another length (-l, -m), engine ids, tokens of no value (said in each of its two
    passes): snmptrapd's lines, in its order (a trap OID is read once the MIBs are
    loaded), and listen goes on."""
    config = (
        "authCommunity log public\nbogusToken 1\nignoreAuthFailure maybe\n"
        "traphandle 1.2.3.nosuch /bin/true\ntraphandle default\nformat bogus %v\n"
        "authCommunity foo public\ndoNotFork yes\ncreateUser u FOO password1\n"
        "createUser u SHA password1 BAR\n"
        "createUser e1 SHA short\ncreateUser e2 SHA password1 AES short\n"
        "createUser e3 SHA -l zz\ncreateUser e4 SHA -l 0102\ncreateUser e5 SHA -m zz\n"
        "createUser e6 SHA password1 AES -l zz\ncreateUser e7 SHA -m 0102\n"
        "createUser -e zz e8\nauthCommunity\ncreateUser\n"
    )
    said = []
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, ["-Lo"], config=config)["stdout"]
        lines = text.splitlines()
        kept = [line for line in lines if ": line " in line or line.startswith("Error: ")]
        said.append([line.split("snmptrapd.conf")[-1] for line in kept])
    assert said[0] == said[1] and len(said[1]) == 21


def test_c_big_reads_no_default_file_as_snmptrapd(tmp_path: Path) -> None:
    """-C: snmp.conf of SNMPCONFPATH is not read either (its quickPrinting)."""
    (tmp_path / "snmp.conf").write_text("quickPrinting yes\n")
    texts = []
    for who in ("theirs", "ours"):
        environ = {"SNMPCONFPATH": str(tmp_path)}
        text = received(tmp_path, who, ["-F", "%v\\n", "-Lf", "FILE"], environ=environ)
        texts.append("".join(line for line in text["file"].splitlines(True) if not own(line)))
    assert texts[0].split("Stopping")[0] == texts[1] and "= Timeticks: (123)" in texts[1]


def test_a_community_given_alone_is_the_only_one_accepted(tmp_path: Path) -> None:
    """--community NAME: NAME only (public no longer: the default is for no community,
    user nor authorization given)."""
    other = ["-v2c", "-c", "other", "-t", "0.2", "-r", "60"]
    sends = [("snmpinform", other, INFORM), SENDS[1], ("snmpinform", other, INFORM)]
    options = ["--community", "other", "-Lf", "FILE", "-F", "%u\\n"]
    text = received(tmp_path, "ours", options, sends=sends, config="", count=2)["file"]
    assert text == "other\nother\n"


@pytest.mark.parametrize(
    ("config", "args", "said"),
    [
        ("forward default udp:127.0.0.1:9", [], "forward: forwarding notifications"),
        ("authCommunity log public 10.0.0.0/8", [], "a source or view restriction"),
        ("authUser log u priv .1.3.6", [], "a view restriction"),
        ("format syslog %v", [], "syslog formats"),
        ("", ["-x", "/var/agentx/master"], "listen is no AgentX subagent"),
        ("", ["-c", "/nonexistent.conf"], "/nonexistent.conf: No such file or directory"),
    ],
)
def test_listen_refuses_clearly_what_it_does_not_do(
    tmp_path: Path, config: str, args: list[str], said: str
) -> None:
    """What snmptrapd does that listen does not: one line each, exit status 1, before
    listening (snmptrapd takes each)."""
    (tmp_path / "snmptrapd.conf").write_text(config + "\n")
    mine = run_anysnmp("listen", "-C", "-c", str(tmp_path / "snmptrapd.conf"), *args, "127.0.0.1:0")
    assert mine.rc == 1 and said in mine.err and "receiving on" not in mine.err


def test_a_list_of_no_address_is_refused() -> None:
    """``listen ,`` listened on nothing, serving no notification and saying nothing, until
    interrupted (snmptrapd opens its default address, port 162, for each empty one):
    refused, one line, exit status 1."""
    mine = run_anysnmp("listen", "-C", ",")
    assert (mine.rc, mine.out) == (1, "") and "no address to listen on in ','" in mine.err


@pytest.mark.parametrize(("option", "said"), [("-u", "Bad user id"), ("-g", "Bad group id")])
def test_a_user_or_group_that_does_not_exist_is_refused_as_snmptrapd(
    option: str, said: str
) -> None:
    theirs = run_netsnmp_tool("snmptrapd", "-f", "-C", option, "nosuch", "udp:127.0.0.1:1")
    mine = run_anysnmp("listen", "-C", option, "nosuch", "udp:127.0.0.1:1")
    assert theirs.rc == mine.rc == 1
    assert f"{said}: nosuch" in theirs.err + theirs.out and f"{said}: nosuch" in mine.err


def _ids(command: list[str], said: str, tmp_path: Path) -> list[str]:
    """The user, group and groups of `command` once it says `said` on its output."""
    out = tmp_path / "out"
    with out.open("w") as stream:
        proc = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=ENV)
    try:
        wait_for(out, said)
        time.sleep(0.1)  # after listening: the ids change once the sockets are open
        status = Path(f"/proc/{proc.pid}/status").read_text()
    finally:
        proc.terminate()
        proc.wait(10)
    return [line for line in status.splitlines() if line.split(":")[0] in ("Uid", "Gid", "Groups")]


def test_u_and_g_run_as_that_user_and_group_once_listening_as_snmptrapd(tmp_path: Path) -> None:
    """As root (the tests' machines): listen ends with snmptrapd's ids and groups."""
    assert os.geteuid() == 0, "root only can change its ids"
    ids = ["-u", "65534", "-g", "65534"]
    theirs = [require_tool("snmptrapd"), "-f", "-Lo", "-C", *ids]
    theirs.append(f"udp:127.0.0.1:{free_udp_port()}")
    ours = [*ANYSNMP, "listen", "-C", *ids, "127.0.0.1:0"]
    expected = _ids(theirs, "NET-SNMP version", tmp_path)
    assert _ids(ours, "receiving on", tmp_path) == expected
    assert expected[0].split()[1:] == ["65534"] * 4


def test_h_lists_directives_snmptrapd_understands_and_v_the_version() -> None:
    theirs = run_netsnmp_tool("snmptrapd", "-C", "-H")
    understood = {line.split()[0].lower() for line in theirs.err.splitlines() if line[:4] == "    "}
    mine = run_anysnmp("listen", "-H")
    head, _, snmp_conf = mine.err.partition("  In snmp.conf")
    listed = [line.split()[0] for line in head.splitlines() if line.startswith("    ")]
    assert mine.rc == theirs.rc == 0 and "authCommunity" in listed and "traphandle" in listed
    # disableAuthorization: snmptrapd reads it (and warns of it with -H: registered later)
    understood.add("disableauthorization")
    assert {name.lower() for name in listed} <= understood, "directives snmptrapd does not know"
    assert "defCommunity" in snmp_conf


@pytest.mark.parametrize("flag", ["-v", "--version"])
def test_v_prints_the_version_as_snmptrapd(flag: str) -> None:
    """On stdout, between empty lines (snmptrapd's Web and Email lines aside), status 0."""
    mine, ref = run_anysnmp("listen", flag), run_netsnmp_tool("snmptrapd", flag)
    assert (mine.rc, mine.err) == (ref.rc, ref.err) == (0, "")
    assert re.fullmatch(r"\nNET-SNMP Version:  \S+\n(?:\w+: +\S+\n)*\n", ref.out)
    assert re.fullmatch(r"\nanysnmp Version:  \S+\n\n", mine.out)


@pytest.mark.parametrize(
    ("level", "printed"),
    [
        ("", "authNoPriv authPriv"),
        ("noauth", "noAuthNoPriv authNoPriv authPriv"),
        ("auth", "authNoPriv authPriv"),
        ("priv", "authPriv"),
    ],
)
def test_a_users_traps_below_its_authuser_level_are_dropped_as_by_snmptrapd(
    tmp_path: Path, level: str, printed: str
) -> None:
    """``authUser log USER [LEVEL]`` (auth when not given): the user's traps at a lower
    security level print nothing, as snmptrapd drops them; nor do those from another
    engine than its ``createUser -e`` (informs before and after: the receivers listen,
    and have read every trap)."""
    config = TRAPD_CONFIG.replace(f" {USER.name} noauth", f" {USER.name} {level}".rstrip())
    config = config.replace("createUser ", f"createUser -e {SENDER} ")
    args = [*USER.netsnmp_args(), "-e", SENDER]
    traps = [
        ("snmptrap", [*args[:3], "-l", sent, *args[5:]], ["1", "1.3.6.1.4.1.99.0.3", *TAG, sent])
        for sent in ("noAuthNoPriv", "authNoPriv", "authPriv")
    ]
    foreign = (
        "snmptrap",
        [*args[:-2], "-e", "0x80001f8880eeeeeeee"],
        [*traps[2][2][:-1], "foreign"],
    )
    sends = [SENDS[0], *traps, foreign, LAST_INFORM]
    options = ["-Lo", "-F", "%P %v\\n"]
    theirs, ours = (  # the foreign trap is no user's: listen's --count does not count it
        received(tmp_path, who, options, sends=sends, config=config, count=5)["stdout"]
        for who in ("theirs", "ours")
    )
    theirs = theirs.split("Stopping snmptrapd")[0]
    assert ours == "".join(line for line in theirs.splitlines(True) if not own(line))
    assert re.findall(r"STRING: \"(\w+Priv)\"", ours) == printed.split()
    assert "foreign" not in ours


#: The engines v3 traps are sent from (by their names in the tags).
ENGINES = {"SENDER": SENDER, "OTHER": "0x80001f8880eeeeeeee"}
BOTH = ("authNoPriv", "authPriv")


@pytest.mark.parametrize(
    ("created", "printed", "refused", "failed"),
    [
        ([(None, "own")], [f"own inform {level}" for level in BOTH], 4, 4),
        ([("SENDER", "one")], [f"one SENDER {level}" for level in BOTH], 6, 4),
        (
            [("SENDER", "one"), ("OTHER", "two"), (None, "own")],
            [
                *(
                    f"{word} {engine} {level}"
                    for word, engine in (("one", "SENDER"), ("two", "OTHER"))
                    for level in BOTH
                ),
                *(f"own inform {level}" for level in BOTH),
            ],
            4,
            12,
        ),
    ],
)
def test_a_created_user_is_of_its_engine_only_as_in_snmptrapd(
    tmp_path: Path,
    created: list[tuple[str | None, str]],
    printed: list[str],
    refused: int,
    failed: int,
) -> None:
    """createUser without -e: a user of the receiver's engine (its informs; no trap from
    another engine); with -e ENGINEID: of that engine (its traps; an inform is an unknown
    user's); one name under several engines, each with keys of its own password. The
    user's traps from two engines and its informs, at authNoPriv and authPriv, with each
    password: printed and refused as by snmptrapd (the informs' Reports alike), a wrong
    password of the engine's user with snmptrapd's warnings (its digest, its privacy)."""
    config = "".join(
        f"createUser {f'-e {ENGINES[name]} ' if name else ''}{USER.name} {' '.join(_secrets(word))}\n"
        for name, word in created
    )
    config += f"authUser log {USER.name} noauth\nauthCommunity log public\n"
    sends = [SENDS[0]]
    for word in ("one", "two", "own"):
        for level in BOTH:
            args = ["-v3", "-u", USER.name, "-l", level, *_secrets(word, flags=True)]
            for name, engine in ENGINES.items():
                trap = ["1", INFORM[1], *TAG, f"{word} {name} {level}"]
                sends.append(("snmptrap", [*args, "-e", engine], trap))
            inform = ["2", INFORM[1], *TAG, f"{word} inform {level}"]
            sends.append(("snmpinform", [*args, "-t", "1", "-r", "0"], inform))
    args = ["-v3", "-u", USER.name, "-l", "authPriv", *_secrets("one", flags=True)[:-1], "bad-priv"]
    sends += [("snmptrap", [*args, "-e", SENDER], ["1", INFORM[1]]), LAST_INFORM]
    count = len(printed) + 2
    options = ["-Lo", "-F", "%v\n"]
    theirs, ours = (
        received(tmp_path, who, options, sends=sends, config=config, count=count, refused=True)
        for who in ("theirs", "ours")
    )
    their_text = theirs["stdout"].split("Stopping snmptrapd")[0]
    assert ours["stdout"] == "".join(line for line in their_text.splitlines(True) if not own(line))
    assert re.findall(r'STRING: "(\w+ \w+ \w+)"', ours["stdout"]) == printed
    # each wrong password of a user of the engine: snmptrapd's warning
    assert ours["stdout"].count(f"Authentication failed for {USER.name}\n") == failed
    undecrypted = ours["stdout"].count("security service 3 error parsing ScopedPDU\n")
    assert undecrypted == (created[0][0] == "SENDER")  # a wrong privacy password
    assert ours["sent"] == theirs["sent"] and ours["sent"].count("snmpinform 1 ") == refused


def _secrets(word: str, *, flags: bool = False) -> list[str]:
    """USER's protocols with passwords of `word`: as -a -A -x -X, or createUser's words."""
    auth, priv = f"{word}-auth-pass", f"{word}-priv-pass"
    words = [str(USER.auth), auth, str(USER.priv), priv]
    return [*("-a", words[0], "-A", auth, "-x", words[2], "-X", priv)] if flags else words


def test_long_options_are_snmptrapd_conf_lines_as_in_snmptrapd(tmp_path: Path) -> None:
    """snmptrapd's --TOKEN=VALUE (and --TOKEN: TOKEN 1): a snmptrapd.conf line each, read
    after the files; its problems said of no file (``(null): line 0``)."""
    options = ["-Lo", "--disableAuthorization=yes", "--format2=%s %u %v\\n", "--bogus"]
    printed = _printed_alike(tmp_path, options)
    assert printed.startswith("(null): line 0: Warning: Unknown token: bogus.\n1 nobody .1.3")


def _printed_alike(tmp_path: Path, options: list[str]) -> str:
    """What snmptrapd and our listen, each given `options`, print of an inform (the same,
    asserted; their own start and stop lines left out): ours."""
    sends = [("snmpinform", ["-v2c", "-c", "nobody", "-t", "0.2", "-r", "60"], INFORM)]
    texts = []
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, options, sends=sends, config="")["stdout"]
        text = text.split("Stopping snmptrapd")[0]
        texts.append("".join(line for line in text.splitlines(True) if not own(line)))
    assert texts[1] == texts[0]
    return texts[1]


_BAD_INTEGER = "(null): line 0: Error: Bad integer value\n"
_NO_HANDLERS = "(null): line 0: Error: No handlers regestered for type snmpd.\n"


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (
            ["--disableAuthorization=yes", "--quickPrinting", "--oidOutputFormat=4"],
            _BAD_INTEGER + "(null): line 0: Warning: Unknown token: bogus.",
        ),
        (  # [TYPE] first: snmp.conf's, snmptrapd.conf's, or none's
            ["--[snmptrapd] disableAuthorization=yes", "--[snmp] quickPrinting=yes"],
            _NO_HANDLERS + _BAD_INTEGER + _NO_HANDLERS + "(null): line 0: Warning: Unknown",
        ),
    ],
)
def test_long_options_of_snmp_conf_tokens_are_snmp_conf_lines_as_in_snmptrapd(
    tmp_path: Path, options: list[str], said: str
) -> None:
    """snmptrapd's --TOKEN=VALUE of a snmp.conf token (``--quickPrinting``,
    ``--oidOutputFormat=4``) is a snmp.conf line: it prints as that line would."""
    if "--quickPrinting" in options:
        options = [*options, "--timeout=x", "--bogus", "--format2=%v\\n"]
    else:
        options = [*options, "--[snmp]=oidOutputFormat=4", "--[snmp] timeout=x", "--[snmpd] x"]
        options += ["--[snmptrapd] bogus=1", "--[snmptrapd]=format2=%v\\n"]
    printed = _printed_alike(tmp_path, ["-Lo", *options])
    assert printed.startswith(said)
    assert '.1.3.6.1.2.1.1.5.0 "hi"' in printed


def test_a_port_alone_listens_on_every_address_as_snmptrapd(tmp_path: Path) -> None:
    """``udp:PORT`` (and ``PORT``, the same): the port of every address, as snmptrapd's
    (listen took the number for an IPv4 address, 0.0.x.y, and could not bind it)."""
    texts = []
    for who in ("theirs", "ours"):
        text = received(tmp_path, who, ["-Lf", "FILE", "-F", "%v\\n"], host=None)["file"]
        texts.append("".join(line for line in text.splitlines(True) if not own(line)))
    assert texts[0].split("Stopping")[0] == texts[1] and '"hi"' in texts[1]
