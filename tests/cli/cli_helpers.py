"""Running the anysnmp command and Net-SNMP's tools side by side."""

from __future__ import annotations

import functools
import re
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import ParamSpec, TypeVar

import anyio
import anyio.abc
import anyio.from_thread
import anyio.to_thread
import attrs
import forked_cli
from anyio.streams.text import TextReceiveStream
from peers import TOOL_ENV, Snmpd, V3User, in_volatile_subtree, require_tool

from anysnmp._codec import core
from anysnmp.cli._target import AUTH_PROTOCOLS

#: No MIBs, a persistent directory of our own for Net-SNMP's tools, and no snmp.conf of the
#: host's or the user's (see peers.TOOL_ENV).
ENV = TOOL_ENV
ANYSNMP = forked_cli.ANYSNMP


@attrs.frozen
class Result:
    """A finished command."""

    rc: int
    out: str
    err: str


P = ParamSpec("P")
R = TypeVar("R")


def run(command: list[str], env: Mapping[str, str] = ENV) -> Result:
    """`command` run to its end (within 120 s) in the environment `env` (an anysnmp command
    in a fork: `forked_cli`)."""
    done = forked_cli.run(command, env=env, capture_output=True, timeout=120, check=False)
    return Result(done.returncode, done.stdout.decode(), done.stderr.decode())


def run_anysnmp(*args: str) -> Result:
    """``python -m anysnmp ARGS``."""
    return run([*ANYSNMP, *args])


def run_netsnmp(tool: str, *args: str) -> Result:
    """A Net-SNMP tool with numeric output (``-On``) and no MIBs loaded."""
    return run([require_tool(tool), "-On", *args])


def run_netsnmp_tool(tool: str, *args: str) -> Result:
    """A Net-SNMP tool with `args` alone (its own output options)."""
    return run([require_tool(tool), *args])


def same_as_snmptranslate(args: list[str]) -> subprocess.CompletedProcess[str]:
    """``anysnmp translate ARGS``, asserted to print and exit as ``snmptranslate ARGS``."""
    ours, theirs = (
        forked_cli.run(command, capture_output=True, text=True, env=ENV)
        for command in ([*ANYSNMP, "translate", *args], [require_tool("snmptranslate"), *args])
    )
    assert (ours.returncode, ours.stdout) == (theirs.returncode, theirs.stdout)
    assert ours.stderr.splitlines() == theirs.stderr.splitlines()
    return theirs


def compare(ours: str, theirs: str, *args: str, cli: str = "blocking") -> tuple[str, str]:
    """Our subcommand (under ``--backend CLI``) and Net-SNMP's tool, same arguments: their
    stdouts (both must succeed)."""
    mine = run_anysnmp(ours, "--backend", cli, *args)
    ref = run_netsnmp(theirs, *args)
    assert mine.rc == 0, mine.err
    assert ref.rc == 0, ref.err
    assert mine.err == ""
    return mine.out, ref.out


