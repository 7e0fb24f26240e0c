"""The labelled drafting corpus is only worth its figures if its labels are answers the service would take: each
document's labels name real questions of checklist v2, give each the type and choices its question allows, and
answer every applicable question an officer must answer (in-scope documents), or none (forwarded and internal
documents, which are out of scope)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

import hia_rules
from hia_rules.applicability import unanswered
from hia_rules.facts import InputError, ScreeningInput, validate
from hia_rules.model import Checklist
from hia_rules.vocabulary import QuestionType
from hia_rules.yaml_loader import load_yaml

CORPUS = Path(__file__).parents[1] / "drafting_corpus"
OUT_OF_SCOPE = {"FORWARDED_DOCUMENT", "INTERNAL_DOCUMENT"}
LABELS = sorted(CORPUS.glob("*.yaml"))
NUMBER = QuestionType.NUMBER


@functools.cache
def checklist_v2() -> Checklist:
    path = next(p for p in hia_rules.shipped_checklists() if p.name == "hiap-screening-v2.yaml")
    return hia_rules.load_checklist(path).checklist


def screening_input(label: dict[str, Any]) -> ScreeningInput:
    return ScreeningInput(
        kind=label["kind"],
        policy_type=label.get("policy_type"),
        investment_yuan=label.get("investment_yuan"),
        answers=dict(label.get("answers") or {}),
    )


def test_the_corpus_has_policies_and_projects_in_numbers() -> None:
    kinds = [load_yaml(p.read_text(encoding="utf-8"))["kind"] for p in LABELS]
    assert kinds.count("POLICY") >= 15
    assert kinds.count("PROJECT") >= 15


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_labels_are_answers_the_checklist_takes(path: Path) -> None:
    label = load_yaml(path.read_text(encoding="utf-8"))
    assert path.with_suffix(".txt").is_file(), f"{path.name} has no text beside it"
    assert label.get("title"), "a labelled document has its title"
    assert label.get("render_as", "txt") in {"txt", "docx", "pdf"}
    given = screening_input(label)
    try:
        validate(checklist_v2(), given)
    except InputError as exc:
        pytest.fail(f"labels the checklist would refuse: {exc}")
    if label.get("policy_type") in OUT_OF_SCOPE:
        assert not given.answers, "an out-of-scope document is not screened: its answers are {}"
    else:
        # NUMBER questions are labelled only where the document states the number
        numbers = {q.id for q in checklist_v2().questions if q.type is NUMBER}
        left = [q for q in unanswered(checklist_v2(), given) if q not in numbers]
        assert left == [], "an in-scope document answers every applicable question"
