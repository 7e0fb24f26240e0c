"""Pathways with evidence (issue 11, items 3 and 8): a finding names the health outcome it is about and the
indicator that measures it only where one does (`unmeasured` says so instead of borrowing one); under
`require_pathways` every finding rule cites a source the checklist lists. Published versions keep their hash
as the format grows."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hia_rules import ChecklistError, ScreeningInput, load_checklist, screen, shipped_checklists
from hia_rules.checklist import compile_checklist, parse_checklist
from tests.hia_rules.conftest import mini_data

WHO_NOISE = {
    "id": "who-noise-2018",
    "kind": "WHO_GUIDELINE",
    "issuer": "WHO Regional Office for Europe",
    "title": "Environmental noise guidelines for the European Region",
    "year": 2018,
}
EVIDENCE = [{"source": "who-noise-2018", "claim_zh": "交通噪声与睡眠干扰有关", "claim_en": "Road noise disturbs sleep"}]


def with_pathways(**rule_changes: Any) -> dict[str, Any]:
    """The mini checklist requiring pathways, its emissions rule finding an unmeasured outcome with evidence."""
    data = copy.deepcopy(mini_data())
    data["settings"] = {"investment_threshold_yuan": 5_000_000, "require_pathways": True}
    data["sources"] = [WHO_NOISE]
    for rule in data["rules"]:
        if rule["then"].get("findings"):
            rule["evidence"] = EVIDENCE
            for finding in rule["then"]["findings"]:
                finding["outcome"] = "RESPIRATORY_DISEASE"
    emissions = next(r for r in data["rules"] if r["id"] == "air.emissions")
    emissions["then"]["findings"] = [
        {"outcome": "NOISE_ANNOYANCE_SLEEP", "unmeasured": True, "effect": "NEGATIVE", "severity": "MODERATE"}
    ]
    emissions.update(rule_changes)
    return data


def problems_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ChecklistError) as refused:
        compile_checklist(parse_checklist(data))
    return [(p.path, p.message) for p in refused.value.problems]


def test_an_unmeasured_finding_names_its_outcome_and_no_borrowed_indicator() -> None:
    checklist = compile_checklist(parse_checklist(with_pathways()))
    outcome = screen(
        checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={"air.emissions": "YES"})
    )
    [finding] = [f for f in outcome.findings if f.rule_id == "air.emissions"]
    assert finding.indicator is None
    assert finding.outcome == "NOISE_ANNOYANCE_SLEEP"
    [evidence] = finding.evidence
    assert (evidence.title, evidence.year, evidence.claim_en) == (WHO_NOISE["title"], 2018, "Road noise disturbs sleep")
    assert evidence.verified


def test_a_finding_rule_without_a_source_fails_validation_with_the_path() -> None:
    assert problems_of(with_pathways(evidence=[])) == [
        ("rules[3](id=air.emissions).evidence", "a rule that makes findings cites at least one source")
    ]


def test_a_citation_of_an_unlisted_source_fails_validation() -> None:
    cited = [{"source": "gb-9999", "claim_zh": "无", "claim_en": "none"}]
    assert problems_of(with_pathways(evidence=cited)) == [
        ("rules[3](id=air.emissions).evidence[0].source", "no source 'gb-9999' in `sources`")
    ]


def test_a_finding_without_an_outcome_or_an_indicator_decision_fails_validation() -> None:
    no_outcome = with_pathways()
    no_outcome["rules"][3]["then"]["findings"] = [{"indicator": "CN2018-01", "effect": "NEGATIVE", "severity": "LOW"}]
    assert problems_of(no_outcome) == [
        ("rules[3](id=air.emissions).then.findings[0].outcome", "a finding names the health outcome it is about")
    ]
    undecided = with_pathways()
    undecided["rules"][3]["then"]["findings"] = [{"outcome": "ODOUR_NUISANCE", "effect": "NEGATIVE", "severity": "LOW"}]
    [(path, message)] = problems_of(undecided)
    assert path.startswith("rules[3]")
    assert "names the indicator that measures its outcome, or says `unmeasured: true`" in message


def test_the_shipped_v1_keeps_the_hash_it_was_published_with() -> None:
    v1 = load_checklist(next(p for p in shipped_checklists() if p.name == "hiap-screening-v1.yaml"))
    assert v1.content_hash == "be00f229bebbe6f3556065fa7f6b5db64383092ae19ffc8c2cc307b94a050584"


def test_an_adverse_finding_on_an_outcome_answers_its_national_question_yes() -> None:
    data = with_pathways()
    q7 = next(e for e in data["national_form"] if e["number"] == 7)
    q7["outcomes"] = ["NOISE_ANNOYANCE_SLEEP"]
    checklist = compile_checklist(parse_checklist(data))
    noisy = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={"air.emissions": "YES"}))
    assert next(a for a in noisy.national_form if a.number == 7).answer == "YES"
    assert "air.emissions" in next(a for a in noisy.national_form if a.number == 7).because_rules
    # one logic: no adverse finding on an outcome sits beside its question answered 否
    for finding in noisy.findings:
        if finding.effect != "POSITIVE" and finding.outcome == "NOISE_ANNOYANCE_SLEEP":
            assert next(a for a in noisy.national_form if a.number == 7).answer != "NO"
    quiet = screen(checklist, ScreeningInput(kind="POLICY", policy_type="REGULATION", answers={"air.emissions": "NO"}))
    assert next(a for a in quiet.national_form if a.number == 7).answer == "NO"
