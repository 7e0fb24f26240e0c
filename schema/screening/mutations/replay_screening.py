"""replayScreening: what would change if the committee adopted another checklist version."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from schema.catalog.inputs import values
from schema.context import Info
from schema.screening.inputs import ProposalFilter
from schema.screening.types import ScreeningReplay
from schema.user_errors import UserError, idempotency_key_field, user_errors
from service.audit import Audit
from service.errors import HiaError
from service.screening import replay
from service.screening.reads import ProposalQuery, to_filter

# Running replays, kept referenced so the event loop does not drop them half-way.
_running: set[asyncio.Task[None]] = set()


@strawberry.input(description="Replay stored proposals under a checklist version.")
class ReplayScreeningInput:
    checklist_version: int = strawberry.field(description="The version to evaluate them under.")
    filter: ProposalFilter | None = strawberry.field(
        default=None, description="Which proposals; all screened ones by default."
    )
    idempotency_key: str | None = idempotency_key_field("the replay the first call started (running or done)")


@strawberry.type(description="Result of replayScreening.")
class ReplayScreeningPayload:
    replay: ScreeningReplay | None = strawberry.field(description="The replay; poll it by id for progress.")
    user_errors: list[UserError] = strawberry.field(description="Problems with the input.")


async def replay_screening(
    info: Info, input: Annotated[ReplayScreeningInput, strawberry.argument(description="The mutation's input.")]
) -> ReplayScreeningPayload:
    f = input.filter or ProposalFilter()
    query = ProposalQuery(
        jurisdiction=f.jurisdiction,
        kinds=values(f.kinds),
        statuses=values(f.statuses),
        sponsoring_department=f.sponsoring_department,
        impact_degrees=values(f.impact_degrees),
    )

    principal = info.context.principal

    async def begin(session: AsyncSession) -> tuple[Any, bool, Any]:
        resolved = await to_filter(session, query, ["input", "filter"])
        started, new = await replay.start(
            session, principal, input.checklist_version, resolved, query.document(), input.idempotency_key
        )
        return started, new, resolved

    try:
        row, new, resolved = await info.context.write(Audit("replayScreening", "ScreeningReplay"), begin)
    except HiaError as error:
        return ReplayScreeningPayload(replay=None, user_errors=user_errors(error))
    if not new:  # a retry: the first call's replay runs (or ran) already
        return ReplayScreeningPayload(replay=ScreeningReplay.from_row(row), user_errors=[])
    scope = principal.proposal_scope()
    task = asyncio.create_task(replay.run(info.context.session_factory, row.id, resolved, scope))
    _running.add(task)
    task.add_done_callback(_running.discard)
    return ReplayScreeningPayload(replay=ScreeningReplay.from_row(row), user_errors=[])
