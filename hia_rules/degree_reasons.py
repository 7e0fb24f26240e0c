"""Why a screening came out 很小, 轻度 or 重大, in sentences an expert can check against the proposal.

The degree is decided in `outcome.build_outcome`; this module says why, from the same fired rules: each rule
that sets a degree, and each adverse or uncertain finding (which raises it to 轻度, or to 重大 when severe),
gives one reason naming the rule and the answers it matched in words (the question as asked and the answer
given, e.g. "距最近的学校、幼儿园或托育机构的距离（米）：180（< 500）"). The reasons that reach the final
degree are `decisive` and come first; the others show what would still hold the degree up if a decisive
one were answered away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hia_rules.conditions import Atom, from_fixed
from hia_rules.facts import ScreeningInput
from hia_rules.model import Checklist, Rule
from hia_rules.vocabulary import DEGREE_ORDER, Effect, ImpactDegree, QuestionType, Severity, Tristate

DEGREE_ZH = {ImpactDegree.MINIMAL: "很小", ImpactDegree.MILD: "轻度", ImpactDegree.MAJOR: "重大"}
DEGREE_EN = {ImpactDegree.MINIMAL: "minimal", ImpactDegree.MILD: "mild", ImpactDegree.MAJOR: "major"}
_TRISTATE_ZH = {Tristate.YES.value: "是", Tristate.NO.value: "否", Tristate.UNKNOWN.value: "不知道"}
_TRISTATE_EN = {Tristate.YES.value: "yes", Tristate.NO.value: "no", Tristate.UNKNOWN.value: "don't know"}
_ORDER_OF_VALUE = {d.value: order for d, order in DEGREE_ORDER.items()}
_SYMBOL = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
_ATTRIBUTE_NAMES = {
    "kind": ("提案类型", "kind"),
    "policy_type": ("政策类型", "policy type"),
    "investment_yuan": ("投资额（元）", "investment (yuan)"),
    "meets_investment_threshold": ("达到重大项目投资额", "meets the investment threshold"),
    "population_affected": ("提案涉及人口", "people the proposal reaches"),
    "vg_count": ("涉及的弱势群体类别数", "vulnerable groups affected"),
}


@dataclass(frozen=True)
class DegreeReason:
    degree: str
    rule_id: str | None
    text_zh: str
    text_en: str
    matched_zh: tuple[str, ...]
    matched_en: tuple[str, ...]
    decisive: bool


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _answer_words(atom: Atom, checklist: Checklist, given: ScreeningInput) -> tuple[str, str]:
    question = checklist.question(atom.slot.split(":", 1)[1])
    assert question is not None
    answer = given.answers.get(question.id)
    if atom.field.startswith("o") and atom.field[1:].isdigit():  # one option of a MULTI_CHOICE question
        choice = question.choices[int(atom.field[1:])]
        chosen = (atom.op == "eq") == (atom.value is True)
        return (
            f"{question.text_zh}：{'含' if chosen else '不含'}“{choice.label_zh}”",
            f"{question.text_en}: {'includes' if chosen else 'excludes'} “{choice.label_en}”",
        )
    if question.type is QuestionType.YES_NO:
        return (
            f"{question.text_zh}——{_TRISTATE_ZH.get(str(answer), '未作答')}",
            f"{question.text_en} — {_TRISTATE_EN.get(str(answer), 'not answered')}",
        )
    if question.type is QuestionType.CHOICE:
        labels = {c.value: c for c in question.choices}
        label = labels.get(str(answer))
        return (
            f"{question.text_zh}：{label.label_zh if label else '未作答'}",
            f"{question.text_en}: {label.label_en if label else 'not answered'}",
        )
    limit = from_fixed(atom.value) if isinstance(atom.value, int) and not isinstance(atom.value, bool) else atom.value
    test = f"{_SYMBOL[atom.op]} {_number(limit)}"
    shown = _number(answer) if answer is not None else "—"
    return f"{question.text_zh}：{shown}（{test}）", f"{question.text_en}: {shown} ({test})"


def words(atom: Atom, checklist: Checklist, given: ScreeningInput) -> tuple[str, str]:
    """One matched test in Chinese and English, with the value the proposal gave."""
    if atom.op == "present":
        name = atom.slot.split(":", 1)[1]
        return f"由其他规则推出：{name}", f"derived by another rule: {name}"
    if atom.slot.startswith("answer:"):
        return _answer_words(atom, checklist, given)
    if atom.field.startswith("vg_") and atom.field != "vg_count":
        chosen = (atom.op == "eq") == (atom.value is True)
        group = atom.field[3:].upper()
        return (
            f"弱势群体{'包括' if chosen else '不包括'} {group}",
            f"vulnerable groups {'include' if chosen else 'exclude'} {group}",
        )
    name_zh, name_en = _ATTRIBUTE_NAMES.get(atom.field, (atom.field, atom.field))
    value = atom.value
    if atom.field in ("investment_yuan", "population_affected") and isinstance(value, int):
        value = from_fixed(value)
    shown = _number(value)
    return f"{name_zh} {_SYMBOL[atom.op]} {shown}", f"{name_en} {_SYMBOL[atom.op]} {shown}"


def _words_key(atom: Atom, checklist: Checklist, given: ScreeningInput) -> tuple[Any, ...] | None:
    """What `words` depends on, when that is one of few values: the test, and the answer when the answer
    is a yes/no or a choice. None for numbers, whose words show the proposal's own figure."""
    if not atom.slot.startswith("answer:") or (atom.field.startswith("o") and atom.field[1:].isdigit()):
        return (atom,)
    question = checklist.question(atom.slot.split(":", 1)[1])
    if question is None:
        return None
    answer = given.answers.get(question.id)
    if answer is None:
        return (atom, None)
    if question.type is QuestionType.YES_NO and answer in _TRISTATE_ZH:
        return (atom, answer)
    if question.type is QuestionType.CHOICE and any(c.value == answer for c in question.choices):
        return (atom, answer)
    return None


