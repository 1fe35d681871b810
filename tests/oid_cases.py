"""OID text that is not an OID, and the reason its error gives (tests/session, tests/cli)."""

from __future__ import annotations

import pytest

#: Text that is not an OID, and the reason the error gives.
BAD = {
    "1.3.6.²": "not ASCII digits",
    "1.3.٦": "not ASCII digits",
    "1.3.x": "not ASCII digits",
    " 1.3": "not ASCII digits",
    "1.3.06": "leading zero",
    "3.1": "the first arc is 0, 1 or 2",
    "1.40": "the second arc is below 40",
    "0.40.1": "the second arc is below 40",
    "1.3.4294967296": "exceeds 2\\^32-1",
    ".".join(["1"] * 129): "more than 128 arcs",
    "1..3": "an empty arc",
    "..1.3": "an empty arc",
    "1.3.": "an empty arc",
    "1": "at least two arcs",
    "": "empty OID",
}
CASES = pytest.mark.parametrize(("text", "reason"), list(BAD.items()), ids=range(len(BAD)))
