"""A document read as numbered sentences with offsets and headings, and its words (jieba)."""

from __future__ import annotations

import itertools
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hia_rules.drafting.text import Sentence, heading_level, sentences, straddles, words

ROOT = Path(__file__).resolve().parents[3]

REGULATION = """吴中区公共场所控制吸烟办法

第一章　总则
第一条　为了减少烟草烟雾危害，保障公众健康，根据有关法律、法规，结合本区实际，制定本办法。
第二条　本办法适用于本区行政区域内公共场所的控制吸烟工作。
第二章　禁止吸烟场所
第三条　下列公共场所室内区域禁止吸烟：
（一）托幼机构、中小学校、少年宫；
（二）医疗卫生机构。
违反前款规定的，由有关部门责令改正。
第四条　本办法自2025年3月1日起施行。
"""


def check_offsets(text: str, found: tuple[Sentence, ...]) -> None:
    assert [s.number for s in found] == list(range(1, len(found) + 1))
    for s in found:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert s.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_splits_on_sentence_ends_and_keeps_offsets() -> None:
    # given
    text = "项目位于长桥街道。总投资3000万元！是否涉及拆迁？不涉及；建设期18个月。Is it? Yes! a;b"

    # when
    found = sentences(text)

    # then
    assert [s.text for s in found] == [
        "项目位于长桥街道。",
        "总投资3000万元！",
        "是否涉及拆迁？",
        "不涉及；",
        "建设期18个月。",
        "Is it?",
        "Yes!",
        "a;",
        "b",
    ]
    check_offsets(text, found)


def test_a_line_break_always_ends_a_sentence_and_blank_lines_give_none() -> None:
    text = "第一段没有句号\n\n   \n第二段\r\n第三段\r第四段\u2028第五段\f第六段"
    found = sentences(text)
    assert [s.text for s in found] == ["第一段没有句号", "第二段", "第三段", "第四段", "第五段", "第六段"]
    check_offsets(text, found)


def test_surrounding_whitespace_is_left_out_but_offsets_are_kept() -> None:
    text = "\ufeff  　关于加强控烟工作的通知　\n\t（一）加强宣传。  　然后执行。 \n"
    found = sentences(text)
    assert [s.text for s in found] == ["关于加强控烟工作的通知", "（一）加强宣传。", "然后执行。"]
    assert found[0].start == 4
    check_offsets(text, found)


def test_repeated_and_closing_marks_stay_with_their_sentence() -> None:
    text = "真的吗？！他说：“不行。”随后离开。（见附件。）下一句。"
    assert texts(text) == ["真的吗？！", "他说：“不行。”", "随后离开。", "（见附件。）", "下一句。"]


def test_nothing_inside_a_book_title_or_a_quotation_ends_a_sentence() -> None:
    # given: a title with a full stop inside, and quoted sentences
    text = "关于印发《吴中区控烟工作方案。（试行）》的通知。群众反映“油烟太大！晚上无法开窗”的问题突出。"

    # when
    found = sentences(text)

    # then
    assert [s.text for s in found] == [
        "关于印发《吴中区控烟工作方案。（试行）》的通知。",
        "群众反映“油烟太大！晚上无法开窗”的问题突出。",
    ]
    check_offsets(text, found)


def test_an_unclosed_quotation_does_not_swallow_the_rest_of_the_line() -> None:
    text = "他说：“不行。然后走了。《未闭合的标题。下一句。"
    assert texts(text) == ["他说：“不行。", "然后走了。", "《未闭合的标题。", "下一句。"]


def test_a_quotation_never_spans_lines() -> None:
    text = "“第一行。\n第二行。”结束。"
    assert texts(text) == ["“第一行。", "第二行。”", "结束。"]


def test_empty_and_blank_text_give_no_sentences() -> None:
    assert sentences("") == ()
    assert sentences(" \n\u3000\r\n\t") == ()


