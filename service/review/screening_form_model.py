"""The national preliminary screening form (健康影响评估初筛表) as data: what a committee files for each policy or
project it screens (a header naming the proposal, the ten questions each answered 是 / 不知道 / 否, the degree and
the procedure it leads to, the signers). service/review/screening_form.py fills it from the database and
service/review/screening_form_docx.py prints it; apart from the printing so that a service that prints none
starts without python-docx.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ANSWERS = ("YES", "UNKNOWN", "NO")
DEGREES = ("MINIMAL", "MILD", "MAJOR")

TICKED = "\u2611"  # ☑
UNTICKED = "\u2610"  # ☐
UNSETTLED_NOTICE = "（系统初筛结果，尚未经专家委员会确认）"


@dataclass(frozen=True)
class FormQuestion:
    number: int  # 1..10
    text_zh: str  # e.g. "是否可能导致传染病发生或流行？"
    answer: str  # "YES" | "UNKNOWN" | "NO"  (printed 是 / 不知道 / 否)
    # Optional short remark: the committee's reason for changing the engine's answer, or the panel's
    # distribution ("是2 不知道1 否0").
    note_zh: str | None = None


@dataclass(frozen=True)
class FormSigner:
    name_zh: str  # real name, e.g. "王建国"
    title_zh: str | None  # professional title, e.g. "主任医师"
    affiliation_zh: str | None  # e.g. "吴中区疾病预防控制中心"
    role_zh: str  # "主任委员" / "专家" / "秘书" etc.


@dataclass(frozen=True)
class ScreeningForm:
    title: str  # 项目/政策名称
    kind_zh: str  # "政策" or "项目"
    sponsor_zh: str  # 责任主体
    assessor_zh: str  # 评估机构, the committee's name
    form_date: dt.date  # 日期
    code: str  # the proposal's code, printed small as 编号
    questions: tuple[FormQuestion, ...]  # exactly the ten, numbers 1..10
    degree: str  # "MINIMAL" | "MILD" | "MAJOR"
    procedure_zh: str  # the procedure the degree leads to, e.g. "快速评估"
    settled: bool  # False: the engine's preliminary answers, not yet confirmed by the committee
    signers: tuple[FormSigner, ...]
    reference: str | None = None  # a 文号, e.g. "吴健评〔2026〕7号", printed under the title


def validate(form: ScreeningForm) -> None:
    """Raise ValueError naming the first thing that would make the form wrong or incomplete."""
    numbers = sorted(question.number for question in form.questions)
    if numbers != list(range(1, 11)):
        raise ValueError(f"the form needs exactly ten questions numbered 1..10, got numbers {numbers}")
    for question in form.questions:
        if question.answer not in ANSWERS:
            raise ValueError(f"question {question.number}: answer {question.answer!r} is not one of {ANSWERS}")
    if form.degree not in DEGREES:
        raise ValueError(f"degree {form.degree!r} is not one of {DEGREES}")


def date_zh(day: dt.date) -> str:
    """The form's date, e.g. 2026年12月07日."""
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def tick(chosen: bool) -> str:
    return TICKED if chosen else UNTICKED
