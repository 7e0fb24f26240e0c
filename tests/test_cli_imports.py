"""The command line answers at once: building its parser (what `hia --help` and every command do first) imports
none of SQLAlchemy, alembic, the rule engine or the service; each command imports what it uses when it runs."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from service.review import cli as review_cli
from service.review import settings

HEAVY = ("sqlalchemy", "alembic", "hia_rules", "strawberry", "service.app", "db.models", "pydantic")


def test_building_the_parser_imports_nothing_heavy() -> None:
    probe = (
        "import sys; import service.cli as c; c.build_parser(); "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert loaded.stdout.strip() == ""


def test_the_deadline_defaults_the_parser_offers_are_the_services() -> None:
    assert dataclasses.asdict(settings.DEFAULT_DUE_DAYS) == review_cli.DEFAULT_DAYS
