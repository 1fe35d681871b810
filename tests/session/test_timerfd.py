"""The Linux timerfds the asyncio watchdog polls instead of a loop timer."""

from __future__ import annotations

import os
import select
import sys
import time

import pytest

from anysnmp import _timerfd

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="timerfds are Linux's")


def readable(fd: int, wait: float) -> bool:
    return bool(select.select([fd], [], [], wait)[0])


def test_a_timerfd_fires_once_at_its_time() -> None:
    fd = _timerfd.create()
    assert fd is not None
    try:
        start = time.monotonic()
        _timerfd.arm(fd, 0.05)
        assert not readable(fd, 0)
        assert readable(fd, 2)
        assert time.monotonic() - start >= 0.049
        assert int.from_bytes(os.read(fd, 8), sys.byteorder) == 1
        assert not readable(fd, 0.1)  # one-shot
        with pytest.raises(BlockingIOError):  # non-blocking
            os.read(fd, 8)
    finally:
        os.close(fd)


def test_re_arming_replaces_the_earlier_time() -> None:
    fd = _timerfd.create()
    assert fd is not None
    try:
        _timerfd.arm(fd, 30)
        _timerfd.arm(fd, 0.02)
        assert readable(fd, 2)
        os.read(fd, 8)
        _timerfd.arm(fd, 0.02)
        _timerfd.arm(fd, 30)
        assert not readable(fd, 0.2)
        _timerfd.arm(fd, 1e-6)  # the smallest delay still fires (0 would disarm)
        assert readable(fd, 2)
    finally:
        os.close(fd)
