"""A private network namespace whose veth links carry IPv6 link-local addresses.

Two veth pairs, ``va``-``vb`` and ``vc``-``vd``: fe80::1 is on ``va`` and on
``vc``, fe80::2 on ``vb`` and on ``vd``. The same address on two links can
only be told apart by its scope id (``fe80::1%vb`` is reached through link
``vb``, ``fe80::1%vd`` through ``vd``), which is what the tests exercise.

`LinkLocalNet.call` runs a function in a thread that has entered the namespace
(setns): the sockets it opens and the processes it starts live there, and so
do the threads it creates (asyncio's executor of a loop run there, which
resolves names). Threads made elsewhere do not: trio's worker threads are
cached process-wide, so code run there must not hand namespace work to
``to_thread`` (trio resolves numeric addresses in the calling thread). The
root namespace of the machine is left untouched; the namespace is deleted on
exit.
"""

from __future__ import annotations

import ctypes
import os
import socket
import subprocess
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio
import attrs
import pytest

T = TypeVar("T")

CLONE_NEWNET = 0x40000000

#: ``ip`` commands that build the links, run inside the namespace.
_LINKS = (
    "link add va type veth peer name vb",
    "link add vc type veth peer name vd",
    # No address of the kernel's own on the links: fe80::1 and fe80::2 are their only ones.
    "link set va addrgenmode none",
    "link set vb addrgenmode none",
    "link set vc addrgenmode none",
    "link set vd addrgenmode none",
    "link set lo up",
    "link set va up",
    "link set vb up",
    "link set vc up",
    "link set vd up",
    "-6 addr add fe80::1/64 dev va nodad",
    "-6 addr add fe80::2/64 dev vb nodad",
    "-6 addr add fe80::1/64 dev vc nodad",
    "-6 addr add fe80::2/64 dev vd nodad",
)


@attrs.frozen
class LinkLocalNet:
    """The namespace, by name (``/run/netns/<name>``)."""

    name: str

    def index(self, interface: str) -> int:
        """The interface index (an IPv6 scope id) of `interface` in the namespace."""
        return self.call(lambda: socket.if_nametoindex(interface))

    def call(self, function: Callable[[], T]) -> T:
        """``function()`` run in a thread inside the namespace; its result or its exception."""
        outcome: list[Any] = []

        def target() -> None:
            try:
                _enter(self.name)
                outcome.append((True, function()))
            except BaseException as exc:  # handed to the calling thread
                outcome.append((False, exc))

        thread = threading.Thread(target=target, name=f"netns {self.name}")
        thread.start()
        thread.join()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def run(self, function: Callable[[], Awaitable[T]], backend: str) -> T:
        """``await function()`` under `backend` (asyncio or trio), inside the namespace."""
        return self.call(lambda: anyio.run(function, backend=backend))


def _enter(name: str) -> None:
    """Moves the calling thread into network namespace `name`."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(fd, CLONE_NEWNET) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"setns into {name}: {os.strerror(error)}")
    finally:
        os.close(fd)


def _ip(*args: str) -> None:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        pytest.fail(f"ip {' '.join(args)} failed: {result.stderr.strip()}")


def _remove_stale() -> None:
    """Deletes the namespaces of test processes that died before deleting their own."""
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=30)
    for line in listed.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        pid = name.removeprefix(_PREFIX)
        if name.startswith(_PREFIX) and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=30)


_PREFIX = "anysnmp-test-"


@contextmanager
def link_local_net() -> Iterator[LinkLocalNet]:
    """Creates the namespace and its links; deletes it (and its links) on exit."""
    _remove_stale()
    name = f"{_PREFIX}{os.getpid()}"
    _ip("netns", "add", name)
    try:
        for command in _LINKS:
            _ip("-n", name, *command.split())
        yield LinkLocalNet(name)
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=30)
