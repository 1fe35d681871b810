"""Net-SNMP's configuration files (snmp.conf): read by the commands as by Net-SNMP's tools.

The interop tests give anysnmp and Net-SNMP's tools the same configuration
folder (``SNMPCONFPATH``) and compare what they print.
"""

from __future__ import annotations

import os
import random
import socket
from collections.abc import Callable
from pathlib import Path

import anyio
import anyio.to_thread
import forked_cli
import pytest
from cli_helpers import (
    ANYSNMP,
    ENV,
    Result,
    background,
    notification_blocks,
    read_all,
    read_engine_id,
    run,
    v3_keys,
)
from mib_helpers import require_test_mibs
from peers import Snmpd, require_tool

from anysnmp.cli._snmpconf import ClientConfig, config_files, read_config

SYS_NAME = "1.3.6.1.2.1.1.5.0"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def test_files_are_read_in_net_snmps_order() -> None:
    assert config_files({"SNMPCONFPATH": "/a:/b"}) == [
        ("/a/snmp.conf", "snmp"),
        ("/a/snmp.local.conf", "snmp"),
        ("/b/snmp.conf", "snmp"),
        ("/b/snmp.local.conf", "snmp"),
        ("/a/snmpapp.conf", "snmpapp"),
        ("/a/snmpapp.local.conf", "snmpapp"),
        ("/b/snmpapp.conf", "snmpapp"),
        ("/b/snmpapp.local.conf", "snmpapp"),
    ]
    default = [path for path, _ in config_files({"HOME": "/home/u"})]
    assert default[:2] == ["/etc/snmp/snmp.conf", "/etc/snmp/snmp.local.conf"]
    assert default[2:4] == ["/usr/share/snmp/snmp.conf", "/usr/share/snmp/snmp.local.conf"]
    assert default[6:8] == ["/home/u/.snmp/snmp.conf", "/home/u/.snmp/snmp.local.conf"]


def test_later_files_override_earlier_ones(tmp_path: Path) -> None:
    _write(tmp_path / "a", "snmp.conf", "defVersion 1\ndefCommunity first\nretries 2\n")
    _write(tmp_path / "a", "snmp.local.conf", "  # a comment\ndefCommunity second\n")
    _write(tmp_path / "b", "snmp.conf", 'DEFCOMMUNITY "third one" ignored\nnoSuchToken 1\n')
    _write(
        tmp_path / "a",
        "snmpapp.conf",
        "defContext not-snmp\n[snmp] defVersion 3\n[snmp]\ntimeout 4\n[snmpd]\nretries 9\n",
    )
    config, problems = read_config({"SNMPCONFPATH": f"{tmp_path}/a:{tmp_path}/b"})
    # snmpapp.conf's own lines are of the snmpapp type; after an unknown [snmpd], the
    # lines stay of the type they had (snmp): retries 9 counts, as for Net-SNMP. Its two
    # passes (before and after the MIBs) each say the [snmpd] and count it; the second
    # warns of the tokens it does not know (snmpget's words and order, checked by hand).
    handlers = f"{tmp_path}/a/snmpapp.conf: line 5: Error: No handlers regestered for type snmpd."
    counted = "net-snmp: 1 error(s) in config file(s)"
    assert problems == [
        handlers,
        counted,
        f"{tmp_path}/b/snmp.conf: line 2: Warning: Unknown token: noSuchToken.",
        f"{tmp_path}/a/snmpapp.conf: line 1: Warning: Unknown token: defContext.",
        handlers,
        counted,
    ]
    assert config == ClientConfig(version="3", community="third one", retries=9, timeout=4)


def test_def_passphrase_stands_for_the_passphrases_not_given(tmp_path: Path) -> None:
    _write(tmp_path, "snmp.conf", "defPassphrase both\ndefPrivPassphrase priv\n")
    config, _ = read_config({"SNMPCONFPATH": str(tmp_path)})
    assert (config.auth_pass, config.priv_pass) == ("both", "priv")


def test_mibs_and_mibdirs_add_to_the_earlier_files(tmp_path: Path) -> None:
    _write(tmp_path / "a", "snmp.conf", "mibs :\nmibdirs /x\n")
    _write(tmp_path / "b", "snmp.conf", "mibs +ALL\nmibdirs -/y\n")
    config, _ = read_config({"SNMPCONFPATH": f"{tmp_path}/a:{tmp_path}/b"})
    assert (config.mibs, config.mibdirs) == ("::ALL", "/y:/x")


def test_a_bad_value_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "snmp.conf",
        "defVersion 1\ndefVersion 7\ntimeout 1.5\ndefAuthType FOO\ndefPrivType BAR\n"
        "defSecurityLevel high\ndefSecurityLevel ap\n",
    )
    config, problems = read_config({"SNMPCONFPATH": str(tmp_path)})
    assert problems == [
        f"{path}: line 2: Error: Unknown version specification",
        f"{path}: line 3: Error: Bad integer value",
        f"{path}: line 4: Error: Unknown authentication type",
        f"{path}: line 5: Error: Unknown privacy type",
        f"{path}: line 6: Error: Unknown security level: high",
        "net-snmp: 5 error(s) in config file(s)",  # Net-SNMP's count of the pass's errors
    ]
    assert config == ClientConfig(version="1", level="authPriv")


def _run(
    command: list[str], path: str, unset: tuple[str, ...] = (), more: dict[str, str] | None = None
) -> Result:
    """`command` with the configuration path `path` (and without the variables `unset`, with
    the variables `more`)."""
    environ = {**ENV, "SNMPCONFPATH": path, "HOME": path}
    for name in unset:
        del environ[name]
    return run(command, {**environ, **(more or {})})


def _both(
    path: Path | str, ours: str, theirs: str, *args: str, unset: tuple[str, ...] = ()
) -> tuple[Result, Result]:
    """Our command (under its default backend) and Net-SNMP's tool with the configuration
    path `path`."""
    mine = _run([*ANYSNMP, ours, *args], str(path), unset)
    ref = _run([require_tool(theirs), *args], str(path), unset)
    return mine, ref


def _both_time_out(ours: Result, theirs: Result) -> None:
    assert ours.rc == theirs.rc == 1
    assert "Timeout" in ours.err and "Timeout" in theirs.err


def test_v2c_settings_come_from_the_file(snmpd: Snmpd, tmp_path: Path) -> None:
    """defVersion, defCommunity and defaultPort stand for -v, -c and the agent's port."""
    _write(
        tmp_path,
        "snmp.conf",
        f"defVersion 1\ndefCommunity {snmpd.community}\ndefaultPort {snmpd.port}\n"
        "timeout 2\nretries 1\n",
    )
    _write(tmp_path, "snmp.local.conf", "defVersion 2c\n")
    ours, theirs = _both(tmp_path, "get", "snmpget", "-On", "127.0.0.1", SYS_NAME)
    assert (ours.rc, ours.err) == (0, "")
    assert ours.out == theirs.out
    assert ours.out.startswith(f".{SYS_NAME} = STRING: ")
    # The command line wins: a community the agent does not know times out in both.
    ours, theirs = _both(
        tmp_path,
        "get",
        "snmpget",
        "-On",
        "-c",
        "nope",
        "-t",
        "0.2",
        "-r",
        "0",
        "127.0.0.1",
        SYS_NAME,
    )
    _both_time_out(ours, theirs)


