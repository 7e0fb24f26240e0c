"""YAML for checklists: like `yaml.safe_load`, except that only true/false are booleans.

YAML 1.1 reads YES, NO, ON and OFF as booleans; in a checklist `is: YES` is an answer, not True.
"""

from __future__ import annotations

import re
from typing import Any, cast

import yaml


def _checklist_loader() -> type[yaml.SafeLoader]:
    # libyaml's parser when PyYAML has it (its wheels do): the same documents, about ten times faster to read,
    # which was most of the time a service took to publish its checklists on first start.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = cast("type[yaml.SafeLoader]", type("ChecklistLoader", (base,), {}))
    loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return loader


ChecklistLoader = _checklist_loader()


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=ChecklistLoader)
