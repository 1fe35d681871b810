"""``python -m anysnmp ARGS`` run as a fork of a process that has imported the command.

Most of a short ``anysnmp`` command's CPU goes to starting Python and importing anysnmp,
click, anyio and trio (~90 of ~110 ms), and the suite runs a few thousand. Here a server
imports them once (one per test process and interpreter start-up environment); each
command then runs in a fork of it with its own arguments, environment, working directory,
stdin, stdout and stderr, through `anysnmp.cli.command` as ``python -m anysnmp`` runs it,
and ends as that ends: its exit status, no interpreter teardown.

`run` is `subprocess.run` for the tests: an ``anysnmp`` command whose output is captured
goes to a fork, any other command (Net-SNMP's tools, other options) to `subprocess.run`.
What a fork does not repeat (the interpreter's start and its imports, signals sent to a
running command) is tested with processes of its own (tests/cli/test_cli_exit.py, the
import tests); tests/cli/test_forked_cli.py compares the two ways.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import locale
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from typing import Any

#: ``python -m anysnmp``.
ANYSNMP = (sys.executable, "-m", "anysnmp")

#: What of the environment an interpreter reads as it starts (a fork keeps its server's).
_STARTUP_PREFIXES = ("PYTHON", "LANG", "LC_")

#: Imported by the server: the command and what its subcommands import.
_PRELOADED = (
    "anysnmp.cli._app",
    "anysnmp.cli._request",
    "anysnmp.cli._walk",
    "anysnmp.cli._table",
    "anysnmp.cli._translate",
    "anysnmp.cli._notify_cmds",
    "anysnmp.cli._listen",
    "anyio._backends._asyncio",
    "anyio._backends._trio",
    # MIB text compiles (pysmi, ~150 ms of imports: its package imports requests and jinja2)
    "anysnmp._mib._compile",
    "pysmi.parser.lark_parser",
    "pysmi.codegen.intermediate",
)


def _startup_env(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """What of `env` an interpreter reads as it starts: a server's key."""
    return tuple(sorted((k, v) for k, v in env.items() if k.startswith(_STARTUP_PREFIXES)))


# -- the server's side ------------------------------------------------------------------


def _command(request: Mapping[str, Any]) -> None:
    """Runs `request`'s command in this process (a fork of the server, its descriptors 0-2
    in place); never returns."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.path[0] = os.getcwd()  # as ``python -m`` puts it
    try:
        import anysnmp
        from anysnmp.cli import command

        sys.argv = [os.path.join(os.path.dirname(anysnmp.__file__ or ""), "__main__.py")]
        sys.argv += request["args"]
        command()
    except BaseException as exc:  # what the interpreter does with an uncaught exception
        traceback.print_exception(type(exc), exc, exc.__traceback__)
        sys.stderr.flush()
        if isinstance(exc, KeyboardInterrupt):
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        os._exit(1)


def _handle(conn: socket.socket) -> None:
    """One connection's request: its command run in a fork; the fork's pid sent, then its
    exit status (`subprocess`'s returncode)."""
    _, fds, _, _ = socket.recv_fds(conn, 1, 3)  # a mark that carries the descriptors
    with conn.makefile("rb") as stream:
        request = json.loads(stream.read())  # the rest, to the client's shutdown
    pid = os.fork()
    if pid == 0:
        conn.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        _command(request)
    for fd in fds:
        os.close(fd)
    conn.sendall(f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())


def serve(path: str) -> None:
    """Imports the command, then serves connections to `path`, each in a fork of its own,
    until stdin (a pipe from the test process) ends."""
    import importlib

    for name in _PRELOADED:
        with contextlib.suppress(ModuleNotFoundError):  # pysmi: an extra (anysnmp[mib])
            importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # handlers reaped as they end
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)
    while all(key.fileobj is listener for key, _ in selector.select()):
        conn, _ = listener.accept()
        if os.fork() == 0:
            selector.close()
            listener.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _handle(conn)
            finally:
                os._exit(0)
        conn.close()


# -- the test's side --------------------------------------------------------------------


