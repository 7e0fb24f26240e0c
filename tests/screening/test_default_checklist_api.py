"""The default checklist through the API: examples submitted as proposals give the outcome they expect, with
the jurisdiction's departments and binding targets resolved."""

from __future__ import annotations

from typing import Any

import pytest

from hia_rules import load_checklist, shipped_checklists
from hia_rules.examples import examples_dir, load_examples, mismatches
from hia_rules.outcome import NationalAnswer, Outcome, Requirement
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_proposals_api import SUBMIT

DEFAULT = next(p for p in shipped_checklists() if p.name == "hiap-screening-v1.yaml")
EXAMPLES = {e.path.stem: e for e in load_examples(examples_dir(DEFAULT, load_checklist(DEFAULT)))}
KEYS = {"YES_NO": "yesNo", "NUMBER": "number", "CHOICE": "choice", "MULTI_CHOICE": "choices"}


def as_input(stem: str, jurisdiction: str, sponsor: str) -> dict[str, Any]:
    example = EXAMPLES[stem]
    checklist = load_checklist(DEFAULT).checklist
    given = example.given
    payload: dict[str, Any] = {
        "kind": given.kind,
        "title": example.name_zh,
        "jurisdiction": jurisdiction,
        "sponsoringDepartment": sponsor,
        "checklistVersion": 1,
        "populationAffected": given.population_affected,
        "vulnerableGroups": list(given.vulnerable_groups),
        "answers": [],
    }
    if given.kind == "POLICY":
        payload["policyType"] = given.policy_type
    else:
        payload["investmentYuan"] = given.investment_yuan
    for question_id, value in given.answers.items():
        question = checklist.question(question_id)
        assert question is not None
        payload["answers"].append({"question": question_id, KEYS[question.type.value]: value})
    return payload


def outcome_of(assessment: dict[str, Any]) -> Outcome:
    """Enough of an Outcome, rebuilt from the API's answer, for the example's expectations."""
    from hia_rules.outcome import Finding

    return Outcome(
        checklist_id="hiap-screening",
        checklist_version=1,
        inputs_hash=assessment["inputsHash"],
        in_scope=assessment["inScope"],
        scope_rule_id=None,
        scope_reason_zh="",
        scope_reason_en="",
        impact_degree=assessment["impactDegree"],
        procedure=assessment["procedure"],
        national_form=tuple(NationalAnswer(a["number"], a["answer"], ()) for a in assessment["nationalForm"]),
        findings=tuple(
            Finding(f["indicator"]["code"], f["effect"], f["severity"], "", f["ruleId"], "", "", ())
            for f in assessment["findings"]
        ),
        required_portfolios=tuple(Requirement(p["portfolio"]["code"], ()) for p in assessment["requiredPortfolios"]),
        required_specialties=tuple(Requirement(s["specialty"], ()) for s in assessment["requiredSpecialties"]),
        mitigations=(),
        derived_facts=tuple(assessment["derivedFacts"]),
        fired_rules=tuple(assessment["firedRules"]),
        needs_information=tuple(q["questionId"] for q in assessment["needsInformation"]),
    )


@pytest.mark.parametrize(
    ("stem", "jurisdiction", "sponsor"),
    [
        ("01-waste-incinerator-near-homes", "panzhihua", "panzhihua.urban-management-bureau"),
        ("02-smoke-free-public-places-regulation", "wuzhong", "wuzhong.health-commission"),
        ("03-road-widening-with-demolition", "shangzhou", "shangzhou.transport-bureau"),
        ("06-forwarded-provincial-document", "shanting", "shanting.health-bureau"),
        ("13-investment-policy-with-unknowns", "wuzhong", "wuzhong.finance-bureau"),
    ],
)
async def test_example_submitted_through_the_api(
    anonymous_screening_api: GraphQLClient, screening_db: DatabaseUnderTest, stem: str, jurisdiction: str, sponsor: str
) -> None:
    # an officer of the sponsoring department drafts and submits
    officer = anonymous_screening_api.as_(await issue_token(screening_db, "DEPARTMENT_OFFICER", department=sponsor))
    created = await officer.data(
        """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
            proposal { id } userErrors { field message } } }""",
        {"input": as_input(stem, jurisdiction, sponsor)},
    )
    assert created["createProposal"]["userErrors"] == []
    submitted = await officer.data(SUBMIT, {"id": created["createProposal"]["proposal"]["id"], "key": stem})
    assessment = submitted["submitProposal"]["assessment"]
    assert assessment["checklist"]["version"] == 1
    assert mismatches(outcome_of(assessment), EXAMPLES[stem].expect) == []
    if assessment["inScope"] and assessment["requiredPortfolios"]:
        # every required department belongs to the proposal's jurisdiction
        departments = assessment["requiredDepartments"]
        assert departments
        assert {d["department"]["jurisdiction"]["code"] for d in departments} == {jurisdiction}
