"""The path a new officer takes: upload the document, review what it suggests, accept or change each suggestion,
submit. A suggestion never becomes an answer without the drafter's say, and the assessment records where each
answer came from, with the sentences behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token, screening_database
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.screening.test_default_checklist_api import KEYS, V2_EXAMPLES, as_input
from tests.screening.test_proposals_api import SUBMIT

SPONSOR = "wuzhong.urban-management-bureau"
PROJECT = "\n".join(
    [
        "郭巷街道生活垃圾压缩转运站新建工程项目建议书",
        "一、项目概况",
        "项目位于郭巷街道，总投资3000万元，其中政府投资1200万元。",
        "新建日处理能力150吨的生活垃圾压缩转运站一座，运营期产生恶臭，设置除臭设施。",
        "转运站用地边界距最近的小学约180米，距最近的居民住宅约85米。",
        "本项目不涉及房屋征收和居民搬迁。",
    ]
)
SUGGEST = """query($document: String, $text: String) {
  suggestAnswers(document: $document, text: $text, jurisdiction: "wuzhong", checklistVersion: 2) {
    checklistVersion draftingHash undecided sentences characters
    fields { field value confidence quotes { text } }
    answers { questionId answer { yesNo number choice choices } confidence reasonZh acceptedAs drawnFrom
              quotes { sentence start end text cue } }
    facts { kind value text qualifier }
  } }"""
CREATE = """mutation($input: CreateProposalFromDocumentInput!) { createProposalFromDocument(input: $input) {
  proposal { id code kind title version answers { questionId } documents { code format downloadPath }
             suggestedFields { field value }
             suggestedAnswers { questionId answer { number yesNo } acceptedAs drawnFrom quotes { text } }
             answerOrigins { key origin } }
  userErrors { field message code } } }"""
ACCEPT = """mutation($input: AcceptSuggestionsInput!) { acceptSuggestions(input: $input) {
  proposal { version investmentYuan answers { questionId number yesNo }
             suggestedAnswers { questionId acceptedAs } answerOrigins { key origin } }
  userErrors { field message code } } }"""
UPDATE = """mutation($input: UpdateProposalInput!) { updateProposal(input: $input) {
  proposal { version answerOrigins { key origin } } userErrors { field message } } }"""
PROVENANCE = """query($code: String!) { proposal(code: $code) { assessment {
  answerProvenance { questionId origin quotes { text } } } } }"""


async def draft_from_text(officer: GraphQLClient, text: str, **more: str) -> dict[str, Any]:
    """createProposalFromDocument for 吴中区's urban management bureau from pasted text, on checklist v2."""
    given = {"jurisdiction": "wuzhong", "sponsoringDepartment": SPONSOR, "text": text, "checklistVersion": 2, **more}
    payload: dict[str, Any] = (await officer.data(CREATE, {"input": given}))["createProposalFromDocument"]
    return payload


@pytest.fixture(scope="module")
async def drafting_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(Path(tmp_path_factory.mktemp("drafting"))) as db:
        yield db


@pytest.fixture(scope="module")
async def http(drafting_db: DatabaseUnderTest) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=drafting_db.url, env="test"), engine=drafting_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        yield client


@pytest.fixture(scope="module")
async def officer_token(drafting_db: DatabaseUnderTest) -> str:
    return await issue_token(drafting_db, "DEPARTMENT_OFFICER", department=SPONSOR)


@pytest.fixture(scope="module")
def officer(http: httpx.AsyncClient, officer_token: str) -> GraphQLClient:
    return GraphQLClient(http).as_(officer_token)


def by_question(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["questionId"]: item for item in items}