class _Servers:
    """This test process's servers, one per start-up environment, started on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: dict[tuple[tuple[str, str], ...], str] = {}
        self._folder = ""

    def path(self, env: Mapping[str, str]) -> str:
        key = _startup_env(env)
        with self._lock:
            if key not in self._paths:
                self._paths[key] = self._start(env)
            return self._paths[key]

    def _start(self, env: Mapping[str, str]) -> str:
        if not self._folder:  # in the session's folder: a killed run's is removed with it
            from hermetic import SESSION

            self._folder = tempfile.mkdtemp(prefix="forked-", dir=SESSION)
            atexit.register(shutil.rmtree, self._folder, True)
        path = os.path.join(self._folder, str(len(self._paths)))
        server = subprocess.Popen(
            [sys.executable, __file__, path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # pipes, as a command's: never seekable
            env=dict(env),
        )
        atexit.register(server.kill)
        assert server.stdout is not None
        if server.stdout.readline() != b"ready\n":
            raise RuntimeError(f"the anysnmp fork server did not start ({server.wait()})")
        return path


_SERVERS = _Servers()


def _forkable(command: Sequence[object], kwargs: Mapping[str, Any]) -> bool:
    """Whether `command` with `subprocess.run`'s `kwargs` runs in a fork: an anysnmp command
    with its output captured."""
    if tuple(command[:3]) != ANYSNMP:
        return False
    captured = kwargs.get("capture_output") or (
        kwargs.get("stdout") == kwargs.get("stderr") == subprocess.PIPE
    )
    known = {"capture_output", "stdout", "stderr", "env", "input", "text", "timeout", "check"}
    return bool(captured) and set(kwargs) <= known


def run(command: Sequence[Any], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    """`subprocess.run(command, **kwargs)`; an anysnmp command in a fork (the module's doc)."""
    if not _forkable(command, kwargs):
        return subprocess.run(command, **kwargs)
    env = kwargs.get("env")
    env = dict(os.environ) if env is None else dict(env)
    text = bool(kwargs.get("text"))
    data = kwargs.get("input") or b""
    if isinstance(data, str):
        data = data.encode(locale.getpreferredencoding(False))
    args = [str(arg) for arg in command[3:]]
    timeout = kwargs.get("timeout")
    stdin_r, stdin_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(_SERVERS.path(env))
        request = {"args": args, "env": env, "cwd": os.getcwd()}
        socket.send_fds(conn, [b"."], [stdin_r, out_w, err_w])
        conn.sendall(json.dumps(request).encode())
        conn.shutdown(socket.SHUT_WR)
        for fd in (stdin_r, out_w, err_w):
            os.close(fd)
        replies = conn.makefile("rb")
        pid = int(replies.readline())
        try:
            out, err = _communicate(stdin_w, out_r, err_r, data, timeout)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired(list(command), timeout or 0) from None
        status = int(replies.readline())
    done: subprocess.CompletedProcess[Any] = subprocess.CompletedProcess(
        list(command), status, *((_text(out), _text(err)) if text else (out, err))
    )
    if kwargs.get("check"):
        done.check_returncode()
    return done


def _text(data: bytes) -> str:
    """`data` as `subprocess.run(..., text=True)` gives it."""
    decoded = data.decode(locale.getpreferredencoding(False))
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def _communicate(
    stdin: int, out: int, err: int, data: bytes, timeout: float | None
) -> tuple[bytes, bytes]:
    """`data` written to `stdin` (then closed), `out` and `err` read to their ends."""
    chunks: dict[int, list[bytes]] = {out: [], err: []}
    end = None if timeout is None else time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        if data:
            os.set_blocking(stdin, False)
            selector.register(stdin, selectors.EVENT_WRITE)
        else:
            os.close(stdin)
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = None if end is None else end - time.monotonic()
            if left is not None and left <= 0:
                for key in list(selector.get_map().values()):
                    os.close(key.fd)
                raise subprocess.TimeoutExpired([], timeout or 0)
            for key, _ in selector.select(left):
                if key.fd == stdin:
                    try:
                        data = data[os.write(stdin, data[:65536]) :]
                    except BrokenPipeError:
                        data = b""
                    if not data:
                        selector.unregister(stdin)
                        os.close(stdin)
                elif chunk := os.read(key.fd, 65536):
                    chunks[key.fd].append(chunk)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    return b"".join(chunks[out]), b"".join(chunks[err])


if __name__ == "__main__":
    serve(sys.argv[1])
