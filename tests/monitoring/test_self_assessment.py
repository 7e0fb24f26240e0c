"""Wuzhong's scored self-assessment (annex 2 of seed 004): totals shown as the source gives them. The list prints
100 points, but its items add up to 99 (健康社会 prints 20 and its items add up to 19; item 29 is missing)."""

from __future__ import annotations

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import acting, observation, record

ASSESSMENT = """query($year: Int!) { selfAssessment(framework: "js-healthy-district-2023", jurisdiction: "wuzhong",
  year: $year) { year printedTotal itemsTotal achieved discrepancies
  headings { dimension { nameZh } printedPoints itemsPoints achieved discrepancy
    items { indicator { code number } points score manualScore automaticScore automaticBasis evidence attachments
      scoredBy version thresholds { status } } } } }"""
SCORE = """mutation($input: ScoreSelfAssessmentItemInput!) { scoreSelfAssessmentItem(input: $input) {
  item { indicator { code } score evidence attachments version } selfAssessment { achieved }
  userErrors { field message code } } }"""

# (heading, points printed, points of its items) as annex 2 gives them
SOURCE_HEADINGS = [
    ("健康政策", 10, 10),
    ("健康环境", 20, 20),
    ("健康社会", 20, 19),
    ("健康服务", 20, 20),
    ("健康文化", 15, 15),
    ("组织管理", 15, 15),
]


async def assessment(client: GraphQLClient, year: int = 2024) -> dict:
    data = await client.data(ASSESSMENT, {"year": year})
    found: dict = data["selfAssessment"]
    return found


async def test_full_marks_total_the_items_points_beside_the_printed_points(wuzhong_secretary: GraphQLClient) -> None:
    # given: every item scored at its points
    before = await assessment(wuzhong_secretary)
    items = [i for h in before["headings"] for i in h["items"]]
    assert len(items) == 69
    for item in items:
        scored = (
            await wuzhong_secretary.data(
                SCORE,
                {
                    "input": {
                        "item": item["indicator"]["code"],
                        "jurisdiction": "wuzhong",
                        "year": 2024,
                        "score": item["points"],
                        "evidence": "见佐证材料",
                        "attachments": ["附件-01.pdf"],
                    }
                },
            )
        )["scoreSelfAssessmentItem"]
        assert scored["userErrors"] == []
    # when
    full = await assessment(wuzhong_secretary)
    # then: full marks are what the items add up to; the printed points stand beside them
    assert (full["printedTotal"], full["itemsTotal"], full["achieved"]) == (100, 99, 99)
    assert [
        (h["dimension"]["nameZh"], h["printedPoints"], h["itemsPoints"]) for h in full["headings"]
    ] == SOURCE_HEADINGS
    assert [h["achieved"] for h in full["headings"]] == [items for _n, _p, items in SOURCE_HEADINGS]
    assert [h["discrepancy"] for h in full["headings"]] == [
        None,
        None,
        "健康社会 prints 20 points but its items add up to 19",
        None,
        None,
        None,
    ]
    assert full["discrepancies"] == [
        "the list prints a total of 100 points but its items add up to 99: full marks are 99",
        "健康社会 prints 20 points but its items add up to 19",
        "the source's numbering skips item 29",
    ]
    numbers = [int(i["indicator"]["number"]) for h in full["headings"] for i in h["items"]]
    assert numbers == [n for n in range(1, 71) if n != 29]


async def test_a_score_keeps_its_evidence_and_corrections_are_versions(wuzhong_secretary: GraphQLClient) -> None:
    base = {"item": "WZ2023-31", "jurisdiction": "wuzhong", "year": 2023}
    first = await wuzhong_secretary.data(SCORE, {"input": {**base, "score": 1, "evidence": "已建成托育机构3家"}})
    again = await wuzhong_secretary.data(
        SCORE, {"input": {**base, "score": 0.5, "evidence": "2家达标", "attachments": ["吴卫〔2023〕12号"]}}
    )
    assert first["scoreSelfAssessmentItem"]["item"]["version"] == 1
    item = again["scoreSelfAssessmentItem"]["item"]
    assert (item["score"], item["evidence"], item["attachments"], item["version"]) == (
        0.5,
        "2家达标",
        ["吴卫〔2023〕12号"],
        2,
    )
    assert again["scoreSelfAssessmentItem"]["selfAssessment"]["achieved"] == 0.5


