"""Who is asking: a principal is a user acting in one role, scoped to a jurisdiction (and, for a department
officer, one department of it). Anonymous requests read the public catalog only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from db.repositories.visibility import ProposalScope
from service.i18n import _


class Role(StrEnum):
    ADMIN = "ADMIN"
    COMMITTEE_CHAIR = "COMMITTEE_CHAIR"
    COMMITTEE_SECRETARY = "COMMITTEE_SECRETARY"
    EXPERT = "EXPERT"
    DEPARTMENT_OFFICER = "DEPARTMENT_OFFICER"
    VIEWER = "VIEWER"


# The expert committee (健康影响评价专家委员会): its chair, its secretariat and its expert members.
COMMITTEE = frozenset({Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.EXPERT})


@dataclass(frozen=True)
class Principal:
    user: str | None = None
    role: Role | None = None
    # The account behind the token: links an expert's token to the expert's committee membership.
    user_id: int | None = None
    jurisdiction_id: int | None = None
    department_id: int | None = None
    token_prefix: str | None = None
    # When the token stops granting anything (None: never); checked again whenever the principal is reused.
    expires_at: dt.datetime | None = None
    # Why a presented token was not accepted (expired, revoked, unknown); None when none was presented.
    token_problem: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.role is not None

    def has(self, *roles: Role) -> bool:
        return self.role in roles

    def in_committee_of(self, jurisdiction_id: int) -> bool:
        return self.role in COMMITTEE and self.jurisdiction_id == jurisdiction_id

    def proposal_scope(self) -> ProposalScope:
        """Which proposals this principal may read (applied in the repository's queries)."""
        if self.role is Role.ADMIN:
            return ProposalScope(everything=True)
        if self.role in COMMITTEE and self.jurisdiction_id is not None:
            return ProposalScope(all_states_in=(self.jurisdiction_id,))
        if self.role is Role.VIEWER:
            if self.jurisdiction_id is None:
                return ProposalScope(submitted_everywhere=True)
            return ProposalScope(submitted_in=(self.jurisdiction_id,))
        if self.role is Role.DEPARTMENT_OFFICER and self.department_id is not None:
            return ProposalScope(department_id=self.department_id)
        return ProposalScope()

    def describe(self) -> str:
        """Who this is, for messages: the user and role, or anonymous."""
        return _("{user} as {role}", user=self.user, role=self.role.value) if self.role else _("anonymous")


ANONYMOUS = Principal()
