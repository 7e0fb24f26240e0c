"""Every checklist that ships runs its example proposals on both evaluators (like OPA policy tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hia_rules import Evaluator, screen
from hia_rules.examples import Example, mismatches
from tests.hia_rules.conftest import compiled_once, shipped_examples

CASES = shipped_examples()


def test_the_default_checklist_ships_with_at_least_twelve_examples() -> None:
    by_checklist = {path.name for path, _example in CASES}
    assert "hiap-screening-v1.yaml" in by_checklist
    assert sum(1 for path, _e in CASES if path.name == "hiap-screening-v1.yaml") >= 12


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
@pytest.mark.parametrize(("path", "example"), CASES, ids=[f"{p.stem}/{e.path.stem}" for p, e in CASES])
def test_example_produces_its_expected_outcome(path: Path, example: Example, evaluator: Evaluator) -> None:
    outcome = screen(compiled_once(path), example.given, evaluator)
    assert mismatches(outcome, example.expect) == []


def test_an_example_can_say_who_must_not_review_and_how_many_may() -> None:
    path, example = CASES[0]
    outcome = screen(compiled_once(path), example.given)
    portfolios = sorted(r.code for r in outcome.required_portfolios)
    specialties = sorted(r.code for r in outcome.required_specialties)
    assert portfolios
    assert specialties
    assert mismatches(outcome, {"max_portfolios": len(portfolios), "max_specialties": len(specialties)}) == []
    assert mismatches(outcome, {"portfolios_exclude": ["no-such-portfolio"], "specialties_exclude": []}) == []
    too_many = mismatches(outcome, {"max_portfolios": len(portfolios) - 1, "max_specialties": len(specialties) - 1})
    assert [m.split(":")[0] for m in too_many] == ["max_portfolios", "max_specialties"]
    excluded = mismatches(outcome, {"portfolios_exclude": portfolios[:1], "specialties_exclude": specialties[:1]})
    assert excluded == [
        f"portfolios_exclude (present): expected [], got {portfolios[:1]!r}",
        f"specialties_exclude (present): expected [], got {specialties[:1]!r}",
    ]
