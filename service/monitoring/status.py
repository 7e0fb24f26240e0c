"""The status of a target: MET, ON_TRACK, AT_RISK, MISSED or NO_DATA, as of a year. Pure functions.

The rule (also in the README and the GraphQL descriptions):

- The comparator gives the good direction: ≥ and > mean higher is better, ≤ and < lower is better; = means
  closer to the value is better. The observations used are the target's jurisdiction's current ones of the
  target's measure, for periods in or before the target year and not after the as-of year; the latest of them
  decides.
- No such observation: NO_DATA. A text target (no comparator), or a target of a task without a catalog indicator
  (nothing is observed for it): NO_DATA, unless someone with the right recorded a manual status, which is then
  shown (with who and why).
- The latest observation satisfies the comparator: MET (also before the target year).
- Otherwise, when the as-of year is past the target year: MISSED.
- Otherwise (in or before the target year) it is compared with the linear path from the baseline
  (baseline year, baseline value) to (target year, target value) at the observation's period: on the path or
  better, ON_TRACK; worse, AT_RISK. No tolerance. Without a printed baseline the earliest observation of the
  series is the start of the path; with nothing earlier than the latest observation there is no path to
  judge progress by, and a target not yet met is AT_RISK.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.monitoring.periods import Period, period_of

MET, ON_TRACK, AT_RISK, MISSED, NO_DATA = "MET", "ON_TRACK", "AT_RISK", "MISSED", "NO_DATA"
STATUSES = (MET, ON_TRACK, AT_RISK, MISSED, NO_DATA)
# Worst first: what a summary of several targets shows.
SEVERITY = {MISSED: 0, AT_RISK: 1, NO_DATA: 2, ON_TRACK: 3, MET: 4}
# Equality of measured values: floats recorded from text (95.0 against 95) must compare equal.
EPSILON = 1e-9


@dataclass(frozen=True)
class TargetStatus:
    target: Any
    status: str
    # RULE: computed; MANUAL: a person's judgement; TEXT_TARGET: nothing computable (text, or a task's) or recorded.
    basis: str
    as_of: int
    latest: Any | None = None
    expected_value: float | None = None
    manual: Any | None = None
    reason_en: str = ""

    @property
    def is_binding(self) -> bool:
        return bool(self.target.attribute == "BINDING")


def satisfies(comparator: str, observed: float, threshold: float) -> bool:
    if comparator == "GE":
        return observed >= threshold - EPSILON
    if comparator == "GT":
        return observed > threshold + EPSILON
    if comparator == "LE":
        return observed <= threshold + EPSILON
    if comparator == "LT":
        return observed < threshold - EPSILON
    return abs(observed - threshold) <= EPSILON * max(1.0, abs(threshold))


def path_value(start: tuple[float, float], end: tuple[float, float], at: float) -> float:
    """The linear path from (time, value) `start` to `end`, at time `at` (held at the ends outside them)."""
    (t0, v0), (t1, v1) = start, end
    if t1 <= t0:
        return v1
    share = min(1.0, max(0.0, (at - t0) / (t1 - t0)))
    return v0 + (v1 - v0) * share


def on_or_better(comparator: str, observed: float, expected: float, threshold: float) -> bool:
    if comparator in ("GE", "GT"):
        return observed >= expected - EPSILON
    if comparator in ("LE", "LT"):
        return observed <= expected + EPSILON
    return abs(observed - threshold) <= abs(expected - threshold) + EPSILON


def _period(row: Any) -> Period:
    return period_of(row.year, row.period)


def usable(observations: Sequence[Any], target: Any, as_of: int) -> list[Any]:
    """Numeric observations in or before the target year and not after the as-of year, oldest first."""
    last_year = min(target.year, as_of)
    found = [o for o in observations if o.value is not None and o.year <= last_year]
    return sorted(found, key=lambda o: (_period(o), o.id))


def evaluate(target: Any, observations: Sequence[Any], as_of: int, manual: Any | None = None) -> TargetStatus:
    """The status of `target` as of the year `as_of`, from the current observations of its measure."""
    if target.comparator is None or target.value is None or getattr(target, "indicator_id", 0) is None:
        if manual is not None:
            return TargetStatus(target, manual.status, "MANUAL", as_of, manual=manual, reason_en="judged by a person")
        return TargetStatus(
            target,
            NO_DATA,
            "TEXT_TARGET",
            as_of,
            reason_en="no rule can compute it (text, or a task's): record a status",
        )
    series = usable(observations, target, as_of)
    if not series:
        return TargetStatus(target, NO_DATA, "RULE", as_of, reason_en="no observation in or before the target year")
    latest = series[-1]
    threshold = float(target.value)
    if satisfies(target.comparator, latest.value, threshold):
        return TargetStatus(target, MET, "RULE", as_of, latest, threshold, reason_en="the latest value meets it")
    if as_of > target.year:
        return TargetStatus(
            target, MISSED, "RULE", as_of, latest, threshold, reason_en="the target year has passed unmet"
        )
    end = (float(target.year), threshold)
    if target.baseline_value is not None and target.baseline_year is not None:
        start: tuple[float, float] | None = (float(target.baseline_year), float(target.baseline_value))
    elif len(series) > 1:
        start = (_period(series[0]).time, float(series[0].value))
    else:
        start = None
    if start is None:
        return TargetStatus(
            target, AT_RISK, "RULE", as_of, latest, None, reason_en="not met, and no baseline to judge progress by"
        )
    expected = path_value(start, end, _period(latest).time)
    if on_or_better(target.comparator, latest.value, expected, threshold):
        return TargetStatus(
            target, ON_TRACK, "RULE", as_of, latest, expected, reason_en="on or ahead of the path to the target"
        )
    return TargetStatus(target, AT_RISK, "RULE", as_of, latest, expected, reason_en="behind the path to the target")


def worst(statuses: Sequence[str]) -> str:
    return min(statuses, key=lambda s: SEVERITY[s]) if statuses else NO_DATA
