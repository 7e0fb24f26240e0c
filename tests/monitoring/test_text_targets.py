"""Text targets show what is recorded for them (issue 14, item 4): a number or words recorded for a target without a
threshold is its latest value, and its status is judged from it, with the basis stated, instead of 无数据/NO_DATA with
a blank latest value; a person's judgement still takes precedence, and the value recorded stays in view beside it."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from db.models import Indicator, Jurisdiction, Plan, Target
from db.session import transaction
from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record

# The status and what it rests on; the reasons are asked apart, so that each part of the issue fails on its own.
STATUS = """query($code: String!, $jurisdiction: String!, $asOf: Int) { indicator(code: $code) {
  targets(jurisdiction: $jurisdiction) { code status(asOf: $asOf) { status basis expectedValue
    latestObservation { value valueText period { label } } } } } }"""
REASONS = """query($code: String!, $jurisdiction: String!, $asOf: Int) { indicator(code: $code) {
  targets(jurisdiction: $jurisdiction) { status(asOf: $asOf) { reasonZh reasonEn } } } }"""
SET_STATUS = """mutation($input: SetTargetStatusInput!) { setTargetStatus(input: $input) {
  status { status basis latestObservation { value } } userErrors { field message code } } }"""


async def status_of(client: GraphQLClient, indicator: str, jurisdiction: str, as_of: int, query: str = STATUS) -> dict:
    data = await client.data(query, {"code": indicator, "jurisdiction": jurisdiction, "asOf": as_of})
    [target] = data["indicator"]["targets"]
    found: dict = target["status"]
    return found


async def reasons_of(client: GraphQLClient, indicator: str, jurisdiction: str, as_of: int) -> tuple[str, str]:
    found = await status_of(client, indicator, jurisdiction, as_of, REASONS)
    return found["reasonZh"], found["reasonEn"]


async def test_numbers_recorded_for_a_text_target_are_its_latest_value_and_judge_its_trend(
    wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    # given: WZ2023-37 成人吸烟率, whose 2024 target is words (低于全省平均水平或较上一年下降10%), lower is better
    assert (await status_of(anonymous, "WZ2023-37", "wuzhong", 2024))["status"] == "NO_DATA"
    # when: the district records its rates for 2023 and 2024
    payload = await record(
        wuzhong_secretary,
        observation("WZ2023-37", "wuzhong", 2023, 20.0),
        observation("WZ2023-37", "wuzhong", 2024, 17.5),
    )
    assert payload["userErrors"] == []
    # then: the latest value shows, and the status follows the trend in the good direction, saying so
    found = await status_of(anonymous, "WZ2023-37", "wuzhong", 2024)
    assert found["latestObservation"] == {"value": 17.5, "valueText": None, "period": {"label": "2024"}}
    assert (found["status"], found["basis"], found["expectedValue"]) == ("ON_TRACK", "TREND", None)
    assert await reasons_of(anonymous, "WZ2023-37", "wuzhong", 2024) == (
        "文字目标（成人吸烟率低于全省平均水平或较上一年下降10%）：2024年观测值 17.5%，较2023年观测值 20%向好"
        "（越低越好）；文字目标没有数值门槛，是否达标由人工判定",
        "text target (成人吸烟率低于全省平均水平或较上一年下降10%): the 2024 value 17.5% is better than the 2023 "
        "value 20% (lower is better); whether it is met is a person's call",
    )
    # and: a rate that rose again is at risk
    await record(wuzhong_secretary, observation("WZ2023-37", "wuzhong", 2024, 21.0))
    assert (await status_of(anonymous, "WZ2023-37", "wuzhong", 2024))["status"] == "AT_RISK"


async def test_the_scorecard_export_shows_the_value_recorded_for_a_text_target(
    wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    # given: WZ2023-54 居民健康素养水平 (高于全省平均水平或较上一年增加20%), recorded for 2023 and 2024
    await record(
        wuzhong_secretary,
        observation("WZ2023-54", "wuzhong", 2023, 30.0),
        observation("WZ2023-54", "wuzhong", 2024, 36.5),
    )
    # when: the scorecard is downloaded
    response = await anonymous.http.get("/exports/scorecards/wuzhong/2024.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content))["2024年监测"].iter_rows(values_only=True))
    header = list(rows[2])  # under the title and source rows
    [row] = [dict(zip(header, r, strict=True)) for r in rows[3:] if r[1] == "WZ2023-54"]
    # then: not 无数据 with a blank latest value: the value, its period, the status and its basis
    assert (row["最新值"], row["期间"], row["状态"]) == (36.5, "2024", "进展顺利")
    basis = "文字目标（居民健康素养水平高于全省平均水平或较上一年增加20%）：2024年观测值 36.5%，较2023年观测值 30%向好"
    assert str(row["判定依据"]).startswith(basis)


async def a_text_target(db: DatabaseUnderTest, indicator: str, words: str, year: int) -> str:
    """A target in words (建成) for a practice of Wuzhong's scored list, as a plan would print it."""
    code = f"wuzhong-2023:{indicator}:{year}:words"
    async with transaction(db.factory) as session:
        practice = (await session.execute(select(Indicator).where(Indicator.code == indicator))).scalar_one()
        wuzhong = (await session.execute(select(Jurisdiction).where(Jurisdiction.code == "wuzhong"))).scalar_one()
        plan = (await session.execute(select(Plan).where(Plan.code == "wuzhong-2023"))).scalar_one()
        session.add(
            Target(
                code=code,
                jurisdiction_id=wuzhong.id,
                plan_id=plan.id,
                indicator_id=practice.id,
                position=999,
                metric_zh=practice.name_zh,
                target_text_zh=words,
                year=year,
                source_seed="test",
                source_section="test",
            )
        )
    return code


