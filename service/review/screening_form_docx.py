"""The national preliminary screening form (健康影响评估初筛表) as a Word document.

The form is what a committee files for each policy or project it screens: a header naming the proposal, the ten
screening questions each ticked 是 / 不知道 / 否, the degree of health impact they add up to and the procedure it
leads to, the experts' signatures and the assessing body's seal. `render` turns a `ScreeningForm` into the bytes of
a .docx; it reads no database and writes no file, so callers decide where the document goes.

An unsettled form (the engine's preliminary answers, not yet confirmed by the committee) says so under the title,
so that a printed copy cannot be mistaken for the committee's.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from service.review import labels
from service.review.screening_form_model import (
    ANSWERS,
    DEGREES,
    UNSETTLED_NOTICE,
    FormSigner,
    ScreeningForm,
    date_zh,
    tick,
    validate,
)

BODY_FONT = "宋体"  # SimSun
TITLE_FONT = "黑体"  # SimHei
BODY_SIZE = Pt(10.5)  # 五号, the usual size of a filled-in form
SMALL_SIZE = Pt(9)  # 小五
TITLE_SIZE = Pt(18)  # 小二

# A4 with 25 mm side margins leaves 160 mm of text width; the column widths below add up to it.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
SIDE_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = Mm(25), Mm(25), Mm(20)
HEADER_WIDTHS = (Mm(35), Mm(125))
QUESTION_WIDTHS = (Mm(12), Mm(72), Mm(12), Mm(16), Mm(12), Mm(36))
SIGNER_WIDTHS = (Mm(22), Mm(25), Mm(25), Mm(53), Mm(35))
SIGNATURE_ROW_HEIGHT = Mm(12)  # room for a handwritten signature


def set_font(font: Font, name: str) -> None:
    """Give `font` the typeface `name` for both Latin and Chinese text.

    `Font.name` writes only w:ascii and w:hAnsi; Word and WPS pick the typeface of Chinese characters from
    w:eastAsia, and without it they fall back to whatever the theme says (often a Japanese or Latin font),
    so a form written with `Font.name` alone prints its Chinese in the wrong face.
    """
    font.name = name
    # font.element is the run's w:r (or the style's w:style); python-docx has no API for w:eastAsia.
    font.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    font: str = BODY_FONT,
    size: Length = BODY_SIZE,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Run:
    run = paragraph.add_run(text)
    set_font(run.font, font)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def add_paragraph(
    document: Document,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    font: str = BODY_FONT,
    size: Length = BODY_SIZE,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if text:
        add_run(paragraph, text, font=font, size=size, bold=bold, color=color)
    return paragraph


def write_cell(
    cell: _Cell,
    text: str | None,
    *,
    bold: bool = False,
    size: Length = BODY_SIZE,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
) -> None:
    """Fill a cell through our own run: `cell.text = ...` would add a run without the fonts set."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    if text:
        add_run(paragraph, text, size=size, bold=bold)