def _question_texts(checklist: Checklist) -> dict[str, tuple[str, str]]:
    return checklist.memo("question texts", lambda: {q.id: (q.text_zh, q.text_en) for q in checklist.questions})


def _remembered_words(atom: Atom, checklist: Checklist, given: ScreeningInput) -> tuple[str, str]:
    """`words`, built once per test and answer where those are few (bounded by the checklist's size)."""
    key = _words_key(atom, checklist, given)
    if key is None:
        return words(atom, checklist, given)
    remembered: dict[tuple[Any, ...], tuple[str, str]] = checklist.memo("matched words", dict)
    found = remembered.get(key)
    if found is None:
        found = remembered[key] = words(atom, checklist, given)
    return found


@dataclass(frozen=True)
class _Candidate:
    degree: ImpactDegree
    rule: Rule
    text_zh: str
    text_en: str


def _candidates(rule: Rule) -> list[_Candidate]:
    found: list[_Candidate] = []
    if rule.then.degree is not None and rule.then.degree is not ImpactDegree.MINIMAL:
        d = rule.then.degree
        found.append(
            _Candidate(
                d,
                rule,
                f"{rule.title_zh}（检查表规定至少为{DEGREE_ZH[d]}）",
                f"{rule.title_en} (the checklist sets at least {DEGREE_EN[d]})",
            )
        )
    for finding in rule.then.findings:
        if finding.effect is Effect.NEGATIVE and finding.severity is Severity.HIGH:
            found.append(
                _Candidate(
                    ImpactDegree.MAJOR,
                    rule,
                    f"严重的不利健康影响：{rule.title_zh}",
                    f"Serious adverse effect on health: {rule.title_en}",
                )
            )
        elif finding.effect is Effect.NEGATIVE:
            found.append(
                _Candidate(
                    ImpactDegree.MILD,
                    rule,
                    f"可能的不利健康影响：{rule.title_zh}",
                    f"Possible adverse effect on health: {rule.title_en}",
                )
            )
        elif finding.effect is Effect.UNCERTAIN:
            found.append(
                _Candidate(
                    ImpactDegree.MILD,
                    rule,
                    f"健康影响不确定，需快速评估：{rule.title_zh}",
                    f"Uncertain effect on health, to assess rapidly: {rule.title_en}",
                )
            )
    return found


def degree_reasons(
    degree: str,
    in_scope: bool,
    scope_reason: tuple[str, str],
    fired: Sequence[tuple[Rule, Sequence[Atom]]],
    checklist: Checklist,
    given: ScreeningInput,
    unanswered: Sequence[str] = (),
) -> tuple[DegreeReason, ...]:
    """The reasons for `degree`, decisive first, strongest first; one per rule and degree."""
    if not in_scope:
        return (
            DegreeReason(
                ImpactDegree.MINIMAL.value,
                None,
                f"不在健康影响评价范围：{scope_reason[0]}",
                f"Not in scope of health impact assessment: {scope_reason[1]}",
                (),
                (),
                True,
            ),
        )
    final = ImpactDegree(degree)
    reasons: list[DegreeReason] = []
    strongest: dict[str, list[_Candidate]] = checklist.memo("degree candidates", dict)
    for rule, atoms in fired:
        candidates = strongest.get(rule.id)
        if candidates is None:
            candidates = strongest[rule.id] = sorted(_candidates(rule), key=lambda c: -DEGREE_ORDER[c.degree])
        # One reason per rule: the strongest thing it does to the degree.
        for candidate in candidates[:1]:
            described = [_remembered_words(a, checklist, given) for a in atoms]
            reasons.append(
                DegreeReason(
                    candidate.degree.value,
                    rule.id,
                    candidate.text_zh,
                    candidate.text_en,
                    tuple(zh for zh, _ in described),
                    tuple(en for _, en in described),
                    candidate.degree is final,
                )
            )
    if unanswered:
        texts = [_question_texts(checklist).get(i, (i, i)) for i in unanswered]
        reasons.append(
            DegreeReason(
                ImpactDegree.MILD.value,
                None,
                f"{len(unanswered)} 个适用的问题尚未作答，不能得出“很小”的结论（不知道时请答“不知道”）",
                f"{len(unanswered)} applicable questions are not answered yet, so the degree cannot be minimal "
                "(answer DON'T KNOW where you do not know)",
                tuple(zh for zh, _ in texts),
                tuple(en for _, en in texts),
                final is ImpactDegree.MILD,
            )
        )
    if not reasons:
        reasons.append(
            DegreeReason(
                ImpactDegree.MINIMAL.value,
                None,
                "未发现不利或不确定的健康影响，也没有检查表规则要求提高影响程度",
                "No adverse or uncertain effect on health was found and no checklist rule raises the degree",
                (),
                (),
                True,
            )
        )
    return tuple(sorted(reasons, key=lambda r: (not r.decisive, -_ORDER_OF_VALUE[r.degree])))
