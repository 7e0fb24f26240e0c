"""A proposal as the evaluators see it: validated input, flattened into the facts conditions test.

Validation is strict and names the field, so a form can show the problem next to the right box:
unknown question ids, wrong answer types, numbers out of range, values outside the vocabularies.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hia_rules.applicability import applies_to_proposal
from hia_rules.conditions import PROPOSAL_SLOT, answer_slot, group_field, known_field, option_field, to_fixed
from hia_rules.messages import _
from hia_rules.model import Checklist, Question
from hia_rules.vocabulary import PolicyType, ProposalKind, QuestionType, Tristate, VulnerableGroup

# Larger than any budget in yuan or population a proposal states; in thousandths still exact in a double.
MAX_NUMBER = 1e12
KINDS = frozenset(k.value for k in ProposalKind)
POLICY_TYPES = frozenset(p.value for p in PolicyType)
GROUPS = frozenset(g.value for g in VulnerableGroup)
TRISTATES = frozenset(t.value for t in Tristate)


@dataclass(frozen=True)
class ScreeningInput:
    """What a proposal says about itself, plus the answers to the checklist's questions."""

    kind: str
    policy_type: str | None = None
    investment_yuan: float | None = None
    population_affected: float | None = None
    vulnerable_groups: Sequence[str] = ()
    answers: Mapping[str, Any] = field(default_factory=dict)
    # The jurisdiction's own threshold for projects in scope; None uses the checklist's default.
    investment_threshold_yuan: float | None = None


@dataclass(frozen=True)
class InputProblem:
    field: tuple[str, ...]
    message: str


class InputError(ValueError):
    def __init__(self, problems: list[InputProblem]) -> None:
        super().__init__("; ".join(f"{'.'.join(p.field)}: {p.message}" for p in problems))
        self.problems = problems


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate(checklist: Checklist, given: ScreeningInput) -> None:
    """Raise InputError listing every problem of the input, each with its field path."""
    problems: list[InputProblem] = []

    def problem(path: tuple[str, ...], message: str) -> None:
        problems.append(InputProblem(path, message))

    if given.kind not in KINDS:
        problem(("kind",), _("must be one of {values}", values=", ".join(k.value for k in ProposalKind)))
    if given.policy_type is not None and given.policy_type not in POLICY_TYPES:
        problem(("policyType",), _("must be one of {values}", values=", ".join(p.value for p in PolicyType)))
    for name, value in (
        ("investmentYuan", given.investment_yuan),
        ("populationAffected", given.population_affected),
        ("investmentThresholdYuan", given.investment_threshold_yuan),
    ):
        if value is not None and (not _number(value) or not 0 <= value <= MAX_NUMBER):
            problem((name,), _("must be a number from 0 to {high:.0e}", high=MAX_NUMBER))
    for i, group in enumerate(given.vulnerable_groups):
        if group not in GROUPS:
            problem(
                ("vulnerableGroups", str(i)),
                _("{value!r} is not one of {values}", value=group, values=", ".join(sorted(GROUPS))),
            )
    if len(set(given.vulnerable_groups)) != len(given.vulnerable_groups):
        problem(("vulnerableGroups",), _("lists a group twice"))
    applies = applies_to_proposal(checklist, given)
    for question_id, value in given.answers.items():
        path = ("answers", question_id)
        question = checklist.question(question_id)
        if question is None:
            problem(
                path,
                _("no question {question!r} in checklist {checklist}", question=question_id, checklist=checklist.key),
            )
            continue
        if not applies(question):
            problem(path, _("does not apply to this proposal ({scope}): leave it out", scope=_scope_words(question)))
            continue
        if question.type is QuestionType.YES_NO:
            if value not in TRISTATES:
                problem(path, _("must be YES, UNKNOWN (don't know) or NO"))
        elif question.type is QuestionType.NUMBER:
            if not _number(value):
                problem(path, _("must be a number"))
            elif (question.min is not None and value < question.min) or (
                question.max is not None and value > question.max
            ):
                problem(path, _range(question.min, question.max))
            elif abs(value) > MAX_NUMBER:
                problem(path, _("must be between {low:,.0f} and {high:,.0f}", low=-MAX_NUMBER, high=MAX_NUMBER))
        else:
            values = [c.value for c in question.choices]
            if question.type is QuestionType.CHOICE and value not in values:
                problem(path, _("must be one of {values}", values=", ".join(values)))
            if question.type is QuestionType.MULTI_CHOICE:
                if not isinstance(value, (list, tuple)) or not all(v in values for v in value):
                    problem(path, _("must be a list of values from {values}", values=", ".join(values)))
                elif len(set(value)) != len(value):
                    problem(path, _("lists a value twice"))
    if problems:
        raise InputError(problems)


