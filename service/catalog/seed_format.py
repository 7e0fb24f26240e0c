"""The format of the catalog seed files (db/seed/FORMAT.md), as pydantic models.

Parsing only: cross-file references (a unit named in a task, an indicator linked from another
framework) are resolved by the loader, which sees all files at once.

Run as ``python -m service.catalog.seed_format FILE...`` to check files by hand.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.\-]*$"
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=80)]
ChineseText = Annotated[str, Field(min_length=1, max_length=4000)]
EnglishText = Annotated[str, Field(min_length=1, max_length=4000)]


class JurisdictionLevel(StrEnum):
    CITY = "CITY"
    DISTRICT = "DISTRICT"
    COUNTY = "COUNTY"
    TOWN = "TOWN"
    STREET = "STREET"
    DEVELOPMENT_ZONE = "DEVELOPMENT_ZONE"


class UnitKind(StrEnum):
    DEPARTMENT = "DEPARTMENT"
    PARTY_ORGAN = "PARTY_ORGAN"
    PEOPLES_ORGANIZATION = "PEOPLES_ORGANIZATION"
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"
    LOCAL_GOVERNMENT = "LOCAL_GOVERNMENT"
    COLLECTIVE = "COLLECTIVE"
    OTHER = "OTHER"


class ResponsibilityRole(StrEnum):
    LEAD = "LEAD"
    COOPERATING = "COOPERATING"
    RESPONSIBLE = "RESPONSIBLE"


class FrameworkKind(StrEnum):
    INDICATOR_SYSTEM = "INDICATOR_SYSTEM"
    SCORED_LIST = "SCORED_LIST"


class Frequency(StrEnum):
    ANNUAL = "ANNUAL"
    QUARTERLY = "QUARTERLY"
    MONTHLY = "MONTHLY"


class Direction(StrEnum):
    HIGHER_IS_BETTER = "HIGHER_IS_BETTER"
    LOWER_IS_BETTER = "LOWER_IS_BETTER"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class WorkingGroupKind(StrEnum):
    WORKING_GROUP = "WORKING_GROUP"
    COMMAND_HEADQUARTERS = "COMMAND_HEADQUARTERS"
    LEADING_GROUP = "LEADING_GROUP"
    COMMITTEE = "COMMITTEE"


class TaskKind(StrEnum):
    KEY_AREA = "KEY_AREA"
    TASK = "TASK"
    MAIN_TASK = "MAIN_TASK"
    MILESTONE = "MILESTONE"


class Comparator(StrEnum):
    GE = "GE"
    LE = "LE"
    GT = "GT"
    LT = "LT"
    EQ = "EQ"


class TargetAttribute(StrEnum):
    EXPECTED = "EXPECTED"
    BINDING = "BINDING"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The values a transcriber may have to supply where the source does not print them (never codes or structure).
INFERABLE_FIELDS = frozenset({"name_zh", "unit", "direction", "points", "total_points", "year"})


class InferredMixin(BaseModel):
    """`inferred` names the fields whose value the source does not print (db/seed/FORMAT.md, "Inferred values")."""

    inferred: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _inferred_names_set_fields(self) -> InferredMixin:
        for name in self.inferred:
            if name not in INFERABLE_FIELDS or name not in type(self).model_fields:
                raise ValueError(f"inferred: {name!r} is not a value field of this record")
            if getattr(self, name) is None:
                raise ValueError(f"inferred: {name!r} has no value to mark")
        if len(set(self.inferred)) != len(self.inferred):
            raise ValueError("inferred: a field is named twice")
        return self


class Source(Record):
    section: Annotated[str, Field(min_length=1, max_length=200)]


class PortfolioRecord(Record):
    code: Code
    name_zh: ChineseText
    name_en: EnglishText
    description_en: str | None = None


class PortfolioFile(Record):
    portfolios: list[PortfolioRecord]


class JurisdictionRecord(Record):
    code: Code
    name_zh: ChineseText
    name_en: EnglishText
    level: JurisdictionLevel
    parent: Code | None = None
    parent_name_zh: str | None = None
    parent_name_en: EnglishText | None = None
    source: Source


class UnitRecord(Record):
    code: Code
    jurisdiction: Code
    name_zh: ChineseText
    name_en: EnglishText
    kind: UnitKind
    governs: Code | None = None
    portfolios: list[Code] = Field(default_factory=list)
    aliases: list[ChineseText] = Field(default_factory=list)
    source: Source

    @model_validator(mode="after")
    def _governs_only_for_local_government(self) -> UnitRecord:
        if self.governs and self.kind is not UnitKind.LOCAL_GOVERNMENT:
            raise ValueError("governs is only for units of kind LOCAL_GOVERNMENT")
        # Only a collective such as "各部门" (every department) has no function of its own.
        if not self.portfolios and self.kind is not UnitKind.COLLECTIVE:
            raise ValueError("a unit needs at least one portfolio")
        return self


class PhaseRecord(Record):
    seq: int = Field(ge=1)
    name_zh: ChineseText
    name_en: EnglishText
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    description_zh: str | None = None
    source: Source

    @model_validator(mode="after")
    def _dates_in_order(self) -> PhaseRecord:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class PlanRecord(Record):
    code: Code
    jurisdiction: Code
    title_zh: ChineseText
    title_en: EnglishText
    document_number: str | None = None
    issued_by_zh: str | None = None
    issued_by_en: EnglishText | None = None
    issued_on: dt.date | None = None
    period_start: int = Field(ge=1990, le=2100)
    period_end: int = Field(ge=1990, le=2100)
    source: Source
    phases: list[PhaseRecord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _period_in_order(self) -> PlanRecord:
        if self.period_end < self.period_start:
            raise ValueError("period_end is before period_start")
        seqs = [p.seq for p in self.phases]
        if len(seqs) != len(set(seqs)):
            raise ValueError("phase seq numbers repeat")
        return self


class UnitReference(Record):
    unit: ChineseText
    role: ResponsibilityRole


class Bounds(Record):
    """Plausible values of an indicator where its unit's range does not fit; an end left out is the unit's."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _an_end_and_in_order(self) -> Bounds:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self


