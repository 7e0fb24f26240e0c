"""Review: the expert committee of a jurisdiction, the review requests a screening raises, the reviews given,
the conditions they attach, and the committee's conclusion.

Everything hangs on one screening round (an `Assessment`): a resubmitted proposal is screened again and
gets new requests, while the earlier round's requests, reviews and conclusion stay as history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, orm_insert_sentinel

from db.base import Base, UTCDateTime
from db.models.screening import utcnow


class Committee(Base):
    """A jurisdiction's health impact assessment expert committee (健康影响评价专家委员会)."""

    __tablename__ = "committee"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # Blind review: reviewers' opinions and proposed conditions stay hidden from the sponsoring department until
    # the chair concludes the round (db.repositories.visibility.ProposalScope.unsealed).
    blind_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommitteeMember(Base):
    """A person on the committee: its chair, a secretary (健评办), or an expert with specialties."""

    __tablename__ = "committee_member"
    __table_args__ = (UniqueConstraint("committee_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"), index=True)
    # The committee's jurisdiction, repeated so that members are scoped like everything else of it.
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    # The account the person signs in with (tokens are issued to it).
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    title_zh: Mapped[str | None] = mapped_column(String(120))
    title_en: Mapped[str | None] = mapped_column(String(120))
    affiliation_zh: Mapped[str | None] = mapped_column(String(200))
    affiliation_en: Mapped[str | None] = mapped_column(String(200))
    # The department the person works for, if it is one of the jurisdiction's: a conflict of interest
    # with that department's own proposals.
    affiliation_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewSetting(Base):
    """How long reviewers have, per impact degree, in one jurisdiction (defaults in service.review.settings)."""

    __tablename__ = "review_setting"
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), primary_key=True)
    due_days_minimal: Mapped[int] = mapped_column(Integer)
    due_days_mild: Mapped[int] = mapped_column(Integer)
    due_days_major: Mapped[int] = mapped_column(Integer)


class ReviewRequest(Base):
    """One review the committee asks for in one screening round: of a department, or of an expert in one or
    more specialties. Replacing a reviewer closes the request and opens another; nothing is overwritten."""

    __tablename__ = "review_request"
    __table_args__ = (
        Index("ix_review_request_department_open", "department_id", "status"),
        Index("ix_review_request_expert_open", "expert_id", "status"),
        Index("ix_review_request_listing", "jurisdiction_id", "status", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    kind: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    # The first of `specialties`, kept for the clients and reports that read one specialty.
    specialty: Mapped[str | None] = mapped_column(String(40))
    # Expert requests: every specialty asked of the expert on this proposal (one request per expert), in the
    # screening's order; an UNASSIGNED request lists the one specialty nobody eligible covers.
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("committee_member.id"))
    status: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[dt.date] = mapped_column(Date)
    # Why it was asked for: the screening's reasons (portfolios, indicators, rules) or the secretary's.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Why it was waived or its reviewer replaced.
    closing_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("review_request.id"))
    created_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(120))
    # Lets one INSERT write many rows and still hand each its id: SQLite cannot tie RETURNING rows to the rows
    # given by their rowids, so without it a submit wrote its requests and events one statement each.
    insert_sentinel: Mapped[int | None] = orm_insert_sentinel("insert_sentinel")


class Review(Base):
    """The opinion a reviewer gave on one request (at most one per request)."""

    __tablename__ = "review"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("review_request.id"), unique=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    opinion: Mapped[str] = mapped_column(String(40))
    comments: Mapped[str | None] = mapped_column(Text)
    # Answers to the screening's "don't know" questions: [{questionId, value, note}].
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reviewer_user: Mapped[str | None] = mapped_column(String(120))
    reviewer_role: Mapped[str | None] = mapped_column(String(30))
    # The name to print as the signature (the committee member's, or the department's officer's account).
    signed_name: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewConclusion(Base):
    """The chair's conclusion of one screening round; the unique assessment makes it exactly one."""

    __tablename__ = "review_conclusion"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    decision: Mapped[str] = mapped_column(String(40))
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    concluded_by: Mapped[str | None] = mapped_column(String(120))
    signed_name: Mapped[str] = mapped_column(String(200))
    signed_title: Mapped[str | None] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    concluded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewCondition(Base):
    """A mitigation a reviewer or the chair attaches, with the department responsible and a due date. Once the
    conclusion adopts it, it is that department's obligation, tracked to DONE with evidence."""

    __tablename__ = "review_condition"
    __table_args__ = (Index("ix_review_condition_department", "responsible_department_id", "status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), index=True)
    conclusion_id: Mapped[int | None] = mapped_column(ForeignKey("review_conclusion.id"))
    responsible_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    # Optimistic concurrency for follow-up updates.
    version: Mapped[int] = mapped_column(Integer, default=1)
    evidence: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    completed_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExpertRating(Base):
    """One expert's independent answers to the ten questions of the national form, and the degree the expert
    proposes, in one screening round; given once, before seeing the others' (see service.review.ratings)."""

    __tablename__ = "expert_rating"
    __table_args__ = (UniqueConstraint("assessment_id", "expert_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    expert_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id"), index=True)
    # [{number, answer (YES/UNKNOWN/NO), comment}], the ten in number order.
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    proposed_degree: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str | None] = mapped_column(String(120))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CommitteeForm(Base):
    """The committee's national form of one screening round: first the close of rating (when every panel expert
    has rated, or when the chair closes it early, with the reason and who was missing), then the chair's
    settled answers and degree beside the engine's and the panel's, with a reason wherever they differ."""

    __tablename__ = "committee_form"
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    rating_closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    rating_closed_by: Mapped[str | None] = mapped_column(String(120))
    # Closing with ratings missing needs a reason; the experts who had not rated are kept by member id.
    rating_close_reason: Mapped[str | None] = mapped_column(Text)
    missing_expert_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # [{number, engineAnswer, finalAnswer, reason, distribution: {YES, UNKNOWN, NO}}], once settled.
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    engine_degree: Mapped[str | None] = mapped_column(String(20))
    final_degree: Mapped[str | None] = mapped_column(String(20))
    degree_reason: Mapped[str | None] = mapped_column(Text)
    settled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    settled_by: Mapped[str | None] = mapped_column(String(120))
    signed_name: Mapped[str | None] = mapped_column(String(200))
    signed_title: Mapped[str | None] = mapped_column(String(200))


class ProposalEvent(Base):
    """Something that happened in a proposal's review, kept so that subscribers can catch up on what they
    missed (a subscription may start `after` the last event it saw) and the proposal shows its timeline."""

    __tablename__ = "proposal_event"
    __table_args__ = (
        Index("ix_proposal_event_proposal", "proposal_id", "id"),
        Index("ix_proposal_event_department", "department_id", "id"),
        Index("ix_proposal_event_expert", "expert_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(40))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("review_request.id"))
    # The department or expert the event concerns as reviewer (for "my review requests").
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("committee_member.id"))
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("review_condition.id"))
    conclusion_id: Mapped[int | None] = mapped_column(ForeignKey("review_conclusion.id"))
    actor: Mapped[str | None] = mapped_column(String(120))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Lets one INSERT write many rows and still hand each its id: SQLite cannot tie RETURNING rows to the rows
    # given by their rowids, so without it a submit wrote its requests and events one statement each.
    insert_sentinel: Mapped[int | None] = orm_insert_sentinel("insert_sentinel")
