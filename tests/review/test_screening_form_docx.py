"""The screening form as Word renders it: each test reads the .docx back with python-docx and checks what a
committee secretary relies on when filing it. Pure: no database, no app."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from service.review.screening_form_docx import render
from service.review.screening_form_model import FormQuestion, FormSigner, ScreeningForm

TICKED, UNTICKED = "\u2611", "\u2610"
ANSWER_COLUMN = {"YES": 2, "UNKNOWN": 3, "NO": 4}
QUESTION_HEADER = ["序号", "问题", "是", "不知道", "否", "备注"]
SIGNER_HEADER = ["角色", "姓名", "职称", "工作单位", "签名"]

# Mixed answers, notes on some questions only.
ANSWERS = ["YES", "NO", "UNKNOWN", "NO", "YES", "NO", "UNKNOWN", "NO", "NO", "YES"]
NOTES: dict[int, str] = {1: "委员会改为“是”：工地聚集外来务工人员", 3: "是2 不知道1 否0"}

SIGNERS = (
    FormSigner(name_zh="王建国", title_zh="主任医师", affiliation_zh="吴中区疾病预防控制中心", role_zh="主任委员"),
    FormSigner(name_zh="李秀英", title_zh="副教授", affiliation_zh="苏州大学公共卫生学院", role_zh="专家"),
    FormSigner(name_zh="张伟", title_zh=None, affiliation_zh=None, role_zh="秘书"),
)


def make_form(**changes: Any) -> ScreeningForm:
    questions = tuple(
        FormQuestion(number=n, text_zh=f"第{n}个问题：是否可能影响健康？", answer=answer, note_zh=NOTES.get(n))
        for n, answer in enumerate(ANSWERS, start=1)
    )
    form = ScreeningForm(
        title="吴中区城南老旧小区改造项目",
        kind_zh="项目",
        sponsor_zh="吴中区住房和城乡建设局",
        assessor_zh="吴中区健康影响评价专家委员会",
        form_date=dt.date(2026, 12, 7),
        code="WZ-2026-0007",
        questions=questions,
        degree="MILD",
        procedure_zh="快速评估",
        settled=True,
        signers=SIGNERS,
        reference="吴健评〔2026〕7号",
    )
    return dataclasses.replace(form, **changes)


def read(form: ScreeningForm) -> Document:
    return docx.Document(io.BytesIO(render(form)))


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_headed(document: Document, header: list[str]) -> list[list[str]]:
    matches = [texts(table) for table in document.tables if texts(table)[0] == header]
    assert len(matches) == 1, f"expected one table headed {header}"
    return matches[0]


def paragraphs(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def test_title_reference_and_header_values() -> None:
    document = read(make_form())
    assert paragraphs(document)[:2] == ["健康影响评估初筛表", "吴健评〔2026〕7号"]
    title, reference = document.paragraphs[0].runs[0], document.paragraphs[1].runs[0]
    assert title.bold
    assert title.font.size is not None
    assert reference.font.size is not None
    assert title.font.size > reference.font.size
    header = {row[0]: row[1] for row in texts(document.tables[0])}
    assert header == {
        "项目/政策名称": "吴中区城南老旧小区改造项目",
        "类别": "项目",
        "责任主体": "吴中区住房和城乡建设局",
        "评估机构": "吴中区健康影响评价专家委员会",
        "日期": "2026年12月07日",
        "编号": "WZ-2026-0007",
    }


def test_without_reference_nothing_is_printed_under_the_title() -> None:
    document = read(make_form(reference=None))
    assert "吴健评〔2026〕7号" not in "\n".join(paragraphs(document))


def test_each_question_has_one_tick_in_its_answer_column_and_its_note() -> None:
    rows = table_headed(read(make_form()), QUESTION_HEADER)[1:]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 11)]
    for row, answer in zip(rows, ANSWERS, strict=True):
        marks = row[2:5]
        assert marks.count(TICKED) == 1, row
        assert marks.count(UNTICKED) == 2, row
        assert row[ANSWER_COLUMN[answer]] == TICKED, row
        assert row[5] == NOTES.get(int(row[0]), "")
    assert rows[0][1] == "第1个问题：是否可能影响健康？"


def test_questions_are_printed_in_number_order_whatever_order_they_come_in() -> None:
    form = make_form()
    rows = table_headed(read(dataclasses.replace(form, questions=form.questions[::-1])), QUESTION_HEADER)[1:]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 11)]
    assert rows[1][ANSWER_COLUMN["NO"]] == TICKED


@pytest.mark.parametrize(("degree", "label"), [("MINIMAL", "很小"), ("MILD", "轻度"), ("MAJOR", "重大")])
def test_degree_line_ticks_exactly_the_degree_and_names_the_procedure(degree: str, label: str) -> None:
    lines = paragraphs(read(make_form(degree=degree, procedure_zh="全面评估")))
    [line] = [text for text in lines if text.startswith("健康影响程度：")]
    assert line.count(TICKED) == 1
    assert line.count(UNTICKED) == 2
    assert f"{TICKED} {label}" in line
    for other in {"很小", "轻度", "重大"} - {label}:
        assert f"{UNTICKED} {other}" in line
    assert "后续程序：全面评估" in lines


def test_signature_table_names_signers_and_leaves_signatures_blank() -> None:
    document = read(make_form())
    rows = table_headed(document, SIGNER_HEADER)[1:]
    assert rows == [
        ["主任委员", "王建国", "主任医师", "吴中区疾病预防控制中心", ""],
        ["专家", "李秀英", "副教授", "苏州大学公共卫生学院", ""],
        ["秘书", "张伟", "", "", ""],
    ]
    [table] = [table for table in document.tables if texts(table)[0] == SIGNER_HEADER]
    for row in table.rows[1:]:
        assert row.height is not None
        assert row.height >= Mm(10)  # room for the handwriting


def test_no_signers_still_prints_two_blank_rows() -> None:
    rows = table_headed(read(make_form(signers=())), SIGNER_HEADER)[1:]
    assert rows == [[""] * 5, [""] * 5]


def test_seal_place_at_the_bottom_right() -> None:
    document = read(make_form())
    assert [paragraph.text for paragraph in document.paragraphs[-2:]] == ["评估机构（盖章）", "年　　月　　日"]
    assert all(paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT for paragraph in document.paragraphs[-2:])


def test_unsettled_form_says_it_is_not_confirmed_and_settled_does_not() -> None:
    unsettled = "\n".join(paragraphs(read(make_form(settled=False))))
    settled = "\n".join(paragraphs(read(make_form(settled=True))))
    assert "（系统初筛结果，尚未经专家委员会确认）" in unsettled
    assert "尚未经专家委员会确认" not in settled


def test_every_run_with_text_sets_the_east_asian_font() -> None:
    document = read(make_form(settled=False))
    parts = [document.element.body, document.sections[0].footer.part.element]
    runs = [run for part in parts for run in part.iter(qn("w:r"))]
    with_text = [run for run in runs if "".join(t.text or "" for t in run.iter(qn("w:t")))]
    assert len(with_text) > 50
    for run in with_text:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None, run.xml
        assert fonts.get(qn("w:eastAsia")) in {"宋体", "黑体"}, run.xml
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia")), run.xml
    title_fonts = document.paragraphs[0].runs[0].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert title_fonts is not None
    assert title_fonts.get(qn("w:eastAsia")) == "黑体"
    normal_fonts = document.styles["Normal"].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert normal_fonts is not None
    assert normal_fonts.get(qn("w:eastAsia")) == "宋体"


def test_a4_page_and_footer_with_code_and_page_field() -> None:
    document = read(make_form())
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    footer_xml = section.footer.part.element
    instructions = [element.text for element in footer_xml.iter(qn("w:instrText"))]
    simple = [element.get(qn("w:instr")) for element in footer_xml.iter(qn("w:fldSimple"))]
    assert any(instruction.strip() == "PAGE" for instruction in instructions + simple if instruction)
    assert footer.text.startswith("WZ-2026-0007 · 第 ")
    assert footer.text.endswith(" 页")


def test_tables_have_visible_borders() -> None:
    document = read(make_form())
    assert len(document.tables) == 3
    assert all(table.style is not None and table.style.name == "Table Grid" for table in document.tables)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"questions": make_form().questions[:9]}, "ten questions"),
        ({"questions": (*make_form().questions[:9], FormQuestion(9, "重复的问题？", "NO"))}, "ten questions"),
        (
            {"questions": (*make_form().questions[:9], FormQuestion(10, "第10个问题？", "MAYBE"))},
            "question 10: answer 'MAYBE'",
        ),
        ({"degree": "HUGE"}, "degree 'HUGE'"),
    ],
)
def test_bad_input_raises_value_error_naming_the_problem(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render(make_form(**changes))
