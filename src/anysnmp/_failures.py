"""FailureLog: failures a peer can make repeat (a handler's, a getter's), logged so that
repeating them cannot flood the log.

The first failure of each kind is logged with its traceback; the later ones are counted,
and logged as one line at most once per `LOG_INTERVAL` seconds of the owner's clock, saying
how many there were since the kind's last line and what the last one was. At most
`MAX_KINDS` kinds are told apart: the failures of kinds met past them are counted as one
kind more, so that distinct failures cannot make memory grow.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable

#: The least seconds between two lines logged of one kind of failure after its first.
LOG_INTERVAL = 60.0
#: The kinds of failure told apart; those met past them are counted together.
MAX_KINDS = 1000
#: The kind of the failures met past `MAX_KINDS` kinds.
_OTHER = object()


def raised_at(error: BaseException) -> tuple[str, int] | None:
    """The file and line the innermost frame of `error`'s traceback was at (where it was
    raised), or None for an error never raised."""
    tb = error.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename, tb.tb_lineno


def _described(error: BaseException) -> str:
    """``Type: message (file, line N)``: what a line of later failures says of the last."""
    text = type(error).__name__
    if str(error):
        text += f": {error}"
    place = raised_at(error)
    return text if place is None else f"{text} ({place[0]}, line {place[1]})"


class FailureLog:
    """The failures of an owner (an agent's handler, a responder's getters) on `logger`.

    Args:
        logger: where the lines go (at level ERROR).
        max_kinds: the kinds told apart (`MAX_KINDS`).
    """

    def __init__(self, logger: logging.Logger, max_kinds: int = MAX_KINDS) -> None:
        self._logger = logger
        self._max_kinds = max_kinds
        #: Per kind: (when its last line was logged, its failures since).
        self._kinds: dict[Hashable, tuple[float, int]] = {}

    def failed(
        self, kind: Hashable, now: float, error: BaseException, subject: str, context: str = ""
    ) -> None:
        """Logs (or counts) `error`, a failure of `kind` at `now` (seconds of the owner's
        clock): "`subject` failed`context`" with its traceback for a kind's first; the line
        of those since, naming the last, once `LOG_INTERVAL` has passed since the kind's
        last line; nothing otherwise."""
        if kind not in self._kinds and len(self._kinds) >= self._max_kinds:
            kind = _OTHER
        last = self._kinds.get(kind)
        if last is None:
            self._kinds[kind] = now, 0
            note = (
                f" (more than {self._max_kinds} kinds of failure: those of kinds met from now "
                "on are counted together)"
                if kind is _OTHER
                else ""
            )
            self._logger.error("%s failed%s%s", subject, context, note, exc_info=error)
            return
        since, more = last[0], last[1] + 1
        if now - since < LOG_INTERVAL:
            self._kinds[kind] = since, more
            return
        self._kinds[kind] = now, 0
        if kind is _OTHER:
            self._logger.error(
                "failures of kinds past the first %d: %d more since their last line, the last: "
                "%s failed%s with %s",
                self._max_kinds,
                more,
                subject,
                context,
                _described(error),
            )
            return
        self._logger.error(
            "%s failed %d more %s since its last line, the last%s with %s",
            subject,
            more,
            "time" if more == 1 else "times",
            context,
            _described(error),
        )
