"""Every outcome says why its degree is what it is, in words, on both evaluators (issue 11, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hia_rules import Evaluator, ScreeningInput, load_checklist, screen, shipped_checklists
from hia_rules.examples import Example
from tests.hia_rules.conftest import compiled_once, shipped_examples

DEFAULT = next(p for p in shipped_checklists() if p.name == "hiap-screening-v1.yaml")
CASES = shipped_examples()


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
@pytest.mark.parametrize(("path", "example"), CASES, ids=[f"{p.stem}/{e.path.stem}" for p, e in CASES])
def test_the_decisive_reasons_call_for_the_degree_concluded(path: Path, example: Example, evaluator: Evaluator) -> None:
    outcome = screen(compiled_once(path), example.given, evaluator)
    decisive = [r for r in outcome.degree_reasons if r.decisive]
    assert decisive, "no reason for the degree"
    assert {r.degree for r in decisive} == {outcome.impact_degree}
    # decisive first, and no reason asks for more than was concluded
    assert list(outcome.degree_reasons[: len(decisive)]) == decisive
    order = {"MINIMAL": 0, "MILD": 1, "MAJOR": 2}
    assert all(order[r.degree] <= order[outcome.impact_degree] for r in outcome.degree_reasons)
    assert all(r.text_zh and r.text_en for r in outcome.degree_reasons)


def test_a_relocation_reason_quotes_the_question_and_the_number_given() -> None:
    checklist = load_checklist(DEFAULT)
    given = ScreeningInput(
        kind="PROJECT",
        investment_yuan=420_000_000,
        answers={
            "scope.project_type": "ROAD_TRANSPORT",
            "housing.demolition": "YES",
            "housing.households_relocated": 320,
            "emergency.hazardous_chemicals": "NO",
            "water.source_protection_zone": "NO",
        },
    )
    outcome = screen(checklist, given)
    assert outcome.impact_degree == "MAJOR"
    relocation = next(r for r in outcome.degree_reasons if r.rule_id == "housing.mass-relocation")
    assert relocation.decisive
    assert relocation.text_zh == "搬迁100户以上（检查表规定至少为重大）"
    assert "需搬迁安置的户数：320（≥ 100）" in relocation.matched_zh
    assert "Number of households to be relocated: 320 (≥ 100)" in relocation.matched_en


def test_nothing_found_is_a_reason_too_and_out_of_scope_says_so() -> None:
    checklist = load_checklist(DEFAULT)
    quiet = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={}))
    assert [(r.degree, r.rule_id) for r in quiet.degree_reasons] == [("MINIMAL", None)]
    assert quiet.degree_reasons[0].text_zh.startswith("未发现不利或不确定的健康影响")
    forwarded = screen(checklist, ScreeningInput(kind="POLICY", policy_type="FORWARDED_DOCUMENT", answers={}))
    assert forwarded.degree_reasons[0].text_zh.startswith("不在健康影响评价范围：")
