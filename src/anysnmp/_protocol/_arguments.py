"""A session's arguments checked before its ``__init__`` reads them: Python's error for one
it does not take would name `SessionCore.__init__`, never written by the user, and not what
another client's name of an argument (easysnmp's ``hostname=``...) is called here."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping
from typing import Any, Concatenate, ParamSpec, TypeVar

from .._errors import ArgumentTypeError

__all__ = ("checked_arguments",)

_P = ParamSpec("_P")
_S = TypeVar("_S")

_ADDR = "the agent's host is the first argument, addr"
_USER = "give user=User(name, auth_key=Sha256Key(b'...'), priv_key=Aes128Key(b'...'))"

#: Other clients' names of a session's arguments (easysnmp's, ezsnmp's, pysnmp's words;
#: Net-SNMP's own Python bindings' capitalized ones), and what is given instead.
_OTHER_NAMES = {
    "host": _ADDR,
    "hostname": _ADDR,
    "address": _ADDR,
    "agent": _ADDR,
    "DestHost": _ADDR,
    "RemotePort": "give port=",
    "Timeout": "give timeout= in seconds (Net-SNMP's bindings took microseconds)",
    "SecName": _USER,
    "AuthPass": _USER,
    "PrivPass": _USER,
    "SecLevel": f"the level follows the user's keys: {_USER}",
    "remote_port": "give port=",
    "retry": "give retries=",
    "community_string": "give community=",
    "security_username": _USER,
    "security_name": _USER,
    "auth_protocol": _USER,
    "auth_password": _USER,
    "privacy_protocol": _USER,
    "privacy_password": _USER,
    "security_level": f"the level follows the user's keys: {_USER}",
    "context": "give context_name=",
    "security_engine_id": "give engine_id=",
}


def checked_arguments(
    init: Callable[Concatenate[_S, _P], None],
) -> Callable[Concatenate[_S, _P], None]:
    """`init`, a session's ``__init__``, whose arguments Python refused (a `TypeError`
    raised before its body runs) are said again by `check_arguments`; the arguments it
    takes cost nothing more."""
    code = init.__code__
    names = frozenset(code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount])

    @functools.wraps(init)
    def checked(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            init(self, *args, **kwargs)
        except TypeError:
            check_arguments(type(self).__name__, names, args, kwargs)
            raise

    return checked


def check_arguments(
    session: str, names: Collection[str], args: tuple[Any, ...], kwargs: Mapping[str, Any]
) -> None:
    """Checks that a session's constructor takes `args` and `kwargs` (`names`: its keywords).

    Raises:
        ArgumentTypeError: more than the host and port by position, a keyword it does
            not take (saying what it is called here), one given twice, or no host.
    """
    example = f"{session}('192.0.2.1', 161, community='public')"
    if len(args) > 2:
        raise ArgumentTypeError(
            f"{session}() takes the host and port by position, the rest by name: {example}"
        )
    for key in kwargs:
        if key not in names:
            hint = _OTHER_NAMES.get(key) or _close(key, names)
            hint = f"{hint}: {example}" if hint == _ADDR else hint
            raise ArgumentTypeError(f"{session}() takes no {key}={hint and f': {hint}'}")
    for name in ("addr", "port")[: len(args)]:
        if name in kwargs:
            raise ArgumentTypeError(f"{session}() got {name} twice, by position and as {name}=")
    if not args and "addr" not in kwargs:
        raise ArgumentTypeError(f"{session}() needs the agent's host first: {example}")


def _close(key: str, names: Collection[str]) -> str:
    """The keyword `key` was likely meant to be (``community=`` for ``comunity``), or ''."""
    import difflib  # an error's path only

    found = difflib.get_close_matches(key, names, n=1)
    return f"did you mean {found[0]}=?" if found else ""
