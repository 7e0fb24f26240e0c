"""ORM models, one module per domain. Importing this package registers every table on Base.metadata."""

from db.models.catalog import (
    Department,
    DepartmentName,
    DepartmentPortfolio,
    Dimension,
    Indicator,
    IndicatorFramework,
    IndicatorLink,
    Jurisdiction,
    Plan,
    PlanPhase,
    Portfolio,
    Responsibility,
    Target,
    Task,
    TaskIndicator,
    WorkingGroup,
)

__all__ = [
    "Department",
    "DepartmentName",
    "DepartmentPortfolio",
    "Dimension",
    "Indicator",
    "IndicatorFramework",
    "IndicatorLink",
    "Jurisdiction",
    "Plan",
    "PlanPhase",
    "Portfolio",
    "Responsibility",
    "Target",
    "Task",
    "TaskIndicator",
    "WorkingGroup",
]
