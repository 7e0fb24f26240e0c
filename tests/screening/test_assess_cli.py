"""`hia assess` prints the outcome of every shipped example, v1 and v2 alike (no database needed)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import hia_rules
from hia_rules.examples import Example
from service.screening.cli import assess
from tests.hia_rules.conftest import compiled_once, shipped_examples

EXAMPLES = shipped_examples()


@pytest.mark.parametrize(("path", "example"), EXAMPLES, ids=[f"{p.stem}/{e.path.stem}" for p, e in EXAMPLES])
def test_assess_prints_every_finding_with_its_indicator_or_outcome(
    path: Path, example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hia_rules, "load_checklist", compiled_once)
    out = io.StringIO()
    assert assess(example.path, str(path), False, "durable", out) == 0
    printed = out.getvalue()
    outcome = hia_rules.screen(compiled_once(path), example.given)
    assert f"Degree      {outcome.impact_degree}" in printed
    for finding in outcome.findings:
        shown = [line for line in printed.splitlines() if line.endswith(finding.rule_id)]
        assert shown, finding.rule_id
        assert any(line.startswith(finding.indicator or "—") for line in shown)
        if finding.outcome:
            assert any(finding.outcome in line for line in shown)
    for source in {e.title for f in outcome.findings for e in f.evidence}:
        assert f"evidence: {source}" in printed
