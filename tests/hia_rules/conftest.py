from __future__ import annotations

from pathlib import Path

import pytest

from hia_rules import CompiledChecklist, load_checklist
from hia_rules.yaml_loader import load_yaml

MINI = Path(__file__).parent / "mini_checklist.yaml"


@pytest.fixture(scope="session")
def mini() -> CompiledChecklist:
    return load_checklist(MINI)


def mini_data() -> dict:
    data: dict = load_yaml(MINI.read_text(encoding="utf-8"))
    return data
