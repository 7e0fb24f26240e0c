"""Screening: published checklist versions, proposals, and the assessments made of them.

An assessment is immutable once stored: it keeps the checklist version it was made with and the
targets as they stood, so a later checklist or catalog change never rewrites a past decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ChecklistVersion(Base):
    """One published version of a checklist; its YAML is kept verbatim."""

    __tablename__ = "checklist_version"
    __table_args__ = (UniqueConstraint("checklist_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    title_zh: Mapped[str] = mapped_column(String(400))
    title_en: Mapped[str] = mapped_column(String(400))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_yaml: Mapped[str] = mapped_column(Text)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))


class ScreeningSetting(Base):
    """A jurisdiction's own screening settings (the default comes from the checklist)."""

    __tablename__ = "screening_setting"
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), primary_key=True)
    investment_threshold_yuan: Mapped[float] = mapped_column(Float)


class Proposal(Base):
    """A policy or project a department proposes, with its answers to the checklist."""

    __tablename__ = "proposal"
    __table_args__ = (
        Index("ix_proposal_listing", "jurisdiction_id", "status", "id"),
        UniqueConstraint("sponsor_department_id", "create_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # A state of service.proposal_states (APPROVED_WITH_CONDITIONS is the longest).
    status: Mapped[str] = mapped_column(String(40))
    # Optimistic concurrency: every change increments it; an update names the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(400))
    summary: Mapped[str | None] = mapped_column(Text)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    sponsor_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    policy_type: Mapped[str | None] = mapped_column(String(40))
    investment_yuan: Mapped[float | None] = mapped_column(Float)
    site: Mapped[str | None] = mapped_column(String(400))
    construction_start: Mapped[dt.date | None] = mapped_column(Date)
    construction_end: Mapped[dt.date | None] = mapped_column(Date)
    population_affected: Mapped[float | None] = mapped_column(Float)
    vulnerable_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Codes of the towns and streets (镇/街道) it touches (a project: its site's), or the whole jurisdiction
    # (a district-wide policy): the town/street portfolio asks only those to review.
    places: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    whole_jurisdiction: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the proposal's own document suggested (service/intake/drafting.py): per question the answer, its
    # confidence and the quoted sentences, and the facts read (investment, places). Never an answer until
    # the drafter accepts or changes it.
    suggestions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # Where each answer (and kind, policy type, investment, places) came from: SUGGESTED_ACCEPTED,
    # SUGGESTED_CHANGED or ENTERED (service/intake/provenance.py).
    answer_origins: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_version.id"))
    # Denormalised from the latest assessment so lists filter by it through an index.
    impact_degree: Mapped[str | None] = mapped_column(String(20), index=True)
    latest_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", use_alter=True, name="fk_proposal_latest_assessment_id_assessment")
    )
    create_key: Mapped[str | None] = mapped_column(String(200))
    # SHA-256 of the creating request's input: the same key with other input is refused (IDEMPOTENCY_CONFLICT).
    create_input_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class Assessment(Base):
    """The outcome of screening one proposal under one checklist version (immutable)."""

    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("proposal_id", "idempotency_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_version.id"))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    inputs_hash: Mapped[str] = mapped_column(String(64))
    in_scope: Mapped[bool] = mapped_column(Boolean)
    scope_rule_id: Mapped[str | None] = mapped_column(String(80))
    scope_reason_zh: Mapped[str] = mapped_column(Text)
    scope_reason_en: Mapped[str] = mapped_column(Text)
    impact_degree: Mapped[str] = mapped_column(String(20))
    procedure: Mapped[str] = mapped_column(String(30))
    # The outcome's lists, as documents: national form answers, findings (with the jurisdiction's
    # linked indicators and targets as they stood), requirements, mitigations, facts, rules.
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The comparable core of the outcome (scope, degree, findings, requirements): what a replay reads,
    # a few hundred bytes instead of the whole document.
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Per answer as submitted: where it came from and, for one suggested from the document, the sentences
    # behind it; the record keeps what the text said even if the drafter changed the answer.
    answer_provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AssessmentReviewer(Base):
    """A department an assessment requires as reviewer, and why (portfolios, indicators answered for)."""

    __tablename__ = "assessment_reviewer"
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True, index=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class ScreeningReplay(Base):
    """A re-evaluation of stored proposals under another checklist version: which outcomes would change."""

    __tablename__ = "screening_replay"
    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_version_id: Mapped[int] = mapped_column(ForeignKey("checklist_version.id"))
    # The jurisdiction whose committee ran it (it sees only its own proposals); null for an administrator's.
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"))
    filter: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ScreeningReplayChange(Base):
    """One proposal whose outcome would change, with the outcome before (as stored) and after."""

    __tablename__ = "screening_replay_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    replay_id: Mapped[int] = mapped_column(ForeignKey("screening_replay.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"))
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[list[str]] = mapped_column(JSON)
    # Why (service/screening/replay_explain.py): sentences in Chinese and English, the stored answers the
    # replayed version could not use, and its applicable questions the proposal has not answered.
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