def test_v3_settings_come_from_the_file(snmpd: Snmpd, tmp_path: Path) -> None:
    user = next(u for u in snmpd.users if u.priv == "AES" and u.auth == "SHA")
    _write(
        tmp_path,
        "snmp.conf",
        f"defVersion 3\ndefSecurityName {user.name}\ndefSecurityLevel authPriv\n"
        f"defAuthType {user.auth}\ndefAuthPassphrase {user.auth_password}\n"
        f"defPrivType {user.priv}\ndefPrivPassphrase {user.priv_password}\nretries 1\n",
    )
    address = f"{snmpd.host}:{snmpd.port}"
    for command, tool in (("get", "snmpget"), ("walk", "snmpwalk")):
        oid = SYS_NAME if command == "get" else "1.3.6.1.2.1.1.9.1.2"
        # A community the agent does not know: only v3 gets an answer.
        args = ["-On", "-c", "nope", address, oid]
        ours, theirs = _both(tmp_path, command, tool, *args)
        assert (ours.rc, ours.err) == (0, "")
        assert ours.out == theirs.out and ours.out.count("\n") >= 1


def test_key_directives_as_snmpget_takes_them(snmpd: Snmpd, tmp_path: Path) -> None:
    """defAuthMasterKey... stand for -3m...; in the files a master key wins over a passphrase,
    a passphrase over a localized key, and the command line's -A over them all."""
    user = snmpd.user("shaaes")
    keys = v3_keys(user, read_engine_id(snmpd))
    common = (
        f"defVersion 3\ndefSecurityName {user.name}\ndefSecurityLevel authPriv\n"
        "defAuthType SHA\ndefPrivType AES\nretries 0\n"
    )
    wrong = "defAuthPassphrase wrong-passphrase\ndefPrivPassphrase wrong-passphrase\n"
    masters = f"defAuthMasterKey {keys['-3m']}\ndefPrivMasterKey {keys['-3M']}\n"
    localized = f"defAuthLocalizedKey {keys['-3k']}\ndefPrivLocalizedKey {keys['-3K']}\n"
    address = f"{snmpd.host}:{snmpd.port}"
    for settings, args, works in (
        (masters, [], True),
        (localized, [], True),
        (wrong + masters, [], True),
        (localized + wrong, [], False),
        (masters, ["-A", "wrong-passphrase"], False),
        (wrong, ["-3k", keys["-3k"], "-3K", keys["-3K"]], True),
    ):
        _write(tmp_path, "snmp.conf", common + settings)
        ours, theirs = _both(tmp_path, "get", "snmpget", "-On", *args, address, SYS_NAME)
        assert (ours.rc == 0, theirs.rc == 0) == (works, works), (settings, ours.err, theirs.err)
        assert ours.out == theirs.out


def test_host_files_are_read_last_for_a_bare_host_name(tmp_path: Path) -> None:
    """hosts/HOST.conf then hosts/HOST.local.conf in each folder, after the other files;
    ``transport`` only there; not for an address with a port or a transport, nor with
    dontLoadHostConfig."""
    a, b = tmp_path / "a", tmp_path / "b"
    _write(a, "snmp.conf", "defCommunity general\ntransport ignored:1\nretries 1\n")
    _write(a / "hosts", "r1.conf", "defCommunity a-host\ntransport udp:192.0.2.1:1161\n")
    _write(a / "hosts", "r1.local.conf", "timeout 7\nretries x\n")
    _write(b / "hosts", "r1.conf", "defCommunity b-host\n[snmpapp]\ndefContext no\n")
    _write(b / "hosts", "r1:161.conf", "defCommunity port\n")
    environ = {"SNMPCONFPATH": f"{a}:{b}"}
    assert config_files(environ, "r1") == [
        (f"{a}/hosts/r1.conf", "snmp"),
        (f"{a}/hosts/r1.local.conf", "snmp"),
        (f"{b}/hosts/r1.conf", "snmp"),
        (f"{b}/hosts/r1.local.conf", "snmp"),
    ]
    config, problems = read_config(environ, "r1")
    assert problems == [
        f"{a}/snmp.conf: line 2: Warning: Unknown token: transport.",  # a host file's alone
        f"{a}/hosts/r1.local.conf: line 2: Error: Bad integer value",
        f"{b}/hosts/r1.conf: line 3: Warning: Unknown token: defContext.",  # an [snmpapp] line
    ]
    assert config == ClientConfig(
        community="b-host", transport="udp:192.0.2.1:1161", timeout=7, retries=1
    )
    for host in (None, "r1:161", "udp:r1", "R1"):
        assert read_config(environ, host)[0] == ClientConfig(community="general", retries=1)
    _write(b, "snmp.conf", "dontLoadHostConfig yes\n")
    assert read_config(environ, "r1")[0] == ClientConfig(
        community="general", retries=1, no_host_files=True
    )


def test_a_host_file_gives_one_host_its_address_and_community(snmpd: Snmpd, tmp_path: Path) -> None:
    """As snmpget: a host file's transport, defaultPort and defCommunity apply to that host
    only, the command line still wins, and its defVersion is not used (snmpget settles
    the version before it reads host files)."""
    _write(tmp_path, "snmp.conf", "defVersion 2c\ndefCommunity nope\ntimeout 1\nretries 0\n")
    _write(
        tmp_path / "hosts",
        "agent1.conf",
        f"transport udp:{snmpd.host}:{snmpd.port}\ndefVersion 1\ndefCommunity {snmpd.community}\n",
    )
    _write(
        tmp_path / "hosts",
        f"{snmpd.host}.conf",
        f"defaultPort {snmpd.port}\ndefCommunity {snmpd.community}\n",
    )
    missing = "1.3.6.1.2.1.1.99.0"  # v2c: noSuchObject; v1 would answer noSuchName
    for args in (["agent1", SYS_NAME, missing], [snmpd.host, SYS_NAME]):
        ours, theirs = _both(tmp_path, "get", "snmpget", "-On", *args)
        assert (ours.rc, ours.err) == (0, "")
        assert ours.out == theirs.out
        assert ours.out.startswith(f".{SYS_NAME} = STRING: ")
        if args[0] == "agent1":
            assert "No Such Object" in ours.out  # v2c, not the host file's v1
    for args in (["-c", "nope", "agent1"], [f"{snmpd.host}:{snmpd.port}"]):
        ours, theirs = _both(tmp_path, "get", "snmpget", "-On", *args, SYS_NAME)
        _both_time_out(ours, theirs)


def test_a_host_file_gives_one_host_its_v3_user(snmpd: Snmpd, tmp_path: Path) -> None:
    """defSecurityName, its level, protocols, passphrase and key in hosts/HOST.conf and
    hosts/HOST.local.conf: v3 to that host, as snmpget; no user for another host."""
    user = snmpd.user("shaaes")
    keys = v3_keys(user, read_engine_id(snmpd))
    _write(tmp_path, "snmp.conf", f"defCommunity {snmpd.community}\ntimeout 1\nretries 0\n")
    _write(
        tmp_path / "hosts",
        "agent2.conf",
        f"transport {snmpd.host}:{snmpd.port}\ndefSecurityName {user.name}\n"
        f"defSecurityLevel authPriv\ndefAuthType SHA\ndefPrivType AES\n"
        f"defAuthPassphrase {user.auth_password}\n",
    )
    _write(tmp_path / "hosts", "agent2.local.conf", f"defPrivMasterKey {keys['-3M']}\n")
    ours, theirs = _both(tmp_path, "get", "snmpget", "-On", "agent2", SYS_NAME)
    assert (ours.rc, ours.err) == (0, "")
    assert ours.out == theirs.out and ours.out.startswith(f".{SYS_NAME} = STRING: ")
    # Another host: no user (snmpget: "No securityName specified").
    ours, theirs = _both(tmp_path, "get", "snmpget", "-v3", f"{snmpd.host}:{snmpd.port}", SYS_NAME)
    assert ours.rc == theirs.rc == 1
    assert ours.err == "anysnmp: SNMPv3 needs a user name (-u NAME)\n"


