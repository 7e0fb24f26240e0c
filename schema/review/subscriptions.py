"""Subscriptions (graphql-transport-ws): a proposal's events, and events on the review requests addressed to
the subscriber. Each resolves what it delivers afresh, through the subscriber's own scope."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated

import strawberry
from strawberry import relay

from schema.context import Info
from schema.permissions import AUTHENTICATED, REVIEWERS
from schema.review.types import ProposalEvent
from schema.screening.inputs import proposal_id
from service.review import reads, subscriptions

AfterArgument = Annotated[
    str | None,
    strawberry.argument(
        description="Resume after this event (its `cursor`): the events stored since are sent first. Omit to "
        "receive only what happens from now on."
    ),
]


async def _resolved(info: Info, event_ids: AsyncIterator[int]) -> AsyncGenerator[ProposalEvent, None]:
    async for event_id in event_ids:
        # The token may have been revoked or have expired since the subscription started.
        await info.context.recheck_token()
        # A long-lived subscription must not answer from what it read for an earlier event.
        await info.context.refresh()
        row = await info.context.loaders.by_id("proposalEvent").load(event_id)
        if row is not None:
            yield ProposalEvent.from_row(row)


@strawberry.type(
    description="Follow what happens, over WebSockets (`graphql-transport-ws`; send the token as "
    '`{"authorization": "Bearer ..."}` in `connection_init`). Each event says what happened; resume with `after`. '
    "A token revoked or expired while connected ends every subscription with an UNAUTHENTICATED `error` saying "
    "why, and the connection with close code 4401, within seconds."
)
class Subscription:
    @strawberry.subscription(
        description="Events of one proposal the caller may see (screened, review requested, review in, concluded, "
        "conditions done), as they happen.",
        permission_classes=[AUTHENTICATED],
    )
    async def proposal_events(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The proposal's id.")],
        after: AfterArgument = None,
    ) -> AsyncGenerator[ProposalEvent, None]:
        stream = subscriptions.proposal_events(
            info.context.db,
            info.context.bus,
            info.context.principal,
            proposal_id(id, ["id"]),
            reads.event_after(after, ["after"]),
        )
        async for event in _resolved(info, stream):
            yield event

    @strawberry.subscription(
        description="Events on review requests addressed to the caller: a department officer's department, or the "
        "expert's own (new requests, replacements, waivers, reviews given).",
        permission_classes=[REVIEWERS],
    )
    async def my_review_request_events(
        self, info: Info, after: AfterArgument = None
    ) -> AsyncGenerator[ProposalEvent, None]:
        stream = subscriptions.my_review_request_events(
            info.context.db, info.context.bus, info.context.principal, reads.event_after(after, ["after"])
        )
        async for event in _resolved(info, stream):
            yield event
