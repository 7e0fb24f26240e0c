"""Status reasons in both languages (issue 14, item 4): every status carries `reasonZh` and `reasonEn` with the values
it rests on, in the target statuses and the scorecard alike; `reason` follows the request's Accept-Language, Chinese
by default."""

from __future__ import annotations

import pytest

from schema.language import preferred
from service.monitoring.status_reasons import period_zh
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record

STATUS = """query($code: String!, $jurisdiction: String!, $asOf: Int) { indicator(code: $code) {
  targets(jurisdiction: $jurisdiction) { status(asOf: $asOf) { status reason reasonZh reasonEn } } } }"""


async def reasons(client: GraphQLClient, code: str, jurisdiction: str, as_of: int) -> dict:
    data = await client.data(STATUS, {"code": code, "jurisdiction": jurisdiction, "asOf": as_of})
    [target] = data["indicator"]["targets"]
    found: dict = target["status"]
    return found


async def reason_for(client: GraphQLClient, accept_language: str | None) -> str:
    headers = {"accept-language": accept_language} if accept_language is not None else {}
    query = '{ indicator(code: "WZ2023-09") { targets(jurisdiction: "wuzhong") { status(asOf: 2024) { reason } } } }'
    response = await client.http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["indicator"]["targets"][0]["status"]["reason"])


async def test_a_status_says_why_in_chinese_and_english_with_its_values(
    wuzhong_secretary: GraphQLClient, panzhihua_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    # given: nothing recorded for WZ2023-09 (空气质量优良天数比例 ≥80% in 2024)
    empty = await reasons(anonymous, "WZ2023-09", "wuzhong", 2024)
    assert (empty["reasonZh"], empty["reasonEn"]) == ("截至2024年没有观测值", "no value up to 2024")
    # when: 2023 is recorded at 85.2%
    await record(wuzhong_secretary, observation("WZ2023-09", "wuzhong", 2023, 85.2))
    # then
    met = await reasons(anonymous, "WZ2023-09", "wuzhong", 2024)
    assert met["status"] == "MET"
    assert met["reasonZh"] == "2023年观测值 85.2%，已达到2024年目标（≥80%）"
    assert met["reasonEn"] == "the 2023 value 85.2% meets the 2024 target (≥80%)"
    # and: on and behind the path from the 2020 baseline (PZH14-01 人均预期寿命 78.84 → ≥79.5岁 by 2025)
    await record(panzhihua_secretary, observation("PZH14-01", "panzhihua", 2022, 79.2))
    ahead = await reasons(anonymous, "PZH14-01", "panzhihua", 2023)
    assert ahead["reasonZh"] == "2022年观测值 79.2岁，达到或超过从基线到2025年目标（≥79.5岁）的路径值 79.1"
    assert ahead["reasonEn"] == (
        "the 2022 value 79.2岁 is on or ahead of the path to the 2025 target (≥79.5岁), which expects 79.1"
    )
    missed = await reasons(anonymous, "PZH14-01", "panzhihua", 2026)
    assert missed["reasonZh"] == "2022年观测值 79.2岁，未达到2025年目标（≥79.5岁），目标年份已过"


async def test_the_scorecard_carries_both_reasons(wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient) -> None:
    await record(wuzhong_secretary, observation("WZ2023-09", "wuzhong", 2023, 85.2))
    data = await anonymous.data(
        """{ scorecard(jurisdiction: "wuzhong", year: 2024) { frameworks { headings { targets {
             target { indicator { code } } reasonZh reasonEn } } } } }"""
    )
    found = [
        t
        for f in data["scorecard"]["frameworks"]
        for h in f["headings"]
        for t in h["targets"]
        if t["target"]["indicator"]["code"] == "WZ2023-09"
    ]
    assert [(t["reasonZh"], t["reasonEn"]) for t in found] == [
        ("2023年观测值 85.2%，已达到2024年目标（≥80%）", "the 2023 value 85.2% meets the 2024 target (≥80%)")
    ]


async def test_reason_follows_accept_language_and_is_chinese_by_default(
    wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    await record(wuzhong_secretary, observation("WZ2023-09", "wuzhong", 2023, 85.2))
    chinese = "2023年观测值 85.2%，已达到2024年目标（≥80%）"
    english = "the 2023 value 85.2% meets the 2024 target (≥80%)"
    assert await reason_for(anonymous, None) == chinese
    assert await reason_for(anonymous, "en-US,en;q=0.9") == english
    assert await reason_for(anonymous, "zh-CN,zh;q=0.9,en;q=0.8") == chinese
    assert await reason_for(anonymous, "fr-FR") == chinese


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh"),
        ("", "zh"),
        ("en", "en"),
        ("en-GB", "en"),
        ("zh-Hans-CN", "zh"),
        ("fr, en;q=0.5", "en"),
        ("en;q=0.4, zh;q=0.6", "zh"),
        ("en;q=0, fr", "zh"),  # q=0: not acceptable
        ("en, zh", "en"),  # equals: the earlier
        ("en;q=abc", "zh"),
    ],
)
def test_the_preferred_language_of_a_header(header: str | None, language: str) -> None:
    assert preferred(header) == language


def test_periods_read_in_chinese() -> None:
    assert (period_zh(2024, "Y"), period_zh(2024, "Q2"), period_zh(2024, "M05")) == (
        "2024年",
        "2024年第二季度",
        "2024年5月",
    )