def test_a_passphrase_option_takes_its_protocol_from_the_other_files_not_the_host_files(
    snmpd: Snmpd, tmp_path: Path
) -> None:
    """-A (-X) without -a (-x): snmpget settles the protocol with the passphrase's key,
    before it reads the host file, whose defAuthType (defPrivType) then does not count."""
    user = snmpd.user("shaaes")
    _write(tmp_path, "snmp.conf", "defAuthType SHA\ndefPrivType AES\ntimeout 1\nretries 0\n")
    host = f"transport {snmpd.host}:{snmpd.port}\ndefSecurityName {user.name}\n"
    _write(tmp_path / "hosts", "agent3.conf", f"{host}defAuthType MD5\ndefPrivType DES\n")
    secrets = ["-A", str(user.auth_password), "-X", str(user.priv_password)]
    args = ["-On", "-v3", "-l", "authPriv", *secrets, "agent3", SYS_NAME]
    ours, theirs = _both(tmp_path, "get", "snmpget", *args)
    assert (ours.rc, ours.err) == (0, "")
    assert ours.out == theirs.out and ours.out.startswith(f".{SYS_NAME} = STRING: ")
    # With no protocol in the other files, snmpget takes MD5 (the user's is SHA: it fails);
    # anysnmp asks for -a, as it does with no files at all.
    _write(tmp_path, "snmp.conf", "timeout 1\nretries 0\n")
    _write(tmp_path / "hosts", "agent3.conf", f"{host}defAuthType SHA\n")
    args = ["-On", "-v3", "-l", "authNoPriv", "-A", str(user.auth_password), "agent3", SYS_NAME]
    ours, theirs = _both(tmp_path, "get", "snmpget", *args)
    assert ours.rc == theirs.rc == 1
    assert "Authentication failure" in theirs.err
    assert ours.err == (
        "anysnmp: authNoPriv needs an auth protocol and passphrase (-a PROTOCOL -A PASSPHRASE)\n"
    )


def test_snmpapp_lines_and_other_types_are_reported_as_snmpget_reports_them(
    snmpd: Snmpd, tmp_path: Path
) -> None:
    """An [snmpapp] line with a token snmpget does not know for that type is warned of (and
    not used); an unknown [TYPE] is an error, and the lines after it keep their type."""
    general = _write(
        tmp_path,
        "snmp.conf",
        "defCommunity wrong\ntimeout 1\nretries 0\ndefVersion 2c\n"
        "[snmpapp]\nengineBoots 3\nprintNumericOids yes\n[snmp]\n[snmpd] retries 5\n",
    )
    host = _write(
        tmp_path / "hosts",
        "agent4.conf",
        f"transport {snmpd.host}:{snmpd.port}\n[snmpapp]\ndefCommunity {snmpd.community}\n"
        f"[snmp]\n[snmpd]\ndefCommunity {snmpd.community}\n[snmpapp] retries 9\n",
    )
    ours, theirs = _both(tmp_path, "get", "snmpget", "-On", "agent4", SYS_NAME)
    assert ours.rc == theirs.rc == 0
    assert ours.out == theirs.out and ours.out.startswith(f".{SYS_NAME} = STRING: ")
    handlers = f"{general}: line 9: Error: No handlers regestered for type snmpd."
    assert ours.err == theirs.err
    assert ours.err.splitlines() == [
        handlers,  # Net-SNMP's pass before the MIBs, then its count
        "net-snmp: 1 error(s) in config file(s)",
        f"{general}: line 7: Warning: Unknown token: printNumericOids.",  # the pass after
        handlers,
        "net-snmp: 1 error(s) in config file(s)",
        f"{host}: line 3: Warning: Unknown token: defCommunity.",  # the host's, read once
        f"{host}: line 5: Error: No handlers regestered for type snmpd.",
        f"{host}: line 7: Warning: Unknown token: retries.",
    ]


def test_no_token_warnings_drops_the_warnings_as_net_snmp_drops_them(tmp_path: Path) -> None:
    """In the files read first, wherever it stands; in host files, from its line on."""
    _write(tmp_path, "snmp.conf", "[snmpapp]\nfoo 1\n[snmp]\nnoTokenWarnings yes\n")
    assert read_config({"SNMPCONFPATH": str(tmp_path)}) == (ClientConfig(), [])
    _write(tmp_path, "snmp.conf", "")
    host = _write(tmp_path / "hosts", "h.conf", "[snmpapp] a 1\nnoTokenWarnings 1\n[snmpapp] b 1\n")
    _, problems = read_config({"SNMPCONFPATH": str(tmp_path)}, "h")
    assert problems == [f"{host}: line 1: Warning: Unknown token: a."]


@pytest.mark.anyio
async def test_a_host_file_gives_trap_and_inform_their_receiver(
    anyio_backend: str, tmp_path: Path
) -> None:
    """snmptrap and snmpinform read the receiver's host file (transport, defCommunity), and
    so do trap and inform."""
    _write(tmp_path, "snmp.conf", "defVersion 2c\ndefCommunity nope\n")
    sends = [(tool, ["sink", "31337", "1.3.6.1.6.3.1.1.5.3"]) for tool in ("trap", "inform")]
    sends += [(f"snmp{command}", args) for command, args in sends]

    def host_file(address: str) -> None:
        _write(tmp_path / "hosts", "sink.conf", f"transport udp:{address}\ndefCommunity public\n")

    await _received_alike(anyio_backend, tmp_path, sends, host_file)


async def _received_alike(
    anyio_backend: str,
    tmp_path: Path,
    sends: list[tuple[str, list[str]]],
    prepare: Callable[[str], None] = lambda address: None,
) -> None:
    """Runs each (command, args) of `sends` in `tmp_path` (``{address}`` in args: the
    receiver's, also given to `prepare` first), one `listen` receiving: each arrives, in
    order, as a v2c notification of community public, all with the same varbinds."""
    listen = ["listen", "--backend", anyio_backend, "--community", "public", "--count", "4"]
    async with background(*listen, "127.0.0.1:0", deadline=60) as (proc, address):
        prepare(address)
        for command, args in sends:
            ours = [*ANYSNMP, command, "--backend", anyio_backend]
            tool = [require_tool(command)] if command.startswith("snmp") else ours
            given = [arg.format(address=address) for arg in args]
            done = await anyio.to_thread.run_sync(_run, [*tool, *given], str(tmp_path))
            assert (done.rc, done.err) == (0, ""), command
        received = notification_blocks(await read_all(proc))
    assert [block[0] for block in received] == [
        f"{'INFORM' if command.endswith('inform') else 'TRAP'} v2c community public"
        for command, _ in sends
    ]
    assert all(block[1:] == received[0][1:] for block in received)


