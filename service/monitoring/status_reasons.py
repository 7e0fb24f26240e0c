"""Why a target's status is what it is, in Chinese and in English, with the numbers it rests on:
"2024年观测值 96.5%，已达到2025年目标（≥95%）" / "the 2024 value 96.5% meets the 2025 target (≥95%)".

status.py decides and names the branch it took (`TargetStatus.case`); this module only words it. Chinese is the
source text (what a department reads), English its translation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from service.monitoring.periods import period_of

if TYPE_CHECKING:
    # Only a type here: status.py words its statuses with this module.
    from service.monitoring.status import TargetStatus

COMPARATOR_SIGN = {"GE": "≥", "LE": "≤", "GT": ">", "LT": "<", "EQ": "="}
DIRECTION = {
    "HIGHER_IS_BETTER": ("越高越好", "higher is better"),
    "LOWER_IS_BETTER": ("越低越好", "lower is better"),
}
QUARTERS_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def number(value: float) -> str:
    """At most two decimals, no trailing zeros: 79.104 → 79.1, 95.0 → 95."""
    return f"{round(value, 2):g}"


def period_zh(year: int, code: str) -> str:
    period = period_of(year, code)
    if period.quarter is not None:
        return f"{year}年{QUARTERS_ZH[period.quarter]}"
    if period.month is not None:
        return f"{year}年{period.month}月"
    return f"{year}年"


def period_en(year: int, code: str) -> str:
    return period_of(year, code).label


def target_terms(target: Any) -> str:
    """The target as printed: `≥95%`, or its words (同比例提高)."""
    if target.comparator is None or target.value is None:
        return str(getattr(target, "target_text_zh", None) or "—")
    return f"{COMPARATOR_SIGN[target.comparator]}{number(float(target.value))}{getattr(target, 'unit', None) or ''}"


def value_text(observation: Any, target: Any) -> str:
    """The value with its unit, or the recorded words in quotes."""
    if observation.value is None:
        return f"“{observation.value_text}”"
    unit = getattr(observation, "unit", None) or getattr(target, "unit", None) or ""
    return f"{number(float(observation.value))}{unit}"


Wording = Callable[["TargetStatus"], tuple[str, str]]


def _manual(s: TargetStatus) -> tuple[str, str]:
    manual: Any = s.manual
    who, note = manual.recorded_by, manual.note
    return f"人工判定（{who}）：{note}", f"judged by {who}: {note}"


def _unjudged(s: TargetStatus) -> tuple[str, str]:
    if getattr(s.target, "indicator_id", 0) is None:
        return (
            "任务目标没有对应的监测指标，尚无人判定：请人工判定状态",
            "a task's target without a catalog indicator, nobody has judged it yet: record a status",
        )
    terms = target_terms(s.target)
    return (
        f"文字目标（{terms}）没有数值门槛，尚未录入监测值，也无人判定：请录入监测值或人工判定状态",
        f"a text target ({terms}) sets no threshold, and no value or judgement is recorded: record a value or a status",
    )


def _no_value(s: TargetStatus) -> tuple[str, str]:
    last = min(s.target.year, s.as_of)
    return f"截至{last}年没有观测值", f"no value up to {last}"


def _observed(s: TargetStatus) -> tuple[str, str, str, str, int]:
    """(the Chinese period, the English period, the value, the target's terms, the target year)."""
    latest: Any = s.latest
    return (
        period_zh(latest.year, latest.period),
        period_en(latest.year, latest.period),
        value_text(latest, s.target),
        target_terms(s.target),
        s.target.year,
    )


def _met(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    return (
        f"{zh}观测值 {value}，已达到{year}年目标（{terms}）",
        f"the {en} value {value} meets the {year} target ({terms})",
    )


def _missed(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    return (
        f"{zh}观测值 {value}，未达到{year}年目标（{terms}），目标年份已过",
        f"the {en} value {value} does not meet the {year} target ({terms}), and the target year has passed",
    )


def _no_path(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    return (
        f"{zh}观测值 {value}，尚未达到{year}年目标（{terms}），且没有基线或更早的观测值可判断进度",
        f"the {en} value {value} does not meet the {year} target ({terms}) yet, and there is no baseline or earlier "
        "value to judge progress by",
    )


def _ahead(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    expected = number(float(s.expected_value or 0))
    return (
        f"{zh}观测值 {value}，达到或超过从基线到{year}年目标（{terms}）的路径值 {expected}",
        f"the {en} value {value} is on or ahead of the path to the {year} target ({terms}), which expects {expected}",
    )


def _behind(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    expected = number(float(s.expected_value or 0))
    return (
        f"{zh}观测值 {value}，落后于从基线到{year}年目标（{terms}）的路径值 {expected}",
        f"the {en} value {value} is behind the path to the {year} target ({terms}), which expects {expected}",
    )


def _words(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, year = _observed(s)
    if s.case == "WORDS_STATE":
        return (
            f"{zh}记录为{value}，表明已达到{year}年目标（{terms}）",
            f"recorded for {en} as {value}, which states the {year} target ({terms})",
        )
    late_zh, late_en = ("，目标年份已过", ", and the target year has passed") if s.status == "MISSED" else ("", "")
    return (
        f"{zh}记录为{value}，未表明已达到{year}年目标（{terms}）{late_zh}",
        f"recorded for {en} as {value}, which does not state the {year} target ({terms}){late_en}",
    )


NO_THRESHOLD_ZH, NO_THRESHOLD_EN = "文字目标没有数值门槛，是否达标由人工判定", "whether it is met is a person's call"


def _trend(s: TargetStatus) -> tuple[str, str]:
    zh, en, value, terms, _ = _observed(s)
    head_zh, head_en = f"文字目标（{terms}）：{zh}观测值 {value}", f"text target ({terms}): the {en} value {value}"
    if s.case == "NO_DIRECTION":
        return (
            f"{head_zh}，指标没有好坏方向可判断进展；{NO_THRESHOLD_ZH}",
            f"{head_en}; the indicator has no good direction to judge progress by, and {NO_THRESHOLD_EN}",
        )
    if s.reference is None:
        return (
            f"{head_zh}，没有基线或更早的观测值可比较；{NO_THRESHOLD_ZH}",
            f"{head_en}; there is no baseline or earlier value to compare it with, and {NO_THRESHOLD_EN}",
        )
    ref = s.reference
    unit = getattr(s.latest, "unit", None) or getattr(s.target, "unit", None) or ""
    ref_zh = f"{ref.year}年基线" if ref.is_baseline else f"{period_zh(ref.year, ref.period)}观测值"
    ref_en = f"the {ref.year} baseline" if ref.is_baseline else f"the {period_en(ref.year, ref.period)} value"
    direction_zh, direction_en = DIRECTION[str(s.direction)]
    better_zh, better_en = ("向好", "better than") if s.case == "BETTER" else ("未向好", "not better than")
    return (
        f"{head_zh}，较{ref_zh} {number(ref.value)}{unit}{better_zh}（{direction_zh}）；{NO_THRESHOLD_ZH}",
        f"{head_en} is {better_en} {ref_en} {number(ref.value)}{unit} ({direction_en}); {NO_THRESHOLD_EN}",
    )


WORDINGS: dict[str, Wording] = {
    "MANUAL": _manual,
    "UNJUDGED": _unjudged,
    "NO_VALUE": _no_value,
    "MET": _met,
    "MISSED": _missed,
    "NO_PATH": _no_path,
    "AHEAD": _ahead,
    "BEHIND": _behind,
    "WORDS_STATE": _words,
    "WORDS_DO_NOT_STATE": _words,
    "BETTER": _trend,
    "NOT_BETTER": _trend,
    "NOTHING_TO_COMPARE": _trend,
    "NO_DIRECTION": _trend,
}


def explain(status: TargetStatus) -> tuple[str, str]:
    """(Chinese, English): why the status is what it is."""
    return WORDINGS[status.case](status)
