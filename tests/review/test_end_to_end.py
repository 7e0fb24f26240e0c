"""From draft to conclusion over HTTP on a real socket, with a real token for every role: the administrator
sets up the committee, the department drafts and submits, reviewers answer, the secretary waives and
reassigns, the chair sends it back, the department resubmits, the chair approves with conditions, the
department follows up, a viewer reads the result and the report (CI runs this on PostgreSQL and SQLite)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import issue_token, screening_database
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.server import live_server
from tests.review.cast import (
    ADD_MEMBER,
    COMPLETE,
    CONCLUDE,
    CREATE_COMMITTEE,
    EDUCATION,
    ENVIRONMENT,
    REPLACE,
    ROUND,
    SPONSOR,
    SUBMIT,
    SUBMIT_REVIEW,
    UPDATE,
    WAIVE,
    later,
)
from tests.screening.test_proposals_api import AIR_PROJECT, CREATE

VIEW = """query($code: String!) { proposal(code: $code) { status impactDegree
  reviewRounds { number conclusion { decision } }
  conclusion { decision signedName } report { htmlUrl signedHtmlUrl } } }"""


def ok(payload: dict[str, Any], name: str) -> dict[str, Any]:
    assert payload[name]["userErrors"] == [], payload[name]["userErrors"]
    found: dict[str, Any] = payload[name]
    return found


async def test_a_proposal_goes_from_draft_to_conclusion_with_a_resubmission(tmp_path: Path) -> None:
    async with (
        screening_database(tmp_path) as db,
        live_server(db) as server,
        httpx.AsyncClient(base_url=server.base_url) as http,
    ):
        api = GraphQLClient(http)

        async def as_(
            role: str, user: str, jurisdiction: str | None = None, department: str | None = None
        ) -> GraphQLClient:
            return api.as_(await issue_token(db, role, jurisdiction, department, user=user))

        admin = await as_("ADMIN", "admin")
        chair = await as_("COMMITTEE_CHAIR", "chair-wang", "panzhihua")
        secretary = await as_("COMMITTEE_SECRETARY", "secretary-li", "panzhihua")
        sponsor = await as_("DEPARTMENT_OFFICER", "officer-zhao", department=SPONSOR)
        environment = await as_("DEPARTMENT_OFFICER", "officer-qian", department=ENVIRONMENT)
        viewer = await as_("VIEWER", "dashboard", "panzhihua")
        experts = {
            "env": await as_("EXPERT", "expert-sun", "panzhihua"),
            "env2": await as_("EXPERT", "expert-zhou", "panzhihua"),
            "cdc": await as_("EXPERT", "expert-wu", "panzhihua"),
        }

        # the administrator sets up Panzhihua's committee
        ok(await admin.data(CREATE_COMMITTEE, {"input": {"jurisdiction": "panzhihua"}}), "createCommittee")
        member_ids = {}
        for user, role, name, specialties in [
            ("chair-wang", "CHAIR", "王主任", None),
            ("secretary-li", "SECRETARY", "李秘书", None),
            ("expert-sun", "EXPERT", "孙专家", ["ENVIRONMENTAL_HEALTH"]),
            ("expert-zhou", "EXPERT", "周专家", ["ENVIRONMENTAL_HEALTH"]),
            ("expert-wu", "EXPERT", "吴专家", ["DISEASE_CONTROL"]),
        ]:
            member = {
                "jurisdiction": "panzhihua",
                "user": user,
                "role": role,
                "nameZh": name,
                "specialties": specialties,
            }
            added = ok(await admin.data(ADD_MEMBER, {"input": member}), "addCommitteeMember")
            member_ids[user] = added["member"]["id"]

        # the department drafts and submits
        draft = ok(
            await sponsor.data(CREATE, {"input": {**AIR_PROJECT, "idempotencyKey": uuid.uuid4().hex}}),
            "createProposal",
        )["proposal"]
        ok(await sponsor.data(SUBMIT, {"id": draft["id"], "key": "round-1"}), "submitProposal")
        found = (await secretary.data(ROUND, {"code": draft["code"]}))["proposal"]
        assert found["status"] == "IN_REVIEW"
        requests = found["currentRound"]["reviewRequests"]
        by_department = {r["department"]["code"]: r for r in requests if r["kind"] == "DEPARTMENT"}
        by_specialty = {r["specialty"]: r for r in requests if r["kind"] == "EXPERT"}

        # the secretary waives education and moves the environmental-health review to the other expert
        ok(
            await secretary.data(WAIVE, {"id": by_department[EDUCATION]["id"], "reason": "不涉及学校"}),
            "waiveReviewRequest",
        )
        assigned = by_specialty["ENVIRONMENTAL_HEALTH"]["expert"]["id"]
        other = next(u for u in ("expert-sun", "expert-zhou") if member_ids[u] != assigned)
        replaced = ok(
            await secretary.data(
                REPLACE,
                {
                    "input": {
                        "id": by_specialty["ENVIRONMENTAL_HEALTH"]["id"],
                        "expert": member_ids[other],
                        "reason": "回避出差",
                    }
                },
            ),
            "replaceReviewer",
        )["reviewRequest"]
        env_expert = experts["env" if other == "expert-sun" else "env2"]

        # reviews come in; the chair sends the proposal back
        ok(
            await environment.data(
                SUBMIT_REVIEW,
                {
                    "input": {
                        "id": by_department[ENVIRONMENT]["id"],
                        "opinion": "OBJECT",
                        "comments": "距居民区过近",
                    }
                },
            ),
            "submitReview",
        )
        ok(
            await env_expert.data(SUBMIT_REVIEW, {"input": {"id": replaced["id"], "opinion": "CONCUR"}}),
            "submitReview",
        )
        ok(
            await experts["cdc"].data(
                SUBMIT_REVIEW, {"input": {"id": by_specialty["DISEASE_CONTROL"]["id"], "opinion": "CONCUR"}}
            ),
            "submitReview",
        )
        revise = ok(
            await chair.data(
                CONCLUDE,
                {"input": {"proposal": draft["id"], "decision": "REVISE_AND_RESUBMIT", "summaryZh": "请调整选址"}},
            ),
            "concludeReview",
        )
        assert revise["proposal"]["status"] == "REVISION_REQUESTED"

        # the department revises and resubmits: a second round opens
        ok(
            await sponsor.data(
                UPDATE,
                {
                    "input": {
                        "id": draft["id"],
                        "site": "距居民区2公里处",
                        "answers": [
                            {"question": "air.emissions", "yesNo": "YES"},
                            {"question": "air.distance_m", "number": 2000},
                        ],
                    }
                },
            ),
            "updateProposal",
        )
        ok(await sponsor.data(SUBMIT, {"id": draft["id"], "key": "round-2"}), "submitProposal")
        second = (await secretary.data(ROUND, {"code": draft["code"]}))["proposal"]
        assert second["currentRound"]["number"] == 2
        for request in second["currentRound"]["reviewRequests"]:
            reviewer = {ENVIRONMENT: environment}.get((request.get("department") or {}).get("code", ""))
            if request["kind"] == "EXPERT":
                reviewer = {
                    member_ids["expert-sun"]: experts["env"],
                    member_ids["expert-zhou"]: experts["env2"],
                    member_ids["expert-wu"]: experts["cdc"],
                }[request["expert"]["id"]]
            if reviewer is None:
                ok(await secretary.data(WAIVE, {"id": request["id"], "reason": "上轮已评"}), "waiveReviewRequest")
                continue
            review: dict[str, Any] = {"id": request["id"], "opinion": "CONCUR"}
            if request["kind"] == "DEPARTMENT":
                review = {
                    "id": request["id"],
                    "opinion": "CONCUR_WITH_CONDITIONS",
                    "conditions": [
                        {"textZh": "安装烟气在线监测", "responsibleDepartment": SPONSOR, "dueOn": later(90)}
                    ],
                }
            ok(await reviewer.data(SUBMIT_REVIEW, {"input": review}), "submitReview")
        approved = ok(
            await chair.data(
                CONCLUDE,
                {
                    "input": {
                        "proposal": draft["id"],
                        "decision": "APPROVED_WITH_CONDITIONS",
                        "summaryZh": "有条件同意",
                    }
                },
            ),
            "concludeReview",
        )
        assert approved["conclusion"]["signedName"] == "王主任"

        # the department follows its condition up
        obligations = (
            await sponsor.data(
                """query($code: String!) { department(code: $code) {
                         obligations { conditions(first: 100) { nodes { id status } } } } }""",
                {"code": SPONSOR},
            )
        )["department"]["obligations"]["conditions"]["nodes"]
        assert [c["status"] for c in obligations] == ["OPEN"]
        done = ok(
            await sponsor.data(COMPLETE, {"input": {"id": obligations[0]["id"], "evidence": "已联网"}}),
            "completeCondition",
        )
        assert done["condition"]["status"] == "DONE"

        # a viewer reads the outcome, history included, and the report
        seen = (await viewer.data(VIEW, {"code": draft["code"]}))["proposal"]
        assert seen["status"] == "APPROVED_WITH_CONDITIONS"
        assert [r["conclusion"]["decision"] for r in seen["reviewRounds"]] == [
            "REVISE_AND_RESUBMIT",
            "APPROVED_WITH_CONDITIONS",
        ]
        report = await http.get(seen["report"]["htmlUrl"], headers={"authorization": f"Bearer {viewer.token}"})
        assert report.status_code == 200
        assert "已联网" in report.text
        assert "请调整选址" not in report.text
        assert "修改后重新提交" in report.text  # ... with the first round in its history
