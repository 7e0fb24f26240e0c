"""Which questions apply to a proposal, and which of those it has left unanswered.

A question applies unless its `applies_to` narrows it away: to other kinds (policy/project), other policy
types, or other project types (the answer to the checklist's project-type question; while that is not
answered, every project type's questions apply). Under a checklist that requires every applicable answer
(`settings.require_every_applicable_answer`), a proposal in scope cannot be submitted with applicable
questions unanswered, and a preview with some cannot come out 很小: a skipped question is not a "no".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hia_rules.messages import _
from hia_rules.model import Checklist, Question
from hia_rules.vocabulary import PolicyType, ProposalKind

if TYPE_CHECKING:  # facts imports this module to refuse answers to questions that do not apply
    from hia_rules.facts import ScreeningInput


_POLICY, _PROJECT = ProposalKind.POLICY.value, ProposalKind.PROJECT.value
_KINDS = frozenset(k.value for k in ProposalKind)
_POLICY_TYPES = frozenset(p.value for p in PolicyType)
# Per question: the kinds, policy types and project types it is narrowed to (an empty set does not narrow).
_Scope = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _scopes(checklist: Checklist) -> dict[str, _Scope]:
    return {
        q.id: (
            frozenset(k.value for k in q.applies_to.kinds),
            frozenset(p.value for p in q.applies_to.policy_types),
            frozenset(q.applies_to.project_types),
        )
        for q in checklist.questions
        if q.applies_to is not None
    }


def _fits(scope: _Scope | None, given: ScreeningInput, project_type: Any) -> bool:
    if scope is None:
        return True
    kinds, policy_types, project_types = scope
    if kinds and given.kind not in kinds:
        return False
    if given.kind == _POLICY and policy_types:
        return given.policy_type in policy_types
    if given.kind == _PROJECT and project_types:
        return project_type is None or project_type in project_types
    return True


def _project_type(checklist: Checklist, given: ScreeningInput) -> Any:
    """The project's type as answered, or None while it is unanswered or not one of the types: an answer
    that is no type (refused by name on its own) must not make the type-specific answers look inapplicable."""
    type_question = checklist.settings.project_type_question
    if not type_question:
        return None
    answer = given.answers.get(type_question)
    return answer if answer in checklist.memo("project types", lambda: _project_types(checklist)) else None


def _project_types(checklist: Checklist) -> frozenset[str]:
    question = checklist.question(checklist.settings.project_type_question or "")
    return frozenset(c.value for c in question.choices) if question is not None else frozenset()


def applies(question: Question, checklist: Checklist, given: ScreeningInput) -> bool:
    return applies_to_proposal(checklist, given)(question)


def applies_to_proposal(checklist: Checklist, given: ScreeningInput) -> Callable[[Question], bool]:
    """Whether a question applies to this proposal, for testing many questions of one proposal."""
    scopes = checklist.memo("applicability", lambda: _scopes(checklist))
    project_type = _project_type(checklist, given)
    return lambda question: _fits(scopes.get(question.id), given, project_type)


def applicable_questions(checklist: Checklist, given: ScreeningInput) -> tuple[str, ...]:
    # Which questions apply depends on the proposal's shape alone (kind, policy type, project type): a
    # handful of shapes per checklist, each worked out once.
    project_type = _project_type(checklist, given)
    by_shape: dict[tuple[Any, Any, Any], tuple[str, ...]] = checklist.memo("applicable by shape", dict)
    shape = (given.kind, given.policy_type, project_type)
    found = by_shape.get(shape)
    if found is None:
        scopes = checklist.memo("applicability", lambda: _scopes(checklist))
        found = tuple(q.id for q in checklist.questions if _fits(scopes.get(q.id), given, project_type))
        if given.kind in _KINDS and (given.policy_type is None or given.policy_type in _POLICY_TYPES):
            by_shape[shape] = found  # only shapes that exist: a stream of bad input cannot grow the memo
    return found


def unanswered(
    checklist: Checklist, given: ScreeningInput, applicable: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """Applicable questions without an answer, in checklist order; none unless the checklist requires them.
    `applicable` saves working them out again when the caller has."""
    if not checklist.settings.require_every_applicable_answer:
        return ()
    if applicable is None:
        applicable = applicable_questions(checklist, given)
    optional = checklist.memo("optional questions", lambda: {q.id for q in checklist.questions if q.optional})
    return tuple(
        question_id
        for question_id in applicable
        if question_id not in optional and given.answers.get(question_id) in (None, [], "")
    )


def check_references(checklist: Checklist) -> list[tuple[str, str]]:
    """(path, problem) for `applies_to` and settings that name what the checklist does not have."""
    problems: list[tuple[str, str]] = []
    type_question_id = checklist.settings.project_type_question
    type_question = checklist.question(type_question_id) if type_question_id else None
    if type_question_id is not None and (type_question is None or type_question.type.value != "CHOICE"):
        problems.append(
            ("settings.project_type_question", _("{question!r} is not a CHOICE question", question=type_question_id))
        )
    project_types = {c.value for c in type_question.choices} if type_question is not None else set()
    for i, question in enumerate(checklist.questions):
        scope = question.applies_to
        if scope is None:
            continue
        path = f"questions[{i}](id={question.id}).applies_to"
        for j, value in enumerate(scope.project_types):
            if value not in project_types:
                problems.append(
                    (
                        f"{path}.project_types[{j}]",
                        _("{value!r} is not a choice of the project-type question", value=value),
                    )
                )
        if scope.policy_types and scope.kinds and ProposalKind.POLICY not in scope.kinds:
            problems.append((f"{path}.policy_types", _("policy types given for a question that applies to no policy")))
        if scope.project_types and scope.kinds and ProposalKind.PROJECT not in scope.kinds:
            problems.append(
                (f"{path}.project_types", _("project types given for a question that applies to no project"))
            )
    return problems
