"""The catalog: jurisdictions, their plans, departments, working groups, indicator frameworks, tasks, targets.

Everything here is transcribed from source plans (db/seed) and carries its source. There are no ORM
relationships on purpose: reads go through repository batch queries (DataLoaders), so an accidental
lazy load cannot turn into N+1 queries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

CODE = String(80)
NAME = String(400)


class SourceMixin:
    """Where a record was transcribed from: the seed file and the place in it."""

    source_seed: Mapped[str] = mapped_column(String(40))
    source_section: Mapped[str] = mapped_column(String(200))


class Portfolio(Base):
    """A government function (职能领域) that rules name and jurisdictions map departments to."""

    __tablename__ = "portfolio"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    description_en: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class Jurisdiction(SourceMixin, Base):
    __tablename__ = "jurisdiction"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    parent_name_zh: Mapped[str | None] = mapped_column(NAME)
    parent_name_en: Mapped[str | None] = mapped_column(NAME)


class Department(SourceMixin, Base):
    """A department or other unit (部门/单位) that a plan makes lead, co-operating or responsible."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    kind: Mapped[str] = mapped_column(String(30))
    governs_jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)


class DepartmentName(Base):
    """Every spelling of a department seen in the sources (current and former names, short forms)."""

    __tablename__ = "department_name"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "name_zh"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), index=True)
    # Denormalised so one spelling can only mean one department within a jurisdiction.
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    name_zh: Mapped[str] = mapped_column(NAME)
    is_primary: Mapped[bool]


class DepartmentPortfolio(Base):
    __tablename__ = "department_portfolio"
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("portfolio.id"), primary_key=True, index=True)


class Plan(SourceMixin, Base):
    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    title_zh: Mapped[str] = mapped_column(NAME)
    title_en: Mapped[str] = mapped_column(NAME)
    document_number: Mapped[str | None] = mapped_column(String(100))
    issued_by_zh: Mapped[str | None] = mapped_column(NAME)
    issued_by_en: Mapped[str | None] = mapped_column(NAME)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    period_start: Mapped[int]
    period_end: Mapped[int]


class PlanPhase(SourceMixin, Base):
    __tablename__ = "plan_phase"
    __table_args__ = (UniqueConstraint("plan_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    seq: Mapped[int]
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    description_zh: Mapped[str | None] = mapped_column(Text)


class IndicatorFramework(SourceMixin, Base):
    __tablename__ = "indicator_framework"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    kind: Mapped[str] = mapped_column(String(30))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"), index=True)
    year: Mapped[int]
    total_points: Mapped[float | None] = mapped_column(Float)
    position: Mapped[int]


class Dimension(Base):
    """A heading of a framework: first level (parent null) or second level."""

    __tablename__ = "dimension"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("indicator_framework.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dimension.id"), index=True)
    level: Mapped[int]
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    points: Mapped[float | None] = mapped_column(Float)
    source_seed: Mapped[str] = mapped_column(String(40))
    source_section: Mapped[str | None] = mapped_column(String(200))


class Indicator(SourceMixin, Base):
    __tablename__ = "indicator"
    __table_args__ = (Index("ix_indicator_framework_position", "framework_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("indicator_framework.id", ondelete="CASCADE"))
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"), index=True)
    position: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    description_zh: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(20))
    points: Mapped[float | None] = mapped_column(Float)
    # How often it is measured: ANNUAL (the default), QUARTERLY or MONTHLY; observations follow it.
    frequency: Mapped[str] = mapped_column(String(20), server_default="ANNUAL")
    # Plausible values where the unit's range does not fit (a change in %, which may be negative); either end may
    # be absent, the unit's range then gives it (service/monitoring/plausibility.py).
    plausible_min: Mapped[float | None] = mapped_column(Float)
    plausible_max: Mapped[float | None] = mapped_column(Float)


class IndicatorLink(Base):
    """Two indicators of different frameworks that are the same measure (stored once, read both ways)."""

    __tablename__ = "indicator_link"
    __table_args__ = (CheckConstraint("indicator_id <> linked_indicator_id", name="not_self"),)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True)
    linked_indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class WorkingGroup(SourceMixin, Base):
    """A working group, command headquarters, leading group or committee of a plan."""

    __tablename__ = "working_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    position: Mapped[int]
    name_zh: Mapped[str] = mapped_column(NAME)
    name_en: Mapped[str] = mapped_column(NAME)
    head_zh: Mapped[str | None] = mapped_column(NAME)
    head_en: Mapped[str | None] = mapped_column(NAME)
    domain_zh: Mapped[str | None] = mapped_column(Text)


class Task(SourceMixin, Base):
    __tablename__ = "task"
    __table_args__ = (Index("ix_task_plan_position", "plan_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    position: Mapped[int]
    number: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"), index=True)
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id"), index=True)
    year: Mapped[int | None]
    title_zh: Mapped[str] = mapped_column(NAME)
    title_en: Mapped[str | None] = mapped_column(NAME)
    description_zh: Mapped[str | None] = mapped_column(Text)


class TaskIndicator(Base):
    __tablename__ = "task_indicator"
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Responsibility(SourceMixin, Base):
    """A department's role (lead, co-operating, responsible) on one task, indicator or working group."""

    __tablename__ = "responsibility"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN task_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN indicator_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN working_group_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
        UniqueConstraint("department_id", "role", "task_id", "indicator_id", "working_group_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # The unit's name exactly as the source prints it at this place.
    unit_name_zh: Mapped[str] = mapped_column(NAME)
    # The jurisdiction the responsibility is in (an indicator of a national framework is answered
    # for per jurisdiction).
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]


class Target(SourceMixin, Base):
    """A goal for an indicator and/or task in a jurisdiction and year, numeric or text as printed."""

    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint("indicator_id IS NOT NULL OR task_id IS NOT NULL", name="has_subject"),
        CheckConstraint("(comparator IS NULL) = (value IS NULL)", name="comparator_with_value"),
        Index("ix_target_indicator_jurisdiction", "indicator_id", "jurisdiction_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(CODE, unique=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    metric_zh: Mapped[str] = mapped_column(NAME)
    metric_en: Mapped[str | None] = mapped_column(NAME)
    unit: Mapped[str | None] = mapped_column(String(40))
    comparator: Mapped[str | None] = mapped_column(String(2))
    value: Mapped[float | None] = mapped_column(Float)
    target_text_zh: Mapped[str] = mapped_column(Text)
    year: Mapped[int]
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_year: Mapped[int | None]
    baseline_text_zh: Mapped[str | None] = mapped_column(Text)
    attribute: Mapped[str | None] = mapped_column(String(10))
