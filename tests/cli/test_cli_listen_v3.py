"""listen's answers to SNMPv3 informs it refuses, and what it logs of them, compared with
snmptrapd's: the Reports it sends (unknown engine, user, security level, time window,
wrong digest) and the one it does not (a message that does not decrypt)."""

from __future__ import annotations

import re
from pathlib import Path

from listen_helpers import INFORM, SENDS, TRAPD_CONFIG, USER, received

#: A user of no privacy protocol (authPriv: unsupportedSecLevel).
AUTH_ONLY = "createUser authonly SHA authonly-pass\nauthUser log authonly\n"


def _inform(*changes: str) -> tuple[str, list[str], list[str]]:
    """An inform of USER, with `changes` (FLAG VALUE pairs) to its flags, tried once."""
    args = USER.netsnmp_args()
    for flag, value in zip(changes[::2], changes[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    return ("snmpinform", [*args, "-t", "0.3", "-r", "0"], INFORM)


def test_refused_informs_are_answered_and_logged_as_by_snmptrapd(tmp_path: Path) -> None:
    """Each inform refused: the same Report, or none (a wrong privacy key or protocol:
    snmptrapd finds no PDU in what it decrypts), so the sender says the same (its status,
    its error: a timeout for those); the same warnings, after the same messages (-d)."""
    sends = [
        SENDS[0],
        _inform("-X", "not-the-priv-pass"),
        _inform("-x", "DES"),
        _inform("-A", "not-the-auth-pass"),
        _inform("-u", "nobody"),
        _inform("-u", "authonly", "-a", "SHA", "-A", "authonly-pass"),
        _inform("-Z", "5,100"),
        _inform("-e", "0x80001f8880aabbccdd"),
        _inform(),
    ]
    texts = []
    for who in ("theirs", "ours"):
        text = received(
            tmp_path,
            who,
            ["-Lo", "-d"],
            sends=sends,
            config=TRAPD_CONFIG + AUTH_ONLY,
            count=2,
            refused=True,
        )
        said = re.findall(
            r"(?m)^(?:Received|Sending) |^security service .*|^Authentication failed .*",
            text["stdout"].split("Stopping snmptrapd")[0],
        )
        texts.append((text["sent"], said))
    assert texts[1] == texts[0]
    sent = texts[1][0].splitlines()
    assert sent[1:3] == ["snmpinform 1 snmpinform: Timeout"] * 2
    assert texts[1][1].count("security service 3 error parsing ScopedPDU") == 2
