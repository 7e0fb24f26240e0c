"""The command line answers at once: building its parser (what `hia --help` and every command do first) imports
none of SQLAlchemy, alembic, the rule engine or the service; each command imports what it uses when it runs."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

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


def test_python_m_service_cli_says_what_to_run_on_a_missing_database(tmp_path: Path) -> None:
    # `python -m service.cli` runs the command line as __main__: it must still tell a missing database apart
    database = tmp_path / "missing.sqlite3"
    env = {**os.environ, "HIA_DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "token", "list"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "hia db upgrade" in done.stderr
    assert "Traceback" not in done.stderr
    assert not database.exists()
    # and a command that makes the database makes it
    upgraded = subprocess.run(
        [sys.executable, "-m", "service.cli", "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert database.exists()


def test_the_service_imports_no_document_library_or_migration_tool_until_used() -> None:
    # python-docx, pypdf and alembic are for a document read or printed and a migration run: a serving process
    # that does neither starts without them (about 0.4 s of a cold start).
    lazy = ("docx", "pypdf", "alembic")
    probe = f"import sys; import service.app; print(','.join(m for m in {lazy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert loaded.stdout.strip() == ""
