"""The scorecard of a jurisdiction for a year: every target of its plans in force that year (or ended the year
before, the year of the final evaluation), with its status, grouped by framework and first-level heading.
Targets of tasks without a catalog indicator form a group of their own (no framework, no heading)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Jurisdiction
from db.repositories import monitoring as repo
from db.repositories.screening import row_by_code
from service.errors import NotFoundError
from service.i18n import _
from service.monitoring import reads
from service.monitoring import status as rules
from service.monitoring.periods import MAX_YEAR, MIN_YEAR


@dataclass
class StatusCounts:
    counts: Counter[str] = field(default_factory=Counter)
    binding_off_track: int = 0

    def add(self, computed: rules.TargetStatus) -> None:
        self.counts[computed.status] += 1
        if computed.is_binding and computed.status in (rules.AT_RISK, rules.MISSED):
            self.binding_off_track += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class HeadingCard:
    dimension: Any | None
    statuses: list[rules.TargetStatus] = field(default_factory=list)
    counts: StatusCounts = field(default_factory=StatusCounts)


@dataclass
class FrameworkCard:
    framework: Any | None
    headings: dict[int | None, HeadingCard] = field(default_factory=dict)
    counts: StatusCounts = field(default_factory=StatusCounts)


@dataclass
class Scorecard:
    jurisdiction: Any
    as_of: int
    frameworks: dict[int | None, FrameworkCard] = field(default_factory=dict)
    counts: StatusCounts = field(default_factory=StatusCounts)


def in_scope(plan: Any, year: int) -> bool:
    return bool(plan.period_start <= year <= plan.period_end + 1)


async def scorecard(session: AsyncSession, jurisdiction_code: str, year: int) -> Scorecard:
    jurisdiction = await row_by_code(session, Jurisdiction, jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["jurisdiction"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise NotFoundError(_("{year} is not a plausible year", year=year), ["year"])
    plans = await repo.plan_rows(session)
    targets = [
        t for t in await repo.targets_in_jurisdiction(session, jurisdiction.id) if in_scope(plans[t.plan_id], year)
    ]
    statuses = await reads.statuses_for_targets(session, targets, year)
    indicators = await repo.indicators_by_ids(session, [t.indicator_id for t in targets if t.indicator_id is not None])
    frameworks = await repo.frameworks_by_ids(session, sorted({i.framework_id for i in indicators.values()}))
    dimensions: dict[int, Any] = {}
    for each in frameworks:
        dimensions.update({d.id: d for d in await repo.dimensions_of_framework(session, each)})
    card = Scorecard(jurisdiction=jurisdiction, as_of=year)
    for computed in statuses:
        indicator = indicators.get(computed.target.indicator_id) if computed.target.indicator_id else None
        framework_id = indicator.framework_id if indicator is not None else None
        heading = None
        if indicator is not None:
            heading = dimensions[indicator.dimension_id]
            while heading.parent_id is not None:
                heading = dimensions[heading.parent_id]
        framework_card = card.frameworks.setdefault(
            framework_id, FrameworkCard(frameworks.get(framework_id) if framework_id else None)
        )
        heading_card = framework_card.headings.setdefault(heading.id if heading else None, HeadingCard(heading))
        heading_card.statuses.append(computed)
        for counts in (heading_card.counts, framework_card.counts, card.counts):
            counts.add(computed)
    # Frameworks and headings in source order; the task group last.
    card.frameworks = dict(
        sorted(
            card.frameworks.items(),
            key=lambda kv: (kv[1].framework is None, kv[1].framework.position if kv[1].framework else 0),
        )
    )
    for framework_card in card.frameworks.values():
        framework_card.headings = dict(
            sorted(framework_card.headings.items(), key=lambda kv: kv[1].dimension.position if kv[1].dimension else -1)
        )
    return card
