"""What the catalog says about measuring an indicator in a jurisdiction, loaded once for many rows:

- **Measures.** An indicator is one measure, unless its targets there set several thresholds for the same year
  under different names (健康细胞建设: 健康机关覆盖率 30%, 健康促进学校覆盖率 80% ...); then each target metric is
  a measure, and an observation must name the one it measures. Rewordings across years (年度空气优良率 in 2018,
  建成区环境空气质量优良天数占比 in 2020) stay one measure.
- **Unit.** The unit its targets give for the measure, else the indicator's unit; none for a count or a practice.
- **Numeric.** A measure with a unit, a numeric target or a direction takes numbers; a practice (NOT_APPLICABLE
  direction, no unit, no numeric target) may also be recorded in words.
- **Plan window.** The years a plan of the jurisdiction (or a jurisdiction above it) monitors the indicator:
  plan_window.py, the one definition the template, the importer and the mutations share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Indicator, IndicatorFramework
from db.repositories import monitoring as repo

if TYPE_CHECKING:
    from service.monitoring.plan_window import Span


def normal_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    cleaned = unit.strip().replace("％", "%").replace("‰", "‰")
    return cleaned or None


@dataclass(frozen=True)
class Measure:
    name: str  # '' for the indicator itself
    unit: str | None
    numeric: bool


@dataclass
class Facts:
    indicators: dict[str, Any]
    jurisdictions: dict[str, Any]
    jurisdictions_by_id: dict[int, Any]
    plans: dict[int, Any]
    frameworks: dict[int, Any]
    targets: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    task_plans: dict[int, set[int]] = field(default_factory=dict)
    # Answers per (indicator id, jurisdiction id): a file of 10,000 rows asks the same few questions again and again.
    _measures: dict[tuple[int, int], dict[str, Measure]] = field(default_factory=dict)
    spans_cache: dict[tuple[int, int], list[Span]] = field(default_factory=dict)
    _chains: dict[int, list[int]] = field(default_factory=dict)

    def chain(self, jurisdiction_id: int) -> list[int]:
        """The jurisdiction and those above it."""
        if jurisdiction_id in self._chains:
            return self._chains[jurisdiction_id]
        found: list[int] = []
        current: int | None = jurisdiction_id
        while current is not None and current not in found and current in self.jurisdictions_by_id:
            found.append(current)
            current = self.jurisdictions_by_id[current].parent_id
        self._chains[jurisdiction_id] = found
        return found

    def targets_over(self, indicator_id: int, jurisdiction_id: int) -> list[Any]:
        return [t for j in self.chain(jurisdiction_id) for t in self.targets.get((indicator_id, j), [])]

    def has_several_measures(self, indicator_id: int, jurisdiction_id: int) -> bool:
        names_by_year: dict[int, set[str]] = defaultdict(set)
        for target in self.targets_over(indicator_id, jurisdiction_id):
            names_by_year[target.year].add(target.metric_zh)
        return any(len(names) > 1 for names in names_by_year.values())

    def measures(self, indicator: Any, jurisdiction_id: int) -> dict[str, Measure]:
        key = (indicator.id, jurisdiction_id)
        if key not in self._measures:
            self._measures[key] = self._measures_of(indicator, jurisdiction_id)
        return self._measures[key]

    def _measures_of(self, indicator: Any, jurisdiction_id: int) -> dict[str, Measure]:
        targets = self.targets_over(indicator.id, jurisdiction_id)
        if self.has_several_measures(indicator.id, jurisdiction_id):
            names = list(dict.fromkeys(t.metric_zh for t in targets))
            return {name: self._measure(indicator, name, [t for t in targets if t.metric_zh == name]) for name in names}
        return {"": self._measure(indicator, "", targets)}

    def _measure(self, indicator: Any, name: str, targets: list[Any]) -> Measure:
        units = [normal_unit(t.unit) for t in targets if normal_unit(t.unit)]
        unit = units[0] if units else normal_unit(indicator.unit)
        numeric = unit is not None or any(t.comparator for t in targets) or indicator.direction != "NOT_APPLICABLE"
        return Measure(name, unit, numeric)

    def measure_of_target(self, target: Any) -> str:
        if target.indicator_id is None:
            return ""
        return target.metric_zh if self.has_several_measures(target.indicator_id, target.jurisdiction_id) else ""


async def load(session: AsyncSession, indicator_codes: Iterable[str]) -> Facts:
    """The facts for these indicators (every jurisdiction, plan and framework: small tables)."""
    indicators = await repo.rows_by_codes(session, Indicator, indicator_codes)
    return await _facts_for(session, indicators)


async def load_all(session: AsyncSession) -> Facts:
    """The facts of every indicator: what the import template chooses its rows from."""
    return await _facts_for(session, {row.code: row for row in await repo.all_rows(session, Indicator)})


async def load_for_ids(session: AsyncSession, indicator_ids: Iterable[int]) -> Facts:
    rows = await repo.indicators_by_ids(session, list(indicator_ids))
    return await _facts_for(session, {row.code: row for row in rows.values()})


async def _facts_for(session: AsyncSession, indicators: dict[str, Any]) -> Facts:
    jurisdictions = await repo.jurisdiction_rows(session)
    ids = [row.id for row in indicators.values()]
    facts = Facts(
        indicators=indicators,
        jurisdictions={row.code: row for row in jurisdictions.values()},
        jurisdictions_by_id=jurisdictions,
        plans=await repo.plan_rows(session),
        frameworks={row.id: row for row in await repo.all_rows(session, IndicatorFramework)},
    )
    for target in await repo.targets_of_indicators(session, ids):
        facts.targets.setdefault((target.indicator_id, target.jurisdiction_id), []).append(target)
    for indicator_id, plan_id in await repo.plans_moving_indicators(session, ids):
        facts.task_plans.setdefault(indicator_id, set()).add(plan_id)
    return facts
