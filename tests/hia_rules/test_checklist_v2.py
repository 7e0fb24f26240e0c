"""The screening checklist v2 (issue 11), published beside v1, and its labelled examples.

v2 compiles against the catalog's codes exactly as `hia checklist validate` checks it; every example answers
every question that applies to it (test_examples.py runs what each must and must not produce, on both
evaluators), and never shows an adverse finding beside a national-form question answered 否 whose outcomes
include that finding's.
"""

from __future__ import annotations

from typing import Any

import pytest

from hia_rules import CHECKLIST_DIR, CompiledChecklist, Evaluator, load_checklist, screen, shipped_checklists
from hia_rules.examples import Example, load_examples
from hia_rules.outcome import Outcome
from hia_rules.vocabulary import Effect, QuestionType
from service.screening.cli import catalog_codes

V2 = CHECKLIST_DIR / "hiap-screening-v2.yaml"
EXAMPLES = CHECKLIST_DIR / "examples" / "hiap-screening-v2"
ADVERSE = {Effect.NEGATIVE.value, Effect.UNCERTAIN.value}


@pytest.fixture(scope="module")
def v2() -> CompiledChecklist:
    indicators, portfolios = catalog_codes()
    return load_checklist(V2, indicators=indicators, portfolios=portfolios)


CASES = load_examples(EXAMPLES)
IDS = [e.path.stem for e in CASES]


def _outcome(v2: CompiledChecklist, name: str, evaluator: Evaluator = "reference") -> Outcome:
    [example] = [e for e in CASES if e.path.stem.startswith(name)]
    return screen(v2, example.given, evaluator)


def test_v2_ships_beside_v1_and_is_the_latest(v2: CompiledChecklist) -> None:
    checklist = v2.checklist
    assert (checklist.id, checklist.version) == ("hiap-screening", 2)
    settings = checklist.settings
    assert settings.require_every_applicable_answer
    assert settings.require_pathways
    assert settings.project_type_question == "scope.project_type"
    shipped = [path.name for path in shipped_checklists()]
    assert {"hiap-screening-v1.yaml", "hiap-screening-v2.yaml"} <= set(shipped)
    assert max(int(name.removesuffix(".yaml").rsplit("-v", 1)[1]) for name in shipped) == 2


def test_every_question_says_to_what_it_applies_and_only_the_national_form_is_optional(
    v2: CompiledChecklist,
) -> None:
    questions = v2.checklist.questions
    assert [q.id for q in questions if q.applies_to is None] == []
    assert sorted(q.id for q in questions if q.optional) == sorted(f"national.q{n}" for n in range(1, 11))


def test_every_finding_names_its_outcome_and_no_borrowed_indicator(v2: CompiledChecklist) -> None:
    for compiled in v2.rules:
        rule = compiled.rule
        for finding in rule.then.findings:
            assert finding.outcome is not None, rule.id
            # Life expectancy measures all-cause mortality, not any one pathway's outcome.
            assert finding.indicator != "CN2018-29", rule.id
        if rule.then.findings:
            assert rule.evidence, rule.id


def test_rationales_are_each_rules_own_and_say_the_pathway(v2: CompiledChecklist) -> None:
    rules = [c.rule for c in v2.rules]
    for field in ("rationale_zh", "rationale_en"):
        texts = [getattr(r, field) for r in rules]
        assert len(texts) == len(set(texts)), field
    for rule in rules:
        if rule.then.findings:
            # what the proposal does → the exposure or determinant → the health outcome
            assert rule.rationale_zh.count("→") >= 2, rule.id
            assert rule.rationale_en.count("→") >= 2, rule.id


def test_mitigations_belong_to_one_rule_each(v2: CompiledChecklist) -> None:
    seen: dict[str, str] = {}
    for compiled in v2.rules:
        for mitigation in compiled.rule.then.mitigations:
            assert mitigation.zh not in seen, (compiled.rule.id, seen.get(mitigation.zh))
            seen[mitigation.zh] = compiled.rule.id


def test_a_rule_with_an_adverse_finding_marks_negative_impact_and_only_then(v2: CompiledChecklist) -> None:
    """`negative-impact` (which escalates by population, vulnerable groups and public concern) means a likely
    adverse effect or a hard trigger; a merely uncertain or positive finding does not set it."""
    for compiled in v2.rules:
        rule = compiled.rule
        negative = any(f.effect is Effect.NEGATIVE for f in rule.then.findings)
        if negative:
            assert "negative-impact" in rule.then.facts, rule.id
        elif rule.then.findings and "hard-trigger" not in rule.then.facts:
            assert "negative-impact" not in rule.then.facts, rule.id