def threshold_of(checklist: Checklist, given: ScreeningInput) -> float:
    if given.investment_threshold_yuan is not None:
        return given.investment_threshold_yuan
    return checklist.settings.investment_threshold_yuan


def flatten(checklist: Checklist, given: ScreeningInput) -> dict[str, dict[str, Any]]:
    """The facts of one (validated) proposal: the proposal slot and one slot per question."""
    threshold = threshold_of(checklist, given)
    investment_known = given.investment_yuan is not None
    population_known = given.population_affected is not None
    proposal: dict[str, Any] = {
        "kind": given.kind,
        "policy_type": given.policy_type or "",
        "investment_yuan": to_fixed(given.investment_yuan or 0),
        known_field("investment_yuan"): investment_known,
        "meets_investment_threshold": investment_known and to_fixed(given.investment_yuan or 0) >= to_fixed(threshold),
        "population_affected": to_fixed(given.population_affected or 0),
        known_field("population_affected"): population_known,
        "vg_count": len(given.vulnerable_groups),
    }
    for group in VulnerableGroup:
        proposal[group_field(group.value)] = group.value in given.vulnerable_groups
    facts: dict[str, dict[str, Any]] = {PROPOSAL_SLOT: proposal}
    answers = given.answers
    for question_id, slot_name, kind, options in checklist.memo("answer slots", lambda: _answer_slots(checklist)):
        value = answers.get(question_id)
        if kind is QuestionType.NUMBER:
            facts[slot_name] = {"v": to_fixed(value) if value is not None else 0, _V_KNOWN: value is not None}
        elif kind is QuestionType.MULTI_CHOICE:
            chosen = set(value or ())
            slot: dict[str, Any] = {_V_KNOWN: value is not None}
            for name, choice in options:
                slot[name] = choice in chosen
            facts[slot_name] = slot
        else:
            facts[slot_name] = {"v": value if value is not None else ""}
    return facts


_V_KNOWN = known_field("v")


def _answer_slots(checklist: Checklist) -> list[tuple[str, str, QuestionType, tuple[tuple[str, str], ...]]]:
    """Per question, once per checklist: its id, its slot, its type and (MULTI_CHOICE) its option fields."""
    return [
        (q.id, answer_slot(q.id), q.type, tuple((option_field(q, c.value), c.value) for c in q.choices))
        for q in checklist.questions
    ]


def canonical_input(checklist: Checklist, content_hash: str, given: ScreeningInput) -> dict[str, Any]:
    """The input as evaluated (threshold resolved, lists sorted): what the inputs hash covers."""
    return {
        "checklist": checklist.key,
        "checklistHash": content_hash,
        "kind": given.kind,
        "policyType": given.policy_type,
        "investmentYuan": given.investment_yuan,
        "populationAffected": given.population_affected,
        "vulnerableGroups": sorted(given.vulnerable_groups),
        "investmentThresholdYuan": threshold_of(checklist, given),
        "answers": {k: sorted(v) if isinstance(v, (list, tuple)) else v for k, v in sorted(given.answers.items())},
    }


def inputs_hash(checklist: Checklist, content_hash: str, given: ScreeningInput) -> str:
    """SHA-256 of the checklist version (by its precomputed content hash) and the evaluated input."""
    canonical = json.dumps(canonical_input(checklist, content_hash, given), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _scope_words(question: Question) -> str:
    scope = question.applies_to
    assert scope is not None
    parts = [", ".join(v.value for v in scope.kinds), ", ".join(v.value for v in scope.policy_types)]
    parts.append(", ".join(scope.project_types))
    return _("only for {scope}", scope="; ".join(p for p in parts if p))


def _range(low: float | None, high: float | None) -> str:
    """The bounds a NUMBER question's answer must keep, naming only those it has."""
    if low is None:
        return _("must be at most {high}", high=high)
    if high is None:
        return _("must be at least {low}", low=low)
    return _("must be between {low} and {high}", low=low, high=high)
