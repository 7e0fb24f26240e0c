"""The labelled corpus as departments hold it: each document marked `render_as: docx` or `pdf` is written as that
format and read back through intake; the text read is the document's text, and the drafter suggests the same
answers from it as from the plain text (the format must not change a suggestion)."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pytest

import hia_rules
from hia_rules.drafting.suggest import suggest
from hia_rules.model import Checklist
from hia_rules.yaml_loader import load_yaml
from service.intake.documents import read_document
from tests.intake.builders import docx_bytes, pdf_bytes

CORPUS = Path(__file__).parents[1] / "drafting_corpus"
LINE = 76  # columns to a PDF line (a Chinese character is two, as typeset: a full A4 line at 12 pt is about 80)
PAGE = 28  # lines to a PDF page


def rendered(fmt: str) -> list[Path]:
    return [
        path.with_suffix(".txt")
        for path in sorted(CORPUS.glob("*.yaml"))
        if load_yaml(path.read_text(encoding="utf-8")).get("render_as") == fmt
    ]


def typeset(paragraph: str) -> list[str]:
    """A paragraph broken into lines of at most LINE columns, as a typesetter fills them: Chinese characters
    (and the punctuation Chinese type sets full width) take two columns, Latin letters and digits one."""
    lines, line, width = [], "", 0
    for character in paragraph:
        columns = 2 if unicodedata.east_asian_width(character) in "WFA" else 1
        if width + columns > LINE:
            lines.append(line)
            line, width = "", 0
        line += character
        width += columns
    return [*lines, line] if line else lines


def compact(text: str) -> str:
    return "".join(text.split())


@functools.cache
def latest_checklist() -> Checklist:
    return hia_rules.load_checklist(hia_rules.shipped_checklists()[-1]).checklist


def suggested(text: str) -> dict[str, object]:
    checklist = latest_checklist()
    return {s.question_id: s.answer for s in suggest(checklist, text).suggestions}


def test_the_corpus_has_documents_in_every_format() -> None:
    assert len(rendered("docx")) >= 5
    assert len(rendered("pdf")) >= 4


@pytest.mark.parametrize("path", rendered("docx"), ids=lambda p: p.stem)
def test_a_word_document_reads_back_as_its_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    paragraphs = [line for line in text.splitlines() if line.strip()]
    read = read_document(docx_bytes(paragraphs), f"{path.stem}.docx")
    assert read.format == "docx"
    assert compact(read.text) == compact(text)
    assert suggested(read.text) == suggested(text)


@pytest.mark.parametrize("path", rendered("pdf"), ids=lambda p: p.stem)
def test_a_pdf_reads_back_as_its_text_with_wrapped_lines_joined(path: Path) -> None:
    # given the document typeset as a PDF: paragraphs wrapped at the line width, pages of PAGE lines
    text = path.read_text(encoding="utf-8")
    lines = [part for line in text.splitlines() if line.strip() for part in typeset(line)]
    pages = [lines[i : i + PAGE] for i in range(0, len(lines), PAGE)]
    # when it is read back
    read = read_document(pdf_bytes(pages), f"{path.stem}.pdf")
    # then every character is there, and the lines a paragraph was wrapped into are one sentence again: the
    # suggestions are those of the plain text
    assert read.format == "pdf"
    assert read.pages == len(pages)
    assert compact(read.text) == compact(text)
    assert suggested(read.text) == suggested(text)
