"""Where each answer came from: suggested by the proposal's document and accepted or changed, or entered.

A suggestion is never an answer by itself: it becomes one only when the drafter accepts it (or enters the
same value), and the record says so. Pure functions over the proposal's stored `suggestions` document.
"""

from __future__ import annotations

import math
from typing import Any

SUGGESTED_ACCEPTED = "SUGGESTED_ACCEPTED"
SUGGESTED_CHANGED = "SUGGESTED_CHANGED"
ENTERED = "ENTERED"
# The proposal's own fields a document can suggest, beside the checklist's questions.
FIELDS = ("kind", "policy_type", "investment_yuan", "places")


def same_answer(given: Any, suggested: Any) -> bool:
    """Equal as answers: numbers by value (180 and 180.0), multiple choices in any order."""
    if isinstance(given, (int, float)) and isinstance(suggested, (int, float)):
        return not isinstance(given, bool) and math.isclose(float(given), float(suggested), rel_tol=1e-9)
    if isinstance(given, (list, tuple)) and isinstance(suggested, (list, tuple)):
        return sorted(map(str, given)) == sorted(map(str, suggested))
    return bool(given == suggested)


def suggested_values(suggestions: dict[str, Any]) -> dict[str, Any]:
    """Question id (or field name) -> suggested value, for everything the document suggested."""
    return {
        **{key: item["answer"] for key, item in (suggestions.get("fields") or {}).items()},
        **{key: item["answer"] for key, item in (suggestions.get("questions") or {}).items()},
    }


def origins(values: dict[str, Any], suggestions: dict[str, Any]) -> dict[str, str]:
    """The origin of every answer and suggested field present in `values` (answers under "answers")."""
    suggested = suggested_values(suggestions)
    present = {**{f: values.get(f) for f in FIELDS if values.get(f) not in (None, [], "")}, **values["answers"]}
    found: dict[str, str] = {}
    for key, value in present.items():
        if value in (None, [], ""):
            continue
        if key not in suggested:
            found[key] = ENTERED
        else:
            found[key] = SUGGESTED_ACCEPTED if same_answer(value, suggested[key]) else SUGGESTED_CHANGED
    return found


def provenance(answers: dict[str, Any], answer_origins: dict[str, str], suggestions: dict[str, Any]) -> dict[str, Any]:
    """What an assessment keeps about its answers: per answer its origin, and for suggested ones the
    suggestion and the quoted sentences; plus which document and cues made the suggestions."""
    questions = suggestions.get("questions") or {}
    per_answer: dict[str, Any] = {}
    for question_id in answers:
        origin = answer_origins.get(question_id, ENTERED)
        entry: dict[str, Any] = {"origin": origin}
        if origin != ENTERED and question_id in questions:
            suggestion = questions[question_id]
            entry["suggested"] = suggestion["answer"]
            entry["quotes"] = suggestion.get("quotes", [])
        per_answer[question_id] = entry
    return {
        "answers": per_answer,
        "document": suggestions.get("document"),
        "draftingHash": suggestions.get("draftingHash"),
    }
