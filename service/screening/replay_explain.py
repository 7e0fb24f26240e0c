"""Why a replayed outcome differs: what a committee reads before adopting a new checklist version.

A proposal was answered under the version it was submitted with. Under another version some of its answers
may no longer be usable (the question is gone, no longer applies to this kind of proposal, or the answer is
no longer a valid one): they are set aside, by name, rather than failing the replay. Questions the new
version asks that the proposal never answered are listed too: under a version that requires every
applicable answer they keep the degree from 很小 until the sponsor answers them.
"""

from __future__ import annotations

from typing import Any

import hia_rules
from hia_rules.degree_reasons import DEGREE_EN, DEGREE_ZH
from hia_rules.vocabulary import ImpactDegree
from service.screening.proposals import screening_input


def fit(
    compiled: hia_rules.CompiledChecklist, values: dict[str, Any], threshold: float | None
) -> tuple[hia_rules.ScreeningInput, list[str]]:
    """The proposal as the replayed version can evaluate it, and the question ids of the answers set aside."""
    answers = dict(values.get("answers") or {})
    set_aside = sorted(k for k in answers if compiled.checklist.question(k) is None)
    for question_id in set_aside:
        del answers[question_id]
    given = screening_input({**values, "answers": answers}, threshold)
    try:
        hia_rules.validate(compiled.checklist, given)
    except hia_rules.InputError as exc:
        refused = {p.field[1] for p in exc.problems if len(p.field) > 1 and p.field[0] == "answers"}
        if not refused:
            raise  # the proposal itself does not fit, not one of its answers: the caller reports it
        set_aside = sorted({*set_aside, *refused})
        given = screening_input(
            {**values, "answers": {k: v for k, v in answers.items() if k not in refused}}, threshold
        )
    return given, set_aside


def _finding_names(keys: list[str]) -> str:
    return "、".join(keys) if keys else ""


def explain(
    before: dict[str, Any], after: dict[str, Any], outcome: hia_rules.Outcome, set_aside: list[str]
) -> dict[str, Any]:
    """Sentences in Chinese and English saying what changed and why, with the answers set aside and the
    applicable questions left unanswered."""
    zh: list[str] = []
    en: list[str] = []
    if before["inScope"] != after["inScope"]:
        zh.append(f"是否属于评价范围：{'是' if before['inScope'] else '否'} → {'是' if after['inScope'] else '否'}")
        en.append(f"In scope: {'yes' if before['inScope'] else 'no'} → {'yes' if after['inScope'] else 'no'}")
    if before["impactDegree"] != after["impactDegree"]:
        old, new = ImpactDegree(before["impactDegree"]), ImpactDegree(after["impactDegree"])
        decisive = [r for r in outcome.degree_reasons if r.decisive]
        zh.append(f"影响程度：{DEGREE_ZH[old]} → {DEGREE_ZH[new]}。原因：" + "；".join(r.text_zh for r in decisive))
        en.append(
            f"Impact degree: {DEGREE_EN[old]} → {DEGREE_EN[new]}. Because: " + "; ".join(r.text_en for r in decisive)
        )
    for key, name_zh, name_en in (
        ("findings", "发现", "findings"),
        ("requiredPortfolios", "须会签的部门职能", "required portfolios"),
        ("requiredSpecialties", "须参与的专家专业", "required specialties"),
    ):
        added = sorted(set(after[key]) - set(before[key]))
        removed = sorted(set(before[key]) - set(after[key]))
        if added:
            zh.append(f"新增{name_zh}：{'、'.join(added)}")
            en.append(f"New {name_en}: {', '.join(added)}")
        if removed:
            zh.append(f"不再有的{name_zh}：{'、'.join(removed)}")
            en.append(f"No longer {name_en}: {', '.join(removed)}")
    if set_aside:
        zh.append(
            f"新版本不使用原有的 {len(set_aside)} 个答案（问题已删除、不再适用或答案不再有效）：{'、'.join(set_aside)}"
        )
        en.append(
            f"{len(set_aside)} stored answers are not used by this version (question gone, no longer applicable "
            f"or answer no longer valid): {', '.join(set_aside)}"
        )
    if outcome.unanswered:
        zh.append(
            f"新版本适用而本提案未作答的问题 {len(outcome.unanswered)} 个，须补充作答：{'、'.join(outcome.unanswered)}"
        )
        en.append(
            f"{len(outcome.unanswered)} questions of this version apply and are not answered yet (the sponsor must "
            f"answer them): {', '.join(outcome.unanswered)}"
        )
    return {"reasonsZh": zh, "reasonsEn": en, "setAside": set_aside, "unanswered": list(outcome.unanswered)}
