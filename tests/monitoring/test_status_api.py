"""Target statuses over the API, from observations stored in the database: Panzhihua's five-year-plan table has
≥, >, ≤ and < targets, higher- and lower-is-better indicators, binding ones, and text targets."""

from __future__ import annotations

from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import observation, record, statuses

SET_STATUS = """mutation($input: SetTargetStatusInput!) { setTargetStatus(input: $input) {
  status { status basis manualNote judgedBy target { code } } userErrors { field message code } } }"""


async def test_status_follows_comparator_direction_baseline_and_year(panzhihua_secretary: GraphQLClient) -> None:
    # given: one value each (Panzhihua 2020 baselines → 2025 targets)
    payload = await record(
        panzhihua_secretary,
        observation("PZH14-01", "panzhihua", 2022, 79.2),  # ≥79.5 from 78.84: path at 2022 is 79.104
        observation("PZH14-07", "panzhihua", 2022, 91.7),  # ≥92 from 91.6: path at 2022 is 91.76
        observation("PZH14-04", "panzhihua", 2023, 3.5),  # ≤4.8 (infant mortality, lower is better)
        observation("PZH14-06", "panzhihua", 2022, 10.62),  # ≤10.57 from 10.69: path at 2022 is 10.642
        observation("PZH14-25", "panzhihua", 2024, 27.0),  # <27 (binding) from 27.26: path at 2024 is 27.052
    )
    assert payload["userErrors"] == []
    # when / then
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-01", "panzhihua", 2023)] == ["ON_TRACK"]
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-07", "panzhihua", 2023)] == ["AT_RISK"]
    [met] = await statuses(panzhihua_secretary, "PZH14-04", "panzhihua", 2023)
    assert (met["status"], met["latestObservation"]["value"], met["expectedValue"]) == ("MET", 3.5, 4.8)
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-06", "panzhihua", 2023)] == ["ON_TRACK"]
    [binding] = await statuses(panzhihua_secretary, "PZH14-25", "panzhihua", 2024)
    assert (binding["status"], binding["isBinding"]) == ("ON_TRACK", True)
    # the target years pass: what is not met is missed
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-06", "panzhihua", 2026)] == ["MISSED"]
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-04", "panzhihua", 2026)] == ["MET"]
    # as of 2022 the 2023 value is not known yet
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-04", "panzhihua", 2022)] == ["NO_DATA"]
    # nothing recorded: no data
    assert [s["status"] for s in await statuses(panzhihua_secretary, "PZH14-08", "panzhihua", 2023)] == ["NO_DATA"]


async def test_strictly_more_needs_more_and_without_baseline_the_first_value_starts_the_path(
    panzhihua_secretary: GraphQLClient,
) -> None:
    # PZH14-15: >90 by 2025, binding, no baseline printed
    await record(panzhihua_secretary, observation("PZH14-15", "panzhihua", 2022, 88.0))
    [alone] = await statuses(panzhihua_secretary, "PZH14-15", "panzhihua", 2023)
    assert (alone["status"], alone["expectedValue"]) == ("AT_RISK", None)
    await record(panzhihua_secretary, observation("PZH14-15", "panzhihua", 2021, 85.0))
    [pathed] = await statuses(panzhihua_secretary, "PZH14-15", "panzhihua", 2023)
    assert (pathed["status"], pathed["expectedValue"]) == ("ON_TRACK", 86.25)
    await record(panzhihua_secretary, observation("PZH14-15", "panzhihua", 2024, 90.0))
    [exactly] = await statuses(panzhihua_secretary, "PZH14-15", "panzhihua", 2026)
    assert exactly["status"] == "MISSED"  # 90 is not more than 90


async def test_text_targets_are_no_data_until_judged_by_a_person(panzhihua_secretary: GraphQLClient) -> None:
    # PZH14-02 健康预期寿命: 同比例提高 (no number to compare)
    [text] = await statuses(panzhihua_secretary, "PZH14-02", "panzhihua", 2023)
    assert (text["status"], text["basis"]) == ("NO_DATA", "TEXT_TARGET")
    code = "panzhihua-2021-health-14fyp:PZH14-02:2025:1"
    judged = (
        await panzhihua_secretary.data(
            SET_STATUS,
            {"input": {"target": code, "status": "ON_TRACK", "asOf": 2023, "note": "与人均预期寿命同步提高"}},
        )
    )["setTargetStatus"]
    assert judged["userErrors"] == []
    assert judged["status"] == {
        "status": "ON_TRACK",
        "basis": "MANUAL",
        "manualNote": "与人均预期寿命同步提高",
        "judgedBy": "pzh-secretary",
        "target": {"code": code},
    }
    # a numeric target's status is computed, never set
    refused = (
        await panzhihua_secretary.data(
            SET_STATUS,
            {
                "input": {
                    "target": "panzhihua-2021-health-14fyp:PZH14-04:2025:1",
                    "status": "MET",
                    "asOf": 2023,
                    "note": "x",
                }
            },
        )
    )["setTargetStatus"]
    assert refused["userErrors"] == [
        {
            "field": ["input", "target"],
            "message": "is a numeric target: its status is computed from observations",
            "code": "INVALID",
        }
    ]


async def test_targets_of_tasks_without_an_indicator_are_judged_by_a_person(panzhihua_secretary: GraphQLClient) -> None:
    # 健康家庭 ≥500 by 2020 (Panzhihua 2017, key area 1): a task's target with no catalog indicator to observe
    code = "panzhihua-2017:panzhihua-2017.KA1:2020:1"
    judged = (
        await panzhihua_secretary.data(
            SET_STATUS, {"input": {"target": code, "status": "MET", "asOf": 2020, "note": "建成健康家庭512户"}}
        )
    )["setTargetStatus"]
    assert judged["userErrors"] == []
    assert (judged["status"]["status"], judged["status"]["basis"]) == ("MET", "MANUAL")


async def test_obligations_show_the_status_of_what_a_department_answers_for(
    wuzhong_secretary: GraphQLClient,
) -> None:
    # WZ2023-09 空气质量优良天数比例 ≥80% in 2024: the ecology and environment bureau answers for it
    assert (await record(wuzhong_secretary, observation("WZ2023-09", "wuzhong", 2023, 70.0)))["userErrors"] == []
    data = await wuzhong_secretary.data(
        """{ department(code: "wuzhong.ecology-environment-bureau") { obligations { indicators {
             indicator { code } worstStatus(asOf: 2023) targets { status(asOf: 2023) { status } } } } } }"""
    )
    found = {i["indicator"]["code"]: i for i in data["department"]["obligations"]["indicators"]}
    assert found["WZ2023-09"]["worstStatus"] == "AT_RISK"  # one value, no baseline: no path to judge by
    assert found["WZ2023-09"]["targets"] == [{"status": {"status": "AT_RISK"}}]