@pytest.mark.parametrize(
    ("system", "user"),
    [
        ("mibs :\n", "mibs +ALL\n"),
        ("", "mibs +\n"),  # the default list and nothing more: loaded, as MIBS=+
    ],
)
def test_mibs_come_from_the_file_unless_the_environment_says(
    snmpd: Snmpd, tmp_path: Path, system: str, user: str
) -> None:
    """Debian's ``mibs :`` then a user's ``mibs +ALL``: every module, as snmpget loads them."""
    _write(tmp_path / "etc", "snmp.conf", system)
    _write(
        tmp_path / "home",
        "snmp.conf",
        f"{user}mibdirs {require_test_mibs()}\ndefVersion 2c\ndefCommunity {snmpd.community}\n",
    )
    path = f"{tmp_path / 'etc'}:{tmp_path / 'home'}"
    address = f"{snmpd.host}:{snmpd.port}"
    ours, theirs = _both(
        path,
        "get",
        "snmpget",
        address,
        "sysName.0",
        "IF-MIB::ifType.1",
        unset=("MIBS", "MIBDIRS"),
    )
    assert ours.rc == theirs.rc == 0, ours.err  # (the test MIB set's warnings on stderr)
    assert ours.out == theirs.out
    assert ours.out.startswith("SNMPv2-MIB::sysName.0 = STRING: ")
    # MIBS (even empty) overrides the files: no MIBs, numeric output.
    ours = _run(
        [*ANYSNMP, "get", address, SYS_NAME],
        path,
        unset=("MIBDIRS",),
    )
    assert ours.out.startswith(f".{SYS_NAME} = STRING: ")


