"""Every checklist that ships runs its example proposals on both evaluators (like OPA policy tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hia_rules import Evaluator, load_checklist, screen, shipped_checklists
from hia_rules.examples import Example, examples_dir, load_examples, mismatches

CASES = [
    (path, example)
    for path in shipped_checklists()
    for example in load_examples(examples_dir(path, load_checklist(path)))
]


def test_the_default_checklist_ships_with_at_least_twelve_examples() -> None:
    by_checklist = {path.name for path, _example in CASES}
    assert "hiap-screening-v1.yaml" in by_checklist
    assert sum(1 for path, _e in CASES if path.name == "hiap-screening-v1.yaml") >= 12


@pytest.mark.parametrize("evaluator", ["durable", "reference"])
@pytest.mark.parametrize(("path", "example"), CASES, ids=[f"{p.stem}/{e.path.stem}" for p, e in CASES])
def test_example_produces_its_expected_outcome(path: Path, example: Example, evaluator: Evaluator) -> None:
    outcome = screen(load_checklist(path), example.given, evaluator)
    assert mismatches(outcome, example.expect) == []
