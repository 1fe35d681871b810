"""Linux timerfds: one-shot timers an event loop polls like a socket.

`os.timerfd_create` from Python 3.13, libc through ctypes before; `create`
returns None where there are none (other systems, or a libc without them),
and the caller keeps a loop timer instead.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from collections.abc import Callable

__all__ = ("arm", "create")


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


class _Itimerspec(ctypes.Structure):
    _fields_ = (("it_interval", _Timespec), ("it_value", _Timespec))


def _libc_timerfd() -> tuple[Callable[[], int], Callable[[int, float], None]] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        timerfd_create, timerfd_settime = libc.timerfd_create, libc.timerfd_settime
    except (OSError, AttributeError):
        return None
    timerfd_create.argtypes = (ctypes.c_int, ctypes.c_int)
    timerfd_settime.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
    spec = _Itimerspec()
    spec_ref = ctypes.byref(spec)

    def create_fd() -> int:
        fd = int(timerfd_create(time.CLOCK_MONOTONIC, os.O_NONBLOCK | os.O_CLOEXEC))
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        return fd

    def set_fd(fd: int, seconds: float) -> None:
        whole = int(seconds)
        spec.it_value.tv_sec, spec.it_value.tv_nsec = whole, int((seconds - whole) * 1e9)
        if timerfd_settime(fd, 0, spec_ref, None) < 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")

    return create_fd, set_fd


def _os_timerfd() -> tuple[Callable[[], int], Callable[[int, float], None]]:
    flags = os.TFD_NONBLOCK | os.TFD_CLOEXEC  # type: ignore[attr-defined,unused-ignore]

    def create_fd() -> int:
        return os.timerfd_create(time.CLOCK_MONOTONIC, flags=flags)  # type: ignore[attr-defined,no-any-return,unused-ignore]

    def set_fd(fd: int, seconds: float) -> None:
        os.timerfd_settime(fd, initial=seconds)  # type: ignore[attr-defined,unused-ignore]

    return create_fd, set_fd


_impl = (
    (_os_timerfd() if hasattr(os, "timerfd_create") else _libc_timerfd())
    if sys.platform == "linux"
    else None
)


def create() -> int | None:
    """A non-blocking, close-on-exec timerfd on the monotonic clock; None where unsupported."""
    if _impl is None:
        return None
    try:
        return _impl[0]()
    except OSError:
        return None


def arm(fd: int, seconds: float) -> None:
    """Arms `fd` to become readable once, `seconds` from now (> 0); re-arming replaces it."""
    if _impl is None:
        raise OSError("no timerfd on this system")
    _impl[1](fd, seconds)
