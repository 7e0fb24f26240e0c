"""What the caller may do next with a proposal: the actions its state allows (`proposal_states`) that the
caller's own rights allow too, checked by the same functions the mutations use, so a client shows exactly the
buttons that will work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from service import proposal_states as states
from service.auth.principal import Principal, Role
from service.errors import AccessDenied
from service.review.conclusions import check_may_conclude
from service.review.requests import RequestStatus, check_may_assign
from service.screening.proposals import check_may_write

Action = states.Action
DRAFTING = (Action.EDIT, Action.SUBMIT)
ASSIGNING = (Action.OPEN_REVIEW, Action.CHANGE_REVIEWERS)


def _passes(check: Callable[..., None], *args: Any) -> bool:
    try:
        check(*args)
    except AccessDenied:
        return False
    return True


def addressed_to(principal: Principal, requests: Sequence[Any], my_expert_ids: Sequence[int]) -> bool:
    """Whether an open request of the round is the caller's to review (its department's, or its own as expert)."""
    for request in requests:
        if request.status != RequestStatus.PENDING:
            continue
        if principal.has(Role.DEPARTMENT_OFFICER) and request.department_id == principal.department_id:
            return True
        if request.expert_id is not None and request.expert_id in my_expert_ids:
            return True
    return False


def caller_actions(principal: Principal, proposal: Any, addressed: bool) -> list[states.Action]:
    """`addressed`: whether an open request of the current round is the caller's (`addressed_to`)."""

    def may(action: states.Action) -> bool:
        if action in DRAFTING:
            return _passes(check_may_write, principal, proposal.jurisdiction_id, proposal.sponsor_department_id)
        if action in ASSIGNING:
            return _passes(check_may_assign, principal, proposal.jurisdiction_id)
        if action is Action.REVIEW:
            return addressed
        return _passes(check_may_conclude, principal, proposal.jurisdiction_id)

    if not principal.authenticated:
        return []
    return [action for action in states.allowed_actions(proposal.status) if may(action)]
