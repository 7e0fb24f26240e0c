"""Due dates set in a review are from today to at most `MAX_DAYS_AHEAD` days ahead: a year typed wrong
(`dueOn: 9999-12-31`) is a userError naming the field, and changes nothing (issue 10, item 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from service.review import settings
from service.review.due_dates import MAX_DAYS_AHEAD
from tests.review.cast import (
    ADD_REQUEST,
    CONCLUDE,
    ENVIRONMENT,
    REPLACE,
    SPONSOR,
    SUBMIT_REVIEW,
    TOURISM,
    Cast,
    later,
)

FAR = "9999-12-31"


def too_far(payload: dict[str, Any], field: list[str]) -> None:
    [error] = payload["userErrors"]
    assert error["field"] == field
    assert error["code"] == "INVALID"
    latest = (settings.today() + dt.timedelta(days=MAX_DAYS_AHEAD)).isoformat()
    assert f"at most {MAX_DAYS_AHEAD} days ahead" in error["message"]
    assert latest in error["message"]


async def minimal_proposal(cast: Cast) -> dict[str, Any]:
    """A minimal-impact policy: screened, no request opened, so the secretary may add one."""
    return await cast.submitted(
        kind="POLICY", policyType="REGULATION", answers=[], investmentYuan=None, vulnerableGroups=[]
    )


async def department_request(cast: Cast, proposal: dict[str, Any], department: str) -> dict[str, Any]:
    return next(
        r for r in await cast.requests(proposal) if r["kind"] == "DEPARTMENT" and r["department"]["code"] == department
    )


@pytest.mark.parametrize("days_ahead", [None, MAX_DAYS_AHEAD + 1], ids=[FAR, "a day past the last allowed"])
async def test_add_review_request_refuses_a_due_date_too_far_ahead(cast: Cast, days_ahead: int | None) -> None:
    due_on = FAR if days_ahead is None else later(days_ahead)
    proposal = await minimal_proposal(cast)
    request = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "群众来信反映扬尘", "dueOn": due_on}
    payload = (await cast.secretary.data(ADD_REQUEST, {"input": request}))["addReviewRequest"]
    too_far(payload, ["input", "dueOn"])
    assert payload["reviewRequest"] is None
    found = await cast.round_of(proposal)
    assert found["status"] == "SCREENED"
    assert found["currentRound"]["reviewRequests"] == []


async def test_the_last_day_allowed_is_accepted(cast: Cast) -> None:
    proposal = await minimal_proposal(cast)
    request = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "复核", "dueOn": later(MAX_DAYS_AHEAD)}
    payload = (await cast.secretary.data(ADD_REQUEST, {"input": request}))["addReviewRequest"]
    assert payload["userErrors"] == []
    assert payload["reviewRequest"]["dueOn"] == later(MAX_DAYS_AHEAD)


async def test_a_past_due_date_is_still_refused(cast: Cast) -> None:
    proposal = await minimal_proposal(cast)
    request = {"proposal": proposal["id"], "department": ENVIRONMENT, "reason": "复核", "dueOn": later(-1)}
    [error] = (await cast.secretary.data(ADD_REQUEST, {"input": request}))["addReviewRequest"]["userErrors"]
    assert error["field"] == ["input", "dueOn"]
    assert "in the past" in error["message"]


async def test_replace_reviewer_refuses_a_due_date_too_far_ahead(cast: Cast) -> None:
    proposal = await cast.submitted()
    environment = await department_request(cast, proposal, ENVIRONMENT)
    change = {"id": environment["id"], "department": TOURISM, "reason": "换人", "dueOn": FAR}
    payload = (await cast.secretary.data(REPLACE, {"input": change}))["replaceReviewer"]
    too_far(payload, ["input", "dueOn"])
    assert (await department_request(cast, proposal, ENVIRONMENT))["status"] == "PENDING"


async def test_a_reviewers_condition_due_too_far_ahead_is_refused(cast: Cast) -> None:
    proposal = await cast.submitted()
    environment = await department_request(cast, proposal, ENVIRONMENT)
    review = {
        "id": environment["id"],
        "opinion": "CONCUR_WITH_CONDITIONS",
        "conditions": [{"textZh": "洒水降尘", "responsibleDepartment": SPONSOR, "dueOn": FAR}],
    }
    payload = (await cast.environment.data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
    too_far(payload, ["input", "conditions", "0", "dueOn"])
    assert (await department_request(cast, proposal, ENVIRONMENT))["review"] is None


async def test_a_chairs_condition_due_too_far_ahead_is_refused(cast: Cast) -> None:
    proposal = await cast.submitted()
    await cast.review_all(proposal)
    conclusion = {
        "proposal": proposal["id"],
        "decision": "APPROVED_WITH_CONDITIONS",
        "summaryZh": "有条件同意",
        "conditions": [{"textZh": "设立空气质量监测点", "responsibleDepartment": ENVIRONMENT, "dueOn": FAR}],
    }
    payload = (await cast.chair.data(CONCLUDE, {"input": conclusion}))["concludeReview"]
    too_far(payload, ["input", "conditions", "0", "dueOn"])
    assert (await cast.round_of(proposal))["status"] == "IN_REVIEW"
