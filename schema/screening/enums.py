"""Enums of screening, mirroring hia_rules' vocabularies (values are the stored strings)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Whether a proposal is a policy or a (government-invested) project.")
class ProposalKind(Enum):
    POLICY = strawberry.enum_value("POLICY", description="A policy document (政策).")
    PROJECT = strawberry.enum_value("PROJECT", description="A government-invested engineering project (项目).")


@strawberry.enum(
    description="Where a proposal stands in its life (one state machine: `Proposal.availableActions` lists what "
    "the current state allows)."
)
class ProposalStatus(Enum):
    DRAFT = strawberry.enum_value("DRAFT", description="Being drafted by its department; editable.")
    SUBMITTED = strawberry.enum_value(
        "SUBMITTED",
        description="Submitted, screening in progress.",
        deprecation_reason="Submission screens at once: no proposal rests in this state.",
    )
    SCREENED = strawberry.enum_value(
        "SCREENED",
        description="Screened, no review required (out of scope or minimal impact); the chair may conclude it, "
        "or the secretary ask for reviews.",
    )
    IN_REVIEW = strawberry.enum_value(
        "IN_REVIEW", description="Review requests are open (评审中); the chair concludes once all are in or waived."
    )
    REVISION_REQUESTED = strawberry.enum_value(
        "REVISION_REQUESTED",
        description="The committee asked for revision (修改后重新提交): the department edits and submits again.",
    )
    APPROVED = strawberry.enum_value("APPROVED", description="Concluded: approved (同意). Final.")
    APPROVED_WITH_CONDITIONS = strawberry.enum_value(
        "APPROVED_WITH_CONDITIONS",
        description="Concluded: approved with conditions (有条件同意); the conditions are followed up. Final.",
    )
    REJECTED = strawberry.enum_value("REJECTED", description="Concluded: rejected (不同意). Final.")


@strawberry.enum(description="Kind of policy document; decides whether a policy is in scope.")
class PolicyType(Enum):
    REGULATION = strawberry.enum_value("REGULATION", description="Government regulation (政府规章).")
    DEVELOPMENT_PLAN = strawberry.enum_value("DEVELOPMENT_PLAN", description="Development plan (规划).")
    NORMATIVE_DOCUMENT = strawberry.enum_value(
        "NORMATIVE_DOCUMENT", description="Administrative normative document (行政规范性文件)."
    )
    PUBLIC_POLICY_MEASURE = strawberry.enum_value(
        "PUBLIC_POLICY_MEASURE", description="Major public policy measure (重大公共政策措施, 实施方案, 办法)."
    )
    INTERNAL_DOCUMENT = strawberry.enum_value(
        "INTERNAL_DOCUMENT", description="A department's internal document (内部文件); out of scope."
    )
    FORWARDED_DOCUMENT = strawberry.enum_value(
        "FORWARDED_DOCUMENT", description="Forwarding of a higher authority's document (转发文件); out of scope."
    )


@strawberry.enum(description="Groups more exposed or less able to cope (脆弱人群).")
class VulnerableGroup(Enum):
    CHILDREN = strawberry.enum_value("CHILDREN", description="Children (儿童).")
    OLDER_PEOPLE = strawberry.enum_value("OLDER_PEOPLE", description="Older people (老年人).")
    PREGNANT_WOMEN = strawberry.enum_value("PREGNANT_WOMEN", description="Pregnant women (孕产妇).")
    LOW_INCOME = strawberry.enum_value("LOW_INCOME", description="Low-income households (低收入人群).")
    DISABLED_PEOPLE = strawberry.enum_value("DISABLED_PEOPLE", description="Disabled people (残疾人).")
    OUTDOOR_WORKERS = strawberry.enum_value("OUTDOOR_WORKERS", description="Outdoor workers (户外劳动者).")
    CHRONIC_PATIENTS = strawberry.enum_value(
        "CHRONIC_PATIENTS", description="People with chronic diseases (慢性病患者)."
    )
    ETHNIC_MINORITIES = strawberry.enum_value("ETHNIC_MINORITIES", description="Ethnic minorities (少数民族).")
    MIGRANT_WORKERS = strawberry.enum_value("MIGRANT_WORKERS", description="Migrant workers (流动人口/农民工).")


@strawberry.enum(description="Expert specialties a review may require.")
class Specialty(Enum):
    ENVIRONMENTAL_HEALTH = strawberry.enum_value("ENVIRONMENTAL_HEALTH", description="Environmental health (环境卫生).")
    DISEASE_CONTROL = strawberry.enum_value("DISEASE_CONTROL", description="Disease control (疾病预防控制).")
    OCCUPATIONAL_HEALTH = strawberry.enum_value("OCCUPATIONAL_HEALTH", description="Occupational health (职业卫生).")
    URBAN_PLANNING = strawberry.enum_value("URBAN_PLANNING", description="Urban planning and design (城市规划).")
    ROAD_TRAFFIC = strawberry.enum_value("ROAD_TRAFFIC", description="Road traffic and safety (道路交通).")
    HOUSING_CONSTRUCTION = strawberry.enum_value(
        "HOUSING_CONSTRUCTION", description="Housing and construction (住房建设)."
    )
    SOCIAL_SCIENCE_EQUITY = strawberry.enum_value(
        "SOCIAL_SCIENCE_EQUITY", description="Social science and equity (社会学与公平)."
    )
    MENTAL_HEALTH = strawberry.enum_value("MENTAL_HEALTH", description="Mental health (精神卫生).")
    NUTRITION_FOOD_SAFETY = strawberry.enum_value(
        "NUTRITION_FOOD_SAFETY", description="Nutrition and food safety (营养与食品安全)."
    )
    HEALTH_ECONOMICS = strawberry.enum_value("HEALTH_ECONOMICS", description="Health economics (卫生经济).")
    HEALTH_SERVICES = strawberry.enum_value("HEALTH_SERVICES", description="Health services management (卫生服务).")
    EMERGENCY_RESPONSE = strawberry.enum_value("EMERGENCY_RESPONSE", description="Emergency response (应急管理).")


@strawberry.enum(description="Direction of a proposal's effect on health through an indicator.")
class Effect(Enum):
    POSITIVE = strawberry.enum_value("POSITIVE", description="Good for health.")
    NEGATIVE = strawberry.enum_value("NEGATIVE", description="Bad for health.")
    UNCERTAIN = strawberry.enum_value("UNCERTAIN", description="Could go either way; needs assessment.")


@strawberry.enum(description="How strong a finding is.")
class Severity(Enum):
    LOW = strawberry.enum_value("LOW", description="Low.")
    MODERATE = strawberry.enum_value("MODERATE", description="Moderate.")
    HIGH = strawberry.enum_value("HIGH", description="High.")


@strawberry.enum(description="Degree of health impact the screening concludes (健康影响程度).")
class ImpactDegree(Enum):
    MINIMAL = strawberry.enum_value("MINIMAL", description="很小: no further assessment.")
    MILD = strawberry.enum_value("MILD", description="轻度: a rapid assessment.")
    MAJOR = strawberry.enum_value("MAJOR", description="重大: a full assessment.")


@strawberry.enum(description="What the screening means procedurally.")
class Procedure(Enum):
    NOT_REQUIRED = strawberry.enum_value("NOT_REQUIRED", description="Out of scope: no health impact assessment.")
    NO_FURTHER_ASSESSMENT = strawberry.enum_value("NO_FURTHER_ASSESSMENT", description="Minimal impact: none needed.")
    RAPID_ASSESSMENT = strawberry.enum_value("RAPID_ASSESSMENT", description="Mild impact: a rapid assessment.")
    FULL_ASSESSMENT = strawberry.enum_value("FULL_ASSESSMENT", description="Major impact: a full assessment.")


@strawberry.enum(description="An answer of yes / don't know / no (是 / 不知道 / 否).")
class Tristate(Enum):
    YES = strawberry.enum_value("YES", description="Yes (是).")
    UNKNOWN = strawberry.enum_value("UNKNOWN", description="Don't know (不知道): more information is needed.")
    NO = strawberry.enum_value("NO", description="No (否).")


@strawberry.enum(description="How a checklist question is answered.")
class QuestionType(Enum):
    YES_NO = strawberry.enum_value("YES_NO", description="Yes, don't know or no: answer with `yesNo`.")
    NUMBER = strawberry.enum_value("NUMBER", description="A number: answer with `number`.")
    CHOICE = strawberry.enum_value("CHOICE", description="One of the choices: answer with `choice`.")
    MULTI_CHOICE = strawberry.enum_value("MULTI_CHOICE", description="Any of the choices: answer with `choices`.")


@strawberry.enum(description="State of a screening replay.")
class ReplayStatus(Enum):
    RUNNING = strawberry.enum_value("RUNNING", description="Still evaluating; see `processed` of `total`.")
    DONE = strawberry.enum_value("DONE", description="Finished.")
    FAILED = strawberry.enum_value("FAILED", description="Stopped by an error; see `error`.")


@strawberry.enum(description="Why a requirement names a department.")
class ReviewerReasonKind(Enum):
    PORTFOLIO = strawberry.enum_value("PORTFOLIO", description="It holds a required portfolio (function).")
    INDICATOR = strawberry.enum_value("INDICATOR", description="It answers for an affected indicator.")
    PLACE = strawberry.enum_value("PLACE", description="It governs a town or street the proposal touches.")
