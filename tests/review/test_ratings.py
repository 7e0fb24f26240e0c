"""Experts rate the national form independently, the panel's agreement shows once rating closes, the chair settles
the committee's form (overruling the screening only with a reason), and the form is filed as a Word document.

The cast's air project is screened MAJOR on the test checklist and asks two experts (cdc, env-a); the secretary
adds env-b so that three rate. `conflicted` works for the sponsor and is never asked.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from docx import Document

from tests.fixtures.graphql import GraphQLClient
from tests.review.cast import ADD_REQUEST, Cast

RATE = """mutation($input: SubmitExpertRatingInput!) { submitExpertRating(input: $input) {
  rating { id proposedDegree comment answers { number answer comment } expert { nameZh } }
  userErrors { field message code } } }"""
CLOSE = """mutation($input: CloseRatingInput!) { closeRating(input: $input) {
  form { id ratingClosedAt ratingCloseReason settled } userErrors { field message code } } }"""
SETTLE = """mutation($input: SettleScreeningFormInput!) { settleScreeningForm(input: $input) {
  form { id settled degree engineDegree degreeReason degreeOverruled signedName
    answers { number engineAnswer finalAnswer reason overruled yes unknown no } }
  userErrors { field message code } } }"""
RATING = """query($code: String!) { proposal(code: $code) { version
  assessment { impactDegree nationalForm { number answer } }
  currentRound {
    rating { closed closeReason panel { expert { nameZh } rated } missingExperts { nameZh }
      ratings { id proposedDegree expert { nameZh } answers { number answer } }
      agreement { raters observedAgreement fleissKappa minimal mild major
        questions { number yes unknown no unanimous majority } } }
    committeeForm { degree answers { number finalAnswer overruled reason } } } } }"""
EVENTS = """query($code: String!) { proposal(code: $code) { events(first: 100) { edges { node { type } } } } }"""
OVERRULES = """{ screeningOverrules(jurisdiction: "panzhihua") { overrules { proposalCode question final reason } } }"""
REPORT = """query($code: String!) { proposal(code: $code) { report { markdownUrl } } }"""
NODE = """query($id: ID!) { node(id: $id) { ... on ExpertRating { id proposedDegree } } }"""
CONCLUDE = """mutation($input: ConcludeReviewInput!) { concludeReview(input: $input) {
  proposal { status } userErrors { field message code } } }"""

ALL_NO = dict.fromkeys(range(1, 11), "NO")


def rating_input(proposal: dict[str, Any], answers: dict[int, str], degree: str = "MAJOR") -> dict[str, Any]:
    return {
        "proposal": proposal["id"],
        "answers": [{"number": n, "answer": a, "comment": f"第{n}题意见"} for n, a in answers.items()],
        "proposedDegree": degree,
        "comment": "总体意见",
    }


async def rate(client: GraphQLClient, proposal: dict[str, Any], answers: dict[int, str], **more: Any) -> dict[str, Any]:
    payload: dict[str, Any] = (await client.data(RATE, {"input": {**rating_input(proposal, answers), **more}}))[
        "submitExpertRating"
    ]
    return payload


async def rating_of(client: GraphQLClient, proposal: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = (await client.data(RATING, {"code": proposal["code"]}))["proposal"]
    return found


async def with_three_experts(cast: Cast) -> dict[str, Any]:
    """A proposal in review whose panel is cdc, env-a (asked by the screening) and env-b (added by the secretary)."""
    proposal = await cast.submitted()
    added = await cast.secretary.data(
        ADD_REQUEST,
        {
            "input": {
                "proposal": proposal["id"],
                "expert": cast.expert_ids["env-b"],
                "specialty": "URBAN_PLANNING",
                "reason": "规划布局",
            }
        },
    )
    assert added["addReviewRequest"]["userErrors"] == [], added
    return proposal


def settle_input(proposal: dict[str, Any], engine: dict[int, str], degree: str) -> dict[str, Any]:
    """The committee's form agreeing with the screening's ten answers, at `degree`."""
    answers = [{"number": number, "answer": answer} for number, answer in sorted(engine.items())]
    return {"proposal": proposal["id"], "answers": answers, "degree": degree}


def flip(answer: str) -> str:
    return "NO" if answer != "NO" else "YES"


async def test_three_experts_rate_independently_and_the_chair_settles_the_form_that_is_filed(cast: Cast) -> None:
    proposal = await with_three_experts(cast)
    cdc, env_a, env_b = cast.experts["cdc"], cast.experts["env-a"], cast.experts["env-b"]
    # given three experts: cdc answers 否 everywhere but 是 on question 6; env-a the same but 不知道 on 7
    first = await rate(cdc, proposal, {**ALL_NO, 6: "YES"})
    assert first["userErrors"] == [], first
    assert first["rating"]["expert"]["nameZh"] == "专家cdc"
    second = await rate(env_a, proposal, {**ALL_NO, 6: "YES", 7: "UNKNOWN"})
    assert second["userErrors"] == []
    # then before everyone has rated nobody sees another's answers: an expert sees their own, the chair and the
    # secretary who has rated and not what
    mine = (await rating_of(env_a, proposal))["currentRound"]["rating"]
    assert [r["expert"]["nameZh"] for r in mine["ratings"]] == ["专家env-a"]
    assert mine["agreement"] is None
    for client in (cast.chair, cast.secretary):
        seen = (await rating_of(client, proposal))["currentRound"]["rating"]
        assert seen["closed"] is False
        assert seen["ratings"] == []
        assert {s["expert"]["nameZh"]: s["rated"] for s in seen["panel"]} == {
            "专家cdc": True,
            "专家env-a": True,
            "专家env-b": False,
        }
    # nor through the node of another's rating
    assert (await env_b.data(NODE, {"id": first["rating"]["id"]}))["node"] is None
    # and the sponsoring department sees no panel at all
    assert (await rating_of(cast.sponsor, proposal))["currentRound"]["rating"] is None
    # and the chair cannot settle yet
    engine = {a["number"]: a["answer"] for a in (await rating_of(cast.chair, proposal))["assessment"]["nationalForm"]}
    early = settle_input(proposal, engine, "MAJOR")
    [missing] = (await cast.chair.data(SETTLE, {"input": early}))["settleScreeningForm"]["userErrors"]
    assert missing["code"] == "RATINGS_MISSING", missing
    assert "专家env-b" in missing["message"]

    # when the third rates (same as cdc), rating closes by itself
    third = await rate(env_b, proposal, {**ALL_NO, 6: "YES"}, proposedDegree="MILD")
    assert third["userErrors"] == []
    closed = (await rating_of(cast.secretary, proposal))["currentRound"]["rating"]
    assert closed["closed"] is True
    assert len(closed["ratings"]) == 3
    # then the agreement shows: question 7 split 1 不知道 / 2 否, every other question unanimous
    agreement = closed["agreement"]
    assert agreement["raters"] == 3
    by_number = {q["number"]: q for q in agreement["questions"]}
    assert by_number[7] == {"number": 7, "yes": 0, "unknown": 1, "no": 2, "unanimous": False, "majority": "NO"}
    assert by_number[6] == {"number": 6, "yes": 3, "unknown": 0, "no": 0, "unanimous": True, "majority": "YES"}
    assert [q["number"] for q in agreement["questions"] if not q["unanimous"]] == [7]
    # Fleiss' kappa by hand: P-bar = (9 × 1 + 1/3) / 10 = 0.9333; category shares 是 3/30, 不知道 1/30, 否 26/30,
    # so P-e = 0.01 + 0.00111 + 0.75111 = 0.76222 and kappa = (0.9333 − 0.76222) / (1 − 0.76222) = 0.7196.
    assert agreement["observedAgreement"] == pytest.approx(0.93333, abs=1e-4)
    assert agreement["fleissKappa"] == pytest.approx(0.7196, abs=1e-3)
    assert (agreement["minimal"], agreement["mild"], agreement["major"]) == (0, 1, 2)

    # when the chair overrules question 1 without a reason, it is refused and nothing is stored
    overruled = flip(engine[1])
    bare = settle_input(proposal, engine, "MAJOR")
    bare["answers"][0] = {"number": 1, "answer": overruled}
    [problem] = (await cast.chair.data(SETTLE, {"input": bare}))["settleScreeningForm"]["userErrors"]
    assert problem["field"] == ["input", "answers", "0", "reason"]
    assert (await rating_of(cast.chair, proposal))["currentRound"]["committeeForm"] is None
    # and with the reason the form is settled, the overrule recorded beside the screening's answer and the panel's
    reason = "项目不涉及人群聚集，专家一致认为无传染病传播风险"
    settled_input = settle_input(proposal, engine, "MAJOR")
    settled_input["answers"][0] = {"number": 1, "answer": overruled, "reason": reason}
    payload = (await cast.chair.data(SETTLE, {"input": settled_input}))["settleScreeningForm"]
    assert payload["userErrors"] == [], payload
    form = payload["form"]
    assert form["settled"] is True
    assert form["signedName"] == "王主任"
    assert form["degreeOverruled"] is False
    first_answer = form["answers"][0]
    assert first_answer["engineAnswer"] == engine[1]
    assert first_answer["finalAnswer"] == overruled
    assert first_answer["overruled"] is True
    assert first_answer["reason"] == reason
    assert (first_answer["yes"], first_answer["unknown"], first_answer["no"]) == (0, 0, 3)
    assert [a["overruled"] for a in form["answers"]].count(True) == 1
    # and the proposal's timeline shows rating closing and the form being settled
    events = await cast.secretary.data(EVENTS, {"code": proposal["code"]})
    types = [e["node"]["type"] for e in events["proposal"]["events"]["edges"]]
    assert types[-2:] == ["RATING_CLOSED", "FORM_SETTLED"]
    # and checklist maintainers find the overrule, with its reason, in what committees overrule
    overrules = (await cast.chair.data(OVERRULES))["screeningOverrules"]["overrules"]
    ours = [o for o in overrules if o["proposalCode"] == proposal["code"]]
    assert ours == [{"proposalCode": proposal["code"], "question": 1, "final": overruled, "reason": reason}]
    # and the department sees the settled form
    seen = (await rating_of(cast.sponsor, proposal))["currentRound"]["committeeForm"]
    assert seen["answers"][0]["overruled"] is True

    # then a late rating or a second settlement is refused
    again = await rate(cast.experts["env-a"], proposal, ALL_NO)
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_RATED"]
    [twice] = (await cast.chair.data(SETTLE, {"input": settled_input}))["settleScreeningForm"]["userErrors"]
    assert twice["code"] == "ALREADY_SETTLED"

    # and the Word form has the committee's marks, the reason, the names and titles of the chair and the experts
    document = await screening_form(cast.secretary, proposal)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "健康影响评估初筛表" in text
    assert "尚未经专家委员会确认" not in text
    assert re.search(r"攀枝花市健评〔\d{4}〕\d+号", text)
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    question_rows = {r[0]: r for r in rows if r[0].isdigit() and len(r) >= 6}
    columns = {"YES": 2, "UNKNOWN": 3, "NO": 4}
    assert question_rows["1"][columns[overruled]] == "☑"
    assert question_rows["1"][columns[engine[1]]] == "☐"
    assert reason in question_rows["1"][5]
    assert question_rows["7"][columns[engine[7]]] == "☑"
    cells = {cell for row in rows for cell in row}
    for name in ("王主任", "专家cdc", "专家env-a", "专家env-b"):
        assert name in cells
    assert "主任医师" in cells
    assert "研究员" in cells
    assert any("☑重大" in p.text.replace(" ", "") for p in document.paragraphs)

    # and the report shows the screening's answer, the panel's and the committee's side by side, with the agreement
    markdown = await report_markdown(cast.sponsor, proposal)
    [row] = [line for line in markdown.splitlines() if line.startswith("| 1 | ") and "改判理由" in line]
    assert "| 是0 / 不知道0 / 否3 |" in row
    assert f"改判理由：{reason}" in row
    assert "3 位专家独立评分" in markdown
    assert "Fleiss κ = 0.72" in markdown
    assert "尚未经专家委员会确认" not in markdown


async def report_markdown(client: GraphQLClient, proposal: dict[str, Any]) -> str:
    found = await client.data(REPORT, {"code": proposal["code"]})
    url = found["proposal"]["report"]["markdownUrl"]
    response = await client.http.get(url, headers={"authorization": f"Bearer {client.token}"})
    assert response.status_code == 200, response.text
    return response.text


async def screening_form(client: GraphQLClient, proposal: dict[str, Any]) -> Any:
    response = await client.http.get(
        f"/reports/{proposal['code']}/screening-form.docx", headers={"authorization": f"Bearer {client.token}"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(response.content))


async def test_only_the_panel_rates_once_and_with_all_ten_answers(cast: Cast) -> None:
    proposal = await with_three_experts(cast)
    # an expert not asked to review is refused
    outsider = await rate(cast.experts["conflicted"], proposal, ALL_NO)
    assert [e["code"] for e in outsider["userErrors"]] == ["NOT_ASSIGNED"]
    # nine answers, an unknown question number, and a department officer are refused
    nine = dict.fromkeys(range(1, 10), "NO")
    short = await rate(cast.experts["cdc"], proposal, nine)
    assert short["userErrors"][0]["field"] == ["input", "answers"]
    assert "missing: 10" in short["userErrors"][0]["message"]
    eleven = await rate(cast.experts["cdc"], proposal, {**ALL_NO, 11: "NO"})
    assert ["input", "answers", "10", "number"] in [e["field"] for e in eleven["userErrors"]]
    [officer] = await cast.sponsor.errors(RATE, {"input": rating_input(proposal, ALL_NO)})
    assert officer["extensions"]["code"] == "FORBIDDEN"
    # nothing was stored by any of these
    assert (await rating_of(cast.chair, proposal))["currentRound"]["rating"]["panel"][0]["rated"] is False
    # a rating with an idempotency key, sent twice, is one rating; sent again without, it is refused
    keyed = await rate(cast.experts["cdc"], proposal, ALL_NO, idempotencyKey="rate-once")
    repeat = await rate(cast.experts["cdc"], proposal, ALL_NO, idempotencyKey="rate-once")
    assert repeat["rating"]["id"] == keyed["rating"]["id"]
    again = await rate(cast.experts["cdc"], proposal, ALL_NO)
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_RATED"]


async def test_the_chair_closes_rating_early_only_with_a_reason_naming_who_is_missing(cast: Cast) -> None:
    proposal = await with_three_experts(cast)
    assert (await rate(cast.experts["cdc"], proposal, ALL_NO))["userErrors"] == []
    # the secretary may not close rating, and the chair not without a reason
    [by_secretary] = await cast.secretary.errors(CLOSE, {"input": {"proposal": proposal["id"], "reason": "x"}})
    assert by_secretary["extensions"]["code"] == "FORBIDDEN"
    [problem] = (await cast.chair.data(CLOSE, {"input": {"proposal": proposal["id"]}}))["closeRating"]["userErrors"]
    assert problem["field"] == ["input", "reason"]
    assert "专家env-a" in problem["message"]
    assert "专家env-b" in problem["message"]
    # with a reason rating closes, recording who was missing; the rating given shows, and no more may be given
    reason = "两位专家出差，会期已定"
    closed = (await cast.chair.data(CLOSE, {"input": {"proposal": proposal["id"], "reason": reason}}))["closeRating"]
    assert closed["userErrors"] == []
    rating = (await rating_of(cast.secretary, proposal))["currentRound"]["rating"]
    assert rating["closed"] is True
    assert rating["closeReason"] == reason
    assert sorted(m["nameZh"] for m in rating["missingExperts"]) == ["专家env-a", "专家env-b"]
    assert rating["agreement"]["raters"] == 1
    assert rating["agreement"]["fleissKappa"] is None
    late = await rate(cast.experts["env-a"], proposal, ALL_NO)
    assert [e["code"] for e in late["userErrors"]] == ["RATING_CLOSED"]
    # and the chair may settle; a changed degree needs its reason
    data = await rating_of(cast.chair, proposal)
    engine = {a["number"]: a["answer"] for a in data["assessment"]["nationalForm"]}
    lower = settle_input(proposal, engine, "MILD")
    [why] = (await cast.chair.data(SETTLE, {"input": lower}))["settleScreeningForm"]["userErrors"]
    assert why["field"] == ["input", "degreeReason"]
    lower["degreeReason"] = "影响范围限于厂区周边，人数少"
    settled = (await cast.chair.data(SETTLE, {"input": lower}))["settleScreeningForm"]
    assert settled["userErrors"] == [], settled
    assert (settled["form"]["degree"], settled["form"]["engineDegree"]) == ("MILD", "MAJOR")
    assert settled["form"]["degreeOverruled"] is True


async def test_an_unsettled_form_is_the_screenings_marked_as_not_confirmed(cast: Cast) -> None:
    proposal = await cast.submitted()
    engine = {
        a["number"]: a["answer"] for a in (await rating_of(cast.secretary, proposal))["assessment"]["nationalForm"]
    }
    document = await screening_form(cast.sponsor, proposal)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "尚未经专家委员会确认" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    question_rows = {r[0]: r for r in rows if r[0].isdigit() and len(r) >= 6}
    columns = {"YES": 2, "UNKNOWN": 3, "NO": 4}
    assert all(question_rows[str(n)][columns[a]] == "☑" for n, a in engine.items())
    # a department that may not see the proposal, and an anonymous caller, get no form
    hidden = await cast.tourism.http.get(
        f"/reports/{proposal['code']}/screening-form.docx", headers={"authorization": f"Bearer {cast.tourism.token}"}
    )
    assert hidden.status_code == 404
    anonymous = await cast.anonymous.http.get(f"/reports/{proposal['code']}/screening-form.docx")
    assert anonymous.status_code == 401
