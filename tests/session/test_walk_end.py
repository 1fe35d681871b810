"""Why a walk ended (`walk_plan` + `run_walk`): known without one more request."""

from __future__ import annotations

from typing import Any

import pytest
from scripted import Request, ScriptedAgent, scripted_agent, static_view

from anysnmp import SnmpSession, SnmpVersion
from anysnmp.lowlevel import WalkEnd

pytestmark = pytest.mark.anyio

VIEW = {f"1.3.6.1.2.1.1.{i}.0": (0x02, i) for i in range(1, 5)}
ROOT = "1.3.6.1.2.1.1"


def answering(tag: int) -> Any:
    """A GETNEXT agent answering the view, then `tag` for the OID asked past its end."""
    serve = static_view(VIEW)

    async def handler(agent: ScriptedAgent, request: Request) -> None:
        oid = request.varbinds[0][0]
        if oid == "1.3.6.1.2.1.1.4.0":
            if tag == 2:  # v1: noSuchName error-status
                await agent.reply(request, request.response([], status=2, index=1))
            else:
                await agent.reply(request, request.response([(oid, tag, None)]))
            return
        await serve(agent, request)

    return handler


@pytest.mark.parametrize(
    ("tag", "end", "varbind"),
    [
        (0x80, WalkEnd.NO_SUCH_OBJECT, ("1.3.6.1.2.1.1.4.0", 0x80)),
        (0x81, WalkEnd.NO_SUCH_INSTANCE, ("1.3.6.1.2.1.1.4.0", 0x81)),
        (0x82, WalkEnd.END_OF_MIB_VIEW, ("1.3.6.1.2.1.1.4.0", 0x82)),
        (2, WalkEnd.NO_SUCH_NAME, None),
    ],
)
async def test_the_plan_says_why_the_walk_ended(
    tag: int, end: WalkEnd, varbind: tuple[str, int] | None
) -> None:
    version = SnmpVersion.v1 if tag == 2 else SnmpVersion.v2c
    async with (
        scripted_agent(answering(tag)) as agent,
        SnmpSession("127.0.0.1", agent.port, version=version, timeout=2) as s,
    ):
        plan = s.walk_plan(ROOT, bulk=False)
        assert plan.end is None
        items = [item async for batch in s.run_walk(plan) for item in batch]
        assert items == [(oid, value) for oid, (_, value) in VIEW.items()]
        assert plan.end is end and plan.end_varbind == varbind
        assert len(agent.requests) == len(VIEW) + 1  # the one finding the end, no extra


async def test_leaving_the_subtree_is_its_end() -> None:
    async with (
        scripted_agent(static_view(VIEW)) as agent,
        SnmpSession("127.0.0.1", agent.port, timeout=2) as s,
    ):
        plan = s.walk_plan("1.3.6.1.2.1.1.2", typed=True)
        assert [b async for b in s.run_walk(plan)] == [[("1.3.6.1.2.1.1.2.0", 0x02, 2)]]
        assert plan.end is WalkEnd.END_OF_SUBTREE
        assert plan.end_varbind == ("1.3.6.1.2.1.1.3.0", 0x02)
