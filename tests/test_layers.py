"""The house stands on one-way dependencies: schema → service → db; only service calls hia_rules; SQL lives
in db/repositories; nothing but hia_rules touches durable_rules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("schema", "service", "hia_rules", "db")
ALLOWED = {
    "db": {"db"},
    "hia_rules": {"hia_rules"},
    "service": {"service", "db", "hia_rules"},
    "schema": {"schema", "service"},
}
# The composition root wires the schema into the web app and the command line.
COMPOSITION_ROOT = {"service/app.py": {"schema"}, "service/cli.py": {"schema"}}
SQL_NAMES = {"select", "insert", "update", "delete", "text", "func", "exists", "tuple_"}


def modules(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "migrations" not in p.parts)


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def test_every_layer_imports_only_what_it_may() -> None:
    wrong = []
    for layer in LAYERS:
        for path in modules(layer):
            relative = path.relative_to(ROOT).as_posix()
            allowed = ALLOWED[layer] | COMPOSITION_ROOT.get(relative, set())
            for module, _names in imports_of(path):
                top = module.split(".")[0]
                if top in LAYERS and top not in allowed:
                    wrong.append(f"{relative} imports {module}")
    assert not wrong


def test_sql_is_built_only_in_repositories() -> None:
    wrong = []
    for layer in ("schema", "service", "hia_rules"):
        for path in modules(layer):
            for module, names in imports_of(path):
                if module == "sqlalchemy" and SQL_NAMES & set(names):
                    wrong.append(f"{path.relative_to(ROOT)} builds SQL ({sorted(SQL_NAMES & set(names))})")
            if ".execute(" in path.read_text(encoding="utf-8"):
                wrong.append(f"{path.relative_to(ROOT)} executes SQL")
    assert not wrong


def test_only_hia_rules_touches_durable_rules() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for layer in ("schema", "service", "db")
        for path in modules(layer)
        for module, _names in imports_of(path)
        if module.split(".")[0] in ("durable", "durable_rules_engine")
    ]
    assert not wrong
