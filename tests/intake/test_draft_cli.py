"""`hia draft FILE`: suggestions with their evidence from a document, without a server or a database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from service.cli import main

PROJECT = [
    "某街道生活垃圾压缩转运站新建工程项目建议书",
    "一、项目概况",
    "项目总投资3000万元，其中政府投资1200万元。",
    "转运站用地边界距最近的小学约180米。",
    "本项目不涉及房屋征收和居民搬迁。",
]


def word_file(tmp_path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    path = tmp_path / "项目建议书.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_draft_prints_each_suggestion_beside_the_sentence_it_rests_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a project proposal in Word
    path = word_file(tmp_path, PROJECT)
    # when it is drafted
    assert main(["draft", str(path)]) == 0
    printed = capsys.readouterr().out
    # then the total investment (not the government's share), the distance and the stated "no" come with
    # the sentences that say so, and the drafter is told that nothing is an answer yet
    lines = printed.splitlines()
    investment = next(line for line in lines if line.startswith("总投资"))
    assert "30000000" in investment
    assert "项目总投资3000万元" in investment
    school = next(line for line in lines if line.startswith("air.distance_to_school_m"))
    assert "\t180\t" in school
    assert "约180米" in school
    demolition = next(line for line in lines if line.startswith("housing.demolition"))
    assert "\tNO\t" in demolition
    assert "不涉及房屋征收" in demolition
    assert "须由起草部门逐条确认" in printed


def test_draft_json_carries_quotes_with_offsets_into_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "方案.txt"
    path.write_text("\n".join(PROJECT), encoding="gb18030")
    assert main(["draft", str(path), "--json"]) == 0
    drafted = json.loads(capsys.readouterr().out)
    assert drafted["checklist"] == "hiap-screening@2"
    assert drafted["format"] == "txt"
    text = "\n".join(PROJECT)
    school = next(s for s in drafted["suggestions"] if s["question_id"] == "air.distance_to_school_m")
    quote = school["quotes"][0]
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert "scope.people_adversely_affected" in drafted["undecided"]


def test_draft_refuses_an_unreadable_file_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_text("这其实是文本", encoding="utf-8")
    assert main(["draft", str(path)]) == 1
    assert "EXTENSION_MISMATCH" in capsys.readouterr().err


def test_draft_says_which_suggestions_a_drawn_judgement_rests_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a project whose document describes a lasting odour source
    path = word_file(tmp_path, [*PROJECT[:3], "运营期产生恶臭，设置除臭设施。"])
    # when it is drafted
    assert main(["draft", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # then the long-lasting effect is suggested as drawn from the odour suggestion, with its sentence
    lasting = next(line for line in lines if line.startswith("scope.irreversible"))
    assert "\tYES\t" in lasting
    assert "由air.odour推得" in lasting
    assert "运营期产生恶臭" in lasting
