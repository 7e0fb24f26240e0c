"""Enums of monitoring and evaluation. Values are the strings stored in the database."""

from __future__ import annotations

from enum import Enum

import strawberry

STATUS_RULE = (
    "MET when the latest observation (in or before the target year, and not after `asOf`) satisfies the "
    "comparator; MISSED when `asOf` is past the target year and it does not; before that ON_TRACK or AT_RISK by "
    "comparing it with the linear path from the baseline (year, value) to the target (year, value) at the "
    "observation's period (≥/> higher is better, ≤/< lower is better, = closer is better; no tolerance); NO_DATA "
    "without an observation. A text target (同比例提高, 建成) or a task's target without an indicator: a person's "
    "status (MANUAL) if recorded; else from the latest recorded value: words MET when they state the target, else "
    "AT_RISK (MISSED after the target year) (WORDS); numbers ON_TRACK when better than the baseline (or the earliest "
    "value) in the indicator's good direction, else AT_RISK (TREND); NO_DATA when nothing is recorded (TEXT_TARGET)."
)


@strawberry.enum(description="Where a target stands (目标进展状态). " + STATUS_RULE)
class TargetStatusValue(Enum):
    MET = strawberry.enum_value("MET", description="Met (已达标): the latest value satisfies the target.")
    ON_TRACK = strawberry.enum_value(
        "ON_TRACK", description="On track (进展顺利): not met yet, on or ahead of the path from the baseline."
    )
    AT_RISK = strawberry.enum_value(
        "AT_RISK", description="At risk (存在风险): not met and behind the path (or no baseline to judge by)."
    )
    MISSED = strawberry.enum_value("MISSED", description="Missed (未达标): the target year has passed unmet.")
    NO_DATA = strawberry.enum_value(
        "NO_DATA",
        description="No data (无数据): no observation yet, or a text target (or a task's) with nothing recorded and "
        "nobody's judgement.",
    )


@strawberry.enum(description="How a status was reached.")
class StatusBasis(Enum):
    RULE = strawberry.enum_value("RULE", description="Computed from observations by the documented rule.")
    MANUAL = strawberry.enum_value(
        "MANUAL", description="A person's judgement (人工判定) of a target no rule computes."
    )
    TEXT_TARGET = strawberry.enum_value(
        "TEXT_TARGET",
        description="A text target (文字目标), or a task's target without a catalog indicator, with nothing recorded "
        "and nobody's judgement: NO_DATA.",
    )
    TREND = strawberry.enum_value(
        "TREND",
        description="A text target judged from the numbers recorded for it (趋势判定): better than the printed "
        "baseline (else the earliest value) in the indicator's good direction is ON_TRACK, otherwise AT_RISK. The "
        "words set no threshold: MET and MISSED are a person's call (setTargetStatus).",
    )
    WORDS = strawberry.enum_value(
        "WORDS",
        description="A text target judged from the words recorded for it (文字结果判定): MET when they state the "
        "target (已建成 for 建成, not 尚未建成), otherwise AT_RISK, or MISSED once the target year has passed.",
    )


@strawberry.enum(description="A status a person may record for a target no rule computes.")
class ManualStatus(Enum):
    MET = strawberry.enum_value("MET", description="Met (已达标).")
    ON_TRACK = strawberry.enum_value("ON_TRACK", description="On track (进展顺利).")
    AT_RISK = strawberry.enum_value("AT_RISK", description="At risk (存在风险).")
    MISSED = strawberry.enum_value("MISSED", description="Missed (未达标).")


@strawberry.enum(description="How often an indicator is measured (监测频次); observations follow it.")
class Frequency(Enum):
    ANNUAL = strawberry.enum_value("ANNUAL", description="Once a year (年度): observations are for years.")
    QUARTERLY = strawberry.enum_value(
        "QUARTERLY", description="Quarterly (季度): observations for quarters, or the whole year."
    )
    MONTHLY = strawberry.enum_value(
        "MONTHLY", description="Monthly (月度): observations for months, or the whole year."
    )


@strawberry.enum(description="Where a task stands (任务进展).")
class ProgressStatus(Enum):
    NOT_STARTED = strawberry.enum_value("NOT_STARTED", description="Not started (未启动).")
    IN_PROGRESS = strawberry.enum_value("IN_PROGRESS", description="In progress (推进中).")
    DONE = strawberry.enum_value("DONE", description="Done (已完成).")
    DELAYED = strawberry.enum_value("DELAYED", description="Delayed (滞后).")


@strawberry.enum(description="Image format of a chart.")
class ChartFormat(Enum):
    SVG = strawberry.enum_value("SVG", description="SVG (vector; Chinese labels rendered by the viewer's fonts).")
    PNG = strawberry.enum_value("PNG", description="PNG (raster; labels in codes, numbers and English).")


@strawberry.enum(description="What a spreadsheet holds.")
class SpreadsheetKind(Enum):
    OBSERVATIONS = strawberry.enum_value("OBSERVATIONS", description="Indicator observations (指标监测数据).")
    TASK_PROGRESS = strawberry.enum_value("TASK_PROGRESS", description="Task progress reports (任务进展).")


@strawberry.enum(description="What applying a valid spreadsheet row does (or did).")
class RowChange(Enum):
    NEW = strawberry.enum_value("NEW", description="A first value for its subject and period.")
    CORRECTION = strawberry.enum_value(
        "CORRECTION", description="Another value for a period that has one: a new version (the old one is kept)."
    )
    UNCHANGED = strawberry.enum_value("UNCHANGED", description="The value already recorded: nothing to write.")