async def test_an_uploaded_document_suggests_answers_with_the_sentences_behind_them(
    http: httpx.AsyncClient, officer: GraphQLClient, officer_token: str
) -> None:
    # given the project proposal uploaded as a text file
    uploaded = await http.post(
        "/documents", content=PROJECT.encode("gb18030"), headers={"Authorization": f"Bearer {officer_token}"}
    )
    code = uploaded.json()["document"]["code"]

    # when its officer asks what it suggests
    suggested = (await officer.data(SUGGEST, {"document": code}))["suggestAnswers"]

    # then each suggestion quotes the sentence it rests on, with offsets into the text read
    answers = by_question(suggested["answers"])
    school = answers["air.distance_to_school_m"]
    assert school["answer"]["number"] == 180
    assert "约180米" in school["quotes"][0]["text"]
    quote = school["quotes"][0]
    assert PROJECT[quote["start"] : quote["end"]] == quote["text"]
    assert answers["housing.demolition"]["answer"]["yesNo"] == "NO"
    assert "不涉及房屋征收" in answers["housing.demolition"]["quotes"][0]["text"]
    assert all(a["acceptedAs"] is None for a in suggested["answers"])
    # and a judgement the document does not state in words is drawn from the suggestions it rests on, named
    lasting = answers["scope.irreversible"]
    assert (lasting["answer"]["yesNo"], lasting["drawnFrom"]) == ("YES", ["air.odour"])
    assert "恶臭" in lasting["quotes"][0]["text"]
    assert answers["air.odour"]["drawnFrom"] == []
    # and the total investment (not the government's share) and the town named are suggested as fields
    fields = {f["field"]: f["value"] for f in suggested["fields"]}
    assert fields["kind"] == "PROJECT"
    assert fields["investmentYuan"] == "30000000"
    assert fields["places"] == "wuzhong.guoxiang"
    # and what it cannot decide is listed for the officer to answer
    assert "scope.people_adversely_affected" in suggested["undecided"]
    assert suggested["checklistVersion"] == 2
    assert len(suggested["draftingHash"]) == 64


async def test_suggestions_stay_suggestions_until_accepted_and_the_assessment_records_their_origin(
    drafting_db: DatabaseUnderTest, http: httpx.AsyncClient, officer: GraphQLClient, officer_token: str
) -> None:
    # given a draft started from pasted text
    created = await draft_from_text(officer, PROJECT)
    assert created["userErrors"] == []
    proposal = created["proposal"]

    # then it is a project titled by the document's first line, with the document attached and no answers
    assert proposal["kind"] == "PROJECT"
    assert proposal["title"] == "郭巷街道生活垃圾压缩转运站新建工程项目建议书"
    assert proposal["answers"] == []
    [document] = proposal["documents"]
    assert document["format"] == "txt"
    downloaded = await http.get(document["downloadPath"], headers={"Authorization": f"Bearer {officer_token}"})
    assert downloaded.content.decode() == PROJECT
    suggestions = by_question(proposal["suggestedAnswers"])
    assert suggestions["air.distance_to_school_m"]["acceptedAs"] is None
    assert suggestions["scope.irreversible"]["drawnFrom"] == ["air.odour"]

    # when the officer accepts two suggestions and the investment, and answers another question otherwise
    accepted = (
        await officer.data(
            ACCEPT,
            {
                "input": {
                    "id": proposal["id"],
                    "questions": ["air.distance_to_school_m", "housing.demolition"],
                    "fields": ["INVESTMENT_YUAN"],
                }
            },
        )
    )["acceptSuggestions"]
    assert accepted["userErrors"] == []
    answered = by_question(accepted["proposal"]["answers"])
    assert answered["air.distance_to_school_m"]["number"] == 180
    assert accepted["proposal"]["investmentYuan"] == 30_000_000
    assert by_question(accepted["proposal"]["suggestedAnswers"])["air.odour"]["acceptedAs"] is None

    # and the drafter completes the answers as the department knows them, changing the homes' distance
    full = as_input("01-waste-transfer-station-near-school", "wuzhong", SPONSOR, version=2)
    checklist_answers = {a["question"]: a for a in full["answers"]}
    checklist_answers["air.distance_to_school_m"] = {"question": "air.distance_to_school_m", "number": 180}
    checklist_answers["housing.demolition"] = {"question": "housing.demolition", "yesNo": "NO"}
    checklist_answers["air.distance_to_homes_m"] = {"question": "air.distance_to_homes_m", "number": 60}
    updated = (
        await officer.data(
            UPDATE,
            {
                "input": {
                    "id": proposal["id"],
                    "answers": list(checklist_answers.values()),
                    "populationAffected": full["populationAffected"],
                }
            },
        )
    )["updateProposal"]
    assert updated["userErrors"] == []
    origins = {o["key"]: o["origin"] for o in updated["proposal"]["answerOrigins"]}
    assert origins["air.distance_to_school_m"] == "SUGGESTED_ACCEPTED"
    assert origins["air.distance_to_homes_m"] == "SUGGESTED_CHANGED"
    assert origins["kind"] == "SUGGESTED_ACCEPTED"
    assert origins["investment_yuan"] == "SUGGESTED_ACCEPTED"
    entered = next(q for q in checklist_answers if q not in suggestions)
    assert origins[entered] == "ENTERED"

    # when it is submitted
    submitted = await officer.data(SUBMIT, {"id": proposal["id"], "key": "draft-1"})
    assert submitted["submitProposal"]["userErrors"] == [], submitted
    code = proposal["code"]

    # then the assessment keeps each answer's origin and, for suggested ones, the sentences behind them
    recorded = (await officer.data(PROVENANCE, {"code": code}))["proposal"]["assessment"]["answerProvenance"]
    provenance = by_question(recorded)
    assert provenance["air.distance_to_school_m"]["origin"] == "SUGGESTED_ACCEPTED"
    assert "约180米" in provenance["air.distance_to_school_m"]["quotes"][0]["text"]
    assert provenance["air.distance_to_homes_m"]["origin"] == "SUGGESTED_CHANGED"
    assert provenance[entered] == {"questionId": entered, "origin": "ENTERED", "quotes": []}
    # and the report shows, beside each answer from the document, the sentence behind it
    report = await http.get(f"/reports/{code}.md", headers={"Authorization": f"Bearer {officer_token}"})
    assert report.status_code == 200
    school_row = next(line for line in report.text.splitlines() if "距最近的学校" in line and "采纳" in line)
    assert "采纳文件建议：第" in school_row
    assert "约180米" in school_row
    homes_row = next(line for line in report.text.splitlines() if line.startswith("| 排放源或厂界距最近居民住宅"))
    assert "起草部门改动了文件建议" in homes_row


