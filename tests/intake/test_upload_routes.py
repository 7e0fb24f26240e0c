"""POST /documents and GET /documents/<code>: an officer uploads a proposal's document and gets it back; bad
files are refused by name with nothing stored; nobody else can read an unattached upload."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import docx
import httpx
import pytest
from sqlalchemy import func, select

from db.models import AuditEvent, ProposalDocument
from service.app import create_app
from service.config import Settings
from tests.conftest import issue_token, screening_database
from tests.fixtures.database import DatabaseUnderTest

SPONSOR = "wuzhong.urban-management-bureau"
OTHER_DEPARTMENT = "wuzhong.health-commission"


@pytest.fixture(scope="module")
async def intake_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DatabaseUnderTest]:
    async with screening_database(Path(tmp_path_factory.mktemp("intake"))) as db:
        yield db


@pytest.fixture(scope="module")
async def http(intake_db: DatabaseUnderTest) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=intake_db.url, env="test", document_max_bytes=64 * 1024)
    app = create_app(settings, engine=intake_db.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hia.test") as client:
        yield client


def word_document(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def stored_documents(db: DatabaseUnderTest) -> int:
    async with db.factory() as session:
        return int(await session.scalar(select(func.count()).select_from(ProposalDocument)) or 0)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_officer_uploads_a_word_document_and_downloads_the_same_bytes(
    intake_db: DatabaseUnderTest, http: httpx.AsyncClient
) -> None:
    # given an officer of the sponsoring department and a project proposal in Word
    officer = bearer(await issue_token(intake_db, "DEPARTMENT_OFFICER", department=SPONSOR))
    content = word_document("吴中区垃圾转运站项目建议书", "项目总投资3000万元，距最近的学校约180米。")

    # when it is uploaded under its Chinese name
    name = "转运站项目建议书.docx"
    uploaded = await http.post("/documents", params={"filename": name}, content=content, headers=officer)

    # then it is stored with what was read from it, and comes back byte for byte
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()["document"]
    assert document["code"].startswith("DOC-")
    assert (document["format"], document["filename"], document["sizeBytes"]) == ("docx", name, len(content))
    assert document["characters"] > 20
    downloaded = await http.get(f"/documents/{document['code']}", headers=officer)
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert "filename*=UTF-8''%E8%BD%AC%E8%BF%90%E7%AB%99" in downloaded.headers["content-disposition"]
    async with intake_db.factory() as session:
        actions = set((await session.scalars(select(AuditEvent.action))).all())
    assert "uploadDocument" in actions


async def test_an_upload_not_yet_in_a_proposal_is_its_uploaders_alone(
    intake_db: DatabaseUnderTest, http: httpx.AsyncClient
) -> None:
    # given a document an officer uploaded
    officer = bearer(await issue_token(intake_db, "DEPARTMENT_OFFICER", department=SPONSOR))
    uploaded = await http.post("/documents", content="关于推进控烟工作的实施方案".encode(), headers=officer)
    code = uploaded.json()["document"]["code"]

    # when others ask for it
    other = bearer(await issue_token(intake_db, "DEPARTMENT_OFFICER", department=OTHER_DEPARTMENT))
    chair = bearer(await issue_token(intake_db, "COMMITTEE_CHAIR", "wuzhong"))
    anonymous = await http.get(f"/documents/{code}")

    # then nobody else learns that it exists, and a request without a token is told to bring one
    assert (await http.get(f"/documents/{code}", headers=other)).status_code == 404
    assert (await http.get(f"/documents/{code}", headers=chair)).status_code == 404
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("role", ["VIEWER", "EXPERT", "COMMITTEE_CHAIR"])
async def test_only_those_who_draft_proposals_upload(
    intake_db: DatabaseUnderTest, http: httpx.AsyncClient, role: str
) -> None:
    token = await issue_token(intake_db, role, "wuzhong")
    response = await http.post("/documents", content="方案".encode(), headers=bearer(token))
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_anonymous_upload_is_refused_before_the_body_is_read(http: httpx.AsyncClient) -> None:
    response = await http.post("/documents", content=b"x" * 1000)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"", "empty.txt", "EMPTY_DOCUMENT"),
        (b"  \n ", None, "EMPTY_DOCUMENT"),
        (word_document("一份Word文档"), "方案.pdf", "EXTENSION_MISMATCH"),
        (b"%PDF-1.4 not really a pdf", "方案.pdf", "CORRUPT_DOCUMENT"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版.doc", "UNSUPPORTED_FORMAT"),
    ],
)
async def test_a_file_that_cannot_be_read_is_refused_by_name_and_nothing_is_stored(
    intake_db: DatabaseUnderTest, http: httpx.AsyncClient, content: bytes, filename: str | None, code: str
) -> None:
    officer = bearer(await issue_token(intake_db, "DEPARTMENT_OFFICER", department=SPONSOR))
    before = await stored_documents(intake_db)
    params = {"filename": filename} if filename else {}
    response = await http.post("/documents", params=params, content=content, headers=officer)
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == code
    assert error["message"]
    assert await stored_documents(intake_db) == before


async def test_a_document_over_the_size_limit_gets_413_and_nothing_is_stored(
    intake_db: DatabaseUnderTest, http: httpx.AsyncClient
) -> None:
    # given a limit of 64 KiB (HIA_DOCUMENT_MAX_BYTES in this app's settings)
    officer = bearer(await issue_token(intake_db, "DEPARTMENT_OFFICER", department=SPONSOR))
    before = await stored_documents(intake_db)
    response = await http.post("/documents", content="健康".encode() * 20_000, headers=officer)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_LARGE"
    assert "64 KiB" in response.json()["errors"][0]["message"]
    assert await stored_documents(intake_db) == before
