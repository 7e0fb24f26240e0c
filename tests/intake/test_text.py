"""Text files in the encodings Chinese offices write, and pasted text: decoded strictly, line ends and invisible
characters normalised, Chinese typography kept as printed; anything else is refused, never guessed at."""

from __future__ import annotations

import pytest

from service.intake import DocumentError, IntakeLimits, read_document, read_pasted_text
from tests.intake.builders import refusal

CLAUSE = "第二条　本办法所称公共场所，是指向公众开放的场所（含室内、室外）。"


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (CLAUSE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CLAUSE.encode("utf-8"), "utf-8"),
        (CLAUSE.encode("gb18030"), "gb18030"),
        (CLAUSE.encode("gbk"), "gb18030"),
        (CLAUSE.encode("utf-16"), "utf-16"),  # with its byte-order mark, as Notepad writes "Unicode"
    ],
    ids=["utf-8", "utf-8 with BOM", "gb18030", "gbk", "utf-16 with BOM"],
)
def test_each_accepted_encoding_is_read(content: bytes, encoding: str) -> None:
    document = read_document(content, "办法.txt")

    assert document.text == CLAUSE
    assert document.encoding == encoding
    assert document.format == "txt"
    assert document.media_type == f"text/plain; charset={encoding}"
    assert document.pages is None


@pytest.mark.parametrize(
    "content",
    [
        b"\x80\x81\xff" * 20,  # neither UTF-8 nor GB18030
        CLAUSE.encode("utf-16-le"),  # UTF-16 without its byte-order mark: a NUL after every ASCII byte
        bytes(range(32)) * 10,  # binary
    ],
    ids=["undecodable", "utf-16 without BOM", "binary"],
)
def test_text_in_another_encoding_is_refused_naming_the_accepted_ones(content: bytes) -> None:
    refused = refusal(content, "办法.txt")

    assert refused.code == "UNKNOWN_ENCODING"
    assert "编码" in refused.message_zh
    for accepted in ("UTF-8", "GB18030", "GBK"):
        assert accepted in refused.message_zh
    assert "encoding" in refused.message_en


def test_line_ends_and_invisible_characters_are_normalised() -> None:
    # given Windows line ends, an old Mac one, a form feed, a zero-width space inside a word and a stray NUL
    content = "第一条 总则\r\n第二条 禁\u200b止吸烟。\r第三条 附则\x0c第四条\x00 施行".encode()

    assert read_document(content).text == "第一条 总则\n第二条 禁止吸烟。\n第三条 附则\n第四条 施行"


def test_text_is_nfc_normalised_but_full_width_forms_are_kept() -> None:
    # given a decomposed é and full-width digits, letters and punctuation
    content = "Cafe\u0301：ＰＭ２.５浓度≤３５微克／立方米；（一）".encode()

    text = read_document(content).text

    assert text == "Caf\u00e9：ＰＭ２.５浓度≤３５微克／立方米；（一）"


def test_a_200000_character_text_is_read() -> None:
    # given a long development plan: 2,000 lines of 99 characters and their line breaks
    line = ("第三章 建设健康城市，完善公共卫生服务体系，提升居民健康素养水平，推进全民健身。" * 3)[:99]
    content = "\n".join([line] * 2_000).encode()

    document = read_document(content, "规划.txt")

    assert document.characters == 200_000 - 1
    assert document.text.count("\n") == 1_999


def test_characters_over_the_limit_are_refused() -> None:
    refused = refusal(CLAUSE.encode() * 3, "办法.txt", IntakeLimits(max_characters=50))

    assert refused.code == "TOO_MANY_CHARACTERS"
    assert f"文档有 {len(CLAUSE) * 3} 个字符" in refused.message_zh
    assert "上限 50 个字符" in refused.message_zh
    assert "over the limit of 50" in refused.message_en


def test_pasted_text_is_read_like_a_text_file() -> None:
    document = read_pasted_text("  第一条 为保障公众健康，制定本办法。\r\n第二条 本办法适用于全区。\n\n")

    assert document.text == "第一条 为保障公众健康，制定本办法。\n第二条 本办法适用于全区。"
    assert document.format == "txt"
    assert document.encoding is None
    assert document.characters == len(document.text)


@pytest.mark.parametrize("text", ["", " \n\t", "\u3000\u3000\r\n", "\u200b\ufeff"])
def test_empty_pasted_text_is_refused(text: str) -> None:
    with pytest.raises(DocumentError) as refused:
        read_pasted_text(text)

    assert refused.value.code == "EMPTY_DOCUMENT"
    assert "粘贴的文本是空的" in refused.value.message_zh
    assert "empty" in refused.value.message_en


def test_pasted_text_over_the_limit_is_refused_before_it_is_normalised() -> None:
    with pytest.raises(DocumentError) as refused:
        read_pasted_text("健" * 1_000, IntakeLimits(max_characters=100))

    assert refused.value.code == "TOO_MANY_CHARACTERS"
    assert "1,000" in refused.value.message_zh
