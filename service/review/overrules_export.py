"""What committees overrule, as a workbook for checklist maintainers: every overrule with its reason, then the
counts per national question and per rule held responsible (see service.review.overrules)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from service.monitoring.export_sheets import Column, exported_on, titled_sheet
from service.monitoring.workbooks import bytes_of
from service.review import labels
from service.review.overrules import DEGREE, OverruleReport, Tally
from service.review.settings import LOCAL_TIME

DETAIL_COLUMNS = [
    Column("认定日期"),
    Column("项目/政策编号"),
    Column("名称", wrap=True),
    Column("辖区"),
    Column("检查表版本"),
    Column("问题"),
    Column("系统初筛"),
    Column("委员会认定"),
    Column("方向"),
    Column("理由", wrap=True),
    Column("相关规则", wrap=True),
]
TALLY_COLUMNS = [Column("对象"), Column("改判次数"), Column("调高"), Column("调低")]


def _label(value: str, question: int | None) -> str:
    return (labels.DEGREE if question is None else labels.TRISTATE)[value][0]


def _subject(tally: Tally) -> str:
    if tally.subject == DEGREE:
        return "影响程度"
    return f"第{tally.subject}题" if tally.subject.isdigit() else tally.subject


def workbook(report: OverruleReport, scope_text: str, today: dt.date) -> bytes:
    book = Workbook()
    source = f"来源：本系统专家委员会认定的初筛表（{report.forms}份，{scope_text}）；导出日期：{exported_on(today)}"
    rows = [
        [
            o.settled_at.astimezone(LOCAL_TIME).date(),
            o.proposal_code,
            o.proposal_title,
            o.jurisdiction_code,
            o.checklist,
            "影响程度" if o.number is None else f"第{o.number}题",
            _label(o.engine, o.number),
            _label(o.final, o.number),
            "调高" if o.raised else "调低",
            o.reason,
            "、".join(o.rule_ids) or "（无规则：检查表未提示）",
        ]
        for o in report.overrules
    ]
    titled_sheet(
        book,
        "改判明细",
        "专家委员会对系统初筛的改判",
        source,
        DETAIL_COLUMNS,
        rows,
        first=True,
        note=None if rows else "所选范围内没有专家委员会改判系统初筛结果。",
    )
    for name, title, tallies in (
        ("按问题", "改判次数 — 按初筛表问题与影响程度", report.by_question()),
        ("按规则", "改判次数 — 按相关规则", report.by_rule()),
    ):
        titled_sheet(
            book,
            name,
            title,
            source,
            TALLY_COLUMNS,
            [[_subject(t), t.overruled, t.raised, t.lowered] for t in tallies],
        )
    return bytes_of(book)


__all__ = ["workbook"]
