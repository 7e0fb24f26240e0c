"""Recording observations: checked against the catalog (indicator, jurisdiction, unit, period, measure, numbers),
every problem named with its field, nothing written while any item has one; corrections are versions; the same
idempotency key records once; who may record what."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.fixtures.database import DatabaseUnderTest
from tests.fixtures.graphql import GraphQLClient
from tests.monitoring.conftest import RECORD, acting, observation, record

HISTORY = """query($code: String!, $j: String!) { indicator(code: $code) {
  observations(jurisdiction: $j, first: 10) { totalCount nodes { id value version isCurrent note history {
    value version isCurrent note recordedBy } } } } }"""
CORRECT = """mutation($input: CorrectObservationInput!) { correctObservation(input: $input) {
  observation { value version isCurrent note history { value version } } userErrors { field message code } } }"""


async def count_observations(db: DatabaseUnderTest) -> int:
    async with db.engine.connect() as connection:
        return int((await connection.execute(text("SELECT count(*) FROM observation"))).scalar_one())


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        (observation("XX-99", "panzhihua", 2022, 1.0), "indicator", "no indicator has the code 'XX-99'"),
        (observation("PZH14-04", "atlantis", 2022, 1.0), "jurisdiction", "no jurisdiction has the code 'atlantis'"),
        (observation("PZH14-04", "panzhihua", 2022, 1.0, unit="%"), "unit", "wrong unit '%': its unit is ‰"),
        (
            observation("PZH14-04", "panzhihua", 2030, 1.0),
            "year",
            "2030 is outside the plan: PZH14-04 is monitored in 2020–2025",
        ),
        (
            observation("PZH14-04", "panzhihua", 2022, None, valueText="低"),
            "value",
            "PZH14-04 is numeric: '低' is not a number",
        ),
        (
            observation("PZH14-04", "panzhihua", 2022, 1.0, quarter=2),
            "quarter",
            "the indicator is measured annual: record the year, not a quarter",
        ),
        (
            observation("WZ2023-09", "panzhihua", 2023, 1.0),
            "indicator",
            "no plan of panzhihua (or above it) monitors WZ2023-09",
        ),
        (
            observation("PZH14-04", "panzhihua", 2022, 1.0, note="a\x00b"),
            "note",
            "must not contain control characters or bidirectional overrides (U+0000 at character 2)",
        ),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest, item: dict, field: str, message: str
) -> None:
    # given: a good observation beside the bad one
    before = await count_observations(monitoring_db)
    good = observation("PZH14-05", "panzhihua", 2021, 4.0)
    # when
    payload = await record(panzhihua_secretary, good, item)
    # then
    assert payload["observations"] == []
    assert {"field": ["input", "observations", "1", field], "message": message, "code": "INVALID"} in payload[
        "userErrors"
    ]
    assert await count_observations(monitoring_db) == before


async def test_an_indicator_with_several_thresholds_needs_the_measure(wuzhong_secretary: GraphQLClient) -> None:
    payload = await record(wuzhong_secretary, observation("WZ2023-24", "wuzhong", 2024, 35.0))
    assert payload["userErrors"] == [
        {
            "field": ["input", "observations", "0", "measure"],
            "message": "WZ2023-24 has several measures in wuzhong: name one of "
            "健康机关覆盖率、健康促进学校覆盖率、健康促进医院覆盖率、健康企业覆盖率",
            "code": "INVALID",
        }
    ]


async def test_an_observation_keeps_who_recorded_it_and_the_measure_it_is_for(wuzhong_secretary: GraphQLClient) -> None:
    payload = await record(
        wuzhong_secretary,
        observation("WZ2023-24", "wuzhong", 2024, 35.0, measure="健康机关覆盖率", unit="％", source="区卫健委统计"),
        observation("WZ2023-08", "wuzhong", 2024, 13.1, measure="人均公园绿地面积"),
    )
    assert payload["userErrors"] == []
    offices, parks = payload["observations"]
    assert (offices["measure"], offices["unit"], offices["source"]) == ("健康机关覆盖率", "%", "区卫健委统计")
    assert (parks["measure"], parks["unit"], parks["value"]) == ("人均公园绿地面积", "平方米", 13.1)
    assert (offices["recordedBy"], offices["recordedRole"], offices["version"]) == (
        "wz-secretary",
        "COMMITTEE_SECRETARY",
        1,
    )
    assert offices["period"] == {"year": 2024, "quarter": None, "month": None, "label": "2024"}


async def test_the_same_period_twice_in_one_call_is_refused(panzhihua_secretary: GraphQLClient) -> None:
    item = observation("PZH14-05", "panzhihua", 2022, 4.1)
    payload = await record(panzhihua_secretary, item, {**item, "value": 4.2})
    assert payload["userErrors"] == [
        {
            "field": ["input", "observations", "1"],
            "message": "repeats observation 0 (same indicator and period)",
            "code": "INVALID",
        }
    ]


async def test_corrections_are_new_versions_and_the_history_stays(panzhihua_secretary: GraphQLClient) -> None:
    # given
    first = (await record(panzhihua_secretary, observation("PZH14-03", "panzhihua", 2021, 12.0)))["observations"][0]
    # when: the same period again with another value, then an explicit correction with a reason
    again = (await record(panzhihua_secretary, observation("PZH14-03", "panzhihua", 2021, 11.0)))["observations"][0]
    same = (await record(panzhihua_secretary, observation("PZH14-03", "panzhihua", 2021, 11.0)))["observations"][0]
    corrected = (
        await panzhihua_secretary.data(
            CORRECT, {"input": {"id": again["id"], "value": 10.5, "reason": "统计年鉴更正", "expectedVersion": 2}}
        )
    )["correctObservation"]
    # then
    assert (first["version"], again["version"], same["version"], same["id"]) == (1, 2, 2, again["id"])
    assert corrected["userErrors"] == []
    assert corrected["observation"]["version"] == 3
    assert [(v["value"], v["version"]) for v in corrected["observation"]["history"]] == [
        (12.0, 1),
        (11.0, 2),
        (10.5, 3),
    ]
    listed = (await panzhihua_secretary.data(HISTORY, {"code": "PZH14-03", "j": "panzhihua"}))["indicator"]
    assert listed["observations"]["totalCount"] == 1  # only the current version of the period is listed
    assert listed["observations"]["nodes"][0]["note"] == "统计年鉴更正"
    # a stale version is refused
    stale = (await panzhihua_secretary.data(CORRECT, {"input": {"id": again["id"], "value": 9.0, "reason": "again"}}))[
        "correctObservation"
    ]
    assert stale["userErrors"][0]["message"] == "version 2 was corrected already: correct the latest"


async def test_the_same_idempotency_key_records_once(panzhihua_secretary: GraphQLClient) -> None:
    item = observation("PZH14-09", "panzhihua", 2021, 0.005)
    first = await record(panzhihua_secretary, item, key="pzh14-09-2021")
    again = await record(panzhihua_secretary, item, key="pzh14-09-2021")
    assert again["userErrors"] == []
    assert again["observations"] == first["observations"]


async def test_a_key_sent_again_with_another_value_is_refused_not_answered_with_the_first(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    item = observation("PZH14-09", "panzhihua", 2022, 0.005)
    await record(panzhihua_secretary, item, key="pzh14-09-2022")
    before = await count_observations(monitoring_db)
    refused = await record(panzhihua_secretary, {**item, "value": 0.006}, key="pzh14-09-2022")
    assert refused["observations"] == []
    assert refused["userErrors"] == [
        {
            "field": ["input", "idempotencyKey"],
            "message": "this idempotency key was used with different input (OBSERVATIONS): send a new key",
            "code": "IDEMPOTENCY_CONFLICT",
        }
    ]
    assert await count_observations(monitoring_db) == before


async def test_a_correction_retried_with_its_key_is_one_new_version(panzhihua_secretary: GraphQLClient) -> None:
    [recorded] = (await record(panzhihua_secretary, observation("PZH14-09", "panzhihua", 2023, 0.004)))["observations"]
    correction = {"id": recorded["id"], "value": 0.003, "reason": "统计年鉴更正", "expectedVersion": 1}
    first = await panzhihua_secretary.data(CORRECT, {"input": {**correction, "idempotencyKey": "fix-2023"}})
    again = await panzhihua_secretary.data(CORRECT, {"input": {**correction, "idempotencyKey": "fix-2023"}})
    assert first["correctObservation"]["userErrors"] == []
    # the retry is the first call's version 2, not a CONFLICT on its own expected version and not a version 3
    assert again["correctObservation"] == first["correctObservation"]
    assert [v["version"] for v in again["correctObservation"]["observation"]["history"]] == [1, 2]
    other = {**correction, "value": 0.002, "idempotencyKey": "fix-2023"}
    refused = (await panzhihua_secretary.data(CORRECT, {"input": other}))["correctObservation"]
    assert refused["userErrors"][0]["code"] == "IDEMPOTENCY_CONFLICT"


async def test_quarterly_indicators_take_quarters(
    panzhihua_secretary: GraphQLClient, monitoring_db: DatabaseUnderTest
) -> None:
    async with monitoring_db.engine.begin() as connection:
        await connection.execute(text("UPDATE indicator SET frequency = 'QUARTERLY' WHERE code = 'PZH14-10'"))
    payload = await record(
        panzhihua_secretary,
        observation("PZH14-10", "panzhihua", 2022, 23.2, quarter=1),
        observation("PZH14-10", "panzhihua", 2022, 23.1, quarter=2),
        observation("PZH14-10", "panzhihua", 2022, 23.0),
    )
    assert payload["userErrors"] == []
    assert [o["period"]["label"] for o in payload["observations"]] == ["2022Q1", "2022Q2", "2022"]
    month = await record(panzhihua_secretary, observation("PZH14-10", "panzhihua", 2022, 23.0, month=5))
    assert month["userErrors"][0]["message"] == "the indicator is measured quarterly: record the year, not a month"


async def test_officers_record_what_their_department_answers_for_and_nothing_else(
    monitoring_db: DatabaseUnderTest, anonymous: GraphQLClient
) -> None:
    environment = await acting(
        monitoring_db, anonymous, "DEPARTMENT_OFFICER", "wuzhong.ecology-environment-bureau", "wz-env"
    )
    health = await acting(monitoring_db, anonymous, "DEPARTMENT_OFFICER", "wuzhong.health-commission", "wz-health")
    item = observation("WZ2023-09", "wuzhong", 2024, 82.5)  # 空气质量优良天数比例: the environment bureau's
    allowed = await record(environment, item)
    assert allowed["userErrors"] == []
    assert allowed["observations"][0]["recordedRole"] == "DEPARTMENT_OFFICER"
    body = await health.post(RECORD, {"input": {"observations": [item]}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "does not answer for this indicator" in body["errors"][0]["message"]
    # another jurisdiction's committee cannot record Wuzhong's values either
    elsewhere = await acting(monitoring_db, anonymous, "COMMITTEE_SECRETARY", "panzhihua", "pzh-other")
    assert (await elsewhere.post(RECORD, {"input": {"observations": [item]}}))["errors"][0]["extensions"][
        "code"
    ] == "FORBIDDEN"


async def test_recording_is_audited_in_the_jurisdiction(wuzhong_secretary: GraphQLClient) -> None:
    await record(wuzhong_secretary, observation("WZ2023-13", "wuzhong", 2024, 100.0))
    log = await wuzhong_secretary.data(
        '{ auditLog(first: 5, actions: ["recordObservations"]) { nodes { action user details } } }'
    )
    assert log["auditLog"]["nodes"][0] == {
        "action": "recordObservations",
        "user": "wz-secretary",
        "details": {"count": 1},
    }
