"""Who may record monitoring data, decided per indicator (or task, or item) and jurisdiction.

- An ADMIN: everything.
- The COMMITTEE_SECRETARY of a jurisdiction: its jurisdiction and those below it (towns, streets, districts).
- A DEPARTMENT_OFFICER: the indicators its department answers for in that jurisdiction, directly (责任单位) or
  through tasks it leads or is responsible for (`service/catalog/obligations.py`), and the tasks it leads or
  is responsible for.
- Self-assessment scores also: the COMMITTEE_CHAIR of the jurisdiction (and below); an officer scores the items
  its department is named for.

Anyone else is refused (the GraphQL layer refuses other roles before any of this runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories import monitoring as repo
from service.auth.principal import Principal, Role
from service.catalog import obligations
from service.i18n import _


@dataclass
class Rights:
    principal: Principal
    # (indicator id, jurisdiction id) the officer's department answers for
    indicators: set[tuple[int, int]] = field(default_factory=set)
    # indicators it is named for directly (scored-list items)
    direct_indicators: set[tuple[int, int]] = field(default_factory=set)
    tasks: set[int] = field(default_factory=set)

    def _committee_over(self, chain: list[int], *roles: Role) -> bool:
        return self.principal.has(*roles) and self.principal.jurisdiction_id in chain

    def observation(self, indicator_id: int, chain: list[int]) -> str | None:
        """None when the principal may record this indicator in the jurisdiction `chain[0]`, else why not."""
        if self.principal.has(Role.ADMIN) or self._committee_over(chain, Role.COMMITTEE_SECRETARY):
            return None
        if self.principal.has(Role.DEPARTMENT_OFFICER) and (indicator_id, chain[0]) in self.indicators:
            return None
        return _("{who} does not answer for this indicator in this jurisdiction", who=self.principal.describe())

    def task(self, task_id: int, chain: list[int]) -> str | None:
        if self.principal.has(Role.ADMIN) or self._committee_over(chain, Role.COMMITTEE_SECRETARY):
            return None
        if self.principal.has(Role.DEPARTMENT_OFFICER) and task_id in self.tasks:
            return None
        return _("{who} does not lead or answer for this task", who=self.principal.describe())

    def score(self, indicator_id: int, chain: list[int]) -> str | None:
        if self.principal.has(Role.ADMIN):
            return None
        if self._committee_over(chain, Role.COMMITTEE_SECRETARY, Role.COMMITTEE_CHAIR):
            return None
        if self.principal.has(Role.DEPARTMENT_OFFICER) and (indicator_id, chain[0]) in self.direct_indicators:
            return None
        return _(
            "{who} may not score this item: its responsible departments and the committee may",
            who=self.principal.describe(),
        )


async def of(session: AsyncSession, principal: Principal) -> Rights:
    rights = Rights(principal)
    if not principal.has(Role.DEPARTMENT_OFFICER) or principal.department_id is None:
        return rights
    responsibilities = await repo.responsibilities_of_department(session, principal.department_id)
    carrying = obligations.tasks_carrying_indicators(responsibilities)
    per_task = await repo.indicators_of_tasks(session, [r.task_id for r in carrying])
    duties = obligations.indicator_duties(responsibilities, carrying, [per_task.get(r.task_id, []) for r in carrying])
    rights.indicators = {(d.indicator_id, d.jurisdiction_id) for d in duties}
    rights.direct_indicators = {(d.indicator_id, d.jurisdiction_id) for d in duties if d.direct}
    rights.tasks = {r.task_id for r in carrying}
    return rights
