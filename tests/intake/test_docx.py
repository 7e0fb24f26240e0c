"""Word documents: the body's paragraphs and tables in document order, what the officer sees printed and nothing
struck out or floating beside it."""

from __future__ import annotations

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from service.intake import IntakeLimits, read_document
from tests.intake.builders import docx_bytes, refusal, save

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_paragraphs_and_table_cells_are_read_in_document_order() -> None:
    # given a proposal whose key facts stand in a table between two paragraphs
    content = docx_bytes(
        ["吴中区生活垃圾转运站建设项目建议书", "一、项目概况"],
        table=[["项目名称", "长桥街道垃圾转运站"], ["总投资（万元）", "3000"], ["距最近学校", "约180米"]],
        after=["二、建设内容：新建转运站一座，日处理能力200吨。"],
    )

    # when
    document = read_document(content, "项目建议书.docx")

    # then each table row is a line, its cells separated by tabs, where it stands in the document
    assert document.text.split("\n") == [
        "吴中区生活垃圾转运站建设项目建议书",
        "一、项目概况",
        "项目名称\t长桥街道垃圾转运站",
        "总投资（万元）\t3000",
        "距最近学校\t约180米",
        "二、建设内容：新建转运站一座，日处理能力200吨。",
    ]
    assert document.format == "docx"
    assert document.media_type == MEDIA_TYPE
    assert document.pages is None
    assert document.encoding is None
    assert document.characters == len(document.text)


def test_a_merged_cell_is_read_once_and_a_nested_table_is_read() -> None:
    # given a table whose first row is one cell spanning both columns, and a cell holding its own table
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "表1 主要技术指标"
    table.cell(1, 0).text = "用地面积"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "30亩"
    inner.cell(0, 1).text = "约2公顷"

    # when
    text = read_document(save(document), "指标.docx").text

    # then
    assert text.count("表1 主要技术指标") == 1
    assert "用地面积" in text
    assert "30亩\t约2公顷" in text


def test_tracked_insertions_are_read_and_tracked_deletions_are_not() -> None:
    # given a draft regulation with the reviser's changes still tracked
    document = Document()
    paragraph = document.add_paragraph("第五条 禁止在学校周边")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="审核人" w:date="2025-01-01T00:00:00Z">'
            "<w:r><w:t>二百米范围内</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="审核人" w:date="2025-01-01T00:00:00Z">'
            "<w:r><w:delText>一百米范围内</w:delText></w:r></w:del>"
        )
    )
    paragraph.add_run("销售烟草制品。")

    # when
    text = read_document(save(document)).text

    # then the text reads as the revised clause
    assert text == "第五条 禁止在学校周边二百米范围内销售烟草制品。"


def test_full_width_punctuation_and_digits_stay_as_printed() -> None:
    text = read_document(docx_bytes(["第三条　总投资约１．５亿元（含征地费用），工期１８个月。"])).text

    assert text == "第三条　总投资约１．５亿元（含征地费用），工期１８个月。"


def test_a_word_document_without_text_is_empty() -> None:
    # given a document of empty paragraphs and an empty table
    refused = refusal(docx_bytes(["", "   "], table=[["", ""]]), "空白.docx")

    assert refused.code == "EMPTY_DOCUMENT"
    assert "空" in refused.message_zh
    assert "empty" in refused.message_en


def test_a_long_word_document_is_read_and_one_over_the_limit_is_refused() -> None:
    # given a 200,000-character document (2,000 paragraphs of 99 characters and their line breaks)
    sentence = "第一条 为保障公众健康，加强生活垃圾转运站周边环境卫生管理，根据有关法律法规制定本办法。"
    paragraph = (sentence * 3)[:99]
    content = docx_bytes([paragraph] * 2_000)

    # when / then
    assert read_document(content, "规划.docx").characters == 200_000 - 1
    refused = refusal(content, "规划.docx", IntakeLimits(max_characters=150_000))
    assert refused.code == "TOO_MANY_CHARACTERS"
    assert "199,999" in refused.message_zh
    assert "150,000" in refused.message_zh


def test_a_damaged_word_document_is_corrupt() -> None:
    # given a .docx cut short in the middle of its zip
    content = docx_bytes(["第一条 为了保障公众健康，制定本办法。"])

    refused = refusal(content[: len(content) // 2], "办法.docx")

    assert refused.code == "CORRUPT_DOCUMENT"
    assert "损坏" in refused.message_zh
    assert "damaged" in refused.message_en
