"""The life of a proposal as one explicit state machine: every change of status goes through `next_state`.

    DRAFT ──submit──▶ SCREENED ──open review──▶ IN_REVIEW ──conclude──▶ APPROVED
      ▲                  │  (no review needed)      │                   APPROVED_WITH_CONDITIONS
      │                  └──────conclude────────────┤                   REJECTED
      │                                             └──conclude──▶ REVISION_REQUESTED
      └──────────── (edit, then submit again: a new screening round) ◀───┘

Submitting screens the proposal; when the screening requires review (it is in scope and its degree is
mild or major), requests open at once and the proposal is IN_REVIEW, else it rests SCREENED. The secretary
can still ask for reviews of a SCREENED proposal. The chair concludes either, once every request of the
round is reviewed or waived. REVISE_AND_RESUBMIT sends the proposal back to its department, which edits
and submits it again; the next screening round keeps the earlier ones as history.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from service.errors import InvalidStateError
from service.i18n import _


class State(StrEnum):
    DRAFT = "DRAFT"
    # Kept for clients that know it: submission screens at once, so no proposal rests in it.
    SUBMITTED = "SUBMITTED"
    SCREENED = "SCREENED"
    IN_REVIEW = "IN_REVIEW"
    REVISION_REQUESTED = "REVISION_REQUESTED"
    APPROVED = "APPROVED"
    APPROVED_WITH_CONDITIONS = "APPROVED_WITH_CONDITIONS"
    REJECTED = "REJECTED"


class Action(StrEnum):
    EDIT = "EDIT"
    SUBMIT = "SUBMIT"
    OPEN_REVIEW = "OPEN_REVIEW"
    CHANGE_REVIEWERS = "CHANGE_REVIEWERS"
    REVIEW = "REVIEW"
    APPROVE = "APPROVE"
    APPROVE_WITH_CONDITIONS = "APPROVE_WITH_CONDITIONS"
    REQUEST_REVISION = "REQUEST_REVISION"
    REJECT = "REJECT"


class Decision(StrEnum):
    """The chair's conclusion of a review round."""

    APPROVED = "APPROVED"
    APPROVED_WITH_CONDITIONS = "APPROVED_WITH_CONDITIONS"
    REVISE_AND_RESUBMIT = "REVISE_AND_RESUBMIT"
    REJECTED = "REJECTED"


ACTION_OF_DECISION = {
    Decision.APPROVED: Action.APPROVE,
    Decision.APPROVED_WITH_CONDITIONS: Action.APPROVE_WITH_CONDITIONS,
    Decision.REVISE_AND_RESUBMIT: Action.REQUEST_REVISION,
    Decision.REJECTED: Action.REJECT,
}

_CONCLUSIONS = {
    Action.APPROVE: State.APPROVED,
    Action.APPROVE_WITH_CONDITIONS: State.APPROVED_WITH_CONDITIONS,
    Action.REQUEST_REVISION: State.REVISION_REQUESTED,
    Action.REJECT: State.REJECTED,
}

TRANSITIONS: dict[State, dict[Action, State]] = {
    State.DRAFT: {Action.EDIT: State.DRAFT, Action.SUBMIT: State.SCREENED},
    State.REVISION_REQUESTED: {Action.EDIT: State.REVISION_REQUESTED, Action.SUBMIT: State.SCREENED},
    State.SCREENED: {Action.OPEN_REVIEW: State.IN_REVIEW, **_CONCLUSIONS},
    State.IN_REVIEW: {
        Action.CHANGE_REVIEWERS: State.IN_REVIEW,
        Action.REVIEW: State.IN_REVIEW,
        **_CONCLUSIONS,
    },
    State.SUBMITTED: {},
    State.APPROVED: {},
    State.APPROVED_WITH_CONDITIONS: {},
    State.REJECTED: {},
}


# What each action is called in the refusal "it cannot be ... now" (one word in either language).
_DONE = {
    Action.EDIT: _("edited"),
    Action.SUBMIT: _("submitted"),
    Action.OPEN_REVIEW: _("sent for review"),
    Action.CHANGE_REVIEWERS: _("given other reviewers"),
    Action.REVIEW: _("reviewed"),
}


def _refusal(state: str, action: Action, allowed: str) -> str:
    """Why `action` is refused in `state` (the four conclusions are all "concluded")."""
    done = _DONE.get(action, _("concluded"))
    return _(
        "the proposal is {state}: it cannot be {done} now (it allows: {allowed})",
        state=state,
        done=done,
        allowed=allowed,
    )


TERMINAL = frozenset(state for state, moves in TRANSITIONS.items() if not moves)
# States in which the committee has concluded the latest round.
CONCLUDED = frozenset({State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.REJECTED, State.REVISION_REQUESTED})


def allowed_actions(current: str) -> list[Action]:
    return list(TRANSITIONS[State(current)])


def next_state(current: str, action: Action, field: Sequence[str] | None = ("input", "id")) -> State:
    """The state after `action`, or an INVALID_STATE error naming the current state and what it allows."""
    state = State(current)
    moves = TRANSITIONS[state]
    if action not in moves:
        allowed = ", ".join(a.value for a in moves) or _("nothing more (it is final)")
        raise InvalidStateError(_refusal(state.value, action, allowed), field)
    return moves[action]


def require(current: str, action: Action, field: Sequence[str] | None = ("input", "id")) -> None:
    """Check that `action` is allowed now (for actions that do not change the status themselves)."""
    next_state(current, action, field)


__all__ = [
    "ACTION_OF_DECISION",
    "CONCLUDED",
    "TERMINAL",
    "TRANSITIONS",
    "Action",
    "Decision",
    "State",
    "allowed_actions",
    "next_state",
    "require",
]