def add_table(document: Document, rows: int, widths: tuple[Length, ...], row_height: Length = Mm(7)) -> Table:
    # Document.add_table has no return annotation in python-docx 1.2; it returns a Table.
    table: Table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"  # the built-in style with visible borders on every cell
    # Word reads each cell's width, LibreOffice and WPS the table grid's: set both. Autofit would override them.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        # A minimum, not a fixed height: long question texts and notes still wrap onto more lines.
        row.height, row.height_rule = row_height, WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def write_header_row(table: Table, labels: tuple[str, ...]) -> None:
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        write_cell(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def field_char(kind: str) -> BaseOxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_page_field(paragraph: Paragraph, size: Length) -> None:
    """A PAGE field as fldChar runs (begin, instruction, separate, cached result, end), which python-docx has no
    API for: Word and WPS put the page number in as they lay the page out; the cached "1" is what a reader that
    computes no fields shows."""
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for element in (field_char("begin"), instruction, field_char("separate")):
        add_run(paragraph, "", size=size).element.append(element)
    add_run(paragraph, "1", size=size)
    add_run(paragraph, "", size=size).element.append(field_char("end"))


def render(form: ScreeningForm) -> bytes:
    """The .docx file's bytes for `form`; ValueError if the form is not one the committee could file."""
    validate(form)
    document = docx.Document()

    # The Normal style too, so that text Word adds later (and empty cells' paragraph marks) uses the same faces.
    normal = document.styles["Normal"]
    set_font(normal.font, BODY_FONT)
    normal.font.size = BODY_SIZE
    document.core_properties.title = f"健康影响评估初筛表：{form.title}"

    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = SIDE_MARGIN
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(footer, f"{form.code} · 第 ", size=SMALL_SIZE)
    add_page_field(footer, SMALL_SIZE)
    add_run(footer, " 页", size=SMALL_SIZE)

    center = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(document, "健康影响评估初筛表", align=center, font=TITLE_FONT, size=TITLE_SIZE, bold=True)
    if form.reference:
        add_paragraph(document, form.reference, align=center)
    if not form.settled:
        # Red and bold: a draft printed and passed around must not pass for the committee's form.
        add_paragraph(document, UNSETTLED_NOTICE, align=center, bold=True, color=RGBColor(0xC0, 0x00, 0x00))

    header = (
        ("项目/政策名称", form.title),
        ("类别", form.kind_zh),
        ("责任主体", form.sponsor_zh),
        ("评估机构", form.assessor_zh),
        ("日期", date_zh(form.form_date)),
    )
    table = add_table(document, len(header) + 1, HEADER_WIDTHS)
    for row, (label, value) in zip(table.rows[:-1], header, strict=True):
        write_cell(row.cells[0], label, bold=True)
        write_cell(row.cells[1], value)
    write_cell(table.rows[-1].cells[0], "编号", bold=True)
    write_cell(table.rows[-1].cells[1], form.code, size=SMALL_SIZE)

    add_paragraph(document)
    table = add_table(document, 11, QUESTION_WIDTHS)
    write_header_row(table, ("序号", "问题", "是", "不知道", "否", "备注"))
    for row, question in zip(table.rows[1:], sorted(form.questions, key=lambda q: q.number), strict=True):
        cells = row.cells
        write_cell(cells[0], str(question.number), align=center)
        write_cell(cells[1], question.text_zh)
        for cell, answer in zip(cells[2:5], ANSWERS, strict=True):
            write_cell(cell, tick(question.answer == answer), align=center)
        write_cell(cells[5], question.note_zh, size=SMALL_SIZE)

    degree = add_paragraph(document)
    degree.paragraph_format.space_before = Pt(12)
    add_run(degree, "健康影响程度：", bold=True)
    add_run(degree, "　".join(f"{tick(form.degree == d)} {labels.DEGREE[d][0]}" for d in DEGREES))
    procedure = add_paragraph(document)
    add_run(procedure, "后续程序：", bold=True)
    add_run(procedure, form.procedure_zh)

    add_paragraph(document)
    signers: tuple[FormSigner | None, ...] = form.signers or (None, None)
    table = add_table(document, len(signers) + 1, SIGNER_WIDTHS, row_height=SIGNATURE_ROW_HEIGHT)
    write_header_row(table, ("角色", "姓名", "职称", "工作单位", "签名"))
    table.rows[0].height = Mm(7)
    for row, signer in zip(table.rows[1:], signers, strict=True):
        # The last column stays empty for the handwritten signature.
        if signer is not None:
            for cell, text in zip(row.cells[:3], (signer.role_zh, signer.name_zh, signer.title_zh), strict=True):
                write_cell(cell, text, align=center)
            write_cell(row.cells[3], signer.affiliation_zh)

    # The seal goes over the blank space above the assessing body's line, at the bottom right as on paper.
    seal = add_paragraph(document, "评估机构（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    seal.paragraph_format.space_before = Pt(60)
    add_paragraph(document, "年　　月　　日", align=WD_ALIGN_PARAGRAPH.RIGHT)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
