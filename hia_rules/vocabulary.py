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


class HealthOutcome(StrEnum):
    """What a finding says may happen to people's health: the end of a pathway (proposal → exposure or
    determinant → outcome → the indicator that measures it, where one does). A fixed list, so findings of
    different rules about the same outcome can be compared and counted."""

    RESPIRATORY_DISEASE = "RESPIRATORY_DISEASE"
    CARDIOVASCULAR_DISEASE = "CARDIOVASCULAR_DISEASE"
    CANCER = "CANCER"
    ROAD_INJURY = "ROAD_INJURY"
    OTHER_INJURY = "OTHER_INJURY"
    POISONING = "POISONING"
    INFECTIOUS_DISEASE = "INFECTIOUS_DISEASE"
    VECTOR_BORNE_DISEASE = "VECTOR_BORNE_DISEASE"
    WATERBORNE_DISEASE = "WATERBORNE_DISEASE"
    FOODBORNE_DISEASE = "FOODBORNE_DISEASE"
    OCCUPATIONAL_DISEASE = "OCCUPATIONAL_DISEASE"
    NOISE_ANNOYANCE_SLEEP = "NOISE_ANNOYANCE_SLEEP"
    HEAT_ILLNESS = "HEAT_ILLNESS"
    ODOUR_NUISANCE = "ODOUR_NUISANCE"
    MENTAL_DISTRESS = "MENTAL_DISTRESS"
    PHYSICAL_ACTIVITY = "PHYSICAL_ACTIVITY"
    TOBACCO_ALCOHOL_HARM = "TOBACCO_ALCOHOL_HARM"
    DIET_AND_NUTRITION = "DIET_AND_NUTRITION"
    ACCESS_TO_CARE = "ACCESS_TO_CARE"
    FINANCIAL_PROTECTION = "FINANCIAL_PROTECTION"
    CHILD_AND_MATERNAL_HEALTH = "CHILD_AND_MATERNAL_HEALTH"
    HEALTHY_AGEING = "HEALTHY_AGEING"
    SOCIAL_COHESION = "SOCIAL_COHESION"
    HEALTH_LITERACY = "HEALTH_LITERACY"
    EMERGENCY_PREPAREDNESS = "EMERGENCY_PREPAREDNESS"


HEALTH_OUTCOME_NAMES: dict[HealthOutcome, tuple[str, str]] = {
    HealthOutcome.RESPIRATORY_DISEASE: ("呼吸系统疾病", "Respiratory disease"),
    HealthOutcome.CARDIOVASCULAR_DISEASE: ("心脑血管疾病（含高血压）", "Cardiovascular disease (incl. hypertension)"),
    HealthOutcome.CANCER: ("恶性肿瘤", "Cancer"),
    HealthOutcome.ROAD_INJURY: ("道路交通伤害", "Road traffic injury"),
    HealthOutcome.OTHER_INJURY: ("其他伤害（跌倒、溺水、坠落等）", "Other injury (falls, drowning and the like)"),
    HealthOutcome.POISONING: ("中毒", "Poisoning"),
    HealthOutcome.INFECTIOUS_DISEASE: ("传染病", "Infectious disease"),
    HealthOutcome.VECTOR_BORNE_DISEASE: ("病媒生物传播疾病", "Vector-borne disease"),
    HealthOutcome.WATERBORNE_DISEASE: ("介水传染病与饮水安全", "Waterborne disease and drinking-water safety"),
    HealthOutcome.FOODBORNE_DISEASE: ("食源性疾病", "Foodborne disease"),
    HealthOutcome.OCCUPATIONAL_DISEASE: ("职业病与工作相关疾病", "Occupational and work-related disease"),
    HealthOutcome.NOISE_ANNOYANCE_SLEEP: ("噪声烦恼与睡眠干扰", "Noise annoyance and sleep disturbance"),
    HealthOutcome.HEAT_ILLNESS: ("高温相关疾病", "Heat-related illness"),
    HealthOutcome.ODOUR_NUISANCE: ("恶臭滋扰", "Odour nuisance"),
    HealthOutcome.MENTAL_DISTRESS: ("心理困扰与精神健康", "Mental distress and mental health"),
    HealthOutcome.PHYSICAL_ACTIVITY: ("身体活动", "Physical activity"),
    HealthOutcome.TOBACCO_ALCOHOL_HARM: ("烟草与酒精危害", "Harm from tobacco and alcohol"),
    HealthOutcome.DIET_AND_NUTRITION: ("膳食与营养", "Diet and nutrition"),
    HealthOutcome.ACCESS_TO_CARE: ("获得卫生健康服务", "Access to health care"),
    HealthOutcome.FINANCIAL_PROTECTION: ("医疗费用负担与保障", "Financial protection against health costs"),
    HealthOutcome.CHILD_AND_MATERNAL_HEALTH: ("妇幼健康", "Maternal and child health"),
    HealthOutcome.HEALTHY_AGEING: ("老年健康", "Healthy ageing"),
    HealthOutcome.SOCIAL_COHESION: ("社会联系与社区凝聚", "Social connection and community cohesion"),
    HealthOutcome.HEALTH_LITERACY: ("健康素养", "Health literacy"),
    HealthOutcome.EMERGENCY_PREPAREDNESS: ("突发公共卫生事件应对", "Public-health emergency preparedness"),
}


class SourceKind(StrEnum):
    LAW = "LAW"
    REGULATION = "REGULATION"
    POLICY = "POLICY"
    NATIONAL_STANDARD = "NATIONAL_STANDARD"
    TECHNICAL_GUIDANCE = "TECHNICAL_GUIDANCE"
    WHO_GUIDELINE = "WHO_GUIDELINE"
    REPORT = "REPORT"


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
