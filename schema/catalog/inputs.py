"""Filter inputs of the catalog lists: narrow, typed, and all by codes (index-backed)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import strawberry

from schema.catalog.enums import (
    DepartmentKind,
    FrameworkKind,
    JurisdictionLevel,
    ResponsibilityRole,
    TaskKind,
    WorkingGroupKind,
)
from service.errors import InvalidArgumentError
from service.i18n import _
from service.text import text_problem

SEARCH_HELP = "Text to find in the Chinese or English name or the code (1 to 100 characters, case-insensitive)."


def checked_search(search: str | None) -> str | None:
    if search is None:
        return None
    text = search.strip()
    problem = text_problem(text, multiline=False)
    if problem is not None:
        raise InvalidArgumentError(_("search text {problem}", problem=problem), ["filter", "search"])
    if not 1 <= len(text) <= 100:
        raise InvalidArgumentError(_("search text must be 1 to 100 characters"), ["filter", "search"])
    return text


def values(items: Sequence[Enum] | None) -> list[str] | None:
    """Stored strings of enum values; None (no filter) for None or an empty list."""
    return [str(item.value) for item in items] if items else None


@strawberry.input(description="Narrows `jurisdictions`.")
class JurisdictionFilter:
    parent: str | None = strawberry.field(
        default=None, description="Code of a jurisdiction: only its sub-jurisdictions."
    )
    levels: list[JurisdictionLevel] | None = strawberry.field(default=None, description="Only these levels.")
    top_level_only: bool = strawberry.field(
        default=False, description="Only jurisdictions without a parent in the catalog."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH_HELP)


@strawberry.input(description="Narrows `departments`.")
class DepartmentFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    portfolio: str | None = strawberry.field(default=None, description="Code of a portfolio the department holds.")
    kinds: list[DepartmentKind] | None = strawberry.field(default=None, description="Only these kinds of unit.")
    search: str | None = strawberry.field(
        default=None, description=SEARCH_HELP + " Former names and short forms count."
    )


@strawberry.input(description="Narrows `indicatorFrameworks`.")
class IndicatorFrameworkFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the owning jurisdiction.")
    kinds: list[FrameworkKind] | None = strawberry.field(default=None, description="Only these kinds.")
    search: str | None = strawberry.field(default=None, description=SEARCH_HELP)


@strawberry.input(description="Narrows `indicators`.")
class IndicatorFilter:
    framework: str | None = strawberry.field(default=None, description="Code of the framework.")
    dimension: str | None = strawberry.field(
        default=None, description="Code of a dimension: indicators under it (and under its second-level headings)."
    )
    jurisdiction: str | None = strawberry.field(
        default=None,
        description="Code of a jurisdiction: indicators with a target or responsible unit there, "
        "or of its own framework.",
    )
    department: str | None = strawberry.field(default=None, description="Code of a department responsible for it.")
    roles: list[ResponsibilityRole] | None = strawberry.field(
        default=None, description="With `department`: only these roles."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH_HELP)


@strawberry.input(description="Narrows `tasks`.")
class TaskFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    plan: str | None = strawberry.field(default=None, description="Code of the plan.")
    working_group: str | None = strawberry.field(default=None, description="Code of the working group.")
    department: str | None = strawberry.field(default=None, description="Code of a department assigned to it.")
    roles: list[ResponsibilityRole] | None = strawberry.field(
        default=None, description="With `department`: only these roles."
    )
    kinds: list[TaskKind] | None = strawberry.field(default=None, description="Only these kinds.")
    year: int | None = strawberry.field(
        default=None, description="Only tasks in force that year (plan period covers it; milestones of that year)."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH_HELP + " The task text counts.")


@strawberry.input(description="Narrows `workingGroups`.")
class WorkingGroupFilter:
    jurisdiction: str | None = strawberry.field(default=None, description="Code of the jurisdiction.")
    plan: str | None = strawberry.field(default=None, description="Code of the plan.")
    department: str | None = strawberry.field(default=None, description="Code of a member department.")
    roles: list[ResponsibilityRole] | None = strawberry.field(
        default=None, description="With `department`: only these roles."
    )
    kinds: list[WorkingGroupKind] | None = strawberry.field(default=None, description="Only these kinds.")
    search: str | None = strawberry.field(default=None, description=SEARCH_HELP)
