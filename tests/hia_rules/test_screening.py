"""Screening semantics on the mini checklist, input validation, and the engine's structural guarantees."""

from __future__ import annotations

import gc
import resource
from typing import Any

import pytest

from hia_rules import CompiledChecklist, Evaluator, InputError, ScreeningInput, engine, screen

BASE = {"kind": "PROJECT", "investment_yuan": 6e6, "population_affected": 5000}


def given(**changes: Any) -> ScreeningInput:
    values: dict[str, Any] = {**BASE, **changes}
    return ScreeningInput(**values)


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_forward_chaining_escalates_air_impact_near_a_school(mini: CompiledChecklist, evaluator: Evaluator) -> None:
    outcome = screen(mini, given(answers={"air.emissions": "YES", "air.school_nearby": "YES"}), evaluator)
    assert outcome.in_scope
    assert outcome.impact_degree == "MAJOR"
    assert outcome.procedure == "FULL_ASSESSMENT"
    assert outcome.derived_facts == ("air-quality-impact", "near-sensitive")
    assert "air.escalate" in outcome.fired_rules
    escalation = next(f for f in outcome.findings if f.rule_id == "air.escalate")
    assert escalation.matched == ("fact air-quality-impact", "fact near-sensitive", "population_affected ≥ 1000")
    assert [r.code for r in outcome.required_specialties] == ["DISEASE_CONTROL", "ENVIRONMENTAL_HEALTH"]


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_dont_know_is_not_no(mini: CompiledChecklist, evaluator: Evaluator) -> None:
    outcome = screen(mini, given(answers={"air.emissions": "UNKNOWN"}), evaluator)
    assert outcome.needs_information == ("air.emissions",)
    assert {a.number: a.answer for a in outcome.national_form}[6] == "UNKNOWN"
    assert "air.emissions" not in outcome.fired_rules


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_missing_numbers_make_comparisons_false_and_their_negation_true(
    mini: CompiledChecklist, evaluator: Evaluator
) -> None:
    # not(population < 1000) holds when the population is not given
    outcome = screen(
        mini, given(population_affected=None, answers={"air.emissions": "YES", "air.distance_m": 100}), evaluator
    )
    assert "air.escalate" in outcome.fired_rules
    small = screen(
        mini, given(population_affected=10, answers={"air.emissions": "YES", "air.distance_m": 100}), evaluator
    )
    assert "air.escalate" not in small.fired_rules


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_scope_out_wins_and_out_of_scope_reports_no_procedure(mini: CompiledChecklist, evaluator: Evaluator) -> None:
    outcome = screen(
        mini, given(kind="POLICY", policy_type="FORWARDED_DOCUMENT", answers={"air.emissions": "YES"}), evaluator
    )
    assert not outcome.in_scope
    assert outcome.scope_rule_id == "scope.forwarded"
    assert outcome.procedure == "NOT_REQUIRED"
    assert outcome.findings == ()
    assert outcome.required_portfolios == ()
    below = screen(mini, given(investment_yuan=1e6), evaluator)
    assert not below.in_scope
    assert below.scope_rule_id is None
    assert screen(mini, given(investment_yuan=1e6, investment_threshold_yuan=5e5), evaluator).in_scope


def test_input_errors_name_every_field(mini: CompiledChecklist) -> None:
    bad = given(
        kind="PLAN",
        vulnerable_groups=["CHILDREN", "ROBOTS"],
        answers={
            "air.nope": "YES",
            "air.emissions": "maybe",
            "air.distance_m": -5,
            "air.fuel": "WOOD",
            "air.sources": "DUST",
        },
    )
    with pytest.raises(InputError) as raised:
        screen(mini, bad)
    fields = {".".join(p.field) for p in raised.value.problems}
    assert fields == {
        "kind",
        "vulnerableGroups.1",
        "answers.air.nope",
        "answers.air.emissions",
        "answers.air.distance_m",
        "answers.air.fuel",
        "answers.air.sources",
    }


def test_evaluation_is_pure_and_ordered(mini: CompiledChecklist) -> None:
    proposal = given(
        vulnerable_groups=["CHILDREN"],
        answers={"air.emissions": "YES", "air.sources": ["TRAFFIC"], "air.school_nearby": "YES"},
    )
    first = screen(mini, proposal)
    assert all(screen(mini, proposal) == first for _ in range(20))
    assert first == screen(mini, proposal, "reference")
    assert list(first.findings) == sorted(first.findings, key=lambda f: (f.indicator, f.effect, f.rule_id))


def test_memory_stays_flat_and_no_session_is_left_behind(mini: CompiledChecklist) -> None:
    proposal = given(vulnerable_groups=["CHILDREN"], answers={"air.emissions": "YES", "air.school_nearby": "YES"})
    for _ in range(2_000):
        screen(mini, proposal)
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(20_000):
        screen(mini, proposal)
    gc.collect()
    growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert engine().live_sessions == 0
    assert growth_kb < 5_000, f"peak RSS grew by {growth_kb} kB over 20,000 evaluations"


def test_a_proposal_no_rule_matches_is_evaluated_and_cleaned_up(mini: CompiledChecklist) -> None:
    # durable_rules segfaults deleting a session in which no action ran; the start rule prevents it
    for _ in range(50):
        outcome = screen(mini, given(investment_yuan=1.0, population_affected=0.0))
        assert outcome.fired_rules == ()
    assert engine().live_sessions == 0


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
def test_answered_tests_whether_a_number_was_given(evaluator: Evaluator) -> None:
    import yaml

    from hia_rules import load_checklist_text
    from tests.hia_rules.conftest import mini_data

    data = mini_data()
    data["rules"].append(
        {
            "id": "scope.investment-unknown",
            "title_zh": "投资未知",
            "title_en": "Investment unknown",
            "rationale_zh": "项目投资额未填",
            "rationale_en": "The project gives no investment",
            "when": {
                "all": [{"attribute": "kind", "eq": "PROJECT"}, {"attribute": "investment_yuan", "answered": False}]
            },
            "then": {"degree": "MILD"},
        }
    )
    compiled = load_checklist_text(yaml.safe_dump(data, allow_unicode=True))
    assert "scope.investment-unknown" in screen(compiled, given(investment_yuan=None), evaluator).fired_rules
    assert "scope.investment-unknown" not in screen(compiled, given(investment_yuan=0.0), evaluator).fired_rules