async def test_accepting_what_the_document_did_not_suggest_is_refused_by_name(officer: GraphQLClient) -> None:
    created = (await draft_from_text(officer, PROJECT, idempotencyKey="refuse-1"))["proposal"]
    refused = (
        await officer.data(ACCEPT, {"input": {"id": created["id"], "questions": ["lifestyle.tobacco_control"]}})
    )["acceptSuggestions"]
    assert refused["proposal"] is None
    assert refused["userErrors"][0]["field"] == ["input", "questions", "0"]
    assert "lifestyle.tobacco_control" in refused["userErrors"][0]["message"]


async def test_the_officer_accepts_the_sure_suggestions_at_once_and_checks_the_rest(officer: GraphQLClient) -> None:
    # given a draft whose document suggests answers of several confidences
    created = (await draft_from_text(officer, PROJECT, idempotencyKey="sure-1"))["proposal"]
    listed = await officer.data(
        "query($code: String!) { proposal(code: $code) { suggestedAnswers { questionId confidence } } }",
        {"code": created["code"]},
    )
    confidence = {s["questionId"]: s["confidence"] for s in listed["proposal"]["suggestedAnswers"]}
    sure = {q for q, c in confidence.items() if c == "HIGH"}
    assert sure
    assert sure != set(confidence)
    # when the officer accepts the HIGH ones in one call
    accepted = (await officer.data(ACCEPT, {"input": {"id": created["id"], "minimumConfidence": "HIGH"}}))[
        "acceptSuggestions"
    ]
    # then exactly those are answers, and the others wait for the officer
    assert accepted["userErrors"] == []
    assert {a["questionId"] for a in accepted["proposal"]["answers"]} == sure
    waiting = [s for s in accepted["proposal"]["suggestedAnswers"] if s["acceptedAs"] is None]
    assert {s["questionId"] for s in waiting} == set(confidence) - sure
    # naming questions and a confidence together is refused by name
    both = (
        await officer.data(
            ACCEPT, {"input": {"id": created["id"], "questions": list(sure)[:1], "minimumConfidence": "LOW"}}
        )
    )["acceptSuggestions"]
    assert both["userErrors"][0]["field"] == ["input", "minimumConfidence"]