def _in_thread(blocking: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """The async form of `blocking`: run in a worker thread."""

    @functools.wraps(blocking)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return await anyio.to_thread.run_sync(functools.partial(blocking, *args, **kwargs))

    return wrapper


anysnmp = _in_thread(run_anysnmp)
netsnmp = _in_thread(run_netsnmp)
netsnmp_tool = _in_thread(run_netsnmp_tool)


def cli_backend(test_backend: str) -> str:
    """The command's ``--backend`` beside a test's: the default (``blocking``: no event loop)
    beside asyncio, trio beside trio."""
    return "trio" if test_backend == "trio" else "blocking"


async def both(ours: str, theirs: str, *args: str, backend: str) -> tuple[str, str]:
    """`compare` with our subcommand under `cli_backend(backend)`."""
    return await anyio.to_thread.run_sync(
        functools.partial(compare, ours, theirs, *args, cli=cli_backend(backend))
    )


_VARBIND = re.compile(r"^\.([0-9.]+) = ")
_VARYING = re.compile(r"^(\.[0-9.]+ = (?:Counter32|Counter64|Gauge32|Timeticks)): .*$")


def stable_lines(output: str, dropped: Iterable[str] = ()) -> list[str]:
    """Varbind lines with the values that change between two runs masked.

    Counters, gauges and time ticks keep their OID and type; lines in the
    volatile subtrees of DESIGN.md (and under `dropped`) are left out.
    """
    lines: list[str] = []
    skipping = False
    for line in output.splitlines():
        m = _VARBIND.match(line)
        if m:
            oid = m.group(1)
            skipping = in_volatile_subtree(oid) or any(oid.startswith(d + ".") for d in dropped)
        if not skipping:
            lines.append(_VARYING.sub(r"\1: N", line))
    return lines


def start_agent(recording: str, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """``anysnmp agent`` serving the snmprec file `recording` on a free local UDP port (the
    community ``public``, and `options`): the process and its ``127.0.0.1:PORT``."""
    proc = subprocess.Popen(
        [*ANYSNMP, "agent", "--listen", "127.0.0.1:0", "-c", "public", *options, recording],
        stdout=subprocess.PIPE,
        env=ENV,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    found = re.search(r"udp:([0-9.]+:\d+)", line)
    if found is None:
        proc.kill()
        proc.wait()
        raise AssertionError(f"anysnmp agent {recording} did not start: {line!r}")
    return proc, found.group(1)


@asynccontextmanager
async def background(
    *args: str, deadline: float = 20
) -> AsyncIterator[tuple[anyio.abc.Process, str]]:
    """``python -m anysnmp ARGS`` running; the process and its first line naming the address.

    The block must end within `deadline` seconds.
    """
    async with await anyio.open_process([*ANYSNMP, *args], env=ENV, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            with anyio.fail_after(deadline):
                yield proc, await _address_line(proc)
        finally:
            if proc.returncode is None:
                proc.terminate()
            await proc.wait()


@contextmanager
def listening(*args: str, deadline: float = 20) -> Iterator[tuple[str, Callable[[], str]]]:
    """`background` from a test without an event loop (one runs in a thread): the address,
    and a function reading all of the process's stdout (`read_all`)."""
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(background(*args, deadline=deadline)) as (proc, address),
    ):
        yield address, functools.partial(portal.call, read_all, proc)


@contextmanager
def running(*args: str, deadline: float = 20) -> Iterator[str]:
    """`listening`'s address alone."""
    with listening(*args, deadline=deadline) as (address, _):
        yield address


async def _address_line(proc: anyio.abc.Process) -> str:
    """The first udp or tcp address on stdout or stderr (a udp one without its ``udp:``)."""
    streams = [TextReceiveStream(s) for s in (proc.stdout, proc.stderr) if s is not None]
    found: list[str] = []
    async with anyio.create_task_group() as tg:

        async def watch(stream: TextReceiveStream) -> None:
            text = ""
            async for chunk in stream:
                text += chunk
                m = re.search(r"(?:udp|tcp):[0-9.]+:\d+", text)
                if m:
                    found.append(m.group(0))
                    tg.cancel_scope.cancel()
                    return

        for stream in streams:
            tg.start_soon(watch, stream)
    assert found, "the command did not print its address"
    return found[0].removeprefix("udp:")


async def read_all(proc: anyio.abc.Process) -> str:
    """All of the process's stdout, up to its end (within 20 s)."""
    assert proc.stdout is not None
    chunks = []
    with anyio.fail_after(20):
        async for chunk in proc.stdout:
            chunks.append(chunk)
    return b"".join(chunks).decode()


def notification_blocks(output: str) -> list[list[str]]:
    """The notifications `anysnmp listen` printed, their headers without ``from udp:HOST:PORT``."""
    blocks: list[list[str]] = []
    for line in output.splitlines():
        if line.startswith(("TRAP ", "INFORM ")):
            kind, version, _, _, *sender = line.split()
            blocks.append([" ".join([kind, version, *sender])])
        else:
            blocks[-1].append(line)
    return blocks


#: snmpEngineID.0
SNMP_ENGINE_ID = "1.3.6.1.6.3.10.2.1.1.0"


def read_engine_id(snmpd: Snmpd) -> bytes:
    """The agent's engine id, as snmpget reads it (snmpEngineID.0)."""
    done = run_netsnmp(
        "snmpget", "-v3", "-u", "noauth", "-l", "noAuthNoPriv", "-Ovq", "-Ox", snmpd.target,
        SNMP_ENGINE_ID,
    )  # fmt: skip
    assert done.rc == 0, done.err
    return bytes.fromhex(done.out.replace('"', ""))


engine_id = _in_thread(read_engine_id)


def v3_keys(user: V3User, engine: bytes) -> dict[str, str]:
    """The user's master (-3m, -3M) and localized (-3k, -3K) keys in hex: Ku computed from
    its passphrases, Kul from Ku and the agent's engine id `engine`."""
    auth = AUTH_PROTOCOLS[str(user.auth)].PROTOCOL
    found = {}
    for master, localized, passphrase in (
        ("-3m", "-3k", user.auth_password),
        ("-3M", "-3K", user.priv_password),
    ):
        if passphrase:
            ku = core.usm_password_to_key(auth, passphrase.encode())
            found[master] = "0x" + ku.hex()
            found[localized] = core.usm_localize_key(auth, ku, engine).hex()
    return found