async def test_scores_above_the_points_or_of_unknown_items_are_refused(wuzhong_secretary: GraphQLClient) -> None:
    over = await wuzhong_secretary.data(
        SCORE, {"input": {"item": "WZ2023-01", "jurisdiction": "wuzhong", "year": 2024, "score": 2.5}}
    )
    assert over["scoreSelfAssessmentItem"]["userErrors"] == [
        {"field": ["input", "score"], "message": "must be between 0 and the item's 2 points", "code": "INVALID"}
    ]
    unknown = await wuzhong_secretary.data(
        SCORE, {"input": {"item": "PZH14-01", "jurisdiction": "wuzhong", "year": 2024, "score": 1}}
    )
    assert (
        unknown["scoreSelfAssessmentItem"]["userErrors"][0]["message"]
        == "no item of a scored list has the code 'PZH14-01'"
    )
    outside = await wuzhong_secretary.data(
        SCORE, {"input": {"item": "WZ2023-01", "jurisdiction": "wuzhong", "year": 2026, "score": 1}}
    )
    assert outside["scoreSelfAssessmentItem"]["userErrors"][0]["message"] == "2026 is outside the plan (2023–2024)"


async def test_items_with_thresholds_are_scored_from_observations(wuzhong_secretary: GraphQLClient) -> None:
    # WZ2023-09: ≥80% good-air days in 2024 (1 point); WZ2023-08: two thresholds, 12 m² and 35% (2 points)
    assert (
        await record(
            wuzhong_secretary,
            observation("WZ2023-09", "wuzhong", 2024, 83.0),
            observation("WZ2023-08", "wuzhong", 2024, 12.5, measure="人均公园绿地面积"),
            observation("WZ2023-08", "wuzhong", 2024, 33.0, measure="建成区绿化覆盖率"),
            observation("WZ2023-14", "wuzhong", 2024, 85.0),  # ≥90%: not met
        )
    )["userErrors"] == []
    found = {
        i["indicator"]["code"]: i for h in (await assessment(wuzhong_secretary, 2024))["headings"] for i in h["items"]
    }
    assert (found["WZ2023-09"]["automaticScore"], found["WZ2023-09"]["automaticBasis"]) == (1, "all 1 thresholds met")
    assert found["WZ2023-14"]["automaticScore"] == 0
    assert found["WZ2023-08"]["automaticScore"] is None
    assert found["WZ2023-08"]["automaticBasis"].startswith("1 of 2 thresholds met")
    assert [t["status"] for t in found["WZ2023-08"]["thresholds"]] == ["MET", "AT_RISK"]


async def test_officers_score_the_items_their_department_is_named_for(
    monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient
) -> None:
    education = await acting(monitoring_db, anonymous, "DEPARTMENT_OFFICER", "wuzhong.education-bureau", "wz-edu")
    mine = {"item": "WZ2023-52", "jurisdiction": "wuzhong", "year": 2023, "score": 1}  # 健康教育课时: 教育局
    assert (await education.data(SCORE, {"input": mine}))["scoreSelfAssessmentItem"]["userErrors"] == []
    theirs = await education.post(SCORE, {"input": {**mine, "item": "WZ2023-50"}})  # 体育锻炼: 文体旅局
    assert theirs["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    chair = await acting(monitoring_db, anonymous, "COMMITTEE_CHAIR", "wuzhong", "wz-chair")
    assert (await chair.data(SCORE, {"input": {**mine, "item": "WZ2023-50"}}))["scoreSelfAssessmentItem"][
        "userErrors"
    ] == []
