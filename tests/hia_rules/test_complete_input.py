"""Complete input (issue 11, item 1): each question says to which proposals it applies; under a checklist that
requires every applicable answer, a skipped question is listed and keeps the screening from 很小; an answer
to a question that does not apply is refused by name. The default checklist v1 keeps its behaviour."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hia_rules import ChecklistError, InputError, ScreeningInput, load_checklist, screen, shipped_checklists
from hia_rules.checklist import compile_checklist, parse_checklist
from tests.hia_rules.conftest import mini_data

PROJECT_TYPES = {
    "id": "scope.project_type",
    "determinant": "scope",
    "type": "CHOICE",
    "text_zh": "项目类型",
    "text_en": "Project type",
    "choices": [
        {"value": "WASTE", "label_zh": "垃圾设施", "label_en": "Waste facility"},
        {"value": "ROAD", "label_zh": "道路", "label_en": "Road"},
    ],
    "applies_to": {"kinds": ["PROJECT"]},
}


def requiring(**changes: Any) -> Any:
    """The mini checklist, requiring every applicable answer, with a project-type question and the fuel
    question asked of waste projects only."""
    data = copy.deepcopy(mini_data())
    data["settings"] = {
        "investment_threshold_yuan": 5_000_000,
        "require_every_applicable_answer": True,
        "project_type_question": "scope.project_type",
    }
    data["questions"].append(PROJECT_TYPES)
    fuel = next(q for q in data["questions"] if q["id"] == "air.fuel")
    fuel["applies_to"] = {"kinds": ["PROJECT"], "project_types": ["WASTE"]}
    data.update(changes)
    return compile_checklist(parse_checklist(data))


ALL_NO = {"air.emissions": "NO", "air.school_nearby": "NO", "air.distance_m": 2000, "air.sources": ["COOKING"]}


def test_a_skipped_applicable_question_is_listed_and_keeps_the_degree_from_minimal() -> None:
    checklist = requiring()
    answered = {**ALL_NO, "air.sources": ["COOKING"]}
    policy = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers=answered))
    assert policy.unanswered == ()
    assert policy.impact_degree == "MINIMAL"
    skipped = {k: v for k, v in answered.items() if k != "air.school_nearby"}
    incomplete = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers=skipped))
    assert incomplete.unanswered == ("air.school_nearby",)
    assert incomplete.impact_degree == "MILD"
    reason = incomplete.degree_reasons[0]
    assert reason.decisive
    assert reason.rule_id is None
    assert reason.text_zh.startswith("1 个适用的问题尚未作答")
    assert reason.matched_zh == ("学校附近？",)
    # "don't know" is an answer: listed as information needed, not as unanswered
    unknown = screen(
        checklist,
        ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={**answered, "air.school_nearby": "UNKNOWN"}),
    )
    assert unknown.unanswered == ()
    assert unknown.needs_information == ("air.school_nearby",)


def test_questions_apply_by_kind_and_project_type() -> None:
    checklist = requiring()
    policy = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={}))
    assert "scope.project_type" not in policy.applicable_questions
    assert "air.fuel" not in policy.applicable_questions
    # a project whose type is not yet given is asked everything a project could be asked
    untyped = screen(checklist, ScreeningInput(kind="PROJECT", investment_yuan=9e6, answers={}))
    assert {"scope.project_type", "air.fuel"} <= set(untyped.unanswered)
    road = screen(
        checklist,
        ScreeningInput(kind="PROJECT", investment_yuan=9e6, answers={**ALL_NO, "scope.project_type": "ROAD"}),
    )
    assert "air.fuel" not in road.applicable_questions
    assert road.unanswered == ()
    waste = screen(
        checklist,
        ScreeningInput(kind="PROJECT", investment_yuan=9e6, answers={**ALL_NO, "scope.project_type": "WASTE"}),
    )
    assert waste.unanswered == ("air.fuel",)


def test_an_optional_question_is_never_required() -> None:
    data = copy.deepcopy(mini_data())
    data["settings"] = {"investment_threshold_yuan": 5_000_000, "require_every_applicable_answer": True}
    next(q for q in data["questions"] if q["id"] == "air.school_nearby")["optional"] = True
    checklist = compile_checklist(parse_checklist(data))
    answers = {k: v for k, v in ALL_NO.items() if k != "air.school_nearby"} | {"air.fuel": "GAS"}
    outcome = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers=answers))
    assert outcome.unanswered == ()
    assert "air.school_nearby" in outcome.applicable_questions


def test_out_of_scope_proposals_need_not_answer_everything() -> None:
    forwarded = screen(requiring(), ScreeningInput(kind="POLICY", policy_type="FORWARDED_DOCUMENT", answers={}))
    assert not forwarded.in_scope
    assert forwarded.unanswered == ()


def test_an_answer_to_a_question_that_does_not_apply_is_refused_by_name() -> None:
    given = ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={**ALL_NO, "air.fuel": "COAL"})
    with pytest.raises(InputError) as refused:
        screen(requiring(), given)
    [problem] = refused.value.problems
    assert problem.field == ("answers", "air.fuel")
    assert problem.message == "does not apply to this proposal (only for PROJECT; WASTE): leave it out"


def test_applies_to_naming_what_the_checklist_lacks_fails_validation_with_the_path() -> None:
    data = copy.deepcopy(mini_data())
    data["questions"][0]["applies_to"] = {"kinds": ["PROJECT"], "project_types": ["FACTORY"]}
    with pytest.raises(ChecklistError) as refused:
        compile_checklist(parse_checklist(data))
    assert [(p.path, p.message) for p in refused.value.problems] == [
        (
            "questions[0](id=air.emissions).applies_to.project_types[0]",
            "'FACTORY' is not a choice of the project-type question",
        )
    ]


def test_the_default_checklist_v1_does_not_require_every_answer() -> None:
    v1 = load_checklist(next(p for p in shipped_checklists() if p.name == "hiap-screening-v1.yaml"))
    outcome = screen(v1, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={}))
    assert outcome.unanswered == ()
    assert len(outcome.applicable_questions) == len(v1.checklist.questions)


def test_a_project_type_that_is_no_type_is_refused_alone_not_with_the_answers_of_its_type() -> None:
    # A stored proposal answered under a version whose types were since split (INDUSTRIAL_ENERGY) keeps its
    # fuel answer: only the type itself is refused, and every project type's questions apply meanwhile.
    checklist = requiring()
    given = ScreeningInput(kind="PROJECT", answers={**ALL_NO, "scope.project_type": "FACTORY", "air.fuel": "COAL"})
    with pytest.raises(InputError) as raised:
        screen(checklist, given)
    assert [p.field for p in raised.value.problems] == [("answers", "scope.project_type")]
