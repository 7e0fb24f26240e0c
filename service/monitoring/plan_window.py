"""The plan window: which indicators a jurisdiction monitors in which years. One definition, used by the import
template (the rows it offers), the importer and `recordObservations` (the "outside the plan" check) and the
self-assessment, so every row a template offers imports and a year the importer refuses is one no template offers.

A plan monitors an indicator for a jurisdiction when it is a plan of the jurisdiction or of one above it and it sets a
target for the indicator there (or above), has a task that moves it, or owns its framework. It monitors it from its
first year (or the earliest baseline year of those targets, so that a baseline can be recorded) to its last year (or
the latest of those target years). The indicator is monitored in a year when one of these spans covers the year.

Task progress is reported for the years of the task's plan (`plan_covers`). Neither is the scorecard's scope, which
also shows the year after a plan (its final evaluation): nothing is reported for that year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.i18n import _

if TYPE_CHECKING:
    from service.monitoring.facts import Facts, Measure


@dataclass(frozen=True)
class Span:
    """The years one plan monitors one indicator for one jurisdiction."""

    plan: Any
    first: int
    last: int

    def covers(self, year: int) -> bool:
        return self.first <= year <= self.last


def plan_covers(plan: Any, year: int) -> bool:
    """Whether the year lies in the plan's own period (tasks report progress in these years)."""
    return bool(plan.period_start <= year <= plan.period_end)


def spans(facts: Facts, indicator: Any, jurisdiction_id: int) -> list[Span]:
    """The spans of every plan monitoring the indicator for the jurisdiction, earliest first (cached on `facts`)."""
    key = (indicator.id, jurisdiction_id)
    if key not in facts.spans_cache:
        facts.spans_cache[key] = _spans_of(facts, indicator, jurisdiction_id)
    return facts.spans_cache[key]


def _spans_of(facts: Facts, indicator: Any, jurisdiction_id: int) -> list[Span]:
    chain = set(facts.chain(jurisdiction_id))
    plan_ids = {p for p in facts.task_plans.get(indicator.id, set()) if facts.plans[p].jurisdiction_id in chain}
    framework = facts.frameworks.get(indicator.framework_id)
    owner = framework.plan_id if framework is not None else None
    if owner is not None and facts.plans[owner].jurisdiction_id in chain:
        plan_ids.add(owner)
    targets = facts.targets_over(indicator.id, jurisdiction_id)
    plan_ids |= {t.plan_id for t in targets}
    found = []
    for plan_id in plan_ids:
        plan = facts.plans[plan_id]
        own = [t for t in targets if t.plan_id == plan_id]
        first = min([plan.period_start, *(t.baseline_year for t in own if t.baseline_year is not None)])
        last = max([plan.period_end, *(t.year for t in own)])
        found.append(Span(plan, first, last))
    return sorted(found, key=lambda s: (s.first, s.last, s.plan.code))


def covers(found: Sequence[Span], year: int) -> bool:
    return any(span.covers(year) for span in found)


def year_ranges(found: Iterable[Span]) -> list[tuple[int, int]]:
    """The years of the spans as ranges, overlapping and adjacent ones merged."""
    ranges: list[tuple[int, int]] = []
    for first, last in sorted((s.first, s.last) for s in found):
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(last, ranges[-1][1]))
        else:
            ranges.append((first, last))
    return ranges


def years_text(found: Iterable[Span]) -> str:
    """`2020–2025`, or `2017–2020, 2023–2025` when there is a gap."""
    return ", ".join(f"{first}–{last}" for first, last in year_ranges(found))


def outside(facts: Facts, indicator: Any, jurisdiction: Any, year: int) -> tuple[str, str] | None:
    """Why a value of the indicator for the jurisdiction and year is refused, as (field, message); None if it is not."""
    found = spans(facts, indicator, jurisdiction.id)
    if not found:
        return "indicator", _(
            "no plan of {jurisdiction} (or above it) monitors {indicator}",
            jurisdiction=jurisdiction.code,
            indicator=indicator.code,
        )
    if not covers(found, year):
        return "year", _(
            "{year} is outside the plan: {indicator} is monitored in {years}",
            year=year,
            indicator=indicator.code,
            years=years_text(found),
        )
    return None


def monitored(facts: Facts, jurisdiction_id: int, year: int) -> list[tuple[Any, Measure]]:
    """Every measure of every indicator the jurisdiction monitors in the year, in catalog order: the template's rows.
    `facts` must hold every indicator that might be monitored (facts.load_all)."""
    frameworks = facts.frameworks
    indicators = sorted(
        facts.indicators.values(),
        key=lambda i: (frameworks[i.framework_id].position if i.framework_id in frameworks else 0, i.position, i.id),
    )
    return [
        (indicator, measure)
        for indicator in indicators
        if covers(spans(facts, indicator, jurisdiction_id), year)
        for measure in facts.measures(indicator, jurisdiction_id).values()
    ]


def monitored_years(facts: Facts, jurisdiction_id: int) -> list[tuple[int, int]]:
    """The years in which the jurisdiction monitors anything, as ranges (what an empty template points to)."""
    return year_ranges(s for indicator in facts.indicators.values() for s in spans(facts, indicator, jurisdiction_id))


def plans_over(facts: Facts, jurisdiction_id: int) -> list[Any]:
    """The plans of the jurisdiction and of those above it, earliest first."""
    chain = set(facts.chain(jurisdiction_id))
    return sorted(
        (p for p in facts.plans.values() if p.jurisdiction_id in chain), key=lambda p: (p.period_start, p.code)
    )


def plans_in_window(facts: Facts, jurisdiction_id: int, year: int) -> list[Any]:
    """The plans whose spans cover the year for some indicator of the jurisdiction: what its template rests on."""
    found = {
        span.plan.id: span.plan
        for indicator in facts.indicators.values()
        for span in spans(facts, indicator, jurisdiction_id)
        if span.covers(year)
    }
    return sorted(found.values(), key=lambda p: (p.period_start, p.code))
