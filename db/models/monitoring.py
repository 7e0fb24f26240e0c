"""Monitoring and evaluation: measured values of indicators, task progress, manual statuses of text targets,
and scored self-assessments, each recorded in batches by someone.

Nothing here is overwritten: a correction is a new version of the same record (same subject and period),
the previous one keeps its values and loses `is_current`. Readers take the current versions; the history
stays for audits and the "who changed what" question.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime
from db.models.screening import utcnow


class MonitoringBatch(Base):
    """One act of recording (a mutation call, an applied spreadsheet): who, when, and the idempotency key."""

    __tablename__ = "monitoring_batch"
    __table_args__ = (UniqueConstraint("recorded_by", "kind", "idempotency_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # OBSERVATIONS, TASK_PROGRESS, TARGET_STATUS, SELF_ASSESSMENT
    kind: Mapped[str] = mapped_column(String(30))
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_role: Mapped[str] = mapped_column(String(30))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # A hash of the call's input, so the key sent again with other input is refused (IDEMPOTENCY_CONFLICT).
    input_hash: Mapped[str | None] = mapped_column(String(64))
    # The spreadsheet's name when the batch was imported.
    file_name: Mapped[str | None] = mapped_column(String(400))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class _Recorded:
    """Who recorded a version, in which role, when, in which batch, and which version it replaces."""

    version: Mapped[int]
    is_current: Mapped[bool]
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_role: Mapped[str] = mapped_column(String(30))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class Observation(_Recorded, Base):
    """A measured value of an indicator (one of its measures) for a jurisdiction and period."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("indicator_id", "jurisdiction_id", "measure", "year", "period", "version"),
        Index("ix_observation_series", "indicator_id", "jurisdiction_id", "is_current"),
        CheckConstraint("value IS NOT NULL OR value_text IS NOT NULL", name="has_value"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    # Which measure of the indicator: '' for the indicator itself, else the metric of its targets
    # (an indicator such as 健康细胞建设 has several, each with its own threshold).
    measure: Mapped[str] = mapped_column(String(400), default="")
    year: Mapped[int]
    # Y (the whole year), Q1..Q4 or M01..M12.
    period: Mapped[str] = mapped_column(String(3))
    # The month the period ends (12 for the year and Q4): orders periods of any length in time.
    ends_month: Mapped[int]
    value: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(40))
    source_zh: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int] = mapped_column(ForeignKey("monitoring_batch.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("observation.id"))


class TaskProgressReport(_Recorded, Base):
    """How far a plan task has come in a period: a percentage and/or a status, with a note."""

    __tablename__ = "task_progress_report"
    __table_args__ = (
        UniqueConstraint("task_id", "year", "period", "version"),
        Index("ix_task_progress_report_current", "task_id", "is_current"),
        CheckConstraint("percent IS NOT NULL OR status IS NOT NULL", name="has_progress"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    year: Mapped[int]
    period: Mapped[str] = mapped_column(String(3))
    ends_month: Mapped[int]
    percent: Mapped[float | None] = mapped_column(Float)
    # NOT_STARTED, IN_PROGRESS, DONE, DELAYED
    status: Mapped[str | None] = mapped_column(String(20))
    batch_id: Mapped[int] = mapped_column(ForeignKey("monitoring_batch.id"), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("task_progress_report.id"))


class ManualTargetStatus(_Recorded, Base):
    """The status of a text target (力争每年降低0.5个百分点), judged by a person because no rule can."""

    __tablename__ = "manual_target_status"
    __table_args__ = (
        UniqueConstraint("target_id", "version"),
        Index("ix_manual_target_status_current", "target_id", "is_current"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    # MET, ON_TRACK, AT_RISK, MISSED
    status: Mapped[str] = mapped_column(String(20))
    as_of_year: Mapped[int]
    batch_id: Mapped[int] = mapped_column(ForeignKey("monitoring_batch.id"), index=True)


class SelfAssessmentScore(_Recorded, Base):
    """A self-assessed score of one item of a scored list (评分标准) for a jurisdiction and year."""

    __tablename__ = "self_assessment_score"
    __table_args__ = (
        UniqueConstraint("indicator_id", "jurisdiction_id", "year", "version"),
        Index("ix_self_assessment_score_current", "jurisdiction_id", "year", "is_current"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    year: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    evidence_zh: Mapped[str | None] = mapped_column(Text)
    # References to the evidence files (paths, document numbers, links); the files live elsewhere.
    attachments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    batch_id: Mapped[int] = mapped_column(ForeignKey("monitoring_batch.id"), index=True)
