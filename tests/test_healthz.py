"""GET /healthz: 200 with the database status when it answers, 503 when it does not."""

from __future__ import annotations

from pathlib import Path

import httpx
from starlette.types import ASGIApp

from db.session import create_engine
from service.app import create_app
from service.config import Settings
from tests.fixtures.database import DatabaseUnderTest


async def get_health(app: ASGIApp) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        return await client.get("/healthz")


async def test_healthy_database_answers_200(catalog_db: DatabaseUnderTest) -> None:
    app = create_app(Settings(database_url=catalog_db.url, env="test"), engine=catalog_db.engine)
    response = await get_health(app)
    assert response.status_code == 200
    assert response.json()["database"]["status"] == "ok"


async def test_unreachable_postgres_answers_503() -> None:
    # nothing listens on port 9 of the loopback: the connection is refused at once
    url = "postgresql+asyncpg://postgres@127.0.0.1:9/hia"
    engine = create_engine(url)
    try:
        response = await get_health(create_app(Settings(database_url=url, env="test"), engine=engine))
    finally:
        await engine.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["status"] == "unreachable"


async def test_unopenable_sqlite_file_answers_503(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'hia.sqlite3'}"
    engine = create_engine(url)
    try:
        response = await get_health(create_app(Settings(database_url=url, env="test"), engine=engine))
    finally:
        await engine.dispose()
    assert response.status_code == 503
