"""What a file is comes from its bytes: a name that claims otherwise is refused naming both, formats that cannot
be read say what to save them as, and size and emptiness are checked before anything is parsed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import Workbook

from service.intake import IntakeLimits, read_document
from tests.intake.builders import docx_bytes, pdf_bytes, refusal

CLAUSE = "第一条 为了保障公众健康，制定本办法。"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def docx() -> bytes:
    return docx_bytes([CLAUSE])


def pdf() -> bytes:
    return pdf_bytes([[CLAUSE]])


@pytest.mark.parametrize(
    ("build", "name", "claimed", "actual_zh", "actual_en"),
    [
        (docx, "方案.pdf", ".pdf", "Word文档", "Word document"),
        (pdf, "方案.docx", ".docx", "PDF", "PDF"),
        (lambda: CLAUSE.encode(), "方案.docx", ".docx", "纯文本", "plain text"),
        (docx, "方案.txt", ".txt", "Word文档", "Word document"),
        (docx, "方案.doc", ".doc", "Word文档", "Word document"),
        (pdf, "扫描.JPG", ".jpg", "PDF", "PDF"),
    ],
    ids=["docx named pdf", "pdf named docx", "text named docx", "docx named txt", "docx named doc", "pdf named jpg"],
)
def test_a_name_that_lies_about_the_content_is_refused_naming_both(
    build: Callable[[], bytes], name: str, claimed: str, actual_zh: str, actual_en: str
) -> None:
    refused = refusal(build(), name)

    assert refused.code == "EXTENSION_MISMATCH"
    assert claimed in refused.message_zh
    assert actual_zh in refused.message_zh
    assert claimed in refused.message_en
    assert actual_en in refused.message_en


@pytest.mark.parametrize(
    "name", [None, "方案.docx", "C:\\fakepath\\方案.DOCX", "关于2025.3.1的通知", "方案.docx.", "notes.md"]
)
def test_a_name_that_agrees_or_claims_nothing_is_read(name: str | None) -> None:
    assert read_document(docx(), name).text == CLAUSE


def test_an_old_word_document_is_refused_saying_to_save_it_as_docx() -> None:
    refused = refusal(OLE, "办法.doc")

    assert refused.code == "UNSUPPORTED_FORMAT"
    assert ".doc" in refused.message_zh
    assert "另存为" in refused.message_zh
    assert ".docx" in refused.message_zh
    assert "save it as a Word document (.docx)" in refused.message_en


def test_a_password_protected_word_document_is_refused_saying_why() -> None:
    # Word keeps an encrypted .docx in the old compound-file format: its name says .docx, its bytes say OLE
    refused = refusal(OLE, "办法.docx")

    assert refused.code == "UNSUPPORTED_FORMAT"
    assert "密码" in refused.message_zh
    assert "password" in refused.message_en


def xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.append(["项目名称", "总投资"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("办法.txt", CLAUSE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("build", "name_zh", "advice_zh"),
    [
        (plain_zip, "压缩包", "解压"),
        (xlsx, "Excel表格", "另存为Word文档（.docx）"),
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(100), "图片", "含文字的PDF或Word文档"),
        (lambda: b"{\\rtf1\\ansi " + CLAUSE.encode() + b"}", "RTF", "另存为"),
    ],
    ids=["zip", "xlsx", "png", "rtf"],
)
def test_formats_that_cannot_be_read_are_named_with_what_to_upload_instead(
    build: Callable[[], bytes], name_zh: str, advice_zh: str
) -> None:
    refused = refusal(build(), None)

    assert refused.code == "UNSUPPORTED_FORMAT"
    assert name_zh in refused.message_zh
    assert advice_zh in refused.message_zh
    assert ".docx" in refused.message_zh
    assert "Cannot read" in refused.message_en


@pytest.mark.parametrize("content", [b"", b" \r\n\t ", b"\n" * 1000])
def test_an_empty_file_is_refused(content: bytes) -> None:
    refused = refusal(content, "办法.txt")

    assert refused.code == "EMPTY_DOCUMENT"
    assert "空" in refused.message_zh
    assert "empty" in refused.message_en


def test_a_text_file_of_only_full_width_spaces_is_empty() -> None:
    assert refusal("\u3000\u3000\r\n".encode(), "办法.txt").code == "EMPTY_DOCUMENT"


def test_size_is_checked_first_before_the_content_is_looked_at() -> None:
    # given 101 bytes that are not even a readable PDF, under a limit of 100
    refused = refusal(b"%PDF-1.7" + bytes(93), "办法.pdf", IntakeLimits(max_bytes=100))

    assert refused.code == "TOO_LARGE"
    assert "101 B" in refused.message_zh
    assert "上限 100 B" in refused.message_zh
    assert "over the limit of 100 B" in refused.message_en


def test_the_default_size_limit_is_20_mib() -> None:
    refused = refusal(b"a" * (20 * 2**20 + 1), "办法.txt")

    assert refused.code == "TOO_LARGE"
    assert "上限 20 MiB" in refused.message_zh


def test_a_file_at_the_size_limit_is_read() -> None:
    content = CLAUSE.encode()

    assert read_document(content, limits=IntakeLimits(max_bytes=len(content))).text == CLAUSE


def test_a_size_just_over_the_limit_is_not_shown_as_equal_to_it() -> None:
    refused = refusal(b"a" * (2**20 + 1), "办法.txt", IntakeLimits(max_bytes=2**20))

    assert "文件大小超过上限 1 MiB" in refused.message_zh
    assert "The file is over the limit of 1 MiB" in refused.message_en
