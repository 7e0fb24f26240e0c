"""YAML for checklists: like `yaml.safe_load`, except that only true/false are booleans.

YAML 1.1 reads YES, NO, ON and OFF as booleans; in a checklist `is: YES` is an answer, not True.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class ChecklistLoader(yaml.SafeLoader):
    pass


ChecklistLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ChecklistLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=ChecklistLoader)
