"""Permissions declared on fields (`permission_classes=[...]`). Row-level scoping is not here: it lives in
the repository queries, so a field that lists proposals returns only those the principal may see."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from service.auth.principal import Role
from service.errors import AccessDenied
from service.i18n import _


class _RolePermission(BasePermission):
    """Allows the principal's role if it is one of `roles` (any authenticated role when empty)."""

    roles: frozenset[Role] = frozenset()
    # What the permission guards, as a message: "<what> needs an API token", "... may not use <what>".
    what: str = _("this field")

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        principal = info.context.principal
        if not principal.authenticated:
            problem = principal.token_problem or _(
                "{what} needs an API token (Authorization: Bearer ...)", what=self.what
            )
            raise AccessDenied(problem, "UNAUTHENTICATED")
        if self.roles and principal.role not in self.roles:
            allowed = ", ".join(sorted(r.value for r in self.roles))
            raise AccessDenied(
                _(
                    "{who} may not do this ({what}): it is for {roles}",
                    who=principal.describe(),
                    what=self.what,
                    roles=allowed,
                )
            )
        return True


def allow(*roles: Role, what: str) -> type[BasePermission]:
    """A permission class for these roles (none: any authenticated principal)."""
    return type(
        f"Allow_{'_'.join(r.value for r in roles) or 'Authenticated'}",
        (_RolePermission,),
        {"roles": frozenset(roles), "what": what},
    )


AUTHENTICATED = allow(what=_("this field"))
DRAFTERS = allow(Role.DEPARTMENT_OFFICER, Role.COMMITTEE_SECRETARY, what=_("drafting and submitting proposals"))
PREVIEWERS = allow(
    Role.DEPARTMENT_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.COMMITTEE_CHAIR,
    Role.EXPERT,
    Role.ADMIN,
    what=_("previewing a screening"),
)
PUBLISHERS = allow(Role.COMMITTEE_CHAIR, Role.ADMIN, what=_("publishing checklists"))
REPLAYERS = allow(Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.ADMIN, what=_("replaying screenings"))
AUDITORS = allow(Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.ADMIN, what=_("the audit log"))
COMMITTEE_MANAGERS = allow(
    Role.COMMITTEE_CHAIR, Role.COMMITTEE_SECRETARY, Role.ADMIN, what=_("setting up the committee and its deadlines")
)
ASSIGNERS = allow(Role.COMMITTEE_SECRETARY, Role.COMMITTEE_CHAIR, Role.ADMIN, what=_("changing reviewers"))
REVIEWERS = allow(Role.DEPARTMENT_OFFICER, Role.EXPERT, what=_("giving reviews"))
CHAIRS = allow(Role.COMMITTEE_CHAIR, what=_("concluding reviews"))
RATERS = allow(Role.EXPERT, what=_("rating the national form"))
FORM_SETTLERS = allow(Role.COMMITTEE_CHAIR, what=_("closing rating and settling the committee's form"))
# Recording a condition as done and judging targets or scores fall to the same people.
FOLLOWERS_UP = allow(
    Role.DEPARTMENT_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.COMMITTEE_CHAIR,
    Role.ADMIN,
    what=_("recording conditions as done"),
)
RECORDERS = allow(
    Role.DEPARTMENT_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.ADMIN,
    what=_("recording monitoring data (observations, progress)"),
)
JUDGES = allow(
    Role.DEPARTMENT_OFFICER,
    Role.COMMITTEE_SECRETARY,
    Role.COMMITTEE_CHAIR,
    Role.ADMIN,
    what=_("judging text targets and scoring self-assessments"),
)
