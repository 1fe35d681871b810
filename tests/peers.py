"""Real peers for the tests: a private Net-SNMP snmpd and Net-SNMP's tools as the reference."""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.from_thread
import attrs
import pytest
from hermetic import PERSISTENT_DIR
from netsnmpd import VOLATILE_SUBTREES as SNMPD_VOLATILE_SUBTREES
from netsnmpd import (
    free_udp_port,
    in_subtrees,
    launch_snmpd,
    stop_process,
    udp_address,
    wait_until_answering,
)

from anysnmp import User
from anysnmp._codec import PduType, core
from anysnmp._usm import AUTH_KEYS, PRIV_KEYS
from anysnmp.cli._target import build_user

#: Subtrees whose rows follow host state: left out of exact walk comparisons.
VOLATILE_SUBTREES = (
    *SNMPD_VOLATILE_SUBTREES,
    "1.3.6.1.2.1.25.6.3",  # hrSWInstalledTable: changes whenever a package is installed
)


T = TypeVar("T")


@contextmanager
def in_background(manager: AbstractAsyncContextManager[T]) -> Iterator[T]:
    """Enters an async context manager on an event loop in another thread."""
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(manager) as value,
    ):
        yield value


@attrs.frozen
class V3User:
    """A Net-SNMP USM user of the test agent (Net-SNMP protocol names)."""

    name: str
    auth: str | None = None
    auth_password: str | None = None
    priv: str | None = None
    priv_password: str | None = None

    @property
    def level(self) -> str:
        if self.priv:
            return "authPriv"
        return "authNoPriv" if self.auth else "noAuthNoPriv"

    def netsnmp_args(self) -> list[str]:
        """Flags for Net-SNMP's command line tools."""
        args = ["-v3", "-u", self.name, "-l", self.level]
        if self.auth:
            args += ["-a", self.auth, "-A", str(self.auth_password)]
        if self.priv:
            args += ["-x", self.priv, "-X", str(self.priv_password)]
        return args

    def user(
        self,
        *,
        auth_password: str | None = None,
        priv_password: str | None = None,
        name: str | None = None,
    ) -> User:
        """Our `User` for this Net-SNMP user (optionally with other secrets or name)."""
        return build_user(
            name or self.name,
            self.level,
            self.auth,
            auth_password or self.auth_password,
            self.priv,
            priv_password or self.priv_password,
        )

    def config_lines(self) -> list[str]:
        create = f"createUser {self.name}"
        if self.auth:
            create += f" {self.auth} {self.auth_password}"
        if self.priv:
            create += f" {self.priv} {self.priv_password}"
        level = {"noAuthNoPriv": "noauth", "authNoPriv": "auth", "authPriv": "priv"}[self.level]
        return [create, f"rwuser {self.name} {level}"]


def _word(netsnmp_name: str) -> str:
    return netsnmp_name.lower().replace("-", "")


#: Net-SNMP's names of the core registry's auth protocols: MD5, SHA, SHA-224...
AUTH_NAMES = tuple(cls.ALGORITHM.netsnmp_name for cls in AUTH_KEYS.values())
#: Net-SNMP's names of the core registry's privacy protocols: DES, AES... AES-256-C.
PRIV_NAMES = tuple(
    name
    for cls in PRIV_KEYS.values()
    for name in (cls.ALGORITHM.netsnmp_name, cls.ALGORITHM.netsnmp_reeder_name)
    if name
)


def _pair(auth: str, priv: str) -> V3User:
    name = _word(auth) + _word(priv)  # md5des, shaaes256c, sha512aes256...
    return V3User(name, auth, f"{name}-auth", priv, f"{name}-priv")


#: The interop matrix, from the core's registry (a protocol added there is tested here):
#: noAuthNoPriv, every auth protocol alone (md5, sha, sha224...) and every auth/priv pair.
V3_USERS = (
    V3User("noauth"),
    *(V3User(_word(auth), auth, f"{_word(auth)}-auth-pass") for auth in AUTH_NAMES),
    *(_pair(auth, priv) for auth in AUTH_NAMES for priv in PRIV_NAMES),
    V3User("keychange", "SHA", "keychange-old"),  # the template test_key_change clones
)


@attrs.frozen
class Snmpd:
    """A running private snmpd."""

    host: str
    port: int
    community: str
    write_community: str
    users: tuple[V3User, ...]
    workdir: Path
    #: The TCP port it also listens on (RFC 3430).
    tcp_port: int = 0

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    def user(self, name: str) -> V3User:
        return next(u for u in self.users if u.name == name)


def require_tool(name: str) -> str:
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if path is None:
        pytest.fail(
            f"{name} is not installed: run the README's test command, which installs "
            "Debian's snmpd and snmp packages"
        )
    return path


