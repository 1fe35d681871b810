"""The walk commands tell how a walk ended from the walk itself: no request after it."""

from __future__ import annotations

import io

import pytest

from anysnmp import Agent, CommandResponder, Integer, MibView, SnmpSession, SnmpVersion
from anysnmp.cli._output import Output
from anysnmp.cli._walk import walk_subtree

pytestmark = pytest.mark.anyio

SYSTEM = "1.3.6.1.2.1.1"
VALUES = {f"{SYSTEM}.{n}.0": Integer(n) for n in (1, 2, 3)}


@pytest.mark.parametrize(
    ("version", "after", "end_line"),
    [
        (SnmpVersion.v2c, {"1.3.6.1.2.1.2.1.0": Integer(9)}, None),  # leaves the subtree
        (SnmpVersion.v2c, {}, f".{SYSTEM}.3.0 = No more variables left in this MIB View"),
        (SnmpVersion.v1, {}, "End of MIB"),
    ],
    ids=["end-of-subtree", "end-of-mib-view", "v1-no-such-name"],
)
async def test_a_getnext_walk_sends_one_request_per_answer(
    version: SnmpVersion, after: dict[str, Integer], end_line: str | None
) -> None:
    responder = CommandResponder(MibView({**VALUES, **after}))
    stream = io.StringIO()
    async with (
        Agent([("127.0.0.1", 0)], responder) as agent,
        SnmpSession(*agent.addresses[0], version=version, timeout=2) as session,
    ):
        printed = await walk_subtree(session, SYSTEM, Output(stream=stream), bulk=False)
    lines = stream.getvalue().splitlines()
    assert lines[:3] == [f".{oid} = INTEGER: {value.value}" for oid, value in VALUES.items()]
    assert lines[3:] == ([] if end_line is None else [lines[3]])
    if end_line is not None:
        assert lines[3].startswith(end_line)
    assert printed == 3 + (end_line is not None and version != SnmpVersion.v1)
    # Three answers in the subtree and the one that ended the walk: nothing more.
    assert responder.stats.requests == 4
