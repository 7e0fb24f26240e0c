"""What a department answers for: the indicators it is named for directly, and those moved by tasks it leads or
is responsible for, merged per indicator and jurisdiction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# A department that leads a task, or answers for it, answers for the indicators the task moves.
ROLES_THAT_CARRY_INDICATORS = ("LEAD", "RESPONSIBLE")


@dataclass
class IndicatorDuty:
    indicator_id: int
    jurisdiction_id: int
    roles: list[str] = field(default_factory=list)
    direct: bool = False
    via_task_ids: list[int] = field(default_factory=list)


def tasks_carrying_indicators(responsibilities: Sequence[Any]) -> list[Any]:
    """The task responsibilities through which a department answers for the task's indicators."""
    return [r for r in responsibilities if r.task_id is not None and r.role in ROLES_THAT_CARRY_INDICATORS]


def indicator_duties(
    responsibilities: Sequence[Any], carrying: Sequence[Any], indicator_ids_per_task: Sequence[Sequence[int]]
) -> list[IndicatorDuty]:
    """Merge direct indicator responsibilities with those through `carrying` tasks (in that order)."""
    merged: dict[tuple[int, int], IndicatorDuty] = {}

    def duty(indicator_id: int, jurisdiction_id: int, role: str) -> IndicatorDuty:
        found = merged.setdefault((indicator_id, jurisdiction_id), IndicatorDuty(indicator_id, jurisdiction_id))
        if role not in found.roles:
            found.roles.append(role)
        return found

    for r in responsibilities:
        if r.indicator_id is not None:
            duty(r.indicator_id, r.jurisdiction_id, r.role).direct = True
    for r, indicator_ids in zip(carrying, indicator_ids_per_task, strict=True):
        for indicator_id in indicator_ids:
            found = duty(indicator_id, r.jurisdiction_id, r.role)
            if r.task_id not in found.via_task_ids:
                found.via_task_ids.append(r.task_id)
    return list(merged.values())
