"""The status of a target: MET, ON_TRACK, AT_RISK, MISSED or NO_DATA, as of a year. Pure functions.

The rule (also in the README and the GraphQL descriptions):

- The comparator gives the good direction: ≥ and > mean higher is better, ≤ and < lower is better; = means
  closer to the value is better. The observations used are the target's jurisdiction's current ones of the
  target's measure, for periods in or before the target year and not after the as-of year; the latest of them
  decides.
- No such observation: NO_DATA.
- The latest observation satisfies the comparator: MET (also before the target year).
- Otherwise, when the as-of year is past the target year: MISSED.
- Otherwise (in or before the target year) it is compared with the linear path from the baseline
  (baseline year, baseline value) to (target year, target value) at the observation's period: on the path or
  better, ON_TRACK; worse, AT_RISK. No tolerance. Without a printed baseline the earliest observation of the
  series is the start of the path; with nothing earlier than the latest observation there is no path to
  judge progress by, and a target not yet met is AT_RISK.

A text target (no comparator: 同比例提高, 建成), or a target of a task without a catalog indicator, has no threshold;
its latest recorded value (a number or words) is still its latest value, and:

- someone with the right recorded a status (setTargetStatus): that status (MANUAL), which takes precedence;
- else words were recorded last (WORDS): MET when they state the target (已建成 states 建成; 尚未建成 does not),
  otherwise AT_RISK, or MISSED once the target year has passed;
- else numbers were recorded last (TREND): better than the reference in the indicator's good direction, ON_TRACK;
  otherwise AT_RISK. The reference is the printed baseline, else the earliest earlier value; without either, or
  without a good direction, AT_RISK. The words set no threshold, so MET and MISSED are left to a person;
- else NO_DATA (TEXT_TARGET).

Why a status is what it is, in Chinese and English, is status_reasons.py's business: `case` names the branch taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.monitoring import status_reasons
from service.monitoring.periods import Period, period_of

MET, ON_TRACK, AT_RISK, MISSED, NO_DATA = "MET", "ON_TRACK", "AT_RISK", "MISSED", "NO_DATA"
STATUSES = (MET, ON_TRACK, AT_RISK, MISSED, NO_DATA)
# Worst first: what a summary of several targets shows.
SEVERITY = {MISSED: 0, AT_RISK: 1, NO_DATA: 2, ON_TRACK: 3, MET: 4}
HIGHER, LOWER = "HIGHER_IS_BETTER", "LOWER_IS_BETTER"
# Equality of measured values: floats recorded from text (95.0 against 95) must compare equal.
EPSILON = 1e-9


@dataclass(frozen=True)
class Reference:
    """What a text target's latest value is compared with: the printed baseline or an earlier observation."""

    year: int
    period: str  # Y, Qn, Mnn
    value: float
    is_baseline: bool


@dataclass(frozen=True)
class TargetStatus:
    target: Any
    status: str
    # RULE: computed from numbers against the threshold; MANUAL: a person's judgement; TREND and WORDS: a text target
    # judged from the values recorded for it; TEXT_TARGET: a text target (or a task's) nothing is recorded for.
    basis: str
    as_of: int
    latest: Any | None = None
    expected_value: float | None = None
    manual: Any | None = None
    # Which branch of the rule decided (status_reasons.py words it); for TREND, what was compared and how.
    case: str = ""
    reference: Reference | None = None
    direction: str | None = None

    @property
    def is_binding(self) -> bool:
        return bool(self.target.attribute == "BINDING")

    @property
    def reason_zh(self) -> str:
        return status_reasons.explain(self)[0]

    @property
    def reason_en(self) -> str:
        return status_reasons.explain(self)[1]


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


