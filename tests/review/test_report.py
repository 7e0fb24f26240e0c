"""The health impact assessment report: every section in HTML and Markdown, who may read it (a token that sees
the proposal, or a signed link), and the printed result in headless Chromium (PDF and PNG)."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from service.review.report import SECTIONS
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.pdf_text import page_texts, pdf_text, readable
from tests.fixtures.server import LiveServer, live_server
from tests.review.cast import CONCLUDE, ENVIRONMENT, SPONSOR, SUBMIT_REVIEW, WAIVE, Cast, cast_for, later

RECORD = """mutation($input: RecordObservationsInput!) { recordObservations(input: $input) {
  userErrors { field message } } }"""
REPORT = """query($code: String!) { proposal(code: $code) { report {
  htmlUrl markdownUrl signedHtmlUrl signedMarkdownUrl signedUntil } } }"""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
async def server(review_db: DatabaseUnderTest) -> AsyncIterator[LiveServer]:
    async with live_server(review_db) as running:
        yield running


@pytest.fixture(scope="module")
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    # Refusals are read in English here (the code's own text); a test below reads the default, Chinese.
    async with httpx.AsyncClient(base_url=server.base_url, headers={"accept-language": "en"}) as client:
        yield client


@pytest.fixture(scope="module")
async def cast(review_db: DatabaseUnderTest, http: httpx.AsyncClient) -> Cast:
    return await cast_for(review_db, GraphQLClient(http))


async def concluded_example(cast: Cast) -> dict[str, Any]:
    """A waste incinerator project, reviewed (one request waived, one with a condition whose text could break a
    Markdown table), approved with conditions by the chair."""
    proposal = await cast.submitted(title="生活垃圾焚烧发电厂 | 二期", summary="日处理生活垃圾1200吨")
    for request in await cast.requests(proposal):
        if request["kind"] == "DEPARTMENT" and request["department"]["code"] != ENVIRONMENT:
            waived = await cast.secretary.data(WAIVE, {"id": request["id"], "reason": "不涉及学校周边"})
            assert waived["waiveReviewRequest"]["userErrors"] == []
            continue
        review: dict[str, Any] = {"id": request["id"], "opinion": "CONCUR", "comments": "同意建设"}
        if request["kind"] == "DEPARTMENT":
            review = {
                "id": request["id"],
                "opinion": "CONCUR_WITH_CONDITIONS",
                "comments": "需加强烟气监测 <script>alert(1)</script>",
                "conditions": [
                    {"textZh": "安装烟气在线监测 | 并联网", "responsibleDepartment": SPONSOR, "dueOn": later(90)}
                ],
            }
        payload = (await cast.reviewer_of(request).data(SUBMIT_REVIEW, {"input": review}))["submitReview"]
        assert payload["userErrors"] == [], payload
    concluded = await cast.chair.data(
        CONCLUDE,
        {
            "input": {
                "proposal": proposal["id"],
                "decision": "APPROVED_WITH_CONDITIONS",
                "summaryZh": "同意建设，须落实烟气监测条件",
                "summaryEn": "Approved if emissions are monitored",
            }
        },
    )
    assert concluded["concludeReview"]["userErrors"] == []
    return proposal


async def links_of(cast: Cast, proposal: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = (await cast.secretary.data(REPORT, {"code": proposal["code"]}))["proposal"]["report"]
    return found


async def test_the_report_has_every_section_in_html_and_markdown(cast: Cast, http: httpx.AsyncClient) -> None:
    # Panzhihua's binding air-quality target (PZH14-22: ≥ 95 % good days by 2025) has a measured value
    recorded = await cast.secretary.data(
        RECORD,
        {
            "input": {
                "observations": [
                    {"indicator": "PZH14-22", "jurisdiction": "panzhihua", "year": 2024, "value": 96.5, "unit": "%"}
                ]
            }
        },
    )
    assert recorded["recordObservations"]["userErrors"] == []
    proposal = await concluded_example(cast)
    links = await links_of(cast, proposal)
    headers = {"authorization": f"Bearer {cast.sponsor.token}"}
    html = await http.get(links["htmlUrl"], headers=headers)
    markdown = await http.get(links["markdownUrl"], headers=headers)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert html.headers["cache-control"] == "private, no-store"
    for body in (html.text, markdown.text):
        for _key, zh, en in SECTIONS:
            assert zh in body, zh
            assert en in body, en
        # basic facts, degree, the national form, findings with indicators and targets
        assert proposal["code"] in body
        assert "日处理生活垃圾1200吨" in body
        assert "重大" in body
        assert "全面评估" in body
        # why it is 重大: a decisive reason in words, with the answer it matched
        assert "（检查表规定至少为重大）" in body
        assert "the checklist sets at least major" in body
        assert "CN2018-01" in body
        assert "PZH14-22" in body
        # opinions, the waiver's reason, the condition and its department, the conclusion, the signatures
        assert "市环境保护局（environment-" in body
        assert "不涉及学校周边" in body
        assert "安装烟气在线监测" in body
        assert "市城市管理局" in body
        assert "有条件同意" in body
        assert "同意建设，须落实烟气监测条件" in body
        # a document to file: the committee on the cover, its reference, the chair's name and title to sign
        assert "攀枝花市健康影响评价专家委员会" in body
        assert re.search(r"攀枝花市健评〔\d{4}〕\d+号", body)
        assert "专家委员会主任委员" in body
        assert "王主任" in body
        assert "主任医师" in body
        assert "（盖章）" in body
        # the rules behind the findings only in the appendix, not in the body
        body_text, appendix = body.split(SECTIONS[-1][1])[-2:]
        rule_ids = set(re.findall(r"\b(?:air|equity)\.[a-z_.-]+\b", appendix))
        assert "air.emissions" in rule_ids
        assert not [rule for rule in rule_ids if rule in body_text]
    # the findings' targets say where they stand, and the trend charts are in the report
    assert "PZH14-22 2025年 ≥ 95%" in html.text
    assert "已达标 Met" in html.text
    assert 'src="data:image/svg+xml;base64,' in html.text
    assert "](/charts/indicators/PZH14-22/panzhihua.svg)" in markdown.text
    # user text cannot inject markup or break a table
    assert "<script>" not in html.text
    assert "&lt;script&gt;" in html.text
    assert "<script>" not in markdown.text
    assert "安装烟气在线监测 \\| 并联网" in markdown.text


async def test_who_may_read_the_report(cast: Cast, http: httpx.AsyncClient) -> None:
    proposal = await cast.submitted()
    links = await links_of(cast, proposal)
    # no token: told how to get in
    anonymous = await http.get(links["htmlUrl"])
    assert anonymous.status_code == 401
    assert "signed link" in anonymous.json()["errors"][0]["message"]
    chinese = await http.get(links["htmlUrl"], headers={"accept-language": "zh-CN"})
    assert "签名链接" in chinese.json()["errors"][0]["message"]
    # a department that may not see the proposal: as if there were no such report
    hidden = await http.get(links["htmlUrl"], headers={"authorization": f"Bearer {cast.tourism.token}"})
    assert hidden.status_code == 404
    # a signed link opens without a token, and a working copy says it is not concluded
    signed = await http.get(links["signedHtmlUrl"])
    assert signed.status_code == 200
    assert "尚未作出评估结论" in signed.text
    query = parse_qs(urlsplit(links["signedHtmlUrl"]).query)
    tampered = await http.get(
        f"/reports/{proposal['code']}.html", params={"expires": query["expires"][0], "signature": "0" * 64}
    )
    assert tampered.status_code == 403
    assert "not valid" in tampered.json()["errors"][0]["message"]
    # a signature is for one report and format
    other_format = await http.get(
        f"/reports/{proposal['code']}.md", params={"expires": query["expires"][0], "signature": query["signature"][0]}
    )
    assert other_format.status_code == 403
    expired = await http.get(f"/reports/{proposal['code']}.html", params={"expires": "1", "signature": "0" * 64})
    assert "expired" in expired.json()["errors"][0]["message"]
    unknown = await http.get("/reports/HIA-1999-000000.pdf")
    assert unknown.status_code == 404


async def test_a_draft_has_no_report_yet(cast: Cast) -> None:
    draft = await cast.draft()
    assert (await cast.secretary.data(REPORT, {"code": draft["code"]}))["proposal"]["report"] is None


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "headless Chromium is needed (scripts/test installs Debian's chromium)"
    return found


async def headless(url: str, *outputs: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        process = await asyncio.create_subprocess_exec(
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1240,1754",
            "--hide-scrollbars",
            *outputs,
            url,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _out, err = await asyncio.wait_for(process.communicate(), 90)
        assert process.returncode == 0, err.decode(errors="replace")[-2000:]


async def test_the_concluded_report_prints_every_section_in_headless_chromium(cast: Cast, tmp_path: Path) -> None:
    proposal = await concluded_example(cast)
    url = (await links_of(cast, proposal))["signedHtmlUrl"]
    pdf, png = tmp_path / f"{uuid.uuid4().hex}.pdf", tmp_path / "report.png"
    await headless(url, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    await headless(url, f"--screenshot={png}")
    pages, (width, height), text = pdf_text(pdf.read_bytes())
    # a real report: more than one A4 page, every section printed (in Chinese and English)
    assert pages >= 2
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    for _key, zh, en in SECTIONS:
        assert readable(zh).replace(" ", "") in text, zh
        assert en.replace(" ", "") in text, en
    assert proposal["code"] in text
    assert "王主任" in text
    # filed as it prints: the committee named, signature and seal blocks, and on every page the reference and
    # the page number; the rules behind the findings only in the appendix (the last section)
    assert "攀枝花市健康影响评价专家委员会" in text
    assert "主任医师" in text
    assert readable("（盖章）") in text
    pages_text = page_texts(pdf.read_bytes())
    for number, page in enumerate(pages_text, start=1):
        assert re.search(r"攀枝花市健评〔\d{4}〕\d+号", page), number
        assert f"第{number}页/共{pages}页" in page, number
    before_appendix = text.split(readable(SECTIONS[-1][1]).replace(" ", ""))[0]
    assert "air.emissions" in text
    assert "air.emissions" not in before_appendix
    assert "air.escalate" not in before_appendix
    image = png.read_bytes()
    assert image.startswith(PNG_SIGNATURE)
    assert len(image) > 50_000  # a page of text, not a blank or an error page
