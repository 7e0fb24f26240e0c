"""`hia draft FILE`: the screening answers a document suggests, with the sentences behind them, without a server.

It reads the file as the upload endpoint does (same formats, limits and errors), drafts against a shipped
checklist (the latest unless `--checklist` names a version or file) and prints, per question, the suggested
answer, its confidence and the quoted sentence; then the questions it could not decide. Nothing is stored.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import hia_rules
from hia_rules.drafting.suggest import Draft, Suggestion, suggest
from service.intake.documents import DocumentError, IntakeLimits, read_document
from service.screening.cli import checklist_path

_CONFIDENCE_ZH = {"HIGH": "高", "MEDIUM": "中", "LOW": "低"}
_QUOTE_WIDTH = 60


def _shown(answer: Any) -> str:
    if isinstance(answer, list):
        return "、".join(str(a) for a in answer) or "—"
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


def _quote(suggestion: Suggestion) -> str:
    # A judgement drawn from other suggestions says so first: its quote is theirs.
    drawn = f"由{'、'.join(suggestion.drawn_from)}推得：" if suggestion.drawn_from else ""
    if not suggestion.quotes:
        return drawn
    quote = suggestion.quotes[0]
    text = quote.text if len(quote.text) <= _QUOTE_WIDTH else quote.text[: _QUOTE_WIDTH - 1] + "…"
    return f"{drawn}[{quote.sentence}] {text}（线索：{quote.cue}）"


def _row(label: str, suggestion: Suggestion | None) -> str:
    if suggestion is None:
        return f"{label}\t—\t—\t"
    confidence = _CONFIDENCE_ZH.get(str(suggestion.confidence), str(suggestion.confidence))
    return f"{label}\t{_shown(suggestion.answer)}\t{confidence}\t{_quote(suggestion)}"


def print_table(draft: Draft, checklist: Any, out: TextIO) -> None:
    print(f"文档：{draft.characters:,} 字，{draft.sentences:,} 句", file=out)
    print("问题\t建议答案\t把握\t依据（句号、原文与线索）", file=out)
    print(_row("提案类型 kind", draft.kind), file=out)
    print(_row("政策类型 policy_type", draft.policy_type), file=out)
    print(_row("总投资（元） investment_yuan", draft.investment_yuan), file=out)
    for suggestion in draft.suggestions:
        question = checklist.question(suggestion.question_id)
        label = f"{suggestion.question_id} {question.text_zh}" if question is not None else suggestion.question_id
        print(_row(label, suggestion), file=out)
    if draft.places:
        print(f"文中提到的镇（街道）：{'、'.join(draft.places)}", file=out)
    print(f"未能判断、需由起草部门作答的问题（{len(draft.undecided)}）：", file=out)
    for question_id in draft.undecided:
        question = checklist.question(question_id)
        print(f"  {question_id} {question.text_zh if question is not None else ''}", file=out)
    print("以上均为建议：须由起草部门逐条确认或修改后才成为答案。", file=out)


def draft_file(path: Path, checklist_choice: str | None, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        document = read_document(path.read_bytes(), path.name, IntakeLimits())
    except OSError as exc:
        print(f"cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    except DocumentError as exc:
        print(f"{exc.code}: {exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return 1
    compiled = hia_rules.load_checklist(checklist_path(checklist_choice))
    draft = suggest(compiled.checklist, document.text)
    if as_json:
        payload = {"checklist": compiled.key, "format": document.format, **dataclasses.asdict(draft)}
        json.dump(payload, out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        print_table(draft, compiled.checklist, out)
    return 0