def evaluate(
    target: Any, observations: Sequence[Any], as_of: int, manual: Any | None = None, direction: str | None = None
) -> TargetStatus:
    """The status of `target` as of the year `as_of`, from the current observations of its measure; `direction` is
    the indicator's (HIGHER_IS_BETTER, LOWER_IS_BETTER ...), used for text targets only."""
    if target.comparator is None or target.value is None or getattr(target, "indicator_id", 0) is None:
        return _without_threshold(target, observations, as_of, manual, direction)
    series = usable(observations, target, as_of)
    if not series:
        return TargetStatus(target, NO_DATA, "RULE", as_of, case="NO_VALUE")
    latest = series[-1]
    threshold = float(target.value)
    if satisfies(target.comparator, latest.value, threshold):
        return TargetStatus(target, MET, "RULE", as_of, latest, threshold, case="MET")
    if as_of > target.year:
        return TargetStatus(target, MISSED, "RULE", as_of, latest, threshold, case="MISSED")
    end = (float(target.year), threshold)
    if target.baseline_value is not None and target.baseline_year is not None:
        start: tuple[float, float] | None = (float(target.baseline_year), float(target.baseline_value))
    elif len(series) > 1:
        start = (_period(series[0]).time, float(series[0].value))
    else:
        start = None
    if start is None:
        return TargetStatus(target, AT_RISK, "RULE", as_of, latest, None, case="NO_PATH")
    expected = path_value(start, end, _period(latest).time)
    if on_or_better(target.comparator, latest.value, expected, threshold):
        return TargetStatus(target, ON_TRACK, "RULE", as_of, latest, expected, case="AHEAD")
    return TargetStatus(target, AT_RISK, "RULE", as_of, latest, expected, case="BEHIND")


def recorded(observations: Sequence[Any], target: Any, as_of: int) -> list[Any]:
    """Observations with a number or words, in or before the target year and not after the as-of year, oldest
    first: what a text target's latest value is taken from."""
    last_year = min(target.year, as_of)
    found = [o for o in observations if o.year <= last_year and (o.value is not None or getattr(o, "value_text", None))]
    return sorted(found, key=lambda o: (_period(o), o.id))


def _without_threshold(
    target: Any, observations: Sequence[Any], as_of: int, manual: Any | None, direction: str | None
) -> TargetStatus:
    series = recorded(observations, target, as_of)
    latest = series[-1] if series else None
    if manual is not None:
        return TargetStatus(target, manual.status, "MANUAL", as_of, latest, manual=manual, case="MANUAL")
    if latest is None:
        return TargetStatus(target, NO_DATA, "TEXT_TARGET", as_of, case="UNJUDGED")
    if latest.value is None:
        return _by_words(target, latest, as_of)
    return _by_trend(target, [o for o in series if o.value is not None], as_of, direction)


# What, written just before a target's words, says they are not (yet) so: 尚未建成, 未达到, 没有建成, 不达标.
NEGATIONS = ("未", "没", "不", "无", "非")
# Left out before comparing words: spaces and punctuation say nothing about the outcome.
IGNORED = set(" \t\n\r\u3000，。、；：！？,.;:!?“”\"'（）()")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in IGNORED)


def states(words: str, target_words: str) -> bool:
    """Whether recorded words state the target's words, not negated (已建成 states 建成; 尚未建成 does not)."""
    said, wanted = _plain(words), _plain(target_words)
    if not wanted:
        return False
    at = said.find(wanted)
    while at >= 0:
        if not any(n in said[max(0, at - 2) : at] for n in NEGATIONS):
            return True
        at = said.find(wanted, at + 1)
    return False


def _by_words(target: Any, latest: Any, as_of: int) -> TargetStatus:
    if states(latest.value_text, target.target_text_zh or ""):
        return TargetStatus(target, MET, "WORDS", as_of, latest, case="WORDS_STATE")
    status = MISSED if as_of > target.year else AT_RISK
    return TargetStatus(target, status, "WORDS", as_of, latest, case="WORDS_DO_NOT_STATE")


def _by_trend(target: Any, series: list[Any], as_of: int, direction: str | None) -> TargetStatus:
    latest = series[-1]
    if direction not in (HIGHER, LOWER):
        return TargetStatus(target, AT_RISK, "TREND", as_of, latest, case="NO_DIRECTION")
    if target.baseline_value is not None and target.baseline_year is not None:
        reference = Reference(int(target.baseline_year), "Y", float(target.baseline_value), True)
    elif len(series) > 1:
        reference = Reference(series[0].year, series[0].period, float(series[0].value), False)
    else:
        return TargetStatus(target, AT_RISK, "TREND", as_of, latest, case="NOTHING_TO_COMPARE")
    change = latest.value - reference.value
    better = change > EPSILON if direction == HIGHER else change < -EPSILON
    status, case = (ON_TRACK, "BETTER") if better else (AT_RISK, "NOT_BETTER")
    return TargetStatus(target, status, "TREND", as_of, latest, case=case, reference=reference, direction=direction)


def worst(statuses: Sequence[str]) -> str:
    return min(statuses, key=lambda s: SEVERITY[s]) if statuses else NO_DATA
