"""Hypothesis strategies: random but valid proposals for any checklist."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from hia_rules import CompiledChecklist, ScreeningInput
from hia_rules.applicability import applies
from hia_rules.model import Question
from hia_rules.vocabulary import PolicyType, ProposalKind, QuestionType, VulnerableGroup


def _answer(question: Question) -> st.SearchStrategy[Any]:
    if question.type is QuestionType.YES_NO:
        return st.sampled_from(["YES", "NO", "UNKNOWN"])
    if question.type is QuestionType.NUMBER:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 1e9
        # Mostly round numbers near typical thresholds, sometimes anything in range.
        return st.one_of(st.integers(int(low), int(min(high, 1e6))).map(float), st.floats(low, high))
    values = [c.value for c in question.choices]
    if question.type is QuestionType.CHOICE:
        return st.sampled_from(values)
    return st.lists(st.sampled_from(values), unique=True)


def proposals(compiled: CompiledChecklist) -> st.SearchStrategy[ScreeningInput]:
    """Proposals answering any subset of the questions that apply to them (answers to others are refused)."""
    checklist = compiled.checklist
    type_question = checklist.question(checklist.settings.project_type_question or "")

    @st.composite
    def build(draw: st.DrawFn) -> ScreeningInput:
        kind = draw(st.sampled_from([k.value for k in ProposalKind]))
        policy_type = draw(st.one_of(st.none(), st.sampled_from([p.value for p in PolicyType])))
        answers: dict[str, Any] = {}
        if kind == ProposalKind.PROJECT.value and type_question is not None and draw(st.booleans()):
            answers[type_question.id] = draw(_answer(type_question))
        shape = ScreeningInput(kind=kind, policy_type=policy_type, answers=answers)
        # The project's type is drawn first (or left unanswered): the other answers follow from it.
        applicable = [q for q in checklist.questions if applies(q, checklist, shape) and q is not type_question]
        answered = draw(st.lists(st.sampled_from(applicable), unique_by=lambda q: q.id)) if applicable else []
        amounts = st.one_of(st.none(), st.sampled_from([0.0, 1e6, 2e6, 4.99e6, 5e6, 5.01e6, 1e8]), st.floats(0, 1e10))
        return ScreeningInput(
            kind=kind,
            policy_type=policy_type,
            investment_yuan=draw(amounts),
            population_affected=draw(
                st.one_of(st.none(), st.sampled_from([0.0, 999.0, 1000.0, 1e5]), st.floats(0, 1e7))
            ),
            vulnerable_groups=tuple(draw(st.lists(st.sampled_from([g.value for g in VulnerableGroup]), unique=True))),
            answers={**answers, **{q.id: draw(_answer(q)) for q in answered}},
            investment_threshold_yuan=draw(st.one_of(st.none(), st.sampled_from([2e6, 5e6]))),
        )

    return build()
