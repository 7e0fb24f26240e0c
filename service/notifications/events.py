"""Events of the review workflow, as service functions emit them.

`emit(session, ...)` stores the event in the transaction of the change (so it exists exactly when the
change does) and keeps it on the session; when the unit of work commits, the bus delivers it: on
PostgreSQL it is NOTIFYed inside the transaction (every process hears it when the change commits, never
when it rolls back), on SQLite it goes to this process's subscribers after the commit. A subscriber that
missed events (it was reconnecting, or too slow) catches up from the stored ones with `after`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ProposalEvent

_PENDING = "hia.pending_events"


class EventType(StrEnum):
    PROPOSAL_SCREENED = "PROPOSAL_SCREENED"
    REVIEW_REQUESTED = "REVIEW_REQUESTED"
    REVIEWER_REPLACED = "REVIEWER_REPLACED"
    REVIEW_WAIVED = "REVIEW_WAIVED"
    REVIEW_SUBMITTED = "REVIEW_SUBMITTED"
    REVIEW_CONCLUDED = "REVIEW_CONCLUDED"
    CONDITION_COMPLETED = "CONDITION_COMPLETED"
    RATING_CLOSED = "RATING_CLOSED"
    FORM_SETTLED = "FORM_SETTLED"


@dataclass(frozen=True)
class Event:
    """A committed event as the bus carries it: ids only, each subscriber reads what it may see."""

    id: int
    type: str
    proposal_id: int
    jurisdiction_id: int
    request_id: int | None = None
    department_id: int | None = None
    expert_id: int | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, payload: str) -> Event:
        data: dict[str, Any] = json.loads(payload)
        return cls(
            id=int(data["id"]),
            type=str(data["type"]),
            proposal_id=int(data["proposal_id"]),
            jurisdiction_id=int(data["jurisdiction_id"]),
            request_id=data.get("request_id"),
            department_id=data.get("department_id"),
            expert_id=data.get("expert_id"),
        )

    @classmethod
    def of(cls, row: Any) -> Event:
        return cls(
            id=row.id,
            type=row.type,
            proposal_id=row.proposal_id,
            jurisdiction_id=row.jurisdiction_id,
            request_id=row.request_id,
            department_id=row.department_id,
            expert_id=row.expert_id,
        )


def emit(
    session: AsyncSession,
    type: EventType,
    proposal: Any,
    actor: str | None,
    *,
    request: Any = None,
    condition_id: int | None = None,
    conclusion_id: int | None = None,
) -> ProposalEvent:
    """Record that `type` happened to `proposal` (and, for review requests, to whom it is addressed)."""
    row = ProposalEvent(
        type=type.value,
        proposal_id=proposal.id,
        jurisdiction_id=proposal.jurisdiction_id,
        request_id=getattr(request, "id", None),
        department_id=getattr(request, "department_id", None),
        expert_id=getattr(request, "expert_id", None),
        condition_id=condition_id,
        conclusion_id=conclusion_id,
        actor=actor,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.info.setdefault(_PENDING, []).append(row)
    return row


def take(session: AsyncSession) -> list[Event]:
    """The events stored in this unit of work (flushed, so they have ids), removed from the session."""
    rows: list[ProposalEvent] = session.info.pop(_PENDING, [])
    return [Event.of(row) for row in rows]


def discard(session: AsyncSession) -> None:
    session.info.pop(_PENDING, None)
