"""Enums of the catalog. Values are the strings stored in the database."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Language of a human-readable name: the Chinese source text or its English rendering.")
class Language(Enum):
    ZH = strawberry.enum_value("ZH", description="Chinese, as printed in the source plan (the authoritative text).")
    EN = strawberry.enum_value("EN", description="English rendering.")


@strawberry.enum(description="Administrative level of a jurisdiction.")
class JurisdictionLevel(Enum):
    CITY = strawberry.enum_value("CITY", description="A prefecture-level city (市).")
    DISTRICT = strawberry.enum_value("DISTRICT", description="A district (区).")
    COUNTY = strawberry.enum_value("COUNTY", description="A county (县).")
    TOWN = strawberry.enum_value("TOWN", description="A town (镇).")
    STREET = strawberry.enum_value("STREET", description="A street / subdistrict (街道).")
    DEVELOPMENT_ZONE = strawberry.enum_value(
        "DEVELOPMENT_ZONE",
        description="A development or high-tech zone with its own management committee (开发区/高新区).",
    )


@strawberry.enum(description="What kind of body a department (unit, 单位) is.")
class DepartmentKind(Enum):
    DEPARTMENT = strawberry.enum_value("DEPARTMENT", description="A government department or bureau (局/委/办).")
    PARTY_ORGAN = strawberry.enum_value("PARTY_ORGAN", description="A Party organ (宣传部, 文明办, 机关工委 ...).")
    PEOPLES_ORGANIZATION = strawberry.enum_value(
        "PEOPLES_ORGANIZATION", description="A people's organisation (总工会, 妇联, 团委, 残联, 红十字会 ...)."
    )
    PUBLIC_INSTITUTION = strawberry.enum_value(
        "PUBLIC_INSTITUTION", description="A public institution (疾控中心, hospitals, media centres ...)."
    )
    LOCAL_GOVERNMENT = strawberry.enum_value(
        "LOCAL_GOVERNMENT", description="The government of a sub-jurisdiction (a district, county, town or street)."
    )
    COLLECTIVE = strawberry.enum_value(
        "COLLECTIVE",
        description="A collective reference such as 各镇（街道） or 各部门: all units of that kind together.",
    )
    OTHER = strawberry.enum_value("OTHER", description="Any other unit (a coordination office, a company ...).")


@strawberry.enum(description="A department's role on a task, indicator or working group.")
class ResponsibilityRole(Enum):
    LEAD = strawberry.enum_value("LEAD", description="Lead unit (牵头单位).")
    COOPERATING = strawberry.enum_value(
        "COOPERATING", description="Co-operating or participating unit (配合/参加单位)."
    )
    RESPONSIBLE = strawberry.enum_value("RESPONSIBLE", description="Responsible unit (责任单位) that answers for it.")


@strawberry.enum(description="Kind of indicator framework.")
class FrameworkKind(Enum):
    INDICATOR_SYSTEM = strawberry.enum_value("INDICATOR_SYSTEM", description="A system of measured indicators.")
    SCORED_LIST = strawberry.enum_value(
        "SCORED_LIST", description="A scored checklist (评分标准) whose items carry points adding up to a total."
    )


@strawberry.enum(description="Which way an indicator should move for health to improve.")
class Direction(Enum):
    HIGHER_IS_BETTER = strawberry.enum_value("HIGHER_IS_BETTER", description="A higher value is better.")
    LOWER_IS_BETTER = strawberry.enum_value("LOWER_IS_BETTER", description="A lower value is better (↓).")
    NOT_APPLICABLE = strawberry.enum_value(
        "NOT_APPLICABLE", description="Not a quantity (a practice or requirement that is met or not)."
    )


@strawberry.enum(description="Kind of working body of a plan.")
class WorkingGroupKind(Enum):
    WORKING_GROUP = strawberry.enum_value("WORKING_GROUP", description="A professional working group (专业工作组).")
    COMMAND_HEADQUARTERS = strawberry.enum_value(
        "COMMAND_HEADQUARTERS", description="A special command headquarters (专项工作指挥部)."
    )
    LEADING_GROUP = strawberry.enum_value("LEADING_GROUP", description="A leading group (领导小组).")
    COMMITTEE = strawberry.enum_value("COMMITTEE", description="A committee (委员会).")


@strawberry.enum(description="Kind of plan item.")
class TaskKind(Enum):
    KEY_AREA = strawberry.enum_value("KEY_AREA", description="A key area or heading grouping tasks (重点领域).")
    TASK = strawberry.enum_value("TASK", description="A numbered task (工作任务).")
    MAIN_TASK = strawberry.enum_value(
        "MAIN_TASK", description="The main tasks of a command headquarters (主要工作任务)."
    )
    MILESTONE = strawberry.enum_value("MILESTONE", description="A yearly milestone (年度进度计划) with its year.")


@strawberry.enum(description="How a target compares a measured value with its threshold.")
class Comparator(Enum):
    GE = strawberry.enum_value("GE", description="At least (≥, 达到, 以上, 不低于).")
    LE = strawberry.enum_value("LE", description="At most (≤, 以下, 控制在, 不高于).")
    GT = strawberry.enum_value("GT", description="More than (>).")
    LT = strawberry.enum_value("LT", description="Less than (<).")
    EQ = strawberry.enum_value("EQ", description="Exactly (=).")


@strawberry.enum(description="Whether a target is binding on the government or an expectation.")
class TargetAttribute(Enum):
    EXPECTED = strawberry.enum_value("EXPECTED", description="Expected (预期性).")
    BINDING = strawberry.enum_value("BINDING", description="Binding (约束性).")


@strawberry.enum(description="Order of departments.")
class DepartmentOrder(Enum):
    CODE = strawberry.enum_value("CODE", description="By code.")
    NAME = strawberry.enum_value("NAME", description="By Chinese name.")


@strawberry.enum(description="Order of indicators and tasks.")
class SourceOrder(Enum):
    SOURCE = strawberry.enum_value("SOURCE", description="In the order the source plan prints them.")
    CODE = strawberry.enum_value("CODE", description="By code.")
