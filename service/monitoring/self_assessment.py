"""Scored self-assessment (自评) of a scored list such as Wuzhong's annex 2: per item a score up to its points,
with evidence notes and references to attachments; totals by first-level heading and overall.

Totals are shown as the source gives them, never adjusted: each heading's printed points beside the sum of its
items' points and the score achieved, the framework's printed total beside the items' total, and every
difference flagged with its explanation (Wuzhong's list prints 100 points, its items add up to 99: 健康社会
prints 20 and its items add up to 19, and the numbering skips item 29).

Items with numeric thresholds (targets) are scored automatically from observations where every threshold can be
judged: all met, full points; none met, zero. When only some are met the list does not say how its points split,
so the item waits for a person's score. A person's score always takes precedence over the automatic one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import IndicatorFramework, Jurisdiction, SelfAssessmentScore
from db.repositories import monitoring as repo
from db.repositories.screening import row_by_code
from service.auth.principal import Principal
from service.errors import AccessDenied, NotFoundError, ValidationFailed, printable_problems
from service.i18n import _
from service.ids import ascii_digits
from service.monitoring import facts as facts_module
from service.monitoring import plan_window, reads, recording, rights
from service.monitoring import status as rules
from service.text import text_problem

KIND = "SELF_ASSESSMENT"
MAX_ATTACHMENTS = 20


@dataclass
class ItemScore:
    indicator: Any
    points: float
    manual: Any | None
    automatic: float | None
    automatic_basis_en: str
    statuses: list[rules.TargetStatus]

    @property
    def score(self) -> float | None:
        return float(self.manual.score) if self.manual is not None else self.automatic


@dataclass
class HeadingTotal:
    dimension: Any
    items: list[ItemScore] = field(default_factory=list)

    @property
    def printed_points(self) -> float | None:
        return float(self.dimension.points) if self.dimension.points is not None else None

    @property
    def items_points(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def achieved(self) -> float:
        return sum(item.score or 0.0 for item in self.items)

    @property
    def discrepancy_en(self) -> str | None:
        if self.printed_points is None or math.isclose(self.printed_points, self.items_points):
            return None
        return (
            f"{self.dimension.name_zh} prints {self.printed_points:g} points but its items add up to "
            f"{self.items_points:g}"
        )


@dataclass
class SelfAssessment:
    framework: Any
    jurisdiction: Any
    year: int
    headings: list[HeadingTotal]
    missing_numbers: list[int]

    @property
    def printed_total(self) -> float | None:
        return float(self.framework.total_points) if self.framework.total_points is not None else None

    @property
    def items_total(self) -> float:
        return sum(h.items_points for h in self.headings)

    @property
    def achieved(self) -> float:
        return sum(h.achieved for h in self.headings)

    @property
    def discrepancies_en(self) -> list[str]:
        found = []
        if self.printed_total is not None and not math.isclose(self.printed_total, self.items_total):
            found.append(
                f"the list prints a total of {self.printed_total:g} points but its items add up to "
                f"{self.items_total:g}: full marks are {self.items_total:g}"
            )
        found += [h.discrepancy_en for h in self.headings if h.discrepancy_en]
        if self.missing_numbers:
            found.append("the source's numbering skips item " + ", ".join(str(n) for n in self.missing_numbers))
        return found


def missing_numbers(items: Sequence[Any]) -> list[int]:
    numbers = sorted(int(i.number) for i in items if ascii_digits(i.number))
    return sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers)) if numbers else []


def automatic(points: float, statuses: Sequence[rules.TargetStatus]) -> tuple[float | None, str]:
    if not statuses:
        return None, "no numeric threshold: scored by a person"
    if any(s.basis != "RULE" for s in statuses):
        return None, "a threshold is stated in words: scored by a person"
    met = sum(s.status == rules.MET for s in statuses)
    if any(s.status == rules.NO_DATA for s in statuses):
        return None, f"{sum(s.status == rules.NO_DATA for s in statuses)} of {len(statuses)} thresholds lack data"
    if met == len(statuses):
        return points, f"all {len(statuses)} thresholds met"
    if met == 0:
        return 0.0, f"none of {len(statuses)} thresholds met"
    return None, f"{met} of {len(statuses)} thresholds met; the list does not split the points: scored by a person"


async def _place(session: AsyncSession, framework_code: str, jurisdiction_code: str) -> tuple[Any, Any]:
    framework = await row_by_code(session, IndicatorFramework, framework_code)
    if framework is None or framework.kind != "SCORED_LIST":
        raise NotFoundError(_("no scored list has the code {code!r}", code=framework_code), ["framework"])
    jurisdiction = await row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["jurisdiction"])
    return framework, jurisdiction


async def self_assessment(
    session: AsyncSession, framework_code: str, jurisdiction_code: str, year: int
) -> SelfAssessment:
    framework, jurisdiction = await _place(session, framework_code, jurisdiction_code)
    dimensions = await repo.dimensions_of_framework(session, framework.id)
    items = await repo.indicators_of_framework(session, framework.id)
    scores = await repo.current_scores(session, jurisdiction.id, year)
    targets = [
        t
        for t in await repo.targets_of_indicators(session, [i.id for i in items])
        if t.jurisdiction_id == jurisdiction.id
    ]
    statuses = await reads.statuses_for_targets(session, targets, year)
    by_item: dict[int, list[rules.TargetStatus]] = {}
    for computed in statuses:
        by_item.setdefault(computed.target.indicator_id, []).append(computed)
    by_id = {d.id: d for d in dimensions}
    headings = {d.id: HeadingTotal(d) for d in dimensions if d.parent_id is None}
    for item in items:
        top = by_id[item.dimension_id]
        while top.parent_id is not None:
            top = by_id[top.parent_id]
        points = float(item.points or 0)
        auto, basis = automatic(points, by_item.get(item.id, []))
        headings[top.id].items.append(
            ItemScore(item, points, scores.get(item.id), auto, basis, by_item.get(item.id, []))
        )
    return SelfAssessment(framework, jurisdiction, year, list(headings.values()), missing_numbers(items))


@dataclass(frozen=True)
class ScoreInput:
    item: str
    jurisdiction: str
    year: int
    score: float
    evidence: str | None = None
    attachments: tuple[str, ...] = ()
    note: str | None = None


async def score_item(
    session: AsyncSession, principal: Principal, given: ScoreInput, idempotency_key: str | None
) -> recording.Recorded:
    """Record a self-assessed score of one item (a new version if it had one)."""
    recording.check_key(idempotency_key, ["input", "idempotencyKey"])
    again = await recording.earlier(session, principal, KIND, idempotency_key, SelfAssessmentScore, given)
    if again is not None:
        return again
    facts = await facts_module.load(session, [given.item])
    item = facts.indicators.get(given.item)
    framework = facts.frameworks.get(item.framework_id) if item is not None else None
    if item is None or framework is None or framework.kind != "SCORED_LIST":
        raise NotFoundError(_("no item of a scored list has the code {code!r}", code=given.item), ["input", "item"])
    jurisdiction = facts.jurisdictions.get(given.jurisdiction)
    if jurisdiction is None:
        raise NotFoundError(
            _("no jurisdiction has the code {code!r}", code=given.jurisdiction), ["input", "jurisdiction"]
        )
    chain = facts.chain(jurisdiction.id)
    problems: list[tuple[list[str], str]] = printable_problems(
        {"evidence": given.evidence, "note": given.note}, ["input"]
    )
    if framework.jurisdiction_id is not None and framework.jurisdiction_id not in chain:
        message = _("{list} is not a list of {jurisdiction}", list=framework.code, jurisdiction=jurisdiction.code)
        problems.append((["input", "jurisdiction"], message))
    points = float(item.points or 0)
    if not math.isfinite(given.score) or not 0 <= given.score <= points:
        problems.append((["input", "score"], _("must be between 0 and the item's {points:g} points", points=points)))
    window = plan_window.spans(facts, item, jurisdiction.id)
    if window and not plan_window.covers(window, given.year):
        message = _("{year} is outside the plan ({years})", year=given.year, years=plan_window.years_text(window))
        problems.append((["input", "year"], message))
    if given.evidence is not None and len(given.evidence) > 4000:
        problems.append((["input", "evidence"], _("must be at most {limit:,} characters", limit=4000)))
    if len(given.attachments) > MAX_ATTACHMENTS:
        problems.append((["input", "attachments"], _("at most {limit} references", limit=MAX_ATTACHMENTS)))
    for i, reference in enumerate(given.attachments):
        if not 1 <= len(reference.strip()) <= 400:
            problems.append((["input", "attachments", str(i)], _("must be 1 to 400 characters")))
        elif (problem := text_problem(reference, multiline=False)) is not None:
            problems.append((["input", "attachments", str(i)], problem))
    if problems:
        raise ValidationFailed(problems)
    allowed = await rights.of(session, principal)
    denied = allowed.score(item.id, chain)
    if denied is not None:
        raise AccessDenied(denied)
    key = (item.id, jurisdiction.id, given.year)
    current = await repo.current_rows_for_update(
        session, SelfAssessmentScore, ("indicator_id", "jurisdiction_id", "year"), [key]
    )
    values = {
        "indicator_id": item.id,
        "jurisdiction_id": jurisdiction.id,
        "year": given.year,
        "score": given.score,
        "evidence_zh": given.evidence,
        "attachments": list(given.attachments),
        "note": given.note,
    }
    changes = [recording.Change(key, values, current.get(key))]
    recording.classify(changes, ("score", "evidence_zh", "attachments", "note"))
    return await recording.write(session, principal, SelfAssessmentScore, KIND, changes, idempotency_key, given=given)


async def self_assessment_of_item(
    session: AsyncSession, indicator_id: int, jurisdiction_id: int, year: int
) -> SelfAssessment:
    """The self-assessment an item's score belongs to."""
    item = (await repo.indicators_by_ids(session, [indicator_id]))[indicator_id]
    framework = (await repo.frameworks_by_ids(session, [item.framework_id]))[item.framework_id]
    jurisdiction = (await repo.jurisdiction_rows(session))[jurisdiction_id]
    return await self_assessment(session, framework.code, jurisdiction.code, year)