def test_regulation_headings_stay_in_force_until_the_next_of_the_same_or_an_outer_level() -> None:
    # when
    found = sentences(REGULATION)

    # then
    check_offsets(REGULATION, found)
    assert [(s.text[:6], s.heading) for s in found] == [
        ("吴中区公共场", None),
        ("第一章　总则", "第一章"),
        ("第一条　为了", "第一条"),
        ("第二条　本办", "第二条"),
        ("第二章　禁止", "第二章"),
        ("第三条　下列", "第三条"),
        ("（一）托幼机", "（一）"),
        ("（二）医疗卫", "（二）"),
        # A paragraph after a list item keeps the item's heading until the next item or article (documented).
        ("违反前款规定", "（二）"),
        ("第四条　本办", "第四条"),
    ]


def test_every_sentence_of_a_clause_carries_its_heading() -> None:
    text = "第三条 本办法所称公共场所，是指……。违反本条规定的，予以处罚！\n其他内容。"
    found = sentences(text)
    assert [(s.text, s.heading) for s in found] == [
        ("第三条 本办法所称公共场所，是指……。", "第三条"),
        ("违反本条规定的，予以处罚！", "第三条"),
        ("其他内容。", "第三条"),
    ]


def test_policy_outline_headings() -> None:
    # given: the numbering of a normative document: 一、（一）1.（1）①
    text = "\n".join(
        [
            "一、总体要求",
            "（一）指导思想。坚持预防为主。",
            "1. 加强监测",
            "(1) 每季度监测一次；",
            "①空气质量",
            "②噪声",
            "2、完善制度",
            "（二）工作目标",
            "二、主要任务",
            "十一、保障措施",
        ]
    )

    # when
    found = sentences(text)

    # then
    assert [(s.text, s.heading) for s in found] == [
        ("一、总体要求", "一、"),
        ("（一）指导思想。", "（一）"),
        ("坚持预防为主。", "（一）"),
        ("1. 加强监测", "1."),
        ("(1) 每季度监测一次；", "(1)"),
        ("①空气质量", "①"),
        ("②噪声", "②"),
        ("2、完善制度", "2、"),
        ("（二）工作目标", "（二）"),
        ("二、主要任务", "二、"),
        ("十一、保障措施", "十一、"),
    ]


def test_an_outer_heading_ends_the_inner_ones() -> None:
    text = "第一章 总则\n第一条 目的。\n（一）一项。\n第二条 范围。\n第二章 附则\n说明。"
    assert [s.heading for s in sentences(text)] == ["第一章", "第一条", "（一）", "第二条", "第二章", "第二章"]


def test_sections_and_articles_with_arabic_numbers() -> None:
    text = "第1章 总则\n第一节 一般规定\n第12条 内容。\n第二节 特别规定\n内容。"
    assert [s.heading for s in sentences(text)] == ["第1章", "第一节", "第12条", "第二节", "第二节"]


def test_a_number_with_its_unit_at_the_start_of_a_line_is_no_chapter() -> None:
    assert [s.heading for s in sentences("3 个街道完成改造。\n12　万元用于宣传。")] == [None, None]


def test_feasibility_report_numbering() -> None:
    # given: chapter and section numbers of a project proposal
    text = "1 项目概况\n1.1 项目名称\n吴中区生活垃圾转运站改造工程。\n1.2 建设地点\n1.2.1 用地范围\n2. 建设规模\n"

    # when
    found = sentences(text)

    # then: the chapter number set off by a space heads its chapter, as such reports print it
    assert [(s.text, s.heading) for s in found] == [
        ("1 项目概况", "1"),
        ("1.1 项目名称", "1.1"),
        ("吴中区生活垃圾转运站改造工程。", "1.1"),
        ("1.2 建设地点", "1.2"),
        ("1.2.1 用地范围", "1.2.1"),
        ("2. 建设规模", "2."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元用于基础设施建设。",
        "2025年3月1日起施行。",
        "2025.3 完成招标",
        "3.2万平方米的绿地。",
        "100米范围内禁止。",
        "一是加强宣传。",
        "在第三条规定的范围内。",
    ],
)
def test_numbers_that_are_not_headings(line: str) -> None:
    assert sentences(line)[0].heading is None


def test_a_heading_is_recognised_after_indentation_and_printed_as_in_the_text() -> None:
    text = "　　（三）加强监管。\n  ２．　强化考核。\n（４）落实责任。"
    assert [s.heading for s in sentences(text)] == ["（三）", "２．", "（４）"]


