"""Rendering the report: HTML (autoescaped, printable on A4 from a browser) and Markdown (user text escaped so
that it cannot break a table or inject markup)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.review.report import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _text(value: object) -> str:
    """Free text in Markdown: no raw HTML, no accidental emphasis or headings."""
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for character in "\\`*_[]#":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def _cell(value: object) -> str:
    """Free text inside a Markdown table cell: also no column breaks or line breaks."""
    return _text(value).replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")


_html = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "html.j2"]),
    undefined=StrictUndefined,
    trim_blocks=False,
)
_markdown = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined)
_markdown.filters["cell"] = _cell
_markdown.filters["text"] = _text


def html(report: Report) -> str:
    return _html.get_template("report.html.j2").render(r=report)


def markdown(report: Report) -> str:
    return _markdown.get_template("report.md.j2").render(r=report)