async def test_words_recorded_for_a_text_target_meet_it_when_they_state_it(
    monitoring_db: DatabaseUnderTest, wuzhong_secretary: GraphQLClient, anonymous: GraphQLClient
) -> None:
    # given: 婴幼儿照护服务设施 (a practice) with the target 建成 by 2024
    await a_text_target(monitoring_db, "WZ2023-31", "建成", 2024)
    assert (await status_of(anonymous, "WZ2023-31", "wuzhong", 2024))["basis"] == "TEXT_TARGET"
    # when: 2023 is recorded as under construction
    await record(wuzhong_secretary, observation("WZ2023-31", "wuzhong", 2023, None, valueText="尚未建成，正在施工"))
    # then: the words show as the latest value; they do not state the target: at risk, and missed once 2024 is over
    building = await status_of(anonymous, "WZ2023-31", "wuzhong", 2024)
    assert building["latestObservation"]["valueText"] == "尚未建成，正在施工"
    assert (building["status"], building["basis"]) == ("AT_RISK", "WORDS")
    assert (await reasons_of(anonymous, "WZ2023-31", "wuzhong", 2024))[0] == (
        "2023年记录为“尚未建成，正在施工”，未表明已达到2024年目标（建成）"
    )
    assert (await status_of(anonymous, "WZ2023-31", "wuzhong", 2025))["status"] == "MISSED"
    # when: 2024 is recorded as built
    await record(wuzhong_secretary, observation("WZ2023-31", "wuzhong", 2024, None, valueText="已建成"))
    # then: met, saying why in both languages
    built = await status_of(anonymous, "WZ2023-31", "wuzhong", 2025)
    assert (built["status"], built["basis"], built["latestObservation"]["valueText"]) == ("MET", "WORDS", "已建成")
    assert await reasons_of(anonymous, "WZ2023-31", "wuzhong", 2025) == (
        "2024年记录为“已建成”，表明已达到2024年目标（建成）",
        "recorded for 2024 as “已建成”, which states the 2024 target (建成)",
    )


async def test_a_judged_text_target_keeps_its_recorded_value_in_view(panzhihua_secretary: GraphQLClient) -> None:
    # given: PZH14-02 健康预期寿命 (同比例提高) with a value recorded for 2022
    await record(panzhihua_secretary, observation("PZH14-02", "panzhihua", 2022, 70.5))
    # when: the secretary records a judgement
    judged = (
        await panzhihua_secretary.data(
            SET_STATUS,
            {
                "input": {
                    "target": "panzhihua-2021-health-14fyp:PZH14-02:2025:1",
                    "status": "ON_TRACK",
                    "asOf": 2023,
                    "note": "与人均预期寿命同步提高",
                }
            },
        )
    )["setTargetStatus"]
    # then: the judgement decides, and the value recorded is still the latest value
    assert judged["userErrors"] == []
    assert judged["status"] == {"status": "ON_TRACK", "basis": "MANUAL", "latestObservation": {"value": 70.5}}
    assert await reasons_of(panzhihua_secretary, "PZH14-02", "panzhihua", 2023) == (
        "人工判定（pzh-secretary）：与人均预期寿命同步提高",
        "judged by pzh-secretary: 与人均预期寿命同步提高",
    )
