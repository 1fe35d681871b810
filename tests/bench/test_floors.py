"""bench/floors.py's blocking floor: the system calls of gufo_snmp's and anysnmp's blocking clients."""

from __future__ import annotations

import importlib
import socket
import struct
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
# By name, so that mypy does not follow bench/'s imports of the peers (bench extra only).
floors = importlib.import_module("floors")


def test_the_blocking_floor_waits_in_recv_bounded_by_the_kernel() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as agent:
        agent.bind(("127.0.0.1", 0))
        spec = {"host": "127.0.0.1", "port": agent.getsockname()[1]}
        with floors._connected(spec, blocking=True) as sock:
            # No Python timeout: CPython would poll before each send and recv (4 system
            # calls a GET instead of 2).
            assert sock.gettimeout() is None
            timeout = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, 16)
            assert struct.unpack("ll", timeout) == (10, 0)
            sock.send(b"ping")
            data, client = agent.recvfrom(16)
            agent.sendto(b"pong", client)
            assert (data, sock.recv(16)) == (b"ping", b"pong")