class IndicatorRecord(InferredMixin, Record):
    code: Code
    number: str | None = None
    name_zh: ChineseText
    name_en: EnglishText
    description_zh: str | None = None
    unit: str | None = None
    direction: Direction
    points: float | None = Field(default=None, ge=0)
    frequency: Frequency = Frequency.ANNUAL
    bounds: Bounds | None = None
    links: list[Code] = Field(default_factory=list)
    responsible: list[UnitReference] = Field(default_factory=list)
    source: Source


class DimensionRecord(InferredMixin, Record):
    code: Code
    name_zh: ChineseText
    name_en: EnglishText
    points: float | None = Field(default=None, ge=0)
    children: list[DimensionRecord] = Field(default_factory=list)
    indicators: list[IndicatorRecord] = Field(default_factory=list)
    source: Source | None = None


class FrameworkRecord(InferredMixin, Record):
    code: Code
    name_zh: ChineseText
    name_en: EnglishText
    kind: FrameworkKind
    jurisdiction: Code | None = None
    plan: Code | None = None
    year: int = Field(ge=1990, le=2100)
    total_points: float | None = Field(default=None, ge=0)
    source: Source
    dimensions: list[DimensionRecord] = Field(min_length=1)

    @model_validator(mode="after")
    def _points_only_for_scored_lists(self) -> FrameworkRecord:
        if self.kind is FrameworkKind.SCORED_LIST and self.total_points is None:
            raise ValueError("a SCORED_LIST needs total_points")
        if self.kind is FrameworkKind.INDICATOR_SYSTEM and self.total_points is not None:
            raise ValueError("total_points is only for a SCORED_LIST")
        return self


class WorkingGroupRecord(Record):
    code: Code
    plan: Code
    kind: WorkingGroupKind
    name_zh: ChineseText
    name_en: EnglishText
    head_zh: str | None = None
    head_en: EnglishText | None = None
    domain_zh: str | None = None
    members: list[UnitReference] = Field(min_length=1)
    source: Source


