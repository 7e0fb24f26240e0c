"""What committees overrule, for checklist maintainers: the query and its spreadsheet list every answer and degree
a settled committee form changed, with the reasons and the rules held responsible; a replay of a candidate version
counts the disagreements it would remove. Its own database: the counts are of this module's forms only."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from openpyxl import load_workbook

from tests.review.cast import Cast
from tests.review.test_ratings import ALL_NO, SETTLE, flip, rate, rating_of, settle_input, with_three_experts
from tests.screening.test_checklists_api import PUBLISH, mini_as_default

OVERRULES = """query($j: String, $from: Date, $to: Date) {
  screeningOverrules(jurisdiction: $j, settledFrom: $from, settledTo: $to) {
    forms overrules { proposalCode question engine final raised reason ruleIds checklist }
    questions { subject overruled raised lowered } rules { subject overruled raised lowered } } }"""
REPLAY = """mutation { replayScreening(input: {checklistVersion: 1001, filter: {jurisdiction: "panzhihua"}}) {
  replay { id } userErrors { message } } }"""
REPLAY_EFFECT = """query($id: ID!) { node(id: $id) { ... on ScreeningReplay { status
  committeeForms { forms overrules removed introduced } } } }"""
ANSWER_REASON = "专家一致认为项目不涉及传染病传播途径"
DEGREE_REASON = "排放经超低改造后影响范围有限"


async def settled_with_two_overrules(cast: Cast) -> tuple[dict[str, Any], dict[int, str]]:
    """A proposal whose committee changed question 1 and lowered the degree from MAJOR to MILD."""
    proposal = await with_three_experts(cast)
    for name in ("cdc", "env-a", "env-b"):
        assert (await rate(cast.experts[name], proposal, ALL_NO))["userErrors"] == []
    engine = {a["number"]: a["answer"] for a in (await rating_of(cast.chair, proposal))["assessment"]["nationalForm"]}
    form = settle_input(proposal, engine, "MILD")
    form["answers"][0] = {"number": 1, "answer": flip(engine[1]), "reason": ANSWER_REASON}
    form["degreeReason"] = DEGREE_REASON
    payload = (await cast.chair.data(SETTLE, {"input": form}))["settleScreeningForm"]
    assert payload["userErrors"] == [], payload
    return proposal, engine


async def test_the_overrules_of_settled_forms_are_listed_counted_and_exported(cast: Cast) -> None:
    proposal, engine = await settled_with_two_overrules(cast)
    found = (await cast.chair.data(OVERRULES, {"j": "panzhihua"}))["screeningOverrules"]
    assert found["forms"] == 1
    answer, degree = found["overrules"]
    assert answer["proposalCode"] == proposal["code"]
    assert (answer["question"], answer["engine"], answer["final"]) == (1, engine[1], flip(engine[1]))
    assert answer["raised"] is (engine[1] == "NO")
    assert answer["reason"] == ANSWER_REASON
    assert answer["checklist"] == "hiap-screening v1000"
    # the test checklist answers question 1 是 from the fact air-quality-impact, which rule air.emissions derives
    assert answer["ruleIds"] == (["air.emissions"] if engine[1] == "YES" else [])
    assert (degree["question"], degree["engine"], degree["final"], degree["raised"]) == (None, "MAJOR", "MILD", False)
    assert degree["reason"] == DEGREE_REASON
    assert "air.escalate" in degree["ruleIds"]
    tallies = {t["subject"]: t for t in found["questions"]}
    assert tallies["1"]["overruled"] == 1
    assert tallies["DEGREE"] == {"subject": "DEGREE", "overruled": 1, "raised": 0, "lowered": 1}
    assert sum(t["overruled"] for t in found["questions"]) == 2
    assert {"subject": "hiap-screening v1000 · air.escalate", "overruled": 1, "raised": 0, "lowered": 1} in found[
        "rules"
    ]
    # a period that ends before today holds none; a reversed period is refused
    assert (await cast.chair.data(OVERRULES, {"j": "panzhihua", "to": "2020-01-01"}))["screeningOverrules"][
        "forms"
    ] == 0
    [reversed_period] = await cast.chair.errors(OVERRULES, {"from": "2026-12-31", "to": "2026-01-01"})
    assert reversed_period["extensions"]["code"] == "INVALID_ARGUMENT"
    # only the committee's chair and secretaries (and administrators) read it
    [denied] = await cast.sponsor.errors(OVERRULES, {"j": "panzhihua"})
    assert denied["extensions"]["code"] == "FORBIDDEN"
    # and the spreadsheet lists both overrules with their reasons
    response = await cast.secretary.http.get(
        "/exports/overrules.xlsx", params={"jurisdiction": "panzhihua"}, headers=auth(cast.secretary)
    )
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content))["改判明细"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert ANSWER_REASON in cells
    assert DEGREE_REASON in cells
    assert "影响程度" in cells
    refused = await cast.sponsor.http.get("/exports/overrules.xlsx", headers=auth(cast.sponsor))
    assert refused.status_code == 403


def auth(client: Any) -> dict[str, str]:
    return {"authorization": f"Bearer {client.token}"}


async def test_a_replay_counts_the_disagreements_a_candidate_version_removes(cast: Cast) -> None:
    # given the form above (question 1 changed, degree lowered to MILD), and a candidate version whose escalation
    # rule gives MILD instead of MAJOR, with a MODERATE finding (a HIGH one would hold the degree at MAJOR)
    candidate = mini_as_default(1001).replace(
        "      degree: MAJOR\n      findings: [{indicator: CN2018-02, effect: NEGATIVE, severity: HIGH}]",
        "      degree: MILD\n      findings: [{indicator: CN2018-02, effect: NEGATIVE, severity: MODERATE}]",
    )
    assert candidate != mini_as_default(1001)
    assert (await cast.chair.data(PUBLISH, {"yaml": candidate}))["publishChecklist"]["userErrors"] == []
    # when it is replayed over the jurisdiction
    started = (await cast.chair.data(REPLAY))["replayScreening"]
    assert started["userErrors"] == []
    for _ in range(200):
        replay = (await cast.chair.data(REPLAY_EFFECT, {"id": started["replay"]["id"]}))["node"]
        if replay["status"] != "RUNNING":
            break
        await asyncio.sleep(0.05)
    # then the committee's degree is now the screening's, while its answer to question 1 still differs
    assert replay["committeeForms"] == {"forms": 1, "overrules": 2, "removed": 1, "introduced": 0}
