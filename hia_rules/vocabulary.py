"""Fixed vocabularies of the screening domain: kinds, policy types, vulnerable groups, specialties, grades.

Values are stable identifiers (stored in the database, named in checklists and exposed as GraphQL
enums); add new ones, never rename or reuse one.
"""

from __future__ import annotations

from enum import StrEnum


class ProposalKind(StrEnum):
    POLICY = "POLICY"
    PROJECT = "PROJECT"


class PolicyType(StrEnum):
    REGULATION = "REGULATION"  # 政府规章
    DEVELOPMENT_PLAN = "DEVELOPMENT_PLAN"  # 规划
    NORMATIVE_DOCUMENT = "NORMATIVE_DOCUMENT"  # 行政规范性文件
    PUBLIC_POLICY_MEASURE = "PUBLIC_POLICY_MEASURE"  # 重大公共政策措施 (实施方案, 办法)
    INTERNAL_DOCUMENT = "INTERNAL_DOCUMENT"  # 部门内部文件
    FORWARDED_DOCUMENT = "FORWARDED_DOCUMENT"  # 转发上级文件


class VulnerableGroup(StrEnum):
    CHILDREN = "CHILDREN"
    OLDER_PEOPLE = "OLDER_PEOPLE"
    PREGNANT_WOMEN = "PREGNANT_WOMEN"
    LOW_INCOME = "LOW_INCOME"
    DISABLED_PEOPLE = "DISABLED_PEOPLE"
    OUTDOOR_WORKERS = "OUTDOOR_WORKERS"
    CHRONIC_PATIENTS = "CHRONIC_PATIENTS"
    ETHNIC_MINORITIES = "ETHNIC_MINORITIES"
    MIGRANT_WORKERS = "MIGRANT_WORKERS"


class Specialty(StrEnum):
    ENVIRONMENTAL_HEALTH = "ENVIRONMENTAL_HEALTH"
    DISEASE_CONTROL = "DISEASE_CONTROL"
    OCCUPATIONAL_HEALTH = "OCCUPATIONAL_HEALTH"
    URBAN_PLANNING = "URBAN_PLANNING"
    ROAD_TRAFFIC = "ROAD_TRAFFIC"
    HOUSING_CONSTRUCTION = "HOUSING_CONSTRUCTION"
    SOCIAL_SCIENCE_EQUITY = "SOCIAL_SCIENCE_EQUITY"
    MENTAL_HEALTH = "MENTAL_HEALTH"
    NUTRITION_FOOD_SAFETY = "NUTRITION_FOOD_SAFETY"
    HEALTH_ECONOMICS = "HEALTH_ECONOMICS"
    HEALTH_SERVICES = "HEALTH_SERVICES"
    EMERGENCY_RESPONSE = "EMERGENCY_RESPONSE"


class Effect(StrEnum):
    POSITIVE = "POSITIVE"
    NEGATIVE = "NEGATIVE"
    UNCERTAIN = "UNCERTAIN"


class Severity(StrEnum):
    LOW = "LOW"
    MODERATE = "MODERATE"
    HIGH = "HIGH"


class ImpactDegree(StrEnum):
    """The degree of health impact the national form concludes: 很小 / 轻度 / 重大."""

    MINIMAL = "MINIMAL"
    MILD = "MILD"
    MAJOR = "MAJOR"


DEGREE_ORDER = {ImpactDegree.MINIMAL: 0, ImpactDegree.MILD: 1, ImpactDegree.MAJOR: 2}


class Procedure(StrEnum):
    """What the degree means procedurally."""

    NOT_REQUIRED = "NOT_REQUIRED"  # out of scope
    NO_FURTHER_ASSESSMENT = "NO_FURTHER_ASSESSMENT"  # 很小
    RAPID_ASSESSMENT = "RAPID_ASSESSMENT"  # 轻度
    FULL_ASSESSMENT = "FULL_ASSESSMENT"  # 重大


PROCEDURE_FOR_DEGREE = {
    ImpactDegree.MINIMAL: Procedure.NO_FURTHER_ASSESSMENT,
    ImpactDegree.MILD: Procedure.RAPID_ASSESSMENT,
    ImpactDegree.MAJOR: Procedure.FULL_ASSESSMENT,
}


class Tristate(StrEnum):
    """An answer of the national form and of yes/don't-know/no questions: 是 / 不知道 / 否."""

    YES = "YES"
    UNKNOWN = "UNKNOWN"
    NO = "NO"


class QuestionType(StrEnum):
    YES_NO = "YES_NO"  # 是 / 不知道 / 否
    NUMBER = "NUMBER"
    CHOICE = "CHOICE"
    MULTI_CHOICE = "MULTI_CHOICE"
