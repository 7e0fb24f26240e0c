"""Bilingual labels (Chinese as the committee writes it, English) of the values the report prints."""

from __future__ import annotations

from typing import Any

Label = tuple[str, str]

STATUS: dict[str, Label] = {
    "DRAFT": ("草稿", "Draft"),
    "SUBMITTED": ("已提交", "Submitted"),
    "SCREENED": ("已筛查", "Screened"),
    "IN_REVIEW": ("评审中", "In review"),
    "REVISION_REQUESTED": ("退回修改", "Revision requested"),
    "APPROVED": ("同意", "Approved"),
    "APPROVED_WITH_CONDITIONS": ("有条件同意", "Approved with conditions"),
    "REJECTED": ("不同意", "Rejected"),
}
KIND: dict[str, Label] = {"POLICY": ("政策", "Policy"), "PROJECT": ("项目", "Project")}
POLICY_TYPE: dict[str, Label] = {
    "REGULATION": ("政府规章", "Regulation"),
    "DEVELOPMENT_PLAN": ("规划", "Development plan"),
    "NORMATIVE_DOCUMENT": ("行政规范性文件", "Normative document"),
    "PUBLIC_POLICY_MEASURE": ("重大公共政策措施", "Public policy measure"),
    "INTERNAL_DOCUMENT": ("内部文件", "Internal document"),
    "FORWARDED_DOCUMENT": ("转发文件", "Forwarded document"),
}
GROUP: dict[str, Label] = {
    "CHILDREN": ("儿童", "Children"),
    "OLDER_PEOPLE": ("老年人", "Older people"),
    "PREGNANT_WOMEN": ("孕产妇", "Pregnant women"),
    "LOW_INCOME": ("低收入人群", "Low-income households"),
    "DISABLED_PEOPLE": ("残疾人", "Disabled people"),
    "OUTDOOR_WORKERS": ("户外劳动者", "Outdoor workers"),
    "CHRONIC_PATIENTS": ("慢性病患者", "People with chronic diseases"),
    "ETHNIC_MINORITIES": ("少数民族", "Ethnic minorities"),
    "MIGRANT_WORKERS": ("流动人口", "Migrant workers"),
}
DEGREE: dict[str, Label] = {"MINIMAL": ("很小", "Minimal"), "MILD": ("轻度", "Mild"), "MAJOR": ("重大", "Major")}
PROCEDURE: dict[str, Label] = {
    "NOT_REQUIRED": ("不需评估", "No health impact assessment"),
    "NO_FURTHER_ASSESSMENT": ("无需进一步评估", "No further assessment"),
    "RAPID_ASSESSMENT": ("快速评估", "Rapid assessment"),
    "FULL_ASSESSMENT": ("全面评估", "Full assessment"),
}
TRISTATE: dict[str, Label] = {"YES": ("是", "Yes"), "UNKNOWN": ("不知道", "Don't know"), "NO": ("否", "No")}
EFFECT: dict[str, Label] = {
    "POSITIVE": ("有利", "Positive"),
    "NEGATIVE": ("不利", "Negative"),
    "UNCERTAIN": ("不确定", "Uncertain"),
}
SEVERITY: dict[str, Label] = {"LOW": ("轻", "Low"), "MODERATE": ("中", "Moderate"), "HIGH": ("重", "High")}
DIRECTION: dict[str, Label] = {
    "HIGHER_IS_BETTER": ("越高越好", "Higher is better"),
    "LOWER_IS_BETTER": ("越低越好", "Lower is better"),
    "NOT_APPLICABLE": ("", ""),
}
TARGET_STATUS: dict[str, Label] = {
    "MET": ("已达标", "Met"),
    "ON_TRACK": ("按期推进", "On track"),
    "AT_RISK": ("有风险", "At risk"),
    "MISSED": ("未达标", "Missed"),
    "NO_DATA": ("无监测数据", "No data"),
}
COMPARATOR = {"GE": "≥", "LE": "≤", "GT": ">", "LT": "<", "EQ": "="}
SPECIALTY: dict[str, Label] = {
    "ENVIRONMENTAL_HEALTH": ("环境卫生", "Environmental health"),
    "DISEASE_CONTROL": ("疾病预防控制", "Disease control"),
    "OCCUPATIONAL_HEALTH": ("职业卫生", "Occupational health"),
    "URBAN_PLANNING": ("城市规划", "Urban planning"),
    "ROAD_TRAFFIC": ("道路交通", "Road traffic"),
    "HOUSING_CONSTRUCTION": ("住房建设", "Housing and construction"),
    "SOCIAL_SCIENCE_EQUITY": ("社会学与公平", "Social science and equity"),
    "MENTAL_HEALTH": ("精神卫生", "Mental health"),
    "NUTRITION_FOOD_SAFETY": ("营养与食品安全", "Nutrition and food safety"),
    "HEALTH_ECONOMICS": ("卫生经济", "Health economics"),
    "HEALTH_SERVICES": ("卫生服务", "Health services"),
    "EMERGENCY_RESPONSE": ("应急管理", "Emergency response"),
}
REQUEST: dict[str, Label] = {
    "PENDING": ("待评审", "Pending"),
    "UNASSIGNED": ("未分配", "Unassigned"),
    "REVIEWED": ("已评审", "Reviewed"),
    "WAIVED": ("已免除", "Waived"),
    "REPLACED": ("已更换", "Replaced"),
}
OPINION: dict[str, Label] = {
    "CONCUR": ("同意", "Concur"),
    "CONCUR_WITH_CONDITIONS": ("有条件同意", "Concur with conditions"),
    "OBJECT": ("不同意", "Object"),
}
DECISION: dict[str, Label] = {
    "APPROVED": ("同意", "Approved"),
    "APPROVED_WITH_CONDITIONS": ("有条件同意", "Approved with conditions"),
    "REVISE_AND_RESUBMIT": ("修改后重新提交", "Revise and resubmit"),
    "REJECTED": ("不同意", "Rejected"),
}
CONDITION: dict[str, Label] = {
    "PROPOSED": ("待结论", "Proposed"),
    "OPEN": ("待落实", "Open"),
    "DONE": ("已落实", "Done"),
    "NOT_ADOPTED": ("未采纳", "Not adopted"),
}


def answer(question: Any, value: Any) -> str:
    """An answer as the form shows it: yes/don't know/no, a number with its unit, the choices' labels."""
    kind = question.type.value
    if kind == "YES_NO":
        zh, en = TRISTATE[value]
        return f"{zh} / {en}"
    if kind == "NUMBER":
        return f"{value:g} {question.unit or ''}".strip()
    by_value: dict[str, str] = {c.value: c.label_zh for c in question.choices}
    if kind == "CHOICE":
        return by_value.get(value, str(value))
    return "、".join(by_value.get(v, str(v)) for v in value)
