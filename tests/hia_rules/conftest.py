from __future__ import annotations

import functools
from pathlib import Path

import pytest

from hia_rules import CompiledChecklist, load_checklist, shipped_checklists
from hia_rules.examples import Example, examples_dir, load_examples
from hia_rules.yaml_loader import load_yaml

MINI = Path(__file__).parent / "mini_checklist.yaml"


@pytest.fixture(scope="session")
def mini() -> CompiledChecklist:
    return load_checklist(MINI)


def mini_data() -> dict:
    data: dict = load_yaml(MINI.read_text(encoding="utf-8"))
    return data


# Compiling a checklist takes a second or two: once per file for the whole test run, not once per example.
compiled_once = functools.cache(load_checklist)


def shipped_examples() -> list[tuple[Path, Example]]:
    """Every example of every shipped checklist, with the checklist file it belongs to."""
    return [
        (path, example)
        for path in shipped_checklists()
        for example in load_examples(examples_dir(path, compiled_once(path)))
    ]
