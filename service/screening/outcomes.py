"""The fixed list of health outcomes findings are about, with their names (from the checklist vocabulary)."""

from __future__ import annotations

from hia_rules.vocabulary import HEALTH_OUTCOME_NAMES, HealthOutcome


def outcome_names(code: str) -> tuple[str, str]:
    """(Chinese, English) name of a health outcome; the code itself for one a later vocabulary dropped."""
    try:
        return HEALTH_OUTCOME_NAMES[HealthOutcome(code)]
    except ValueError:
        return code, code
