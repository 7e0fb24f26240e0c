"""Documented argument types shared by catalog fields (every argument in the SDL carries a description)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from schema.catalog.enums import DepartmentOrder, Language, SourceOrder

JurisdictionCode = Annotated[str, strawberry.argument(description="Code of a jurisdiction, e.g. `wuzhong`.")]
OptionalJurisdictionCode = Annotated[
    str | None, strawberry.argument(description="Code of a jurisdiction, e.g. `wuzhong`; omit for all.")
]
DepartmentCode = Annotated[
    str, strawberry.argument(description="Code of a department, e.g. `shangzhou.health-bureau`.")
]
PortfolioCode = Annotated[str, strawberry.argument(description="Code of a portfolio, e.g. `ecology-environment`.")]
FrameworkCode = Annotated[str, strawberry.argument(description="Code of an indicator framework.")]
IndicatorCode = Annotated[str, strawberry.argument(description="Code of an indicator, e.g. `CN2018-39`.")]
TaskCode = Annotated[str, strawberry.argument(description="Code of a task, e.g. `shangzhou-2022.T12`.")]
WorkingGroupCode = Annotated[str, strawberry.argument(description="Code of a working group.")]
PlanCode = Annotated[str, strawberry.argument(description="Code of a plan, e.g. `shangzhou-2022`.")]
NameLanguage = Annotated[Language, strawberry.argument(description="Language of the name; Chinese by default.")]
Year = Annotated[int | None, strawberry.argument(description="Keep only tasks in force in this year.")]
DepartmentOrdering = Annotated[DepartmentOrder, strawberry.argument(description="Order of the list.")]
SourceOrdering = Annotated[SourceOrder, strawberry.argument(description="Order of the list.")]


def filter_argument(kind: str) -> object:
    return strawberry.argument(description=f"Narrow the {kind}; omit for all.")
