"""docker-compose.yml wires the app to PostgreSQL 16 correctly (no Docker engine here to run it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


def test_postgres_16_with_a_healthcheck() -> None:
    db = compose()["services"]["db"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_app_waits_for_a_healthy_database_then_migrates_loads_and_serves() -> None:
    services = compose()["services"]
    app = services["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    command = " ".join(app["command"])
    steps = [command.index(step) for step in ("hia db upgrade", "hia catalog load", "hia serve")]
    assert steps == sorted(steps), "migrate, then load, then serve"
    assert "--host 0.0.0.0" in command
    assert (ROOT / app["build"] / "Dockerfile").is_file()


def test_app_database_url_points_at_the_db_service_with_its_credentials() -> None:
    services = compose()["services"]
    url = make_url(services["app"]["environment"]["HIA_DATABASE_URL"])
    db_env = services["db"]["environment"]
    assert url.drivername == "postgresql+asyncpg"
    assert url.host == "db"
    assert url.port == 5432
    assert (url.username, url.password, url.database) == (
        db_env["POSTGRES_USER"],
        db_env["POSTGRES_PASSWORD"],
        db_env["POSTGRES_DB"],
    )