async def test_a_document_that_does_not_show_its_kind_needs_it_given(officer: GraphQLClient) -> None:
    created = await draft_from_text(officer, "请各单位认真做好相关工作。")
    assert created["proposal"] is None
    assert created["userErrors"][0]["field"] == ["input", "kind"]


async def test_empty_pasted_text_is_refused_and_nothing_is_created(officer: GraphQLClient) -> None:
    created = (
        await officer.data(
            CREATE, {"input": {"jurisdiction": "wuzhong", "sponsoringDepartment": SPONSOR, "text": "   \n "}}
        )
    )["createProposalFromDocument"]
    assert created["proposal"] is None
    assert created["userErrors"][0]["code"] == "EMPTY_DOCUMENT"


async def test_only_the_uploader_drafts_from_an_upload_and_viewers_draft_nothing(
    drafting_db: DatabaseUnderTest, http: httpx.AsyncClient, officer_token: str
) -> None:
    uploaded = await http.post(
        "/documents", content=PROJECT.encode(), headers={"Authorization": f"Bearer {officer_token}"}
    )
    code = uploaded.json()["document"]["code"]
    other = GraphQLClient(http).as_(
        await issue_token(drafting_db, "DEPARTMENT_OFFICER", department="wuzhong.health-commission")
    )
    errors = await other.errors(SUGGEST, {"document": code})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    viewer = GraphQLClient(http).as_(await issue_token(drafting_db, "VIEWER", "wuzhong"))
    errors = await viewer.errors(SUGGEST, {"text": PROJECT})
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = GraphQLClient(http)
    errors = await anonymous.errors(SUGGEST, {"text": PROJECT})
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_example_answers_cover_the_keys_used() -> None:
    # the drafting test completes its answers from the shipped v2 example; it must stay a project example
    assert V2_EXAMPLES["01-waste-transfer-station-near-school"].given.kind == "PROJECT"
    assert set(KEYS) == {"YES_NO", "NUMBER", "CHOICE", "MULTI_CHOICE"}


async def test_a_retried_draft_from_pasted_text_creates_one_proposal_and_stores_the_text_once(
    drafting_db: DatabaseUnderTest, officer: GraphQLClient
) -> None:
    from sqlalchemy import func, select

    from db.models import ProposalDocument

    async def stored() -> int:
        async with drafting_db.factory() as session:
            return int(await session.scalar(select(func.count()).select_from(ProposalDocument)) or 0)

    given = {
        "jurisdiction": "wuzhong",
        "sponsoringDepartment": SPONSOR,
        "text": PROJECT,
        "checklistVersion": 2,
        "idempotencyKey": "retry-1",
    }
    first = (await officer.data(CREATE, {"input": given}))["createProposalFromDocument"]
    documents = await stored()
    again = (await officer.data(CREATE, {"input": given}))["createProposalFromDocument"]
    assert again["proposal"]["id"] == first["proposal"]["id"]
    assert await stored() == documents
    other = (await officer.data(CREATE, {"input": {**given, "text": PROJECT + "\n附件：选址图"}}))[
        "createProposalFromDocument"
    ]
    assert other["proposal"] is None
    assert other["userErrors"][0]["code"] == "IDEMPOTENCY_CONFLICT"
    assert await stored() == documents


async def test_a_proposal_document_is_a_node_its_readers_can_fetch(
    drafting_db: DatabaseUnderTest, officer: GraphQLClient
) -> None:
    drafted = await draft_from_text(officer, PROJECT)
    code = drafted["proposal"]["code"]
    query = """query($code: String!) { proposal(code: $code) { documents { id code } } }"""
    [document] = (await officer.data(query, {"code": code}))["proposal"]["documents"]
    fetch = "query($id: ID!) { node(id: $id) { id ... on ProposalDocument { code format } } }"
    found = (await officer.data(fetch, {"id": document["id"]}))["node"]
    assert found == {"id": document["id"], "code": document["code"], "format": "txt"}
    # a department of another district may not see the proposal, so not its document either; nor may anyone
    # without a token
    stranger = officer.as_(
        await issue_token(drafting_db, "DEPARTMENT_OFFICER", department="panzhihua.education-sport-bureau")
    )
    assert (await stranger.data(fetch, {"id": document["id"]}))["node"] is None
    assert (await officer.as_(None).data(fetch, {"id": document["id"]}))["node"] is None
