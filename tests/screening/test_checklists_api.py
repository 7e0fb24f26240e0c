"""Checklists over the API: a form renders from them, new versions are validated on publishing, and a replay
shows what a new version would change."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import pytest
import yaml
from sqlalchemy import update

from db.models import Assessment
from db.session import transaction
from service.screening import replay as replay_module
from tests.conftest import issue_token
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.hia_rules.conftest import MINI
from tests.hia_rules.test_pathways import with_pathways
from tests.screening.test_proposals_api import SUBMIT, create

PUBLISH = """mutation($yaml: String!) { publishChecklist(input: {yaml: $yaml}) {
  checklist { id checklistId version contentHash } userErrors { field message code } } }"""


def mini_as_default(version: int, change: str = "") -> str:
    text = MINI.read_text(encoding="utf-8").replace("id: mini-screening", "id: hiap-screening", 1)
    text = text.replace("version: 1\n", f"version: {version}\n", 1)
    return text + change


async def test_a_form_renders_from_the_checklist(screening_api: GraphQLClient) -> None:
    data = await screening_api.data("""{ checklist { checklistId version investmentThresholdYuan
        determinants { code nameZh } questions { id type textZh textEn min max choices { value labelZh } }
        nationalForm { number textZh } rules { id titleEn condition consequences } }
        checklists(first: 100) { totalCount nodes { checklistId version } } }""")
    checklist = data["checklist"]
    assert checklist["version"] == 1000  # the latest published
    assert checklist["investmentThresholdYuan"] == 5_000_000
    fuel = next(q for q in checklist["questions"] if q["id"] == "air.fuel")
    assert fuel["type"] == "CHOICE"
    assert [c["value"] for c in fuel["choices"]] == ["COAL", "GAS", "NONE"]
    assert [n["number"] for n in checklist["nationalForm"]] == list(range(1, 11))
    escalate = next(r for r in checklist["rules"] if r["id"] == "air.escalate")
    assert escalate["condition"]["all"][0] == {"fact": "air-quality-impact"}
    assert escalate["consequences"]["degree"] == "MAJOR"
    versions = [(c["checklistId"], c["version"]) for c in data["checklists"]["nodes"]]
    assert ("hiap-screening", 1) in versions  # the shipped default
    assert ("hiap-screening", 1000) in versions
    assert data["checklists"]["totalCount"] == len(versions)


async def test_publishing_refuses_a_broken_checklist_with_every_problem_and_path(
    own_screening_api: GraphQLClient,
) -> None:
    screening_api = own_screening_api
    broken = (
        mini_as_default(1001)
        .replace("indicator: CN2018-01", "indicator: CN2018-99")
        .replace("portfolios: [education]", "portfolios: [astrology]")
    )
    payload = (await screening_api.data(PUBLISH, {"yaml": broken}))["publishChecklist"]
    assert payload["checklist"] is None
    problems = {tuple(e["field"]): e["message"] for e in payload["userErrors"]}
    assert problems[("input", "yaml", "rules[3](id=air.emissions).then.findings[0].indicator")] == (
        "unknown indicator 'CN2018-99'"
    )
    assert problems[("input", "yaml", "rules[6](id=equity.children).then.portfolios[0]")] == (
        "unknown portfolio 'astrology'"
    )
    not_yaml = (await screening_api.data(PUBLISH, {"yaml": "rules: [unclosed"}))["publishChecklist"]
    assert not_yaml["userErrors"][0]["message"].startswith("not valid YAML")
    old = (await screening_api.data(PUBLISH, {"yaml": mini_as_default(999, "\n# changed\n")}))["publishChecklist"]
    assert old["userErrors"][0]["field"] == ["input", "yaml", "version"]
    assert "version 1000 is published" in old["userErrors"][0]["message"]


async def wait_for(api: GraphQLClient, replay_id: str) -> dict[str, Any]:
    query = """query($id: ID!) { node(id: $id) { ... on ScreeningReplay { status total processed changed error
        checklist { version }
        changes(first: 50) { totalCount nodes { changedFields proposal { code }
          before { impactDegree findings } after { impactDegree findings } } } } } }"""
    for _ in range(200):
        replay: dict[str, Any] = (await api.data(query, {"id": replay_id}))["node"]
        if replay["status"] != "RUNNING":
            return replay
        await asyncio.sleep(0.05)
    raise AssertionError("the replay did not finish")


@pytest.mark.parametrize("in_worker_processes", [False, True], ids=["in-thread", "worker-processes"])
async def test_a_replay_reports_which_outcomes_a_new_version_changes(
    own_screening_api: GraphQLClient,
    own_screening_db: DatabaseUnderTest,
    in_worker_processes: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # large replays run in worker processes; here the threshold is lowered so both paths are exercised
    monkeypatch.setattr(replay_module, "PARALLEL_FROM", 1 if in_worker_processes else 10**9)
    chair = own_screening_api
    secretary = chair.as_(await issue_token(own_screening_db, "COMMITTEE_SECRETARY", "panzhihua"))
    # given screened proposals of one sponsor: one with air emissions, one without
    sponsor = "panzhihua.agriculture-animal-husbandry-bureau"
    noisy = (await create(secretary, sponsoringDepartment=sponsor))["proposal"]
    quiet = (await create(secretary, sponsoringDepartment=sponsor, answers=[]))["proposal"]
    for proposal in (noisy, quiet):
        await secretary.data(SUBMIT, {"id": proposal["id"], "key": "k"})
    # an assessment stored before summaries were kept: the replay falls back to its full outcome
    async with transaction(own_screening_db.factory) as session:
        await session.execute(
            update(Assessment)
            .where(Assessment.proposal_id == int(base64.b64decode(quiet["id"]).decode().split(":")[1]))
            .values(summary=None)
        )
    # and a new version in which emissions also hit indicator CN2018-36 (hypertension)
    change = mini_as_default(1002).replace(
        "      findings: [{indicator: CN2018-01, effect: NEGATIVE, severity: MODERATE}]",
        "      findings: [{indicator: CN2018-01, effect: NEGATIVE, severity: MODERATE},"
        " {indicator: CN2018-36, effect: NEGATIVE, severity: LOW}]",
    )
    published = (await chair.data(PUBLISH, {"yaml": change}))["publishChecklist"]
    assert published["userErrors"] == []
    # when replaying that sponsor's proposals under it
    started = (
        await chair.data(
            """mutation($d: String!) { replayScreening(input: {checklistVersion: 1002,
             filter: {sponsoringDepartment: $d}}) { replay { id status total } userErrors { message } } }""",
            {"d": sponsor},
        )
    )["replayScreening"]
    assert started["userErrors"] == []
    assert started["replay"]["total"] == 2
    replay = await wait_for(chair, started["replay"]["id"])
    # then only the proposal with emissions changes, and the report says how
    assert replay["status"] == "DONE"
    assert replay["processed"] == 2
    assert replay["changed"] == 1
    [change_row] = replay["changes"]["nodes"]
    assert change_row["proposal"]["code"] == noisy["code"]
    assert change_row["changedFields"] == ["findings"]
    assert "CN2018-36:NEGATIVE" in change_row["after"]["findings"]
    assert "CN2018-36:NEGATIVE" not in change_row["before"]["findings"]
    # and stored assessments keep the version they were made with
    kept = await chair.data(
        """query($c: String!) { proposal(code: $c) {
        assessment { checklist { version } } checklist { version } } }""",
        {"c": noisy["code"]},
    )
    assert kept["proposal"]["assessment"]["checklist"]["version"] == 1000


async def test_replay_of_an_unknown_version_is_a_user_error(screening_api: GraphQLClient) -> None:
    payload = (
        await screening_api.data("""mutation { replayScreening(input: {checklistVersion: 424242}) {
        replay { id } userErrors { field code } } }""")
    )["replayScreening"]
    assert payload["replay"] is None
    assert payload["userErrors"] == [{"field": ["input", "checklistVersion"], "code": "NOT_FOUND"}]


async def test_a_checklist_that_requires_every_answer_refuses_a_submit_with_gaps_and_stores_nothing(
    own_screening_api: GraphQLClient, own_screening_db: DatabaseUnderTest
) -> None:
    # issue 11: a project submitted with no answers at all came out 很小 / no further assessment
    chair = own_screening_api
    secretary = chair.as_(await issue_token(own_screening_db, "COMMITTEE_SECRETARY", "panzhihua"))
    requiring = mini_as_default(1003).replace(
        "settings: {investment_threshold_yuan: 5000000}",
        "settings: {investment_threshold_yuan: 5000000, require_every_applicable_answer: true}",
    )
    assert (await chair.data(PUBLISH, {"yaml": requiring}))["publishChecklist"]["userErrors"] == []
    proposal = (await create(secretary, answers=[{"question": "air.emissions", "yesNo": "NO"}]))["proposal"]
    submitted = (await secretary.data(SUBMIT, {"id": proposal["id"], "key": "gaps"}))["submitProposal"]
    assert submitted["assessment"] is None
    assert [e["field"] for e in submitted["userErrors"]] == [
        ["proposal", "answers", q] for q in ("air.school_nearby", "air.distance_m", "air.fuel", "air.sources")
    ]
    assert submitted["userErrors"][0]["message"] == (
        "is not answered: 学校附近？（School nearby?）; answer UNKNOWN (不知道) if it is not known"
    )
    status = await secretary.data("query($id: ID!) { node(id: $id) { ... on Proposal { status } } }", proposal)
    assert status["node"]["status"] == "DRAFT"
    # the preview shows each applicable question answered or not, and cannot conclude 很小
    preview = (
        await secretary.data(
            """mutation($input: CreateProposalInput!) { previewScreening(input: $input) { preview {
              impactDegree applicableQuestions { questionId answered } unanswered { questionId } } } }""",
            {
                "input": {
                    "kind": "POLICY",
                    "policyType": "REGULATION",
                    "title": "t",
                    "jurisdiction": "panzhihua",
                    "sponsoringDepartment": "panzhihua.tourism-bureau",
                    "answers": [{"question": "air.emissions", "yesNo": "NO"}],
                }
            },
        )
    )["previewScreening"]["preview"]
    assert preview["impactDegree"] == "MILD"
    assert {"questionId": "air.emissions", "answered": True} in preview["applicableQuestions"]
    assert {"questionId": "air.fuel", "answered": False} in preview["applicableQuestions"]
    assert len(preview["unanswered"]) == 4


async def test_findings_show_their_outcome_and_evidence_and_no_borrowed_indicator(
    own_screening_api: GraphQLClient, own_screening_db: DatabaseUnderTest
) -> None:
    data = with_pathways()
    data["id"], data["version"] = "hiap-screening", 1004
    published = await own_screening_api.data(PUBLISH, {"yaml": yaml.safe_dump(data, allow_unicode=True)})
    assert published["publishChecklist"]["userErrors"] == []
    secretary = own_screening_api.as_(await issue_token(own_screening_db, "COMMITTEE_SECRETARY", "panzhihua"))
    preview = (
        await secretary.data(
            """mutation($input: CreateProposalInput!) { previewScreening(input: $input) { preview {
              findings { ruleId indicator { code } outcome { code nameZh nameEn }
                evidence { title year verified claimZh } } } } }""",
            {
                "input": {
                    "kind": "POLICY",
                    "policyType": "REGULATION",
                    "title": "t",
                    "jurisdiction": "panzhihua",
                    "sponsoringDepartment": "panzhihua.tourism-bureau",
                    "answers": [{"question": "air.emissions", "yesNo": "YES"}],
                }
            },
        )
    )["previewScreening"]["preview"]
    [finding] = [f for f in preview["findings"] if f["ruleId"] == "air.emissions"]
    assert finding["indicator"] is None
    assert finding["outcome"] == {
        "code": "NOISE_ANNOYANCE_SLEEP",
        "nameZh": "噪声烦恼与睡眠干扰",
        "nameEn": "Noise annoyance and sleep disturbance",
    }
    assert finding["evidence"] == [
        {
            "title": "Environmental noise guidelines for the European Region",
            "year": 2018,
            "verified": True,
            "claimZh": "交通噪声与睡眠干扰有关",
        }
    ]


async def test_publishing_and_replaying_with_a_key_are_safe_to_retry(own_screening_api: GraphQLClient) -> None:
    chair = own_screening_api
    publish_keyed = """mutation($yaml: String!, $key: String!) { publishChecklist(input: {yaml: $yaml,
        idempotencyKey: $key}) { checklist { id version } userErrors { field code } } }"""
    replay_keyed = """mutation($v: Int!, $key: String!) { replayScreening(input: {checklistVersion: $v,
        idempotencyKey: $key}) { replay { id } userErrors { field code } } }"""
    # a version published with a key, and the same call retried, is one version
    first = await chair.data(publish_keyed, {"yaml": mini_as_default(1003), "key": "publish-1003"})
    again = await chair.data(publish_keyed, {"yaml": mini_as_default(1003), "key": "publish-1003"})
    assert first["publishChecklist"]["userErrors"] == []
    assert again["publishChecklist"]["checklist"] == first["publishChecklist"]["checklist"]
    # the key sent with other content is refused, and that content is not published
    other = await chair.data(publish_keyed, {"yaml": mini_as_default(1004), "key": "publish-1003"})
    assert other["publishChecklist"]["checklist"] is None
    assert other["publishChecklist"]["userErrors"] == [
        {"field": ["input", "idempotencyKey"], "code": "IDEMPOTENCY_CONFLICT"}
    ]
    listed = await chair.data("{ checklists(first: 100) { nodes { version } } }")
    versions = [c["version"] for c in listed["checklists"]["nodes"]]
    assert 1004 not in versions
    # a replay retried with its key is the replay the first call started, not a second run
    started = (await chair.data(replay_keyed, {"v": 1003, "key": "replay-1003"}))["replayScreening"]
    retried = (await chair.data(replay_keyed, {"v": 1003, "key": "replay-1003"}))["replayScreening"]
    assert started["userErrors"] == []
    assert retried["replay"]["id"] == started["replay"]["id"]
    refused = (await chair.data(replay_keyed, {"v": 1000, "key": "replay-1003"}))["replayScreening"]
    assert refused["userErrors"] == [{"field": ["input", "idempotencyKey"], "code": "IDEMPOTENCY_CONFLICT"}]
    await wait_for(chair, started["replay"]["id"])
