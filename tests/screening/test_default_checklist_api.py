"""The default checklist through the API: examples submitted as proposals give the outcome they expect, with
the jurisdiction's departments and binding targets resolved."""

from __future__ import annotations

from typing import Any

import pytest

from hia_rules import shipped_checklists
from hia_rules.examples import examples_dir, load_examples, mismatches
from hia_rules.outcome import Finding, NationalAnswer, Outcome, Requirement
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.hia_rules.conftest import compiled_once
from tests.screening.test_proposals_api import SUBMIT

DEFAULT = next(p for p in shipped_checklists() if p.name == "hiap-screening-v1.yaml")
V2 = next(p for p in shipped_checklists() if p.name == "hiap-screening-v2.yaml")
EXAMPLES = {e.path.stem: e for e in load_examples(examples_dir(DEFAULT, compiled_once(DEFAULT)))}
V2_EXAMPLES = {e.path.stem: e for e in load_examples(examples_dir(V2, compiled_once(V2)))}
KEYS = {"YES_NO": "yesNo", "NUMBER": "number", "CHOICE": "choice", "MULTI_CHOICE": "choices"}


def as_input(stem: str, jurisdiction: str, sponsor: str, version: int = 1) -> dict[str, Any]:
    """The example of that checklist version as a department would draft it. The version is named: this test
    database's latest version is a test checklist (in a real one v2 is the latest and needs no naming)."""
    path = {1: DEFAULT, 2: V2}[version]
    example = {1: EXAMPLES, 2: V2_EXAMPLES}[version][stem]
    checklist = compiled_once(path).checklist
    given = example.given
    payload: dict[str, Any] = {
        "kind": given.kind,
        "title": example.name_zh,
        "jurisdiction": jurisdiction,
        "sponsoringDepartment": sponsor,
        "checklistVersion": version,
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
    """Enough of an Outcome, rebuilt from the API's answer, for the example's expectations (a v2 finding may
    name no indicator, and names its outcome when the query asks for it)."""
    return Outcome(
        checklist_id="hiap-screening",
        checklist_version=assessment["checklist"]["version"],
        inputs_hash=assessment["inputsHash"],
        in_scope=assessment["inScope"],
        scope_rule_id=None,
        scope_reason_zh="",
        scope_reason_en="",
        impact_degree=assessment["impactDegree"],
        procedure=assessment["procedure"],
        national_form=tuple(NationalAnswer(a["number"], a["answer"], ()) for a in assessment["nationalForm"]),
        findings=tuple(
            Finding(
                (f["indicator"] or {}).get("code"),
                f["effect"],
                f["severity"],
                "",
                f["ruleId"],
                "",
                "",
                (),
                (f.get("outcome") or {}).get("code"),
            )
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


SUBMIT_V2 = """mutation($id: ID!, $key: String!) { submitProposal(input: {id: $id, idempotencyKey: $key}) {
  proposal { status }
  assessment { inScope impactDegree procedure firedRules derivedFacts inputsHash checklist { version }
    degreeReasons { decisive textZh matchedZh }
    nationalForm { number answer }
    findings { indicator { code } outcome { code } effect severity ruleId evidence { title verified } }
    requiredPortfolios { portfolio { code } } requiredSpecialties { specialty } needsInformation { questionId } }
  userErrors { field message } } }"""


async def test_a_new_proposal_is_screened_with_v2_and_the_transfer_station_comes_out_as_an_expert_would_sign(
    anonymous_screening_api: GraphQLClient, screening_db: DatabaseUnderTest
) -> None:
    sponsor = "wuzhong.urban-management-bureau"
    officer = anonymous_screening_api.as_(await issue_token(screening_db, "DEPARTMENT_OFFICER", department=sponsor))
    stem = "01-waste-transfer-station-near-school"
    created = await officer.data(CREATE_V2, {"input": as_input(stem, "wuzhong", sponsor, version=2)})
    assert created["createProposal"]["userErrors"] == []
    submitted = (await officer.data(SUBMIT_V2, {"id": created["createProposal"]["proposal"]["id"], "key": stem}))[
        "submitProposal"
    ]
    assert submitted["userErrors"] == []
    assessment = submitted["assessment"]
    assert assessment["checklist"]["version"] == 2
    outcome = outcome_of(assessment)
    assert mismatches(outcome, V2_EXAMPLES[stem].expect) == []
    # the degree is explained first, with the school's distance among what was matched
    decisive = [r for r in assessment["degreeReasons"] if r["decisive"]]
    assert decisive
    assert any("学校" in m for r in decisive for m in r["matchedZh"])
    # and every finding carries its evidence
    assert all(f["evidence"] for f in assessment["findings"])


async def test_a_new_users_first_submit_with_missing_answers_names_each_and_stores_nothing(
    anonymous_screening_api: GraphQLClient, screening_db: DatabaseUnderTest
) -> None:
    sponsor = "wuzhong.urban-management-bureau"
    officer = anonymous_screening_api.as_(await issue_token(screening_db, "DEPARTMENT_OFFICER", department=sponsor))
    payload = as_input("01-waste-transfer-station-near-school", "wuzhong", sponsor, version=2)
    payload["answers"] = payload["answers"][:3]
    created = (await officer.data(CREATE_V2, {"input": payload}))["createProposal"]
    proposal_id = created["proposal"]["id"]
    preview_missing = await officer.data(
        """query($id: ID!) { node(id: $id) { ... on Proposal { status assessment { id } } } }""", {"id": proposal_id}
    )
    assert preview_missing["node"] == {"status": "DRAFT", "assessment": None}
    submitted = (await officer.data(SUBMIT_V2, {"id": proposal_id, "key": "first-try"}))["submitProposal"]
    assert submitted["assessment"] is None
    missing = [e["field"][-1] for e in submitted["userErrors"]]
    assert len(missing) > 20
    assert len(set(missing)) == len(missing)
    answered = {a["question"] for a in payload["answers"]}
    assert not answered & set(missing)
    assert all("is not answered" in e["message"] for e in submitted["userErrors"])
    after = await officer.data(
        """query($id: ID!) { node(id: $id) { ... on Proposal { status assessment { id } } } }""", {"id": proposal_id}
    )
    assert after["node"] == {"status": "DRAFT", "assessment": None}


CREATE_V2 = """mutation($input: CreateProposalInput!) { createProposal(input: $input) {
  proposal { id checklist { version } } userErrors { field message } } }"""
