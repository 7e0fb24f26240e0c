"""durable_rules and the plain-Python reference give identical outcomes on thousands of proposals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from hia_rules import CompiledChecklist, ScreeningInput, load_checklist, screen, shipped_checklists
from tests.hia_rules.strategies import proposals

MINI = load_checklist(Path(__file__).parent / "mini_checklist.yaml")
CHECKLISTS = [MINI, *[load_checklist(path) for path in shipped_checklists()]]


@pytest.mark.parametrize("compiled", CHECKLISTS, ids=lambda c: c.key)
def test_engine_and_reference_agree(compiled: CompiledChecklist) -> None:
    @settings(
        max_examples=2_500,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(proposals(compiled))
    def agree(proposal: ScreeningInput) -> None:
        assert screen(compiled, proposal, "durable") == screen(compiled, proposal, "reference")

    agree()
