"""listen's answers to SNMPv3 informs it refuses, and what it logs of them, compared with
snmptrapd's: the Reports it sends (unknown engine, user, security level, time window,
wrong digest) and the one it does not (a message that does not decrypt); the protocol names
of createUser and of inform's -a and -x, read as Net-SNMP reads them."""

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


#: Users of protocols named as Net-SNMP reads them: any case, a start of a name (sha2:
#: SHA-224, a: AES), without the dash, NOPRIV (the user's privacy: none) and none.
CREATED = (
    "createUser sha2user sha2 sha2user-pass a sha2user-priv\n"
    "createUser sha1user sha1 sha1user-pass aes128\n"  # privacy: the auth passphrase
    "createUser nopriv SHA nopriv-pass NOPRIV nopriv-priv\n"
    "createUser plain\n"
    "authUser log sha2user\nauthUser log sha1user\nauthUser log nopriv\nauthUser log plain noauth\n"
)


def _user(name: str, auth: str, priv: str | None, priv_pass: str = "priv") -> list[str]:
    """-v3 flags of user `name` at authPriv (authNoPriv: no `priv`), its passphrases."""
    args = ["-v3", "-u", name, "-l", "authPriv" if priv else "authNoPriv", "-a", auth]
    args += ["-A", f"{name}-pass", *(["-x", priv, "-X", f"{name}-{priv_pass}"] if priv else [])]
    return args


def test_protocol_names_are_read_as_net_snmp_reads_them(tmp_path: Path) -> None:
    """createUser's protocols, and snmpinform's and inform's -a and -x, in Net-SNMP's
    spellings: the same users accepted (their informs printed, acknowledged), and the
    same refused (a NOPRIV user at authPriv: unsupportedSecLevel), as by snmptrapd."""
    sends = [SENDS[0], ("snmpinform", [*_user("nopriv", "s", "AES"), "-r", "0"], INFORM)]
    for tool, sha2, aes in (("snmpinform", "SHA-224", "AES"), ("inform", "sha-2", "aes-1")):
        sends += [
            (tool, _user("sha2user", sha2, "a"), INFORM),
            (tool, _user("sha1user", "sha1", aes, "pass"), INFORM),
            (tool, [*_user("nopriv", "SHA", None), "-x", "nopriv", "-X", "nopriv-priv"], INFORM),
            (tool, ["-v3", "-u", "plain", "-l", "noAuthNoPriv", "-a", "NOAUTH"], INFORM),
        ]
    texts = []
    for who in ("theirs", "ours"):
        options = ["-Lo", "-F", "%u\n"]
        config = TRAPD_CONFIG + CREATED
        text = received(tmp_path, who, options, sends=sends, config=config, count=9, refused=True)
        printed = text["stdout"].split("Stopping snmptrapd")[0].splitlines()
        texts.append((text["sent"], [line for line in printed if line.isalnum()]))
    assert texts[1] == texts[0]
    assert texts[1][1] == ["public", *["sha2user", "sha1user", "nopriv", "plain"] * 2]
    assert texts[1][0].splitlines()[1].endswith("Unsupported security level")