def test_the_national_form_lists_every_question_whose_dont_know_leaves_it_open(v2: CompiledChecklist) -> None:
    """A question whose YES answers a form question 是 (through an outcome or a fact) makes it 不知道 when
    answered "don't know"; and such a "don't know" always keeps the degree from 很小."""
    checklist = v2.checklist
    yes_no = {q.id for q in checklist.questions if q.type is QuestionType.YES_NO and not q.optional}
    unknown_guarded = {
        atom.slot.removeprefix("answer:")
        for c in v2.rules
        if c.rule.then.degree is not None
        for conjunction in c.conjunctions
        for atom in conjunction
        if atom.op == "eq" and atom.value == "UNKNOWN"
    }
    for entry in checklist.national_form:
        for compiled in v2.rules:
            then = compiled.rule.then
            answers_entry = set(then.facts) & set(entry.facts) or any(
                f.outcome in entry.outcomes and f.effect.value in ADVERSE for f in then.findings
            )
            if not answers_entry:
                continue
            for conjunction in compiled.conjunctions:
                for atom in conjunction:
                    question = atom.slot.removeprefix("answer:")
                    if atom.value == "YES" and question in yes_no:
                        assert question in entry.questions, (entry.number, compiled.rule.id, question)
                        assert question in unknown_guarded, (compiled.rule.id, question)


def test_v2_has_at_least_forty_labelled_examples_of_policies_and_projects() -> None:
    assert len(CASES) >= 40
    kinds = [e.given.kind for e in CASES]
    assert kinds.count("POLICY") >= 10
    assert kinds.count("PROJECT") >= 10
    assert all(e.expect for e in CASES)


@pytest.mark.parametrize("example", CASES, ids=IDS)
def test_every_example_answers_every_question_that_applies_to_it(v2: CompiledChecklist, example: Example) -> None:
    outcome = screen(v2, example.given, "reference")
    if outcome.in_scope:
        # Every applicable question is answered (UNKNOWN is an answer): nothing is concluded from a gap.
        assert outcome.unanswered == ()


@pytest.mark.parametrize("example", CASES, ids=IDS)
def test_no_adverse_finding_sits_beside_a_national_question_answered_no(
    v2: CompiledChecklist, example: Example
) -> None:
    outcome = screen(v2, example.given, "reference")
    answers = {a.number: a.answer for a in outcome.national_form}
    contradictions: list[Any] = [
        (entry.number, finding.rule_id, finding.outcome)
        for entry in v2.checklist.national_form
        if answers[entry.number] == "NO"
        for finding in outcome.findings
        if finding.effect in ADVERSE and finding.outcome in entry.outcomes
    ]
    assert contradictions == []


def test_the_transfer_station_names_the_school_and_says_why_it_is_major(v2: CompiledChecklist) -> None:
    outcome = _outcome(v2, "01-")
    assert outcome.impact_degree == "MAJOR"
    [school] = [f for f in outcome.findings if f.rule_id == "receptor.school-odour"]
    assert (school.outcome, school.indicator, school.effect) == ("ODOUR_NUISANCE", None, "NEGATIVE")
    assert "学校" in school.rationale_zh
    assert "500米" in school.rationale_zh
    assert "school" in school.rationale_en
    assert school.evidence
    decisive = [r for r in outcome.degree_reasons if r.decisive and r.rule_id == "receptor.school-odour"]
    assert decisive
    assert any("180" in m for m in decisive[0].matched_zh)
    # Odour is not air quality; no cooking-fume filters or police patrols for a transfer station.
    assert all(f.indicator != "CN2018-01" for f in outcome.findings)
    assert not any("油烟" in m.zh or "巡" in m.zh for m in outcome.mitigations)
    assert not any("cooking" in m.en or "patrol" in m.en for m in outcome.mitigations)


def test_a_policy_is_not_asked_site_questions(v2: CompiledChecklist) -> None:
    canteen = _outcome(v2, "09-")
    for site_question in ("air.industrial_emissions", "air.distance_to_school_m", "air.construction_dust"):
        assert site_question not in canteen.applicable_questions


def test_a_proposal_with_key_risks_unknown_is_not_minimal_and_lists_what_is_needed(v2: CompiledChecklist) -> None:
    outcome = _outcome(v2, "07-")
    assert outcome.impact_degree == "MILD"
    assert outcome.unanswered == ()
    assert "policy.pollution_sources" in outcome.needs_information
