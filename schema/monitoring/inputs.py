"""Inputs of the monitoring mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.monitoring.enums import ManualStatus, ProgressStatus, SpreadsheetKind
from schema.user_errors import idempotency_key_field
from service.errors import NotFoundError
from service.i18n import _
from service.ids import database_id
from service.monitoring import observations, progress

KEY_HELP = "Any unique string (1 to 200 characters); repeating it returns what the first call recorded."


@strawberry.input(description="One measured value (监测数据) of an indicator for a jurisdiction and period.")
class ObservationInput:
    indicator: str = strawberry.field(description="Code of the indicator, e.g. `PZH14-04`.")
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction, e.g. `panzhihua`.")
    year: int = strawberry.field(description="The year (within the years the jurisdiction's plans monitor it).")
    quarter: int | None = strawberry.field(default=None, description="The quarter (1 to 4), for quarterly indicators.")
    month: int | None = strawberry.field(default=None, description="The month (1 to 12), for monthly indicators.")
    measure: str | None = strawberry.field(
        default=None,
        description="Which measure, when the indicator has several there (the target metric, e.g. 健康机关覆盖率).",
    )
    value: float | None = strawberry.field(default=None, description="The value, in the measure's unit.")
    value_text: str | None = strawberry.field(
        default=None, description="The outcome in words, only for practices without a number (e.g. 已建立)."
    )
    unit: str | None = strawberry.field(
        default=None, description="The unit, checked against the measure's (omit to take it as given)."
    )
    source: str | None = strawberry.field(default=None, description="Where the value comes from (统计年鉴 ...).")
    note: str | None = strawberry.field(default=None, description="A note.")

    def to_service(self) -> observations.ObservationInput:
        return observations.ObservationInput(
            indicator=self.indicator,
            jurisdiction=self.jurisdiction,
            year=self.year,
            quarter=self.quarter,
            month=self.month,
            measure=self.measure,
            value=self.value,
            value_text=self.value_text,
            unit=self.unit,
            source=self.source,
            note=self.note,
        )


@strawberry.input(description="Observations to record together (all or none).")
class RecordObservationsInput:
    observations: list[ObservationInput] = strawberry.field(
        description="1 to 1,000 values. A value for a period that has one is a correction (a new version)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)


@strawberry.input(description="A corrected value of one observation (a new version; the old one is kept).")
class CorrectObservationInput:
    id: relay.GlobalID = strawberry.field(description="The observation's id (its current version).")
    value: float | None = strawberry.field(default=None, description="The corrected value.")
    value_text: str | None = strawberry.field(default=None, description="The corrected outcome in words (practices).")
    reason: str = strawberry.field(description="Why the value is corrected (kept as the new version's note).")
    expected_version: int | None = strawberry.field(
        default=None, description="The `version` you read; refused if it changed since."
    )
    idempotency_key: str | None = idempotency_key_field("the version the first call recorded")


def observation_id(global_id: relay.GlobalID) -> int:
    found = database_id(global_id.node_id) if global_id.type_name == "Observation" else None
    if found is None:
        raise NotFoundError(_("no observation has this id"), ["input", "id"])
    return found


@strawberry.input(description="One progress report (任务进展) of a task for a period.")
class TaskProgressInput:
    task: str = strawberry.field(description="Code of the task, e.g. `shangzhou-2022.T12`.")
    year: int = strawberry.field(description="The year (within the task's plan).")
    quarter: int | None = strawberry.field(default=None, description="The quarter (1 to 4), for a quarterly report.")
    month: int | None = strawberry.field(default=None, description="The month (1 to 12), for a monthly report.")
    percent: float | None = strawberry.field(default=None, description="How far it has come, 0 to 100.")
    status: ProgressStatus | None = strawberry.field(default=None, description="Where it stands.")
    note: str | None = strawberry.field(default=None, description="What was done, what holds it up.")

    def to_service(self) -> progress.ProgressInput:
        return progress.ProgressInput(
            task=self.task,
            year=self.year,
            quarter=self.quarter,
            month=self.month,
            percent=self.percent,
            status=self.status.name if self.status else None,
            note=self.note,
        )


@strawberry.input(description="Progress reports to record together (all or none).")
class RecordTaskProgressInput:
    reports: list[TaskProgressInput] = strawberry.field(description="1 to 1,000 reports.")
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)


@strawberry.input(
    description="A person's judgement of a target no rule can compute: a text target (文字目标) or a task's target "
    "without a catalog indicator."
)
class SetTargetStatusInput:
    target: str = strawberry.field(description="Code of the target (a text target, or a task's target).")
    status: ManualStatus = strawberry.field(description="The judgement.")
    as_of: int = strawberry.field(description="The year it is judged as of.")
    note: str = strawberry.field(description="Why (1 to 2,000 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)


@strawberry.input(description="A self-assessed score (自评得分) of one item of a scored list.")
class ScoreSelfAssessmentItemInput:
    item: str = strawberry.field(description="Code of the item, e.g. `WZ2023-31`.")
    jurisdiction: str = strawberry.field(description="Code of the jurisdiction assessed.")
    year: int = strawberry.field(description="The year assessed (within the list's plan).")
    score: float = strawberry.field(description="The score, from 0 to the item's points.")
    evidence: str | None = strawberry.field(default=None, description="Evidence notes (佐证材料说明).")
    attachments: list[str] | None = strawberry.field(
        default=None, description="References to evidence files (names, document numbers, links), at most 20."
    )
    note: str | None = strawberry.field(default=None, description="A note (e.g. why a score was corrected).")
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)


@strawberry.input(
    description="A spreadsheet (.xlsx or .csv, in the template's layout) to check and, when asked, apply. The "
    "request body is limited (HIA_MAX_BODY_BYTES, 2 MiB by default, so about 1.4 MiB of file); larger files go "
    "through `hia import observations FILE`."
)
class ImportSpreadsheetInput:
    kind: SpreadsheetKind = strawberry.field(description="What the file holds.")
    file_name: str = strawberry.field(description="The file's name; `.csv` is read as CSV, anything else as .xlsx.")
    content_base64: str = strawberry.field(description="The file's bytes, base64-encoded.")
    dry_run: bool = strawberry.field(default=True, description="Only check and report (the default); write nothing.")
    apply_valid_rows: bool = strawberry.field(
        default=False,
        description="With dryRun false: write the valid rows even though some rows are rejected. Without it a file "
        "with rejected rows writes nothing.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY_HELP)