def test_a_heading_in_the_middle_of_a_line_is_not_a_heading() -> None:
    text = "根据本办法第三条（二）项的规定。"
    assert sentences(text)[0].heading is None


def test_a_long_document_keeps_every_offset() -> None:
    # given: a 200,000-character document (a structural guard; the timing is measured in bench/)
    paragraph = (
        "第十二条　建设单位应当在项目开工前，按照《建设项目环境影响评价分类管理名录》编制环境影响评价文件，"
        "距最近的学校约180米。施工期间应当采取有效措施，减少扬尘和噪声对周边居民的影响；\n"
        "（一）加强对重点区域的监测，每季度不少于一次；\n\n"
    )
    text = paragraph * (200_000 // len(paragraph) + 1)

    # when
    found = sentences(text)

    # then
    assert len(text) > 200_000
    check_offsets(text, found)
    assert len(found) == 3 * text.count("第十二条")
    assert found[-1].heading == "（一）"


def test_words_are_jieba_tokens_in_order() -> None:
    text = "项目总投资3000万元，距最近的学校约180米。"
    tokens = words(text)
    assert isinstance(tokens, tuple)
    assert "".join(tokens) == text
    assert "学校" in tokens
    assert "投资" in tokens


def test_a_single_character_is_a_token_only_where_jieba_says_so() -> None:
    # 核 as a word (nuclear) versus inside 审核 (review): the reason cues of one character match tokens.
    assert "核" not in words("材料经审核后报送区政府。")
    assert "核" in words("项目不涉及核与辐射。")


def test_words_of_empty_text() -> None:
    assert words("") == ()


def test_jieba_loads_quietly_and_once(caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]) -> None:
    # given
    caplog.set_level(logging.DEBUG)

    # when
    words("控制吸烟")
    words("禁止销售烟草制品")

    # then
    assert capfd.readouterr().err == ""
    assert not [r for r in caplog.records if r.name == "jieba" and r.levelno < logging.WARNING]


def run_fresh(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_jieba_works_quietly_without_a_usable_temp_directory() -> None:
    # given: no usable temp directory (what tempfile says when every candidate is read-only), where jieba would
    # otherwise keep its dictionary cache
    code = (
        "import tempfile\n"
        "def nowhere():\n"
        "    raise FileNotFoundError('No usable temporary directory found')\n"
        "tempfile.gettempdir = nowhere\n"
        "from hia_rules.drafting.text import words\n"
        "print('|'.join(words('距最近的学校约180米')))\n"
    )

    # when
    result = run_fresh(code)

    # then
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|")[:4] == ["距", "最近", "的", "学校"]
    assert result.stderr == ""


def test_jieba_import_and_first_use_print_nothing() -> None:
    result = run_fresh("from hia_rules.drafting.text import words; words('控制吸烟')")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == ""


def test_words_from_several_threads_at_once() -> None:
    # given: a web server's threads segmenting at the same time (jieba is loaded once, under a lock)
    from concurrent.futures import ThreadPoolExecutor

    text = "禁止在学校周边销售烟草制品。"

    # when
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(words, [text] * 32))

    # then
    assert len(set(results)) == 1


def test_heading_levels_order_the_labels_outermost_first() -> None:
    labels = ["第一章", "第三条", "一、", "（二）", "3.", "(1)"]
    assert [heading_level(label) for label in labels] == sorted(heading_level(label) for label in labels)
    assert heading_level("不是标题") > heading_level("(1)")


@pytest.mark.parametrize(
    ("text", "pair", "across"),
    [
        ("项目前期，召开了居民座谈会", "目前", True),  # 项目|前期
        ("实现提供餐饮服务的民宿全覆盖", "供餐", True),  # 提供|餐饮
        ("目前尚未开工", "目前", False),
        ("社区食堂日供餐约300份", "供餐", False),
    ],
)
def test_a_pair_of_characters_straddles_two_words_only_where_it_cuts_into_both(
    text: str, pair: str, across: bool
) -> None:
    assert straddles(text, text.index(pair)) is across