class TaskRecord(Record):
    code: Code
    plan: Code
    number: str | None = None
    kind: TaskKind
    parent: Code | None = None
    working_group: Code | None = None
    year: int | None = Field(default=None, ge=1990, le=2100)
    title_zh: ChineseText
    title_en: str | None = None
    description_zh: str | None = None
    assignments: list[UnitReference] = Field(default_factory=list)
    indicators: list[Code] = Field(default_factory=list)
    source: Source

    @model_validator(mode="after")
    def _milestones_have_a_year(self) -> TaskRecord:
        if self.kind is TaskKind.MILESTONE and self.year is None:
            raise ValueError("a MILESTONE needs its year")
        return self


class TargetRecord(Record):
    jurisdiction: Code
    plan: Code
    indicator: Code | None = None
    task: Code | None = None
    metric_zh: ChineseText
    metric_en: str | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    value: float | None = None
    target_text_zh: ChineseText
    year: int = Field(ge=1990, le=2100)
    baseline_value: float | None = None
    baseline_year: int | None = Field(default=None, ge=1990, le=2100)
    baseline_text_zh: str | None = None
    attribute: TargetAttribute | None = None
    source: Source

    @model_validator(mode="after")
    def _value_and_comparator_together(self) -> TargetRecord:
        if (self.value is None) != (self.comparator is None):
            raise ValueError("comparator and value go together: give both, or neither for a text target")
        if self.indicator is None and self.task is None:
            raise ValueError("a target belongs to an indicator or a task (or both)")
        return self


class PlanFile(Record):
    seed: Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
    jurisdictions: list[JurisdictionRecord] = Field(default_factory=list)
    units: list[UnitRecord] = Field(default_factory=list)
    plans: list[PlanRecord] = Field(default_factory=list)
    frameworks: list[FrameworkRecord] = Field(default_factory=list)
    working_groups: list[WorkingGroupRecord] = Field(default_factory=list)
    tasks: list[TaskRecord] = Field(default_factory=list)
    targets: list[TargetRecord] = Field(default_factory=list)

    @field_validator("units")
    @classmethod
    def _names_resolve_to_one_unit(cls, units: list[UnitRecord]) -> list[UnitRecord]:
        seen: dict[tuple[str, str], str] = {}
        for unit in units:
            for name in (unit.name_zh, *unit.aliases):
                key = (unit.jurisdiction, name)
                if key in seen and seen[key] != unit.code:
                    raise ValueError(f"the name {name!r} belongs to both {seen[key]} and {unit.code}")
                seen[key] = unit.code
        return units


class SeedFormatError(Exception):
    """A seed file that cannot be loaded; the message names file, record and field."""


def _describe_location(data: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into 'tasks[3] (code=shangzhou-2022.T04).assignments[1].role'."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            label = f"[{step}]"
            try:
                node = node[step]
                code = node.get("code") if isinstance(node, dict) else None
            except (IndexError, KeyError, TypeError, AttributeError):
                code = None
            parts.append(f"{label} (code={code})" if code else label)
        else:
            if isinstance(node, dict):
                node = node.get(step)
            parts.append(f".{step}" if parts else str(step))
    return "".join(parts)


def read_yaml(path: Path) -> Any:
    try:
        # libyaml's parser where PyYAML has it: the seeds are most of a first start's reading.
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise SeedFormatError(f"{path}: not valid YAML: {exc}") from exc


M = TypeVar("M", bound=BaseModel)


def parse_model(path: Path, model: type[M]) -> M:
    data = read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"{path}: {_describe_location(data, tuple(err['loc']))}: {err['msg']}" for err in exc.errors()]
        raise SeedFormatError("\n".join(problems)) from exc


def parse_plan_file(path: Path) -> PlanFile:
    return parse_model(path, PlanFile)


def parse_portfolio_file(path: Path) -> PortfolioFile:
    return parse_model(path, PortfolioFile)


def main(argv: list[str]) -> int:
    status = 0
    for arg in argv:
        path = Path(arg)
        try:
            if path.name == "portfolios.yaml":
                parse_portfolio_file(path)
            else:
                parsed = parse_plan_file(path)
                print(
                    f"{path}: ok ({len(parsed.jurisdictions)} jurisdictions, {len(parsed.units)} units, "
                    f"{len(parsed.plans)} plans, {len(parsed.frameworks)} frameworks, "
                    f"{len(parsed.working_groups)} working groups, {len(parsed.tasks)} tasks, "
                    f"{len(parsed.targets)} targets)"
                )
        except SeedFormatError as exc:
            print(exc, file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