def agent_answers(host: str, port: int, community: str) -> bool:
    """Whether an agent answers a v2c GET of sysDescr.0 with `community` within 0.2 s."""
    codec = core.Codec(1, community.encode())
    request = codec.encode_request(PduType.GET, 1, ["1.3.6.1.2.1.1.1.0"])
    family, sockaddr = udp_address(host, port)
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        try:
            s.sendto(request, sockaddr)
            return codec.decode_response(s.recv(65536), 1) is not None
        except OSError:
            return False


def start_snmpd(
    workdir: Path,
    host: str = "127.0.0.1",
    extra_config: str = "",
    clients: str | None = None,
    v3_users: bool = True,
) -> tuple[Snmpd, subprocess.Popen[bytes]]:
    """Starts snmpd on a free port of `host` with a private config.

    The communities are accepted from `clients` (an address or prefix): by
    default `host` itself for IPv4, ::1 for IPv6. The `V3_USERS` are its
    users unless `v3_users` is false (then it has none).
    """
    snmpd = require_tool("snmpd")
    port = free_udp_port(host)
    workdir.mkdir(parents=True, exist_ok=True)
    ipv6 = ":" in host
    six = "6" if ipv6 else ""
    where = f"[{host}]" if ipv6 else host
    transport = f"udp{six}:{where}:{port}"
    tcp_port = _free_tcp_port(host)
    clients = clients or ("::1" if ipv6 else host)
    lines = [
        f"agentaddress {transport},tcp{six}:{where}:{tcp_port}",
        f"rocommunity{six} public {clients}",
        f"rwcommunity{six} private {clients}",
        "dontLogTCPWrappersConnects yes",
        "engineID anysnmp-tests",
    ]
    users = V3_USERS if v3_users else ()
    for user in users:
        lines += user.config_lines()
    if v3_users:
        lines.append("rwuser keyclone auth")  # created at run time by cloning, see test_key_change
    (workdir / "snmpd.conf").write_text("\n".join(lines) + "\n" + extra_config)
    proc = launch_snmpd(snmpd, workdir)
    if not wait_until_answering(proc, lambda: agent_answers(host, port, "public"), 15):
        log = (workdir / "snmpd.log").read_text(errors="replace")[-2000:]
        pytest.fail(f"snmpd did not start on {transport}:\n{log}")
    return Snmpd(host, port, "public", "private", users, workdir, tcp_port), proc


def _free_tcp_port(host: str) -> int:
    family, sockaddr = udp_address(host, 0)  # a link-local host's scope id resolved
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind(sockaddr)
        return int(s.getsockname()[1])


# --- Net-SNMP's command line tools as the reference ---------------------------------

_LINE = re.compile(r"^(\.[0-9.]+) = (.*)$")


#: The environment of Net-SNMP's tools (and of our commands beside them): the session's
#: (`hermetic`), no MIB loading, and the process's persistent folder as the only configuration
#: folder (the tools read their persistent files from it).
TOOL_ENV = dict(os.environ, MIBS="", MIBDIRS="/nonexistent", SNMPCONFPATH=str(PERSISTENT_DIR))