@pytest.mark.parametrize(
    "args",
    [
        (".1.3.6.1.2.1.2.2.1.2.1",),
        ("-Os", ".1.3.6.1.2.1.2.2.1.2.1"),
        ("-Tp", "-OS", ".1.3.6.1.2.1.11"),
        ("-On", "IF-MIB::ifDescr.1"),
        ("IF-MIB::ifDescr.1",),
        ("-m", "IF-MIB", ".1.3.6.1.2.1.2.2.1.2.1"),
    ],
)
def test_debians_empty_mibs_line_loads_no_module_even_with_mib_dirs(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``mibs :`` (Debian's /etc/snmp/snmp.conf) loads none, with -M and for translate too,
    as snmptranslate: numeric output (``iso.3...``), ``MODULE::name`` loading its module,
    and none of the default list's warnings (it used to load that list and warn of it)."""
    _write(tmp_path, "snmp.conf", "mibs :\n")
    mine = _run(
        [*ANYSNMP, "translate", "-M", str(require_test_mibs()), *args],
        str(tmp_path),
        unset=("MIBS", "MIBDIRS"),
    )
    ref = _run(
        [require_tool("snmptranslate"), "-M", str(require_test_mibs()), *args],
        str(tmp_path),
        unset=("MIBS", "MIBDIRS"),
    )
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (0, ref.out)
    assert mine.err == ""


@pytest.mark.parametrize(
    "args",
    [
        ("walk", "snmpwalk", ".1.3.6.1.2.1.1.9.1.2"),
        ("get", "snmpget", "-Of", f".{SYS_NAME}"),
        ("get", "snmpget", "IF-MIB::ifDescr.1", ".1.3.6.1.2.1.2.2.1.3.1"),  # a module loaded
        ("table", "snmptable", "-Cf", "|", "SNMPv2-MIB::sysORTable"),
    ],
)
def test_debians_empty_mibs_line_prints_as_net_snmps_tools(
    snmpd: Snmpd, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A Debian host's first command: ``mibs :`` in /etc/snmp/snmp.conf. snmpwalk prints
    ``iso.3.6.1.2.1.1.1.0 = STRING: ...`` (its tree of no module); ours printed the -On form."""
    _write(tmp_path, "snmp.conf", f"mibs :\nmibdirs {require_test_mibs()}\n")
    ours, theirs, *rest = args
    target = ("-v2c", "-c", snmpd.community, snmpd.target)
    mine, ref = _both(tmp_path, ours, theirs, *target, *rest, unset=("MIBS", "MIBDIRS"))
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.out.startswith(("iso.3.6.1.2.1.", ".iso.3.6.1.2.1.", "IF-MIB::", "SNMP table"))


@pytest.mark.parametrize("named_by", ["MIBDIRS", "mibdirs", "~/.snmp/mibs"])
def test_mib_folders_named_alone_load_the_default_list_as_for_snmpget(
    snmpd: Snmpd, tmp_path: Path, named_by: str
) -> None:
    """No ``-m``, ``-M``, ``MIBS`` nor ``mibs`` line, but MIB folders named by ``MIBDIRS``,
    a ``mibdirs`` line or the user's own ``~/.snmp/mibs``: Net-SNMP's default list loads
    from them and snmpget prints names (ours printed the -On form)."""
    folders = require_test_mibs()
    _write(tmp_path, "snmp.conf", f"mibdirs {folders}\n" if named_by == "mibdirs" else "")
    unset: tuple[str, ...] = ("MIBS", "MIBDIRS")
    if named_by == "~/.snmp/mibs":  # HOME is the configuration folder (`_run`)
        (tmp_path / ".snmp" / "mibs").mkdir(parents=True)
        for module in ("SNMPv2-SMI", "SNMPv2-TC", "SNMPv2-CONF", "SNMPv2-MIB"):
            found = (
                file for folder in folders.split(":") for file in Path(folder).glob(module + ".*")
            )
            (tmp_path / ".snmp" / "mibs" / f"{module}.txt").write_bytes(next(found).read_bytes())
    elif named_by == "MIBDIRS":
        unset = ("MIBS",)
    target = ("-v2c", "-c", snmpd.community, snmpd.target, "sysName.0", "1.3.6.1.2.1.2.2.1.3.1")
    environ = {"MIBDIRS": folders} if named_by == "MIBDIRS" else {}
    mine = _run([*ANYSNMP, "get", *target], str(tmp_path), unset, environ)
    ref = _run([require_tool("snmpget"), *target], str(tmp_path), unset, environ)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert mine.out.startswith("SNMPv2-MIB::sysName.0 = STRING: ")


@pytest.mark.parametrize("args", [("-M", "/nonexistent", ".1"), ("-m", "NO-SUCH-MIB", ".1")])
def test_the_default_module_list_and_search_path_are_net_snmps(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """No ``MIBS``, ``MIBDIRS`` nor ``mibs`` line: the modules a stock snmptranslate looks
    for, in its order (ours lacked MTA-MIB, NETWORK-SERVICES-MIB, UCD-DISKIO-MIB and
    LM-SENSORS-MIB, and read UCD-SNMP-MIB earlier), and its search path (ours added the
    /usr/share/mibs folders, which Debian 12's Net-SNMP does not read)."""
    mine, ref = _both(tmp_path, "translate", "snmptranslate", *args, unset=("MIBS", "MIBDIRS"))
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.err.count("Cannot find module") == (34 if args[0] == "-M" else 1)


def test_bad_values_are_reported_as_snmpget_reports_them(snmpd: Snmpd, tmp_path: Path) -> None:
    path = _write(
        tmp_path, "snmp.conf", f"defCommunity {snmpd.community}\ndefVersion 7\nretries x\n"
    )
    address = f"{snmpd.host}:{snmpd.port}"
    ours, theirs = _both(tmp_path, "get", "snmpget", "-On", "-v2c", address, SYS_NAME)
    assert ours.rc == theirs.rc == 0
    assert ours.out == theirs.out
    assert ours.err == theirs.err
    assert ours.err.splitlines() == [
        f"{path}: line 2: Error: Unknown version specification",
        f"{path}: line 3: Error: Bad integer value",
        "net-snmp: 2 error(s) in config file(s)",
    ]


def test_mibdirs_of_a_later_file_add_to_the_earlier_ones(tmp_path: Path) -> None:
    """``mibdirs +DIR`` adds to the folders an earlier file gave, as snmptranslate takes it."""
    _write(tmp_path / "a", "snmp.conf", f"mibdirs {require_test_mibs()}\n")
    _write(tmp_path / "b", "snmp.conf", "mibdirs +/nonexistent\nmibs SNMPv2-MIB\n")
    path = f"{tmp_path / 'a'}:{tmp_path / 'b'}"
    unset = ("MIBS", "MIBDIRS")
    ours = _run([*ANYSNMP, "translate", "-On", "SNMPv2-MIB::sysName.0"], path, unset)
    theirs = _run([require_tool("snmptranslate"), "-On", "SNMPv2-MIB::sysName.0"], path, unset)
    assert ours.out == theirs.out == ".1.3.6.1.2.1.1.5.0\n"


def test_included_files_are_read_where_they_are_included(tmp_path: Path) -> None:
    """includeFile (relative to the including file) and includeDir (its .conf files), as
    Net-SNMP reads them."""
    _write(
        tmp_path,
        "snmp.conf",
        f"defVersion 1\nincludeFile sub.conf\ndefCommunity main\nincludeDir {tmp_path}/d\n",
    )
    sub = _write(tmp_path, "sub.conf", "defVersion 7\ndefCommunity sub\n")
    _write(tmp_path / "d", "b.conf", "[snmp] retries 4\n")
    _write(tmp_path / "d", "a.conf", "timeout 2\n")
    _write(tmp_path / "d", "c.txt", "timeout 9\n")
    config, problems = read_config({"SNMPCONFPATH": str(tmp_path)})
    assert problems == [
        f"{sub}: line 1: Error: Unknown version specification",
        "net-snmp: 1 error(s) in config file(s)",
    ]
    assert config == ClientConfig(version="1", community="main", retries=4, timeout=2)


#: Files that include themselves or others past Net-SNMP's bounds: name -> text ("{d}": their
#: folder).
_INCLUDE_LOOPS = {
    "itself": {"snmp.conf": "includeFile snmp.conf\ndefVersion 7\nbogus 1\n"},
    # "d/./snmp.conf", "d/././snmp.conf"...: a RecursionError (each a new name)
    "itself by a longer name": {"snmp.conf": "includeFile ./snmp.conf\nbogus 1\n"},
    "each other": {
        "snmp.conf": "defVersion 1\nincludeFile sub.conf\ndefCommunity main\n",
        "sub.conf": "defVersion 7\nincludeFile snmp.conf\n",
    },
    "its own folder": {"snmp.conf": "includeDir {d}/\nzz 1\n", "a.conf": "yy 1\n"},
    "a chain deeper than 16": {
        "snmp.conf": "includeFile f0.conf\n",
        **{f"f{at}.conf": f"w{at} 1\nincludeFile f{at + 1}.conf\n" for at in range(20)},
    },
    # 2^17 reads without the count of files
    "twice each, 17 deep": {
        "snmp.conf": "includeFile a.conf\nincludeFile a.conf\n",
        "a.conf": "includeFile snmp.conf\nincludeFile snmp.conf\nretries 2\n",
    },
    "nothing there": {
        "snmp.conf": "includeFile none.conf\nincludeDir {d}/none\nincludeFile {d}/d\n",
        "d/x.conf": "retries 3\n",
    },
}


@pytest.mark.parametrize("files", _INCLUDE_LOOPS.values(), ids=_INCLUDE_LOOPS)
def test_includes_looping_or_deep_are_read_as_snmpget_reads_them(
    snmpd: Snmpd, tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        _write(tmp_path / os.path.dirname(name), os.path.basename(name), text.format(d=tmp_path))
    address = f"{snmpd.host}:{snmpd.port}"
    ours, theirs = _both(
        tmp_path, "get", "snmpget", "-On", "-v2c", "-c", snmpd.community, address, SYS_NAME
    )
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert ours.out.startswith(f".{SYS_NAME} = ")


#: Lines as Net-SNMP's read_config reads them (fgets, copy_nword, skip_white): name -> bytes.
_ODD_LINES = {
    # A NUL: the rest of its line lost, the line running on into the next (one line less).
    "a NUL": b"defVersion 7\0 lost\nbogus 1\ntimeout x\n",
    # Line breaks of Python's, white space of Python's but not C's: \r \v \f \x1c \x85.
    "breaks": b"a\rb 1\nc\x1cd 1\ne\x0bf\x0cg 1\nh\xc2\x85i 1\ndefCommunity x\r\n",
    "words": (
        b'"quoted token" 1\nback\\ slash 1\nend\\\x0b\n\\#x 1\n'
        b"defCommunity # no value\ndefVersion\t#x\n" + b"t" * 1100 + b" 1\n"
    ),
    "include": (
        b"include\ninclude x\n[snmp] includeFile\n[snmpapp]\tincludeDir\n"
        b"[snmp\n[x]\n[snmp]\nincludeFile " + b"n" * 300 + b"/" + b"n" * 300 + b"\x0b\n"
    ),
    "binary": random.Random(5).randbytes(200_000),
}


@pytest.mark.parametrize("data", _ODD_LINES.values(), ids=_ODD_LINES)
def test_odd_lines_and_binary_files_are_read_as_snmpget_reads_them(
    snmpd: Snmpd, tmp_path: Path, data: bytes
) -> None:
    """Each ended by a newline only, a NUL losing the rest of what fgets read, words split
    at C's white space, a token as copy_nword reads it (quotes, backslashes, 1023 octets),
    a '#' after it no value, 'include' Net-SNMP's ambiguous token, a file of a name too long
    perror's line: Python's splitlines and split read them otherwise."""
    (tmp_path / "snmp.conf").write_bytes(data)
    args = ["-On", "-v2c", "-c", snmpd.community, f"{snmpd.host}:{snmpd.port}", SYS_NAME]
    environ = {**ENV, "SNMPCONFPATH": str(tmp_path), "HOME": str(tmp_path)}
    ours, theirs = (  # their bytes: a binary file's words are no UTF-8
        forked_cli.run(command, env=environ, capture_output=True, timeout=120, check=False)
        for command in ([*ANYSNMP, "get", *args], [require_tool("snmpget"), *args])
    )
    assert (ours.returncode, ours.stdout) == (theirs.returncode, theirs.stdout)
    assert ours.stderr == theirs.stderr
    assert ours.stdout.startswith(f".{SYS_NAME} = ".encode()) and theirs.stderr


@pytest.mark.parametrize(
    "text",
    [
        "defVerison 2c\n",  # a token Net-SNMP does not know: warned of after the MIBs
        "bogus\ndefCommunity\n",  # no value: an error in each pass, each counted
        "foo 1\nnoTokenWarnings yes\n",  # no warning, wherever it stands
        "showMibErrors x\nmibWarningLevel x\ndefVersion 9\nzz 1\n[snmpd] x 1\n",
        "16bitIDs no\nnoRangeCheck no\ndumpPacket no\n[snmpapp] engineBoots 3\n",  # known: quiet
        "includeFile\nincludeDir\n",  # no file named: an error of the second pass only
    ],
    ids=["unknown", "blank", "no-warnings", "both-passes", "known", "include-blank"],
)
def test_the_files_problems_are_said_as_snmpget_says_them(
    snmpd: Snmpd, tmp_path: Path, text: str
) -> None:
    """Net-SNMP reads the files twice: before its MIBs load (their tokens) and after (the
    others, and warnings of tokens it does not know); each pass counts its errors. The MIB
    messages (here of a module not found) come between the two."""
    _write(tmp_path, "snmp.conf", text)
    address = f"{snmpd.host}:{snmpd.port}"
    ours, theirs = _both(
        tmp_path, "get", "snmpget", "-m", "NOSUCH-MIB", "-On", "-v2c", "-c", snmpd.community,
        address, SYS_NAME,
    )  # fmt: skip
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out) == (0, theirs.out)
    assert ours.err == theirs.err
    assert "Cannot find module (NOSUCH-MIB)" in ours.err


#: The objects the output directives are checked on: stable values of each kind they change.
_PRINTED = ("sysORLastChange.0", "ifType.1", "sysObjectID.0", "memTotalReal.0", "snmpEngineID.0")


@pytest.mark.parametrize(
    ("text", "letters", "expected"),
    [
        ("quickPrinting yes", (), "IF-MIB::ifType.1 softwareLoopback\n"),
        ("quickPrinting yes", ("-Oq",), "IF-MIB::ifType.1 softwareLoopback\n"),  # no toggle
        ("quickPrinting yes", ("-OQ",), "IF-MIB::ifType.1 = softwareLoopback\n"),
        ("quickPrinting yes", ("-OQ", "-OQ"), "IF-MIB::ifType.1 = softwareLoopback\n"),
        ("quickPrinting no", ("-Oq",), "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)\n"),
        ("quickPrinting no", ("-OQ",), "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)\n"),
        ("printNumericEnums yes", ("-Oe",), "IF-MIB::ifType.1 = INTEGER: 24\n"),
        ("printNumericEnums no", ("-Oe",), "INTEGER: softwareLoopback(24)\n"),
        ("printNumericOids yes", ("-Of",), ".1.3.6.1.2.1.2.2.1.3.1 = INTEGER"),
        ("printNumericOids no", ("-Of",), ".iso.org.dod.internet.mgmt.mib-2.interfaces"),
        ("printNumericOids TRUE", (), ".1.3.6.1.2.1.2.2.1.3.1 = INTEGER"),
        ("printNumericOids 1x", (), ".1.3.6.1.2.1.2.2.1.3.1 = INTEGER"),
        ("printNumericOids maybe", (), "IF-MIB::ifType.1 = INTEGER"),  # nothing, no error
        ("numericTimeticks yes", ("-Ot",), "SNMPv2-MIB::sysORLastChange.0 = "),
        ("numericTimeticks no", ("-Ot",), "SNMPv2-MIB::sysORLastChange.0 = Timeticks: ("),
        ("printValueOnly yes", ("-Ov",), "\nINTEGER: softwareLoopback(24)\n"),
        ("printValueOnly no", ("-Ov",), "IF-MIB::ifType.1 = INTEGER: softwareLoopback(24)\n"),
        ("dontPrintUnits yes", ("-OU",), "memTotalReal.0 = INTEGER: "),
        ("dontPrintUnits no", ("-OU",), " kB\n"),
        ("printHexText yes", (), "snmpEngineID.0 = Hex-STRING: "),
        ("printHexText no", ("-OT",), "snmpEngineID.0 = Hex-STRING: "),
        ("hexOutputLength 4", (), "Hex-STRING: 80 00 1F 88 \n04 61 6E 79 \n"),
        ("hexOutputLength 0", ("-OT",), " 65 73 74 73   [.....anysnmp-tests]\n"),
        ("extendedIndex yes", ("-OX",), "IF-MIB::ifType[1] = "),
        ("extendedIndex no", ("-OX",), "IF-MIB::ifType.1 = "),
        ("oidOutputFormat 1", ("-On",), "\nifType.1 = INTEGER"),
        ("oidOutputFormat 3", ("-On",), ".iso.org.dod.internet.mgmt.mib-2.interfaces.ifTable."),
        ("oidOutputFormat 5", ("-Of",), "\ninterfaces.ifTable.ifEntry.ifType.1 = "),
        ("oidOutputFormat 0", ("-On",), "\nIF-MIB::ifType.1 = "),  # the default form
        ("oidOutputFormat 6", ("-On",), "\n = INTEGER: softwareLoopback(24)\n = OID: \n"),
        ("oidOutputFormat -1", ("-OQ",), "\n = softwareLoopback\n = \n"),  # no OID at all
        ("oidOutputFormat 6 x", ("-Oq",), "\n softwareLoopback\n \n"),  # the first word
        ("oidOutputFormat 4294967300", (), "\n.1.3.6.1.2.1.2.2.1.3.1 = "),  # an int's 4
        ("oidOutputFormat 6\nprintNumericOids yes", (), "\n.1.3.6.1.2.1.2.2.1.3.1 = "),
        ("printNumericOids yes\noidOutputFormat 6", (), "\n = INTEGER: "),  # the last wins
        ("quickPrinting +1", (), "IF-MIB::ifType.1 softwareLoopback\n"),  # strtol's 1
        ("suffixPrinting 1", ("-OS",), "\nifType.1 = INTEGER"),
        ("suffixPrinting 2", ("-Os",), "\nIF-MIB::ifType.1 = "),
        ("suffixPrinting 4", (), "\n.1.3.6.1.2.1.2.2.1.3.1 = "),  # oidOutputFormat's setting
        (
            "oidOutputFormat 1\nprintNumericOids yes\nquickPrinting yes",
            (),
            "\n.1.3.6.1.2.1.2.2.1.3.1 softwareLoopback\n",
        ),
    ],
)
def test_output_directives_set_what_the_o_letters_set_and_win_over_them(
    snmpd: Snmpd, tmp_path: Path, text: str, letters: tuple[str, ...], expected: str
) -> None:
    """Net-SNMP reads the files after the options: a directive sets its -O letter's setting
    (an OID form too) whatever the letters say, so a letter given again does not toggle it."""
    _write(tmp_path, "snmp.conf", f"{text}\n")
    modules = "IF-MIB:SNMPv2-MIB:UCD-SNMP-MIB:SNMP-FRAMEWORK-MIB"
    ours, theirs = _both(
        tmp_path, "get", "snmpget", "-M", require_test_mibs(), "-m", modules, *letters,
        "-v2c", "-c", snmpd.community, snmpd.target, *_PRINTED,
    )  # fmt: skip
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert expected in theirs.out and theirs.rc == 0


@pytest.mark.parametrize(
    ("text", "letters", "expected"),
    [
        ("escapeQuotes yes", (), 'vacmGroupName.3.\\"ab\\"\n'),
        ("escapeQuotes no", ("-OE",), 'vacmGroupName.3."ab"\n'),
        ("dontBreakdownOids yes", ("-Ob",), "vacmGroupName.3.2.97.98\n"),
        ("extendedIndex yes", (), "vacmGroupName[3][STRING: ab]\n"),
        ("noRangeCheck yes", (), 'vacmGroupName.3."' + "a" * 40 + '"\n'),
        ("noRangeCheck yes", ("-Ir",), 'vacmGroupName.3."' + "a" * 40 + '"\n'),
        ("noRangeCheck no", ("-Ir",), "Index out of range"),
    ],
)
def test_directives_change_snmptranslate_as_they_change_ours(
    tmp_path: Path, text: str, letters: tuple[str, ...], expected: str
) -> None:
    """Index quoting, breakdown and range checks (-OE, -Ob, -OX, -Ir) from the files."""
    _write(tmp_path, "snmp.conf", f"{text}\n")
    name = 'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.3."' + ("a" * 40 if "Range" in text else "ab")
    ours, theirs = _both(
        tmp_path, "translate", "snmptranslate", "-M", require_test_mibs(),
        "-m", "SNMP-VIEW-BASED-ACM-MIB", *letters, f'{name}"',
    )  # fmt: skip
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert expected in theirs.out + theirs.err


@pytest.mark.parametrize(
    ("text", "letters", "hinted"),
    [
        ("", ("-Ih",), False),
        ("noDisplayHint yes", (), False),
        ("noDisplayHint no", ("-Ih",), True),  # the file wins
    ],
)
def test_no_display_hint_prints_values_as_their_base_type(
    snmpd: Snmpd, tmp_path: Path, text: str, letters: tuple[str, ...], hinted: bool
) -> None:
    """-Ih (noDisplayHint) turns the DISPLAY-HINTs off in what is printed too: a
    DisplayString quoted, a PhysAddress in hex."""
    _write(tmp_path, "snmp.conf", f"{text}\n")
    ours, theirs = _both(
        tmp_path, "get", "snmpget", "-M", require_test_mibs(), "-m", "IF-MIB", *letters,
        "-v2c", "-c", snmpd.community, snmpd.target, "sysDescr.0", "ifPhysAddress.1",
    )  # fmt: skip
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert ('sysDescr.0 = STRING: "' in theirs.out) != hinted


@pytest.mark.parametrize(
    "command",
    # snmpEngineID's subtree: the walk of its parent would compare snmpEngineTime's seconds
    [("get", "snmpget", "1.3.6.1.6.3.10.2.1.1.0"), ("walk", "snmpwalk", "1.3.6.1.6.3.10.2.1.1")],
)
def test_hex_output_length_without_mibs(
    snmpd: Snmpd, tmp_path: Path, command: tuple[str, str, str]
) -> None:
    """hexOutputLength shapes Hex-STRING lines with no MIB loaded too (numeric output)."""
    _write(tmp_path, "snmp.conf", "hexOutputLength 5\n")
    ours, theirs = _both(
        tmp_path, *command[:2], "-On", "-v2c", "-c", snmpd.community, snmpd.target, command[2],
    )  # fmt: skip
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    assert "Hex-STRING: 80 00 1F 88 04 \n61 6E " in theirs.out


def test_output_directives_bad_values_are_said_before_the_mibs_load(
    snmpd: Snmpd, tmp_path: Path
) -> None:
    """The output directives are read in Net-SNMP's first pass (before the MIB messages),
    noRangeCheck and noDisplayHint in its second; printNumericOids takes any value."""
    path = _write(
        tmp_path,
        "snmp.conf",
        "quickPrinting x\noidOutputFormat y\nsuffixPrinting 1.5\nhexOutputLength z\n"
        "printNumericOids q\nnoRangeCheck x\nnoDisplayHint 2\nprintHexText\n",
    )
    ours, theirs = _both(
        tmp_path, "get", "snmpget", "-m", "NOSUCH-MIB", "-On", "-v2c", "-c", snmpd.community,
        snmpd.target, SYS_NAME,
    )  # fmt: skip
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    lines = theirs.err.splitlines()
    (missing,) = (n for n, line in enumerate(lines) if line.startswith("Cannot find module ("))
    assert lines.index("net-snmp: 5 error(s) in config file(s)") < missing
    assert f"{path}: line 7: Error: Should be yes|no|true|false|0|1" in lines[-4:]


def test_output_directives_are_read_in_order(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "snmp.conf",
        "quickPrinting yes\noidOutputFormat 9\nsuffixPrinting 1\nprintNumericOids no\n"
        "noDisplayHint yes\nhexOutputLength 8\n",
    )
    config, problems = read_config({"SNMPCONFPATH": str(tmp_path)})
    assert problems == []
    assert config.output == (("q", True), ("!", True), ("s", True))  # 9: no OID form
    assert (config.input, config.hex_output_length) == ((("h", True),), 8)


#: A command line's configuration lines for each command: what it sends (after AGENT).
_LONG_OPTION_COMMANDS = [
    ("get", "snmpget", [SYS_NAME]),
    ("getnext", "snmpgetnext", [SYS_NAME[:-2]]),
    ("walk", "snmpwalk", [SYS_NAME[:-2]]),
    ("bulkwalk", "snmpbulkwalk", [SYS_NAME[:-2]]),
    ("bulkget", "snmpbulkget", [SYS_NAME]),
    ("set", "snmpset", ["1.3.6.1.2.1.1.3.0", "t", "5"]),  # notWritable: nothing changes
    ("table", "snmptable", ["1.3.6.1"]),  # no MIBs: "Was that a table?"
]


@pytest.mark.parametrize(("ours", "theirs", "tail"), _LONG_OPTION_COMMANDS)
def test_long_options_are_snmp_conf_lines_as_for_net_snmps_tools(
    snmpd: Snmpd, tmp_path: Path, ours: str, theirs: str, tail: list[str]
) -> None:
    """``--TOKEN=VALUE`` is a line of snmp.conf, read after the files (it wins over them);
    a token Net-SNMP does not know is warned of, of no file, and the command goes on."""
    _write(tmp_path, "snmp.conf", "defCommunity nope\ndefVersion 1\n")
    address = f"{snmpd.host}:{snmpd.port}"
    lines = ["--noSuchToken=1", f"--defCommunity={snmpd.community}", "--defVersion=2c"]
    mine, ref = _both(tmp_path, ours, theirs, "-On", *lines, address, *tail)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.err.startswith("(null): line 0: Warning: Unknown token: noSuchToken.\n")
    assert ref.rc == (0 if ours not in ("set", "table") else 1 + (ours == "set"))


@pytest.mark.parametrize(
    "lines",
    [
        ["--barCli=1", "--retries=x", "--mibWarningLevel=y"],
        ["--noTokenWarnings=1", "--barCli", "--retries=x", "--mibWarningLevel=y"],
        ["--=", "--showMibErrors=maybe x"],
        # [TYPE] first, as in a file; includeFile is no command line's token
        ["--[snmp] retries=x", "--[snmp]=mibWarningLevel=y", "--[snmpapp] defCommunity=x"],
        ["--[snmpd] x=1", "--[snmp]x=1", "--[snmp", "--[snmp]", "--includeFile=/x.conf"],
        ["--noTokenWarnings", "--[snmpapp] barCli=1", "--[snmp] includeDir=/etc"],
    ],
)
def test_long_options_problems_are_said_as_snmpget_says_them(
    snmpd: Snmpd, tmp_path: Path, lines: list[str]
) -> None:
    """The command line's lines are read after the files of each of Net-SNMP's passes (not
    counted with their errors); a token it does not know is warned of in the pass after
    the MIBs, and, under noTokenWarnings, in the one before too; no token: its format."""
    _write(tmp_path, "snmp.conf", "showMibErrors maybe\ntimeout abc\nfooFile 1\n")
    address = f"{snmpd.host}:{snmpd.port}"
    mine, ref = _both(
        tmp_path, "get", "snmpget", *lines, "-On", "-v2c", "-c", snmpd.community, address,
        SYS_NAME,
    )  # fmt: skip
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.rc == 0 and "(null): line 0: " in ref.err


@pytest.mark.parametrize(
    "args",
    [
        ["-c", "{community}", "--defCommunity=nope"],  # -c wins
        ["--quickPrinting=no", "-Oq", "-c", "{community}"],  # the directive wins over -O
        ["--quickPrinting", "--oidOutputFormat=4", "-c", "{community}"],  # TOKEN 1
        ["--[snmp] quickPrinting=yes", "--[snmp]=oidOutputFormat=4", "-c", "{community}"],
        ["-c", "{community}", "{address}", SYS_NAME, "--quickPrinting"],  # after AGENT too
        ["--defCommunity={community}", "-t", "0.2", "-r", "0", "-c", "--quickPrinting"],
        ["--defCommunity={community}", "--", "--quickPrinting"],  # not an option after --
    ],
)
def test_long_options_meet_the_other_options_as_in_snmpget(
    snmpd: Snmpd, tmp_path: Path, args: list[str]
) -> None:
    """Net-SNMP's order: an option setting what a directive sets wins (-c), unless the
    directive wins over it (-O's letters); getopt meets them anywhere but as an option's
    value (``-c --quickPrinting``: a community, which times out) and after ``--``."""
    _write(tmp_path, "snmp.conf", "defVersion 2c\n")
    address = f"{snmpd.host}:{snmpd.port}"
    given = [arg.format(community=snmpd.community, address=address) for arg in args]
    tail = [] if address in given else [address, SYS_NAME]
    mine, ref = _both(tmp_path, "get", "snmpget", "-On", *given, *tail)
    if "-t" in given:
        _both_time_out(mine, ref)
    elif "--" in given:
        assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
        assert mine.err.startswith("anysnmp: Unknown host (--quickPrinting)")
        assert ref.err == "snmpget: Unknown host (--quickPrinting)\n"
    else:
        assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
        assert ref.rc == 0 and ref.out


def test_a_value_that_looks_like_a_long_option_is_the_value_as_for_snmpset(
    snmpd: Snmpd, tmp_path: Path
) -> None:
    """snmpset's options end at AGENT: ``--quickPrinting=1`` after it is a value."""
    args = ["-On", "--noSuchToken", "-v2c", "-c", snmpd.community, f"{snmpd.host}:{snmpd.port}"]
    value = ["1.3.6.1.2.1.1.3.0", "s", "--quickPrinting=1"]  # notWritable: nothing changes
    mine, ref = _both(tmp_path, "set", "snmpset", *args, *value)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.rc == 2 and ref.err.count("Unknown token") == 1


def test_a_host_file_wins_over_a_long_option(snmpd: Snmpd, tmp_path: Path) -> None:
    """Net-SNMP reads a host's files when it opens its session, after the command line."""
    _write(tmp_path, "snmp.conf", "defVersion 2c\n")
    host = f"transport udp:{snmpd.host}:{snmpd.port}\ndefCommunity {snmpd.community}\n"
    _write(tmp_path / "hosts", "agent.conf", host)
    mine, ref = _both(tmp_path, "get", "snmpget", "-On", "--defCommunity=nope", "agent", SYS_NAME)
    assert (mine.rc, mine.out, mine.err) == (ref.rc, ref.out, ref.err)
    assert ref.rc == 0 and ref.out.startswith(f".{SYS_NAME} = STRING: ")


def test_help_and_version_in_any_case_and_translates_refusal(tmp_path: Path) -> None:
    """--HELP and --Version are -h and -V, as for snmpget; snmptranslate takes no long
    option: getopt refuses its ``-``."""
    for option, rc, said in (("--HELP", 1, "USAGE: "), ("--Version", 0, " version: ")):
        mine, ref = _both(tmp_path, "get", "snmpget", option, "x", "1.3")
        assert (mine.rc, mine.out) == (ref.rc, ref.out) == (rc, "")
        assert said in mine.err.splitlines()[0] and said in ref.err.splitlines()[0]
    mine, ref = _both(tmp_path, "translate", "snmptranslate", "--oidOutputFormat=1", ".1.3")
    assert (mine.rc, mine.out) == (ref.rc, ref.out) == (1, "")
    lines = [
        [line.partition(": ")[2] for line in err.splitlines()[:2]] for err in (mine.err, ref.err)
    ]
    assert lines[0] == lines[1] == ["invalid option -- '-'", "-?"]


async def test_long_options_give_trap_and_inform_their_settings(
    anyio_backend: str, tmp_path: Path
) -> None:
    """snmptrap and snmpinform read ``--TOKEN=VALUE`` as snmp.conf lines, and so do trap and
    inform."""
    _write(tmp_path, "snmp.conf", "defVersion 1\ndefCommunity nope\n")
    sends = [
        (
            tool,
            [
                "--defVersion=2c",
                "--defCommunity=public",
                "{address}",
                "31337",
                "1.3.6.1.6.3.1.1.5.3",
            ],
        )
        for tool in ("trap", "inform")
    ]
    sends += [(f"snmp{command}", args) for command, args in sends]
    await _received_alike(anyio_backend, tmp_path, sends)


def _requests_sent(sock: socket.socket, command: list[str], *options: str) -> tuple[Result, int]:
    """`command` (a GET with `options`) to the UDP socket `sock`, which never answers: its
    result and how many requests reached it."""
    port = sock.getsockname()[1]
    args = ["-v2c", "-c", "public", *options, f"127.0.0.1:{port}", "1.3.6.1.2.1.1.5.0"]
    done = run([*command, *args])
    count = 0
    while True:
        try:
            sock.recv(65536, socket.MSG_DONTWAIT)
        except BlockingIOError:
            return done, count
        count += 1


@pytest.mark.parametrize(
    "options",
    [
        ("--timeout=-1", "-r", "0"),
        ("--timeout=0", "-r", "1"),
        ("--retries=-1", "-t", "0.05"),
        ("--retries=99999999999999999999", "-t", "0.05"),  # strtol's LONG_MAX, as an int -1
    ],
)
def test_a_timeout_or_retries_out_of_range_is_net_snmps_default(options: tuple[str, ...]) -> None:
    """snmp.conf's ``timeout`` not above 0 and ``retries`` below 0 are the defaults (1 s, 5
    retries), as for snmpget, where we refused them."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        ours = _requests_sent(sock, [*ANYSNMP, "get"], *options)
        theirs = _requests_sent(sock, [require_tool("snmpget"), "-On"], *options)
    assert ours == theirs
    assert theirs[0].err.startswith("Timeout: No Response")


@pytest.mark.parametrize(
    ("conf", "command", "args"),
    [
        ("defAuthPassphrase short", "get", ["-v3", "-u", "x", "AGENT", "1.3.6.1.2.1.1.5.0"]),
        ("defPassphrase short", "get", ["-v2c", "-c", "public", "AGENT", "1.3.x"]),  # any version
        ("defPrivPassphrase short", "get", ["-Ln", "-v2c", "-c", "public", "AGENT", "1.3.6.1"]),
        ("defPrivPassphrase short", "set", ["-v2c", "-c", "public", "AGENT", "1.3.6.1", "s", "x"]),
        ("defAuthPassphrase short", "walk", ["-v2c", "-c", "public", "AGENT", "1.3"]),
        ("defPrivPassphrase short", "trap", ["-v2c", "-c", "public", "AGENT", "", "1.3.x"]),
        ("defAuthPassphrase short", "get", ["-v2c", "-c", "public", "127.0.0.1:0", "1.3.6.1"]),
        # the command line's secret wins: sent, no answer
        (
            "defAuthPassphrase short",
            "get",
            ["-v3", "-u", "x", "-a", "MD5", "-3m", "00" * 16, "AGENT", "1.3"],
        ),
    ],
)
def test_a_configured_passphrase_too_short_is_refused_as_net_snmp_refuses_it(
    tmp_path: Path, conf: str, command: str, args: list[str]
) -> None:
    """Net-SNMP's tools make the files' passphrases' keys when the session opens (any
    version, before the OIDs): two lines logged (none with -Ln), status 1."""
    _write(tmp_path, "snmp.conf", conf + "\n")
    args = ["-t", "0.1", "-r", "0", *(arg.replace("AGENT", "127.0.0.1:9") for arg in args)]
    ours, theirs = _both(tmp_path, command, f"snmp{command}", *args)
    assert (ours.rc, ours.out) == (theirs.rc, theirs.out)
    assert ours.err == theirs.err.replace(f"snmp{command}:", "anysnmp:")
