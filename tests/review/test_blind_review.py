"""Blind review: with the committee's setting on, the sponsoring department cannot read reviewers' opinions or the
conditions they propose (through any field, the node lookup, the conditions list or the report) until the chair
concludes the round; the reviewers and the committee read them as before."""

from __future__ import annotations

from typing import Any

from tests.review.cast import CONCLUDE, SPONSOR, SUBMIT_REVIEW, Cast, later

SET_BLIND = """mutation($blind: Boolean!) { setBlindReview(input: {jurisdiction: "panzhihua", blind: $blind}) {
  committee { blindReview } userErrors { field message code } } }"""
SEEN = """query($code: String!) { proposal(code: $code) { currentRound {
  reviewRequests { id status review { id opinion comments } } conditions { id textZh } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id } }"""
CONDITIONS = """{ conditions(first: 100, filter: {statuses: [PROPOSED]}) { edges { node { id textZh } } } }"""
REPORT = """query($code: String!) { proposal(code: $code) { report { markdownUrl } } }"""
COMMENT = "烟气排放需在线监测并公开"
CONDITION = "投产前完成在线监测设施验收"


async def seen_by(client: Any, proposal: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = (await client.data(SEEN, {"code": proposal["code"]}))["proposal"]["currentRound"]
    return found


async def report_text(client: Any, proposal: dict[str, Any]) -> str:
    url = (await client.data(REPORT, {"code": proposal["code"]}))["proposal"]["report"]["markdownUrl"]
    response = await client.http.get(url, headers={"authorization": f"Bearer {client.token}"})
    assert response.status_code == 200, response.text
    text: str = response.text
    return text


async def test_the_sponsor_reads_opinions_only_after_the_conclusion_when_review_is_blind(cast: Cast) -> None:
    # only the committee sets it
    [denied] = await cast.sponsor.errors(SET_BLIND, {"blind": True})
    assert denied["extensions"]["code"] == "FORBIDDEN"
    payload = (await cast.secretary.data(SET_BLIND, {"blind": True}))["setBlindReview"]
    assert payload == {"committee": {"blindReview": True}, "userErrors": []}
    # given a review with comments and a proposed condition
    proposal = await cast.submitted()
    request = next(r for r in await cast.requests(proposal) if r["kind"] == "DEPARTMENT")
    review = {
        "id": request["id"],
        "opinion": "CONCUR_WITH_CONDITIONS",
        "comments": COMMENT,
        "conditions": [{"textZh": CONDITION, "responsibleDepartment": SPONSOR, "dueOn": later(30)}],
    }
    given = (await cast.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
    assert given["userErrors"] == [], given
    review_id = given["review"]["id"]
    # then the sponsor sees that it is reviewed, but neither the opinion nor the condition, by any road
    sponsor_view = await seen_by(cast.sponsor, proposal)
    reviewed = next(r for r in sponsor_view["reviewRequests"] if r["id"] == request["id"])
    assert reviewed["status"] == "REVIEWED"
    assert reviewed["review"] is None
    assert sponsor_view["conditions"] == []
    assert (await cast.sponsor.data(NODE, {"id": review_id}))["node"] is None
    listed = (await cast.sponsor.data(CONDITIONS))["conditions"]["edges"]
    assert CONDITION not in [e["node"]["textZh"] for e in listed]
    report = await report_text(cast.sponsor, proposal)
    assert COMMENT not in report
    assert CONDITION not in report
    assert "盲审" in report
    # while the reviewer and the secretary read both
    for client in (cast.reviewer_of(request), cast.secretary):
        view = await seen_by(client, proposal)
        assert next(r for r in view["reviewRequests"] if r["id"] == request["id"])["review"]["comments"] == COMMENT
        assert [c["textZh"] for c in view["conditions"]] == [CONDITION]
    assert COMMENT in await report_text(cast.secretary, proposal)

    # when the chair concludes, the sponsor reads the opinion and the adopted condition
    await cast.review_all(proposal)
    conclude = {"proposal": proposal["id"], "decision": "APPROVED_WITH_CONDITIONS", "summaryZh": "有条件同意"}
    assert (await cast.chair.data(CONCLUDE, {"input": conclude}))["concludeReview"]["userErrors"] == []
    after = await seen_by(cast.sponsor, proposal)
    assert next(r for r in after["reviewRequests"] if r["id"] == request["id"])["review"]["comments"] == COMMENT
    assert [c["textZh"] for c in after["conditions"]] == [CONDITION]
    assert COMMENT in await report_text(cast.sponsor, proposal)


async def test_with_blind_review_off_the_sponsor_reads_opinions_as_they_come(cast: Cast) -> None:
    assert (await cast.chair.data(SET_BLIND, {"blind": False}))["setBlindReview"]["userErrors"] == []
    proposal = await cast.submitted()
    request = next(r for r in await cast.requests(proposal) if r["kind"] == "DEPARTMENT")
    review = {"id": request["id"], "opinion": "CONCUR", "comments": COMMENT}
    assert (await cast.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review}))["submitReview"]["userErrors"] == []
    view = await seen_by(cast.sponsor, proposal)
    assert next(r for r in view["reviewRequests"] if r["id"] == request["id"])["review"]["comments"] == COMMENT