def netsnmp(tool: str, *args: str) -> str:
    """Runs a Net-SNMP tool and returns its stdout (fails the test on error)."""
    path = require_tool(tool)
    env = TOOL_ENV
    result = subprocess.run([path, *args], capture_output=True, env=env, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{tool} {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8", errors="surrogateescape")


def parse_netsnmp(output: str) -> list[tuple[str, str, Any]]:
    """Parses `-On -Oe -Ox -OU` output into (oid, type, value) with our value forms."""
    items: list[tuple[str, str, str]] = []
    for line in output.splitlines():
        m = _LINE.match(line)
        if m and m.group(2).startswith("No more variables left"):
            continue  # endOfMibView, printed by snmpwalk
        if m:
            items.append((m.group(1)[1:], *_split_type(m.group(2))))
        elif items:  # continuation of a multi-line Hex-STRING
            oid, kind, text = items[-1]
            items[-1] = (oid, kind, text + " " + line.strip())
    return [(oid, kind, _value(kind, text)) for oid, kind, text in items]


def _split_type(rest: str) -> tuple[str, str]:
    if rest == '""':
        return "Hex-STRING", ""
    if ": " in rest:
        kind, text = rest.split(": ", 1)
        return kind, text
    if rest.endswith(":"):
        return rest[:-1], ""
    return rest, ""


def _value(kind: str, text: str) -> Any:
    if kind == "Timeticks":
        return int(text[1 : text.index(")")])
    if kind in ("INTEGER", "Counter32", "Gauge32", "Counter64"):
        return int(text.split()[0])
    if kind == "Opaque" and text.startswith(("Float: ", "Double: ")):
        return float(text.split(": ", 1)[1])
    if kind in ("Hex-STRING", "STRING", "Opaque", "OPAQUE"):  # OPAQUE: an Opaque not of a number
        return (
            bytes.fromhex(text.replace(" ", "")) if kind != "STRING" else text.strip('"').encode()
        )
    if kind == "OID":
        return text.lstrip(".")
    if kind == "IpAddress":
        return text
    if kind == "NULL":
        return None
    return text


def opaque_number(value: bytes) -> float | None:
    """The float or double of a Net-SNMP Opaque-wrapped float (9f 78) or double (9f 79)."""
    if value[:3] == b"\x9f\x78\x04" and len(value) == 7:
        return float(struct.unpack(">f", value[3:])[0])
    if value[:3] == b"\x9f\x79\x08" and len(value) == 11:
        return float(struct.unpack(">d", value[3:])[0])
    return None


def in_volatile_subtree(oid: str) -> bool:
    return in_subtrees(oid, VOLATILE_SUBTREES)


# --- Net-SNMP's snmptrapd as a notification receiver ----------------------------------


@attrs.frozen
class Trapd:
    """A running snmptrapd and its log."""

    port: int
    log: Path
    transport: str = "udp"

    def _found(self, marker: str, count: int) -> list[str] | None:
        text = self.log.read_text(errors="replace")
        found = [line for line in text.splitlines() if marker in line]
        return found if len(found) >= count else None

    async def lines(self, marker: str, count: int = 1) -> list[str]:
        """Log lines containing ``marker``, once ``count`` of them arrived."""
        with anyio.fail_after(10):
            while (found := self._found(marker, count)) is None:
                await anyio.sleep(0.02)
            return found

    def lines_blocking(self, marker: str, count: int = 1) -> list[str]:
        """`lines`, for the blocking API's tests (no event loop)."""
        deadline = time.monotonic() + 10
        while (found := self._found(marker, count)) is None:
            assert time.monotonic() < deadline, f"snmptrapd logged no {marker!r}"
            time.sleep(0.02)
        return found


def trapd_config(user: V3User, sender_engine: bytes) -> str:
    """snmptrapd.conf logging ``V1 %N|%w|%q|%A|%T|%V~%v`` and ``V2 %V~%v``: community
    public, and `user` for v3 traps from
    `sender_engine` and informs to snmptrapd's own engine."""
    create = user.config_lines()[0].removeprefix("createUser ")
    return (
        "authCommunity log,net public\n"
        "format1 V1 %N|%w|%q|%A|%T|%V~%v\\n\n"
        "format2 V2 %V~%v\\n\n"
        f"createUser -e 0x{sender_engine.hex()} {create}\n"
        f"createUser {create}\nauthUser log {user.name}\n"
    )


@contextmanager
def snmptrapd(
    workdir: Path, config: str, options: Sequence[str] = ("-On",), transport: str = "udp"
) -> Iterator[Trapd]:
    """Net-SNMP's snmptrapd with a private config on a free loopback port (udp or tcp).

    `options` are its output and MIB options (default: numeric, no MIBs).
    """
    port = free_udp_port() if transport == "udp" else _free_tcp_port("127.0.0.1")
    (workdir / "snmptrapd.conf").write_text(config)
    log = workdir / "snmptrapd.log"
    env = dict(TOOL_ENV, SNMP_PERSISTENT_DIR=str(workdir / "persist"))
    proc = subprocess.Popen(
        [
            require_tool("snmptrapd"),
            "-f",
            "-C",
            "-c",
            str(workdir / "snmptrapd.conf"),
            "-Lf",
            str(log),
            *options,
            "-p",
            str(workdir / "pid"),
            f"{transport}:127.0.0.1:{port}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not (log.exists() and "NET-SNMP version" in log.read_text(errors="replace")):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"snmptrapd did not start: {log.read_text() if log.exists() else ''}")
        time.sleep(0.02)
    try:
        yield Trapd(port, log, transport)
    finally:
        proc.terminate()
        proc.wait(5)


@contextmanager
def snmpsim_responder(data: Path, cache: Path, community: str) -> Iterator[str]:
    """snmpsim's responder serving the recordings of folder `data` (a recording's community is
    its name), until the block ends; yields its ``127.0.0.1:PORT`` once `community` answers."""
    responder = Path(sys.executable).parent / "snmpsim-command-responder"
    assert responder.exists(), "snmpsim is missing: run scripts/setup test"
    port = free_udp_port()
    proc = subprocess.Popen(
        [
            str(responder),
            f"--data-dir={data}",
            f"--cache-dir={cache}",
            f"--agent-udpv4-endpoint=127.0.0.1:{port}",
            "--logging-method=null",
        ],
        env={**TOOL_ENV, "SNMPSIM_ALLOW_ROOT": "true"},  # it refuses to run as root otherwise
    )
    try:
        answers = wait_until_answering(
            proc, lambda: agent_answers("127.0.0.1", port, community), 60
        )
        assert answers, "snmpsim-command-responder did not start"
        yield f"127.0.0.1:{port}"
    finally:
        stop_process(proc)
