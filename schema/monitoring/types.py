"""GraphQL types of monitoring and evaluation: observations, target statuses, scorecards, self-assessments,
task progress and spreadsheet import reports. (Catalog types refer back to these lazily.)"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import strawberry

from schema import language
from schema.catalog.types import (
    CatalogNode,
    Dimension,
    Indicator,
    IndicatorFramework,
    Jurisdiction,
    Target,
    Task,
    _load,
)
from schema.context import Info
from schema.monitoring.enums import (
    STATUS_RULE,
    ProgressStatus,
    RowChange,
    SpreadsheetKind,
    StatusBasis,
    TargetStatusValue,
)
from service.monitoring.periods import period_of


@strawberry.type(description="A period (监测周期): a year, or a quarter or month of it.")
class Period:
    year: int = strawberry.field(description="The year.")
    quarter: int | None = strawberry.field(description="The quarter (1 to 4), for quarterly indicators.")
    month: int | None = strawberry.field(description="The month (1 to 12), for monthly indicators.")
    label: str = strawberry.field(description="As written in spreadsheets: `2023`, `2023Q2` or `2023-05`.")

    @classmethod
    def of(cls, year: int, code: str) -> Period:
        p = period_of(year, code)
        return cls(year=p.year, quarter=p.quarter, month=p.month, label=p.label)


@strawberry.type(
    description="A measured value of an indicator (监测数据) for a jurisdiction and period, with its source and "
    "who recorded it. Corrections are new versions; earlier versions stay readable in `history`."
)
class Observation(CatalogNode):
    KIND: ClassVar[str] = "observation"
    measure: str | None = strawberry.field(
        description="Which measure of the indicator, when it has several (the target metric, e.g. 健康机关覆盖率)."
    )
    period: Period = strawberry.field(description="The period measured.")
    value: float | None = strawberry.field(description="The value, in `unit`.")
    value_text: str | None = strawberry.field(description="The outcome in words, for practices without a number.")
    unit: str | None = strawberry.field(description="Unit of the value (the measure's unit).")
    source: str | None = strawberry.field(description="Where the value comes from (统计年鉴, 监测报告 ...).")
    note: str | None = strawberry.field(description="A note; for a correction, why the value was corrected.")
    version: int = strawberry.field(description="1 for the first value of the period, then one more per correction.")
    is_current: bool = strawberry.field(description="Whether this is the period's current version.")
    recorded_by: str = strawberry.field(description="Who recorded this version (user name).")
    recorded_role: str = strawberry.field(description="In which role.")
    recorded_at: dt.datetime = strawberry.field(description="When.")

    @classmethod
    def from_row(cls, row: Any) -> Observation:
        return cls(
            db_id=row.id,
            row=row,
            measure=row.measure or None,
            period=Period.of(row.year, row.period),
            value=row.value,
            value_text=row.value_text,
            unit=row.unit,
            source=row.source_zh,
            note=row.note,
            version=row.version,
            is_current=row.is_current,
            recorded_by=row.recorded_by,
            recorded_role=row.recorded_role,
            recorded_at=row.recorded_at,
        )

    @strawberry.field(description="The indicator measured.")
    async def indicator(self, info: Info) -> Indicator:
        return Indicator.from_row(await _load(info, "indicator", self.row.indicator_id))

    @strawberry.field(description="The jurisdiction measured.")
    async def jurisdiction(self, info: Info) -> Jurisdiction:
        return Jurisdiction.from_row(await _load(info, "jurisdiction", self.row.jurisdiction_id))

    @strawberry.field(description="Every version of this period's value, oldest first (this one included).")
    async def history(self, info: Info) -> list[Observation]:
        return [Observation.from_row(r) for r in await info.context.loaders.observation_versions.load(self.db_id)]


@strawberry.type(description="Where one target stands as of a year (目标进展). " + STATUS_RULE)
class TargetStatus:
    computed: strawberry.Private[Any]
    status: TargetStatusValue = strawberry.field(description="The status.")
    basis: StatusBasis = strawberry.field(description="Computed by the rule, judged by a person, or neither.")
    as_of: int = strawberry.field(description="The year it is judged as of (today's year unless asked otherwise).")
    is_binding: bool = strawberry.field(description="Whether the target is binding (约束性).")
    expected_value: float | None = strawberry.field(
        description="Where the path from the baseline puts the value at the latest observation's period "
        "(the target value itself once met or missed); null without a path."
    )
    reason_zh: str = strawberry.field(
        description="Why (判定依据), in Chinese, with the values it rests on: "
        "`2024年观测值 96.5%，已达到2025年目标（≥95%）`."
    )
    reason_en: str = strawberry.field(
        description="Why, in English, with the values it rests on: `the 2024 value 96.5% meets the 2025 target (≥95%)`."
    )

    @classmethod
    def of(cls, computed: Any) -> TargetStatus:
        return cls(
            computed=computed,
            status=TargetStatusValue(computed.status),
            basis=StatusBasis(computed.basis),
            as_of=computed.as_of,
            is_binding=computed.is_binding,
            expected_value=computed.expected_value,
            reason_zh=computed.reason_zh,
            reason_en=computed.reason_en,
        )

    @strawberry.field(
        description="Why, in the request's language: `reasonZh` unless `Accept-Language` prefers English, then "
        "`reasonEn`. (It used to be English whatever the request: read `reasonEn` for that.)"
    )
    def reason(self, info: Info) -> str:
        return self.reason_en if language.of_request(info) == language.EN else self.reason_zh

    @strawberry.field(description="The target.")
    def target(self) -> Target:
        return Target.from_row(self.computed.target)

    @strawberry.field(
        description="The observation the status rests on: the latest usable one (for a text target or a task's, the "
        "latest recorded number or words, also beside a manual status)."
    )
    def latest_observation(self) -> Observation | None:
        return Observation.from_optional(self.computed.latest)

    @strawberry.field(description="For a manual status: the note of whoever judged it.")
    def manual_note(self) -> str | None:
        return self.computed.manual.note if self.computed.manual is not None else None

    @strawberry.field(description="For a manual status: who judged it.")
    def judged_by(self) -> str | None:
        return self.computed.manual.recorded_by if self.computed.manual is not None else None


@strawberry.type(description="How many targets are in each status.")
class StatusCounts:
    met: int = strawberry.field(description="MET targets.")
    on_track: int = strawberry.field(description="ON_TRACK targets.")
    at_risk: int = strawberry.field(description="AT_RISK targets.")
    missed: int = strawberry.field(description="MISSED targets.")
    no_data: int = strawberry.field(description="NO_DATA targets.")
    total: int = strawberry.field(description="All targets counted.")
    binding_off_track: int = strawberry.field(description="Binding (约束性) targets AT_RISK or MISSED.")

    @classmethod
    def of(cls, counts: Any) -> StatusCounts:
        c = counts.counts
        return cls(
            met=c["MET"],
            on_track=c["ON_TRACK"],
            at_risk=c["AT_RISK"],
            missed=c["MISSED"],
            no_data=c["NO_DATA"],
            total=counts.total,
            binding_off_track=counts.binding_off_track,
        )


@strawberry.type(description="The targets under one first-level heading (一级指标) of a framework, with statuses.")
class HeadingScorecard:
    card: strawberry.Private[Any]

    @strawberry.field(description="The heading; null for targets of tasks without a catalog indicator.")
    def dimension(self) -> Dimension | None:
        return Dimension.from_optional(self.card.dimension)

    @strawberry.field(description="Counts by status.")
    def counts(self) -> StatusCounts:
        return StatusCounts.of(self.card.counts)

    @strawberry.field(description="Each target with its status, in source order.")
    def targets(self) -> list[TargetStatus]:
        return [TargetStatus.of(s) for s in self.card.statuses]


@strawberry.type(description="The targets of one framework (or of tasks without an indicator), by heading.")
class FrameworkScorecard:
    card: strawberry.Private[Any]

    @strawberry.field(description="The framework; null for the group of task targets without a catalog indicator.")
    def framework(self) -> IndicatorFramework | None:
        return IndicatorFramework.from_optional(self.card.framework)

    @strawberry.field(description="Counts by status.")
    def counts(self) -> StatusCounts:
        return StatusCounts.of(self.card.counts)

    @strawberry.field(description="First-level headings in source order.")
    def headings(self) -> list[HeadingScorecard]:
        return [HeadingScorecard(card=h) for h in self.card.headings.values()]


@strawberry.type(
    description="The whole picture of a jurisdiction in a year (监测评估总览): every target of its plans in force that "
    "year or ended the year before (the final evaluation), with its status, by framework and heading."
)
class Scorecard:
    card: strawberry.Private[Any]
    as_of: int = strawberry.field(description="The year of the scorecard (the as-of year of every status).")

    @strawberry.field(description="The jurisdiction.")
    def jurisdiction(self) -> Jurisdiction:
        return Jurisdiction.from_row(self.card.jurisdiction)

    @strawberry.field(description="Counts by status over all targets.")
    def counts(self) -> StatusCounts:
        return StatusCounts.of(self.card.counts)

    @strawberry.field(description="Frameworks in source order; the group of task targets last.")
    def frameworks(self) -> list[FrameworkScorecard]:
        return [FrameworkScorecard(card=f) for f in self.card.frameworks.values()]

    @strawberry.field(description="Where to download it as a spreadsheet (a path on this service).")
    def xlsx_url(self) -> str:
        return f"/exports/scorecards/{self.card.jurisdiction.code}/{self.as_of}.xlsx"


@strawberry.type(description="One item of a scored self-assessment (自评): its points, the score and the evidence.")
class SelfAssessmentItem:
    item: strawberry.Private[Any]
    points: float = strawberry.field(description="The item's points as printed.")
    score: float | None = strawberry.field(
        description="The score that counts: a person's if recorded, else the automatic one; null when neither."
    )
    automatic_score: float | None = strawberry.field(
        description="The score computed from observations (all thresholds met: full points; none: 0); null when "
        "it cannot be computed."
    )
    automatic_basis: str = strawberry.field(description="Why the automatic score is what it is, in English.")

    @strawberry.field(description="The item (an indicator of the scored list).")
    def indicator(self) -> Indicator:
        return Indicator.from_row(self.item.indicator)

    @strawberry.field(description="The self-assessed score as recorded by a person, if any.")
    def manual_score(self) -> float | None:
        return float(self.item.manual.score) if self.item.manual is not None else None

    @strawberry.field(description="Evidence notes (佐证材料说明) of the recorded score.")
    def evidence(self) -> str | None:
        return self.item.manual.evidence_zh if self.item.manual is not None else None

    @strawberry.field(description="References to the attachments (file names, document numbers, links).")
    def attachments(self) -> list[str]:
        return list(self.item.manual.attachments) if self.item.manual is not None else []

    @strawberry.field(description="Who recorded the score.")
    def scored_by(self) -> str | None:
        return self.item.manual.recorded_by if self.item.manual is not None else None

    @strawberry.field(description="Version of the recorded score (corrections add versions).")
    def version(self) -> int | None:
        return self.item.manual.version if self.item.manual is not None else None

    @strawberry.field(description="The statuses of the item's numeric thresholds, as of the assessment year.")
    def thresholds(self) -> list[TargetStatus]:
        return [TargetStatus.of(s) for s in self.item.statuses]

    @classmethod
    def of(cls, item: Any) -> SelfAssessmentItem:
        return cls(
            item=item,
            points=item.points,
            score=item.score,
            automatic_score=item.automatic,
            automatic_basis=item.automatic_basis_en,
        )


@strawberry.type(
    description="A first-level heading (一级指标) of a self-assessment: the points it prints beside the sum of its "
    "items' points, and the score achieved."
)
class SelfAssessmentHeading:
    heading: strawberry.Private[Any]
    printed_points: float | None = strawberry.field(description="The heading's points as the source prints them.")
    items_points: float = strawberry.field(description="The sum of its items' points (full marks of the heading).")
    achieved: float = strawberry.field(description="The sum of its items' scores.")
    discrepancy: str | None = strawberry.field(
        description="Why printed and summed points differ, when they do (e.g. 健康社会 prints 20, its items add up to 19)."
    )

    @strawberry.field(description="The heading.")
    def dimension(self) -> Dimension:
        return Dimension.from_row(self.heading.dimension)

    @strawberry.field(description="Its items in source order.")
    def items(self) -> list[SelfAssessmentItem]:
        return [SelfAssessmentItem.of(i) for i in self.heading.items]


@strawberry.type(
    description="A scored self-assessment (自评) of a scored list for a jurisdiction and year, with totals by "
    "heading and overall, shown as the source gives them: printed points beside summed points, differences flagged."
)
class SelfAssessment:
    assessment: strawberry.Private[Any]
    year: int = strawberry.field(description="The year assessed.")
    printed_total: float | None = strawberry.field(description="The list's total points as printed (e.g. 100).")
    items_total: float = strawberry.field(description="The sum of all items' points: full marks (Wuzhong: 99).")
    achieved: float = strawberry.field(description="The total score.")
    discrepancies: list[str] = strawberry.field(
        description="Every difference between printed and summed points, and gaps in the item numbering, in English."
    )

    @strawberry.field(description="The scored list.")
    def framework(self) -> IndicatorFramework:
        return IndicatorFramework.from_row(self.assessment.framework)

    @strawberry.field(description="The jurisdiction assessed.")
    def jurisdiction(self) -> Jurisdiction:
        return Jurisdiction.from_row(self.assessment.jurisdiction)

    @strawberry.field(description="First-level headings in source order.")
    def headings(self) -> list[SelfAssessmentHeading]:
        return [
            SelfAssessmentHeading(
                heading=h,
                printed_points=h.printed_points,
                items_points=h.items_points,
                achieved=h.achieved,
                discrepancy=h.discrepancy_en,
            )
            for h in self.assessment.headings
        ]

    @classmethod
    def of(cls, assessment: Any) -> SelfAssessment:
        return cls(
            assessment=assessment,
            year=assessment.year,
            printed_total=assessment.printed_total,
            items_total=assessment.items_total,
            achieved=assessment.achieved,
            discrepancies=assessment.discrepancies_en,
        )


@strawberry.type(description="A progress report of a task (任务进展) for a period; corrections are new versions.")
class TaskProgressReport(CatalogNode):
    KIND: ClassVar[str] = "taskProgressReport"
    period: Period = strawberry.field(description="The period reported on.")
    percent: float | None = strawberry.field(description="How far the task has come, 0 to 100.")
    status: ProgressStatus | None = strawberry.field(description="Where it stands.")
    note: str | None = strawberry.field(description="What was done, what holds it up.")
    version: int = strawberry.field(description="1 for the first report of the period, then one more per correction.")
    recorded_by: str = strawberry.field(description="Who reported it.")
    recorded_at: dt.datetime = strawberry.field(description="When.")

    @classmethod
    def from_row(cls, row: Any) -> TaskProgressReport:
        return cls(
            db_id=row.id,
            row=row,
            period=Period.of(row.year, row.period),
            percent=row.percent,
            status=ProgressStatus(row.status) if row.status else None,
            note=row.note,
            version=row.version,
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
        )

    @strawberry.field(description="The task.")
    async def task(self, info: Info) -> Task:
        return Task.from_row(await _load(info, "task", self.row.task_id))


@strawberry.type(description="A problem with one spreadsheet row: the column and what is wrong.")
class RowProblem:
    column: str = strawberry.field(description="The column header (Chinese, as in the template), or `行` for the row.")
    text: strawberry.Private[str]

    @strawberry.field(description="What is wrong, in words to show a user.")
    def message(self, info: Info) -> str:
        # In the reader's language, like a userError's message.
        return language.for_reader(info, self.text)


@strawberry.type(description="One row of an imported spreadsheet: valid (with what applying it does) or rejected.")
class ImportRow:
    sheet: str = strawberry.field(description="The sheet's name (the file name for CSV).")
    row: int = strawberry.field(description="The row number as the spreadsheet shows it (the header is row 1).")
    valid: bool = strawberry.field(description="Whether the row passed every check.")
    change: RowChange | None = strawberry.field(description="For a valid row: what applying it does.")
    problems: list[RowProblem] = strawberry.field(description="For a rejected row: every problem.")


@strawberry.type(
    description="The row-by-row report of a spreadsheet import (导入校验报告): every rejected row with why. Nothing is "
    "applied from a file with rejected rows unless `applyValidRows` asked for the valid ones."
)
class ImportReport:
    kind: SpreadsheetKind = strawberry.field(description="What the file holds.")
    rows_read: int = strawberry.field(description="Data rows read (blank rows are skipped).")
    valid_rows: int = strawberry.field(description="Rows that passed every check.")
    rejected_rows: int = strawberry.field(description="Rows with at least one problem.")
    applied: bool = strawberry.field(description="Whether the valid rows were written (in one transaction).")
    written: int = strawberry.field(description="New versions written (NEW and CORRECTION rows), 0 when not applied.")
    rejected: list[ImportRow] = strawberry.field(description="Every rejected row, in file order.")
    changes: list[ImportRow] = strawberry.field(
        description="The valid rows that would change something (or did), in file order, at most 1,000."
    )
