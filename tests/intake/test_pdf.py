"""PDFs: a Chinese text layer is read back page by page with the layout's line wrapping undone; encrypted
files, scans, and files over the page or character limits are refused with a message that says so."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from service.intake import IntakeLimits, read_document
from tests.intake.builders import blank_pdf, encrypted, pdf_bytes, refusal, scanned_pdf

NOTICE = [
    "关于印发吴中区生活垃圾分类实施方案的通知",
    "第一条 为了改善城乡环境卫生，保障公众健康，根据有关法律法规，结合本区实际，",
    "制定本方案。",
    "第二条 项目总投资3000万元，建设地点位于长桥街道，距离最近的学校约",
    "180米。",
    "第三条 本方案自2025年1月1日起施行。",
]


def test_a_chinese_text_layer_is_read_with_wrapped_lines_joined() -> None:
    # given a one-page notice whose long clauses the layout wrapped onto a second line
    content = pdf_bytes([NOTICE])

    # when
    document = read_document(content, "通知.pdf")

    # then each clause is one line again, and a line ending a clause or followed by one stays apart
    assert document.text.split("\n") == [
        "关于印发吴中区生活垃圾分类实施方案的通知",
        "第一条 为了改善城乡环境卫生，保障公众健康，根据有关法律法规，结合本区实际，制定本方案。",
        "第二条 项目总投资3000万元，建设地点位于长桥街道，距离最近的学校约180米。",
        "第三条 本方案自2025年1月1日起施行。",
    ]
    assert document.format == "pdf"
    assert document.media_type == "application/pdf"
    assert document.pages == 1
    assert document.characters == len(document.text)


def test_a_number_the_layout_wrapped_between_its_digits_is_one_number_again() -> None:
    # given: Chinese type breaks a line anywhere, here inside 900
    content = pdf_bytes(
        [
            [
                "关于推进农村居民相对集中居住的实施意见",
                "一、到二〇三〇年，全区引导农户相对集中居住，计划搬迁安置农户约9",
                "00户，全部纳入集中居住区统一规划建设。",
                "二、本意见自印发之日起施行。",
            ]
        ]
    )
    # when
    text = read_document(content, "意见.pdf").text
    # then
    assert "计划搬迁安置农户约900户，全部纳入" in text


def test_a_sentence_the_layout_wrapped_over_a_page_break_is_one_sentence_again() -> None:
    # given a page whose last line is full and ends inside a sentence that goes on at the top of the next page
    content = pdf_bytes(
        [
            [
                "关于推进秸秆综合利用的实施意见",
                "一、全区每年产生稻麦秸秆约二十六万吨，园林绿化废弃物约四万吨，综合利用水平不高。",
                "二、秸秆离田利用渠道不足，收储运体系尚不健全，部分镇村在夏收、秋收期间露天焚烧禁而",
            ],
            ["不止，群众反映较多。", "三、本意见自印发之日起施行。"],
        ]
    )
    # when
    text = read_document(content, "意见.pdf").text
    # then
    assert "二、秸秆离田利用渠道不足，收储运体系尚不健全，部分镇村在夏收、秋收期间露天焚烧禁而不止，群众反映较多。" in (
        text.split("\n")
    )


def test_rows_of_a_table_stay_rows_unless_one_fills_the_line() -> None:
    # given a table of neighbours: short rows end where they end; a row too long for the line wraps
    content = pdf_bytes(
        [
            [
                "表1 主要环境保护目标",
                "名称｜性质｜方位｜距离",
                "××印染有限公司（定型机废气、燃气导热油炉、污水站）｜工业企业｜东南｜420米",
                "甪直污水处理厂｜污水处理设施｜东｜2.1公里",
                "龙头山村｜居民点｜石料场东侧及进场道路两侧｜距爆破开采区约420米，距进场道路最近",
                "约25米",
            ]
        ]
    )
    # when
    lines = read_document(content, "报告表.pdf").text.split("\n")
    # then
    assert "××印染有限公司（定型机废气、燃气导热油炉、污水站）｜工业企业｜东南｜420米" in lines
    assert "甪直污水处理厂｜污水处理设施｜东｜2.1公里" in lines
    assert "龙头山村｜居民点｜石料场东侧及进场道路两侧｜距爆破开采区约420米，距进场道路最近约25米" in lines


def test_pages_are_read_in_order() -> None:
    one_page = read_document(pdf_bytes([NOTICE])).text

    document = read_document(pdf_bytes([NOTICE, NOTICE, NOTICE]), "通知.pdf")

    assert document.pages == 3
    assert document.text == "\n".join([one_page] * 3)


def test_a_password_protected_pdf_is_refused_as_encrypted() -> None:
    # given a PDF that needs a password to open
    content = encrypted(pdf_bytes([NOTICE]), user_password="123456")

    refused = refusal(content, "通知.pdf")

    assert refused.code == "ENCRYPTED_PDF"
    assert "加密" in refused.message_zh
    assert "未加密" in refused.message_zh  # says what to upload instead
    assert "encrypted" in refused.message_en


def test_a_pdf_protected_only_against_editing_opens_and_is_read() -> None:
    # given a PDF with an owner password (no copying, no printing) and an empty password to open it
    content = encrypted(pdf_bytes([NOTICE]), user_password="")

    document = read_document(content, "通知.pdf")

    assert "距离最近的学校约180米" in document.text


@pytest.mark.parametrize("pages", [1, 4])
def test_a_scanned_pdf_has_no_text_layer(pages: int) -> None:
    # given pictures of pages, with no text layer
    refused = refusal(scanned_pdf(pages), "扫描件.pdf")

    assert refused.code == "NO_TEXT_LAYER"
    assert "没有文字层" in refused.message_zh
    assert "扫描件" in refused.message_zh
    assert f"共 {pages} 页" in refused.message_zh
    assert "no text layer" in refused.message_en


def test_a_scan_with_a_typed_cover_page_has_no_text_layer() -> None:
    # given a text cover page in front of three blank (scanned) pages
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes([NOTICE]))))
    writer.append(PdfReader(io.BytesIO(blank_pdf(3))))
    buffer = io.BytesIO()
    writer.write(buffer)

    refused = refusal(buffer.getvalue(), "扫描件.pdf")

    assert refused.code == "NO_TEXT_LAYER"
    assert "其中 3 页没有可读取的文字" in refused.message_zh


def test_pages_over_the_limit_are_refused_before_any_text_is_read() -> None:
    refused = refusal(blank_pdf(6), "规划.pdf", IntakeLimits(max_pages=5))

    assert refused.code == "TOO_MANY_PAGES"
    assert "共 6 页" in refused.message_zh
    assert "上限 5 页" in refused.message_zh
    assert "6 pages" in refused.message_en


def test_characters_over_the_limit_are_refused_as_soon_as_a_page_passes_it() -> None:
    content = pdf_bytes([NOTICE, NOTICE, NOTICE])

    refused = refusal(content, "通知.pdf", IntakeLimits(max_characters=150))

    assert refused.code == "TOO_MANY_CHARACTERS"
    assert "至少" in refused.message_zh  # reading stopped at the second page of three
    assert "上限 150 个字符" in refused.message_zh


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", b"%PDF-1.4\n" + bytes(range(256)) * 4],
    ids=["truncated", "garbage"],
)
def test_a_damaged_pdf_is_corrupt(content: bytes) -> None:
    refused = refusal(content, "通知.pdf")

    assert refused.code == "CORRUPT_DOCUMENT"
    assert "PDF" in refused.message_zh
    assert "损坏" in refused.message_zh
