"""SNMPv3 master and localized keys (-3m -3M -3k -3K) beside Net-SNMP's snmpget.

The keys are those of the test agent's users (tests/peers.py, `cli_helpers.v3_keys`):
both tools get the same hex.
"""

from __future__ import annotations

import pytest
from cli_helpers import anysnmp, both, cli_backend, engine_id, netsnmp, v3_keys
from peers import Snmpd, V3User

pytestmark = pytest.mark.anyio

SYS_NAME = "1.3.6.1.2.1.1.5.0"
#: Auth only (SHA); SHA with AES-128, AES-256 (Blumenthal) and AES-256-C (Reeder).
NAMES = ("sha", "shaaes", "shaaes256", "shaaes256c")


def key_args(user: V3User, found: dict[str, str], master: bool) -> list[str]:
    """snmpget's flags for `user` with keys in place of -A and -X."""
    args = ["-v3", "-u", user.name, "-l", user.level, "-a", str(user.auth)]
    args += ["-3m" if master else "-3k", found["-3m" if master else "-3k"]]
    if user.priv:
        args += ["-x", user.priv, "-3M" if master else "-3K", found["-3M" if master else "-3K"]]
    return args


@pytest.mark.parametrize("name", NAMES)
async def test_master_and_localized_keys_as_snmpget(
    snmpd: Snmpd, anyio_backend: str, name: str
) -> None:
    user = snmpd.user(name)
    found = v3_keys(user, await engine_id(snmpd))
    for master in (True, False):
        ours, theirs = await both(
            "get", "snmpget", *key_args(user, found, master), snmpd.target, SYS_NAME,
            backend=anyio_backend,
        )  # fmt: skip
        assert ours == theirs
        assert ours.startswith(f".{SYS_NAME} = STRING: ")


async def test_keys_win_over_passphrases_as_in_snmpget(snmpd: Snmpd, anyio_backend: str) -> None:
    """A localized key wins over -A, -A over a master key (whatever their order); without
    -l the level follows from the keys given."""
    user = snmpd.user("shaaes")
    found = v3_keys(user, await engine_id(snmpd))
    base = ["-v3", "-u", user.name, "-a", "SHA", "-x", "AES"]
    wrong = ["-A", "wrong-passphrase", "-X", "wrong-passphrase"]
    local = ["-3k", found["-3k"], "-3K", found["-3K"]]
    master = ["-3m", found["-3m"], "-3M", found["-3M"]]
    for args, works in (
        ([*wrong, *local], True),
        ([*local, *wrong], True),
        ([*master, *wrong], False),
        ([*wrong, *master], False),
        (["-A", str(user.auth_password), "-X", str(user.priv_password), *master], True),
    ):
        rest = ["-r", "0", snmpd.target, SYS_NAME]
        ours = await anysnmp("get", "--backend", cli_backend(anyio_backend), *base, *args, *rest)
        theirs = await netsnmp("snmpget", *base, "-l", "authPriv", *args, *rest)
        assert (ours.rc == 0, theirs.rc == 0) == (works, works), (args, ours.err, theirs.err)
        assert ours.out == theirs.out
    # -l authPriv said, or inferred from the keys: the same answer.
    ours = await anysnmp("get", "--backend", cli_backend(anyio_backend), *base, *local, *rest)
    assert ours.rc == 0 and ours.out.startswith(f".{SYS_NAME} = STRING: ")


@pytest.mark.parametrize(
    ("args", "netsnmp_error", "error"),
    [
        # Not hex: snmpget's line, as it reads the option (its usage screen after it aside)
        (["-3m", "zz"], "Bad key value after -3m flag.", "Bad key value after -3m flag."),
        (["-3k", "0x1"], "Bad key value after -3k flag.", "Bad key value after -3k flag."),
        (
            ["-3m", "00" * 19],
            "",
            "Bad key value after -3m flag (or defAuthMasterKey): a master Sha1Key has 20 "
            "octets, got 19",
        ),
        (
            ["-3k", "00" * 19],
            "Authentication failure",
            "Bad key value after -3k flag (or defAuthLocalizedKey): a localized Sha1Key has 20 "
            "octets, got 19",
        ),
        (
            ["-3m", "00" * 20, "-x", "AES", "-3M", "00" * 19],
            "",
            "Bad key value after -3M flag (or defPrivMasterKey): a master privacy key is hashed "
            "with SHA: it has 20 octets, got 19",
        ),
        (
            ["-3m", "00" * 20, "-x", "AES", "-3K", "00" * 15],
            "USM encryption error",
            "Bad key value after -3K flag (or defPrivLocalizedKey): a localized Aes128Key has at "
            "least 16 octets, got 15",
        ),
    ],
)
async def test_a_bad_key_is_a_usage_error(
    snmpd: Snmpd, anyio_backend: str, args: list[str], netsnmp_error: str, error: str
) -> None:
    """Not hex or a length the protocols cannot take: one line, status 1, as snmpget fails."""
    level = "authPriv" if "-x" in args else "authNoPriv"
    flags = ["-v3", "-u", "shaaes", "-l", level, "-a", "SHA", *args, snmpd.target, SYS_NAME]
    ours = await anysnmp("get", "--backend", cli_backend(anyio_backend), *flags)
    theirs = await netsnmp("snmpget", *flags)
    said = error if error == netsnmp_error else f"anysnmp: {error}"
    assert (ours.rc, ours.out, ours.err) == (1, "", f"{said}\n")
    assert theirs.rc == 1 and netsnmp_error in theirs.err
