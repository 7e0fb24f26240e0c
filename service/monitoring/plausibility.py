"""Plausible values of a measure: what a typing error or a wrong unit gives (-1 years of life expectancy, 145 % for a
rate) is refused before it is recorded and drags a target's status with it.

The range follows from the measure's unit: a percentage lies in 0–100, a rate per mille in 0–1,000, a rate per
100,000 in 0–100,000, an age in 0–130 years, and anything else with a unit (a count, an area, an amount, a duration,
a density, a score) is not negative. A measure without a unit has no range. The catalog may set either end for an
indicator (`bounds` in the seed: a change in incidence, in %, may be negative); it applies to the measures in the
indicator's own unit, while measures that its targets give in another unit keep that unit's range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.i18n import _
from service.monitoring.facts import Measure, normal_unit


@dataclass(frozen=True)
class Range:
    low: float | None
    high: float | None

    def holds(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def describe(self, unit: str | None) -> str:
        """`0 to 100 %`, `at least 0 人`, `at most 5 ‰` (and `any value` for a range without ends)."""
        suffix = f" {unit}" if unit else ""
        if self.low is not None and self.high is not None:
            return _("{low:g} to {high:g}{unit}", low=self.low, high=self.high, unit=suffix)
        if self.low is not None:
            return _("at least {low:g}{unit}", low=self.low, unit=suffix)
        if self.high is not None:
            return _("at most {high:g}{unit}", high=self.high, unit=suffix)
        return _("any value")


UNIT_RANGES = {
    "%": Range(0, 100),
    "‰": Range(0, 1000),
    "1/10万": Range(0, 100_000),
    # The oldest verified human lived 122 years: 130 leaves room without letting a typo through.
    "岁": Range(0, 130),
}
NOT_NEGATIVE = Range(0, None)


def range_of(indicator: Any, measure: Measure) -> Range | None:
    """The plausible values of one measure of an indicator, None when any value will do."""
    unit = measure.unit
    default = UNIT_RANGES.get(unit, NOT_NEGATIVE) if unit is not None else None
    if unit != normal_unit(indicator.unit):
        return default
    low, high = indicator.plausible_min, indicator.plausible_max
    if low is None and high is None:
        return default
    return Range(
        low if low is not None else (default.low if default else None),
        high if high is not None else (default.high if default else None),
    )


def problem(indicator: Any, measure: Measure, value: float | None) -> str | None:
    """Why `value` cannot be a value of the measure, or None when it can (or there is no number)."""
    allowed = range_of(indicator, measure)
    if value is None or allowed is None or allowed.holds(value):
        return None
    unit = f" {measure.unit}" if measure.unit else ""
    what = f"{indicator.code} ({measure.name})" if measure.name else indicator.code
    return _(
        "{value:g}{unit} is not a plausible value of {what}: it must be {allowed}",
        value=value,
        unit=unit,
        what=what,
        allowed=allowed.describe(measure.unit),
    )
